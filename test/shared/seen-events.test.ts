import { describe, expect, it } from 'vitest';
import { createMemorySeenEvents } from '../../src/shared/seen-events.js';

describe('channels/slack/seen-events', () => {
  describe('createMemorySeenEvents().markIfNew', () => {
    it('returns true the first time and false for the same id within its TTL', async () => {
      let clock = 1_000_000;
      const seen = createMemorySeenEvents({ now: () => clock });
      expect(await seen.markIfNew('Ev1', 60)).toBe(true);
      expect(await seen.markIfNew('Ev1', 60)).toBe(false);
      expect(await seen.markIfNew('Ev2', 60)).toBe(true);
      clock += 59_999;
      expect(await seen.markIfNew('Ev1', 60)).toBe(false);
    });

    it('returns true again once the TTL has passed', async () => {
      let clock = 0;
      const seen = createMemorySeenEvents({ now: () => clock });
      await seen.markIfNew('Ev1', 60);
      clock += 60_000;
      expect(await seen.markIfNew('Ev1', 60)).toBe(true);
      expect(await seen.markIfNew('Ev1', 60)).toBe(false);
    });

    it('returns true for concurrent calls only once', async () => {
      const seen = createMemorySeenEvents();
      const results = await Promise.all(Array.from({ length: 20 }, () => seen.markIfNew('Ev1', 60)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('forgets the oldest ids beyond maxEntries, keeping the newest', async () => {
      const seen = createMemorySeenEvents({ now: () => 0, maxEntries: 3 });
      for (const id of ['a', 'b', 'c', 'd']) await seen.markIfNew(id, 60);
      expect(await seen.markIfNew('d', 60)).toBe(false);
      expect(await seen.markIfNew('c', 60)).toBe(false);
      expect(await seen.markIfNew('a', 60)).toBe(true);
    });
  });
});
