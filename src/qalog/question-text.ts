/**
 * How a question is stored and grouped in the log.
 *
 *   boundQuestion('  TFFN\u0000 là gì? ')   // 'TFFN là gì?'
 *   questionKey('TFFN là gì?')             // 'tffn la gi'  (same as questionKey('tffn LA GI'))
 */
import { QUESTION_CHARS_CEILING } from '../config.js';
import { clean, fold, words } from '../text/normalize.js';

/** Longest question kept, in characters: the most any setting lets through (refusals of longer ones are logged too, cut). */
export const MAX_QUESTION_CHARS = QUESTION_CHARS_CEILING;

/** Cleaned (NFC, no control characters or lone surrogates), whitespace collapsed, at most `max` code points. */
export function boundQuestion(text: string, max = MAX_QUESTION_CHARS): string {
  const tidy = clean(text).replace(/\s+/g, ' ').trim();
  const points = Array.from(tidy);
  return points.length <= max ? tidy : points.slice(0, max).join('');
}

/**
 * Grouping key for "most asked": the same text normaliser retrieval uses, so case, diacritics
 * (`đ` included) and punctuation do not split a question into several groups.
 */
export function questionKey(text: string): string {
  return words(fold(clean(text))).join(' ');
}
