/**
 * Turns text into index terms, identically for chunks and questions.
 *
 * Vietnamese: every syllable folded (`hội` → `hoi`, so questions typed without marks match),
 * plus folded syllable bigrams (`hoi_nghi`), since Vietnamese words span several syllables
 * and a bigram carries most of a word's meaning. Function syllables are dropped before pairing.
 * English: lower-cased, stop words dropped, Porter-stemmed; bigrams of stems too.
 *
 *   analyzeVi('Hội nghị AMRI') // ['hoi', 'nghi', 'amri', 'hoi_nghi', 'nghi_amri']
 */
import { acronyms, fold, hasVietnameseMarks, words } from './normalize.js';
import { NGrams, PorterStemmer, englishStopwords } from './natural.js';

/**
 * Syllables that carry grammar, not topic, as written with their marks: particles, pronouns,
 * prepositions, and the question words people add (gì, nào, đâu, sao, bao giờ, thế nào, mấy…).
 * Written with marks because folding merges them with content syllables: `hỏi` (ask) and
 * `hội` (meeting), `kể` (tell) and `kế` (plan), `tạo` and `sáng tạo`, `bạn` and `bản sắc`.
 */
const VI_STOP_MARKED = new Set(
  ('là của và các những một được trong cho với về này đó đấy ấy kia đây thì mà để khi nào gì đâu sao ' +
    'thế như bị bởi hay hoặc nếu vì nên cũng đã sẽ đang có phải không chưa ra vào lên ở tại từ đến tới ' +
    'ai bao nhiêu mấy vậy à ạ hả nhé nhỉ chứ ơi xin hỏi biết tôi mình bạn hãy kể làm bằng cách giờ ' +
    'còn rồi lại chăng đi chúng ta họ ' +
    // verbs that only frame a question about the text: "nói về", "được nhắc", "nêu"
    'nói nhắc nêu').split(' '),
);

/** The same syllables folded, for text typed without marks, where they cannot be told apart. */
const VI_STOP_FOLDED = new Set([...VI_STOP_MARKED].map((s) => fold(s)));

// Question frames that carry no topic in English beyond the stop list. Digits are not stop
// words here (natural's list has 0–9): "3 working groups" and "the 8th AMRI+3" need them.
const EN_STOP = new Set([
  ...[...englishStopwords].filter((w) => !/^\d$/.test(w)),
  'tell', 'please', 'know', 'say', 'said', 'says', 'mention', 'mentioned', 'text', 'declaration', 'will',
  'th', 'st', 'nd', 'rd', 'mean', 'means', 'meaning', 'kind', 'sort',
]);

/** True for a word that is grammar in either language (`ai`, who; `the`), whatever its case. */
export function isFunctionWord(word: string): boolean {
  const w = word.toLowerCase();
  return VI_STOP_MARKED.has(w) || VI_STOP_FOLDED.has(fold(w)) || EN_STOP.has(w);
}

// "What does AMRI stand for?": the frame, not the topic.
const EN_FRAMES = /\bstands? for\b/g;

export interface AnalyzeOptions {
  /**
   * For Vietnamese typed without marks: a function syllable is kept when it forms a bigram
   * this predicate knows (folded, `a_b`) with a neighbour, since without marks `hoi nghi`
   * (hội nghị) cannot otherwise be told from `hoi` (hỏi, ask). Default: none (always dropped).
   */
  knownBigram?: (bigram: string) => boolean;
}

function bigrams(tokens: string[]): string[] {
  return NGrams.bigrams(tokens).map((pair: string[]) => pair.join('_'));
}

/** Syllables of `text` that carry topic, each with its written form (lower-case) and folded form. */
export function viSyllables(text: string, options: AnalyzeOptions = {}): { exact: string; folded: string; at: number }[] {
  const exact = words(text);
  const folded = exact.map((s) => fold(s));
  const marked = hasVietnameseMarks(text);
  const known = options.knownBigram;
  // `AI` is a topic even though `ai` (who) is a function word.
  const caps = acronyms(text);
  const keep = exact.map((s, i) => {
    if (caps.has(folded[i])) return true;
    if (marked) return !VI_STOP_MARKED.has(s);
    if (!VI_STOP_FOLDED.has(folded[i])) return true;
    return Boolean(known && ((i > 0 && known(`${folded[i - 1]}_${folded[i]}`)) || (i + 1 < folded.length && known(`${folded[i]}_${folded[i + 1]}`))));
  });
  return exact.flatMap((s, i) => (keep[i] ? [{ exact: s, folded: folded[i], at: i }] : []));
}

/** Vietnamese terms: folded syllables without function syllables, plus bigrams over the kept ones. */
export function analyzeVi(text: string, options: AnalyzeOptions = {}): string[] {
  const syllables = viSyllables(text, options).map((s) => s.folded);
  return [...syllables, ...bigrams(syllables)];
}

/**
 * Vietnamese terms as written (marks kept), for questions typed with marks: `năm` (year) and
 * `Nam` (Việt Nam) stay apart here, while `analyzeVi` merges them.
 */
export function analyzeViExact(text: string): string[] {
  const syllables = viSyllables(text).map((s) => s.exact);
  return [...syllables, ...bigrams(syllables)];
}

/** English word stems without stop words, in order. */
export function enStems(text: string): string[] {
  const caps = acronyms(text);
  return words(fold(text).replace(EN_FRAMES, ' '))
    .filter((w) => !EN_STOP.has(w) || caps.has(w))
    .map((w) => (/^\d+$/.test(w) ? w : PorterStemmer.stem(w)));
}

/** English terms: stems without stop words, plus bigrams of stems. */
export function analyzeEn(text: string): string[] {
  const stems = enStems(text);
  return [...stems, ...bigrams(stems)];
}
