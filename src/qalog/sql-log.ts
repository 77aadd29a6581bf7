/**
 * `QaLog` over any migrated `SqlDriver`: the writes and the report are the same SQL for
 * SQLite and PostgreSQL; only the driver differs.
 *
 *   const log = createSqlQaLog(driver);
 *   await log.recordQuestion(row);   // durable when it resolves
 */
import { questionKey } from './question-text.js';
import { buildReport } from './report.js';
import type { SqlDriver } from './sql.js';
import type { FeedbackRow, QaLog, QuestionRow } from './types.js';

const INSERT_QUESTION = `INSERT INTO qa_questions
  (id, asked_at, channel, intent, lang, question, question_key, outcome, answered, passage_ids, latency_ms, answer_id, conversation_key)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

// A changed vote replaces the earlier one (and its time).
const UPSERT_FEEDBACK = `INSERT INTO qa_feedback (answer_id, value, given_at, conversation_key) VALUES (?, ?, ?, ?)
  ON CONFLICT (answer_id) DO UPDATE SET value = excluded.value, given_at = excluded.given_at, conversation_key = excluded.conversation_key`;

export function createSqlQaLog(driver: SqlDriver): QaLog {
  return {
    recordQuestion(row: QuestionRow) {
      return driver.run(INSERT_QUESTION, [
        row.id,
        row.askedAt.toISOString(),
        row.channel,
        row.intent,
        row.lang,
        row.question,
        questionKey(row.question),
        row.outcome,
        row.outcome === 'answer' ? 1 : 0,
        JSON.stringify(row.passageIds),
        Math.round(row.latencyMs * 100) / 100,
        row.answerId ?? null,
        row.conversationKey ?? null,
      ]);
    },
    recordFeedback(row: FeedbackRow) {
      return driver.run(UPSERT_FEEDBACK, [row.answerId, row.value, row.givenAt.toISOString(), row.conversationKey ?? null]);
    },
    report(period, options) {
      return buildReport(driver, period, options);
    },
    close() {
      return driver.close();
    },
  };
}
