/**
 * The question log in PostgreSQL, for several replicas writing to one place: the same schema,
 * migrations, writes and report as SQLite (src/qalog/), over a node-postgres pool, buffered
 * in memory while the database is away (see buffered-qalog.ts).
 *
 *   const qalog = await openPostgresQaLog({ url: config.shared.databaseUrl, log });
 *   …
 *   await qalog.close();   // writes what waits, if it can, then ends the pool
 */
import pg from 'pg';
import type { Logger } from '../log.js';
import { migrate } from '../qalog/migrations.js';
import { createSqlQaLog } from '../qalog/sql-log.js';
import { QaLogError } from '../qalog/types.js';
import { createBufferedQaLog, type BufferedQaLog } from '../qalog/buffered-qalog.js';
import { SharedStoreError, safeUrl } from './errors.js';
import { causeOf, createOutage } from '../qalog/outage.js';
import { createPgDriver } from './pg-driver.js';

export interface PostgresQaLogOptions {
  /** `postgres://user:password@host:port/database` (libpq-style parameters such as `sslmode` or `options` work too). */
  url: string;
  log: Logger;
  /** Connections per replica. Default 5 (a question is one short INSERT). */
  poolSize?: number;
  /** Longest wait for a connection, ms. Default 3000. */
  connectTimeoutMs?: number;
  /** Longest wait for a statement's answer, ms. Default 5000. */
  queryTimeoutMs?: number;
  /** Rows kept in memory while the database is away. Default 10 000. */
  maxQueued?: number;
  /** Pause between attempts to reach a lost database, ms. Default 2000. */
  retryMs?: number;
}

// SQLSTATE classes that mean "no usable connection" rather than "this statement is wrong".
const CONNECTION_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53400']);

/**
 * Whether a node-postgres error means the database is out of reach (queue the row and retry)
 * rather than refusing the statement. Statement errors always carry a five-character SQLSTATE;
 * network and client errors (ECONNREFUSED, "Connection terminated", timeouts) do not.
 */
export function isPgConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return code.startsWith('08') || CONNECTION_STATES.has(code);
}

export async function openPostgresQaLog(options: PostgresQaLogOptions): Promise<BufferedQaLog> {
  const { url, log } = options;
  const outage = createOutage({ name: 'postgresql', log, meanwhile: 'keeping question-log rows in memory until it returns' });
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 5,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    query_timeout: options.queryTimeoutMs ?? 5000,
    application_name: 'kl-declaration-bot',
  });
  let qalog: BufferedQaLog | undefined;
  // An idle connection dropped by the server is reported here; unhandled, it would end the process.
  pool.on('error', (err) => qalog?.lost(err));
  const driver = createPgDriver(pool);
  try {
    await migrate(driver);
  } catch (err) {
    await pool.end().catch(() => undefined);
    // QaLogError (a schema newer than this code) carries no SQLSTATE but is no connection problem.
    const unreachable = !(err instanceof QaLogError) && isPgConnectionError(err);
    // Classes 28 (authentication) and 3D (no such database): reached, but the settings are wrong.
    const refused = /^(28|3D)/.test(String((err as { code?: unknown }).code ?? ''));
    const why = unreachable ? 'is unreachable' : refused ? 'refused the connection' : 'cannot hold the question log';
    throw new SharedStoreError(`PostgreSQL at ${safeUrl(url)} ${why} (${causeOf(err)}): fix DATABASE_URL or the database — or unset DATABASE_URL to log to SQLite`);
  }
  qalog = createBufferedQaLog({
    inner: createSqlQaLog(driver),
    isTransient: isPgConnectionError,
    outage,
    log,
    maxQueued: options.maxQueued,
    retryMs: options.retryMs,
    ping: async () => void (await pool.query('SELECT 1')),
  });
  return qalog;
}
