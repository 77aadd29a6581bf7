/**
 * The embedding stage: turns queries and passages into unit vectors with a local
 * transformers.js model (`@huggingface/transformers`, the maintained continuation of
 * `@xenova/transformers`). Loading never throws: a missing or broken model is a plain
 * one-line reason, so the service can say "lexical only" and carry on.
 *
 * Where the model runs (`workers`):
 * - `0`: on the calling thread, as before: each question blocks the event loop for its
 *   inference (4–20 ms with e5-small's architecture).
 * - `n ≥ 1`: in a pool of n worker threads (see pool.ts): the main thread only posts texts and
 *   receives vectors; questions that arrive while the workers are busy are embedded together
 *   in one model call (micro-batching), and a crashed worker is replaced.
 * The 1.x onnxruntime-node of the old package line could not load its binding in a worker once
 * an earlier one had exited, which is why the pool came with the move to the 4.x line.
 *
 *   const r = await loadEmbedder({ model: 'Xenova/multilingual-e5-small', modelsDir: './models', allowDownload: false, workers: 1 });
 *   if (!r.ok) console.log(`dense retrieval off: ${r.reason}`);
 *   else { const q = await r.embedder.embedQuery('Tuyên bố Kuala Lumpur là gì?'); }
 */
import path from 'node:path';
import { LRUCache } from 'lru-cache';
// The model-on-a-thread part lives in model-runner.ts, shared with the pool's workers.
import { firstMissing, loadModelRunner, type EmbedderInfo } from './model-runner.js';
import { startEmbedPool, type EmbedPool, type PoolStatus } from './pool.js';

/** Where query embedding runs, for /healthz and the start-up line. */
export type EmbeddingStatus = { thread: 'main' } | ({ thread: 'workers' } & PoolStatus);

export interface Embedder {
  readonly info: EmbedderInfo;
  /** Embeds one query (with the model's query prefix). Repeated strings come from a small cache. */
  embedQuery(text: string): Promise<Float32Array>;
  /** Embeds passages (with the passage prefix) in batches; the result keeps the input order. */
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  /** Main thread or worker pool, with the pool's state. */
  status(): EmbeddingStatus;
  /** The worker pool, when the model runs in one (diagnostics and supervision tests). */
  readonly pool?: EmbedPool;
  /** Frees the ONNX session(s) and stops the workers; later calls reject. */
  close(): Promise<void>;
}

export interface LoadEmbedderOptions {
  /** Model id, e.g. `Xenova/multilingual-e5-small`. */
  model: string;
  /** Folder with `<model id>/{config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx}`. */
  modelsDir: string;
  /** Let transformers.js download and cache the model when the folder lacks it. */
  allowDownload: boolean;
  /** Where downloads are cached. Default `modelsDir`, so a downloaded model is found locally next time. */
  cacheDir?: string;
  /** Load `onnx/model_quantized.onnx` (dtype q8, true) or `onnx/model.onnx` (dtype fp32, false). Default true. */
  quantized?: boolean;
  /** Passages per model call in `embedPassages`. Default 16. */
  batchSize?: number;
  /** Distinct query strings kept in the query cache. Default 256; 0 turns it off. */
  queryCacheSize?: number;
  /** Worker threads running the model; 0 (default) runs it on the calling thread. */
  workers?: number;
  /** With workers: at most this many questions per model call. Default 16. */
  batchMaxSize?: number;
  /** With workers: how long a question waits for others to join its model call, in ms. Default 2. */
  batchMaxWaitMs?: number;
}

export type LoadEmbedderResult = { ok: true; embedder: Embedder } | { ok: false; reason: string };

const DEFAULTS = { quantized: true, batchSize: 16, queryCacheSize: 256, workers: 0, batchMaxSize: 16, batchMaxWaitMs: 2 };

/**
 * The query cache: the `size` most recently used query strings (a `get` counts as a use, and the
 * least recently used one is evicted first); none when `size` is below 1.
 */
function queryCache(size: number): LRUCache<string, Float32Array> | undefined {
  const max = Math.floor(size);
  return Number.isSafeInteger(max) && max >= 1 ? new LRUCache<string, Float32Array>({ max }) : undefined;
}

/**
 * Loads the model on this thread (`workers` 0) or in a pool of worker threads, and probes it.
 * Resolves `{ok:false, reason}` for a missing or unloadable model; never rejects.
 */
export async function loadEmbedder(o: LoadEmbedderOptions): Promise<LoadEmbedderResult> {
  // `??` per field rather than a spread, so an explicit `undefined` still gets the default.
  const quantized = o.quantized ?? DEFAULTS.quantized;
  const batchSize = Math.max(1, Math.floor(o.batchSize ?? DEFAULTS.batchSize));
  const workers = Math.max(0, Math.floor(o.workers ?? DEFAULTS.workers));
  const model = { model: o.model, modelsDir: o.modelsDir, allowDownload: o.allowDownload, cacheDir: o.cacheDir, quantized };
  // Checked here too, so a missing model is reported without starting a worker.
  const missing = firstMissing(path.resolve(o.modelsDir), o.model, quantized);
  if (missing && !o.allowDownload) {
    return { ok: false, reason: `model ${o.model} not found in ${path.resolve(o.modelsDir)} (missing ${missing}); set MODELS_DIR or ALLOW_MODEL_DOWNLOAD=true` };
  }

  let info: EmbedderInfo;
  let embedBatch: (texts: string[], bulk: boolean) => Promise<Float32Array[]>;
  let status: () => EmbeddingStatus;
  let dispose: () => Promise<void>;
  let pool: EmbedPool | undefined;
  if (workers === 0) {
    const loaded = await loadModelRunner(model);
    if (!loaded.ok) return loaded;
    const runner = loaded.runner;
    info = runner.info;
    embedBatch = async (texts) => {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) out.push(...(await runner.run(texts.slice(i, i + batchSize))));
      return out;
    };
    status = () => ({ thread: 'main' });
    dispose = () => runner.dispose();
  } else {
    // One onnxruntime thread per worker: the workers are the parallelism, and more threads than
    // cores only makes them preempt each other (and the main thread).
    const started = await startEmbedPool({
      size: workers,
      maxBatch: Math.max(1, Math.floor(o.batchMaxSize ?? DEFAULTS.batchMaxSize)),
      maxWaitMs: Math.max(0, o.batchMaxWaitMs ?? DEFAULTS.batchMaxWaitMs),
      model: { ...model, intraOpThreads: 1 },
    });
    if (!started.ok) return started;
    const p = (pool = started.pool);
    info = p.info;
    embedBatch = (texts, bulk) => p.embed(texts, bulk ? 'bulk' : 'query');
    status = () => ({ thread: 'workers', ...p.status() });
    dispose = () => p.close();
  }

  const cache = queryCache(o.queryCacheSize ?? DEFAULTS.queryCacheSize);
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new Error(`embedder ${o.model} is closed`);
  };
  const embedder: Embedder = {
    info,
    async embedQuery(text) {
      ensureOpen();
      let v = cache?.get(text);
      if (!v) {
        [v] = await embedBatch([info.queryPrefix + text], false);
        cache?.set(text, v);
      }
      // A copy, so a caller mutating its vector cannot corrupt the cache.
      return v.slice();
    },
    async embedPassages(texts) {
      ensureOpen();
      return embedBatch(
        texts.map((t) => info.passagePrefix + t),
        true,
      );
    },
    status,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await dispose();
    },
  };
  return { ok: true, embedder };
}
