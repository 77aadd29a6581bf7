import { describe, expect, it } from 'vitest';
import { createSessionTokens } from '../../../src/channels/web/server/session.js';

describe('channels/web/server/session', () => {
  describe('createSessionTokens', () => {
    it('returns tokens that verify to their id', () => {
      const sessions = createSessionTokens();
      const a = sessions.issue();
      const b = sessions.issue();
      expect(a.id).not.toBe(b.id);
      expect(a.token.startsWith(a.id + '.')).toBe(true);
      expect(sessions.verify(a.token)).toBe(a.id);
      expect(sessions.verify(b.token)).toBe(b.id);
    });

    it('rejects a token with an altered id or signature', () => {
      const sessions = createSessionTokens();
      const { id, token } = sessions.issue();
      const other = sessions.issue();
      const sig = token.slice(id.length + 1);
      expect(sessions.verify(`${other.id}.${sig}`)).toBeUndefined();
      const flipped = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
      expect(sessions.verify(`${id}.${flipped}`)).toBeUndefined();
      expect(sessions.verify(`${id}.${sig.slice(0, 10)}`)).toBeUndefined();
    });

    it('rejects malformed tokens without throwing', () => {
      const sessions = createSessionTokens();
      for (const bad of [undefined, null, 42, '', 'abc', 'a.b.c', '.', `${'x'.repeat(22)}.`, 'x'.repeat(200), { token: 'x' }]) {
        expect(sessions.verify(bad)).toBeUndefined();
      }
    });

    it('returns the id for a token signed with the same secret elsewhere, and not with another secret', () => {
      const a = createSessionTokens({ secret: 'one secret of sixteen+' });
      const { id, token } = a.issue();
      expect(createSessionTokens({ secret: 'one secret of sixteen+' }).verify(token)).toBe(id);
      expect(createSessionTokens({ secret: 'another secret, sixteen+' }).verify(token)).toBeUndefined();
      expect(createSessionTokens().verify(token)).toBeUndefined();
    });
  });
});
