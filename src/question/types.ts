import type { Lang } from '../corpus/types.js';

/**
 * What kind of answer a question expects. The detail kinds (`place` … `person`) need a passage
 * that contains such a thing; the others ask about a topic and need no particular detail.
 */
export type AnswerType =
  | 'place' // where, which country hosts
  | 'city' // which city, venue, hotel: a place finer than a country
  | 'date' // when, how long
  | 'day' // what date, which day: day and month
  | 'month' // which month: a month, with or without its day
  | 'year' // what year
  | 'time' // what time: a clock time
  | 'number' // how many, which edition
  | 'money' // how much funding, budget
  | 'person' // who chaired, which minister: a person's name
  | 'agent' // who attended, which countries: an organisation or a country
  | 'definition' // what does X stand for, X là gì
  | 'reason' // why, for what purpose
  | 'yesno' // does it…, có … không
  | 'list' // which are the …, liệt kê
  | 'overview' // what is this declaration about
  | 'topic'; // anything else: what does it say on X

/** A word the analysis read differently, with what was typed. */
export interface Correction {
  from: string;
  to: string;
}

/** Words of the message that are not the question: kept for the record, left out of the focus. */
export interface SetAside {
  text: string;
  /** `cue`: a word that only says what kind of answer is wanted ("timeline", "location", "danh sách"). */
  why: 'preamble' | 'politeness' | 'meta' | 'cue';
}

/** One question of a message (most messages hold one). */
export interface QuestionPart {
  /** The part as the user wrote it (after spelling corrections). */
  text: string;
  /** The words that carry it: what retrieval and the coverage signal read (`text` without cue words). */
  focus: string;
  answerType: AnswerType;
}

/**
 * The question-analysis stage's reading of a message: retrieval, the no-answer decision and
 * the reply all read this one object.
 */
export interface QuestionAnalysis {
  /** The message as received (cleaned). */
  raw: string;
  /** Language the question is written in. */
  lang: Lang;
  /** The message with spelling corrections applied. */
  text: string;
  corrections: Correction[];
  setAside: SetAside[];
  /** The question without what was set aside around it (the parts' texts joined). */
  focus: string;
  /** The answer type of the first part. */
  answerType: AnswerType;
  parts: QuestionPart[];
  /** The message asks what the document itself is or says overall. */
  overview: boolean;
  /** Set when the message only makes sense after `previous`: how it was read. */
  followUp?: { previous: string; reading: string };
}
