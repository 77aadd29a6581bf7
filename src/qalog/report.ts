/**
 * The staff report, computed by portable SQL over any `SqlDriver` (SQLite today, PostgreSQL
 * later). Percentiles are nearest-rank (the value at rank ⌈p·n⌉), read with ORDER BY/OFFSET
 * because SQLite has no percentile function; memory stays flat however long the period.
 *
 *   const report = await buildReport(driver, { from, to }, { limit: 20 });
 */
import type { SqlDriver, SqlValue } from './sql.js';
import type { FeedbackValue, Period, Report, ReportOptions } from './types.js';

const DEFAULTS: Required<ReportOptions> = { limit: 20 };

const num = (v: unknown): number => Number(v ?? 0);
/** Latencies are stored to 0.01 ms; reports show 0.1 ms. */
const ms = (v: unknown): number => Math.round(Number(v) * 10) / 10;

/** Nearest-rank percentile of `count` sorted values: the 0-based offset of rank ⌈p·n⌉. */
export function percentileOffset(p: number, count: number): number {
  // p·n first: (7 / 100) · 100 is 7.000000000000001 in floating point, and its ceiling 8.
  return Math.max(0, Math.ceil((p * count) / 100) - 1);
}

function parseIds(json: unknown): string[] {
  try {
    const ids = JSON.parse(String(json));
    return Array.isArray(ids) ? ids.map(String) : [];
  } catch {
    return [];
  }
}

export async function buildReport(db: SqlDriver, period: Period, options: ReportOptions = {}): Promise<Report> {
  const { limit } = { ...DEFAULTS, ...options };
  const range: SqlValue[] = [period.from.toISOString(), period.to.toISOString()];
  const inRange = 'asked_at >= ? AND asked_at < ?';
  const newQuestions = `${inRange} AND intent = 'question'`;

  const [totals] = await db.all(
    `SELECT
       SUM(CASE WHEN intent = 'question' THEN 1 ELSE 0 END) AS questions,
       SUM(CASE WHEN intent = 'question' AND answered = 1 THEN 1 ELSE 0 END) AS answered,
       SUM(CASE WHEN intent = 'question' AND outcome = 'no-answer' THEN 1 ELSE 0 END) AS unanswered,
       SUM(CASE WHEN intent = 'question' AND outcome = 'error' THEN 1 ELSE 0 END) AS errors,
       SUM(CASE WHEN intent <> 'question' THEN 1 ELSE 0 END) AS follow_ups,
       COUNT(*) AS turns,
       MAX(latency_ms) AS max_latency
     FROM qa_questions WHERE ${inRange}`,
    range,
  );
  const byChannel = await db.all(`SELECT channel, COUNT(*) AS n FROM qa_questions WHERE ${newQuestions} GROUP BY channel ORDER BY n DESC, channel`, range);
  const byLanguage = await db.all(`SELECT lang, COUNT(*) AS n FROM qa_questions WHERE ${newQuestions} GROUP BY lang ORDER BY n DESC, lang`, range);

  const turns = num(totals?.turns);
  const percentile = async (p: number): Promise<number | null> => {
    if (turns === 0) return null;
    const [row] = await db.all(`SELECT latency_ms FROM qa_questions WHERE ${inRange} ORDER BY latency_ms LIMIT 1 OFFSET ?`, [...range, percentileOffset(p, turns)]);
    return row ? ms(row.latency_ms) : null;
  };

  const mostAsked = await db.all(
    `SELECT question_key, MIN(question) AS question, COUNT(*) AS n, SUM(answered) AS answered
     FROM qa_questions WHERE ${newQuestions}
     GROUP BY question_key ORDER BY n DESC, question_key LIMIT ?`,
    [...range, limit],
  );
  const unanswered = await db.all(
    `SELECT question_key, MIN(question) AS question, COUNT(*) AS n, MAX(asked_at) AS last_asked
     FROM qa_questions WHERE ${newQuestions} AND outcome = 'no-answer'
     GROUP BY question_key ORDER BY n DESC, last_asked DESC LIMIT ?`,
    [...range, limit],
  );

  const votes = 'FROM qa_feedback f LEFT JOIN qa_questions q ON q.answer_id = f.answer_id WHERE f.given_at >= ? AND f.given_at < ?';
  const [feedbackTotals] = await db.all(
    `SELECT SUM(CASE WHEN value = 'up' THEN 1 ELSE 0 END) AS up, SUM(CASE WHEN value = 'down' THEN 1 ELSE 0 END) AS down
     FROM qa_feedback WHERE given_at >= ? AND given_at < ?`,
    range,
  );
  const byQuestion = await db.all(
    `SELECT q.question_key, MIN(q.question) AS question,
       SUM(CASE WHEN f.value = 'up' THEN 1 ELSE 0 END) AS up, SUM(CASE WHEN f.value = 'down' THEN 1 ELSE 0 END) AS down
     ${votes} AND q.question_key IS NOT NULL
     GROUP BY q.question_key ORDER BY down DESC, up DESC, q.question_key LIMIT ?`,
    [...range, limit],
  );
  const latest = await db.all(
    `SELECT f.answer_id, f.value, f.given_at, q.question, q.passage_ids ${votes} ORDER BY f.given_at DESC, f.answer_id LIMIT ?`,
    [...range, limit],
  );

  return {
    period: { from: range[0] as string, to: range[1] as string },
    totals: {
      questions: num(totals?.questions),
      answered: num(totals?.answered),
      unanswered: num(totals?.unanswered),
      errors: num(totals?.errors),
      followUps: num(totals?.follow_ups),
    },
    byChannel: byChannel.map((r) => ({ channel: String(r.channel), count: num(r.n) })),
    byLanguage: byLanguage.map((r) => ({ lang: String(r.lang), count: num(r.n) })),
    latency: {
      count: turns,
      p50: await percentile(50),
      p95: await percentile(95),
      p99: await percentile(99),
      max: turns === 0 ? null : ms(totals?.max_latency),
    },
    mostAsked: mostAsked.map((r) => ({ question: String(r.question), key: String(r.question_key), count: num(r.n), answered: num(r.answered) })),
    unanswered: unanswered.map((r) => ({ question: String(r.question), key: String(r.question_key), count: num(r.n), lastAsked: String(r.last_asked) })),
    feedback: {
      up: num(feedbackTotals?.up),
      down: num(feedbackTotals?.down),
      byQuestion: byQuestion.map((r) => ({ question: String(r.question), key: String(r.question_key), count: num(r.up) + num(r.down), up: num(r.up), down: num(r.down) })),
      latest: latest.map((r) => ({
        answerId: String(r.answer_id),
        value: r.value as FeedbackValue,
        givenAt: String(r.given_at),
        question: r.question == null ? null : String(r.question),
        passageIds: r.passage_ids == null ? [] : parseIds(r.passage_ids),
      })),
    },
  };
}
