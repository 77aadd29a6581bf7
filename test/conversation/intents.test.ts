import { describe, expect, it } from 'vitest';
import { detectIntent, simplify } from '../../src/conversation/intents.js';

describe('conversation/intents', () => {
  describe('simplify', () => {
    it('returns folded text without punctuation', () => {
      expect(simplify('  Cám ơn,   BẠN!! ')).toBe('cam on ban');
    });
  });

  describe('detectIntent', () => {
    it.each([
      ['help', 'en'],
      ['Help!', 'en'],
      ['what can you do?', 'en'],
      ['trợ giúp', 'vi'],
      ['tro giup', 'vi'],
      ['Giúp tôi', 'vi'],
      ["hi! i'm new here. what is this bot about?", 'en'],
      ['what questions can I ask?', 'en'],
      ['Bạn là ai?', 'vi'],
      ['mình có thể hỏi gì', 'vi'],
    ])('returns help for %j (%s)', (text, lang) => {
      expect(detectIntent(text)).toEqual({ kind: 'help', lang });
    });

    it.each([
      ['hi', 'en'],
      ['Hello!', 'en'],
      ['good morning', 'en'],
      ['Xin chào', 'vi'],
      ['xin chao', 'vi'],
      ['chào bạn', 'vi'],
      ['Chào', 'vi'],
    ])('returns greeting for %j (%s)', (text, lang) => {
      expect(detectIntent(text)).toEqual({ kind: 'greeting', lang });
    });

    it.each([
      ['thanks', 'en'],
      ['Thank you!', 'en'],
      ['cảm ơn', 'vi'],
      ['Cám ơn bạn nhiều', 'vi'],
      ['cam on', 'vi'],
      ['ok thanks!', 'en'],
    ])('returns thanks for %j (%s)', (text, lang) => {
      expect(detectIntent(text)).toEqual({ kind: 'thanks', lang });
    });

    it.each([
      ['more', 'en'],
      ['More please', 'en'],
      ['thêm', 'vi'],
      ['them', 'vi'],
      ['xem thêm', 'vi'],
      ['Tiếp tục', 'vi'],
    ])('returns more for %j (%s)', (text, lang) => {
      expect(detectIntent(text)).toEqual({ kind: 'more', lang });
    });

    it.each([
      ['in English', 'en'],
      ['English please', 'en'],
      ['answer in english', 'en'],
      ['bằng tiếng Anh', 'en'],
      ['bằng tiếng Việt', 'vi'],
      ['tieng viet', 'vi'],
      ['Tiếng Việt nhé', 'vi'],
      ['in Vietnamese', 'vi'],
    ])('returns a language switch for %j (%s)', (text, lang) => {
      expect(detectIntent(text)).toEqual({ kind: 'switch', lang });
    });

    it('returns a question with an explicit language when it ends with "in English"', () => {
      expect(detectIntent('TFFN là gì in English?')).toEqual({ kind: 'question', text: 'TFFN là gì?', lang: 'en' });
    });

    it('returns a question with an explicit language when it ends with "bằng tiếng Việt"', () => {
      expect(detectIntent('What is the TFFN bằng tiếng Việt')).toEqual({ kind: 'question', text: 'What is the TFFN', lang: 'vi' });
    });

    it('returns a plain question when small-talk words are only part of it', () => {
      expect(detectIntent('Can you help me understand the TFFN?')).toEqual({ kind: 'question', text: 'Can you help me understand the TFFN?' });
      expect(detectIntent('Hướng dẫn sử dụng mạng xã hội an toàn nhằm mục đích gì?').kind).toBe('question');
      expect(detectIntent('thêm thông tin về ACMP').kind).toBe('question');
    });

    it('returns help for an empty or punctuation-only message', () => {
      expect(detectIntent('   ').kind).toBe('help');
      expect(detectIntent('?!').kind).toBe('help');
    });
  });
});
