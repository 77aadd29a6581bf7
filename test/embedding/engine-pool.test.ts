import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEngine, type EngineInternals } from '../../src/answer/engine.js';
import type { Logger } from '../../src/log.js';
import { startTestApp, type TestApp } from '../server/start.js';

// The hybrid engine with the tiny test model (scripts/make-tiny-model.py), query embedding in a
// worker pool, behind the real app.
const TINY = { corpusDir: 'corpus', modelsDir: 'test/fixtures/tiny-model', model: 'Xenova/tiny-random-e5', allowDownload: false };

vi.setConfig({ hookTimeout: 60_000, testTimeout: 60_000 });

function captureLog(): { lines: string[]; log: Logger } {
  const lines: string[] = [];
  const put = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  return { lines, log: { debug: put('debug'), info: put('info'), warn: put('warn'), error: put('error') } as Logger };
}

/** The worker handed the next model call dies holding it (see pool.test.ts). */
function killOnNextQuestion(): void {
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, transfer?: readonly Transferable[]) {
    if ((message as { type?: string }).type !== 'embed') return post.call(this, message, transfer as never);
    Worker.prototype.postMessage = post;
    void this.terminate();
  };
}

const ask = (t: TestApp, question: string) =>
  fetch(`${t.baseUrl}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question, lang: 'en' }) });

describe('hybrid engine with the embedding worker pool', () => {
  let embeddingsDir: string;
  let engine: EngineInternals;
  let t: TestApp;
  beforeAll(async () => {
    embeddingsDir = await mkdtemp(path.join(os.tmpdir(), 'emb-pool-'));
    engine = await loadEngine({ ...TINY, embeddingsDir, embedWorkers: 1 });
    t = await startTestApp({ engine });
  });
  afterAll(async () => {
    await t?.close();
    await engine?.close();
  });

  it('shows the pool in /healthz', async () => {
    const health = await (await fetch(`${t.baseUrl}/healthz`)).json();
    expect(health).toMatchObject({ mode: 'hybrid', model: TINY.model });
    expect(health.embedding).toMatchObject({ thread: 'workers', workers: 1, ready: 1, busy: 0, queued: 0, restarts: 0, batch: { max: 16, waitMs: 2 } });
  });

  it('answers as the engine with the model on the main thread does', async () => {
    const main = await loadEngine({ ...TINY, embeddingsDir, embedWorkers: 0 });
    try {
      for (const q of ['Where will the 18th AMRI be held?', 'Tuyên bố Kuala Lumpur về sử dụng mạng xã hội an toàn', 'youth creative economy']) {
        const [a, b] = [await engine.ask(q), await main.ask(q)];
        expect(a.passages.map((p) => [p.id, p.score]), q).toEqual(b.passages.map((p) => [p.id, p.score]));
      }
    } finally {
      await main.close();
    }
  });

  it('answers the question whose worker was killed mid-question, and the next one, over HTTP', async () => {
    killOnNextQuestion();
    const hit = await ask(t, 'Which ASEAN meeting adopted the Kuala Lumpur Declaration?');
    expect(hit.status).toBe(200);
    expect(await hit.json()).toMatchObject({ mode: 'hybrid', answered: true });
    const next = await ask(t, 'Where will the 18th AMRI be held?');
    expect(next.status).toBe(200);
    expect((await next.json()).passages.length).toBeGreaterThan(0);
    const health = await (await fetch(`${t.baseUrl}/healthz`)).json();
    expect(health.embedding).toMatchObject({ ready: 1, restarts: 1, requeued: 1 });
    expect(health.embedding.lastProblem).toMatch(/embedding worker exited/);
  });
});

describe('an index whose vectors were made by @xenova/transformers 2.x', () => {
  let embeddingsDir: string;
  beforeAll(async () => {
    // Build with this runtime, then make the manifest look like the old line's (no runtime field).
    embeddingsDir = await mkdtemp(path.join(os.tmpdir(), 'emb-old-'));
    await (await loadEngine({ ...TINY, embeddingsDir })).close();
    const file = path.join(embeddingsDir, 'manifest.json');
    const { runtime, ...old } = JSON.parse(await readFile(file, 'utf8'));
    expect(runtime).toBe('@huggingface/transformers q8');
    await writeFile(file, JSON.stringify(old, null, 2) + '\n');
  });

  it('is not used: with rebuilding off the engine serves lexical-only and says why', async () => {
    const engine = await loadEngine({ ...TINY, embeddingsDir, rebuildStale: false });
    try {
      expect(engine.status()).toMatchObject({ mode: 'lexical' });
      expect(engine.status().denseOffReason).toBe(
        'index not usable: the vectors were made by @xenova/transformers 2.x, queries are embedded by @huggingface/transformers q8; rebuilding is off (REBUILD_STALE_INDEX=false): run npm run index',
      );
    } finally {
      await engine.close();
    }
  });

  it('is rebuilt at start, saying why, and the rebuilt manifest names this runtime', async () => {
    const { lines, log } = captureLog();
    const engine = await loadEngine({ ...TINY, embeddingsDir, log });
    try {
      expect(engine.status().mode).toBe('hybrid');
      expect(lines.join('\n')).toMatch(/index stale or missing; rebuilding with the model .*the vectors were made by @xenova\/transformers 2\.x/);
      expect(JSON.parse(await readFile(path.join(embeddingsDir, 'manifest.json'), 'utf8')).runtime).toBe('@huggingface/transformers q8');
    } finally {
      await engine.close();
    }
  });
});
