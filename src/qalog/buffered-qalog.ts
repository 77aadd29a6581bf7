/**
 * A question log that survives its database going away: while it is unreachable, rows wait in
 * memory (in order, up to a bound; the oldest go first beyond it) and are written when it
 * returns. The reply to a user never waits for a database that is not there.
 *
 *   const qalog = createBufferedQaLog({ inner: createSqlQaLog(driver), isTransient: isPgConnectionError, outage, log });
 *   qalog.status();   // { status: 'down', queued: 12, cause: 'connect ECONNREFUSED …' }
 */
import { silentLogger, type Logger } from '../log.js';
import type { FeedbackRow, QaLog, QuestionRow } from '../qalog/types.js';
import type { Outage, StoreStatus } from './outage.js';

export interface BufferedQaLogOptions {
  inner: QaLog;
  /** Whether a failure means "the database is away" (queue, retry) rather than "this row is refused" (reject). */
  isTransient(error: unknown): boolean;
  /** Logs the outage once and tells whether one is going on. */
  outage: Outage;
  log?: Logger;
  /** Most rows kept while the database is away. Default 10 000 (a few MB). */
  maxQueued?: number;
  /** Pause between attempts to write the queue, ms. Default 2000. */
  retryMs?: number;
  /** A cheap round trip (`SELECT 1`) that tells, with nothing queued, whether the database is back. */
  ping?: () => Promise<void>;
}

export interface BufferedQaLog extends QaLog {
  /** `dropped`: rows dropped in the current (or last) outage; `droppedTotal`: since start, for metrics. */
  status(): { status: StoreStatus; queued: number; dropped: number; droppedTotal: number; cause?: string };
  /** Reports a failure seen elsewhere (an idle connection dropped): marks the outage and starts checking for the return. */
  lost(error: unknown): void;
}

type Pending = { kind: 'question'; row: QuestionRow } | { kind: 'feedback'; row: FeedbackRow };

export function createBufferedQaLog(options: BufferedQaLogOptions): BufferedQaLog {
  const { inner, isTransient, outage } = options;
  const log = options.log ?? silentLogger;
  const maxQueued = options.maxQueued ?? 10_000;
  const retryMs = options.retryMs ?? 2000;
  const queue: Pending[] = [];
  let dropped = 0;
  let droppedTotal = 0;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  let closed = false;

  const apply = (item: Pending) => (item.kind === 'question' ? inner.recordQuestion(item.row) : inner.recordFeedback(item.row));

  function later(): void {
    if (timer || flushing || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, retryMs);
    timer.unref();
  }

  function enqueue(item: Pending): void {
    queue.push(item);
    if (queue.length > maxQueued) {
      queue.shift();
      droppedTotal += 1;
      if (dropped++ === 0) log.warn('question log queue full: dropping the oldest rows until the database returns', { max: maxQueued });
    }
    later();
  }

  /** Writes the queue in order; stops at the first transient failure and tries again later. */
  function flush(): Promise<void> {
    flushing ??= (async () => {
      let written = 0;
      try {
        while (queue.length > 0) {
          try {
            await apply(queue[0]);
            written += 1;
          } catch (err) {
            if (isTransient(err)) throw err;
            log.error('question log refused a queued row; dropping it', { kind: queue[0].kind, error: err });
          }
          queue.shift();
        }
        if (written === 0 && outage.isDown()) await options.ping?.();
      } catch (err) {
        // Only the database's absence gets here (refused rows are dropped above); the ping's error counts as that too.
        outage.down(err);
        return;
      }
      // One line ends the outage, with what was caught up; rows that waited without an outage (none today) get their own.
      if (outage.isDown()) outage.up({ written, dropped });
      else if (written > 0 || dropped > 0) log.info('question log caught up', { written, dropped });
      dropped = 0;
    })().finally(() => {
      flushing = undefined;
      if (queue.length > 0 || outage.isDown()) later();
    });
    return flushing;
  }

  async function write(item: Pending): Promise<void> {
    if (closed) throw new Error('the question log is not open (closed)');
    // While rows wait, new ones queue behind them: order is kept and nobody waits on a dead database.
    if (queue.length > 0 || outage.isDown()) return enqueue(item);
    try {
      await apply(item);
    } catch (err) {
      if (!isTransient(err)) throw err;
      outage.down(err);
      enqueue(item);
    }
  }

  return {
    recordQuestion: (row) => write({ kind: 'question', row }),
    recordFeedback: (row) => write({ kind: 'feedback', row }),
    report: (period, reportOptions) => inner.report(period, reportOptions),
    lost(error) {
      outage.down(error);
      later();
    },
    status() {
      const down = outage.isDown() || queue.length > 0;
      return { status: down ? 'down' : 'ok', queued: queue.length, dropped, droppedTotal, cause: outage.cause() };
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      if (queue.length > 0) await flush();
      clearTimeout(timer);
      if (queue.length > 0) log.error('question log: rows lost at shutdown, the database is still away', { rows: queue.length });
      await inner.close();
    },
  };
}
