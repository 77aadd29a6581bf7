/**
 * Lexical ranking over both languages of every chunk: BM25 fields `en` (stems), `vi` (folded
 * syllables) and `vix` (syllables as written), queried with the plan from `planQuery`
 * (question language, cross-language, glossary, WordNet), plus the coverage signal that
 * decides whether the corpus answers the question at all.
 *
 *   const lexical = buildLexical(chunks);
 *   lexical.search('Where is the next AMRI?', 'en', 10) // [{ index, score, coverage }, …]
 */
import type { Chunk, Lang } from '../corpus/types.js';
import { definedAcronyms, definitionTerm } from './acronyms.js';
import { DEFAULT_GLOSSARY, type Glossary } from './glossary.js';
import { compile, type CompiledGroup } from './phrases.js';
import { quantityAsked, statesQuantity } from './quantity.js';
import { topK } from './top-k.js';
import { buildBm25, DEFAULT_BM25_OPTIONS, type Bm25Index, type Bm25Options } from './bm25.js';
import {
  DEFAULT_QUERY_PLAN_OPTIONS,
  FIELD_ANALYZERS,
  FIELD_LANG,
  FIELDS,
  planQuery,
  type CoverageSlot,
  type Field,
  type PhraseTerms,
  type QueryPlan,
  type QueryPlanOptions,
} from './expand.js';

export interface LexicalOptions extends QueryPlanOptions {
  bm25: Bm25Options;
  /** Least weight of a question word in the coverage signal, so words found everywhere (ASEAN) still count. Default 1. */
  coverageIdfFloor: number;
  /** Weight multiplier of a number or acronym in the coverage signal. Default 2. */
  strictWeight: number;
  /**
   * An acronym, ordinal or year of the question that the corpus never uses (`16th AMRI`, `EU`,
   * `2024`) means the question is about something else: coverage is then 0 for every chunk. Default true.
   */
  unknownNameRefuses: boolean;
  /** A question asking how many / how much is covered only by a chunk stating a quantity of it (see quantity.ts). Default true. */
  quantityNeedsNumber: boolean;
  /** Synonym groups and relations of the corpus's subject (see glossary.ts). Default: the shipped corpus's. */
  glossary: Glossary;
}

export const DEFAULT_LEXICAL_OPTIONS: Readonly<LexicalOptions> = Object.freeze({
  ...DEFAULT_QUERY_PLAN_OPTIONS,
  // Paragraphs of one news report are short and of similar length: lighter length normalisation
  // than the textbook 0.75. Dev set: same ranking, one in-scope refusal fewer; retrieving each
  // paragraph from 3-word windows of its own Vietnamese text: hit@1 0.834 against 0.826.
  bm25: Object.freeze({ ...DEFAULT_BM25_OPTIONS, b: 0.5 }),
  coverageIdfFloor: 1,
  strictWeight: 2,
  unknownNameRefuses: true,
  quantityNeedsNumber: true,
  glossary: DEFAULT_GLOSSARY,
});

export interface LexicalHit {
  /** Position of the chunk in the array the index was built from. */
  index: number;
  score: number;
  /**
   * Share (0–1) of the question's word weight (idf) found in this chunk, directly or through the
   * glossary (WordNet synonyms earn part of it): the no-answer signal.
   */
  coverage: number;
  /**
   * The heaviest known question word this chunk lacks, as a share (0–1) of the heaviest known
   * word's weight: 1 when the question's most specific word is missing here, whatever else matches.
   */
  peakMissing: number;
}

/** Why a question scored as it did: its plan and the question words the corpus never uses. */
export interface LexicalExplanation {
  plan: QueryPlan;
  unknown: string[];
}

/** The ranked hits and what the question's words say about the corpus as a whole. */
export interface LexicalSearch {
  hits: LexicalHit[];
  /** Share (0–1) of the question's word weight that no chunk has, not even through an alternative. */
  unknownShare: number;
}

export interface LexicalRetriever {
  /** The glossary it was built with, compiled (quantity checks elsewhere read it too). */
  readonly glossary: readonly CompiledGroup[];
  search(question: string, lang: Lang, limit: number): LexicalHit[];
  /** `search` with the corpus-wide signals of the question. */
  searchWithSignals(question: string, lang: Lang, limit: number): LexicalSearch;
  /** The query plan and the unknown question words (eval and debugging). */
  explain?(question: string, lang: Lang): LexicalExplanation;
}

/** Terms of one chunk text for one field; the `en`/`vi` fields also mark acronyms the text spells out. */
export function fieldTerms(field: Field, text: string): string[] {
  const terms = FIELD_ANALYZERS[field](text);
  return field === 'vix' ? terms : [...terms, ...definedAcronyms(text).map(definitionTerm)];
}

/** The BM25 index of each field, one document per chunk: the costly part, stored in `lexical.bin`. */
export type LexicalFields = Record<Field, Bm25Index>;

/**
 * Analyses every chunk into the BM25 fields (what `buildLexical` does when given none).
 *
 *   const fields = buildLexicalFields(chunks);
 *   buildLexical(chunks, {}, { fields }) // same results as buildLexical(chunks)
 */
export function buildLexicalFields(chunks: Chunk[], bm25: Bm25Options = DEFAULT_LEXICAL_OPTIONS.bm25): LexicalFields {
  const fields = {} as LexicalFields;
  for (const field of FIELDS) {
    const lang = FIELD_LANG[field];
    fields[field] = buildBm25(
      chunks.map((c) => (c.text[lang] ? fieldTerms(field, c.text[lang]!) : [])),
      bm25,
    );
  }
  return fields;
}

/**
 * `prebuilt.fields` (e.g. loaded from `lexical.bin`) skips the analysis; they must have been
 * built from these chunks, in this order, with `options.bm25`.
 */
export function buildLexical(
  chunks: Chunk[],
  options: Partial<LexicalOptions> = DEFAULT_LEXICAL_OPTIONS,
  prebuilt: { fields?: LexicalFields } = {},
): LexicalRetriever {
  const o: LexicalOptions = { ...DEFAULT_LEXICAL_OPTIONS, ...options };
  const fields = prebuilt.fields ?? buildLexicalFields(chunks, o.bm25);
  for (const f of FIELDS) {
    if (fields[f].size !== chunks.length) throw new RangeError(`lexical field ${f} has ${fields[f].size} documents for ${chunks.length} chunks`);
    const { k1, b } = fields[f].data.options;
    if (k1 !== o.bm25.k1 || b !== o.bm25.b) throw new RangeError(`lexical field ${f} was built with k1=${k1} b=${b}, options say k1=${o.bm25.k1} b=${o.bm25.b}`);
  }
  const vocabulary = { has: (field: Field, term: string) => fields[field].df(term) > 0 };
  const glossary = compile(o.glossary.groups, o.glossary.relations);
  const phraseIn = (doc: number, p: PhraseTerms) => p.terms.every((t) => fields[p.field].has(doc, t));

  /** Share of the slot's weight that chunk `doc` earns: 1 when it has the word, an alternative's credit otherwise. */
  const earned = (doc: number, slot: CoverageSlot, plan: QueryPlan): number => {
    // A chunk without the question's language is judged on the terms it has in any field.
    const own = chunks[doc].text[plan.lang] ? [slot.field] : FIELDS;
    if (own.some((f) => fields[f].has(doc, slot.term))) return 1;
    let best = 0;
    for (const a of slot.alternatives) if ((a.credit ?? 1) > best && phraseIn(doc, a)) best = a.credit ?? 1;
    return best;
  };
  const known = (slot: CoverageSlot) =>
    FIELDS.some((f) => fields[f].df(slot.term) > 0) || slot.alternatives.some((a) => a.terms.every((t) => fields[a.field].df(t) > 0));
  const termWeight = (field: Field, term: string) => Math.max(o.coverageIdfFloor, fields[field].idf(term));
  const weightOf = (slot: CoverageSlot) =>
    (slot.parts ? slot.parts.reduce((sum, p) => sum + termWeight(slot.field, p), 0) : termWeight(slot.field, slot.term)) *
    (slot.strict ? o.strictWeight : 1);

  /** Each slot of a plan with its weight and whether the corpus knows it, worked out once per search. */
  const slotFacts = (plan: QueryPlan) => plan.slots.map((slot) => ({ slot, weight: weightOf(slot), known: known(slot) }));
  type SlotFacts = ReturnType<typeof slotFacts>;

  /** Coverage and peakMissing of chunk `doc`, from one look at each slot. */
  const judge = (plan: QueryPlan, facts: SlotFacts, doc: number) => {
    let total = 0;
    let found = 0;
    let heaviest = 0;
    let missing = 0;
    for (const { slot, weight, known } of facts) {
      const e = earned(doc, slot, plan);
      total += weight;
      found += weight * e;
      if (!known) continue;
      heaviest = Math.max(heaviest, weight);
      missing = Math.max(missing, weight * (1 - e));
    }
    return { coverage: total > 0 ? found / total : 0, peakMissing: heaviest > 0 ? missing / heaviest : 0 };
  };

  const unknownShareOf = (facts: SlotFacts) => {
    let total = 0;
    let unknown = 0;
    for (const { weight, known } of facts) {
      total += weight;
      if (!known) unknown += weight;
    }
    return total > 0 ? unknown / total : 0;
  };

  function searchWithSignals(question: string, lang: Lang, limit: number): LexicalSearch {
    const plan = planQuery(question, lang, o, glossary, vocabulary);
    const scores = new Float64Array(chunks.length);
    for (const field of FIELDS) fields[field].scoreWeighted(plan.weights[field], scores);
    const top: LexicalHit[] = topK(scores, limit).map((index) => ({ index, score: scores[index], coverage: 0, peakMissing: 1 }));
    const facts = slotFacts(plan);
    const refuse = o.unknownNameRefuses && facts.some((f) => f.slot.decisive && !f.known);
    if (!refuse) for (const h of top) Object.assign(h, judge(plan, facts, h.index));
    const asked = o.quantityNeedsNumber ? quantityAsked(question) : null;
    if (asked) {
      for (const h of top) {
        const text = chunks[h.index].text[lang] ?? Object.values(chunks[h.index].text).find(Boolean) ?? '';
        if (!statesQuantity(text, asked, glossary)) h.coverage = 0;
      }
    }
    return { hits: top, unknownShare: unknownShareOf(facts) };
  }

  return {
    glossary,
    search: (question, lang, limit) => searchWithSignals(question, lang, limit).hits,
    searchWithSignals,
    explain(question, lang) {
      const plan = planQuery(question, lang, o, glossary, vocabulary);
      return { plan, unknown: plan.slots.filter((s) => !known(s)).map((s) => s.term) };
    },
  };
}
