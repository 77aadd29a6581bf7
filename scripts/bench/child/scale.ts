/**
 * One retrieval component on a synthetic corpus of `size` chunks, alone in its process so
 * its memory is its own:
 *   scale.ts lexical <size> <seconds>     — our lexical index: build (analysis + language vocabulary),
 *                                           memory, ranking per query, lexical.bin write and load
 *   scale.ts dense <size> <seconds>       — vectors: write + read through index-store, memory, ranking per query
 *   scale.ts hnsw <size> <seconds>        — DENSE_INDEX=hnsw on clustered vectors: first start (build + save),
 *                                           next start (load), ranking per query, recall@10 against the exact scan
 *   scale.ts minisearch <size> <seconds>  — minisearch (defaults): build, memory, search per query
 * Query loops run over the eval questions for at most `seconds` (at least 20 queries).
 * BENCH_LEXICAL_MODULE=<path> measures another `buildLexical` (a candidate fix) instead of src/'s.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadCorpus } from '../../../src/corpus/load-corpus.js';
import { chunkDocuments } from '../../../src/corpus/chunk.js';
import type { Chunk } from '../../../src/corpus/types.js';
import { buildLexicalFile } from '../../../src/embedding/build-index.js';
import { makeManifest, packVectors, readIndex, readLexical, readManifest, writeIndex, type LexicalFile } from '../../../src/embedding/index-store.js';
import { loadOrBuildHnsw } from '../../../src/embedding/hnsw-cache.js';
import { buildDense } from '../../../src/retrieval/dense.js';
import { fuseRrf } from '../../../src/retrieval/fuse.js';
import * as shippedLexical from '../../../src/retrieval/lexical.js';
import { buildStoredLexical, decodeLexical, type StoredLexical } from '../../../src/retrieval/lexical-store.js';
import { report, ROOT } from '../lib/child.js';
import { buildMiniSearch, miniSearchRanking } from '../lib/minisearch.js';
import { DIMENSION, evalQuestions, TMP } from '../lib/setup.js';
import { liveMiB, peakRssMiB, rssMiB, seededRandom, summarize, type Summary } from '../lib/stats.js';
import { clusteredUnitVectors, randomUnit, randomUnitVectors, sourceFromChunks, syntheticChunks } from '../lib/synthetic.js';

const [component, sizeArg, secondsArg] = process.argv.slice(2);
const size = Number(sizeArg);
const budgetMs = Number(secondsArg ?? 5) * 1000;
const DEPTH = 20; // how deep the retriever ranks before fusion
const questions = evalQuestions();
const { buildLexical } = (process.env.BENCH_LEXICAL_MODULE
  ? await import(path.resolve(process.env.BENCH_LEXICAL_MODULE))
  : shippedLexical) as typeof shippedLexical;

/** Runs `fn` once per query until the budget is spent (at least 20, at most every question once). */
function timeQueries(fn: (i: number) => void): Summary {
  const ms: number[] = [];
  const start = performance.now();
  for (let i = 0; i < questions.length && (i < 20 || performance.now() - start < budgetMs); i++) {
    const t = performance.now();
    fn(i);
    ms.push(performance.now() - t);
  }
  return summarize(ms);
}

/** The synthetic chunks, and the memory they hold (measured as live-memory growth). */
async function chunksOfSize(): Promise<{ chunks: Chunk[]; textMiB: number }> {
  const source = sourceFromChunks(chunkDocuments((await loadCorpus(path.join(ROOT, 'corpus'))).documents));
  const before = liveMiB();
  const chunks = syntheticChunks(source, { size, seed: 17 });
  return { chunks, textMiB: liveMiB() - before };
}

/** Lets the current async frame go: V8 keeps values it referenced alive until then. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Query-loop warm-up, so the first timed queries are not the JIT's. */
function warmUp(fn: (i: number) => void) {
  for (let i = 0; i < 5; i++) fn(i);
}

async function lexical() {
  const { chunks, textMiB } = await chunksOfSize();
  const before = liveMiB();
  let t = performance.now();
  // What every start did before lexical.bin: analysis into BM25 fields + language vocabulary.
  let stored: StoredLexical | null = process.env.BENCH_LEXICAL_MODULE ? null : buildStoredLexical(chunks);
  let index: shippedLexical.LexicalRetriever | null = buildLexical(chunks, undefined, { fields: stored?.fields });
  const buildMs = performance.now() - t;
  await tick();
  const indexMiB = liveMiB() - before;
  const search = (i: number) => index!.search(questions[i].q, questions[i].lang, DEPTH);
  warmUp(search);
  const query = timeQueries(search);
  if (!stored) return { buildMs, query, textMiB, indexMiB, rssMiB: rssMiB(), peakRssMiB: peakRssMiB() };

  // `npm run index`'s lexical part, then what a start does instead of analysing.
  const dir = path.join(TMP, `scale-lexical-${size}`);
  const probe = questions.slice(0, 20);
  const expected = probe.map((q) => index!.search(q.q, q.lang, DEPTH));
  const ids = Array.from({ length: size }, (_, i) => ({ id: `synthetic:p${i}` }) as Chunk);
  t = performance.now();
  let file: LexicalFile | null = buildLexicalFile(chunks, stored);
  await writeIndex(dir, makeManifest({ chunks: ids, corpusHash: 'synthetic', chunkerHash: 'synthetic', model: null }), null, file);
  const writeMs = performance.now() - t;
  const fileMiB = file.bytes.length / 2 ** 20;
  file = null; // so the load's memory is not offset by freeing the built index's bytes
  stored = null;
  index = null;
  await tick();
  const beforeLoad = liveMiB();
  t = performance.now();
  const manifest = await readManifest(dir);
  const loaded = decodeLexical(await readLexical(dir, manifest), chunks.length);
  const fromFile = buildLexical(chunks, undefined, { fields: loaded.fields });
  const loadMs = performance.now() - t;
  await tick();
  const loadedMiB = liveMiB() - beforeLoad;
  const same = probe.every((q, i) => JSON.stringify(fromFile.search(q.q, q.lang, DEPTH)) === JSON.stringify(expected[i]));
  await rm(dir, { recursive: true, force: true });
  return { buildMs, query, textMiB, indexMiB, writeMs, loadMs, fileMiB, loadedMiB, same, rssMiB: rssMiB(), peakRssMiB: peakRssMiB() };
}

/** The plainest possible ranking (every score, full sort), to check the fast one against. */
function bruteForce(vectors: Float32Array, q: Float32Array, limit: number): { index: number; score: number }[] {
  const scores: { index: number; score: number }[] = [];
  for (let i = 0; i * DIMENSION < vectors.length; i++) {
    let dot = 0;
    for (let j = 0; j < DIMENSION; j++) dot += vectors[i * DIMENSION + j] * q[j];
    scores.push({ index: i, score: dot });
  }
  return scores.sort((a, b) => b.score - a.score || a.index - b.index).slice(0, limit);
}

const sameHits = (a: { index: number; score: number }[], b: { index: number; score: number }[]) =>
  a.length === b.length && a.every((h, i) => h.index === b[i].index && Math.abs(h.score - b[i].score) < 1e-9);

async function dense() {
  const dir = path.join(TMP, `scale-${size}`);
  let vectors: Float32Array | null = randomUnitVectors(size, DIMENSION, 23);
  const info = { id: 'synthetic', dimension: DIMENSION, pooling: 'mean' as const, normalize: true, queryPrefix: 'query: ', passagePrefix: 'passage: ', runtime: 'synthetic' };
  const ids = Array.from({ length: size }, (_, i) => ({ id: `synthetic:p${i}` }) as Chunk);
  let t = performance.now();
  await writeIndex(dir, makeManifest({ chunks: ids, corpusHash: 'synthetic', chunkerHash: 'synthetic', model: info }), packVectors(
    Array.from({ length: size }, (_, i) => vectors!.subarray(i * DIMENSION, (i + 1) * DIMENSION)),
    DIMENSION,
  ));
  const writeMs = performance.now() - t;
  vectors = null;
  const beforeLoad = liveMiB();
  t = performance.now();
  let loaded: Float32Array | null = (await readIndex(dir)).vectors!;
  const index = buildDense(loaded, DIMENSION);
  const loadMs = performance.now() - t;
  loaded = null; // buildDense keeps its own copy
  await tick();
  const indexMiB = liveMiB() - beforeLoad;
  const random = seededRandom(29);
  const queries = Array.from({ length: 50 }, () => randomUnit(random, DIMENSION));
  const lexicalLike = Array.from({ length: DEPTH }, (_, i) => ({ index: (i * 7919) % size }));
  let lastHits: { index: number }[] = [];
  warmUp((i) => index.search(queries[i], DEPTH));
  const query = timeQueries((i) => (lastHits = index.search(queries[i % queries.length], DEPTH)));
  const fuse = timeQueries(() => fuseRrf([lexicalLike, lastHits]));
  const stored = (await readIndex(dir)).vectors!;
  const exact = queries.slice(0, 3).every((q) => sameHits(index.search(q, DEPTH), bruteForce(stored, q, DEPTH)));
  await rm(dir, { recursive: true, force: true });
  return { writeMs, loadMs, query, fuse, exact, indexMiB, rssMiB: rssMiB(), peakRssMiB: peakRssMiB() };
}

async function hnsw() {
  const dir = path.join(TMP, `scale-hnsw-${size}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  // Held-out rows of the same clusters serve as queries, like questions on the corpus's topics.
  const all = clusteredUnitVectors(size + 50, DIMENSION, 31);
  const vectors = all.subarray(0, size * DIMENSION);
  const queries = Array.from({ length: 50 }, (_, i) => all.subarray((size + i) * DIMENSION, (size + i + 1) * DIMENSION));
  let t = performance.now();
  const built = await loadOrBuildHnsw(dir, vectors, DIMENSION, 'synthetic');
  const buildMs = performance.now() - t;
  t = performance.now();
  const loaded = await loadOrBuildHnsw(dir, vectors, DIMENSION, 'synthetic');
  const loadMs = performance.now() - t;
  if (built.source !== 'built' || built.saveError || loaded.source !== 'loaded') throw new Error(`graph was not built, saved and loaded (${built.source}, ${loaded.source})`);
  warmUp((i) => loaded.retriever.search(queries[i], DEPTH));
  const query = timeQueries((i) => loaded.retriever.search(queries[i % queries.length], DEPTH));
  const exact = buildDense(vectors, DIMENSION);
  let found = 0;
  for (const q of queries) {
    const truth = new Set(exact.search(q, 10).map((h) => h.index));
    found += loaded.retriever.search(q, 10).filter((h) => truth.has(h.index)).length;
  }
  const graphMiB = (await stat(path.join(dir, 'dense.hnsw'))).size / 2 ** 20;
  await rm(dir, { recursive: true, force: true });
  return { buildMs, loadMs, query, recall10: found / (queries.length * 10), graphMiB, rssMiB: rssMiB(), peakRssMiB: peakRssMiB() };
}

async function minisearch() {
  const { chunks, textMiB } = await chunksOfSize();
  const before = liveMiB();
  const t = performance.now();
  const ms = buildMiniSearch(chunks);
  const buildMs = performance.now() - t;
  await tick();
  const indexMiB = liveMiB() - before;
  const search = (i: number) => miniSearchRanking(ms, questions[i].q, DEPTH);
  warmUp(search);
  const query = timeQueries(search);
  return { buildMs, query, textMiB, indexMiB, rssMiB: rssMiB(), peakRssMiB: peakRssMiB() };
}

const run = { lexical, dense, hnsw, minisearch }[component as 'lexical' | 'dense' | 'hnsw' | 'minisearch'];
if (!run || !Number.isInteger(size) || size <= 0) throw new Error('usage: scale.ts lexical|dense|hnsw|minisearch <size> [seconds]');
report({ component, size, ...(await run()) });
process.exit(0);
