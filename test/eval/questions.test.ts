import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** One row of the evaluation set (see test/eval/README.md). */
interface EvalQuestion {
  id: string;
  q: string;
  lang: 'vi' | 'en';
  kind: 'direct' | 'paraphrase' | 'no-diacritics' | 'out-of-scope';
  paragraphs: number[];
}

const read = (rel: string): string => readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');

const questions = JSON.parse(read('./questions.json')) as EvalQuestion[];
// Counted from the corpus itself so the check follows the text if it ever changes.
const paragraphCount = read('../../corpus/kl-declaration-2025/vi.txt')
  .split(/\r?\n\s*\r?\n/)
  .filter((p) => p.trim() !== '').length;

/** True when the string carries any Vietnamese diacritic (combining mark after NFD, or đ/Đ, which NFD keeps whole). */
function hasDiacritics(s: string): boolean {
  return /[\u0300-\u036f]/.test(s.normalize('NFD')) || /[đĐ]/.test(s);
}

describe('test/eval/questions.json', () => {
  describe('hasDiacritics', () => {
    it('returns true for accented text and đ, false for plain ASCII', () => {
      expect(hasDiacritics('Hà Nội')).toBe(true);
      expect(hasDiacritics('Ha Noi'.normalize('NFD'))).toBe(false);
      expect(hasDiacritics('\u0111i')).toBe(true);
      expect(hasDiacritics('o\u031B')).toBe(true);
    });
  });

  describe('shape', () => {
    it('returns at least 80 questions with unique ids', () => {
      expect(questions.length).toBeGreaterThanOrEqual(80);
      expect(new Set(questions.map((x) => x.id)).size).toBe(questions.length);
    });

    it('returns only known langs and kinds and non-empty question text', () => {
      for (const x of questions) {
        expect(['vi', 'en'], x.id).toContain(x.lang);
        expect(['direct', 'paraphrase', 'no-diacritics', 'out-of-scope'], x.id).toContain(x.kind);
        expect(x.q.trim().length, x.id).toBeGreaterThan(0);
        expect(Array.isArray(x.paragraphs), x.id).toBe(true);
      }
    });

    it('returns at least 10 out-of-scope questions, each with no paragraphs', () => {
      const oos = questions.filter((x) => x.kind === 'out-of-scope');
      expect(oos.length).toBeGreaterThanOrEqual(10);
      for (const x of oos) expect(x.paragraphs, x.id).toEqual([]);
    });
  });

  describe('paragraphs', () => {
    it('reads 16 paragraphs from the corpus', () => {
      expect(paragraphCount).toBe(16);
    });

    it('returns valid, distinct paragraph numbers 1..N for every in-scope question', () => {
      for (const x of questions.filter((q) => q.kind !== 'out-of-scope')) {
        expect(x.paragraphs.length, x.id).toBeGreaterThan(0);
        expect(new Set(x.paragraphs).size, x.id).toBe(x.paragraphs.length);
        for (const p of x.paragraphs) {
          expect(Number.isInteger(p) && p >= 1 && p <= paragraphCount, `${x.id}: ${p}`).toBe(true);
        }
      }
    });

    it('returns every paragraph covered by at least 3 questions', () => {
      const counts = new Map<number, number>();
      for (const x of questions) for (const p of x.paragraphs) counts.set(p, (counts.get(p) ?? 0) + 1);
      for (let p = 1; p <= paragraphCount; p++) {
        expect(counts.get(p) ?? 0, `paragraph ${p}`).toBeGreaterThanOrEqual(3);
      }
    });
  });

  describe('no-diacritics', () => {
    it('returns Vietnamese questions typed without any diacritic', () => {
      const plain = questions.filter((x) => x.kind === 'no-diacritics');
      expect(plain.length).toBeGreaterThan(0);
      for (const x of plain) {
        expect(x.lang, x.id).toBe('vi');
        expect(hasDiacritics(x.q), `${x.id}: ${x.q}`).toBe(false);
      }
    });
  });
});

// The held-out sets are only measured on, but a malformed row would silently skew the figures.
describe.each(['heldout.json', 'heldout2.json'])('test/eval/%s', (file) => {
  const rows = JSON.parse(read(`./${file}`)) as EvalQuestion[];

  it('returns unique ids, known kinds and langs, paragraphs in 1..N, none for out-of-scope', () => {
    expect(new Set(rows.map((x) => x.id)).size).toBe(rows.length);
    for (const x of rows) {
      expect(['vi', 'en'], x.id).toContain(x.lang);
      expect(['direct', 'paraphrase', 'no-diacritics', 'out-of-scope'], x.id).toContain(x.kind);
      expect(x.q.trim().length, x.id).toBeGreaterThan(0);
      if (x.kind === 'out-of-scope') expect(x.paragraphs, x.id).toEqual([]);
      else expect(x.paragraphs.length > 0 && x.paragraphs.every((p) => Number.isInteger(p) && p >= 1 && p <= paragraphCount), x.id).toBe(true);
    }
  });

  it('returns its no-diacritics questions in Vietnamese without any diacritic', () => {
    for (const x of rows.filter((r) => r.kind === 'no-diacritics')) expect(x.lang === 'vi' && !hasDiacritics(x.q), `${x.id}: ${x.q}`).toBe(true);
  });
});

/** Rows of the natural-style sets: a style, in-scope or out-of-scope, parts and the previous question where they apply. */
interface StyledQuestion {
  id: string;
  q: string;
  lang: 'vi' | 'en';
  kind: 'in-scope' | 'out-of-scope';
  style: string;
  paragraphs: number[];
  parts?: number[][];
  previous?: string;
  answer?: string;
}

const STYLES = ['plain', 'casual', 'preamble', 'typo', 'keyword', 'yes-no', 'meta', 'overview', 'code-switch', 'no-diacritics', 'multi-part', 'follow-up'];

// Shape only: these checks read no question's wording (the sealed set is scored once, never read).
describe.each(['natural.json', 'sealed1.json', 'sealed2.json', 'sealed3.json', 'sealed4.json', 'sealed5.json', 'sealed6.json', 'sealed7.json'])('test/eval/%s', (file) => {
  const rows = JSON.parse(read(`./${file}`)) as StyledQuestion[];
  const paragraphsOf = (lang: 'vi' | 'en') =>
    read(`../../corpus/kl-declaration-2025/${lang}.txt`)
      .split(/\r?\n\s*\r?\n/)
      .filter((p) => p.trim() !== '')
      .map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim().normalize('NFC'));

  it('returns at least 100 questions with unique ids, known styles, kinds and langs', () => {
    expect(rows.length).toBeGreaterThanOrEqual(100);
    expect(new Set(rows.map((x) => x.id)).size).toBe(rows.length);
    for (const x of rows) {
      expect(['vi', 'en'], x.id).toContain(x.lang);
      expect(['in-scope', 'out-of-scope'], x.id).toContain(x.kind);
      expect(STYLES, x.id).toContain(x.style);
    }
  });

  it('returns paragraphs in 1..N for in-scope questions, none for out-of-scope ones, parts for multi-part and the previous question for follow-ups', () => {
    for (const x of rows) {
      if (x.kind === 'out-of-scope') expect(x.paragraphs, x.id).toEqual([]);
      else expect(x.paragraphs.length > 0 && x.paragraphs.every((p) => Number.isInteger(p) && p >= 1 && p <= paragraphCount), x.id).toBe(true);
      if (x.style === 'multi-part') expect(x.parts?.length, x.id).toBeGreaterThanOrEqual(2);
      if (x.style === 'follow-up') expect(x.previous?.trim().length, x.id).toBeGreaterThan(0);
    }
  });

  it('returns every answer as a verbatim span of an answering paragraph in the question language', () => {
    const byLang = { vi: paragraphsOf('vi'), en: paragraphsOf('en') };
    for (const x of rows.filter((r) => r.answer)) {
      expect(x.paragraphs.some((p) => byLang[x.lang][p - 1].includes(x.answer!.normalize('NFC'))), x.id).toBe(true);
    }
  });

  it('covers every style with at least 5 questions and has out-of-scope questions', () => {
    for (const style of STYLES) expect(rows.filter((r) => r.style === style).length, style).toBeGreaterThanOrEqual(5);
    expect(rows.filter((r) => r.kind === 'out-of-scope').length).toBeGreaterThanOrEqual(20);
  });
});
