import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/answer/types.js';
import { loadEngine } from '../../../src/answer/engine.js';
import { mountSlack, type MountedSlack } from '../../../src/channels/slack/mount.js';
import { createConversationHandler } from '../../../src/conversation/handler.js';
import { FRAMES } from '../../../src/conversation/frames.js';
import { createMemoryStore } from '../../../src/conversation/store.js';
import type { IncomingMessage, Reply } from '../../../src/conversation/types.js';
import { createLogger } from '../../../src/log.js';
import { startSlackStandIn, type SlackStandIn } from './slack-stand-in.js';
import { questionWithMore } from '../../server/start.js';

// The shipped document names itself in replies (meta.json describedAs).
const ANSWER_FRAME = { en: 'The TTXVN report says:', vi: 'Bản tin TTXVN viết:' } as const;

const SECRET = 'test-signing-secret-123';
const TOKEN = 'xoxb-test-token-0123456789';
const PUBLIC = 'https://bot.example.org';
/** The app's fake clock (ms); requests are signed for its time unless a test says otherwise. */
const CLOCK_MS = Date.UTC(2025, 4, 27, 9, 0, 0);
const NOW_S = Math.floor(CLOCK_MS / 1000);

/** Paragraphs of the corpus as a reader counts them, read independently of the engine. */
const paragraphs = (lang: 'vi' | 'en') =>
  readFileSync(fileURLToPath(new URL(`../../../corpus/kl-declaration-2025/${lang}.txt`, import.meta.url)), 'utf8')
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim().normalize('NFC'))
    .filter(Boolean);

/** Undoes Slack escaping and our mrkdwn (quote marker, bold) to get back the quoted words. */
const plain = (mrkdwn: string) =>
  mrkdwn.replace(/^>/, '').replace(/\*/g, '').replace(/\u2060/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/…$/, '').trim();

// The real retrieval engine (lexical, as on this machine) and the real conversation handler.
let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine({ corpusDir: 'corpus', embeddingsDir: 'embeddings', modelsDir: 'models', model: 'none', allowDownload: false });
});
afterAll(async () => {
  await engine?.close();
});
const realHandle = () => createConversationHandler({ engine, store: createMemoryStore() }).handle;

interface Harness {
  url: string;
  standIn: SlackStandIn;
  mounted: MountedSlack;
  handled: IncomingMessage[];
  feedbacks: { answerId: string; value: string; conversationKey: string }[];
  logs: { level: string; line: string }[];
  post(body: string, opts?: PostOptions): Promise<{ status: number; text: string; ms: number }>;
  postMessages(): { params: Record<string, any>; authorization?: string }[];
  close(): Promise<void>;
}

interface PostOptions {
  contentType?: string;
  /** Timestamp to sign with (seconds). Default: the app's clock. */
  ts?: number;
  secret?: string;
  /** Omit both signature headers. */
  unsigned?: boolean;
  headers?: Record<string, string>;
  /** Path posted to. Default `/slack/events`. */
  path?: string;
}

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function start(options: { handle?: (msg: IncomingMessage) => Promise<Reply>; standIn?: Parameters<typeof startSlackStandIn>[0] } = {}): Promise<Harness> {
  const standIn = await startSlackStandIn(options.standIn);
  const logs: Harness['logs'] = [];
  // No `secrets` on purpose: the test proves our code never hands the token to the logger.
  const log = createLogger({ level: 'debug', write: (line, level) => logs.push({ level, line }) });
  const handled: IncomingMessage[] = [];
  const conversation = createConversationHandler({ engine, store: createMemoryStore() });
  const inner = options.handle ?? conversation.handle;
  const feedbacks: { answerId: string; value: string; conversationKey: string }[] = [];
  const app = express();
  const mounted = mountSlack(app, {
    slack: { botToken: TOKEN, signingSecret: SECRET, command: '/declaration', apiUrl: standIn.apiUrl },
    publicUrl: PUBLIC,
    handle: async (msg) => {
      handled.push(msg);
      return inner(msg);
    },
    feedback: async (answerId, value, conversationKey) => {
      feedbacks.push({ answerId, value, conversationKey });
      return conversation.feedback(answerId, value, conversationKey);
    },
    log,
    now: () => CLOCK_MS,
    apiTimeoutMs: 300,
    apiRetries: 1,
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  let closed = false;
  const harness: Harness = {
    url,
    standIn,
    mounted,
    handled,
    feedbacks,
    logs,
    async post(body, opts = {}) {
      const ts = String(opts.ts ?? NOW_S);
      const signature = `v0=${createHmac('sha256', opts.secret ?? SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
      const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json', ...opts.headers };
      if (!opts.unsigned) Object.assign(headers, { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts });
      const t0 = performance.now();
      const res = await fetch(opts.path ? url.replace('/slack/events', opts.path) : url, { method: 'POST', headers, body });
      const text = await res.text();
      return { status: res.status, text, ms: performance.now() - t0 };
    },
    postMessages: () => standIn.calls.filter((c) => c.method === 'chat.postMessage'),
    async close() {
      if (closed) return;
      closed = true;
      await mounted.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await standIn.close();
    },
  };
  harnesses.push(harness);
  return harness;
}

const mention = (over: Record<string, unknown> = {}, eventId = 'Ev001') =>
  JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    event_id: eventId,
    authorizations: [{ user_id: 'UBOT', is_bot: true }],
    event: { type: 'app_mention', user: 'U1', text: '<@UBOT> What did ASEAN commit to?', channel: 'C1', ts: '1748336400.000100', ...over },
  });

const slash = (fields: Record<string, string>) =>
  new URLSearchParams({ command: '/declaration', team_id: 'T1', channel_id: 'C9', user_id: 'U1', trigger_id: 'tr-1', ...fields }).toString();

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** All mrkdwn text of a posted message's blocks. */
const blockTexts = (params: Record<string, any>): string[] =>
  (params.blocks as any[]).flatMap((b) => (b.type === 'section' ? [b.text.text] : b.type === 'context' ? b.elements.map((e: any) => e.text) : []));

describe('channels/slack/mount', () => {
  describe('mountSlack: POST /slack/events', () => {
    it('returns 200 at once for a signed app_mention, then posts exactly one answer in its thread', async () => {
      const h = await start();
      const res = await h.post(mention());
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      expect(res.ms).toBeLessThan(1000);
      await h.mounted.close();
      const posts = h.postMessages();
      expect(posts).toHaveLength(1);
      const [post] = posts;
      expect(post.authorization).toBe(`Bearer ${TOKEN}`);
      expect(post.params).toMatchObject({ channel: 'C1', thread_ts: '1748336400.000100', unfurl_links: 'false' });
      // The first passage is the engine's best for the question, quoted from the corpus, cited, linked.
      const best = (await engine.ask('What did ASEAN commit to?', { lang: 'en', k: 3 })).passages[0];
      const n = best.paragraph;
      const [frame, quote, cite, ...rest] = blockTexts(post.params);
      expect(frame).toBe(ANSWER_FRAME.en);
      expect(quote).toMatch(/^>.*\*[^*]+\*/); // a block quote with its marked sentence in bold
      expect(paragraphs('en')[n - 1]).toContain(plain(quote));
      // The English text is the project's translation, and the citation says so.
      expect(cite).toContain(`— ¶${n} (project translation) · <${PUBLIC}/doc/kl-declaration-2025?lang=en&amp;hl=${n}&amp;s=`);
      expect(cite).toContain(`#p${n}|open in reader>`);
      // Compact: the Vietnamese original is behind the language button, not inline.
      expect(rest.join('\n')).not.toContain(paragraphs('vi')[n - 1].slice(0, 40));
      const buttons = (post.params.blocks as any[]).find((b) => b.type === 'actions').elements;
      expect(buttons.find((b: any) => b.action_id === 'kb_language')).toMatchObject({ text: { text: 'Tiếng Việt' }, value: 'vi' });
      expect(h.handled).toEqual([{ text: 'What did ASEAN commit to?', conversationKey: 'slack:T1:C1:1748336400.000100', channel: 'slack' }]);
    });

    it('returns 401 and does nothing for a wrong signature, a missing one, or a stale or future timestamp', async () => {
      const h = await start();
      const cases: [string, PostOptions][] = [
        ['wrong secret', { secret: 'not-the-secret' }],
        ['no headers', { unsigned: true }],
        ['6 minutes old', { ts: NOW_S - 360 }],
        ['6 minutes ahead', { ts: NOW_S + 360 }],
      ];
      for (const [name, opts] of cases) {
        const res = await h.post(mention({}, `Ev-${name}`), opts);
        expect(res.status, name).toBe(401);
      }
      // A valid signature over other bytes than those sent.
      const signedOther = await fetch(h.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-slack-request-timestamp': String(NOW_S),
          'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${NOW_S}:{}`).digest('hex')}`,
        },
        body: mention(),
      });
      expect(signedOther.status).toBe(401);
      await h.mounted.close();
      expect(h.handled).toHaveLength(0);
      expect(h.standIn.calls).toHaveLength(0);
      // Refusals are counted by the limits in front (src/channels/http/limits.ts), never logged one by one.
      expect(h.logs.filter((l) => l.line.includes('slack request'))).toHaveLength(0);
    });

    it('returns the challenge for a signed url_verification and 401 for an unsigned one', async () => {
      const h = await start();
      const body = JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'c-3eZbrw1aBm2rZgRNFdxV' });
      const ok = await h.post(body);
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.text)).toEqual({ challenge: 'c-3eZbrw1aBm2rZgRNFdxV' });
      expect((await h.post(body, { unsigned: true })).status).toBe(401);
    });

    it('answers once when a retry arrives while the first delivery is in flight and again after it was answered', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const real = realHandle();
      // The real handler behind a gate, so the retry surely arrives while the first is in flight.
      const h = await start({ handle: async (msg) => (await gate, real(msg)) });
      expect((await h.post(mention())).status).toBe(200);
      const retry = await h.post(mention(), { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
      expect(retry.status).toBe(200);
      expect(retry.ms).toBeLessThan(1000);
      release();
      await until(() => h.postMessages().length === 1);
      const late = await h.post(mention(), { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } });
      expect(late.status).toBe(200);
      await h.mounted.close();
      expect(h.postMessages()).toHaveLength(1);
      expect(h.handled).toHaveLength(1);
      expect(h.logs.filter((l) => l.line.includes('slack delivery already taken'))).toHaveLength(2);
    });

    it('answers once when one DM message arrives both as app_mention and as message.im', async () => {
      const h = await start();
      const dm = { channel: 'D1', ts: '1748336500.000200', channel_type: 'im' };
      await h.post(mention(dm, 'EvA'));
      await h.post(mention({ ...dm, type: 'message' }, 'EvB'));
      await h.mounted.close();
      expect(h.postMessages()).toHaveLength(1);
    });

    it('answers a direct message in the DM itself, not in a thread, and keeps one conversation there', async () => {
      const h = await start();
      const body = mention({ type: 'message', channel_type: 'im', channel: 'D7', ts: '1748336600.000300', text: 'Where will the 18th AMRI be held?' }, 'EvDM');
      expect((await h.post(body)).status).toBe(200);
      await until(() => h.postMessages().length === 1);
      await h.post(mention({ type: 'message', channel_type: 'im', channel: 'D7', ts: '1748336610.000400', text: 'and when?' }, 'EvDM2'));
      await until(() => h.postMessages().length === 2);
      await h.mounted.close();
      expect(h.postMessages().map((p) => [p.params.channel, p.params.thread_ts])).toEqual([
        ['D7', undefined],
        ['D7', undefined],
      ]);
      expect(h.handled.map((m) => m.conversationKey)).toEqual(['slack:T1:D7:dm', 'slack:T1:D7:dm']);
      expect(blockTexts(h.postMessages()[1].params)[0]).toMatch(/^Reading this as: “When will the 18th AMRI be held\?”/);
    });

    it('answers a Vietnamese question without diacritics in Vietnamese, citing "đoạn N"', async () => {
      const h = await start();
      const question = 'ASEAN cam ket gi ve tin gia?';
      await h.post(mention({ type: 'message', channel_type: 'im', channel: 'D8', ts: '1748336700.000400', text: question }, 'EvVi'));
      await h.mounted.close();
      const best = (await engine.ask(question, { k: 3 })).passages[0];
      const [frame, quote, cite, ...rest] = blockTexts(h.postMessages()[0].params);
      expect(frame).toBe(ANSWER_FRAME.vi);
      expect(paragraphs('vi')[best.paragraph - 1]).toContain(plain(quote));
      expect(cite).toContain(`— đoạn ${best.paragraph} · <${PUBLIC}/doc/kl-declaration-2025?lang=vi&amp;hl=${best.paragraph}&amp;s=`);
      expect(rest.some((t) => t.includes('original') || t.includes('Bản gốc'))).toBe(false); // no original under a Vietnamese quote
    });

    it('answers an out-of-scope question with the no-answer frame and three suggestions', async () => {
      const h = await start();
      await h.post(mention({ text: '<@UBOT> What is the weather on Mars tomorrow?' }));
      await h.mounted.close();
      const texts = blockTexts(h.postMessages()[0].params);
      expect(texts[0]).toBe(FRAMES.noAnswer.en);
      expect(texts).toHaveLength(2);
      expect(texts[1].split('\n').filter((l) => l.startsWith('• '))).toHaveLength(3);
    });

    it('continues the conversation in the thread: "more" gives the next passages, not the same ones', async () => {
      const h = await start();
      const root = '1748336800.000500';
      await h.post(mention({ ts: root, text: '<@UBOT> What about social media platforms?' }, 'EvQ'));
      await until(() => h.postMessages().length === 1);
      await h.post(mention({ ts: '1748336810.000600', thread_ts: root, text: '<@UBOT> more' }, 'EvMore'));
      await h.mounted.close();
      const posts = h.postMessages();
      expect(posts.map((p) => p.params.thread_ts)).toEqual([root, root]);
      const cited = (p: (typeof posts)[number]) => blockTexts(p.params).flatMap((t) => t.match(/¶\d+/g) ?? []);
      const first = cited(posts[0]);
      const second = cited(posts[1]);
      expect(first.length).toBeGreaterThan(0);
      expect(second.length).toBeGreaterThan(0);
      // The first answer offered more, as a button.
      expect((posts[0].params.blocks as any[]).find((b) => b.type === 'actions').elements.some((e: any) => e.action_id === 'kb_more')).toBe(true);
      expect(blockTexts(posts[1].params)[0]).toBe(FRAMES.more.en);
      for (const c of second) expect(first).not.toContain(c);
      expect(h.handled.map((m) => m.conversationKey)).toEqual([`slack:T1:C1:${root}`, `slack:T1:C1:${root}`]);
    });

    it('reads a follow-up in the thread with the previous question and says how it read it', async () => {
      const h = await start();
      const root = '1748336900.000500';
      await h.post(mention({ ts: root, text: '<@UBOT> Hội nghị AMRI lần thứ 18 tổ chức ở đâu?' }, 'EvFollow1'));
      await until(() => h.postMessages().length === 1);
      await h.post(mention({ ts: '1748336910.000600', thread_ts: root, text: '<@UBOT> còn năm nào?' }, 'EvFollow2'));
      await until(() => h.postMessages().length === 2);
      await h.mounted.close();
      const [first, second] = h.postMessages().map((p) => blockTexts(p.params));
      expect(first.join('\n')).toContain('đoạn 14');
      expect(second[0]).toMatch(/^Tôi hiểu câu hỏi là: “Hội nghị AMRI lần thứ 18 tổ chức năm nào\?”/);
      expect(second.join('\n')).toContain('đoạn 14');
      expect(second.join('\n')).toContain('2027');
    });

    it('round-trips the More, 👍 and language buttons through /slack/interactions: verified, acknowledged at once, retries answered once', async () => {
      const h = await start();
      const root = '1748337000.000500';
      await h.post(mention({ ts: root, text: `<@UBOT> ${await questionWithMore(engine, 'en')}` }, 'EvButtons'));
      await until(() => h.postMessages().length === 1);
      const actions = (h.postMessages()[0].params.blocks as any[]).find((b) => b.type === 'actions');
      const button = (id: string) => actions.elements.find((e: any) => e.action_id === id);
      expect(actions.elements.map((e: any) => e.action_id)).toEqual(['kb_more', 'kb_up', 'kb_down', 'kb_language']);
      const interaction = (actionId: string, value: string, trigger: string) =>
        new URLSearchParams({
          payload: JSON.stringify({
            type: 'block_actions',
            team: { id: 'T1' },
            user: { id: 'U1' },
            channel: { id: 'C1' },
            container: { type: 'message', channel_id: 'C1', message_ts: '1748337001.000600', thread_ts: root },
            message: { ts: '1748337001.000600', thread_ts: root },
            trigger_id: trigger,
            response_url: h.standIn.responseUrl,
            actions: [{ action_id: actionId, value, action_ts: '1748337002.1' }],
          }),
        }).toString();
      const form = { contentType: 'application/x-www-form-urlencoded', path: '/slack/interactions' };
      const more = await h.post(interaction('kb_more', button('kb_more').value, 'tr-more'), form);
      expect(more.status).toBe(200);
      expect(more.ms).toBeLessThan(1000);
      expect((await h.post(interaction('kb_more', button('kb_more').value, 'tr-more'), form)).status).toBe(200); // Slack's retry
      await until(() => h.postMessages().length === 2);
      expect((await h.post(interaction('kb_up', button('kb_up').value, 'tr-up'), form)).status).toBe(200);
      expect((await h.post(interaction('kb_language', button('kb_language').value, 'tr-lang'), form)).status).toBe(200);
      await until(() => h.postMessages().length === 3);
      expect((await h.post(interaction('kb_more', 'x', 'tr-bad'), { ...form, unsigned: true })).status).toBe(401);
      expect((await h.post(interaction('kb_more', 'x', 'tr-stale'), { ...form, ts: NOW_S - 600 })).status).toBe(401);
      await h.mounted.close();
      const posts = h.postMessages();
      expect(posts).toHaveLength(3);
      expect(posts.map((p) => p.params.thread_ts)).toEqual([root, root, root]);
      expect(blockTexts(posts[1].params)[0]).toBe(FRAMES.more.en);
      expect(blockTexts(posts[2].params)[0]).toBe(ANSWER_FRAME.vi); // the other language, same question
      expect(h.feedbacks).toEqual([{ answerId: button('kb_up').value, value: 'up', conversationKey: `slack:T1:C1:${root}` }]);
      expect(h.handled.map((m) => m.text)).toEqual([expect.any(String), 'more', 'tiếng Việt']);
    });

    it('answers a mention asking for help with a message only its author sees (ephemeral), in the thread', async () => {
      const h = await start();
      await h.post(mention({ ts: '1748337100.000100', text: '<@UBOT>' }, 'EvHelp'));
      await until(() => h.standIn.calls.some((c) => c.method === 'chat.postEphemeral'));
      await h.mounted.close();
      const [ephemeral] = h.standIn.calls.filter((c) => c.method === 'chat.postEphemeral');
      expect(ephemeral.params).toMatchObject({ channel: 'C1', user: 'U1', thread_ts: '1748337100.000100' });
      expect(h.postMessages()).toEqual([]);
      expect(h.handled.map((m) => m.text)).toEqual(['help']);
    });

    it("ignores the bot's own messages, other bots and edits (200, nothing posted)", async () => {
      const h = await start();
      const bodies = [
        mention({ type: 'message', channel_type: 'im', channel: 'D1', user: 'UBOT', text: 'Here is what the declaration says:' }, 'Ev1'),
        mention({ type: 'message', channel_type: 'im', channel: 'D1', bot_id: 'BOTHER', user: undefined }, 'Ev2'),
        mention({ type: 'message', channel_type: 'im', channel: 'D1', subtype: 'message_changed' }, 'Ev3'),
      ];
      for (const body of bodies) expect((await h.post(body)).status).toBe(200);
      await h.mounted.close();
      expect(h.handled).toHaveLength(0);
      expect(h.standIn.calls).toHaveLength(0);
    });

    it('acknowledges a slash command in-channel, then answers through its response_url', async () => {
      const h = await start();
      const res = await h.post(slash({ text: 'What did ASEAN commit to?', response_url: h.standIn.responseUrl }), { contentType: 'application/x-www-form-urlencoded' });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ response_type: 'in_channel' });
      await h.mounted.close();
      const hooks = h.standIn.calls.filter((c) => c.method === 'response_url');
      expect(hooks).toHaveLength(1);
      expect(hooks[0].authorization).toBeUndefined(); // response_url needs no token: never send it
      expect(hooks[0].params.response_type).toBe('in_channel');
      const quote = blockTexts(hooks[0].params).find((t) => t.startsWith('>'));
      expect(quote).toBeDefined();
      expect(paragraphs('en').some((p) => p.includes(plain(quote!)))).toBe(true);
      expect(h.handled[0]).toEqual({ text: 'What did ASEAN commit to?', conversationKey: 'slack:T1:C9:U1', channel: 'slack' });
    });

    it('answers an empty slash command with help only the user sees, and posts nothing when response_url is not Slack’s', async () => {
      const h = await start();
      const res = await h.post(slash({ text: '', response_url: h.standIn.responseUrl }), { contentType: 'application/x-www-form-urlencoded' });
      expect(res.status).toBe(200);
      expect(res.text).toBe(''); // no in_channel echo of the empty command
      const evil = await h.post(slash({ text: '', response_url: 'http://127.0.0.2:9/hooks/evil', trigger_id: 'T-evil' }), { contentType: 'application/x-www-form-urlencoded' });
      expect(evil.status).toBe(200);
      await h.mounted.close();
      expect(h.handled.map((m) => m.text)).toEqual(['help', 'help']);
      const hooks = h.standIn.calls.filter((c) => c.method === 'response_url');
      expect(hooks.map((c) => c.params.response_type)).toEqual(['ephemeral']);
      expect(h.postMessages()).toEqual([]);
    });

    it('ignores another slash command with 200', async () => {
      const h = await start();
      const res = await h.post(slash({ command: '/weather', text: 'x' }), { contentType: 'application/x-www-form-urlencoded' });
      expect(res.status).toBe(200);
      await h.mounted.close();
      expect(h.handled).toHaveLength(0);
    });

    it('returns 400 for signed bytes that are not JSON and 415 for an unknown content type', async () => {
      const h = await start();
      expect((await h.post('{not json')).status).toBe(400);
      expect((await h.post('hello', { contentType: 'text/plain' })).status).toBe(415);
    });

    for (const [name, standIn] of [
      ['slow (10 s)', { delayMs: 10_000 }],
      ['failing (HTTP 500)', { status: 500 }],
    ] as const) {
      it(`acknowledges at once and logs one failure without the token when Slack's Web API is ${name}`, async () => {
        const h = await start({ standIn });
        const res = await h.post(mention());
        expect(res.status).toBe(200);
        expect(res.ms).toBeLessThan(1000);
        const t0 = Date.now();
        await h.mounted.close(); // waits for the answer task: bounded by timeout × (1 + retries)
        expect(Date.now() - t0).toBeLessThan(3000);
        expect(h.postMessages()).toHaveLength(2); // first try + one retry, no more
        const failures = h.logs.filter((l) => l.line.includes('slack answer failed'));
        expect(failures).toHaveLength(1);
        expect(failures[0].level).toBe('error');
        expect(failures[0].line).toMatch(standIn.status ? /statusCode = 500/ : /timeout/i);
        expect(failures[0].line).toContain('stage=send');
        for (const { line } of h.logs) expect(line).not.toContain(TOKEN);
      });
    }

    it('returns 503 after close so Slack retries the delivery elsewhere', async () => {
      const h = await start();
      await h.mounted.close();
      expect((await h.post(mention())).status).toBe(503);
    });
  });
});
