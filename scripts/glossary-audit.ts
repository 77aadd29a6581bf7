/**
 * `npx tsx scripts/glossary-audit.ts`: glossary and relation phrases that occur in no corpus
 * document (as written, folded) and in exactly one development question. Such an entry may exist
 * for that question alone; each listed one should be a general synonym or a well-known name.
 */
import { readFileSync } from 'node:fs';
import { GLOSSARY, RELATED } from '../src/retrieval/glossary.js';
import { fold, words } from '../src/text/normalize.js';
const corpus = ['vi', 'en'].map((l) => fold(readFileSync(`corpus/kl-declaration-2025/${l}.txt`, 'utf8'))).join(' ');
const qs = ['questions', 'heldout', 'heldout2', 'natural'].flatMap((f) => (JSON.parse(readFileSync(`test/eval/${f}.json`, 'utf8')) as { q: string; previous?: string }[]).map((x) => fold(x.q + ' ' + (x.previous ?? ''))));
const has = (hay: string, p: string) => new RegExp(`(^|[^\\p{L}])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(hay);
for (const [name, groups] of [['GLOSSARY', GLOSSARY.map((g) => ({ en: g.en, vi: g.vi }))], ['RELATED', RELATED.map((r) => r.when)]] as const) {
  for (const g of groups) for (const p of [...g.en, ...g.vi]) {
    const f = words(fold(p)).join(' ');
    if (has(corpus, f)) continue;
    const n = qs.filter((q) => has(words(q).join(' '), f)).length;
    if (n === 1) console.log(name, JSON.stringify(p), n);
  }
}
