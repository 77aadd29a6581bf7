/**
 * Terminal text of an engine result: each passage with its citation, the best-matching
 * sentence wrapped by `bold`, the original for translated passages, and the reader link.
 */
import type { AskResult } from '../../answer/types.js';
import { markBestSentence } from '../../conversation/mark-sentence.js';
import { passageUrl } from '../../conversation/handler.js';
import { suggestionsFor } from '../../conversation/suggestions.js';

const LABEL = {
  en: { paragraph: 'paragraph', original: 'Original', none: 'Nothing in the declaration answers this.', try: 'Try:' },
  vi: { paragraph: 'đoạn', original: 'Nguyên văn', none: 'Không có nội dung nào trong tuyên bố trả lời câu hỏi này.', try: 'Thử hỏi:' },
};

/** Terminal text of a result; `bold` wraps the best-matching sentence. */
export function formatResult(question: string, result: AskResult, publicUrl: string, bold: (s: string) => string): string {
  const label = LABEL[result.lang];
  if (!result.answered || result.passages.length === 0) {
    return [label.none, '', label.try, ...suggestionsFor(result.lang).map((s) => `  - ${s}`)].join('\n');
  }
  const blocks = result.passages.map((p, i) => {
    const sentences = markBestSentence(question, p.text, p.textLang);
    const lines = [
      `[${i + 1}] ${p.title} — ${label.paragraph} ${p.paragraph}`,
      '    ' + sentences.map((s) => (s.marked ? bold(s.text) : s.text)).join(' '),
    ];
    if (p.original.lang !== p.textLang) lines.push(`    ${label.original} (${p.original.lang}): ${p.original.text}`);
    lines.push('    ' + publicUrl + passageUrl(p, result.lang));
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}
