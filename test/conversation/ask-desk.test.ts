import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskResult, Engine } from '../../src/answer/types.js';
import { createAskDesk, QuestionRejected } from '../../src/conversation/ask-desk.js';
import type { QaRecorder, QuestionEvent } from '../../src/qalog/recorder.js';
import { loadTestEngine } from '../server/start.js';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});
afterAll(() => engine.close());

function memoryRecorder() {
  const rows: QuestionEvent[] = [];
  const recorder: QaRecorder = { question: async (e) => void rows.push(e), feedback: async () => undefined };
  return { rows, recorder };
}

const shown = (r: AskResult) => ({ value: r, outcome: r.answered ? ('answer' as const) : ('no-answer' as const), passageIds: r.passages.map((p) => p.id) });

describe('conversation/ask-desk', () => {
  it('asks in the detected language, gives the result to the channel and logs what it showed', async () => {
    const { rows, recorder } = memoryRecorder();
    const desk = createAskDesk({ engine, recorder, maxQuestionLength: 100 });
    const result = await desk.ask({ text: 'TFFN là gì?', channel: 'api', k: 2 }, shown);
    expect(result.lang).toBe('vi');
    expect(result.answered).toBe(true);
    expect(rows).toEqual([
      expect.objectContaining({ channel: 'api', intent: 'question', question: 'TFFN là gì?', lang: 'vi', outcome: 'answer', passageIds: result.passages.map((p) => p.id) }),
    ]);
    expect(rows[0].latencyMs).toBeGreaterThan(0);
  });

  it('lets the channel choose the reply language from the detected one', async () => {
    const desk = createAskDesk({ engine });
    const seen: string[] = [];
    const result = await desk.ask({ text: 'TFFN là gì?', channel: 'web', lang: (detected) => (seen.push(detected), 'en') }, shown);
    expect(seen).toEqual(['vi']);
    expect(result.lang).toBe('en');
  });

  it('rejects a question or a previous question over the limit, logging the question as an error', async () => {
    const { rows, recorder } = memoryRecorder();
    const desk = createAskDesk({ engine, recorder, maxQuestionLength: 20 });
    let asked = 0;
    const counting: Engine = { ...engine, ask: (...a) => (asked++, engine.ask(...a)) };
    const counted = createAskDesk({ engine: counting, recorder, maxQuestionLength: 20 });
    await expect(counted.ask({ text: 'x'.repeat(21), channel: 'cli' }, shown)).rejects.toMatchObject({ field: 'question', limit: 20 });
    await expect(counted.ask({ text: 'and when?', previous: 'y'.repeat(21), channel: 'api' }, shown)).rejects.toBeInstanceOf(QuestionRejected);
    expect(asked).toBe(0);
    expect(rows.map((r) => [r.channel, r.outcome])).toEqual([
      ['cli', 'error'],
      ['api', 'error'],
    ]);
    // Exactly at the limit is fine.
    expect((await desk.ask({ text: 'x'.repeat(20), channel: 'cli' }, shown)).lang).toBeDefined();
  });

  it('logs a failed turn as an error and passes the failure on', async () => {
    const { rows, recorder } = memoryRecorder();
    const broken: Engine = { ...engine, ask: () => Promise.reject(new Error('index vanished')) };
    const desk = createAskDesk({ engine: broken, recorder });
    await expect(desk.ask({ text: 'What is SOMRI?', channel: 'slack', conversationKey: 'slack:T1:U1' }, shown)).rejects.toThrow('index vanished');
    expect(rows).toEqual([expect.objectContaining({ channel: 'slack', outcome: 'error', conversationKey: 'slack:T1:U1', passageIds: [] })]);
  });
});
