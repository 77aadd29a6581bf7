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
import { QUESTION_CHARS_CEILING, type Config } from '../config.js';
import { silentLogger, type Logger } from '../log.js';
import { buildDense, type DenseRetriever } from '../retrieval/dense.js';
import { loadOrBuildHnsw } from '../embedding/hnsw-cache.js';
import { buildLexical } from '../retrieval/lexical.js';
import { analyzerFingerprint, buildStoredLexical, decodeLexical, type StoredLexical } from '../retrieval/lexical-store.js';
import { createRetriever, DEFAULT_THRESHOLDS, type NoAnswerThresholds, type RetrieveUse, type Retriever } from '../retrieval/retriever.js';
import { detectLanguage } from '../text/language.js';
import { clean } from '../text/normalize.js';
import { createQuestionAnalyzer } from '../question/analyze-question.js';
import { DICTIONARIES } from '../question/dictionaries.js';
import { initialismsOf } from '../question/initialisms.js';
import { createSpeller, type SpellingVocabulary } from '../question/spelling.js';
import { englishStopwords } from '../text/natural.js';
import { createAnswerer, type AnswerOptions, type AnswerTrace } from './answer-question.js';
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

/** Passages after the first must score at least this share of the first (lexical mode), so weak tails are not quoted. */
const RELATIVE_CUTOFF = 0.2;

/** Extra hooks for the eval harness and benchmarks; channels use `Engine` only. */
export interface EngineInternals extends Engine {
  retriever: Retriever;
  chunks: Chunk[];
  /** Retrieval in a chosen mode with timings (eval and bench). */
  retrieve: Retriever['retrieve'];
  embedder: Embedder | null;
  /** The whole reading of a question: analysis, retrieval and decision per part (eval, `--explain`). */
  trace(question: string, lang: Lang, options: AnswerOptions): Promise<AnswerTrace>;
}

/** The corpus's words as the speller needs them, from the stored index (no text is re-analysed). */
function spellingVocabulary(stored: StoredLexical): SpellingVocabulary {
  const en = new Map<string, number>();
  for (const w of stored.vocab.en) en.set(w, stored.fields.en.df(w) || 1);
  const viExact = new Map<string, number>();
  const viExactPairs = new Set<string>();
  for (const t of stored.fields.vix.data.terms) {
    if (t.includes('_')) viExactPairs.add(t);
    else {
      viExact.set(t, stored.fields.vix.df(t));
      // Names the texts share (ASEAN, Kuala, Lumpur) are left out of the language vocabularies: they are English candidates too.
      if (/^[a-z]+$/.test(t) && !en.has(t)) en.set(t, stored.fields.vix.df(t));
    }
  }
  const viFolded = new Map<string, number>();
  const viFoldedPairs = new Set<string>();
  for (const t of stored.fields.vi.data.terms) {
    if (t.includes('_')) viFoldedPairs.add(t);
    else viFolded.set(t, stored.fields.vi.df(t));
  }
  return { en, viExact, viExactPairs, viFolded, viFoldedPairs };
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
  const analyse = createQuestionAnalyzer({
    speller: createSpeller(
      spellingVocabulary(stored),
      DICTIONARIES,
      englishStopwords,
      initialismsOf(corpus.documents.flatMap((d) => Object.values(d.paragraphs).flatMap((ps) => ps ?? []))),
    ),
    titles: corpus.documents.flatMap((d) => Object.values(d.title).filter((t): t is string => Boolean(t))),
    years: corpus.documents.flatMap((d) => (d.date ? [d.date.slice(0, 4)] : [])),
    texts: corpus.documents.flatMap((d) => Object.values(d.paragraphs).flatMap((ps) => ps ?? [])),
  });
  const answerer = createAnswerer({
    retriever,
    chunks,
    analyse,
    documents: corpus.documents,
    summaries: Object.fromEntries(corpus.documents.map((d) => [d.id, d.summary ?? 1])),
    denseThreshold: (options.thresholds ?? DEFAULT_THRESHOLDS).dense,
    glossary: lexical.glossary,
    detectLanguage: (text) => detect(text),
  });

  // The report's end marker "./." belongs to the reader page, not to quotes.
  const quoted = (text: string) => text.replace(/\s*\.\/\.\s*$/u, '.');
  const toPassage = (chunk: Chunk, lang: Lang, score: number): Passage => {
    const textLang: Lang = chunk.text[lang] ? lang : chunk.originalLanguage;
    const doc = docs.get(chunk.doc);
    const heading = chunk.part === 1 ? doc?.headings?.[chunk.paragraph]?.[textLang] : undefined;
    const translation = textLang !== chunk.originalLanguage ? doc?.translation?.[textLang] : undefined;
    return {
      id: chunk.id,
      doc: chunk.doc,
      title: chunk.title[lang] ?? chunk.title[chunk.originalLanguage] ?? chunk.doc,
      paragraph: chunk.paragraph,
      score: Math.round(score * 1e4) / 1e4,
      text: quoted(chunk.text[textLang]!),
      textLang,
      original: { lang: chunk.originalLanguage, text: quoted(chunk.text[chunk.originalLanguage]!) },
      ...(doc?.roles?.[chunk.paragraph] ? { role: doc.roles[chunk.paragraph] } : {}),
      ...(heading ? { heading } : {}),
      ...(translation ? { translation } : {}),
    };
  };

  return {
    retriever,
    chunks,
    embedder: dense?.embedder ?? null,
    retrieve: (q: string, lang: Lang, limit: number, use?: RetrieveUse) => retriever.retrieve(clean(q).slice(0, QUESTION_CHARS_CEILING), lang, limit, use),
    trace: (question, lang, o) => answerer.answer(clean(question).trim().slice(0, QUESTION_CHARS_CEILING), lang, o),
    async ask(question: string, opts: AskOptions = {}): Promise<AskResult> {
      const q = clean(typeof question === 'string' ? question : '').trim().slice(0, QUESTION_CHARS_CEILING);
      // Retrieval reads the question in the language it is written in; `lang` only picks the reply language.
      const questionLang = detect(q);
      const lang = opts.lang ?? questionLang;
      const k = Math.min(10, Math.max(1, Math.floor(opts.k ?? 3)));
      const offset = Math.max(0, Math.floor(opts.offset ?? 0));
      if (!q) return { lang, answered: false, mode: retriever.mode, passages: [] };
      const previous = typeof opts.previous === 'string' ? clean(opts.previous).trim().slice(0, QUESTION_CHARS_CEILING) : undefined;
      const t = await answerer.answer(q, questionLang, { limit: offset + k, previous: previous || undefined });
      const a = t.analysis;
      const reading = {
        focus: a.focus,
        answerType: a.answerType,
        corrections: a.corrections,
        setAside: a.setAside,
        overview: a.overview,
        ...(a.followUp ? { readAs: a.followUp.reading, followUp: { previous: a.followUp.previous } } : a.corrections.length ? { readAs: a.text } : {}),
      };
      if (t.overview) {
        const passages = offset === 0 ? t.overview.map((i) => toPassage(chunks[i], lang, 1)) : [];
        const ids = passages.map((p) => p.id);
        return { lang, answered: passages.length > 0, mode: retriever.mode, passages, reading: { ...reading, parts: [{ text: a.focus, answerType: 'overview', answered: true, passageIds: ids }] }, answer: null };
      }
      // One question: its best passages, weak tails cut. Several: each answered part's best passage, in order.
      const keep = (hits: { index: number; score: number }[]) => {
        const top = hits[0]?.score ?? 0;
        return retriever.mode === 'lexical' ? hits.filter((h) => h.score >= top * RELATIVE_CUTOFF) : hits;
      };
      let passages: Passage[];
      const parts = t.parts.map((p) => ({ text: p.part.text, answerType: p.part.answerType, answered: p.answered, passageIds: [] as string[] }));
      let answer: AskResult['answer'] = null;
      if (t.parts.length === 1) {
        passages = t.parts[0].answered ? keep(t.parts[0].hits).slice(offset, offset + k).map((h) => toPassage(chunks[h.index], lang, h.score)) : [];
        parts[0].passageIds = passages.map((p) => p.id);
        const short = passages[0] && offset === 0 ? answerer.shortAnswer(t.parts[0].part, passages[0].text) : null;
        if (short) answer = { text: short.text, passageId: passages[0].id, sentence: short.sentence };
      } else {
        const seen = new Map<string, Passage>();
        t.parts.forEach((p, i) => {
          const h = p.answered ? p.hits[0] : undefined;
          if (!h) return;
          const passage = seen.get(chunks[h.index].id) ?? toPassage(chunks[h.index], lang, h.score);
          seen.set(passage.id, passage);
          parts[i].passageIds = [passage.id];
        });
        passages = offset === 0 ? [...seen.values()] : [];
      }
      return { lang, answered: passages.length > 0, mode: retriever.mode, passages, reading: { ...reading, parts }, answer };
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
