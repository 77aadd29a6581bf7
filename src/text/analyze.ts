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
import { fold, words } from './normalize.js';
import { NGrams, PorterStemmer, englishStopwords } from './natural.js';

// Syllables that carry grammar, not topic (folded), incl. question words people add.
const VI_STOP = new Set(
  ('la cua va cac nhung mot duoc trong cho voi ve nay do thi ma de khi nao gi dau sao the nhu ' +
    'bi boi hay hoac neu vi nen cung da se dang co phai khong chua ra vao len o tai tu den ' +
    'ai bao nhieu vay a ha nhe oi xin hoi cho biet toi minh ban hay ke lam bang cach gio tao sao').split(' '),
);

// Question frames that carry no topic in English beyond the stop list.
const EN_STOP = new Set([...englishStopwords, 'tell', 'please', 'know', 'say', 'said', 'says', 'mention', 'text', 'declaration', 'will', 'th', 'st', 'nd', 'rd']);

function bigrams(tokens: string[]): string[] {
  return NGrams.bigrams(tokens).map((pair: string[]) => pair.join('_'));
}

/** Vietnamese terms: folded syllables without function syllables, plus bigrams over the kept ones. */
export function analyzeVi(text: string): string[] {
  const syllables = words(fold(text)).filter((s) => !VI_STOP.has(s));
  return [...syllables, ...bigrams(syllables)];
}

/** English terms: stems without stop words, plus bigrams of stems. */
export function analyzeEn(text: string): string[] {
  const stems = words(fold(text))
    .filter((w) => !EN_STOP.has(w))
    .map((w) => (/^\d+$/.test(w) ? w : PorterStemmer.stem(w)));
  return [...stems, ...bigrams(stems)];
}
