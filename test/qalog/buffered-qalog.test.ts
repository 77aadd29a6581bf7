import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.js';
import type { FeedbackRow, QaLog, QuestionRow } from '../../src/qalog/types.js';
import { createBufferedQaLog } from '../../src/qalog/buffered-qalog.js';
import { createOutage } from '../../src/qalog/outage.js';

class Gone extends Error {
  readonly transient = true;
}

/** A QaLog in memory whose database can be taken away (writes throw `Gone`) or refuse a row. */
function fakeLog() {
  const written: string[] = [];
  const state = { away: false, closed: false };
  const inner: QaLog = {
    async recordQuestion(row: QuestionRow) {
      if (state.away) throw new Gone('connect ECONNREFUSED');
      if (row.question === 'refused') throw new Error('value too long');
      written.push(`q:${row.question}`);
    },
    async recordFeedback(row: FeedbackRow) {
      if (state.away) throw new Gone('connect ECONNREFUSED');
      written.push(`f:${row.answerId}:${row.value}`);
    },
    report: () => Promise.reject(new Error('not used')),
    async close() {
      state.closed = true;
    },
  };
  return { inner, written, state };
}

const question = (text: string): QuestionRow => ({
  id: text,
  askedAt: new Date(0),
  channel: 'web',
  intent: 'question',
  lang: 'en',
  question: text,
  outcome: 'answer',
  passageIds: [],
  latencyMs: 1,
});

function setup(options: { maxQueued?: number } = {}) {
  const fake = fakeLog();
  const lines: string[] = [];
  const log = createLogger({ write: (line) => lines.push(line) });
  const qalog = createBufferedQaLog({
    inner: fake.inner,
    isTransient: (err) => err instanceof Gone,
    outage: createOutage({ name: 'postgresql', log }),
    log,
    retryMs: 1000,
    maxQueued: options.maxQueued,
  });
  return { ...fake, qalog, lines };
}

afterEach(() => vi.useRealTimers());

describe('shared/buffered-qalog', () => {
  describe('createBufferedQaLog', () => {
    it('returns after writing straight through while the database is there', async () => {
      const t = setup();
      await t.qalog.recordQuestion(question('a'));
      await t.qalog.recordFeedback({ answerId: 'x', value: 'up', givenAt: new Date(0) });
      expect(t.written).toEqual(['q:a', 'f:x:up']);
      expect(t.qalog.status()).toMatchObject({ status: 'ok', queued: 0 });
    });

    it('returns at once while the database is away, and writes the rows in order when it returns', async () => {
      vi.useFakeTimers();
      const t = setup();
      t.state.away = true;
      await t.qalog.recordQuestion(question('a'));
      await t.qalog.recordFeedback({ answerId: 'x', value: 'down', givenAt: new Date(0) });
      await t.qalog.recordQuestion(question('b'));
      expect(t.qalog.status()).toMatchObject({ status: 'down', queued: 3, cause: 'connect ECONNREFUSED' });
      await vi.advanceTimersByTimeAsync(1000);
      expect(t.qalog.status().queued).toBe(3);
      t.state.away = false;
      // Rows arriving while others wait queue behind them, even though the database is back.
      await t.qalog.recordQuestion(question('c'));
      expect(t.written).toEqual([]);
      await vi.advanceTimersByTimeAsync(1000);
      expect(t.written).toEqual(['q:a', 'f:x:down', 'q:b', 'q:c']);
      expect(t.qalog.status()).toMatchObject({ status: 'ok', queued: 0 });
      expect(t.lines.filter((l) => l.includes('unreachable'))).toHaveLength(1);
      // The outage ends in one line, with what was caught up.
      expect(t.lines.filter((l) => l.includes('reachable again'))).toEqual([expect.stringMatching(/ info postgresql reachable again after=\d+\.\ds written=4 dropped=0$/)]);
    });

    it('drops the oldest rows beyond maxQueued, and says so once', async () => {
      vi.useFakeTimers();
      const t = setup({ maxQueued: 2 });
      t.state.away = true;
      for (const q of ['a', 'b', 'c', 'd']) await t.qalog.recordQuestion(question(q));
      expect(t.qalog.status()).toMatchObject({ queued: 2, dropped: 2 });
      t.state.away = false;
      await vi.advanceTimersByTimeAsync(1000);
      expect(t.written).toEqual(['q:c', 'q:d']);
      expect(t.lines.filter((l) => l.includes('queue full'))).toHaveLength(1);
    });

    it('rejects a row the database refuses while it is there (nothing queued)', async () => {
      const t = setup();
      await expect(t.qalog.recordQuestion(question('refused'))).rejects.toThrow('value too long');
      expect(t.qalog.status().queued).toBe(0);
    });

    it('writes what waits on close when the database is back, then closes the inner log', async () => {
      const t = setup();
      t.state.away = true;
      await t.qalog.recordQuestion(question('a'));
      t.state.away = false;
      await t.qalog.close();
      expect(t.written).toEqual(['q:a']);
      expect(t.state.closed).toBe(true);
    });

    it('reports the rows it could not write on close while the database is still away', async () => {
      const t = setup();
      t.state.away = true;
      await t.qalog.recordQuestion(question('a'));
      await t.qalog.close();
      expect(t.lines.some((l) => / error question log: rows lost at shutdown.*rows=1$/.test(l))).toBe(true);
      expect(t.state.closed).toBe(true);
    });
  });
});
