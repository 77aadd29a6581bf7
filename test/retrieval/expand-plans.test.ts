import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildPlanFixture, FIXTURE_PATH, type PlanFixture } from '../../scripts/plan-fixture.js';

// Characterisation: the plans of every evaluation question as planQuery gave them when the
// fixture was written (npx tsx scripts/plan-fixture.ts). A refactoring must not change one.
describe('retrieval/expand', () => {
  describe('planQuery', () => {
    it('returns the stored plan of every evaluation question, in both languages and under several option sets', async () => {
      const want = JSON.parse(gunzipSync(readFileSync(FIXTURE_PATH)).toString('utf8')) as PlanFixture;
      const got = (await buildPlanFixture()).cases;
      expect(got.map(({ id, lang, config }) => ({ id, lang, config }))).toEqual(want.cases.map(({ id, lang, config }) => ({ id, lang, config })));
      // Compared as JSON: the same terms, weights and slots, and the weights in the same order.
      const changed = got.filter((c, i) => JSON.stringify(c) !== JSON.stringify(want.cases[i]));
      if (changed.length > 0) {
        const first = want.cases[got.indexOf(changed[0])];
        expect(JSON.parse(JSON.stringify(changed[0]))).toEqual(first);
      }
      expect(changed.map(({ id, lang, config }) => `${id} ${lang} ${config}`)).toEqual([]);
      expect(got.length).toBeGreaterThan(2000);
    }, 60_000);
  });
});
