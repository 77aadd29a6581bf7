import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkDocuments } from '../../src/corpus/chunk.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { Chunk } from '../../src/corpus/types.js';
import type { Embedder } from '../../src/embedding/embedder.js';
import { buildDense } from '../../src/retrieval/dense.js';
import { buildLexical, type LexicalRetriever } from '../../src/retrieval/lexical.js';
import { createRetriever, DEFAULT_THRESHOLDS } from '../../src/retrieval/retriever.js';

const CORPUS_DIR = fileURLToPath(new URL('../../corpus', import.meta.url));

/**
 * Test double of the embedding model: one basis vector per chunk, and fixed query vectors,
 * so cosines are known exactly (1 for the chunk a query "means", 1/√n for a query spread
 * evenly over all chunks).
 */
function fakeEmbedder(dimension: number, queries: Record<string, Float32Array>): Embedder {
  return {
    info: { id: 'test/fake', dimension, pooling: 'mean', normalize: true, queryPrefix: '', passagePrefix: '', runtime: 'test' },
    status: () => ({ thread: 'main' }),
    embedQuery: async (text) => queries[text] ?? new Float32Array(dimension).fill(1 / Math.sqrt(dimension)),
    embedPassages: async (texts) => texts.map(() => new Float32Array(dimension)),
    close: async () => {},
  };
}

describe('retrieval/retriever', () => {
  let chunks: Chunk[];
  let lexical: LexicalRetriever;
  beforeAll(async () => {
    chunks = chunkDocuments((await loadCorpus(CORPUS_DIR)).documents);
    lexical = buildLexical(chunks);
  });
  const basis = (i: number) => {
    const v = new Float32Array(chunks.length);
    v[i] = 1;
    return v;
  };
  const hybrid = (queries: Record<string, Float32Array>) => {
    const vectors = new Float32Array(chunks.length * chunks.length);
    chunks.forEach((_, i) => vectors.set(basis(i), i * chunks.length));
    return createRetriever({ chunks, lexical, dense: { retriever: buildDense(vectors, chunks.length), embedder: fakeEmbedder(chunks.length, queries) } });
  };

  describe('createRetriever', () => {
    it('returns lexical mode without a dense part', () => {
      expect(createRetriever({ chunks, lexical }).mode).toBe('lexical');
    });

    it('returns answered false for out-of-scope questions in lexical mode, with the hits still ranked for the decision', async () => {
      const r = createRetriever({ chunks, lexical });
      for (const q of ['Giá vàng hôm nay?', 'What is the capital of France?', 'What did the 16th AMRI decide?']) {
        const result = await r.retrieve(q, q.startsWith('Giá') ? 'vi' : 'en', 3);
        expect(result).toMatchObject({ answered: false, mode: 'lexical' });
        expect(result.hits.length).toBeLessThanOrEqual(3);
        expect(result.signals.coverage).toBeLessThan(DEFAULT_THRESHOLDS.lexical);
      }
      // The 16th AMRI is not in the text: the unknown name zeroes coverage, the words still rank.
      const sixteenth = await r.retrieve('What did the 16th AMRI decide?', 'en', 3);
      expect(sixteenth.signals.coverage).toBe(0);
      expect(sixteenth.signals.unknownShare).toBeGreaterThan(0);
    });

    it('returns answered true with hits for an in-scope question in lexical mode', async () => {
      const result = await createRetriever({ chunks, lexical }).retrieve('Where will the 18th AMRI be held?', 'en', 3);
      expect(result.answered).toBe(true);
      expect(chunks[result.hits[0].index].paragraph).toBe(14);
      expect(result.hits.length).toBeLessThanOrEqual(3);
    });

    it('returns answered false for an out-of-scope question in hybrid mode', async () => {
      const r = hybrid({});
      expect(r.mode).toBe('hybrid');
      const result = await r.retrieve('What is the capital of France?', 'en', 3);
      expect(result).toMatchObject({ answered: false, mode: 'hybrid' });
      expect(result.signals.cosine).toBeCloseTo(1 / Math.sqrt(chunks.length), 5);
    });

    it('returns answered true in hybrid mode when the cosine alone clears its threshold', async () => {
      const q = 'Tell me about the guests';
      const target = chunks.findIndex((c) => c.paragraph === 15);
      const result = await hybrid({ [q]: basis(target) }).retrieve(q, 'en', 3);
      expect(result.signals.coverage).toBeLessThan(DEFAULT_THRESHOLDS.hybridLexical);
      expect(result.answered).toBe(true);
      expect(result.hits.map((h) => h.index)).toContain(target);
    });

    it('returns dense-only results when asked, refused below the cosine threshold', async () => {
      const result = await hybrid({}).retrieve('Where will the 18th AMRI be held?', 'en', 3, 'dense');
      expect(result).toMatchObject({ answered: false, mode: 'dense' });
      expect(result.signals.cosine).toBeLessThan(DEFAULT_THRESHOLDS.dense);
    });

    it('rejects dense or hybrid retrieval without a model', async () => {
      const r = createRetriever({ chunks, lexical });
      await expect(r.retrieve('AMRI', 'en', 3, 'hybrid')).rejects.toThrow(/needs an embedding model/);
      await expect(r.retrieve('AMRI', 'en', 3, 'dense')).rejects.toThrow(/needs an embedding model/);
    });
  });
});
