/**
 * The report as plain text for `npm run report`.
 *
 *   process.stdout.write(reportToText(report));
 */
import type { Report } from './types.js';

const fmt = (v: number | null) => (v === null ? '–' : v.toFixed(1));
const list = (items: { name: string; count: number }[]) => (items.length ? items.map((i) => `${i.name} ${i.count}`).join(', ') : 'none');
/** One line per question: control characters were cleaned at write time; long ones are cut for the terminal. */
const line = (text: string, max = 100) => (Array.from(text).length > max ? Array.from(text).slice(0, max - 1).join('') + '…' : text);

export function reportToText(report: Report): string {
  const { totals, latency, feedback } = report;
  const out: string[] = [
    `Question log ${report.period.from} – ${report.period.to}`,
    '',
    `Questions: ${totals.questions} (answered ${totals.answered}, unanswered ${totals.unanswered}, errors ${totals.errors}); follow-ups ("more", language switch): ${totals.followUps}`,
    `By channel: ${list(report.byChannel.map((c) => ({ name: c.channel, count: c.count })))}`,
    `By language: ${list(report.byLanguage.map((l) => ({ name: l.lang, count: l.count })))}`,
    `Latency, ms (${latency.count} turns): p50 ${fmt(latency.p50)}  p95 ${fmt(latency.p95)}  p99 ${fmt(latency.p99)}  max ${fmt(latency.max)}`,
    '',
    'Most asked:',
    ...(report.mostAsked.length ? report.mostAsked.map((q) => `  ${String(q.count).padStart(5)}×  ${line(q.question)}  (answered ${q.answered})`) : ['  none']),
    '',
    'Unanswered — what the corpus is missing:',
    ...(report.unanswered.length ? report.unanswered.map((q) => `  ${String(q.count).padStart(5)}×  ${line(q.question)}  (last ${q.lastAsked})`) : ['  none']),
    '',
    `Feedback: up ${feedback.up}, down ${feedback.down}`,
    ...feedback.byQuestion.map((q) => `  up ${String(q.up).padStart(3)}  down ${String(q.down).padStart(3)}  ${line(q.question)}`),
  ];
  if (feedback.latest.length) {
    out.push('', 'Latest votes:');
    for (const v of feedback.latest) {
      out.push(`  ${v.givenAt}  ${v.value.padEnd(4)}  ${v.answerId}  ${line(v.question ?? '(question not in the log)', 60)}  [${v.passageIds.join(', ')}]`);
    }
  }
  return out.join('\n') + '\n';
}
