/**
 * The built index in `embeddings/`: `manifest.json` (what built it, from what), `lexical.bin`
 * (the analysed BM25 fields, see retrieval/lexical-store.ts) and, when a model was available,
 * `vectors.f32` (little-endian float32, one row per chunk in manifest order).
 * No timestamps: building twice from the same corpus and model gives the same bytes.
 *
 *   await writeIndex(dir, manifest, vectors, { bytes, analyzer });
 *   const loaded = await readIndex(dir);   // refuses another schema version
 *   const lexical = await readLexical(dir, loaded.manifest); // checked bytes
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CHUNKER_VERSION, type ChunkOptions } from '../corpus/chunk.js';
import type { Chunk } from '../corpus/types.js';
import { BinaryReader } from '../retrieval/binary.js';
import type { EmbedderInfo } from './model-runner.js';

// 2: manifest.lexical and lexical.bin.
export const INDEX_SCHEMA_VERSION = 2;
const MANIFEST = 'manifest.json';
const VECTORS = 'vectors.f32';
const LEXICAL = 'lexical.bin';

export interface IndexManifest {
  schemaVersion: number;
  /** Model id, or `none` when no model was available (lexical-only; no vectors). */
  model: string;
  dimension: number;
  pooling: 'mean' | 'cls' | null;
  normalize: boolean;
  prefixes: { query: string; passage: string };
  /** sha256 over every corpus file read (path and bytes). */
  corpusHash: string;
  /** sha256 over the chunker version and options. */
  chunkerHash: string;
  chunkIds: string[];
  /**
   * What computed the vectors: library and dtype, e.g. `@huggingface/transformers q8` (see
   * model-runner.ts `runtimeName`). Absent in indexes made before it was recorded, which were all made
   * by `@xenova/transformers` 2.x; such vectors are rebuilt rather than mixed with this runtime's
   * query vectors. Lexical-only indexes leave it out.
   */
  runtime?: string;
  vectors: { file: string; sha256: string; bytes: number } | null;
  /** The stored lexical index; `analyzer` is the fingerprint of the analysis that made it. */
  lexical: { file: string; sha256: string; bytes: number; analyzer: string } | null;
}

/** The lexical index to store beside the vectors: its bytes and the analyzer fingerprint. */
export interface LexicalFile {
  bytes: Buffer;
  analyzer: string;
}

export class IndexError extends Error {
  readonly code = 'E_INDEX';
}

/** Hex sha256, as the manifest records files. */
export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Hash of the corpus files (sorted by path), so any change to any document is seen. */
export function hashCorpus(files: { path: string; bytes: Buffer }[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    h.update(f.path).update('\0').update(f.bytes).update('\0');
  }
  return h.digest('hex');
}

export function hashChunker(options: ChunkOptions): string {
  return sha256(JSON.stringify({ version: CHUNKER_VERSION, options }));
}

/** Short id of what the index was built from (shown in /healthz to compare replicas). */
export function indexHash(corpusHash: string, chunkerHash: string): string {
  return sha256(corpusHash + chunkerHash).slice(0, 16);
}

export function makeManifest(args: {
  chunks: Chunk[];
  corpusHash: string;
  chunkerHash: string;
  model: EmbedderInfo | null;
}): IndexManifest {
  const m = args.model;
  return {
    schemaVersion: INDEX_SCHEMA_VERSION,
    model: m ? m.id : 'none',
    dimension: m ? m.dimension : 0,
    pooling: m ? m.pooling : null,
    normalize: m ? m.normalize : false,
    prefixes: { query: m?.queryPrefix ?? '', passage: m?.passagePrefix ?? '' },
    corpusHash: args.corpusHash,
    chunkerHash: args.chunkerHash,
    chunkIds: args.chunks.map((c) => c.id),
    ...(m ? { runtime: m.runtime } : {}),
    vectors: null,
    lexical: null,
  };
}

/** Packs vectors row by row into one contiguous little-endian buffer. */
export function packVectors(rows: Float32Array[], dimension: number): Buffer {
  const buf = Buffer.alloc(rows.length * dimension * 4);
  rows.forEach((row, i) => {
    if (row.length !== dimension) throw new IndexError(`vector ${i} has ${row.length} values, expected ${dimension}`);
    for (let j = 0; j < dimension; j++) buf.writeFloatLE(row[j], (i * dimension + j) * 4);
  });
  return buf;
}

/** Writes a data file atomically (temp file renamed into place), or removes it when there is none. */
async function writeData(dir: string, name: string, bytes: Buffer | null): Promise<void> {
  if (!bytes) return rm(path.join(dir, name), { force: true });
  await writeFile(path.join(dir, name + '.tmp'), bytes);
  await rename(path.join(dir, name + '.tmp'), path.join(dir, name));
}

/** Writes manifest, vectors and lexical index atomically; the manifest last, so it never names files not yet written. */
export async function writeIndex(dir: string, manifest: IndexManifest, vectors: Buffer | null, lexical: LexicalFile | null = null): Promise<void> {
  await mkdir(dir, { recursive: true });
  const out: IndexManifest = { ...manifest, vectors: null, lexical: null };
  if (vectors) out.vectors = { file: VECTORS, sha256: sha256(vectors), bytes: vectors.length };
  if (lexical) out.lexical = { file: LEXICAL, sha256: sha256(lexical.bytes), bytes: lexical.bytes.length, analyzer: lexical.analyzer };
  await writeData(dir, VECTORS, vectors);
  await writeData(dir, LEXICAL, lexical?.bytes ?? null);
  await writeFile(path.join(dir, MANIFEST + '.tmp'), JSON.stringify(out, null, 2) + '\n');
  await rename(path.join(dir, MANIFEST + '.tmp'), path.join(dir, MANIFEST));
}

export interface LoadedIndex {
  manifest: IndexManifest;
  /** All vectors, contiguous: row i is [i*dimension, (i+1)*dimension). Null for lexical-only. */
  vectors: Float32Array | null;
}

/** Reads and checks `manifest.json`; throws IndexError with a one-line reason when missing, invalid or of another schema. */
export async function readManifest(dir: string): Promise<IndexManifest> {
  let manifest: IndexManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as IndexManifest;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new IndexError(code === 'ENOENT' ? `no ${MANIFEST} in ${dir} (run npm run index)` : `${MANIFEST} in ${dir} is not valid JSON`);
  }
  if (manifest?.schemaVersion !== INDEX_SCHEMA_VERSION) {
    throw new IndexError(`index schema version ${manifest?.schemaVersion} is not ${INDEX_SCHEMA_VERSION} (run npm run index)`);
  }
  if (!Array.isArray(manifest.chunkIds) || typeof manifest.model !== 'string') {
    throw new IndexError(`${MANIFEST} in ${dir} lacks chunkIds or model`);
  }
  return manifest;
}

/** Reads and checks the manifest and vectors; throws IndexError with a one-line reason when missing or corrupt. */
export async function readIndex(dir: string): Promise<LoadedIndex> {
  const manifest = await readManifest(dir);
  if (!manifest.vectors) return { manifest, vectors: null };
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dir, manifest.vectors.file));
  } catch {
    throw new IndexError(`vectors file ${manifest.vectors.file} is missing from ${dir} (run npm run index)`);
  }
  const expected = manifest.chunkIds.length * manifest.dimension * 4;
  if (bytes.length !== expected || bytes.length !== manifest.vectors.bytes || sha256(bytes) !== manifest.vectors.sha256) {
    throw new IndexError(`vectors file in ${dir} is corrupt (size or checksum does not match the manifest; run npm run index)`);
  }
  // One block copy (byte order handled by BinaryReader), not a readFloatLE call per value.
  const vectors = new BinaryReader(bytes).typed(Float32Array, bytes.length / 4);
  return { manifest, vectors };
}

/** The bytes of `lexical.bin`, checked against the manifest; throws IndexError when absent, missing or corrupt. */
export async function readLexical(dir: string, manifest: IndexManifest): Promise<Buffer> {
  if (!manifest.lexical) throw new IndexError(`the index in ${dir} has no ${LEXICAL} (run npm run index)`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dir, manifest.lexical.file));
  } catch {
    throw new IndexError(`${manifest.lexical.file} is missing from ${dir} (run npm run index)`);
  }
  if (bytes.length !== manifest.lexical.bytes || sha256(bytes) !== manifest.lexical.sha256) {
    throw new IndexError(`${manifest.lexical.file} in ${dir} is corrupt (size or checksum does not match the manifest; run npm run index)`);
  }
  return bytes;
}

/** What made the vectors of indexes from before `runtime` was recorded. */
export const OLD_RUNTIME = '@xenova/transformers 2.x';

/**
 * Why an index cannot serve this corpus and model, or null when it can. With `runtime`, vectors
 * made by another library or dtype (including the old `@xenova/transformers` line) are stale too.
 */
export function staleness(
  manifest: IndexManifest,
  current: { corpusHash: string; chunkerHash: string; chunkIds: string[]; model: string; dimension?: number; runtime?: string },
): string | null {
  if (manifest.corpusHash !== current.corpusHash) return 'the corpus changed since the index was built';
  if (manifest.chunkerHash !== current.chunkerHash) return 'the chunker settings changed since the index was built';
  if (manifest.chunkIds.join('\n') !== current.chunkIds.join('\n')) return 'the chunks differ from the index';
  if (manifest.model !== current.model) return `the index was built with model ${manifest.model}, the configured model is ${current.model}`;
  if (current.dimension !== undefined && manifest.dimension !== current.dimension) {
    return `the index has ${manifest.dimension}-d vectors, the model gives ${current.dimension}-d`;
  }
  if (current.runtime !== undefined && manifest.vectors) {
    const made = manifest.runtime ?? OLD_RUNTIME;
    if (made !== current.runtime) return `the vectors were made by ${made}, queries are embedded by ${current.runtime}`;
  }
  return null;
}

/**
 * Why the stored lexical index cannot serve this corpus and analysis, or null when it can:
 * the corpus, chunker and chunk checks of `staleness` (the model plays no part), then the
 * analyzer fingerprint.
 */
export function lexicalStaleness(
  manifest: IndexManifest,
  current: { corpusHash: string; chunkerHash: string; chunkIds: string[]; analyzer: string },
): string | null {
  if (!manifest.lexical) return 'the index has no lexical.bin (run npm run index)';
  const why = staleness(manifest, { ...current, model: manifest.model });
  if (why) return why;
  if (manifest.lexical.analyzer !== current.analyzer) return 'the text analysis changed since the index was built (analyzer fingerprint differs; run npm run index)';
  return null;
}
