import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkDocuments } from '../../src/corpus/chunk.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { Chunk } from '../../src/corpus/types.js';
import { buildLexical, type LexicalRetriever } from '../../src/retrieval/lexical.js';
import { buildLanguageVocab, detectLanguage, type LanguageVocab } from '../../src/text/language.js';

const CORPUS_DIR = fileURLToPath(new URL('../../corpus', import.meta.url));

// Pieces that reach the interesting paths: glossary phrases, acronyms, numbers, marks, NFD, shouting.
const PIECES = [
  'AMRI', 'TFFN', 'ASEAN+3', '2026-2035', '16th', 'tin giả', 'tin gia', 'hội nghị', 'hoi nghi', 'Việt Nam',
  'fake news', 'wrap up', 'trying', 'safer', 'thành lập', 'là gì', 'WHAT IS', 'Hà Nội'.normalize('NFD'),
  '\uD800', '\uDFFF', '\u0000', '\u200B', '👍', '(', ')', '_', 'def:tffn', ' ',
];

describe('retrieval/pipeline', () => {
  let chunks: Chunk[];
  let lexical: LexicalRetriever;
  let vocab: LanguageVocab;
  beforeAll(async () => {
    chunks = chunkDocuments((await loadCorpus(CORPUS_DIR)).documents);
    lexical = buildLexical(chunks);
    vocab = buildLanguageVocab({ vi: chunks.map((c) => c.text.vi ?? ''), en: chunks.map((c) => c.text.en ?? '') });
  });

  const check = (question: string) => {
    const lang = detectLanguage(question, 'en', vocab);
    expect(['vi', 'en']).toContain(lang);
    const hits = lexical.search(question, lang, 10);
    expect(hits.length).toBeLessThanOrEqual(10);
    for (const h of hits) {
      expect(Number.isFinite(h.score)).toBe(true);
      expect(h.score).toBeGreaterThan(0);
      expect(h.coverage).toBeGreaterThanOrEqual(0);
      expect(h.coverage).toBeLessThanOrEqual(1);
      expect(h.index).toBeGreaterThanOrEqual(0);
      expect(h.index).toBeLessThan(chunks.length);
    }
  };

  describe('detectLanguage → lexical.search', () => {
    it('returns finite scores and coverage in [0, 1] for any string, lone surrogates included (property)', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => check(s)));
      fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => check(s)));
    });

    it('returns finite scores and coverage in [0, 1] for questions built from corpus words and odd pieces (property)', () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), fc.constantFrom(' ', '', '?'), (pieces, sep) => check(pieces.join(sep))),
      );
    });
  });
});
