import { describe, expect, it } from 'vitest';
import { parsePeriod, PeriodError } from '../../src/qalog/period.js';

const NOW = new Date('2026-11-25T12:30:00.000Z');
const iso = (p: { from: Date; to: Date }) => [p.from.toISOString(), p.to.toISOString()];

describe('qalog/period', () => {
  describe('parsePeriod', () => {
    it('returns the last 7 days by default', () => {
      expect(iso(parsePeriod({}, NOW))).toEqual(['2026-11-18T12:30:00.000Z', '2026-11-25T12:30:00.000Z']);
    });

    it.each([
      ['30m', '2026-11-25T12:00:00.000Z'],
      ['24h', '2026-11-24T12:30:00.000Z'],
      ['7d', '2026-11-18T12:30:00.000Z'],
      ['2026-11-01', '2026-11-01T00:00:00.000Z'],
      ['2026-11-20T08:15Z', '2026-11-20T08:15:00.000Z'],
      ['2026-11-20T08:15:30.5+07:00', '2026-11-20T01:15:30.500Z'],
    ])('returns since=%s as %s', (since, from) => {
      expect(parsePeriod({ since }, NOW).from.toISOString()).toBe(from);
    });

    it('returns an until day that includes the whole day', () => {
      expect(iso(parsePeriod({ since: '2026-11-01', until: '2026-11-30' }, NOW))).toEqual(['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z']);
    });

    it('returns a relative until counted back from now', () => {
      expect(iso(parsePeriod({ since: '48h', until: '24h' }, NOW))).toEqual(['2026-11-23T12:30:00.000Z', '2026-11-24T12:30:00.000Z']);
    });

    it.each(['yesterday', '7', '7y', '-7d', '2026-13-01', '2026-02-30', '2026-11-20T08:15', '2026-11-20 08:15Z', ''.padEnd(3, ' ')])('rejects since=%j saying which forms work', (since) => {
      expect(() => parsePeriod({ since }, NOW)).toThrow(PeriodError);
      expect(() => parsePeriod({ since }, NOW)).toThrow(/since must be like 7d, 24h, 30m, 2026-11-01/);
    });

    it('rejects a period that ends before it starts', () => {
      expect(() => parsePeriod({ since: '1d', until: '2d' }, NOW)).toThrow(/since \(.+\) must be before until/);
    });
  });
});
