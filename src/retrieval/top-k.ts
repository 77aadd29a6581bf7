/**
 * Indexes of the `k` highest positive scores, best first (ties: lower index first), without
 * an object per scored chunk: a binary min-heap of k indexes, O(n log k) instead of
 * allocating and sorting every hit (at 100k chunks that sort was most of a query's time).
 *
 *   topK(Float64Array.from([0, 3, 1, 3]), 2) // [1, 3]
 */
export function topK(scores: Float64Array, k: number): number[] {
  const heap = new Int32Array(Math.max(0, k));
  let size = 0;
  // "a is worse than b": lower score, or same score and higher index.
  const worse = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && worse(heap[l], heap[m])) m = l;
      if (r < size && worse(heap[r], heap[m])) m = r;
      if (m === i) return;
      const t = heap[i];
      heap[i] = heap[m];
      heap[m] = t;
      i = m;
    }
  };
  for (let d = 0; d < scores.length; d++) {
    if (!(scores[d] > 0)) continue;
    if (size < k) {
      let i = size++;
      heap[i] = d;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!worse(heap[i], heap[p])) break;
        const t = heap[i];
        heap[i] = heap[p];
        heap[p] = t;
        i = p;
      }
    } else if (k > 0 && worse(heap[0], d)) {
      heap[0] = d;
      down(0);
    }
  }
  return Array.from(heap.subarray(0, size)).sort((a, b) => scores[b] - scores[a] || a - b);
}
