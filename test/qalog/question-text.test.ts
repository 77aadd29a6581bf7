import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundQuestion, MAX_QUESTION_CHARS, questionKey } from '../../src/qalog/question-text.js';

describe('qalog/question-text', () => {
  describe('questionKey', () => {
    it('returns the same key whatever the case, diacritics, đ, punctuation and spacing', () => {
      const key = 'dai hoi tffn la gi';
      expect(questionKey('Đại hội TFFN là gì?')).toBe(key);
      expect(questionKey('dai hoi tffn la gi')).toBe(key);
      expect(questionKey('  ĐẠI HỘI   tffn, LÀ GÌ !!')).toBe(key);
      // NFD input (combining marks) groups with NFC input.
      expect(questionKey('Đại hội TFFN là gì?'.normalize('NFD'))).toBe(key);
    });

    it('returns different keys for different words', () => {
      expect(questionKey('What is SOMRI?')).not.toBe(questionKey('What is AMRI?'));
    });
  });

  describe('boundQuestion', () => {
    it('returns the text cleaned of control characters with whitespace collapsed', () => {
      expect(boundQuestion('  TFFN\u0000 là\n\tgì? \u200B')).toBe('TFFN là gì?');
    });

    it('returns at most MAX_QUESTION_CHARS code points, never half a surrogate pair', () => {
      const long = '😀'.repeat(MAX_QUESTION_CHARS + 10);
      const bounded = boundQuestion(long);
      expect(Array.from(bounded)).toHaveLength(MAX_QUESTION_CHARS);
      expect(bounded).toBe('😀'.repeat(MAX_QUESTION_CHARS));
    });

    it('never throws and never returns a lone surrogate, on any string', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 700 }), (text) => {
          const bounded = boundQuestion(text);
          expect(Array.from(bounded).length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
          expect(bounded).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        }),
      );
    });
  });
});
