/**
 * Turns the figures `run.ts` collected into the one plain-text table `npm run bench` prints,
 * with met/missed next to each target.
 */
import type { LoadResult, ServerResult } from './lib/http.js';
import type { Summary } from './lib/stats.js';
import { check, mark, mib, ms, num, ratio, sec, Table, type TargetCheck } from './lib/table.js';

type Scores = { n: number; hit1: number; mrr: number };
type Latency = Record<'total' | 'embed' | 'lexical' | 'dense' | 'fuse' | 'composition' | 'retrieval', Summary>;

interface Cold {
  readyMs: number;
  runs: number[];
  firstAskMs: number;
  mode?: string;
  parts: Record<string, number> | null;
}

export interface Results {
  date: string;
  machine: string;
  loadAverage: number;
  quick: boolean;
  e5: boolean;
  cold: Partial<Record<'e5' | 'lexical', Cold>>;
  warm?: {
    asks: number;
    hybrid: null | {
      latency: Latency;
      embed: { short: Summary; shortChars: number; long: Summary; longChars: number };
      throughput: { perSecond: number; n: number };
    };
    lexical: { latency: Latency; retrieve: Summary; throughput: { perSecond: number; n: number } };
  };
  quality?: Record<'dev' | 'held-out' | 'held-out-2' | 'all', { ours: Scores; minisearch: Scores }>;
  server?: Partial<Record<'e5' | 'lexical', ServerResult>>;
  hybridLoad?: HybridLoad;
  scale: {
    size: number;
    lexical?: {
      buildMs: number;
      query: Summary;
      textMiB: number;
      indexMiB: number;
      rssMiB: number;
      peakRssMiB: number;
      /** lexical.bin: encode + write, size, load (read, checksum, decode, retriever), memory of the loaded index. */
      writeMs?: number;
      fileMiB?: number;
      loadMs?: number;
      loadedMiB?: number;
      /** The loaded index ranks the probe questions exactly like the built one. */
      same?: boolean;
    };
    dense?: { writeMs: number; loadMs: number; query: Summary; fuse: Summary; exact: boolean; indexMiB: number; rssMiB: number };
    /** DENSE_INDEX=hnsw on clustered vectors: first start builds and saves the graph, the next loads it. */
    hnsw?: { buildMs: number; loadMs: number; query: Summary; recall10: number; graphMiB: number; peakRssMiB: number };
    minisearch?: { buildMs: number; query: Summary; textMiB: number; indexMiB: number; peakRssMiB: number };
  }[];
  notes: string[];
  totalMs?: number;
}

/** 4b: hybrid POST /api/ask under load, embedding on the main thread and in the pool. */
export interface HybridLoad {
  seconds: number;
  questions: number;
  longShare: number;
  longChars: number;
  shortChars: number;
  rows: { workers: number; server: ServerResult }[];
}

const W = [58, 11, 11, 11, 11];
const p3 = (s: Summary | undefined) => [ms(s?.p50), ms(s?.p95), ms(s?.p99)];

/** The end of every report: the targets met and missed, the run's notes, how long it took. */
function closingLines(t: Table, targets: TargetCheck[], notes: string[], totalMs: number | undefined, file: string): void {
  t.line('TARGETS');
  for (const x of targets) t.line(`  ${mark(x).padEnd(7)} ${x.name}: ${x.detail}`);
  if (notes.length) {
    t.line();
    t.line('NOTES');
    for (const n of notes) t.line(`  - ${n}`);
  }
  if (totalMs !== undefined) t.line(`\nbench took ${sec(totalMs)}; raw figures in bench/tmp/${file}`);
}

function coldSection(t: Table, r: Results, targets: TargetCheck[]) {
  t.line('1. COLD START — process start → engine ready (median of 3 runs; model and index on local disk, page cache warm)');
  t.row('', 'ms', '', '', '');
  for (const kind of ['e5', 'lexical'] as const) {
    const c = r.cold[kind];
    if (!c) continue;
    const label = kind === 'e5' ? 'with the e5-small-architecture model (hybrid)' : 'without a model (lexical only, as shipped here)';
    t.row(`${label}`, ms(c.readyMs), '', '', `runs: ${c.runs.map((x) => ms(x)).join(', ')}`);
    const p = c.parts;
    if (p) {
      const sum = p.importMs + p.corpusMs + p.lexicalMs + p.modelMs + p.indexMs;
      t.row('  parts (one more run, step by step):', ms(p.readyMs), '', '', 'spawn → ready');
      t.row('    tsx CLI + node start-up + TS compile', ms(p.readyMs - sum), '', '', '(spawn → ready − the steps below)');
      t.row('    module import', ms(p.importMs));
      t.row('    corpus load + chunk + hash', ms(p.corpusMs));
      t.row('    lexical index build (+ language vocabulary)', ms(p.lexicalMs));
      if (kind === 'e5') {
        t.row('    model load (transformers.js import, tokenizer, ONNX)', ms(p.modelMs));
        t.row('    vector index load (read, checksum, decode)', ms(p.indexMs));
      }
    }
    t.row('  first answer right after ready', ms(c.firstAskMs));
    const server = r.server?.[kind];
    if (server) t.row('  `tsx src/server.ts` (npm start) → "Serving" log line', ms(server.startMs), '', '', 'whole app: engine, web chat, API');
  }
  const e5 = r.cold.e5;
  targets.push(check('cold start with the model on local disk', e5?.readyMs, 3000, sec));
  t.line();
}

function warmSection(t: Table, r: Results, targets: TargetCheck[]) {
  const w = r.warm;
  t.line(`2. WARM ask() LATENCY — ${w?.asks ?? '?'} asks (the ${w ? Math.round(w.asks / 201) : '?'}× repeated eval sets, dev + held-out), after 20 warm-up asks`);
  t.row('', 'p50 ms', 'p95 ms', 'p99 ms');
  const h = w?.hybrid;
  if (h) {
    t.line('  hybrid, e5-architecture model, query cache off (every question runs the model):');
    t.row('    total ask()', ...p3(h.latency.total));
    t.row('    query embedding', ...p3(h.latency.embed));
    t.row('    lexical ranking', ...p3(h.latency.lexical));
    t.row('    dense ranking', ...p3(h.latency.dense));
    t.row('    fusion', ...p3(h.latency.fuse));
    t.row('    composition (total − parts: language, passages)', ...p3(h.latency.composition));
    t.row('    retrieval without the model (lexical+dense+fusion)', ...p3(h.latency.retrieval));
  } else t.line('  hybrid: n/a (no e5-architecture model)');
  if (w) {
    t.line('  lexical only (no model, as shipped on this machine):');
    t.row('    total ask()', ...p3(w.lexical.latency.total));
    t.row('    lexical ranking', ...p3(w.lexical.latency.lexical));
    t.row('    composition', ...p3(w.lexical.latency.composition));
    t.row('    retrieve() alone', ...p3(w.lexical.retrieve));
  }
  const shortP50 = h?.embed.short.p50;
  const warmShort = h ? h.latency.total.p50 - h.latency.embed.p50 + (shortP50 ?? NaN) : undefined;
  targets.push(check('warm answer p50 incl. embedding of a short question', warmShort, 30, (x) => `${ms(x)} ms`));
  const retrieval = h ? h.latency.retrieval.p50 : w?.lexical.retrieve.p50;
  targets.push(check('retrieval alone (no model), p50, shipped corpus', retrieval, 2, (x) => `${ms(x)} ms`));
  t.line();

  t.line('3. QUERY EMBEDDING — RANDOM-WEIGHT model with the exact architecture of Xenova/multilingual-e5-small');
  t.line('   (12 layers, hidden 384, 12 heads, FFN 1536, 250,037-token vocabulary, int8 MatMulInteger/DynamicQuantizeLinear');
  t.line('   onnx/model_quantized.onnx of 118 MB as transformers.js loads by default, SentencePiece-Unigram tokenizer with a');
  t.line('   synthetic 250k vocabulary). Latency does not depend on weight values, so these are the real model\'s timings;');
  t.line('   its vectors are meaningless. Made by scripts/make-e5-arch-model.py into bench/tmp/ (not committed).');
  t.row('', 'p50 ms', 'p95 ms', 'p99 ms');
  if (h) {
    t.row(`  short questions (≤ 60 chars, mean ${h.embed.shortChars})`, ...p3(h.embed.short));
    t.row(`  long questions (${h.embed.longChars} chars)`, ...p3(h.embed.long));
  } else t.line('  n/a (no model)');
  t.line();
}

function throughputSection(t: Table, r: Results) {
  const w = r.warm;
  t.line('4. THROUGHPUT');
  t.row('', 'per s', 'p50 ms', 'p97.5 ms', 'p99 ms');
  if (w?.hybrid) t.row('  ask() in-process, hybrid e5 (cache off), one at a time', num(w.hybrid.throughput.perSecond, 1));
  if (w) t.row('  ask() in-process, lexical only, one at a time', num(w.lexical.throughput.perSecond, 0));
  for (const kind of ['e5', 'lexical'] as const) {
    const load = r.server?.[kind]?.load;
    const label = `  POST /api/ask, loopback, ${kind === 'e5' ? 'hybrid e5 (default EMBED_WORKERS)' : 'lexical only'}, 8 connections`;
    if (!load) {
      if (kind === 'lexical' || r.e5) t.row(label, 'n/a (server not available)');
      continue;
    }
    t.row(label, num(load.perSecond, 1), ms(load.latency.p50), ms(load.latency.p97_5), ms(load.latency.p99), load.non2xx || load.errors ? `NOT VALID: non-2xx ${load.non2xx} (${Object.entries(load.statuses ?? {}).map(([c, n]) => `${c}×${n}`).join(', ')}), errors ${load.errors}` : `${load.requests} requests, all 2xx`);
  }
  t.line('  (the real server, `tsx src/server.ts`; autocannon runs in the bench process, so both share the 2 cores;');
  t.line('   questions cycle through the eval sets with one more "?" per pass, so none repeats and the query cache never hits)');
  t.line();

  t.line('5. MEMORY (RSS of the server process, from /proc)');
  t.row('', 'after start', 'peak (load)', '', 'tsx wrapper');
  for (const kind of ['e5', 'lexical'] as const) {
    const h = r.server?.[kind];
    if (h) t.row(`  ${kind === 'e5' ? 'hybrid, e5-architecture model' : 'lexical only'}`, mib(h.rssAfterStartMiB), mib(h.rssPeakMiB), '', `+${mib(h.wrapperMiB)}`);
  }
  t.line();
}

function hybridLoadSection(t: Table, h: HybridLoad | undefined, targets: TargetCheck[]) {
  t.line('4b. HYBRID UNDER LOAD — POST /api/ask, e5-architecture model, query embedding on the main thread vs in the worker pool');
  if (!h) {
    t.line('  n/a (no e5-architecture model or no server)');
    t.line();
    return;
  }
  t.line(`   ${h.seconds} s per row after 2 s of warm-up, one server per EMBED_WORKERS setting. "eval": the eval questions as in row 4;`);
  t.line(`   "long": ${h.questions} questions, ${Math.round(h.longShare * 100)}% of them long (${h.longChars} characters, several eval questions run together; the others`);
  t.line(`   ${h.shortChars} on average). Query cache never hits.`);
  t.line('   stall: the longest the server\'s event loop was held up during the row (perf_hooks.monitorEventLoopDelay); idle: the same');
  t.line('   in an idle Node process beside it — what the machine alone inflicts (other processes taking the cores).');
  const T = new Table([46, 9, 9, 9, 9, 9, 13]);
  T.row('', 'per s', 'p50 ms', 'p99 ms', 'stall ms', 'idle ms', 'vs main thr.');
  const at = (workers: number, conns: number, mix = 'eval'): LoadResult | undefined =>
    h.rows.find((r) => r.workers === workers)?.server.loads?.find((l) => l.connections === conns && (l.mix ?? 'eval') === mix);
  for (const row of h.rows) {
    for (const l of row.server.loads ?? []) {
      const label = `  ${row.workers === 0 ? 'EMBED_WORKERS=0 (main thread)' : `EMBED_WORKERS=${row.workers} (pool)`}, ${l.connections} conn., ${l.mix ?? 'eval'}`;
      const valid = l.non2xx || l.errors ? `NOT VALID: non-2xx ${l.non2xx}, errors ${l.errors}` : `${l.requests} requests, all 2xx`;
      T.row(label, num(l.perSecond, 1), ms(l.latency.p50), ms(l.latency.p99), ms(l.eventLoop?.maxMs), ms(l.idleEventLoop?.maxMs), row.workers === 0 ? '' : ratio(l.perSecond, at(0, l.connections, l.mix)?.perSecond), valid);
    }
  }
  t.line(T.toString());
  for (const row of h.rows) {
    const e = row.server.embedding as { batches?: number; embedded?: number; largestBatch?: number; restarts?: number } | undefined;
    if (row.workers > 0 && e?.batches) {
      t.line(`  pool after the rows: ${e.embedded} questions in ${e.batches} model calls (${(e.embedded! / e.batches).toFixed(1)} a call on average, largest ${e.largestBatch}), ${e.restarts} worker restarts`);
    }
    t.line(`  server RSS, EMBED_WORKERS=${row.workers}: ${mib(row.server.rssAfterStartMiB)} after start → ${mib(row.server.rssPeakMiB)} peak`);
  }
  const pool = h.rows.find((r) => r.workers > 0);
  const p16 = pool && at(pool.workers, 16);
  const m16 = at(0, 16);
  const p16long = pool && at(pool.workers, 16, 'long');
  targets.push({
    name: 'hybrid, 16 connections: pool throughput ≥ 1.5× main thread',
    met: p16 && m16 ? p16.perSecond >= 1.5 * m16.perSecond : null,
    detail: p16 && m16 ? `${num(p16.perSecond, 1)}/s vs ${num(m16.perSecond, 1)}/s (${ratio(p16.perSecond, m16.perSecond)})` : 'n/a',
  });
  targets.push(check('hybrid, 16 connections, pool: p99', p16?.latency.p99, 99.999, (x) => `${ms(x)} ms`));
  targets.push(check('hybrid, 16 connections, pool: longest event-loop stall, long questions in the mix', p16long?.eventLoop?.maxMs, 9.999, (x) => `${ms(x)} ms`));
  const valid = h.rows.every((r) => (r.server.loads ?? []).every((l) => !l.non2xx && !l.errors));
  targets.push({ name: 'hybrid under load: every answer 2xx, no errors', met: h.rows.length ? valid : null, detail: valid ? 'yes' : 'NO' });
  t.line();
}

/** `npm run bench -- --hybrid-load`: section 4b alone. */
export function printHybridLoad(r: { date: string; machine: string; loadAverage: number; loadAverageEnd: number; totalMs: number; hybridLoad: HybridLoad; notes: string[] }): void {
  const t = new Table(W);
  const targets: TargetCheck[] = [];
  t.line(`npm run bench -- --hybrid-load — ${r.date.slice(0, 16).replace('T', ' ')} UTC — ${r.machine}`);
  t.line(`load average ${r.loadAverage.toFixed(2)} at the start, ${r.loadAverageEnd.toFixed(2)} at the end (autocannon runs in this process: it shares the cores with the server)`);
  if (r.loadAverage > 1) t.line('WARNING: other processes were using the CPU when the run started; timings (tails especially) are inflated.');
  t.line();
  hybridLoadSection(t, r.hybridLoad, targets);
  closingLines(t, targets, r.notes, r.totalMs, 'hybrid-load.json');
  console.log(t.toString());
}

function scaleSection(t: Table, r: Results, targets: TargetCheck[]) {
  const rows = r.scale;
  t.line('6. SCALE — synthetic bilingual corpora (clauses of the real paragraphs reshuffled, 10% Zipf rare words; random 384-d unit vectors, clustered for HNSW)');
  t.line('   each component measured alone in its own process; memory = live heap + buffers added (after GC); per-query loops over the eval questions');
  const W6 = [42, 12, 12, 12];
  const s = new Table(W6);
  s.row('  chunks', ...rows.map((x) => x.size.toLocaleString('en')), ...(rows.length > 1 ? ['growth per 10×'] : []));
  const line = (label: string, get: (x: (typeof rows)[number]) => number | undefined, show: (x: number | undefined) => string) => {
    const vals = rows.map(get);
    const growth = vals.slice(1).map((v, i) => ratio(v, vals[i])).join(', ');
    s.row(label, ...vals.map(show), growth);
  };
  line('  lexical build (analysis + vocabulary)', (x) => x.lexical?.buildMs, sec);
  line('  lexical.bin write (encode + write)', (x) => x.lexical?.writeMs, sec);
  line('  lexical.bin size', (x) => x.lexical?.fileMiB, mib);
  line('  lexical.bin load (read, check, decode)', (x) => x.lexical?.loadMs, sec);
  line('  lexical memory, loaded from file', (x) => x.lexical?.loadedMiB, mib);
  line('  chunk text in memory', (x) => x.lexical?.textMiB, mib);
  line('  lexical index memory', (x) => x.lexical?.indexMiB, mib);
  line('  lexical process peak RSS', (x) => x.lexical?.peakRssMiB, mib);
  line('  vectors write (pack + write)', (x) => x.dense?.writeMs, sec);
  line('  vectors load (read + check)', (x) => x.dense?.loadMs, sec);
  line('  vectors memory', (x) => x.dense?.indexMiB, mib);
  line('  lexical ranking p50 ms', (x) => x.lexical?.query.p50, ms);
  line('  lexical ranking p95 ms', (x) => x.lexical?.query.p95, ms);
  line('  dense ranking p50 ms', (x) => x.dense?.query.p50, ms);
  line('  dense ranking p95 ms', (x) => x.dense?.query.p95, ms);
  line('  fusion p50 ms', (x) => x.dense?.fuse.p50, ms);
  line('  HNSW first start: build + save graph', (x) => x.hnsw?.buildMs, sec);
  line('  HNSW next start: load graph', (x) => x.hnsw?.loadMs, sec);
  line('  HNSW graph file', (x) => x.hnsw?.graphMiB, mib);
  line('  HNSW ranking p50 ms', (x) => x.hnsw?.query.p50, ms);
  s.row('  HNSW recall@10 vs exact (clustered)', ...rows.map((x) => (x.hnsw ? num(x.hnsw.recall10, 3) : 'n/a')));
  s.row('  dense top-20 = exact brute force', ...rows.map((x) => (x.dense ? (x.dense.exact ? 'yes' : 'NO') : 'n/a')));
  s.row('  lexical.bin ranks = built index ranks', ...rows.map((x) => (x.lexical?.same === undefined ? 'n/a' : x.lexical.same ? 'yes' : 'NO')));
  const ranking = (x: (typeof rows)[number]) => (x.lexical && x.dense ? x.lexical.query.p50 + x.dense.query.p50 + x.dense.fuse.p50 : undefined);
  // What a server started from lexical.bin holds (the loaded index, smaller than a freshly built one).
  const memory = (x: (typeof rows)[number]) =>
    x.lexical && x.dense ? x.lexical.textMiB + (x.lexical.loadedMiB ?? x.lexical.indexMiB) + x.dense.indexMiB : undefined;
  const rebuild = (x: (typeof rows)[number]) => (x.lexical && x.dense ? x.lexical.buildMs + x.dense.loadMs : undefined);
  const startup = (x: (typeof rows)[number]) => (x.lexical?.loadMs !== undefined && x.dense ? x.lexical.loadMs + x.dense.loadMs : undefined);
  line('  ranking p50 ms (lex + dense + fusion)', ranking, ms);
  line('  memory: text + lexical + vectors', memory, mib);
  line('  start-up: load lexical.bin + vectors', startup, sec);
  line('  start-up, stale lexical.bin (rebuild)', rebuild, sec);
  t.line(s.toString());
  const big = rows.find((x) => x.size === 100_000);
  targets.push(check('100k chunks: ranking p50 (lexical + dense + fusion)', big && ranking(big), 50, (x) => `${ms(x)} ms`));
  targets.push(check('100k chunks: memory (text + lexical + vectors)', big && memory(big), 1024, mib));
  targets.push(check('100k chunks: vector index load', big?.dense?.loadMs, 2000, sec));
  targets.push(check('100k chunks: start-up: index load (lexical.bin + vectors)', big && startup(big), 2000, sec));
  targets.push(check('100k chunks: DENSE_INDEX=hnsw next start: graph load', big?.hnsw?.loadMs, 2000, sec));
  targets.push({
    name: '100k chunks: HNSW recall@10 vs exact ≥ 0.95',
    met: big?.hnsw ? big.hnsw.recall10 >= 0.95 : null,
    detail: big?.hnsw ? num(big.hnsw.recall10, 3) : 'n/a',
  });
  t.line();
}

function minisearchSection(t: Table, r: Results, targets: TargetCheck[]) {
  t.line('7. SIDE BY SIDE WITH minisearch 7.2 (defaults: fields vi + en, OR query, no prefix/fuzzy)');
  const q = r.quality;
  t.row('  quality, in-scope questions, rank in top 10', 'n', 'hit@1', 'MRR');
  if (q) {
    for (const set of ['dev', 'held-out', 'held-out-2', 'all'] as const) {
      t.row(`    ${set}: ours (lexical, as shipped here)`, String(q[set].ours.n), num(q[set].ours.hit1, 3), num(q[set].ours.mrr, 3));
      t.row(`    ${set}: minisearch`, String(q[set].minisearch.n), num(q[set].minisearch.hit1, 3), num(q[set].minisearch.mrr, 3));
    }
    targets.push({
      name: 'better quality than minisearch (all in-scope, hit@1 and MRR)',
      met: q.all.ours.hit1 > q.all.minisearch.hit1 && q.all.ours.mrr > q.all.minisearch.mrr,
      detail: `hit@1 ${num(q.all.ours.hit1, 3)} vs ${num(q.all.minisearch.hit1, 3)}, MRR ${num(q.all.ours.mrr, 3)} vs ${num(q.all.minisearch.mrr, 3)}`,
    });
  } else t.line('    n/a');
  const s = new Table([42, 12, 12, 12]);
  s.row('  per query, chunks', ...r.scale.map((x) => x.size.toLocaleString('en')));
  const row = (label: string, get: (x: Results['scale'][number]) => string) => s.row(label, ...r.scale.map(get));
  row('  minisearch search p50 ms', (x) => ms(x.minisearch?.query.p50));
  row('  minisearch search p95 ms', (x) => ms(x.minisearch?.query.p95));
  row('  ours lexical p50 ms', (x) => ms(x.lexical?.query.p50));
  row('  ours lexical+dense+fusion p50', (x) => (x.lexical && x.dense ? ms(x.lexical.query.p50 + x.dense.query.p50 + x.dense.fuse.p50) : 'n/a'));
  row('  ratio ours lexical / minisearch', (x) => ratio(x.lexical?.query.p50, x.minisearch?.query.p50));
  row('  ratio ours lexical p95 / minisearch p95', (x) => ratio(x.lexical?.query.p95, x.minisearch?.query.p95));
  row('  minisearch index build', (x) => sec(x.minisearch?.buildMs));
  row('  ours lexical index build', (x) => sec(x.lexical?.buildMs));
  row('  minisearch index memory', (x) => mib(x.minisearch?.indexMiB));
  row('  ours lexical index memory', (x) => mib(x.lexical?.indexMiB));
  t.line(s.toString());
  const big = r.scale.find((x) => x.size === 100_000);
  const lex = big?.lexical?.query.p50;
  const mini = big?.minisearch?.query.p50;
  targets.push({
    name: 'no slower than minisearch per query at 100k (lexical p50)',
    met: lex !== undefined && mini !== undefined ? lex <= mini : null,
    detail: `${ms(lex)} ms vs ${ms(mini)} ms`,
  });
  t.line();
}

export function printReport(r: Results): void {
  const t = new Table(W);
  const targets: TargetCheck[] = [];
  t.line(`npm run bench — ${r.date.slice(0, 16).replace('T', ' ')} UTC — ${r.machine}`);
  t.line(`load average at start ${r.loadAverage.toFixed(2)}${r.quick ? ' — QUICK run (--quick): smaller sizes, shorter loops' : ''}`);
  if (r.loadAverage > 1) t.line('WARNING: other processes were using the CPU when the run started; timings (tails especially) are inflated.');
  t.line();
  coldSection(t, r, targets);
  warmSection(t, r, targets);
  throughputSection(t, r);
  hybridLoadSection(t, r.hybridLoad, targets);
  scaleSection(t, r, targets);
  minisearchSection(t, r, targets);
  closingLines(t, targets, r.notes, r.totalMs, 'last-run.json');
  console.log(t.toString());
}
