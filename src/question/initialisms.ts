/**
 * Short forms people make of the corpus's names: "KL" for Kuala Lumpur, "ASCC" for the ASEAN
 * Socio-Cultural Community. Read off the texts: every run of two or more capitalised words
 * (linking words such as "on" or "of" may sit between them and add no letter) gives its initials.
 * An initialism that two different names share is left out, and so is one the text itself uses
 * or a country's code ("VN" is Vietnam, not "Vietnam News"; ISO 3166 codes from `i18n-iso-countries`).
 *
 *   initialismsOf(['the Kuala Lumpur Declaration']) // Map { 'kl' => 'Kuala Lumpur', 'kld' => 'Kuala Lumpur Declaration', 'ld' => 'Lumpur Declaration' }
 */
import { createRequire } from 'node:module';
import { words } from '../text/normalize.js';

const require = createRequire(import.meta.url);
const countries = require('i18n-iso-countries') as { getAlpha2Codes(): Record<string, string>; getAlpha3Codes(): Record<string, string> };
/** Country codes (lower case): short forms people already use for countries. */
const COUNTRY_CODES = new Set([...Object.keys(countries.getAlpha2Codes()), ...Object.keys(countries.getAlpha3Codes()), 'uk'].map((c) => c.toLowerCase()));

const LINK = new Set(['of', 'on', 'and', 'for', 'the', 'in', 'về', 'và', 'của']);

export function initialismsOf(texts: string[]): Map<string, string> {
  const found = new Map<string, string | null>();
  const used = new Set(texts.flatMap((t) => words(t)));
  for (const text of texts) {
    // Words and punctuation; a hyphen inside a word splits it ("Socio-Cultural" gives S and C),
    // other punctuation ends a name ("Na Uy, Pakistan" are two).
    const tokens = [...text.matchAll(/[\p{L}\p{M}]+|[^\s\p{L}\p{M}-]+/gu)].map((m) => m[0]);
    let run: string[] = [];
    const flush = () => {
      const caps = run.filter((w) => !LINK.has(w));
      for (let i = 0; i < caps.length; i++) {
        for (let j = i + 2; j <= Math.min(caps.length, i + 6); j++) {
          const name = caps.slice(i, j);
          const initials = name.map((w) => w[0].toLowerCase()).join('');
          const phrase = run.slice(run.indexOf(name[0]), run.lastIndexOf(name[name.length - 1]) + 1).join(' ');
          const seen = found.get(initials);
          if (seen === undefined) found.set(initials, phrase);
          else if (seen !== phrase) found.set(initials, null);
        }
      }
      run = [];
    };
    for (const t of tokens) {
      if (/^\p{Lu}/u.test(t)) run.push(t);
      else if (!/^[\p{L}\p{M}]/u.test(t)) flush();
      else if (run.length > 0 && LINK.has(t.toLowerCase())) run.push(t.toLowerCase());
      else flush();
    }
    flush();
  }
  const out = new Map<string, string>();
  for (const [initials, phrase] of found) if (phrase && !used.has(initials) && !COUNTRY_CODES.has(initials)) out.set(initials, phrase);
  return out;
}
