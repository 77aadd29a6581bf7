/**
 * Start-up faults, on the real server process: a broken corpus, index or model either leaves a
 * clearly reported degraded service (named in a log line, the start-up line and /healthz) or a
 * refusal in one line with exit code 1 — never a stack trace.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/answer/engine.js';
import { ROOT } from '../server/start.js';
import { LOG_LINE, STACK_LINE, startServer, type ServerRun } from './child.js';

const MODELS = path.join(ROOT, 'test/fixtures/tiny-model');
const MODEL = 'Xenova/tiny-random-e5';
const DOC = 'kl-declaration-2025';

let tmp: string;
const at = (...p: string[]) => path.join(tmp, ...p);

/** A corpus folder holding the real document plus the given broken ones (name → files). */
function corpus(name: string, broken: Record<string, Record<string, string | Buffer>>, withGood = true): string {
  const dir = at(name);
  mkdirSync(dir, { recursive: true });
  if (withGood) cpSync(path.join(ROOT, 'corpus', DOC), path.join(dir, DOC), { recursive: true });
  for (const [doc, files] of Object.entries(broken)) {
    mkdirSync(path.join(dir, doc));
    for (const [file, content] of Object.entries(files)) writeFileSync(path.join(dir, doc, file), content);
  }
  return dir;
}

/** A copy of the valid index with `change` applied. */
function index(name: string, change: (dir: string) => void): string {
  const dir = at(name);
  cpSync(at('emb-valid'), dir, { recursive: true });
  change(dir);
  return dir;
}

const BROKEN = {
  'broken-meta': { 'meta.json': '{"languages": ["vi", ', 'vi.txt': 'Một đoạn.' },
  'bad-utf8': { 'meta.json': '{"languages": ["vi"]}', 'vi.txt': Buffer.from([0x54, 0xff, 0xfe, 0xc0, 0x41]) },
  uneven: { 'meta.json': '{"languages": ["vi", "en"]}', 'vi.txt': 'Một.\n\nHai.', 'en.txt': 'One.\n\nTwo.\n\nThree.' },
};

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'kl-faults-'));
  corpus('good', {});
  corpus('mixed', BROKEN);
  corpus('only-broken', { 'broken-meta': BROKEN['broken-meta'] }, false);
  mkdirSync(at('empty'));
  writeFileSync(at('a-file'), 'not a folder');
  // A valid index built with the tiny model, to break in different ways.
  const engine = await loadEngine({ corpusDir: at('good'), embeddingsDir: at('emb-valid'), modelsDir: MODELS, model: MODEL, allowDownload: false, rebuildStale: true });
  expect(engine.status().mode).toBe('hybrid');
  await engine.close();
  cpSync(path.join(MODELS, MODEL), at('models-corrupt', MODEL), { recursive: true });
  writeFileSync(at('models-corrupt', MODEL, 'onnx/model_quantized.onnx'), 'this is not an ONNX file');
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the server with `env` (a fresh question log each time); kills it when the check is done. */
async function withServer<T>(env: Record<string, string>, check: (run: ServerRun) => Promise<T>): Promise<T> {
  const run = startServer({ QALOG_PATH: at(`qalog-${Math.random().toString(36).slice(2)}.sqlite`), EMBEDDING_MODEL: 'none', ...env });
  try {
    return await check(run);
  } finally {
    run.killAll('SIGKILL');
    await run.exited;
  }
}

/** Asserts a refusal: exit 1, exactly one stderr line matching `line`, nothing else, no stack. */
async function expectRefusal(env: Record<string, string>, line: RegExp) {
  await withServer(env, async (run) => {
    expect(await run.exited).toBe(1);
    const err = run.stderr().trimEnd();
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toMatch(line);
    expect(err).not.toMatch(STACK_LINE);
    expect(run.stdout()).toBe('');
  });
}

/** Asserts a start: the start-up line, only log lines on stderr (no stack), and /healthz; returns both. */
async function expectStart(env: Record<string, string>) {
  return withServer(env, async (run) => {
    const port = await run.port();
    const health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
    const ask = await fetch(`http://127.0.0.1:${port}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"TFFN là gì?"}' });
    expect(ask.status).toBe(200);
    expect((await ask.json()).answered).toBe(true);
    const err = run.stderr().trim();
    expect(err).not.toMatch(STACK_LINE);
    for (const line of err ? err.split('\n') : []) expect(line).toMatch(LOG_LINE);
    const serving = run.stdout().split('\n').find((l) => l.includes('Serving'))!;
    return { health, serving, stderr: err, stdout: run.stdout() };
  });
}

describe('hardening: start-up faults', () => {
  describe('corpus', () => {
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    it.concurrent.each([
      ['a missing corpus folder', () => at('nowhere'), (dir: string) => `^Could not start: CORPUS_DIR ${escape(dir)}: no such folder$`],
      ['a corpus path that is a file', () => at('a-file'), (dir: string) => `^Could not start: CORPUS_DIR ${escape(dir)}: a file, not a folder$`],
      ['an empty corpus folder', () => at('empty'), (dir: string) => `^Could not start: no usable documents in ${escape(dir)} \\(the folder is empty\\)$`],
      ['a corpus whose only document fails to parse', () => at('only-broken'), (dir: string) => `^Could not start: no usable documents in ${escape(dir)} .*broken-meta: meta\\.json is not valid JSON`],
    ])('refuses to start with one line for %s', async (_name, dir, line) => {
      const corpusDir = dir();
      await expectRefusal({ CORPUS_DIR: corpusDir }, new RegExp(line(corpusDir)));
    }, 60_000);

    it('serves the good document, degraded, naming each one that failed to parse in a log line and /healthz', async () => {
      const { health, serving, stderr } = await expectStart({ CORPUS_DIR: at('mixed') });
      expect(serving).toMatch(/; 1 document, \d+ chunks, 3 corpus problem\(s\) skipped;/);
      expect(health.status).toBe('degraded');
      expect(health.documents).toBe(1);
      const reasons = {
        'bad-utf8': 'vi.txt is not valid UTF-8',
        'broken-meta': 'meta.json is not valid JSON',
        uneven: 'paragraph counts differ between languages (vi: 2, en: 3)',
      };
      // Names and states only: no path of this machine in /healthz.
      expect(health.problems.map((p: { document: string }) => p.document)).toEqual(Object.keys(reasons));
      expect(JSON.stringify(health)).not.toContain(tmp);
      for (const [doc, reason] of Object.entries(reasons)) {
        expect(health.problems.find((p: { document: string }) => p.document === doc).reason).toContain(reason);
        expect(stderr.split('\n').filter((l) => l.includes('corpus document skipped') && l.includes(doc) && l.includes(reason))).toHaveLength(1);
      }
    }, 60_000);
  });

  describe('index and model', () => {
    const dense = { CORPUS_DIR: '', EMBEDDING_MODEL: MODEL, MODELS_DIR: MODELS, REBUILD_STALE_INDEX: 'false' };
    it.concurrent.each([
      ['a missing embeddings folder', () => ({ EMBEDDINGS_DIR: at('emb-none') }), /index not usable: no manifest\.json in (.*emb-none|EMBEDDINGS_DIR) \(run npm run index\); rebuilding is off/],
      ['a corrupt manifest', () => ({ EMBEDDINGS_DIR: index('emb-bad-manifest', (d) => writeFileSync(path.join(d, 'manifest.json'), '{"schemaVersion": 1,')) }), /manifest\.json in .* is not valid JSON/],
      ['a truncated vectors file', () => ({ EMBEDDINGS_DIR: index('emb-truncated', (d) => writeFileSync(path.join(d, 'vectors.f32'), readFileSync(path.join(d, 'vectors.f32')).subarray(0, 100))) }), /vectors file in .* is corrupt/],
      [
        'a manifest for another model',
        () => ({
          EMBEDDINGS_DIR: index('emb-other-model', (d) => {
            const m = JSON.parse(readFileSync(path.join(d, 'manifest.json'), 'utf8'));
            writeFileSync(path.join(d, 'manifest.json'), JSON.stringify({ ...m, model: 'Xenova/multilingual-e5-small' }));
          }),
        }),
        /the index was built with model Xenova\/multilingual-e5-small, the configured model is Xenova\/tiny-random-e5/,
      ],
      ['a missing model folder', () => ({ EMBEDDINGS_DIR: at('emb-valid'), MODELS_DIR: at('no-models') }), /model Xenova\/tiny-random-e5 not found in (.*no-models|MODELS_DIR)\S* \(missing config\.json\)/],
      ['a corrupt model file', () => ({ EMBEDDINGS_DIR: at('emb-valid'), MODELS_DIR: at('models-corrupt') }), /model Xenova\/tiny-random-e5 could not be loaded: \S/],
    ])('serves lexical-only with %s, saying why in the start-up line and /healthz', async (_name, env, reason) => {
      const { health, serving } = await expectStart({ ...dense, CORPUS_DIR: at('good'), ...env() });
      expect(serving).toMatch(new RegExp(`lexical retrieval \\(dense off: .*${reason.source}`));
      expect(health).toMatchObject({ mode: 'lexical', dense: false, model: null });
      expect(health.denseOffReason).toMatch(reason);
      // The start-up line names the paths; /healthz names only the settings.
      expect(JSON.stringify(health)).not.toContain(tmp);
    }, 60_000);

    it('rebuilds a stale index at start when allowed, saying so, and serves hybrid', async () => {
      const dir = index('emb-rebuild', (d) => writeFileSync(path.join(d, 'vectors.f32'), 'garbage'));
      const { health, stderr, stdout, serving } = await expectStart({ ...dense, CORPUS_DIR: at('good'), EMBEDDINGS_DIR: dir, REBUILD_STALE_INDEX: 'true' });
      expect(stderr).toMatch(/warn index stale or missing; rebuilding with the model why=".*vectors file in .* is corrupt/);
      expect(stdout).toMatch(/info index rebuilt and saved/);
      expect(health).toMatchObject({ status: 'ok', mode: 'hybrid', model: MODEL });
      // Start-up line and /healthz say where questions are embedded: the worker pool by default.
      expect(serving).toMatch(/hybrid retrieval \(Xenova\/tiny-random-e5, queries embedded in \d worker threads?, up to 16 per model call, waiting ≤ 2 ms\)/);
      expect(health.embedding).toMatchObject({ thread: 'workers', ready: health.embedding.workers, restarts: 0 });
    }, 60_000);

    it('serves hybrid from memory when the rebuilt index cannot be saved, saying so', async () => {
      // A stale index whose vectors cannot be written back (their temporary file's name is taken by a folder).
      const dir = index('emb-unsavable', (d) => {
        writeFileSync(path.join(d, 'vectors.f32'), 'garbage');
        mkdirSync(path.join(d, 'vectors.f32.tmp'));
      });
      const { health, stderr } = await expectStart({ ...dense, CORPUS_DIR: at('good'), EMBEDDINGS_DIR: dir, REBUILD_STALE_INDEX: 'true' });
      expect(stderr).toMatch(/warn index rebuilt in memory; could not save it cause=/);
      expect(health).toMatchObject({ mode: 'hybrid' });
    }, 60_000);
  });

  describe('environment', () => {
    let busy: Server;
    beforeAll(() => new Promise<void>((resolve) => (busy = createServer().listen(0, '127.0.0.1', resolve))));
    afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

    it('refuses with one line when the port is taken', async () => {
      const port = (busy.address() as { port: number }).port;
      await expectRefusal({ CORPUS_DIR: at('good'), PORT: String(port) }, new RegExp(`^Could not start: listen EADDRINUSE: address already in use 127\\.0\\.0\\.1:${port}$`));
    }, 60_000);

    it('refuses with one line when the question log cannot be created', async () => {
      await expectRefusal({ CORPUS_DIR: at('good'), QALOG_PATH: at('a-file', 'qalog.sqlite') }, /^Could not start: QALOG_PATH \S*a-file\/qalog\.sqlite: \S*a-file is a file, not a folder$/);
    }, 60_000);
  });
});
