/**
 * Schema of the question log as numbered migrations, applied once each and recorded in
 * `schema_migrations`. The same list and runner serve SQLite and PostgreSQL: statements use
 * only portable SQL (see sql.ts). Never edit a released migration; append a new one.
 *
 *   const applied = await migrate(driver);   // [] when the schema is already current
 */
import type { SqlDriver } from './sql.js';
import { QaLogError } from './types.js';

export interface Migration {
  /** 1, 2, 3… in order, no gaps. */
  version: number;
  name: string;
  /** Run one by one, in one transaction with the bookkeeping row. */
  statements: string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'questions and feedback',
    statements: [
      // Times are ISO 8601 UTC with milliseconds (`2026-11-01T09:00:00.000Z`): fixed width, so
      // text order is time order in both engines, and readable in `sqlite3`/`psql`.
      `CREATE TABLE qa_questions (
        id TEXT PRIMARY KEY,
        asked_at TEXT NOT NULL,
        channel TEXT NOT NULL,
        intent TEXT NOT NULL,
        lang TEXT NOT NULL,
        question TEXT NOT NULL,
        question_key TEXT NOT NULL,
        outcome TEXT NOT NULL,
        answered INTEGER NOT NULL,
        passage_ids TEXT NOT NULL,
        latency_ms REAL NOT NULL,
        answer_id TEXT,
        conversation_key TEXT
      )`,
      'CREATE INDEX qa_questions_asked_at ON qa_questions (asked_at)',
      'CREATE INDEX qa_questions_answer_id ON qa_questions (answer_id)',
      // One row per answer: the latest vote wins.
      `CREATE TABLE qa_feedback (
        answer_id TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        given_at TEXT NOT NULL,
        conversation_key TEXT
      )`,
      'CREATE INDEX qa_feedback_given_at ON qa_feedback (given_at)',
    ],
  },
];

/** Applies the migrations `driver`'s database lacks; returns their versions. Safe to run concurrently and repeatedly. */
export async function migrate(driver: SqlDriver, migrations: readonly Migration[] = MIGRATIONS, now: () => Date = () => new Date()): Promise<number[]> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new QaLogError(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  return driver.exclusive(async () => {
    await driver.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const rows = await driver.all<{ version: unknown }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    const newest = Math.max(0, ...applied);
    if (newest > migrations.length) {
      throw new QaLogError(`the question log's schema is version ${newest}, newer than this code knows (${migrations.length}): upgrade the service`);
    }
    const done: number[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      for (const sql of m.statements) await driver.run(sql);
      await driver.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, now().toISOString()]);
      done.push(m.version);
    }
    return done;
  });
}
