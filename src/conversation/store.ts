/**
 * Conversation state behind a small async interface, so a shared store (Redis) can replace
 * the in-memory one without touching the handler.
 *
 *   const store = createMemoryStore({ maxEntries: 10_000, ttlMs: 24 * 3600_000 });
 *   await store.set('web:abc', state);
 */
import type { Lang } from '../corpus/types.js';
import type { LanguageState } from './language.js';

/** What the bot remembers about one conversation. */
export interface ConversationState {
  language: LanguageState;
  /** The last question answered, for "more" and for re-answering after a language switch. */
  last?: {
    question: string;
    /** Language the passages were given in. */
    lang: Lang;
    /** How many passages have been shown so far. */
    shown: number;
  };
  /** The previous question asked (answered or not), so a follow-up ("and when?") is read with it. */
  previous?: string;
  /** Recent answer ids (newest last) with their question, for 👍/👎 feedback. */
  answers: {
    id: string;
    question: string;
    /** Language and passages shown so far, so a "More" under this answer continues it (absent in older states). */
    lang?: Lang;
    shown?: number;
  }[];
  /** The last question was refused: "more" then says there is nothing more, not "ask first". */
  lastRefused?: boolean;
}

export interface ConversationStore {
  get(key: string): Promise<ConversationState | undefined>;
  set(key: string, state: ConversationState): Promise<void>;
  /**
   * Runs `work` (one turn: get, answer, set) while no other process runs a turn of the same
   * conversation. Only stores shared by several processes need it (Redis); without it, the
   * handler's own per-process ordering is enough.
   */
  exclusive?<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export interface MemoryStoreOptions {
  /** Most conversations kept; the least recently used goes first. Default 10 000. */
  maxEntries?: number;
  /** A conversation untouched this long is forgotten. Default 24 h. */
  ttlMs?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
}

const DEFAULTS: Required<MemoryStoreOptions> = { maxEntries: 10_000, ttlMs: 24 * 60 * 60 * 1000, now: Date.now };

/** In-process store: bounded (LRU by Map insertion order) and expiring. */
export function createMemoryStore(options: MemoryStoreOptions = {}): ConversationStore & { size(): number } {
  const { maxEntries, ttlMs, now } = { ...DEFAULTS, ...options };
  const entries = new Map<string, { state: ConversationState; touched: number }>();
  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (now() - entry.touched > ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return structuredClone(entry.state);
    },
    async set(key, state) {
      entries.delete(key);
      entries.set(key, { state: structuredClone(state), touched: now() });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    size: () => entries.size,
  };
}
