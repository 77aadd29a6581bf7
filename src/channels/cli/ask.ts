/**
 * `npm run ask -- "question" [--lang vi|en] [-k N] [--json]`: the passages with citations,
 * for a terminal (the marked sentence in bold), or the /api/ask JSON with `--json`.
 * Engine messages go to stderr, so `--json` output stays parseable.
 */
import { ConfigError, loadConfig } from '../../config.js';
import { engineOptionsFrom, loadEngine } from '../../answer/engine.js';
import { createLogger } from '../../log.js';
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
  try {
    const result = await engine.ask(args.question, { lang: args.lang, k: args.k, previous: args.previous });
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
    await engine.close();
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
