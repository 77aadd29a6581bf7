/**
 * Questions that ask for a quantity ("How much funding…?", "Có bao nhiêu đại biểu…?") are
 * answered only by a passage that states one: a number right before what is counted, or a list
 * right after it ("new partners such as Norway, Pakistan and Türkiye"), or, when the question
 * names nothing to count ("giá vàng bao nhiêu"), a number the question does not already give.
 * A passage that shares every other word ("the Work Plan 2026-2035") but states no amount does
 * not answer "How much funding is allocated to the Work Plan 2026-2035?".
 *
 *   quantityAsked('How many ASEAN working groups were mentioned?') // { counted: ['asean', 'working', 'groups'], given: [] }
 *   quantityAsked('Where is it?')                                    // null
 *   statesQuantity('the 3 ASEAN Working Groups', quantityAsked('How many working groups?')!, compile(GLOSSARY)) // true
 */
import { enStems, isFunctionWord } from '../text/analyze.js';
import { clean, fold, words, wordSpans } from '../text/normalize.js';
import { matchGlossary, type CompiledGroup } from './phrases.js';

export interface QuantityAsked {
  /** Words of what is counted, lower-case as the question writes them (up to three). */
  counted: string[];
  /** Numbers the question already gives, in digits. */
  given: string[];
}

// Matched folded, so "bao nhieu" typed without marks counts. Not "mấy": as often "a few" as
// "how many" ("mấy năm qua", the past few years), and unmarked "may" could be máy or may.
const ASK = /\bhow (?:many|much)\b|\bbao nhieu\b/;

// Passages are read as written: folded, Vietnamese number words collide with others (sáu/sau, tư/từ).
const NUMBER_WORDS = new Set(
  (
    'one two three four five six seven eight nine ten eleven twelve twenty hundred thousand million billion dozen ' +
    'một hai ba bốn tư năm sáu bảy tám chín mười trăm nghìn ngàn triệu tỷ'
  ).split(' '),
);

const isDigits = (w: string) => /^\p{N}+$/u.test(w);
const isNumber = (w: string) => isDigits(w) || NUMBER_WORDS.has(w);

/** What a quantity question counts, or null when the question asks no quantity. */
export function quantityAsked(question: string): QuantityAsked | null {
  const written = words(question);
  const folded = written.map((w) => fold(w)).join(' ');
  const m = ASK.exec(folded);
  if (!m) return null;
  // `folded` joins the folded words with single spaces: words up to the match end index `written`.
  const at = folded.slice(0, m.index + m[0].length).split(' ').filter(Boolean).length;
  const after = written.slice(at);
  const counted: string[] = [];
  // What is counted: the words right after the question words, up to a function word ("were",
  // "được") or three words; the first of them starts the counted phrase in both languages.
  for (const w of after) {
    if (isFunctionWord(w) || counted.length === 3) break;
    counted.push(w);
  }
  return { counted, given: written.filter(isDigits) };
}

/** Stem of an English word, or the folded syllable itself: what "the same word" means here. */
const key = (w: string) => enStems(w)[0] ?? w;

/**
 * First words of the ways to name what is counted: the question's own, and those of glossary
 * groups its counted words belong to ("countries" → "nation", "member", "quoc", "nuoc").
 */
function heads(asked: QuantityAsked, glossary: readonly CompiledGroup[]): Set<string> {
  const first = (p: { stems?: string[]; exact?: string[] }) => (p.stems ?? p.exact ?? [])[0];
  const head = asked.counted[0];
  const out = new Set([key(fold(head))]);
  // Groups whose matched phrase starts with the counted phrase's first word.
  for (const m of matchGlossary(asked.counted.join(' '), glossary)) {
    if (!m.hit.some((p) => first(p) === head || first(p) === key(fold(head)))) continue;
    for (const p of m.group.phrases) out.add(p.stems ? p.stems[0] : key(fold(p.exact?.[0] ?? '')));
  }
  out.delete('');
  return out;
}

// What is counted is people (folded): delegates, participants, ministers, người, đại biểu…
const PEOPLE = /^(?:people|persons?|delegates?|delegations?|participants?|attendees?|ministers?|officials?|journalists?|reporters?|speakers?|nguoi|dai bieu|dai dien|bo truong|quan chuc|nha bao|phong vien)\b/;

// A list: two items or more, then "and"/"và" and one more, within a few words.
const LIST_AFTER = /^(?:[^.;]{0,40}?),[^.;]{1,40}?\b(?:and|và)\s/iu;

/** True when `text` states a quantity of what `asked` counts (see the module comment). */
export function statesQuantity(text: string, asked: QuantityAsked, glossary: readonly CompiledGroup[] = []): boolean {
  if (asked.counted.length === 0) return words(text).some((w) => isNumber(w) && !asked.given.includes(w));
  // People are counted by a number of them: a list of the countries they came from ("the
  // participation of Norway, Pakistan and Türkiye") says how many countries, not how many delegates.
  const people = PEOPLE.test(fold(asked.counted.join(' ')));
  const named = people ? new Set([key(fold(asked.counted[0]))]) : heads(asked, glossary);
  const cleaned = clean(text);
  const spans = wordSpans(cleaned);
  return spans.some(
    ({ word, end }, i) =>
      named.has(key(fold(word))) &&
      // A number at most three words before ("3 ASEAN Working Groups", "năm lĩnh vực ưu tiên"), or a list after.
      (spans.slice(Math.max(0, i - 3), i).some((s) => isNumber(s.word)) || (!people && LIST_AFTER.test(cleaned.slice(end)))),
  );
}
