import { afterAll, describe, expect, it } from 'vitest';
import { createConversationHandler } from '../../src/conversation/handler.js';
import { createMemoryStore, type ConversationStore } from '../../src/conversation/store.js';
import { loadTestEngine } from '../server/start.js';

const engine = await loadTestEngine();
afterAll(() => engine.close());

describe('conversation/handler (store with exclusive)', () => {
  describe('handle', () => {
    it('returns the reply of a turn whose read and write both ran inside the store’s exclusive section', async () => {
      const memory = createMemoryStore();
      const events: string[] = [];
      let inside = false;
      const store: ConversationStore = {
        async get(key) {
          events.push(`get:${inside}`);
          return memory.get(key);
        },
        async set(key, state) {
          events.push(`set:${inside}`);
          return memory.set(key, state);
        },
        async exclusive(key, work) {
          events.push(`lock:${key}`);
          inside = true;
          try {
            return await work();
          } finally {
            inside = false;
            events.push(`unlock:${key}`);
          }
        },
      };
      const { handle } = createConversationHandler({ engine, store });
      const reply = await handle({ text: 'TFFN là gì?', conversationKey: 'web:x', channel: 'web' });
      expect(reply.kind).toBe('answer');
      expect(events).toEqual(['lock:web:x', 'get:true', 'set:true', 'unlock:web:x']);
    });
  });
});
