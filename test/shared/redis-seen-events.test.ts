import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { createRedisSeenEvents } from '../../src/shared/redis-seen-events.js';
import { connectRedis, type SharedRedis } from '../../src/shared/redis.js';
import { findRedis, hasRedisServer, privateRedis, suiteName, uniquePrefix, useRedisReplicas } from '../scale/engines.js';

const redisUrl = await findRedis();

describe.skipIf(!redisUrl)(suiteName('shared/redis-seen-events', { Redis: redisUrl }), () => {
  let a: SharedRedis;
  let b: SharedRedis;
  const prefix = uniquePrefix('seen');
  useRedisReplicas(redisUrl, prefix, (x, y) => ((a = x), (b = y)));

  describe('createRedisSeenEvents', () => {
    it('returns true once across replicas, then false on either', async () => {
      const seenA = createRedisSeenEvents({ redis: a, prefix });
      const seenB = createRedisSeenEvents({ redis: b, prefix });
      expect(await seenA.markIfNew('event:Ev1', 60)).toBe(true);
      expect(await seenB.markIfNew('event:Ev1', 60)).toBe(false);
      expect(await seenA.markIfNew('event:Ev1', 60)).toBe(false);
      expect(await seenB.markIfNew('event:Ev2', 60)).toBe(true);
      const ttl = await a.client.ttl(`${prefix}seen:event:Ev1`);
      expect(ttl).toBeGreaterThan(50);
    });

    it('returns true to exactly one of many simultaneous deliveries of the same id', async () => {
      const replicas = [a, b, a, b, a, b].map((redis) => createRedisSeenEvents({ redis, prefix }));
      const verdicts = await Promise.all(replicas.map((seen) => seen.markIfNew('event:Burst', 60)));
      expect(verdicts.filter(Boolean)).toHaveLength(1);
    });
  });
});

describe.skipIf(!hasRedisServer())(suiteName('shared/redis-seen-events (Redis away)', { 'redis-server': hasRedisServer() ? 'yes' : undefined }), () => {
  it('returns true for new ids and false for this replica’s repeats while Redis is away', async () => {
    const server = await privateRedis();
    const redis = await connectRedis({ url: server.url, log: silentLogger });
    try {
      const seen = createRedisSeenEvents({ redis });
      await server.stop();
      for (let i = 0; i < 100 && redis.status().status === 'ok'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await seen.markIfNew('event:During', 60)).toBe(true);
      expect(await seen.markIfNew('event:During', 60)).toBe(false);
    } finally {
      await redis.close();
      await server.stop();
    }
  });
});
