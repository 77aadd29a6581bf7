/**
 * The one Slack request verifier. Pure and clock-injectable, so every Slack entry point
 * (Events API, slash commands) runs the same check on the raw bytes before any parsing.
 *
 *   const result = verifySlackRequest({
 *     signingSecret, rawBody: req.body,
 *     headers: { signature: req.get('x-slack-signature'), timestamp: req.get('x-slack-request-timestamp') },
 *     now: Math.floor(Date.now() / 1000),
 *   });
 *   if (!result.ok) return res.sendStatus(401);
 *
 * Slack's scheme: https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from our clock, either way (Slack's own advice: 5 minutes). */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface VerifySlackRequestOptions {
  /** The app's signing secret (Slack app settings → Basic Information). */
  signingSecret: string;
  /** The request body exactly as received; never a re-serialised parse. */
  rawBody: Buffer;
  /** Values of `X-Slack-Signature` and `X-Slack-Request-Timestamp` (missing → rejected). */
  headers: { signature?: string; timestamp?: string };
  /** Current time in whole seconds since the epoch (injected so tests control the clock). */
  now: number;
}

export type VerifyFailure =
  | 'no-secret'
  | 'missing-headers'
  | 'bad-timestamp'
  | 'stale-timestamp'
  | 'unsupported-version'
  | 'bad-signature';

export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

/** The signature Slack would send for this body at this timestamp (`v0=<hex>`). */
export function signSlackRequest(signingSecret: string, timestamp: string, rawBody: Buffer): string {
  const hmac = createHmac('sha256', signingSecret);
  // Hash the bytes as they are: decoding to a string first would alter invalid UTF-8.
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/** Checks a request's signature and freshness. Never throws on hostile input. */
export function verifySlackRequest(options: VerifySlackRequestOptions): VerifyResult {
  const { signingSecret, rawBody, headers, now } = options;
  if (!signingSecret) return { ok: false, reason: 'no-secret' };
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: 'missing-headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad-timestamp' };
  // Both directions: a future timestamp is as suspicious as an old one (a replay window
  // that only looks back can be widened by whoever controls the sender's clock).
  if (Math.abs(now - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) return { ok: false, reason: 'stale-timestamp' };
  if (!signature.startsWith('v0=')) return { ok: false, reason: 'unsupported-version' };
  const expected = Buffer.from(signSlackRequest(signingSecret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // timingSafeEqual throws on unequal lengths; a length mismatch reveals nothing secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  return { ok: true };
}
