/**
 * Where the benchmark keeps its generated files (bench/tmp/, gitignored), the eval questions
 * it asks, and the engine configurations it compares.
 *
 *   const questions = evalQuestions();             // dev + both held-out sets, in file order
 *   const engine = await loadEngine(engineOptions('e5'));
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadEngineOptions } from '../../../src/answer/engine.js';
import type { Lang } from '../../../src/corpus/types.js';
import { ROOT } from './child.js';

export const TMP = path.join(ROOT, 'bench/tmp');
export const MODELS_DIR = path.join(TMP, 'models');
/** The default model's id; bench/tmp/models holds a random-weight copy of its architecture. */
export const E5_MODEL = 'Xenova/multilingual-e5-small';
export const E5_FILE = path.join(MODELS_DIR, E5_MODEL, 'onnx/model_quantized.onnx');
export const DIMENSION = 384;

export interface EvalQuestion {
  id: string;
  q: string;
  lang: Lang;
  paragraphs: number[];
  set: 'dev' | 'held-out' | 'held-out-2';
}

export function evalQuestions(): EvalQuestion[] {
  const read = (file: string, set: EvalQuestion['set']) =>
    (JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Omit<EvalQuestion, 'set'>[]).map((q) => ({ ...q, set }));
  return [...read('test/eval/questions.json', 'dev'), ...read('test/eval/heldout.json', 'held-out'), ...read('test/eval/heldout2.json', 'held-out-2')];
}

export type EngineKind = 'e5' | 'lexical';

/** `e5`: hybrid with the random-weight e5-architecture model; `lexical`: no model (as shipped here). */
export function engineOptions(kind: EngineKind): LoadEngineOptions {
  const base = { corpusDir: path.join(ROOT, 'corpus'), modelsDir: MODELS_DIR, allowDownload: false };
  return kind === 'e5'
    ? { ...base, model: E5_MODEL, embeddingsDir: path.join(TMP, 'embeddings-e5'), rebuildStale: true }
    : { ...base, model: 'none', embeddingsDir: path.join(TMP, 'embeddings-none') };
}

export const hasE5Model = () => existsSync(E5_FILE);
