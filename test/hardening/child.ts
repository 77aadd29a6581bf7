/**
 * Runs the real server (`node --import tsx src/server.ts`, as `npm start` does: one process, so
 * signals reach the server itself) as a child process over a clean environment, and watches its output.
 *
 *   const run = startServer({ CORPUS_DIR: dir, QALOG_PATH: file });
 *   const port = await run.port();             // from the start-up line
 *   run.child.kill('SIGTERM'); await run.exited;
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from '../server/start.js';

export interface ServerRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Signals the whole process group (the server and anything it started). */
  killAll(signal: NodeJS.Signals): void;
  /** The port from the start-up line; rejects if the process exits first or after `ms`. */
  port(ms?: number): Promise<number>;
}

export function startServer(env: Record<string, string>, as?: { uid: number; gid: number }): ServerRun {
  let out = '';
  let err = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so killAll reaches anything the server starts
    ...as,
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  let done = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      done = true;
      resolve(code);
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    killAll(signal) {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    },
    async port(ms = 60_000) {
      const until = Date.now() + ms;
      for (;;) {
        const m = out.match(/Serving http:\/\/[^:]+:(\d+)/);
        if (m) return Number(m[1]);
        if (done) throw new Error(`server exited before serving: ${err.trim()}`);
        if (Date.now() > until) throw new Error('server did not start in time');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** Lines that are stack frames: what must never be all a user sees. */
export const STACK_LINE = /^\s+at /m;
/** One log line of ours: `<ISO time> <level> <message>`. */
export const LOG_LINE = /^\d{4}-\d\d-\d\dT[\d:.]+Z (debug|info|warn|error) \S/;
