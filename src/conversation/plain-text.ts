/**
 * A reply as plain text: the fallback for clients that cannot render a `Reply`
 * (the web wire message's `text`), and the CLI's output.
 *
 *   replyToPlainText(reply, { publicUrl: 'https://bot.example' })
 */
import type { Lang } from '../corpus/types.js';
import type { Reply } from './types.js';

export interface PlainTextOptions {
  /** Prefix for reader links; links stay relative when omitted. */
  publicUrl?: string;
  /** Wraps the marked sentence (e.g. ANSI bold in a terminal). Default: unchanged. */
  mark?: (sentence: string) => string;
}

const LABELS: Record<Lang, { paragraph: string; original: string; suggestions: string; also: string }> = {
  en: { paragraph: 'paragraph', original: 'Original (Vietnamese)', suggestions: 'You can ask:', also: 'Also relevant:' },
  vi: { paragraph: 'đoạn', original: 'Nguyên văn', suggestions: 'Bạn có thể hỏi:', also: 'Cũng liên quan:' },
};

export function replyToPlainText(reply: Reply, options: PlainTextOptions = {}): string {
  const mark = options.mark ?? ((s: string) => s);
  const label = LABELS[reply.lang];
  const lines = [reply.frame];
  if (reply.answer) lines.push('', `→ ${mark(reply.answer.text)}`);
  reply.passages.forEach((p, i) => {
    if (p.alsoRelevant && !reply.passages[i - 1]?.alsoRelevant) lines.push('', label.also);
    lines.push('', `[${i + 1}] ${p.title}, ${label.paragraph} ${p.paragraph}${p.translation ? ` (${p.translation})` : ''}`);
    const heading = p.sentences.find((s) => s.heading);
    if (heading) lines.push(heading.text);
    lines.push(p.sentences.filter((s) => !s.heading).map((s) => (s.marked ? mark(s.text) : s.text)).join(' '));
    if (p.textLang !== p.original.lang) lines.push(`${label.original}: ${p.original.text}`);
    lines.push((options.publicUrl ?? '') + p.url);
  });
  if (reply.suggestions.length > 0) {
    lines.push('', label.suggestions, ...reply.suggestions.map((s) => `- ${s}`));
  }
  return lines.join('\n');
}
