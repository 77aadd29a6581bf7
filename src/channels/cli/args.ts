/**
 * Command-line arguments of `npm run ask`.
 *
 *   parseAskArgs(['TFFN là gì?', '--lang', 'en', '-k', '2']) // { question: 'TFFN là gì?', lang: 'en', k: 2, json: false }
 */
import type { Lang } from '../../corpus/types.js';
import { parseCommandLine, UsageError } from '../../cli-usage.js';

export interface AskArgs {
  question: string;
  lang?: Lang;
  k: number;
  json: boolean;
  help: boolean;
  /** Print the question analysis and the decision of each part. */
  explain: boolean;
  /** The previous question, to read a follow-up with. */
  previous?: string;
}

export const USAGE = `Usage: npm run ask -- "question" [--lang vi|en] [-k N] [--json]

  --lang vi|en  reply language (default: the question's language)
  -k N          passages to show, 1-10 (default 3)
  --json        print the /api/ask JSON instead of text
  --explain     also print how the question was read and why it was answered or refused
  --previous Q  the previous question, to read a follow-up ("and when?") with`;

const OPTIONS = {
  lang: { type: 'string' },
  k: { type: 'string', short: 'k' },
  json: { type: 'boolean', default: false },
  explain: { type: 'boolean', default: false },
  previous: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The question is the words that are not options, joined with spaces (quoting it is optional). */
export function parseAskArgs(argv: string[]): AskArgs {
  const { values, positionals } = parseCommandLine(argv, { options: OPTIONS, allowPositionals: true });
  const out: AskArgs = { question: positionals.join(' ').trim(), k: 3, json: values.json, help: values.help, explain: values.explain };
  if (values.lang !== undefined) {
    if (values.lang !== 'vi' && values.lang !== 'en') throw new UsageError(`--lang must be vi or en, got "${values.lang}"`);
    out.lang = values.lang;
  }
  if (values.k !== undefined) {
    const k = Number(values.k);
    if (!Number.isInteger(k) || k < 1 || k > 10) throw new UsageError(`-k must be a whole number from 1 to 10, got "${values.k}"`);
    out.k = k;
  }
  if (values.previous !== undefined) out.previous = values.previous;
  if (!out.help && out.question === '') throw new UsageError('no question given');
  return out;
}
