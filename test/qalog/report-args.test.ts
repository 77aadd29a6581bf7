import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli-usage.js';
import { parseReportArgs } from '../../src/qalog/report-args.js';

describe('qalog/report-args', () => {
  describe('parseReportArgs', () => {
    it('returns the defaults for no arguments', () => {
      expect(parseReportArgs([])).toEqual({ limit: 20, json: false, help: false });
    });

    it('returns every option, in both --x v and --x=v forms', () => {
      expect(parseReportArgs(['--', '--since', '24h', '--until=2026-11-30', '--limit', '5', '--json'])).toEqual({ since: '24h', until: '2026-11-30', limit: 5, json: true, help: false });
      expect(parseReportArgs(['-h']).help).toBe(true);
    });

    it.each([
      [['--since'], /--since needs a value/],
      [['--limit', '0'], /--limit must be a whole number from 1 to 1000/],
      [['--limit=many'], /--limit must be a whole number/],
      [['--verbose'], /unknown argument --verbose/],
      [['7d'], /unknown argument 7d/],
    ])('rejects %j', (argv, message) => {
      expect(() => parseReportArgs(argv)).toThrow(UsageError);
      expect(() => parseReportArgs(argv)).toThrow(message);
    });
  });
});
