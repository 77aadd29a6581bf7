/**
 * Plans a lexical query: which terms to look for in each language field, at what weight,
 * and which question words must be found for the question to count as answered.
 *
 * Terms of the question's language weigh 1; the same question analysed for the other language
 * weighs `crossWeight` (names, acronyms and numbers match there); phrases of a glossary group
 * the question uses bring in the group's other phrases at `expansionWeight`.
 *
 *   planQuery('When did the meeting wrap up?', 'en') // weights.en has 'conclud' at 0.5
 */
import type { Lang } from '../corpus/types.js';
import { analyzeEn, analyzeVi } from '../text/analyze.js';
import { PorterStemmer } from '../text/natural.js';
import { fold, hasVietnameseMarks, words } from '../text/normalize.js';
import { GLOSSARY, type GlossaryGroup } from './glossary.js';

export interface QueryPlanOptions {
  /** Weight of the question analysed for the other language. */
  crossWeight: number;
  /** Weight of glossary expansions (0 turns expansion off). */
  expansionWeight: number;
}

/** A question word that should appear in an answering passage, or one of its glossary alternatives. */
export interface CoverageSlot {
  term: string;
  /** Numbers and acronyms name one thing exactly: missing one weighs double. */
  strict: boolean;
  alternatives: { lang: Lang; term: string }[];
}

export interface QueryPlan {
  lang: Lang;
  weights: Record<Lang, Map<string, number>>;
  slots: CoverageSlot[];
}

export const ANALYZERS: Record<Lang, (text: string) => string[]> = { vi: analyzeVi, en: analyzeEn };
const isUnigram = (t: string) => !t.includes('_');

interface CompiledPhrase {
  lang: Lang;
  /** Tokens matched against the question: stems (en), folded syllables (vi, no marks), exact syllables (vi, marks). */
  stems?: string[];
  folded?: string[];
  exact?: string[];
  terms: string[];
}
interface CompiledGroup {
  phrases: CompiledPhrase[];
  /** Unigram terms of every phrase, by language. */
  unigrams: { lang: Lang; term: string }[];
}

function compile(groups: readonly GlossaryGroup[]): CompiledGroup[] {
  return groups.map((g) => {
    const phrases: CompiledPhrase[] = [
      ...g.en.map((p) => ({ lang: 'en' as Lang, stems: words(fold(p)).map((w) => PorterStemmer.stem(w)), terms: analyzeEn(p) })),
      ...g.vi.map((p) => {
        const folded = words(fold(p));
        // Folded single syllables are too ambiguous (tới/tôi → toi); need marks to match.
        return { lang: 'vi' as Lang, exact: words(p), folded: folded.length >= 2 ? folded : undefined, terms: analyzeVi(p) };
      }),
    ];
    const unigrams = phrases.flatMap((p) => p.terms.filter(isUnigram).map((term) => ({ lang: p.lang, term })));
    return { phrases, unigrams };
  });
}

const COMPILED = compile(GLOSSARY);

function contains(haystack: string[], needle: string[] | undefined): boolean {
  if (!needle || needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function bump(map: Map<string, number>, term: string, weight: number) {
  if ((map.get(term) ?? 0) < weight) map.set(term, weight);
}

export function planQuery(question: string, lang: Lang, options: QueryPlanOptions): QueryPlan {
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  const weights: Record<Lang, Map<string, number>> = { vi: new Map(), en: new Map() };
  const mainTerms = ANALYZERS[lang](question);
  for (const t of ANALYZERS[other](question)) bump(weights[other], t, options.crossWeight);
  for (const t of mainTerms) bump(weights[lang], t, 1);

  const exactNames = new Set(
    (question.match(/\b(?:\p{Lu}{2,}|\p{N}+)\b/gu) ?? []).flatMap((name) => ANALYZERS[lang](name)),
  );
  const slots: CoverageSlot[] = [...new Set(mainTerms.filter(isUnigram))].map((term) => ({
    term,
    strict: exactNames.has(term),
    alternatives: [],
  }));
  if (options.expansionWeight > 0) {
    const folded = words(fold(question));
    const stems = folded.map((w) => PorterStemmer.stem(w));
    const exact = words(question);
    const marked = hasVietnameseMarks(question);
    for (const group of COMPILED) {
      const hit = group.phrases.filter((p) =>
        p.lang === 'en' ? contains(stems, p.stems) : marked ? contains(exact, p.exact) : contains(folded, p.folded),
      );
      if (hit.length === 0) continue;
      for (const p of group.phrases) for (const t of p.terms) bump(weights[p.lang], t, options.expansionWeight);
      // Question words inside the matched phrase may be found through any of the group's words.
      const inPhrase = new Set(hit.filter((p) => p.lang === lang).flatMap((p) => p.terms.filter(isUnigram)));
      for (const slot of slots) if (inPhrase.has(slot.term)) slot.alternatives.push(...group.unigrams);
    }
  }
  return { lang, weights, slots };
}
