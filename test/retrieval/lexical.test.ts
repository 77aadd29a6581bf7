import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkDocuments } from '../../src/corpus/chunk.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { Chunk } from '../../src/corpus/types.js';
import { buildLexical, type LexicalRetriever } from '../../src/retrieval/lexical.js';
import { DEFAULT_THRESHOLDS } from '../../src/retrieval/retriever.js';

const CORPUS_DIR = fileURLToPath(new URL('../../corpus', import.meta.url));

describe('retrieval/lexical', () => {
  let chunks: Chunk[];
  let lexical: LexicalRetriever;
  const top = (q: string, lang: 'vi' | 'en') => {
    const hit = lexical.search(q, lang, 5)[0];
    return hit && { paragraph: chunks[hit.index].paragraph, coverage: hit.coverage };
  };

  beforeAll(async () => {
    chunks = chunkDocuments((await loadCorpus(CORPUS_DIR)).documents);
    lexical = buildLexical(chunks);
  });

  describe('buildLexical', () => {
    it('returns the same top chunk for a question typed with or without diacritics', () => {
      const pairs = [
        ['Ngôn từ kích động thù địch', 'ngon tu kich dong thu dich'],
        ['Kế hoạch công tác 2026-2035', 'ke hoach cong tac 2026-2035'],
        ['Những nước nào tham gia hội nghị?', 'nhung nuoc nao tham gia hoi nghi'],
        ['Bản sắc ASEAN được quảng bá ra sao?', 'ban sac asean duoc quang ba ra sao'],
      ];
      for (const [marked, plain] of pairs) expect(top(plain, 'vi')?.paragraph).toBe(top(marked, 'vi')?.paragraph);
    });

    it('returns hits best first with scores above zero, at most `limit`', () => {
      const hits = lexical.search('social media platforms', 'en', 3);
      expect(hits).toHaveLength(3);
      expect(hits.every((h, i) => h.score > 0 && (i === 0 || hits[i - 1].score >= h.score))).toBe(true);
    });

    it('returns the chunk spelling out an acronym for "what is" questions in either language', () => {
      expect(top('What is the TFFN?', 'en')?.paragraph).toBe(10);
      expect(top('TFFN là gì', 'vi')?.paragraph).toBe(10);
      expect(top('What does AMRI stand for?', 'en')?.paragraph).toBe(1);
    });

    it('returns a chunk found through the other language: an English question on a Vietnamese-only corpus', () => {
      const viOnly = chunks.map((c) => ({ ...c, text: { vi: c.text.vi } }));
      const index = buildLexical(viOnly);
      const hit = index.search('What did the COCI projects support?', 'en', 3)[0];
      expect(viOnly[hit.index].paragraph).toBe(12);
      expect(hit.coverage).toBeGreaterThan(0);
    });

    it('returns full coverage when the top chunk has every question word', () => {
      expect(top('Where will the 18th AMRI be held?', 'en')).toEqual({ paragraph: 14, coverage: 1 });
    });

    it('returns no hits for a question sharing no word with the corpus', () => {
      expect(lexical.search('What is the capital of France?', 'en', 5)).toEqual([]);
    });

    it('returns zero coverage everywhere when a number or acronym of the question is not in the corpus', () => {
      const hits = lexical.search('What did the 16th AMRI decide?', 'en', 5);
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.every((h) => h.coverage === 0)).toBe(true);
      const kept = buildLexical(chunks, { unknownNameRefuses: false }).search('What did the 16th AMRI decide?', 'en', 5);
      expect(kept[0].coverage).toBeGreaterThan(0);
    });

    it('returns coverage for a small count the text spells out in words', () => {
      expect(top('Who are the 10 ASEAN member states?', 'en')!.coverage).toBeGreaterThan(0);
    });

    it('returns zero coverage for a how-much question whose passages state no amount, full coverage when one does', () => {
      const funding = 'How much funding is allocated to the Work Plan 2026-2035?';
      expect(lexical.search(funding, 'en', 5).every((h) => h.coverage === 0)).toBe(true);
      expect(buildLexical(chunks, { quantityNeedsNumber: false }).search(funding, 'en', 5)[0].coverage).toBeGreaterThan(DEFAULT_THRESHOLDS.lexical);
      for (const [q, lang] of [['How many priority areas are there?', 'en'], ['Có bao nhiêu nhóm công tác ASEAN?', 'vi']] as const) {
        expect(top(q, lang)!.coverage, q).toBeGreaterThan(DEFAULT_THRESHOLDS.lexical);
      }
    });

    it('returns less coverage when only part of the question is in the corpus', () => {
      const weather = top("What's the weather in Kuala Lumpur tomorrow?", 'en')!;
      expect(weather.coverage).toBeGreaterThan(0);
      expect(weather.coverage).toBeLessThan(0.5);
    });

    it('returns an explanation naming the question words the corpus never uses', () => {
      const { unknown, plan } = lexical.explain!('What is the budget of ACMP III?', 'en');
      expect(unknown).toEqual(['budget']);
      expect(plan.slots.map((s) => s.term)).toEqual(['budget', 'acmp', 'iii']);
    });
  });
});
