import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/answer/types.js';
import { SUGGESTIONS, suggestionsFor } from '../../src/conversation/suggestions.js';
import { loadTestEngine } from '../server/start.js';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});
afterAll(() => engine.close());

describe('conversation/suggestions', () => {
  describe('SUGGESTIONS', () => {
    it.each([...SUGGESTIONS.en.map((q) => [q, 'en']), ...SUGGESTIONS.vi.map((q) => [q, 'vi'])] as [string, 'en' | 'vi'][])(
      'returns an answered result from the real engine for %j',
      async (q, lang) => {
        expect(engine.detectLanguage(q)).toBe(lang);
        const result = await engine.ask(q, { lang, k: 3 });
        expect(result.answered).toBe(true);
        expect(result.passages.length).toBeGreaterThan(0);
      },
    );
  });

  describe('suggestionsFor', () => {
    it('returns three distinct questions per language, as a copy', () => {
      for (const lang of ['en', 'vi'] as const) {
        const list = suggestionsFor(lang);
        expect(new Set(list).size).toBe(3);
        list.pop();
        expect(SUGGESTIONS[lang]).toHaveLength(3);
      }
    });
  });
});
