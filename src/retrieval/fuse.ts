/**
 * Reciprocal-rank fusion: each ranking gives a chunk 1/(k + rank); the sums order the result.
 * Rank-based, so BM25 scores and cosines need no common scale.
 *
 *   fuseRrf([[{ index: 3 }, { index: 1 }], [{ index: 1 }]]) // index 1 first
 */
export interface FusedHit {
  index: number;
  score: number;
}

/** `k` damps the weight of top ranks (60 is the value from the original RRF paper). */
export function fuseRrf(rankings: { index: number }[][], k = 60): FusedHit[] {
  const scores = new Map<number, number>();
  for (const ranking of rankings) {
    ranking.forEach((hit, rank) => scores.set(hit.index, (scores.get(hit.index) ?? 0) + 1 / (k + rank + 1)));
  }
  return [...scores]
    .map(([index, score]) => ({ index, score }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
}
