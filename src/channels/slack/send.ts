/**
 * Sends answers to Slack: `chat.postMessage` in a thread, or a slash command's `response_url`.
 * Every call has a timeout and at most `retries` retries, so a slow or failing Slack ends in
 * one rejected promise instead of a hung task.
 *
 *   const sender = createSlackSender({ botToken, apiUrl: 'https://slack.com/api/', log });
 *   await sender.postInThread('C123', '1700000000.000100', replyToBlocks(reply, publicUrl));
 *
 * Uses `@slack/web-api` directly rather than Botkit's Slack adapter: the adapter builds its
 * WebClient from the token alone (no way to set `slackApiUrl`, a timeout or retries), and calls
 * `auth.test` in its constructor, exiting the process when that fails.
 */
import { LogLevel, WebClient, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../log.js';
import type { SlackMessage } from './blocks.js';

export interface SlackSenderOptions {
  /** Bot token (`xoxb-…`). */
  botToken: string;
  /** Base URL of Slack's Web API, ending in `/`. */
  apiUrl: string;
  /** Per-request timeout in milliseconds. Default 5000. */
  timeoutMs?: number;
  /** Retries after a failed request (network error, timeout, 5xx). Default 1. */
  retries?: number;
  /** Receives the Web API client's own chatter at debug level. */
  log: Logger;
}

export interface SlackSender {
  /** Posts `message` in the thread that starts at `threadTs`, or in the channel itself when it is undefined (a DM). */
  postInThread(channel: string, threadTs: string | undefined, message: SlackMessage): Promise<void>;
  /**
   * Answers a slash command visibly in its channel: through `responseUrl` when it is Slack's
   * (works in channels the bot was never invited to), else `chat.postMessage` to `channel`.
   * `ephemeral` (help, errors): only the user sees it, and only through `responseUrl`.
   */
  answerCommand(target: { channel: string; responseUrl?: string }, message: SlackMessage, ephemeral?: boolean): Promise<void>;
  /** Shows `message` to `user` alone, in the channel (and thread) they wrote in. */
  postEphemeral(channel: string, user: string, threadTs: string | undefined, message: SlackMessage): Promise<void>;
}

const DEFAULTS = { timeoutMs: 5000, retries: 1 };
const RETRY_DELAY_MS = 250;

/** True for Slack's own webhook hosts, or the configured API's origin (the local stand-in in tests). */
export function isTrustedResponseUrl(responseUrl: string, apiUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(responseUrl);
  } catch {
    return false;
  }
  if (url.protocol === 'https:' && (url.hostname === 'hooks.slack.com' || url.hostname === 'hooks.slack-gov.com')) return true;
  return url.origin === new URL(apiUrl).origin;
}

/** Routes the Web API client's own logging to our logger at debug level; we log a failure once ourselves. */
function quietLogger(log: Logger): SlackLogger {
  const line = (...msg: unknown[]) => log.debug('slack web-api', { detail: msg.map(String).join(' ') });
  return { debug: line, info: line, warn: line, error: line, setLevel: () => {}, getLevel: () => LogLevel.DEBUG, setName: () => {} };
}

async function postJson(url: string, body: unknown, timeoutMs: number, retries: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer(); // drain, so the connection is released
      if (res.ok) return;
      const error = new Error(`response_url answered HTTP ${res.status}`);
      if (res.status < 500 || attempt >= retries) throw Object.assign(error, { final: true });
    } catch (error) {
      if ((error as { final?: boolean }).final || attempt >= retries) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
  }
}

export function createSlackSender(options: SlackSenderOptions): SlackSender {
  const { botToken, apiUrl, log } = options;
  // `??`, not a spread: callers pass `timeoutMs: undefined` through, and an undefined timeout and
  // retry count meant no timeout and retrying a failed response_url post forever.
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const retries = options.retries ?? DEFAULTS.retries;
  const web = new WebClient(botToken, {
    slackApiUrl: apiUrl,
    timeout: timeoutMs,
    retryConfig: { retries, factor: 1, minTimeout: RETRY_DELAY_MS, maxTimeout: RETRY_DELAY_MS },
    // A 429 is not worth queueing behind: fail this answer and log it.
    rejectRateLimitedCalls: true,
    logger: quietLogger(log),
  });
  // Our text is escaped and `verbatim`; `parse: none` and no `link_names` keep Slack from
  // turning words in quotes into mentions, and no unfurling keeps the thread compact.
  const common = { parse: 'none', link_names: false, unfurl_links: false, unfurl_media: false } as const;

  return {
    async postInThread(channel, threadTs, message) {
      await web.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), text: message.text, blocks: message.blocks, ...common });
    },
    async postEphemeral(channel, user, threadTs, message) {
      await web.chat.postEphemeral({ channel, user, ...(threadTs ? { thread_ts: threadTs } : {}), text: message.text, blocks: message.blocks, ...common });
    },
    async answerCommand(target, message, ephemeral = false) {
      if (target.responseUrl && isTrustedResponseUrl(target.responseUrl, apiUrl)) {
        await postJson(target.responseUrl, { response_type: ephemeral ? 'ephemeral' : 'in_channel', text: message.text, blocks: message.blocks }, timeoutMs, retries);
        return;
      }
      // Without Slack's response_url an ephemeral message cannot be sent: help is not worth a channel post.
      if (ephemeral) return;
      await web.chat.postMessage({ channel: target.channel, text: message.text, blocks: message.blocks, ...common });
    },
  };
}
