/**
 * `npm run report [-- --since 7d|24h|2026-11-01 --until … --limit N --json]`: what users asked
 * in a period — most asked and unanswered questions, feedback, latency percentiles, counts per
 * channel and language — read from the question log: PostgreSQL at `DATABASE_URL` when set
 * (several replicas), else the SQLite file at `QALOG_PATH`.
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { silentLogger } from '../log.js';
import { parsePeriod, PeriodError } from '../qalog/period.js';
import { UsageError } from '../cli-usage.js';
import { parseReportArgs, USAGE, type ReportArgs } from '../qalog/report-args.js';
import { reportToText } from '../qalog/render-text.js';
import { openSqliteQaLog } from '../qalog/sqlite.js';
import type { QaLog } from '../qalog/types.js';

/** The log the service writes to: PostgreSQL when configured (loaded only then), else the SQLite file if it exists. */
async function openLog(config: Config): Promise<QaLog | string> {
  if (config.shared.databaseUrl) {
    const { openPostgresQaLog } = await import('../shared/postgres-qalog.js');
    return openPostgresQaLog({ url: config.shared.databaseUrl, log: silentLogger });
  }
  if (!existsSync(config.qalog.path)) return `No question log at ${config.qalog.path}: start the service (npm start) first, or set QALOG_PATH.`;
  return openSqliteQaLog({ path: config.qalog.path });
}

async function main(): Promise<number> {
  let args: ReportArgs;
  try {
    args = parseReportArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  const period = parsePeriod({ since: args.since, until: args.until });
  const qalog = await openLog(config);
  if (typeof qalog === 'string') {
    process.stderr.write(`${qalog}\n`);
    return 1;
  }
  try {
    const report = await qalog.report(period, { limit: args.limit });
    process.stdout.write(args.json ? JSON.stringify(report, null, 2) + '\n' : reportToText(report));
  } finally {
    await qalog.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    const known = err instanceof ConfigError || err instanceof PeriodError || ['E_QALOG', 'E_SHARED'].includes((err as { code?: string })?.code ?? '');
    process.stderr.write(`${known ? '' : 'Report failed: '}${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
