import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteQaLog } from '../../src/qalog/sqlite.js';
import type { QuestionRow } from '../../src/qalog/types.js';
import { removeTempDirs, tempDbPath } from '../qalog/helpers.js';
import { ROOT } from '../server/start.js';

/** Runs `tsx src/cli/report.ts` the way `npm run report` does, over a clean environment. */
function report(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node_modules/.bin/tsx', ['src/cli/report.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const HOUR = 3_600_000;
let dbPath: string;
beforeAll(async () => {
  dbPath = tempDbPath();
  const qalog = await openSqliteQaLog({ path: dbPath });
  const now = Date.now();
  const row = (id: string, hoursAgo: number, over: Partial<QuestionRow>): QuestionRow => ({
    id,
    askedAt: new Date(now - hoursAgo * HOUR),
    channel: 'web',
    intent: 'question',
    lang: 'en',
    question: 'What is SOMRI?',
    outcome: 'answer',
    passageIds: ['d:p2'],
    latencyMs: 4,
    ...over,
  });
  await qalog.recordQuestion(row('r1', 1, { answerId: 'a1' }));
  await qalog.recordQuestion(row('r2', 2, { question: 'what is somri', channel: 'api', latencyMs: 6 }));
  await qalog.recordQuestion(row('r3', 3, { question: 'Who won the cup?', outcome: 'no-answer', passageIds: [], latencyMs: 8 }));
  await qalog.recordQuestion(row('r4', 48, { question: 'TFFN là gì?', lang: 'vi', channel: 'slack', latencyMs: 100 }));
  await qalog.recordFeedback({ answerId: 'a1', value: 'down', givenAt: new Date(now - HOUR / 2) });
  await qalog.close();
}, 30_000);
afterAll(removeTempDirs);

describe('cli/report', () => {
  it('prints the report of the last 7 days by default', async () => {
    const { code, stdout, stderr } = await report([], { QALOG_PATH: dbPath });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Questions: 4 (answered 3, unanswered 1, errors 0)');
    expect(stdout).toContain('By channel: web 2, api 1, slack 1');
    expect(stdout).toContain('Latency, ms (4 turns): p50 6.0  p95 100.0  p99 100.0  max 100.0');
    expect(stdout).toMatch(/Most asked:\n +2× {2}What is SOMRI\? {2}\(answered 2\)/);
    expect(stdout).toMatch(/Unanswered — what the corpus is missing:\n +1× {2}Who won the cup\?/);
    expect(stdout).toContain('Feedback: up 0, down 1');
  }, 30_000);

  it('prints JSON for --json, for the period asked', async () => {
    const { code, stdout } = await report(['--since', '24h', '--json'], { QALOG_PATH: dbPath });
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.totals).toEqual({ questions: 3, answered: 2, unanswered: 1, errors: 0, followUps: 0 });
    expect(json.byLanguage).toEqual([{ lang: 'en', count: 3 }]);
    expect(json.latency).toEqual({ count: 3, p50: 6, p95: 8, p99: 8, max: 8 });
  }, 30_000);

  it('exits 1 with one line when there is no log yet, creating nothing', async () => {
    const missing = tempDbPath('missing.sqlite');
    const { code, stdout, stderr } = await report([], { QALOG_PATH: missing });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`No question log at ${missing}: start the service (npm start) first, or set QALOG_PATH.\n`);
    expect(existsSync(missing)).toBe(false);
  }, 30_000);

  it('exits 1 with one line for a bad period, and 2 with the usage for a bad argument', async () => {
    const period = await report(['--since', 'fortnight'], { QALOG_PATH: dbPath });
    expect(period.code).toBe(1);
    expect(period.stderr).toBe('since must be like 7d, 24h, 30m, 2026-11-01 or 2026-11-01T09:00Z, got "fortnight"\n');
    const usage = await report(['--sinse', '7d'], { QALOG_PATH: dbPath });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^unknown argument --sinse\nUsage: npm run report/);
  }, 30_000);
});
