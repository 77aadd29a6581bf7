import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bestIndex, markBestSentence, markBestSentenceAcross } from '../../src/conversation/mark-sentence.js';

const VI =
  'Trong tuyên bố chung, ASEAN cam kết xây dựng một môi trường số an toàn, toàn diện và có trách nhiệm trên toàn khu vực. ' +
  'Cụ thể, Hội nghị tái khẳng định tầm quan trọng của việc thúc đẩy một Cộng đồng ASEAN kiên cường bằng cách giải quyết ngôn từ kích động thù địch.';
const EN =
  'In the joint statement, ASEAN committed to building a safe, inclusive and responsible digital environment across the region. ' +
  'Specifically, the Meeting reaffirmed the importance of fostering a resilient ASEAN Community by addressing hate speech.';

const marked = (sentences: { text: string; marked: boolean }[]) => sentences.findIndex((s) => s.marked);

describe('conversation/mark-sentence', () => {
  describe('markBestSentence', () => {
    it('returns the sentences with the matching one marked (Vietnamese with diacritics)', () => {
      const out = markBestSentence('Ngôn từ kích động thù địch có được nhắc đến không?', VI);
      expect(out).toHaveLength(2);
      expect(marked(out)).toBe(1);
    });

    it('returns the same mark for a Vietnamese question typed without diacritics', () => {
      expect(marked(markBestSentence('ngon tu kich dong thu dich', VI))).toBe(1);
      expect(marked(markBestSentence('moi truong so an toan', VI))).toBe(0);
    });

    it('returns the matching English sentence marked', () => {
      expect(marked(markBestSentence('Does the declaration mention hate speech?', EN))).toBe(1);
      expect(marked(markBestSentence('What kind of digital environment?', EN))).toBe(0);
    });

    it('returns the first sentence marked when nothing matches', () => {
      expect(marked(markBestSentence('pizza recipe', EN))).toBe(0);
    });

    it('returns [] for blank text', () => {
      expect(markBestSentence('anything', '   ')).toEqual([]);
    });

    it('returns exactly one marked sentence whose texts rebuild the passage, for any input', () => {
      fc.assert(
        fc.property(fc.string(), fc.array(fc.constantFrom('ASEAN cam kết.', 'Hội nghị họp', 'The TFFN?', ' ', 'x; Y', '2025. 2026'), { maxLength: 8 }), (q, parts) => {
          const text = parts.join(' ');
          const out = markBestSentence(q, text);
          if (text.trim() === '') return out.length === 0;
          const squash = (s: string) => s.replace(/\s+/g, '');
          return out.filter((s) => s.marked).length === 1 && squash(out.map((s) => s.text).join(' ')) === squash(text);
        }),
      );
    });
  });

  describe('markBestSentenceAcross', () => {
    it('returns the Vietnamese sentence aligned with the best English one for an English question', () => {
      const out = markBestSentenceAcross('hate speech', { text: VI, lang: 'vi' }, { text: EN, lang: 'en' });
      expect(out.map((s) => s.text)).toEqual(markBestSentence('', VI).map((s) => s.text));
      expect(marked(out)).toBe(1);
      // Without the English counterpart nothing overlaps and the first sentence would be marked.
      expect(marked(markBestSentence('hate speech', VI))).toBe(0);
    });

    it('returns the single-language marking when the sentence counts differ', () => {
      const out = markBestSentenceAcross('ngon tu thu dich', { text: VI, lang: 'vi' }, { text: 'One sentence only.', lang: 'en' });
      expect(marked(out)).toBe(1);
    });
  });

  describe('bestIndex', () => {
    it('returns the earliest index on a tie', () => {
      expect(bestIndex([1, 3, 3])).toBe(1);
      expect(bestIndex([0, 0])).toBe(0);
    });
  });
});
