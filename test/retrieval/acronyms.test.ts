import { describe, expect, it } from 'vitest';
import { definedAcronyms, definitionTerm } from '../../src/retrieval/acronyms.js';

describe('retrieval/acronyms', () => {
  describe('definedAcronyms', () => {
    it('returns the folded acronyms a text spells out in brackets', () => {
      expect(definedAcronyms('the ASEAN Task Force on Fake News (TFFN), and the Committee (COCI)')).toEqual(['tffn', 'coci']);
      expect(definedAcronyms('Kế hoạch Tổng thể truyền thông ASEAN (ACMP) II')).toEqual(['acmp']);
    });

    it('returns nothing for acronyms merely used, or brackets holding other things', () => {
      expect(definedAcronyms('AMRI called on the TFFN (see above) in 2025 (May)')).toEqual([]);
    });
  });

  describe('definitionTerm', () => {
    it('returns a term that no analysed word can equal', () => {
      expect(definitionTerm('TFFN')).toBe('def:tffn');
    });
  });
});
