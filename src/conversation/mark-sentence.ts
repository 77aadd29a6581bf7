/**
 * Marks the sentence of a passage that best matches the question, so channels can bold it
 * (Slack) or wrap it in `<mark>` (widget). Pure; uses the same analysers as retrieval, so a
 * question typed without diacritics matches a sentence written with them.
 *
 *   markBestSentence('tu do ngon luan', 'Câu một. Bảo vệ quyền tự do ngôn luận.')
 *   // [{ text: 'Câu một.', marked: false }, { text: 'Bảo vệ quyền tự do ngôn luận.', marked: true }]
 */
import type { Lang } from '../corpus/types.js';
import { analyzeEn, analyzeVi } from '../text/analyze.js';
import { detectLanguage } from '../text/language.js';
import { splitSentences } from '../text/sentences.js';
import type { PassageSentence } from './types.js';

function terms(text: string, lang: Lang): Set<string> {
  return new Set(lang === 'vi' ? analyzeVi(text) : analyzeEn(text));
}

/**
 * Score of each sentence against the question: a shared term counts 1, a shared bigram 2
 * (a two-syllable match is most of a Vietnamese word, so it says more than two loose syllables).
 */
export function scoreSentences(question: string, sentences: string[], lang: Lang): number[] {
  const wanted = terms(question, lang);
  return sentences.map((sentence) => {
    let score = 0;
    for (const term of terms(sentence, lang)) if (wanted.has(term)) score += term.includes('_') ? 2 : 1;
    return score;
  });
}

/** Index of the highest score; the earliest wins a tie (and an all-zero row gives 0). */
export function bestIndex(scores: number[]): number {
  let best = 0;
  scores.forEach((s, i) => {
    if (s > scores[best]) best = i;
  });
  return best;
}

/**
 * Splits `text` into sentences and marks exactly one: the best match for `question`
 * (the first sentence when nothing matches). `lang` is the language of `text`; detected when omitted.
 * Returns [] for blank text.
 */
export function markBestSentence(question: string, text: string, lang: Lang = detectLanguage(text)): PassageSentence[] {
  const sentences = splitSentences(text);
  if (sentences.length === 0) return [];
  const best = bestIndex(scoreSentences(question, sentences, lang));
  return sentences.map((s, i) => ({ text: s, marked: i === best }));
}

/**
 * Like `markBestSentence`, for a question written in another language than the passage:
 * the best sentence is found in `counterpart` (the same paragraph in the question's language)
 * and the same position is marked in `text`, when both split into the same number of sentences.
 */
export function markBestSentenceAcross(
  question: string,
  text: { text: string; lang: Lang },
  counterpart: { text: string; lang: Lang },
): PassageSentence[] {
  const sentences = splitSentences(text.text);
  const other = splitSentences(counterpart.text);
  if (sentences.length === 0) return [];
  if (other.length !== sentences.length) return markBestSentence(question, text.text, text.lang);
  const best = bestIndex(scoreSentences(question, other, counterpart.lang));
  return sentences.map((s, i) => ({ text: s, marked: i === best }));
}
