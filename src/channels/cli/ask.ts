/**
 * `npm run ask -- "question" [--lang vi|en] [-k N] [--json]`: the passages with citations,
 * for a terminal (the marked sentence in bold), or the /api/ask JSON with `--json`.
 * Engine messages go to stderr, so `--json` output stays parseable. The question goes through the
 * same desk as every other channel: the same length limit, and a row in the same question log.
 */
import { ConfigError, loadConfig } from '../../config.js';
import { engineOptionsFrom, loadEngine } from '../../answer/engine.js';
import { createLogger, type Logger } from '../../log.js';
import type { Config } from '../../config.js';
import { createAskDesk, QuestionRejected } from '../../conversation/ask-desk.js';
import { createQaRecorder } from '../../qalog/recorder.js';
import { openSqliteQaLog } from '../../qalog/sqlite.js';
import type { QaLog } from '../../qalog/types.js';
import { openSharedStores } from '../../shared/stores.js';
import { toApiResult } from '../http/api-shape.js';
import { UsageError } from '../../cli-usage.js';
import { parseAskArgs, USAGE } from './args.js';
import { formatExplanation, formatResult, wrap } from './format.js';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseAskArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const config = loadConfig();
  const log = createLogger({ level: 'warn', write: (line) => process.stderr.write(line + '\n') });
  // A one-off lookup never rebuilds or writes a stale index: it answers lexically and says why.
  const engine = await loadEngine({ ...engineOptionsFrom(config), rebuildStale: false, log });
  const questionLog = await openQuestionLog(config, log);
  const recorder = questionLog && createQaRecorder({ qalog: questionLog.qalog, storeUserIds: config.qalog.storeUserIds, userSalt: config.qalog.userSalt, log });
  const desk = createAskDesk({ engine, recorder, maxQuestionLength: config.maxQuestionLength });
  try {
    let result;
    try {
      result = await desk.ask({ text: args.question, channel: 'cli', lang: args.lang, k: args.k, previous: args.previous }, (r) => ({
        value: r,
        outcome: r.answered ? 'answer' : 'no-answer',
        passageIds: r.passages.map((p) => p.id),
      }));
    } catch (err) {
      if (!(err instanceof QuestionRejected)) throw err;
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (args.explain) process.stderr.write(formatExplanation(await engine.trace(args.question, engine.detectLanguage(args.question), { limit: args.k, previous: args.previous }), engine.chunks) + '\n\n');
    if (args.json) process.stdout.write(JSON.stringify(toApiResult(result, config.publicUrl), null, 2) + '\n');
    else {
      const color = process.stdout.isTTY;
      // Bold in a terminal; plain text when piped (no markup for a file or another program).
      const bold = color ? (s: string) => `\x1b[1m${s}\x1b[22m` : (s: string) => s;
      const text = formatResult(args.question, result, config.publicUrl, bold);
      // Wrapped to the terminal's width; piped output keeps one line per passage for other programs.
      process.stdout.write((color ? wrap(text, process.stdout.columns ?? 80) : text) + '\n');
    }
    return 0;
  } finally {
    await questionLog?.close();
    await engine.close();
  }
}

/**
 * The question log the server writes (PostgreSQL when `DATABASE_URL` is set, else the SQLite file).
 * A lookup still answers when the log cannot be opened: it says so on stderr.
 */
async function openQuestionLog(config: Config, log: Logger): Promise<{ qalog: QaLog; close(): Promise<void> } | undefined> {
  try {
    if (config.shared.databaseUrl) {
      const shared = await openSharedStores({ databaseUrl: config.shared.databaseUrl, log });
      return { qalog: shared.qalog!, close: () => shared.close() };
    }
    const qalog = await openSqliteQaLog({ path: config.qalog.path, synchronous: config.qalog.sync, log });
    return { qalog, close: () => qalog.close() };
  } catch (err) {
    log.warn('question log unavailable; answering without logging this question', { error: err });
    return undefined;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    const message = err instanceof ConfigError ? `Configuration error: ${err.message}` : `ask failed: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(message + '\n');
    process.exit(1);
  },
);
