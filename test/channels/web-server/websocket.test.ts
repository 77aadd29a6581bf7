import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAMES } from '../../../src/conversation/frames.js';
import { connect, questionWithMore, startTestApp, type TestApp, type WsClient } from '../../server/start.js';

// The shipped document names itself in replies (meta.json describedAs).
const ANSWER_FRAME = { en: 'The TTXVN report says:', vi: 'Bản tin TTXVN viết:' } as const;

let t: TestApp;
const open: WsClient[] = [];
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await t.close();
});

/** Connects and returns the client with the session token the server issued. */
async function client(): Promise<{ c: WsClient; token: string; id: string }> {
  const c = await connect(t.wsUrl);
  open.push(c);
  const first = await c.next();
  expect(first).toMatchObject({ type: 'session', resumed: false });
  expect(first.token).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
  return { c, token: first.token, id: first.token.split('.')[0] };
}

describe('channels/web/server (websocket)', () => {
  it('returns a session token on connection, different per connection', async () => {
    const a = await client();
    const b = await client();
    expect(a.token).not.toBe(b.token);
  });

  it('returns a reply with cited passages for a message', async () => {
    const { c } = await client();
    c.send({ type: 'message', text: 'What is SOMRI?' });
    const m = await c.next();
    expect(m.type).toBe('message');
    expect(m.reply).toMatchObject({ kind: 'answer', lang: 'en', frame: ANSWER_FRAME.en });
    expect(m.reply.passages.length).toBeGreaterThan(0);
    expect(m.reply.passages[0].url).toMatch(/^\/doc\/kl-declaration-2025\?lang=en&hl=\d+(&s=\d+)?#p\d+$/);
    // The plain-text fallback carries the frame, the quotes and absolute links.
    expect(m.text).toContain(ANSWER_FRAME.en);
    expect(m.text).toContain(m.reply.passages[0].text);
    expect(m.text).toContain(t.app.publicUrl() + m.reply.passages[0].url);
  });

  it('returns a Vietnamese reply for a Vietnamese message without diacritics', async () => {
    const { c } = await client();
    c.send({ type: 'message', text: 'tffn la gi' });
    const m = await c.next();
    expect(m.reply).toMatchObject({ kind: 'answer', lang: 'vi' });
  });

  it('ignores a client-sent user: the conversation is the connection\'s own', async () => {
    const a = await client();
    a.c.send({ type: 'message', text: await questionWithMore(t.engine, 'en') });
    expect((await a.c.next()).reply.hasMore).toBe(true);
    const b = await client();
    b.c.send({ type: 'message', text: 'more', user: a.id });
    expect((await b.c.next()).reply).toMatchObject({ kind: 'no-more', frame: FRAMES.nothingToContinue.en });
    a.c.send({ type: 'message', text: 'more' });
    expect((await a.c.next()).reply).toMatchObject({ kind: 'answer', frame: FRAMES.more.en });
  });

  it('rejects a forged token and keeps the connection on a new id', async () => {
    const a = await client();
    a.c.send({ type: 'message', text: await questionWithMore(t.engine, 'en') });
    await a.c.next();
    const b = await client();
    const forged = `${a.id}.${'A'.repeat(43)}`;
    b.c.send({ type: 'welcome_back', token: forged });
    const session = await b.c.next();
    expect(session).toEqual({ type: 'session', token: b.token, resumed: false });
    b.c.send({ type: 'message', text: 'more', token: forged });
    expect((await b.c.next()).reply.kind).toBe('no-more');
  });

  it('resumes the conversation on welcome_back with a valid token, so "more" works after reconnecting', async () => {
    const a = await client();
    a.c.send({ type: 'message', text: await questionWithMore(t.engine, 'vi') });
    const first = (await a.c.next()).reply;
    expect(first.hasMore).toBe(true);
    await a.c.close();

    const again = await client();
    expect(again.token).not.toBe(a.token);
    again.c.send({ type: 'welcome_back', token: a.token });
    expect(await again.c.next()).toEqual({ type: 'session', token: a.token, resumed: true });
    again.c.send({ type: 'message', text: 'thêm', token: a.token });
    const more = (await again.c.next()).reply;
    expect(more).toMatchObject({ kind: 'answer', lang: 'vi', frame: FRAMES.more.vi });
    const shown = first.passages.map((p: { id: string }) => p.id);
    expect(more.passages.some((p: { id: string }) => shown.includes(p.id))).toBe(false);
  });

  it('returns feedback_ack for an answer of this conversation and an error otherwise', async () => {
    const { c } = await client();
    c.send({ type: 'message', text: 'What is COCI?' });
    const { answerId } = (await c.next()).reply;
    c.send({ type: 'feedback', answerId, value: 'up' });
    expect(await c.next()).toEqual({ type: 'feedback_ack', answerId });
    const other = await client();
    other.c.send({ type: 'feedback', answerId, value: 'down' });
    expect(await other.c.next()).toMatchObject({ type: 'error' });
  });

  it('returns an error message for bad input and keeps the connection usable', async () => {
    const { c } = await client();
    c.send('not json');
    expect(await c.next()).toEqual({ type: 'error', message: 'Messages must be JSON.' });
    c.send({ type: 'message', text: '' });
    expect(await c.next()).toMatchObject({ type: 'error', message: expect.stringMatching(/text/) });
    c.send({ type: 'shout' });
    expect(await c.next()).toMatchObject({ type: 'error' });
    c.send({ type: 'message', text: 'hello' });
    expect((await c.next()).reply.kind).toBe('greeting');
  });

  it('closes a connection that sends a frame over 16 KiB', async () => {
    const { c } = await client();
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code: number) => resolve(code)));
    c.send({ type: 'message', text: 'x'.repeat(17 * 1024) });
    expect(await closed).toBe(1009);
  });
});
