import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/answer/types.js';
import { createConversationHandler, type ConversationHandler } from '../../src/conversation/handler.js';
import { passageUrl } from '../../src/conversation/passage-url.js';
import { FRAMES, TOO_LONG } from '../../src/conversation/frames.js';
import { createMemoryStore } from '../../src/conversation/store.js';
import { SUGGESTIONS } from '../../src/conversation/suggestions.js';
import type { Reply } from '../../src/conversation/types.js';
import { loadTestEngine, questionWithMore } from '../server/start.js';

// The shipped document names itself in replies (meta.json describedAs).
const ANSWER_FRAME = { en: 'The TTXVN report says:', vi: 'Bản tin TTXVN viết:' } as const;

let engine: Engine;
let bot: ConversationHandler;
let n = 0;

beforeAll(async () => {
  engine = await loadTestEngine();
  bot = createConversationHandler({ engine, store: createMemoryStore() });
});
afterAll(() => engine.close());

/** A fresh conversation: `say(text)` sends a message in it. */
function conversation() {
  const key = `test:${++n}`;
  return { key, say: (text: string) => bot.handle({ text, conversationKey: key, channel: 'api' }) };
}

const ids = (r: { passages: { id: string }[] }) => r.passages.map((p) => p.id);

function expectWellFormedAnswer(reply: Reply) {
  expect(reply.kind).toBe('answer');
  expect(reply.passages.length).toBeGreaterThan(0);
  expect(reply.passages.length).toBeLessThanOrEqual(3);
  expect(reply.answerId).toMatch(/^[\w-]{8,}$/);
  for (const p of reply.passages) {
    expect(p.textLang).toBe(reply.lang);
    // The link names the marked sentence when the passage is in the reply language (&s=N).
    expect(p.url).toMatch(new RegExp(`^/doc/${p.doc}\\?lang=${reply.lang}&hl=${p.paragraph}(&s=\\d+)?#p${p.paragraph}$`));
    // One sentence marked, or the run of sentences a listed answer spans ("Arts and culture; Health; …").
    const marked = p.sentences.flatMap((s, i) => (s.marked ? [i] : []));
    expect(marked.length).toBeGreaterThan(0);
    expect(marked[marked.length - 1] - marked[0]).toBe(marked.length - 1);
    expect(p.sentences.map((s) => s.text).join(' ').replace(/\s+/g, ' ')).toBe(p.text.replace(/\s+/g, ' '));
  }
}

describe('conversation/handler', () => {
  describe('handle: one primary citation', () => {
    it('shows one passage unless others score close to it, labelled "Also relevant", the rest behind more', async () => {
      const c = conversation();
      const q = await questionWithMore(engine, 'en');
      const reply = await c.say(q);
      const all = (await engine.ask(q, { lang: 'en', k: 4 })).passages;
      const close = all.slice(0, 3).filter((p, i) => i === 0 || p.score >= all[0].score * 0.8);
      expect(ids(reply)).toEqual(close.map((p) => p.id).slice(0, ids(reply).length));
      expect(reply.passages[0].alsoRelevant).toBeUndefined();
      for (const p of reply.passages.slice(1)) expect(p.alsoRelevant).toBe(true);
      expect(reply.hasMore).toBe(true);
    });

    it('shows only the first passage for a question one paragraph answers', async () => {
      const reply = await conversation().say('Where will the 18th AMRI be held?');
      expect(reply.passages.map((p) => p.paragraph)).toEqual([14]);
      expect(reply.answer?.text).toBe('Cambodia in 2027');
    });
  });

  describe('handle: "more" for a given answer', () => {
    it('continues the answer a "More" sits under, not the latest question', async () => {
      const key = `test:${++n}`;
      const say = (text: string, continues?: string) => bot.handle({ text, conversationKey: key, channel: 'web', ...(continues ? { continues } : {}) });
      const q = await questionWithMore(engine, 'en');
      const first = await say(q);
      await say('Where will the 18th AMRI be held?');
      const more = await say('more', first.answerId);
      expect(more.kind).toBe('answer');
      expect(ids(more)).toEqual(ids(await engine.ask(q, { lang: 'en', k: 3, offset: first.passages.length })));
    });

    it('says there is nothing more, not "ask first", after a refusal', async () => {
      const c = conversation();
      await c.say('What is the capital of France?');
      expect((await c.say('more')).frame).toBe(FRAMES.noMore.en);
      expect((await conversation().say('more')).frame).toBe(FRAMES.nothingToContinue.en);
    });
  });

  describe('handle: follow-ups', () => {
    it('reads "and when?" with the previous question and says so', async () => {
      const c = conversation();
      await c.say('Where will the 18th AMRI be held?');
      const reply = await c.say('and when?');
      expect(reply).toMatchObject({ kind: 'answer', readAs: 'When will the 18th AMRI be held?' });
      expect(reply.frame).toBe(`Reading this as: “When will the 18th AMRI be held?”. ${ANSWER_FRAME.en}`);
      expect(reply.passages[0].paragraph).toBe(14);
    });

    it('starts fresh on a new topic', async () => {
      const c = conversation();
      await c.say('Where will the 18th AMRI be held?');
      const reply = await c.say('What does TFFN stand for?');
      expect(reply.readAs).toBeUndefined();
      expect(reply.passages[0].paragraph).toBe(10);
    });

    it('reads a follow-up after a refused question too, and "more" continues the reading', async () => {
      const c = conversation();
      await c.say('Which countries took part in the 17th AMRI?');
      const reply = await c.say('what about Norway?');
      expect(reply.kind).toBe('answer');
      expect(reply.readAs).toMatch(/Norway/);
    });

    it('says which part of a two-part question the text does not answer', async () => {
      const reply = await conversation().say('Where will the 18th AMRI be held, and who chaired the 17th?');
      expect(reply.kind).toBe('answer');
      expect(reply.passages[0].paragraph).toBe(14);
      expect(reply.frame).toContain('The declaration does not answer: “who chaired the 17th?”');
    });
  });

  describe('handle', () => {
    it('returns cited Vietnamese passages for a Vietnamese question', async () => {
      const q = 'Quyền tự do ngôn luận có được bảo vệ không?';
      const reply = await conversation().say(q);
      expectWellFormedAnswer(reply);
      expect(reply.lang).toBe('vi');
      expect(reply.frame).toBe(ANSWER_FRAME.vi);
      expect(ids(reply)).toEqual(ids(await engine.ask(q, { lang: 'vi', k: 3 })));
    });

    it('returns Vietnamese passages for a Vietnamese question typed without diacritics', async () => {
      const reply = await conversation().say('quyen tu do ngon luan co duoc bao ve khong');
      expectWellFormedAnswer(reply);
      expect(reply.lang).toBe('vi');
      expect(ids(reply)).toEqual(ids(await conversation().say('Quyền tự do ngôn luận có được bảo vệ không?')));
    });

    it('returns English text with the Vietnamese original for an English question', async () => {
      const reply = await conversation().say('Does the declaration protect freedom of expression?');
      expectWellFormedAnswer(reply);
      expect(reply.lang).toBe('en');
      expect(reply.frame).toBe(ANSWER_FRAME.en);
      for (const p of reply.passages) {
        expect(p.original.lang).toBe('vi');
        expect(p.original.text).toBe(engine.passage(p.id, 'vi')!.text);
        expect(p.text).toBe(engine.passage(p.id, 'en')!.text);
      }
    });

    it('returns the marked sentence that shares the question words', async () => {
      const reply = await conversation().say('Where will the 18th AMRI be held?');
      const sentence = reply.passages[0].sentences.find((s) => s.marked)!.text;
      expect(sentence).toMatch(/18th AMRI/);
    });

    it('returns the next passages on "more", then no-more when they run out', async () => {
      const c = conversation();
      const q = await questionWithMore(engine, 'en');
      const first = await c.say(q);
      expectWellFormedAnswer(first);
      expect(first.hasMore).toBe(true);
      const more = await c.say('more');
      expect(more.kind).toBe('answer');
      expect(more.frame).toBe(FRAMES.more.en);
      // "more" continues after what the first reply showed (one passage, or those close to it).
      expect(ids(more)).toEqual(ids(await engine.ask(q, { lang: 'en', k: 3, offset: first.passages.length })));
      expect(ids(more).some((id) => ids(first).includes(id))).toBe(false);
      let last = more;
      for (let i = 0; i < 5 && last.kind === 'answer'; i++) last = await c.say('more');
      expect(last.kind).toBe('no-more');
      expect(last.frame).toBe(FRAMES.noMore.en);
    });

    it('returns more passages on "thêm" and "them" in Vietnamese', async () => {
      const c = conversation();
      const first = await c.say(await questionWithMore(engine, 'vi'));
      expect(first.hasMore).toBe(true);
      const more = await c.say('them');
      expect(more.kind).toBe('answer');
      expect(more.lang).toBe('vi');
      expect(more.frame).toBe(FRAMES.more.vi);
      expect(ids(more).some((id) => ids(first).includes(id))).toBe(false);
    });

    it('returns no-more with a hint when "more" comes before any question', async () => {
      const reply = await conversation().say('thêm');
      expect(reply).toMatchObject({ kind: 'no-more', lang: 'vi', frame: FRAMES.nothingToContinue.vi, passages: [] });
    });

    it('returns no-more in a conversation other than the one that asked', async () => {
      await conversation().say(await questionWithMore(engine, 'en'));
      expect((await conversation().say('more')).kind).toBe('no-more');
    });

    it('returns the last answer again in the language asked for, and keeps that language', async () => {
      const c = conversation();
      const q = 'What did the ministers say about cybersecurity?';
      const en = await c.say(q);
      expect(en.lang).toBe('en');
      const vi = await c.say('bằng tiếng Việt');
      expectWellFormedAnswer(vi);
      expect(vi.lang).toBe('vi');
      expect(vi.frame).toBe(ANSWER_FRAME.vi);
      expect(ids(vi)).toEqual(ids(en));
      // Sticky: the user still writes English and still gets Vietnamese.
      const next = await c.say('Who are the new partners in ASEAN media cooperation?');
      expect(next.lang).toBe('vi');
      // Writing in another language unpins: the reply follows the message again.
      expect((await c.say('ACMP III giai đoạn nào?')).lang).toBe('vi');
      expect((await c.say('What is the TFFN?')).lang).toBe('en');
    });

    it('returns English for "in English" after a Vietnamese answer, and for a short follow-up', async () => {
      const c = conversation();
      await c.say('TFFN là gì?');
      const en = await c.say('in English');
      expect(en.lang).toBe('en');
      expect(en.passages.every((p) => p.textLang === 'en' && p.original.lang === 'vi')).toBe(true);
      expect((await c.say('COCI')).lang).toBe('en');
    });

    it('returns a confirmation and suggestions for a language switch before any question', async () => {
      const c = conversation();
      const reply = await c.say('English please');
      expect(reply).toMatchObject({ kind: 'help', lang: 'en', frame: FRAMES.switched.en });
      expect(reply.suggestions).toEqual([...SUGGESTIONS.en]);
      expect((await c.say('Tuyên bố Kuala Lumpur nói về vấn đề gì?')).lang).toBe('en');
    });

    it('returns an answer in the language named at the end of the question', async () => {
      const reply = await conversation().say('TFFN là gì in English?');
      expectWellFormedAnswer(reply);
      expect(reply.lang).toBe('en');
    });

    it('returns no-answer with three answerable suggestions in the user language', async () => {
      for (const [q, lang] of [
        ['What is the capital of France?', 'en'],
        ['Giá vàng hôm nay bao nhiêu?', 'vi'],
      ] as const) {
        const reply = await conversation().say(q);
        expect(reply).toMatchObject({ kind: 'no-answer', lang, frame: FRAMES.noAnswer[lang], passages: [] });
        expect(reply.suggestions).toHaveLength(3);
        for (const s of reply.suggestions) expectWellFormedAnswer(await conversation().say(s));
      }
    });

    it.each([
      ['help', 'help', 'en'],
      ['trợ giúp', 'help', 'vi'],
      ['tro giup', 'help', 'vi'],
      ['hello', 'greeting', 'en'],
      ['xin chào', 'greeting', 'vi'],
      ['thanks!', 'thanks', 'en'],
      ['cam on', 'thanks', 'vi'],
    ] as const)('returns %j as %s in %s', async (text, kind, lang) => {
      const reply = await conversation().say(text);
      expect(reply).toMatchObject({ kind, lang, frame: FRAMES[kind][lang], passages: [] });
      expect(reply.suggestions).toEqual(kind === 'thanks' ? [] : [...SUGGESTIONS[lang]]);
    });

    it('returns an error reply for a question over 500 characters', async () => {
      const reply = await conversation().say('ASEAN '.repeat(100));
      expect(reply).toMatchObject({ kind: 'error', frame: TOO_LONG.en(500), passages: [] });
    });

    it('returns replies in order for messages sent at once in one conversation', async () => {
      const c = conversation();
      const q = await questionWithMore(engine, 'en');
      const [first, more] = await Promise.all([c.say(q), c.say('more')]);
      expect(first.kind).toBe('answer');
      expect(more.kind).toBe('answer');
      expect(more.frame).toBe(FRAMES.more.en);
    });
  });

  describe('feedback', () => {
    it('returns true for an answer of this conversation and false otherwise', async () => {
      const c = conversation();
      const reply = await c.say('What is SOMRI?');
      expect(await bot.feedback(reply.answerId!, 'up', c.key)).toBe(true);
      expect(await bot.feedback('unknown-answer', 'down', c.key)).toBe(false);
      expect(await bot.feedback(reply.answerId!, 'down', conversation().key)).toBe(false);
    });
  });

  describe('passageUrl', () => {
    it('returns the reader link with language, highlight and anchor', () => {
      expect(passageUrl({ doc: 'kl-declaration-2025', paragraph: 7 }, 'en')).toBe('/doc/kl-declaration-2025?lang=en&hl=7#p7');
    });
  });
});
