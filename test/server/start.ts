/**
 * Test helpers: the real engine (lexical, as on this machine) and the real app on a loopback
 * port, exactly as `npm start` wires them. No part of our code is mocked.
 *
 *   const t = await startTestApp();
 *   await fetch(t.baseUrl + '/healthz');
 *   await t.close();
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { loadEngine } from '../../src/answer/engine.js';
import type { Engine } from '../../src/answer/types.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/log.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function loadTestEngine(): Promise<Engine> {
  return loadEngine({
    corpusDir: path.join(ROOT, 'corpus'),
    embeddingsDir: path.join(ROOT, 'embeddings'),
    modelsDir: path.join(ROOT, 'models'),
    model: 'none',
    allowDownload: false,
    rebuildStale: false,
  });
}

export interface TestApp {
  app: App;
  engine: Engine;
  baseUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** Starts createApp on 127.0.0.1:0 with `env` on top of a lexical, Slack-off configuration. */
export async function startTestApp(options: { env?: Record<string, string>; engine?: Engine; log?: Logger } = {}): Promise<TestApp> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', EMBEDDING_MODEL: 'none', ...options.env }, ROOT);
  const engine = options.engine ?? (await loadTestEngine());
  const app = await createApp({ config, engine, log: options.log ?? createLogger({ level: 'error' }) });
  const { port } = await app.listen();
  return {
    app,
    engine,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/`,
    async close() {
      await app.close();
      if (!options.engine) await engine.close();
    },
  };
}

/** A websocket client that queues the server's JSON messages for `next()`. */
export interface WsClient {
  ws: WebSocket;
  send(message: unknown): void;
  /** The next server message (waits up to `timeoutMs`). */
  next(timeoutMs?: number): Promise<Record<string, any>>;
  close(): Promise<void>;
}

export function connect(url: string): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const queue: Record<string, any>[] = [];
    const waiters: ((m: Record<string, any>) => void)[] = [];
    ws.on('message', (data: WebSocket.Data) => {
      const message = JSON.parse(data.toString());
      const waiter = waiters.shift();
      if (waiter) waiter(message);
      else queue.push(message);
    });
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)),
        next(timeoutMs = 10_000) {
          const queued = queue.shift();
          if (queued) return Promise.resolve(queued);
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error('no message from server in time')), timeoutMs);
            waiters.push((m) => {
              clearTimeout(timer);
              res(m);
            });
          });
        },
        close: () =>
          new Promise<void>((res) => {
            if (ws.readyState === WebSocket.CLOSED) return res();
            ws.once('close', () => res());
            ws.close();
          }),
      }),
    );
  });
}

const WITH_MORE: Record<'en' | 'vi', string[]> = {
  en: ['disinformation', 'What does the declaration say about digital transformation?', 'ASEAN media cooperation', 'ASEAN'],
  vi: ['thông tin sai lệch', 'chuyển đổi số', 'hợp tác truyền thông ASEAN', 'ASEAN'],
};

/**
 * A question with more than one page (3) of passages, so "more" has something to show.
 * Picked from a list by asking the engine, so the tests follow retrieval tuning.
 */
export async function questionWithMore(engine: Engine, lang: 'en' | 'vi'): Promise<string> {
  for (const q of WITH_MORE[lang]) {
    if ((await engine.ask(q, { lang, k: 4 })).passages.length === 4) return q;
  }
  throw new Error(`no ${lang} question in the list has more than 3 passages`);
}
