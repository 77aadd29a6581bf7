/**
 * Tracks whether a shared store (Redis, PostgreSQL) is reachable, and logs each outage once:
 * one line when it starts (with its cause), one when it ends (with its length). Callers report
 * every failure and success; the repeats in between stay out of the log.
 *
 *   const outage = createOutage({ name: 'redis', log });
 *   outage.down(err);   // "redis unreachable; …" once
 *   outage.up();        // "redis reachable again after 12.3 s" once
 */
import type { Logger } from '../log.js';

/** Whether a shared store answers, as /healthz and the metrics report it. */
export type StoreStatus = 'ok' | 'down';

export interface OutageOptions {
  /** What is reachable or not, as the log says it (`redis`, `postgresql`). */
  name: string;
  log: Logger;
  /** How the two lines say it. Default `unreachable` / `reachable again`. */
  states?: { down: string; up: string };
  /** What the service does meanwhile, appended to the first line. */
  meanwhile?: string;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
}

export interface Outage {
  /** Reports a failure; logs only the first of an outage. */
  down(cause: unknown): void;
  /** Reports a success; logs only when it ends an outage (with `fields`, e.g. what was caught up). */
  up(fields?: Record<string, unknown>): void;
  /** True between the first failure and the next success. */
  isDown(): boolean;
  /** Cause of the current outage, if any. */
  cause(): string | undefined;
}

/** The plain cause of an error: its message, or its code when the message is empty (AggregateError). */
export function causeOf(error: unknown): string {
  const e = error as { message?: unknown; code?: unknown; errors?: unknown[] };
  if (typeof e?.message === 'string' && e.message) return e.message;
  if (Array.isArray(e?.errors) && e.errors.length > 0) return causeOf(e.errors[0]);
  if (typeof e?.code === 'string') return e.code;
  return String(error);
}

export function createOutage(options: OutageOptions): Outage {
  const { name, log } = options;
  const now = options.now ?? Date.now;
  let since: number | undefined;
  let cause: string | undefined;
  return {
    down(error) {
      if (since !== undefined) return;
      since = now();
      cause = causeOf(error);
      log.error(`${name} ${options.states?.down ?? 'unreachable'}${options.meanwhile ? `; ${options.meanwhile}` : ''}`, { cause });
    },
    up(fields) {
      if (since === undefined) return;
      log.info(`${name} ${options.states?.up ?? 'reachable again'}`, { after: `${((now() - since) / 1000).toFixed(1)}s`, ...fields });
      since = undefined;
      cause = undefined;
    },
    isDown: () => since !== undefined,
    cause: () => cause,
  };
}
