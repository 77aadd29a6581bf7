import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { causeOf, createOutage } from '../../src/qalog/outage.js';

function capture() {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'debug', write: (line) => lines.push(line) }) };
}

describe('shared/outage', () => {
  describe('createOutage', () => {
    it('logs the first failure of an outage once, with its cause', () => {
      const { lines, log } = capture();
      const outage = createOutage({ name: 'redis', log, meanwhile: 'answering anyway' });
      outage.down(new Error('connect ECONNREFUSED 127.0.0.1:6390'));
      outage.down(new Error('connect ECONNREFUSED 127.0.0.1:6390'));
      outage.down(new Error('Connection is closed.'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/ error redis unreachable; answering anyway cause="connect ECONNREFUSED 127\.0\.0\.1:6390"$/);
      expect(outage.isDown()).toBe(true);
      expect(outage.cause()).toBe('connect ECONNREFUSED 127.0.0.1:6390');
    });

    it('logs the end of an outage once, with its length, and then a new outage again', () => {
      const { lines, log } = capture();
      let now = 10_000;
      const outage = createOutage({ name: 'postgresql', log, now: () => now });
      outage.up();
      expect(lines).toEqual([]);
      outage.down(new Error('gone'));
      now += 12_345;
      outage.up();
      outage.up();
      expect(lines[1]).toMatch(/ info postgresql reachable again after=12\.3s$/);
      expect(outage.isDown()).toBe(false);
      outage.down(new Error('gone again'));
      expect(lines).toHaveLength(3);
    });
  });

  describe('causeOf', () => {
    it('returns the message, else the first inner error (AggregateError), else the code', () => {
      expect(causeOf(new Error('boom'))).toBe('boom');
      expect(causeOf(new AggregateError([new Error('connect ECONNREFUSED ::1:5432')], ''))).toBe('connect ECONNREFUSED ::1:5432');
      expect(causeOf({ code: 'ECONNRESET', message: '' })).toBe('ECONNRESET');
      expect(causeOf('plain')).toBe('plain');
    });
  });
});
