import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../server/start.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

function ask(body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return fetch(`${t.baseUrl}/api/ask`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

async function expectJsonError(res: Response, status: number, pattern: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const text = await res.text();
  expect(text).not.toMatch(/<html|<pre|\n\s+at /i);
  const body = JSON.parse(text);
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatch(pattern);
}

const PASSAGE_KEYS = ['id', 'doc', 'title', 'paragraph', 'score', 'text', 'original', 'url'];

describe('channels/http/api', () => {
  describe('POST /api/ask', () => {
    it('returns cited Vietnamese passages for a Vietnamese question', async () => {
      const q = 'AMRI lần thứ 18 sẽ được tổ chức ở đâu?';
      const res = await ask({ question: q });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(Object.keys(body)).toEqual(['lang', 'answered', 'mode', 'passages', 'reading', 'answer']);
      expect(body.reading).toMatchObject({ focus: q, overview: false, corrections: [], setAside: [] });
      expect(body).toMatchObject({ lang: 'vi', answered: true, mode: 'lexical' });
      const expected = await t.engine.ask(q, { k: 3 });
      expect(body.passages.map((p: { id: string }) => p.id)).toEqual(expected.passages.map((p) => p.id));
      for (const p of body.passages) {
        expect(Object.keys(p)).toEqual(PASSAGE_KEYS);
        expect(p.text).toBe(p.original.text);
        expect(p.url).toBe(`${t.app.publicUrl()}/doc/${p.doc}?lang=vi&hl=${p.paragraph}#p${p.paragraph}`);
      }
    });

    it('returns English passages with the Vietnamese original for an English question', async () => {
      const body = await (await ask({ question: 'Where will the 18th AMRI take place?' })).json();
      expect(body.lang).toBe('en');
      expect(body.passages.length).toBeGreaterThan(0);
      for (const p of body.passages) {
        expect(p.text).toBe(t.engine.passage(p.id, 'en')!.text);
        expect(p.original).toEqual({ lang: 'vi', text: t.engine.passage(p.id, 'vi')!.text });
      }
    });

    it('returns passages whose url opens the cited paragraph in the reader page', async () => {
      const body = await (await ask({ question: 'What is COCI?', k: 1 })).json();
      const url = new URL(body.passages[0].url);
      const page = await (await fetch(t.baseUrl + url.pathname + url.search)).text();
      expect(page).toContain(`<section id="p${body.passages[0].paragraph}" class="para hl"`);
    });

    it('returns the language asked for and at most k passages', async () => {
      const body = await (await ask({ question: 'TFFN là gì?', lang: 'en', k: 1 })).json();
      expect(body.lang).toBe('en');
      expect(body.passages).toHaveLength(1);
      const q = 'What does the declaration say about digital transformation and disinformation?';
      const ten = await (await ask({ question: q, k: 10 })).json();
      const expected = await t.engine.ask(q, { k: 10 });
      expect(ten.passages.map((p: { id: string }) => p.id)).toEqual(expected.passages.map((p) => p.id));
      expect(ten.passages.length).toBeLessThanOrEqual(10);
    });

    it('returns the reading of a follow-up with the previous question the caller passes, and a short answer', async () => {
      const body = await (await ask({ question: 'and when?', previous: 'Where will the 18th AMRI be held?' })).json();
      expect(body.reading).toMatchObject({ readAs: 'When will the 18th AMRI be held?', followUp: { previous: 'Where will the 18th AMRI be held?' } });
      expect(body.passages[0].paragraph).toBe(14);
      expect(body.answer).toMatchObject({ passageId: 'kl-declaration-2025:p14' });
      expect(body.passages[0].text).toContain(body.answer.sentence);
      expect(body.answer.sentence).toContain(body.answer.text);
      expect((await ask({ question: 'x', previous: 42 })).status).toBe(400);
    });

    it('escapes markup characters of echoed text in JSON', async () => {
      const res = await ask({ question: '<b>TFFN</b> là gì?' });
      const raw = await res.text();
      expect(raw).not.toContain('<b>');
      expect(JSON.parse(raw).reading.focus).toBe('<b>TFFN</b> là gì?');
    });

    it('returns answered false and no passages when nothing answers', async () => {
      const body = await (await ask({ question: 'Who won the World Cup in 2022?' })).json();
      expect(body).toMatchObject({ lang: 'en', answered: false, mode: 'lexical', passages: [], answer: null });
      expect(body.reading.parts).toEqual([expect.objectContaining({ answered: false, passageIds: [] })]);
    });

    it.each([
      ['a missing question', {}, /needs a "question"/],
      ['an empty question', { question: '' }, /empty/],
      ['a blank question', { question: '   ' }, /empty/],
      ['a non-string question', { question: 42 }, /must be text/],
      ['a question over 500 characters', { question: 'a'.repeat(501) }, /at most 500/],
      ['an unknown lang', { question: 'TFFN', lang: 'fr' }, /"lang" must be "vi" or "en"/],
      ['k = 0', { question: 'TFFN', k: 0 }, /"k" must be a whole number from 1 to 10/],
      ['k = 11', { question: 'TFFN', k: 11 }, /"k"/],
      ['k = 2.5', { question: 'TFFN', k: 2.5 }, /"k"/],
      ['k as a string', { question: 'TFFN', k: '3' }, /"k"/],
      ['an array body', [{ question: 'TFFN' }], /JSON object/],
    ])('rejects %s with 400', async (_name, body, pattern) => {
      await expectJsonError(await ask(body), 400, pattern);
    });

    it('accepts a question of exactly 500 characters', async () => {
      expect((await ask({ question: 'ASEAN '.repeat(84).slice(0, 500) })).status).toBe(200);
    });

    it('rejects malformed JSON with a 400 JSON error, not an HTML stack', async () => {
      await expectJsonError(await ask('{"question": "TFFN"'), 400, /not valid JSON/);
    });

    it('rejects another content type with 415', async () => {
      await expectJsonError(await ask('question=TFFN', { 'content-type': 'application/x-www-form-urlencoded' }), 415, /JSON/);
      await expectJsonError(await ask('{"question":"TFFN"}', { 'content-type': 'text/plain' }), 415, /JSON/);
    });

    it('rejects a body over 16 kB with 413', async () => {
      await expectJsonError(await ask({ question: 'TFFN', padding: 'x'.repeat(17 * 1024) }), 413, /too large/);
    });
  });

  describe('GET /api/passages/:id', () => {
    it('returns one passage in its original language, or the one asked for', async () => {
      const res = await fetch(`${t.baseUrl}/api/passages/kl-declaration-2025:p7`);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(Object.keys(body)).toEqual(PASSAGE_KEYS);
      expect(body).toMatchObject({ id: 'kl-declaration-2025:p7', paragraph: 7, text: t.engine.passage('kl-declaration-2025:p7')!.text });
      const en = await (await fetch(`${t.baseUrl}/api/passages/${encodeURIComponent('kl-declaration-2025:p7')}?lang=en`)).json();
      expect(en.text).toBe(t.engine.passage('kl-declaration-2025:p7', 'en')!.text);
      expect(en.url).toBe(`${t.app.publicUrl()}/doc/kl-declaration-2025?lang=en&hl=7#p7`);
    });

    it('rejects an unknown id with a 404 JSON error', async () => {
      await expectJsonError(await fetch(`${t.baseUrl}/api/passages/nope:p1`), 404, /No passage with id "nope:p1"/);
    });

    it('rejects an unknown lang with 400', async () => {
      await expectJsonError(await fetch(`${t.baseUrl}/api/passages/kl-declaration-2025:p7?lang=fr`), 400, /"lang"/);
    });
  });

  describe('unknown /api routes', () => {
    it('returns a 404 JSON error', async () => {
      await expectJsonError(await fetch(`${t.baseUrl}/api/nothing-here`), 404, /No API endpoint GET \/api\/nothing-here/);
      await expectJsonError(await fetch(`${t.baseUrl}/api/ask/more`), 404, /GET \/api\/ask\/more/);
    });
  });

  describe('GET /healthz', () => {
    it('returns the engine status and whether Slack is on', async () => {
      const res = await fetch(`${t.baseUrl}/healthz`);
      expect(res.status).toBe(200);
      const body = await res.json();
      const s = t.engine.status();
      expect(body).toMatchObject({
        status: 'ok',
        mode: 'lexical',
        dense: false,
        model: null,
        indexHash: s.indexHash,
        documents: s.documents,
        chunks: s.chunks,
        problems: [],
        slack: false,
      });
      expect(body.documents).toBeGreaterThan(0);
      expect(body.indexHash).toMatch(/\w{8,}/);
    });
  });
});
