/**
 * Two replicas of the real service (`tsx src/server.ts` ×2, on two ports) sharing one Redis and
 * one PostgreSQL, as operators run them behind a load balancer. Redis is a `redis-server` of this
 * test's own (it is stopped and started again below); PostgreSQL is the test server, in a schema
 * of its own. Skipped, saying so, without them (`eval "$(scripts/services.sh start)"`).
 */
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/answer/types.js';
import { FRAMES } from '../../src/conversation/frames.js';
import { startSlackStandIn, type SlackStandIn } from '../channels/slack/slack-stand-in.js';
import { connect, loadTestEngine, questionWithMore, ROOT } from '../server/start.js';
import { findDatabase, freshSchema, hasRedisServer, privateRedis, suiteName, type PrivateRedis } from './engines.js';
import { startReplica, type Replica } from './replica.js';

const databaseUrl = await findDatabase();
const redisServer = hasRedisServer() ? 'found' : undefined;

const SIGNING_SECRET = 'scale-test-signing-secret';
const BOT_TOKEN = `xoxb-scale-${randomBytes(6).toString('hex')}`;
const ADMIN_TOKEN = randomBytes(16).toString('hex');
const LIMIT = 30;
const APP_NAME = `kl-scale-${randomBytes(4).toString('hex')}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => Promise<boolean> | boolean, ms = 10_000, what = 'condition'): Promise<void> {
  for (const end = Date.now() + ms; !(await check()); await sleep(50)) {
    if (Date.now() > end) throw new Error(`${what}: not met within ${ms} ms`);
  }
}

const json = async (res: Response) => ({ status: res.status, headers: res.headers, body: (await res.json()) as any });
const health = async (r: Replica) => (await json(await fetch(`${r.baseUrl}/healthz`))).body;
const ask = (r: Replica, question: string) =>
  fetch(`${r.baseUrl}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) }).then(json);
/** One message through the widget's HTTP fallback; the replies it got back. */
const widget = async (r: Replica, message: Record<string, unknown>) =>
  (await json(await fetch(`${r.baseUrl}/botkit/receive`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) }))).body as any[];

/** A signed Slack Events API delivery of a mention, as Slack sends it (retries add x-slack-retry-num). */
function slackEvent(r: Replica, eventId: string, text: string, retry?: number): Promise<Response> {
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    event_id: eventId,
    authorizations: [{ user_id: 'UBOT', is_bot: true }],
    event: { type: 'app_mention', user: 'U1', text: `<@UBOT> ${text}`, channel: 'C1', ts: `${Math.floor(Date.now() / 1000)}.${eventId.slice(-6)}` },
  });
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-slack-request-timestamp': ts, 'x-slack-signature': signature };
  if (retry) Object.assign(headers, { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' });
  return fetch(`${r.baseUrl}/slack/events`, { method: 'POST', headers, body });
}

describe.skipIf(!databaseUrl || !redisServer)(suiteName('scale: two replicas sharing Redis and PostgreSQL', { PostgreSQL: databaseUrl, 'redis-server': redisServer }), () => {
  let redis: PrivateRedis;
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let slack: SlackStandIn;
  let engine: Engine;
  let a: Replica;
  let b: Replica;
  const posts = () => slack.calls.filter((c) => c.method === 'chat.postMessage');

  beforeAll(async () => {
    [redis, schema, slack, engine] = await Promise.all([privateRedis(), freshSchema(databaseUrl!), startSlackStandIn(), loadTestEngine()]);
    const url = new URL(schema.url);
    url.searchParams.set('application_name', APP_NAME);
    const env = {
      REDIS_URL: redis.url,
      DATABASE_URL: url.toString(),
      WEB_SESSION_SECRET: 'one-secret-for-every-replica',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      RATE_LIMIT_PER_MINUTE: String(LIMIT),
      ADMIN_TOKEN,
      // Would refuse the start if opened: with DATABASE_URL, SQLite must not be touched.
      QALOG_PATH: '/proc/no-such-dir/qalog.sqlite',
    };
    [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([redis?.stop(), schema?.drop(), slack?.close(), engine?.close()]);
  });

  it('serves the same index on both replicas, and reports both shared stores ok', async () => {
    const [ha, hb] = await Promise.all([health(a), health(b)]);
    expect(ha.indexHash).toMatch(/^[0-9a-f]{8,}$/);
    expect(hb.indexHash).toBe(ha.indexHash);
    for (const h of [ha, hb]) {
      expect(h).toMatchObject({ status: 'ok', slack: true });
      expect(h.shared).toEqual({ status: 'ok', redis: { status: 'ok' }, database: { status: 'ok', queued: 0, dropped: 0 } });
    }
    for (const r of [a, b]) expect(r.output()).toMatch(/Serving .*; Slack on; shared state: Redis redis:\/\/127\.0\.0\.1:\d+, PostgreSQL postgres:\/\/127\.0\.0\.1:\d+\//);
  });

  /** Asks a question with more than one page on `first`, then "more" on `second`; the two pages. */
  async function questionThenMore(first: Replica, second: Replica) {
    const [session] = await widget(first, { type: 'hello' });
    const token = session.token as string;
    const [page1] = await widget(first, { type: 'message', text: await questionWithMore(engine, 'en'), token });
    expect(page1.reply).toMatchObject({ kind: 'answer', hasMore: true });
    const [page2] = await widget(second, { type: 'message', text: 'more', token });
    return { token, page1: page1.reply, page2: page2.reply };
  }

  it('continues on B a widget conversation begun on A (HTTP fallback, then a websocket reconnecting to B)', async () => {
    const { token, page1, page2 } = await questionThenMore(a, b);
    expect(page2).toMatchObject({ kind: 'answer', frame: FRAMES.more.en });
    const shown = new Set(page1.passages.map((p: any) => p.id));
    expect(page2.passages.length).toBeGreaterThan(0);
    for (const p of page2.passages) expect(shown.has(p.id)).toBe(false);

    // The widget's socket drops and comes back on the other replica with its token.
    const ws = await connect(b.wsUrl);
    try {
      expect(await ws.next()).toMatchObject({ type: 'session', resumed: false });
      ws.send({ type: 'welcome_back', token });
      expect(await ws.next()).toEqual({ type: 'session', token, resumed: true });
      // Feedback on the answer A gave is known to B.
      ws.send({ type: 'feedback', answerId: page1.answerId, value: 'up', token });
      expect(await ws.next()).toEqual({ type: 'feedback_ack', answerId: page1.answerId });
      ws.send({ type: 'message', text: 'more', token });
      const page3 = (await ws.next()).reply;
      // A third page, or the end of this question's passages — never "nothing to continue".
      if (page3.kind === 'answer') for (const p of page3.passages) expect([...shown, ...page2.passages.map((q: any) => q.id)]).not.toContain(p.id);
      else expect(page3).toMatchObject({ kind: 'no-more', frame: FRAMES.noMore.en });
    } finally {
      await ws.close();
    }
  });

  it('answers a Slack event once when A takes it and its retry reaches B, or both get it at once', async () => {
    const before = posts().length;
    expect((await slackEvent(a, 'EvScale000001', 'What is SOMRI?')).status).toBe(200);
    await until(() => posts().length > before, 10_000, 'first answer');
    expect((await slackEvent(b, 'EvScale000001', 'What is SOMRI?', 1)).status).toBe(200);
    const both = await Promise.all([slackEvent(a, 'EvScale000002', 'TFFN là gì?'), slackEvent(b, 'EvScale000002', 'TFFN là gì?')]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    await until(() => posts().length > before + 1, 10_000, 'second answer');
    await sleep(1000); // time for a wrong second answer to arrive
    expect(posts()).toHaveLength(before + 2);
    expect(posts().every((c) => c.authorization === `Bearer ${BOT_TOKEN}`)).toBe(true);
    for (const r of [a, b]) expect(r.output()).not.toContain(BOT_TOKEN);
  });

  it('keeps the question log of both replicas in PostgreSQL, read by npm run report and by /admin/report on either', async () => {
    const fromA = 'Where will the 18th AMRI meeting be held?';
    const fromB = 'Hội nghị AMRI lần thứ 18 sẽ được tổ chức ở đâu?';
    expect((await ask(a, fromA)).body.answered).toBe(true);
    expect((await ask(b, fromB)).body.answered).toBe(true);

    const db = new pg.Client({ connectionString: schema.url });
    await db.connect();
    let stored: { question: string; channel: string }[];
    let questions: number;
    try {
      stored = (await db.query('SELECT question, channel FROM qa_questions WHERE question = $1 OR question = $2 ORDER BY asked_at', [fromA, fromB])).rows;
      questions = Number((await db.query("SELECT COUNT(*) AS n FROM qa_questions WHERE intent = 'question'")).rows[0].n);
    } finally {
      await db.end();
    }
    expect(stored).toEqual([
      { question: fromA, channel: 'api' },
      { question: fromB, channel: 'api' },
    ]);

    const report = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn('node_modules/.bin/tsx', ['src/cli/report.ts', '--since', '1h', '--json'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', DATABASE_URL: schema.url },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('exit', (code) => resolve({ code, out, err }));
    });
    expect(report.err).toBe('');
    expect(report.code).toBe(0);
    const parsed = JSON.parse(report.out);
    expect(parsed.totals.questions).toBe(questions);
    expect(parsed.mostAsked.map((q: any) => q.question)).toEqual(expect.arrayContaining([fromA, fromB]));
    expect(parsed.byChannel.map((c: any) => c.channel).sort()).toEqual(['api', 'slack', 'web']);

    const page = await fetch(`${b.baseUrl}/admin/report?since=1h`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(fromA);
    expect(html).toContain(fromB);
  });

  /** Sends `count` questions alternately to A and B; their statuses. */
  const alternate = (count: number) => Promise.all(Array.from({ length: count }, (_, i) => ask(i % 2 ? b : a, 'TFFN là gì?').then((r) => r.status)));

  it('counts the rate limit across both replicas', async () => {
    // The log test above used 2 of this minute's budget.
    const statuses = await alternate(LIMIT - 2);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const [overA, overB] = await Promise.all([ask(a, 'TFFN là gì?'), ask(b, 'TFFN là gì?')]);
    for (const over of [overA, overB]) {
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(over.body.error).toMatch(/^Too many requests from your address/);
    }
  });

  it('counts the web chat across both replicas and both transports (HTTP fallback on A, websocket on B)', async () => {
    const counter = new Redis(redis.url);
    const used = Number(await counter.get('klbot:rl:web:127.0.0.1'));
    counter.disconnect();
    expect(used).toBeGreaterThan(0); // the widget tests above counted here
    const ws = await connect(b.wsUrl);
    try {
      await ws.next(); // its session
      for (let i = used; i < LIMIT; i++) {
        if (i % 2) {
          ws.send({ type: 'message', text: 'hello' });
          expect((await ws.next()).type).toBe('message');
        } else {
          expect((await widget(a, { type: 'message', text: 'hello' })).at(-1).type).toBe('message');
        }
      }
      ws.send({ type: 'message', text: 'hello' });
      expect(await ws.next()).toMatchObject({ type: 'error', message: expect.stringMatching(/^Too many requests from your address/) });
      const refused = await fetch(`${a.baseUrl}/botkit/receive`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'hello' }) });
      expect(refused.status).toBe(429);
    } finally {
      await ws.close();
    }
  });

  it('keeps answering while Redis is stopped, and shares state again once it is back', async () => {
    const outage = (r: Replica) => r.output().split('\n').filter((l) => l.includes('redis unreachable'));
    await redis.stop();
    await until(async () => (await Promise.all([health(a), health(b)])).every((h) => h.status === 'degraded' && h.shared.redis.status === 'down'), 10_000, 'both degraded');

    // Questions are answered on both (each replica counts the rate limit on its own meanwhile).
    for (const r of [a, b]) {
      const { status, body } = await ask(r, 'What is the ASEAN Task Force on Fake News?');
      expect(status).toBe(200);
      expect(body.answered).toBe(true);
      const replies = await widget(r, { type: 'message', text: 'What is SOMRI?' });
      expect(replies.at(-1).reply).toMatchObject({ kind: 'answer' });
    }
    const before = posts().length;
    expect((await slackEvent(a, 'EvScale000003', 'What is SOMRI?')).status).toBe(200);
    await until(() => posts().length > before, 10_000, 'answer during the outage');
    expect((await slackEvent(a, 'EvScale000003', 'What is SOMRI?', 1)).status).toBe(200);
    await sleep(500);
    expect(posts()).toHaveLength(before + 1);
    for (const r of [a, b]) {
      expect(r.alive()).toBe(true);
      expect(outage(r)).toHaveLength(1);
      expect(outage(r)[0]).toMatch(/ error redis unreachable; .* cause=/);
    }

    await redis.start();
    await until(async () => (await Promise.all([health(a), health(b)])).every((h) => h.status === 'ok' && h.shared.redis.status === 'ok'), 15_000, 'both ok again');
    for (const r of [a, b]) expect(r.output()).toMatch(/ info redis reachable again after=\d+\.\ds/);

    // Conversations, de-duplication and the shared rate limit all work across replicas again.
    const { page2 } = await questionThenMore(b, a);
    expect(page2).toMatchObject({ kind: 'answer', frame: FRAMES.more.en });
    const afterBack = posts().length;
    await slackEvent(b, 'EvScale000004', 'What is SOMRI?');
    await until(() => posts().length > afterBack, 10_000, 'answer after the outage');
    await slackEvent(a, 'EvScale000004', 'What is SOMRI?', 1);
    await sleep(500);
    expect(posts()).toHaveLength(afterBack + 1);
    expect((await alternate(LIMIT)).every((s) => s === 200)).toBe(true);
    expect((await ask(b, 'TFFN là gì?')).status).toBe(429);
  });

  it('exits 0 on SIGTERM and closes its Redis and PostgreSQL connections', async () => {
    const clients = async () => {
      const c = new Redis(redis.url);
      try {
        return String(await c.client('LIST')).trim().split('\n').length - 1; // minus this one
      } finally {
        c.disconnect();
      }
    };
    const sessions = async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      try {
        return Number((await c.query('SELECT COUNT(*) AS n FROM pg_stat_activity WHERE application_name = $1', [APP_NAME])).rows[0].n);
      } finally {
        await c.end();
      }
    };
    expect(await clients()).toBe(2);
    expect(await sessions()).toBeGreaterThan(0);
    expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
    for (const r of [a, b]) expect(r.output()).toContain('SIGTERM received, shutting down');
    expect(await clients()).toBe(0);
    await until(async () => (await sessions()) === 0, 5000, 'PostgreSQL sessions closed');
  });
});
