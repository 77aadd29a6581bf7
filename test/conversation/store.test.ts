import { describe, expect, it } from 'vitest';
import { createMemoryStore, type ConversationState } from '../../src/conversation/store.js';

const state = (question: string): ConversationState => ({ language: { pinned: false, lang: 'en' }, last: { question, lang: 'en', shown: 3 }, answers: [] });

describe('conversation/store', () => {
  describe('createMemoryStore', () => {
    it('returns what was set, as a copy', async () => {
      const store = createMemoryStore();
      const s = state('q1');
      await store.set('a', s);
      s.last!.shown = 99;
      expect((await store.get('a'))?.last).toEqual({ question: 'q1', lang: 'en', shown: 3 });
    });

    it('returns undefined for an unknown key', async () => {
      expect(await createMemoryStore().get('nope')).toBeUndefined();
    });

    it('returns undefined after the TTL', async () => {
      let now = 1000;
      const store = createMemoryStore({ ttlMs: 100, now: () => now });
      await store.set('a', state('q'));
      now += 100;
      expect(await store.get('a')).toBeDefined();
      now += 1;
      expect(await store.get('a')).toBeUndefined();
    });

    it('drops the least recently set entries beyond maxEntries', async () => {
      const store = createMemoryStore({ maxEntries: 2 });
      await store.set('a', state('a'));
      await store.set('b', state('b'));
      await store.set('a', state('a2'));
      await store.set('c', state('c'));
      expect(store.size()).toBe(2);
      expect(await store.get('b')).toBeUndefined();
      expect((await store.get('a'))?.last?.question).toBe('a2');
    });
  });
});
