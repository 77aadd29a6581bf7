/**
 * The question log's contract: what is stored per question and per 👍/👎, what a report holds,
 * and the `QaLog` interface that SQLite implements today and PostgreSQL can implement later.
 */
import type { Lang } from '../corpus/types.js';

/** Where a question came from. Defined here, the lowest layer that records it. */
export type ChannelName = 'web' | 'slack' | 'api' | 'cli';

/** What a turn returned: the question log's `outcome` and the conversation layer's reply kind. */
export type ReplyKind = 'answer' | 'no-answer' | 'help' | 'greeting' | 'thanks' | 'no-more' | 'error';

/** Why a turn reached the engine: a new question, "more", or a language switch re-asking the last question. */
export type QuestionIntent = 'question' | 'more' | 'switch';

/** One logged turn that asked the engine (or was refused as too long). */
export interface QuestionRow {
  /** Random id of the row. */
  id: string;
  /** When the question arrived. */
  askedAt: Date;
  channel: ChannelName;
  intent: QuestionIntent;
  /** Language of the reply (the question's language unless the user pinned another). */
  lang: Lang;
  /** The question as asked (cleaned, at most `MAX_QUESTION_CHARS` characters). */
  question: string;
  /** What the user got: `answer`, `no-answer` (nothing in the corpus), `no-more`, `error`. */
  outcome: ReplyKind;
  /** Passage (chunk) ids returned, best first; empty unless answered. */
  passageIds: string[];
  /** Time from receiving the message to the reply being ready, ms. */
  latencyMs: number;
  /** Id users vote on; absent when nothing was answered, and on the HTTP API (no feedback there). */
  answerId?: string;
  /** Conversation key (web session, Slack team/channel/user or thread); only kept when `QALOG_STORE_USER_IDS=true`. */
  conversationKey?: string;
}

export type FeedbackValue = 'up' | 'down';

/** A 👍/👎 on an answer. The latest vote per answer wins (the widget lets a user change it). */
export interface FeedbackRow {
  answerId: string;
  value: FeedbackValue;
  givenAt: Date;
  /** Only kept when `QALOG_STORE_USER_IDS=true`. */
  conversationKey?: string;
}

/** A half-open time range `[from, to)`. */
export interface Period {
  from: Date;
  to: Date;
}

export interface ReportOptions {
  /** Longest list per section. Default 20. */
  limit?: number;
}

export interface CountedQuestion {
  /** One phrasing of the group (the lexicographically smallest, so the choice is stable). */
  question: string;
  /** Grouping key: folded case and diacritics, punctuation dropped. */
  key: string;
  count: number;
}

export interface Report {
  period: { from: string; to: string };
  totals: {
    /** New questions (`intent = question`). */
    questions: number;
    answered: number;
    /** Nothing in the corpus answered them. */
    unanswered: number;
    /** Failed while answering, or refused (too long). */
    errors: number;
    /** "more" and language switches. */
    followUps: number;
  };
  /** New questions per channel and per reply language, most first. */
  byChannel: { channel: string; count: number }[];
  byLanguage: { lang: string; count: number }[];
  /** Over every logged turn (questions and follow-ups), nearest-rank percentiles, ms. */
  latency: { count: number; p50: number | null; p95: number | null; p99: number | null; max: number | null };
  mostAsked: (CountedQuestion & { answered: number })[];
  /** What the corpus is missing: new questions that got no answer. */
  unanswered: (CountedQuestion & { lastAsked: string })[];
  feedback: {
    up: number;
    down: number;
    /** Votes grouped by the question answered, most 👎 first. */
    byQuestion: (CountedQuestion & { up: number; down: number })[];
    /** The latest votes, one per answer. */
    latest: { answerId: string; value: FeedbackValue; givenAt: string; question: string | null; passageIds: string[] }[];
  };
}

/**
 * Where questions and feedback go. Writes resolve only once the row is durable, so callers
 * await them before the reply is sent.
 */
export interface QaLog {
  recordQuestion(row: QuestionRow): Promise<void>;
  recordFeedback(row: FeedbackRow): Promise<void>;
  report(period: Period, options?: ReportOptions): Promise<Report>;
  close(): Promise<void>;
  /** Whether writes get through now, and how many rows wait in memory or were dropped (logs that buffer failed writes). */
  status?(): QaLogStatus;
}

export interface QaLogStatus {
  status: 'ok' | 'down';
  /** Rows waiting in memory to be written. */
  queued: number;
  /** Rows dropped because the queue was full, since the outage began. */
  dropped: number;
  /** Rows dropped since the start (a counter for metrics). */
  droppedTotal?: number;
  /** What the last failure said. */
  cause?: string;
}

/** A failure of the log itself (cannot open, newer schema…), with a message in plain words. */
export class QaLogError extends Error {
  readonly code = 'E_QALOG';
}
