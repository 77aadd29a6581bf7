import { describe, expect, it } from 'vitest';
import { chunkDocument, chunkDocuments } from '../../src/corpus/chunk.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { CorpusDocument } from '../../src/corpus/types.js';

const doc = (vi: string[], en?: string[]): CorpusDocument => ({
  id: 'd',
  title: { vi: 'Tiêu đề', en: 'Title' },
  originalLanguage: 'vi',
  paragraphs: en ? { vi, en } : { vi },
});

describe('chunk', () => {
  describe('chunkDocument', () => {
    it('returns one chunk per paragraph of the shipped corpus, numbered as a reader counts', async () => {
      const { documents } = await loadCorpus('corpus');
      const chunks = chunkDocuments(documents);
      expect(chunks).toHaveLength(16);
      expect(chunks.map((c) => c.paragraph)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      expect(chunks[6].id).toBe('kl-declaration-2025:p7');
      expect(chunks[6].text.vi).toBe(documents[0].paragraphs.vi![6]);
      expect(chunks[6].text.en).toBe(documents[0].paragraphs.en![6]);
      expect(chunks[6].title.en).toMatch(/Kuala Lumpur Declaration/);
    });

    it('returns the same ids after a rebuild from the same text', async () => {
      const a = chunkDocuments((await loadCorpus('corpus')).documents).map((c) => c.id);
      const b = chunkDocuments((await loadCorpus('corpus')).documents).map((c) => c.id);
      expect(b).toEqual(a);
    });

    it('splits a long paragraph at sentence boundaries and keeps each part with its translation', () => {
      const vi = 'Câu một rất dài về hợp tác. Câu hai nói về tin giả. Câu ba về thanh niên. Câu bốn về khí hậu.';
      const en = 'Sentence one is long about cooperation. Sentence two is about fake news. Sentence three on youth. Sentence four on climate.';
      const chunks = chunkDocument(doc(['Ngắn.', vi], ['Short.', en]), { maxChars: 50 });
      expect(chunks.map((c) => c.id)).toEqual(['d:p1', 'd:p2.1', 'd:p2.2']);
      expect(chunks[1]).toMatchObject({ paragraph: 2, part: 1 });
      // Parts rejoin to the paragraph, in both languages, and no sentence is cut.
      expect([chunks[1].text.vi, chunks[2].text.vi].join(' ')).toBe(vi);
      expect([chunks[1].text.en, chunks[2].text.en].join(' ')).toBe(en);
      expect(chunks[1].text.vi!.endsWith('.')).toBe(true);
      expect(chunks[1].text.en).toContain('cooperation');
      expect(chunks[2].text.en).toContain('climate');
    });

    it('does not split a long paragraph that is one sentence', () => {
      const long = 'Một câu rất dài '.repeat(20).trim() + '.';
      expect(chunkDocument(doc([long]), { maxChars: 50 })).toHaveLength(1);
    });
  });
});
