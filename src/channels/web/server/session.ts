/**
 * Server-issued web conversation ids. The client never chooses its id: it gets a signed token
 * (`<id>.<HMAC>`) and can only present it back. A forged or altered token does not verify,
 * so nobody can read or continue someone else's conversation by guessing a user id.
 *
 *   const sessions = createSessionTokens({ secret: config.webSessionSecret });
 *   const { id, token } = sessions.issue();
 *   sessions.verify(token) === id; // true
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface SessionTokensOptions {
  /** HMAC key. Default: random per process, so tokens do not survive a restart. */
  secret?: string;
}

export interface Session {
  id: string;
  token: string;
}

export interface SessionTokens {
  issue(): Session;
  /** The id a token was issued for, or undefined when it is malformed or not signed by us. */
  verify(token: unknown): string | undefined;
}

const ID = /^[A-Za-z0-9_-]{22}$/;

export function createSessionTokens(options: SessionTokensOptions = {}): SessionTokens {
  const key = options.secret ?? randomBytes(32).toString('hex');
  const sign = (id: string) => createHmac('sha256', key).update(`web-session:${id}`).digest();
  return {
    issue() {
      const id = randomBytes(16).toString('base64url');
      return { id, token: `${id}.${sign(id).toString('base64url')}` };
    },
    verify(token) {
      if (typeof token !== 'string' || token.length > 100) return undefined;
      const [id, sig, extra] = token.split('.');
      if (extra !== undefined || !ID.test(id) || !sig) return undefined;
      const given = Buffer.from(sig, 'base64url');
      // base64url ignores the spare low bits of the last character: accept only the one canonical
      // spelling, so each conversation has exactly one token string.
      if (given.toString('base64url') !== sig) return undefined;
      const expected = sign(id);
      // timingSafeEqual throws on unequal lengths, so check that first.
      return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
    },
  };
}
