/**
 * Formats a conversation `Reply` as a Slack message (Block Kit + a plain fallback `text`).
 * Pure: the same reply always gives the same blocks.
 *
 *   const { text, blocks } = replyToBlocks(reply, 'https://bot.example.org');
 *   await web.chat.postMessage({ channel, thread_ts, text, blocks });
 *
 * Everything from the corpus or a user is escaped (`&`, `<`, `>`), and every mrkdwn text object
 * is `verbatim`, so quoted text can neither break the layout nor ping `<!channel>` / `@here`.
 */
import type { Lang } from '../../corpus/types.js';
import type { Reply, ReplyPassage } from '../../conversation/types.js';

/** Block Kit limits (https://api.slack.com/reference/block-kit/blocks). */
export const SECTION_TEXT_LIMIT = 3000;
export const MAX_BLOCKS = 50;

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  verbatim: true;
}
export interface SlackButton {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string; emoji: true };
  value: string;
}
export type SlackBlock =
  | { type: 'section'; text: MrkdwnText }
  | { type: 'context'; elements: MrkdwnText[] }
  | { type: 'actions'; elements: SlackButton[] };

/** `action_id`s of the reply buttons, handled at `POST /slack/interactions`. */
export const SLACK_ACTIONS = { more: 'kb_more', up: 'kb_up', down: 'kb_down', language: 'kb_language' } as const;

export interface SlackMessage {
  /** Fallback for notifications and clients without Block Kit. */
  text: string;
  blocks: SlackBlock[];
}

/** Fixed labels per language; short frames only, never content. */
const LABELS: Record<Lang, { paragraph: (n: number) => string; reader: string; more: string; ask: string; also: string; moreButton: string; otherLanguage: string }> = {
  en: {
    paragraph: (n) => `¶${n}`,
    reader: 'open in reader',
    more: 'Say *more* for further passages.',
    ask: 'You can ask:',
    also: 'Also relevant',
    moreButton: 'More',
    otherLanguage: 'Tiếng Việt',
  },
  vi: {
    paragraph: (n) => `đoạn ${n}`,
    reader: 'mở trong trang đọc',
    more: 'Gõ *thêm* để xem các đoạn tiếp theo.',
    ask: 'Bạn có thể hỏi:',
    also: 'Cũng liên quan',
    moreButton: 'Thêm',
    otherLanguage: 'English',
  },
};

/**
 * Escapes text for Slack mrkdwn. `&<>` are the only characters Slack defines escapes for;
 * escaping `<` alone stops `<!channel>`, `<@U123>` and forged `<url|label>` links. A word joiner
 * after a bare `@` in `@channel`/`@here`/`@everyone` stops clients that still parse those words.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

/** Cuts already-escaped text to at most `max` characters with `…`, never inside an `&…;` entity. */
export function truncateEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  cut = cut.replace(/&[a-z]{0,4}$/, ''); // a partial entity would show as raw text
  return cut.trimEnd() + '…';
}

const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text, verbatim: true });
const section = (text: string): SlackBlock => ({ type: 'section', text: mrkdwn(truncateEscaped(text, SECTION_TEXT_LIMIT)) });
const context = (text: string): SlackBlock => ({ type: 'context', elements: [mrkdwn(truncateEscaped(text, SECTION_TEXT_LIMIT))] });
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The passage as a block quote, its marked sentence in bold, within the section limit. */
export function quoteWithMark(passage: ReplyPassage, limit: number = SECTION_TEXT_LIMIT): string {
  const sentences = passage.sentences.length > 0 ? passage.sentences : [{ text: passage.text, marked: false }];
  let out = '>';
  for (const sentence of sentences) {
    const plain = escapeMrkdwn(oneLine(sentence.text));
    if (!plain) continue;
    const sep = out === '>' ? '' : ' ';
    // Bold needs its `*` on both ends, so a cut marked sentence is re-closed after cutting; a heading is in italics.
    const wrap = (s: string) => (sentence.marked ? `*${s}*` : 'heading' in sentence && sentence.heading ? `_${s}_ —` : s);
    if (out.length + sep.length + wrap(plain).length <= limit) {
      out += sep + wrap(plain);
      continue;
    }
    const room = limit - out.length - sep.length - (sentence.marked ? 2 : 0) - 1;
    if (room > 0) {
      const cut = truncateEscaped(plain, room + 1).replace(/…$/, '').trimEnd();
      if (cut) out += sep + wrap(cut);
    }
    return out + '…';
  }
  return out;
}

function absoluteUrl(url: string, publicUrl: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  return publicUrl.replace(/\/+$/, '') + (url.startsWith('/') ? '' : '/') + url;
}

/** A URL safe inside `<url|label>`: `&` escaped as Slack asks, `<>|` percent-encoded. */
function linkUrl(url: string): string {
  return url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
}

/** `Title — ¶7` / `Title — đoạn 7` (escaped). */
export function citation(passage: ReplyPassage, lang: Lang): string {
  const translated = passage.translation ? ` (${escapeMrkdwn(oneLine(passage.translation))})` : '';
  return `${escapeMrkdwn(oneLine(passage.title))} — ${LABELS[lang].paragraph(passage.paragraph)}${translated}`;
}

function passageBlocks(passage: ReplyPassage, lang: Lang, publicUrl: string): SlackBlock[] {
  const labels = LABELS[lang];
  const link = `<${linkUrl(absoluteUrl(passage.url, publicUrl))}|${labels.reader}>`;
  // Compact: the quote and one source line. The original of a translated quote is one click away,
  // behind the other-language button (and in the reader page), not inline.
  return [section(quoteWithMark(passage)), context(`${citation(passage, lang)} · ${link}`)];
}

/** The Slack message for a reply: frame, one section + citation per passage, suggestions. */
export function replyToBlocks(reply: Reply, publicUrl: string): SlackMessage {
  const labels = LABELS[reply.lang];
  const frame = escapeMrkdwn(reply.frame);
  // Slack rejects a section with empty text, so an empty frame adds no block.
  const blocks: SlackBlock[] = frame ? [section(frame)] : [];
  // The short answer first, where the text states one; the fallback (notifications) carries it too.
  const answer = reply.answer ? `*${escapeMrkdwn(oneLine(reply.answer.text))}*` : '';
  if (answer) blocks.push(section(answer));
  reply.passages.forEach((passage, i) => {
    if (passage.alsoRelevant && !reply.passages[i - 1]?.alsoRelevant) blocks.push(context(`_${labels.also}_`));
    blocks.push(...passageBlocks(passage, reply.lang, publicUrl));
  });
  // An answer ends with its buttons: More (when there is more), 👍/👎 and the other language.
  if (reply.kind === 'answer' && reply.answerId) {
    const button = (action_id: string, text: string, value: string): SlackButton => ({ type: 'button', action_id, text: { type: 'plain_text', text, emoji: true }, value });
    blocks.push({
      type: 'actions',
      elements: [
        ...(reply.hasMore ? [button(SLACK_ACTIONS.more, labels.moreButton, reply.answerId)] : []),
        button(SLACK_ACTIONS.up, '👍', reply.answerId),
        button(SLACK_ACTIONS.down, '👎', reply.answerId),
        button(SLACK_ACTIONS.language, labels.otherLanguage, reply.lang === 'vi' ? 'en' : 'vi'),
      ],
    });
  } else if (reply.passages.length > 0 && reply.hasMore) blocks.push(context(labels.more));
  const suggestions = reply.suggestions.map((q) => `• ${escapeMrkdwn(oneLine(q))}`);
  if (suggestions.length > 0) blocks.push(section(`*${labels.ask}*\n${suggestions.join('\n')}`));

  // Notifications show only `text`: the short answer, or else the sentence that answers.
  const marked = reply.passages[0]?.sentences.filter((x) => x.marked).map((x) => x.text).join(' ');
  const gist = answer || (marked ? escapeMrkdwn(oneLine(marked)) : '');
  const fallback = [frame, ...(gist ? [gist] : []), ...reply.passages.map((p) => `• ${citation(p, reply.lang)}`), ...suggestions];
  return { text: truncateEscaped(fallback.join('\n'), SECTION_TEXT_LIMIT), blocks: blocks.slice(0, MAX_BLOCKS) };
}
