/**
 * The small SQL surface the question log needs. SQLite implements it today (sqlite.ts); a
 * PostgreSQL driver only has to implement these four calls to reuse the migrations, the
 * writes and the report queries unchanged.
 *
 * SQL handed to a driver is portable: `?` placeholders (a PostgreSQL driver rewrites them to
 * `$1, $2…`; no statement contains a literal `?`), types TEXT/INTEGER/REAL only, and
 * `INSERT … ON CONFLICT (…) DO UPDATE` (SQLite ≥ 3.24, PostgreSQL ≥ 9.5).
 */
export type SqlValue = string | number | null;

export interface SqlDriver {
  /** Rows of a query. Numbers may come back as strings (PostgreSQL's COUNT is bigint): read them with `Number()`. */
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs one statement. Resolves once it is committed and durable (outside `exclusive`). */
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /**
   * Runs `work` in one transaction that no other process can be migrating at the same time
   * (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: `BEGIN` + `pg_advisory_xact_lock`). Rolls back on error.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
