import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEmbedder, type Embedder } from '../../src/embedding/embedder.js';
import { startEmbedPool, type EmbedPool } from '../../src/embedding/pool.js';

// The tiny test model (scripts/make-tiny-model.py), run in worker threads.
const MODELS_DIR = fileURLToPath(new URL('../fixtures/tiny-model', import.meta.url));
const MODEL = 'Xenova/tiny-random-e5';
const model = { model: MODEL, modelsDir: MODELS_DIR, allowDownload: false, quantized: true, intraOpThreads: 1 };

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const WORDS = ['asean', 'thông tin', 'an toàn trực tuyến', 'kinh tế sáng tạo số', 'youth', 'media literacy', 'khu vực', 'declaration'];
/** Long texts (cut at the model's 512 tokens), so a worker spends a while on each call. */
const longTexts = (n: number, seed = 0) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: 600 }, (_, j) => WORDS[(i * 7 + j * 3 + seed) % WORDS.length]).join(' ') + ` ${i}`);

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 1));
  }
}

/**
 * Kills the workers handed the next `n` model calls, each at the moment the pool hands it its
 * texts, so it dies holding them (a crash mid-question; the texts never reach it, else its answer
 * could race the kill). Replacements are killed the same way until `n` kills have happened.
 */
function killOnNextQuestions(n: number): void {
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, transfer?: readonly Transferable[]) {
    if ((message as { type?: string }).type !== 'embed' || n === 0) return post.call(this, message, transfer as never);
    if (--n === 0) Worker.prototype.postMessage = post;
    void this.terminate();
  };
}

// Each worker loads transformers.js and the model: seconds on a busy 2-core machine.
vi.setConfig({ hookTimeout: 60_000, testTimeout: 60_000 });

describe('embedding/pool', () => {
  let main: Embedder;
  beforeAll(async () => {
    const r = await loadEmbedder({ model: MODEL, modelsDir: MODELS_DIR, allowDownload: false, queryCacheSize: 0 });
    if (!r.ok) throw new Error(r.reason);
    main = r.embedder;
  });
  afterAll(async () => {
    await main?.close();
  });

  describe('loadEmbedder with workers', () => {
    let pooled: Embedder;
    beforeAll(async () => {
      const r = await loadEmbedder({ model: MODEL, modelsDir: MODELS_DIR, allowDownload: false, workers: 2, queryCacheSize: 0 });
      if (!r.ok) throw new Error(r.reason);
      pooled = r.embedder;
    });
    afterAll(async () => {
      await pooled?.close();
    });

    it('returns the same info and the same vectors as the model on the main thread', async () => {
      expect(pooled.info).toEqual(main.info);
      const questions = ['Tuyên bố Kuala Lumpur là gì?', 'Where will the 18th AMRI be held?', 'chống thông tin sai lệch'];
      const inPool = await Promise.all(questions.map((q) => pooled.embedQuery(q)));
      for (const [i, q] of questions.entries()) expect(dot(inPool[i], await main.embedQuery(q))).toBeCloseTo(1, 5);
      const passages = longTexts(37).map((t, i) => t.slice(0, 40 + i * 7));
      const [a, b] = [await pooled.embedPassages(passages), await main.embedPassages(passages)];
      expect(a).toHaveLength(37);
      a.forEach((v, i) => expect(dot(v, b[i])).toBeCloseTo(1, 5));
    });

    it('reports the pool in status()', () => {
      expect(pooled.status()).toMatchObject({ thread: 'workers', workers: 2, ready: 2, busy: 0, queued: 0, restarts: 0, batch: { max: 16, waitMs: 2 } });
    });

    it('returns ok:false with the one-line reason when the workers cannot load the model', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'tiny-model-'));
      try {
        cpSync(MODELS_DIR, dir, { recursive: true });
        writeFileSync(path.join(dir, MODEL, 'onnx/model_quantized.onnx'), 'this is not a protobuf');
        const r = await loadEmbedder({ model: MODEL, modelsDir: dir, allowDownload: false, workers: 1 });
        expect(r.ok).toBe(false);
        expect(!r.ok && r.reason).toMatch(/^model Xenova\/tiny-random-e5 could not be loaded: \S/);
        expect(!r.ok && r.reason).not.toContain('\n');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('micro-batching', () => {
    let pool: EmbedPool;
    beforeAll(async () => {
      const r = await startEmbedPool({ size: 1, maxBatch: 4, maxWaitMs: 2, model });
      if (!r.ok) throw new Error(r.reason);
      pool = r.pool;
    });
    afterAll(async () => {
      await pool?.close();
    });

    it('embeds questions arriving together in shared model calls of at most maxBatch, each vector its own', async () => {
      const before = pool.status();
      const questions = Array.from({ length: 10 }, (_, i) => `query: ${WORDS[i % WORDS.length]} ${i}`);
      const vectors = await Promise.all(questions.map((q) => pool.embed([q]).then(([v]) => v)));
      const after = pool.status();
      expect(after.embedded - before.embedded).toBe(10);
      // 10 questions, at most 4 a call: 3 calls (4 + 4 + 2), not 10.
      expect(after.batches - before.batches).toBe(3);
      expect(after.largestBatch).toBe(4);
      // Batched with others (padded to the longest), each is the vector of its own text alone.
      for (const [i, q] of questions.entries()) expect(dot(vectors[i], await main.embedQuery(q.slice('query: '.length)))).toBeCloseTo(1, 5);
    });

    it('embeds questions that arrive while the worker is busy together in its next call', async () => {
      const busy = pool.embed(longTexts(4), 'bulk');
      await until(() => pool.status().busy === 1);
      const before = pool.status().batches;
      const waiting = Promise.all([0, 1, 2].map((i) => pool.embed([`query: youth ${i}`])));
      expect(pool.status().queued).toBe(3);
      await Promise.all([busy, waiting]);
      // The bulk call, then one call for the three questions that queued meanwhile.
      expect(pool.status().batches - before).toBe(2);
    });
  });

  describe('supervision', () => {
    let pool: EmbedPool;
    beforeAll(async () => {
      const r = await startEmbedPool({ size: 1, maxBatch: 16, maxWaitMs: 2, model });
      if (!r.ok) throw new Error(r.reason);
      pool = r.pool;
    });
    afterAll(async () => {
      await pool?.close();
    });

    it('replaces a worker killed mid-question, answers that question on the replacement, then the next one', async () => {
      const question = 'Where will the 18th AMRI be held?';
      killOnNextQuestions(1);
      const [v] = await pool.embed([`query: ${question}`]);
      expect(dot(v, await main.embedQuery(question))).toBeCloseTo(1, 5);
      const s = pool.status();
      expect(s).toMatchObject({ workers: 1, ready: 1, queued: 0, restarts: 1, requeued: 1 });
      expect(s.lastProblem).toMatch(/^embedding worker exited \(code 1\) while embedding 1 text/);
      const [next] = await pool.embed(['query: Tuyên bố Kuala Lumpur là gì?']);
      expect(dot(next, await main.embedQuery('Tuyên bố Kuala Lumpur là gì?'))).toBeCloseTo(1, 5);
    });

    it('rejects a text that kills two workers in a row, and keeps serving others', async () => {
      const before = pool.status().restarts;
      killOnNextQuestions(2);
      const victim = pool.embed(['query: poison']).then(() => 'resolved', (err: Error) => err.message);
      expect(await victim).toMatch(/worker stopped twice while embedding this text/);
      const [next] = await pool.embed(['query: asean']);
      expect(dot(next, await main.embedQuery('asean'))).toBeCloseTo(1, 5);
      expect(pool.status()).toMatchObject({ ready: 1, restarts: before + 2 });
    });

    it('rejects waiting and new texts once closed', async () => {
      const r = await startEmbedPool({ size: 1, maxBatch: 16, maxWaitMs: 2, model });
      if (!r.ok) throw new Error(r.reason);
      const outcome = (p: Promise<unknown>) => p.then(() => 'resolved', (err: Error) => err.message);
      const pending = outcome(r.pool.embed(longTexts(16)));
      const queued = outcome(r.pool.embed(['query: asean']));
      await r.pool.close();
      expect(await pending).toMatch(/closed/);
      expect(await queued).toMatch(/closed/);
      await expect(r.pool.embed(['query: asean'])).rejects.toThrow(/closed/);
    });
  });
});
