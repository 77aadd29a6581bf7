import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createQaRecorder, type QuestionEvent } from '../../src/qalog/recorder.js';
import { openSqliteQaLog } from '../../src/qalog/sqlite.js';
import type { FeedbackRow, QaLog, QuestionRow } from '../../src/qalog/types.js';
import { readRows, removeTempDirs, tempDbPath } from './helpers.js';

afterAll(removeTempDirs);

const NOW = new Date('2026-11-25T12:00:00.000Z');
const event = (over: Partial<QuestionEvent> = {}): QuestionEvent => ({
  channel: 'web',
  intent: 'question',
  question: 'TFFN là gì?',
  lang: 'vi',
  outcome: 'answer',
  passageIds: ['d:p7'],
  latencyMs: 12.3,
  answerId: 'a1',
  conversationKey: 'web:session-123',
  ...over,
});

/** A QaLog that fails while `failing` is true and remembers what it stored otherwise. */
function flakyLog() {
  const stored: (QuestionRow | FeedbackRow)[] = [];
  const log = {
    failing: true as boolean,
    stored,
    async recordQuestion(row: QuestionRow) {
      if (log.failing) throw new Error('SQLITE_FULL: database or disk is full');
      stored.push(row);
    },
    async recordFeedback(row: FeedbackRow) {
      if (log.failing) throw new Error('SQLITE_FULL: database or disk is full');
      stored.push(row);
    },
    report: () => Promise.reject(new Error('unused')),
    close: async () => {},
  } satisfies QaLog & { failing: boolean; stored: unknown[] };
  return log;
}

describe('qalog/recorder', () => {
  describe('createQaRecorder', () => {
    it('stores no conversation key by default, and an arrival time of now − latency', async () => {
      const file = tempDbPath();
      const qalog = await openSqliteQaLog({ path: file });
      const recorder = createQaRecorder({ qalog, now: () => NOW });
      await recorder.question(event());
      await recorder.feedback({ answerId: 'a1', value: 'up', conversationKey: 'web:session-123' });
      await qalog.close();
      const [row] = readRows(file);
      expect(row).toMatchObject({ conversation_key: null, asked_at: '2026-11-25T11:59:59.988Z', question: 'TFFN là gì?', answer_id: 'a1' });
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(readRows(file, 'qa_feedback')).toEqual([{ answer_id: 'a1', value: 'up', given_at: NOW.toISOString(), conversation_key: null }]);
      // Nothing anywhere in the file names the session.
      expect(JSON.stringify([readRows(file), readRows(file, 'qa_feedback')])).not.toContain('session-123');
    });

    it('stores the conversation key as a salted hash when given a salt: the same key, the same hash; no id in clear', async () => {
      const file = tempDbPath();
      const qalog = await openSqliteQaLog({ path: file });
      const recorder = createQaRecorder({ qalog, userSalt: 'pepper' });
      await recorder.question(event({ conversationKey: 'slack:T1:C9:U123' }));
      await recorder.question(event({ conversationKey: 'slack:T1:C9:U123' }));
      await recorder.question(event({ conversationKey: 'slack:T1:C9:U456' }));
      await qalog.close();
      const keys = readRows<{ conversation_key: string }>(file).map((r) => r.conversation_key);
      expect(keys[0]).toMatch(/^h:[0-9a-f]{16}$/);
      expect(keys[1]).toBe(keys[0]);
      expect(keys[2]).not.toBe(keys[0]);
      expect(JSON.stringify(readRows(file))).not.toMatch(/U123|U456/);
    });

    it('stores the conversation key when storeUserIds is on', async () => {
      const file = tempDbPath();
      const qalog = await openSqliteQaLog({ path: file });
      const recorder = createQaRecorder({ qalog, storeUserIds: true });
      await recorder.question(event());
      await recorder.feedback({ answerId: 'a1', value: 'down', conversationKey: 'web:session-123' });
      await qalog.close();
      expect(readRows(file)[0].conversation_key).toBe('web:session-123');
      expect(readRows<{ conversation_key: string }>(file, 'qa_feedback')[0].conversation_key).toBe('web:session-123');
    });

    it('stores the question bounded and cleaned', async () => {
      const qalog = flakyLog();
      qalog.failing = false;
      await createQaRecorder({ qalog }).question(event({ question: `  ${'a'.repeat(2500)}\u0000` }));
      expect((qalog.stored[0] as QuestionRow).question).toBe('a'.repeat(2000));
    });

    it('resolves when the log fails, logging the failure once per outage and the recovery once', async () => {
      const lines: string[] = [];
      const qalog = flakyLog();
      const recorder = createQaRecorder({ qalog, log: createLogger({ write: (line) => lines.push(line) }) });
      await expect(recorder.question(event())).resolves.toBeUndefined();
      await expect(recorder.feedback({ answerId: 'a1', value: 'up' })).resolves.toBeUndefined();
      await recorder.question(event());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/ error question log write failed; .* kind=question error=SQLITE_FULL: database or disk is full$/);
      qalog.failing = false;
      await recorder.question(event());
      await recorder.question(event());
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/ info question log writable again$/);
      expect(qalog.stored).toHaveLength(2);
    });
  });
});
