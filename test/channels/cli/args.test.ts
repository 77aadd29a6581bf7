import { describe, expect, it } from 'vitest';
import { parseAskArgs } from '../../../src/channels/cli/args.js';
import { UsageError } from '../../../src/cli-usage.js';

describe('channels/cli/args', () => {
  describe('parseAskArgs', () => {
    it('returns the question with defaults', () => {
      expect(parseAskArgs(['TFFN là gì?'])).toEqual({ question: 'TFFN là gì?', k: 3, json: false, help: false, explain: false });
    });

    it('returns options in any order, and joins unquoted words', () => {
      expect(parseAskArgs(['--json', 'what', 'is', '-k', '5', 'TFFN', '--lang', 'vi'])).toEqual({ question: 'what is TFFN', lang: 'vi', k: 5, json: true, help: false, explain: false });
      expect(parseAskArgs(['--lang=en', '--k=2', '--', 'COCI'])).toMatchObject({ question: 'COCI', lang: 'en', k: 2 });
    });

    it('returns help without a question', () => {
      expect(parseAskArgs(['--help']).help).toBe(true);
    });

    it.each([
      [[], /no question/],
      [['q', '--lang', 'fr'], /--lang must be vi or en/],
      [['q', '--lang'], /needs a value/],
      [['q', '-k', '0'], /from 1 to 10/],
      [['q', '-k', '11'], /from 1 to 10/],
      [['q', '-k', 'two'], /from 1 to 10/],
      [['q', '--verbose'], /unknown option --verbose/],
    ])('rejects %j', (argv, pattern) => {
      expect(() => parseAskArgs(argv as string[])).toThrow(UsageError);
      expect(() => parseAskArgs(argv as string[])).toThrow(pattern);
    });
  });
});
