import { describe, expect, it } from 'vitest';
import type { QueryVocabulary } from '../../src/retrieval/synonyms.js';
import { joinUnknownWords } from '../../src/retrieval/unknown-words.js';

const vocab = (terms: string[]): QueryVocabulary => ({ has: (_field, term) => terms.includes(term) });
const at = (...terms: string[]) => terms.map((term, i) => ({ term, at: i }));

describe('retrieval/unknown-words', () => {
  describe('joinUnknownWords', () => {
    it('returns a known syllable and its unknown neighbour as one word', () => {
      expect(joinUnknownWords(at('thành', 'lập'), 'vix', vocab(['thành']), new Set())).toEqual(['thành_lập']);
    });

    it('returns syllables apart when a corpus bigram claims one of them', () => {
      expect(joinUnknownWords(at('luật', 'an', 'ninh'), 'vix', vocab(['an', 'ninh', 'an_ninh']), new Set())).toEqual(['luật', 'an', 'ninh']);
    });

    it('returns syllables apart when both are known, both unknown, not side by side, or one is fixed', () => {
      const v = vocab(['hiệu', 'lực', 'asean']);
      expect(joinUnknownWords(at('hiệu', 'lực'), 'vix', v, new Set())).toEqual(['hiệu', 'lực']);
      expect(joinUnknownWords(at('bắt', 'tay'), 'vix', v, new Set())).toEqual(['bắt', 'tay']);
      expect(joinUnknownWords([{ term: 'hiệu', at: 0 }, { term: 'zalo', at: 2 }], 'vix', v, new Set())).toEqual(['hiệu', 'zalo']);
      expect(joinUnknownWords(at('asean', 'zalo'), 'vix', v, new Set(['asean']))).toEqual(['asean', 'zalo']);
      expect(joinUnknownWords(at('hiệu', '2030'), 'vix', v, new Set())).toEqual(['hiệu', '2030']);
    });
  });
});
