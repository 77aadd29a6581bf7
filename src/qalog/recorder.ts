/**
 * What the channels call to log a question or a vote. It applies the personal-data rule
 * (conversation keys only when configured), bounds the text, stamps id and time, and keeps
 * the service answering when the log fails: the failure is logged once per outage, not per row.
 *
 *   const recorder = createQaRecorder({ qalog, storeUserIds: config.qalog.storeUserIds, log });
 *   await recorder.question({ channel: 'api', intent: 'question', question, lang, outcome: 'answer', passageIds, latencyMs });
 *   res.json(…);   // only after the row is durable
 */
import { createHmac, randomUUID } from 'node:crypto';
import { silentLogger, type Logger } from '../log.js';
import { boundQuestion } from './question-text.js';
import type { FeedbackRow, QaLog, QuestionRow } from './types.js';

export interface QaRecorderOptions {
  qalog: QaLog;
  /** Keep conversation keys (web session ids, Slack team/channel/user) in clear. Default false. */
  storeUserIds?: boolean;
  /**
   * Without `storeUserIds`: store each conversation key as a salted hash (`h:` + 16 hex of
   * HMAC-SHA256), so a report can tell one user's questions apart without keeping who they are.
   * Default: none, and then no key at all is stored.
   */
  userSalt?: string;
  log?: Logger;
  /** Clock, for tests. Default `() => new Date()`. */
  now?: () => Date;
}

/** A logged turn as a channel knows it; id, time and the personal-data rule are the recorder's. */
export type QuestionEvent = Omit<QuestionRow, 'id' | 'askedAt'> & { askedAt?: Date };
export type FeedbackEvent = Omit<FeedbackRow, 'givenAt'>;

export interface QaRecorder {
  /** Resolves once the row is durable, or once its failure is logged; never rejects. */
  question(event: QuestionEvent): Promise<void>;
  feedback(event: FeedbackEvent): Promise<void>;
}

export function createQaRecorder(options: QaRecorderOptions): QaRecorder {
  const { qalog } = options;
  const log = options.log ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const keep = (key: string | undefined) =>
    key === undefined ? undefined : options.storeUserIds ? key : options.userSalt ? `h:${createHmac('sha256', options.userSalt).update(key).digest('hex').slice(0, 16)}` : undefined;
  let failing = false;

  // Answering matters more than logging: a failed write is reported, and the reply still goes out.
  async function write(kind: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
      if (failing) log.info('question log writable again');
      failing = false;
    } catch (error) {
      if (!failing) log.error('question log write failed; answering without logging until it recovers', { kind, error });
      failing = true;
    }
  }

  return {
    question(event) {
      return write('question', () =>
        qalog.recordQuestion({
          ...event,
          id: randomUUID(),
          // The question arrived `latencyMs` before its reply was ready.
          askedAt: event.askedAt ?? new Date(now().getTime() - Math.round(event.latencyMs)),
          question: boundQuestion(event.question),
          conversationKey: keep(event.conversationKey),
        }),
      );
    },
    feedback(event) {
      return write('feedback', () => qalog.recordFeedback({ ...event, givenAt: now(), conversationKey: keep(event.conversationKey) }));
    },
  };
}
