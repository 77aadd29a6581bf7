import { describe, expect, it } from 'vitest';
import { MAX_TEXT, parseClientMessage } from '../../../src/channels/web/server/protocol.js';

describe('channels/web/server/protocol', () => {
  describe('parseClientMessage', () => {
    it('returns a message without any client-sent user field', () => {
      expect(parseClientMessage({ type: 'message', text: 'TFFN?', token: 't', user: 'someone-else', extra: 1 })).toEqual({
        ok: true,
        message: { type: 'message', text: 'TFFN?', token: 't' },
      });
    });

    it('returns hello, welcome_back and feedback messages', () => {
      expect(parseClientMessage({ type: 'hello' })).toEqual({ ok: true, message: { type: 'hello', token: undefined } });
      expect(parseClientMessage({ type: 'welcome_back', token: 'x' })).toEqual({ ok: true, message: { type: 'welcome_back', token: 'x' } });
      expect(parseClientMessage({ type: 'feedback', answerId: 'a1', value: 'down' })).toEqual({
        ok: true,
        message: { type: 'feedback', answerId: 'a1', value: 'down', token: undefined },
      });
    });

    it.each([
      ['a non-object', 'hello', /JSON object/],
      ['an array', [{ type: 'hello' }], /JSON object/],
      ['null', null, /JSON object/],
      ['an unknown type', { type: 'shout' }, /Unknown message type/],
      ['a message without text', { type: 'message' }, /needs some text/],
      ['a message with blank text', { type: 'message', text: '  ' }, /needs some text/],
      ['a message with non-string text', { type: 'message', text: 7 }, /needs some text/],
      ['a message over the limit', { type: 'message', text: 'a'.repeat(MAX_TEXT + 1) }, /at most/],
      ['feedback without answerId', { type: 'feedback', value: 'up' }, /answerId/],
      ['feedback with another value', { type: 'feedback', answerId: 'a', value: 'meh' }, /"up" or "down"/],
    ])('returns an error for %s', (_name, raw, pattern) => {
      const parsed = parseClientMessage(raw);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.error).toMatch(pattern);
    });
  });
});
