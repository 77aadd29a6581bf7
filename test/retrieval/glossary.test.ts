import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RELATED } from '../../src/retrieval/glossary.js';
import { fold, words } from '../../src/text/normalize.js';

const TEXT = {
  en: readFileSync(new URL('../../corpus/kl-declaration-2025/en.txt', import.meta.url), 'utf8'),
  vi: readFileSync(new URL('../../corpus/kl-declaration-2025/vi.txt', import.meta.url), 'utf8'),
};
/** Word sequence of a text, folded, joined by single spaces, so phrase search ignores case, marks and punctuation. */
const flat = (text: string) => ` ${words(fold(text)).join(' ')} `;

describe('retrieval/glossary', () => {
  it('returns relations whose every `find` phrase occurs in the text of its language (else it finds nothing)', () => {
    const missing = RELATED.flatMap((r) =>
      (['en', 'vi'] as const).flatMap((lang) => r.find[lang].filter((p) => !flat(TEXT[lang]).includes(flat(p))).map((p) => `${lang}: ${p}`)),
    );
    expect(missing).toEqual([]);
  });

  it('returns each relation with both languages and a reason', () => {
    for (const r of RELATED) {
      expect(r.when.en.length + r.when.vi.length, r.why).toBeGreaterThan(0);
      expect(r.find.en.length * r.find.vi.length, r.why).toBeGreaterThan(0);
      expect(r.why.length).toBeGreaterThan(10);
    }
  });
});
