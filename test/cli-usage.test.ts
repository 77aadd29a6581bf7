import { describe, expect, it } from 'vitest';
import { parseAskArgs } from '../src/channels/cli/args.js';
import { parseCommandLine, UsageError } from '../src/cli-usage.js';
import { parseReportArgs } from '../src/qalog/report-args.js';

const OPTIONS = { name: { type: 'string' }, n: { type: 'string', short: 'n' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

describe('cli-usage', () => {
  describe('parseCommandLine', () => {
    it('returns options and positionals, ignoring `--` wherever it stands', () => {
      expect(parseCommandLine(['--', 'a', '--json', 'b', '--', '--name', 'x'], { options: OPTIONS, allowPositionals: true })).toEqual({
        values: { json: true, name: 'x' },
        positionals: ['a', 'b'],
      });
    });

    it('returns words such as -5 as values or positionals, not as options', () => {
      expect(parseCommandLine(['-n', '-5', 'at', '-10', 'degrees', '-'], { options: OPTIONS, allowPositionals: true })).toEqual({
        values: { n: '-5' },
        positionals: ['at', '-10', 'degrees', '-'],
      });
    });

    it.each([
      [['--verbose'], true, 'unknown option --verbose'],
      [['--verbose=1'], true, 'unknown option --verbose'],
      [['--verbose'], false, 'unknown argument --verbose'],
      [['7d'], false, 'unknown argument 7d'],
      [['-5'], false, 'unknown argument -5'],
      [['--name'], true, '--name needs a value'],
      [['-n'], true, '-n needs a value'],
      [['--name', '--json'], true, '--name needs a value'],
      [['--json=yes'], true, '--json takes no value'],
      [['--help=yes'], true, '-h takes no value'],
    ])('rejects %j (positionals %s) with one line: %s', (argv, allowPositionals, message) => {
      const parse = () => parseCommandLine(argv, { options: OPTIONS, allowPositionals });
      expect(parse).toThrow(UsageError);
      expect(parse).toThrow(new UsageError(message));
    });
  });

  // The parsers before node:util parseArgs, for a comparison on command lines both accept.
  describe('the parsers built on it', () => {
    it.each([
      [['what', 'is', 'TFFN']],
      [['--', 'TFFN', 'là', 'gì?', '--lang', 'vi', '--k=4']],
      [['--json', '--explain', '--previous', 'Who met?', 'and', 'when?']],
      [['--previous=', 'q', '-k', '10', '--lang=en', '--k', '1']],
      [['the', '-5', 'rule', '-', 'why?', '-h']],
      [['--help']],
    ])('parseAskArgs(%j) returns the same arguments as before', (argv) => {
      expect(parseAskArgs(argv)).toEqual(oldAskArgs(argv));
    });

    it.each([[[]], [['--since=7d', '--until', '2026-11-30T10:00:00Z']], [['--', '--limit', '1000', '--json', '-h']], [['--limit=7', '--limit', '8']]])(
      'parseReportArgs(%j) returns the same arguments as before',
      (argv) => {
        expect(parseReportArgs(argv)).toEqual(oldReportArgs(argv));
      },
    );
  });
});

function oldAskArgs(argv: string[]) {
  const out: Record<string, unknown> = { question: '', k: 3, json: false, help: false, explain: false };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (arg === '--json') out.json = true;
    else if (arg === '--explain') out.explain = true;
    else if (arg === '--previous' || arg.startsWith('--previous=')) out.previous = arg.includes('=') ? arg.slice(11) : value();
    else if (arg === '-h' || arg === '--help') out.help = true;
    else if (arg === '--lang' || arg.startsWith('--lang=')) out.lang = arg.includes('=') ? arg.slice(7) : value();
    else if (arg === '-k' || arg === '--k' || arg.startsWith('--k=')) out.k = Number(arg.includes('=') ? arg.slice(4) : value());
    else if (arg === '--') continue;
    else words.push(arg);
  }
  out.question = words.join(' ').trim();
  return out;
}

function oldReportArgs(argv: string[]) {
  const out: Record<string, unknown> = { limit: 20, json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--json') out.json = true;
    else if (flag === '-h' || flag === '--help') out.help = true;
    else if (flag === '--since') out.since = value();
    else if (flag === '--until') out.until = value();
    else if (flag === '--limit') out.limit = Number(value());
  }
  return out;
}
