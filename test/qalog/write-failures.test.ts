/**
 * A failing question log shows, over real HTTP: write errors injected into the SQLite driver (disk
 * full) keep each row in the bounded in-memory queue, questions are still answered, /healthz says
 * `degraded` with the queued and dropped counts, the outage is logged once when it starts and once
 * when it ends, and the rows are written, in order, when writes get through again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import type { SqlDriver } from '../../src/qalog/sql.js';
import { openSqliteQaLog } from '../../src/qalog/sqlite.js';
import { loadTestEngine, ROOT } from '../server/start.js';
import { readRows, removeTempDirs, tempDbPath } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  removeTempDirs();
});

/** The real app with a SQLite log whose driver fails every write while `disk.full` is true. */
async function start(options: { maxQueued?: number } = {}) {
  const dbPath = tempDbPath();
  const disk = { full: false };
  const lines: string[] = [];
  const log = createLogger({ write: (line) => lines.push(line) });
  const failing = (driver: SqlDriver): SqlDriver => ({
    ...driver,
    run(sql, params) {
      if (disk.full) return Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
      return driver.run(sql, params);
    },
  });
  const qalog = await openSqliteQaLog({ path: dbPath, log, retryMs: 100, maxQueued: options.maxQueued, wrapDriver: failing });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', EMBEDDING_MODEL: 'none', RATE_LIMIT_PER_MINUTE: '100000', QALOG_PATH: dbPath }, ROOT);
  const engine = await loadTestEngine();
  const app = await createApp({ config, engine, qalog, log });
  const { port } = await app.listen();
  cleanups.push(async () => {
    await app.close();
    await qalog.close();
    await engine.close();
  });
  const base = `http://127.0.0.1:${port}`;
  const ask = async (question: string) => {
    const res = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    return res.status;
  };
  const health = async () => (await fetch(`${base}/healthz`)).json();
  return { dbPath, disk, lines, ask, health };
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('qalog: write failures show', () => {
  it('keeps the rows, answers, reports degraded with the counts, logs the outage twice, and writes the rows when the disk is back', async () => {
    const t = await start();
    expect(await t.ask('What is TFFN? #0')).toBe(200);
    expect((await t.health()).questionLog).toEqual({ status: 'ok', queued: 0, dropped: 0 });

    t.disk.full = true;
    for (let i = 1; i <= 5; i++) expect(await t.ask(`What is TFFN? #${i}`)).toBe(200);
    const during = await t.health();
    expect(during.status).toBe('degraded');
    expect(during.questionLog).toMatchObject({ status: 'down', queued: 5, dropped: 0, cause: 'database or disk is full' });
    // Retries keep failing meanwhile, and say nothing more.
    await new Promise((r) => setTimeout(r, 400));
    expect(readRows(t.dbPath).map((r) => r.question)).toEqual(['What is TFFN? #0']);

    t.disk.full = false;
    await until(async () => (await t.health()).status === 'ok');
    expect((await t.health()).questionLog).toEqual({ status: 'ok', queued: 0, dropped: 0 });
    expect(readRows(t.dbPath).map((r) => r.question)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `What is TFFN? #${i}`));
    expect(t.lines.filter((l) => l.includes('question log'))).toEqual([
      expect.stringMatching(/ error question log not writable; keeping its rows in memory \(up to 10000\) and retrying cause="database or disk is full"$/),
      expect.stringMatching(/ info question log writable again after=\d+\.\ds written=5 dropped=0$/),
    ]);
  }, 60_000);

  it('drops the oldest rows beyond the bound, and reports how many', async () => {
    const t = await start({ maxQueued: 3 });
    t.disk.full = true;
    for (let i = 1; i <= 5; i++) expect(await t.ask(`What is SOMRI? #${i}`)).toBe(200);
    expect((await t.health()).questionLog).toMatchObject({ status: 'down', queued: 3, dropped: 2 });
    t.disk.full = false;
    await until(async () => (await t.health()).status === 'ok');
    expect(readRows(t.dbPath).map((r) => r.question)).toEqual([3, 4, 5].map((i) => `What is SOMRI? #${i}`));
    expect(t.lines.filter((l) => l.includes('queue full'))).toHaveLength(1);
    expect(t.lines.filter((l) => l.includes('writable again'))).toEqual([expect.stringMatching(/ written=3 dropped=2$/)]);
  }, 60_000);
});
