import { describe, expect, it } from 'vitest';
import { reportToHtml } from '../../src/qalog/render-html.js';
import { reportToText } from '../../src/qalog/render-text.js';
import type { Report } from '../../src/qalog/types.js';

const MARKUP = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';

const REPORT: Report = {
  period: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' },
  totals: { questions: 8, answered: 4, unanswered: 3, errors: 1, followUps: 2 },
  byChannel: [
    { channel: 'web', count: 5 },
    { channel: 'api', count: 3 },
  ],
  byLanguage: [{ lang: 'vi', count: 8 }],
  latency: { count: 10, p50: 5, p95: 12.34, p99: 250, max: 250 },
  mostAsked: [{ key: 'tffn la gi', question: 'TFFN là gì?', count: 3, answered: 3 }],
  unanswered: [{ key: 'script', question: MARKUP, count: 2, lastAsked: '2026-11-01T01:00:00.000Z' }],
  feedback: {
    up: 2,
    down: 3,
    byQuestion: [{ key: 'tffn la gi', question: 'TFFN là gì?', count: 3, up: 1, down: 2 }],
    latest: [{ answerId: 'a1', value: 'down', givenAt: '2026-11-01T03:00:00.000Z', question: MARKUP, passageIds: ['d:p7', 'd:p3'] }],
  },
};

describe('qalog/render-html', () => {
  describe('reportToHtml', () => {
    const html = reportToHtml(REPORT);

    it('returns the figures', () => {
      expect(html).toContain('<td>Questions</td><td>8</td>');
      expect(html).toContain('<td>web 5, api 3</td>');
      expect(html).toContain('p50 5.0 · p95 12.3 · p99 250.0 · max 250.0');
      expect(html).toContain('<td>3</td><td>TFFN là gì?</td><td>3</td>');
      expect(html).toContain('<td>1</td><td>2</td><td>TFFN là gì?</td>');
    });

    it('returns user text escaped, so markup in a question is shown, never run', () => {
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<img');
      const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;';
      expect(html.split(escaped)).toHaveLength(3);
    });

    it('returns "None" for empty sections and dashes for missing percentiles', () => {
      const empty = reportToHtml({ ...REPORT, mostAsked: [], latency: { count: 0, p50: null, p95: null, p99: null, max: null } });
      expect(empty).toMatch(/<h2>Most asked<\/h2>\s*<p class="empty">None in this period.<\/p>/);
      expect(empty).toContain('p50 – · p95 – · p99 – · max –');
    });
  });
});

describe('qalog/render-text', () => {
  describe('reportToText', () => {
    it('returns every section with its figures', () => {
      const text = reportToText(REPORT);
      expect(text).toContain('Questions: 8 (answered 4, unanswered 3, errors 1); follow-ups ("more", language switch): 2');
      expect(text).toContain('By channel: web 5, api 3');
      expect(text).toContain('By language: vi 8');
      expect(text).toContain('Latency, ms (10 turns): p50 5.0  p95 12.3  p99 250.0  max 250.0');
      expect(text).toMatch(/Most asked:\n +3× {2}TFFN là gì\? {2}\(answered 3\)/);
      expect(text).toContain(`2×  ${MARKUP}  (last 2026-11-01T01:00:00.000Z)`);
      expect(text).toContain('Feedback: up 2, down 3');
      expect(text).toContain('2026-11-01T03:00:00.000Z  down  a1');
      expect(text).toContain('[d:p7, d:p3]');
    });

    it('returns long questions cut to one line', () => {
      const text = reportToText({ ...REPORT, mostAsked: [{ key: 'x', question: 'x'.repeat(300), count: 1, answered: 0 }] });
      expect(text).toContain(`${'x'.repeat(99)}…`);
      expect(text).not.toContain('x'.repeat(100));
    });
  });
});
