import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDense } from '../../src/retrieval/dense.js';
import { buildHnswDense, loadHnswDense } from '../../src/retrieval/dense-hnsw.js';

/** Seeded unit vectors around `clusters` random centres (real embeddings cluster too). */
function clustered(seed: number, rows: number, dim: number, clusters = 40): Float32Array[] {
  let s = seed >>> 0;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const gauss = () => Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dim }, gauss));
  return Array.from({ length: rows }, () => {
    const c = centres[Math.floor(rnd() * clusters)];
    const v = c.map((x) => x + 0.6 * gauss());
    const norm = Math.hypot(...v);
    return Float32Array.from(v, (x) => x / norm);
  });
}

const N = 2000;
const D = 32;
const all = clustered(7, N + 50, D);
const flat = new Float32Array(N * D);
all.slice(0, N).forEach((row, i) => flat.set(row, i * D));
const queries = all.slice(N);
const dot = (i: number, q: Float32Array) => {
  let s = 0;
  for (let j = 0; j < D; j++) s += flat[i * D + j] * q[j];
  return s;
};

describe('retrieval/dense-hnsw', () => {
  const exact = buildDense(flat, D);
  const hnsw = buildHnswDense(flat, D);

  describe('buildHnswDense', () => {
    it('returns at least 95 % of the exact top 10 at the default ef', () => {
      let found = 0;
      for (const q of queries) {
        const truth = new Set(exact.search(q, 10).map((h) => h.index));
        found += hnsw.search(q, 10).filter((h) => truth.has(h.index)).length;
      }
      expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
    });

    it('returns cosine scores within 1e-5 of the exact dot products, best first', () => {
      for (const q of queries) {
        const hits = hnsw.search(q, 10);
        expect(hits).toHaveLength(10);
        hits.forEach((h, i) => {
          expect(Math.abs(h.score - dot(h.index, q))).toBeLessThan(1e-5);
          if (i > 0) expect(hits[i - 1].score).toBeGreaterThanOrEqual(h.score);
        });
      }
    });

    it('returns exactly `limit` hits, and every row when the limit exceeds the size', () => {
      expect(hnsw.search(queries[0], 3)).toHaveLength(3);
      expect(hnsw.search(queries[0], 0)).toEqual([]);
      const small = buildHnswDense(flat.subarray(0, 5 * D), D);
      expect(small.size).toBe(5);
      expect(small.search(queries[0], 10).map((h) => h.index).sort()).toEqual([0, 1, 2, 3, 4]);
    });

    it('builds the same graph twice from the same vectors and seed', () => {
      const again = buildHnswDense(flat, D, { ef: 16 });
      const first = buildHnswDense(flat, D, { ef: 16 });
      for (const q of queries.slice(0, 10)) expect(again.search(q, 10)).toEqual(first.search(q, 10));
    });

    it('rejects vectors that are not a whole number of rows, and queries of another dimension', () => {
      expect(() => buildHnswDense(new Float32Array(5), 2)).toThrow(RangeError);
      expect(() => buildHnswDense(new Float32Array(4), 0)).toThrow(RangeError);
      expect(() => hnsw.search(new Float32Array(D - 1), 1)).toThrow(RangeError);
    });
  });

  describe('loadHnswDense', () => {
    it('returns the same hits as the graph it saved', async () => {
      const file = path.join(await mkdtemp(path.join(tmpdir(), 'hnsw-')), 'dense.hnsw');
      hnsw.save(file);
      const loaded = loadHnswDense(file, flat, D);
      expect(loaded.size).toBe(N);
      for (const q of queries.slice(0, 10)) expect(loaded.search(q, 10)).toEqual(hnsw.search(q, 10));
    });

    it('refuses a graph saved for another number of rows', async () => {
      const file = path.join(await mkdtemp(path.join(tmpdir(), 'hnsw-')), 'dense.hnsw');
      buildHnswDense(flat.subarray(0, 10 * D), D).save(file);
      expect(() => loadHnswDense(file, flat, D)).toThrow(/holds 10 rows, the index has 2000/);
    });

    it('throws when the file is not a graph', async () => {
      const file = path.join(await mkdtemp(path.join(tmpdir(), 'hnsw-')), 'dense.hnsw');
      await writeFile(file, 'not a graph');
      expect(() => loadHnswDense(file, flat, D)).toThrow();
    });
  });
});
