import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkDocuments } from '../../src/corpus/chunk.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { Chunk } from '../../src/corpus/types.js';
import { BinaryFormatError } from '../../src/retrieval/binary.js';
import { buildLexical, buildLexicalFields } from '../../src/retrieval/lexical.js';
import { analyzerFingerprint, buildStoredLexical, decodeLexical, encodeLexical } from '../../src/retrieval/lexical-store.js';
import { buildLanguageVocab } from '../../src/text/language.js';

const CORPUS_DIR = fileURLToPath(new URL('../../corpus', import.meta.url));
const read = (rel: string) => JSON.parse(readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8')) as { q: string; lang: 'vi' | 'en' }[];
const QUESTIONS = [...read('../eval/questions.json'), ...read('../eval/heldout.json')];

describe('retrieval/lexical-store', () => {
  let chunks: Chunk[];
  beforeAll(async () => {
    chunks = chunkDocuments((await loadCorpus(CORPUS_DIR)).documents);
  });

  describe('buildLexical with prebuilt fields', () => {
    it('returns the same hits as building from the text, for every eval question', () => {
      const fromText = buildLexical(chunks);
      const prebuilt = buildLexical(chunks, {}, { fields: buildLexicalFields(chunks) });
      for (const { q, lang } of QUESTIONS) expect(prebuilt.search(q, lang, 10), q).toEqual(fromText.search(q, lang, 10));
    });

    it('rejects fields built for another number of chunks or other BM25 options', () => {
      expect(() => buildLexical(chunks, {}, { fields: buildLexicalFields(chunks.slice(1)) })).toThrow(/has 15 documents for 16 chunks/);
      expect(() => buildLexical(chunks, {}, { fields: buildLexicalFields(chunks, { k1: 1.2, b: 0.75 }) })).toThrow(/built with k1=1.2 b=0.75, options say k1=1.2 b=0.5/);
    });
  });

  describe('encodeLexical / decodeLexical', () => {
    it('returns fields that rank exactly like fresh ones and the same language vocabulary', () => {
      const stored = buildStoredLexical(chunks);
      const bytes = encodeLexical(stored);
      const back = decodeLexical(bytes, chunks.length);
      const fresh = buildLexical(chunks);
      const loaded = buildLexical(chunks, {}, { fields: back.fields });
      for (const { q, lang } of QUESTIONS) expect(loaded.search(q, lang, 10), q).toEqual(fresh.search(q, lang, 10));
      const vocab = buildLanguageVocab({ vi: chunks.map((c) => c.text.vi ?? ''), en: chunks.map((c) => c.text.en ?? '') });
      expect([...back.vocab.vi]).toEqual([...vocab.vi]);
      expect([...back.vocab.en]).toEqual([...vocab.en]);
      expect(encodeLexical(back)).toEqual(bytes);
    });

    it('returns the same bytes when built twice', () => {
      expect(encodeLexical(buildStoredLexical(chunks))).toEqual(encodeLexical(buildStoredLexical(chunks)));
    });

    it('rejects another file, a wrong chunk count and a truncated file', () => {
      const bytes = encodeLexical(buildStoredLexical(chunks));
      expect(() => decodeLexical(Buffer.from('BM25 or anything else'))).toThrow(/not a lexical index file/);
      expect(() => decodeLexical(bytes, chunks.length + 1)).toThrow(/has 16 documents, the corpus has 17 chunks/);
      expect(() => decodeLexical(bytes.subarray(0, bytes.length >> 1))).toThrow(BinaryFormatError);
    });
  });

  describe('analyzerFingerprint', () => {
    it('returns a stable sha256 that changes with the BM25 options', () => {
      const f = analyzerFingerprint();
      expect(f).toMatch(/^[0-9a-f]{64}$/);
      expect(analyzerFingerprint()).toBe(f);
      expect(analyzerFingerprint({ k1: 1.2, b: 0.75 })).not.toBe(f);
    });
  });
});
