import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_BLOCKS,
  SECTION_TEXT_LIMIT,
  escapeMrkdwn,
  quoteWithMark,
  replyToBlocks,
  truncateEscaped,
  type SlackBlock,
} from '../../../src/channels/slack/blocks.js';
import type { Reply, ReplyPassage } from '../../../src/conversation/types.js';

const PUBLIC = 'https://bot.example.org';

function passage(over: Partial<ReplyPassage> = {}): ReplyPassage {
  return {
    id: 'kl-declaration-2025:p7',
    doc: 'kl-declaration-2025',
    title: 'Kuala Lumpur Declaration',
    paragraph: 7,
    score: 1,
    text: 'ASEAN will fight fake news. Members share good practices.',
    textLang: 'en',
    original: { lang: 'vi', text: 'ASEAN sẽ chống tin giả. Các thành viên chia sẻ kinh nghiệm.' },
    url: '/doc/kl-declaration-2025?lang=en&hl=7#p7',
    sentences: [
      { text: 'ASEAN will fight fake news.', marked: true },
      { text: 'Members share good practices.', marked: false },
    ],
    ...over,
  };
}

function reply(over: Partial<Reply> = {}): Reply {
  return { kind: 'answer', lang: 'en', frame: 'Here is what the declaration says:', passages: [passage()], suggestions: [], ...over };
}

/** Every mrkdwn string in the message, for checks that must hold everywhere. */
function texts(blocks: SlackBlock[]): string[] {
  return blocks.flatMap((b) => (b.type === 'section' ? [b.text.text] : b.type === 'context' ? b.elements.map((e) => e.text) : []));
}

describe('channels/slack/blocks', () => {
  describe('escapeMrkdwn', () => {
    it('returns &, < and > escaped and bare broadcast words defused', () => {
      expect(escapeMrkdwn('a & b <!channel> <@U1> @here @Channel x@everyone')).toBe(
        'a &amp; b &lt;!channel&gt; &lt;@U1&gt; @\u2060here @\u2060Channel x@\u2060everyone',
      );
    });

    it('returns text with no raw < or > for any input (property)', () => {
      fc.assert(fc.property(fc.string(), (s) => {
        expect(escapeMrkdwn(s)).not.toMatch(/[<>]/);
      }));
    });
  });

  describe('truncateEscaped', () => {
    it('returns the text unchanged when it fits, else cut with … and no broken entity', () => {
      expect(truncateEscaped('abc', 3)).toBe('abc');
      expect(truncateEscaped('ab &amp; cd', 6)).toBe('ab…');
      expect(truncateEscaped('abcdef', 4)).toBe('abc…');
    });
  });

  describe('quoteWithMark', () => {
    it('returns a block quote with only the marked sentence in bold', () => {
      expect(quoteWithMark(passage())).toBe('>*ASEAN will fight fake news.* Members share good practices.');
    });

    it('returns the passage text when it has no sentences', () => {
      expect(quoteWithMark(passage({ sentences: [] }))).toBe('>ASEAN will fight fake news. Members share good practices.');
    });

    it('returns at most the limit with bold still closed when a long marked sentence is cut', () => {
      const long = 'word & '.repeat(800);
      const out = quoteWithMark(passage({ sentences: [{ text: 'Short.', marked: false }, { text: long, marked: true }] }));
      expect(out.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
      expect(out.startsWith('>Short. *word &amp; word')).toBe(true);
      expect(out.endsWith('*…')).toBe(true);
      expect(out).not.toMatch(/&[a-z]*\*…$/);
    });
  });

  describe('replyToBlocks', () => {
    it('puts the short answer in bold after the frame and in the notification text', () => {
      const { blocks, text } = replyToBlocks(reply({ answer: { text: 'Cambodia in 2027', passageId: 'kl-declaration-2025:p7', sentence: 'x' } }), 'https://bot.example.org');
      expect(texts([blocks[1]])[0]).toBe('*Cambodia in 2027*');
      expect(text.split('\n')[1]).toBe('*Cambodia in 2027*');
    });

    it('returns frame, quote and one citation line with the absolute reader link, the original not inline', () => {
      const { text, blocks } = replyToBlocks(reply({ hasMore: true }), PUBLIC);
      expect(blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'Here is what the declaration says:', verbatim: true } });
      expect(blocks[1]).toMatchObject({ type: 'section', text: { text: '>*ASEAN will fight fake news.* Members share good practices.' } });
      expect(texts([blocks[2]])[0]).toBe(
        'Kuala Lumpur Declaration — ¶7 · <https://bot.example.org/doc/kl-declaration-2025?lang=en&amp;hl=7#p7|open in reader>',
      );
      expect(texts(blocks).join('\n')).not.toContain('ASEAN sẽ chống tin giả');
      expect(texts([blocks[3]])[0]).toContain('*more*');
      expect(blocks).toHaveLength(4);
      // The notification carries the sentence that answers, not only where it is.
      expect(text).toBe('Here is what the declaration says:\nASEAN will fight fake news.\n• Kuala Lumpur Declaration — ¶7');
    });

    it('returns "đoạn N", Vietnamese labels and no original block for a Vietnamese answer', () => {
      const vi = passage({ title: 'Tuyên bố Kuala Lumpur', text: 'ASEAN sẽ chống tin giả.', textLang: 'vi', sentences: [{ text: 'ASEAN sẽ chống tin giả.', marked: true }] });
      const { blocks } = replyToBlocks(reply({ lang: 'vi', frame: 'Tuyên bố nói:', passages: [vi] }), PUBLIC);
      expect(blocks).toHaveLength(3);
      expect(texts([blocks[2]])[0]).toMatch(/^Tuyên bố Kuala Lumpur — đoạn 7 · <https:\/\/bot\.example\.org\/doc\/.*\|mở trong trang đọc>$/);
    });

    it('returns frame and the three suggestions for a no-answer reply', () => {
      const suggestions = ['What is the declaration about?', 'Who met in Kuala Lumpur?', 'What about fake news?'];
      const { blocks, text } = replyToBlocks(reply({ kind: 'no-answer', frame: 'I could not find this in the declaration.', passages: [], suggestions }), PUBLIC);
      expect(blocks).toHaveLength(2);
      expect(texts(blocks)[1]).toBe(`*You can ask:*\n${suggestions.map((s) => `• ${s}`).join('\n')}`);
      expect(text).toContain('I could not find this in the declaration.');
    });

    it('returns no mention, broadcast or forged link from hostile corpus or suggestion text', () => {
      const hostile = '<!channel> <!here> <@U999> <https://evil.example|click> @channel & more';
      const { blocks, text } = replyToBlocks(
        reply({
          frame: hostile,
          passages: [passage({ title: hostile, text: hostile, sentences: [{ text: hostile, marked: true }], original: { lang: 'vi', text: hostile } })],
          suggestions: [hostile],
        }),
        PUBLIC,
      );
      for (const s of [...texts(blocks), text]) {
        expect(s).not.toMatch(/<[!@#]/);
        expect(s).not.toContain('<https://evil');
        expect(s).not.toMatch(/@(channel|here)/);
      }
      // The only real link is ours.
      expect(texts(blocks).join('\n').match(/<http/g)).toHaveLength(1);
      for (const b of blocks) for (const t of b.type === 'section' ? [b.text] : b.type === 'context' ? b.elements : []) expect(t.verbatim).toBe(true);
    });

    it('returns sections within 3000 characters and at most 50 blocks for huge replies', () => {
      const huge = 'Sentence with < and & signs. '.repeat(400);
      const passages = Array.from({ length: 30 }, (_, i) => passage({ paragraph: i + 1, text: huge, sentences: [{ text: huge, marked: true }], original: { lang: 'vi', text: huge } }));
      const { blocks, text } = replyToBlocks(reply({ passages, suggestions: [huge, huge, huge] }), PUBLIC);
      expect(blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
      for (const t of texts(blocks)) expect(t.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
      expect(text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    });

    it('returns no block for an empty frame (Slack rejects empty section text)', () => {
      const { blocks } = replyToBlocks(reply({ frame: '', passages: [], suggestions: ['q'] }), PUBLIC);
      expect(blocks).toHaveLength(1);
      expect(texts(blocks)[0]).toBe('*You can ask:*\n• q');
    });

    it('returns links under a public URL with a path prefix kept', () => {
      const { blocks } = replyToBlocks(reply(), 'https://example.org/bot/');
      expect(texts([blocks[2]])[0]).toContain('<https://example.org/bot/doc/kl-declaration-2025?');
    });
  });
});
