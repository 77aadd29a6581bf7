/**
 * Checks that every translated document under `corpus/` stays aligned with its Vietnamese original:
 * the same paragraphs in the same order, and no number, year range, date or acronym lost in translation.
 * Answers quote paragraphs by index in either language, so a drifted translation would quote the wrong text.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** Something the English paragraph must contain: `source` as written in Vietnamese, `expected` as English writes it. */
interface Token {
  source: string;
  expected: string;
  /** Matches `expected` in English text, guarded so `17` does not match inside `2017`. */
  pattern: RegExp;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Digits may not continue on either side (a separator followed by a digit counts as continuing). */
const numberPattern = (n: string): RegExp => new RegExp(`(?<!\\d[.,]?)${escapeRegExp(n)}(?![.,]?\\d)`, 'u');

/** Letters and digits may not continue on either side, so `AMRI` does not match inside `SOMRI`. */
const wordPattern = (w: string): RegExp => new RegExp(`(?<![\\p{L}\\p{N}])${w}(?![\\p{L}\\p{N}])`, 'u');

/** Splits a file's text into paragraphs: one blank line between paragraphs, trailing newlines ignored. */
function splitParagraphs(text: string): string[] {
  return text.replace(/\s+$/, '').split(/\n[ \t]*\n/).map((p) => p.trim());
}

/** Vietnamese writes `1.000` and `2,5` where English writes `1,000` and `2.5`. */
function toEnglishNumber(n: string): string {
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(n)) return n.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.'));
  if (/^\d+,\d+$/.test(n)) return n.replace(',', '.');
  return n;
}

/**
 * Lists what a faithful English translation of a Vietnamese paragraph must keep.
 * @example extractTokens('AMRI kết thúc ngày 7/5') // AMRI, "7 May"
 */
function extractTokens(vi: string): Token[] {
  const tokens: Token[] = [];
  // Dates and year ranges are taken out first so their parts are not checked again as bare numbers.
  let rest = vi.replace(/(?<![\d/])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?(?![\d/])/g, (whole, d: string, m: string, y?: string) => {
    const day = Number(d);
    const month = Number(m);
    if (day < 1 || day > 31 || month < 1 || month > 12) return whole;
    const expected = `${day} ${MONTHS[month - 1]}${y ? ` ${y}` : ''}`;
    tokens.push({ source: whole, expected, pattern: numberPattern(expected) });
    return ' ';
  });
  rest = rest.replace(/(?<!\d)\d{4}-\d{4}(?!\d)/g, (range) => {
    tokens.push({ source: range, expected: range, pattern: numberPattern(range) });
    return ' ';
  });
  // `ASEAN+3` / `AMRI +3`: the space is a typographic variant, the pairing is what matters.
  for (const [whole, name, n] of rest.matchAll(/(?<![\p{L}\p{N}])(\p{Lu}{2,})\s*\+\s*(\d+)(?!\d)/gu)) {
    tokens.push({ source: whole, expected: `${name}+${n}`, pattern: new RegExp(`(?<![\\p{L}\\p{N}])${name}\\s*\\+\\s*${n}(?!\\d)`, 'u') });
  }
  for (const [n] of rest.matchAll(/\d+(?:[.,]\d+)*/g)) {
    const expected = toEnglishNumber(n);
    tokens.push({ source: n, expected, pattern: numberPattern(expected) });
  }
  // Runs of capitals: acronyms (AMRI, TTXVN) and Roman numerals (II, III) alike.
  for (const [a] of rest.matchAll(/(?<![\p{L}\p{N}])\p{Lu}{2,}(?![\p{L}\p{N}])/gu)) {
    tokens.push({ source: a, expected: a, pattern: wordPattern(a) });
  }
  return tokens;
}

/** Tokens of the Vietnamese paragraph that the English paragraph lacks. */
function missingTokens(vi: string, en: string): Token[] {
  return extractTokens(vi).filter((t) => !t.pattern.test(en));
}

/** Every document folder that has both languages. */
function bilingualDocs(): string[] {
  return readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .filter((id) => existsSync(join(CORPUS_DIR, id, 'vi.txt')) && existsSync(join(CORPUS_DIR, id, 'en.txt')))
    .sort();
}

function readPair(id: string): { vi: string[]; en: string[] } {
  const read = (lang: string) => splitParagraphs(readFileSync(join(CORPUS_DIR, id, `${lang}.txt`), 'utf8'));
  return { vi: read('vi'), en: read('en') };
}

const expectedOf = (tokens: Token[]) => tokens.map((t) => t.expected);

describe('corpus alignment', () => {
  describe('extractTokens', () => {
    it('returns a day/month date as English "D Month", not as two bare numbers', () => {
      expect(expectedOf(extractTokens('kết thúc ngày 7/5.'))).toEqual(['7 May']);
      expect(expectedOf(extractTokens('ngày 01/12/2024'))).toEqual(['1 December 2024']);
    });

    it('returns a year range as one token in its hyphen form', () => {
      expect(expectedOf(extractTokens('giai đoạn 2016-2025'))).toEqual(['2016-2025']);
    });

    it('returns acronyms, Roman numerals and the "+3" pairing', () => {
      expect(expectedOf(extractTokens('ACMP III, Hội nghị AMRI +3 lần thứ 8, AI'))).toEqual([
        'AMRI+3', '3', '8', 'ACMP', 'III', 'AMRI', 'AI',
      ]);
    });

    it('returns Vietnamese-formatted numbers in English form', () => {
      expect(expectedOf(extractTokens('1.000 người, 2,5%'))).toEqual(['1,000', '2.5']);
    });

    it('returns no token for ordinary capitalised words', () => {
      expect(extractTokens('Hội nghị Bộ trưởng Đông Nam Á')).toEqual([]);
    });
  });

  describe('missingTokens', () => {
    it('returns nothing when every token is kept', () => {
      expect(missingTokens('AMRI lần thứ 17 kết thúc ngày 7/5', 'The 17th AMRI concluded on 7 May')).toEqual([]);
    });

    it('returns a number found only inside a longer number', () => {
      expect(expectedOf(missingTokens('năm 17', 'in 2017'))).toEqual(['17']);
    });

    it('returns an acronym found only inside a longer one', () => {
      expect(expectedOf(missingTokens('AMRI', 'SOMRI'))).toEqual(['AMRI']);
    });

    it('returns a date written with the wrong month', () => {
      expect(expectedOf(missingTokens('ngày 7/5', 'on 5 July'))).toEqual(['7 May']);
    });
  });

  const docs = bilingualDocs();

  it('finds the Kuala Lumpur Declaration among the bilingual documents', () => {
    expect(docs).toContain('kl-declaration-2025');
  });

  it('splits the Kuala Lumpur Declaration into its 16 paragraphs in both languages', () => {
    const { vi, en } = readPair('kl-declaration-2025');
    expect([vi.length, en.length]).toEqual([16, 16]);
  });

  for (const id of docs) {
    describe(`corpus/${id}`, () => {
      const { vi, en } = readPair(id);

      it('has as many English paragraphs as Vietnamese ones', () => {
        expect(en.length).toBe(vi.length);
      });

      it('keeps every number, year range, date and acronym of each Vietnamese paragraph in its English twin', () => {
        const missing = vi.flatMap((p, i) =>
          missingTokens(p, en[i] ?? '').map((t) => `paragraph ${i + 1}: "${t.expected}" (vi "${t.source}")`),
        );
        expect(missing).toEqual([]);
      });

      // Proves the check above can fail for this document: each token, once deleted, is reported.
      it('reports each token once it is deleted from the English paragraph', () => {
        const undetected = vi.flatMap((p, i) =>
          extractTokens(p)
            .filter((t) => {
              const mutilated = (en[i] ?? '').replace(new RegExp(t.pattern.source, `${t.pattern.flags}g`), ' ');
              return !expectedOf(missingTokens(p, mutilated)).includes(t.expected);
            })
            .map((t) => `paragraph ${i + 1}: "${t.expected}"`),
        );
        expect(undetected).toEqual([]);
      });
    });
  }
});
