/**
 * WordNet expansion of English question words the corpus never uses, limited to synonyms it
 * does use: `safer` → `safe`, `founded` → `establish`. A word the corpus already has is left
 * alone (it says what it means here), and so are synonyms the corpus lacks (they match nothing).
 *
 *   wordnetAlternatives('Is the internet safer?', vocab, 1)
 *   // Map { 'safer' => [{ field: 'en', terms: ['safe'] }] }
 */
import { analyzeEn, enStems } from '../text/analyze.js';
import { fold, words } from '../text/normalize.js';
import { openWordNet, type WordNet } from '../text/wordnet.js';
import { presenceOf, type PhraseTerms } from './phrases.js';

/** What the index knows, so a plan can tell corpus words from words the corpus never uses. */
export interface QueryVocabulary {
  has(field: 'vi' | 'vix' | 'en', term: string): boolean;
}

let wordnet: WordNet | null | undefined;
/** The WordNet reader, opened on first use (null when the files are missing: expansion is then skipped). */
function getWordNet(): WordNet | null {
  if (wordnet === undefined) wordnet = openWordNet();
  return wordnet;
}

/** For each out-of-vocabulary stem of the question: its in-vocabulary WordNet synonyms, as phrases. */
export function wordnetAlternatives(question: string, vocab: QueryVocabulary, senses: number): Map<string, PhraseTerms[]> {
  const out = new Map<string, PhraseTerms[]>();
  const wn = getWordNet();
  if (!wn) return out;
  for (const word of new Set(words(fold(question)))) {
    if (!/^\p{L}{3,}$/u.test(word)) continue;
    const stem = enStems(word)[0];
    if (!stem || vocab.has('en', stem) || out.has(stem)) continue;
    const found: PhraseTerms[] = [];
    for (const lemma of wn.synonyms(word, senses)) {
      // Letters only: WordNet also lists digits and letters as synonyms ('decade' → '10', 'x').
      if (!/^\p{L}{3,}(?: \p{L}+)*$/u.test(lemma)) continue;
      const terms = analyzeEn(lemma);
      const presence = presenceOf('en', terms);
      if (terms.length === 0 || terms.includes(stem) || !presence.terms.every((t) => vocab.has('en', t))) continue;
      if (!found.some((f) => f.terms.join() === presence.terms.join())) found.push(presence);
    }
    if (found.length) out.set(stem, found);
  }
  return out;
}
