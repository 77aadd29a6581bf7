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
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { closeSync, openSync, readSync } from 'node:fs';
import { Server as NetServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { MemoryStore } from 'express-rate-limit';
import type { Botkit } from 'botkit';
import type { Config } from './config.js';
import type { Engine } from './answer/types.js';
import { silentLogger, type Logger } from './log.js';
import { createAskDesk } from './conversation/ask-desk.js';
import { createConversationHandler } from './conversation/handler.js';
import { createMemoryStore, type ConversationStore } from './conversation/store.js';
import type { IncomingMessage, Reply } from './conversation/types.js';
import { createApiRouter } from './channels/http/api.js';
import { describeError } from './channels/http/errors.js';
import { healthHandler } from './channels/http/health.js';
import { createReaderRouter } from './channels/http/reader.js';
import { createOriginPolicy, crossOrigin, requestRateLimit, securityHeaders, tooManyMessage, type Respond } from './channels/http/security.js';
import { createRequestLimits, hostAllowed, methodNotAllowed, routeOf, type EarlyFormat } from './channels/http/limits.js';
import { createMetrics } from './metrics.js';
import { clientKeyOf, hitInStore } from './channels/web/server/rate-limit.js';
import { mountWebChannel, RECEIVE_PATH } from './channels/web/server/web-channel.js';
import { createSessionTokens } from './channels/web/server/session.js';
import { widgetScript } from './channels/web/server/widget-script.js';
import { mountSlack, SLACK_BODY_LIMIT } from './channels/slack/mount.js';
import { createAdminRouter } from './channels/http/admin.js';
import { createQaRecorder, type QaRecorder } from './qalog/recorder.js';
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
  /** How often refused requests are logged as counts, ms. Default 60 000 (tests shorten it). */
  refusalLogIntervalMs?: number;
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
  /**
   * Drains (SIGTERM): stops accepting connections; answers every request that has arrived, each
   * response with `Connection: close`; closes keep-alive connections once idle for a moment;
   * lets websocket turns finish, then closes the sockets with 1001; waits for Slack answers in
   * flight. What is still open after `timeoutMs` (default `SHUTDOWN_TIMEOUT_MS`) is cut. Idempotent.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/** How long a keep-alive connection must have been idle before a drain closes it (see trackConnections). */
const DRAIN_IDLE_MS = 500;
/** Longest a drain waits for the kernel's accept queue to be empty before closing the listening socket anyway. */
const LISTEN_CLOSE_WAIT_MS = 1000;

/**
 * Linux: how many connections wait in the kernel's accept queue of the socket listening on `port`
 * (the `rx_queue` of its LISTEN line in /proc/net/tcp, or tcp6 for an IPv6 socket); undefined where
 * that cannot be read. Listening sockets come first in those files, so one read of their head is
 * enough (about 0.2 ms).
 */
export function acceptQueueLength(port: number, family: string): number | undefined {
  const hexPort = ':' + port.toString(16).toUpperCase().padStart(4, '0');
  let found: number | undefined;
  const buf = Buffer.alloc(16 * 1024);
  for (const file of [family === 'IPv6' ? '/proc/net/tcp6' : '/proc/net/tcp']) {
    let text: string;
    try {
      const fd = openSync(file, 'r');
      try {
        text = buf.toString('latin1', 0, readSync(fd, buf, 0, buf.length, null));
      } finally {
        closeSync(fd);
      }
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      // sl local_address rem_address st tx_queue:rx_queue …; st 0A is LISTEN, whose rx_queue is the accept queue.
      const f = line.trim().split(/\s+/);
      if (f[3] !== '0A' || !f[1]?.endsWith(hexPort)) continue;
      found = (found ?? 0) + parseInt(f[4]?.split(':')[1] ?? '0', 16);
    }
  }
  return found;
}

/**
 * Every HTTP connection with whether a request is under way on it, so a drain closes only those
 * that are idle — and idle for `DRAIN_IDLE_MS`, with nothing of a next request read: closing a
 * connection the instant a client reuses it is what resets requests. Node's own `server.close()`
 * closes every idle keep-alive connection at once, so the drain does not use it.
 */
function trackConnections(http: Server) {
  interface Conn {
    active: number;
    idleSince: number;
    /** `socket.bytesRead` when it went idle: more since means a next request is arriving. */
    bytesAtIdle: number;
  }
  const conns = new Map<Socket, Conn>();
  const responses = new Set<ServerResponse>();
  let draining = false;
  let sweep: NodeJS.Timeout | undefined;
  http.on('connection', (socket: Socket) => {
    conns.set(socket, { active: 0, idleSince: Date.now(), bytesAtIdle: 0 });
    socket.once('close', () => conns.delete(socket));
  });
  // Before Express: a response it sends at once must already carry the header.
  http.prependListener('request', (req, res) => {
    const conn = conns.get(req.socket);
    if (conn) conn.active += 1;
    if (draining) res.setHeader('Connection', 'close');
    else responses.add(res);
    res.once('close', () => {
      responses.delete(res);
      if (!conn) return;
      conn.active -= 1;
      conn.idleSince = Date.now();
      conn.bytesAtIdle = req.socket.bytesRead;
    });
  });
  // An upgraded connection is the websocket's: its drain closes it.
  http.on('upgrade', (req) => conns.delete(req.socket));

  function closeIdle(): void {
    const now = Date.now();
    for (const [socket, conn] of conns) {
      if (conn.active > 0 || socket.bytesRead !== conn.bytesAtIdle || now - conn.idleSince < DRAIN_IDLE_MS) continue;
      socket.destroy();
    }
  }
  return {
    /** From now on every response says `Connection: close`, and idle connections are closed. */
    drain() {
      draining = true;
      for (const res of responses) if (!res.headersSent) res.setHeader('Connection', 'close');
      responses.clear();
      closeIdle();
      sweep = setInterval(closeIdle, 50);
      sweep.unref();
    },
    stop() {
      clearInterval(sweep);
    },
    open: () => conns.size,
  };
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
  // Clients past their budget of refused requests are answered before Express, at the least cost:
  // in a flood that is nearly every request (see limits.ts).
  const early: { prefix: string; name: string; format: EarlyFormat }[] = [
    { prefix: '/slack/', name: 'slack', format: (m) => ({ type: 'text/plain; charset=utf-8', body: m }) },
    { prefix: '/api/', name: 'api', format: (m) => ({ type: 'application/json; charset=utf-8', body: JSON.stringify({ error: m }) }) },
    { prefix: RECEIVE_PATH, name: 'web', format: (m) => ({ type: 'application/json; charset=utf-8', body: JSON.stringify([{ type: 'error', message: m }]) }) },
    { prefix: '/admin/', name: 'admin', format: (m) => ({ type: 'text/plain; charset=utf-8', body: m }) },
    { prefix: '/metrics', name: 'metrics', format: (m) => ({ type: 'text/plain; charset=utf-8', body: m }) },
  ];
  const http = createServer((req, res) => {
    const guarded = limits.anyOverBudget() ? early.find((g) => req.url?.startsWith(g.prefix)) : undefined;
    if (!guarded) return app(req, res);
    // Only while some client is past its budget (rare): one store lookup, then 429 or Express.
    limits.refuseEarly(req, res, clientKeyOf(req, app.get('trust proxy fn')), guarded.name, guarded.format).then(
      (refused) => (refused ? metrics.request(routeOf(req.url!.split('?')[0]), 429) : app(req, res)),
      () => app(req, res),
    );
  });
  const connections = trackConnections(http);
  // From SIGTERM on: /healthz answers 503 `stopping`, so a load balancer stops sending.
  let stopping = false;
  const shared = options.shared;
  const apiError: Respond = (res, status, message) => void res.status(status).json({ error: message });
  const webError: Respond = (res, status, message) => void res.status(status).json([{ type: 'error', message }]);
  const textError: Respond = (res, status, message) => void res.status(status).type('text/plain').send(message);

  const qalogStatus = options.qalog?.status ? () => options.qalog!.status!() : undefined;
  const metrics = createMetrics({
    token: config.metricsToken,
    sources: {
      qalog: qalogStatus,
      stores:
        shared?.redis || shared?.qalog
          ? () => {
              const s = shared.status();
              return { ...(s.redis && { redis: s.redis.status === 'ok' }), ...(s.database && { postgresql: s.database.status === 'ok' }) };
            }
          : undefined,
      shuttingDown: () => stopping,
    },
  });
  const limits = createRequestLimits({ limit: config.rejectedPerMinute, log, intervalMs: options.refusalLogIntervalMs, onLimited: () => metrics.rateLimited('refused') });

  if (metrics.on) {
    app.use(function countRequest(req, res, next) {
      res.once('finish', () => metrics.request(routeOf(req.originalUrl.split('?')[0]), res.statusCode));
      next();
    });
  }
  if (config.allowedHosts.length > 0) {
    // The public URL's host is always ours. A request for another name (DNS rebinding, a stray
    // virtual host) is refused before anything else, unread.
    const hosts = () => [...config.allowedHosts, new URL(publicUrl).host.toLowerCase()];
    app.use(function hostCheck(req, res, next) {
      if (hostAllowed(hosts(), req.get('host'))) return next();
      limits.count('host', 421);
      limits.refuseUnread(res, 421, 'Misdirected request: this server does not answer for that host name.', textError);
    });
  }
  app.use(securityHeaders(origins));
  const slackOn = Boolean(config.slack.botToken && config.slack.signingSecret);
  app.use(methodNotAllowed((route) => route === '/slack/events' && !slackOn));
  // The web chat's websocket and HTTP fallback share one budget per client; with Redis, one budget across
  // replicas too (each replica's own counts stand in while Redis is away).
  // One budget per client for both web transports: the websocket counts in the store of the
  // `POST /botkit/receive` limiter (which sets its window), under the same key.
  const webStore = shared?.rateStore?.('web', new MemoryStore()) ?? new MemoryStore();
  const webHit = hitInStore(webStore, config.rateLimitPerMinute);

  const logged = options.qalog ? createQaRecorder({
        qalog: options.qalog,
        storeUserIds: config.qalog.storeUserIds,
        // Conversation keys (Slack user ids among them) only as salted hashes unless kept in clear.
        userSalt: config.qalog.userSalt ?? randomBytes(16).toString('hex'),
        log,
      }) : undefined;
  // Every turn that asked the engine passes here (all channels), so this is where answers are measured.
  const mode = engine.status().mode;
  const recorder: QaRecorder | undefined = metrics.on
    ? {
        question(event) {
          metrics.answer(event.channel, mode, event.outcome, event.latencyMs);
          return logged ? logged.question(event) : Promise.resolve();
        },
        feedback: (event) => (logged ? logged.feedback(event) : Promise.resolve()),
      }
    : logged;
  const store = options.store ?? shared?.conversations ?? createMemoryStore();
  // Every channel's questions reach the engine and the question log through this one desk.
  const desk = createAskDesk({ engine, recorder, maxQuestionLength: config.maxQuestionLength });
  const conversation = createConversationHandler({ engine, store, log, desk });
  const sessions = createSessionTokens({ secret: config.webSessionSecret });

  // Shown only when a shared store is configured: a single process has nothing to report there.
  const sharedStatus = shared?.redis || shared?.qalog ? () => shared.status() : undefined;
  app.get(
    '/healthz',
    healthHandler({
      engine,
      slack: () => slackOn,
      shared: sharedStatus,
      questionLog: qalogStatus,
      stopping: () => stopping,
      paths: { CORPUS_DIR: config.corpusDir, EMBEDDINGS_DIR: config.embeddingsDir, MODELS_DIR: config.modelsDir, QALOG_PATH: config.qalog.path },
    }),
  );
  app.get('/metrics', limits.guard('metrics', { bodyLimit: 0, respond: textError }), metrics.handler());
  // Limits before anything else of these paths, authentication included (see limits.ts).
  app.use('/api', limits.guard('api', { bodyLimit: 16 * 1024, respond: apiError }));
  app.use(RECEIVE_PATH, limits.guard('web', { bodyLimit: 16 * 1024, respond: webError }));
  app.use('/admin', limits.guard('admin', { bodyLimit: 0, respond: textError }));
  app.use(
    '/api',
    createApiRouter({
      engine,
      desk,
      publicUrl: currentUrl,
      log,
      crossOrigin: crossOrigin(origins, apiError),
      askLimiter: requestRateLimit({ limit: config.rateLimitPerMinute, store: shared?.rateStore?.('api', new MemoryStore()), respond: apiError, log, onLimited: () => metrics.rateLimited('api') }),
    }),
  );
  app.use('/doc', createReaderRouter({ engine }));
  const web = mountWebChannel(app, {
    conversation,
    sessions,
    publicUrl: currentUrl,
    log,
    crossOrigin: crossOrigin(origins, webError),
    limiter: requestRateLimit({ limit: config.rateLimitPerMinute, store: webStore, respond: webError, log, onLimited: () => metrics.rateLimited('web') }),
    socket: {
      // A websocket for a host we do not serve is refused like any other request for it.
      allowOrigin: (origin, host) => hostAllowed(config.allowedHosts.length > 0 ? [...config.allowedHosts, new URL(publicUrl).host.toLowerCase()] : [], host) && origins.allows(origin, host),
      rateLimit: {
        key: (req) => clientKeyOf(req, app.get('trust proxy fn')),
        async hit(key) {
          const verdict = await webHit(key);
          if (verdict.limited) metrics.rateLimited('websocket');
          return verdict;
        },
      },
      tooManyMessage,
    },
  });

  const slack = slackOn
    ? mountSlack(app, {
        slack: config.slack,
        publicUrl: currentUrl,
        handle: conversation.handle,
        feedback: conversation.feedback,
        log,
        seen: shared?.seenEvents,
        guard: limits.guard('slack', { bodyLimit: SLACK_BODY_LIMIT, respond: textError }),
        onDelivery: metrics.slackDelivery,
      })
    : undefined;

  app.use('/admin', createAdminRouter({ token: config.adminToken, qalog: options.qalog, log }));
  app.get('/widget.js', widgetScript(PUBLIC_DIR, config.maxQuestionLength));
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
    close(closeOptions = {}) {
      closing ??= (async () => {
        const timeoutMs = closeOptions.timeoutMs ?? config.shutdownTimeoutMs;
        stopping = true;
        // First the listening socket closes, at a moment the kernel holds no connection for us: one it
        // has completed but we have not yet accepted is reset when the socket closes. So it closes when
        // its accept queue is seen empty (Linux: /proc/net/tcp), at most LISTEN_CLOSE_WAIT_MS later.
        // Until then responses keep their connections, so keep-alive clients do not reconnect into
        // that queue. Not http.close(): since Node 19 it also closes idle keep-alive connections at
        // once, racing requests already on their way.
        const address = http.address();
        const listening = typeof address === 'object' && address ? address : undefined;
        const giveUpAt = Date.now() + Math.min(LISTEN_CLOSE_WAIT_MS, timeoutMs);
        const drained = new Promise<void>((resolve) => {
          const closeListener = () => {
            const waiting = listening && acceptQueueLength(listening.port, listening.family);
            if (waiting && Date.now() < giveUpAt) return void setImmediate(closeListener);
            NetServer.prototype.close.call(http, () => resolve());
            // Then every response says Connection: close, and idle connections are closed.
            connections.drain();
          };
          closeListener();
        });
        let timer: NodeJS.Timeout | undefined;
        const outOfTime = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
        const work = (async () => {
          await Promise.all([web.close(), drained]);
          // No request can arrive any more; Slack answers already acknowledged still go out.
          await slack?.close();
          return 'done' as const;
        })();
        if ((await Promise.race([work, outOfTime])) === 'timeout') {
          log.warn('shutdown timeout: cutting what is still open', { timeoutMs, connections: connections.open() });
          web.abort();
          http.closeAllConnections();
          await drained;
        }
        clearTimeout(timer);
        connections.stop();
        limits.close();
      })();
      return closing;
    },
  };
}
