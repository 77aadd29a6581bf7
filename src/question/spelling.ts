/**
 * Typo tolerance: a question word the corpus does not know and that is not a real word of its
 * language is read as the nearest corpus word (one edit, two for long words; a swap of two
 * letters is one edit). A real word is never "corrected" into a corpus word: English words are
 * checked against WordNet and the stop list, Vietnamese syllables against the `dictionary-vi`
 * syllable list, so "Canada" stays Canada and "funding" stays funding.
 *
 * Vietnamese typed with marks gets one more reading: a syllable whose marks differ from the
 * corpus's (`hội nghi`) is read as the corpus syllable that makes a corpus word with its
 * neighbour (`hội nghị`), since a wrong tone mark usually still spells a real syllable.
 *
 *   const speller = createSpeller(vocabulary, dictionaries);
 *   speller.correct('wher is the nxt amri meetng', 'en')
 *   // { text: 'where is the next amri meeting', corrections: [{ from: 'wher', to: 'where' }, …] }
 */
import type { Lang } from '../corpus/types.js';
import { fold, hasVietnameseMarks } from '../text/normalize.js';
import type { Correction } from './types.js';

/** What the corpus uses, as the speller needs it. */
export interface SpellingVocabulary {
  /** English words (lower case, as written) and names, with a weight for ties (e.g. document frequency). */
  en: ReadonlyMap<string, number>;
  /** Vietnamese syllables as written (lower case), with a weight. */
  viExact: ReadonlyMap<string, number>;
  /** Vietnamese syllable pairs as written, `a_b`. */
  viExactPairs: ReadonlySet<string>;
  /** Folded syllables and folded pairs, for questions typed without marks. */
  viFolded: ReadonlyMap<string, number>;
  viFoldedPairs: ReadonlySet<string>;
}

/** Real words of each language: what is never corrected. */
export interface SpellingDictionaries {
  isEnglishWord(word: string): boolean;
  /** A valid Vietnamese syllable as written (lower case). */
  isVietnameseSyllable(syllable: string): boolean;
  /** A valid Vietnamese syllable once folded (for text typed without marks). */
  isFoldedVietnameseSyllable(syllable: string): boolean;
}

export interface Speller {
  correct(text: string, lang: Lang): { text: string; corrections: Correction[] };
}

/** Optimal-string-alignment distance (a swap of neighbours is one edit), or `max + 1` when larger. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Three rolling rows (the swap looks two rows back); allocated per call, they are a few dozen numbers.
  let prev2 = new Int32Array(b.length + 1);
  let prev = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      row[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[b.length];
}

/** Edits allowed for a word of this length: short words have too many neighbours. */
const maxEdits = (word: string) => (word.length < 4 ? 0 : word.length < 8 ? 1 : 2);

const commonPrefix = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
};

interface Candidate {
  word: string;
  distance: number;
  weight: number;
  /** Vietnamese: makes a corpus pair with a neighbour. English: is a question word ("wich" is "which", not "with"). */
  paired: boolean;
}

/** Best candidate: fewest edits, then one that pairs with a neighbour, same first letter, longer shared start, weight. */
function best(word: string, candidates: Candidate[]): Candidate | undefined {
  const key = (c: Candidate) => [c.distance, c.paired ? 0 : 1, c.word[0] === word[0] ? 0 : 1, -commonPrefix(c.word, word), -c.weight];
  return candidates.sort((x, y) => {
    const a = key(x);
    const b = key(y);
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return x.word < y.word ? -1 : 1;
  })[0];
}

/** Words grouped by length, so a look-up only compares words within `max` letters of its own length. */
type ByLength = Map<number, [string, number][]>;

function byLength(words: ReadonlyMap<string, number>): ByLength {
  const out: ByLength = new Map();
  for (const entry of words) {
    const list = out.get(entry[0].length) ?? [];
    list.push(entry);
    out.set(entry[0].length, list);
  }
  return out;
}

function near(word: string, words: ByLength, max: number, paired: (w: string) => boolean): Candidate[] {
  const out: Candidate[] = [];
  for (let len = word.length - max; len <= word.length + max; len++) {
    for (const [w, weight] of words.get(len) ?? []) {
      const distance = editDistance(word, w, max);
      if (distance <= max) out.push({ word: w, distance, weight, paired: paired(w) });
    }
  }
  return out;
}

/**
 * Chat spellings, read as the words they stand for before anything else: too short for edit
 * distance to find, and too common in Slack and the widget to leave unread.
 */
const CHAT: Record<Lang, Record<string, string>> = {
  en: {
    wat: 'what', wut: 'what', wht: 'what', u: 'you', ur: 'your', r: 'are', abt: 'about', bc: 'because', cuz: 'because', nxt: 'next',
    kinda: 'kind of', sorta: 'sort of', gonna: 'going to', wanna: 'want to', gotta: 'got to', dunno: "don't know", lemme: 'let me',
    info: 'information', comms: 'communications', mtg: 'meeting', mtgs: 'meetings', govt: 'government', yr: 'year', yrs: 'years', ppl: 'people', b4: 'before', w: 'with', wrt: 'about', pls: 'please', plz: 'please', thx: 'thanks',
  },
  vi: {
    mxh: 'mạng xã hội', ttxvn: 'TTXVN', ko: 'không', k: 'không', kh: 'không', hok: 'không', hong: 'không', khg: 'không', dc: 'được', đc: 'được', j: 'gì', ntn: 'như thế nào', bn: 'bao nhiêu', vs: 'với',
    ns: 'nói', mk: 'mình', mik: 'mình', mng: 'mọi người', mn: 'mọi người', bt: 'biết', bít: 'biết', ng: 'người', nc: 'nước', tg: 'thời gian', vde: 'vấn đề', vđ: 'vấn đề',
  },
};

// In a question a misspelt question word is likelier than a misspelt neighbour of it; so are the
// words that name the kind of answer wanted in a lookup ("tffn meening" is "meaning", not "meeting").
const QUESTION_WORDS = new Set([
  ...['what', 'which', 'where', 'when', 'who', 'whom', 'whose', 'why', 'how'],
  ...['meaning', 'means', 'abbreviation', 'acronym', 'stands', 'location', 'venue', 'timeline', 'deadline', 'date', 'dates', 'budget', 'funding', 'list'],
]);

/** Words looked up per message at most (a bound on the work a long or random message causes). */
const MAX_TRIED = 40;

const TOKEN = /\p{L}[\p{L}\p{M}'’]*/gu;

/** Keeps the case of the typed word where it can (`Declartion` → `Declaration`). */
const likeCase = (typed: string, word: string) => (/^\p{Lu}/u.test(typed) ? word[0].toUpperCase() + word.slice(1) : word);

/**
 * `initialisms`: short forms of the corpus's names (see initialisms.ts), read as the name when
 * typed in capitals and unknown to the corpus ("KL" → "Kuala Lumpur").
 */
export function createSpeller(
  vocab: SpellingVocabulary,
  dict: SpellingDictionaries,
  englishFunctionWords: ReadonlySet<string>,
  initialisms: ReadonlyMap<string, string> = new Map(),
): Speller {
  // Candidates for English: corpus words and names, the function words questions are made of ("wher" → "where")
  // and the words naming the answer wanted ("meening" → "meaning").
  const enWords = new Map(vocab.en);
  for (const w of [...englishFunctionWords, ...QUESTION_WORDS]) if (!enWords.has(w) && w.length >= 2) enWords.set(w, 0);
  const enCandidates = byLength(enWords);
  const viExact = byLength(vocab.viExact);
  const viFolded = byLength(vocab.viFolded);
  // Corpus syllables by their letters without marks: the readings of a syllable typed with other marks.
  const sameLetters = new Map<string, string[]>();
  for (const w of vocab.viExact.keys()) sameLetters.set(fold(w), [...(sameLetters.get(fold(w)) ?? []), w]);

  function correctEnglish(lower: string): string | undefined {
    const max = maxEdits(lower);
    if (max === 0 || !/^\p{L}+$/u.test(lower) || enWords.has(lower) || vocab.viFolded.has(fold(lower))) return undefined;
    // The dictionary look-up (file reads) only when a corpus word is near: most unknown words have none.
    const found = best(lower, near(lower, enCandidates, max, (w) => QUESTION_WORDS.has(w)));
    return found && !dict.isEnglishWord(lower) ? found.word : undefined;
  }

  function correctVietnamese(tokens: string[], i: number, marked: boolean): string | undefined {
    const s = tokens[i];
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const exactPair = (w: string) => (prev !== undefined && vocab.viExactPairs.has(`${prev}_${w}`)) || (next !== undefined && vocab.viExactPairs.has(`${w}_${next}`));
    const foldedPair = (w: string) =>
      (prev !== undefined && vocab.viFoldedPairs.has(`${fold(prev)}_${w}`)) || (next !== undefined && vocab.viFoldedPairs.has(`${w}_${fold(next)}`));
    // An English word in a Vietnamese question ("platform", "deadline") is code-switching, not a typo.
    if (/^[a-z]+$/.test(s) && (dict.isEnglishWord(s) || vocab.en.has(s))) return undefined;
    if (marked) {
      if (vocab.viExact.has(s)) return undefined;
      // Same letters, other marks: only when it makes a corpus word with a neighbour, as typed or
      // read with other marks too ("hôi nghi" is "hội nghị": both syllables carry wrong marks).
      const sameAs = (t: string | undefined) => (t === undefined ? [] : [t, ...(sameLetters.get(fold(t)) ?? [])]);
      const loosePair = (w: string) =>
        sameAs(prev).some((p) => vocab.viExactPairs.has(`${p}_${w}`)) || sameAs(next).some((n) => vocab.viExactPairs.has(`${w}_${n}`));
      const same = sameLetters.get(fold(s)) ?? [];
      const exact = same.filter(exactPair);
      const readings = exact.length > 0 ? exact : same.filter(loosePair);
      if (readings.length > 0) return best(s, readings.map((w) => ({ word: w, distance: 0, weight: vocab.viExact.get(w) ?? 0, paired: true })))!.word;
      if (dict.isVietnameseSyllable(s) || s.length < 3) return undefined;
      const found = best(s, near(s, viExact, 1, exactPair).filter((c) => c.paired));
      return found?.word;
    }
    const f = fold(s);
    if (vocab.viFolded.has(f) || dict.isFoldedVietnameseSyllable(f) || f.length < 3) return undefined;
    return best(f, near(f, viFolded, 1, foldedPair).filter((c) => c.paired))?.word;
  }

  return {
    correct(text, lang) {
      const matches = [...text.matchAll(TOKEN)];
      const lower = matches.map((m) => m[0].toLowerCase());
      const marked = hasVietnameseMarks(text);
      const corrections: Correction[] = [];
      let out = '';
      let at = 0;
      let tried = 0;
      matches.forEach((m, i) => {
        const typed = m[0];
        // Acronyms and names in capitals are names, not typos; a short form of a corpus name is read as the name.
        if (/^\p{Lu}{2,}$/u.test(typed)) {
          const name = initialisms.get(lower[i]);
          if (!name || vocab.en.has(lower[i]) || vocab.viExact.has(lower[i])) return;
          corrections.push({ from: typed, to: name });
          out += text.slice(at, m.index) + name;
          at = m.index! + typed.length;
          return;
        }
        if (/[’']/.test(typed) || typed.length > 24) return;
        // A question has a few typos, not dozens: past that many unknown words it is not a question worth the search.
        if (++tried > MAX_TRIED) return;
        const fixed = CHAT[lang][lower[i]] ?? (lang === 'en' ? correctEnglish(lower[i]) : correctVietnamese(lower, i, marked));
        if (!fixed || fixed === lower[i]) return;
        const to = likeCase(typed, fixed);
        corrections.push({ from: typed, to });
        out += text.slice(at, m.index) + to;
        at = m.index! + typed.length;
        lower[i] = fixed;
      });
      return { text: out + text.slice(at), corrections };
    },
  };
}
