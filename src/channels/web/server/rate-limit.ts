/**
 * The web chat's per-client message budget, shared by its two transports: `POST /botkit/receive`
 * counts through express-rate-limit, and the websocket counts its frames with `hitInStore` in the
 * same store (a `MemoryStore`, or Redis when replicas share it), under the same key.
 *
 *   const hit = hitInStore(store, 60);
 *   const verdict = await hit(clientKeyOf(req, trust));
 *   if (verdict.limited) reply(`wait ${verdict.retryAfterSeconds} s`);
 */
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { ipKeyGenerator, type Store } from 'express-rate-limit';

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
