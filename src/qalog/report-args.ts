/**
 * Command-line arguments of `npm run report`.
 *
 *   parseReportArgs(['--since', '24h', '--json'])  // { since: '24h', limit: 20, json: true, help: false }
 */
import { parseCommandLine, UsageError } from '../cli-usage.js';
import { DEFAULT_SINCE } from './period.js';

export const USAGE = `Usage: npm run report -- [--since 7d|24h|30m|2026-11-01] [--until …] [--limit N] [--json]

  --since   start of the period: a time back from now, a UTC day, or an ISO time (default ${DEFAULT_SINCE})
  --until   end of the period, same forms; a day includes all of it (default now)
  --limit   longest list per section, 1-1000 (default 20)
  --json    print the report as JSON
Reads the question log at QALOG_PATH (default ./data/qalog.sqlite).`;

export interface ReportArgs {
  since?: string;
  until?: string;
  limit: number;
  json: boolean;
  help: boolean;
}

const OPTIONS = {
  since: { type: 'string' },
  until: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export function parseReportArgs(argv: string[]): ReportArgs {
  const { values } = parseCommandLine(argv, { options: OPTIONS, allowPositionals: false });
  // `--since=` gives an empty value, which is no value.
  for (const name of ['since', 'until', 'limit'] as const) if (values[name] === '') throw new UsageError(`--${name} needs a value`);
  const out: ReportArgs = { limit: 20, json: values.json, help: values.help };
  if (values.since !== undefined) out.since = values.since;
  if (values.until !== undefined) out.until = values.until;
  if (values.limit !== undefined) {
    const n = Number(values.limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new UsageError(`--limit must be a whole number from 1 to 1000, got "${values.limit}"`);
    out.limit = n;
  }
  return out;
}
