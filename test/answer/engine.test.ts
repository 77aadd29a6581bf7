import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/answer/engine.js';
import { createLogger } from '../../src/log.js';
import { DEFAULT_THRESHOLDS } from '../../src/retrieval/retriever.js';

const TINY = { modelsDir: 'test/fixtures/tiny-model', model: 'Xenova/tiny-random-e5', allowDownload: false };

async function tempDirs() {
  const root = await mkdtemp(path.join(tmpdir(), 'engine-'));
  await cp('corpus', path.join(root, 'corpus'), { recursive: true });
  return { corpusDir: path.join(root, 'corpus'), embeddingsDir: path.join(root, 'embeddings') };
}

/** A temp copy of the corpus and of the committed embeddings/ (lexical-only). */
async function tempDirsWithIndex() {
  const dirs = await tempDirs();
  await cp('embeddings', dirs.embeddingsDir, { recursive: true });
  return dirs;
}

const LEXICAL_ONLY = { modelsDir: 'models', model: 'none', allowDownload: false };

function captureLog() {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'debug', write: (l) => lines.push(l) }) };
}

describe('engine', () => {
  describe('loadEngine (lexical only)', () => {
    it('reports lexical mode and why dense is off when the model is missing', async () => {
      const engine = await loadEngine({ corpusDir: 'corpus', embeddingsDir: 'embeddings', modelsDir: '/nonexistent', model: 'Xenova/multilingual-e5-small', allowDownload: false });
      const s = engine.status();
      expect(s).toMatchObject({ mode: 'lexical', model: null, documents: 1, chunks: 16, problems: [] });
      expect(s.denseOffReason).toMatch(/not found in \/nonexistent/);
      expect(s.indexHash).toMatch(/^[0-9a-f]{16}$/);
    });
  });

  describe('loadEngine (lexical.bin)', () => {
    const rebuilt = (lines: string[]) => lines.filter((l) => /lexical index rebuilt/.test(l));
    const answer = async (dirs: { corpusDir: string; embeddingsDir: string }, log: ReturnType<typeof captureLog>['log']) => {
      const engine = await loadEngine({ ...dirs, ...LEXICAL_ONLY, log });
      return (await engine.ask('In which country will the 18th AMRI take place?')).passages[0]?.paragraph;
    };

    it('loads lexical.bin when it matches corpus, chunker and analysis, without a warning', async () => {
      const dirs = await tempDirsWithIndex();
      const { lines, log } = captureLog();
      expect(await answer(dirs, log)).toBe(14);
      expect(rebuilt(lines)).toEqual([]);
    });

    it('rebuilds in memory, with one warning naming the reason, when the analyzer fingerprint differs', async () => {
      const dirs = await tempDirsWithIndex();
      const file = path.join(dirs.embeddingsDir, 'manifest.json');
      const manifest = JSON.parse(await readFile(file, 'utf8'));
      await writeFile(file, JSON.stringify({ ...manifest, lexical: { ...manifest.lexical, analyzer: '0'.repeat(64) } }));
      const { lines, log } = captureLog();
      expect(await answer(dirs, log)).toBe(14);
      expect(rebuilt(lines)).toHaveLength(1);
      expect(rebuilt(lines)[0]).toMatch(/because="the text analysis changed since the index was built/);
    });

    it('rebuilds in memory when the corpus differs from the one lexical.bin was built from', async () => {
      const dirs = await tempDirsWithIndex();
      const en = path.join(dirs.corpusDir, 'kl-declaration-2025', 'en.txt');
      await writeFile(en, (await readFile(en, 'utf8')).replace('Cambodia', 'the Kingdom of Cambodia'));
      const { lines, log } = captureLog();
      expect(await answer(dirs, log)).toBe(14);
      expect(rebuilt(lines)).toHaveLength(1);
      expect(rebuilt(lines)[0]).toMatch(/because="the corpus changed since the index was built"/);
    });

    it('rebuilds, not crashes, when lexical.bin is corrupt or unreadable despite a matching checksum', async () => {
      const dirs = await tempDirsWithIndex();
      const bin = path.join(dirs.embeddingsDir, 'lexical.bin');
      const bytes = await readFile(bin);
      await writeFile(bin, bytes.subarray(0, bytes.length - 10));
      const corrupt = captureLog();
      expect(await answer(dirs, corrupt.log)).toBe(14);
      expect(rebuilt(corrupt.lines)[0]).toMatch(/because=".*lexical.bin in .* is corrupt/);

      // Checksum made to match a file that is not a lexical index: decoding refuses it.
      const junk = Buffer.from('not a lexical index');
      const file = path.join(dirs.embeddingsDir, 'manifest.json');
      const manifest = JSON.parse(await readFile(file, 'utf8'));
      const sha256 = createHash('sha256').update(junk).digest('hex');
      await writeFile(bin, junk);
      await writeFile(file, JSON.stringify({ ...manifest, lexical: { ...manifest.lexical, sha256, bytes: junk.length } }));
      const unreadable = captureLog();
      expect(await answer(dirs, unreadable.log)).toBe(14);
      expect(rebuilt(unreadable.lines)[0]).toMatch(/because="lexical.bin in .* cannot be read \(not a lexical index file/);
    });
  });

  describe('ask', () => {
    it('answers in the question language with the source original beside it', async () => {
      const engine = await loadEngine({ corpusDir: 'corpus', embeddingsDir: 'embeddings', modelsDir: 'models', model: 'none', allowDownload: false });
      const en = await engine.ask('In which country will the 18th AMRI take place?');
      expect(en).toMatchObject({ lang: 'en', answered: true, mode: 'lexical' });
      expect(en.passages[0]).toMatchObject({ id: 'kl-declaration-2025:p14', paragraph: 14, textLang: 'en', original: { lang: 'vi' } });
      expect(en.passages[0].text).toContain('Cambodia');
      expect(en.passages[0].original.text).toContain('Campuchia');
      const vi = await engine.ask('AMRI lan thu 18 to chuc o dau?');
      expect(vi.lang).toBe('vi');
      expect(vi.passages[0].paragraph).toBe(14);
      expect(vi.passages[0].text).toContain('Campuchia');
    });

    it('honours lang, k and offset, and never returns more than 10', async () => {
      const engine = await loadEngine({ corpusDir: 'corpus', embeddingsDir: 'embeddings', modelsDir: 'models', model: 'none', allowDownload: false });
      const r = await engine.ask('ASEAN digital transformation cooperation', { lang: 'vi', k: 2 });
      expect(r.lang).toBe('vi');
      expect(r.passages.length).toBeLessThanOrEqual(2);
      expect(r.passages.every((p) => p.textLang === 'vi')).toBe(true);
      const next = await engine.ask('ASEAN digital transformation cooperation', { lang: 'vi', k: 2, offset: 2 });
      expect(next.passages.map((p) => p.id)).not.toContain(r.passages[0].id);
      expect((await engine.ask('ASEAN media', { k: 50 })).passages.length).toBeLessThanOrEqual(10);
    });

    it('says the corpus does not answer, with no passages, for out-of-scope and empty questions', async () => {
      const engine = await loadEngine({ corpusDir: 'corpus', embeddingsDir: 'embeddings', modelsDir: 'models', model: 'none', allowDownload: false });
      for (const q of ['What is the capital of France?', 'Giá vàng hôm nay?', '   ', '???']) {
        const r = await engine.ask(q);
        expect(r.answered, q).toBe(false);
        expect(r.passages, q).toEqual([]);
      }
    });
  });

  describe('dense path with the tiny model', () => {
    it('builds the index when missing, saves it, then loads it unchanged and runs hybrid', async () => {
      const dirs = await tempDirs();
      const { lines, log } = captureLog();
      const first = await loadEngine({ ...dirs, ...TINY, log });
      expect(first.status()).toMatchObject({ mode: 'hybrid', model: 'Xenova/tiny-random-e5' });
      expect(lines.join('\n')).toMatch(/index stale or missing; rebuilding/);
      const manifest = JSON.parse(await readFile(path.join(dirs.embeddingsDir, 'manifest.json'), 'utf8'));
      expect(manifest).toMatchObject({ model: 'Xenova/tiny-random-e5', dimension: 16, pooling: 'mean', prefixes: { query: 'query: ', passage: 'passage: ' } });
      const vectors = await readFile(path.join(dirs.embeddingsDir, 'vectors.f32'));
      expect(vectors.length).toBe(16 * 16 * 4);
      expect(manifest.lexical).toMatchObject({ file: 'lexical.bin' });
      await first.close();

      const second = captureLog();
      const again = await loadEngine({ ...dirs, ...TINY, log: second.log });
      expect(second.lines.join('\n')).not.toMatch(/rebuilding|rebuilt/);
      expect(await readFile(path.join(dirs.embeddingsDir, 'vectors.f32'))).toEqual(vectors);
      const r = await again.retrieve('Campuchia AMRI 2027', 'vi', 5, 'hybrid');
      expect(r.mode).toBe('hybrid');
      expect(r.hits.length).toBeGreaterThan(0);
      expect(r.signals.cosine).toBeGreaterThan(0);
      const dense = await again.retrieve('Campuchia AMRI 2027', 'vi', 16, 'dense');
      // Dense scores are cosines of unit vectors, best first.
      expect(dense.hits.every((h, i, a) => h.score <= 1.0001 && (i === 0 || a[i - 1].score >= h.score))).toBe(true);
      const ask = await again.ask('AMRI lần thứ 18 tổ chức ở đâu?');
      expect(ask.mode).toBe('hybrid');
      await again.close();
    });

    it('ranks with an HNSW graph when denseIndex is hnsw, with the same top dense hit as the exact scan', async () => {
      const dirs = await tempDirs();
      const { lines, log } = captureLog();
      const built = await loadEngine({ ...dirs, ...TINY, denseIndex: 'hnsw', log }); // rebuild path
      expect(built.status().mode).toBe('hybrid');
      expect(lines.join('\n')).toMatch(/HNSW dense index built.*rows=16/);
      await built.close();
      // The tiny model's cosines are low: no threshold, so dense retrieval always returns its hits.
      const thresholds = { ...DEFAULT_THRESHOLDS, dense: -1 };
      const exact = await loadEngine({ ...dirs, ...TINY, denseIndex: 'exact', thresholds });
      const second = captureLog();
      const hnsw = await loadEngine({ ...dirs, ...TINY, denseIndex: 'hnsw', thresholds, log: second.log }); // stored-vectors path
      expect(hnsw.status().mode).toBe('hybrid');
      // The graph built at the first start was saved beside the vectors and is loaded, not rebuilt.
      expect(second.lines.join('\n')).toMatch(/HNSW dense index loaded.*rows=16/);
      expect(second.lines.join('\n')).not.toMatch(/HNSW dense index built/);
      for (const q of ['Campuchia AMRI 2027', 'digital transformation', 'tin giả', 'Kuala Lumpur Declaration']) {
        const [a, b] = await Promise.all([exact.retrieve(q, 'vi', 5, 'dense'), hnsw.retrieve(q, 'vi', 5, 'dense')]);
        expect(b.hits).toHaveLength(5);
        expect(b.hits[0].index).toBe(a.hits[0].index);
        expect(b.hits[0].score).toBeCloseTo(a.hits[0].score, 5);
      }
      await Promise.all([exact.close(), hnsw.close()]);
    });

    it('detects a stale index after a corpus edit and rebuilds it', async () => {
      const dirs = await tempDirs();
      (await loadEngine({ ...dirs, ...TINY })).close();
      const before = JSON.parse(await readFile(path.join(dirs.embeddingsDir, 'manifest.json'), 'utf8'));
      const en = path.join(dirs.corpusDir, 'kl-declaration-2025', 'en.txt');
      await writeFile(en, (await readFile(en, 'utf8')).replace('Cambodia', 'the Kingdom of Cambodia'));
      const { lines, log } = captureLog();
      const engine = await loadEngine({ ...dirs, ...TINY, log });
      expect(lines.join('\n')).toMatch(/why="the corpus changed since the index was built"/);
      const after = JSON.parse(await readFile(path.join(dirs.embeddingsDir, 'manifest.json'), 'utf8'));
      expect(after.corpusHash).not.toBe(before.corpusHash);
      await engine.close();
    });

    it('refuses a stale index without rebuilding when rebuilding is off, and falls back to lexical', async () => {
      const dirs = await tempDirs();
      const engine = await loadEngine({ ...dirs, ...TINY, rebuildStale: false });
      expect(engine.status().mode).toBe('lexical');
      expect(engine.status().denseOffReason).toMatch(/index not usable: no manifest.json/);
    });

    it('does not use vectors built by another model', async () => {
      const dirs = await tempDirs();
      (await loadEngine({ ...dirs, ...TINY })).close();
      const file = path.join(dirs.embeddingsDir, 'manifest.json');
      await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), model: 'Xenova/other-model' }));
      const { lines, log } = captureLog();
      const engine = await loadEngine({ ...dirs, ...TINY, rebuildStale: false, log });
      expect(engine.status().mode).toBe('lexical');
      expect(engine.status().denseOffReason).toMatch(/built with model Xenova\/other-model/);
      expect(lines).toEqual([]);
    });
  });
});
