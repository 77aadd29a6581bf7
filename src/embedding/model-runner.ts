/**
 * One model on one thread: the part of the embedding stage that the main thread (with
 * `EMBED_WORKERS=0`) and each pool worker share. Loading never throws: a missing or broken model
 * is a one-line reason.
 *
 *   const r = await loadModelRunner({ model: 'Xenova/multilingual-e5-small', modelsDir: './models', allowDownload: false, quantized: true });
 *   if (r.ok) console.log((await r.runner.run(['query: TFFN là gì?']))[0].length);
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { conventionsFor, type ModelConventions } from './models.js';

/** The transformers.js package this code loads models with; recorded in the index manifest with the dtype. */
export const RUNTIME_LIBRARY = '@huggingface/transformers';

/** What made a set of vectors: library and dtype (`q8` = onnx/model_quantized.onnx, `fp32` = onnx/model.onnx). */
export function runtimeName(quantized: boolean): string {
  return `${RUNTIME_LIBRARY} ${quantized ? 'q8' : 'fp32'}`;
}

export interface EmbedderInfo extends ModelConventions {
  /** Model id, e.g. `Xenova/multilingual-e5-small`. */
  id: string;
  /** Length of every vector this embedder returns. */
  dimension: number;
  /** Library and dtype that produce the vectors (see `runtimeName`); an index made by another is rebuilt. */
  runtime: string;
}

/** What transformers.js reads from the model folder (special_tokens_map.json is optional to it). */
function requiredFiles(quantized: boolean): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/${quantized ? 'model_quantized' : 'model'}.onnx`];
}

/** The first required file missing from `<modelsDir>/<model>`, or undefined when all are there. */
export function firstMissing(modelsDir: string, model: string, quantized: boolean): string | undefined {
  return requiredFiles(quantized).find((f) => !existsSync(path.join(modelsDir, model, f)));
}

/** An error and its cause chain as one line, for a log line or a status page. */
export function oneLine(err: unknown): string {
  const parts: string[] = [];
  for (let e = err, depth = 0; e !== undefined && depth < 3; depth++) {
    parts.push((e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim());
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.filter(Boolean).join(': ') || 'unknown error';
}

/** The slice of a transformers.js feature-extraction pipeline this module uses. */
type Extractor = ((texts: string[], o: { pooling: 'mean' | 'cls'; normalize: boolean }) => Promise<{ data: ArrayLike<number>; dims: number[] }>) & {
  dispose(): Promise<void>;
};

/** A loaded model on this thread: embeds already-prefixed texts in one call. Used directly and inside each worker. */
export interface ModelRunner {
  readonly info: EmbedderInfo;
  /** One model call for all `texts` (prefixes already applied); vectors in input order. */
  run(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export interface ModelRunnerOptions {
  model: string;
  modelsDir: string;
  allowDownload: boolean;
  cacheDir?: string;
  quantized: boolean;
  /** onnxruntime intra-op threads; undefined leaves onnxruntime's default (all cores). */
  intraOpThreads?: number;
}

/**
 * Loads a feature-extraction model on this thread and probes it once for its dimension.
 * transformers.js settings are per thread (`env`), so load one model at a time per thread.
 * Resolves `{ok:false, reason}` for a missing or unloadable model; never rejects.
 */
export async function loadModelRunner(o: ModelRunnerOptions): Promise<{ ok: true; runner: ModelRunner } | { ok: false; reason: string }> {
  const modelsDir = path.resolve(o.modelsDir);
  const missing = firstMissing(modelsDir, o.model, o.quantized);
  if (missing && !o.allowDownload) {
    return { ok: false, reason: `model ${o.model} not found in ${modelsDir} (missing ${missing}); set MODELS_DIR or ALLOW_MODEL_DOWNLOAD=true` };
  }
  const conventions = conventionsFor(o.model);
  let extractor: Extractor;
  try {
    const { env, pipeline } = await import('@huggingface/transformers');
    env.allowLocalModels = true;
    env.localModelPath = modelsDir + path.sep;
    env.allowRemoteModels = o.allowDownload;
    env.cacheDir = path.resolve(o.cacheDir ?? modelsDir);
    const session_options = o.intraOpThreads ? { intraOpNumThreads: o.intraOpThreads } : {};
    // dtype q8 is onnx/model_quantized.onnx (what the Xenova/* repositories ship and the 2.x line
    // loaded by default); the 4.x line would otherwise pick fp32 (onnx/model.onnx) on Node.
    extractor = (await pipeline('feature-extraction', o.model, { dtype: o.quantized ? 'q8' : 'fp32', device: 'cpu', session_options })) as unknown as Extractor;
  } catch (err) {
    // The 4.x line reports an unloadable model only by rejecting, with the cause in the error
    // itself: a broken ONNX file is onnxruntime's own "Load model from <file> failed:Protobuf
    // parsing failed.", a bad config.json the JSON parser's message. Its warnings (an unknown
    // model type it falls back from, say) are printed as it prints them; console is not touched.
    const where = missing ? `is not in ${modelsDir} and downloading it failed` : 'could not be loaded';
    return { ok: false, reason: `model ${o.model} ${where}: ${oneLine(err)}` };
  }

  const run = async (texts: string[]): Promise<Float32Array[]> => {
    if (texts.length === 0) return [];
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
    const [probe] = await run([`${conventions.queryPrefix}probe`]);
    dimension = probe.length;
    if (!dimension || probe.some((x) => !Number.isFinite(x))) throw new Error('probe embedding is empty or not finite');
  } catch (err) {
    await extractor.dispose().catch(() => {});
    return { ok: false, reason: `model ${o.model} loaded but does not embed: ${oneLine(err)}` };
  }
  const info: EmbedderInfo = { id: o.model, dimension, ...conventions, runtime: runtimeName(o.quantized) };
  return { ok: true, runner: { info, run, dispose: () => extractor.dispose() } };
}
