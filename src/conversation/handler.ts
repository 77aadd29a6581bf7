/**
 * The chat channels' message handler (web widget, Slack): understands small talk, "more" and
 * language switches in both languages, asks through the desk otherwise (which logs the turn),
 * and returns a `Reply` that the channel only formats.
 *
 *   const { handle } = createConversationHandler({ engine, store: createMemoryStore() });
 *   const reply = await handle({ text: 'TFFN là gì?', conversationKey: 'web:abc', channel: 'web' });
 */
import { randomBytes } from 'node:crypto';
import type { Lang } from '../corpus/types.js';
import type { AskResult, Engine, Passage } from '../answer/types.js';
import { silentLogger, type Logger } from '../log.js';
import type { QuestionIntent } from '../qalog/types.js';
import { createAskDesk, QuestionRejected, type AskDesk } from './ask-desk.js';
import { createKeyedQueue } from './keyed-queue.js';
import { answerFrame, FRAMES, READING, TOO_LONG, type FrameName } from './frames.js';
import { detectIntent } from './intents.js';
import { isClear, nextLanguage, pinLanguage } from './language.js';
import { markBestSentence, markBestSentenceAcross } from './mark-sentence.js';
import type { ConversationState, ConversationStore } from './store.js';
import { passageUrl } from './passage-url.js';
import { suggestionsFor } from './suggestions.js';
import { splitSentences } from '../text/sentences.js';
import type { IncomingMessage, PassageSentence, Reply, ReplyKind, ReplyPassage } from './types.js';

export interface ConversationHandlerOptions {
  engine: Engine;
  store: ConversationStore;
  log?: Logger;
  /** The way to the engine and the question log shared with the other channels. Default: a desk of its own, without a log. */
  desk?: AskDesk;
  /** Passages per reply (and per "more"). Default 3. */
  pageSize?: number;
  /** Recent answers kept per conversation for feedback. Default 20. */
  answersKept?: number;
}

export type FeedbackValue = 'up' | 'down';

export interface ConversationHandler {
  handle(msg: IncomingMessage): Promise<Reply>;
  /** Records 👍/👎 on an answer of this conversation; false when the answer is unknown to it. */
  feedback(answerId: string, value: FeedbackValue, conversationKey: string): Promise<boolean>;
}

const DEFAULTS = { pageSize: 3, answersKept: 20 };

/** A further passage is shown with the first when it scores at least this share of it (else behind "more"). */
export const ALSO_RELEVANT_SHARE = 0.8;


/** The frame with how the question was read in front, and the parts the text leaves unanswered after. */
function withReading(result: AskResult, lang: Lang, frame: string): string {
  const r = result.reading;
  if (!r) return frame;
  const lines: string[] = [];
  if (r.readAs) lines.push(r.followUp ? READING.followUp[lang](r.readAs) : READING.corrected[lang](r.readAs));
  lines.push(frame);
  if (r.parts.length > 1) for (const p of r.parts) if (!p.answered) lines.push(READING.unanswered[lang](p.text));
  return lines.join(' ');
}

export function createConversationHandler(options: ConversationHandlerOptions): ConversationHandler {
  const { engine, store } = options;
  const log = options.log ?? silentLogger;
  const { pageSize, answersKept } = { ...DEFAULTS, ...options };
  const desk = options.desk ?? createAskDesk({ engine });
  // One turn at a time per conversation, so two quick messages cannot overwrite each other's state;
  // with a store shared by replicas, one at a time across processes too.
  const queue = createKeyedQueue();
  const exclusive = store.exclusive?.bind(store);
  const serialised = <T>(key: string, turnWork: () => Promise<T>): Promise<T> => queue.run(key, exclusive ? () => exclusive(key, turnWork) : turnWork);

  function simple(kind: ReplyKind, lang: Lang, frame: FrameName, suggestions = false): Reply {
    return { kind, lang, frame: FRAMES[frame][lang], passages: [], suggestions: suggestions ? suggestionsFor(lang) : [] };
  }

  /** A heading the passage opens with is its own, unmarked piece, not part of the first sentence. */
  function withHeading(p: Passage, sentences: PassageSentence[]): PassageSentence[] {
    if (!p.heading || sentences.length === 0 || !sentences[0].text.startsWith(p.heading)) return sentences;
    const rest = sentences[0].text.slice(p.heading.length).trim();
    return [{ text: p.heading, marked: false, heading: true }, ...(rest ? [{ ...sentences[0], text: rest }] : []), ...sentences.slice(1)];
  }

  function toReplyPassage(question: string, questionLang: Lang | undefined, p: Passage, lang: Lang, answer?: AskResult['answer']): ReplyPassage {
    const r = toReplyPassageUnheaded(question, questionLang, p, lang, answer);
    const sentences = withHeading(p, r.sentences);
    // The reader page marks the answering sentence too (counted without the heading, as it shows it).
    const marked = sentences.filter((x) => !x.heading).findIndex((x) => x.marked);
    return { ...r, sentences, url: marked >= 0 && p.textLang === lang ? passageUrl(p, lang, marked + 1) : r.url };
  }

  function toReplyPassageUnheaded(question: string, questionLang: Lang | undefined, p: Passage, lang: Lang, answer?: AskResult['answer']): ReplyPassage {
    // The sentence the short answer stands in is the one to mark (every sentence of a list that spans several).
    if (answer && answer.passageId === p.id) {
      const marked = splitSentences(p.text).map((text) => ({ text, marked: answer.sentence.includes(text) }));
      if (marked.some((s) => s.marked)) return { ...p, url: passageUrl(p, lang), sentences: marked };
    }
    const counterpart = questionLang && questionLang !== p.textLang ? engine.passage(p.id, questionLang) : undefined;
    const sentences =
      counterpart && counterpart.textLang === questionLang
        ? markBestSentenceAcross(question, { text: p.text, lang: p.textLang }, { text: counterpart.text, lang: questionLang })
        : markBestSentence(question, p.text, p.textLang);
    return { ...p, url: passageUrl(p, lang), sentences };
  }

  /** Where a turn asks: the message's channel and conversation, and why. */
  interface Asking {
    msg: IncomingMessage;
    intent: QuestionIntent;
  }

  /**
   * Asks (through the desk, which logs the turn) for one page of passages starting at `offset` and
   * records it in `state`. `lang` is the reply language, or how to choose it from the detected one.
   */
  function answer(state: ConversationState, question: string, lang: Lang | ((detected: Lang) => Lang), offset: number, asking: Asking): Promise<Reply> {
    const { msg, intent } = asking;
    // A new question may lean on the one before it ("and when?"); "more" and switches repeat their own.
    // (A chain of follow-ups can read longer than a typed question; the desk takes at most the limit.)
    const previous = intent === 'question' ? state.previous?.slice(0, desk.maxQuestionLength) : undefined;
    return desk.ask(
      { text: question, channel: msg.channel, intent, conversationKey: msg.conversationKey, lang, k: Math.min(pageSize + 1, 10), offset, previous },
      (result, { detected, lang }) => {
        const reply = present(state, question, isClear(question) ? detected : undefined, lang, offset, intent, result);
        return { value: reply, outcome: reply.kind, passageIds: reply.passages.map((p) => p.id), answerId: reply.answerId };
      },
    );
  }

  /** The reply to an engine result, and what the conversation remembers of it. */
  function present(state: ConversationState, question: string, questionLang: Lang | undefined, lang: Lang, offset: number, intent: QuestionIntent, result: AskResult): Reply {
    if (intent === 'question') state.previous = result.reading?.readAs && result.reading.followUp ? result.reading.readAs : question;
    // One passage unless others score close to it ("Also relevant"); the rest wait behind "more".
    // A reply to a two-part question shows each part's passage; "more" pages as before.
    const several = (result.reading?.parts.length ?? 1) > 1;
    const top = result.passages[0]?.score ?? 0;
    const close = (p: Passage, i: number) => i === 0 || several || offset > 0 || p.score >= top * ALSO_RELEVANT_SHARE;
    const page = result.answered ? result.passages.slice(0, pageSize).filter((p, i, all) => all.slice(0, i + 1).every(close)) : [];
    if (page.length === 0) {
      if (offset > 0) return { ...simple('no-more', lang, 'noMore'), mode: result.mode };
      state.last = undefined;
      state.lastRefused = true;
      const reply = simple('no-answer', lang, 'noAnswer', true);
      return { ...reply, frame: withReading(result, lang, reply.frame), mode: result.mode };
    }
    const id = randomBytes(9).toString('base64url');
    // A follow-up is remembered as it was read, so "more" continues the same reading.
    const asked = result.reading?.followUp && result.reading.readAs ? result.reading.readAs : question;
    state.last = { question: asked, lang, shown: offset + page.length };
    state.lastRefused = false;
    state.answers = [...state.answers, { id, question: asked, lang, shown: offset + page.length }].slice(-answersKept);
    return {
      kind: 'answer',
      lang,
      frame: withReading(result, lang, offset > 0 ? FRAMES.more[lang] : answerFrame(lang, engine.document(page[0].doc), page[0].role === 'sidebox')),
      ...(result.reading?.readAs ? { readAs: result.reading.readAs } : {}),
      ...(result.answer && offset === 0 ? { answer: result.answer } : {}),
      passages: page.map((p, i) => ({
        ...toReplyPassage(asked, questionLang, p, lang, offset === 0 ? result.answer : null),
        ...(i > 0 && offset === 0 && !several ? { alsoRelevant: true } : {}),
      })),
      suggestions: [],
      mode: result.mode,
      hasMore: result.passages.length > page.length,
      answerId: id,
    };
  }

  async function turn(msg: IncomingMessage, state: ConversationState): Promise<Reply> {
    const text = (msg.text ?? '').trim();
    const current = state.language;
    // Too long for anything: the desk logs it and refuses it, whatever it says.
    if (text.length > desk.maxQuestionLength) return answer(state, text, (detected) => current.lang ?? detected, 0, { msg, intent: 'question' });
    const intent = detectIntent(text);
    // Small talk answers in the phrase's language unless a language is pinned.
    const phraseLang = (lang: Lang) => (current.pinned && current.lang ? current.lang : lang);
    switch (intent.kind) {
      case 'help':
      case 'greeting':
      case 'thanks': {
        const lang = text === '' ? (current.lang ?? 'en') : phraseLang(intent.lang);
        state.language = { ...current, lang };
        return simple(intent.kind, lang, intent.kind, intent.kind !== 'thanks');
      }
      case 'more': {
        const lang = phraseLang(intent.lang);
        state.language = { ...current, lang };
        const more: Asking = { msg, intent: 'more' };
        // A "More" under an earlier answer continues that one; typed "more" continues the latest.
        const earlier = msg.continues ? state.answers.find((a) => a.id === msg.continues && a.shown !== undefined) : undefined;
        if (earlier) return answer(state, earlier.question, earlier.lang ?? lang, earlier.shown!, more);
        if (!state.last) return simple('no-more', lang, state.lastRefused ? 'noMore' : 'nothingToContinue');
        return answer(state, state.last.question, lang, state.last.shown, more);
      }
      case 'switch': {
        state.language = pinLanguage(current, intent.lang);
        if (!state.last) return simple('help', intent.lang, 'switched', true);
        return answer(state, state.last.question, intent.lang, 0, { msg, intent: 'switch' });
      }
      case 'question': {
        const lang = (detected: Lang) => {
          state.language = nextLanguage(current, detected, isClear(intent.text), intent.lang);
          return state.language.lang ?? detected;
        };
        return answer(state, intent.text, lang, 0, { msg, intent: 'question' });
      }
    }
  }

  return {
    handle(msg) {
      return serialised(msg.conversationKey, async () => {
        const state: ConversationState = (await store.get(msg.conversationKey)) ?? { language: { pinned: false }, answers: [] };
        try {
          const reply = await turn(msg, state);
          await store.set(msg.conversationKey, state);
          return reply;
        } catch (err) {
          // The desk has logged the turn either way; a rejected question is said politely.
          if (err instanceof QuestionRejected) return { ...simple('error', err.lang, 'error'), frame: TOO_LONG[err.lang](err.limit) };
          log.error('answering failed', { channel: msg.channel, error: err });
          return simple('error', state.language.lang ?? 'en', 'error');
        }
      });
    },
    async feedback(answerId, value, conversationKey) {
      const state = await store.get(conversationKey);
      const known = state?.answers.find((a) => a.id === answerId);
      if (!known) return false;
      log.info('feedback', { answerId, value, question: known.question });
      await desk.feedback({ answerId, value, conversationKey });
      return true;
    },
  };
}
