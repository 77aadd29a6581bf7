/**
 * What comes before authentication, on the real app over loopback: the admin token only as a
 * bearer, failed admin attempts limited per client and counted in the log (never the token); body
 * caps checked on Content-Length; refusals logged as counts per interval; 405 with Allow for a
 * wrong method on a known path; ALLOWED_HOSTS; /healthz without filesystem paths.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp } from '../../../src/app.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { loadTestEngine, ROOT } from '../../server/start.js';

const TOKEN = 'admin-token-0123456789abcdef';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function start(env: Record<string, string> = {}) {
  const lines: string[] = [];
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', EMBEDDING_MODEL: 'none', ...env }, ROOT);
  const engine = await loadTestEngine();
  const app = await createApp({ config, engine, log: createLogger({ write: (line) => lines.push(line) }), refusalLogIntervalMs: 300 });
  const { port } = await app.listen();
  closers.push(async () => {
    await app.close();
    await engine.close();
  });
  return { base: `http://127.0.0.1:${port}`, port, lines };
}

/** A raw request with any Host header (fetch will not send another than the URL's). */
function rawGet(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { host }, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
  });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The counts of the `requests refused` lines, summed over intervals: { 'admin 401': 5, … }. */
function refusedCounts(lines: string[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const line of lines.filter((l) => l.includes(' warn requests refused '))) {
    for (const [, key, n] of (/counts="([^"]*)"/.exec(line)?.[1] ?? '').matchAll(/([a-z]+ \d{3}): (\d+)/g)) sum[key] = (sum[key] ?? 0) + Number(n);
  }
  return sum;
}

describe('channels/http/limits', () => {
  describe('admin', () => {
    it('limits failed attempts per client: 429 past the budget, even for the right token, one line naming the client, and counts — never the token', async () => {
      const t = await start({ ADMIN_TOKEN: TOKEN, REJECTED_PER_MINUTE: '5' });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        const res = await fetch(`${t.base}/admin/report`, { headers: { authorization: `Bearer wrong-guess-${i}-0123456789` } });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
      // Past the budget, the right token too waits for the window: guessing gains nothing.
      const right = await fetch(`${t.base}/admin/report`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(right.status).toBe(429);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await wait(500);
      const limitLines = t.lines.filter((l) => l.includes('client reached its budget of refused requests'));
      expect(limitLines).toEqual([expect.stringMatching(/ warn .* client=127\.0\.0\.1 path=\/admin\/report limit=5 retryAfter=\d+$/)]);
      // One line per interval with refusals (300 ms here, 60 s by default): the counts add up, one line names the client.
      expect(refusedCounts(t.lines)).toEqual({ 'admin 401': 5, 'admin 429': 36 });
      expect(t.lines.filter((l) => !l.includes(' warn requests refused '))).toEqual(limitLines);
      for (const line of t.lines) expect(line).not.toMatch(/wrong-guess|admin-token/);
    });

    it('refuses the token in the query string, even the right one', async () => {
      const t = await start({ ADMIN_TOKEN: TOKEN });
      const res = await fetch(`${t.base}/admin/report?token=${TOKEN}`);
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('a token in the address is never accepted');
    });
  });

  describe('body caps and counts', () => {
    it('refuses an /api body over 16 KiB from its Content-Length, and logs the refusals as one line per interval', async () => {
      const t = await start();
      const big = JSON.stringify({ question: 'x'.repeat(20_000) });
      const res = await fetch(`${t.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }).catch((err: Error) => err);
      // The connection ends with the refusal: the client sees 413, or the reset of a socket closed unread.
      if (res instanceof Response) expect(res.status).toBe(413);
      for (let i = 0; i < 3; i++) expect((await fetch(`${t.base}/api/nothing-${i}`)).status).toBe(404);
      await wait(500);
      const counts = t.lines.filter((l) => l.includes(' requests refused '));
      expect(counts).toEqual([expect.stringMatching(/total=4 seconds=\d+ counts="api 404: 3, api 413: 1"$/)]);
      // Quiet afterwards: no line for an interval without refusals.
      await wait(500);
      expect(t.lines.filter((l) => l.includes(' requests refused '))).toHaveLength(1);
    });

    it('refuses a Slack delivery over 64 KiB unread, and stale signature headers before reading the body', async () => {
      const secret = 'limits-test-signing-secret';
      const t = await start({ SLACK_BOT_TOKEN: 'xoxb-limits-test', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: 'http://127.0.0.1:9/' });
      const now = Math.floor(Date.now() / 1000);
      const sign = (body: string, ts = now) => 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
      const body = JSON.stringify({ type: 'url_verification', challenge: 'c'.repeat(70_000) });
      const tooBig = await fetch(`${t.base}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now), 'x-slack-signature': sign(body) },
        body,
      }).catch((err: Error) => err);
      if (tooBig instanceof Response) expect(tooBig.status).toBe(413);
      const stale = await fetch(`${t.base}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now - 3600), 'x-slack-signature': sign('{}', now - 3600) },
        body: '{}',
      });
      expect(stale.status).toBe(401);
      // A real challenge, small and signed, still passes.
      const small = JSON.stringify({ type: 'url_verification', challenge: 'ok' });
      const ok = await fetch(`${t.base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now), 'x-slack-signature': sign(small) }, body: small });
      expect(await ok.json()).toEqual({ challenge: 'ok' });
      await wait(500);
      expect(t.lines.filter((l) => l.includes(' requests refused '))).toEqual([expect.stringMatching(/counts="slack 413: 1, slack 401: 1"$/)]);
    });
  });

  describe('405 for a wrong method on a known path', () => {
    it.each([
      ['POST', '/healthz', 'GET, HEAD'],
      ['GET', '/api/ask', 'POST, OPTIONS'],
      ['DELETE', '/api/passages/kl-declaration-2025:p7', 'GET, HEAD, OPTIONS'],
      ['PUT', '/admin/report', 'GET, HEAD'],
      ['GET', '/botkit/receive', 'POST, OPTIONS'],
      ['POST', '/doc/kl-declaration-2025', 'GET, HEAD'],
      ['POST', '/metrics', 'GET, HEAD'],
    ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
      const t = await start();
      const res = await fetch(`${t.base}${path}`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
    });

    it('keeps 404 for unknown paths, and for Slack when it is off', async () => {
      const t = await start();
      expect((await fetch(`${t.base}/nowhere`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${t.base}/slack/events`, { method: 'GET' })).status).toBe(404);
    });
  });

  describe('ALLOWED_HOSTS', () => {
    it('refuses a request or a websocket for another host with 421, and serves the listed ones and the public URL host', async () => {
      const t = await start({ ALLOWED_HOSTS: 'bot.example.org, 127.0.0.1' });
      expect(await rawGet(t.port, '/healthz', 'evil.example')).toBe(421);
      expect(await rawGet(t.port, '/healthz', 'bot.example.org')).toBe(200);
      expect(await rawGet(t.port, '/healthz', 'BOT.example.org:8443')).toBe(200);
      expect(await rawGet(t.port, '/healthz', `localhost:${t.port}`)).toBe(200);
      expect(await rawGet(t.port, '/healthz', `localhost:1`)).toBe(421);
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${t.port}/`, { headers: { host: 'evil.example' } });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => resolve(101));
        ws.once('error', () => undefined);
      });
      expect(status).toBe(403);
    });

    it.each([['https://bot.example.org'], ['bot.example.org/path'], ['bot.example.org:99999'], ['bad host']])('rejects ALLOWED_HOSTS=%s with one line', (value) => {
      expect(() => loadConfig({ ALLOWED_HOSTS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ ALLOWED_HOSTS: value })).toThrow(/^ALLOWED_HOSTS must list host names/);
    });
  });

  describe('/healthz', () => {
    it('shows names and states only, no filesystem path', async () => {
      const t = await start();
      const text = await (await fetch(`${t.base}/healthz`)).text();
      expect(text).not.toContain(ROOT);
      expect(text).not.toMatch(/"\/[a-z]/);
    });
  });
});
