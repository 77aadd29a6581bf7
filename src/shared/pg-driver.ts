/**
 * The question log's `SqlDriver` over a node-postgres pool, so PostgreSQL runs the same
 * migrations, writes and report queries as SQLite (see src/qalog/sql.ts).
 *
 *   const driver = createPgDriver(new pg.Pool({ connectionString }));
 *   await migrate(driver);
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { SqlDriver, SqlValue } from '../qalog/sql.js';

/** Portable `?` placeholders as PostgreSQL's `$1, $2…` (portable statements contain no literal `?`). */
export function toPgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Every replica may start at once: the first to take this lock migrates, the others then find nothing to do. */
const MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(hashtext('kl-declaration-bot: schema migrations'))";

export function createPgDriver(pool: pg.Pool): SqlDriver {
  // Statements run inside `exclusive` go to its transaction's connection, others to the pool.
  const transaction = new AsyncLocalStorage<pg.PoolClient>();
  const query = (sql: string, params: readonly SqlValue[] = []) => (transaction.getStore() ?? pool).query(toPgPlaceholders(sql), params as SqlValue[]);
  return {
    async all<T>(sql: string, params?: readonly SqlValue[]) {
      return (await query(sql, params)).rows as T[];
    },
    async run(sql, params) {
      await query(sql, params);
    },
    async exclusive<T>(work: () => Promise<T>) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        await client.query(MIGRATION_LOCK);
        const result = await transaction.run(client, work);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw err;
      } finally {
        // A connection that could not even roll back is discarded, not returned to the pool.
        client.release(broken);
      }
    },
    close() {
      return pool.end();
    },
  };
}
