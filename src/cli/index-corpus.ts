/**
 * `npm run index [-- --require-model]`: builds `embeddings/` from `corpus/`: always the
 * analysed lexical index (`lexical.bin`); with the configured model available, vectors too;
 * otherwise a lexical-only manifest (model `none`), and says so — or fails with --require-model.
 * Same corpus + model + analysis → same bytes.
 */
import { chunkDocuments, DEFAULT_CHUNK_OPTIONS } from '../corpus/chunk.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import { buildIndexData } from '../embedding/build-index.js';
import { loadEmbedder, type Embedder } from '../embedding/embedder.js';
import { hashChunker, hashCorpus, indexHash, writeIndex } from '../embedding/index-store.js';
import { ConfigError, loadConfig } from '../config.js';

async function main(argv: string[]): Promise<number> {
  const requireModel = argv.includes('--require-model');
  const config = loadConfig();
  const corpus = await loadCorpus(config.corpusDir);
  for (const p of corpus.problems) console.error(`skipped ${p.path}: ${p.reason}`);
  if (corpus.documents.length === 0) {
    console.error(`no usable documents in ${config.corpusDir}`);
    return 1;
  }
  const chunks = chunkDocuments(corpus.documents, DEFAULT_CHUNK_OPTIONS);
  let embedder: Embedder | null = null;
  if (config.embeddingModel !== 'none') {
    const loaded = await loadEmbedder({ model: config.embeddingModel, modelsDir: config.modelsDir, allowDownload: config.allowModelDownload });
    if (loaded.ok) embedder = loaded.embedder;
    else if (requireModel) {
      console.error(`cannot build vectors: ${loaded.reason}`);
      return 1;
    } else console.log(`no embedding model: ${loaded.reason}\nwriting a lexical-only index (model: none)`);
  }
  const t = performance.now();
  const corpusHash = hashCorpus(corpus.files);
  const chunkerHash = hashChunker(DEFAULT_CHUNK_OPTIONS);
  const { manifest, vectors, lexical } = await buildIndexData({ chunks, corpusHash, chunkerHash, embedder });
  await writeIndex(config.embeddingsDir, manifest, vectors, lexical);
  await embedder?.close();
  console.log(
    `indexed ${corpus.documents.length} document(s), ${chunks.length} chunks → ${config.embeddingsDir} ` +
      `(model ${manifest.model}${vectors ? `, ${manifest.dimension}-d, ${vectors.length} bytes of vectors` : ''}, ` +
      `${lexical.bytes.length} bytes of lexical index, ` +
      `index ${indexHash(corpusHash, chunkerHash)}, ${Math.round(performance.now() - t)} ms)`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? `configuration: ${err.message}` : `index failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
