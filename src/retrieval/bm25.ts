/**
 * BM25 over one field of a set of documents, with term statistics precomputed at build time
 * so a query touches only the postings of its own terms.
 *
 *   const index = buildBm25(chunks.map((c) => analyzeEn(c.text.en ?? '')));
 *   index.score(analyzeEn('next meeting'))  // Float64Array, one score per document
 */
export interface Bm25Options {
  /** Term-frequency saturation. Default 1.2. */
  k1: number;
  /** Length normalisation strength (0 = none, 1 = full). Default 0.75. */
  b: number;
}

export const DEFAULT_BM25_OPTIONS: Readonly<Bm25Options> = Object.freeze({ k1: 1.2, b: 0.75 });

interface Posting {
  docs: Int32Array;
  tfs: Float32Array;
  idf: number;
}

export interface Bm25Index {
  readonly size: number;
  /** Scores every document for the query terms (repeats count once). */
  score(terms: string[]): Float64Array;
  /** Like `score`, each term's contribution multiplied by its weight; adds into `into` when given. */
  scoreWeighted(weights: ReadonlyMap<string, number>, into?: Float64Array): Float64Array;
  /** Inverse document frequency of a term; an unseen term gets the largest possible value. */
  idf(term: string): number;
  /** Number of documents containing `term`. */
  df(term: string): number;
  /** True when `term` occurs in document `doc`. */
  has(doc: number, term: string): boolean;
}

const idfOf = (n: number, df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

export function buildBm25(docs: string[][], options: Bm25Options = DEFAULT_BM25_OPTIONS): Bm25Index {
  const n = docs.length;
  const { k1, b } = options;
  const lengths = new Float64Array(n);
  const raw = new Map<string, Map<number, number>>();
  docs.forEach((terms, d) => {
    lengths[d] = terms.length;
    for (const t of terms) {
      let m = raw.get(t);
      if (!m) raw.set(t, (m = new Map()));
      m.set(d, (m.get(d) ?? 0) + 1);
    }
  });
  const avgLength = n ? lengths.reduce((a, x) => a + x, 0) / n || 1 : 1;
  // Per-document length factor, so scoring is one multiply-add per posting.
  const norm = lengths.map((len) => k1 * (1 - b + (b * len) / avgLength));
  const postings = new Map<string, Posting>();
  for (const [term, m] of raw) {
    const docsArr = Int32Array.from(m.keys());
    const tfs = Float32Array.from(m.values());
    postings.set(term, { docs: docsArr, tfs, idf: idfOf(n, m.size) });
  }
  const unseenIdf = idfOf(n, 0);
  return {
    size: n,
    score(terms) {
      return this.scoreWeighted(new Map(terms.map((t) => [t, 1])));
    },
    scoreWeighted(weights, into = new Float64Array(n)) {
      for (const [term, weight] of weights) {
        const p = postings.get(term);
        if (!p || weight === 0) continue;
        const w = weight * p.idf * (k1 + 1);
        for (let i = 0; i < p.docs.length; i++) {
          const d = p.docs[i];
          const tf = p.tfs[i];
          into[d] += (w * tf) / (tf + norm[d]);
        }
      }
      return into;
    },
    idf: (term) => postings.get(term)?.idf ?? unseenIdf,
    df: (term) => postings.get(term)?.docs.length ?? 0,
    has(doc, term) {
      const p = postings.get(term);
      if (!p) return false;
      // postings are in ascending doc order (built by iterating docs in order)
      let lo = 0;
      let hi = p.docs.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (p.docs[mid] === doc) return true;
        if (p.docs[mid] < doc) lo = mid + 1;
        else hi = mid - 1;
      }
      return false;
    },
  };
}
