/**
 * The question-analysis stage: from the raw message to a `QuestionAnalysis` (focus, what was set
 * aside, answer type, parts, spelling corrections, overview). Pure: the corpus comes in as a
 * speller and the documents' titles.
 *
 *   const analyse = createQuestionAnalyzer({ speller, titles: ['Kuala Lumpur Declaration …'] });
 *   analyse('Chị đang chuẩn bị bài phát biểu, em tra giúp chị AMRI 18 tổ chức ở đâu?', 'vi')
 *   // { focus: 'AMRI 18 tổ chức ở đâu?', answerType: 'place', setAside: [{ text: 'Chị đang chuẩn bị bài phát biểu', why: 'preamble' }, …], … }
 */
import type { Lang } from '../corpus/types.js';
import { isFunctionWord } from '../text/analyze.js';
import { fold, words } from '../text/normalize.js';
import { answerTypeOf, DETAIL_TYPES, withoutCueWords } from './answer-type.js';
import { DOC_WORDS, extractFocus } from './focus.js';
import { hasContent, splitParts } from './parts.js';
import type { Speller } from './spelling.js';
import type { AnswerType, QuestionAnalysis } from './types.js';

export interface QuestionAnalyzerOptions {
  /** Corrects typos against the corpus's vocabulary; none: no corrections. */
  speller?: Speller;
  /** Titles of the corpus's documents (any language): their words name the document itself. */
  titles: string[];
  /** Years the documents are dated with (`2025`): a question naming one still asks about the document. */
  years?: string[];
  /**
   * The documents' texts (any language). A word people call the document by is a topic where the
   * texts use it in a compound of their own: "fake news", "tin giả", "thông tin" are not "the news".
   */
  texts?: string[];
}

export type QuestionAnalyzer = (message: string, lang: Lang) => QuestionAnalysis;

// What people call the document itself, and the words of "what is it about / summary".
const DOC_RE = new RegExp(`\\b${DOC_WORDS}\\b`);
const DOC_ALL = new RegExp(`\\b${DOC_WORDS}\\b`, 'g');
const DEICTIC = /\b(?:this|that|it|these|nay|do|ay)\b/;
const SUMMARY = /\b(?:summary|summari[sz]e|sum (?:it )?up|recap|overview|gist|nutshell|tl ?dr|main points?|key points?|highlights|in short|in brief|in one (?:line|sentence)|about|basically|cover|covers|tom tat|tom lai|tom luoc|noi dung chinh|noi ve|de cap|y chinh|gioi thieu|khai quat|tong quan)\b/;
const OVERVIEW_FILLER = new Set(
  (
    'what whats is are was the a an of this that it these about basically all overview summary summarise summarize gist main key points point ' +
    'quick short brief give me tell us can could you please thing things in on covers cover cover say says said content contents exactly really ' +
    'la gi cai chuyen van de nay do ay noi ve de cap toi den tom tat giup minh em toi cho noi dung chinh y khai quat tong quan gioi thieu ' +
    'vay the a chu yeu nhung ban bai o nam of document declaration statement report text article news hey so sum up recap nutshell highlights one line sentence lai luoc'
  ).split(' '),
);

// The meeting the documents report, and words asking what came of it as a whole (folded).
const MEETING_WORDS = '(?:(?:the |this )?(?:meeting|meetings|conference|summit|event|amri(?: 17| 17th)?|17th amri)|hoi nghi(?: nay)?|cuoc hop|ky hop)';
const OUTCOME_WORDS =
  '(?:happen|happened|happening|outcomes?|results?|agreed|agree|decided|decide|discussed|discuss|came out of|come out of|achieved?|takeaways?|key takeaways?|tell me about|dien ra the nao|dien ra ra sao|co (?:nhung )?gi|ket qua|ban (?:ve )?(?:nhung )?gi|thao luan (?:nhung )?gi|dat duoc (?:nhung )?gi|thong qua (?:nhung )?gi|quyet dinh (?:nhung )?gi)';
const TELL = /\b(?:tell|explain|describe|cho(?: \w+)? biet|ke|gioi thieu)\b/;
const MEETING = new RegExp(`\\b${MEETING_WORDS}\\b`);
const MEETING_ALL = new RegExp(`\\b${MEETING_WORDS}\\b`, 'g');
const OUTCOME = new RegExp(`\\b${OUTCOME_WORDS}\\b`);
const OUTCOME_ALL = new RegExp(`\\b${OUTCOME_WORDS}\\b`, 'g');

/** Acronym of consecutive capitalised words of a title ("Kuala Lumpur" → "kl"). */
function initials(title: string): string[] {
  const out: string[] = [];
  for (const m of title.matchAll(/(?:\p{Lu}\p{Ll}+\s+){1,3}\p{Lu}\p{Ll}+/gu)) out.push(m[0].split(/\s+/).map((w) => w[0].toLowerCase()).join(''));
  return out;
}

// Single words people call the document by, which the texts may also use inside a compound.
const DOC_SINGLE = new Set(['declaration', 'statement', 'report', 'document', 'doc', 'text', 'article', 'news', 'story', 'piece', 'paper', 'tin', 'bai']);

/** Pairs of neighbouring content words (folded) in `texts`. */
function contentPairs(texts: string[]): Set<string> {
  const out = new Set<string>();
  for (const t of texts) {
    const w = words(fold(t));
    for (let i = 1; i < w.length; i++) if (!isFunctionWord(w[i - 1]) && !isFunctionWord(w[i])) out.add(`${w[i - 1]} ${w[i]}`);
  }
  return out;
}

export function createQuestionAnalyzer(options: QuestionAnalyzerOptions): QuestionAnalyzer {
  const titleWords = new Set([...options.titles.flatMap((t) => words(fold(t))), ...options.titles.flatMap(initials), ...(options.years ?? [])]);
  const titlePairs = contentPairs(options.titles);
  const compounds = contentPairs(options.texts ?? []);
  const DOC_WHOLE = new RegExp(`^${DOC_WORDS}$`);
  /** A compound of the texts that holds a document word and is no name of the document ("fake news", "thông tin"). */
  const topicCompound = (pair: string) => compounds.has(pair) && !titlePairs.has(pair) && !DOC_WHOLE.test(pair);

  /** The folded focus with each document word that is part of such a compound marked as a topic word. */
  function withTopicCompounds(folded: string): string {
    const w = words(folded);
    return w
      .map((x, i) => (DOC_SINGLE.has(x) && ((i > 0 && topicCompound(`${w[i - 1]} ${x}`)) || (i + 1 < w.length && topicCompound(`${x} ${w[i + 1]}`))) ? `${x}_` : x))
      .join(' ');
  }

  /**
   * The message asks what the reported meeting did as a whole ("what happened at the meeting",
   * "hội nghị có kết quả gì"): the document's lead says it. Only the meeting and the asking words, nothing else;
   * `requested`: the asking was a request set aside ("tell me about …"), so the meeting alone will do.
   */
  function isMeetingOverview(folded: string, requested = false): boolean {
    if (!MEETING.test(folded) || !(requested || OUTCOME.test(folded))) return false;
    const rest = words(folded.replace(MEETING_ALL, ' ').replace(OUTCOME_ALL, ' ')).filter((w) => !OVERVIEW_FILLER.has(w) && !isFunctionWord(w) && !titleWords.has(w));
    return rest.length === 0;
  }

  /** The message asks what the document is, or what it says overall. */
  function isOverview(focus: string, meta: boolean): boolean {
    const f = withTopicCompounds(fold(focus));
    if (!meta && isMeetingOverview(f)) return true;
    const namesDoc = DOC_RE.test(f) || DEICTIC.test(f);
    // "this"/"it" alone ("and when did it start?") is no question about the document.
    if (!DOC_RE.test(f) && !SUMMARY.test(f)) return false;
    if (meta && !SUMMARY.test(f)) return false;
    // A short form in capitals is a name even when its letters spell a function word ("what about AI?").
    const capitals = new Set((focus.match(/\b\p{Lu}{2,}\b/gu) ?? []).map((w) => fold(w)));
    const rest = words(f.replace(DOC_ALL, ' ')).filter((w) => capitals.has(w) || (!OVERVIEW_FILLER.has(w) && !isFunctionWord(w)));
    // The title's own words ("the KL declaration on social media") still name the document; one other word may pass.
    return rest.filter((w) => !titleWords.has(w)).length <= 1 && rest.length <= 4 && (namesDoc || rest.length === 0);
  }

  /** The focus names something besides the document (title words, fillers and question words aside). */
  function namesTopic(focus: string): boolean {
    return words(fold(focus).replace(DOC_ALL, ' ')).some((w) => !OVERVIEW_FILLER.has(w) && !isFunctionWord(w) && !titleWords.has(w));
  }

  return (message, lang) => {
    const raw = message;
    const { text, corrections } = options.speller ? options.speller.correct(raw, lang) : { text: raw, corrections: [] };
    const { focus, setAside, meta } = extractFocus(text, lang);
    // The document's own name may sit in what was set aside as talk about it ("Tuyên bố này nói về …");
    // but talk about the document around a topic ("what does the declaration say about X") asks about X.
    const metaText = setAside.filter((s) => s.why === 'meta').map((s) => s.text);
    // "Who signed the declaration?" asks a detail about it, not what it is.
    // "Tell me about the meeting": the request was set aside, the meeting is all that is left.
    const told = setAside.some((x) => x.why === 'politeness' && TELL.test(fold(x.text)));
    const overview =
      (isOverview([...metaText, focus].join(' '), meta) || (told && isMeetingOverview(fold(focus), true))) &&
      !(meta && namesTopic(focus)) &&
      !DETAIL_TYPES.has(answerTypeOf(focus));
    const pieces = overview ? [focus] : splitParts(focus, lang);
    const parts = pieces.map((p) => {
      const type = overview ? 'overview' : answerTypeOf(p);
      // A meta wrapper ("does the report mention X") asks whether X is there: a yes/no on a topic.
      const answerType = meta && type === 'topic' ? ('yesno' as const) : type;
      const { focus: core, cues } = withoutCueWords(p, answerType);
      for (const cue of cues) setAside.push({ text: cue, why: 'cue' });
      return { text: p, focus: core, answerType };
    });
    return {
      raw,
      lang,
      text,
      corrections,
      setAside,
      focus: parts.map((p) => p.text).join(' '),
      answerType: parts[0].answerType,
      parts,
      overview,
    };
  };
}

// Openings that lean on the previous question: "and when?", "what about Norway?", "còn năm nào?".
const CONTINUATION = /^(?:and|also|then|so|ok|okay|what about|how about|and what about|and how about|con|the con|vay con|con ve|vay|roi|con nua)\b/;
const WH = /\b(?:what|whats|which|who|whom|whose|where|when|why|how(?: many| much| long)?)\b/;
// Prepositions before a Vietnamese "X nào" ("ở", "vào", "tại"): the question phrase starts after them.
const VI_LEAD = /^(?:(?:o|tai|vao|trong|den|toi|cua|la|thuoc)\s+)*/;
const VI_WH = /\b(?:(?:o|tai) dau|bao gio|khi nao|nam nao|ngay nao|bao nhieu|the nao|ra sao|vi sao|tai sao|nuoc nao|ai|gi|nao|dau)\b/;

/** A short message that only makes sense after the previous question. */
export function looksLikeFollowUp(analysis: QuestionAnalysis): boolean {
  const f = fold(analysis.focus).trim();
  const content = words(analysis.focus).filter((w) => !isFunctionWord(w) && !/^\p{N}+$/u.test(w));
  if (CONTINUATION.test(f) && content.length <= 4) return true;
  if (!hasContent(analysis.focus)) return true;
  const named = /\p{Lu}{2,}|\p{N}/u.test(analysis.focus);
  return content.length <= 2 && !named && /\b(?:it|they|them|there|that|this|those|these|do|ay|nay|ho|lan sau|lan toi)\b/.test(f);
}

/**
 * The previous question read with the follow-up's question: "Where will the next AMRI be held?"
 * + "and when?" → "When will the next AMRI be held?"; a follow-up with words of its own adds them.
 */
export function readWithPrevious(followUp: string, previous: string, lang: Lang): string {
  return readFollowUp(followUp, previous, lang, lang).reading;
}

// What a question word alone asks, by answer type, to ask it in the previous question's language.
const QUESTION_PHRASES: Record<Lang, Partial<Record<AnswerType, string>>> = {
  en: { place: 'where', city: 'which city', date: 'when', day: 'what day', month: 'which month', year: 'what year', time: 'what time', number: 'how many', money: 'how much', person: 'who', agent: 'who', reason: 'why' },
  vi: { place: 'ở đâu', city: 'thành phố nào', date: 'khi nào', day: 'ngày nào', month: 'tháng nào', year: 'năm nào', time: 'mấy giờ', number: 'bao nhiêu', money: 'bao nhiêu tiền', person: 'ai', agent: 'ai', reason: 'tại sao' },
};

/**
 * `readWithPrevious` when the previous question may be in another language (`previousLang`): a
 * bare question word ("còn năm nào?" after "Where is the next AMRI?") is asked in the previous
 * question's language ("What year is the next AMRI?"); the reading comes with the language to read it in.
 */
export function readFollowUp(followUp: string, previous: string, lang: Lang, previousLang: Lang): { reading: string; lang: Lang } {
  const strip = (s: string) => s.replace(/[\s?.!]+$/u, '');
  const fu = strip(followUp);
  const folded = fold(fu);
  const cont = CONTINUATION.exec(folded);
  const own = cont ? fu.slice(cont[0].length).replace(/^[\s,]+/, '') : fu;
  const prev = strip(previous);
  // "what about the 17th?" after "Where is the 18th AMRI?", "what about Norway?" after "Is Japan a partner?".
  const swapped = cont ? swapLikeName(own, prev) : undefined;
  if (swapped) return { reading: `${capitalise(swapped)}?`, lang: previousLang };
  const wh = lang === 'en' ? WH : VI_WH;
  const ownFolded = fold(own);
  const ownWh = wh.exec(ownFolded);
  if (!ownWh) return { reading: `${prev}: ${own}?`, lang };
  // "what year?", "which day?": a question word and the kind of answer, no topic of its own
  // (its question phrase aside: "năm nào" is a question word and its noun).
  const withoutWh = ownFolded.length === own.length ? own.slice(0, ownWh.index) + own.slice(ownWh.index + ownWh[0].length) : own;
  const bare = !hasContent(withoutCueWords(own, answerTypeOf(own)).focus) || !hasContent(withoutWh);
  if (previousLang !== lang) {
    const phrase = bare ? QUESTION_PHRASES[previousLang][answerTypeOf(own)] : undefined;
    return phrase ? readFollowUp(phrase, previous, previousLang, previousLang) : { reading: `${capitalise(own)} — ${prev}?`, lang };
  }
  const prevWh = bare ? wh.exec(fold(prev)) : null;
  if (prevWh && fold(prev).length === prev.length) {
    // Swap the previous question's question word for the new question.
    // "ở thành phố nào?" after "… ở nước nào?": the noun goes with "nào" ("thành phố nào" for "nước nào").
    const nounWh = lang === 'vi' && ownWh[0] === 'nao' && prevWh[0].includes(' ') ? VI_LEAD.exec(ownFolded) : null;
    const from = nounWh ? nounWh[0].length : ownWh.index;
    const swapped = prev.slice(0, prevWh.index) + own.slice(from) + prev.slice(prevWh.index + prevWh[0].length);
    return { reading: capitalise(swapped.trim()) + '?', lang };
  }
  // A follow-up asking its own question ("since when has Norway been involved?") leads, so its question word sets the answer type.
  return { reading: `${capitalise(own)} — ${prev}?`, lang };
}

// Names a follow-up may put in the place of one of the previous question's: an ordinal ("17th",
// "lần thứ 17"), a short name in capitals (ACMP), or capitalised words (Norway, Nhật Bản).
const ORDINAL_NAME = /\b\d{1,2}(?:st|nd|rd|th)\b|(?<![\p{L}])(?:lần|kỳ) thứ \d{1,2}\b/giu;
const CAPS_NAME = /\b\p{Lu}{2,}[\p{Lu}\d+]*(?![\p{L}])/gu;
const CAPITALISED = /(?<![\p{L}])\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)*(?![\p{L}])/gu;

/** The names of `text` of one shape, as [index, name]; capitalised words lose a leading function word ("Is Japan" → Japan). */
function namesOfShape(text: string, shape: RegExp): [number, string][] {
  const out: [number, string][] = [];
  for (const m of text.matchAll(shape)) {
    let at = m.index!;
    let name = m[0];
    if (shape === CAPITALISED) {
      const lead = /^(\p{L}+)\s+/u.exec(name);
      if (lead && isFunctionWord(lead[1].toLowerCase())) (at += lead[0].length), (name = name.slice(lead[0].length));
      else if (!lead && isFunctionWord(name.toLowerCase())) continue;
    }
    out.push([at, name]);
  }
  return out;
}

/**
 * The previous question with the follow-up's one name in the place of the previous question's
 * first name of the same shape; undefined unless the follow-up is that name alone (with "the").
 */
function swapLikeName(own: string, prev: string): string | undefined {
  const bare = own.replace(/^(?:the|a)\s+/i, '').trim();
  for (const shape of [ORDINAL_NAME, CAPS_NAME, CAPITALISED]) {
    const mine = namesOfShape(bare, shape);
    if (mine.length !== 1 || mine[0][1] !== bare) continue;
    const theirs = namesOfShape(prev, shape)[0];
    if (!theirs || theirs[1] === bare) return undefined;
    return prev.slice(0, theirs[0]) + bare + prev.slice(theirs[0] + theirs[1].length);
  }
  return undefined;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
