/**
 * The whole service on one Express app and one HTTP server: demo page and widget files,
 * web chat (Botkit, websocket + HTTP fallback), HTTP API, health, reader page, and Slack
 * when configured. The caller owns the engine (and closes it).
 *
 *   const app = await createApp({ config, engine, log });
 *   const { port } = await app.listen();
 *   …
 *   await app.close();
 */
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { MemoryStore } from 'express-rate-limit';
import type { Botkit } from 'botkit';
import type { Config } from './config.js';
import type { Engine } from './answer/types.js';
import { silentLogger, type Logger } from './log.js';
import { createConversationHandler } from './conversation/handler.js';
import { createMemoryStore, type ConversationStore } from './conversation/store.js';
import type { IncomingMessage, Reply } from './conversation/types.js';
import { createApiRouter } from './channels/http/api.js';
import { describeError } from './channels/http/errors.js';
import { healthHandler } from './channels/http/health.js';
import { createReaderRouter } from './channels/http/reader.js';
import { createOriginPolicy, crossOrigin, requestRateLimit, securityHeaders, tooManyMessage, type Respond } from './channels/http/security.js';
import { clientKeyOf, createRateCounter, hitInStore } from './channels/web/server/rate-limit.js';
import { mountWebChannel, RECEIVE_PATH } from './channels/web/server/web-channel.js';
import { createSessionTokens } from './channels/web/server/session.js';
import { mountSlack } from './channels/slack/mount.js';
import { createAdminRouter } from './channels/http/admin.js';
import { createQaRecorder } from './qalog/recorder.js';
import type { QaLog } from './qalog/types.js';
import type { SharedStores } from './shared/stores.js';

export const PUBLIC_DIR = fileURLToPath(new URL('./channels/web/public', import.meta.url));

export interface CreateAppOptions {
  config: Config;
  engine: Engine;
  log?: Logger;
  /** Conversation state. Default: in memory (bounded, 24 h TTL). */
  store?: ConversationStore;
  /** Question log (the caller opens and closes it). Default: none — nothing is logged and /admin/report answers 503. */
  qalog?: QaLog;
  /**
   * Stores shared by replicas (see src/shared/stores.ts; the caller opens and closes them): what
   * it holds replaces the in-process default — conversation state (unless `store` is given),
   * Slack de-duplication, rate-limit counts — and its status shows in /healthz. Default: none.
   */
  shared?: SharedStores;
}

export interface App {
  controller: Botkit;
  /** The Express app (Botkit's webserver). */
  webserver: Express;
  http: Server;
  /** The conversation handler all channels share. */
  handle(msg: IncomingMessage): Promise<Reply>;
  /** Base of absolute links; a configured `…:0` becomes the real port after `listen()`. */
  publicUrl(): string;
  /** Whether Slack is mounted, and if not, why. */
  slack: { on: boolean; reason?: string };
  listen(): Promise<{ port: number }>;
  /** Stops accepting, closes websockets and in-flight Slack work, then the server. Idempotent. */
  close(): Promise<void>;
}

export const SLACK_OFF_REASON = 'SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET not set';

export async function createApp(options: CreateAppOptions): Promise<App> {
  const { config, engine } = options;
  const log = options.log ?? silentLogger;
  let publicUrl = config.publicUrl;
  const currentUrl = () => publicUrl;

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // JSON bodies echo the question back (its reading): <, > and & as \u003c… so no client that
  // sniffs or embeds a response can take them for markup.
  app.set('json escape', true);
  const origins = createOriginPolicy({ allowedOrigins: config.allowedOrigins, publicUrl: currentUrl });
  app.use(securityHeaders(origins));
  const http = createServer(app);
  const apiError: Respond = (res, status, message) => void res.status(status).json({ error: message });
  const webError: Respond = (res, status, message) => void res.status(status).json([{ type: 'error', message }]);
  // The web chat's websocket and HTTP fallback share one budget per client; with Redis, one budget across
  // replicas too (each replica's own counts stand in while Redis is away).
  const webBudget = createRateCounter({ limit: config.rateLimitPerMinute, windowMs: 60_000 });
  const shared = options.shared;
  const webStore = shared?.rateStore?.('web', webBudget.store()) ?? webBudget.store();
  const webHit = shared?.rateStore ? hitInStore(webStore, webBudget.limit) : webBudget.hit;

  const recorder = options.qalog ? createQaRecorder({ qalog: options.qalog, storeUserIds: config.qalog.storeUserIds, log }) : undefined;
  const store = options.store ?? shared?.conversations ?? createMemoryStore();
  const conversation = createConversationHandler({ engine, store, log, recorder });
  const sessions = createSessionTokens({ secret: config.webSessionSecret });

  // Shown only when a shared store is configured: a single process has nothing to report there.
  const sharedStatus = shared?.redis || shared?.qalog ? () => shared.status() : undefined;
  app.get('/healthz', healthHandler({ engine, slack: () => slackOn, shared: sharedStatus }));
  app.use(
    '/api',
    createApiRouter({
      engine,
      publicUrl: currentUrl,
      log,
      recorder,
      crossOrigin: crossOrigin(origins, apiError),
      askLimiter: requestRateLimit({ limit: config.rateLimitPerMinute, store: shared?.rateStore?.('api', new MemoryStore()), respond: apiError, log }),
    }),
  );
  app.use('/doc', createReaderRouter({ engine }));
  const web = mountWebChannel(app, {
    conversation,
    sessions,
    publicUrl: currentUrl,
    log,
    crossOrigin: crossOrigin(origins, webError),
    limiter: requestRateLimit({ limit: webBudget.limit, store: webStore, respond: webError, log }),
    socket: {
      allowOrigin: origins.allows,
      rateLimit: { key: (req) => clientKeyOf(req, app.get('trust proxy fn')), hit: webHit },
      tooManyMessage,
    },
  });

  const slackOn = Boolean(config.slack.botToken && config.slack.signingSecret);
  const slack = slackOn ? mountSlack(app, { slack: config.slack, publicUrl: currentUrl, handle: conversation.handle, log, seen: shared?.seenEvents }) : undefined;

  app.use('/admin', createAdminRouter({ token: config.adminToken, qalog: options.qalog, log }));
  app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: '5m' }));
  app.use(function notFound(_req, res) {
    res.status(404).type('text').send('Not found');
  });
  app.use(function finalError(err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) {
    const { status, message } = describeError(err);
    if (status >= 500) log.error('request failed', { method: req.method, path: req.path, error: err });
    if (res.headersSent) return;
    // The web fallback speaks arrays of server messages; everything else gets {"error"}.
    if (req.path === RECEIVE_PATH) res.status(status).json([{ type: 'error', message }]);
    else res.status(status).json({ error: message });
  });

  web.attach(http);

  let closing: Promise<void> | undefined;
  return {
    controller: web.controller,
    webserver: app,
    http,
    handle: conversation.handle,
    publicUrl: currentUrl,
    slack: slackOn ? { on: true } : { on: false, reason: SLACK_OFF_REASON },
    listen() {
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          http.off('error', reject);
          const address = http.address();
          const port = typeof address === 'object' && address ? address.port : config.port;
          const url = new URL(publicUrl);
          if (url.port === '0') {
            url.port = String(port);
            publicUrl = url.toString().replace(/\/+$/, '');
          }
          resolve({ port });
        });
      });
    },
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeIdleConnections();
        await web.close();
        await slack?.close();
        // Requests still running get a moment to finish; then their sockets go too.
        const timer = setTimeout(() => http.closeAllConnections(), 2000);
        timer.unref();
        await stopped;
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}
