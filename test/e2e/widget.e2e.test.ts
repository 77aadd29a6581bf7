/**
 * The web widget end to end: the real app on loopback, the demo page in headless Chromium,
 * questions typed with the keyboard, and what the widget draws compared with the Reply the
 * server actually sent (recorded off the websocket / HTTP fallback), so no answer is hard-coded
 * beyond facts of the corpus (the 18th AMRI will be held in Cambodia / Campuchia).
 *
 * Needs Chromium: `apt-get install -y chromium fonts-noto-color-emoji` (or CHROMIUM_PATH).
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Reply } from '../../src/conversation/types.js';
import { CHROMIUM_PATH, hasChromium, launchChromium, recordReplies, startApp, type Recorded, type RunningApp } from './harness.js';

if (!hasChromium) {
  console.warn(`widget e2e skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

const EN_QUESTION = 'Where will the 18th AMRI meeting be held?';
const VI_QUESTION = 'Hội nghị AMRI lần thứ 18 sẽ được tổ chức ở đâu?';
/** Questions with more than 3 answering passages, so "more" has something to show. */
const MORE_QUESTION = { en: 'What does the declaration say about disinformation?', vi: 'Tuyên bố nói gì về tin giả?' };
const WAIT = { timeout: 15_000 };

/** A loopback port nothing listens on (bound, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

let app: RunningApp;
let browser: Browser;

/** Types `text` into the open widget, presses Enter, and returns the Reply and the element drawn for it. */
async function ask(page: Page, recorded: Recorded, text: string): Promise<{ reply: Reply; el: Locator }> {
  const { replies, errors } = recorded;
  const before = await page.locator('.kbw-reply').count();
  const sent = replies.length;
  const failed = errors.length;
  await page.getByRole('textbox').fill(text);
  await page.keyboard.press('Enter');
  // A server error fails at once with its text rather than as a timeout.
  await expect.poll(() => (errors.length > failed ? errors.slice(failed) : replies.length > sent), WAIT).toBe(true);
  const el = page.locator('.kbw-reply').nth(before);
  await el.waitFor(WAIT);
  return { reply: replies[sent], el };
}

/** Checks that the widget drew exactly what the server sent: quotes, marks, citations, toggles, chips, votes. */
async function expectRendered(el: Locator, reply: Reply, baseUrl: string): Promise<void> {
  expect(await el.getAttribute('data-kind')).toBe(reply.kind);
  const passages = el.locator('.kbw-passage');
  expect(await passages.count()).toBe(reply.passages.length);
  for (const [i, p] of reply.passages.entries()) {
    const box = passages.nth(i);
    const quote = box.locator('blockquote:not(.kbw-original)');
    expect(await quote.getAttribute('lang')).toBe(p.textLang);
    expect(await quote.textContent()).toBe(p.sentences.map((s) => s.text).join(' '));
    const marked = p.sentences.filter((s) => s.marked).map((s) => s.text);
    expect(await quote.locator('mark').allTextContents()).toEqual(marked);
    const link = box.locator('.kbw-cite a');
    const label = reply.lang === 'vi' ? `${p.title} — đoạn ${p.paragraph}` : `${p.title} — ¶${p.paragraph}`;
    expect(await link.textContent()).toContain(label);
    expect(await link.getAttribute('href')).toBe(new URL(p.url, baseUrl).href);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await box.locator('.kbw-toggle').count()).toBe(p.original.lang !== p.textLang ? 1 : 0);
  }
  expect(await el.locator('.kbw-chip-more').count()).toBe(reply.hasMore ? 1 : 0);
  expect(await el.locator('.kbw-vote').count()).toBe(reply.answerId ? 2 : 0);
}

describe.skipIf(!hasChromium)('web widget in headless Chromium', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  describe('desktop page', () => {
    let context: BrowserContext;
    let page: Page;
    let replies: Recorded;
    let dialogs = 0;
    let enReply: Reply;
    let enEl: Locator;

    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      page = await context.newPage();
      page.on('dialog', (d) => {
        dialogs += 1;
        void d.dismiss();
      });
      replies = recordReplies(page);
      await page.goto(app.baseUrl + '/');
    }, 30_000);

    afterAll(() => context?.close());

    it('serves the demo page with the one-tag embed and a chat button', async () => {
      expect(await page.locator('script[src="/widget.js"][defer]').count()).toBe(1);
      expect(await page.locator('a[href^="/doc/kl-declaration-2025"]').count()).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Ask about the Kuala Lumpur Declaration' }).waitFor(WAIT);
    });

    it('opens from the keyboard, focuses the input, offers 3 suggestions, and Escape returns focus to the button', async () => {
      const launcher = page.getByRole('button', { name: 'Ask about the Kuala Lumpur Declaration' });
      await launcher.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Kuala Lumpur Declaration' });
      await dialog.waitFor(WAIT);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Your question');
      expect(await launcher.getAttribute('aria-expanded')).toBe('true');
      expect(await dialog.locator('.kbw-chip').count()).toBe(3);
      expect(await dialog.getByRole('log').getAttribute('aria-live')).toBe('polite');

      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden', ...WAIT });
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('kbw-launcher');
      expect(await launcher.getAttribute('aria-expanded')).toBe('false');

      await page.keyboard.press('Enter');
      await dialog.waitFor(WAIT);
    });

    it('answers an English question with cited English passages and the Vietnamese original behind a toggle', async () => {
      ({ reply: enReply, el: enEl } = await ask(page, replies, EN_QUESTION));
      expect(enReply.kind).toBe('answer');
      expect(enReply.lang).toBe('en');
      await expectRendered(enEl, enReply, app.baseUrl);

      const box = enEl.locator('.kbw-passage').filter({ hasText: 'Cambodia' }).first();
      expect(await box.locator('blockquote[lang="en"] mark').count()).toBe(1);
      const toggle = box.locator('.kbw-toggle');
      expect(await toggle.textContent()).toBe('Show original');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      const original = box.locator('blockquote.kbw-original');
      expect(await original.isVisible()).toBe(false);
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      expect(await toggle.textContent()).toBe('Hide original');
      expect(await original.isVisible()).toBe(true);
      expect(await original.getAttribute('lang')).toBe('vi');
      expect(await original.textContent()).toContain('Campuchia');
    });

    it('sends 👍 for an answer: the button shows pressed and the server acknowledges', async () => {
      const votes = enEl.locator('.kbw-feedback');
      await votes.getByRole('button', { name: 'Helpful', exact: true }).click();
      expect(await votes.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed')).toBe('true');
      expect(await votes.getByRole('button', { name: 'Not helpful' }).getAttribute('aria-pressed')).toBe('false');
      await votes.getByText('Thanks for the feedback.').waitFor(WAIT); // drawn only on the server's feedback_ack
    });

    it('answers a Vietnamese question in Vietnamese, cited with "đoạn N"', async () => {
      const { reply, el } = await ask(page, replies, VI_QUESTION);
      expect(reply.kind).toBe('answer');
      expect(reply.lang).toBe('vi');
      await expectRendered(el, reply, app.baseUrl);
      expect(await el.locator('blockquote[lang="vi"]').filter({ hasText: 'Campuchia' }).count()).toBeGreaterThan(0);
      expect(await el.locator('.kbw-cite a').first().textContent()).toMatch(/ — đoạn \d+/);
      expect(await el.locator('.kbw-toggle').count()).toBe(0); // the Vietnamese text is the original
    });

    it('follows a citation link to the reader page, where the cited paragraph is the highlighted target', async () => {
      const passage = enReply.passages.find((p) => p.text.includes('Cambodia')) ?? enReply.passages[0];
      const link = page.locator(`.kbw-cite a[href="${new URL(passage.url, app.baseUrl).href}"]`).first();
      const [reader] = await Promise.all([context.waitForEvent('page'), link.click()]);
      await reader.waitForLoadState();
      expect(new URL(reader.url()).hash).toBe(`#p${passage.paragraph}`);
      const target = reader.locator(':target');
      expect(await target.getAttribute('id')).toBe(`p${passage.paragraph}`);
      expect((await target.textContent())?.replace(/\s+/g, ' ')).toContain(passage.sentences.find((s) => s.marked)!.text);
      const background = (loc: Locator) => loc.evaluate((e) => getComputedStyle(e).backgroundColor);
      const other = reader.locator(`section[id^="p"]:not(#p${passage.paragraph})`).first();
      expect(await background(target)).not.toBe(await background(other));
      await reader.close();
    });
    it('offers "More" when there is more, and the chip continues the same question', async () => {
      const first = await ask(page, replies, MORE_QUESTION.en);
      expect(first.reply.hasMore).toBe(true); // precondition: more than 3 passages answer it
      const chip = first.el.getByRole('button', { name: 'More', exact: true });
      const sent = replies.replies.length;
      await chip.click();
      await expect.poll(() => replies.replies.length, WAIT).toBeGreaterThan(sent);
      const next = replies.replies[sent];
      expect(next.kind).toBe('answer');
      expect(next.passages.length).toBeGreaterThan(0);
      const shown = new Set(first.reply.passages.map((p) => p.id));
      expect(next.passages.filter((p) => shown.has(p.id))).toEqual([]);
    });

    it('shows passages close in score to the first under "Also relevant"', async () => {
      const { reply, el } = await ask(page, replies, 'How does ASEAN promote its identity?');
      const also = reply.passages.filter((p) => p.alsoRelevant);
      expect(also.length).toBeGreaterThan(0); // precondition: a second passage scores close to the first
      expect(await el.locator('.kbw-also').count()).toBe(1);
      expect(await el.locator('.kbw-also').textContent()).toBe('Also relevant');
      expect(await el.locator('.kbw-passage').count()).toBe(reply.passages.length);
    });

    it('continues the answer an old "More" sits under, after another question', async () => {
      const first = await ask(page, replies, MORE_QUESTION.en);
      expect(first.reply.hasMore).toBe(true);
      await ask(page, replies, 'Where will the 18th AMRI be held?');
      const sent = replies.replies.length;
      await first.el.getByRole('button', { name: 'More', exact: true }).click();
      await expect.poll(() => replies.replies.length, WAIT).toBeGreaterThan(sent);
      const next = replies.replies[sent];
      expect(next.kind).toBe('answer');
      expect(next.passages.map((p) => p.paragraph)).not.toContain(14);
      const shown = new Set(first.reply.passages.map((p) => p.id));
      expect(next.passages.filter((p) => shown.has(p.id))).toEqual([]);
    });

    it('takes several lines (Shift+Enter), sends on Enter, and shows how much of the limit is used', async () => {
      const box = page.getByRole('textbox');
      await box.fill('Where will the 18th AMRI');
      await box.press('Shift+Enter');
      await box.pressSequentially('be held?');
      expect(await box.inputValue()).toBe('Where will the 18th AMRI\nbe held?');
      expect(await page.locator('.kbw-count').textContent()).toBe('33 / 500');
      expect(await box.getAttribute('maxlength')).toBe('500');
      const sent = replies.replies.length;
      await box.press('Enter');
      await expect.poll(() => replies.replies.length, WAIT).toBeGreaterThan(sent);
      expect(replies.replies[sent].passages[0].paragraph).toBe(14);
      expect(replies.replies[sent].answer?.text).toBe('Cambodia in 2027');
      expect(await box.inputValue()).toBe('');
      expect(await page.locator('.kbw-count').textContent()).toBe('0 / 500');
      // The short answer stands in bold above the one citation.
      const el = page.locator('.kbw-reply').last();
      expect(await el.locator('.kbw-answer').textContent()).toBe('Cambodia in 2027');
    });

    it('starts a new conversation: the log is emptied, the welcome is back, and "more" has nothing to continue', async () => {
      await ask(page, replies, MORE_QUESTION.en);
      const token = () => page.evaluate(() => Object.entries(sessionStorage).find(([k]) => k.startsWith('kbw:token:'))?.[1]);
      const before = await token();
      await page.getByRole('button', { name: 'New conversation' }).click();
      expect(await page.locator('.kbw-reply').count()).toBe(0);
      expect(await page.locator('.kbw-welcome').count()).toBe(1);
      const { reply } = await ask(page, replies, 'more');
      expect(reply.kind).toBe('no-more');
      expect(await token()).not.toBe(before);
    });

    it('resumes the same conversation after a reload (welcome_back): "thêm" continues the last question', async () => {
      const { reply: last } = await ask(page, replies, MORE_QUESTION.vi);
      expect(last.hasMore).toBe(true);
      const token = await page.evaluate(() => Object.entries(sessionStorage).find(([k]) => k.startsWith('kbw:token:'))?.[1]);
      expect(token).toBeTruthy();
      const shownBefore = await page.locator('.kbw-reply').count();
      expect(shownBefore).toBeGreaterThan(0);

      const welcomes: string[] = [];
      page.on('websocket', (ws) =>
        ws.on('framesent', (f) => {
          const m = JSON.parse(String(f.payload));
          if (m.type === 'welcome_back') welcomes.push(m.token);
        }),
      );
      await page.reload();
      await page.getByRole('button', { name: 'Ask about the Kuala Lumpur Declaration' }).click();
      // The conversation so far is drawn again from this tab's storage.
      await expect.poll(() => page.locator('.kbw-reply').count(), WAIT).toBe(shownBefore);
      const { reply, el } = await ask(page, replies, 'thêm');
      expect(welcomes).toEqual([token]);
      expect(reply.kind).toBe('answer'); // a fresh conversation would answer "no-more"
      expect(reply.lang).toBe('vi');
      const shown = new Set(last.passages.map((p) => p.id));
      expect(reply.passages.length).toBeGreaterThan(0);
      expect(reply.passages.filter((p) => shown.has(p.id))).toEqual([]);
      await expectRendered(el, reply, app.baseUrl);
    });

    it('shows markup in a question as text: no element injected, no script run', async () => {
      const evil = '<img src=x onerror=alert(1)>';
      const imagesBefore = await page.locator('img').count();
      const { el } = await ask(page, replies, evil);
      await el.waitFor(WAIT);
      expect(await page.locator('.kbw-user .kbw-bubble').last().textContent()).toBe(evil);
      expect(await page.locator('img').count()).toBe(imagesBefore);
      expect(await page.locator('[onerror]').count()).toBe(0);
      expect(dialogs).toBe(0);
    });

  });

  describe('welcome suggestions', () => {
    it.each([
      ['en', 'Ask about the Kuala Lumpur Declaration'],
      ['vi', 'Hỏi về Tuyên bố Kuala Lumpur'],
    ])('in %s: each of the 3 chips gets an answer with passages, in that language', async (lang, open) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const recorded = recordReplies(page);
      await page.goto(`${app.baseUrl}/?lang=${lang}`);
      await page.getByRole('button', { name: open }).click();
      const chips = page.locator('.kbw-row').first().locator('.kbw-chip');
      expect(await chips.count()).toBe(3);
      for (let i = 0; i < 3; i++) {
        const sent = recorded.replies.length;
        await chips.nth(i).click();
        await expect.poll(() => recorded.replies.length, WAIT).toBeGreaterThan(sent);
        const reply = recorded.replies[sent];
        expect({ kind: reply.kind, lang: reply.lang }).toEqual({ kind: 'answer', lang });
        expect(reply.passages.length).toBeGreaterThan(0);
      }
      expect(recorded.errors).toEqual([]);
      await context.close();
    });
  });

  describe('when the websocket cannot connect', () => {
    it('falls back to POST /botkit/receive and keeps one session across questions', async () => {
      const context = await browser.newContext();
      // Every socket the page opens goes to a closed port, as behind a proxy that drops websockets.
      const closedPort = await freePort();
      await context.addInitScript((port) => {
        const Real = window.WebSocket;
        window.WebSocket = function () {
          return new Real(`ws://127.0.0.1:${port}/`);
        } as unknown as typeof WebSocket;
      }, closedPort);
      const page = await context.newPage();
      const replies = recordReplies(page);
      const posted: Array<Record<string, unknown>> = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/botkit/receive')) posted.push(r.postDataJSON());
      });
      await page.goto(app.baseUrl + '/');
      await page.getByRole('button', { name: 'Ask about the Kuala Lumpur Declaration' }).click();

      const first = await ask(page, replies, EN_QUESTION);
      await expectRendered(first.el, first.reply, app.baseUrl);
      expect(first.reply.passages.length).toBeGreaterThan(0);
      const second = await ask(page, replies, VI_QUESTION);
      expect(second.reply.lang).toBe('vi');

      expect(posted.map((m) => m.type)).toEqual(['hello', 'message', 'message']);
      expect(posted[1].token).toBeTruthy();
      expect(posted[2].token).toBe(posted[1].token);
      await context.close();
    }, 40_000);
  });

  describe('embedded on another site', () => {
    let host: http.Server;
    let hostUrl: string;

    // Someone else's site: another loopback port (another origin) serving a page with only the one-tag embed.
    beforeAll(async () => {
      host = http.createServer((_req, res) => {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(`<!doctype html><html lang="en"><title>Host</title><h1>Someone else's page</h1><script src="${app.baseUrl}/widget.js" defer></script>`);
      });
      await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
      hostUrl = `http://127.0.0.1:${(host.address() as net.AddressInfo).port}/`;
    });

    afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())));

    async function hostPage(context: BrowserContext): Promise<Page> {
      const page = await context.newPage();
      await page.goto(hostUrl);
      return page;
    }

    it('answers over the websocket to its own origin, and links citations to its own origin', async () => {
      const context = await browser.newContext();
      const page = await hostPage(context);
      const replies = recordReplies(page);
      expect(await page.locator(`link[href="${app.baseUrl}/widget.css"]`).count()).toBe(1);
      await page.getByRole('button', { name: 'Ask about the Kuala Lumpur Declaration' }).click();
      const { reply, el } = await ask(page, replies, EN_QUESTION);
      await expectRendered(el, reply, app.baseUrl);
      expect(await el.locator('.kbw-cite a').first().getAttribute('href')).toMatch(new RegExp(`^${app.baseUrl}/doc/`));
      await context.close();
    });

    it('falls back to HTTP across origins (CORS) in a browser without WebSocket', async () => {
      const context = await browser.newContext();
      await context.addInitScript(() => {
        (window as { WebSocket?: unknown }).WebSocket = undefined;
      });
      const page = await hostPage(context);
      const replies = recordReplies(page);
      await page.getByRole('button', { name: 'Ask about the Kuala Lumpur Declaration' }).click();
      const { reply, el } = await ask(page, replies, VI_QUESTION);
      expect(reply.lang).toBe('vi');
      await expectRendered(el, reply, app.baseUrl);
      await context.close();
    });
  });

  describe('phone-sized screen (375×667)', () => {
    it('opens the panel full-screen and shows an answer without horizontal scrolling', async () => {
      const context = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      const replies = recordReplies(page);
      await page.goto(app.baseUrl + '/?lang=vi');
      await page.getByRole('button', { name: 'Hỏi về Tuyên bố Kuala Lumpur' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor(WAIT);
      expect(await dialog.boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 667 });

      const { reply } = await ask(page, replies, VI_QUESTION);
      expect(reply.passages.length).toBeGreaterThan(0);
      const input = await page.getByRole('textbox').boundingBox();
      expect(input!.y + input!.height).toBeLessThanOrEqual(667);
      const overflow = await page.evaluate(() => {
        const list = document.querySelector('.kbw-messages')!;
        return { page: document.documentElement.scrollWidth, list: list.scrollWidth - list.clientWidth };
      });
      expect(overflow).toEqual({ page: 375, list: 0 });
      await page.getByRole('button', { name: 'Đóng khung chat' }).click();
      await dialog.waitFor({ state: 'hidden', ...WAIT });
      await context.close();
    }, 40_000);
  });
});
