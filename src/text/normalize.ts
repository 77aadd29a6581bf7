/**
 * The one text normaliser, used at index time and at query time alike.
 *
 *   fold('Hà Nội, Đà Nẵng')  // 'ha noi, da nang'
 *   words('AMRI lần thứ 18') // ['amri', 'lần', 'thứ', '18']
 */

/** NFC-normalises and drops characters that never carry meaning (controls, lone surrogates, zero-width). */
export function clean(text: string): string {
  return (
    text
      // lone surrogates would make normalize() and regexes with /u unreliable
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, ' ')
      .normalize('NFC')
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028\u2029\uFEFF]/g, ' ')
  );
}

/** Lower-cases and removes diacritics, `đ` → `d` included (NFD strips the rest). */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .normalize('NFC');
}

/**
 * `text` with the parts whose folded form matches `re` (a global pattern over folded text) cut
 * out and the spaces closed up, with the parts cut as written. Undefined when folding changes the
 * length, so positions in the folded text would not be positions in `text`.
 *
 *   cutFolded('AMRI 18 ở đâu', /\bo dau\b/g) // { text: 'AMRI 18', cut: ['ở đâu'] }
 */
export function cutFolded(text: string, re: RegExp): { text: string; cut: string[] } | undefined {
  const folded = fold(text);
  if (folded.length !== text.length) return undefined;
  const cut: string[] = [];
  let out = '';
  let at = 0;
  for (const m of folded.matchAll(re)) {
    cut.push(text.slice(m.index!, m.index! + m[0].length));
    out += text.slice(at, m.index);
    at = m.index! + m[0].length;
  }
  return { text: (out + text.slice(at)).replace(/\s+/g, ' ').trim(), cut };
}

/** True when the text carries Vietnamese-specific letters or tone marks. */
export function hasVietnameseMarks(text: string): boolean {
  return /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i.test(text.normalize('NFC'));
}

/**
 * Splits into lower-case word tokens: runs of letters/marks, or runs of digits.
 * Digits and letters are separated (`16th` → `16`, `th`) so ordinals and years meet bare numbers.
 */
const WORD = /\p{L}[\p{L}\p{M}]*|\p{N}+/gu;

export function words(text: string): string[] {
  return clean(text).toLowerCase().match(WORD) ?? [];
}

/**
 * The words of `words(text)`, each with where it ends in `clean(text)` (lower-casing can change
 * a string's length, so positions are taken before it).
 */
export function wordSpans(text: string): { word: string; end: number }[] {
  return [...clean(text).matchAll(WORD)].map((m) => ({ word: m[0].toLowerCase(), end: m.index + m[0].length }));
}

/**
 * Acronyms as written: runs of two or more capitals (`AI`, `TFFN`), folded, unless most words
 * of the text are in capitals (a shouted question, where capitals mark nothing).
 *
 *   acronyms('AI có phải lĩnh vực ưu tiên?') // Set { 'ai' }
 */
export function acronyms(text: string): Set<string> {
  const all = clean(text).match(WORD) ?? [];
  const caps = all.filter((w) => /^\p{Lu}{2,}$/u.test(w));
  const letterWords = all.filter((w) => /\p{L}/u.test(w)).length;
  if (letterWords >= 3 && caps.length / letterWords > 0.5) return new Set();
  return new Set(caps.map((w) => fold(w)));
}
