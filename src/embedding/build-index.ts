/**
 * Builds index data (manifest + packed vectors) from chunks and, when there is one, a model.
 * Shared by `npm run index` and by the server's rebuild of a stale index.
 *
 *   const { manifest, vectors } = await buildIndexData({ chunks, corpusHash, chunkerHash, embedder });
 */
import type { Chunk } from '../corpus/types.js';
import type { Embedder } from './embedder.js';
import { makeManifest, packVectors, type IndexManifest } from './index-store.js';

/** The text embedded for a chunk: its original language (multilingual models match either language to it). */
export function passageText(chunk: Chunk): string {
  return chunk.text[chunk.originalLanguage] ?? Object.values(chunk.text)[0] ?? '';
}

export async function buildIndexData(args: {
  chunks: Chunk[];
  corpusHash: string;
  chunkerHash: string;
  embedder: Embedder | null;
}): Promise<{ manifest: IndexManifest; vectors: Buffer | null; rows: Float32Array[] | null }> {
  const manifest = makeManifest({ ...args, model: args.embedder?.info ?? null });
  if (!args.embedder) return { manifest, vectors: null, rows: null };
  const rows = await args.embedder.embedPassages(args.chunks.map(passageText));
  return { manifest, vectors: packVectors(rows, args.embedder.info.dimension), rows };
}
