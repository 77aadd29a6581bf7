/**
 * A per-client message budget shared by the web chat's two transports: the websocket counts its
 * frames with `hit()` directly, and `POST /botkit/receive` counts through express-rate-limit with
 * `store()`. One budget per client, so switching transport does not double it.
 *
 *   const counter = createRateCounter({ limit: 60, windowMs: 60_000 });
 *   const verdict = counter.hit(clientKeyOf(req));
 *   if (verdict.limited) reply(`wait ${verdict.retryAfterSeconds} s`);
 *
 * Why not express-rate-limit's own `MemoryStore`: this counter answers synchronously, and
 * channels/http/limits.ts counts refused requests in one and reads it in `refuseEarly`, which
 * app.ts calls in the server's request listener before Express (a sync yes/no per request),
 * and in its guard (`store().get`, read without awaiting). Every method of a `MemoryStore` returns
 * a promise. The web budget alone could already be a `MemoryStore` counted with `hitInStore`.
 */
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { ipKeyGenerator, type ClientRateLimitInfo, type Store } from 'express-rate-limit';

export interface RateCounterOptions {
  /** Hits allowed per client per window. */
  limit: number;
  /** Window length in ms. Default 60 000. */
  windowMs?: number;
  /** Clock in ms (tests inject one). Default `Date.now`. */
  now?: () => number;
}

export interface RateVerdict {
  limited: boolean;
  /** True for the first refused hit of a window (to log once per client per window). */
  firstRefusal: boolean;
  totalHits: number;
  /** Whole seconds until the client's window resets (≥ 1). */
  retryAfterSeconds: number;
}

/** Counts one hit for a client key; async when the counts live elsewhere (a shared store). */
export type RateHit = (key: string) => RateVerdict | Promise<RateVerdict>;

export interface RateCounter {
  readonly limit: number;
  readonly windowMs: number;
  /** Counts one hit for `key` and says whether it is over the budget. */
  hit(key: string): RateVerdict;
  /** The same counts as an express-rate-limit store (one store per limiter). */
  store(): Store;
}

interface Window {
  hits: number;
  resetAt: number;
}

export function createRateCounter(options: RateCounterOptions): RateCounter {
  const { limit } = options;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const windows = new Map<string, Window>();
  let lastSweep = now();

  /** Fixed windows per key; expired ones are dropped at most once per window, so memory stays bounded by active clients. */
  function current(key: string): Window {
    const t = now();
    if (t - lastSweep >= windowMs) {
      for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k);
      lastSweep = t;
    }
    let w = windows.get(key);
    if (!w || w.resetAt <= t) {
      w = { hits: 0, resetAt: t + windowMs };
      windows.set(key, w);
    }
    return w;
  }

  const info = (w: Window): ClientRateLimitInfo => ({ totalHits: w.hits, resetTime: new Date(w.resetAt) });

  return {
    limit,
    windowMs,
    hit(key) {
      const w = current(key);
      w.hits += 1;
      return { limited: w.hits > limit, firstRefusal: w.hits === limit + 1, totalHits: w.hits, retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - now()) / 1000)) };
    },
    store() {
      return {
        localKeys: true,
        increment(key) {
          const w = current(key);
          w.hits += 1;
          return info(w);
        },
        get(key) {
          const w = windows.get(key);
          return w && w.resetAt > now() ? info(w) : undefined;
        },
        decrement(key) {
          const w = windows.get(key);
          if (w && w.hits > 0) w.hits -= 1;
        },
        resetKey(key) {
          windows.delete(key);
        },
        resetAll() {
          windows.clear();
        },
      };
    },
  };
}

/**
 * A `RateHit` over any express-rate-limit store (e.g. one shared by replicas), so the websocket can
 * count in the same store, under the same key, as the limiter of `POST /botkit/receive`.
 */
export function hitInStore(store: Store, limit: number, now: () => number = Date.now): RateHit {
  return async (key) => {
    const { totalHits, resetTime } = await store.increment(key);
    const left = resetTime ? resetTime.getTime() - now() : 1000;
    return { limited: totalHits > limit, firstRefusal: totalHits === limit + 1, totalHits, retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)) };
  };
}

// Express's own resolver of the client address behind trusted proxies (what `req.ip` uses).
const proxyaddr = createRequire(import.meta.url)('proxy-addr') as (req: IncomingMessage, trust: (addr: string, i: number) => boolean) => string;

/**
 * The rate-limit key of a raw request (a websocket upgrade, which never passes through Express):
 * the client IP as `req.ip` would give it under `trust` (the app's `trust proxy fn`), with IPv6
 * reduced to its /56 as express-rate-limit does, so both transports share one key.
 */
export function clientKeyOf(req: IncomingMessage, trust: (addr: string, i: number) => boolean): string {
  return ipKeyGenerator(proxyaddr(req, trust) ?? 'unknown');
}
