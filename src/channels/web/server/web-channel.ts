/**
 * The web chat channel: a Botkit controller on our Express app, fed by the session-bound web
 * adapter over a websocket (at `/`) and over HTTP (`POST /botkit/receive`).
 *
 *   const web = mountWebChannel(app, { conversation, sessions, publicUrl: () => url, log });
 *   web.attach(httpServer);   // opens the websocket
 *   await web.close();
 */
import type { Server } from 'node:http';
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import { Botkit } from 'botkit';
import type { Storage, StoreItems } from 'botbuilder';
import { silentLogger, type Logger } from '../../../log.js';
import type { ConversationHandler } from '../../../conversation/handler.js';
import { replyToPlainText } from '../../../conversation/plain-text.js';
import { HttpError } from '../../http/errors.js';
import { SessionWebAdapter, type SessionWebAdapterOptions } from './adapter.js';
import type { SessionTokens } from './session.js';

export const RECEIVE_PATH = '/botkit/receive';

export interface WebChannelOptions {
  conversation: ConversationHandler;
  sessions: SessionTokens;
  /** Base of absolute links in the plain-text fallback (read per reply: the port may be known only after listen). */
  publicUrl: () => string;
  log?: Logger;
  /** Body limit of `POST /botkit/receive`. Default `16kb`. */
  bodyLimit?: string;
  /** Origin checks and CORS of `POST /botkit/receive` (see security.ts). Default: CORS for any origin. */
  crossOrigin?: RequestHandler[];
  /** Per-client rate limit of `POST /botkit/receive`, before parsing. Default: none. */
  limiter?: RequestHandler;
  /** The websocket's origin check and frame budget (see adapter.ts). */
  socket?: Pick<SessionWebAdapterOptions, 'allowOrigin' | 'rateLimit' | 'tooManyMessage'>;
}

const ACCEPTED_TYPES = ['application/json', 'text/plain'];

/** 415 for a body that is neither JSON nor text/plain (which the widget uses across origins). */
const requireJsonOrText: RequestHandler = function requireJsonOrText(req, _res, next) {
  // `false`: a body of another (or no) type; `null`: no body at all, which the protocol check answers.
  if (req.method === 'POST' && req.is(ACCEPTED_TYPES) === false) {
    throw new HttpError(415, 'Send messages as JSON (Content-Type: application/json or text/plain).');
  }
  next();
};

export interface WebChannel {
  controller: Botkit;
  adapter: SessionWebAdapter;
  /** Opens the websocket endpoint on the HTTP server. */
  attach(server: Server): void;
  /** Drains: turns under way finish, then every socket closes with 1001 "going away". */
  close(): Promise<void>;
  /** Cuts every socket at once. */
  abort(): void;
}

/**
 * Botkit keeps dialog state per conversation in its storage on every turn; we use no Botkit
 * dialogs (our state lives in the ConversationStore), so nothing is stored and nothing grows.
 */
class NoStorage implements Storage {
  async read(): Promise<StoreItems> {
    return {};
  }
  async write(): Promise<void> {}
  async delete(): Promise<void> {}
}

export function mountWebChannel(app: Express, options: WebChannelOptions): WebChannel {
  const log = options.log ?? silentLogger;
  const { conversation } = options;
  // Route-level parsing (Botkit adds none when given our app). text/plain is accepted too, so a
  // widget on another origin can post without a CORS preflight.
  app.use(
    RECEIVE_PATH,
    ...(options.crossOrigin ?? [cors()]),
    options.limiter ?? ((_req, _res, next) => next()),
    requireJsonOrText,
    express.json({ limit: options.bodyLimit ?? '16kb', type: ACCEPTED_TYPES }),
  );
  const adapter = new SessionWebAdapter({ sessions: options.sessions, log, ...options.socket });
  const controller = new Botkit({
    adapter,
    webserver: app,
    webhook_uri: RECEIVE_PATH,
    disable_console: true,
    storage: new NoStorage(),
  });

  controller.on('message', async (bot, message) => {
    const continues = typeof message.continues === 'string' ? message.continues : undefined;
    const reply = await conversation.handle({ text: message.text ?? '', conversationKey: `web:${message.user}`, channel: 'web', ...(continues ? { continues } : {}) });
    await bot.reply(message, { type: 'message', text: replyToPlainText(reply, { publicUrl: options.publicUrl() }), reply });
  });

  controller.on('feedback', async (bot, message) => {
    const known = await conversation.feedback(message.answerId, message.value as 'up' | 'down', `web:${message.user}`);
    const out = known
      ? { type: 'feedback_ack', answerId: message.answerId }
      : { type: 'error', message: 'That answer is not part of this conversation.' };
    await bot.reply(message, out);
  });

  return {
    controller,
    adapter,
    attach(server) {
      adapter.createSocketServer(server, {}, controller.handleTurn.bind(controller));
    },
    async close() {
      await adapter.close();
    },
    abort() {
      adapter.abort();
    },
  };
}
