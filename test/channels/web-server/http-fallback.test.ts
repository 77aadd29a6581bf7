import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAMES } from '../../../src/conversation/frames.js';
import { connect, questionWithMore, startTestApp, type TestApp } from '../../server/start.js';

let t: TestApp;
beforeAll(async () => {
  // The widget's host site in the text/plain test below; other origins are refused (test/hardening/abuse.test.ts).
  t = await startTestApp({ env: { ALLOWED_ORIGINS: 'https://some-site.example' } });
});
afterAll(() => t.close());

async function post(body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(`${t.baseUrl}/botkit/receive`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any>[] };
}

async function hello(): Promise<string> {
  const { status, body } = await post({ type: 'hello' });
  expect(status).toBe(200);
  expect(body).toHaveLength(1);
  expect(body[0]).toMatchObject({ type: 'session', resumed: false });
  return body[0].token;
}

describe('channels/web/server (HTTP fallback, POST /botkit/receive)', () => {
  it('returns a session token for hello', async () => {
    const a = await hello();
    const b = await hello();
    expect(a).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('returns the reply for a message with a valid token, and no new session', async () => {
    const token = await hello();
    const { status, body } = await post({ type: 'message', text: 'What is SOMRI?', token });
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    expect(body[0].type).toBe('message');
    expect(body[0].reply).toMatchObject({ kind: 'answer', lang: 'en' });
    expect(body[0].text).toContain(body[0].reply.passages[0].text);
  });

  it('continues the conversation across requests with "more"', async () => {
    const token = await hello();
    const first = (await post({ type: 'message', text: await questionWithMore(t.engine, 'en'), token })).body[0].reply;
    expect(first.hasMore).toBe(true);
    const more = (await post({ type: 'message', text: 'more', token })).body[0].reply;
    expect(more).toMatchObject({ kind: 'answer', frame: FRAMES.more.en });
  });

  it('reads a follow-up with the previous question of the same conversation, and says how it read it', async () => {
    const token = await hello();
    const first = (await post({ type: 'message', text: 'Where will the 18th AMRI be held?', token })).body[0].reply;
    expect(first.passages[0].paragraph).toBe(14);
    const next = (await post({ type: 'message', text: 'and when?', token })).body[0];
    expect(next.reply).toMatchObject({ kind: 'answer', readAs: 'When will the 18th AMRI be held?' });
    expect(next.reply.frame).toContain('Reading this as: “When will the 18th AMRI be held?”');
    expect(next.reply.passages[0].paragraph).toBe(14);
    expect(next.text).toContain('When will the 18th AMRI be held?');
    // Another conversation has no previous question: the same words alone are not answered.
    const other = await hello();
    expect((await post({ type: 'message', text: 'and when?', token: other })).body[0].reply.kind).toBe('no-answer');
  });

  it('returns a new session first when the token is missing', async () => {
    const { body } = await post({ type: 'message', text: 'xin chào' });
    expect(body.map((m) => m.type)).toEqual(['session', 'message']);
    expect(body[0].resumed).toBe(false);
    expect(body[1].reply).toMatchObject({ kind: 'greeting', lang: 'vi' });
  });

  it('rejects a forged token: issues a new id, and the forged conversation is not continued', async () => {
    const victim = await hello();
    await post({ type: 'message', text: await questionWithMore(t.engine, 'en'), token: victim });
    const forged = `${victim.split('.')[0]}.${'A'.repeat(43)}`;
    const { body } = await post({ type: 'message', text: 'more', token: forged });
    expect(body[0]).toMatchObject({ type: 'session', resumed: false });
    expect(body[0].token).not.toBe(forged);
    expect(body[0].token.split('.')[0]).not.toBe(victim.split('.')[0]);
    expect(body[1].reply.kind).toBe('no-more');
    const back = await post({ type: 'welcome_back', token: forged });
    expect(back.body).toEqual([{ type: 'session', token: expect.not.stringMatching(victim), resumed: false }]);
  });

  it('ignores a client-sent user field', async () => {
    const victim = await hello();
    await post({ type: 'message', text: await questionWithMore(t.engine, 'en'), token: victim });
    const mine = await hello();
    const { body } = await post({ type: 'message', text: 'more', token: mine, user: victim.split('.')[0] });
    expect(body[0].reply).toMatchObject({ kind: 'no-more', frame: FRAMES.nothingToContinue.en });
  });

  it('returns the same session for welcome_back with a valid token', async () => {
    const token = await hello();
    expect((await post({ type: 'welcome_back', token })).body).toEqual([{ type: 'session', token, resumed: true }]);
  });

  it('continues over HTTP a conversation started on the websocket', async () => {
    const c = await connect(t.wsUrl);
    const { token } = await c.next();
    c.send({ type: 'message', text: await questionWithMore(t.engine, 'vi'), token });
    expect((await c.next()).reply.hasMore).toBe(true);
    await c.close();
    const { body } = await post({ type: 'message', text: 'thêm', token });
    expect(body).toHaveLength(1);
    expect(body[0].reply).toMatchObject({ kind: 'answer', lang: 'vi', frame: FRAMES.more.vi });
  });

  it('returns feedback_ack for an answer of this conversation', async () => {
    const token = await hello();
    const { answerId } = (await post({ type: 'message', text: 'What is COCI?', token })).body[0].reply;
    expect((await post({ type: 'feedback', answerId, value: 'down', token })).body).toEqual([{ type: 'feedback_ack', answerId }]);
    expect((await post({ type: 'feedback', answerId: 'nope', value: 'down', token })).body[0].type).toBe('error');
  });

  it('accepts text/plain bodies, so a widget on another origin needs no preflight', async () => {
    const token = await hello();
    const { status, body, headers } = await post(JSON.stringify({ type: 'message', text: 'help', token }), {
      'content-type': 'text/plain;charset=UTF-8',
      origin: 'https://some-site.example',
    });
    expect(status).toBe(200);
    expect(body[0].reply.kind).toBe('help');
    expect(headers.get('access-control-allow-origin')).toBe('https://some-site.example');
  });

  it('rejects bad input with 400 and an array holding an error message', async () => {
    for (const raw of ['{"type": "message", "text": ', JSON.stringify({ type: 'message' }), JSON.stringify(['x'])]) {
      const { status, body } = await post(raw);
      expect(status).toBe(400);
      expect(body).toEqual([{ type: 'error', message: expect.any(String) }]);
    }
  });

  it('rejects a body over 16 kB with 413 and an array holding an error message', async () => {
    const { status, body } = await post({ type: 'message', text: 'x'.repeat(17 * 1024) });
    expect(status).toBe(413);
    expect(body).toEqual([{ type: 'error', message: expect.stringMatching(/too large/) }]);
  });

  it('resumes a session issued by another server with the same WEB_SESSION_SECRET', async () => {
    const env = { WEB_SESSION_SECRET: 'a shared secret of 32 characters!' };
    const one = await startTestApp({ env, engine: t.engine });
    const two = await startTestApp({ env, engine: t.engine });
    try {
      const issued = (await (await fetch(`${one.baseUrl}/botkit/receive`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"hello"}' })).json())[0];
      const back = await (await fetch(`${two.baseUrl}/botkit/receive`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'welcome_back', token: issued.token }) })).json();
      expect(back).toEqual([{ type: 'session', token: issued.token, resumed: true }]);
      // …and a server with a random secret does not accept it.
      expect((await post({ type: 'welcome_back', token: issued.token })).body[0].resumed).toBe(false);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
