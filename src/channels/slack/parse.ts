/**
 * Turns a verified Slack request body into what the bot should do with it. Pure: no I/O,
 * so every payload shape is unit-testable. Run only after `verifySlackRequest` accepted the bytes.
 *
 *   const action = parseSlackRequest({ contentType: req.get('content-type'), rawBody, command: '/declaration' });
 *   if (action.kind === 'challenge') res.json({ challenge: action.challenge });
 *
 * Events API payloads: https://api.slack.com/apis/events-api ; slash commands:
 * https://api.slack.com/interactivity/slash-commands
 */

/** Where a Slack question came from and where its answer goes. */
export type SlackAction =
  /** Events API endpoint check: echo `challenge`. */
  | { kind: 'challenge'; challenge: string }
  /** A mention, answered in the thread of `ts`; or a DM, answered in the DM (in its thread if it has one). */
  | {
      kind: 'event';
      eventId: string;
      /** `channel:ts` of the message; the same message can arrive as `app_mention` and `message.im`. */
      messageKey: string;
      text: string;
      conversationKey: string;
      channel: string;
      /** Where to answer; undefined: in the channel itself (a DM). */
      threadTs: string | undefined;
      /** Who asked: help and errors go to them alone (ephemeral). */
      user: string | undefined;
    }
  /** A slash command; `triggerId` is unique per invocation. */
  | { kind: 'command'; triggerId: string; text: string; conversationKey: string; channel: string; responseUrl?: string }
  /** Nothing to answer (other events, bots, edits, other commands); still acknowledged with 200. */
  | { kind: 'ignore'; why: string }
  | { kind: 'bad-request'; status: 400 | 415; why: string };

export interface ParseSlackRequestOptions {
  /** The request's `Content-Type` header. */
  contentType: string | undefined;
  rawBody: Buffer;
  /** Our slash command, with its slash (e.g. `/declaration`). */
  command: string;
}

/** What an empty mention or an empty slash command means: show what the bot can do. */
export const EMPTY_TEXT = 'help';

/** Removes our bot's mention (`<@U123>` or `<@U123|name>`); the first mention when our id is unknown. */
export function stripMention(text: string, botUserId?: string): string {
  const ours = botUserId ? new RegExp(`<@${botUserId.replace(/[^A-Z0-9]/gi, '')}(\\|[^>]*)?>`, 'g') : /<@[A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(ours, ' ').replace(/\s+/g, ' ').trim();
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function parseEvent(body: Record<string, any>): SlackAction {
  const event = body.event;
  const eventId = str(body.event_id);
  if (!event || typeof event !== 'object' || !eventId) return { kind: 'bad-request', status: 400, why: 'event_callback without event or event_id' };
  // Slack names the installing bot user in `authorizations`; older payloads in `authed_users`.
  const botUserId = str(body.authorizations?.[0]?.user_id) ?? str(body.authed_users?.[0]);
  // Bots (ourselves included) and edits/joins/deletions are never questions; answering
  // bot messages could start a loop between two bots.
  if (event.bot_id || event.subtype) return { kind: 'ignore', why: 'bot message or subtype' };
  if (botUserId && event.user === botUserId) return { kind: 'ignore', why: 'own message' };
  const isMention = event.type === 'app_mention';
  const isDirect = event.type === 'message' && event.channel_type === 'im';
  if (!isMention && !isDirect) return { kind: 'ignore', why: `event ${String(event.type)}` };
  const channel = str(event.channel);
  const ts = str(event.ts);
  if (!channel || !ts) return { kind: 'bad-request', status: 400, why: 'event without channel or ts' };
  // A mention is answered in its thread; a DM in the DM, as people expect of a direct message
  // (in a thread only when it was written in one).
  const threadTs = str(event.thread_ts) ?? (isDirect ? undefined : ts);
  const raw = String(event.text ?? '');
  // In a DM only our own mention is noise; other people's mentions stay part of the question.
  const text = isMention || botUserId ? stripMention(raw, botUserId) : raw.trim();
  return {
    kind: 'event',
    eventId,
    messageKey: `${channel}:${ts}`,
    text: text || EMPTY_TEXT,
    // One conversation per thread, so "more" asked in the answer's thread continues it; a DM outside
    // threads is one conversation.
    conversationKey: `slack:${str(body.team_id) ?? '-'}:${channel}:${threadTs ?? 'dm'}`,
    channel,
    threadTs,
    user: str(event.user),
  };
}

function parseJson(rawBody: Buffer): SlackAction {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { kind: 'bad-request', status: 400, why: 'body is not JSON' };
  }
  if (!body || typeof body !== 'object') return { kind: 'bad-request', status: 400, why: 'body is not a JSON object' };
  const payload = body as Record<string, any>;
  if (payload.type === 'url_verification') {
    const challenge = str(payload.challenge);
    return challenge ? { kind: 'challenge', challenge } : { kind: 'bad-request', status: 400, why: 'url_verification without challenge' };
  }
  if (payload.type === 'event_callback') return parseEvent(payload);
  return { kind: 'ignore', why: `payload type ${String(payload.type)}` };
}

function parseForm(rawBody: Buffer, command: string): SlackAction {
  const form = new URLSearchParams(rawBody.toString('utf8'));
  if (form.has('ssl_check')) return { kind: 'ignore', why: 'ssl_check' };
  if (form.has('payload')) return { kind: 'ignore', why: 'interactive payload' };
  if (form.get('command') !== command) return { kind: 'ignore', why: `command ${form.get('command') ?? '(none)'}` };
  const channel = form.get('channel_id');
  const user = form.get('user_id');
  const triggerId = form.get('trigger_id');
  if (!channel || !user || !triggerId) return { kind: 'bad-request', status: 400, why: 'slash command without channel_id, user_id or trigger_id' };
  return {
    kind: 'command',
    triggerId,
    text: (form.get('text') ?? '').trim() || EMPTY_TEXT,
    // Slash commands have no thread: one conversation per user per channel, so `/declaration more` works.
    conversationKey: `slack:${form.get('team_id') ?? '-'}:${channel}:${user}`,
    channel,
    responseUrl: form.get('response_url') || undefined,
  };
}

/** Classifies a verified request body by its content type. */
export function parseSlackRequest(options: ParseSlackRequestOptions): SlackAction {
  const type = (options.contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return parseJson(options.rawBody);
  if (type === 'application/x-www-form-urlencoded') return parseForm(options.rawBody, options.command);
  return { kind: 'bad-request', status: 415, why: `unsupported content type ${type || '(none)'}` };
}

/** A button pressed under an answer (`POST /slack/interactions`), with where its conversation is. */
export type SlackInteraction =
  | {
      kind: 'interaction';
      /** `action_id` of the button (see SLACK_ACTIONS in blocks.ts). */
      actionId: string;
      value: string;
      /** Unique per press: a retried delivery of the same press is answered once. */
      dedupeKey: string;
      conversationKey: string;
      channel: string;
      /** Answer in this thread; undefined: in the DM itself, or through `responseUrl` for a command's answer. */
      threadTs: string | undefined;
      responseUrl?: string;
      /** The answer came from a slash command (no thread, not a DM). */
      command: boolean;
    }
  | { kind: 'ignore'; why: string }
  | { kind: 'bad-request'; status: 400 | 415; why: string };

/**
 * Parses an interactivity payload (`payload=` form field holding JSON). The conversation key
 * follows how the answer was asked: its thread, the DM, or the user who typed the command.
 */
export function parseSlackInteraction(options: { contentType: string | undefined; rawBody: Buffer }): SlackInteraction {
  if (!/^application\/x-www-form-urlencoded\b/i.test(options.contentType ?? '')) return { kind: 'bad-request', status: 415, why: 'interactions come form-encoded' };
  let payload: Record<string, any>;
  try {
    payload = JSON.parse(new URLSearchParams(options.rawBody.toString('utf8')).get('payload') ?? '');
  } catch {
    return { kind: 'bad-request', status: 400, why: 'payload is not JSON' };
  }
  if (!payload || typeof payload !== 'object') return { kind: 'bad-request', status: 400, why: 'payload is not an object' };
  if (payload.type !== 'block_actions') return { kind: 'ignore', why: `interaction ${String(payload.type)}` };
  const action = Array.isArray(payload.actions) ? payload.actions[0] : undefined;
  const actionId = str(action?.action_id);
  const value = str(action?.value);
  const channel = str(payload.channel?.id) ?? str(payload.container?.channel_id);
  const user = str(payload.user?.id);
  if (!actionId || !value || !channel || !user) return { kind: 'bad-request', status: 400, why: 'block_actions without action, value, channel or user' };
  const team = str(payload.team?.id) ?? '-';
  const threadTs = str(payload.message?.thread_ts) ?? str(payload.container?.thread_ts);
  const dm = channel.startsWith('D');
  const command = !threadTs && !dm;
  return {
    kind: 'interaction',
    actionId,
    value,
    dedupeKey: `action:${str(payload.trigger_id) ?? `${user}:${str(action?.action_ts) ?? ''}`}`,
    conversationKey: `slack:${team}:${channel}:${threadTs ?? (dm ? 'dm' : user)}`,
    channel,
    threadTs,
    responseUrl: str(payload.response_url),
    command,
  };
}
