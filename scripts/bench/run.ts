/**
 * `npm run bench`: measured latency, start-up, throughput, memory and scale, with minisearch
 * side by side; prints one plain-text table (progress goes to stderr) and keeps the raw
 * figures in bench/tmp/last-run.json. Every step runs in its own process and every loop is
 * bounded, so a run takes about five minutes on a 2-core machine.
 *
 *   npm run bench                 # everything
 *   npm run bench -- --quick      # 1k and 10k only, shorter loops (a smoke test)
 *   npm run bench -- --hybrid-load   # only the hybrid-under-load rows (section 4b), about 2 minutes
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runChild } from './lib/child.js';
import { serveAndLoad } from './lib/http.js';
import { defaultEmbedWorkers } from '../../src/config.js';
import { E5_FILE, evalQuestions, hasE5Model, TMP } from './lib/setup.js';
import { median } from './lib/stats.js';
import { printHybridLoad, printReport, type HybridLoad, type Results } from './report.js';

const quick = process.argv.includes('--quick');
const hybridOnly = process.argv.includes('--hybrid-load');
const SIZES = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const THROUGHPUT_S = quick ? 3 : 10;
const progress = (msg: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)} s] ${msg}\n`);
const started = performance.now();

/** Makes the random-weight e5-architecture model when it is missing (or older than its script) and Debian's python can. */
function ensureE5Model(): string | null {
  const script = path.join(ROOT, 'scripts/make-e5-arch-model.py');
  if (hasE5Model() && statSync(E5_FILE).mtimeMs >= statSync(script).mtimeMs) return null;
  const python = '/usr/bin/python3';
  try {
    execFileSync(python, ['-c', 'import onnx, numpy'], { stdio: 'ignore' });
  } catch {
    return 'no e5-architecture model: run `apt-get install -y python3-onnx python3-numpy` (Debian python) so the bench can make it';
  }
  progress('making the random-weight e5-architecture model (scripts/make-e5-arch-model.py)…');
  execFileSync(python, [script], { stdio: ['ignore', 'ignore', 'inherit'] });
  return hasE5Model() ? null : 'scripts/make-e5-arch-model.py did not produce the model';
}

/** Runs `fn`, turning a failure into a note instead of ending the run. */
async function attempt<T>(what: string, notes: string[], fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    notes.push(`${what}: ${(err as Error).message}`);
    progress(`${what} failed: ${(err as Error).message}`);
    return null;
  }
}

/**
 * The long-question mix for the hybrid-under-load rows: the eval questions with every fourth one
 * a long question (about 460 characters, several eval questions run together; the API takes
 * 500), the costliest kind to embed.
 */
function hybridMix(): { questions: string[]; longShare: number; longChars: number; shortChars: number } {
  const short = evalQuestions().map((q) => q.q);
  const long = (i: number) => {
    let s = '';
    for (let j = i; s.length < 460; j += 7) s += short[j % short.length] + ' ';
    return s.slice(0, 460).trim();
  };
  const questions: string[] = [];
  short.forEach((q, i) => {
    questions.push(q);
    if (i % 3 === 2) questions.push(long(i));
  });
  const longs = questions.filter((q) => q.length > 300);
  const shorts = questions.filter((q) => q.length <= 300);
  const avg = (xs: string[]) => Math.round(xs.reduce((a, x) => a + x.length, 0) / xs.length);
  return { questions, longShare: longs.length / questions.length, longChars: avg(longs), shortChars: avg(shorts) };
}

/**
 * 4b. Hybrid POST /api/ask, query embedding on the main thread (EMBED_WORKERS=0) and in the
 * worker pool: the eval questions (as row 4) at 8 and 16 connections, then the long-question mix
 * at 16. Both servers run at once and take turns, one row each, so the two rows of a pair are
 * measured minutes apart at most, under the same load from the rest of the machine; the idle one
 * waits (a few ms of CPU a second).
 */
async function hybridLoad(seconds: number, notes: string[]): Promise<HybridLoad> {
  const mix = hybridMix();
  const questions = evalQuestions().map((q) => q.q);
  const settings = [0, defaultEmbedWorkers()];
  const runs = [
    { connections: 8, questions, mix: 'eval' },
    { connections: 16, questions, mix: 'eval' },
    { connections: 16, questions: mix.questions, mix: 'long' },
  ];
  // Turn t = run × settings + setting; a setting that failed gives up its turns.
  let turn = 0;
  const failed = new Set<number>();
  const waiting = new Map<number, () => void>();
  const advance = () => {
    turn++;
    while (failed.has(turn % settings.length) && turn < runs.length * settings.length) turn++;
    waiting.get(turn)?.();
  };
  const rows = await Promise.all(
    settings.map(async (workers, s) => {
      const before = (k: number) => {
        const mine = k * settings.length + s;
        if (mine === turn) return Promise.resolve();
        return new Promise<void>((resolve) => waiting.set(mine, resolve));
      };
      const after = (k: number) => {
        progress(`hybrid under load: EMBED_WORKERS=${workers}, ${runs[k].connections} connections, ${runs[k].mix} questions done`);
        advance();
      };
      const r = await attempt(`hybrid load EMBED_WORKERS=${workers}`, notes, () =>
        serveAndLoad('e5', questions, seconds, { runs, env: { EMBED_WORKERS: String(workers) }, stalls: true, tag: `e5-w${workers}`, before, after }),
      );
      if (!r) {
        failed.add(s);
        if (turn % settings.length === s) advance();
      }
      return r ? { workers, server: r } : null;
    }),
  );
  return { seconds, questions: mix.questions.length, longShare: mix.longShare, longChars: mix.longChars, shortChars: mix.shortChars, rows: rows.filter((r) => r !== null) };
}

/** Prepares the bench's e5 index (the first e5 engine builds it) so no server start pays for it. */
async function prepareE5Index(notes: string[]) {
  progress('cold start: preparing the e5 index…');
  await attempt('e5 index', notes, () => runChild('scripts/bench/child/cold.ts', ['engine', 'e5'], { timeoutMs: 180_000, viaTsxCli: true }));
}

async function hybridOnlyRun() {
  const notes: string[] = [];
  await mkdir(TMP, { recursive: true });
  const problem = ensureE5Model();
  if (problem) throw new Error(problem);
  const date = new Date().toISOString();
  const loadAverage = os.loadavg()[0];
  await prepareE5Index(notes);
  const result = await hybridLoad(THROUGHPUT_S, notes);
  const machine = `${os.cpus()[0]?.model.trim() ?? 'cpu'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
  const out = { date, machine, loadAverage, loadAverageEnd: os.loadavg()[0], totalMs: performance.now() - started, hybridLoad: result, notes };
  await writeFile(path.join(TMP, 'hybrid-load.json'), JSON.stringify(out, null, 1) + '\n');
  printHybridLoad(out);
}

async function main() {
  if (hybridOnly) return hybridOnlyRun();
  const notes: string[] = [];
  await mkdir(TMP, { recursive: true });
  const modelProblem = ensureE5Model();
  if (modelProblem) notes.push(modelProblem);
  const e5 = !modelProblem;
  const results: Results = {
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model.trim() ?? 'cpu'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`,
    loadAverage: os.loadavg()[0],
    quick,
    e5,
    cold: {},
    notes,
    scale: [],
  };

  // 1. Cold start. The first e5 run builds the bench's vector index and warms the page cache.
  if (e5) await prepareE5Index(notes);
  for (const kind of e5 ? (['e5', 'lexical'] as const) : (['lexical'] as const)) {
    progress(`cold start (${kind})…`);
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const r = await attempt(`cold start ${kind}`, notes, () => runChild<{ readyAt: number; bootMs: number; importMs: number; loadMs: number; firstAskMs: number; mode: string }>('scripts/bench/child/cold.ts', ['engine', kind], { timeoutMs: 60_000, viaTsxCli: true }));
      if (r) runs.push({ ...r, readyMs: r.readyAt - r.spawnedAt });
    }
    const parts = await attempt(`cold start parts ${kind}`, notes, () => runChild<Record<string, number>>('scripts/bench/child/cold.ts', ['parts', kind], { timeoutMs: 60_000, viaTsxCli: true }));
    results.cold[kind] = {
      readyMs: median(runs.map((r) => r.readyMs)),
      runs: runs.map((r) => r.readyMs),
      firstAskMs: median(runs.map((r) => r.firstAskMs)),
      mode: runs[0]?.mode,
      parts: parts ? { ...parts, readyMs: parts.readyAt - parts.spawnedAt } : null,
    };
  }

  // 2–5. Warm latency, embedding, in-process throughput, memory.
  progress('warm latency, query embedding, in-process throughput…');
  results.warm = (await attempt('warm', notes, () => runChild('scripts/bench/child/warm.ts', [String(THROUGHPUT_S)], { timeoutMs: 240_000 }))) ?? undefined;

  // 7a. Quality against minisearch on the shipped corpus.
  progress('quality: ours vs minisearch…');
  results.quality = (await attempt('quality', notes, () => runChild('scripts/bench/child/quality.ts', [], { timeoutMs: 60_000 }))) ?? undefined;

  // 4b, 5. The real server (`tsx src/server.ts`): start-up, memory, POST /api/ask over loopback.
  if (!existsSync(path.join(ROOT, 'src/app.ts')) || !existsSync(path.join(ROOT, 'src/server.ts'))) {
    notes.push('HTTP: src/app.ts or src/server.ts not found (server not available)');
  } else {
    const questions = evalQuestions().map((q) => q.q);
    for (const kind of e5 ? (['e5', 'lexical'] as const) : (['lexical'] as const)) {
      const seconds = kind === 'e5' ? THROUGHPUT_S : Math.min(5, THROUGHPUT_S);
      progress(`server (${kind}): start, then POST /api/ask with autocannon, ${seconds} s × 8 connections…`);
      const r = await attempt(`HTTP ${kind}`, notes, () => serveAndLoad(kind, questions, seconds, 8));
      if (r) (results.server ??= {})[kind] = r;
    }
    if (e5) results.hybridLoad = await hybridLoad(THROUGHPUT_S, notes);
  }

  // 6–7b. Scale: each component at each size in its own process, loops bounded by time.
  for (const size of SIZES) {
    const big = size >= 100_000;
    const row: Results['scale'][number] = { size };
    for (const component of ['dense', 'hnsw', 'minisearch', 'lexical'] as const) {
      progress(`scale ${size.toLocaleString('en')} chunks: ${component}…`);
      // The HNSW build alone takes one to two minutes at 100k.
      const timeoutMs = big ? (component === 'hnsw' ? 480_000 : 240_000) : 90_000;
      const r = await attempt(`scale ${size} ${component}`, notes, () =>
        runChild<Record<string, unknown>>('scripts/bench/child/scale.ts', [component, String(size), big ? '8' : '4'], { timeoutMs }),
      );
      if (r) row[component] = r as never;
    }
    results.scale.push(row);
  }

  results.totalMs = performance.now() - started;
  await writeFile(path.join(TMP, 'last-run.json'), JSON.stringify(results, null, 1) + '\n');
  printReport(results);
}

main().catch((err) => {
  console.error(`bench failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
