/**
 * Slack's Web API failing, with the sender's defaults as the app uses them (no timeout or retry
 * count passed): a failed answer is given up after one retry, not retried forever. The slow and
 * failing cases with explicit settings, and the one log line they leave, are covered in
 * test/channels/slack/mount.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackSender } from '../../src/channels/slack/send.js';
import { createLogger } from '../../src/log.js';
import { startSlackStandIn, type SlackStandIn } from '../channels/slack/slack-stand-in.js';

let standIn: SlackStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
});

describe('hardening: Slack Web API faults', () => {
  describe('createSlackSender with default timeout and retries', () => {
    const message = { text: 'x', blocks: [] };
    it('rejects after one retry when the response_url answers 500', async () => {
      standIn = await startSlackStandIn({ status: 500 });
      const sender = createSlackSender({ botToken: 'xoxb-t', apiUrl: standIn.apiUrl, timeoutMs: undefined, retries: undefined, log: createLogger({ level: 'silent' }) });
      await expect(sender.answerCommand({ channel: 'C1', responseUrl: standIn.responseUrl }, message)).rejects.toThrow('response_url answered HTTP 500');
      expect(standIn.calls.filter((c) => c.method === 'response_url')).toHaveLength(2);
    });

    it('rejects after one retry when chat.postMessage answers 500', async () => {
      standIn = await startSlackStandIn({ status: 500 });
      const sender = createSlackSender({ botToken: 'xoxb-t', apiUrl: standIn.apiUrl, log: createLogger({ level: 'silent' }) });
      await expect(sender.postInThread('C1', '1.1', message)).rejects.toThrow();
      expect(standIn.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(2);
    });
  });
});
