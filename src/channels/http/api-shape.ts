/**
 * The JSON shape of passages in the HTTP API (and `npm run ask -- --json`).
 *
 *   toApiResult(await engine.ask(q), 'https://bot.example')
 *   // { lang, answered, mode, passages: [{ id, doc, title, paragraph, score, text, original, url }] }
 */
import type { Lang } from '../../corpus/types.js';
import type { AskAnswer, AskReading, AskResult, Passage, RetrievalMode } from '../../answer/types.js';
import { passageUrl } from '../../conversation/passage-url.js';

export interface ApiPassage {
  id: string;
  doc: string;
  title: string;
  paragraph: number;
  score: number;
  text: string;
  original: { lang: Lang; text: string };
  /** Absolute link to the paragraph in the reader page. */
  url: string;
}

export interface ApiAskResult {
  lang: Lang;
  answered: boolean;
  mode: RetrievalMode;
  passages: ApiPassage[];
  /** How the question was read: focus, answer type, corrections, parts (absent for an empty question). */
  reading?: AskReading;
  /** The short answer, verbatim from the first passage, where the text states one; null otherwise. */
  answer: AskAnswer | null;
}

export function toApiPassage(p: Passage, publicUrl: string): ApiPassage {
  return {
    id: p.id,
    doc: p.doc,
    title: p.title,
    paragraph: p.paragraph,
    score: p.score,
    text: p.text,
    original: { lang: p.original.lang, text: p.original.text },
    url: publicUrl + passageUrl(p, p.textLang),
  };
}

export function toApiResult(result: AskResult, publicUrl: string): ApiAskResult {
  return {
    lang: result.lang,
    answered: result.answered,
    mode: result.mode,
    passages: result.passages.map((p) => toApiPassage(p, publicUrl)),
    ...(result.reading ? { reading: result.reading } : {}),
    answer: result.answer ?? null,
  };
}
