import { describe, expect, it } from 'vitest';
import { wrap } from '../../../src/channels/cli/format.js';

describe('channels/cli/format', () => {
  describe('wrap', () => {
    it('breaks long lines at spaces, keeping each line\'s indentation', () => {
      const out = wrap('    The joint statement also said that the 18th AMRI will be held in Cambodia in 2027.', 30);
      expect(out.split('\n').every((l) => l.length <= 30 && l.startsWith('    '))).toBe(true);
      expect(out.replace(/\n\s*/g, ' ').trim()).toBe('The joint statement also said that the 18th AMRI will be held in Cambodia in 2027.');
    });

    it('counts ANSI bold as no width and leaves short lines and narrow terminals alone', () => {
      const bold = '\x1b[1mCambodia in 2027\x1b[22m and more words here';
      expect(wrap(bold, 40)).toBe(bold);
      expect(wrap('a b c', 10)).toBe('a b c');
      expect(wrap('x '.repeat(50), 0)).toBe('x '.repeat(50));
    });
  });
});
