/**
 * Lexical ranking over both languages of every chunk: one BM25 field per language,
 * queried with the plan from `planQuery` (question language, cross-language, glossary).
 *
 *   const lexical = buildLexical(chunks);
 *   lexical.search('Where is the next AMRI?', 'en', 10) // [{ index, score, coverage }, …]
 */
import type { Chunk, Lang } from '../corpus/types.js';
import { buildBm25, DEFAULT_BM25_OPTIONS, type Bm25Index, type Bm25Options } from './bm25.js';
import { ANALYZERS, planQuery, type QueryPlan, type QueryPlanOptions } from './expand.js';

export interface LexicalOptions extends QueryPlanOptions {
  bm25: Bm25Options;
  /** Least weight of a question word in the coverage signal, so words found everywhere (ASEAN) still count. Default 1. */
  coverageIdfFloor: number;
}

export const DEFAULT_LEXICAL_OPTIONS: Readonly<LexicalOptions> = Object.freeze({
  bm25: DEFAULT_BM25_OPTIONS,
  crossWeight: 0.3,
  expansionWeight: 0.3,
  coverageIdfFloor: 1,
});

export interface LexicalHit {
  /** Position of the chunk in the array the index was built from. */
  index: number;
  score: number;
  /** Share (0–1) of the question's word weight (idf) found in this chunk, directly or through the glossary: the no-answer signal. */
  coverage: number;
}

export interface LexicalRetriever {
  search(question: string, lang: Lang, limit: number): LexicalHit[];
}

export function buildLexical(chunks: Chunk[], options: LexicalOptions = DEFAULT_LEXICAL_OPTIONS): LexicalRetriever {
  const fields = {} as Record<Lang, Bm25Index>;
  for (const lang of ['vi', 'en'] as Lang[]) {
    fields[lang] = buildBm25(
      chunks.map((c) => (c.text[lang] ? ANALYZERS[lang](c.text[lang]!) : [])),
      options.bm25,
    );
  }
  const coverageOf = (plan: QueryPlan, doc: number) => {
    // A chunk without the question's language is judged on the language it has.
    const lang: Lang = chunks[doc].text[plan.lang] ? plan.lang : plan.lang === 'vi' ? 'en' : 'vi';
    let total = 0;
    let found = 0;
    for (const slot of plan.slots) {
      const w = Math.max(options.coverageIdfFloor, fields[plan.lang].idf(slot.term)) * (slot.strict ? 2 : 1);
      total += w;
      if (fields[lang].has(doc, slot.term) || slot.alternatives.some((a) => fields[a.lang].has(doc, a.term))) found += w;
    }
    return total > 0 ? found / total : 0;
  };
  return {
    search(question, lang, limit) {
      const plan = planQuery(question, lang, options);
      const scores = fields.vi.scoreWeighted(plan.weights.vi);
      fields.en.scoreWeighted(plan.weights.en, scores);
      const hits: LexicalHit[] = [];
      for (let i = 0; i < scores.length; i++) if (scores[i] > 0) hits.push({ index: i, score: scores[i], coverage: 0 });
      hits.sort((a, b) => b.score - a.score || a.index - b.index);
      const top = hits.slice(0, limit);
      for (const h of top) h.coverage = coverageOf(plan, h.index);
      return top;
    },
  };
}
