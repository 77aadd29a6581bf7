/**
 * What a chat message asks for, in Vietnamese (with or without diacritics) or English.
 * Small talk is recognised only when it is the whole message, so a question that happens to
 * contain "help" or "thêm" is still a question.
 *
 *   detectIntent('Cảm ơn!')                 // { kind: 'thanks', lang: 'vi' }
 *   detectIntent('tieng viet')              // { kind: 'switch', lang: 'vi' }
 *   detectIntent('What is TFFN in English?') // { kind: 'question', text: 'What is TFFN', lang: 'en' }
 */
import type { Lang } from '../corpus/types.js';
import { fold } from '../text/normalize.js';

export type Intent =
  /** Small talk; `lang` is the language the phrase is in. */
  | { kind: 'help' | 'greeting' | 'thanks' | 'more'; lang: Lang }
  /** "in English", "bằng tiếng Việt": answer in `lang` from now on. */
  | { kind: 'switch'; lang: Lang }
  /** Anything else; `lang` is set when the message ends with an explicit language request. */
  | { kind: 'question'; text: string; lang?: Lang };

type Phrases = Record<'help' | 'greeting' | 'thanks' | 'more', Record<Lang, RegExp>>;

// Matched against the folded message without punctuation: "Cám ơn!" → "cam on".
const PHRASES: Phrases = {
  help: {
    en: /^((hi|hello|hey) )?(i m new( here)? )?(help|help me|help please|what can you do|what can you tell me|what can i ask( you)?|what (questions|things) can i ask( you)?|what do you (do|know)|who are you|what are you|what is this bot( for| about)?|what s this bot( for| about)?|how can you help( me)?|how does this work|how do i use this|commands|menu)$/,
    vi: /^((xin )?chao )?(tro giup|giup|giup toi|giup minh|giup do|huong dan su dung|ban lam duoc gi|ban co the lam gi|ban la ai|bot nay (la gi|lam gi|de lam gi)|(minh|toi|em) (co the )?hoi (duoc )?(gi|nhung gi))$/,
  },
  greeting: {
    en: /^(hi|hello|hey|hiya|howdy|greetings|good (morning|afternoon|evening))( there| bot)?$/,
    vi: /^(xin chao|chao|alo|chao buoi (sang|chieu|toi))( ban| bot| ban nhe)?( a)?$/,
  },
  thanks: {
    en: /^((ok|okay|great|cool|perfect|got it) )?(thanks|thank you|thank you very much|thanks a lot|many thanks|thx|ty|cheers)( bot| so much)?$/,
    vi: /^(xin )?(cam on|cam on ban|cam on nhieu|cam on ban nhieu|cam on nhe|cam on a|cam on ban nhe)$/,
  },
  more: {
    en: /^(more|more please|show more|tell me more|next|continue|go on|any more|anything else)$/,
    vi: /^(them|xem them|them nua|nua|tiep|tiep di|tiep tuc|con nua khong|con gi nua khong|con nua)( di| nhe| a)?$/,
  },
};

// A whole-message request for a language.
const SWITCH: Record<Lang, RegExp> = {
  en: /^(please )?((answer|reply|respond|speak|talk|write|switch|switch to) )?(in )?english( please)?$|^((hay )?(tra loi|noi|viet|chuyen sang) )?(bang )?tieng anh( nhe| di| a)?$/,
  vi: /^(please )?((answer|reply|respond|speak|talk|write|switch|switch to) )?(in )?vietnamese( please)?$|^((hay )?(tra loi|noi|viet|chuyen sang) )?(bang )?tieng viet( nhe| di| a)?$/,
};

// A language request at the end of a question: "… in English?", "… bằng tiếng Việt".
const SUFFIX = /\s+(in english|in vietnamese|bang tieng anh|bang tieng viet)\s*$/;
const SUFFIX_LANG: Record<string, Lang> = {
  'in english': 'en',
  'bang tieng anh': 'en',
  'in vietnamese': 'vi',
  'bang tieng viet': 'vi',
};

/** Folded, punctuation-free, single-spaced form used for matching. */
export function simplify(text: string): string {
  return fold(text)
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function detectIntent(text: string): Intent {
  const simple = simplify(text);
  if (simple === '') return { kind: 'help', lang: 'en' };
  for (const lang of ['en', 'vi'] as const) if (SWITCH[lang].test(simple)) return { kind: 'switch', lang };
  for (const kind of ['help', 'greeting', 'thanks', 'more'] as const) {
    for (const lang of ['en', 'vi'] as const) if (PHRASES[kind][lang].test(simple)) return { kind, lang };
  }
  return questionWithLanguage(text.trim());
}

/** Splits a trailing language request off a question, keeping the question's own wording. */
function questionWithLanguage(text: string): Intent {
  // Strip trailing punctuation first so "… in English?" is seen; the suffix is matched on the
  // folded text and cut at the same position, which folding keeps for NFC input.
  const trimmed = text.replace(/[\s?.!]+$/u, '');
  const folded = fold(trimmed);
  const m = SUFFIX.exec(folded);
  if (!m || folded.length !== trimmed.length) return { kind: 'question', text };
  const rest = trimmed.slice(0, m.index).trim();
  if (!rest) return { kind: 'question', text };
  const mark = /\?\s*$/.test(text) ? '?' : '';
  return { kind: 'question', text: rest + mark, lang: SUFFIX_LANG[m[1]] };
}
