import type { Lang } from '../corpus/types.js';
import type { AskAnswer, Passage, RetrievalMode } from '../answer/types.js';
import type { ChannelName, ReplyKind } from '../qalog/types.js';

export type { ChannelName, ReplyKind };

/** What every channel turns its input into. */
export interface IncomingMessage {
  text: string;
  /** Stable key of the conversation (server-issued for web, `team:user` or `channel:thread` for Slack). */
  conversationKey: string;
  channel: ChannelName;
  /** For "more": the answer to continue (a "More" button sits under one), else the latest. */
  continues?: string;
}

/** A sentence of a passage; `marked` on the one that best matches the question. */
export interface PassageSentence {
  text: string;
  marked: boolean;
  /** The paragraph's heading (a side box's title), shown apart from its sentences. */
  heading?: boolean;
}

/** A passage ready to render: its text split into sentences, one marked, and the reader link. */
export interface ReplyPassage extends Passage {
  /** Link to the paragraph in the reader page, e.g. `/doc/kl-declaration-2025?lang=en#p7` (relative to the public URL). */
  url: string;
  sentences: PassageSentence[];
  /** Shown after the first passage because it scores close to it: channels say "Also relevant". */
  alsoRelevant?: boolean;
}

/** What the conversation layer returns; channels only format it. Text in `frame` is a short fixed phrase, never invented content. */
export interface Reply {
  kind: ReplyKind;
  lang: Lang;
  /** Short fixed frame ("Here is what the declaration says:", "Tôi không tìm thấy…"). */
  frame: string;
  passages: ReplyPassage[];
  /** Questions the bot can answer (no-answer, help, greeting). */
  suggestions: string[];
  mode?: RetrievalMode;
  /** True when `more` would return further passages. */
  hasMore?: boolean;
  /** Id of this answer for 👍/👎 feedback. */
  answerId?: string;
  /** How the question was read, when it differs from what was typed (also part of `frame`). */
  readAs?: string;
  /** The short answer, verbatim from the first passage (whose marked sentence is where it stands). */
  answer?: AskAnswer;
}
