import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { MemoryStore, rateLimit, type Store } from 'express-rate-limit';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { createRedisRateStore } from '../../src/shared/redis-rate-store.js';
import { connectRedis, type SharedRedis } from '../../src/shared/redis.js';
import { findRedis, hasRedisServer, privateRedis, suiteName, uniquePrefix, useRedisReplicas } from '../scale/engines.js';

const redisUrl = await findRedis();

/** An Express app limited to `limit` requests per minute with `store`, on loopback. */
async function limitedApp(store: Store, limit: number): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use(rateLimit({ limit, windowMs: 60_000, store, standardHeaders: 'draft-7', legacyHeaders: false }));
  app.get('/', (_req, res) => void res.send('ok'));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!redisUrl)(suiteName('shared/redis-rate-store', { Redis: redisUrl }), () => {
  let a: SharedRedis;
  let b: SharedRedis;
  const prefix = uniquePrefix('rate');
  useRedisReplicas(redisUrl, prefix, (x, y) => ((a = x), (b = y)));

  describe('createRedisRateStore', () => {
    it('returns 429 once the requests to both replicas together exceed the limit', async () => {
      const appA = await limitedApp(createRedisRateStore({ redis: a, name: 'api', prefix, fallback: new MemoryStore() }), 4);
      const appB = await limitedApp(createRedisRateStore({ redis: b, name: 'api', prefix, fallback: new MemoryStore() }), 4);
      try {
        const statuses: number[] = [];
        for (const url of [appA.url, appB.url, appA.url, appB.url, appA.url, appB.url]) statuses.push((await fetch(url)).status);
        expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
        expect(Number(await a.client.get(`${prefix}rl:api:127.0.0.1`))).toBe(6);
      } finally {
        await Promise.all([appA.close(), appB.close()]);
      }
    });

    it('returns separate counts for separate budgets', async () => {
      const web = await limitedApp(createRedisRateStore({ redis: a, name: 'web', prefix, fallback: new MemoryStore() }), 1);
      try {
        expect((await fetch(web.url)).status).toBe(200);
        expect((await fetch(web.url)).status).toBe(429);
      } finally {
        await web.close();
      }
    });
  });
});

describe.skipIf(!hasRedisServer())(suiteName('shared/redis-rate-store (Redis away)', { 'redis-server': hasRedisServer() ? 'yes' : undefined }), () => {
  it('returns this replica’s own counts while Redis is away, and shared ones again after it restarts empty', async () => {
    const server = await privateRedis();
    const redis = await connectRedis({ url: server.url, log: silentLogger, maxRetryDelayMs: 100 });
    const app = await limitedApp(createRedisRateStore({ redis, name: 'api', fallback: new MemoryStore() }), 2);
    try {
      expect((await fetch(app.url)).status).toBe(200);
      await server.stop();
      for (let i = 0; i < 100 && redis.status().status === 'ok'; i++) await new Promise((r) => setTimeout(r, 20));
      // The local count starts afresh: 2 allowed, then refused — never a 500.
      const during = [];
      for (let i = 0; i < 3; i++) during.push((await fetch(app.url)).status);
      expect(during).toEqual([200, 200, 429]);

      // Restarted empty: its scripts are gone too (NOSCRIPT), and the store loads them again.
      await server.start();
      for (let i = 0; i < 100 && redis.status().status === 'down'; i++) await new Promise((r) => setTimeout(r, 20));
      const after = [];
      for (let i = 0; i < 3; i++) after.push((await fetch(app.url)).status);
      expect(after).toEqual([200, 200, 429]);
      expect(Number(await redis.client.get('klbot:rl:api:127.0.0.1'))).toBe(3);
    } finally {
      await app.close();
      await redis.close();
      await server.stop();
    }
  });
});
