import type { Lang } from '../text/lang.js';

// Defined with the text tools, which need it too; most code takes it from here with the corpus types.
export { LANGS, type Lang } from '../text/lang.js';

/** A document as read from `corpus/<id>/`. */
export interface CorpusDocument {
  /** Folder name; used in URLs (`/doc/:id`) and chunk ids. */
  id: string;
  /** Title per language it has (falls back to the original's title). */
  title: Partial<Record<Lang, string>>;
  /** Language the document was written in; its text is the one quoted as `original`. */
  originalLanguage: Lang;
  /** Publication date as given (e.g. `2025-05`), or undefined. */
  date?: string;
  /** Where the text comes from, in words. */
  source?: string;
  /** Paragraph (1-based) that says what the document is about: the answer to "what is this?". Default 1. */
  summary?: number;
  /** How replies name the document per language ("The TTXVN report", "Bản tin TTXVN"). */
  describedAs?: Partial<Record<Lang, string>>;
  /** What a translated language's text is ("project translation"), said beside its quotes. */
  translation?: Partial<Record<Lang, string>>;
  /** Paragraphs (1-based) that are not running text: a side box. */
  roles?: Record<number, ParagraphRole>;
  /** A heading that opens a paragraph, per language, exactly as the paragraph's text begins. */
  headings?: Record<number, Partial<Record<Lang, string>>>;
  /** Paragraphs per language, NFC-normalised, aligned by index across languages. */
  paragraphs: Partial<Record<Lang, string[]>>;
}

export type ParagraphRole = 'sidebox';

/** A malformed document: reported with its path and reason, never fatal for the others. */
export interface CorpusProblem {
  path: string;
  reason: string;
}

/** One retrievable unit: a paragraph, or a sentence-bounded part of a long one. */
export interface Chunk {
  /** Stable id: `<docId>:p<paragraph>` or `<docId>:p<paragraph>.<part>` for split paragraphs. */
  id: string;
  doc: string;
  /** Paragraph number as a reader counts it (1-based). */
  paragraph: number;
  /** Part within the paragraph (1-based; 1 when not split). */
  part: number;
  title: Partial<Record<Lang, string>>;
  originalLanguage: Lang;
  /** Text of this chunk in each language the document has. */
  text: Partial<Record<Lang, string>>;
}
