/**
 * The embedding stage: turns queries and passages into unit vectors with a local
 * transformers.js model. Loading never throws: a missing or broken model is a plain
 * one-line reason, so the service can say "lexical only" and carry on.
 *
 * Inference runs on the calling thread and blocks it (4–20 ms a question with e5-small). A
 * worker thread was tried and dropped: onnxruntime-node 1.14's binding cannot be loaded by a
 * worker once an earlier worker that loaded it has exited ("Module did not self-register"), so
 * a crashed worker could not be replaced, nor one opened per engine.
 *
 *   const r = await loadEmbedder({ model: 'Xenova/multilingual-e5-small', modelsDir: './models', allowDownload: false });
 *   if (!r.ok) console.log(`dense retrieval off: ${r.reason}`);
 *   else { const q = await r.embedder.embedQuery('Tuyên bố Kuala Lumpur là gì?'); }
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { conventionsFor, type ModelConventions } from './models.js';

export interface EmbedderInfo extends ModelConventions {
  /** Model id, e.g. `Xenova/multilingual-e5-small`. */
  id: string;
  /** Length of every vector this embedder returns. */
  dimension: number;
}

export interface Embedder {
  readonly info: EmbedderInfo;
  /** Embeds one query (with the model's query prefix). Repeated strings come from a small cache. */
  embedQuery(text: string): Promise<Float32Array>;
  /** Embeds passages (with the passage prefix) in batches; the result keeps the input order. */
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  /** Frees the ONNX session; later calls reject. */
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
  /** Load `onnx/model_quantized.onnx` (true) or `onnx/model.onnx` (false). Default true. */
  quantized?: boolean;
  /** Passages per model call in `embedPassages`. Default 16. */
  batchSize?: number;
  /** Distinct query strings kept in the query cache. Default 256; 0 turns it off. */
  queryCacheSize?: number;
}

export type LoadEmbedderResult = { ok: true; embedder: Embedder } | { ok: false; reason: string };

const DEFAULTS = { quantized: true, batchSize: 16, queryCacheSize: 256 };

/** What transformers.js reads from the model folder (special_tokens_map.json is optional to it). */
function requiredFiles(quantized: boolean): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/${quantized ? 'model_quantized' : 'model'}.onnx`];
}

/** The first required file missing from `<modelsDir>/<model>`, or undefined when all are there. */
function firstMissing(modelsDir: string, model: string, quantized: boolean): string | undefined {
  return requiredFiles(quantized).find((f) => !existsSync(path.join(modelsDir, model, f)));
}

/** An error and its cause chain as one line, for a log line or a status page. */
function oneLine(err: unknown): string {
  const parts: string[] = [];
  for (let e = err, depth = 0; e !== undefined && depth < 3; depth++) {
    parts.push((e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim());
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.filter(Boolean).join(': ') || 'unknown error';
}

/**
 * transformers.js reports some failures with console.warn before throwing (a broken ONNX
 * file is warned about with onnxruntime's own, clearer error, then retried on wasm, which
 * throws a vaguer one). Nothing is printed while `fn` runs; on failure the first warned
 * error is attached to the thrown one as `cause`.
 */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  const warned: unknown[] = [];
  console.warn = (...args: unknown[]) => void warned.push(...args);
  try {
    return await fn();
  } catch (err) {
    const first = warned.find((w) => w instanceof Error);
    if (err instanceof Error && first && err.cause === undefined) err.cause = first;
    throw err;
  } finally {
    console.warn = warn;
  }
}

/** A Map kept in use order: the least recently used entry is evicted first. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    if (this.max <= 0) return;
    this.map.delete(key);
    this.map.set(key, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
}

/** The slice of a transformers.js feature-extraction pipeline this module uses. */
type Extractor = ((texts: string[], o: { pooling: 'mean' | 'cls'; normalize: boolean }) => Promise<{ data: ArrayLike<number>; dims: number[] }>) & {
  dispose(): Promise<void>;
};

/**
 * Loads a feature-extraction model and probes it once for its dimension.
 * transformers.js settings are process-wide (`env`), so load one model at a time.
 * Resolves `{ok:false, reason}` for a missing or unloadable model; never rejects.
 */
export async function loadEmbedder(o: LoadEmbedderOptions): Promise<LoadEmbedderResult> {
  // `??` per field rather than a spread, so an explicit `undefined` still gets the default.
  const opts = {
    ...o,
    quantized: o.quantized ?? DEFAULTS.quantized,
    batchSize: Math.max(1, Math.floor(o.batchSize ?? DEFAULTS.batchSize)),
    queryCacheSize: o.queryCacheSize ?? DEFAULTS.queryCacheSize,
  };
  const modelsDir = path.resolve(opts.modelsDir);
  const missing = firstMissing(modelsDir, opts.model, opts.quantized);
  if (missing && !opts.allowDownload) {
    return {
      ok: false,
      reason: `model ${opts.model} not found in ${modelsDir} (missing ${missing}); set MODELS_DIR or ALLOW_MODEL_DOWNLOAD=true`,
    };
  }
  const conventions = conventionsFor(opts.model);
  let extractor: Extractor;
  try {
    extractor = await quietly(async () => {
      const { env, pipeline } = await import('@xenova/transformers');
      env.allowLocalModels = true;
      env.localModelPath = modelsDir + path.sep;
      env.allowRemoteModels = opts.allowDownload;
      env.cacheDir = path.resolve(opts.cacheDir ?? modelsDir);
      return (await pipeline('feature-extraction', opts.model, { quantized: opts.quantized })) as unknown as Extractor;
    });
  } catch (err) {
    const where = missing ? `is not in ${modelsDir} and downloading it failed` : 'could not be loaded';
    return { ok: false, reason: `model ${opts.model} ${where}: ${oneLine(err)}` };
  }

  const run = async (texts: string[]): Promise<Float32Array[]> => {
    const out = await extractor(texts, { pooling: conventions.pooling, normalize: conventions.normalize });
    const dim = out.dims[out.dims.length - 1];
    // Copy out of the tensor: its buffer belongs to onnxruntime and may be reused.
    return texts.map((_, i) => {
      const v = new Float32Array(dim);
      for (let j = 0; j < dim; j++) v[j] = out.data[i * dim + j];
      return v;
    });
  };

  let dimension: number;
  try {
    const [probe] = await quietly(() => run([`${conventions.queryPrefix}probe`]));
    dimension = probe.length;
    if (!dimension || probe.some((x) => !Number.isFinite(x))) throw new Error('probe embedding is empty or not finite');
  } catch (err) {
    await extractor.dispose().catch(() => {});
    return { ok: false, reason: `model ${opts.model} loaded but does not embed: ${oneLine(err)}` };
  }

  const cache = new Lru<Float32Array>(opts.queryCacheSize);
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new Error(`embedder ${opts.model} is closed`);
  };
  const embedder: Embedder = {
    info: { id: opts.model, dimension, ...conventions },
    async embedQuery(text) {
      ensureOpen();
      let v = cache.get(text);
      if (!v) {
        [v] = await run([conventions.queryPrefix + text]);
        cache.set(text, v);
      }
      // A copy, so a caller mutating its vector cannot corrupt the cache.
      return v.slice();
    },
    async embedPassages(texts) {
      ensureOpen();
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += opts.batchSize) {
        const batch = texts.slice(i, i + opts.batchSize).map((t) => conventions.passagePrefix + t);
        out.push(...(await run(batch)));
      }
      return out;
    },
    async close() {
      if (closed) return;
      closed = true;
      await extractor.dispose();
    },
  };
  return { ok: true, embedder };
}
