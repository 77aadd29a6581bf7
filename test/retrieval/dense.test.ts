import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDense, jsScan, simdScan } from '../../src/retrieval/dense.js';

function unit(values: number[]): number[] {
  const norm = Math.hypot(...values) || 1;
  return values.map((v) => v / norm);
}

describe('retrieval/dense', () => {
  describe('buildDense', () => {
    it('returns the most similar vectors first, with their cosines', () => {
      const dense = buildDense(Float32Array.from([1, 0, 0, 1, Math.SQRT1_2, Math.SQRT1_2]), 2);
      const hits = dense.search(Float32Array.from([1, 0]), 2);
      expect(hits.map((h) => h.index)).toEqual([0, 2]);
      expect(hits[1].score).toBeCloseTo(Math.SQRT1_2, 6);
    });

    it('rejects vectors that are not a whole number of rows, and queries of another dimension', () => {
      expect(() => buildDense(new Float32Array(5), 2)).toThrow(RangeError);
      expect(() => buildDense(new Float32Array(4), 0)).toThrow(RangeError);
      expect(() => buildDense(new Float32Array(4), 2).search(new Float32Array(3), 1)).toThrow(RangeError);
    });

    it('returns the same top-k as a brute-force full sort on random unit vectors (property)', () => {
      const vector = (dim: number) => fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: dim, maxLength: dim }).map(unit);
      const input = fc.integer({ min: 1, max: 9 }).chain((dim) =>
        fc.record({
          dim: fc.constant(dim),
          rows: fc.array(vector(dim), { minLength: 1, maxLength: 40 }),
          query: vector(dim),
          k: fc.integer({ min: 1, max: 12 }),
        }),
      );
      fc.assert(
        fc.property(input, ({ dim, rows, query, k }) => {
          const flat = Float32Array.from(rows.flat());
          const q = Float32Array.from(query);
          const got = buildDense(flat, dim).search(q, k);
          // reference: every row's dot product in float64, fully sorted (score desc, index asc)
          const all = rows
            .map((_, i) => ({ index: i, score: Array.from(q).reduce((s, x, j) => s + x * flat[i * dim + j], 0) }))
            .sort((a, b) => b.score - a.score || a.index - b.index);
          const want = all.slice(0, k);
          expect(got).toHaveLength(want.length);
          got.forEach((h, i) => {
            expect(h.score).toBeCloseTo(want[i].score, 5);
            expect(h.score).toBeCloseTo(all.find((a) => a.index === h.index)!.score, 5);
          });
          // the chosen set is the true top-k unless the k-th and (k+1)-th scores tie within rounding
          const next = all[k];
          if (!next || want[want.length - 1].score - next.score > 1e-5) {
            expect(new Set(got.map((h) => h.index))).toEqual(new Set(want.map((h) => h.index)));
          }
        }),
      );
    });
  });

  describe('simdScan', () => {
    // Float32 values: small, zeros of both signs, negatives, and magnitudes up to float32's largest (3.4e38).
    const float = fc.oneof(
      fc.float({ min: -1, max: 1, noNaN: true }),
      fc.float({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -0, 1, -1, 3.4028234663852886e38, -3.4028234663852886e38, 1e-45),
    );
    // Dimensions of every kind: multiples of the SIMD width (4 floats) and the others, around it and far from it.
    const dimension = fc.oneof(fc.integer({ min: 1, max: 24 }).map((k) => 4 * k), fc.integer({ min: 1, max: 99 }));
    const input = dimension.chain((dim) =>
      fc.record({
        dim: fc.constant(dim),
        rows: fc.array(fc.array(float, { minLength: dim, maxLength: dim }), { minLength: 1, maxLength: 6 }),
        queries: fc.array(fc.array(float, { minLength: dim, maxLength: dim }), { minLength: 1, maxLength: 3 }),
      }),
    );

    it('returns the scores of the JavaScript scan, to the bit, for every dimension it runs on (property)', () => {
      fc.assert(
        fc.property(input, ({ dim, rows, queries }) => {
          const vectors = Float32Array.from(rows.flat());
          const kernel = simdScan(vectors, dim);
          // The kernel takes whole SIMD vectors only; other dimensions are the JavaScript scan's.
          if (dim % 4 !== 0) {
            expect(kernel).toBeNull();
            return;
          }
          expect(kernel).not.toBeNull();
          const js = jsScan(vectors, dim);
          // Queries one after the other through the same scans: nothing of one is left for the next.
          for (const query of queries) {
            const q = Float32Array.from(query);
            const want = new Float64Array(rows.length);
            const got = new Float64Array(rows.length);
            js(q, want);
            kernel!(q, got);
            // Same products in float64, added in the same order: the same numbers, not merely close ones.
            expect(Array.from(got)).toEqual(Array.from(want));
            want.forEach((w, i) => expect(Math.abs(got[i] - w)).toBeLessThanOrEqual(Math.abs(w) * 1e-12));
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});
