import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/answer/types.js';
import { connect, loadTestEngine, startTestApp, type TestApp } from './start.js';

let engine: Engine;
let t: TestApp;
beforeAll(async () => {
  engine = await loadTestEngine();
  t = await startTestApp({ engine });
});
afterAll(async () => {
  await t.close();
  await engine.close();
});

describe('app', () => {
  describe('createApp', () => {
    it('returns the demo page at / and the widget files, embeddable from other origins', async () => {
      const page = await fetch(`${t.baseUrl}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('widget.js');
      expect(html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
      const icon = await fetch(`${t.baseUrl}/favicon.svg`);
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      const js = await fetch(`${t.baseUrl}/widget.js`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      expect(js.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      // The widget counts against the limit the server enforces (MAX_QUESTION_CHARS, default 500).
      expect(await js.text()).toContain('var MAX_QUESTION = 500;');
      expect((await fetch(`${t.baseUrl}/widget.css`)).headers.get('content-type')).toMatch(/^text\/css/);
    });

    it('returns 404 for an unknown path', async () => {
      expect((await fetch(`${t.baseUrl}/nothing-here`)).status).toBe(404);
    });

    it('returns a publicUrl with the real port when the configured one was 0', () => {
      expect(t.app.publicUrl()).toBe(`http://localhost:${new URL(t.baseUrl).port}`);
    });

    it('reports Slack off with the reason', () => {
      expect(t.app.slack).toEqual({ on: false, reason: 'SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET not set' });
    });

    it('returns 404 at /slack/events when Slack is off', async () => {
      expect((await fetch(`${t.baseUrl}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    });

    it('mounts Slack when configured: /healthz says so and unsigned events get 401', async () => {
      // A stand-in for Slack's Web API on loopback, so nothing leaves the machine.
      const api = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
      await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
      const apiPort = (api.address() as { port: number }).port;
      const secret = 'test-signing-secret';
      const slack = await startTestApp({
        engine,
        env: { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: `http://127.0.0.1:${apiPort}/api` },
      });
      try {
        expect(slack.app.slack).toEqual({ on: true });
        expect((await (await fetch(`${slack.baseUrl}/healthz`)).json()).slack).toBe(true);
        const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123' });
        expect((await fetch(`${slack.baseUrl}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
        const ts = String(Math.floor(Date.now() / 1000));
        const signature = 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
        const ok = await fetch(`${slack.baseUrl}/slack/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': ts, 'x-slack-signature': signature },
          body,
        });
        expect(ok.status).toBe(200);
        expect(await ok.json()).toEqual({ challenge: 'c-123' });
      } finally {
        await slack.close();
        await new Promise((r) => api.close(r));
      }
    });
  });

  describe('close', () => {
    it('closes open websockets with 1001, stops listening, and can be called twice', async () => {
      const own = await startTestApp({ engine });
      const c = await connect(own.wsUrl);
      await c.next();
      const closed = new Promise<number>((resolve) => c.ws.once('close', (code: number) => resolve(code)));
      await Promise.all([own.app.close(), own.app.close()]);
      expect(await closed).toBe(1001);
      expect(own.app.http.listening).toBe(false);
      await expect(fetch(`${own.baseUrl}/healthz`)).rejects.toThrow();
    });
  });
});
