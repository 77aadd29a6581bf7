/**
 * The embedder keeps an LRU of recent query vectors, so a repeated question skips the model.
 * To time the model on every question, the engine's embedder is switched to a twin loaded
 * with the cache off (the first one is closed, so only one model is in memory).
 */
import type { EngineInternals } from '../../../src/answer/engine.js';
import { loadEmbedder } from '../../../src/embedding/embedder.js';

export async function turnOffQueryCache(engine: EngineInternals, modelsDir: string): Promise<void> {
  const current = engine.embedder;
  if (!current) return;
  await current.close();
  const twin = await loadEmbedder({ model: current.info.id, modelsDir, allowDownload: false, queryCacheSize: 0 });
  if (!twin.ok) throw new Error(twin.reason);
  // The retriever holds this same object, so replacing its methods reroutes every query.
  Object.assign(current, { embedQuery: twin.embedder.embedQuery, embedPassages: twin.embedder.embedPassages, close: twin.embedder.close });
}
