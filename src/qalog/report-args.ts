/**
 * Command-line arguments of `npm run report`.
 *
 *   parseReportArgs(['--since', '24h', '--json'])  // { since: '24h', limit: 20, json: true, help: false }
 */
import { DEFAULT_SINCE } from './period.js';

export const USAGE = `Usage: npm run report -- [--since 7d|24h|30m|2026-11-01] [--until …] [--limit N] [--json]

  --since   start of the period: a time back from now, a UTC day, or an ISO time (default ${DEFAULT_SINCE})
  --until   end of the period, same forms; a day includes all of it (default now)
  --limit   longest list per section, 1-1000 (default 20)
  --json    print the report as JSON
Reads the question log at QALOG_PATH (default ./data/qalog.sqlite).`;

export class UsageError extends Error {}

export interface ReportArgs {
  since?: string;
  until?: string;
  limit: number;
  json: boolean;
  help: boolean;
}

export function parseReportArgs(argv: string[]): ReportArgs {
  const out: ReportArgs = { limit: 20, json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--json') out.json = true;
    else if (flag === '-h' || flag === '--help') out.help = true;
    else if (flag === '--since') out.since = value();
    else if (flag === '--until') out.until = value();
    else if (flag === '--limit') {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 1000) throw new UsageError(`--limit must be a whole number from 1 to 1000, got "${v}"`);
      out.limit = n;
    } else if (flag !== '--') throw new UsageError(`unknown argument ${flag}`);
  }
  return out;
}

