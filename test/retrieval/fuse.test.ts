import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuseRrf } from '../../src/retrieval/fuse.js';

describe('retrieval/fuse', () => {
  describe('fuseRrf', () => {
    it('returns chunks ordered by the sum of 1/(k + rank)', () => {
      const fused = fuseRrf([[{ index: 3 }, { index: 1 }, { index: 2 }], [{ index: 1 }, { index: 2 }]], 60);
      expect(fused.map((h) => h.index)).toEqual([1, 2, 3]);
      expect(fused[0].score).toBeCloseTo(1 / 62 + 1 / 61, 12);
      expect(fused[2].score).toBeCloseTo(1 / 61, 12);
    });

    it('returns ties in ascending index order, whatever the input order', () => {
      expect(fuseRrf([[{ index: 7 }], [{ index: 2 }]]).map((h) => h.index)).toEqual([2, 7]);
      expect(fuseRrf([[{ index: 2 }], [{ index: 7 }]]).map((h) => h.index)).toEqual([2, 7]);
    });

    it('returns an empty list for no rankings', () => {
      expect(fuseRrf([])).toEqual([]);
      expect(fuseRrf([[], []])).toEqual([]);
    });

    it('returns every input chunk once, scores non-increasing (property)', () => {
      const ranking = fc.uniqueArray(fc.nat(30), { maxLength: 12 }).map((xs) => xs.map((index) => ({ index })));
      fc.assert(
        fc.property(fc.array(ranking, { maxLength: 4 }), (rankings) => {
          const fused = fuseRrf(rankings);
          expect(new Set(fused.map((h) => h.index))).toEqual(new Set(rankings.flat().map((h) => h.index)));
          fused.forEach((h, i) => i === 0 || expect(fused[i - 1].score).toBeGreaterThanOrEqual(h.score));
        }),
      );
    });
  });
});
