import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CLOCK_SKEW_SECONDS, signSlackRequest, verifySlackRequest } from '../../../src/channels/slack/verify.js';

// Slack's worked example (api.slack.com/authentication/verifying-requests-from-slack).
const DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOC_TS = '1531420618';
const DOC_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_SIG = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

const SECRET = 'test-signing-secret';
const NOW = 1_750_000_000;
/** Signs independently of the module under test, so the scheme is checked, not echoed. */
const sign = (ts: number | string, body: Buffer) =>
  `v0=${createHmac('sha256', SECRET).update(Buffer.concat([Buffer.from(`v0:${ts}:`), body])).digest('hex')}`;
const body = Buffer.from(JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: { text: 'Hà Nội?' } }));
const verify = (over: Partial<Parameters<typeof verifySlackRequest>[0]> = {}) =>
  verifySlackRequest({ signingSecret: SECRET, rawBody: body, headers: { signature: sign(NOW, body), timestamp: String(NOW) }, now: NOW, ...over });

describe('channels/slack/verify', () => {
  describe('signSlackRequest', () => {
    it("returns Slack's documented signature for Slack's documented example", () => {
      expect(signSlackRequest(DOC_SECRET, DOC_TS, Buffer.from(DOC_BODY))).toBe(DOC_SIG);
    });
  });

  describe('verifySlackRequest', () => {
    it("returns ok for Slack's documented example at its own time", () => {
      const result = verifySlackRequest({
        signingSecret: DOC_SECRET,
        rawBody: Buffer.from(DOC_BODY),
        headers: { signature: DOC_SIG, timestamp: DOC_TS },
        now: Number(DOC_TS) + 60,
      });
      expect(result).toEqual({ ok: true });
    });

    it('returns ok for a correctly signed body with multi-byte UTF-8', () => {
      expect(verify()).toEqual({ ok: true });
    });

    it('returns ok at exactly 300 s either way and rejects 301 s either way', () => {
      for (const skew of [MAX_CLOCK_SKEW_SECONDS, -MAX_CLOCK_SKEW_SECONDS]) {
        const ts = NOW + skew;
        expect(verify({ headers: { signature: sign(ts, body), timestamp: String(ts) } })).toEqual({ ok: true });
      }
      for (const skew of [MAX_CLOCK_SKEW_SECONDS + 1, -(MAX_CLOCK_SKEW_SECONDS + 1)]) {
        const ts = NOW + skew;
        expect(verify({ headers: { signature: sign(ts, body), timestamp: String(ts) } })).toEqual({ ok: false, reason: 'stale-timestamp' });
      }
    });

    it('rejects a replay 6 minutes old and a timestamp 6 minutes in the future', () => {
      for (const ts of [NOW - 360, NOW + 360]) {
        expect(verify({ headers: { signature: sign(ts, body), timestamp: String(ts) } })).toEqual({ ok: false, reason: 'stale-timestamp' });
      }
    });

    it('rejects missing headers', () => {
      expect(verify({ headers: { timestamp: String(NOW) } })).toEqual({ ok: false, reason: 'missing-headers' });
      expect(verify({ headers: { signature: sign(NOW, body) } })).toEqual({ ok: false, reason: 'missing-headers' });
      expect(verify({ headers: {} })).toEqual({ ok: false, reason: 'missing-headers' });
    });

    it('rejects a timestamp that is not a whole number of seconds', () => {
      for (const timestamp of ['1.5e9', '-1750000000', '1750000000.5', 'now', ' 1750000000']) {
        expect(verify({ headers: { signature: sign(timestamp, body), timestamp } })).toEqual({ ok: false, reason: 'bad-timestamp' });
      }
    });

    it('rejects a signature of another version, even with the right digest', () => {
      const v1 = sign(NOW, body).replace(/^v0=/, 'v1=');
      expect(verify({ headers: { signature: v1, timestamp: String(NOW) } })).toEqual({ ok: false, reason: 'unsupported-version' });
    });

    it('rejects a wrong secret, a truncated or padded signature, and multi-byte look-alikes without throwing', () => {
      const good = sign(NOW, body);
      const cases = [
        verifySlackRequest({ signingSecret: 'other', rawBody: body, headers: { signature: good, timestamp: String(NOW) }, now: NOW }),
        verify({ headers: { signature: good.slice(0, -1), timestamp: String(NOW) } }),
        verify({ headers: { signature: good + '0', timestamp: String(NOW) } }),
        // Same number of characters, more bytes: must not reach timingSafeEqual with unequal buffers.
        verify({ headers: { signature: good.slice(0, -1) + 'é', timestamp: String(NOW) } }),
      ];
      for (const result of cases) expect(result).toEqual({ ok: false, reason: 'bad-signature' });
    });

    it('rejects a signature made for another timestamp', () => {
      expect(verify({ headers: { signature: sign(NOW - 1, body), timestamp: String(NOW) } })).toEqual({ ok: false, reason: 'bad-signature' });
    });

    it('rejects everything when no secret is configured', () => {
      expect(verify({ signingSecret: '' })).toEqual({ ok: false, reason: 'no-secret' });
    });

    it('rejects any single-byte change to the body (property)', () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 1, maxLength: 300 }),
          fc.nat(),
          fc.integer({ min: 1, max: 255 }),
          (bytes, at, delta) => {
            const original = Buffer.from(bytes);
            const signature = sign(NOW, original);
            const changed = Buffer.from(original);
            const i = at % changed.length;
            changed[i] = (changed[i] + delta) % 256;
            const ok = verifySlackRequest({ signingSecret: SECRET, rawBody: original, headers: { signature, timestamp: String(NOW) }, now: NOW });
            const bad = verifySlackRequest({ signingSecret: SECRET, rawBody: changed, headers: { signature, timestamp: String(NOW) }, now: NOW });
            expect(ok).toEqual({ ok: true });
            expect(bad).toEqual({ ok: false, reason: 'bad-signature' });
          },
        ),
        { numRuns: 300 },
      );
    });

    it('never throws on arbitrary header strings (property)', () => {
      fc.assert(
        fc.property(fc.option(fc.string()), fc.option(fc.string()), (signature, timestamp) => {
          const result = verify({ headers: { signature: signature ?? undefined, timestamp: timestamp ?? undefined } });
          expect(result.ok).toBe(false);
        }),
      );
    });
  });
});
