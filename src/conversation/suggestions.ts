/**
 * Questions the bot can answer, offered at the start, on help and when nothing was found.
 * Each is checked against the real engine in test/conversation/suggestions.test.ts.
 */
import type { Lang } from '../corpus/types.js';

export const SUGGESTIONS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'What is the Kuala Lumpur Declaration about?',
    'What is the TFFN?',
    'What are the five priority areas of the ASEAN Socio-Cultural Community?',
  ],
  vi: [
    'Tuyên bố Kuala Lumpur nói về vấn đề gì?',
    'TFFN là gì?',
    'AMRI lần thứ 18 sẽ được tổ chức ở đâu?',
  ],
};

/** The suggestions for `lang`, as a fresh array a reply may own. */
export function suggestionsFor(lang: Lang): string[] {
  return [...SUGGESTIONS[lang]];
}
