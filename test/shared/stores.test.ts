import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { SharedStoreError } from '../../src/shared/errors.js';
import { openSharedStores } from '../../src/shared/stores.js';
import { findDatabase, findRedis, freePort, freshSchema, suiteName } from '../scale/engines.js';

const redisUrl = await findRedis();
const databaseUrl = await findDatabase();

afterEach(() => vi.restoreAllMocks());

describe('shared/stores', () => {
  describe('openSharedStores', () => {
    it('returns no stores and opens no connection when neither URL is set', async () => {
      // Every TCP client in Node (ioredis' and pg's included) goes through Socket#connect.
      const connect = vi.spyOn(net.Socket.prototype, 'connect');
      const shared = await openSharedStores({ log: silentLogger });
      expect(shared).toMatchObject({ redis: undefined, conversations: undefined, seenEvents: undefined, rateStore: undefined, qalog: undefined });
      expect(shared.status()).toEqual({ status: 'ok' });
      await shared.close();
      expect(connect).not.toHaveBeenCalled();
    });

    it('rejects with the unreachable store’s one line, and closes the store that did open', async () => {
      const port = await freePort();
      const opened = openSharedStores({ log: silentLogger, databaseUrl: `postgres://x@127.0.0.1:${port}/db`, postgres: { connectTimeoutMs: 500 } });
      await expect(opened).rejects.toBeInstanceOf(SharedStoreError);
      await expect(opened).rejects.toThrow(/^PostgreSQL at postgres:\/\/127\.0\.0\.1:\d+\/db is unreachable/);
    });
  });
});

describe.skipIf(!redisUrl || !databaseUrl)(suiteName('shared/stores (Redis and PostgreSQL)', { Redis: redisUrl, PostgreSQL: databaseUrl }), () => {
  it('returns every shared store, and ok status, when both are reachable', async () => {
    const schema = await freshSchema(databaseUrl!);
    const shared = await openSharedStores({ log: silentLogger, redisUrl, databaseUrl: schema.url, redisPrefix: 'test:stores:' });
    try {
      expect(shared.conversations).toBeDefined();
      expect(shared.seenEvents).toBeDefined();
      expect(shared.qalog).toBeDefined();
      expect(typeof shared.rateStore).toBe('function');
      expect(shared.status()).toEqual({ status: 'ok', redis: { status: 'ok' }, database: { status: 'ok', queued: 0, dropped: 0, droppedTotal: 0 } });
    } finally {
      await shared.close();
      await schema.drop();
    }
    expect(shared.status().redis?.status).toBe('down');
  });

  it('rejects when Redis is unreachable even though PostgreSQL is there', async () => {
    const port = await freePort();
    await expect(openSharedStores({ log: silentLogger, redisUrl: `redis://127.0.0.1:${port}`, databaseUrl })).rejects.toThrow(/^Redis at redis:\/\/127\.0\.0\.1:\d+ is unreachable/);
  });
});
