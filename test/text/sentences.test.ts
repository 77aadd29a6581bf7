import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/text/sentences.js';

describe('text/sentences', () => {
  describe('splitSentences', () => {
    it('returns sentences split after . ! ? ; before a capital or a digit', () => {
      expect(splitSentences('AMRI ended. The 18th is in 2027! Where? 3 groups; Five areas.')).toEqual([
        'AMRI ended.', 'The 18th is in 2027!', 'Where?', '3 groups;', 'Five areas.',
      ]);
    });

    it('returns the Vietnamese news ending ./. inside the last sentence', () => {
      expect(splitSentences('Các quốc gia đã tham gia./. Năm lĩnh vực')).toEqual(['Các quốc gia đã tham gia./.', 'Năm lĩnh vực']);
    });

    it('returns abbreviations and lower-case continuations unsplit', () => {
      expect(splitSentences('Partners, e.g. Norway, joined. Then TP. Hồ Chí Minh hosted.')).toEqual(['Partners, e.g. Norway, joined.', 'Then TP. Hồ Chí Minh hosted.']);
      expect(splitSentences('version 2.0 is out. next')).toEqual(['version 2.0 is out. next']);
    });

    it('returns an empty list for blank text', () => {
      expect(splitSentences('  ')).toEqual([]);
    });
  });
});
