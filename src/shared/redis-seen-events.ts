/**
 * Slack's delivery de-duplication in Redis (`SET key 1 NX EX ttl`): a delivery taken by one
 * replica is never answered again by another, whichever one Slack's retry reaches.
 *
 *   const seen = createRedisSeenEvents({ redis, prefix: 'klbot:' });
 *   mountSlack(app, { ..., seen });
 *
 * Every id is also kept in this process's memory, checked first: while Redis is away, retries
 * reaching this replica are still recognised (and the bot still answers new deliveries), and a
 * retry after Redis returns (empty, if it restarted) is recognised here too.
 */
import { createMemorySeenEvents, type SeenEvents } from './seen-events.js';
import type { SharedRedis } from './redis.js';

export interface RedisSeenEventsOptions {
  redis: SharedRedis;
  /** Prefix of every key (`<prefix>seen:<id>`). Default `klbot:`. */
  prefix?: string;
  /** The local record. Default: `createMemorySeenEvents()`. */
  local?: SeenEvents;
}

export function createRedisSeenEvents(options: RedisSeenEventsOptions): SeenEvents {
  const { redis } = options;
  const prefix = options.prefix ?? 'klbot:';
  const local = options.local ?? createMemorySeenEvents();
  return {
    async markIfNew(id, ttlSec) {
      if (!(await local.markIfNew(id, ttlSec))) return false;
      // Redis unreachable: this replica's word is all there is, and it said new.
      return redis.attempt(async (c) => (await c.set(`${prefix}seen:${id}`, '1', 'EX', ttlSec, 'NX')) === 'OK', () => true);
    },
  };
}
