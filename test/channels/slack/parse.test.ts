import { describe, expect, it } from 'vitest';
import { parseSlackRequest, stripMention } from '../../../src/channels/slack/parse.js';

const json = (body: unknown) => ({ contentType: 'application/json', rawBody: Buffer.from(JSON.stringify(body)), command: '/declaration' });
const form = (fields: Record<string, string>) => ({
  contentType: 'application/x-www-form-urlencoded',
  rawBody: Buffer.from(new URLSearchParams(fields).toString()),
  command: '/declaration',
});
const callback = (event: Record<string, unknown>) => ({
  type: 'event_callback',
  team_id: 'T1',
  event_id: 'Ev1',
  authorizations: [{ user_id: 'UBOT', is_bot: true }],
  event,
});

describe('channels/slack/parse', () => {
  describe('stripMention', () => {
    it('returns the text without our mention, wherever it is, with or without a label', () => {
      expect(stripMention('<@UBOT> what about fake news?', 'UBOT')).toBe('what about fake news?');
      expect(stripMention('hey <@UBOT|declbot>, tin giả?', 'UBOT')).toBe('hey , tin giả?');
      expect(stripMention('<@UOTHER> and <@UBOT> hi', 'UBOT')).toBe('<@UOTHER> and hi');
    });

    it('returns the text without its first mention when our id is unknown', () => {
      expect(stripMention('<@UBOT> hi <@UOTHER>')).toBe('hi <@UOTHER>');
    });
  });

  describe('parseSlackRequest', () => {
    it('returns the challenge for url_verification', () => {
      expect(parseSlackRequest(json({ type: 'url_verification', challenge: 'abc123' }))).toEqual({ kind: 'challenge', challenge: 'abc123' });
    });

    it('returns an event in the thread of the mention, keyed by thread', () => {
      const action = parseSlackRequest(json(callback({ type: 'app_mention', user: 'U1', text: '<@UBOT> tin giả', channel: 'C1', ts: '1.0001' })));
      expect(action).toEqual({
        kind: 'event',
        eventId: 'Ev1',
        messageKey: 'C1:1.0001',
        text: 'tin giả',
        conversationKey: 'slack:T1:C1:1.0001',
        channel: 'C1',
        threadTs: '1.0001',
        user: 'U1',
      });
    });

    it('returns the existing thread for a mention inside a thread', () => {
      const action = parseSlackRequest(json(callback({ type: 'app_mention', user: 'U1', text: '<@UBOT> more', channel: 'C1', ts: '2.0', thread_ts: '1.0' })));
      expect(action).toMatchObject({ kind: 'event', threadTs: '1.0', conversationKey: 'slack:T1:C1:1.0', text: 'more' });
    });

    it('returns help for a bare mention', () => {
      expect(parseSlackRequest(json(callback({ type: 'app_mention', user: 'U1', text: '<@UBOT>', channel: 'C1', ts: '1.0' })))).toMatchObject({ text: 'help' });
    });

    it('returns an event for a direct message', () => {
      const action = parseSlackRequest(json(callback({ type: 'message', channel_type: 'im', user: 'U1', text: ' hello ', channel: 'D1', ts: '3.0' })));
      // Answered in the DM itself, one conversation per DM; in its thread only when written in one.
      expect(action).toMatchObject({ kind: 'event', text: 'hello', channel: 'D1', threadTs: undefined, conversationKey: 'slack:T1:D1:dm' });
      const threaded = parseSlackRequest(json(callback({ type: 'message', channel_type: 'im', user: 'U1', text: 'more', channel: 'D1', ts: '4.0', thread_ts: '3.0' })));
      expect(threaded).toMatchObject({ kind: 'event', threadTs: '3.0', conversationKey: 'slack:T1:D1:3.0' });
    });

    it('ignores bot messages, our own messages, edits, channel messages and other events', () => {
      const ignored = [
        { type: 'message', channel_type: 'im', bot_id: 'B1', text: 'x', channel: 'D1', ts: '1' },
        { type: 'message', channel_type: 'im', user: 'UBOT', text: 'x', channel: 'D1', ts: '1' },
        { type: 'message', channel_type: 'im', subtype: 'message_changed', channel: 'D1', ts: '1' },
        { type: 'app_mention', bot_id: 'B2', user: 'U2', text: '<@UBOT> hi', channel: 'C1', ts: '1' },
        { type: 'message', channel_type: 'channel', user: 'U1', text: 'x', channel: 'C1', ts: '1' },
        { type: 'reaction_added', user: 'U1' },
      ];
      for (const event of ignored) expect(parseSlackRequest(json(callback(event))).kind).toBe('ignore');
    });

    it('returns a slash command with help for empty text and a per-user conversation', () => {
      const fields = { command: '/declaration', text: '  ', team_id: 'T1', channel_id: 'C1', user_id: 'U1', trigger_id: 'tr1', response_url: 'https://hooks.slack.com/commands/x' };
      expect(parseSlackRequest(form(fields))).toEqual({
        kind: 'command',
        triggerId: 'tr1',
        text: 'help',
        conversationKey: 'slack:T1:C1:U1',
        channel: 'C1',
        responseUrl: 'https://hooks.slack.com/commands/x',
      });
    });

    it('ignores another command, ssl_check and interactive payloads', () => {
      expect(parseSlackRequest(form({ command: '/other', channel_id: 'C1', user_id: 'U1', trigger_id: 't' })).kind).toBe('ignore');
      expect(parseSlackRequest(form({ ssl_check: '1' })).kind).toBe('ignore');
      expect(parseSlackRequest(form({ payload: '{}' })).kind).toBe('ignore');
    });

    it('rejects malformed JSON, events without ids and unknown content types', () => {
      expect(parseSlackRequest({ contentType: 'application/json', rawBody: Buffer.from('{nope'), command: '/declaration' })).toMatchObject({ kind: 'bad-request', status: 400 });
      expect(parseSlackRequest(json({ type: 'event_callback', event: { type: 'app_mention' } }))).toMatchObject({ kind: 'bad-request', status: 400 });
      expect(parseSlackRequest(json({ type: 'url_verification' }))).toMatchObject({ kind: 'bad-request', status: 400 });
      expect(parseSlackRequest({ contentType: 'text/plain', rawBody: Buffer.from('x'), command: '/declaration' })).toMatchObject({ kind: 'bad-request', status: 415 });
    });
  });
});
