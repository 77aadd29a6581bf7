import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './start.js';

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

// `npx tsx src/server.ts` resolves to this binary; npx itself does not pass SIGTERM on (the server
// would be orphaned), so the test runs the binary, and `npm start` (whose script uses `exec`).
const TSX = ['node_modules/.bin/tsx', 'src/server.ts'];
const NPM_START = ['npm', 'start', '--silent'];

/** Runs the server with `env` over a clean environment. */
function start(env: Record<string, string>, [cmd, ...args]: string[] = TSX): Run {
  let out = '';
  let err = '';
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function waitFor<T>(probe: () => T | undefined, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('server', () => {
  it.each([
    { name: 'tsx src/server.ts', command: TSX, signal: 'SIGTERM' },
    { name: 'tsx src/server.ts', command: TSX, signal: 'SIGINT' },
    { name: 'npm start', command: NPM_START, signal: 'SIGTERM' },
  ] as const)('$name starts with one start-up line, answers /healthz, and exits 0 on $signal', async ({ command, signal }) => {
    const run = start({ PORT: '0', HOST: '127.0.0.1', EMBEDDING_MODEL: 'none' }, [...command]);
    try {
      const port = await waitFor(() => run.stdout().match(/Serving http:\/\/localhost:(\d+)/)?.[1], 30_000);
      const health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
      expect(health).toMatchObject({ status: 'ok', mode: 'lexical', dense: false, slack: false });
      const ask = await fetch(`http://127.0.0.1:${port}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'TFFN là gì?' }),
      });
      expect((await ask.json()).answered).toBe(true);

      const lines = run.stdout().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/lexical retrieval \(dense off: .+\)/);
      expect(lines[0]).toContain(`${health.documents} document, ${health.chunks} chunks`);
      expect(lines[0]).toContain('Slack off: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET not set');
      expect(run.stderr()).toBe('');

      run.child.kill(signal);
      expect(await run.exited).toBe(0);
      expect(run.stdout()).toContain(`${signal} received, shutting down`);
      // Nothing is left listening.
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 60_000);

  it('exits 1 with one line saying what to fix on a bad setting', async () => {
    const run = start({ PORT: 'eighty' });
    expect(await run.exited).toBe(1);
    expect(run.stderr().trim()).toBe('Configuration error: PORT must be a whole number from 0 to 65535, got "eighty"');
    expect(run.stdout()).toBe('');
  }, 60_000);
});
