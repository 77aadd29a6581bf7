import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentileOffset } from '../../src/qalog/report.js';
import { openSqliteQaLog } from '../../src/qalog/sqlite.js';
import type { QaLog, QuestionRow, Report } from '../../src/qalog/types.js';
import { removeTempDirs, tempDbPath } from './helpers.js';

const T = Date.parse('2026-11-01T00:00:00.000Z');
const at = (minutes: number) => new Date(T + minutes * 60_000);
const PERIOD = { from: at(0), to: at(24 * 60) };

let n = 0;
const q = (minute: number, over: Partial<QuestionRow>): QuestionRow => ({
  id: `row-${++n}`,
  askedAt: at(minute),
  channel: 'web',
  intent: 'question',
  lang: 'en',
  question: '?',
  outcome: 'answer',
  passageIds: [],
  latencyMs: 1,
  ...over,
});

// A known day of traffic; figures below are worked out by hand from these rows.
const ROWS: QuestionRow[] = [
  q(10, { question: 'TFFN là gì?', lang: 'vi', answerId: 'a1', passageIds: ['d:p7', 'd:p3'], latencyMs: 1.04 }),
  q(20, { question: 'tffn LA GI', lang: 'vi', channel: 'api', latencyMs: 2 }),
  q(30, { question: 'TFFN là gì', lang: 'vi', channel: 'slack', answerId: 'a3', passageIds: ['d:p7'], latencyMs: 3 }),
  q(40, { question: 'What is SOMRI?', answerId: 'a4', passageIds: ['d:p2'], latencyMs: 4 }),
  q(50, { question: 'Who won the cup?', outcome: 'no-answer', latencyMs: 5 }),
  q(60, { question: 'who won the CUP', channel: 'api', outcome: 'no-answer', latencyMs: 6 }),
  q(70, { question: 'Thời tiết hôm nay?', lang: 'vi', channel: 'slack', outcome: 'no-answer', latencyMs: 7 }),
  q(80, { question: 'x'.repeat(500), outcome: 'error', latencyMs: 8 }),
  q(90, { question: 'What is SOMRI?', intent: 'more', answerId: 'a9', passageIds: ['d:p5'], latencyMs: 9 }),
  q(100, { question: 'What is SOMRI?', intent: 'switch', lang: 'vi', answerId: 'a10', passageIds: ['d:p2'], latencyMs: 250 }),
  // Outside the period: the day before, and exactly at its (exclusive) end.
  q(-60, { question: 'TFFN là gì?', latencyMs: 1000 }),
  q(24 * 60, { question: 'Who won the cup?', outcome: 'no-answer', latencyMs: 1000 }),
];

let qalog: QaLog;
let report: Report;
beforeAll(async () => {
  qalog = await openSqliteQaLog({ path: tempDbPath() });
  for (const row of ROWS) await qalog.recordQuestion(row);
  const vote = (answerId: string, value: 'up' | 'down', minute: number) => qalog.recordFeedback({ answerId, value, givenAt: at(minute) });
  await vote('a1', 'up', 200);
  await vote('a3', 'down', 201);
  await vote('a3', 'up', 205); // changed their mind: counts as up
  await vote('a4', 'down', 202);
  await vote('a9', 'down', 203);
  await vote('gone', 'down', 204); // an answer whose question is not in the log
  await vote('a10', 'up', -5); // before the period
  report = await qalog.report(PERIOD);
});
afterAll(async () => {
  await qalog?.close();
  removeTempDirs();
});

describe('qalog/report', () => {
  describe('buildReport', () => {
    it('returns the period as ISO times', () => {
      expect(report.period).toEqual({ from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' });
    });

    it('returns totals of new questions and follow-ups in the period only', () => {
      expect(report.totals).toEqual({ questions: 8, answered: 4, unanswered: 3, errors: 1, followUps: 2 });
    });

    it('returns new questions per channel and language, most first', () => {
      expect(report.byChannel).toEqual([
        { channel: 'web', count: 4 },
        { channel: 'api', count: 2 },
        { channel: 'slack', count: 2 },
      ]);
      expect(report.byLanguage).toEqual([
        { lang: 'en', count: 4 },
        { lang: 'vi', count: 4 },
      ]);
    });

    it('returns nearest-rank latency percentiles over every turn in the period', () => {
      // 10 turns: 1.04, 2, 3, 4, 5, 6, 7, 8, 9, 250 → p50 is the 5th, p95 and p99 the 10th.
      expect(report.latency).toEqual({ count: 10, p50: 5, p95: 250, p99: 250, max: 250 });
    });

    it('groups the most asked questions by folded case, diacritics and punctuation', () => {
      expect(report.mostAsked).toEqual([
        { key: 'tffn la gi', question: 'TFFN là gì', count: 3, answered: 3 },
        { key: 'who won the cup', question: 'Who won the cup?', count: 2, answered: 0 },
        { key: 'thoi tiet hom nay', question: 'Thời tiết hôm nay?', count: 1, answered: 0 },
        { key: 'what is somri', question: 'What is SOMRI?', count: 1, answered: 1 },
        { key: 'x'.repeat(500), question: 'x'.repeat(500), count: 1, answered: 0 },
      ]);
    });

    it('returns the unanswered questions with when they were last asked', () => {
      expect(report.unanswered).toEqual([
        { key: 'who won the cup', question: 'Who won the cup?', count: 2, lastAsked: '2026-11-01T01:00:00.000Z' },
        { key: 'thoi tiet hom nay', question: 'Thời tiết hôm nay?', count: 1, lastAsked: '2026-11-01T01:10:00.000Z' },
      ]);
    });

    it('counts the latest vote per answer, per question and in total', () => {
      expect({ up: report.feedback.up, down: report.feedback.down }).toEqual({ up: 2, down: 3 });
      expect(report.feedback.byQuestion).toEqual([
        { key: 'what is somri', question: 'What is SOMRI?', count: 2, up: 0, down: 2 },
        { key: 'tffn la gi', question: 'TFFN là gì', count: 2, up: 2, down: 0 },
      ]);
      expect(report.feedback.latest).toEqual([
        { answerId: 'a3', value: 'up', givenAt: '2026-11-01T03:25:00.000Z', question: 'TFFN là gì', passageIds: ['d:p7'] },
        { answerId: 'gone', value: 'down', givenAt: '2026-11-01T03:24:00.000Z', question: null, passageIds: [] },
        { answerId: 'a9', value: 'down', givenAt: '2026-11-01T03:23:00.000Z', question: 'What is SOMRI?', passageIds: ['d:p5'] },
        { answerId: 'a4', value: 'down', givenAt: '2026-11-01T03:22:00.000Z', question: 'What is SOMRI?', passageIds: ['d:p2'] },
        { answerId: 'a1', value: 'up', givenAt: '2026-11-01T03:20:00.000Z', question: 'TFFN là gì?', passageIds: ['d:p7', 'd:p3'] },
      ]);
    });

    it('cuts every list at `limit`', async () => {
      const short = await qalog.report(PERIOD, { limit: 1 });
      expect(short.mostAsked.map((m) => m.key)).toEqual(['tffn la gi']);
      expect(short.unanswered).toHaveLength(1);
      expect(short.feedback.byQuestion).toHaveLength(1);
      expect(short.feedback.latest).toHaveLength(1);
    });

    it('returns zeros and empty lists for a period without traffic', async () => {
      const empty = await qalog.report({ from: at(-10_000), to: at(-9_000) });
      expect(empty.totals).toEqual({ questions: 0, answered: 0, unanswered: 0, errors: 0, followUps: 0 });
      expect(empty.latency).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
      expect([empty.byChannel, empty.byLanguage, empty.mostAsked, empty.unanswered, empty.feedback.byQuestion, empty.feedback.latest]).toEqual([[], [], [], [], [], []]);
      expect([empty.feedback.up, empty.feedback.down]).toEqual([0, 0]);
    });
  });

  describe('percentileOffset', () => {
    it('returns the offset of rank ⌈p·n/100⌉ exactly, also where floating point would round up (p7 of 100)', () => {
      expect(percentileOffset(7, 100)).toBe(6);
      expect(percentileOffset(50, 10)).toBe(4);
      expect(percentileOffset(99, 10)).toBe(9);
      expect(percentileOffset(50, 1)).toBe(0);
    });

    it('returns the offset of the nearest-rank value, matching a brute-force definition', () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 100 }), (values, p) => {
          const sorted = [...values].sort((a, b) => a - b);
          // Definition: the smallest value such that at least p% of the values are ≤ it.
          const reference = sorted.find((v) => sorted.filter((w) => w <= v).length * 100 >= p * sorted.length);
          expect(sorted[percentileOffset(p, sorted.length)]).toBe(reference);
        }),
      );
    });
  });
});
