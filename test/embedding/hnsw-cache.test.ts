import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRAPH_FILE, GRAPH_KEY_FILE, loadOrBuildHnsw } from '../../src/embedding/hnsw-cache.js';
import { buildDense } from '../../src/retrieval/dense.js';

const D = 16;
/** Seeded unit vectors. */
function vectors(seed: number, rows: number): Float32Array {
  let s = seed >>> 0;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const out = new Float32Array(rows * D);
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: D }, rnd);
    const norm = Math.hypot(...row);
    row.forEach((x, j) => (out[r * D + j] = x / norm));
  }
  return out;
}
const tempDir = () => mkdtemp(path.join(tmpdir(), 'hnsw-cache-'));
const A = vectors(1, 300);
const queries = Array.from({ length: 5 }, (_, i) => vectors(100 + i, 1));

describe('embedding/hnsw-cache', () => {
  describe('loadOrBuildHnsw', () => {
    it('returns a built graph and saves it, then the saved graph with the same hits', async () => {
      const dir = await tempDir();
      const first = await loadOrBuildHnsw(dir, A, D, 'sha-a');
      expect(first.source).toBe('built');
      expect(first.source === 'built' && first.because).toMatch(/no saved graph/);
      expect(JSON.parse(await readFile(path.join(dir, GRAPH_KEY_FILE), 'utf8'))).toMatchObject({ vectorsSha256: 'sha-a', rows: 300, dimension: D });
      const second = await loadOrBuildHnsw(dir, A, D, 'sha-a');
      expect(second.source).toBe('loaded');
      const exact = buildDense(A, D);
      for (const q of queries) {
        expect(second.retriever.search(q, 5)).toEqual(first.retriever.search(q, 5));
        expect(second.retriever.search(q, 1)[0].index).toBe(exact.search(q, 1)[0].index);
      }
    });

    it('returns a rebuilt graph when the vectors changed, and saves that one instead', async () => {
      const dir = await tempDir();
      await loadOrBuildHnsw(dir, A, D, 'sha-a');
      const B = vectors(2, 300);
      const again = await loadOrBuildHnsw(dir, B, D, 'sha-b');
      expect(again.source === 'built' && again.because).toMatch(/vectorsSha256 sha-a, wanted sha-b/);
      const exact = buildDense(B, D);
      for (const q of queries) expect(again.retriever.search(q, 1)[0].index).toBe(exact.search(q, 1)[0].index);
      expect((await loadOrBuildHnsw(dir, B, D, 'sha-b')).source).toBe('loaded');
    });

    it('returns a rebuilt graph when the saved one is corrupt or its key unreadable', async () => {
      const dir = await tempDir();
      await loadOrBuildHnsw(dir, A, D, 'sha-a');
      await writeFile(path.join(dir, GRAPH_FILE), 'not a graph');
      const corrupt = await loadOrBuildHnsw(dir, A, D, 'sha-a');
      expect(corrupt.source === 'built' && corrupt.because).toMatch(/dense\.hnsw cannot be loaded/);
      await writeFile(path.join(dir, GRAPH_KEY_FILE), '{');
      const badKey = await loadOrBuildHnsw(dir, A, D, 'sha-a');
      expect(badKey.source === 'built' && badKey.because).toMatch(/dense\.hnsw\.json cannot be read/);
      expect((await loadOrBuildHnsw(dir, A, D, 'sha-a')).source).toBe('loaded');
    });

    it('returns a working graph with the save error when the folder is missing', async () => {
      const dir = path.join(await tempDir(), 'gone');
      const graph = await loadOrBuildHnsw(dir, A, D, 'sha-a');
      expect(graph.source === 'built' && graph.saveError).toBeTruthy();
      expect(graph.retriever.search(queries[0], 3)).toHaveLength(3);
      await expect(stat(dir)).rejects.toThrow();
    });
  });
});
