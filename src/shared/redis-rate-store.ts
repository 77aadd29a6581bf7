/**
 * express-rate-limit counts in Redis (`rate-limit-redis`), so a client's budget is one budget
 * however the load balancer spreads its requests. While Redis is away each replica counts on
 * its own (the fallback store): the limit still holds per replica, and nobody is refused
 * because Redis is down.
 *
 *   const store = createRedisRateStore({ redis, name: 'api', prefix: 'klbot:', fallback: new MemoryStore() });
 *   rateLimit({ limit: 60, windowMs: 60_000, store });
 */
import { createHash } from 'node:crypto';
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { SharedRedis } from './redis.js';

export interface RedisRateStoreOptions {
  redis: SharedRedis;
  /** Which budget (`api`, `web`): keys are `<prefix>rl:<name>:<client>`, so budgets never mix. */
  name: string;
  /** Prefix of every key. Default `klbot:`. */
  prefix?: string;
  /** Counts used while Redis is away (e.g. express-rate-limit's `MemoryStore`). */
  fallback: Store;
}

/**
 * Commands for rate-limit-redis through our connection. It keeps the promise of each `SCRIPT
 * LOAD` reply for good, so one made while Redis is away would break the limiter until a
 * restart; the reply is only the script's SHA-1, so we answer it ourselves when Redis cannot.
 * (If the script is then missing, its EVALSHA fails with NOSCRIPT and the store loads it again.)
 */
function commandSender(redis: SharedRedis) {
  return async (command: string, ...args: string[]): Promise<RedisReply> => {
    if (command.toUpperCase() === 'SCRIPT' && args[0]?.toUpperCase() === 'LOAD') {
      await redis.client.call(command, ...args).catch(() => undefined);
      return createHash('sha1').update(args[1] ?? '').digest('hex');
    }
    return redis.client.call(command, ...args) as Promise<RedisReply>;
  };
}

export function createRedisRateStore(options: RedisRateStoreOptions): Store {
  const { redis, fallback } = options;
  const prefix = `${options.prefix ?? 'klbot:'}rl:${options.name}:`;
  const shared = new RedisStore({ prefix, sendCommand: commandSender(redis) });
  return {
    // Counts live outside this process: express-rate-limit must not assume a per-instance store.
    localKeys: false,
    prefix,
    async init(limiterOptions: Options) {
      await fallback.init?.(limiterOptions);
      await shared.init(limiterOptions);
    },
    increment(key): Promise<IncrementResponse> {
      return redis.attempt(() => shared.increment(key), () => fallback.increment(key));
    },
    get(key): Promise<ClientRateLimitInfo | undefined> {
      return redis.attempt(() => shared.get(key), () => fallback.get?.(key));
    },
    decrement(key) {
      return redis.attempt(() => shared.decrement(key), () => fallback.decrement(key));
    },
    resetKey(key) {
      return redis.attempt(() => shared.resetKey(key), () => fallback.resetKey(key));
    },
    async shutdown() {
      await fallback.shutdown?.();
    },
  };
}
