/**
 * The real-word dictionaries the speller checks before it corrects anything: English from
 * WordNet (already used for synonyms; read on demand, nothing loaded at start) plus the stop
 * list, Vietnamese from `dictionary-vi` (Hunspell's list of the language's syllables).
 *
 * `nspell` with `dictionary-en` was measured and not used: building it takes 1.3 s on this
 * machine, and a suggestion for an unknown word up to 2.2 s ("TFFN").
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isFunctionWord } from '../text/analyze.js';
import { fold } from '../text/normalize.js';
import { openWordNet, type WordNet } from '../text/wordnet.js';
import type { SpellingDictionaries } from './spelling.js';

let syllables: { exact: Set<string>; folded: Set<string> } | undefined;
function vietnameseSyllables() {
  if (!syllables) {
    const dir = path.dirname(createRequire(import.meta.url).resolve('dictionary-vi'));
    const list = readFileSync(path.join(dir, 'index.dic'), 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split('/')[0].trim().normalize('NFC').toLowerCase())
      .filter(Boolean);
    syllables = { exact: new Set(list), folded: new Set(list.map((s) => fold(s))) };
  }
  return syllables;
}

let wordnet: WordNet | null | undefined;
// A WordNet look-up reads its files (about 1 ms a word); questions repeat their words.
const known = new Map<string, boolean>();

export const DICTIONARIES: SpellingDictionaries = {
  isEnglishWord(word) {
    if (isFunctionWord(word)) return true;
    const hit = known.get(word);
    if (hit !== undefined) return hit;
    if (wordnet === undefined) wordnet = openWordNet();
    const real = wordnet ? wordnet.baseForms(word).length > 0 : true;
    if (known.size > 20_000) known.clear();
    known.set(word, real);
    return real;
  },
  isVietnameseSyllable: (s) => vietnameseSyllables().exact.has(s),
  isFoldedVietnameseSyllable: (s) => vietnameseSyllables().folded.has(s),
};
