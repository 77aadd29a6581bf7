/**
 * Bad input on every public entry point of the real app over loopback: /api/ask, the web chat
 * (websocket frames and POST /botkit/receive), Slack (signed events and slash commands) and the
 * reader page. Each input gets a plain-words error or a normal answer; nothing user-supplied comes
 * back unescaped; and the server still answers /healthz afterwards.
 */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FRAMES, TOO_LONG } from '../../src/conversation/frames.js';
import { connect, startTestApp, type TestApp } from '../server/start.js';
import { startSlackStandIn, type SlackStandIn } from '../channels/slack/slack-stand-in.js';

// The shipped document names itself in replies (meta.json describedAs).
const ANSWER_FRAME = { en: 'The TTXVN report says:', vi: 'Bản tin TTXVN viết:' } as const;

const SIGNING_SECRET = 'bad-input-signing-secret';
const HTML = '<script>alert(1)</script><img src=x onerror=alert(2)> TFFN là gì?';
const KIND = ['answer', 'no-answer', 'help', 'greeting', 'thanks', 'no-more', 'error'];

let t: TestApp;
let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlackStandIn();
  t = await startTestApp({
    env: { RATE_LIMIT_PER_MINUTE: '100000', SLACK_BOT_TOKEN: 'xoxb-bad-input', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
  });
});
afterAll(async () => {
  await t.close();
  await slack.close();
});
// Every test leaves a server that still answers.
afterEach(async () => {
  const res = await fetch(`${t.baseUrl}/healthz`);
  expect(res.status).toBe(200);
  expect((await res.json()).documents).toBeGreaterThan(0);
});

/** UTF-8 bytes with invalid sequences (a lone continuation byte, an overlong form, 0xFF) inside a JSON string. */
const invalidUtf8 = (prefix: string, suffix: string) =>
  Buffer.concat([Buffer.from(prefix), Buffer.from([0x80, 0xc0, 0xaf, 0xff, 0xfe]), Buffer.from(' TFFN' + suffix)]);

const CONTROL = 'TFFN\u0000\u0007\u001b\u007f\u0085\u200b\u2028 là gì?\r\n\t';
const LONE = 'TFFN \ud800 là \udc00 gì?';
const MIXED = 'TFFN Тест 東南亞 ทดสอบ عربى là gì? 🇻🇳';

async function post(path: string, body: string | Buffer, headers: Record<string, string>) {
  const res = await fetch(t.baseUrl + path, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

/** No stack trace, no HTML page, and none of the question's markup anywhere in a response. */
function expectClean(text: string) {
  expect(text).not.toMatch(/\n\s+at |<html|<pre/i);
  expect(text).not.toContain('<script');
  expect(text).not.toContain('<img');
}

describe('hardening: bad input', () => {
  describe('POST /api/ask', () => {
    const json = { 'content-type': 'application/json' };
    const long = (n: number) => 'ASEAN '.repeat(Math.ceil(n / 6)).slice(0, n);
    it.each([
      ['an empty question', JSON.stringify({ question: '' }), json, 400, /"question" is empty/],
      ['a whitespace-only question', JSON.stringify({ question: ' \t\n\u3000 ' }), json, 400, /"question" is empty/],
      ['a 501-character question', JSON.stringify({ question: long(501) }), json, 400, /at most 500 characters/],
      ['a number as question', JSON.stringify({ question: 42 }), json, 400, /must be text/],
      ['an array as question', JSON.stringify({ question: ['TFFN'] }), json, 400, /must be text/],
      ['no question', JSON.stringify({ q: 'TFFN' }), json, 400, /needs a "question"/],
      ['a JSON array body', JSON.stringify(['TFFN']), json, 400, /JSON object/],
      ['a JSON string body', JSON.stringify('TFFN'), json, 400, /not valid JSON|JSON object/],
      ['malformed JSON', '{"question": "TFFN"', json, 400, /not valid JSON/],
      ['text/plain', 'TFFN là gì?', { 'content-type': 'text/plain' }, 415, /Content-Type: application\/json/],
      ['a form', 'question=TFFN', { 'content-type': 'application/x-www-form-urlencoded' }, 415, /Content-Type: application\/json/],
      ['no content type', Buffer.from('{"question":"TFFN"}'), {}, 415, /Content-Type: application\/json/],
      ['a 20 KB body', JSON.stringify({ question: 'x'.repeat(20_000) }), json, 413, /too large/],
      ['a 5 MB body', JSON.stringify({ question: 'x'.repeat(5_000_000) }), json, 413, /too large/],
      ['a Latin-1 charset', JSON.stringify({ question: 'TFFN' }), { 'content-type': 'application/json; charset=latin1' }, 415, /UTF-8/],
      ['UTF-8 bytes labelled UTF-16', JSON.stringify({ question: 'TFFN' }), { 'content-type': 'application/json; charset=utf-16' }, 400, /not valid JSON/],
    ])('returns a plain-words error for %s', async (_name, body, headers, status, message) => {
      const res = await post('/api/ask', body, headers as Record<string, string>);
      expect(res.status).toBe(status);
      expect(res.type).toMatch(/^application\/json/);
      expectClean(res.text);
      expect(JSON.parse(res.text).error).toMatch(message);
    });

    it.each([
      ['a 500-character question', JSON.stringify({ question: long(500) })],
      ['control characters', JSON.stringify({ question: CONTROL })],
      ['lone surrogates', JSON.stringify({ question: LONE })],
      ['invalid UTF-8 bytes', invalidUtf8('{"question":"', '"}')],
      ['mixed scripts and emoji', JSON.stringify({ question: MIXED })],
      ['HTML and script', JSON.stringify({ question: HTML })],
    ])('returns a normal answer for %s', async (_name, body) => {
      const res = await post('/api/ask', body, json);
      expect(res.status).toBe(200);
      expectClean(res.text);
      const result = JSON.parse(res.text);
      expect(['vi', 'en']).toContain(result.lang);
      expect(typeof result.answered).toBe('boolean');
      expect(result.passages.length).toBeLessThanOrEqual(3);
    });

    it('answers the question behind control characters and lone surrogates as it answers the clean one', async () => {
      const clean = JSON.parse((await post('/api/ask', JSON.stringify({ question: 'TFFN là gì?' }), json)).text);
      for (const question of [CONTROL, LONE]) {
        const noisy = JSON.parse((await post('/api/ask', JSON.stringify({ question }), json)).text);
        expect(noisy.passages.map((p: { id: string }) => p.id)).toEqual(clean.passages.map((p: { id: string }) => p.id));
      }
    });
  });

  describe('POST /botkit/receive', () => {
    const json = { 'content-type': 'application/json' };
    const message = (text: unknown) => JSON.stringify({ type: 'message', text });
    it.each([
      ['an empty text', message(''), json, 400, /needs some text/],
      ['a whitespace-only text', message('  \n '), json, 400, /needs some text/],
      ['a number as text', message(7), json, 400, /needs some text/],
      ['a 2001-character text', message('a'.repeat(2001)), json, 400, /at most 2000 characters/],
      ['an unknown type', JSON.stringify({ type: '<b>x</b>' }), json, 400, /Unknown message type/],
      ['a JSON array', '[1,2]', json, 400, /JSON object/],
      ['malformed JSON', '{"type":"message",', json, 400, /not valid JSON/],
      ['malformed JSON as text/plain', 'hello', { 'content-type': 'text/plain' }, 400, /not valid JSON/],
      ['XML', '<message>TFFN</message>', { 'content-type': 'application/xml' }, 415, /Send messages as JSON/],
      ['a form', 'type=message&text=TFFN', { 'content-type': 'application/x-www-form-urlencoded' }, 415, /Send messages as JSON/],
      ['a 20 KB body', message('x'.repeat(20_000)), json, 413, /too large/],
    ])('returns a plain-words error for %s', async (_name, body, headers, status, pattern) => {
      const res = await post('/botkit/receive', body, headers as Record<string, string>);
      expect(res.status).toBe(status);
      expectClean(res.text);
      const out = JSON.parse(res.text);
      expect(out).toEqual([{ type: 'error', message: expect.stringMatching(pattern) }]);
    });

    it.each([
      ['a 501-character text', message('ASEAN '.repeat(90))],
      ['control characters', message(CONTROL)],
      ['lone surrogates', message(LONE)],
      ['invalid UTF-8 bytes', invalidUtf8('{"type":"message","text":"', '"}')],
      ['mixed scripts and emoji', message(MIXED)],
      ['HTML and script', message(HTML)],
    ])('returns a session and a well-formed reply for %s', async (name, body) => {
      const res = await post('/botkit/receive', body, { 'content-type': 'text/plain;charset=UTF-8' });
      expect(res.status).toBe(200);
      expectClean(res.text);
      const [session, reply] = JSON.parse(res.text);
      expect(session.type).toBe('session');
      expect(reply.type).toBe('message');
      expect(KIND).toContain(reply.reply.kind);
      if (name.startsWith('a 501')) expect(reply.reply).toMatchObject({ kind: 'error', frame: TOO_LONG.en(500) });
    });
  });

  describe('websocket', () => {
    it.each([
      ['a frame that is not JSON', 'TFFN là gì?', /must be JSON/],
      ['an empty text', { type: 'message', text: '' }, /needs some text/],
      ['a whitespace-only text', { type: 'message', text: ' \t ' }, /needs some text/],
      ['an object as text', { type: 'message', text: { toString: 'x' } }, /needs some text/],
      ['a 2001-character text', { type: 'message', text: 'a'.repeat(2001) }, /at most 2000 characters/],
      ['a JSON null', 'null', /JSON object/],
    ])('returns an error message for %s and keeps the connection', async (_name, frame, pattern) => {
      const c = await connect(t.wsUrl);
      await c.next();
      c.send(frame);
      expect(await c.next()).toEqual({ type: 'error', message: expect.stringMatching(pattern) });
      c.send({ type: 'message', text: 'TFFN là gì?' });
      expect((await c.next()).reply.kind).toBe('answer');
      await c.close();
    });

    it.each([
      ['a 501-character text', 'ASEAN '.repeat(90), 'error'],
      ['control characters', CONTROL, 'answer'],
      ['lone surrogates', LONE, 'answer'],
      ['mixed scripts and emoji', MIXED, undefined],
      ['HTML and script', HTML, undefined],
    ])('returns a well-formed reply for %s', async (_name, text, kind) => {
      const c = await connect(t.wsUrl);
      await c.next();
      c.ws.send(JSON.stringify({ type: 'message', text }));
      const raw = await new Promise<string>((resolve) => c.ws.once('message', (d) => resolve(d.toString())));
      expectClean(raw);
      const m = JSON.parse(raw);
      expect(m.type).toBe('message');
      if (kind) expect(m.reply.kind).toBe(kind);
      else expect(KIND).toContain(m.reply.kind);
      await c.close();
    });

    it('closes the connection with 1009 for a frame over 16 KiB, and others go on', async () => {
      const c = await connect(t.wsUrl);
      await c.next();
      const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
      c.send({ type: 'message', text: 'x'.repeat(17 * 1024) });
      expect(await closed).toBe(1009);
      const d = await connect(t.wsUrl);
      await d.next();
      d.send({ type: 'message', text: 'TFFN là gì?' });
      expect((await d.next()).reply.kind).toBe('answer');
      await d.close();
    });

    it('closes the connection with 1007 for a text frame with invalid UTF-8', async () => {
      const ws = new WebSocket(t.wsUrl);
      await new Promise((resolve) => ws.once('message', resolve)); // the session greeting
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      // Write the raw frame ourselves: the client library would refuse to send invalid UTF-8.
      const payload = invalidUtf8('{"type":"message","text":"', '"}');
      const mask = Buffer.from([1, 2, 3, 4]);
      const header = Buffer.from([0x81, 0x80 | payload.length, ...mask]);
      const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
      (ws as unknown as { _socket: NodeJS.WritableStream })._socket.write(Buffer.concat([header, masked]));
      expect(await closed).toBe(1007);
    });
  });

  describe('Slack', () => {
    function sign(body: string | Buffer, contentType: string) {
      const ts = String(Math.floor(Date.now() / 1000));
      const sig = 'v0=' + createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:`).update(body).digest('hex');
      return { 'content-type': contentType, 'x-slack-request-timestamp': ts, 'x-slack-signature': sig };
    }
    let n = 0;
    const mention = (text: string) => {
      n += 1;
      return JSON.stringify({
        type: 'event_callback',
        team_id: 'T1',
        event_id: `EvBad${n}`,
        authorizations: [{ user_id: 'UBOT' }],
        event: { type: 'app_mention', user: 'U1', text: `<@UBOT> ${text}`, channel: 'C1', ts: `1748336400.${String(n).padStart(6, '0')}` },
      });
    };
    // Answers go in the thread; help and errors (too long) only to the user who asked.
    const replies = () => slack.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral');
    /** Waits for the n-th reply (posted or ephemeral) and returns all its text (fallback + blocks). */
    async function posted(count: number): Promise<string> {
      const until = Date.now() + 5000;
      let calls = replies();
      while (calls.length < count && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 20));
        calls = replies();
      }
      expect(calls.length).toBe(count);
      return JSON.stringify(calls[count - 1].params);
    }

    it.each([
      ['an empty mention', '', FRAMES.help.en],
      ['a whitespace-only mention', ' \t ', FRAMES.help.en],
      ['a 600-character question', 'ASEAN '.repeat(100), TOO_LONG.en(500)],
      ['control characters', CONTROL, undefined],
      ['lone surrogates', LONE, undefined],
      ['mixed scripts and emoji', MIXED, undefined],
      ['HTML, script and a channel ping', `${HTML} <!channel> @here`, undefined],
    ])('acknowledges and answers %s with escaped text', async (_name, text, frame) => {
      const before = replies().length;
      const body = mention(text);
      const res = await fetch(`${t.baseUrl}/slack/events`, { method: 'POST', headers: sign(body, 'application/json'), body });
      expect(res.status).toBe(200);
      const out = await posted(before + 1);
      expect(out).not.toMatch(/<script|<img|<!channel>|@here/);
      if (frame) expect(out).toContain(frame.replace(/"/g, '\\"'));
    });

    it('answers a signed event whose body has invalid UTF-8 bytes', async () => {
      const before = replies().length;
      const good = mention('TFFN');
      const body = Buffer.concat([Buffer.from(good.slice(0, good.indexOf('TFFN'))), Buffer.from([0xff, 0xc0]), Buffer.from(good.slice(good.indexOf('TFFN')))]);
      const res = await fetch(`${t.baseUrl}/slack/events`, { method: 'POST', headers: sign(body, 'application/json'), body: new Uint8Array(body) });
      expect(res.status).toBe(200);
      expect(await posted(before + 1)).toContain(ANSWER_FRAME.en);
    });

    it('acknowledges a slash command with HTML and control characters and answers it escaped', async () => {
      const before = slack.calls.filter((c) => c.method === 'response_url').length;
      const body = new URLSearchParams({
        command: '/declaration',
        team_id: 'T1',
        channel_id: 'C9',
        user_id: 'U1',
        trigger_id: 'tr-bad-1',
        text: `${HTML}${CONTROL}`,
        response_url: slack.responseUrl,
      }).toString();
      const res = await fetch(`${t.baseUrl}/slack/events`, { method: 'POST', headers: sign(body, 'application/x-www-form-urlencoded'), body });
      expect(res.status).toBe(200);
      const until = Date.now() + 5000;
      while (slack.calls.filter((c) => c.method === 'response_url').length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      const hooks = slack.calls.filter((c) => c.method === 'response_url');
      expect(hooks).toHaveLength(before + 1);
      expect(JSON.stringify(hooks[before].params)).not.toMatch(/<script|<img/);
    });

    it.each([
      ['signed bytes that are not JSON', '{"type":', 'application/json', 400],
      ['a signed XML body', '<x/>', 'application/xml', 415],
    ])('returns a refusal for %s', async (_name, body, type, status) => {
      const res = await fetch(`${t.baseUrl}/slack/events`, { method: 'POST', headers: sign(body, type), body });
      expect(res.status).toBe(status);
      expectClean(await res.text());
    });

    it('returns 401 for an unsigned 2 MB body without reading it into an answer', async () => {
      const res = await fetch(`${t.baseUrl}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(2_000_000) });
      expect([401, 413]).toContain(res.status);
      expectClean(await res.text());
    });
  });

  describe('reader page', () => {
    it('escapes a document id with markup in its 404 page and forbids scripts', async () => {
      const res = await fetch(`${t.baseUrl}/doc/${encodeURIComponent(HTML)}?lang=%3Cb%3E&hl=%3Cscript%3E`);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).not.toMatch(/<script|<img/);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    });

    it('ignores markup in the highlight and language parameters of a real document', async () => {
      const res = await fetch(`${t.baseUrl}/doc/kl-declaration-2025?lang=${encodeURIComponent('"><script>')}&hl=${encodeURIComponent('<img src=x>')}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).not.toMatch(/<script|<img/);
      expect(html).not.toContain('class="para hl"');
    });
  });
});
