import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteQaLog } from '../../src/qalog/sqlite.js';
import { QaLogError, type QuestionRow } from '../../src/qalog/types.js';
import { readRows, removeTempDirs, tempDbPath } from './helpers.js';

afterAll(removeTempDirs);

const row = (over: Partial<QuestionRow> = {}): QuestionRow => ({
  id: 'q1',
  askedAt: new Date('2026-11-01T09:00:00.000Z'),
  channel: 'web',
  intent: 'question',
  lang: 'vi',
  question: 'TFFN là gì?',
  outcome: 'answer',
  passageIds: ['kl-declaration-2025:p7', 'kl-declaration-2025:p3'],
  latencyMs: 3.14159,
  answerId: 'ans-1',
  ...over,
});

describe('qalog/sqlite', () => {
  describe('openSqliteQaLog', () => {
    it('creates the folder and a database in WAL mode', async () => {
      const file = path.join(path.dirname(tempDbPath()), 'nested', 'deeper', 'log.sqlite');
      const qalog = await openSqliteQaLog({ path: file });
      await qalog.recordQuestion(row());
      // journal_mode is stored in the file, so another connection sees it.
      const db = new Database(file, { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
      await qalog.close();
    });

    it('rejects an unopenable path with a QaLogError naming it', async () => {
      const blocker = tempDbPath('not-a-folder');
      writeFileSync(blocker, 'x');
      const file = path.join(blocker, 'qalog.sqlite');
      await expect(openSqliteQaLog({ path: file })).rejects.toThrow(QaLogError);
      await expect(openSqliteQaLog({ path: file })).rejects.toThrow(`question log ${file}: `);
    });

    it('rejects a file that is not a database', async () => {
      const file = tempDbPath();
      writeFileSync(file, 'this is not an SQLite database, just some text that is long enough to have a header');
      await expect(openSqliteQaLog({ path: file })).rejects.toThrow(/file is not a database/);
    });
  });

  describe('recordQuestion', () => {
    it('stores every field, the grouping key, and answered as 1/0', async () => {
      const file = tempDbPath();
      const qalog = await openSqliteQaLog({ path: file });
      await qalog.recordQuestion(row());
      await qalog.recordQuestion(row({ id: 'q2', channel: 'api', question: 'Who won?', lang: 'en', outcome: 'no-answer', passageIds: [], answerId: undefined, conversationKey: 'web:abc' }));
      // Visible to another connection as soon as the call returned: committed, not buffered.
      expect(readRows(file)).toEqual([
        {
          id: 'q1',
          asked_at: '2026-11-01T09:00:00.000Z',
          channel: 'web',
          intent: 'question',
          lang: 'vi',
          question: 'TFFN là gì?',
          question_key: 'tffn la gi',
          outcome: 'answer',
          answered: 1,
          passage_ids: '["kl-declaration-2025:p7","kl-declaration-2025:p3"]',
          latency_ms: 3.14,
          answer_id: 'ans-1',
          conversation_key: null,
        },
        expect.objectContaining({ id: 'q2', channel: 'api', outcome: 'no-answer', answered: 0, passage_ids: '[]', answer_id: null, conversation_key: 'web:abc' }),
      ]);
      await qalog.close();
    });

    it('rejects a second row with the same id', async () => {
      const qalog = await openSqliteQaLog({ path: tempDbPath() });
      await qalog.recordQuestion(row());
      await expect(qalog.recordQuestion(row())).rejects.toThrow(/UNIQUE constraint failed/);
      await qalog.close();
    });
  });

  describe('recordFeedback', () => {
    it('keeps one row per answer: a changed vote replaces the earlier one', async () => {
      const file = tempDbPath();
      const qalog = await openSqliteQaLog({ path: file });
      await qalog.recordFeedback({ answerId: 'a1', value: 'up', givenAt: new Date('2026-11-01T10:00:00.000Z') });
      await qalog.recordFeedback({ answerId: 'a2', value: 'down', givenAt: new Date('2026-11-01T10:01:00.000Z') });
      await qalog.recordFeedback({ answerId: 'a1', value: 'down', givenAt: new Date('2026-11-01T10:02:00.000Z') });
      expect(readRows(file, 'qa_feedback')).toEqual([
        { answer_id: 'a1', value: 'down', given_at: '2026-11-01T10:02:00.000Z', conversation_key: null },
        { answer_id: 'a2', value: 'down', given_at: '2026-11-01T10:01:00.000Z', conversation_key: null },
      ]);
      await qalog.close();
    });
  });

  describe('close', () => {
    it('is idempotent, and writes after it reject', async () => {
      const qalog = await openSqliteQaLog({ path: tempDbPath() });
      await qalog.close();
      await qalog.close();
      await expect(qalog.recordQuestion(row())).rejects.toThrow(/not open/);
    });
  });
});
