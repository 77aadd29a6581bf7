/**
 * Cold start, in a fresh process started by the `tsx` command (as `npm start` is).
 *   cold.ts engine <e5|lexical>  — import and `loadEngine()` as the server does, then one answer.
 *   cold.ts parts <e5|lexical>   — the same steps one by one, each timed.
 * Reports the epoch time it became ready, so the parent can measure spawn → ready.
 */
import { report } from '../lib/child.js';
import { engineOptions, type EngineKind } from '../lib/setup.js';

const [mode, kind] = process.argv.slice(2) as ['engine' | 'parts', EngineKind];
const bootMs = process.uptime() * 1000;
const options = engineOptions(kind);

async function engine() {
  let t = performance.now();
  const { loadEngine } = await import('../../../src/answer/engine.js');
  const importMs = performance.now() - t;
  t = performance.now();
  const e = await loadEngine(options);
  const loadMs = performance.now() - t;
  const readyAt = Date.now();
  t = performance.now();
  const first = await e.ask('Where will the 18th AMRI be held?');
  const firstAskMs = performance.now() - t;
  const mode = e.status().mode;
  await e.close();
  return { bootMs, importMs, loadMs, readyAt, firstAskMs, mode, answered: first.answered };
}

async function parts() {
  let t = performance.now();
  const [{ loadCorpus }, chunk, store, { buildLexical }, { buildDense }, language, embedder] = await Promise.all([
    import('../../../src/corpus/load-corpus.js'),
    import('../../../src/corpus/chunk.js'),
    import('../../../src/embedding/index-store.js'),
    import('../../../src/retrieval/lexical.js'),
    import('../../../src/retrieval/dense.js'),
    import('../../../src/text/language.js'),
    import('../../../src/embedding/embedder.js'),
    import('../../../src/answer/engine.js'),
  ]);
  const importMs = performance.now() - t;
  t = performance.now();
  const corpus = await loadCorpus(options.corpusDir);
  const chunks = chunk.chunkDocuments(corpus.documents, chunk.DEFAULT_CHUNK_OPTIONS);
  store.hashCorpus(corpus.files);
  const corpusMs = performance.now() - t;
  t = performance.now();
  buildLexical(chunks);
  language.buildLanguageVocab({ vi: chunks.map((c) => c.text.vi ?? ''), en: chunks.map((c) => c.text.en ?? '') });
  const lexicalMs = performance.now() - t;
  let modelMs = 0;
  let indexMs = 0;
  if (options.model !== 'none') {
    t = performance.now();
    const loaded = await embedder.loadEmbedder({ model: options.model, modelsDir: options.modelsDir, allowDownload: false });
    modelMs = performance.now() - t;
    if (!loaded.ok) throw new Error(loaded.reason);
    t = performance.now();
    const index = await store.readIndex(options.embeddingsDir);
    if (!index.vectors) throw new Error('bench index has no vectors');
    buildDense(index.vectors, index.manifest.dimension);
    indexMs = performance.now() - t;
    await loaded.embedder.close();
  }
  return { bootMs, importMs, corpusMs, lexicalMs, modelMs, indexMs, readyAt: Date.now() };
}

report(mode === 'engine' ? await engine() : await parts());
process.exit(0);
