import { describe, expect, it } from 'vitest';
import { buildLanguageVocab, detectLanguage } from '../../src/text/language.js';

describe('text/language', () => {
  describe('detectLanguage', () => {
    it('returns vi for Vietnamese with marks', () => {
      expect(detectLanguage('Hội nghị kết thúc ngày nào?')).toBe('vi');
    });

    it('returns vi for Vietnamese typed without marks', () => {
      expect(detectLanguage('AMRI lan thu 18 to chuc o dau?')).toBe('vi');
      expect(detectLanguage('nhung nuoc nao tham gia hoi nghi')).toBe('vi');
    });

    it('returns en for English', () => {
      expect(detectLanguage('Where will the 18th AMRI be held?', 'vi')).toBe('en');
    });

    it('returns the fallback when only acronyms and numbers are given', () => {
      expect(detectLanguage('ACMP III 2026', 'vi')).toBe('vi');
      expect(detectLanguage('ACMP III 2026', 'en')).toBe('en');
      expect(detectLanguage('', 'vi')).toBe('vi');
    });

    it('returns vi for unmarked words that only the corpus vocabulary knows', () => {
      const vocab = buildLanguageVocab({ vi: ['Lực lượng đặc nhiệm về tin giả'], en: ['Task Force on Fake News'] });
      expect(detectLanguage('luc luong dac nhiem', 'en')).toBe('en');
      expect(detectLanguage('luc luong dac nhiem', 'en', vocab)).toBe('vi');
    });
  });

  describe('buildLanguageVocab', () => {
    it('returns folded words per language, without numbers and without words both languages use', () => {
      const vocab = buildLanguageVocab({ vi: ['Tuyên bố ASEAN 2025'], en: ['ASEAN declaration 2025'] });
      expect([...vocab.vi].sort()).toEqual(['bo', 'tuyen']);
      expect([...vocab.en]).toEqual(['declaration']);
    });
  });
});
