/**
 * The report period from `since`/`until` as staff type them, for the CLI and the admin page.
 *
 *   parsePeriod({ since: '7d' }, now)                               // [now − 7 days, now)
 *   parsePeriod({ since: '2026-11-01', until: '2026-11-30' }, now)  // Nov 1 00:00Z to Dec 1 00:00Z
 *
 * A relative value (`30m`, `24h`, `7d`) counts back from now. A date is a UTC day: `since`
 * starts at its midnight, `until` includes the whole day. A full ISO time is taken as is.
 */
import type { Period } from './types.js';

export class PeriodError extends Error {
  readonly code = 'E_PERIOD';
}

/** Period used when `since` is not given. */
export const DEFAULT_SINCE = '7d';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
const DAY = /^\d{4}-\d{2}-\d{2}$/;
// An ISO date-time with a zone, so the same text means the same instant on every server.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseBound(name: 'since' | 'until', raw: string, now: Date): Date {
  const text = raw.trim();
  const relative = /^(\d{1,6})([mhd])$/.exec(text);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]]);
  if (DAY.test(text)) {
    const day = new Date(`${text}T00:00:00.000Z`);
    if (!Number.isNaN(day.getTime()) && day.toISOString().startsWith(text)) {
      return name === 'until' ? new Date(day.getTime() + UNIT_MS.d) : day;
    }
  } else if (INSTANT.test(text)) {
    const instant = new Date(text);
    if (!Number.isNaN(instant.getTime())) return instant;
  }
  throw new PeriodError(`${name} must be like 7d, 24h, 30m, 2026-11-01 or 2026-11-01T09:00Z, got "${raw}"`);
}

export function parsePeriod(input: { since?: string; until?: string }, now: Date = new Date()): Period {
  const from = parseBound('since', input.since || DEFAULT_SINCE, now);
  const to = input.until ? parseBound('until', input.until, now) : now;
  if (from.getTime() >= to.getTime()) throw new PeriodError(`since (${from.toISOString()}) must be before until (${to.toISOString()})`);
  return { from, to };
}
