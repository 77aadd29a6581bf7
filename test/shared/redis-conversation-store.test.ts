import { describe, expect, it } from 'vitest';
import type { ConversationState } from '../../src/conversation/store.js';
import { silentLogger } from '../../src/log.js';
import { createRedisConversationStore } from '../../src/shared/redis-conversation-store.js';
import { connectRedis, type SharedRedis } from '../../src/shared/redis.js';
import { findRedis, hasRedisServer, privateRedis, suiteName, uniquePrefix, useRedisReplicas } from '../scale/engines.js';

const redisUrl = await findRedis();
const state = (question: string, shown = 3): ConversationState => ({ language: { pinned: true, lang: 'vi' }, last: { question, lang: 'vi', shown }, answers: [{ id: 'a1', question }] });

describe.skipIf(!redisUrl)(suiteName('shared/redis-conversation-store', { Redis: redisUrl }), () => {
  // Two connections: two replicas.
  let a: SharedRedis;
  let b: SharedRedis;
  const prefix = uniquePrefix('conv');
  useRedisReplicas(redisUrl, prefix, (x, y) => ((a = x), (b = y)));

  describe('createRedisConversationStore', () => {
    it('returns on one replica what another set, with the TTL applied', async () => {
      const storeA = createRedisConversationStore({ redis: a, prefix, ttlSec: 600 });
      const storeB = createRedisConversationStore({ redis: b, prefix, ttlSec: 600 });
      await storeA.set('web:abc', state('chuyển đổi số là gì?'));
      expect(await storeB.get('web:abc')).toEqual(state('chuyển đổi số là gì?'));
      const ttl = await a.client.ttl(`${prefix}conv:web:abc`);
      expect(ttl).toBeGreaterThan(590);
      expect(ttl).toBeLessThanOrEqual(600);
      expect(await storeB.get('web:unknown')).toBeUndefined();
    });

    it('returns undefined for a value that is not a conversation state', async () => {
      const store = createRedisConversationStore({ redis: a, prefix });
      await a.client.set(`${prefix}conv:web:junk`, '{"language":');
      await a.client.set(`${prefix}conv:web:other`, '{"foo":1}');
      expect(await store.get('web:junk')).toBeUndefined();
      expect(await store.get('web:other')).toBeUndefined();
    });

    it('returns from exclusive() only after the other replica’s turn on the same conversation', async () => {
      const storeA = createRedisConversationStore({ redis: a, prefix });
      const storeB = createRedisConversationStore({ redis: b, prefix });
      await storeA.set('web:race', state('q', 0));
      // Each turn reads, waits a little, then writes shown + 3: without the lock both would write 3.
      const turn = (store: typeof storeA) =>
        store.exclusive('web:race', async () => {
          const s = (await store.get('web:race'))!;
          await new Promise((r) => setTimeout(r, 30));
          await store.set('web:race', state('q', s.last!.shown + 3));
        });
      await Promise.all([turn(storeA), turn(storeB), turn(storeA), turn(storeB)]);
      expect((await storeA.get('web:race'))?.last?.shown).toBe(12);
      expect(await a.client.exists(`${prefix}lock:web:race`)).toBe(0);
    });

    it('returns the work’s result unlocked once the lock wait is over', async () => {
      const store = createRedisConversationStore({ redis: a, prefix, lockWaitMs: 100 });
      await a.client.set(`${prefix}lock:web:stuck`, 'someone-else', 'PX', 60_000);
      const started = Date.now();
      expect(await store.exclusive('web:stuck', async () => 'ran')).toBe('ran');
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
      // Someone else's lock is left alone.
      expect(await a.client.get(`${prefix}lock:web:stuck`)).toBe('someone-else');
    });
  });
});

describe.skipIf(!hasRedisServer())(suiteName('shared/redis-conversation-store (Redis away)', { 'redis-server': hasRedisServer() ? 'yes' : undefined }), () => {
  it('returns undefined, drops writes and runs turns unlocked while Redis is away', async () => {
    const server = await privateRedis();
    const redis = await connectRedis({ url: server.url, log: silentLogger });
    try {
      const store = createRedisConversationStore({ redis });
      await store.set('web:x', state('q'));
      await server.stop();
      for (let i = 0; i < 100 && redis.status().status === 'ok'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await store.get('web:x')).toBeUndefined();
      await expect(store.set('web:x', state('q2'))).resolves.toBeUndefined();
      expect(await store.exclusive('web:x', async () => 'answered')).toBe('answered');
    } finally {
      await redis.close();
      await server.stop();
    }
  });
});
