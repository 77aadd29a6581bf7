import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acronyms, clean, cutFolded, fold, hasVietnameseMarks, words, wordSpans } from '../../src/text/normalize.js';

describe('text/normalize', () => {
  describe('clean', () => {
    it('returns the NFC form of NFD input', () => {
      const nfd = 'Hội nghị Bộ trưởng'.normalize('NFD');
      expect(nfd).not.toBe('Hội nghị Bộ trưởng');
      expect(clean(nfd)).toBe('Hội nghị Bộ trưởng');
    });

    it('returns spaces in place of lone surrogates, control and zero-width characters', () => {
      expect(clean('a\uD800b\uDC00c')).toBe('a b c');
      expect(clean('x\u0000y\u0007z\u200Bw\uFEFF')).toBe('x y z w ');
    });

    it('returns surrogate pairs (emoji) unchanged', () => {
      expect(clean('ASEAN 👍')).toBe('ASEAN 👍');
    });

    it('returns well-formed text for any input, without throwing', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (s) => {
          const out = clean(s);
          expect(out.isWellFormed()).toBe(true);
          expect(out).toBe(out.normalize('NFC'));
        }),
      );
    });
  });

  describe('cutFolded', () => {
    it('cuts what the folded pattern matches, as written, and closes up the spaces', () => {
      expect(cutFolded('AMRI 18 tổ chức ở đâu vậy', /\bo dau\b/g)).toEqual({ text: 'AMRI 18 tổ chức vậy', cut: ['ở đâu'] });
      expect(cutFolded('Is the next meeting in Laos?', /\blaos\b/g)).toEqual({ text: 'Is the next meeting in ?', cut: ['Laos'] });
      expect(cutFolded('nothing here', /\bxyz\b/g)).toEqual({ text: 'nothing here', cut: [] });
    });

    it('returns undefined when folding changes the length, so positions would not line up', () => {
      // a decomposed "ệ" (e and two combining marks) folds to one letter
      expect(cutFolded('Vie\u0323\u0302t Nam', /\bnam\b/g)).toBeUndefined();
    });
  });

  describe('fold', () => {
    it('returns lower case without diacritics, đ as d', () => {
      expect(fold('Hà Nội')).toBe('ha noi');
      expect(fold('Đà Nẵng')).toBe('da nang');
      expect(fold('ĐỔI MỚI SÁNG TẠO')).toBe('doi moi sang tao');
    });

    it('returns the same result for NFC and NFD input', () => {
      fc.assert(
        fc.property(fc.constantFrom('Hội nghị', 'Thổ Nhĩ Kỳ', 'thông tin sai lệch', 'Đông Nam Á', 'Türkiye'), (s) => {
          expect(fold(s.normalize('NFD'))).toBe(fold(s.normalize('NFC')));
        }),
      );
    });
  });

  describe('hasVietnameseMarks', () => {
    it('returns true for text with tone marks or Vietnamese letters, in NFC or NFD', () => {
      expect(hasVietnameseMarks('Hội nghị')).toBe(true);
      expect(hasVietnameseMarks('đi')).toBe(true);
      expect(hasVietnameseMarks('Hội nghị'.normalize('NFD'))).toBe(true);
    });

    it('returns false for unmarked Vietnamese and for English', () => {
      expect(hasVietnameseMarks('hoi nghi ket thuc ngay nao')).toBe(false);
      expect(hasVietnameseMarks('Where is the next meeting?')).toBe(false);
    });
  });

  describe('wordSpans', () => {
    it('returns the words of `words`, each with its end in the cleaned text', () => {
      const text = 'Các đối tác mới như Na Uy, Pakistan';
      const spans = wordSpans(text);
      expect(spans.map((s) => s.word)).toEqual(words(text));
      expect(clean(text).slice(spans[6].end)).toBe(', Pakistan'); // after "Uy"
    });
  });

  describe('words', () => {
    it('returns lower-case tokens with digits split from letters', () => {
      expect(words('AMRI lần thứ 18, the 17th meeting')).toEqual(['amri', 'lần', 'thứ', '18', 'the', '17', 'th', 'meeting']);
    });

    it('returns the same tokens for NFD input as for NFC', () => {
      expect(words('Việt Nam'.normalize('NFD'))).toEqual(['việt', 'nam']);
    });

    it('returns an array for any input, without throwing', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => Array.isArray(words(s))));
    });
  });

  describe('acronyms', () => {
    it('returns folded runs of capitals', () => {
      expect(acronyms('AI có phải lĩnh vực ưu tiên? TFFN là gì')).toEqual(new Set(['ai', 'tffn']));
    });

    it('returns nothing for a shouted question', () => {
      expect(acronyms('WHAT IS THE TFFN')).toEqual(new Set());
    });
  });
});
