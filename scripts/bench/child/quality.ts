/**
 * Retrieval quality on the eval sets (in-scope questions): ours (lexical, as shipped here)
 * against minisearch with its defaults over the same chunks. Rank = position of the first
 * chunk whose paragraph the question lists, within the top 10; refusals are ignored (the
 * engine runs with thresholds off) so both are judged on ranking alone.
 */
import { loadEngine } from '../../../src/answer/engine.js';
import { report } from '../lib/child.js';
import { buildMiniSearch, miniSearchRanking } from '../lib/minisearch.js';
import { engineOptions, evalQuestions } from '../lib/setup.js';

const engine = await loadEngine({ ...engineOptions('lexical'), thresholds: { lexical: -1, hybridLexical: -1, dense: -2 } });
const mini = buildMiniSearch(engine.chunks);
const inScope = evalQuestions().filter((q) => q.paragraphs.length > 0);

function score(ranks: number[]) {
  return {
    n: ranks.length,
    hit1: ranks.filter((r) => r === 0).length / ranks.length,
    mrr: ranks.reduce((s, r) => s + (r >= 0 ? 1 / (r + 1) : 0), 0) / ranks.length,
  };
}

const out: Record<string, { ours: ReturnType<typeof score>; minisearch: ReturnType<typeof score> }> = {};
for (const set of ['dev', 'held-out', 'held-out-2', 'all'] as const) {
  const qs = inScope.filter((q) => set === 'all' || q.set === set);
  const ours: number[] = [];
  const theirs: number[] = [];
  for (const q of qs) {
    const r = await engine.retrieve(q.q, engine.detectLanguage(q.q), 10, 'lexical');
    ours.push(r.hits.findIndex((h) => q.paragraphs.includes(engine.chunks[h.index].paragraph)));
    theirs.push(miniSearchRanking(mini, q.q, 10).findIndex((i) => q.paragraphs.includes(engine.chunks[i].paragraph)));
  }
  out[set] = { ours: score(ours), minisearch: score(theirs) };
}
await engine.close();
report(out);
process.exit(0);
