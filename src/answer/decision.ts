/**
 * The answer / no-answer decision: a logistic regression over several signals of a question
 * part and its best passage, fitted on the development sets (`npm run eval -- --fit` writes
 * `decision-model.json`; `--calibrate` prints its cross-validated calibration).
 *
 *   const p = probability(DECISION_MODEL, { coverage: 0.8, margin: 0.4, unknownShare: 0, typeMissing: 0, … });
 *   p >= DECISION_MODEL.threshold // answer
 */
import { createRequire } from 'node:module';

/** The signals, each a number; what each means is in its comment. */
export interface DecisionFeatures {
  /** Share of the focus's word weight the best passage contains (glossary and WordNet count in part). */
  coverage: number;
  /** (first score − second score) / first score: how clearly the best passage stands out. */
  margin: number;
  /** Share of the focus's word weight the corpus lacks entirely (after spelling correction). */
  unknownShare: number;
  /** The heaviest known focus word the best passage lacks, relative to the heaviest known focus word. */
  peakMissing: number;
  /** 1 when the question asks a detail (place, date, person, amount…) the best passage does not state. */
  typeMissing: number;
  /** 1 when the question asks such a detail at all. */
  detailAsked: number;
  /** log(1 + the best passage's BM25 score): how much of the question matched, in absolute terms. */
  logScore: number;
}

export const FEATURES: readonly (keyof DecisionFeatures)[] = ['coverage', 'margin', 'unknownShare', 'peakMissing', 'typeMissing', 'detailAsked', 'logScore'];

export interface DecisionModel {
  features: (keyof DecisionFeatures)[];
  /** Per feature: mean and standard deviation used to standardise it, and its weight. */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /** Answer when the probability is at least this. */
  threshold: number;
  /** How and on what it was fitted. */
  fitted: { date: string; sets: string[]; questions: number; l2: number; crossValidation: string };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Probability that the text answers the question part. */
export function probability(model: DecisionModel, f: DecisionFeatures): number {
  let z = model.bias;
  model.features.forEach((name, i) => {
    z += model.weights[i] * ((f[name] - model.mean[i]) / model.scale[i]);
  });
  return sigmoid(z);
}

export interface FitOptions {
  /** L2 penalty on the weights (not the bias). Default 0.1. */
  l2?: number;
  /** Gradient steps. Default 3000. */
  iterations?: number;
  /** Weight of the positive class relative to the negative one. Default: balanced by class sizes. */
  positiveWeight?: number;
}

/**
 * Fits a logistic regression by gradient descent on standardised features (a few dozen rows
 * of a handful of signals: no library needed). `labels[i]` is 1 for "the text answers it".
 */
export function fitLogistic(
  rows: DecisionFeatures[],
  labels: number[],
  features: readonly (keyof DecisionFeatures)[] = FEATURES,
  options: FitOptions = {},
): Pick<DecisionModel, 'features' | 'mean' | 'scale' | 'weights' | 'bias'> {
  const l2 = options.l2 ?? 0.1;
  const iterations = options.iterations ?? 3000;
  const n = rows.length;
  const positives = labels.filter((y) => y === 1).length;
  const wPos = options.positiveWeight ?? (positives > 0 && positives < n ? (n - positives) / positives : 1);
  const x = rows.map((r) => features.map((f) => r[f]));
  const mean = features.map((_, j) => x.reduce((s, r) => s + r[j], 0) / n);
  const scale = features.map((_, j) => Math.sqrt(x.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n) || 1);
  const z = x.map((r) => r.map((v, j) => (v - mean[j]) / scale[j]));
  const weights = new Array<number>(features.length).fill(0);
  let bias = 0;
  const rate = 0.5;
  const total = labels.reduce((s, y) => s + (y === 1 ? wPos : 1), 0);
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(features.length).fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      let s = bias;
      for (let j = 0; j < weights.length; j++) s += weights[j] * z[i][j];
      const w = labels[i] === 1 ? wPos : 1;
      const err = (sigmoid(s) - labels[i]) * w;
      for (let j = 0; j < weights.length; j++) grad[j] += err * z[i][j];
      gb += err;
    }
    for (let j = 0; j < weights.length; j++) weights[j] -= rate * (grad[j] / total + l2 * weights[j] / n);
    bias -= rate * (gb / total);
  }
  return { features: [...features], mean, scale, weights, bias };
}

const require = createRequire(import.meta.url);
/** The fitted model shipped with the code (see `npm run eval -- --fit`). */
export const DECISION_MODEL: DecisionModel = require('./decision-model.json') as DecisionModel;
