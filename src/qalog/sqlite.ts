/**
 * The question log in one SQLite file (better-sqlite3), migrated at open.
 *
 *   const qalog = await openSqliteQaLog({ path: config.qalog.path });
 *   …
 *   await qalog.close();
 *
 * Durability: WAL journal, and a write's promise resolves only after its COMMIT, so callers
 * that send the reply after it never answer a question that is not stored.
 * - `synchronous: 'full'` (default): the COMMIT is fsynced; nothing answered is lost even by a
 *   power cut or an OS crash. The fsync blocks the event loop (0.4–1.8 ms here), shared by
 *   every write of one event-loop turn (group commit, see sqlite-driver.ts).
 * - `'normal'`: the WAL is fsynced only at checkpoints. The COMMIT has still reached the OS
 *   before the reply, so a crashed or killed process loses nothing; an OS crash or power cut
 *   may lose the last rows (never corrupts the file). Cheaper: ~0.1 ms per commit here.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeFolder } from '../check-paths.js';
import { silentLogger, type Logger } from '../log.js';
import { createBufferedQaLog, type BufferedQaLog } from './buffered-qalog.js';
import { createOutage } from './outage.js';
import { migrate } from './migrations.js';
import type { SqlDriver } from './sql.js';
import { createSqliteDriver } from './sqlite-driver.js';
import { createSqlQaLog } from './sql-log.js';
import { QaLogError } from './types.js';

export interface SqliteQaLogOptions {
  /** Database file; its folder is created. */
  path: string;
  /** `full` fsyncs every commit; `normal` survives process crashes but not power cuts (see above). Default `full`. */
  synchronous?: 'full' | 'normal';
  /** How long a write waits for another connection's lock, ms. Default 5000. */
  busyTimeoutMs?: number;
  /** Where a write failure (disk full, I/O error) is reported: once when it starts, once when it ends. */
  log?: Logger;
  /** Rows kept in memory while writes fail; the oldest are dropped beyond it. Default 10 000. */
  maxQueued?: number;
  /** Pause between attempts to write what waits, ms. Default 2000. */
  retryMs?: number;
  /** Wraps the driver after migration (tests inject write errors here). */
  wrapDriver?: (driver: SqlDriver) => SqlDriver;
}

// Errors that refuse this one row (a constraint, a bad value) rather than say the file cannot be written now.
const ROW_REFUSED = /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE|ERROR)/;

/**
 * Whether a write failure is the file's state (disk full, I/O error, locked, read-only…) and worth
 * keeping the row for and retrying, rather than a refusal of the row itself.
 */
export function isSqliteWriteFailure(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  // Anything else (a connection already closed, a programming error) is thrown to the caller as before.
  return typeof code === 'string' && code.startsWith('SQLITE_') && !ROW_REFUSED.test(code);
}

/**
 * Opens (creating and migrating) the log. A write that fails later never loses its row silently:
 * the row waits in a bounded in-memory queue and is retried (see src/shared/buffered-qalog.ts),
 * `status()` says `down` with the queued and dropped counts, and the outage is logged once when it
 * starts and once when it ends.
 */
export async function openSqliteQaLog(options: SqliteQaLogOptions): Promise<BufferedQaLog> {
  let db: Database.Database | undefined;
  try {
    makeFolder(path.dirname(options.path));
    db = new Database(options.path);
    db.pragma(`busy_timeout = ${Math.floor(options.busyTimeoutMs ?? 5000)}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`cannot use WAL journal mode here (got ${String(mode)})`);
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    const driver = createSqliteDriver(db);
    await migrate(driver);
    const log = options.log ?? silentLogger;
    return createBufferedQaLog({
      inner: createSqlQaLog(options.wrapDriver ? options.wrapDriver(driver) : driver),
      isTransient: isSqliteWriteFailure,
      outage: createOutage({
        name: 'question log',
        log,
        states: { down: 'not writable', up: 'writable again' },
        meanwhile: `keeping its rows in memory (up to ${options.maxQueued ?? 10_000}) and retrying`,
      }),
      log,
      maxQueued: options.maxQueued,
      retryMs: options.retryMs,
    });
  } catch (err) {
    db?.close();
    throw new QaLogError(`question log ${options.path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
