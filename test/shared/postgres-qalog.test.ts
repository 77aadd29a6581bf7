import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../src/log.js';
import { openSqliteQaLog } from '../../src/qalog/sqlite.js';
import type { QuestionRow } from '../../src/qalog/types.js';
import { SharedStoreError } from '../../src/shared/errors.js';
import { isPgConnectionError, openPostgresQaLog } from '../../src/shared/postgres-qalog.js';
import { toPgPlaceholders } from '../../src/shared/pg-driver.js';
import { removeTempDirs, tempDbPath } from '../qalog/helpers.js';
import { cuttableProxy, findDatabase, freePort, freshSchema, suiteName } from '../scale/engines.js';

const databaseUrl = await findDatabase();

const row = (id: string, over: Partial<QuestionRow> = {}): QuestionRow => ({
  id,
  askedAt: new Date('2026-11-01T09:00:00.000Z'),
  channel: 'web',
  intent: 'question',
  lang: 'vi',
  question: 'TFFN là gì?',
  outcome: 'answer',
  passageIds: ['kl-declaration-2025:p7'],
  latencyMs: 3.14159,
  answerId: `ans-${id}`,
  ...over,
});
const period = { from: new Date('2026-11-01T00:00:00.000Z'), to: new Date('2026-11-02T00:00:00.000Z') };

describe('shared/pg-driver', () => {
  describe('toPgPlaceholders', () => {
    it('returns the statement with ? numbered as $1, $2…', () => {
      expect(toPgPlaceholders('SELECT a FROM t WHERE b >= ? AND b < ? LIMIT 1 OFFSET ?')).toBe('SELECT a FROM t WHERE b >= $1 AND b < $2 LIMIT 1 OFFSET $3');
    });
  });
});

describe('shared/postgres-qalog', () => {
  describe('isPgConnectionError', () => {
    it('returns true for network errors and connection SQLSTATEs, false for statement errors', () => {
      expect(isPgConnectionError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
      expect(isPgConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
      expect(isPgConnectionError({ code: '57P01', message: 'terminating connection due to administrator command' })).toBe(true);
      expect(isPgConnectionError({ code: '08006', message: 'connection failure' })).toBe(true);
      expect(isPgConnectionError({ code: '23505', message: 'duplicate key' })).toBe(false);
      expect(isPgConnectionError({ code: '42P01', message: 'relation does not exist' })).toBe(false);
    });
  });
});

describe.skipIf(!databaseUrl)(suiteName('shared/postgres-qalog (PostgreSQL)', { PostgreSQL: databaseUrl }), () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  beforeAll(async () => {
    schema = await freshSchema(databaseUrl!);
  });
  afterAll(async () => {
    await schema?.drop();
    removeTempDirs();
  });

  const count = async (table: string) => {
    const c = new pg.Client({ connectionString: schema.url });
    await c.connect();
    try {
      return Number((await c.query(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0].n);
    } finally {
      await c.end();
    }
  };

  describe('openPostgresQaLog', () => {
    it('migrates once when several replicas open the same database at the same time', async () => {
      const logs = await Promise.all([1, 2, 3].map(() => openPostgresQaLog({ url: schema.url, log: silentLogger })));
      await Promise.all(logs.map((l) => l.close()));
      expect(await count('schema_migrations')).toBe(1);
      expect(await count('qa_questions')).toBe(0);
    });

    it('rejects with one line naming the address (not the password) when the database is unreachable', async () => {
      const port = await freePort();
      const opened = openPostgresQaLog({ url: `postgres://bot:hunter2-secret@127.0.0.1:${port}/kl`, log: silentLogger, connectTimeoutMs: 1000 });
      await expect(opened).rejects.toBeInstanceOf(SharedStoreError);
      await expect(opened).rejects.toThrow(new RegExp(`^PostgreSQL at postgres://127\\.0\\.0\\.1:${port}/kl is unreachable \\(connect ECONNREFUSED`));
      await expect(opened).rejects.not.toThrow(/hunter2/);
    });

    it('rejects with "refused the connection" for a database that does not exist', async () => {
      const url = new URL(databaseUrl!);
      url.pathname = '/no_such_database_here';
      await expect(openPostgresQaLog({ url: url.toString(), log: silentLogger })).rejects.toThrow(
        /^PostgreSQL at postgres:\/\/[^/]+\/no_such_database_here refused the connection \(database "no_such_database_here" does not exist\)/,
      );
    });

    it('returns the same report as SQLite for the same rows', async () => {
      const pgLog = await openPostgresQaLog({ url: schema.url, log: silentLogger });
      const sqlite = await openSqliteQaLog({ path: tempDbPath() });
      const rows = [
        row('a'),
        row('b', { question: 'tffn la gi', latencyMs: 12.5 }),
        row('c', { channel: 'slack', lang: 'en', question: 'Who won the match?', outcome: 'no-answer', passageIds: [], answerId: undefined, latencyMs: 40 }),
        row('d', { intent: 'more', latencyMs: 7.25 }),
        row('e', { askedAt: new Date('2026-10-30T00:00:00.000Z') }),
      ];
      for (const log of [pgLog, sqlite]) {
        for (const r of rows) await log.recordQuestion(r);
        await log.recordFeedback({ answerId: 'ans-a', value: 'up', givenAt: new Date('2026-11-01T10:00:00.000Z') });
        await log.recordFeedback({ answerId: 'ans-a', value: 'down', givenAt: new Date('2026-11-01T10:01:00.000Z') });
      }
      const [fromPg, fromSqlite] = await Promise.all([pgLog.report(period), sqlite.report(period)]);
      expect(fromPg.totals).toEqual({ questions: 3, answered: 2, unanswered: 1, errors: 0, followUps: 1 });
      expect(fromPg).toEqual(fromSqlite);
      await Promise.all([pgLog.close(), sqlite.close()]);
    });
  });

  describe('recordQuestion while the database is away', () => {
    it('returns at once, reports degraded, and writes the rows when the database returns', async () => {
      const proxy = await cuttableProxy(schema.url);
      const lines: string[] = [];
      const qalog = await openPostgresQaLog({ url: proxy.url, log: createLogger({ write: (l) => lines.push(l) }), retryMs: 100, connectTimeoutMs: 500 });
      try {
        const before = await count('qa_questions');
        await qalog.recordQuestion(row('live-1'));
        await proxy.cut();
        const started = Date.now();
        for (const id of ['away-1', 'away-2', 'away-3']) await qalog.recordQuestion(row(id));
        await qalog.recordFeedback({ answerId: 'ans-away-1', value: 'up', givenAt: new Date() });
        expect(Date.now() - started).toBeLessThan(2000);
        expect(qalog.status()).toMatchObject({ status: 'down', queued: 4 });
        expect(await count('qa_questions')).toBe(before + 1);

        await proxy.restore();
        for (let i = 0; i < 100 && qalog.status().queued > 0; i++) await new Promise((r) => setTimeout(r, 50));
        expect(qalog.status()).toMatchObject({ status: 'ok', queued: 0 });
        expect(await count('qa_questions')).toBe(before + 4);
        expect(lines.filter((l) => l.includes('postgresql unreachable'))).toHaveLength(1);
        expect(lines.filter((l) => l.includes('postgresql reachable again'))).toEqual([expect.stringMatching(/ written=4 dropped=0$/)]);
      } finally {
        await qalog.close();
        await proxy.close();
      }
    });
  });
});
