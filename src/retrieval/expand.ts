/**
 * Plans a lexical query: which terms to look for in each index field, at what weight, and
 * which question words an answering passage should contain (the coverage slots).
 *
 * Fields: `en` (stems), `vi` (folded syllables), `vix` (Vietnamese syllables as written, used
 * when the question has marks, so `Nam` in Việt Nam does not match `năm`, year).
 * Terms of the question's language weigh 1; the same question analysed for the other language
 * weighs `crossWeight` (names, acronyms and numbers match there); phrases of a glossary group
 * the question uses bring in the group's other phrases at `expansionWeight`, and so do names
 * the text calls otherwise (`RELATED`: "Malaysia" → "Kuala Lumpur"); English words the corpus
 * lacks bring in their WordNet synonyms it has at `wordnetWeight`.
 *
 *   planQuery('When did the meeting wrap up?', 'en', DEFAULT_QUERY_PLAN_OPTIONS, compile(GLOSSARY, RELATED))
 *   // weights.en has 'conclud' at 0.3; weights.vi has 'ket_thuc' at 0.3
 */
import { createRequire } from 'node:module';
import type { Lang } from '../corpus/types.js';
import { analyzeEn, analyzeVi, analyzeViExact, viSyllables, type AnalyzeOptions } from '../text/analyze.js';
import { acronyms, hasVietnameseMarks, words } from '../text/normalize.js';
import { definitionTerm } from './acronyms.js';
import { isUnigram, matchGlossary, type CompiledGroup, type Field, type PhraseTerms } from './phrases.js';
import { wordnetAlternatives, type QueryVocabulary } from './synonyms.js';
import { joinUnknownWords } from './unknown-words.js';

export type { Field, PhraseTerms } from './phrases.js';
export type { QueryVocabulary } from './synonyms.js';

// The stopwords-iso lists (1,298 English and 645 Vietnamese words), for the coverage signal only:
// ranking and the index keep their own short stop lists (see text/analyze.ts).
const isoLists = createRequire(import.meta.url)('stopwords-iso') as Record<string, string[]>;
const STOP_LISTS = { en: new Set(isoLists.en), vi: new Set(isoLists.vi.map((w) => w.normalize('NFC'))) };

export const FIELDS: readonly Field[] = ['vi', 'vix', 'en'];
export const FIELD_LANG: Record<Field, Lang> = { vi: 'vi', vix: 'vi', en: 'en' };
export const FIELD_ANALYZERS: Record<Field, (text: string) => string[]> = { vi: analyzeVi, vix: analyzeViExact, en: analyzeEn };

export interface QueryPlanOptions {
  /** Weight of the question analysed for the other language. Default 0.3. */
  crossWeight: number;
  /** Weight of glossary expansions (0 turns expansion off). Default 0.3. */
  expansionWeight: number;
  /** Weight of a bigram term relative to a single syllable or stem. Default 1. */
  bigramWeight: number;
  /**
   * For a question typed with marks: weight of its terms as written (`vix` field), on top of the
   * folded ones. Default 1 (same dev figures as 0; retrieving paragraphs from 3-word windows of
   * their own Vietnamese text: hit@1 0.834 against 0.814).
   */
  exactWeight: number;
  /** Weight of the passage defining an acronym, when the question names only acronyms ("What is the TFFN?"). Default 1. */
  definitionWeight: number;
  /** Weight of in-corpus WordNet synonyms of English question words the corpus lacks (0 turns it off). Default 0.3. */
  wordnetWeight: number;
  /** Share of a word's coverage weight earned when only a WordNet synonym of it is found. Default 0.5. */
  wordnetCredit: number;
  /** Senses per part of speech whose synonyms are used (most frequent first). Default 1. */
  wordnetSenses: number;
  /** Vietnamese: join a known syllable with an unknown neighbour into one missing word (see unknown-words.ts). Default true. */
  joinUnknownWords: boolean;
  /**
   * Whether stop-list words the corpus never uses count in the coverage signal. Default false:
   * on the development sets (cross-validated) it refused 33 instead of 39 of 317 answerable
   * questions for 47 instead of 45 of 59 unanswerable ones refused.
   */
  unknownStopWordsCount: boolean;
}

export const DEFAULT_QUERY_PLAN_OPTIONS: Readonly<QueryPlanOptions> = Object.freeze({
  crossWeight: 0.3,
  expansionWeight: 0.3,
  bigramWeight: 1,
  exactWeight: 1,
  definitionWeight: 1,
  wordnetWeight: 0.3,
  wordnetCredit: 0.5,
  // Most frequent sense only: more senses bring in noise ('cover' → 'continue') for no dev-set gain.
  wordnetSenses: 1,
  joinUnknownWords: true,
  unknownStopWordsCount: false,
});

/** A question word that should appear in an answering passage, or one of its alternative phrases. */
export interface CoverageSlot {
  field: Field;
  term: string;
  /** Numbers and acronyms name one thing exactly. */
  strict: boolean;
  /**
   * A name the corpus must have for the question to be about it: an acronym, an ordinal
   * (`16th`, `lần thứ 16`) or a number of three digits or more (a year). Small counts are not:
   * the text may spell them out ("five priority areas").
   */
  decisive?: boolean;
  /** For a word joined from syllables (`thành_lập`): the syllables, whose weights add up to the word's. */
  parts?: string[];
  alternatives: PhraseTerms[];
}

export interface QueryPlan {
  lang: Lang;
  weights: Record<Field, Map<string, number>>;
  /** The question's words (stems, syllables, joined unknown words) that an answer should contain. */
  slots: CoverageSlot[];
}

function bump(map: Map<string, number>, term: string, weight: number) {
  if ((map.get(term) ?? 0) < weight) map.set(term, weight);
}

/** Acronyms (folded) and numbers of the question: names of one thing each. */
export function exactNamesOf(question: string): string[] {
  return [...acronyms(question), ...new Set(words(question).filter((w) => /^\p{N}+$/u.test(w)))];
}

const ORDINAL_AFTER = new Set(['th', 'st', 'nd', 'rd']);
const ORDINAL_BEFORE = new Set(['thứ', 'thu']);

/** The names of `exactNamesOf` that the corpus must contain (see `CoverageSlot.decisive`). */
export function decisiveNamesOf(question: string): string[] {
  const w = words(question);
  const ordinals = w.filter((t, i) => /^\p{N}+$/u.test(t) && (ORDINAL_AFTER.has(w[i + 1]) || ORDINAL_BEFORE.has(w[i - 1])));
  return exactNamesOf(question).filter((n) => /\p{L}/u.test(n) || n.length >= 3 || ordinals.includes(n));
}

export function planQuery(question: string, lang: Lang, options: QueryPlanOptions, glossary: readonly CompiledGroup[], vocab?: QueryVocabulary): QueryPlan {
  const weights: Record<Field, Map<string, number>> = { vi: new Map(), vix: new Map(), en: new Map() };
  const add = (field: Field, terms: string[], weight: number) => {
    for (const t of terms) bump(weights[field], t, isUnigram(t) ? weight : weight * options.bigramWeight);
  };
  // Without marks, `hoi nghi` must stay (hội nghị) though `hoi` alone is a function word (hỏi).
  const viOptions: AnalyzeOptions = { knownBigram: vocab ? (t) => vocab.has('vi', t) : undefined };
  const viTerms = analyzeVi(question, viOptions);
  const slotField: Field = lang === 'en' ? 'en' : hasVietnameseMarks(question) ? 'vix' : 'vi';
  if (lang === 'en') {
    add('en', analyzeEn(question), 1);
    add('vi', viTerms, options.crossWeight);
  } else {
    add('en', analyzeEn(question), options.crossWeight);
    add('vi', viTerms, 1);
    if (slotField === 'vix') add('vix', analyzeViExact(question), options.exactWeight);
  }

  const matched = matchGlossary(question, glossary);
  const names = exactNamesOf(question);
  const analyzeSlot = slotField === 'en' ? analyzeEn : slotField === 'vix' ? analyzeViExact : (t: string) => analyzeVi(t, viOptions);
  const exactNames = new Set(names.flatMap((name) => analyzeSlot(name)));
  const decisive = new Set(decisiveNamesOf(question).flatMap((name) => analyzeSlot(name)));
  let slotWords = (slotField === 'en' ? analyzeEn(question) : slotField === 'vix' ? analyzeViExact(question) : viTerms).filter(isUnigram);
  if (options.joinUnknownWords && vocab && slotField !== 'en') {
    const syllables = viSyllables(question, viOptions).map((s) => ({ term: slotField === 'vix' ? s.exact : s.folded, at: s.at }));
    const glossed = matched.flatMap((m) => m.hit.filter((p) => p.lang === 'vi').flatMap((p) => (slotField === 'vix' ? p.exactTerms : p.terms)));
    // English words of a code-switched question stand on their own (see below), never half of a Vietnamese word.
    const english = syllables.filter((x) => /^[a-z]+$/.test(x.term) && !vocab.has(slotField, x.term) && vocab.has('en', analyzeEn(x.term)[0] ?? '')).map((x) => x.term);
    slotWords = joinUnknownWords(syllables, slotField, vocab, new Set([...exactNames, ...glossed, ...english]));
  }
  // Words of a large stop list ("actually", "besides", "vậy") that the corpus does not use are how
  // people talk, not what they ask about: they do not count against a passage. Words it does use
  // ("information", "member") still count.
  if (options.unknownStopWordsCount === false && vocab) {
    const talk = new Set<string>();
    for (const w of words(question)) {
      if (!(slotField === 'en' ? STOP_LISTS.en : STOP_LISTS.vi).has(w)) continue;
      for (const t of slotField === 'en' ? analyzeEn(w) : slotField === 'vix' ? analyzeViExact(w) : analyzeVi(w, viOptions)) talk.add(t);
    }
    slotWords = slotWords.filter((t) => !(talk.has(t) && !vocab.has(slotField, t)));
  }
  const slots: CoverageSlot[] = [...new Set(slotWords)].map((term) => ({
    field: slotField,
    term,
    strict: exactNames.has(term),
    ...(decisive.has(term) ? { decisive: true } : {}),
    alternatives: [],
    ...(isUnigram(term) ? {} : { parts: term.split('_') }),
  }));
  // Code-switching: an English word in a Vietnamese question ("guideline", "fake news") that the
  // Vietnamese text lacks and the English text has is looked for as the English word it is.
  if (slotField !== 'en' && vocab) {
    for (const slot of slots) {
      if (slot.strict || !/^[a-z]+$/.test(slot.term) || vocab.has(slotField, slot.term)) continue;
      const stem = analyzeEn(slot.term)[0];
      if (!stem || !vocab.has('en', stem)) continue;
      slot.field = 'en';
      slot.term = stem;
      bump(weights.en, stem, 1);
    }
  }

  // A question that names only acronyms asks what they are: look for where they are spelled out.
  if (options.definitionWeight > 0 && slots.length > 0 && slots.every((s) => s.strict)) {
    const field: Field = lang === 'en' ? 'en' : 'vi';
    for (const name of names) if (/\p{L}/u.test(name)) bump(weights[field], definitionTerm(name), options.definitionWeight);
  }
  if (options.wordnetWeight > 0 && lang === 'en' && vocab) {
    for (const [stem, alternatives] of wordnetAlternatives(question, vocab, options.wordnetSenses)) {
      for (const a of alternatives) add('en', a.terms, options.wordnetWeight);
      const slot = slots.find((s) => s.term === stem);
      if (slot) slot.alternatives.push(...alternatives.map((a) => ({ ...a, credit: options.wordnetCredit })));
    }
  }
  if (options.expansionWeight > 0) {
    for (const { group, hit } of matched) {
      for (const p of group.phrases) {
        add(p.lang === 'en' ? 'en' : 'vi', p.terms, options.expansionWeight);
        // Marked questions also search the written forms; their expansions must too, or they weigh half.
        if (p.lang === 'vi' && slotField === 'vix') add('vix', p.exactTerms, options.expansionWeight * options.exactWeight);
      }
      // A relation only ranks: a passage on "the ASEAN Member States" does not answer a question
      // on Vietnam as surely as one naming it. As half credit (like WordNet's) it let 3 more of
      // 31 out-of-scope questions through (dev and first held-out set), for 2 fewer false refusals.
      if (group.relation) continue;
      // Question words inside the matched phrase may be found through any phrase of the group.
      const inPhrase = new Set(hit.filter((p) => p.lang === lang).flatMap((p) => (slotField === 'vix' ? p.exactTerms : p.terms)));
      // English phrases of a Vietnamese question (code-switching) name their slots by English stems.
      const inEnglish = new Set(lang === 'en' ? [] : hit.filter((p) => p.lang === 'en').flatMap((p) => p.terms));
      for (const slot of slots) {
        if (slot.field === 'en' ? inPhrase.has(slot.term) || inEnglish.has(slot.term) : inPhrase.has(slot.term)) slot.alternatives.push(...group.phrases.map((p) => p.presence));
      }
    }
  }
  return { lang, weights, slots };
}
