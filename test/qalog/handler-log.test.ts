/** The conversation handler's side of the question log: which turns are logged, and how. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/answer/types.js';
import { createAskDesk } from '../../src/conversation/ask-desk.js';
import { createConversationHandler } from '../../src/conversation/handler.js';
import { createMemoryStore } from '../../src/conversation/store.js';
import { createQaRecorder } from '../../src/qalog/recorder.js';
import { openSqliteQaLog } from '../../src/qalog/sqlite.js';
import type { QaLog } from '../../src/qalog/types.js';
import { loadTestEngine } from '../server/start.js';
import { readRows, removeTempDirs, tempDbPath } from './helpers.js';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});
afterAll(async () => {
  await engine?.close();
  removeTempDirs();
});

async function handlerWithLog(over: Partial<Engine> = {}) {
  const dbPath = tempDbPath();
  const qalog: QaLog = await openSqliteQaLog({ path: dbPath });
  const recorder = createQaRecorder({ qalog });
  const e = { ...engine, ...over } as Engine;
  const handler = createConversationHandler({ engine: e, store: createMemoryStore(), desk: createAskDesk({ engine: e, recorder }) });
  const say = (text: string) => handler.handle({ text, conversationKey: 'web:k1', channel: 'web' });
  return { dbPath, handler, say, close: () => qalog.close() };
}

describe('conversation/handler with a question log', () => {
  describe('handle', () => {
    it('logs questions and language switches, not greetings, help or thanks', async () => {
      const h = await handlerWithLog();
      await h.say('hello');
      await h.say('help');
      const answer = await h.say('What is SOMRI?');
      const switched = await h.say('tiếng Việt');
      await h.say('thanks');
      await h.close();
      expect(readRows(h.dbPath).map((r) => [r.intent, r.question, r.lang, r.outcome, r.answer_id])).toEqual([
        ['question', 'What is SOMRI?', 'en', 'answer', answer.answerId],
        ['switch', 'What is SOMRI?', 'vi', 'answer', switched.answerId],
      ]);
    });

    it('logs a refused over-long question as an error, its text bounded', async () => {
      const h = await handlerWithLog();
      const reply = await h.say('ASEAN '.repeat(400));
      await h.close();
      expect(reply.kind).toBe('error');
      const [row] = readRows(h.dbPath);
      expect(row).toMatchObject({ intent: 'question', outcome: 'error', answered: 0, passage_ids: '[]' });
      expect(row.question).toBe('ASEAN '.repeat(400).trim().slice(0, 2000));
    });

    it('logs a question whose answering failed, and still replies', async () => {
      const h = await handlerWithLog({ ask: () => Promise.reject(new Error('index vanished')) });
      const reply = await h.say('What is SOMRI?');
      await h.close();
      expect(reply.kind).toBe('error');
      expect(readRows(h.dbPath)).toEqual([expect.objectContaining({ question: 'What is SOMRI?', outcome: 'error', answered: 0, answer_id: null })]);
    });
  });

  describe('feedback', () => {
    it('logs a vote on a known answer only', async () => {
      const h = await handlerWithLog();
      const answer = await h.say('What is SOMRI?');
      expect(await h.handler.feedback(answer.answerId!, 'up', 'web:k1')).toBe(true);
      expect(await h.handler.feedback(answer.answerId!, 'down', 'web:someone-else')).toBe(false);
      expect(await h.handler.feedback('unknown', 'down', 'web:k1')).toBe(false);
      await h.close();
      expect(readRows<{ answer_id: string; value: string }>(h.dbPath, 'qa_feedback').map((f) => [f.answer_id, f.value])).toEqual([[answer.answerId, 'up']]);
    });
  });
});
