/**
 * Which language to reply in. The rule, in words:
 *
 * 1. By default the reply follows the language of the message.
 * 2. A message that does not clearly show its language (an acronym, one or two words without
 *    diacritics: "TFFN", "ACMP III") keeps the conversation's current language.
 * 3. A language the user asks for ("in English", "bằng tiếng Việt", or a question ending so)
 *    is pinned: it stays for every following message, whatever language they are written in,
 *    until the user asks for another language — or changes the language they themselves write
 *    in (a clear message in a language other than the one of their previous clear message),
 *    which unpins and the reply follows the message again.
 *
 * So an English-writing user who asks "bằng tiếng Việt" keeps getting Vietnamese answers to
 * English questions, and a user who then starts writing Vietnamese is simply answered in it.
 */
import type { Lang } from '../corpus/types.js';
import { hasVietnameseMarks, words } from '../text/normalize.js';

export interface LanguageState {
  /** Language of the last reply. */
  lang?: Lang;
  /** True when `lang` was asked for explicitly (rule 3). */
  pinned: boolean;
  /** Language of the user's last clear message. */
  writing?: Lang;
}

/** A message shows its language clearly when it has Vietnamese marks or at least three words. */
export function isClear(text: string): boolean {
  return hasVietnameseMarks(text) || words(text).filter((w) => !/^\d+$/.test(w)).length >= 3;
}

/**
 * Next language state for a question written in `detected` (`clear` per `isClear`),
 * with `asked` set when the message itself asked for a language.
 */
export function nextLanguage(state: LanguageState, detected: Lang, clear: boolean, asked?: Lang): LanguageState {
  const writing = clear ? detected : state.writing;
  if (asked) return { lang: asked, pinned: true, writing };
  if (state.pinned && state.lang) {
    const changedWriting = clear && state.writing !== undefined && detected !== state.writing;
    if (!changedWriting) return { lang: state.lang, pinned: true, writing };
    return { lang: detected, pinned: false, writing };
  }
  if (!clear && state.lang) return { lang: state.lang, pinned: false, writing };
  return { lang: detected, pinned: false, writing };
}

/** State after an explicit request for `lang` ("in English"). */
export function pinLanguage(state: LanguageState, lang: Lang): LanguageState {
  return { ...state, lang, pinned: true };
}
