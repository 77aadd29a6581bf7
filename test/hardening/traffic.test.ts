/**
 * A representative traffic mix against the real app (API, widget over websocket and HTTP, Slack
 * signed and unsigned with a failing Web API, admin report, errors and refusals) with a logger
 * that keeps every line and redacts nothing: no secret appears in any log line, console output,
 * response body or header; and user text shows up escaped in the admin report.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/answer/types.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { openSqliteQaLog } from '../../src/qalog/sqlite.js';
import type { QaLog } from '../../src/qalog/types.js';
import { connect, loadTestEngine, ROOT } from '../server/start.js';
import { startSlackStandIn, type SlackStandIn } from '../channels/slack/slack-stand-in.js';

const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-SECRETBOTTOKEN',
  SLACK_SIGNING_SECRET: 'signing-secret-7f3a9c1e5b',
  WEB_SESSION_SECRET: 'web-session-secret-0123456789',
  ADMIN_TOKEN: 'admin-token-abcdefghijklmnop',
};
const HTML = '<script>alert("x")</script><img src=x onerror=alert(1)> TFFN là gì?';

const lines: string[] = [];
const responses: string[] = [];
let dir: string;
let engine: Engine;
let qalog: QaLog;
let slack: SlackStandIn;
let app: App;
let base: string;

/** fetch that records status line, headers and body of every response. */
async function hit(url: string, init: RequestInit = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(base + url, init);
  const text = await res.text();
  const headers: string[] = [];
  res.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
  responses.push(`${res.status} ${headers.join('\n')} ${text}`);
  return { status: res.status, text, headers: res.headers };
}

function signed(body: string, contentType: string, secret = SECRETS.SLACK_SIGNING_SECRET, ts = Math.floor(Date.now() / 1000)): RequestInit {
  const signature = 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
  return { method: 'POST', headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature }, body };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kl-traffic-'));
  // Everything printed to the console by any library counts as a log line too.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  }
  slack = await startSlackStandIn({ status: 500 });
  const config = loadConfig(
    { PORT: '0', HOST: '127.0.0.1', EMBEDDING_MODEL: 'none', RATE_LIMIT_PER_MINUTE: '25', SLACK_API_URL: slack.apiUrl, ...SECRETS },
    ROOT,
  );
  // No `secrets` on purpose: the test shows our code never hands a secret to the logger.
  const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  engine = await loadTestEngine();
  qalog = await openSqliteQaLog({ path: path.join(dir, 'qalog.sqlite') });
  app = await createApp({ config, engine, log, qalog });
  const { port } = await app.listen();
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await app?.close();
  await qalog?.close();
  await engine?.close();
  await slack?.close();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('hardening: traffic mix', () => {
  it('runs API, widget, Slack, admin and error traffic', async () => {
    const json = { 'content-type': 'application/json' };
    // API: answers, no-answers, refusals of every kind, then the rate limit.
    for (const question of ['TFFN là gì?', 'Where will the 18th AMRI be held?', 'recipe for pho', HTML]) {
      expect((await hit('/api/ask', { method: 'POST', headers: json, body: JSON.stringify({ question }) })).status).toBe(200);
    }
    expect((await hit('/api/ask', { method: 'POST', headers: json, body: '{bad' })).status).toBe(400);
    expect((await hit('/api/ask', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })).status).toBe(415);
    expect((await hit('/api/ask', { method: 'POST', headers: json, body: JSON.stringify({ question: 'x'.repeat(30_000) }) })).status).toBe(413);
    expect((await hit('/api/ask', { method: 'POST', headers: { ...json, origin: 'https://evil.example' }, body: '{}' })).status).toBe(403);
    expect((await hit('/api/passages/nope')).status).toBe(404);
    expect((await hit('/api/nothing')).status).toBe(404);

    // Widget: websocket with a forged token and feedback on an unknown answer, then the HTTP fallback.
    const c = await connect(base.replace('http', 'ws') + '/');
    const session = await c.next();
    c.send({ type: 'welcome_back', token: session.token.split('.')[0] + '.' + 'A'.repeat(43) });
    await c.next();
    c.send({ type: 'message', text: HTML });
    const answer = await c.next();
    c.send({ type: 'feedback', answerId: answer.reply.answerId ?? 'x', value: 'up' });
    await c.next();
    c.send({ type: 'feedback', answerId: 'not-ours', value: 'down' });
    await c.next();
    c.send('not json');
    await c.next();
    await c.close();
    expect((await hit('/botkit/receive', { method: 'POST', headers: json, body: JSON.stringify({ type: 'hello' }) })).status).toBe(200);
    expect((await hit('/botkit/receive', { method: 'POST', headers: json, body: JSON.stringify({ type: 'message', text: 'AMRI', token: 'forged.token' }) })).status).toBe(200);
    expect((await hit('/botkit/receive', { method: 'POST', headers: json, body: '[' })).status).toBe(400);

    // Slack: signed mention and slash command (the Web API stand-in answers 500), unsigned, wrong secret, stale.
    const mention = JSON.stringify({
      type: 'event_callback',
      team_id: 'T1',
      event_id: 'EvTraffic1',
      authorizations: [{ user_id: 'UBOT' }],
      event: { type: 'app_mention', user: 'U1', text: '<@UBOT> TFFN là gì?', channel: 'C1', ts: '1748336400.000001' },
    });
    expect((await hit('/slack/events', signed(mention, 'application/json'))).status).toBe(200);
    expect((await hit('/slack/events', signed(mention, 'application/json'))).status).toBe(200); // a retry
    const slash = new URLSearchParams({ command: '/declaration', team_id: 'T1', channel_id: 'C9', user_id: 'U1', trigger_id: 'tr-traffic', text: 'AMRI', response_url: slack.responseUrl }).toString();
    expect((await hit('/slack/events', signed(slash, 'application/x-www-form-urlencoded'))).status).toBe(200);
    expect((await hit('/slack/events', { method: 'POST', headers: json, body: mention })).status).toBe(401);
    expect((await hit('/slack/events', signed(mention, 'application/json', 'wrong-secret'))).status).toBe(401);
    expect((await hit('/slack/events', signed(mention, 'application/json', SECRETS.SLACK_SIGNING_SECRET, 1_000_000))).status).toBe(401);
    expect((await hit('/slack/events', signed('{"type":', 'application/json'))).status).toBe(400);

    // Admin: no token, wrong token, the right one in the header, and in the query string (refused: only the header is accepted).
    expect((await hit('/admin/report')).status).toBe(401);
    expect((await hit('/admin/report', { headers: { authorization: 'Bearer wrong-token-000000000' } })).status).toBe(401);
    expect((await hit('/admin/report', { headers: { authorization: `Bearer ${SECRETS.ADMIN_TOKEN}` } })).status).toBe(200);
    expect((await hit(`/admin/report?token=${SECRETS.ADMIN_TOKEN}&since=nonsense`)).status).toBe(401);
    expect((await hit('/admin/report?since=nonsense', { headers: { authorization: `Bearer ${SECRETS.ADMIN_TOKEN}` } })).status).toBe(400);

    // Past the API budget.
    let limited = 0;
    for (let i = 0; i < 25; i++) if ((await hit('/api/ask', { method: 'POST', headers: json, body: JSON.stringify({ question: 'AMRI' }) })).status === 429) limited++;
    expect(limited).toBeGreaterThan(0);

    await app.close(); // waits for the Slack answers (and their failures) to finish
    // The traffic did produce the log lines that could have leaked something.
    const all = lines.join('\n');
    // Refusals are counted (one line per interval, written at the latest when the app closes), not logged one by one.
    for (const expected of ['slack answer failed', 'requests refused', 'slack 401: 3', 'admin 401: 3', 'rate limit reached']) expect(all).toContain(expected);
  }, 30_000);

  it.each(Object.entries(SECRETS))('returns no %s in any log line, console output, response body or header', (_name, secret) => {
    expect(lines.length).toBeGreaterThan(5);
    expect(responses.length).toBeGreaterThan(30);
    for (const line of lines) expect(line).not.toContain(secret);
    for (const response of responses) expect(response).not.toContain(secret);
  });

  it('returns the question with markup escaped in the admin report', async () => {
    const page = responses.find((r) => r.startsWith('200') && r.includes('<!doctype html'))!;
    expect(page).toBeDefined();
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).not.toMatch(/<script|<img/);
  });
});
