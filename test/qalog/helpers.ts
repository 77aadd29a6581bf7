/**
 * Test helpers for the question log: a fresh temporary database path, rows read back with a
 * separate better-sqlite3 connection (so tests check the file, not our code's view of it), and
 * the real app over loopback with a question log attached.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/log.js';
import { openSqliteQaLog } from '../../src/qalog/sqlite.js';
import type { QaLog } from '../../src/qalog/types.js';
import { loadTestEngine, ROOT } from '../server/start.js';
import type { Engine } from '../../src/answer/types.js';

const dirs: string[] = [];

/** A path to a not-yet-existing database file in a fresh temporary folder. */
export function tempDbPath(name = 'qalog.sqlite'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qalog-test-'));
  dirs.push(dir);
  return path.join(dir, name);
}

/** Removes every folder `tempDbPath` made (call in afterAll). */
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface StoredQuestion {
  id: string;
  asked_at: string;
  channel: string;
  intent: string;
  lang: string;
  question: string;
  question_key: string;
  outcome: string;
  answered: number;
  passage_ids: string;
  latency_ms: number;
  answer_id: string | null;
  conversation_key: string | null;
}

/** Every row of `table`, read through a connection of its own. */
export function readRows<T = StoredQuestion>(file: string, table = 'qa_questions'): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM ${table}`).all() as T[];
  } finally {
    db.close();
  }
}

export interface LoggedApp {
  app: App;
  engine: Engine;
  qalog: QaLog;
  dbPath: string;
  baseUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** createApp on 127.0.0.1:0 with a fresh question log, as `npm start` wires it. */
export async function startLoggedApp(options: { env?: Record<string, string>; engine?: Engine; log?: Logger } = {}): Promise<LoggedApp> {
  const dbPath = tempDbPath();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', EMBEDDING_MODEL: 'none', RATE_LIMIT_PER_MINUTE: '100000', QALOG_PATH: dbPath, ...options.env }, ROOT);
  const engine = options.engine ?? (await loadTestEngine());
  const qalog = await openSqliteQaLog({ path: config.qalog.path });
  const app = await createApp({ config, engine, qalog, log: options.log ?? createLogger({ level: 'error' }) });
  const { port } = await app.listen();
  return {
    app,
    engine,
    qalog,
    dbPath,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/`,
    async close() {
      await app.close();
      await qalog.close();
      if (!options.engine) await engine.close();
    },
  };
}
