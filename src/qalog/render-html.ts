/**
 * The report as one self-contained HTML page for `GET /admin/report`. Every piece of text a
 * user supplied (questions) or a row holds is escaped; the page has no script.
 *
 *   res.type('html').send(reportToHtml(report));
 */
import { escapeHtml } from '../text/html.js';
import type { Report } from './types.js';

const e = (v: unknown) => escapeHtml(String(v));
const fmt = (v: number | null) => (v === null ? '–' : v.toFixed(1));

function table(headers: string[], rows: unknown[][], empty = 'None in this period.'): string {
  if (rows.length === 0) return `<p class="empty">${e(empty)}</p>`;
  const head = headers.map((h) => `<th>${e(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}td:first-child{white-space:nowrap}
.figures td:first-child{font-weight:600}.empty{color:#666}`;

export function reportToHtml(report: Report): string {
  const { totals, latency, feedback } = report;
  const figures = table(
    ['Figure', 'Value'],
    [
      ['Questions', totals.questions],
      ['Answered', totals.answered],
      ['Unanswered', totals.unanswered],
      ['Errors', totals.errors],
      ['Follow-ups ("more", language switch)', totals.followUps],
      ['By channel', report.byChannel.map((c) => `${c.channel} ${c.count}`).join(', ') || 'none'],
      ['By language', report.byLanguage.map((l) => `${l.lang} ${l.count}`).join(', ') || 'none'],
      [`Latency, ms (${latency.count} turns)`, `p50 ${fmt(latency.p50)} · p95 ${fmt(latency.p95)} · p99 ${fmt(latency.p99)} · max ${fmt(latency.max)}`],
      ['Feedback', `👍 ${feedback.up} · 👎 ${feedback.down}`],
    ],
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Question log report</title><style>${STYLE}</style></head>
<body>
<h1>Question log report</h1>
<p>From <time>${e(report.period.from)}</time> to <time>${e(report.period.to)}</time> (UTC). Change the period with <code>?since=7d</code>, <code>24h</code> or <code>2026-11-01</code>, and <code>&amp;until=…</code>.</p>
<div class="figures">${figures}</div>
<h2>Most asked</h2>
${table(['Times', 'Question', 'Answered'], report.mostAsked.map((q) => [q.count, q.question, q.answered]))}
<h2>Unanswered — what the corpus is missing</h2>
${table(['Times', 'Question', 'Last asked'], report.unanswered.map((q) => [q.count, q.question, q.lastAsked]))}
<h2>Feedback by question</h2>
${table(['👍', '👎', 'Question'], feedback.byQuestion.map((q) => [q.up, q.down, q.question]))}
<h2>Latest votes</h2>
${table(['Given', 'Vote', 'Question', 'Passages'], feedback.latest.map((v) => [v.givenAt, v.value === 'up' ? '👍' : '👎', v.question ?? '(question not in the log)', v.passageIds.join(', ')]))}
</body></html>
`;
}
