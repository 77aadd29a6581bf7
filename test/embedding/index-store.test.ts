import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkDocuments, DEFAULT_CHUNK_OPTIONS } from '../../src/corpus/chunk.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { buildLexicalFile } from '../../src/embedding/build-index.js';
import {
  hashChunker,
  hashCorpus,
  lexicalStaleness,
  makeManifest,
  packVectors,
  readIndex,
  readLexical,
  readManifest,
  staleness,
  writeIndex,
} from '../../src/embedding/index-store.js';
import { analyzerFingerprint } from '../../src/retrieval/lexical-store.js';

const info = { id: 'm/e5-test', dimension: 3, pooling: 'mean' as const, normalize: true, queryPrefix: 'query: ', passagePrefix: 'passage: ', runtime: '@huggingface/transformers q8' };

async function fixture() {
  const corpus = await loadCorpus('corpus');
  const chunks = chunkDocuments(corpus.documents);
  const corpusHash = hashCorpus(corpus.files);
  const chunkerHash = hashChunker(DEFAULT_CHUNK_OPTIONS);
  const rows = chunks.map((_, i) => Float32Array.from([i, -i / 2, 0.25]));
  const lexical = buildLexicalFile(chunks);
  return { chunks, corpusHash, chunkerHash, rows, lexical, manifest: makeManifest({ chunks, corpusHash, chunkerHash, model: info }) };
}

describe('index-store', () => {
  describe('writeIndex / readIndex', () => {
    it('round-trips manifest and vectors exactly', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'idx-'));
      const f = await fixture();
      await writeIndex(dir, f.manifest, packVectors(f.rows, 3));
      const loaded = await readIndex(dir);
      expect(loaded.manifest).toMatchObject({ model: 'm/e5-test', dimension: 3, chunkIds: f.chunks.map((c) => c.id) });
      expect(loaded.vectors).toEqual(Float32Array.from(f.rows.flatMap((r) => [...r])));
    });

    it('writes the same bytes twice for the same input', async () => {
      const f = await fixture();
      const [a, b] = [await mkdtemp(path.join(tmpdir(), 'idx-')), await mkdtemp(path.join(tmpdir(), 'idx-'))];
      await writeIndex(a, f.manifest, packVectors(f.rows, 3), f.lexical);
      await writeIndex(b, f.manifest, packVectors(f.rows, 3), buildLexicalFile(f.chunks));
      for (const name of ['manifest.json', 'vectors.f32', 'lexical.bin']) {
        expect(await readFile(path.join(a, name))).toEqual(await readFile(path.join(b, name)));
      }
    });

    it('rejects a missing manifest, another schema version and corrupt vectors with one-line reasons', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'idx-'));
      await expect(readIndex(dir)).rejects.toThrow(/no manifest.json in .* \(run npm run index\)/);
      const f = await fixture();
      await writeIndex(dir, f.manifest, packVectors(f.rows, 3));
      const bytes = await readFile(path.join(dir, 'vectors.f32'));
      bytes[5] ^= 0xff;
      await writeFile(path.join(dir, 'vectors.f32'), bytes);
      await expect(readIndex(dir)).rejects.toThrow(/vectors file in .* is corrupt/);
      await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ ...f.manifest, schemaVersion: 99 }));
      await expect(readIndex(dir)).rejects.toThrow(/schema version 99 is not 2/);
      await writeFile(path.join(dir, 'manifest.json'), '{not json');
      await expect(readIndex(dir)).rejects.toThrow(/not valid JSON/);
    });
  });

  describe('readLexical', () => {
    it('returns the stored bytes, checked against the manifest', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'idx-'));
      const f = await fixture();
      await writeIndex(dir, f.manifest, null, f.lexical);
      const manifest = await readManifest(dir);
      expect(manifest.lexical).toMatchObject({ file: 'lexical.bin', bytes: f.lexical.bytes.length, analyzer: analyzerFingerprint() });
      expect(await readLexical(dir, manifest)).toEqual(f.lexical.bytes);
    });

    it('rejects an index without lexical.bin, a missing file and a corrupt one with one-line reasons', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'idx-'));
      const f = await fixture();
      await writeIndex(dir, f.manifest, null);
      await expect(readLexical(dir, await readManifest(dir))).rejects.toThrow(/has no lexical.bin \(run npm run index\)/);
      await writeIndex(dir, f.manifest, null, f.lexical);
      const manifest = await readManifest(dir);
      const bytes = await readFile(path.join(dir, 'lexical.bin'));
      bytes[100] ^= 0xff;
      await writeFile(path.join(dir, 'lexical.bin'), bytes);
      await expect(readLexical(dir, manifest)).rejects.toThrow(/lexical.bin in .* is corrupt/);
      await rm(path.join(dir, 'lexical.bin'));
      await expect(readLexical(dir, manifest)).rejects.toThrow(/lexical.bin is missing from/);
    });
  });

  describe('lexicalStaleness', () => {
    it('returns null for lexical.bin built from this corpus and analysis, whatever the model', async () => {
      const f = await fixture();
      const dir = await mkdtemp(path.join(tmpdir(), 'idx-'));
      await writeIndex(dir, f.manifest, null, f.lexical);
      const current = { ...f, chunkIds: f.chunks.map((c) => c.id), analyzer: analyzerFingerprint() };
      expect(lexicalStaleness(await readManifest(dir), current)).toBeNull();
    });

    it('names what changed: no lexical.bin, corpus, chunks, analysis', async () => {
      const f = await fixture();
      const dir = await mkdtemp(path.join(tmpdir(), 'idx-'));
      const current = { ...f, chunkIds: f.chunks.map((c) => c.id), analyzer: analyzerFingerprint() };
      expect(lexicalStaleness(f.manifest, current)).toMatch(/has no lexical.bin/);
      await writeIndex(dir, f.manifest, null, f.lexical);
      const manifest = await readManifest(dir);
      expect(lexicalStaleness(manifest, { ...current, corpusHash: 'x' })).toMatch(/corpus changed/);
      expect(lexicalStaleness(manifest, { ...current, chunkIds: current.chunkIds.slice(1) })).toMatch(/chunks differ/);
      expect(lexicalStaleness(manifest, { ...current, analyzer: 'other' })).toMatch(/text analysis changed/);
    });
  });

  describe('staleness', () => {
    it('returns null for the index built from this corpus, chunker and model', async () => {
      const f = await fixture();
      expect(staleness(f.manifest, { ...f, chunkIds: f.chunks.map((c) => c.id), model: 'm/e5-test', dimension: 3 })).toBeNull();
    });

    it('names what changed: corpus, chunker settings, model, dimension', async () => {
      const f = await fixture();
      const current = { ...f, chunkIds: f.chunks.map((c) => c.id), model: 'm/e5-test', dimension: 3 };
      expect(staleness(f.manifest, { ...current, corpusHash: 'x' })).toMatch(/corpus changed/);
      expect(staleness(f.manifest, { ...current, chunkerHash: hashChunker({ maxChars: 100 }) })).toMatch(/chunker settings changed/);
      expect(staleness(f.manifest, { ...current, model: 'other/model' })).toMatch(/built with model m\/e5-test, the configured model is other\/model/);
      expect(staleness(f.manifest, { ...current, dimension: 384 })).toMatch(/3-d vectors, the model gives 384-d/);
    });

    it('records which library and dtype made the vectors, and calls vectors of another stale', async () => {
      const f = await fixture();
      const dir = await mkdtemp(path.join(tmpdir(), 'idx-'));
      await writeIndex(dir, f.manifest, packVectors(f.rows, 3), f.lexical);
      const manifest = await readManifest(dir);
      expect(manifest.runtime).toBe('@huggingface/transformers q8');
      const current = { ...f, chunkIds: f.chunks.map((c) => c.id), model: 'm/e5-test', dimension: 3 };
      expect(staleness(manifest, { ...current, runtime: '@huggingface/transformers q8' })).toBeNull();
      expect(staleness(manifest, { ...current, runtime: '@huggingface/transformers fp32' })).toBe(
        'the vectors were made by @huggingface/transformers q8, queries are embedded by @huggingface/transformers fp32',
      );
    });

    it('calls vectors from before the runtime was recorded (the @xenova/transformers 2.x line) stale, never silently used', async () => {
      const f = await fixture();
      const { runtime: _, ...old } = f.manifest;
      const dir = await mkdtemp(path.join(tmpdir(), 'idx-'));
      await writeIndex(dir, old, packVectors(f.rows, 3), f.lexical);
      const manifest = await readManifest(dir);
      expect(manifest.runtime).toBeUndefined();
      const current = { ...f, chunkIds: f.chunks.map((c) => c.id), model: 'm/e5-test', dimension: 3, runtime: '@huggingface/transformers q8' };
      expect(staleness(manifest, current)).toBe('the vectors were made by @xenova/transformers 2.x, queries are embedded by @huggingface/transformers q8');
      // The lexical index of the same manifest stays usable: the runtime only concerns vectors.
      expect(lexicalStaleness(manifest, { ...f, chunkIds: current.chunkIds, analyzer: analyzerFingerprint() })).toBeNull();
    });

    it('sees a one-character edit of any corpus file', async () => {
      const corpus = await loadCorpus('corpus');
      const edited = corpus.files.map((file, i) => (i === 1 ? { ...file, bytes: Buffer.concat([file.bytes, Buffer.from(' ')]) } : file));
      expect(hashCorpus(edited)).not.toBe(hashCorpus(corpus.files));
      expect(hashCorpus([...corpus.files].reverse())).toBe(hashCorpus(corpus.files));
    });
  });

  describe('shipped embeddings/', () => {
    it('matches the shipped corpus and says honestly which model built it', async () => {
      const f = await fixture();
      const { manifest, vectors } = await readIndex('embeddings');
      expect(manifest.corpusHash).toBe(f.corpusHash);
      expect(manifest.chunkerHash).toBe(f.chunkerHash);
      expect(manifest.chunkIds).toEqual(f.chunks.map((c) => c.id));
      // Built where no real model could be had: lexical-only, no vectors pretending otherwise.
      if (manifest.model === 'none') expect(vectors).toBeNull();
      else expect(manifest.model).not.toMatch(/tiny/);
    });

    it('has the lexical.bin a fresh build gives, byte for byte (an analysis change needs npm run index)', async () => {
      const f = await fixture();
      const manifest = await readManifest('embeddings');
      expect(manifest.lexical?.analyzer).toBe(analyzerFingerprint());
      expect(await readLexical('embeddings', manifest)).toEqual(f.lexical.bytes);
    });
  });
});
