/**
 * Botkit's web adapter with server-issued conversation ids.
 *
 * The stock adapter takes `message.user` from the client as the conversation id (anyone can
 * read on as anyone), keeps sockets in a module-wide map, starts a heartbeat timer it never
 * stops, and opens its websocket on Botkit's own server. This subclass keeps Botkit's turn
 * pipeline and replaces those parts: each connection is bound to a signed session
 * (see session.ts), replies go to the socket the turn came from, and `close()` stops it all.
 *
 *   const adapter = new SessionWebAdapter({ sessions, log });
 *   const controller = new Botkit({ adapter, webserver: app, disable_console: true, ... });
 *   adapter.createSocketServer(httpServer, {}, controller.handleTurn.bind(controller));
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Request, Response } from 'express';
import { ActivityTypes, TurnContext, type Activity, type ResourceResponse } from 'botbuilder';
import { WebAdapter } from 'botbuilder-adapter-web';
import WebSocket from 'ws';
import { silentLogger, type Logger } from '../../../log.js';
import { parseClientMessage, type ClientMessage, type ServerMessage } from './protocol.js';
import type { RateHit, RateVerdict } from './rate-limit.js';
import type { Session, SessionTokens } from './session.js';

type Logic = (context: TurnContext) => Promise<void>;

export interface SessionWebAdapterOptions {
  sessions: SessionTokens;
  log?: Logger;
  /** Largest websocket frame accepted, in bytes. Default 16 KiB (like the HTTP body limit). */
  maxPayload?: number;
  /** Ping interval that drops dead sockets. Default 30 s. */
  heartbeatMs?: number;
  /** Whether a browser page at `origin` may open a socket (see security.ts); refused upgrades get 403. Default: any. */
  allowOrigin?: (origin: string | undefined, host: string | undefined) => boolean;
  /** Per-client frame budget: `key` names the client of a connection, `hit` counts one frame (see rate-limit.ts). Default: none. */
  rateLimit?: { key(req: IncomingMessage): string; hit: RateHit };
  /** The refusal sent for a frame over the budget. */
  tooManyMessage?: (retryAfterSeconds: number) => string;
}

const SOCKET = 'webSocket';
const HTTP_BODY = 'httpBody';

/** An Activity for Botkit from a validated client message; the user id is always the session's. */
function toActivity(message: Exclude<ClientMessage, { type: 'hello' | 'welcome_back' }>, sessionId: string, channelId: string): Partial<Activity> {
  const { token: _token, ...data } = message;
  const isMessage = message.type === 'message';
  return {
    timestamp: new Date(),
    channelId,
    conversation: { id: sessionId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: sessionId, name: '' },
    recipient: { id: 'bot', name: 'bot' },
    channelData: isMessage ? { ...data } : { ...data, botkitEventType: message.type },
    text: isMessage ? message.text : undefined,
    // Botkit overwrites channelData.value with activity.value when it builds its message.
    value: message.type === 'feedback' ? message.value : undefined,
    type: isMessage ? ActivityTypes.Message : ActivityTypes.Event,
  };
}

/** The wire form of an outgoing activity: its type and text, plus whatever the bot put in channelData. */
function toWire(activity: Partial<Activity>): Record<string, unknown> {
  const wire: Record<string, unknown> = { type: activity.type };
  if (activity.text !== undefined) wire.text = activity.text;
  return { ...wire, ...(activity.channelData ?? {}) };
}

export class SessionWebAdapter extends WebAdapter {
  private readonly sessions: SessionTokens;
  private readonly log: Logger;
  private readonly maxPayload: number;
  private readonly heartbeatMs: number;
  private heartbeat?: NodeJS.Timeout;
  private server?: WebSocket.Server;
  private readonly options: SessionWebAdapterOptions;
  /** Websocket turns under way: a drain lets them finish (and their replies go out) before closing the sockets. */
  private readonly turns = new Set<Promise<void>>();
  private draining = false;

  constructor(options: SessionWebAdapterOptions) {
    super();
    this.sessions = options.sessions;
    this.log = options.log ?? silentLogger;
    this.maxPayload = options.maxPayload ?? 16 * 1024;
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
    this.options = options;
  }

  /** Botkit calls this on registration; the stock one opens a socket on Botkit's server, which we do not have. */
  override init(): void {}

  /** Opens the websocket endpoint on `server` (at every path; the widget uses `/`). */
  override createSocketServer(server: Server, socketOptions: Record<string, unknown> = {}, logic: Logic): void {
    const { allowOrigin, rateLimit } = this.options;
    // A page of a site we do not allow cannot even open the socket (cross-site websocket hijacking).
    const verifyClient: WebSocket.VerifyClientCallbackAsync = (info, done) => {
      // Draining: no new sockets (the widget retries, reaching another replica or the restarted process).
      if (this.draining) return done(false, 503, 'Shutting down');
      return !allowOrigin || allowOrigin(info.req.headers.origin, info.req.headers.host) ? done(true) : done(false, 403, 'Origin not allowed');
    };
    const wss = new WebSocket.Server({ maxPayload: this.maxPayload, verifyClient, ...socketOptions, server });
    this.server = wss;
    this.wss = wss;
    // ws re-emits the HTTP server's errors (EADDRINUSE at listen); whoever listens reports them, and
    // an 'error' event without a listener would crash the process with a stack trace instead.
    wss.on('error', (err: Error) => this.log.debug('websocket server error', { error: err }));
    const alive = new WeakSet<WebSocket>();
    wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
      const client = rateLimit?.key(req);
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      ws.on('error', (err: Error) => this.log.warn('websocket error', { error: err }));
      let session = this.sessions.issue();
      this.sendTo(ws, { type: 'session', token: session.token, resumed: false });
      // Frames are taken one after another, so a budget kept elsewhere (async) cannot reorder them.
      let queue = Promise.resolve();
      ws.on('message', (data: WebSocket.Data) => {
        const text = data.toString();
        queue = queue.then(async () => {
          const verdict = client !== undefined ? await this.countFrame(rateLimit!.hit, client) : undefined;
          if (verdict?.limited) {
            // Refused frames are not parsed, let alone answered.
            if (verdict.firstRefusal) this.log.warn('rate limit reached', { path: 'websocket', retryAfter: verdict.retryAfterSeconds });
            const message = this.options.tooManyMessage?.(verdict.retryAfterSeconds) ?? `Too many messages; wait ${verdict.retryAfterSeconds} s.`;
            this.sendTo(ws, { type: 'error', message });
            return;
          }
          session = this.onSocketMessage(ws, text, session, logic);
        });
        // A frame still waiting for its rate-limit count is work under way too.
        const frame = queue;
        this.turns.add(frame);
        const done = () => void this.turns.delete(frame);
        frame.then(done, done);
      });
    });
    this.heartbeat = setInterval(() => {
      for (const ws of wss.clients) {
        if (!alive.has(ws)) ws.terminate();
        else {
          alive.delete(ws);
          ws.ping();
        }
      }
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Counts a frame; a budget store that fails lets the frame through (as the HTTP side answers 500 rather than block everyone). */
  private async countFrame(hit: RateHit, client: string): Promise<RateVerdict | undefined> {
    try {
      return await hit(client);
    } catch (err) {
      this.log.warn('rate limit store failed; frame let through', { error: err });
      return undefined;
    }
  }

  /** Handles one websocket frame; returns the session the connection is bound to afterwards. */
  private onSocketMessage(ws: WebSocket, data: string, session: Session, logic: Logic): Session {
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      this.sendTo(ws, { type: 'error', message: 'Messages must be JSON.' });
      return session;
    }
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      this.sendTo(ws, { type: 'error', message: parsed.error });
      return session;
    }
    const message = parsed.message;
    // A token we signed proves the client held that conversation: rebind to it.
    const verified = this.sessions.verify(message.token);
    const bound = verified ? { id: verified, token: message.token as string } : session;
    if (message.type === 'hello' || message.type === 'welcome_back') {
      this.sendTo(ws, { type: 'session', token: bound.token, resumed: Boolean(verified) });
      return bound;
    }
    const context = new TurnContext(this, toActivity(message, bound.id, 'websocket'));
    context.turnState.set(SOCKET, ws);
    const turn = this.runMiddleware(context, logic).catch((err) => {
      this.log.error('web turn failed', { error: err });
      this.sendTo(ws, { type: 'error', message: 'Something went wrong. Please try again.' });
    });
    this.turns.add(turn);
    void turn.finally(() => this.turns.delete(turn));
    return bound;
  }

  /** HTTP fallback (`POST /botkit/receive`): one client message in, a JSON array of server messages out. */
  override async processActivity(req: Request, res: Response, logic: Logic): Promise<void> {
    try {
      const parsed = parseClientMessage(req.body);
      if (!parsed.ok) {
        res.status(400).json([{ type: 'error', message: parsed.error } satisfies ServerMessage]);
        return;
      }
      const message = parsed.message;
      const verified = this.sessions.verify(message.token);
      const session = verified ? { id: verified, token: message.token as string } : this.sessions.issue();
      const out: unknown[] = [];
      if (message.type === 'hello' || message.type === 'welcome_back' || !verified) {
        out.push({ type: 'session', token: session.token, resumed: Boolean(verified) } satisfies ServerMessage);
      }
      if (message.type !== 'hello' && message.type !== 'welcome_back') {
        const context = new TurnContext(this, toActivity(message, session.id, 'webhook'));
        context.turnState.set(HTTP_BODY, out);
        await this.runMiddleware(context, logic);
      }
      res.status(200).json(out);
    } catch (err) {
      this.log.error('web turn failed', { error: err });
      if (!res.headersSent) res.status(500).json([{ type: 'error', message: 'Something went wrong. Please try again.' }]);
    }
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const activity of activities) {
      const wire = toWire(activity);
      if (context.activity.channelId === 'websocket') {
        const ws = context.turnState.get(SOCKET) as WebSocket | undefined;
        if (ws) this.sendTo(ws, wire);
      } else {
        const out = (context.turnState.get(HTTP_BODY) as unknown[] | undefined) ?? [];
        out.push(wire);
        context.turnState.set(HTTP_BODY, out);
      }
    }
    return [];
  }

  override isConnected(): boolean {
    return false;
  }

  /**
   * Drains: refuses new sockets, lets the turns under way finish and send their replies, then
   * closes every socket with 1001 "going away" (the widget reconnects), waiting up to
   * `closeWaitMs` for the clients to answer the close before cutting what is left.
   */
  async close(closeWaitMs = 1000): Promise<void> {
    this.draining = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    const wss = this.server;
    if (!wss) return;
    // Frames that arrive meanwhile start turns of their own; wait for those too.
    while (this.turns.size > 0) await Promise.allSettled([...this.turns]);
    const closed = [...wss.clients].map((ws) => new Promise<void>((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : ws.once('close', () => resolve()))));
    for (const ws of wss.clients) ws.close(1001, 'server shutting down');
    const wait = new Promise<void>((resolve) => setTimeout(resolve, closeWaitMs).unref());
    await Promise.race([Promise.all(closed), wait]);
    this.abort();
  }

  /** Cuts every socket at once (a drain out of time). */
  abort(): void {
    this.draining = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    // ws 7 terminates the clients on close.
    this.server?.close();
  }

  private sendTo(ws: WebSocket, message: ServerMessage | Record<string, unknown>): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify(message), (err) => err && this.log.warn('websocket send failed', { error: err }));
  }
}
