/**
 * Builds index data (manifest, packed vectors, lexical.bin) from chunks and, when there is one,
 * a model. Shared by `npm run index` and by the server's rebuild of a stale index.
 *
 *   const { manifest, vectors, lexical } = await buildIndexData({ chunks, corpusHash, chunkerHash, embedder });
 *   await writeIndex(dir, manifest, vectors, lexical);
 */
import type { Chunk } from '../corpus/types.js';
import { analyzerFingerprint, buildStoredLexical, encodeLexical, type StoredLexical } from '../retrieval/lexical-store.js';
import type { Embedder } from './embedder.js';
import { makeManifest, packVectors, type IndexManifest, type LexicalFile } from './index-store.js';

/** The text embedded for a chunk: its original language (multilingual models match either language to it). */
export function passageText(chunk: Chunk): string {
  return chunk.text[chunk.originalLanguage] ?? Object.values(chunk.text)[0] ?? '';
}

/** `lexical.bin` for these chunks; `prebuilt` (already analysed from the same chunks) skips the analysis. */
export function buildLexicalFile(chunks: Chunk[], prebuilt?: StoredLexical): LexicalFile {
  return { bytes: encodeLexical(prebuilt ?? buildStoredLexical(chunks)), analyzer: analyzerFingerprint() };
}

export async function buildIndexData(args: {
  chunks: Chunk[];
  corpusHash: string;
  chunkerHash: string;
  embedder: Embedder | null;
  /** The lexical index already built from `chunks` (the engine has one in memory). */
  lexical?: StoredLexical;
}): Promise<{ manifest: IndexManifest; vectors: Buffer | null; rows: Float32Array[] | null; lexical: LexicalFile }> {
  const manifest = makeManifest({ ...args, model: args.embedder?.info ?? null });
  const lexical = buildLexicalFile(args.chunks, args.lexical);
  if (!args.embedder) return { manifest, vectors: null, rows: null, lexical };
  const rows = await args.embedder.embedPassages(args.chunks.map(passageText));
  return { manifest, vectors: packVectors(rows, args.embedder.info.dimension), rows, lexical };
}
