import { compile } from '../../src/retrieval/phrases.js';
import { GLOSSARY, RELATED } from '../../src/retrieval/glossary.js';
import { describe, expect, it } from 'vitest';
import { decisiveNamesOf, DEFAULT_QUERY_PLAN_OPTIONS, exactNamesOf, planQuery, type Field, type QueryVocabulary } from '../../src/retrieval/expand.js';

const O = DEFAULT_QUERY_PLAN_OPTIONS;
const G = compile(GLOSSARY, RELATED);

/** A stand-in index vocabulary: `field:term` entries. */
function vocabOf(entries: string[]): QueryVocabulary {
  const set = new Set(entries);
  return { has: (field: Field, term: string) => set.has(`${field}:${term}`) };
}

describe('retrieval/expand', () => {
  describe('planQuery', () => {
    it('returns the question terms at weight 1 and the other-language reading at crossWeight', () => {
      const plan = planQuery('Where is the next AMRI?', 'en', O, G);
      expect(plan.weights.en.get('amri')).toBe(1);
      expect(plan.weights.vi.get('amri')).toBe(O.crossWeight);
    });

    it('returns glossary expansions for a Vietnamese phrase typed with or without marks', () => {
      for (const q of ['Chống thông tin sai lệch thế nào?', 'chong thong tin sai lech the nao']) {
        const plan = planQuery(q, 'vi', O, G);
        expect(plan.weights.en.get('disinform')).toBe(O.expansionWeight);
        expect(plan.weights.vi.get('tin_gia')).toBe(O.expansionWeight);
      }
    });

    it('returns glossary expansions for an English phrase, matched on stems', () => {
      const plan = planQuery('When did the conference wrap up?', 'en', O, G);
      expect(plan.weights.en.get('conclud')).toBe(O.expansionWeight);
      expect(plan.weights.vi.get('ket_thuc')).toBe(O.expansionWeight);
    });

    it('returns no expansion for a single folded syllable, which could be several words', () => {
      // `nước` (country) is a glossary entry; unmarked `nuoc` could as well be nuốc, nược…
      expect(planQuery('Nước nào tham gia?', 'vi', O, G).weights.en.has('countri')).toBe(true);
      expect(planQuery('nuoc nao tham gia', 'vi', O, G).weights.en.has('countri')).toBe(false);
    });

    it('returns the names the text uses for a related name, for ranking only (no coverage credit)', () => {
      const plan = planQuery('Was the meeting held in Malaysia?', 'en', O, G);
      expect(plan.weights.en.get('kuala_lumpur')).toBe(O.expansionWeight);
      expect(plan.weights.vi.get('kuala_lumpur')).toBe(O.expansionWeight);
      const malaysia = plan.slots.find((s) => s.term === 'malaysia')!;
      expect(malaysia.alternatives).toEqual([]);
    });

    it('returns no expansion at all when expansionWeight is 0', () => {
      const plan = planQuery('When did the conference wrap up?', 'en', { ...O, expansionWeight: 0 }, G);
      expect(plan.weights.en.has('conclud')).toBe(false);
    });

    it('returns the written form of a marked Vietnamese question in the vix field, and coverage slots there', () => {
      const plan = planQuery('Việt Nam năm nào?', 'vi', O, G);
      const own = [...plan.weights.vix].filter(([, w]) => w === O.exactWeight).map(([t]) => t);
      expect(own).toEqual(['việt', 'nam', 'năm', 'việt_nam', 'nam_năm']);
      // glossary expansions ('năm' → 'giai đoạn', period) reach the written forms too, at their own weight
      expect(plan.weights.vix.get('giai_đoạn')).toBe(O.expansionWeight * O.exactWeight);
      expect(plan.slots.map((s) => `${s.field}:${s.term}`)).toEqual(['vix:việt', 'vix:nam', 'vix:năm']);
      expect(planQuery('viet nam nam nao', 'vi', O, G).slots.every((s) => s.field === 'vi')).toBe(true);
    });

    it('returns numbers and acronyms as strict slots', () => {
      const plan = planQuery('What did the 16th AMRI decide?', 'en', O, G);
      expect(plan.slots.filter((s) => s.strict).map((s) => s.term)).toEqual(['16', 'amri']);
    });

    it('returns the definition term when the question names only acronyms', () => {
      expect(planQuery('What is the TFFN?', 'en', O, G).weights.en.get('def:tffn')).toBe(O.definitionWeight);
      expect(planQuery('TFFN là gì', 'vi', O, G).weights.vi.get('def:tffn')).toBe(O.definitionWeight);
      expect(planQuery('What did the TFFN stress?', 'en', O, G).weights.en.has('def:tffn')).toBe(false);
    });

    it('leaves stop-list words the corpus never uses out of the coverage slots, and keeps those it uses', () => {
      const vocab = vocabOf(['en:asean', 'en:internet', 'en:inform']);
      const terms = planQuery('Is ASEAN actually trying to make the internet safer, information-wise?', 'en', O, G, vocab).slots.map((s) => s.term);
      expect(terms).toContain('internet');
      expect(terms).toContain('inform');
      expect(terms).not.toContain('actual');
      expect(planQuery('Is ASEAN actually trying?', 'en', { ...O, unknownStopWordsCount: true }, G, vocab).slots.map((s) => s.term)).toContain('actual');
    });

    it('returns in-corpus WordNet synonyms of an English word the corpus lacks, with partial credit', () => {
      const vocab = vocabOf(['en:attempt', 'en:safe', 'en:asean', 'en:internet']);
      // "trying" is on the large stop list: counted here, so its slot (and alternatives) can be seen.
      const plan = planQuery('Is ASEAN trying to make the internet safer?', 'en', { ...O, unknownStopWordsCount: true }, G, vocab);
      expect(plan.weights.en.get('attempt')).toBe(O.wordnetWeight);
      expect(plan.weights.en.get('safe')).toBe(O.wordnetWeight);
      expect(plan.weights.en.has('seek')).toBe(false); // a synonym the corpus lacks matches nothing
      const tryWord = plan.slots.find((s) => s.term === 'try')!;
      expect(tryWord.alternatives).toContainEqual({ field: 'en', terms: ['attempt'], credit: O.wordnetCredit });
      // a word the corpus has is not expanded
      expect(planQuery('Is ASEAN trying?', 'en', O, G, vocabOf(['en:try', 'en:attempt'])).weights.en.has('attempt')).toBe(false);
    });

    it('returns a known syllable and its unknown neighbour as one missing word', () => {
      const vocab = vocabOf(['vix:asean', 'vix:thành', 'vix:năm', 'vix:thành_công']);
      const slots = planQuery('ASEAN được thành lập năm nào?', 'vi', O, G, vocab).slots;
      expect(slots.map((s) => s.term)).toEqual(['asean', 'thành_lập', 'năm']);
      expect(slots[1].parts).toEqual(['thành', 'lập']);
      const apart = planQuery('ASEAN được thành lập năm nào?', 'vi', { ...O, joinUnknownWords: false }, G, vocab).slots;
      expect(apart.map((s) => s.term)).toEqual(['asean', 'thành', 'lập', 'năm']);
    });
  });

  describe('exactNamesOf', () => {
    it('returns acronyms (folded) and numbers', () => {
      expect(exactNamesOf('AMRI lần thứ 18 và ACMP III')).toEqual(['amri', 'acmp', 'iii', '18']);
    });

    it('returns only numbers for a shouted question', () => {
      expect(exactNamesOf('WHERE IS THE 18TH AMRI')).toEqual(['18']);
    });
  });

  describe('decisiveNamesOf', () => {
    it('returns acronyms, ordinals and long numbers, not small counts the text may spell out', () => {
      expect(decisiveNamesOf('Did the 16th AMRI name 5 areas in 2024?')).toEqual(['amri', '16', '2024']);
      expect(decisiveNamesOf('AMRI lần thứ 16 có 3 nhóm')).toEqual(['amri', '16']);
    });
  });
});
