import { describe, expect, it } from 'vitest';
import { initialismsOf } from '../../src/question/initialisms.js';

describe('question/initialisms', () => {
  it('reads the initials of every run of capitalised words, linking words adding no letter', () => {
    const m = initialismsOf(['the Kuala Lumpur Declaration', 'the ASEAN Socio-Cultural Community', 'the Task Force on Fake News']);
    expect(m.get('kl')).toBe('Kuala Lumpur');
    expect(m.get('ascc')).toBe('ASEAN Socio Cultural Community');
    expect(m.get('tffn')).toBe('Task Force on Fake News');
  });

  it('leaves out an initialism two names share, one the text uses, and a country code', () => {
    const m = initialismsOf(['Kuala Lumpur and Kota Lama', 'the Vietnam News Agency (TTXVN)', 'the Task Force (TF)']);
    expect(m.has('kl')).toBe(false);
    // "VN" is Vietnam, not "Vietnam News"; "VNA" is read
    expect(m.has('vn')).toBe(false);
    expect(m.get('vna')).toBe('Vietnam News Agency');
    expect(m.has('tf')).toBe(false);
  });
});
