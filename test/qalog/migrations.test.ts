import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, type Migration } from '../../src/qalog/migrations.js';
import { openSqliteQaLog } from '../../src/qalog/sqlite.js';
import { createSqliteDriver } from '../../src/qalog/sqlite-driver.js';
import { QaLogError } from '../../src/qalog/types.js';
import { readRows, removeTempDirs, tempDbPath } from './helpers.js';

afterAll(removeTempDirs);

const tables = (file: string) =>
  readRows<{ name: string }>(file, 'sqlite_master')
    .map((r) => r.name)
    .filter((n) => !n.startsWith('sqlite_'))
    .sort();

describe('qalog/migrations', () => {
  describe('MIGRATIONS', () => {
    it('are numbered 1, 2, 3… with no gaps', () => {
      expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    });

    it('use only types PostgreSQL also has, and no SQLite-only syntax', () => {
      const sql = MIGRATIONS.flatMap((m) => m.statements).join('\n');
      const types = [...sql.matchAll(/^\s+\w+ (\w+)/gm)].map((m) => m[1]);
      expect(new Set(types)).toEqual(new Set(['TEXT', 'INTEGER', 'REAL']));
      expect(sql).not.toMatch(/AUTOINCREMENT|WITHOUT ROWID|PRAGMA|STRICT|\?/i);
    });
  });

  describe('migrate', () => {
    it('returns [1] on a new database, then [] when opened again, and keeps the rows', async () => {
      const file = tempDbPath();
      const first = new Database(file);
      expect(await migrate(createSqliteDriver(first))).toEqual([1]);
      first.prepare("INSERT INTO qa_feedback (answer_id, value, given_at) VALUES ('a1', 'up', '2026-11-01T00:00:00.000Z')").run();
      first.close();

      const second = new Database(file);
      expect(await migrate(createSqliteDriver(second))).toEqual([]);
      second.close();

      expect(readRows(file, 'schema_migrations')).toEqual([{ version: 1, name: 'questions and feedback', applied_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
      expect(readRows(file, 'qa_feedback')).toHaveLength(1);
      expect(tables(file)).toEqual(['qa_feedback', 'qa_feedback_given_at', 'qa_questions', 'qa_questions_answer_id', 'qa_questions_asked_at', 'schema_migrations']);
    });

    it('applies only the migrations a database lacks, in order', async () => {
      const file = tempDbPath();
      const db = new Database(file);
      const driver = createSqliteDriver(db);
      await migrate(driver);
      const next: Migration = { version: 2, name: 'add a column', statements: ['ALTER TABLE qa_feedback ADD COLUMN note TEXT'] };
      expect(await migrate(driver, [...MIGRATIONS, next])).toEqual([2]);
      expect(await migrate(driver, [...MIGRATIONS, next])).toEqual([]);
      db.close();
      expect(readRows<{ version: number }>(file, 'schema_migrations').map((r) => r.version)).toEqual([1, 2]);
    });

    it('rolls back a failing migration entirely, leaving the database as it was', async () => {
      const file = tempDbPath();
      const db = new Database(file);
      const driver = createSqliteDriver(db);
      await migrate(driver);
      const broken: Migration = { version: 2, name: 'broken', statements: ['CREATE TABLE half_done (x TEXT)', 'THIS IS NOT SQL'] };
      await expect(migrate(driver, [...MIGRATIONS, broken])).rejects.toThrow(/syntax error/);
      expect(db.inTransaction).toBe(false);
      db.close();
      expect(tables(file)).not.toContain('half_done');
      expect(readRows(file, 'schema_migrations')).toHaveLength(1);
    });

    it('rejects a database whose schema is newer than the code', async () => {
      const file = tempDbPath();
      const db = new Database(file);
      const driver = createSqliteDriver(db);
      await migrate(driver, [...MIGRATIONS, { version: 2, name: 'future', statements: [] }]);
      await expect(migrate(driver)).rejects.toThrow(QaLogError);
      await expect(migrate(driver)).rejects.toThrow(/schema is version 2, newer than this code knows \(1\)/);
      db.close();
    });

    it('rejects a migration list with a gap', async () => {
      const db = new Database(':memory:');
      await expect(migrate(createSqliteDriver(db), [{ version: 2, name: 'gap', statements: [] }])).rejects.toThrow(/version 2, expected 1/);
      db.close();
    });
  });

  describe('openSqliteQaLog', () => {
    it('is idempotent: opening the same file twice migrates once', async () => {
      const file = tempDbPath();
      await (await openSqliteQaLog({ path: file })).close();
      await (await openSqliteQaLog({ path: file })).close();
      expect(readRows(file, 'schema_migrations')).toHaveLength(1);
    });
  });
});
