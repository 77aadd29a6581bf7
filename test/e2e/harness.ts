/**
 * What the browser test and the screenshot script share: the real app on a loopback port,
 * Debian's Chromium driven by playwright-core, and a recorder of the replies the server sent.
 *
 *   const app = await startApp();
 *   const browser = await launchChromium();
 *   const page = await browser.newPage();
 *   const replies = recordReplies(page);
 *   await page.goto(app.baseUrl + '/');
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadEngine } from '../../src/answer/engine.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Reply } from '../../src/conversation/types.js';
import { createLogger } from '../../src/log.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Chromium binary: `CHROMIUM_PATH`, else Debian's package (`apt-get install chromium`). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);

export interface RunningApp {
  /** e.g. `http://127.0.0.1:41234` */
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the real app in-process (lexical engine, port 0, Slack off), as `npm start` would. */
export async function startApp(): Promise<RunningApp> {
  // The widget tests embed it on a page of another loopback port, opened after the app starts: allow
  // any origin. All their pages share one client address, so the per-client limit is raised too.
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', EMBEDDING_MODEL: 'none', ALLOWED_ORIGINS: '*', RATE_LIMIT_PER_MINUTE: '100000' }, ROOT);
  const log = createLogger({ level: 'warn' });
  const engine = await loadEngine({
    corpusDir: config.corpusDir,
    embeddingsDir: config.embeddingsDir,
    modelsDir: config.modelsDir,
    model: 'none',
    allowDownload: false,
    log,
  });
  const app = await createApp({ config, engine, log });
  const { port } = await app.listen();
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await engine.close();
    },
  };
}

/** Headless Chromium with the flags that keep it quiet and offline-friendly on CI machines. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What the server sent to one page: its Replies, and the text of any `error` messages. */
export interface Recorded {
  replies: Reply[];
  errors: string[];
}

/**
 * Collects every Reply (and error) the server sends to `page`, over the websocket or the HTTP
 * fallback, so a test can compare what the widget drew with what it was given.
 */
export function recordReplies(page: Page): Recorded {
  const recorded: Recorded = { replies: [], errors: [] };
  const take = (messages: unknown) => {
    for (const m of Array.isArray(messages) ? messages : [messages]) {
      if (!m || typeof m !== 'object') continue;
      const msg = m as { type?: unknown; reply?: Reply; message?: unknown };
      if (msg.type === 'message' && msg.reply) recorded.replies.push(msg.reply);
      if (msg.type === 'error') recorded.errors.push(String(msg.message));
    }
  };
  page.on('websocket', (ws) => {
    ws.on('framereceived', (frame) => {
      if (typeof frame.payload === 'string') take(JSON.parse(frame.payload));
    });
  });
  page.on('response', async (res) => {
    if (res.url().endsWith('/botkit/receive') && res.request().method() === 'POST') {
      take(await res.json().catch(() => []));
    }
  });
  return recorded;
}
