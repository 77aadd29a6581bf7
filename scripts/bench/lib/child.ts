/**
 * Runs a benchmark step in its own process, so its timings and memory are its own (a cold
 * start is really cold; one corpus size does not inherit another's heap). The child prints
 * one `BENCH_RESULT <json>` line; everything else it prints is kept for error messages.
 *
 *   const r = await runChild<ColdParts>('scripts/bench/child/cold-parts.ts', [], { timeoutMs: 60_000 });
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
const MARK = 'BENCH_RESULT ';

export interface ChildOptions {
  /** Kill the child after this long. */
  timeoutMs: number;
  /** Start through the `tsx` command (as `npm start` does) instead of `node --import tsx`. */
  viaTsxCli?: boolean;
  env?: Record<string, string>;
}

/**
 * Arguments that start `script` (a path from the repo root) under node with tsx and
 * --expose-gc; the heap limit is raised so a 100k-chunk index that needs more than the
 * default is measured rather than killed.
 */
export function nodeArgs(script: string, args: string[]): string[] {
  return ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', path.join(ROOT, script), ...args];
}

export function spawnChild(script: string, args: string[], options: ChildOptions & { ipc?: boolean }): ChildProcess {
  const [cmd, argv] = options.viaTsxCli
    ? [path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, script), ...args]]
    : [process.execPath, nodeArgs(script, args)];
  return spawn(cmd, argv, {
    cwd: ROOT,
    env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', ...options.env },
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs a child to completion and returns what it reported, plus the wall time from spawn to exit. */
export function runChild<T>(script: string, args: string[], options: ChildOptions): Promise<T & { wallMs: number; spawnedAt: number }> {
  return new Promise((resolve, reject) => {
    const spawnedAt = Date.now();
    const t0 = performance.now();
    const child = spawnChild(script, args, options);
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} took longer than ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(MARK));
      if (code !== 0 || !line) {
        reject(new Error(`${script} ${args.join(' ')} exited ${code}: ${(err || out).trim().split('\n').slice(-6).join(' | ')}`));
        return;
      }
      resolve({ ...(JSON.parse(line.slice(MARK.length)) as T), wallMs: performance.now() - t0, spawnedAt });
    });
  });
}

/** Called by a child: prints its result for `runChild`. */
export function report(result: unknown): void {
  process.stdout.write(MARK + JSON.stringify(result) + '\n');
}
