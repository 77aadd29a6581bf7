/**
 * The web wire protocol (widget ⇄ server), validated in one place for both transports
 * (websocket and `POST /botkit/receive`).
 *
 * Client → server: `hello`, `welcome_back`, `message`, `feedback` (each may carry `token`).
 * Server → client: `session`, `message` (with `reply`), `feedback_ack`, `error`.
 */
import { QUESTION_CHARS_CEILING } from '../../../config.js';
import type { Reply } from '../../../conversation/types.js';

export type ClientMessage =
  | { type: 'hello'; token?: string }
  | { type: 'welcome_back'; token?: string }
  /** `continues`: the answer a "More" chip sits under, so it continues that answer, not the latest. */
  | { type: 'message'; text: string; token?: string; continues?: string }
  | { type: 'feedback'; answerId: string; value: 'up' | 'down'; token?: string };

export type ServerMessage =
  | { type: 'session'; token: string; resumed: boolean }
  | { type: 'message'; text: string; reply: Reply }
  | { type: 'feedback_ack'; answerId: string }
  | { type: 'error'; message: string };

/** Longest `text` accepted on the wire: the ceiling of `MAX_QUESTION_CHARS`; the desk politely refuses what is over the setting. */
export const MAX_TEXT = QUESTION_CHARS_CEILING;

export type Parsed = { ok: true; message: ClientMessage } | { ok: false; error: string };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Checks a decoded JSON value; any client-sent `user` or other field is dropped here. */
export function parseClientMessage(raw: unknown): Parsed {
  if (!isObject(raw)) return { ok: false, error: 'A message must be a JSON object.' };
  const token = typeof raw.token === 'string' ? raw.token : undefined;
  switch (raw.type) {
    case 'hello':
    case 'welcome_back':
      return { ok: true, message: { type: raw.type, token } };
    case 'message':
      if (typeof raw.text !== 'string' || raw.text.trim() === '') return { ok: false, error: 'A message needs some text.' };
      if (raw.text.length > MAX_TEXT) return { ok: false, error: `A message can have at most ${MAX_TEXT} characters.` };
      if (raw.continues !== undefined && (typeof raw.continues !== 'string' || raw.continues === '' || raw.continues.length > 100)) {
        return { ok: false, error: '"continues" must be the answerId of an earlier answer.' };
      }
      return { ok: true, message: { type: 'message', text: raw.text, token, ...(typeof raw.continues === 'string' ? { continues: raw.continues } : {}) } };
    case 'feedback':
      if (typeof raw.answerId !== 'string' || raw.answerId === '' || raw.answerId.length > 100) {
        return { ok: false, error: 'Feedback needs the answerId it is about.' };
      }
      if (raw.value !== 'up' && raw.value !== 'down') return { ok: false, error: 'Feedback value must be "up" or "down".' };
      return { ok: true, message: { type: 'feedback', answerId: raw.answerId, value: raw.value, token } };
    default:
      return { ok: false, error: 'Unknown message type; expected hello, welcome_back, message or feedback.' };
  }
}
