import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameToken } from '../../../src/channels/http/admin.js';
import { readRows, removeTempDirs, startLoggedApp, type LoggedApp } from '../../qalog/helpers.js';
import { startTestApp } from '../../server/start.js';

const TOKEN = 'admin-token-0123456789abcdef';
const MARKUP = '<script>alert("pwned")</script> what is <b>TFFN</b>?';

let t: LoggedApp;
beforeAll(async () => {
  t = await startLoggedApp({ env: { ADMIN_TOKEN: TOKEN } });
  for (const question of [MARKUP, 'What is SOMRI?', 'what is SOMRI']) {
    const res = await fetch(`${t.baseUrl}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    expect(res.status).toBe(200);
  }
});
afterAll(async () => {
  await t?.close();
  removeTempDirs();
});

const get = (query = '', headers: Record<string, string> = {}) => fetch(`${t.baseUrl}/admin/report${query}`, { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('channels/http/admin', () => {
  describe('GET /admin/report', () => {
    it('returns 401 with a plain message and a Bearer challenge without a token', async () => {
      const res = await get();
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe('Unauthorized: send the admin token as "Authorization: Bearer <ADMIN_TOKEN>".');
    });

    it.each([
      ['a wrong bearer token', '', bearer('admin-token-0123456789abcdeX')],
      ['a prefix of the token', '', bearer(TOKEN.slice(0, -1))],
      ['the token with a suffix', '', bearer(TOKEN + 'x')],
      ['another scheme', '', { authorization: `Basic ${TOKEN}` }],
    ])('returns 401 for %s', async (_name, query, headers) => {
      const res = await get(query, headers);
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('Unauthorized: send the admin token as "Authorization: Bearer <ADMIN_TOKEN>".');
    });

    it.each([
      ['a wrong ?token=', '?token=nope', {}],
      // The token is accepted only in the header: in an address it ends up in logs and browser history.
      ['the right ?token=', `?token=${TOKEN}`, {}],
      ['a wrong header with a right ?token=', `?token=${TOKEN}`, bearer('wrong-token-0123456789')],
    ])('returns 401 for %s, saying a token in the address is never accepted', async (_name, query, headers) => {
      const res = await get(query, headers);
      expect(res.status).toBe(401);
      expect(await res.text()).toBe(
        'Unauthorized: send the admin token as "Authorization: Bearer <ADMIN_TOKEN>" (a token in the address is never accepted: it would be kept in logs and browser history).',
      );
    });

    it('returns 200 and the report page with the bearer token', async () => {
      const res = await get('?since=1h', bearer(TOKEN));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
      const html = await res.text();
      expect(html).toContain('<td>Questions</td><td>3</td>');
      expect(html).toContain('<td>By channel</td><td>api 3</td>');
      // The two SOMRI phrasings are one group.
      expect(html).toMatch(/<td>2<\/td><td>What is SOMRI\?<\/td><td>2<\/td>/);
    });

    it('returns a question containing markup escaped, never as markup', async () => {
      expect(readRows(t.dbPath).map((r) => r.question)).toContain(MARKUP);
      const html = await (await get('', bearer(TOKEN))).text();
      expect(html).not.toContain('<script');
      expect(html).not.toContain('<b>');
      expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; what is &lt;b&gt;TFFN&lt;/b&gt;?');
    });

    it('returns only the period asked for', async () => {
      const html = await (await get('?since=2020-01-01&until=2020-12-31', bearer(TOKEN))).text();
      expect(html).toContain('<td>Questions</td><td>0</td>');
      expect(html).toContain('From <time>2020-01-01T00:00:00.000Z</time> to <time>2021-01-01T00:00:00.000Z</time>');
    });

    it('returns 400 with a plain message for a bad period', async () => {
      const res = await get('?since=last-week', bearer(TOKEN));
      expect(res.status).toBe(400);
      expect(await res.text()).toBe('Bad period: since must be like 7d, 24h, 30m, 2026-11-01 or 2026-11-01T09:00Z, got "last-week"');
    });

    it('returns 404 with a plain message when ADMIN_TOKEN is not set, whatever is sent', async () => {
      const off = await startLoggedApp();
      try {
        for (const headers of [{}, bearer(TOKEN), bearer('')]) {
          const res = await fetch(`${off.baseUrl}/admin/report`, { headers });
          expect(res.status).toBe(404);
          expect(await res.text()).toBe('Not found: the admin report is off (ADMIN_TOKEN is not set).');
        }
      } finally {
        await off.close();
      }
    });

    it('returns 503 when the app runs without a question log', async () => {
      const bare = await startTestApp({ env: { ADMIN_TOKEN: TOKEN } });
      try {
        const res = await fetch(`${bare.baseUrl}/admin/report`, { headers: bearer(TOKEN) });
        expect(res.status).toBe(503);
        expect(await res.text()).toBe('The question log is not open in this process.');
      } finally {
        await bare.close();
      }
    });
  });

  describe('sameToken', () => {
    it('returns true only for the identical token, whatever the lengths', () => {
      expect(sameToken(TOKEN, TOKEN)).toBe(true);
      expect(sameToken(TOKEN.toUpperCase(), TOKEN)).toBe(false);
      expect(sameToken('', TOKEN)).toBe(false);
      expect(sameToken(TOKEN.repeat(10), TOKEN)).toBe(false);
      expect(sameToken('ä', 'a')).toBe(false);
    });
  });
});
