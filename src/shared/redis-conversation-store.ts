/**
 * Conversation state in Redis, so `more`, the chosen language and feedback ids follow a user to
 * whichever replica serves the next message. One JSON value per conversation, expiring like the
 * in-memory store. While Redis is away the bot answers statelessly (a new conversation each
 * turn) rather than not at all.
 *
 *   const store = createRedisConversationStore({ redis, prefix: 'klbot:' });
 *   await store.exclusive('web:abc', async () => store.set('web:abc', next(await store.get('web:abc'))));
 */
import { randomBytes } from 'node:crypto';
import type { ConversationState, ConversationStore } from '../conversation/store.js';
import type { SharedRedis } from './redis.js';

export interface RedisConversationStoreOptions {
  redis: SharedRedis;
  /** Prefix of every key (`<prefix>conv:<key>`, `<prefix>lock:<key>`). Default `klbot:`. */
  prefix?: string;
  /** A conversation untouched this long is forgotten, s. Default 24 h (as in memory). */
  ttlSec?: number;
  /** How long a turn may hold its conversation's lock before it lapses, ms. Default 10 000. */
  lockTtlMs?: number;
  /** How long a turn waits for another replica's turn on the same conversation, ms. Default 5000. */
  lockWaitMs?: number;
}

export interface RedisConversationStore extends ConversationStore {
  /**
   * Runs `work` while no other replica runs a turn of the same conversation (a Redis lock with
   * a lapse time). Two quick messages sent through two replicas are answered one after the
   * other, as within one process. When Redis is away or the lock cannot be had in time, `work`
   * runs anyway: an answer matters more than perfect ordering.
   */
  exclusive<T>(key: string, work: () => Promise<T>): Promise<T>;
}

const DEFAULTS = { prefix: 'klbot:', ttlSec: 24 * 60 * 60, lockTtlMs: 10_000, lockWaitMs: 5000 };

// Deletes the lock only if it is still ours (it may have lapsed and been taken by another turn).
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/** A stored value we can use; anything else (older format, hand edits) starts afresh. */
function parseState(raw: string | null): ConversationState | undefined {
  if (raw === null) return undefined;
  try {
    const state = JSON.parse(raw) as ConversationState;
    return state && typeof state === 'object' && state.language && Array.isArray(state.answers) ? state : undefined;
  } catch {
    return undefined;
  }
}

export function createRedisConversationStore(options: RedisConversationStoreOptions): RedisConversationStore {
  const { redis, prefix, ttlSec, lockTtlMs, lockWaitMs } = { ...DEFAULTS, ...options };
  const stateKey = (key: string) => `${prefix}conv:${key}`;
  const lockKey = (key: string) => `${prefix}lock:${key}`;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Resolves with the release function, or undefined when running unlocked. */
  async function acquire(key: string): Promise<(() => Promise<void>) | undefined> {
    const token = randomBytes(12).toString('base64url');
    const deadline = Date.now() + lockWaitMs;
    for (let pause = 5; ; pause = Math.min(pause * 2, 50)) {
      const got = await redis.attempt((c) => c.set(lockKey(key), token, 'PX', lockTtlMs, 'NX'), () => 'unavailable' as const);
      if (got === 'unavailable') return undefined;
      if (got === 'OK') return async () => void (await redis.attempt((c) => c.eval(RELEASE, 1, lockKey(key), token), () => 0));
      if (Date.now() >= deadline) return undefined;
      await sleep(pause);
    }
  }

  return {
    get(key) {
      return redis.attempt(async (c) => parseState(await c.get(stateKey(key))), () => undefined);
    },
    set(key, state) {
      return redis.attempt(async (c) => void (await c.set(stateKey(key), JSON.stringify(state), 'EX', ttlSec)), () => undefined);
    },
    async exclusive(key, work) {
      const release = await acquire(key);
      try {
        return await work();
      } finally {
        await release?.();
      }
    },
  };
}
