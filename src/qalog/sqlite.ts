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
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';
import { createSqliteDriver } from './sqlite-driver.js';
import { createSqlQaLog } from './sql-log.js';
import { QaLogError, type QaLog } from './types.js';

export interface SqliteQaLogOptions {
  /** Database file; its folder is created. */
  path: string;
  /** `full` fsyncs every commit; `normal` survives process crashes but not power cuts (see above). Default `full`. */
  synchronous?: 'full' | 'normal';
  /** How long a write waits for another connection's lock, ms. Default 5000. */
  busyTimeoutMs?: number;
}

export async function openSqliteQaLog(options: SqliteQaLogOptions): Promise<QaLog> {
  let db: Database.Database | undefined;
  try {
    mkdirSync(path.dirname(options.path), { recursive: true });
    db = new Database(options.path);
    db.pragma(`busy_timeout = ${Math.floor(options.busyTimeoutMs ?? 5000)}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`cannot use WAL journal mode here (got ${String(mode)})`);
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    const driver = createSqliteDriver(db);
    await migrate(driver);
    return createSqlQaLog(driver);
  } catch (err) {
    db?.close();
    throw new QaLogError(`question log ${options.path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
