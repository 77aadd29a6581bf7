/**
 * `npx tsx scripts/plan-fixture.ts`: writes test/fixtures/query-plans.json.gz, the query plans
 * (`planQuery`) of every evaluation question — test/eval/questions, heldout, heldout2, natural
 * and sealed1, plus each follow-up's previous question — against the shipped corpus and glossary.
 * test/retrieval/expand-plans.test.ts checks that `planQuery` still gives exactly these plans.
 *
 * Each question is planned in its own language under several option sets (the shipped defaults
 * with and without the corpus vocabulary, and non-default weights and switches, so every branch
 * of planQuery is taken), and in the other language under the defaults (code-switching paths).
 * Regenerate only when a change of plans is intended, and say why in the commit.
 *
 * The JSON has one case per line and is gzipped (6 MB as text, 0.4 MB gzipped); to see what a
 * regeneration changed: `diff <(git show HEAD:test/fixtures/query-plans.json.gz | zcat) <(zcat test/fixtures/query-plans.json.gz)`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chunkDocuments, DEFAULT_CHUNK_OPTIONS } from '../src/corpus/chunk.js';
import { loadCorpus } from '../src/corpus/load-corpus.js';
import type { Lang } from '../src/corpus/types.js';
import { DEFAULT_QUERY_PLAN_OPTIONS, planQuery, type QueryPlan, type QueryPlanOptions, type QueryVocabulary } from '../src/retrieval/expand.js';
import { GLOSSARY, RELATED } from '../src/retrieval/glossary.js';
import { buildLexicalFields } from '../src/retrieval/lexical.js';
import { compile } from '../src/retrieval/phrases.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const FIXTURE_PATH = `${ROOT}test/fixtures/query-plans.json.gz`;
const SETS = ['questions', 'heldout', 'heldout2', 'natural', 'sealed1'];

/** Option sets; `vocab: false` plans without the corpus vocabulary (as a caller without an index would). */
const CONFIGS: { name: string; options: QueryPlanOptions; vocab: boolean }[] = [
  { name: 'default', options: DEFAULT_QUERY_PLAN_OPTIONS, vocab: true },
  { name: 'no-vocabulary', options: DEFAULT_QUERY_PLAN_OPTIONS, vocab: false },
  {
    name: 'other-weights',
    options: { crossWeight: 0.5, expansionWeight: 0.2, bigramWeight: 0.7, exactWeight: 0.6, definitionWeight: 0.8, wordnetWeight: 0.4, wordnetCredit: 0.25, wordnetSenses: 2, joinUnknownWords: false, unknownStopWordsCount: true },
    vocab: true,
  },
  { name: 'off', options: { ...DEFAULT_QUERY_PLAN_OPTIONS, expansionWeight: 0, definitionWeight: 0, wordnetWeight: 0 }, vocab: true },
];

/** A plan as JSON: each field's weights as [term, weight] pairs in insertion order (the order BM25 adds scores in). */
export function planJson(plan: QueryPlan) {
  return {
    lang: plan.lang,
    weights: Object.fromEntries(Object.entries(plan.weights).map(([field, map]) => [field, [...map]])),
    slots: plan.slots,
  };
}

export interface PlanCase {
  /** `<set>/<id>` (`/previous` for a follow-up's previous question). */
  id: string;
  q: string;
  lang: Lang;
  config: string;
}

export interface PlanFixture {
  cases: (PlanCase & { plan: ReturnType<typeof planJson> })[];
}

/** The cases and, with `plan`, the plans of the current `planQuery`. */
export async function buildPlanFixture(plan: typeof planQuery = planQuery): Promise<PlanFixture> {
  const corpus = await loadCorpus(`${ROOT}corpus`);
  const fields = buildLexicalFields(chunkDocuments(corpus.documents, DEFAULT_CHUNK_OPTIONS));
  const vocabulary: QueryVocabulary = { has: (field, term) => fields[field].df(term) > 0 };
  const glossary = compile(GLOSSARY, RELATED);
  const questions: { id: string; q: string; lang: Lang }[] = [];
  for (const set of SETS) {
    const items = JSON.parse(readFileSync(`${ROOT}test/eval/${set}.json`, 'utf8')) as { id: string; q: string; lang: Lang; previous?: string }[];
    for (const x of items) {
      questions.push({ id: `${set}/${x.id}`, q: x.q, lang: x.lang });
      if (x.previous) questions.push({ id: `${set}/${x.id}/previous`, q: x.previous, lang: x.lang });
    }
  }
  const cases: PlanFixture['cases'] = [];
  for (const { id, q, lang } of questions) {
    for (const c of CONFIGS) cases.push({ id, q, lang, config: c.name, plan: planJson(plan(q, lang, c.options, glossary, c.vocab ? vocabulary : undefined)) });
    const other: Lang = lang === 'en' ? 'vi' : 'en';
    cases.push({ id, q, lang: other, config: 'default', plan: planJson(plan(q, other, DEFAULT_QUERY_PLAN_OPTIONS, glossary, vocabulary)) });
  }
  return { cases };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const fixture = await buildPlanFixture();
  // One case per line: a changed plan shows as a changed line in a diff.
  const json = `{"cases":[\n${fixture.cases.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`;
  // mtime 0 in the gzip header (Node writes none): the same plans give the same bytes.
  writeFileSync(FIXTURE_PATH, gzipSync(json, { level: 9 }));
  console.log(`${fixture.cases.length} plans written to ${FIXTURE_PATH}`);
}
