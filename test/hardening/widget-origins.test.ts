/**
 * The security headers and origin policy in a real browser: the widget works under our CSP on our
 * own page (no violation reported), works on a site listed in ALLOWED_ORIGINS (websocket and the
 * CORS HTTP fallback), and cannot be used from a site that is not listed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../e2e/harness.js';
import { startTestApp, type TestApp } from '../server/start.js';

const WAIT = { timeout: 15_000 };
const QUESTION = 'Where will the 18th AMRI meeting be held?';

/** Someone else's site: a page with only the one-tag embed of our widget. */
async function hostSite(widgetUrl: () => string): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><title>Host</title><h1>Host page</h1><script src="${widgetUrl()}" defer></script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Opens `url` recording CSP violations, websocket opens and server replies; asks QUESTION in the widget. */
async function askOn(context: BrowserContext, url: string) {
  const page: Page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(url);
  await page.locator('button.kbw-launcher, button[aria-label^="Ask about"]').first().click();
  await page.getByRole('textbox').fill(QUESTION);
  await page.keyboard.press('Enter');
  const outcome = page.locator('.kbw-reply, .kbw-notice').first();
  await outcome.waitFor(WAIT);
  const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  return { page, sockets, violations, reply: await page.locator('.kbw-reply').count(), notice: await page.locator('.kbw-notice').allTextContents() };
}

describe.skipIf(!hasChromium)('hardening: widget origins and CSP in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let t: TestApp;
  let allowed: { url: string; server: http.Server };
  let other: { url: string; server: http.Server };

  beforeAll(async () => {
    allowed = await hostSite(() => `${t.baseUrl}/widget.js`);
    other = await hostSite(() => `${t.baseUrl}/widget.js`);
    // Only the first host site is listed.
    t = await startTestApp({ env: { ALLOWED_ORIGINS: allowed.url } });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    for (const site of [allowed, other]) await new Promise((r) => site?.server.close(r));
  });

  it('answers on our demo page over the websocket with no CSP violation', async () => {
    const context = await browser.newContext();
    const { sockets, violations, reply } = await askOn(context, `${t.baseUrl}/`);
    expect(reply).toBe(1);
    expect(sockets).toEqual([t.wsUrl]);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('answers on a listed site over the websocket, and over HTTP (CORS) without WebSocket', async () => {
    const context = await browser.newContext();
    const ws = await askOn(context, `${allowed.url}/`);
    expect(ws.reply).toBe(1);
    expect(ws.sockets).toEqual([t.wsUrl]);
    await context.close();

    const noSocket = await browser.newContext();
    await noSocket.addInitScript(() => {
      (window as { WebSocket?: unknown }).WebSocket = undefined;
    });
    const fallback = await askOn(noSocket, `${allowed.url}/`);
    expect(fallback.reply).toBe(1);
    await noSocket.close();
  });

  it('cannot be used from a site that is not listed: the socket is refused and the HTTP fallback fails', async () => {
    const context = await browser.newContext();
    const { reply, notice } = await askOn(context, `${other.url}/`);
    expect(reply).toBe(0);
    expect(notice).toContain('Could not reach the server. Please try again.');
    await context.close();
  });
});
