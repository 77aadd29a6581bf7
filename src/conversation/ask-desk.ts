/**
 * The one way a question reaches the engine, from every channel (web widget, Slack, HTTP API,
 * command line): it checks the length against one setting, reads the language once, asks the
 * engine, and writes the question log once, before the channel has anything to send.
 *
 *   const desk = createAskDesk({ engine, recorder, maxQuestionLength: 500 });
 *   const body = await desk.ask({ text: 'TFFN là gì?', channel: 'api' }, (result) => ({
 *     value: toJson(result), outcome: result.answered ? 'answer' : 'no-answer', passageIds: result.passages.map((p) => p.id),
 *   }));
 *
 * A question over the limit is logged (outcome `error`) and rejected with `QuestionRejected`,
 * which each channel says in its own way (a chat reply, a 400, a usage line).
 */
import type { AskResult, Engine } from '../answer/types.js';
import type { Lang } from '../corpus/types.js';
import { DEFAULT_MAX_QUESTION_CHARS } from '../config.js';
import type { FeedbackEvent, QaRecorder } from '../qalog/recorder.js';
import type { ChannelName, QuestionIntent, ReplyKind } from '../qalog/types.js';

export interface AskDeskOptions {
  engine: Engine;
  /** Longest question (and previous question) accepted, in characters: `MAX_QUESTION_CHARS`. Default 500. */
  maxQuestionLength?: number;
  /** Question log. Default: none. */
  recorder?: QaRecorder;
}

export interface DeskQuestion {
  text: string;
  channel: ChannelName;
  /** Why the engine is asked: a new question (default), "more", or a language switch. */
  intent?: QuestionIntent;
  conversationKey?: string;
  /** Reply language, or how to choose it from the detected one (a chat's pinned language). Default: the detected one. */
  lang?: Lang | ((detected: Lang) => Lang);
  k?: number;
  offset?: number;
  /** The previous question of the conversation, to read a follow-up with. */
  previous?: string;
}

/** What the channel made of the engine's result, and what the log keeps of it. */
export interface Presented<T> {
  value: T;
  outcome: ReplyKind;
  /** The passages the user is shown. */
  passageIds: string[];
  answerId?: string;
}

export interface DeskContext {
  /** The language the question is written in (as detected). */
  detected: Lang;
  /** The reply language. */
  lang: Lang;
}

/** A question the desk does not put to the engine; `field` says which input is at fault. */
export class QuestionRejected extends Error {
  constructor(
    readonly field: 'question' | 'previous',
    readonly limit: number,
    /** The reply language the question would have had. */
    readonly lang: Lang,
  ) {
    super(`the ${field === 'question' ? 'question' : 'previous question'} can have at most ${limit} characters`);
    this.name = 'QuestionRejected';
  }
}

export interface AskDesk {
  readonly maxQuestionLength: number;
  /** Asks the engine and logs the turn; `present` turns the result into what the channel sends. */
  ask<T>(question: DeskQuestion, present: (result: AskResult, context: DeskContext) => Presented<T> | Promise<Presented<T>>): Promise<T>;
  /** Logs a 👍/👎 on an answer. */
  feedback(event: FeedbackEvent): Promise<void>;
}

export function createAskDesk(options: AskDeskOptions): AskDesk {
  const { engine, recorder } = options;
  const maxQuestionLength = options.maxQuestionLength ?? DEFAULT_MAX_QUESTION_CHARS;
  return {
    maxQuestionLength,
    async feedback(event) {
      await recorder?.feedback(event);
    },
    async ask(q, present) {
      const started = performance.now();
      const detected = engine.detectLanguage(q.text);
      const lang = typeof q.lang === 'function' ? q.lang(detected) : (q.lang ?? detected);
      const record = (outcome: ReplyKind, passageIds: string[] = [], answerId?: string) =>
        recorder?.question({
          channel: q.channel,
          intent: q.intent ?? 'question',
          question: q.text,
          lang,
          outcome,
          passageIds,
          latencyMs: performance.now() - started,
          ...(answerId ? { answerId } : {}),
          ...(q.conversationKey ? { conversationKey: q.conversationKey } : {}),
        });
      const over = q.text.length > maxQuestionLength ? 'question' : (q.previous?.length ?? 0) > maxQuestionLength ? 'previous' : undefined;
      if (over) {
        await record('error');
        throw new QuestionRejected(over, maxQuestionLength, lang);
      }
      const shown = await engine
        .ask(q.text, { lang, k: q.k, offset: q.offset, previous: q.previous })
        .then((result) => present(result, { detected, lang }))
        .catch(async (err: unknown) => {
          // A failed turn is logged too (and the channel says sorry), so the log counts every question.
          await record('error');
          throw err;
        });
      await record(shown.outcome, shown.passageIds, shown.answerId);
      return shown.value;
    },
  };
}
