/**
 * Start-up never hangs on a path, on the real server process: every path setting is checked with
 * bounded operations before use, and a bad one is one line naming the setting, the path and the
 * reason, then exit 1 — within seconds, where a recursive mkdir on procfs used to spin for ever.
 * And SIGTERM ends the process at any point of the start.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STACK_LINE, startServer } from './child.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'kl-paths-'));
afterAll(() => {
  chmodSync(tmp, 0o755);
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs the server; resolves with its exit code and output, or with `hung` after `ms`. */
async function startAndWait(env: Record<string, string>, ms = 30_000, as?: { uid: number; gid: number }) {
  const run = startServer({ EMBEDDING_MODEL: 'none', ...env }, as);
  const t0 = Date.now();
  const timer = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms).unref());
  const code = await Promise.race([run.exited, timer]);
  run.killAll('SIGKILL');
  return { code, took: Date.now() - t0, stdout: run.stdout(), stderr: run.stderr() };
}

/** Exit 1 with exactly `line` on stderr and nothing else, never a stack. */
function expectOneLine(result: Awaited<ReturnType<typeof startAndWait>>, line: string) {
  expect(result.code).toBe(1);
  expect(result.stderr.trimEnd()).toBe(line);
  expect(result.stderr).not.toMatch(STACK_LINE);
  expect(result.stdout).toBe('');
}

describe('hardening: path settings at start', () => {
  it('refuses QALOG_PATH=/proc/nope/x.sqlite in one line within seconds (a recursive mkdir there never returns)', async () => {
    const result = await startAndWait({ QALOG_PATH: '/proc/nope/x.sqlite' });
    expectOneLine(result, 'Could not start: QALOG_PATH /proc/nope/x.sqlite: folder /proc/nope cannot be created (ENOENT)');
    expect(result.took).toBeLessThan(20_000);
  }, 60_000);

  it('refuses EMBEDDINGS_DIR under /proc in one line (the index writer would spin there when it saves)', async () => {
    const result = await startAndWait({ QALOG_PATH: path.join(tmp, 'emb.sqlite'), EMBEDDINGS_DIR: '/proc/nope/embeddings' });
    expectOneLine(result, 'Could not start: EMBEDDINGS_DIR /proc/nope/embeddings: folder /proc/nope cannot be created (ENOENT)');
  }, 60_000);

  it('refuses a QALOG_PATH in a read-only folder in one line naming the setting', async () => {
    const ro = path.join(tmp, 'read-only');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    // Root writes anywhere: the server then runs as nobody, for whom the folder is read-only.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
    if (asNobody) chmodSync(tmp, 0o755);
    const result = await startAndWait({ QALOG_PATH: path.join(ro, 'x.sqlite'), HOME: tmp }, 30_000, asNobody);
    expectOneLine(result, `Could not start: QALOG_PATH ${ro}/x.sqlite: folder ${ro} is not writable (EACCES)`);
  }, 60_000);

  it('refuses a QALOG_PATH that is a named pipe (opening it would block) in one line', async () => {
    const fifo = path.join(tmp, 'pipe.sqlite');
    execFileSync('mkfifo', [fifo]);
    const result = await startAndWait({ QALOG_PATH: fifo });
    expectOneLine(result, `Could not start: QALOG_PATH ${fifo}: a named pipe, not a regular file`);
  }, 60_000);

  it('refuses a CORPUS_DIR that is missing in one line naming the setting', async () => {
    const result = await startAndWait({ QALOG_PATH: path.join(tmp, 'corpus.sqlite'), CORPUS_DIR: path.join(tmp, 'no-corpus') });
    expectOneLine(result, `Could not start: CORPUS_DIR ${tmp}/no-corpus: no such folder`);
  }, 60_000);

  it.each([100, 600, 1200])('ends on SIGTERM %i ms into the start, within seconds', async (delay) => {
    const run = startServer({ EMBEDDING_MODEL: 'none', QALOG_PATH: path.join(tmp, `sigterm-${delay}.sqlite`) });
    try {
      await new Promise((r) => setTimeout(r, delay));
      const t0 = Date.now();
      run.child.kill('SIGTERM');
      const code = await Promise.race([run.exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 15_000).unref())]);
      // 0 from our handler (during start or after), or the signal itself before Node has run our code at all.
      expect(code === 0 || code === null).toBe(true);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(run.stderr()).not.toMatch(STACK_LINE);
    } finally {
      run.killAll('SIGKILL');
    }
  }, 60_000);
});
