/**
 * Short answers: verbatim from their sentence, on every answered development question; and how
 * often the marked sentence of the first passage holds the gold answer (issue 12's target is 90%).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/answer/types.js';
import { createPassageFacts } from '../../src/answer/passage-facts.js';
import { shortAnswer } from '../../src/answer/short-answer.js';
import { SETS, type EvalQuestion } from '../../src/cli/eval.js';
import { createConversationHandler } from '../../src/conversation/handler.js';
import { createMemoryStore } from '../../src/conversation/store.js';
import { loadTestEngine } from '../server/start.js';

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});
afterAll(() => engine.close());

const development = SETS.filter((s) => !s.sealed).flatMap((s) => JSON.parse(readFileSync(s.file, 'utf8')) as (EvalQuestion & { answer?: string })[]);
const facts = createPassageFacts();

describe('answer/short-answer', () => {
  describe('shortAnswer', () => {
    it('returns the place, with the year right after it, verbatim', () => {
      const s = 'The joint statement also said that the 18th AMRI and related meetings will be held in Cambodia in 2027.';
      expect(shortAnswer('place', 'Where is the 18th AMRI?', s, facts)).toEqual({ text: 'Cambodia in 2027', sentence: s });
    });

    it('returns the date nearest the names the question gives', () => {
      const s = 'It noted ACMP II 2018-2025, and AMRI welcomed ACMP III 2026-2030.';
      expect(shortAnswer('year', 'ACMP III years', s, facts)?.text).toBe('2026-2030');
    });

    it('returns what an acronym stands for, in English and in Vietnamese', () => {
      expect(shortAnswer('definition', 'TFFN?', 'AMRI appreciated the efforts of the ASEAN Task Force on Fake News (TFFN), while stressing…', facts)?.text).toBe('ASEAN Task Force on Fake News');
      expect(shortAnswer('definition', 'TFFN là gì?', 'AMRI cũng đánh giá cao nỗ lực của Lực lượng đặc nhiệm ASEAN về tin giả (TFFN), đồng thời…', facts)?.text).toBe(
        'Lực lượng đặc nhiệm ASEAN về tin giả',
      );
    });

    it('returns a whole list across the sentence splitter\'s semicolons, with the sentences it spans', () => {
      const p = 'The five priority areas are: Arts and culture; Health; Youth and sports; Climate action.';
      expect(shortAnswer('list', 'What are the priority areas?', p, facts)).toEqual({ text: 'Arts and culture; Health; Youth and sports; Climate action', sentence: p });
    });

    it('returns null when no span of the asked kind is there', () => {
      expect(shortAnswer('day', 'What day?', 'The meeting will be held in 2027.', facts)).toBeNull();
      expect(shortAnswer('topic', 'What about youth?', 'Youth are key drivers.', facts)).toBeNull();
      expect(shortAnswer('definition', 'What is XYZ?', 'Nothing defines it here.', facts)).toBeNull();
    });
  });

  describe('on the development sets', () => {
    it('returns every short answer verbatim from its sentence, and that sentence from the first passage', async () => {
      let shown = 0;
      for (const q of development.filter((x) => x.paragraphs.length > 0 && !x.parts && !x.previous)) {
        const r = await engine.ask(q.q);
        if (!r.answer) continue;
        shown++;
        expect(r.answer.sentence, q.id).toContain(r.answer.text);
        expect(r.passages[0].id, q.id).toBe(r.answer.passageId);
        expect(r.passages[0].text, q.id).toContain(r.answer.sentence);
      }
      expect(shown).toBeGreaterThan(40);
    }, 60_000);

    it('reports how often the marked sentence of the first passage holds the gold answer', async () => {
      const bot = createConversationHandler({ engine, store: createMemoryStore() });
      const withGold = development.filter((x) => x.answer && x.paragraphs.length > 0 && !x.parts && !x.previous);
      let answered = 0;
      let holds = 0;
      let n = 0;
      for (const q of withGold) {
        const reply = await bot.handle({ text: q.q, conversationKey: `gold:${++n}`, channel: 'api' });
        const first = reply.passages[0];
        if (reply.kind !== 'answer' || !q.paragraphs.includes(first.paragraph)) continue;
        answered++;
        const marked = first.sentences.filter((s) => s.marked).map((s) => s.text).join(' ');
        if (marked.normalize('NFC').toLowerCase().includes(q.answer!.normalize('NFC').toLowerCase())) holds++;
      }
      const share = holds / answered;
      console.log(`marked sentence holds the gold answer: ${holds}/${answered} (${share.toFixed(3)}) of questions answered with a right passage first`);
      // Issue 12's target is 0.90; 0.914 (138/151) on 2026-11-30. The floor leaves a few questions of margin.
      expect(share).toBeGreaterThanOrEqual(0.85);
    }, 120_000);
  });
});
