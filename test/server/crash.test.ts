/**
 * Durability under a crash: the real server (`tsx src/server.ts`) answers a stream of
 * /api/ask requests and is SIGKILLed mid-stream; every question that got a 200 must be in
 * the question log afterwards.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRows, removeTempDirs, tempDbPath } from '../qalog/helpers.js';
import { ROOT } from './start.js';

afterAll(removeTempDirs);

const CONCURRENCY = 8;
const KILL_AFTER = 150;

describe('server (crash)', () => {
  // `normal` skips the fsync, but the COMMIT has reached the OS before the reply: a killed process loses nothing either way.
  it.each(['full', 'normal'])('keeps every acknowledged question when SIGKILLed under traffic (QALOG_SYNC=%s)', async (sync) => {
    const dbPath = tempDbPath();
    // Its own process group: tsx runs the server in a child process, and SIGKILL cannot be
    // relayed, so the whole group is killed at once.
    const child = spawn('node_modules/.bin/tsx', ['src/server.ts'], {
      cwd: ROOT,
      detached: true,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', PORT: '0', HOST: '127.0.0.1', EMBEDDING_MODEL: 'none', QALOG_PATH: dbPath, QALOG_SYNC: sync, RATE_LIMIT_PER_MINUTE: '1000000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    try {
      const port = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
        child.stdout!.on('data', () => {
          const m = /Serving http:\/\/localhost:(\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });

      const acknowledged: string[] = [];
      let failed = 0;
      let next = 0;
      let killed = false;
      let inFlight = 0;
      let inFlightAtKill = 0;
      const questions = ['What is SOMRI?', 'TFFN là gì?', 'Who won the world cup?', 'chuyển đổi số', 'ASEAN media cooperation'];
      async function worker(): Promise<void> {
        while (!killed) {
          const question = `${questions[next % questions.length]} #${next++}`;
          inFlight++;
          try {
            const res = await fetch(`http://127.0.0.1:${port}/api/ask`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ question }),
            });
            await res.arrayBuffer();
            if (res.status === 200) acknowledged.push(question);
            else failed++;
          } catch {
            failed++;
          } finally {
            inFlight--;
          }
          if (!killed && acknowledged.length >= KILL_AFTER) {
            killed = true;
            inFlightAtKill = inFlight;
            killGroup();
          }
        }
      }
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      expect(await exited).toBe('SIGKILL');
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

      // Mid-stream: requests were still in flight when the process died.
      expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
      // (Whether those in-flight requests fail or were answered just before the kill is a race;
      // either way every acknowledged one must be in the log.)
      expect(inFlightAtKill).toBeGreaterThan(0);
      const stored = new Set(readRows(dbPath).map((r) => r.question));
      expect(acknowledged.filter((q) => !stored.has(q))).toEqual([]);
      // Rows of requests that died before their response may be there too, but nothing else.
      expect(stored.size).toBeLessThanOrEqual(next);
    } finally {
      killGroup();
    }
  }, 90_000);
});

describe('server (question log faults)', () => {
  it('refuses to start with one line when the question log cannot be opened', async () => {
    const blocker = tempDbPath('a-file');
    writeFileSync(blocker, 'not a folder');
    const qalogPath = path.join(blocker, 'qalog.sqlite');
    const child = spawn('node_modules/.bin/tsx', ['src/server.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', PORT: '0', HOST: '127.0.0.1', EMBEDDING_MODEL: 'none', QALOG_PATH: qalogPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.trimEnd()).toBe(`Could not start: QALOG_PATH ${qalogPath}: ${blocker} is a file, not a folder`);
  }, 60_000);
});
