/**
 * Question language: Vietnamese (with or without diacritics) or English.
 * Marks decide at once; otherwise each word votes for the language whose word list or
 * corpus vocabulary knows it (`vocab`, from the loaded corpus, makes this corpus-aware).
 *
 *   detectLanguage('AMRI lan thu 18 to chuc o dau?') // 'vi'
 *   detectLanguage('Where is the next AMRI?')        // 'en'
 */
import type { Lang } from './lang.js';
import { fold, hasVietnameseMarks, words } from './normalize.js';

// Frequent Vietnamese syllables as typed without marks; few are English words.
const VI_SYLLABLES = new Set(
  ('la cua va cac nhung duoc trong cho voi ve nay khong gi nao dau sao the nhu mot hai ba bao nhieu khi ' +
    'lan thu hoi nghi to chuc tai nam nuoc quoc gia thong tin truyen mang xa tuyen bo ke hoach cong tac ' +
    'viec nguoi ai chinh phu bo truong doi tac hop viet giai doan muc tieu noi dung gioi tre an toan ' +
    'su dung nen tang chu de ket qua tham du cam on chao xin giup tro tieng tiep them nhieu co phai di ' +
    'da se dang duoc bi boi hay hoac neu thi ma vi nen minh ban toi chung uu tien linh vuc van hoa').split(' '),
);
const EN_WORDS = new Set(
  ('the a an of and or to in on at for with is are was were be been what which who whom where when why how ' +
    'does did do will would can could should this that these those it its from by about into than then there ' +
    'their they we you i me my our your please tell show me next meeting plan news fake year years').split(' '),
);

/** Folded word sets of each language's corpus text, to recognise words beyond the built-in lists. */
export interface LanguageVocab {
  vi: ReadonlySet<string>;
  en: ReadonlySet<string>;
}

/** Builds the vocabulary from texts per language (folded words). */
export function buildLanguageVocab(texts: { vi: string[]; en: string[] }): LanguageVocab {
  const set = (xs: string[]) => new Set(xs.flatMap((t) => words(fold(t))).filter((w) => !/^\d+$/.test(w)));
  const vi = set(texts.vi);
  const en = set(texts.en);
  // Words in both (names, acronyms) tell nothing.
  for (const w of [...vi]) if (en.has(w)) (vi.delete(w), en.delete(w));
  return { vi, en };
}

/** Picks the language of `text`; `fallback` when nothing tells (e.g. only acronyms or numbers). */
export function detectLanguage(text: string, fallback: Lang = 'en', vocab?: LanguageVocab): Lang {
  if (hasVietnameseMarks(text)) return 'vi';
  let vi = 0;
  let en = 0;
  for (const t of words(fold(text))) {
    if (/^\d+$/.test(t)) continue;
    const isVi = VI_SYLLABLES.has(t) || Boolean(vocab?.vi.has(t));
    const isEn = EN_WORDS.has(t) || Boolean(vocab?.en.has(t));
    if (isVi && !isEn) vi++;
    else if (isEn && !isVi) en++;
    else if (isVi && isEn) (vi += 0.5, en += 0.5);
  }
  if (vi === en) return fallback;
  return vi > en ? 'vi' : 'en';
}
