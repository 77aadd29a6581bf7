/**
 * Precise answering: for a factoid question (place, date, number, list, who took part, what an
 * acronym stands for) the words of the passage that answer it, copied verbatim from its best
 * sentence, or null when no span is certain. Never invented: the span is always a substring of
 * the sentence, which is a sentence of the passage.
 *
 *   shortAnswer('place', 'Where is the next AMRI?', 'The 18th AMRI will be held in Cambodia in 2027.')
 *   // { text: 'Cambodia in 2027', sentence: 'The 18th AMRI will be held in Cambodia in 2027.' }
 */
import type { AnswerType } from '../question/types.js';
import { isFunctionWord } from '../text/analyze.js';
import { fold, words } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';
import type { PassageFacts } from './passage-facts.js';

export interface ShortAnswer {
  /** Verbatim from `sentence`. */
  text: string;
  /** The sentence of the passage it comes from, verbatim. */
  sentence: string;
}

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const SPANS: Partial<Record<AnswerType, RegExp>> = {
  day: new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)? (?:${MONTHS})(?: \\d{4})?\\b|\\b(?:${MONTHS}) \\d{1,2}(?:, \\d{4})?\\b|\\b(?:ngày )?\\d{1,2}\\/\\d{1,2}(?:\\/\\d{2,4})?`, 'u'),
  year: /\b(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\b/u,
  time: /\b\d{1,2}[:h]\d{2}\b|\b\d{1,2} ?(?:a\.?m\.?|p\.?m\.?)|\b\d{1,2} giờ(?: \d{1,2})?/iu,
  money: /(?:[$€£¥₫]|\b(?:USD|EUR|VND)\b)\s?\d[\d.,]*(?:\s?(?:million|billion|triệu|tỷ))?|\d[\d.,]*\s?(?:million|billion|triệu|tỷ)?\s?(?:dollars?|euros?|ringgit|đồng|USD)/iu,
};
SPANS.date = new RegExp(`${SPANS.day!.source}|${SPANS.year!.source}`, 'u');
// A month: its day and month, else the month with its year ("May 2025", "tháng 5/2025").
SPANS.month = new RegExp(`${SPANS.day!.source}|\\b(?:${MONTHS}) \\d{4}\\b|\\b(?:tháng )?\\d{1,2}\\/\\d{4}\\b`, 'u');

// A number word or digits, then up to four words: "3 ASEAN Working Groups", "Năm lĩnh vực ưu tiên".
const COUNT = /(?:\b\d+\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười|một|hai|ba|bốn|sáu|bảy|tám|chín|mười)\b)(?:\s+[\p{L}\p{M}-]+){1,4}/iu;
// A list: items separated by commas, the last after "and"/"và"; or items after a colon separated by semicolons.
// (\b is ASCII-only even with /u, so "và" is bounded by lookarounds.)
const LIST = /(?:[^,.;:()]+,\s*)+[^,.;:()]*?(?<!\p{L})(?:and|và)(?!\p{L})\s[^,.;:()]+|:\s*[^;]+(?:;\s*[^;]+)+/u;

/** The sentence of `text` the question is answered by: the one with the asked detail, else `marked`. */
export function answeringSentence(sentences: string[], type: AnswerType, question: string, facts: PassageFacts, marked: number): number {
  if (sentences.length <= 1) return 0;
  const states = (s: string) => facts.compatible(type, facts.of(s), question, s);
  // Of the sentences with the asked detail, the one naming most of the question's names (ACMP III, not ACMP II).
  let best = -1;
  let bestScore = -1;
  sentences.forEach((s, i) => {
    if (!states(s)) return;
    const score = anchors(s, question).length * 2 + (i === marked ? 1 : 0);
    if (score > bestScore) (best = i), (bestScore = score);
  });
  return best >= 0 ? best : marked;
}

const trimSpan = (s: string) => s.replace(/^[\s,:;–-]+|[\s,:;.–-]+$/gu, '');

/** The first place `sentence` puts something in ("held in Cambodia"; from the gazetteer), as written. */
function placeSpan(sentence: string, question: string, facts: PassageFacts, city: boolean): string | null {
  const f = facts.of(sentence);
  // compatible() leaves out a place the question gives itself (not one only in a document's name).
  const names = f.located.filter((n) => facts.compatible(city ? 'city' : 'place', { kinds: f.kinds, names: [n], located: [n], places: [n] }, question));
  if (names.length === 0) return null;
  // Map the first folded name back onto the sentence as written (folding keeps NFC positions).
  const folded = fold(sentence);
  const at = folded.indexOf(names[0]);
  if (at < 0 || folded.length !== sentence.length) return null;
  let end = at + names[0].length;
  // "Cambodia in 2027": a year right after the place belongs to the answer of "where and when".
  const after = /^\s+(?:in|vào|năm|vào năm)\s+(?:năm\s+)?(?:19|20)\d{2}\b/u.exec(sentence.slice(end));
  if (after) end += after[0].length;
  return sentence.slice(at, end);
}

const LINKING = new Set(['of', 'on', 'and', 'for', 'the', 'in']);

/**
 * What the acronym of the question stands for, as the passage spells it out before "(ACRONYM)":
 * in English the run of capitalised words (with linking words) ending there; in Vietnamese, whose
 * names keep lower-case syllables, the longest stretch of at most 2 words per letter (plus one)
 * that starts with a capital.
 */
function expansionSpan(sentence: string, question: string): string | null {
  for (const m of question.matchAll(/\b\p{Lu}[\p{Lu}\p{N}]{1,11}\b/gu)) {
    const at = sentence.indexOf(`(${m[0]})`);
    if (at < 0) continue;
    const before = [...sentence.slice(0, at).matchAll(/[\p{L}\p{M}\p{N}+-]+/gu)].map((w) => ({ w: w[0], at: w.index! }));
    if (before.length === 0) continue;
    let start = before.length;
    if (/[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/iu.test(sentence)) {
      const limit = 2 * m[0].length + 1;
      for (let i = before.length - 1; i >= Math.max(0, before.length - limit); i--) if (/^\p{Lu}/u.test(before[i].w)) start = i;
    } else {
      for (let i = before.length - 1; i >= 0 && (/^\p{Lu}/u.test(before[i].w) || LINKING.has(before[i].w)); i--) start = i;
      while (start < before.length && !/^\p{Lu}/u.test(before[start].w)) start++;
    }
    if (before.length - start < 2) continue;
    const text = sentence.slice(before[start].at, at).trim();
    // Another bracket or a number inside: not one name, so not certain.
    if (/[()\d]/.test(text)) continue;
    return text;
  }
  return null;
}

/** Positions in `sentence` of the question's names and content words (where its answer should be near). */
function anchors(sentence: string, question: string): number[] {
  const names = [...question.matchAll(/\b\p{Lu}[\p{Lu}\p{N}]+\b|\b[IVX]{1,4}\b|\b\d+\b/gu)].map((m) => m[0]);
  const content = words(question).filter((w) => w.length > 3);
  const out: number[] = [];
  for (const n of names.length ? names : content) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'giu');
    for (const m of sentence.matchAll(re)) out.push(m.index!);
  }
  return out;
}

/**
 * The match of `re` in `sentence` that the question's names point at: most names just before it
 * (within 20 characters), then the nearest ("ACMP III" → its own years, not ACMP II's).
 */
function nearest(sentence: string, re: RegExp, question: string): string | null {
  const all = [...sentence.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))];
  if (all.length === 0) return null;
  const at = anchors(sentence, question);
  if (at.length === 0 || all.length === 1) return all[0][0];
  const before = (m: RegExpMatchArray) => at.filter((a) => a < m.index! && m.index! - a <= 20).length;
  const distance = (m: RegExpMatchArray) => Math.min(...at.map((a) => Math.abs(a - m.index!)));
  return all.reduce((a, b) => (before(b) > before(a) || (before(b) === before(a) && distance(b) < distance(a)) ? b : a))[0];
}

/** A count with what it counts, when that is what the question counts: "3 ASEAN Working Groups". */
function countSpan(sentence: string, question: string): string | null {
  // An ordinal asked ("lần thứ mấy", "which edition"): the ordinal nearest the question's names.
  if (/\b(?:lan|ky|khoa) thu (?:may|bao nhieu)\b|\bwhich (?:edition|session|number)\b|\bwhat number\b/.test(fold(question))) {
    return nearest(sentence, /\b\d+(?:st|nd|rd|th)\b|\blần thứ \d+/u, question);
  }
  const asked = new Set(words(fold(question)).filter((w) => w.length > 2 && !isFunctionWord(w)).map((w) => w.slice(0, 5)));
  for (const m of sentence.matchAll(new RegExp(COUNT.source, 'giu'))) {
    const ws = m[0].split(/\s+/);
    // Up to the last word the question names (stems compared by their first letters).
    let last = -1;
    ws.forEach((w, i) => {
      if (i > 0 && asked.has(fold(w).slice(0, 5))) last = i;
    });
    if (last > 0) return ws.slice(0, last + 1).join(' ');
  }
  return null;
}

/** The longest list of the passage, with the sentences it spans. */
function listAnswer(passage: string, sentences: string[]): ShortAnswer | null {
  const lists = [...passage.matchAll(new RegExp(LIST.source, 'gu'))].map((m) => ({ text: trimSpan(m[0]), at: m.index! + m[0].indexOf(trimSpan(m[0])) }));
  const list = lists.sort((a, b) => b.text.length - a.text.length)[0];
  if (!list || list.text.split(/[,;]/).length < 3) return null;
  // The sentences the list overlaps, joined as they stand in the passage.
  let at = 0;
  const spans = sentences.map((s) => {
    const start = passage.indexOf(s, at);
    at = start + s.length;
    return { start, end: start + s.length };
  });
  const first = spans.findIndex((x) => x.end > list.at);
  const last = spans.findIndex((x) => x.end >= list.at + list.text.length);
  if (first < 0 || last < 0 || spans[first].start < 0) return null;
  const sentence = passage.slice(spans[first].start, spans[last].end);
  return sentence.includes(list.text) ? { text: list.text, sentence } : null;
}

/**
 * The short answer in `passage` (the text in the reply language) to a question of `type`, asked
 * as `question`; null when the type has no span or none is certain.
 */
export function shortAnswer(type: AnswerType, question: string, passage: string, facts: PassageFacts, marked = 0): ShortAnswer | null {
  const sentences = splitSentences(passage);
  if (sentences.length === 0) return null;
  // A list may run over the sentence splitter's ";" ("Arts and culture; Health; …"): it is read in
  // the whole passage, and its "sentence" is the run of sentences it spans.
  if (type === 'list' || type === 'agent') return listAnswer(passage, sentences);
  const sentence = sentences[answeringSentence(sentences, type, question, facts, Math.min(marked, sentences.length - 1))];
  let text: string | null = null;
  if (type === 'place' || type === 'city') text = placeSpan(sentence, question, facts, type === 'city');
  else if (type === 'definition') text = expansionSpan(sentence, question);
  else if (type === 'number') text = countSpan(sentence, question);
  else if (SPANS[type]) text = nearest(sentence, SPANS[type]!, question);
  if (!text) return null;
  text = trimSpan(text);
  // Verbatim or nothing.
  return text && sentence.includes(text) ? { text, sentence } : null;
}
