/**
 * The real server under load: `tsx src/server.ts` (what `npm start` runs) is started on a
 * loopback port, timed until its "Serving" line, its memory read from /proc, and
 * `POST /api/ask` driven by autocannon from this process. The questions cycle through the
 * eval sets; each pass adds one more "?" so no question repeats and the query cache (as
 * shipped) never saves the model a run. The per-client rate limit is raised to its maximum
 * (all load comes from one address) and the question log goes to bench/tmp/.
 *
 * With `stalls`, the server is started with lib/stall-probe.mjs preloaded, and each load run
 * also reports the longest time the server's event loop was held up meanwhile, and that of an
 * idle Node process beside it (what the machine itself inflicts).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { spawnChild } from './child.js';
import { engineOptions, TMP, type EngineKind } from './setup.js';

export interface LoadResult {
  connections: number;
  /** Which question list the run cycled through (`ServeOptions.runs`). */
  mix?: string;
  perSecond: number;
  latency: { p50: number; p97_5: number; p99: number };
  non2xx: number;
  /** Status code → count, for the non-2xx answers. */
  statuses: Record<string, number>;
  errors: number;
  requests: number;
  /** The server's event loop during the run (perf_hooks.monitorEventLoopDelay), when measured. */
  eventLoop?: { maxMs: number; p99Ms: number; p50Ms: number; meanMs: number };
  /**
   * The same, in an idle Node process running beside it: what the machine alone does to an event
   * loop (other processes taking the cores), the floor under the server's figure.
   */
  idleEventLoop?: { maxMs: number; p99Ms: number; p50Ms: number; meanMs: number };
}

export interface ServerResult {
  /** Spawn of `tsx src/server.ts` → its "Serving" log line. */
  startMs: number;
  mode: string;
  /** RSS of the server process (the node process tsx starts) right after start, and its peak (VmHWM). */
  rssAfterStartMiB: number;
  rssPeakMiB: number;
  /** RSS of the `tsx` command that wraps it (npm start pays it too). */
  wrapperMiB: number;
  /** The first load run (kept for the report's older rows). */
  load?: LoadResult;
  /** Every load run, in the order asked. */
  loads?: LoadResult[];
  /** What /healthz said about query embedding after the runs. */
  embedding?: Record<string, unknown>;
}

export interface ServeOptions {
  /** Load runs, one after another on the same server: connections each, and optionally their own questions. Default none (start only). */
  runs?: { connections: number; questions?: string[]; mix?: string }[];
  /** Extra environment for the server (e.g. EMBED_WORKERS). */
  env?: Record<string, string>;
  /** Measure the event loop's longest stall during each run. */
  stalls?: boolean;
  /** Label for the temporary files, so runs do not share a question log. */
  tag?: string;
  /** Awaited before run `i` (warm-up included) and called after it: lets two servers take turns. */
  before?: (i: number) => Promise<void>;
  after?: (i: number) => void;
}

/** VmRSS and VmHWM of a process, in MiB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Child processes of `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks the stall probe in `pid` for what it saw since the last ask, and resets it. */
async function readStalls(pid: number, file: string): Promise<LoadResult['eventLoop']> {
  const out = `${file}.${pid}.json`;
  rmSync(out, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 200 && !existsSync(out); i++) await sleep(10);
  const r = JSON.parse(readFileSync(out, 'utf8'));
  return { maxMs: r.maxMs, p99Ms: r.p99Ms, p50Ms: r.p50Ms, meanMs: r.meanMs };
}

/** Starts the server, loads it for `seconds` per run (0 or no runs: start only), stops it. */
export async function serveAndLoad(kind: EngineKind, questions: string[], seconds: number, connections: number | ServeOptions): Promise<ServerResult> {
  const opts: ServeOptions = typeof connections === 'number' ? { runs: [{ connections }] } : connections;
  const o = engineOptions(kind);
  const tag = opts.tag ?? kind;
  const qalog = path.join(TMP, `qalog-${tag}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(qalog + suffix, { force: true });
  const stallFile = path.join(TMP, `stalls-${tag}`);
  const probe = path.join(import.meta.dirname, 'stall-probe.mjs');
  const nodeOptions = [process.env.NODE_OPTIONS, opts.stalls ? `--import ${probe}` : ''].filter(Boolean).join(' ');
  const t0 = performance.now();
  const child = spawnChild('src/server.ts', [], {
    timeoutMs: 0,
    viaTsxCli: true,
    env: {
      PORT: '0', HOST: '127.0.0.1', CORPUS_DIR: o.corpusDir, EMBEDDINGS_DIR: o.embeddingsDir, MODELS_DIR: o.modelsDir, EMBEDDING_MODEL: o.model,
      SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', RATE_LIMIT_PER_MINUTE: '1000000', QALOG_PATH: qalog,
      ...(opts.stalls ? { BENCH_STALL_FILE: stallFile, NODE_OPTIONS: nodeOptions } : {}),
      ...opts.env,
    },
  });
  let out = '';
  let idle: ChildProcess | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const serving = await new Promise<{ url: string; ms: number; line: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start in 90 s: ${out.trim().slice(-300)}`)), 90_000);
      const onData = (d: Buffer) => {
        out += d;
        const line = out.split('\n').find((l) => l.includes('Serving '));
        const url = line && /Serving (http:\/\/\S+)/.exec(line)?.[1];
        if (!line || !url) return;
        clearTimeout(timer);
        resolve({ url, ms: performance.now() - t0, line });
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void exited.then((code) => reject(new Error(`server exited ${code} before serving: ${out.trim().slice(-300)}`)));
    });
    const server = childrenOf(child.pid!)[0] ?? child.pid!;
    if (opts.stalls) {
      idle = spawn(process.execPath, ['--import', probe, '-e', 'setInterval(() => {}, 60_000)'], { env: { ...process.env, BENCH_STALL_FILE: `${stallFile}-idle` }, stdio: 'ignore' });
      await sleep(300);
    }
    const started = memoryOf(server);
    const result: ServerResult = {
      startMs: serving.ms,
      mode: /hybrid/.test(serving.line) ? 'hybrid' : 'lexical',
      rssAfterStartMiB: started.rss,
      rssPeakMiB: started.peak,
      wrapperMiB: server === child.pid ? 0 : memoryOf(child.pid!).rss,
    };
    if (seconds > 0 && opts.runs?.length) {
      const port = new URL(serving.url).port;
      let i = 0;
      let list = questions;
      // One more "?" per pass through the questions, so none repeats; the API takes 500 characters.
      const next = () => {
        const pass = Math.floor(i / list.length);
        return list[i++ % list.length].slice(0, 500 - pass) + '?'.repeat(pass);
      };
      const run = (duration: number, conns: number) =>
        autocannon({
          url: `http://127.0.0.1:${port}`,
          connections: conns,
          duration,
          requests: [
            {
              method: 'POST',
              path: '/api/ask',
              headers: { 'content-type': 'application/json' },
              setupRequest: (req: Record<string, unknown>) => ({ ...req, body: JSON.stringify({ question: next() }) }),
            },
          ],
        });
      result.loads = [];
      for (const [k, spec] of opts.runs.entries()) {
        const conns = spec.connections;
        if (spec.questions && spec.questions !== list) [list, i] = [spec.questions, 0];
        await opts.before?.(k);
        await run(2, conns); // warm-up
        if (opts.stalls) await Promise.all([readStalls(server, stallFile), readStalls(idle!.pid!, `${stallFile}-idle`)]);
        const r = await run(seconds, conns);
        const [eventLoop, idleEventLoop] = opts.stalls ? await Promise.all([readStalls(server, stallFile), readStalls(idle!.pid!, `${stallFile}-idle`)]) : [];
        result.loads.push({
          connections: conns,
          ...(spec.mix ? { mix: spec.mix } : {}),
          perSecond: r.requests.average,
          latency: { p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99 },
          non2xx: r.non2xx,
          statuses: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).filter(([code]) => !code.startsWith('2')).map(([code, v]) => [code, v.count])),
          errors: r.errors + r.timeouts,
          requests: r.requests.total,
          ...(eventLoop ? { eventLoop, idleEventLoop } : {}),
        });
        opts.after?.(k);
      }
      result.load = result.loads[0];
      result.rssPeakMiB = memoryOf(server).peak;
      try {
        result.embedding = ((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { embedding?: Record<string, unknown> }).embedding;
      } catch {
        // the figures above stand without it
      }
    }
    return result;
  } finally {
    idle?.kill('SIGKILL');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
