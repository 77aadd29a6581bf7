/**
 * Command-line arguments of `npm run ask`.
 *
 *   parseAskArgs(['TFFN là gì?', '--lang', 'en', '-k', '2']) // { question: 'TFFN là gì?', lang: 'en', k: 2, json: false }
 */
import type { Lang } from '../../corpus/types.js';

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

export class UsageError extends Error {}

export const USAGE = `Usage: npm run ask -- "question" [--lang vi|en] [-k N] [--json]

  --lang vi|en  reply language (default: the question's language)
  -k N          passages to show, 1-10 (default 3)
  --json        print the /api/ask JSON instead of text
  --explain     also print how the question was read and why it was answered or refused
  --previous Q  the previous question, to read a follow-up ("and when?") with`;

export function parseAskArgs(argv: string[]): AskArgs {
  const out: AskArgs = { question: '', k: 3, json: false, help: false, explain: false };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--json') out.json = true;
    else if (arg === '--explain') out.explain = true;
    else if (arg === '--previous' || arg.startsWith('--previous=')) out.previous = arg.includes('=') ? arg.slice(11) : value();
    else if (arg === '-h' || arg === '--help') out.help = true;
    else if (arg === '--lang' || arg.startsWith('--lang=')) {
      const v = arg.includes('=') ? arg.slice(7) : value();
      if (v !== 'vi' && v !== 'en') throw new UsageError(`--lang must be vi or en, got "${v}"`);
      out.lang = v;
    } else if (arg === '-k' || arg === '--k' || arg.startsWith('--k=')) {
      const v = arg.includes('=') ? arg.slice(4) : value();
      const k = Number(v);
      if (!Number.isInteger(k) || k < 1 || k > 10) throw new UsageError(`-k must be a whole number from 1 to 10, got "${v}"`);
      out.k = k;
    } else if (arg === '--') continue;
    else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) throw new UsageError(`unknown option ${arg}`);
    else words.push(arg);
  }
  out.question = words.join(' ').trim();
  if (!out.help && out.question === '') throw new UsageError('no question given');
  if (out.question.length > 500) throw new UsageError('the question can have at most 500 characters');
  return out;
}
