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
import { isUnigram, matchGlossary, type CompiledGroup, type Field, type GlossaryMatch, type PhraseTerms } from './phrases.js';
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

/**
 * The plan is built in steps, each from values to new values: the question read once
 * (`readQuestion`), its words as coverage slots (`slotWordsOf`, `slotsOf`), then what each later
 * step adds — English words of a Vietnamese question (`codeSwitched`), acronym definitions
 * (`definitionWeights`), WordNet synonyms (`wordnetExpansion`) and glossary phrases
 * (`glossaryExpansion`). A step returns weighted terms, in order; `weightsOf` folds them into the
 * field maps at the end (each term keeps its highest weight, and its place of first mention).
 */
export function planQuery(question: string, lang: Lang, options: QueryPlanOptions, glossary: readonly CompiledGroup[], vocab?: QueryVocabulary): QueryPlan {
  const reading = readQuestion(question, lang, vocab);
  const matched = matchGlossary(question, glossary);
  const names = exactNamesOf(question);
  const slots = slotsOf(reading, slotWordsOf(reading, options, matched, vocab), names);
  const english = codeSwitched(reading, slots, vocab);
  const wordnet = wordnetExpansion(reading, english.slots, options, vocab);
  const expanded = glossaryExpansion(reading, wordnet.slots, options, matched);
  // In this order: a map keeps a term where it was first set, and BM25 adds scores in map order.
  const weights = weightsOf([
    ...questionWeights(reading, options),
    ...english.weights,
    ...definitionWeights(lang, english.slots, names, options),
    ...wordnet.weights,
    ...expanded.weights,
  ]);
  return { lang, weights, slots: expanded.slots };
}

/** A term to look for in a field, at a weight. */
interface WeightedTerm {
  field: Field;
  term: string;
  weight: number;
}

/** What a later step makes of the slots (a changed slot is a new object; the slots given are not changed), and the terms it adds. */
interface Expansion {
  slots: CoverageSlot[];
  weights: WeightedTerm[];
}

/** The question as every step reads it. */
interface Reading {
  question: string;
  lang: Lang;
  /** Field the coverage slots name their terms in: `en`, `vix` for Vietnamese typed with marks, else `vi`. */
  slotField: Field;
  /** The analyser of `slotField`. */
  analyzeSlot: (text: string) => string[];
  /** Options of the folded Vietnamese analysis. */
  viOptions: AnalyzeOptions;
}

function readQuestion(question: string, lang: Lang, vocab?: QueryVocabulary): Reading {
  // Without marks, `hoi nghi` must stay (hội nghị) though `hoi` alone is a function word (hỏi).
  const viOptions: AnalyzeOptions = { knownBigram: vocab ? (t) => vocab.has('vi', t) : undefined };
  const slotField: Field = lang === 'en' ? 'en' : hasVietnameseMarks(question) ? 'vix' : 'vi';
  const analyzeSlot = slotField === 'en' ? analyzeEn : slotField === 'vix' ? analyzeViExact : (t: string) => analyzeVi(t, viOptions);
  return { question, lang, slotField, analyzeSlot, viOptions };
}

/** `terms` in `field` at `weight`, a bigram at `weight × bigramWeight`. */
function weighted(field: Field, terms: string[], weight: number, options: QueryPlanOptions): WeightedTerm[] {
  return terms.map((term) => ({ field, term, weight: isUnigram(term) ? weight : weight * options.bigramWeight }));
}

/** The question's own terms: its language at 1, the other language at `crossWeight`, and the written forms of a marked question at `exactWeight`. */
function questionWeights({ question, lang, slotField, viOptions }: Reading, options: QueryPlanOptions): WeightedTerm[] {
  const en = analyzeEn(question);
  const vi = analyzeVi(question, viOptions);
  if (lang === 'en') return [...weighted('en', en, 1, options), ...weighted('vi', vi, options.crossWeight, options)];
  return [
    ...weighted('en', en, options.crossWeight, options),
    ...weighted('vi', vi, 1, options),
    ...(slotField === 'vix' ? weighted('vix', analyzeViExact(question), options.exactWeight, options) : []),
  ];
}

/** The question words an answer should contain, in order (repeats included). */
function slotWordsOf(reading: Reading, options: QueryPlanOptions, matched: GlossaryMatch[], vocab?: QueryVocabulary): string[] {
  const slotWords =
    options.joinUnknownWords && vocab && reading.slotField !== 'en' ? joinedWords(reading, reading.slotField, matched, vocab) : reading.analyzeSlot(reading.question).filter(isUnigram);
  return options.unknownStopWordsCount === false && vocab ? withoutTalk(reading, slotWords, vocab) : slotWords;
}

/** Vietnamese syllables, a known one joined with an unknown neighbour into one missing word (see unknown-words.ts). */
function joinedWords({ question, analyzeSlot, viOptions }: Reading, slotField: 'vi' | 'vix', matched: GlossaryMatch[], vocab: QueryVocabulary): string[] {
  const syllables = viSyllables(question, viOptions).map((s) => ({ term: slotField === 'vix' ? s.exact : s.folded, at: s.at }));
  // Never joined: names, words of a glossary phrase, and the English words of a code-switched
  // question, which stand on their own (see codeSwitched), never half of a Vietnamese word.
  const names = exactNamesOf(question).flatMap((name) => analyzeSlot(name));
  const glossed = matched.flatMap((m) => m.hit.filter((p) => p.lang === 'vi').flatMap((p) => (slotField === 'vix' ? p.exactTerms : p.terms)));
  const english = syllables.filter((x) => /^[a-z]+$/.test(x.term) && !vocab.has(slotField, x.term) && vocab.has('en', analyzeEn(x.term)[0] ?? '')).map((x) => x.term);
  return joinUnknownWords(syllables, slotField, vocab, new Set([...names, ...glossed, ...english]));
}

/**
 * Words of a large stop list ("actually", "besides", "vậy") that the corpus does not use are how
 * people talk, not what they ask about: they do not count against a passage. Words it does use
 * ("information", "member") still count.
 */
function withoutTalk({ question, slotField, analyzeSlot }: Reading, slotWords: string[], vocab: QueryVocabulary): string[] {
  const stopList = slotField === 'en' ? STOP_LISTS.en : STOP_LISTS.vi;
  const talk = new Set(words(question).filter((w) => stopList.has(w)).flatMap((w) => analyzeSlot(w)));
  return slotWords.filter((t) => !(talk.has(t) && !vocab.has(slotField, t)));
}

/** One slot per distinct word; numbers and acronyms (`names`) are strict, and some of them decisive. */
function slotsOf({ question, slotField, analyzeSlot }: Reading, slotWords: string[], names: string[]): CoverageSlot[] {
  const exactNames = new Set(names.flatMap((name) => analyzeSlot(name)));
  const decisive = new Set(decisiveNamesOf(question).flatMap((name) => analyzeSlot(name)));
  return [...new Set(slotWords)].map((term) => ({
    field: slotField,
    term,
    strict: exactNames.has(term),
    ...(decisive.has(term) ? { decisive: true } : {}),
    alternatives: [],
    ...(isUnigram(term) ? {} : { parts: term.split('_') }),
  }));
}

/**
 * Code-switching: an English word in a Vietnamese question ("guideline", "fake news") that the
 * Vietnamese text lacks and the English text has is looked for as the English word it is.
 */
function codeSwitched({ slotField }: Reading, slots: CoverageSlot[], vocab?: QueryVocabulary): Expansion {
  if (slotField === 'en' || !vocab) return { slots, weights: [] };
  const englishStem = (slot: CoverageSlot): string | undefined => {
    if (slot.strict || !/^[a-z]+$/.test(slot.term) || vocab.has(slotField, slot.term)) return undefined;
    const stem = analyzeEn(slot.term)[0];
    return stem && vocab.has('en', stem) ? stem : undefined;
  };
  const switched = slots.map((slot): CoverageSlot => {
    const stem = englishStem(slot);
    return stem ? { ...slot, field: 'en', term: stem } : slot;
  });
  const weights = switched.filter((slot, i) => slot !== slots[i]).map((slot) => ({ field: 'en' as const, term: slot.term, weight: 1 }));
  return { slots: switched, weights };
}

/** A question that names only acronyms asks what they are: look for where they are spelled out. */
function definitionWeights(lang: Lang, slots: CoverageSlot[], names: string[], options: QueryPlanOptions): WeightedTerm[] {
  if (!(options.definitionWeight > 0 && slots.length > 0 && slots.every((s) => s.strict))) return [];
  const field: Field = lang === 'en' ? 'en' : 'vi';
  return names.filter((name) => /\p{L}/u.test(name)).map((name) => ({ field, term: definitionTerm(name), weight: options.definitionWeight }));
}

/** `slots` with `more(slot)` appended to each one's alternatives (a slot with nothing to add is kept as it is). */
function withAlternatives(slots: CoverageSlot[], more: (slot: CoverageSlot, index: number) => PhraseTerms[]): CoverageSlot[] {
  return slots.map((slot, i) => {
    const added = more(slot, i);
    return added.length > 0 ? { ...slot, alternatives: [...slot.alternatives, ...added] } : slot;
  });
}

/** English question words the corpus lacks: their in-corpus WordNet synonyms, searched and counted at part credit. */
function wordnetExpansion({ question, lang }: Reading, slots: CoverageSlot[], options: QueryPlanOptions, vocab?: QueryVocabulary): Expansion {
  if (!(options.wordnetWeight > 0 && lang === 'en' && vocab)) return { slots, weights: [] };
  const synonyms = wordnetAlternatives(question, vocab, options.wordnetSenses);
  const weights = [...synonyms.values()].flatMap((alternatives) => alternatives.flatMap((a) => weighted('en', a.terms, options.wordnetWeight, options)));
  // A stem's synonyms go to the first slot of that term.
  const first = (slot: CoverageSlot, i: number) => slots.findIndex((s) => s.term === slot.term) === i;
  const more = (slot: CoverageSlot, i: number) =>
    first(slot, i) ? (synonyms.get(slot.term) ?? []).map((a) => ({ ...a, credit: options.wordnetCredit })) : [];
  return { slots: withAlternatives(slots, more), weights };
}

/**
 * The phrases of every glossary group the question uses are searched; a slot whose word is in the
 * matched phrase may be found through any phrase of the group (not through a relation's).
 */
function glossaryExpansion({ lang, slotField }: Reading, slots: CoverageSlot[], options: QueryPlanOptions, matched: GlossaryMatch[]): Expansion {
  if (!(options.expansionWeight > 0)) return { slots, weights: [] };
  const weights = matched.flatMap(({ group }) =>
    group.phrases.flatMap((p) => [
      ...weighted(p.lang === 'en' ? 'en' : 'vi', p.terms, options.expansionWeight, options),
      // Marked questions also search the written forms; their expansions must too, or they weigh half.
      ...(p.lang === 'vi' && slotField === 'vix' ? weighted('vix', p.exactTerms, options.expansionWeight * options.exactWeight, options) : []),
    ]),
  );
  // A relation only ranks: a passage on "the ASEAN Member States" does not answer a question
  // on Vietnam as surely as one naming it. As half credit (like WordNet's) it let 3 more of
  // 31 out-of-scope questions through (dev and first held-out set), for 2 fewer false refusals.
  const synonymGroups = matched.filter(({ group }) => !group.relation).map(({ group, hit }) => ({
    presences: group.phrases.map((p) => p.presence),
    // Question words inside the matched phrase, as the slots name them.
    inPhrase: new Set(hit.filter((p) => p.lang === lang).flatMap((p) => (slotField === 'vix' ? p.exactTerms : p.terms))),
    // English phrases of a Vietnamese question (code-switching) name their slots by English stems.
    inEnglish: new Set(lang === 'en' ? [] : hit.filter((p) => p.lang === 'en').flatMap((p) => p.terms)),
  }));
  const more = (slot: CoverageSlot) =>
    synonymGroups.filter((g) => g.inPhrase.has(slot.term) || (slot.field === 'en' && g.inEnglish.has(slot.term))).flatMap((g) => g.presences);
  return { slots: withAlternatives(slots, more), weights };
}

/** The field maps of a list of weighted terms: each term at its highest weight, in order of first mention. */
function weightsOf(terms: WeightedTerm[]): Record<Field, Map<string, number>> {
  const weights: Record<Field, Map<string, number>> = { vi: new Map(), vix: new Map(), en: new Map() };
  for (const { field, term, weight } of terms) {
    const map = weights[field];
    if ((map.get(term) ?? 0) < weight) map.set(term, weight);
  }
  return weights;
}
