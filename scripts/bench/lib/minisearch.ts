/**
 * minisearch with its defaults (tokenizer, term processing, OR query, no prefix or fuzzy
 * matching), indexing both languages of each chunk as two fields.
 */
import MiniSearch from 'minisearch';
import type { Chunk } from '../../../src/corpus/types.js';

export interface MiniDoc {
  id: number;
  vi: string;
  en: string;
}

export function buildMiniSearch(chunks: Chunk[]): MiniSearch<MiniDoc> {
  const ms = new MiniSearch<MiniDoc>({ fields: ['vi', 'en'] });
  ms.addAll(chunks.map((c, i) => ({ id: i, vi: c.text.vi ?? '', en: c.text.en ?? '' })));
  return ms;
}

/** Chunk indexes, best first, at most `limit`. */
export function miniSearchRanking(ms: MiniSearch<MiniDoc>, question: string, limit: number): number[] {
  return ms
    .search(question)
    .slice(0, limit)
    .map((r) => r.id as number);
}
