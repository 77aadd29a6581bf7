import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { SharedStoreError } from '../../src/shared/errors.js';
import { connectRedis, type SharedRedis } from '../../src/shared/redis.js';
import { freePort, hasRedisServer, privateRedis, suiteName, type PrivateRedis } from '../scale/engines.js';

const redisServer = hasRedisServer() ? 'found' : undefined;
const waitFor = async (check: () => boolean, ms = 5000) => {
  for (const end = Date.now() + ms; !check() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 25));
  return check();
};

describe.skipIf(!redisServer)(suiteName('shared/redis', { 'redis-server': redisServer }), () => {
  const lines: string[] = [];
  const log = createLogger({ write: (line) => lines.push(line) });
  let server: PrivateRedis;
  let redis: SharedRedis;
  beforeAll(async () => {
    server = await privateRedis();
    redis = await connectRedis({ url: server.url, log, maxRetryDelayMs: 100 });
  });
  afterAll(async () => {
    await redis?.close();
    await server?.stop();
  });

  describe('connectRedis', () => {
    it('rejects with one line naming the address and the cause when Redis is unreachable at start', async () => {
      const port = await freePort();
      const started = connectRedis({ url: `redis://:s3cret-pass@127.0.0.1:${port}/0`, log });
      await expect(started).rejects.toBeInstanceOf(SharedStoreError);
      await expect(started).rejects.toThrow(new RegExp(`^Redis at redis://127\\.0\\.0\\.1:${port}/0 is unreachable \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)`));
      await expect(started).rejects.not.toThrow(/s3cret-pass/);
    });

    it('rejects with "refused the connection" and the server\'s reason when the password is wrong', async () => {
      const locked = await privateRedis({ password: 'right-password' });
      try {
        const port = new URL(locked.url).port;
        await expect(connectRedis({ url: `redis://:wrong-password@127.0.0.1:${port}`, log })).rejects.toThrow(
          new RegExp(`^Redis at redis://127\\.0\\.0\\.1:${port} refused the connection \\(WRONGPASS `),
        );
        const ok = await connectRedis({ url: `redis://:right-password@127.0.0.1:${port}`, log });
        expect(await ok.attempt((c) => c.ping(), () => 'fallback')).toBe('PONG');
        await ok.close();
      } finally {
        await locked.stop();
      }
    });

    it('returns a connection whose attempts answer and whose status is ok', async () => {
      expect(await redis.attempt((c) => c.ping(), () => 'fallback')).toBe('PONG');
      expect(redis.status()).toEqual({ status: 'ok' });
    });

    it('returns the fallback at once while Redis is away, logs the outage once, and recovers when it is back', async () => {
      lines.length = 0;
      await server.stop();
      expect(await waitFor(() => redis.status().status === 'down')).toBe(true);
      const started = Date.now();
      const results = await Promise.all([1, 2, 3].map(() => redis.attempt((c) => c.ping(), () => 'fallback')));
      expect(results).toEqual(['fallback', 'fallback', 'fallback']);
      // No offline queue: nobody waits for the reconnection.
      expect(Date.now() - started).toBeLessThan(200);
      await new Promise((r) => setTimeout(r, 400)); // several reconnection attempts fail meanwhile
      expect(lines.filter((l) => l.includes('redis unreachable'))).toHaveLength(1);
      expect(redis.status()).toMatchObject({ status: 'down', cause: expect.any(String) });

      await server.start();
      expect(await waitFor(() => redis.status().status === 'ok')).toBe(true);
      expect(await redis.attempt((c) => c.ping(), () => 'fallback')).toBe('PONG');
      expect(lines.filter((l) => l.includes('redis reachable again'))).toHaveLength(1);
    });
  });
});
