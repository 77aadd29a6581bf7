/**
 * A replica of the service as operators run it: `tsx src/server.ts` in a child process (its own
 * process group, so nothing outlives the test), configured only through its environment.
 *
 *   const a = await startReplica({ REDIS_URL, DATABASE_URL, WEB_SESSION_SECRET });
 *   await fetch(`${a.baseUrl}/healthz`);
 *   expect(await a.stop()).toBe(0);   // SIGTERM, exit code
 */
import { spawn } from 'node:child_process';
import { ROOT } from '../server/start.js';

export interface Replica {
  baseUrl: string;
  wsUrl: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  /** SIGTERM, then the exit code (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
}

export async function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn('node_modules/.bin/tsx', ['src/server.ts'], {
    cwd: ROOT,
    detached: true,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', PORT: '0', HOST: '127.0.0.1', EMBEDDING_MODEL: 'none', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let exitCode: number | null | undefined;
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica did not start in time:\n${out}`)), 40_000);
    const check = () => {
      const m = /Serving http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`replica exited with code ${code} before serving:\n${out}`));
    });
  }).catch((err) => {
    killGroup();
    throw err;
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/`,
    output: () => out,
    alive: () => exitCode === undefined,
    async stop(graceMs = 10_000) {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(killGroup, graceMs);
      const code = await exited;
      clearTimeout(timer);
      killGroup();
      return code;
    },
  };
}
