/**
 * The Slack channel: `POST /slack/events` for Events API deliveries and the slash command.
 * Order per request: the limits that come before authentication (`guard`: the client's budget of
 * refused requests, the body cap on Content-Length) → the signature headers and the timestamp,
 * before a byte of the body is read → read at most `bodyLimit` bytes → verify the raw bytes →
 * parse → acknowledge (200) → de-duplicate → `handle` → format → send. Slack gets its 200 within
 * milliseconds whatever the engine or Slack's Web API do afterwards. Refusals are not logged one
 * by one: the guard counts them (see src/channels/http/limits.ts).
 *
 *   const slack = mountSlack(app, { slack: config.slack, publicUrl: config.publicUrl, handle, log });
 *   // on shutdown
 *   await slack.close();
 */
import express from 'express';
import type { Config } from '../../config.js';
import type { IncomingMessage, Reply } from '../../conversation/types.js';
import type { Logger } from '../../log.js';
import { replyToBlocks, SLACK_ACTIONS } from './blocks.js';
import { EMPTY_TEXT as EMPTY_COMMAND, parseSlackInteraction, parseSlackRequest, type SlackAction, type SlackInteraction } from './parse.js';
import { createMemorySeenEvents, type SeenEvents } from '../../shared/seen-events.js';
import { createSlackSender } from './send.js';
import { MAX_CLOCK_SKEW_SECONDS, verifySlackRequest } from './verify.js';
import { refuseUnread } from '../http/limits.js';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Where Slack sends button presses (the app manifest's interactivity request URL). */
export const SLACK_INTERACTIONS_PATH = '/slack/interactions';
/**
 * Largest body taken on `/slack/events`. Slack's deliveries are small: an event for a message of a
 * few thousand characters (text plus its rich-text blocks) is a few KB, a slash command under 8 KB;
 * the bot answers questions of at most `MAX_QUESTION_CHARS` (500 by default, 2000 at most); and the shipped nginx refuses bodies over
 * 64 KB already. A bigger body is refused from its Content-Length, unread.
 */
export const SLACK_BODY_LIMIT = 64 * 1024;
/** How long a delivery is remembered: Slack retries within about 5 minutes; an hour is ample. */
const SEEN_TTL_SECONDS = 3600;

export interface MountSlackDeps {
  /** Slack settings; `botToken` and `signingSecret` must be set. */
  slack: Config['slack'];
  /** Base of reader links in replies. */
  /** Base of absolute reader links; a function when it is known only after listen() (port 0). */
  publicUrl: string | (() => string);
  /** The conversation handler shared by all channels. */
  handle: (msg: IncomingMessage) => Promise<Reply>;
  /** 👍/👎 on an answer of a conversation (the handler's); false when the answer is unknown. Default: none (ignored). */
  feedback?: (answerId: string, value: 'up' | 'down', conversationKey: string) => Promise<boolean>;
  log: Logger;
  /** Clock in milliseconds since the epoch (tests inject a fake one). Default `Date.now`. */
  now?: () => number;
  /** Delivery de-duplication store. Default: in memory, per process. */
  seen?: SeenEvents;
  /** Timeout per Web API / response_url request, ms. Default 5000. */
  apiTimeoutMs?: number;
  /** Retries per failed Web API request. Default 1. */
  apiRetries?: number;
  /** Runs first on every request: limits before authentication (see src/channels/http/limits.ts). Default: none. */
  guard?: express.RequestHandler;
  /** Largest body read, bytes. Default `SLACK_BODY_LIMIT` (64 KiB). */
  bodyLimit?: number;
  /** Counts deliveries taken, de-duplicated and rejected (metrics). */
  onDelivery?: (result: 'taken' | 'duplicate' | 'rejected') => void;
}

export interface MountedSlack {
  /** Refuses new deliveries (503, so Slack retries elsewhere) and waits for answers in flight. */
  close(): Promise<void>;
}

/** Slack's error objects carry the request config (with the token) in nested fields: keep code and message only. */
function describeError(error: unknown, token: string): { code?: string; cause: string } {
  const e = error as { code?: unknown; message?: unknown; name?: unknown };
  const cause = typeof e?.message === 'string' ? e.message : String(error);
  return { code: typeof e?.code === 'string' ? e.code : undefined, cause: token ? cause.split(token).join('[redacted]') : cause };
}

export function mountSlack(app: express.Application, deps: MountSlackDeps): MountedSlack {
  const { slack, publicUrl, handle, log } = deps;
  if (!slack.botToken || !slack.signingSecret) throw new Error('mountSlack needs slack.botToken and slack.signingSecret');
  const { botToken, signingSecret } = slack as { botToken: string; signingSecret: string };
  const now = deps.now ?? Date.now;
  const seen = deps.seen ?? createMemorySeenEvents({ now });
  const sender = createSlackSender({ botToken, apiUrl: slack.apiUrl, timeoutMs: deps.apiTimeoutMs, retries: deps.apiRetries, log });
  const inFlight = new Set<Promise<void>>();
  let closing = false;
  const delivery = deps.onDelivery ?? (() => undefined);
  const rejected = (res: express.Response, message: string, unread: boolean) => {
    delivery('rejected');
    const respond = (r: express.Response, status: number, text: string) => void r.status(status).type('text/plain').send(text);
    // Refused before the body was read: the connection closes rather than read what is still coming.
    if (unread) refuseUnread(res, 401, message, respond);
    else respond(res, 401, message);
  };

  /** Everything after the 200: never throws, logs a failure once with its stage. */
  async function answer(action: Extract<SlackAction, { kind: 'event' | 'command' }>, retryNum: string | undefined): Promise<void> {
    let stage = 'dedupe';
    try {
      const keys = action.kind === 'event' ? [`event:${action.eventId}`, `message:${action.messageKey}`] : [`command:${action.triggerId}`];
      for (const key of keys) {
        if (!(await seen.markIfNew(key, SEEN_TTL_SECONDS))) {
          delivery('duplicate');
          log.info('slack delivery already taken', { key, retry: retryNum });
          return;
        }
      }
      delivery('taken');
      stage = 'handle';
      const reply = await handle({ text: action.text, conversationKey: action.conversationKey, channel: 'slack' });
      stage = 'send';
      const message = replyToBlocks(reply, typeof publicUrl === 'function' ? publicUrl() : publicUrl);
      // Help and errors are for the one who asked, not the channel; answers go in the thread (or DM).
      const personal = reply.kind === 'help' || reply.kind === 'error';
      if (action.kind === 'event' && personal && action.user) await sender.postEphemeral(action.channel, action.user, action.threadTs, message);
      else if (action.kind === 'event') await sender.postInThread(action.channel, action.threadTs, message);
      // Help and errors are for the user who typed the command, not the channel.
      else await sender.answerCommand(action, message, reply.kind === 'help' || reply.kind === 'error');
    } catch (error) {
      log.error('slack answer failed', { stage, channel: action.channel, ...describeError(error, botToken) });
    }
  }

  /** A button under an answer: More, 👍/👎 or the other language. Never throws. */
  async function interact(action: Extract<SlackInteraction, { kind: 'interaction' }>): Promise<void> {
    let stage = 'dedupe';
    try {
      if (!(await seen.markIfNew(action.dedupeKey, SEEN_TTL_SECONDS))) {
        delivery('duplicate');
        return;
      }
      delivery('taken');
      stage = 'handle';
      const base = { conversationKey: action.conversationKey, channel: 'slack' as const };
      if (action.actionId === SLACK_ACTIONS.up || action.actionId === SLACK_ACTIONS.down) {
        await deps.feedback?.(action.value, action.actionId === SLACK_ACTIONS.up ? 'up' : 'down', action.conversationKey);
        return;
      }
      let reply: Reply;
      if (action.actionId === SLACK_ACTIONS.more) reply = await handle({ ...base, text: 'more', continues: action.value });
      else if (action.actionId === SLACK_ACTIONS.language) reply = await handle({ ...base, text: action.value === 'vi' ? 'tiếng Việt' : 'in English' });
      else return;
      stage = 'send';
      const message = replyToBlocks(reply, typeof publicUrl === 'function' ? publicUrl() : publicUrl);
      if (action.command) await sender.answerCommand({ channel: action.channel, responseUrl: action.responseUrl }, message);
      else await sender.postInThread(action.channel, action.threadTs, message);
    } catch (error) {
      log.error('slack interaction failed', { stage, channel: action.channel, ...describeError(error, botToken) });
    }
  }

  function track(task: Promise<void>): void {
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  }

  /** The cheap checks, before the body: both signature headers there, the timestamp fresh. */
  const headersFirst: express.RequestHandler = function slackHeaders(req, res, next) {
    if (closing) return void res.set('Connection', 'close').status(503).end();
    const signature = req.get('x-slack-signature');
    const timestamp = req.get('x-slack-request-timestamp');
    const fresh = timestamp !== undefined && /^\d{1,12}$/.test(timestamp) && Math.abs(Math.floor(now() / 1000) - Number(timestamp)) <= MAX_CLOCK_SKEW_SECONDS;
    if (!signature || !signature.startsWith('v0=') || !fresh) return rejected(res, 'invalid or stale Slack signature', true);
    next();
  };

  /** Every Slack path is guarded the same way: limits, then headers, then at most `bodyLimit` raw bytes. */
  const authenticated: express.RequestHandler[] = [
    deps.guard ?? ((_req, _res, next) => next()),
    headersFirst,
    express.raw({ type: '*/*', limit: deps.bodyLimit ?? SLACK_BODY_LIMIT }),
  ];

  /** The raw body when its signature verifies; otherwise answers 503 (closing) or 401 and returns undefined. */
  function verifiedBody(req: express.Request, res: express.Response): Buffer | undefined {
    if (closing) return void res.status(503).end();
    // No body (or a parser mounted before ours took it) leaves nothing to verify: it fails below.
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verdict = verifySlackRequest({
      signingSecret,
      rawBody,
      headers: { signature: req.get('x-slack-signature'), timestamp: req.get('x-slack-request-timestamp') },
      now: Math.floor(now() / 1000),
    });
    if (!verdict.ok) return void rejected(res, 'invalid or stale Slack signature', false);
    return rawBody;
  }

  app.post(
    SLACK_EVENTS_PATH,
    ...authenticated,
    function slackEvents(req, res) {
      const rawBody = verifiedBody(req, res);
      if (!rawBody) return;
      const action = parseSlackRequest({ contentType: req.get('content-type'), rawBody, command: slack.command });
      switch (action.kind) {
        case 'challenge':
          return void res.status(200).json({ challenge: action.challenge });
        case 'ignore':
          log.debug('slack request ignored', { why: action.why });
          return void res.status(200).end();
        case 'bad-request':
          log.warn('slack request malformed', { why: action.why });
          return void res.status(action.status).type('text/plain').send(action.why);
        case 'event':
          res.status(200).end();
          return void track(answer(action, req.get('x-slack-retry-num')));
        case 'command':
          // `in_channel` with no text makes Slack show the user's command in the channel, then the
          // answer follows through the response_url; an empty command (help) shows nothing to others.
          if (action.text === EMPTY_COMMAND) res.status(200).end();
          else res.status(200).json({ response_type: 'in_channel' });
          return void track(answer(action, undefined));
      }
    },
  );

  app.post(
    SLACK_INTERACTIONS_PATH,
    ...authenticated,
    function slackInteractions(req, res) {
      // Verified exactly like /slack/events: the signature over the raw bytes, before parsing.
      const rawBody = verifiedBody(req, res);
      if (!rawBody) return;
      const action = parseSlackInteraction({ contentType: req.get('content-type'), rawBody });
      if (action.kind === 'bad-request') {
        log.warn('slack interaction malformed', { why: action.why });
        return void res.status(action.status).type('text/plain').send(action.why);
      }
      // Acknowledged at once; the answer follows in the thread, the DM or through response_url.
      res.status(200).end();
      if (action.kind === 'interaction') track(interact(action));
    },
  );

  return {
    async close() {
      closing = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
