import { describe, expect, it } from 'vitest';
import { analyzeEn, analyzeVi, analyzeViExact, enStems, viSyllables } from '../../src/text/analyze.js';

describe('text/analyze', () => {
  describe('analyzeVi', () => {
    it('returns folded syllables followed by their bigrams', () => {
      expect(analyzeVi('Hội nghị AMRI')).toEqual(['hoi', 'nghi', 'amri', 'hoi_nghi', 'nghi_amri']);
    });

    it('returns the same terms for a question typed without marks', () => {
      expect(analyzeVi('kinh te sang tao')).toEqual(analyzeVi('kinh tế sáng tạo'));
    });

    it('returns no question words or particles, and pairs only the syllables kept', () => {
      expect(analyzeVi('Tuyên bố Kuala Lumpur là gì?')).toEqual(['tuyen', 'bo', 'kuala', 'lumpur', 'tuyen_bo', 'bo_kuala', 'kuala_lumpur']);
      expect(analyzeVi('AMRI lần thứ 18 tổ chức ở đâu và khi nào?')).not.toEqual(expect.arrayContaining(['o', 'dau', 'va', 'khi', 'nao']));
    });

    it('returns content syllables whose folded form is also a function word, when marks tell them apart', () => {
      // hội (meeting) ≠ hỏi (ask), kế (plan) ≠ kể (tell), tạo (create) ≠ tạo-less stop lists
      expect(analyzeVi('hội nghị')).toContain('hoi_nghi');
      expect(analyzeVi('kế hoạch')).toContain('ke_hoach');
      expect(analyzeVi('xin hỏi kể cho tôi')).toEqual([]);
    });

    it('returns an unmarked function syllable only when a known bigram claims it', () => {
      const known = (t: string) => t === 'hoi_nghi';
      expect(analyzeVi('hoi nghi ket thuc', { knownBigram: known })).toContain('hoi_nghi');
      expect(analyzeVi('hoi nghi ket thuc')).not.toContain('hoi');
      expect(analyzeVi('cho toi hoi', { knownBigram: known })).toEqual([]);
    });

    it('returns an acronym that is spelled like a function syllable', () => {
      expect(analyzeVi('AI có phải lĩnh vực ưu tiên?')).toContain('ai');
      expect(analyzeVi('ai chủ trì?')).not.toContain('ai');
    });
  });

  describe('analyzeViExact', () => {
    it('returns syllables with their marks, so năm and Nam stay apart', () => {
      expect(analyzeViExact('Việt Nam năm 2025')).toEqual(['việt', 'nam', 'năm', '2025', 'việt_nam', 'nam_năm', 'năm_2025']);
    });
  });

  describe('viSyllables', () => {
    it('returns each kept syllable with its position in the text', () => {
      expect(viSyllables('ASEAN được thành lập')).toEqual([
        { exact: 'asean', folded: 'asean', at: 0 },
        { exact: 'thành', folded: 'thanh', at: 2 },
        { exact: 'lập', folded: 'lap', at: 3 },
      ]);
    });
  });

  describe('analyzeEn', () => {
    it('returns Porter stems without stop words, then stem bigrams', () => {
      expect(analyzeEn('Who are the participating countries?')).toEqual(['particip', 'countri', 'particip_countri']);
    });

    it('returns single digits, which the stop list of natural drops', () => {
      expect(analyzeEn('the 3 working groups')).toEqual(['3', 'work', 'group', '3_work', 'work_group']);
    });

    it('returns no question frame words', () => {
      expect(analyzeEn('What does AMRI stand for?')).toEqual(['amri']);
      expect(analyzeEn('What kind of plan is it, what does it mean?')).toEqual(['plan']);
    });

    it('returns an acronym that is spelled like a stop word', () => {
      expect(enStems('Is IT security a priority?')).toContain('it');
      expect(enStems('Is it a priority?')).not.toContain('it');
    });
  });
});
