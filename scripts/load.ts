/**
 * `npm run load`: a bounded load test of the real server. Starts `src/server.ts` on a loopback
 * port (its own process, rate limiter raised, question log in a temp folder), drives
 * `POST /api/ask` with autocannon at a sustained concurrency with a mix of English, Vietnamese
 * and out-of-scope questions, and prints requests/s, p50/p95/p99 latency, errors, non-2xx and
 * the server's peak memory. Exits 1 when a target is missed (errors, non-2xx, p99 ≥ 100 ms).
 * Metrics are on (METRICS_TOKEN set) and /metrics is scraped every 5 s during the run, as
 * Prometheus would; `--url` scrapes too when METRICS_TOKEN is in the environment.
 *
 *   npm run load                                  # 30 s at 16 connections
 *   npm run load -- --duration 10 --connections 32
 *   npm run load -- --url http://127.0.0.1:8080   # a server (or proxy) already running; no memory figure
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface LoadOptions {
  /** Seconds of sustained load. Default 30. */
  duration: number;
  /** Concurrent connections. Default 16. */
  connections: number;
  /** p99 latency target, ms. Default 100. */
  p99TargetMs: number;
  /** Base URL of a server already running (e.g. replicas behind a proxy); unset: start one. Its rate limit must be raised. */
  url?: string;
}

/** The mix, cycled in order: a third each English, Vietnamese (with and without marks), out of scope. */
export const QUESTIONS = [
  'Where will the 18th AMRI meeting be held?',
  'What does the declaration say about disinformation?',
  'What is the ASEAN Task Force on Fake News?',
  'Which countries took part in the meetings?',
  'Hội nghị AMRI lần thứ 18 sẽ được tổ chức ở đâu?',
  'Tuyên bố nói gì về tin giả?',
  'chuyen doi so trong truyen thong ASEAN',
  'TFFN là gì?',
  'What is the recipe for pho?',
  'Who won the football world cup in 2022?',
  'Giá vàng hôm nay bao nhiêu?',
  'How do I reset my password?',
];

function parseArgs(argv: string[]): LoadOptions {
  const options: LoadOptions = { duration: 30, connections: 16, p99TargetMs: 100 };
  for (let i = 0; i < argv.length; i++) {
    const value = Number(argv[i + 1]);
    if (argv[i] === '--duration' && value > 0) options.duration = value;
    else if (argv[i] === '--connections' && value > 0) options.connections = value;
    else if (argv[i] === '--p99' && value > 0) options.p99TargetMs = value;
    else if (argv[i] === '--url' && /^https?:\/\//.test(argv[i + 1] ?? '')) options.url = argv[i + 1].replace(/\/+$/, '');
    else continue;
    i++;
  }
  return options;
}

/** Resident memory now and at its peak (VmHWM), MiB, from /proc (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Exact percentile (nearest rank) of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The server under load: one this script starts, or one already running at `url`. */
interface Target {
  base: string;
  /** Its process, for memory figures; undefined for a server at `--url`. */
  pid?: number;
  stderr(): string;
  stop(): Promise<void>;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const target: Target = options.url ? { base: options.url, stderr: () => '', stop: async () => undefined } : await startServer();
  try {
    await run(options, target);
  } finally {
    await target.stop();
  }
}

/** The token the started server gets, or the one in the environment for `--url`. */
const metricsToken = process.env.METRICS_TOKEN || randomBytes(16).toString('hex');

async function startServer(): Promise<Target> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'kl-load-'));
  // One node process (not the tsx wrapper), so /proc/<pid> is the server itself.
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      // All load comes from one address: raise the per-client limit out of the way.
      RATE_LIMIT_PER_MINUTE: '1000000',
      // Measured with metrics on, scraped during the run.
      METRICS_TOKEN: metricsToken,
      QALOG_PATH: path.join(tmp, 'qalog.sqlite'),
      DOTENV_CONFIG_QUIET: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  server.stdout!.on('data', (d) => (out += d));
  server.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
  const stop = async () => {
    server.kill('SIGTERM');
    await exited;
    rmSync(tmp, { recursive: true, force: true });
  };

  const started = Date.now();
  let serving: RegExpMatchArray | null = null;
  while (!(serving = out.match(/Serving (http:\/\/\S+) — (.*)/))) {
    if (server.exitCode !== null || Date.now() - started > 60_000) {
      await stop();
      throw new Error(server.exitCode !== null ? `server exited: ${err.trim()}` : 'server did not start within 60 s');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { base: serving[1].replace('localhost', '127.0.0.1'), pid: server.pid, stderr: () => err, stop };
}

async function run(options: LoadOptions, target: Target): Promise<void> {
  const { base, pid } = target;
  const health = await (await fetch(`${base}/healthz`)).json();
  const atStart = pid ? memoryOf(pid) : undefined;

  // Warm-up: every question once, so the first measured requests are not the JIT's.
  for (const question of QUESTIONS) {
    await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  }

  let peakRss = 0;
  const sampler = setInterval(() => {
    const m = pid ? memoryOf(pid) : undefined;
    if (m) peakRss = Math.max(peakRss, m.rss);
  }, 200);
  // A Prometheus scrape every 5 s (not counted in the figures below).
  const scrapes: { status: number; ms: number }[] = [];
  const scrape = async () => {
    const t0 = performance.now();
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } }).catch(() => undefined);
    await res?.arrayBuffer();
    scrapes.push({ status: res?.status ?? 0, ms: performance.now() - t0 });
  };
  const scraper = setInterval(() => void scrape(), 5000);
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon({
    url: `${base}/api/ask`,
    connections: options.connections,
    duration: options.duration,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ question: QUESTIONS[next++ % QUESTIONS.length] }) }),
      },
    ],
  }) as unknown as EventEmitter & PromiseLike<Awaited<ReturnType<typeof autocannon>>>;
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  clearInterval(sampler);
  clearInterval(scraper);
  await scrape();
  const end = pid ? memoryOf(pid) : undefined;
  latencies.sort((a, b) => a - b);

  const p = (q: number) => percentile(latencies, q).toFixed(1);
  const p99 = percentile(latencies, 99);
  const figures = [
    ['date', new Date().toISOString().slice(0, 10)],
    ['machine', `${os.cpus().length} cores, ${os.cpus()[0]?.model.trim() ?? '?'}, node ${process.version}`],
    ['server', `${options.url ? `${options.url}: ` : ''}${health.mode} retrieval, ${health.documents} document(s), ${health.chunks} chunks${health.shared ? `; shared: ${Object.keys(health.shared).filter((k) => k !== 'status').join(' + ')}` : ''}`],
    ['load', `${options.connections} connections for ${options.duration} s, POST /api/ask, ${QUESTIONS.length} questions (en / vi / out of scope)`],
    ['requests', `${result.requests.total} (${(result.requests.total / options.duration).toFixed(0)}/s)`],
    ['latency', `p50 ${p(50)} ms · p95 ${p(95)} ms · p99 ${p(99)} ms · max ${latencies.at(-1)?.toFixed(1)} ms`],
    ['errors', `${result.errors} (timeouts ${result.timeouts})`],
    ['non-2xx', `${result.non2xx}  statuses ${JSON.stringify(statuses)}`],
    ['metrics', `${scrapes.filter((s) => s.status === 200).length} of ${scrapes.length} scrapes of /metrics answered 200 (slowest ${Math.max(0, ...scrapes.map((s) => s.ms)).toFixed(1)} ms)`],
    ['memory', pid ? `RSS ${atStart?.rss.toFixed(0)} MiB after start → peak ${Math.max(end?.peak ?? 0, peakRss).toFixed(0)} MiB (VmHWM)` : 'not measured (server not started by this script)'],
  ];
  const width = Math.max(...figures.map(([k]) => k.length));
  for (const [k, v] of figures) console.log(`${k.padEnd(width)}  ${v}`);

  const missed = [
    result.errors > 0 && `${result.errors} errors`,
    result.non2xx > 0 && `${result.non2xx} non-2xx`,
    !(p99 < options.p99TargetMs) && `p99 ${p99.toFixed(1)} ms ≥ ${options.p99TargetMs} ms`,
  ].filter(Boolean);
  console.log(missed.length ? `targets MISSED: ${missed.join(', ')}` : `targets met: zero errors, no non-2xx, p99 < ${options.p99TargetMs} ms`);
  if (target.stderr().trim()) console.log(`server stderr:\n${target.stderr().trim()}`);
  process.exitCode = missed.length ? 1 : 0;
}

main().catch((error) => {
  console.error(`load test failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
