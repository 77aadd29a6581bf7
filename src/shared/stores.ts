/**
 * Opens the shared stores a replica is configured for, and only those: Redis (conversation
 * state, Slack de-duplication, rate-limit counts) when `redisUrl` is set, PostgreSQL (the
 * question log) when `databaseUrl` is set. Neither set: nothing is opened and neither client
 * library is even loaded — a single process keeps today's in-memory and SQLite behaviour.
 * A configured store that cannot be reached at start rejects with a `SharedStoreError`.
 *
 *   const shared = await openSharedStores({ redisUrl: config.shared.redisUrl, databaseUrl: config.shared.databaseUrl, log });
 *   createApp({ config, engine, log, store: shared.conversations, qalog: shared.qalog ?? sqlite, shared });
 *   …
 *   await shared.close();
 */
import type { Store } from 'express-rate-limit';
import type { SeenEvents } from './seen-events.js';
import type { Logger } from '../log.js';
import type { BufferedQaLog } from '../qalog/buffered-qalog.js';
import type { PostgresQaLogOptions } from './postgres-qalog.js';
import type { RedisConversationStore } from './redis-conversation-store.js';
import type { RedisConnectionOptions, SharedRedis, StoreStatus } from './redis.js';

export interface SharedStoresOptions {
  /** `REDIS_URL`; unset: no Redis client is created. */
  redisUrl?: string;
  /** `DATABASE_URL`; unset: no PostgreSQL client is created. */
  databaseUrl?: string;
  /** Prefix of every Redis key (`REDIS_KEY_PREFIX`). Default `klbot:`. */
  redisPrefix?: string;
  log: Logger;
  /** Connection tuning (tests shorten timeouts). */
  redis?: Partial<Omit<RedisConnectionOptions, 'url' | 'log'>>;
  postgres?: Partial<Omit<PostgresQaLogOptions, 'url' | 'log'>>;
}

/** What `/healthz` shows of the shared stores; only configured ones appear. */
export interface SharedStatus {
  /** `degraded` when a configured store is unreachable (the replica still answers). */
  status: 'ok' | 'degraded';
  redis?: { status: StoreStatus; cause?: string };
  database?: { status: StoreStatus; queued: number; dropped: number; cause?: string };
}

export interface SharedStores {
  /** Redis connection, when configured. */
  redis?: SharedRedis;
  /** Conversation state in Redis; undefined: the app keeps its in-memory default. */
  conversations?: RedisConversationStore;
  /** Slack delivery de-duplication in Redis; undefined: per process. */
  seenEvents?: SeenEvents;
  /** A rate-limit store for one budget (`api`, `web`) in Redis; undefined without Redis. */
  rateStore?(name: string, fallback: Store): Store;
  /** The question log in PostgreSQL; undefined: SQLite as before. */
  qalog?: BufferedQaLog;
  status(): SharedStatus;
  /** Closes what was opened (writes queued log rows first, if the database is there). Idempotent. */
  close(): Promise<void>;
}

export async function openSharedStores(options: SharedStoresOptions): Promise<SharedStores> {
  const { log } = options;
  const prefix = options.redisPrefix ?? 'klbot:';
  // Loaded on demand: without the URLs, ioredis and pg are never imported, let alone connected.
  const opening = await Promise.allSettled([
    options.redisUrl ? import('./redis.js').then((m) => m.connectRedis({ ...options.redis, url: options.redisUrl!, log })) : undefined,
    options.databaseUrl ? import('./postgres-qalog.js').then((m) => m.openPostgresQaLog({ ...options.postgres, url: options.databaseUrl!, log })) : undefined,
  ]);
  const [redisResult, qalogResult] = opening;
  const redis = redisResult.status === 'fulfilled' ? redisResult.value : undefined;
  const qalog = qalogResult.status === 'fulfilled' ? qalogResult.value : undefined;
  const failed = opening.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    // One store missing is enough to refuse: close the one that did open.
    await Promise.allSettled([redis?.close(), qalog?.close()]);
    throw failed.reason;
  }

  let conversations: RedisConversationStore | undefined;
  let seenEvents: SeenEvents | undefined;
  let rateStore: SharedStores['rateStore'];
  if (redis) {
    const [{ createRedisConversationStore }, { createRedisSeenEvents }, { createRedisRateStore }] = await Promise.all([
      import('./redis-conversation-store.js'),
      import('./redis-seen-events.js'),
      import('./redis-rate-store.js'),
    ]);
    conversations = createRedisConversationStore({ redis, prefix });
    seenEvents = createRedisSeenEvents({ redis, prefix });
    rateStore = (name, fallback) => createRedisRateStore({ redis, name, prefix, fallback });
  }

  let closing: Promise<void> | undefined;
  return {
    redis,
    conversations,
    seenEvents,
    rateStore,
    qalog,
    status() {
      const out: SharedStatus = { status: 'ok' };
      if (redis) out.redis = redis.status();
      if (qalog) out.database = qalog.status();
      if (out.redis?.status === 'down' || out.database?.status === 'down') out.status = 'degraded';
      return out;
    },
    close() {
      closing ??= Promise.all([redis?.close(), qalog?.close()]).then(() => undefined);
      return closing;
    },
  };
}
