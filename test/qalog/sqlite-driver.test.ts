import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteDriver } from '../../src/qalog/sqlite-driver.js';
import { readRows, removeTempDirs, tempDbPath } from './helpers.js';

afterAll(removeTempDirs);

/** A WAL database with one table, and the COMMITs its connection issues counted. */
function setup() {
  const file = tempDbPath();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER)');
  const commits = { count: 0 };
  const exec = db.exec.bind(db);
  db.exec = (sql: string) => {
    if (sql === 'COMMIT') commits.count++;
    return exec(sql);
  };
  return { file, db, driver: createSqliteDriver(db), commits };
}

const INSERT = 'INSERT INTO t (id, n) VALUES (?, ?)';

describe('qalog/sqlite-driver', () => {
  describe('run', () => {
    it('resolves only once the row is committed and visible to another connection', async () => {
      const { file, driver } = setup();
      const write = driver.run(INSERT, ['a', 1]);
      expect(readRows(file, 't')).toEqual([]);
      await write;
      expect(readRows(file, 't')).toEqual([{ id: 'a', n: 1 }]);
      await driver.close();
    });

    it('commits the writes of one event-loop turn together, in one transaction', async () => {
      const { file, driver, commits } = setup();
      await Promise.all(Array.from({ length: 100 }, (_, i) => driver.run(INSERT, [`r${i}`, i])));
      expect(commits.count).toBe(1);
      await driver.run(INSERT, ['later', 0]);
      expect(commits.count).toBe(2);
      expect(readRows(file, 't')).toHaveLength(101);
      await driver.close();
    });

    it('rejects only the failing write of a batch; the others are stored', async () => {
      const { file, driver } = setup();
      const results = await Promise.allSettled([driver.run(INSERT, ['x', 1]), driver.run(INSERT, ['x', 2]), driver.run(INSERT, ['y', 3])]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/UNIQUE constraint failed: t.id/);
      expect(readRows(file, 't')).toEqual([
        { id: 'x', n: 1 },
        { id: 'y', n: 3 },
      ]);
      await driver.close();
    });

    it('rejects every write of a batch that could not be committed', async () => {
      const { db, driver } = setup();
      const writes = [driver.run(INSERT, ['a', 1]), driver.run(INSERT, ['b', 2])];
      db.close();
      for (const w of writes) await expect(w).rejects.toThrow(/not open/);
    });
  });

  describe('exclusive', () => {
    it('runs statements at once inside its transaction, and rolls all back on error', async () => {
      const { file, driver } = setup();
      await expect(
        driver.exclusive(async () => {
          await driver.run(INSERT, ['in-tx', 1]);
          expect(await driver.all('SELECT id FROM t')).toEqual([{ id: 'in-tx' }]);
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect(readRows(file, 't')).toEqual([]);
      await driver.close();
    });
  });

  describe('close', () => {
    it('commits writes already queued before closing', async () => {
      const { file, driver } = setup();
      const write = driver.run(INSERT, ['queued', 1]);
      await driver.close();
      await write;
      expect(readRows(file, 't')).toEqual([{ id: 'queued', n: 1 }]);
    });
  });
});
