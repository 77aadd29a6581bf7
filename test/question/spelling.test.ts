import { describe, expect, it } from 'vitest';
import { DICTIONARIES } from '../../src/question/dictionaries.js';
import { createSpeller, editDistance } from '../../src/question/spelling.js';
import { englishStopwords } from '../../src/text/natural.js';

const vocab = {
  en: new Map([['declaration', 3], ['social', 5], ['media', 6], ['meeting', 4], ['cambodia', 1], ['asean', 9]]),
  viExact: new Map([['hội', 5], ['nghị', 5], ['tổ', 2], ['chức', 2], ['amri', 4]]),
  viExactPairs: new Set(['hội_nghị', 'tổ_chức']),
  viFolded: new Map([['hoi', 5], ['nghi', 5], ['to', 2], ['chuc', 2], ['amri', 4]]),
  viFoldedPairs: new Set(['hoi_nghi', 'to_chuc']),
};
const speller = createSpeller(vocab, DICTIONARIES, englishStopwords);

describe('question/spelling', () => {
  describe('editDistance', () => {
    it('counts a swap of neighbours as one edit, and stops past the bound', () => {
      expect(editDistance('socail', 'social', 2)).toBe(1);
      expect(editDistance('declartion', 'declaration', 2)).toBe(1);
      expect(editDistance('meetng', 'meeting', 1)).toBe(1);
      expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    });
  });

  describe('createSpeller().correct', () => {
    it('corrects English typos into corpus words and chat spellings into words', () => {
      const r = speller.correct('wat about the declartion on socail media meetng', 'en');
      expect(r.text).toBe('what about the declaration on social media meeting');
      expect(r.corrections).toEqual([
        { from: 'wat', to: 'what' },
        { from: 'declartion', to: 'declaration' },
        { from: 'socail', to: 'social' },
        { from: 'meetng', to: 'meeting' },
      ]);
    });

    it('reads a misspelt question word as the question word, not as a corpus word as near', () => {
      const withWith = createSpeller({ ...vocab, en: new Map([...vocab.en, ['with', 40]]) }, DICTIONARIES, englishStopwords);
      expect(withWith.correct('wich country hosts the meeting', 'en').text).toBe('which country hosts the meeting');
      expect(withWith.correct('cooperation wiht Cambodia', 'en').text).toBe('cooperation with Cambodia');
    });

    it('reads a misspelt word naming the answer wanted as that word, not as a corpus word as near', () => {
      expect(speller.correct('TFFN meening', 'en').text).toBe('TFFN meaning');
      expect(speller.correct('AMRI 18 locaton', 'en').text).toBe('AMRI 18 location');
      expect(speller.correct('when did the meetng end', 'en').text).toBe('when did the meeting end');
    });

    it('never turns a real word into a corpus word', () => {
      expect(speller.correct('Does it mention Canada or funding?', 'en').corrections).toEqual([]);
      expect(speller.correct('What about Cambodian media?', 'en').corrections).toEqual([]);
    });

    it('leaves acronyms in capitals alone', () => {
      expect(speller.correct('ASAEN meeting', 'en').corrections).toEqual([]);
    });

    it('reads two neighbouring syllables both with wrong marks as the corpus word they form', () => {
      expect(speller.correct('hôi nghi tô chức ở đâu', 'vi').text).toBe('hội nghị tổ chức ở đâu');
    });

    it('reads a Vietnamese syllable with the wrong marks as the corpus word it forms with its neighbour', () => {
      expect(speller.correct('hội nghi AMRI tổ chức ở đâu', 'vi')).toEqual({ text: 'hội nghị AMRI tổ chức ở đâu', corrections: [{ from: 'nghi', to: 'nghị' }] });
    });

    it('fixes a letter typo in Vietnamese typed without marks only where it makes a corpus word', () => {
      expect(speller.correct('hoi nghii amri', 'vi').text).toBe('hoi nghi amri');
      // "nhgi" alone next to nothing known stays as typed.
      expect(speller.correct('nhgi', 'vi').corrections).toEqual([]);
    });

    it('reads Vietnamese chat spellings', () => {
      expect(speller.correct('AMRI 18 ở đâu ko', 'vi').corrections).toEqual([{ from: 'ko', to: 'không' }]);
    });
  });
});
