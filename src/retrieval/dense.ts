/**
 * Dense ranking: cosine similarity of a unit query vector against unit chunk vectors stored
 * contiguously (one Float32Array), so a query is one tight dot-product loop per chunk.
 *
 *   const dense = buildDense(vectors, 384);
 *   dense.search(queryVector, 10) // [{ index, score }, …] best first
 */
export interface DenseHit {
  index: number;
  /** Cosine similarity (vectors are unit length). */
  score: number;
}

export interface DenseRetriever {
  readonly size: number;
  search(query: Float32Array, limit: number): DenseHit[];
}

export function buildDense(vectors: Float32Array, dimension: number): DenseRetriever {
  if (dimension <= 0 || vectors.length % dimension !== 0) {
    throw new RangeError(`vectors length ${vectors.length} is not a multiple of dimension ${dimension}`);
  }
  const size = vectors.length / dimension;
  return {
    size,
    search(query, limit) {
      if (query.length !== dimension) throw new RangeError(`query has ${query.length} values, index has ${dimension}`);
      // Keep the best `limit` in a small sorted array: O(n·limit) worst case but limit is tiny.
      const top: DenseHit[] = [];
      for (let i = 0, off = 0; i < size; i++, off += dimension) {
        let dot = 0;
        for (let j = 0; j < dimension; j++) dot += vectors[off + j] * query[j];
        if (top.length < limit || dot > top[top.length - 1].score) {
          let pos = top.length;
          while (pos > 0 && top[pos - 1].score < dot) pos--;
          top.splice(pos, 0, { index: i, score: dot });
          if (top.length > limit) top.pop();
        }
      }
      return top;
    },
  };
}
