import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETS } from '../../src/cli/eval.js';
import { DECISION_MODEL, FEATURES, fitLogistic, probability, type DecisionFeatures } from '../../src/answer/decision.js';
import { createPassageFacts, ordinalsOf } from '../../src/answer/passage-facts.js';

const row = (over: Partial<DecisionFeatures>): DecisionFeatures => ({ coverage: 0.5, margin: 0.3, unknownShare: 0.2, peakMissing: 0.5, typeMissing: 0, detailAsked: 0, logScore: 2, ...over });

describe('answer/decision', () => {
  describe('fitLogistic', () => {
    it('learns that coverage answers and missing details refuse', () => {
      const rows: DecisionFeatures[] = [];
      const labels: number[] = [];
      for (let i = 0; i < 40; i++) {
        rows.push(row({ coverage: 0.6 + (i % 5) * 0.08 })), labels.push(1);
        rows.push(row({ coverage: 0.1 + (i % 5) * 0.05 })), labels.push(0);
        rows.push(row({ coverage: 0.9, typeMissing: 1, detailAsked: 1 })), labels.push(0);
      }
      const m = { ...fitLogistic(rows, labels, FEATURES, { l2: 0.1 }), threshold: 0.5, fitted: DECISION_MODEL.fitted };
      expect(probability(m, row({ coverage: 0.9 }))).toBeGreaterThan(0.8);
      expect(probability(m, row({ coverage: 0.15 }))).toBeLessThan(0.2);
      expect(probability(m, row({ coverage: 0.9, typeMissing: 1, detailAsked: 1 }))).toBeLessThan(0.5);
    });
  });

  describe('DECISION_MODEL', () => {
    it('is fitted on the development sets and answers more the more of the focus a passage covers', () => {
      expect(DECISION_MODEL.features).toEqual(FEATURES);
      // Fitted on exactly the development sets; no sealed set informs it.
      expect(DECISION_MODEL.fitted.sets).toEqual(SETS.filter((s) => !s.sealed).map((s) => path.basename(s.file)));
      expect(probability(DECISION_MODEL, row({ coverage: 1, unknownShare: 0 }))).toBeGreaterThan(probability(DECISION_MODEL, row({ coverage: 0.3, unknownShare: 0 })));
      expect(probability(DECISION_MODEL, row({ typeMissing: 1, detailAsked: 1 }))).toBeLessThan(probability(DECISION_MODEL, row({ typeMissing: 0, detailAsked: 1 })));
    });
  });
});

describe('answer/passage-facts', () => {
  const facts = createPassageFacts();
  const p14 = 'The joint statement also said that the 18th AMRI and related meetings will be held in Cambodia in 2027.';
  const p15 = 'The 17th AMRI Meeting and the 8th AMRI+3 Meeting concluded on 7 May.';

  describe('of', () => {
    it('finds places from the gazetteer, years, days and names', () => {
      expect([...facts.of(p14).kinds].sort()).toEqual(['agent', 'date', 'number', 'place', 'year']);
      expect(facts.of(p15).kinds.has('day')).toBe(true);
      expect(facts.of('Hội nghị kết thúc ngày 7/5.').kinds.has('day')).toBe(true);
      expect(facts.of('held in Kuala Lumpur').kinds.has('city')).toBe(true);
      expect(facts.of('Minister Fahmi Fadzil opened the meeting').kinds.has('person')).toBe(true);
    });

    it('says a month is stated only by a day or a month with its year, not by a year alone', () => {
      const month = (t: string) => facts.compatible('month', facts.of(t), 'In which month?', t);
      expect(month(p14)).toBe(false);
      expect(month(p15)).toBe(true);
      expect(month('Hội nghị diễn ra vào tháng 5/2025.')).toBe(true);
      expect(month('It was adopted in May 2025.')).toBe(true);
    });

    it('does not take a community ("cộng đồng") for money or "may" for a month', () => {
      expect(facts.of('Cộng đồng ASEAN').kinds.has('money')).toBe(false);
      expect(facts.of('ASEAN may act').kinds.has('date')).toBe(false);
      expect(facts.of('a budget of USD 2 million').kinds.has('money')).toBe(true);
    });
  });

  describe('ordinalsOf', () => {
    it('reads ordinals in both languages and after a short name however cased, not years, dates or counts', () => {
      const names = new Set(['amri', 'acmp']);
      expect([...ordinalsOf('The 17th AMRI Meeting and the 8th AMRI+3 Meeting concluded on 7 May.', names)]).toEqual(['17', '8']);
      expect([...ordinalsOf('AMRI lần thứ 18 sẽ được tổ chức tại Campuchia vào năm 2027', names)]).toEqual(['18']);
      expect([...ordinalsOf('hoi nghi amri 18 o dau', names)]).toEqual(['18']);
      expect([...ordinalsOf('ngày 7/5, lúc 9 giờ, năm 2027, the 3 ASEAN Working Groups, ACMP III 2026-2030', names)]).toEqual([]);
    });
  });

  describe('compatible', () => {
    it('needs a detail of the asked kind that the question does not already give', () => {
      expect(facts.compatible('place', facts.of(p14), 'Where is the next AMRI?')).toBe(true);
      expect(facts.compatible('city', facts.of(p14), 'Which city hosts the next AMRI?')).toBe(false);
      expect(facts.compatible('day', facts.of(p14), 'What exact day in 2027?')).toBe(false);
      expect(facts.compatible('time', facts.of(p15), 'What time did it close?')).toBe(false);
      expect(facts.compatible('person', facts.of(p15), 'Who chaired it?')).toBe(false);
      expect(facts.compatible('place', facts.of(p14), 'Is the next AMRI in Cambodia?')).toBe(false);
      expect(facts.compatible('topic', facts.of(p15), 'anything')).toBe(true);
    });

    it('does not answer when one end of an event was with a passage that dates only the other end', () => {
      const day = (q: string, t: string) => facts.compatible('day', facts.of(t), q, t);
      expect(day('What day did the meeting open?', p15)).toBe(false);
      expect(day('Hội nghị khai mạc ngày nào?', 'Hội nghị đã kết thúc ngày 7/5.')).toBe(false);
      expect(day('What day did the meeting end?', p15)).toBe(true);
      expect(day('What day was the meeting?', p15)).toBe(true);
      expect(day('What day did it open?', 'The meeting opened on 5 May and closed on 7 May.')).toBe(true);
    });

    it('answers "how long" only with a period, not with a year', () => {
      const date = (q: string, t: string) => facts.compatible('date', facts.of(t), q, t);
      expect(date('How long is the new work plan?', 'the Work Plan on Information and Media 2026-2035')).toBe(true);
      expect(date('How long is the new work plan?', 'as ASEAN moves towards the Post-2025 Vision')).toBe(false);
      expect(date('Kế hoạch kéo dài bao lâu?', 'Kế hoạch công tác 2026-2035')).toBe(true);
      expect(date('When does the plan start?', 'as ASEAN moves towards the Post-2025 Vision')).toBe(true);
    });

    it('tells whether a passage states the detail in the time the question asks about', () => {
      const p14both = 'Progress was noted with China and Japan. The 18th AMRI will be held in Cambodia in 2027.';
      const p1 = 'The 17th AMRI, held in Kuala Lumpur, concluded with the Kuala Lumpur Declaration.';
      expect(facts.statedInTense('place', 'Where is the next meeting?', p14both)).toBe(true);
      expect(facts.statedInTense('place', 'Where is the next meeting?', p1)).toBe(false);
      expect(facts.statedInTense('place', 'Where was the meeting held?', p1)).toBe(true);
      expect(facts.statedInTense('place', 'Where was the meeting held?', p14both)).toBe(false);
      expect(facts.statedInTense('place', 'Hội nghị lần sau ở đâu?', 'AMRI 18 sẽ được tổ chức tại Campuchia.')).toBe(true);
      expect(facts.statedInTense('place', 'Where is the meeting?', p1)).toBeUndefined();
    });

    it('answers "where" only with a place something is in, not with one that takes part', () => {
      const taking = 'All ASEAN Member States, as well as Timor-Leste, China and Japan, took part in the meetings.';
      expect(facts.of(taking).kinds.has('place')).toBe(true);
      expect(facts.compatible('place', facts.of(taking), 'Where was the meeting held?')).toBe(false);
      expect(facts.compatible('place', facts.of('Hội nghị tiếp theo sẽ được tổ chức tại Campuchia.'), 'Hội nghị tiếp theo ở đâu?')).toBe(true);
      expect(facts.compatible('city', facts.of('the TTXVN correspondent in Kuala Lumpur'), 'Which city?')).toBe(true);
      // a place inside a document's name is not a place the question gives
      const kl = 'the 17th AMRI, held in Kuala Lumpur, issued the Kuala Lumpur Declaration';
      expect(facts.compatible('place', facts.of(kl), 'Where was the Kuala Lumpur Declaration adopted?')).toBe(true);
      expect(facts.compatible('place', facts.of(kl), 'Tuyên bố Kuala Lumpur được thông qua ở đâu?')).toBe(true);
      expect(facts.compatible('place', facts.of(kl), 'Was the meeting held in Kuala Lumpur?')).toBe(false);
    });
  });
});
