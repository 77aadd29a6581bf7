/**
 * Property test of the question pipeline on arbitrary text: language detection, tokenising,
 * retrieval (engine.ask), reply composition (the conversation handler with the real engine)
 * and the channel formatters never throw and always return a well-formed result.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Engine, AskResult } from '../../src/answer/types.js';
import { replyToBlocks, MAX_BLOCKS, SECTION_TEXT_LIMIT } from '../../src/channels/slack/blocks.js';
import { createConversationHandler, type ConversationHandler } from '../../src/conversation/handler.js';
import { replyToPlainText } from '../../src/conversation/plain-text.js';
import { createMemoryStore } from '../../src/conversation/store.js';
import type { Reply } from '../../src/conversation/types.js';
import { analyzeEn, analyzeVi } from '../../src/text/analyze.js';
import { detectLanguage } from '../../src/text/language.js';
import { clean, fold, words } from '../../src/text/normalize.js';
import { loadTestEngine } from '../server/start.js';

const RUNS = 1000;
// 1000 runs through the whole pipeline (analysis, spelling, retrieval, decision) take a few seconds
// on a quiet 2-core machine; the limit only guards against a hang, not speed (bench measures that).
const PROPERTY_TIMEOUT_MS = 60_000;
vi.setConfig({ testTimeout: PROPERTY_TIMEOUT_MS });
const KINDS = ['answer', 'no-answer', 'help', 'greeting', 'thanks', 'no-more', 'error'];

let engine: Engine;
let handler: ConversationHandler;
beforeAll(async () => {
  engine = await loadTestEngine();
  handler = createConversationHandler({ engine, store: createMemoryStore() });
});
afterAll(() => engine.close());

/** UTF-16 code units at random: lone surrogates, controls, private use, everything. */
const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 80 }).map((units) => String.fromCharCode(...units));
/** Words the corpus and the intents know, so random noise also reaches the answer, "more" and switch paths. */
const known = fc.constantFrom('TFFN', 'AMRI', 'ASEAN', 'thông tin sai lệch', 'disinformation', 'more', 'thêm', 'in Vietnamese', 'hello', 'cảm ơn', 'help', 'Kuala Lumpur', 'chuyển đổi số');
const noisy = fc.tuple(known, fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), codeUnits), known).map(([a, b, c]) => `${a} ${b} ${c}`);
/** Every kind of text at once: full Unicode, grapheme clusters, raw code units, and corpus words in noise. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 100 }),
  codeUnits,
  noisy,
  known,
  // Past the 500-character limit, sometimes.
  fc.string({ unit: 'binary-ascii', minLength: 480, maxLength: 2100 }),
);

function expectWellFormedResult(result: AskResult, k: number) {
  expect(['vi', 'en']).toContain(result.lang);
  expect(typeof result.answered).toBe('boolean');
  expect(result.passages.length).toBeLessThanOrEqual(k);
  for (const p of result.passages) {
    expect(p.text.length).toBeGreaterThan(0);
    expect(Number.isFinite(p.score)).toBe(true);
    expect(engine.passage(p.id)).toBeDefined();
  }
}

function expectWellFormedReply(reply: Reply) {
  expect(KINDS).toContain(reply.kind);
  expect(['vi', 'en']).toContain(reply.lang);
  expect(reply.frame.length).toBeGreaterThan(0);
  expect(reply.passages.length).toBeLessThanOrEqual(3);
  if (reply.kind === 'answer') {
    expect(reply.passages.length).toBeGreaterThan(0);
    expect(reply.answerId).toMatch(/^[\w-]+$/);
  } else {
    expect(reply.passages).toHaveLength(0);
  }
  for (const p of reply.passages) {
    expect(p.url).toMatch(/^\/doc\/[\w.-]+\?lang=(vi|en)&hl=\d+(&s=\d+)?#p\d+$/);
    expect(p.sentences.length).toBeGreaterThan(0);
    // At most one marked sentence, or the run of sentences a listed answer spans.
    const marked = p.sentences.flatMap((s, i) => (s.marked ? [i] : []));
    if (marked.length > 0) expect(marked[marked.length - 1] - marked[0]).toBe(marked.length - 1);
    // The sentences are the passage's own words, nothing added.
    for (const s of p.sentences) expect(p.text).toContain(s.text.trim());
  }
  for (const s of reply.suggestions) expect(typeof s).toBe('string');
}

describe('hardening: question pipeline on arbitrary text', () => {
  describe('text', () => {
    it('returns vi or en from detectLanguage, and string tokens from clean/fold/words/analyze, for any string', () => {
      fc.assert(
        fc.property(anyText, (text) => {
          expect(['vi', 'en']).toContain(detectLanguage(text));
          expect(['vi', 'en']).toContain(engine.detectLanguage(text));
          const cleaned = clean(text);
          // No lone surrogate survives cleaning, so normalisation and /u regexes are safe downstream.
          expect(cleaned).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
          expect(typeof fold(cleaned)).toBe('string');
          for (const tokens of [words(cleaned), analyzeVi(cleaned), analyzeEn(cleaned)]) {
            for (const token of tokens) expect(token.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: RUNS },
      );
    });
  });

  describe('engine.ask', () => {
    it('resolves to a well-formed result for any string, language and page size', async () => {
      await fc.assert(
        fc.asyncProperty(anyText, fc.constantFrom(undefined, 'vi', 'en') as fc.Arbitrary<'vi' | 'en' | undefined>, fc.integer({ min: 1, max: 10 }), async (text, lang, k) => {
          const result = await engine.ask(text, { lang, k });
          expectWellFormedResult(result, k);
          if (lang) expect(result.lang).toBe(lang);
        }),
        { numRuns: RUNS },
      );
    }, PROPERTY_TIMEOUT_MS);
  });

  describe('conversation handler', () => {
    it('returns a well-formed reply for any sequence of messages in one conversation', async () => {
      let n = 0;
      const seen = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 4 }), async (texts) => {
          n += 1;
          for (const text of texts) {
            const reply = await handler.handle({ text, conversationKey: `prop:${n}`, channel: 'web' });
            expectWellFormedReply(reply);
            seen.set(reply.kind, (seen.get(reply.kind) ?? 0) + 1);
          }
        }),
        { numRuns: RUNS },
      );
      // The generators reach the interesting paths, not only "no answer".
      for (const kind of ['answer', 'no-answer', 'no-more', 'help', 'error']) expect(seen.get(kind) ?? 0).toBeGreaterThan(10);
    }, PROPERTY_TIMEOUT_MS);

    it('formats every reply for the web fallback and for Slack within Block Kit limits', async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(anyText, async (text) => {
          n += 1;
          const reply = await handler.handle({ text, conversationKey: `fmt:${n}`, channel: 'slack' });
          const plain = replyToPlainText(reply, { publicUrl: 'https://bot.example' });
          expect(plain).toContain(reply.frame);
          const message = replyToBlocks(reply, 'https://bot.example');
          expect(message.blocks.length).toBeGreaterThan(0);
          expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
          expect(message.text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
          for (const block of message.blocks) {
            const texts = block.type === 'section' ? [block.text.text] : block.type === 'context' ? block.elements.map((e) => e.text) : block.elements.map((e) => e.text.text);
            for (const t of texts) expect(t.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
          }
        }),
        { numRuns: RUNS },
      );
    });
  });
});
