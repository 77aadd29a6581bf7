/**
 * `GET /metrics` on the real app over loopback: off (404) without METRICS_TOKEN, bearer-only with
 * it, and the Prometheus text format with what an operator alerts on — requests by route and
 * status, answer latency by channel and mode, answered vs refused, Slack deliveries taken /
 * duplicate / rejected, rate-limit refusals, the question log's state, process metrics.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { openSqliteQaLog } from '../src/qalog/sqlite.js';
import { removeTempDirs, tempDbPath } from './qalog/helpers.js';
import { connect, loadTestEngine, ROOT } from './server/start.js';
import { startSlackStandIn } from './channels/slack/slack-stand-in.js';
import { findDatabase, findRedis, freshSchema, suiteName, uniquePrefix } from './scale/engines.js';
import { openSharedStores } from '../src/shared/stores.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const SECRET = 'metrics-test-signing-secret';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  removeTempDirs();
});

async function start(env: Record<string, string>) {
  const slack = await startSlackStandIn();
  const dbPath = tempDbPath();
  const config = loadConfig(
    { PORT: '0', HOST: '127.0.0.1', EMBEDDING_MODEL: 'none', RATE_LIMIT_PER_MINUTE: '3', QALOG_PATH: dbPath, SLACK_BOT_TOKEN: 'xoxb-metrics-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, ...env },
    ROOT,
  );
  const qalog = await openSqliteQaLog({ path: dbPath });
  const engine = await loadTestEngine();
  const app = await createApp({ config, engine, qalog, log: createLogger({ level: 'silent' }) });
  const { port } = await app.listen();
  closers.push(async () => {
    await app.close();
    await qalog.close();
    await engine.close();
    await slack.close();
  });
  return { base: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/` };
}

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

const signed = (body: string) => {
  const ts = Math.floor(Date.now() / 1000);
  return { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': 'v0=' + createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex') }, body };
};
const mention = (eventId: string, ts: string, text: string) =>
  JSON.stringify({ type: 'event_callback', team_id: 'T1', event_id: eventId, event: { type: 'app_mention', channel: 'C1', user: 'U1', text: `<@UBOT> ${text}`, ts } });

describe('metrics', () => {
  it('answers 404 when METRICS_TOKEN is not set', async () => {
    const t = await start({});
    expect((await fetch(`${t.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
  });

  it('answers 401 without the bearer token, or with it in the address', async () => {
    const t = await start({ METRICS_TOKEN });
    for (const [path, headers] of [
      ['/metrics', {}],
      ['/metrics', { authorization: 'Bearer wrong-token-0123456789' }],
      [`/metrics?token=${METRICS_TOKEN}`, {}],
    ] as const) {
      const res = await fetch(`${t.base}${path}`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    }
  });

  it('rejects a METRICS_TOKEN shorter than 16 characters with one line', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow('METRICS_TOKEN must be at least 16 characters (or unset to turn /metrics off)');
  });

  it('counts requests, answers, Slack deliveries and rate limits, and shows the question log and the process', async () => {
    const t = await start({ METRICS_TOKEN });
    const ask = (question: string) => fetch(`${t.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    expect((await ask('Where will the 18th AMRI be held?')).status).toBe(200);
    expect((await ask('What is the recipe for pho?')).status).toBe(200);
    expect((await ask('TFFN là gì?')).status).toBe(200);
    expect((await ask('TFFN là gì?')).status).toBe(429);
    // One question over the widget's websocket.
    const ws = await connect(t.wsUrl);
    await ws.next();
    ws.send({ type: 'message', text: 'What is TFFN?' });
    expect((await ws.next()).type).toBe('message');
    await ws.close();
    // Slack: a delivery, its retry, and a forgery.
    expect((await fetch(`${t.base}/slack/events`, signed(mention('Ev1', '1.1', 'What is TFFN?')))).status).toBe(200);
    expect((await fetch(`${t.base}/slack/events`, signed(mention('Ev1', '1.1', 'What is TFFN?')))).status).toBe(200);
    expect((await fetch(`${t.base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300)); // the Slack answer runs after the 200

    const res = await fetch(`${t.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const text = await res.text();

    expect(sample(text, 'klbot_http_requests_total', 'route="/api/ask",status="200"')).toBe(3);
    expect(sample(text, 'klbot_http_requests_total', 'route="/api/ask",status="429"')).toBe(1);
    expect(sample(text, 'klbot_http_requests_total', 'route="/slack/events",status="401"')).toBe(1);
    expect(sample(text, 'klbot_answer_duration_seconds_count', 'channel="api",mode="lexical"')).toBe(3);
    expect(sample(text, 'klbot_answer_duration_seconds_count', 'channel="web",mode="lexical"')).toBe(1);
    expect(sample(text, 'klbot_answer_duration_seconds_count', 'channel="slack",mode="lexical"')).toBe(1);
    expect(sample(text, 'klbot_answer_duration_seconds_bucket', 'le="+Inf",channel="api",mode="lexical"')).toBe(3);
    expect(sample(text, 'klbot_answers_total', 'channel="api",result="answered"')).toBe(2);
    expect(sample(text, 'klbot_answers_total', 'channel="api",result="refused"')).toBe(1);
    expect(sample(text, 'klbot_slack_deliveries_total', 'result="taken"')).toBe(1);
    expect(sample(text, 'klbot_slack_deliveries_total', 'result="duplicate"')).toBe(1);
    expect(sample(text, 'klbot_slack_deliveries_total', 'result="rejected"')).toBe(1);
    expect(sample(text, 'klbot_rate_limited_total', 'limit="api"')).toBe(1);
    expect(sample(text, 'klbot_rate_limited_total', 'limit="refused"')).toBe(0);
    expect(sample(text, 'klbot_qalog_up')).toBe(1);
    expect(sample(text, 'klbot_qalog_queued_rows')).toBe(0);
    expect(sample(text, 'klbot_qalog_dropped_rows_total')).toBe(0);
    expect(sample(text, 'klbot_shutting_down')).toBe(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    // Without shared stores configured, there is no store to report.
    expect(text).not.toContain('klbot_store_up');
  });
});

const redisUrl = await findRedis();
const databaseUrl = await findDatabase();

describe.skipIf(!redisUrl || !databaseUrl)(suiteName('metrics: shared stores', { Redis: redisUrl, PostgreSQL: databaseUrl }), () => {
  it('shows each configured store as up', async () => {
    const schema = await freshSchema(databaseUrl!);
    const shared = await openSharedStores({ redisUrl, databaseUrl: schema.url, redisPrefix: uniquePrefix('metrics'), log: createLogger({ level: 'silent' }) });
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', EMBEDDING_MODEL: 'none', METRICS_TOKEN, WEB_SESSION_SECRET: 'metrics-test-session-secret' }, ROOT);
    const engine = await loadTestEngine();
    const app = await createApp({ config, engine, qalog: shared.qalog, shared, log: createLogger({ level: 'silent' }) });
    const { port } = await app.listen();
    try {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      expect(sample(text, 'klbot_store_up', 'store="redis"')).toBe(1);
      expect(sample(text, 'klbot_store_up', 'store="postgresql"')).toBe(1);
      expect(sample(text, 'klbot_qalog_up')).toBe(1);
    } finally {
      await app.close();
      await shared.close();
      await engine.close();
      await schema.drop();
    }
  });
});
