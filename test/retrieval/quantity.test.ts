import { describe, expect, it } from 'vitest';
import { GLOSSARY, RELATED } from '../../src/retrieval/glossary.js';
import { compile } from '../../src/retrieval/phrases.js';
import { quantityAsked, statesQuantity as statesQuantityWith, type QuantityAsked } from '../../src/retrieval/quantity.js';

const G = compile(GLOSSARY, RELATED);
const statesQuantity = (text: string, asked: QuantityAsked) => statesQuantityWith(text, asked, G);

describe('retrieval/quantity', () => {
  describe('quantityAsked', () => {
    it('returns what is counted, as written, for how many / how much / bao nhiêu', () => {
      expect(quantityAsked('How many ASEAN working groups were mentioned?')?.counted).toEqual(['asean', 'working', 'groups']);
      expect(quantityAsked('How much funding is allocated to the Work Plan 2026-2035?')).toEqual({ counted: ['funding'], given: ['2026', '2035'] });
      expect(quantityAsked('Có bao nhiêu đại biểu tham dự?')?.counted).toEqual(['đại', 'biểu', 'tham']);
      expect(quantityAsked('co bao nhieu dai bieu')?.counted).toEqual(['dai', 'bieu']);
      expect(quantityAsked('Có bao nhiêu lĩnh vực ưu tiên?')?.counted).toEqual(['lĩnh', 'vực', 'ưu']);
    });

    it('returns no counted words when the question ends on the quantity, and null for other questions', () => {
      expect(quantityAsked('Giá vàng hôm nay bao nhiêu?')).toEqual({ counted: [], given: [] });
      expect(quantityAsked('Where was the meeting held?')).toBeNull();
      // `mấy` is as often "a few" as "how many"; unmarked `may` could be máy (machine) or may (luck)
      expect(quantityAsked('Mấy năm qua hợp tác có hiệu quả không?')).toBeNull();
      expect(quantityAsked('co may linh vuc')).toBeNull();
    });
  });

  describe('statesQuantity', () => {
    const ask = (q: string) => quantityAsked(q)!;

    it('returns true for a number (digits or words) just before what is counted', () => {
      expect(statesQuantity('AMRI called on the TFFN and the 3 ASEAN Working Groups', ask('How many working groups?'))).toBe(true);
      expect(statesQuantity('The five priority areas in the Strategic Plan', ask('How many priority areas are there?'))).toBe(true);
      expect(statesQuantity('Năm lĩnh vực ưu tiên trong Kế hoạch', ask('Có bao nhiêu lĩnh vực ưu tiên?'))).toBe(true);
    });

    it('returns true for a list right after what is counted, also named through the glossary', () => {
      expect(statesQuantity('new partners such as Norway, Pakistan and Türkiye', ask('How many new partners are there?'))).toBe(true);
      expect(statesQuantity('partners such as Norway and Pakistan', ask('How many partners joined?'))).toBe(false);
      expect(statesQuantity('các đối tác mới như Na Uy, Pakistan và Thổ Nhĩ Kỳ', ask('Có bao nhiêu đối tác mới?'))).toBe(true);
      expect(statesQuantity('All ASEAN Member States, as well as Timor-Leste, China and Japan, took part', ask('How many countries took part?'))).toBe(true);
    });

    it('returns false for a passage sharing the words but stating no amount', () => {
      const funding = ask('How much funding is allocated to the Work Plan 2026-2035?');
      expect(statesQuantity('AMRI noted the Work Plan on Information and Media 2026-2035, a roadmap.', funding)).toBe(false);
      expect(statesQuantity('All ASEAN Member States took part in the meetings.', ask('How many delegates attended?'))).toBe(false);
      // people are counted by a number of them, not by a list of the countries they came from
      const countries = 'the participation of new partners such as Norway, Pakistan and Türkiye';
      expect(statesQuantity(countries, ask('How many delegates came?'))).toBe(false);
      expect(statesQuantity(countries, ask('Bao nhiêu đại biểu tham dự?'))).toBe(false);
      expect(statesQuantity('some 300 delegates took part', ask('How many delegates came?'))).toBe(true);
    });

    it('returns true, when nothing is counted, only for a number the question does not give', () => {
      expect(statesQuantity('The 18th AMRI will be held in 2027.', ask('AMRI 18 bao nhiêu'))).toBe(true);
      expect(statesQuantity('The 18th AMRI will be held in Cambodia.', ask('AMRI 18 bao nhiêu'))).toBe(false);
    });
  });
});
