/**
 * Remembers which Slack deliveries were already taken, so a retried delivery
 * (`X-Slack-Retry-Num`) or the same message arriving as two events never gets a second answer.
 *
 *   const seen = createMemorySeenEvents({ now: Date.now });
 *   if (!(await seen.markIfNew(`event:${eventId}`, 3600))) return; // already handled
 *
 * Behind an interface so a shared store (Redis `SET key 1 NX EX ttl`) can replace the
 * in-memory one when the bot runs as several processes.
 */
export interface SeenEvents {
  /** Atomically records `id`; resolves true the first time within `ttlSec`, false after that. */
  markIfNew(id: string, ttlSec: number): Promise<boolean>;
}

export interface MemorySeenEventsOptions {
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Most ids kept; the oldest are dropped beyond it so memory stays bounded. Default 10 000. */
  maxEntries?: number;
}

const DEFAULTS: Required<MemorySeenEventsOptions> = { now: Date.now, maxEntries: 10_000 };

/** In-process `SeenEvents`: a Map in insertion order, swept lazily (no timers to stop). */
export function createMemorySeenEvents(options: MemorySeenEventsOptions = {}): SeenEvents {
  const { now, maxEntries } = { ...DEFAULTS, ...options };
  const expiries = new Map<string, number>();

  function sweep(at: number): void {
    for (const [id, expiry] of expiries) {
      if (expiry > at && expiries.size <= maxEntries) break;
      expiries.delete(id);
    }
  }

  return {
    async markIfNew(id, ttlSec) {
      const at = now();
      const expiry = expiries.get(id);
      if (expiry !== undefined && expiry > at) return false;
      // Re-insert so Map order stays oldest-first even when an expired id comes back.
      expiries.delete(id);
      expiries.set(id, at + ttlSec * 1000);
      sweep(at);
      return true;
    },
  };
}
