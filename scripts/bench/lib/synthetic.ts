/**
 * Synthetic bilingual corpora for the scale benchmark, made from the real corpus: each chunk
 * is clauses sampled from the real paragraphs (Vietnamese and English separately) in shuffled
 * order until it is as long as a real paragraph, with about one word in ten swapped for a
 * made-up rare word drawn from a Zipf law, so the vocabulary keeps growing with the corpus
 * as real text does. Vectors are random unit vectors of the model's dimension (dense ranking
 * cost does not depend on their values). Deterministic for a given seed; generated at run
 * time, never committed.
 *
 *   const chunks = syntheticChunks(sourceFromChunks(real), { size: 10_000, seed: 1 });
 *   const vectors = randomUnitVectors(10_000, 384, 2);
 */
import type { Chunk, Lang } from '../../../src/corpus/types.js';
import { seededRandom } from './stats.js';

export interface SyntheticOptions {
  size: number;
  seed: number;
  /** Share of words replaced by made-up rare words. Default 0.1. */
  rareShare?: number;
}

/** Clauses of the real corpus per language, and the real paragraph lengths to imitate. */
export interface SourceText {
  clauses: Record<Lang, string[]>;
  paragraphLengths: Record<Lang, number[]>;
}

export function sourceFromChunks(chunks: Chunk[]): SourceText {
  const src: SourceText = { clauses: { vi: [], en: [] }, paragraphLengths: { vi: [], en: [] } };
  for (const c of chunks) {
    for (const lang of ['vi', 'en'] as Lang[]) {
      const text = c.text[lang];
      if (!text) continue;
      src.paragraphLengths[lang].push(text.length);
      src.clauses[lang].push(...text.split(/(?<=[.!?;,:])\s+/).filter((s) => s.length > 3));
    }
  }
  return src;
}

/** A random unit vector (Gaussian components, normalised) written into `out` at `offset`. */
export function randomUnit(random: () => number, dimension: number, out = new Float32Array(dimension), offset = 0): Float32Array {
  let norm = 0;
  for (let j = 0; j < dimension; j++) {
    const g = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    out[offset + j] = g;
    norm += g * g;
  }
  const inv = 1 / Math.sqrt(norm || 1);
  for (let j = 0; j < dimension; j++) out[offset + j] *= inv;
  return out;
}

/** `size` random unit vectors, contiguous (row i at i·dimension). */
export function randomUnitVectors(size: number, dimension: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const vectors = new Float32Array(size * dimension);
  for (let i = 0; i < size; i++) randomUnit(random, dimension, vectors, i * dimension);
  return vectors;
}

/**
 * `size` unit vectors around `clusters` random centres, contiguous: real embeddings cluster by
 * topic, and uniform random vectors are a worst case no approximate index is built for.
 */
export function clusteredUnitVectors(size: number, dimension: number, seed: number, clusters = 200): Float32Array {
  const random = seededRandom(seed);
  const centres = randomUnitVectors(clusters, dimension, seed + 1);
  const vectors = new Float32Array(size * dimension);
  const noise = new Float32Array(dimension);
  for (let i = 0; i < size; i++) {
    const c = Math.floor(random() * clusters) * dimension;
    randomUnit(random, dimension, noise);
    let norm = 0;
    for (let j = 0; j < dimension; j++) {
      const x = centres[c + j] + 0.6 * noise[j];
      vectors[i * dimension + j] = x;
      norm += x * x;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < dimension; j++) vectors[i * dimension + j] *= inv;
  }
  return vectors;
}

export function syntheticChunks(src: SourceText, o: SyntheticOptions): Chunk[] {
  const random = seededRandom(o.seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const rareShare = o.rareShare ?? 0.1;
  const words = { vi: src.clauses.vi.join(' ').split(/\s+/), en: src.clauses.en.join(' ').split(/\s+/) };
  // Zipf over an open vocabulary: rank r has probability ∝ 1/r (sampled as r = R^u);
  // the rare word of rank r is two real words fused, lower-cased, without punctuation.
  const maxRank = Math.max(1000, o.size * 20);
  const rareWord = (lang: Lang) => {
    const r = Math.floor(Math.exp(random() * Math.log(maxRank)));
    const w = words[lang];
    return (w[(r * 7919) % w.length] + w[(r * 104729 + 13) % w.length]).replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
  };
  const text = (lang: Lang) => {
    const target = pick(src.paragraphLengths[lang]);
    const parts: string[] = [];
    let length = 0;
    while (length < target) {
      const clause = pick(src.clauses[lang])
        .split(' ')
        .map((w) => (random() < rareShare ? rareWord(lang) : w))
        .join(' ');
      parts.push(clause);
      length += clause.length + 1;
    }
    return parts.join(' ');
  };
  const chunks: Chunk[] = [];
  for (let i = 0; i < o.size; i++) {
    const doc = `synthetic-${Math.floor(i / 50)}`;
    const paragraph = (i % 50) + 1;
    chunks.push({
      id: `${doc}:p${paragraph}`,
      doc,
      paragraph,
      part: 1,
      title: { vi: doc, en: doc },
      originalLanguage: 'vi',
      text: { vi: text('vi'), en: text('en') },
    });
  }
  return chunks;
}
