import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEmbedder, type Embedder } from '../../src/embedding/embedder.js';
import { conventionsFor } from '../../src/embedding/models.js';

// Made by scripts/make-tiny-model.py: a Gather of random per-token vectors, so texts
// sharing words point the same way and unrelated texts do not.
const MODELS_DIR = fileURLToPath(new URL('../fixtures/tiny-model', import.meta.url));
const MODEL = 'Xenova/tiny-random-e5';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

// Kept here (models.ts has no test file of its own in this task); move to models.test.ts freely.
describe('embedding/models', () => {
  describe('conventionsFor', () => {
    it('returns e5 prefixes with mean pooling for the default model', () => {
      expect(conventionsFor('Xenova/multilingual-e5-small')).toEqual({
        pooling: 'mean', normalize: true, queryPrefix: 'query: ', passagePrefix: 'passage: ',
      });
    });
    it('returns e5 prefixes for any id naming e5', () => {
      expect(conventionsFor('intfloat/e5-base-v2').passagePrefix).toBe('passage: ');
      expect(conventionsFor('someone/tiny-random-e5').queryPrefix).toBe('query: ');
    });
    it('returns mean pooling without prefixes for an unknown id', () => {
      expect(conventionsFor('someone/some-model')).toEqual({ pooling: 'mean', normalize: true, queryPrefix: '', passagePrefix: '' });
    });
    it('returns a fresh object each time', () => {
      conventionsFor('Xenova/multilingual-e5-small').queryPrefix = 'changed';
      expect(conventionsFor('Xenova/multilingual-e5-small').queryPrefix).toBe('query: ');
    });
  });
});

describe('embedding/embedder', () => {
  describe('loadEmbedder', () => {
    let embedder: Embedder;
    const temps: string[] = [];
    const tempCopy = () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'tiny-model-'));
      temps.push(dir);
      cpSync(MODELS_DIR, dir, { recursive: true });
      return dir;
    };

    beforeAll(async () => {
      const r = await loadEmbedder({ model: MODEL, modelsDir: MODELS_DIR, allowDownload: false });
      if (!r.ok) throw new Error(r.reason);
      embedder = r.embedder;
    });
    afterAll(async () => {
      await embedder?.close();
      for (const d of temps) rmSync(d, { recursive: true, force: true });
    });

    it('returns an embedder with the model dimension and its conventions', () => {
      expect(embedder.info).toEqual({
        id: MODEL,
        dimension: 16,
        pooling: 'mean',
        normalize: true,
        queryPrefix: 'query: ',
        passagePrefix: 'passage: ',
        runtime: '@huggingface/transformers q8',
      });
      expect(embedder.status()).toEqual({ thread: 'main' });
    });

    it('returns unit-length vectors of the model dimension', async () => {
      const q = await embedder.embedQuery('Tuyên bố Kuala Lumpur là gì?');
      const [p] = await embedder.embedPassages(['ASEAN cam kết xây dựng một môi trường số an toàn.']);
      for (const v of [q, p]) {
        expect(v).toBeInstanceOf(Float32Array);
        expect(v).toHaveLength(16);
        expect(norm(v)).toBeCloseTo(1, 5);
      }
    });

    it('returns a query vector closest to the passage sharing its words', async () => {
      const q = await embedder.embedQuery('chống thông tin sai lệch');
      const passages = await embedder.embedPassages([
        'xây dựng nền kinh tế sáng tạo',
        'ASEAN chống thông tin sai lệch trên truyền thông xã hội',
        'youth innovation and creative economy',
      ]);
      const scores = passages.map((p) => dot(q, p));
      expect(scores.indexOf(Math.max(...scores))).toBe(1);
      expect(scores[1] - Math.max(scores[0], scores[2])).toBeGreaterThan(0.2);
    });

    it('returns the same vector for NFD and diacritic-free spellings (the tokenizer folds accents)', async () => {
      const nfc = await embedder.embedQuery('Hà Nội thông tin');
      const nfd = await embedder.embedQuery('Hà Nội thông tin'.normalize('NFD'));
      const bare = await embedder.embedQuery('ha noi thong tin');
      expect(dot(nfc, nfd)).toBeCloseTo(1, 5);
      expect(dot(nfc, bare)).toBeCloseTo(1, 5);
    });

    it('returns vectors of the prefixed texts (query: / passage:)', async () => {
      // The same files under an id without "e5" get no prefixes, so they show what the
      // e5 embedder must produce once it has added its own.
      const dir = tempCopy();
      cpSync(path.join(dir, MODEL), path.join(dir, 'Xenova/tiny-random-plain'), { recursive: true });
      const r = await loadEmbedder({ model: 'Xenova/tiny-random-plain', modelsDir: dir, allowDownload: false });
      if (!r.ok) throw new Error(r.reason);
      const text = 'truyền thông xã hội';
      try {
        expect(r.embedder.info.queryPrefix).toBe('');
        const q = await embedder.embedQuery(text);
        const [p] = await embedder.embedPassages([text]);
        expect(dot(q, await r.embedder.embedQuery(`query: ${text}`))).toBeCloseTo(1, 5);
        expect(dot(p, (await r.embedder.embedPassages([`passage: ${text}`]))[0])).toBeCloseTo(1, 5);
        expect(dot(q, p)).toBeLessThan(0.99);
      } finally {
        await r.embedder.close();
      }
    });

    it('returns passages in input order, equal to embedding each alone, across batches', async () => {
      // 37 texts of different lengths: three batches of 16 with padding inside each.
      const words = ['asean', 'thông tin', 'an toàn trực tuyến', 'kinh tế sáng tạo số', 'youth', 'media literacy'];
      const texts = Array.from({ length: 37 }, (_, i) => `${words[i % words.length]} ${'khu vực '.repeat(i % 5)}${i}`);
      const batched = await embedder.embedPassages(texts);
      expect(batched).toHaveLength(texts.length);
      for (let i = 0; i < texts.length; i++) {
        const [alone] = await embedder.embedPassages([texts[i]]);
        expect(dot(batched[i], alone)).toBeCloseTo(1, 5);
      }
      expect(dot(batched[0], batched[1])).toBeLessThan(0.99);
    });

    it('returns an empty list for no passages', async () => {
      await expect(embedder.embedPassages([])).resolves.toEqual([]);
    });

    it('returns cached query vectors that callers cannot corrupt', async () => {
      const first = await embedder.embedQuery('Kế hoạch công tác 2026-2035');
      const expected = first.slice();
      first.fill(0);
      const second = await embedder.embedQuery('Kế hoạch công tác 2026-2035');
      expect(Array.from(second)).toEqual(Array.from(expected));
    });

    it('returns ok:false naming the missing file when the model folder is absent', async () => {
      const dir = path.join(os.tmpdir(), 'no-models-here');
      const r = await loadEmbedder({ model: 'Xenova/multilingual-e5-small', modelsDir: dir, allowDownload: false });
      expect(r).toEqual({
        ok: false,
        reason: `model Xenova/multilingual-e5-small not found in ${dir} (missing config.json); set MODELS_DIR or ALLOW_MODEL_DOWNLOAD=true`,
      });
    });

    it('returns ok:false naming onnx/model.onnx when the unquantized file is missing', async () => {
      const dir = tempCopy();
      rmSync(path.join(dir, MODEL, 'onnx/model.onnx'));
      const r = await loadEmbedder({ model: MODEL, modelsDir: dir, allowDownload: false, quantized: false });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.reason).toContain('(missing onnx/model.onnx)');
    });

    it("returns ok:false with onnxruntime's own reason, printing nothing, when the onnx file is corrupt", async () => {
      const dir = tempCopy();
      writeFileSync(path.join(dir, MODEL, 'onnx/model_quantized.onnx'), 'this is not a protobuf');
      const spies = (['log', 'warn', 'error', 'info'] as const).map((m) => vi.spyOn(console, m));
      try {
        const r = await loadEmbedder({ model: MODEL, modelsDir: dir, allowDownload: false });
        expect(r.ok).toBe(false);
        expect(!r.ok && r.reason).toMatch(/^model Xenova\/tiny-random-e5 could not be loaded: Load model from \S+model_quantized\.onnx failed: ?Protobuf parsing failed/);
        expect(!r.ok && r.reason).not.toContain('\n');
        for (const s of spies) expect(s).not.toHaveBeenCalled();
      } finally {
        for (const s of spies) s.mockRestore();
      }
    });

    it('leaves console alone while a model loads: a warning raised meanwhile is printed', async () => {
      const dir = tempCopy();
      writeFileSync(path.join(dir, MODEL, 'onnx/model_quantized.onnx'), 'this is not a protobuf');
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      try {
        const loading = loadEmbedder({ model: MODEL, modelsDir: dir, allowDownload: false });
        // loadEmbedder has run up to its first await: the model is loading now.
        console.warn('another module warns');
        const timer = setTimeout(() => console.warn('and again, later'), 0);
        const r = await loading;
        clearTimeout(timer);
        expect(r.ok).toBe(false);
        expect(warn).toHaveBeenCalledWith('another module warns');
        expect(warn).toHaveBeenCalledWith('and again, later');
      } finally {
        warn.mockRestore();
      }
    });

    it('keeps the queryCacheSize most recently used queries (a cache hit counts as a use)', async () => {
      // In a worker pool, `embedded` counts the texts the model was actually run on.
      const r = await loadEmbedder({ model: MODEL, modelsDir: MODELS_DIR, allowDownload: false, workers: 1, queryCacheSize: 2 });
      if (!r.ok) throw new Error(r.reason);
      const embedded = () => (r.embedder.status() as { embedded: number }).embedded;
      try {
        const runs: number[] = [];
        for (const q of ['a', 'b', 'a', 'c', 'a', 'b']) {
          const before = embedded();
          await r.embedder.embedQuery(q);
          runs.push(embedded() - before);
        }
        // a, b: misses; a: hit (a is now the most recent); c: miss, evicts b; a: hit; b: miss.
        expect(runs).toEqual([1, 1, 0, 1, 0, 1]);
      } finally {
        await r.embedder.close();
      }
    });

    it('caches no query when queryCacheSize is 0', async () => {
      const r = await loadEmbedder({ model: MODEL, modelsDir: MODELS_DIR, allowDownload: false, workers: 1, queryCacheSize: 0 });
      if (!r.ok) throw new Error(r.reason);
      try {
        const first = await r.embedder.embedQuery('asean');
        const second = await r.embedder.embedQuery('asean');
        expect(Array.from(second)).toEqual(Array.from(first));
        expect((r.embedder.status() as { embedded: number }).embedded).toBe(2);
      } finally {
        await r.embedder.close();
      }
    });

    it('rejects calls after close', async () => {
      const r = await loadEmbedder({ model: MODEL, modelsDir: MODELS_DIR, allowDownload: false });
      if (!r.ok) throw new Error(r.reason);
      await r.embedder.close();
      await expect(r.embedder.embedQuery('asean')).rejects.toThrow(/closed/);
    });
  });
});
