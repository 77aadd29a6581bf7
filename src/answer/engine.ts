/**
 * The retrieval core behind one interface: loads the corpus, chunks it, loads the lexical
 * index from `lexical.bin` (analysing the chunks instead when that is stale), loads the model
 * and its vectors when it can (checking them against the corpus and model, rebuilding a stale
 * index when possible), and answers `ask()`.
 *
 *   const engine = await loadEngine({ corpusDir: 'corpus', embeddingsDir: 'embeddings',
 *     modelsDir: 'models', model: 'Xenova/multilingual-e5-small', allowDownload: false });
 *   const result = await engine.ask('Where will the 18th AMRI be held?');
 */
import { chunkDocuments, DEFAULT_CHUNK_OPTIONS } from '../corpus/chunk.js';
import { loadCorpus, type LoadedCorpus } from '../corpus/load-corpus.js';
import type { Chunk, CorpusDocument, Lang } from '../corpus/types.js';
import { buildIndexData } from '../embedding/build-index.js';
import { loadEmbedder, type Embedder } from '../embedding/embedder.js';
import {
  hashChunker,
  hashCorpus,
  indexHash,
  lexicalStaleness,
  readIndex,
  readLexical,
  readManifest,
  sha256,
  staleness,
  writeIndex,
} from '../embedding/index-store.js';
import type { Config } from '../config.js';
import { silentLogger, type Logger } from '../log.js';
import { buildDense, type DenseRetriever } from '../retrieval/dense.js';
import { loadOrBuildHnsw } from '../embedding/hnsw-cache.js';
import { buildLexical } from '../retrieval/lexical.js';
import { analyzerFingerprint, buildStoredLexical, decodeLexical, type StoredLexical } from '../retrieval/lexical-store.js';
import { createRetriever, type NoAnswerThresholds, type RetrieveUse, type Retriever } from '../retrieval/retriever.js';
import { detectLanguage } from '../text/language.js';
import { clean } from '../text/normalize.js';
import type { AskOptions, AskResult, Engine, EngineStatus, Passage } from './types.js';

export interface LoadEngineOptions {
  /** Folder of corpus documents. */
  corpusDir: string;
  /** The corpus already read from `corpusDir` (the server checks it before loading); read here when absent. */
  corpus?: LoadedCorpus;
  /** Folder of the built index (manifest + vectors). */
  embeddingsDir: string;
  /** Folder of local models. */
  modelsDir: string;
  /** Embedding model id, or `none` for lexical-only. */
  model: string;
  /** Let transformers.js download the model. */
  allowDownload: boolean;
  /** Rebuild a stale index when a model is available, and save it to `embeddingsDir`. Default true. */
  rebuildStale?: boolean;
  /** Dense ranking: `exact` scan (default) or an approximate `hnsw` graph over the vectors (see hnsw-cache.ts). */
  denseIndex?: 'exact' | 'hnsw';
  /** Worker threads for query embedding; 0 (default) runs the model on the calling thread. */
  embedWorkers?: number;
  /** With workers: questions per model call and how long one waits for others (ms). Defaults 16 and 2. */
  embedBatchMax?: number;
  embedBatchWaitMs?: number;
  /** Override the no-answer thresholds (eval, tests). */
  thresholds?: NoAnswerThresholds;
  log?: Logger;
}

/** The engine options a configuration names (one mapping for the server and every CLI). */
export function engineOptionsFrom(
  config: Pick<
    Config,
    'corpusDir' | 'embeddingsDir' | 'modelsDir' | 'embeddingModel' | 'allowModelDownload' | 'rebuildStaleIndex' | 'denseIndex' | 'embedWorkers' | 'embedBatchMax' | 'embedBatchWaitMs'
  >,
): LoadEngineOptions {
  return {
    corpusDir: config.corpusDir,
    embeddingsDir: config.embeddingsDir,
    modelsDir: config.modelsDir,
    model: config.embeddingModel,
    allowDownload: config.allowModelDownload,
    rebuildStale: config.rebuildStaleIndex,
    denseIndex: config.denseIndex,
    embedWorkers: config.embedWorkers,
    embedBatchMax: config.embedBatchMax,
    embedBatchWaitMs: config.embedBatchWaitMs,
  };
}

/** Longest question the engine reads; longer input is cut (channels reject it earlier with a message). */
export const MAX_QUESTION_CHARS = 2000;
/** Passages after the first must score at least this share of the first (lexical mode), so weak tails are not quoted. */
const RELATIVE_CUTOFF = 0.2;

/** Extra hooks for the eval harness and benchmarks; channels use `Engine` only. */
export interface EngineInternals extends Engine {
  retriever: Retriever;
  chunks: Chunk[];
  /** Retrieval in a chosen mode with timings (eval and bench). */
  retrieve: Retriever['retrieve'];
  embedder: Embedder | null;
}

/**
 * The analysed lexical index from `lexical.bin` when it was built from this corpus with this
 * analysis; otherwise analyses the chunks here (as every start did before lexical.bin) and
 * says why in one warn line. Never fails: a missing or corrupt file only costs start-up time.
 */
async function loadLexical(
  dir: string,
  chunks: Chunk[],
  hashes: { corpusHash: string; chunkerHash: string },
  log: Logger,
): Promise<StoredLexical> {
  let why: string | null;
  try {
    const manifest = await readManifest(dir);
    why = lexicalStaleness(manifest, { ...hashes, chunkIds: chunks.map((c) => c.id), analyzer: analyzerFingerprint() });
    if (!why) {
      const bytes = await readLexical(dir, manifest);
      try {
        return decodeLexical(bytes, chunks.length);
      } catch (err) {
        why = `lexical.bin in ${dir} cannot be read (${(err as Error).message}; run npm run index)`;
      }
    }
  } catch (err) {
    why = (err as Error).message;
  }
  log.warn('lexical index rebuilt in memory', { because: why });
  return buildStoredLexical(chunks);
}

/**
 * The dense retriever the options ask for. The HNSW graph is loaded from beside the vectors
 * when it was saved for these very vectors, else built (minutes at ~100k chunks) and saved.
 */
async function denseRetriever(
  options: LoadEngineOptions,
  vectors: Float32Array,
  dimension: number,
  vectorsSha256: string,
  log: Logger,
): Promise<DenseRetriever> {
  if (options.denseIndex !== 'hnsw') return buildDense(vectors, dimension);
  const started = performance.now();
  const graph = await loadOrBuildHnsw(options.embeddingsDir, vectors, dimension, vectorsSha256);
  const ms = Math.round(performance.now() - started);
  if (graph.source === 'loaded') log.info('HNSW dense index loaded', { rows: graph.retriever.size, ms });
  else {
    log.info('HNSW dense index built', { rows: graph.retriever.size, ms, because: graph.because });
    if (graph.saveError) log.warn('HNSW dense index not saved; it will be built again at the next start', { cause: graph.saveError });
  }
  return graph.retriever;
}

async function loadDense(
  options: LoadEngineOptions,
  chunks: Chunk[],
  hashes: { corpusHash: string; chunkerHash: string },
  lexical: StoredLexical,
  log: Logger,
): Promise<{ dense?: { retriever: DenseRetriever; embedder: Embedder }; reason?: string }> {
  if (options.model === 'none') return { reason: 'EMBEDDING_MODEL=none' };
  const loaded = await loadEmbedder({
    model: options.model,
    modelsDir: options.modelsDir,
    allowDownload: options.allowDownload,
    workers: options.embedWorkers,
    batchMaxSize: options.embedBatchMax,
    batchMaxWaitMs: options.embedBatchWaitMs,
  });
  if (!loaded.ok) {
    // Only the manifest is read here: the vectors (checksummed, large at scale) are of no use without the model.
    const manifest = await readManifest(options.embeddingsDir).catch(() => null);
    if (manifest?.vectors) log.warn('index has vectors but the model that made them cannot be loaded; not using them', { model: manifest.model });
    return { reason: loaded.reason };
  }
  let stored;
  let storedProblem: string | null = null;
  try {
    stored = await readIndex(options.embeddingsDir);
  } catch (err) {
    storedProblem = (err as Error).message;
  }
  const embedder = loaded.embedder;
  const current = { ...hashes, chunkIds: chunks.map((c) => c.id), model: embedder.info.id, dimension: embedder.info.dimension, runtime: embedder.info.runtime };
  const why = storedProblem ?? (stored && (stored.vectors ? staleness(stored.manifest, current) : `the index in ${options.embeddingsDir} has no vectors (built without a model)`));
  if (!why && stored?.vectors) {
    const retriever = await denseRetriever(options, stored.vectors, embedder.info.dimension, stored.manifest.vectors!.sha256, log);
    return { dense: { retriever, embedder } };
  }
  if (options.rebuildStale === false) {
    await embedder.close();
    return { reason: `index not usable: ${why}; rebuilding is off (REBUILD_STALE_INDEX=false): run npm run index` };
  }
  log.warn('index stale or missing; rebuilding with the model', { why });
  const built = await buildIndexData({ chunks, ...hashes, embedder, lexical });
  try {
    await writeIndex(options.embeddingsDir, built.manifest, built.vectors, built.lexical);
    log.info('index rebuilt and saved', { dir: options.embeddingsDir, chunks: chunks.length });
  } catch (err) {
    log.warn('index rebuilt in memory; could not save it', { cause: (err as Error).message });
  }
  const flat = new Float32Array(chunks.length * embedder.info.dimension);
  built.rows!.forEach((row, i) => flat.set(row, i * embedder.info.dimension));
  const sha = sha256(built.vectors!);
  return { dense: { retriever: await denseRetriever(options, flat, embedder.info.dimension, sha, log), embedder } };
}

export async function loadEngine(options: LoadEngineOptions): Promise<EngineInternals> {
  const log = options.log ?? silentLogger;
  const corpus = options.corpus ?? (await loadCorpus(options.corpusDir));
  for (const p of corpus.problems) log.warn('corpus document skipped', { path: p.path, reason: p.reason });
  const chunks = chunkDocuments(corpus.documents, DEFAULT_CHUNK_OPTIONS);
  const hashes = { corpusHash: hashCorpus(corpus.files), chunkerHash: hashChunker(DEFAULT_CHUNK_OPTIONS) };
  const stored = await loadLexical(options.embeddingsDir, chunks, hashes, log);
  const lexical = buildLexical(chunks, undefined, { fields: stored.fields });
  const vocab = stored.vocab;
  const { dense, reason } = await loadDense(options, chunks, hashes, stored, log);
  const retriever = createRetriever({ chunks, lexical, dense, thresholds: options.thresholds });
  const byId = new Map(chunks.map((c) => [c.id, c]));
  const docs = new Map(corpus.documents.map((d) => [d.id, d]));
  const status: EngineStatus = {
    mode: retriever.mode,
    model: dense ? dense.embedder.info.id : null,
    denseOffReason: reason,
    indexHash: indexHash(hashes.corpusHash, hashes.chunkerHash),
    documents: corpus.documents.length,
    chunks: chunks.length,
    problems: corpus.problems,
  };
  const detect = (text: string): Lang => detectLanguage(text, 'en', vocab);

  const toPassage = (chunk: Chunk, lang: Lang, score: number): Passage => {
    const textLang: Lang = chunk.text[lang] ? lang : chunk.originalLanguage;
    return {
      id: chunk.id,
      doc: chunk.doc,
      title: chunk.title[lang] ?? chunk.title[chunk.originalLanguage] ?? chunk.doc,
      paragraph: chunk.paragraph,
      score: Math.round(score * 1e4) / 1e4,
      text: chunk.text[textLang]!,
      textLang,
      original: { lang: chunk.originalLanguage, text: chunk.text[chunk.originalLanguage]! },
    };
  };

  return {
    retriever,
    chunks,
    embedder: dense?.embedder ?? null,
    retrieve: (q: string, lang: Lang, limit: number, use?: RetrieveUse) => retriever.retrieve(clean(q).slice(0, MAX_QUESTION_CHARS), lang, limit, use),
    async ask(question: string, opts: AskOptions = {}): Promise<AskResult> {
      const q = clean(typeof question === 'string' ? question : '').trim().slice(0, MAX_QUESTION_CHARS);
      // Retrieval reads the question in the language it is written in; `lang` only picks the reply language.
      const questionLang = detect(q);
      const lang = opts.lang ?? questionLang;
      const k = Math.min(10, Math.max(1, Math.floor(opts.k ?? 3)));
      const offset = Math.max(0, Math.floor(opts.offset ?? 0));
      if (!q) return { lang, answered: false, mode: retriever.mode, passages: [] };
      const r = await retriever.retrieve(q, questionLang, offset + k);
      const top = r.hits[0]?.score ?? 0;
      const kept = retriever.mode === 'lexical' ? r.hits.filter((h) => h.score >= top * RELATIVE_CUTOFF) : r.hits;
      const passages = kept.slice(offset, offset + k).map((h) => toPassage(chunks[h.index], lang, h.score));
      return { lang, answered: r.answered, mode: retriever.mode, passages };
    },
    passage(id: string, lang?: Lang) {
      const chunk = byId.get(id);
      return chunk ? toPassage(chunk, lang ?? chunk.originalLanguage, 0) : undefined;
    },
    document: (id: string) => docs.get(id),
    documents: (): CorpusDocument[] => corpus.documents,
    detectLanguage: detect,
    status: () => (dense ? { ...status, embedding: dense.embedder.status() } : status),
    async close() {
      await dense?.embedder.close();
    },
  };
}
