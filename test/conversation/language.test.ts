import { describe, expect, it } from 'vitest';
import { isClear, nextLanguage, pinLanguage, type LanguageState } from '../../src/conversation/language.js';

const fresh: LanguageState = { pinned: false };

describe('conversation/language', () => {
  describe('isClear', () => {
    it('returns true for Vietnamese with marks, even short', () => {
      expect(isClear('TFFN là gì')).toBe(true);
    });
    it('returns true for three or more words', () => {
      expect(isClear('what is tffn')).toBe(true);
      expect(isClear('tffn la gi')).toBe(true);
    });
    it('returns false for acronyms and one or two bare words', () => {
      expect(isClear('TFFN')).toBe(false);
      expect(isClear('ACMP III 2026')).toBe(false);
    });
  });

  describe('nextLanguage', () => {
    it('returns the message language when nothing is pinned', () => {
      expect(nextLanguage(fresh, 'vi', true)).toEqual({ lang: 'vi', pinned: false, writing: 'vi' });
      expect(nextLanguage({ lang: 'vi', pinned: false, writing: 'vi' }, 'en', true)).toEqual({ lang: 'en', pinned: false, writing: 'en' });
    });

    it('returns the current language for an unclear message', () => {
      expect(nextLanguage({ lang: 'vi', pinned: false, writing: 'vi' }, 'en', false).lang).toBe('vi');
    });

    it('returns the detected language for an unclear first message', () => {
      expect(nextLanguage(fresh, 'en', false).lang).toBe('en');
    });

    it('returns the asked language, pinned', () => {
      expect(nextLanguage(fresh, 'vi', true, 'en')).toEqual({ lang: 'en', pinned: true, writing: 'vi' });
    });

    it('returns the pinned language while the user keeps writing in the same language', () => {
      const pinned = pinLanguage({ lang: 'en', pinned: false, writing: 'en' }, 'vi');
      expect(nextLanguage(pinned, 'en', true)).toEqual({ lang: 'vi', pinned: true, writing: 'en' });
    });

    it('returns the message language, unpinned, when the user changes the language they write in', () => {
      const pinned = pinLanguage({ lang: 'en', pinned: false, writing: 'en' }, 'vi');
      expect(nextLanguage(pinned, 'vi', true)).toEqual({ lang: 'vi', pinned: false, writing: 'vi' });
      const pinnedEn = pinLanguage({ lang: 'vi', pinned: false, writing: 'vi' }, 'en');
      expect(nextLanguage(pinnedEn, 'en', true)).toEqual({ lang: 'en', pinned: false, writing: 'en' });
    });

    it('returns the pinned language for a first question after a pin with no writing language yet', () => {
      const pinned = pinLanguage(fresh, 'en');
      expect(nextLanguage(pinned, 'vi', true)).toEqual({ lang: 'en', pinned: true, writing: 'vi' });
    });
  });
});
