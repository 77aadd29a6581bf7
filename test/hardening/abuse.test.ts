/**
 * Abuse controls of the real app over loopback: per-client rate limits (429 + Retry-After) on
 * /api/ask and on the web chat (websocket and HTTP fallback sharing one budget), which pages may
 * use us (CORS, 403, websocket upgrades), security headers, and the settings behind them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../../src/config.js';
import { MemoryStore, type Options } from 'express-rate-limit';
import { hitInStore } from '../../src/channels/web/server/rate-limit.js';
import { createSessionTokens } from '../../src/channels/web/server/session.js';
import { connect, startTestApp, type TestApp } from '../server/start.js';

const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});
async function start(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await startTestApp({ env });
  apps.push(t);
  return t;
}

const ask = (t: TestApp, headers: Record<string, string> = {}, question = 'TFFN là gì?') =>
  fetch(`${t.baseUrl}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ question }) });
const receive = (t: TestApp, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${t.baseUrl}/botkit/receive`, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers }, body: JSON.stringify(body) });

/** Opens a websocket with the given headers; resolves with the HTTP status of a refused upgrade, or the open socket. */
function upgrade(url: string, headers: Record<string, string>): Promise<{ status: number; ws?: WebSocket; received: any[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const received: any[] = [];
    ws.on('message', (d) => received.push(JSON.parse(d.toString())));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, received });
      ws.terminate();
    });
    ws.once('open', () => resolve({ status: 101, ws, received }));
    ws.once('error', (err) => (err.message.includes('Unexpected server response') ? undefined : reject(err)));
  });
}

function expectRetryAfter(res: Response) {
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  return retryAfter;
}

describe('hardening: abuse', () => {
  describe('config', () => {
    it('returns the defaults: 60 per minute, no proxy trusted, same origin only', () => {
      expect(loadConfig({})).toMatchObject({ rateLimitPerMinute: 60, trustProxy: false, allowedOrigins: [] });
    });

    it('returns hop counts, proxy subnets and origins as given', () => {
      expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
      expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8']);
      expect(loadConfig({ ALLOWED_ORIGINS: 'https://www.Example.org, http://localhost:8080/' }).allowedOrigins).toEqual([
        'https://www.example.org',
        'http://localhost:8080',
      ]);
      expect(loadConfig({ ALLOWED_ORIGINS: '*' }).allowedOrigins).toBe('*');
      expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '5' }).rateLimitPerMinute).toBe(5);
    });

    it.each([
      [{ RATE_LIMIT_PER_MINUTE: '0' }, /RATE_LIMIT_PER_MINUTE must be a whole number from 1/],
      [{ RATE_LIMIT_PER_MINUTE: 'lots' }, /RATE_LIMIT_PER_MINUTE must be a whole number/],
      [{ TRUST_PROXY: 'true' }, /TRUST_PROXY=true would let any client choose its IP/],
      [{ TRUST_PROXY: 'my-proxy' }, /TRUST_PROXY must be a number of proxies/],
      [{ TRUST_PROXY: '10.0.0.0/99' }, /TRUST_PROXY must be/],
      [{ ALLOWED_ORIGINS: 'https://example.org/page' }, /ALLOWED_ORIGINS must list origins/],
      [{ ALLOWED_ORIGINS: 'example.org' }, /ALLOWED_ORIGINS must list origins/],
      [{ ALLOWED_ORIGINS: 'ftp://example.org' }, /ALLOWED_ORIGINS must list origins/],
    ])('rejects %o with one line saying what to fix', (env, message) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    });
  });

  describe('hitInStore over express-rate-limit MemoryStore', () => {
    it('returns limited past the limit, with the seconds left, and a fresh budget after the window', async () => {
      vi.useFakeTimers({ now: 1_000_000 });
      try {
        const store = new MemoryStore();
        store.init({ windowMs: 60_000 } as Options);
        const hit = hitInStore(store, 2);
        expect((await hit('a')).limited).toBe(false);
        expect((await hit('a')).limited).toBe(false);
        vi.advanceTimersByTime(15_000);
        expect(await hit('a')).toEqual({ limited: true, firstRefusal: true, totalHits: 3, retryAfterSeconds: 45 });
        expect(await hit('a')).toMatchObject({ limited: true, firstRefusal: false });
        expect((await hit('b')).limited).toBe(false);
        vi.advanceTimersByTime(45_000);
        expect(await hit('a')).toMatchObject({ limited: false, totalHits: 1 });
        store.shutdown();
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe('createSessionTokens', () => {
    it('rejects a token whose signature is spelled differently in the spare bits of its last character', () => {
      const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const sessions = createSessionTokens({ secret: 'a secret of sixteen chars' });
      const { id, token } = sessions.issue();
      const last = ALPHABET.indexOf(token.at(-1)!);
      // 43 characters carry 258 bits for a 256-bit HMAC: the last one's 2 low bits are spare.
      const twin = ALPHABET[(last & ~3) | ((last + 1) & 3)];
      const sig = token.split('.')[1];
      expect(twin).not.toBe(token.at(-1));
      expect(Buffer.from(sig.slice(0, -1) + twin, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
      expect(sessions.verify(token)).toBe(id);
      expect(sessions.verify(token.slice(0, -1) + twin)).toBeUndefined();
    });
  });

  describe('hitInStore', () => {
    it('returns verdicts from counts kept in an express-rate-limit store, so both transports can share one', async () => {
      const store = new MemoryStore();
      store.init({ windowMs: 60_000 } as Options);
      const hit = hitInStore(store, 1);
      expect(await hit('k')).toMatchObject({ limited: false, totalHits: 1 });
      await store.increment('k'); // a hit counted by the HTTP limiter
      const refused = await hit('k');
      expect(refused).toMatchObject({ limited: true, firstRefusal: false, totalHits: 3 });
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
      await store.shutdown();
    });
  });

  describe('rate limit of POST /api/ask', () => {
    it('returns 429 with Retry-After and a plain message past the budget, counting bad requests too', async () => {
      const t = await start({ RATE_LIMIT_PER_MINUTE: '3' });
      expect((await ask(t)).status).toBe(200);
      expect((await fetch(`${t.baseUrl}/api/ask`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })).status).toBe(415);
      expect((await ask(t)).status).toBe(200);
      const refused = await ask(t);
      expect(refused.status).toBe(429);
      const wait = expectRetryAfter(refused);
      expect(await refused.json()).toEqual({ error: `Too many requests from your address. Please wait ${wait} s and try again.` });
      // Other endpoints are not part of the question budget.
      expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${t.baseUrl}/api/passages/kl-declaration-2025:p1`)).status).toBe(200);
    });

    it('ignores X-Forwarded-For without TRUST_PROXY, so a client cannot escape the limit by sending it', async () => {
      const t = await start({ RATE_LIMIT_PER_MINUTE: '2' });
      for (const ip of ['10.0.0.1', '10.0.0.2']) expect((await ask(t, { 'x-forwarded-for': ip })).status).toBe(200);
      expect((await ask(t, { 'x-forwarded-for': '10.0.0.3' })).status).toBe(429);
    });

    it('counts each forwarded client on its own behind TRUST_PROXY=1', async () => {
      const t = await start({ RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '1' });
      for (let i = 0; i < 2; i++) expect((await ask(t, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
      expect((await ask(t, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(429);
      expect((await ask(t, { 'x-forwarded-for': '198.51.100.9' })).status).toBe(200);
    });
  });

  describe('rate limit of the web chat', () => {
    it('shares one budget between the websocket and POST /botkit/receive, refusing with 429 / an error message', async () => {
      const t = await start({ RATE_LIMIT_PER_MINUTE: '3' });
      const c = await connect(t.wsUrl);
      await c.next(); // greeting: sent by the server, not counted
      c.send({ type: 'message', text: 'TFFN là gì?' });
      expect((await c.next()).type).toBe('message');
      expect((await receive(t, { type: 'hello' })).status).toBe(200);
      expect((await receive(t, { type: 'message', text: 'AMRI' })).status).toBe(200);

      const refused = await receive(t, { type: 'message', text: 'AMRI' });
      expect(refused.status).toBe(429);
      const wait = expectRetryAfter(refused);
      expect(await refused.json()).toEqual([{ type: 'error', message: `Too many requests from your address. Please wait ${wait} s and try again.` }]);

      c.send({ type: 'message', text: 'TFFN là gì?' });
      expect(await c.next()).toEqual({ type: 'error', message: expect.stringMatching(/^Too many requests from your address\. Please wait \d+ s/) });
      // The refused frame was not processed: nothing else arrives.
      await expect(c.next(300)).rejects.toThrow('no message from server in time');
      await c.close();
    });

    it('counts websocket clients behind TRUST_PROXY by their forwarded address', async () => {
      const t = await start({ RATE_LIMIT_PER_MINUTE: '1', TRUST_PROXY: '1' });
      const a = await upgrade(t.wsUrl, { 'x-forwarded-for': '203.0.113.1' });
      const b = await upgrade(t.wsUrl, { 'x-forwarded-for': '203.0.113.2' });
      const [fromA, fromB] = [a.received, b.received];
      for (const ws of [a.ws!, a.ws!, b.ws!]) ws.send(JSON.stringify({ type: 'message', text: 'AMRI' }));
      const until = Date.now() + 5000;
      while ((fromA.length < 3 || fromB.length < 2) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(fromA.slice(1).map((m) => m.type).sort()).toEqual(['error', 'message']);
      expect(fromB[1].type).toBe('message');
      a.ws!.close();
      b.ws!.close();
    });
  });

  describe('origins', () => {
    it('refuses other sites by default (403, no CORS headers) and serves our own pages and non-browser clients', async () => {
      const t = await start();
      const evil = { origin: 'https://evil.example' };
      const api = await ask(t, evil);
      expect(api.status).toBe(403);
      expect(api.headers.get('access-control-allow-origin')).toBeNull();
      expect(await api.json()).toEqual({ error: 'Web pages on this site are not allowed to use this service.' });
      const web = await receive(t, { type: 'hello' }, evil);
      expect(web.status).toBe(403);
      expect(await web.json()).toEqual([{ type: 'error', message: 'Web pages on this site are not allowed to use this service.' }]);
      const preflight = await fetch(`${t.baseUrl}/api/ask`, { method: 'OPTIONS', headers: { ...evil, 'access-control-request-method': 'POST' } });
      expect(preflight.status).toBe(403);
      expect((await upgrade(t.wsUrl, evil)).status).toBe(403);
      expect((await upgrade(t.wsUrl, { origin: 'null' })).status).toBe(403);

      // Our own pages: same host, or the public URL (localhost vs 127.0.0.1); and clients without Origin.
      for (const origin of [t.baseUrl, t.app.publicUrl()]) {
        expect((await ask(t, { origin })).status).toBe(200);
        const ws = await upgrade(t.wsUrl, { origin });
        expect(ws.status).toBe(101);
        ws.ws!.close();
      }
      expect((await ask(t)).status).toBe(200);
    });

    it('allows the listed origins with CORS, on the API, the HTTP fallback and the websocket', async () => {
      const partner = 'https://partner.example';
      const t = await start({ ALLOWED_ORIGINS: `${partner},https://other.example` });
      const api = await ask(t, { origin: partner });
      expect(api.status).toBe(200);
      expect(api.headers.get('access-control-allow-origin')).toBe(partner);
      const web = await receive(t, { type: 'hello' }, { origin: partner });
      expect(web.status).toBe(200);
      expect(web.headers.get('access-control-allow-origin')).toBe(partner);
      const preflight = await fetch(`${t.baseUrl}/api/ask`, {
        method: 'OPTIONS',
        headers: { origin: partner, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(partner);
      const ws = await upgrade(t.wsUrl, { origin: partner });
      expect(ws.status).toBe(101);
      ws.ws!.close();
      expect((await ask(t, { origin: 'https://partner.example.evil.com' })).status).toBe(403);
      expect((await upgrade(t.wsUrl, { origin: 'http://partner.example' })).status).toBe(403);
    });

    it('allows any origin with ALLOWED_ORIGINS=*', async () => {
      const t = await start({ ALLOWED_ORIGINS: '*' });
      const api = await ask(t, { origin: 'https://anyone.example' });
      expect(api.status).toBe(200);
      expect(api.headers.get('access-control-allow-origin')).toBe('https://anyone.example');
      const ws = await upgrade(t.wsUrl, { origin: 'https://anyone.example' });
      expect(ws.status).toBe(101);
      ws.ws!.close();
    });
  });

  describe('security headers', () => {
    it('returns a script-tight CSP and helmet headers on our pages, and embeddable widget files', async () => {
      const t = await start();
      const page = await fetch(`${t.baseUrl}/`);
      const csp = page.headers.get('content-security-policy')!;
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['default-src']).toEqual(["'self'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(directives['connect-src']).toEqual(["'self'"]);
      expect(directives['frame-ancestors']).toEqual(["'self'"]);
      expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      for (const file of ['/widget.js', '/widget.css']) {
        const res = await fetch(t.baseUrl + file);
        expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
      // The reader keeps its own stricter policy: no script at all.
      expect((await fetch(`${t.baseUrl}/doc/kl-declaration-2025`)).headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
      expect((await ask(t)).headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('lets the listed origins frame our pages (frame-ancestors, no X-Frame-Options)', async () => {
      const t = await start({ ALLOWED_ORIGINS: 'https://partner.example' });
      const page = await fetch(`${t.baseUrl}/`);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://partner.example");
      expect(page.headers.get('x-frame-options')).toBeNull();
    });
  });
});
