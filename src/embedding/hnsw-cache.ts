/**
 * The HNSW graph of DENSE_INDEX=hnsw, kept beside the vectors as a cache: `dense.hnsw` (the
 * graph, hnswlib's own format) and `dense.hnsw.json` (what it was built from). The first start
 * builds and saves it; later starts load it while it was made from the same vectors (sha256)
 * with the same settings, and rebuild it otherwise. Building takes minutes at 100k chunks;
 * loading, about a second. Not committed (.gitignore): it is derived from `vectors.f32`.
 *
 *   const graph = await loadOrBuildHnsw('embeddings', vectors, 384, manifest.vectors.sha256);
 *   graph.source // 'loaded' | 'built'
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildHnswDense, HNSW_DEFAULTS, loadHnswDense, type HnswDenseRetriever } from '../retrieval/dense-hnsw.js';

export const GRAPH_FILE = 'dense.hnsw';
export const GRAPH_KEY_FILE = 'dense.hnsw.json';
/** Bump when what the key file records, or how the graph is built, changes. */
const GRAPH_FORMAT = 1;

/** What a saved graph was built from: all of it must match for the graph to be used. */
export interface GraphKey {
  format: number;
  vectorsSha256: string;
  rows: number;
  dimension: number;
  m: number;
  efConstruction: number;
  seed: number;
}

export type LoadedGraph =
  | { retriever: HnswDenseRetriever; source: 'loaded' }
  /** `because`: why no saved graph was used; `saveError`: why the new one could not be saved (it is used anyway). */
  | { retriever: HnswDenseRetriever; source: 'built'; because: string; saveError?: string };

function keyFor(vectorsSha256: string, rows: number, dimension: number): GraphKey {
  const { m, efConstruction, seed } = HNSW_DEFAULTS;
  return { format: GRAPH_FORMAT, vectorsSha256, rows, dimension, m, efConstruction, seed };
}

/** Why the saved key does not describe the graph wanted, or null when it does. */
function mismatch(saved: Partial<GraphKey>, wanted: GraphKey): string | null {
  for (const field of Object.keys(wanted) as (keyof GraphKey)[]) {
    if (saved[field] !== wanted[field]) return `${GRAPH_KEY_FILE} has ${field} ${String(saved[field])}, wanted ${wanted[field]}`;
  }
  return null;
}

async function tryLoad(dir: string, vectors: Float32Array, dimension: number, wanted: GraphKey): Promise<HnswDenseRetriever | string> {
  let saved: Partial<GraphKey>;
  try {
    saved = JSON.parse(await readFile(path.join(dir, GRAPH_KEY_FILE), 'utf8')) as Partial<GraphKey>;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? `no saved graph in ${dir}` : `${GRAPH_KEY_FILE} cannot be read (${(err as Error).message})`;
  }
  const why = mismatch(saved, wanted);
  if (why) return why;
  try {
    return loadHnswDense(path.join(dir, GRAPH_FILE), vectors, dimension);
  } catch (err) {
    return `${GRAPH_FILE} cannot be loaded (${(err as Error).message})`;
  }
}

/** Saves graph then key, each through a temporary name, so a crash never leaves a key naming a half-written graph. */
async function save(dir: string, graph: HnswDenseRetriever, key: GraphKey): Promise<void> {
  const tmp = `.tmp-${process.pid}`;
  // The old key goes first: until the new one is in place, no key describes the graph file.
  await rm(path.join(dir, GRAPH_KEY_FILE), { force: true });
  graph.save(path.join(dir, GRAPH_FILE + tmp));
  await rename(path.join(dir, GRAPH_FILE + tmp), path.join(dir, GRAPH_FILE));
  await writeFile(path.join(dir, GRAPH_KEY_FILE + tmp), JSON.stringify(key, null, 2) + '\n');
  await rename(path.join(dir, GRAPH_KEY_FILE + tmp), path.join(dir, GRAPH_KEY_FILE));
}

/**
 * The graph over `vectors`: loaded from `dir` when it was saved for exactly these vectors
 * (`vectorsSha256` of their little-endian bytes) and settings, else built and saved there.
 * Never fails for a missing, stale, corrupt or unwritable cache: it builds and says why.
 */
export async function loadOrBuildHnsw(dir: string, vectors: Float32Array, dimension: number, vectorsSha256: string): Promise<LoadedGraph> {
  const wanted = keyFor(vectorsSha256, dimension > 0 ? vectors.length / dimension : 0, dimension);
  const loaded = await tryLoad(dir, vectors, dimension, wanted);
  if (typeof loaded !== 'string') return { retriever: loaded, source: 'loaded' };
  const retriever = buildHnswDense(vectors, dimension);
  try {
    await save(dir, retriever, wanted);
    return { retriever, source: 'built', because: loaded };
  } catch (err) {
    return { retriever, source: 'built', because: loaded, saveError: (err as Error).message };
  }
}
