/**
 * Terminal text of an engine result: each passage with its citation, the best-matching
 * sentence wrapped by `bold`, the original for translated passages, and the reader link.
 */
import type { AnswerTrace } from '../../answer/answer-question.js';
import type { AskResult } from '../../answer/types.js';
import { markBestSentence } from '../../conversation/mark-sentence.js';
import { passageUrl } from '../../conversation/passage-url.js';
import { suggestionsFor } from '../../conversation/suggestions.js';
import { splitSentences } from '../../text/sentences.js';

const LABEL = {
  en: { paragraph: 'paragraph', original: 'Original', none: 'Nothing in the declaration answers this.', try: 'Try:', showing: 'Showing results for', readingAs: 'Reading this as:', unanswered: 'The declaration does not answer:' },
  vi: { paragraph: 'đoạn', original: 'Nguyên văn', none: 'Không có nội dung nào trong tuyên bố trả lời câu hỏi này.', try: 'Thử hỏi:', showing: 'Kết quả cho', readingAs: 'Tôi hiểu câu hỏi là:', unanswered: 'Tuyên bố không trả lời:' },
};

/** Terminal text of a result; `bold` wraps the best-matching sentence. */
export function formatResult(question: string, result: AskResult, publicUrl: string, bold: (s: string) => string): string {
  const label = LABEL[result.lang];
  if (!result.answered || result.passages.length === 0) {
    return [label.none, '', label.try, ...suggestionsFor(result.lang).map((s) => `  - ${s}`)].join('\n');
  }
  const head: string[] = [];
  const reading = result.reading;
  if (reading?.readAs) head.push(reading.followUp ? `${label.readingAs} “${reading.readAs}”` : `${label.showing} “${reading.readAs}”`);
  if (result.answer) head.push(`→ ${bold(result.answer.text)}`);
  for (const part of reading && reading.parts.length > 1 ? reading.parts : []) if (!part.answered) head.push(`${label.unanswered} “${part.text}”`);
  const blocks = result.passages.map((p, i) => {
    // The sentence the short answer stands in is the one to mark; else the best match.
    const answer = result.answer?.passageId === p.id ? result.answer : null;
    const sentences = answer
      ? splitSentences(p.text).map((text) => ({ text, marked: answer.sentence.includes(text) }))
      : markBestSentence(question, p.text, p.textLang);
    // A heading the paragraph opens with (a side box's title) gets its own line.
    const heading = p.heading && sentences[0]?.text.startsWith(p.heading) ? p.heading : '';
    if (heading) sentences[0] = { ...sentences[0], text: sentences[0].text.slice(heading.length).trim() };
    const lines = [
      `[${i + 1}] ${p.title} — ${label.paragraph} ${p.paragraph}${p.translation ? ` (${p.translation})` : ''}`,
      ...(heading ? [`    ${heading}`] : []),
      '    ' + sentences.map((s) => (s.marked ? bold(s.text) : s.text)).join(' '),
    ];
    if (p.original.lang !== p.textLang) lines.push(`    ${label.original} (${p.original.lang}): ${p.original.text}`);
    lines.push('    ' + publicUrl + passageUrl(p, result.lang));
    return lines.join('\n');
  });
  return [...(head.length ? [head.join('\n')] : []), ...blocks].join('\n\n');
}

/**
 * The answer trace in words: what was set aside, corrected, the focus and answer type of each
 * part, and the decision's signals and probability (`npm run ask -- --explain`).
 */
export function formatExplanation(trace: AnswerTrace, chunks: readonly { id: string }[]): string {
  const a = trace.analysis;
  const out: string[] = [`analysis (${a.lang}):`];
  for (const c of a.corrections) out.push(`  corrected  ${c.from} → ${c.to}`);
  for (const s of a.setAside) out.push(`  set aside  (${s.why}) ${s.text}`);
  if (a.followUp) out.push(`  follow-up  after “${a.followUp.previous}”, read as “${a.followUp.reading}”`);
  if (trace.overview) {
    out.push(`  overview   answered with the document's lead: ${trace.overview.map((i) => chunks[i].id).join(', ')}`);
    return out.join('\n');
  }
  trace.parts.forEach((p, i) => {
    out.push(`  part ${i + 1}     “${p.part.focus}” — expects ${p.part.answerType}`);
    const f = p.features;
    out.push(
      `    signals  coverage ${f.coverage.toFixed(2)}, margin ${f.margin.toFixed(2)}, unknown ${f.unknownShare.toFixed(2)}, detail asked ${f.detailAsked}, detail missing ${f.typeMissing}, log score ${f.logScore.toFixed(2)}` +
        (p.signals.cosine !== undefined ? `, cosine ${p.signals.cosine.toFixed(2)}` : ''),
    );
    out.push(`    decision p = ${p.probability.toFixed(2)} → ${p.answered ? 'answer' : 'refuse'}${p.hits[0] ? ` (best passage ${chunks[p.hits[0].index].id})` : ''}`);
  });
  return out.join('\n');
}

/**
 * Wraps `text` to `width` columns for a terminal: each line keeps its indentation on the lines it
 * breaks into; ANSI styling counts as no width; a word longer than the width stands on its own line.
 *
 *   wrap('    one two three', 12) // '    one two\n    three'
 */
export function wrap(text: string, width: number): string {
  if (!Number.isFinite(width) || width < 20) return text;
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  return text
    .split('\n')
    .map((line) => {
      if (visible(line) <= width) return line;
      const indent = /^\s*/.exec(line)![0];
      const out: string[] = [];
      let current = indent;
      for (const word of line.slice(indent.length).split(/ +/)) {
        const next = current.trim() ? `${current} ${word}` : `${indent}${word}`;
        if (visible(next) > width && current.trim()) {
          out.push(current);
          current = `${indent}${word}`;
        } else current = next;
      }
      out.push(current);
      return out.join('\n');
    })
    .join('\n');
}
