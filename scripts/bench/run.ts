/**
 * `npm run bench`: measured latency, start-up, throughput, memory and scale, with minisearch
 * side by side; prints one plain-text table (progress goes to stderr) and keeps the raw
 * figures in bench/tmp/last-run.json. Every step runs in its own process and every loop is
 * bounded, so a run takes about five minutes on a 2-core machine.
 *
 *   npm run bench                 # everything
 *   npm run bench -- --quick      # 1k and 10k only, shorter loops (a smoke test)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runChild } from './lib/child.js';
import { serveAndLoad } from './lib/http.js';
import { E5_FILE, evalQuestions, hasE5Model, TMP } from './lib/setup.js';
import { median } from './lib/stats.js';
import { printReport, type Results } from './report.js';

const quick = process.argv.includes('--quick');
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

async function main() {
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
  if (e5) {
    progress('cold start: preparing the e5 index…');
    await attempt('e5 index', notes, () => runChild('scripts/bench/child/cold.ts', ['engine', 'e5'], { timeoutMs: 180_000, viaTsxCli: true }));
  }
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
