import { describe, expect, it } from 'vitest';
import { compile, matchGlossary } from '../../src/retrieval/phrases.js';

const phrasesOf = (question: string, groups = compile([], [])) =>
  matchGlossary(question, groups).flatMap((m) => m.group.phrases.map((p) => p.terms.join(' ')));

describe('retrieval/phrases', () => {
  describe('matchGlossary', () => {
    const relation = compile([], [{ when: { en: ['Malaysia'], vi: ['Malaysia'] }, find: { en: ['Kuala Lumpur'], vi: ['Kuala Lumpur'] }, why: 'capital' }]);

    it('returns a relation for its `when` phrase, with the `find` phrases to search', () => {
      const [m] = matchGlossary('Was the meeting in Malaysia?', relation);
      expect(m.group.relation).toBe(true);
      expect(m.group.phrases.map((p) => p.presence.terms)).toEqual([['kuala_lumpur'], ['kuala_lumpur']]);
    });

    it('returns no relation the other way: the text already names what the question names', () => {
      expect(matchGlossary('Was the meeting in Kuala Lumpur?', relation)).toEqual([]);
    });

    it('returns a synonym group for any of its phrases, not marked as a relation', () => {
      const groups = compile([{ en: ['wrap up', 'conclude'], vi: ['kết thúc'] }]);
      for (const q of ['When did it wrap up?', 'When did it conclude?', 'Khi nào kết thúc?', 'khi nao ket thuc']) {
        const [m] = matchGlossary(q, groups);
        expect(m?.group.relation).toBe(false);
      }
    });

    it('matches a one-syllable Vietnamese phrase typed without marks only when it is written without marks', () => {
      const groups = compile([{ en: ['finish'], vi: ['kết thúc', 'xong'] }, { en: ['arrive'], vi: ['tới'] }]);
      expect(matchGlossary('AMRI 17 xong hom nao', groups)).toHaveLength(1);
      // "toi" is tới or tôi: a marked syllable needs its marks
      expect(matchGlossary('toi muon hoi', groups)).toHaveLength(0);
    });

    it('returns an acronym that is also a function word only when the question writes it in capitals', () => {
      // `ai` is Vietnamese for "who"; `AI` the acronym.
      const groups = compile([{ en: ['AI', 'artificial intelligence'], vi: ['AI', 'trí tuệ nhân tạo'] }]);
      expect(phrasesOf('Ngoài các nước ASEAN, còn ai tới dự?', groups)).toEqual([]);
      expect(phrasesOf('AI có vai trò gì?', groups)).toContain('artifici intellig artifici_intellig');
      // an acronym that is no function word matches however it is typed
      const amri = compile([{ en: ['AMRI'], vi: ['hội nghị AMRI'] }]);
      expect(matchGlossary('amri lan thu 18', amri)).toHaveLength(1);
    });
  });
});
