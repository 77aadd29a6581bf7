/**
 * The question log under real traffic: the app on loopback, as `npm start` wires it, with
 * questions over the web chat (HTTP fallback and websocket), the HTTP API and Slack.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/answer/types.js';
import { connect, loadTestEngine, questionWithMore, ROOT } from '../server/start.js';
import { startSlackStandIn, type SlackStandIn } from '../channels/slack/slack-stand-in.js';
import { readRows, removeTempDirs, startLoggedApp, type LoggedApp, type StoredQuestion } from './helpers.js';

const SLACK_SECRET = 'traffic-test-signing-secret';
const SLACK_TOKEN = 'xoxb-traffic-test-token-0000';

let engine: Engine;
let standIn: SlackStandIn;
let t: LoggedApp;
beforeAll(async () => {
  engine = await loadTestEngine();
  standIn = await startSlackStandIn();
  t = await startLoggedApp({ engine, env: { SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_API_URL: standIn.apiUrl } });
});
afterAll(async () => {
  await t?.close();
  await standIn?.close();
  await engine?.close();
  removeTempDirs();
});

const rowsFor = (question: string) => readRows(t.dbPath).filter((r) => r.question === question);

async function receive(body: unknown): Promise<Record<string, any>[]> {
  const res = await fetch(`${t.baseUrl}/botkit/receive`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, any>[];
}

async function webSession(): Promise<string> {
  const [session] = await receive({ type: 'hello' });
  return session.token as string;
}

function expectRow(row: StoredQuestion | undefined, fields: Partial<StoredQuestion>) {
  expect(row).toMatchObject(fields);
  expect(row!.latency_ms).toBeGreaterThan(0);
  expect(row!.latency_ms).toBeLessThan(5000);
  expect(Math.abs(Date.parse(row!.asked_at) - Date.now())).toBeLessThan(60_000);
  // Conversation keys (session ids, Slack users) only as salted hashes by default; the stateless API has none.
  if (row!.channel === 'api') expect(row!.conversation_key).toBeNull();
  else expect(row!.conversation_key).toMatch(/^h:[0-9a-f]{16}$/);
}

describe('question log (app over loopback)', () => {
  it('stores a web question (HTTP fallback) with the answer id and passages the user got', async () => {
    const token = await webSession();
    const [message] = await receive({ type: 'message', text: 'What is SOMRI?', token });
    const reply = message.reply;
    expect(reply.kind).toBe('answer');
    const rows = rowsFor('What is SOMRI?');
    expect(rows).toHaveLength(1);
    expectRow(rows[0], {
      channel: 'web',
      intent: 'question',
      lang: 'en',
      outcome: 'answer',
      answered: 1,
      answer_id: reply.answerId,
      passage_ids: JSON.stringify(reply.passages.map((p: { id: string }) => p.id)),
      question_key: 'what is somri',
    });
  });

  it('stores "more" as a follow-up of the same question, and small talk not at all', async () => {
    const question = await questionWithMore(engine, 'en');
    const token = await webSession();
    await receive({ type: 'message', text: 'hello', token });
    await receive({ type: 'message', text: question, token });
    const [more] = await receive({ type: 'message', text: 'more', token });
    expect(more.reply.kind).toBe('answer');
    const rows = rowsFor(question).filter((r) => r.answer_id === more.reply.answerId);
    expect(rows).toHaveLength(1);
    expectRow(rows[0], { channel: 'web', intent: 'more', outcome: 'answer', passage_ids: JSON.stringify(more.reply.passages.map((p: { id: string }) => p.id)) });
    expect(readRows(t.dbPath).filter((r) => /^(hello|more)$/i.test(r.question))).toEqual([]);
  });

  it('stores an unanswered web question over the websocket, before the reply arrives', async () => {
    const client = await connect(t.wsUrl);
    const session = await client.next();
    client.send({ type: 'message', text: 'Who won the football world cup in 1998?', token: session.token });
    const message = await client.next();
    // The row is already there when the reply reaches the client.
    const rows = rowsFor('Who won the football world cup in 1998?');
    await client.close();
    expect(message.reply.kind).toBe('no-answer');
    expect(rows).toHaveLength(1);
    expectRow(rows[0], { channel: 'web', outcome: 'no-answer', answered: 0, passage_ids: '[]', answer_id: null });
  });

  it('stores 👍/👎 on a web answer, the latest vote winning, before the ack', async () => {
    const token = await webSession();
    const [message] = await receive({ type: 'message', text: 'TFFN là gì?', token });
    const answerId = message.reply.answerId as string;
    expect(await receive({ type: 'feedback', answerId, value: 'up', token })).toEqual([{ type: 'feedback_ack', answerId }]);
    const up = readRows<{ answer_id: string; value: string }>(t.dbPath, 'qa_feedback').filter((f) => f.answer_id === answerId);
    await receive({ type: 'feedback', answerId, value: 'down', token });
    const down = readRows<{ answer_id: string; value: string }>(t.dbPath, 'qa_feedback').filter((f) => f.answer_id === answerId);
    expect(up).toEqual([expect.objectContaining({ value: 'up', conversation_key: expect.stringMatching(/^h:[0-9a-f]{16}$/) })]);
    expect(down).toEqual([expect.objectContaining({ value: 'down' })]);
  });

  it('stores no feedback for an answer id that is not part of the conversation', async () => {
    const token = await webSession();
    const [out] = await receive({ type: 'feedback', answerId: 'made-up-answer', value: 'down', token });
    expect(out.type).toBe('error');
    expect(readRows<{ answer_id: string }>(t.dbPath, 'qa_feedback').map((f) => f.answer_id)).not.toContain('made-up-answer');
  });

  it('stores an /api/ask question with the passages returned, before the response', async () => {
    const question = 'AMRI lần thứ 18 sẽ được tổ chức ở đâu?';
    const res = await fetch(`${t.baseUrl}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    expect(res.status).toBe(200);
    const rows = rowsFor(question);
    const body = await res.json();
    expect(rows).toHaveLength(1);
    expectRow(rows[0], { channel: 'api', intent: 'question', lang: 'vi', outcome: 'answer', answer_id: null, passage_ids: JSON.stringify(body.passages.map((p: { id: string }) => p.id)) });
  });

  it('stores nothing for a rejected /api/ask request', async () => {
    const before = readRows(t.dbPath).length;
    const res = await fetch(`${t.baseUrl}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '   ' }) });
    expect(res.status).toBe(400);
    expect(readRows(t.dbPath)).toHaveLength(before);
  });

  it('stores a Slack mention before the answer is posted', async () => {
    const question = 'What did ASEAN commit to?';
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T1',
      event_id: 'EvTraffic1',
      authorizations: [{ user_id: 'UBOT', is_bot: true }],
      event: { type: 'app_mention', user: 'U1', text: `<@UBOT> ${question}`, channel: 'C1', ts: '1748336400.000100' },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    const res = await fetch(`${t.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-signature': signature, 'x-slack-request-timestamp': ts },
      body,
    });
    expect(res.status).toBe(200);
    const deadline = Date.now() + 5000;
    while (!standIn.calls.some((c) => c.method === 'chat.postMessage') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(standIn.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    const rows = rowsFor(question);
    expect(rows).toHaveLength(1);
    expectRow(rows[0], { channel: 'slack', intent: 'question', lang: 'en', outcome: 'answer' });
    expect(JSON.parse(rows[0].passage_ids).length).toBeGreaterThan(0);
  });
});

describe('question log with QALOG_STORE_USER_IDS=true', () => {
  it('stores the web conversation key', async () => {
    const app = await startLoggedApp({ engine, env: { QALOG_STORE_USER_IDS: 'true' } });
    try {
      const [session] = await (await fetch(`${app.baseUrl}/botkit/receive`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"hello"}' })).json();
      await fetch(`${app.baseUrl}/botkit/receive`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'What is SOMRI?', token: session.token }) });
      const [row] = readRows(app.dbPath);
      expect(row.conversation_key).toMatch(/^web:[\w-]{22}$/);
      expect(session.token.startsWith(row.conversation_key!.slice(4))).toBe(true);
    } finally {
      await app.close();
    }
  });
});

/** A signed Slack mention of the bot, as Slack delivers it. */
async function mention(baseUrl: string, question: string, eventId: string): Promise<void> {
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    event_id: eventId,
    authorizations: [{ user_id: 'UBOT', is_bot: true }],
    event: { type: 'app_mention', user: 'U1', text: `<@UBOT> ${question}`, channel: 'C1', ts: `1748336400.${eventId.length}00${Date.now() % 1000}` },
  });
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  const res = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-slack-signature': signature, 'x-slack-request-timestamp': ts },
    body,
  });
  expect(res.status).toBe(200);
}

describe('one way in: every channel through the same desk', () => {
  const LIMIT = 60;
  let one: LoggedApp;
  beforeAll(async () => {
    one = await startLoggedApp({ engine, env: { MAX_QUESTION_CHARS: String(LIMIT), SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_API_URL: standIn.apiUrl } });
  });
  afterAll(() => one?.close());

  /** Asks `question` through the web chat, the API, Slack and the command line (which writes to the same log file). */
  async function askEverywhere(question: string, eventId: string) {
    const [session] = await (await fetch(`${one.baseUrl}/botkit/receive`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"hello"}' })).json();
    const web = await fetch(`${one.baseUrl}/botkit/receive`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: question, token: session.token }) });
    const api = await fetch(`${one.baseUrl}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    await mention(one.baseUrl, question, eventId);
    const env = { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', EMBEDDING_MODEL: 'none', QALOG_PATH: one.dbPath, MAX_QUESTION_CHARS: String(LIMIT) };
    const cli = await promisify(execFile)('node_modules/.bin/tsx', ['src/channels/cli/ask.ts', question], { cwd: ROOT, env }).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    // Slack answers after its acknowledgement: wait for its row.
    const deadline = Date.now() + 5000;
    while (readRows(one.dbPath).filter((r) => r.question === question && r.channel === 'slack').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return { web: ((await web.json()) as Record<string, any>[])[0].reply, api, cli };
  }

  it('logs the same question once per channel, with the same reading', async () => {
    const question = 'TFFN là gì?';
    const { web, api, cli } = await askEverywhere(question, 'EvOneWay1');
    expect(web.kind).toBe('answer');
    expect(api.status).toBe(200);
    expect(cli.code).toBe(0);
    const rows = readRows(one.dbPath).filter((r) => r.question === question);
    expect(rows.map((r) => r.channel).sort()).toEqual(['api', 'cli', 'slack', 'web']);
    for (const row of rows) expect(row).toMatchObject({ intent: 'question', lang: 'vi', outcome: 'answer', answered: 1 });
    // The chat channels show one page; the API and the command line their k passages: all start alike.
    const firsts = new Set(rows.map((r) => JSON.parse(r.passage_ids)[0]));
    expect(firsts.size).toBe(1);
  }, 60_000);

  it('refuses a question over MAX_QUESTION_CHARS on every channel, and logs each refusal', async () => {
    const question = `What does the declaration say about ${'ASEAN '.repeat(5)}cooperation?`;
    expect(question.length).toBeGreaterThan(LIMIT);
    const { web, api, cli } = await askEverywhere(question, 'EvOneWay2');
    expect(web.kind).toBe('error');
    expect(web.frame).toContain(String(LIMIT));
    expect(api.status).toBe(400);
    expect((await api.json()).error).toBe(`"question" can have at most ${LIMIT} characters.`);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(`at most ${LIMIT} characters`);
    // …and the widget, served by this app, counts against the same limit.
    expect(await (await fetch(`${one.baseUrl}/widget.js`)).text()).toContain(`var MAX_QUESTION = ${LIMIT};`);
    const rows = readRows(one.dbPath).filter((r) => r.question === question);
    expect(rows.map((r) => r.channel).sort()).toEqual(['api', 'cli', 'slack', 'web']);
    for (const row of rows) expect(row).toMatchObject({ outcome: 'error', answered: 0, passage_ids: '[]' });
  }, 60_000);
});
