import type { Lang } from '../corpus/types.js';
import type { AnswerType, Correction, SetAside } from '../question/types.js';

export type RetrievalMode = 'hybrid' | 'lexical';

/** Options of `ask()`. */
export interface AskOptions {
  /** Reply language; detected from the question when omitted. */
  lang?: Lang;
  /** How many passages at most (1–10). Default 3. */
  k?: number;
  /** Skip this many top passages (for "more"). Default 0. */
  offset?: number;
  /** The previous question of the conversation: a follow-up ("and when?") is read with it. */
  previous?: string;
}

/** How the question was read: what the reply can say about it ("Showing results for …"). */
export interface AskReading {
  /** The words that carried the question. */
  focus: string;
  answerType: AnswerType;
  corrections: Correction[];
  setAside: SetAside[];
  /** A question about the document itself, answered with its lead. */
  overview: boolean;
  /** The question as it was read, when that differs from what was typed (typos, follow-up). */
  readAs?: string;
  /** Set when the question was read with the previous one. */
  followUp?: { previous: string };
  /** Each question of the message, with its own outcome (one for most messages). */
  parts: { text: string; answerType: AnswerType; answered: boolean; passageIds: string[] }[];
}

/** One cited passage, in the reply language, with its source-language original. */
export interface Passage {
  /** Chunk id, e.g. `kl-declaration-2025:p7`. */
  id: string;
  /** Document id (folder name under corpus/). */
  doc: string;
  /** Document title in the reply language (or the original's when no translation exists). */
  title: string;
  /** Paragraph number as a reader counts it (1-based). */
  paragraph: number;
  /** Relevance score; higher is better; comparable only within one result. */
  score: number;
  /** Passage text in the reply language (or the original text if the document lacks that language). */
  text: string;
  /** Language `text` is actually in. */
  textLang: Lang;
  /** The source-language text of the same passage. */
  original: { lang: Lang; text: string };
  /** The paragraph is a side box, not running text. */
  role?: 'sidebox';
  /** The heading `text` opens with (verbatim), when the paragraph has one. */
  heading?: string;
  /** What `text` is when it is a translation ("project translation"). */
  translation?: string;
}

/** The words of a passage that answer a factoid question, verbatim (see answer/short-answer.ts). */
export interface AskAnswer {
  /** Verbatim from `sentence`. */
  text: string;
  /** The passage it is quoted from (the first of `passages`). */
  passageId: string;
  /** The sentence(s) of that passage it comes from, verbatim. */
  sentence: string;
}

export interface AskResult {
  /** Reply language (detected or asked for). */
  lang: Lang;
  /** False when nothing in the corpus answers the question: `passages` is then empty. */
  answered: boolean;
  mode: RetrievalMode;
  passages: Passage[];
  /** How the question was read (absent for an empty question). */
  reading?: AskReading;
  /** The short answer, where the text states one for a factoid question; null otherwise. */
  answer?: AskAnswer | null;
}

/** What dense retrieval needs of an embedder: a query's vector (the embedding layer provides it). */
export interface QueryEmbedder {
  embedQuery(text: string): Promise<Float32Array>;
}
