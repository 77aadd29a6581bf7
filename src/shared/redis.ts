/**
 * The one Redis connection of a replica (ioredis), made for a service that must keep answering:
 * it connects at start or refuses with one line; afterwards a command never waits for a lost
 * connection (no offline queue, a short command timeout), each caller says what to do instead,
 * and the outage is logged once with its cause while ioredis reconnects in the background.
 *
 *   const redis = await connectRedis({ url: config.shared.redisUrl, log });
 *   const value = await redis.attempt((c) => c.get('k'), () => undefined);
 *   await redis.close();
 */
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { SharedStoreError, safeUrl } from './errors.js';
import { causeOf, createOutage, type StoreStatus } from '../qalog/outage.js';

export interface RedisConnectionOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  log: Logger;
  /** How long connecting may take at start (and per reconnection attempt), ms. Default 3000. */
  connectTimeoutMs?: number;
  /** A command unanswered this long fails and its caller falls back, ms. Default 1000. */
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts while Redis is away, ms. Default 2000. */
  maxRetryDelayMs?: number;
}

export type { StoreStatus };

export interface SharedRedis {
  client: Redis;
  /**
   * Runs `work`; when Redis fails it (lost connection, timeout, error reply), reports the outage
   * and resolves with `fallback(error)` instead, so the caller keeps serving.
   */
  attempt<T>(work: (client: Redis) => Promise<T>, fallback: (error: unknown) => T | Promise<T>): Promise<T>;
  /** Cheap reachability as last seen (no round trip): for `/healthz`. */
  status(): { status: StoreStatus; cause?: string };
  /** Closes the connection (QUIT, or a hard disconnect when Redis is away). Idempotent. */
  close(): Promise<void>;
}

const DEFAULTS = { connectTimeoutMs: 3000, commandTimeoutMs: 1000, maxRetryDelayMs: 2000 };

export async function connectRedis(options: RedisConnectionOptions): Promise<SharedRedis> {
  const { url, log } = options;
  const { connectTimeoutMs, commandTimeoutMs, maxRetryDelayMs } = { ...DEFAULTS, ...options };
  const outage = createOutage({ name: 'redis', log, meanwhile: 'answering without shared conversation state, de-duplication and rate counts until it returns' });
  const client = new Redis(url, {
    lazyConnect: true,
    // Queued commands would hold answers hostage to Redis: fail at once and let the caller fall back.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, maxRetryDelayMs),
  });
  let lastError: unknown;
  let started = false;
  let closed = false;
  // Without an 'error' listener ioredis prints every failed reconnection attempt itself.
  client.on('error', (err: Error) => {
    lastError = err;
    if (started && !closed) outage.down(err);
  });
  client.on('close', () => {
    if (started && !closed) outage.down(lastError ?? new Error('connection closed'));
  });
  client.on('ready', () => {
    lastError = undefined;
    outage.up();
  });

  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    const cause = causeOf(lastError ?? err);
    // Reached but refused (NOAUTH, WRONGPASS…) is a settings problem, not an absent server.
    const what = /^(NOAUTH|WRONGPASS|ERR|NOPERM)\b/.test(cause) ? 'refused the connection' : 'is unreachable';
    throw new SharedStoreError(`Redis at ${safeUrl(url)} ${what} (${cause}): start it or fix REDIS_URL — or unset REDIS_URL to run as a single process`);
  }
  started = true;

  return {
    client,
    async attempt(work, fallback) {
      let result;
      try {
        result = await work(client);
      } catch (err) {
        outage.down(err);
        return fallback(err);
      }
      // A command that timed out on a live connection is an outage too; the next success ends it.
      if (client.status === 'ready') outage.up();
      return result;
    },
    status() {
      const down = outage.isDown() || client.status !== 'ready';
      return down ? { status: 'down', cause: outage.cause() ?? `connection ${client.status}` } : { status: 'ok' };
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        if (client.status === 'ready') {
          await client.quit();
          return;
        }
      } catch {
        // falls through to the hard disconnect
      }
      client.disconnect();
    },
  };
}
