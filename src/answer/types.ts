import type { CorpusDocument, CorpusProblem, Lang } from '../corpus/types.js';
import type { AskAnswer, AskOptions, AskReading, AskResult, Passage, RetrievalMode } from '../retrieval/types.js';
import type { EmbeddingStatus } from '../embedding/embedder.js';

export type { AskAnswer, AskOptions, AskReading, AskResult, Passage, RetrievalMode };

/** What the engine reports about itself (health page, start-up line). */
export interface EngineStatus {
  mode: RetrievalMode;
  /** Embedding model in use, or null when running lexical-only. */
  model: string | null;
  /** Why dense retrieval is off, when it is. */
  denseOffReason?: string;
  /** Hybrid mode: where query embedding runs (main thread, or the worker pool and its state). */
  embedding?: EmbeddingStatus;
  /** Hash of corpus + chunker settings the index was built from. */
  indexHash: string;
  documents: number;
  chunks: number;
  /** Malformed corpus documents that were skipped. */
  problems: CorpusProblem[];
}

/** The retrieval core as the channels see it. Nothing else of retrieval is imported by channels. */
export interface Engine {
  /** Answer a question with cited passages (never invents text). */
  ask(question: string, options?: AskOptions): Promise<AskResult>;
  /** One passage by chunk id, in `lang` (default: its original language). */
  passage(id: string, lang?: Lang): Passage | undefined;
  /** A loaded document by id (for the reader page). */
  document(id: string): CorpusDocument | undefined;
  documents(): CorpusDocument[];
  /** Detects the language of a text (vi with or without diacritics, or en). */
  detectLanguage(text: string): Lang;
  status(): EngineStatus;
  /** Frees the model (if any). */
  close(): Promise<void>;
}
