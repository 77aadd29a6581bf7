import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinaryFormatError } from '../../src/retrieval/binary.js';
import { buildBm25, decodeBm25, encodeBm25 } from '../../src/retrieval/bm25.js';

/** Textbook BM25, written from the formula, as the reference the index must agree with. */
function referenceScores(docs: string[][], weights: Map<string, number>, k1: number, b: number): number[] {
  const n = docs.length;
  const avg = docs.reduce((s, d) => s + d.length, 0) / n || 1;
  return docs.map((doc) => {
    let score = 0;
    for (const [term, w] of weights) {
      const tf = doc.filter((t) => t === term).length;
      if (tf === 0) continue;
      const df = docs.filter((d) => d.includes(term)).length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      score += (w * idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * doc.length) / avg));
    }
    return score;
  });
}

const TINY = [
  ['hoi', 'nghi', 'amri', 'hoi_nghi'],
  ['amri', 'campuchia', '2027'],
  ['tin', 'gia', 'tin', 'gia', 'tffn'],
  ['amri', 'amri', 'amri', 'tffn', 'nhom', 'cong', 'tac', 'nhom_cong'],
];

describe('retrieval/bm25', () => {
  describe('buildBm25', () => {
    it('returns scores in the expected order on a tiny corpus', () => {
      const index = buildBm25(TINY);
      const scores = [...index.score(['amri'])];
      // shortest document with one occurrence beats longer ones; repeats saturate but still add
      const order = scores.map((s, i) => [s, i]).sort((a, b) => b[0] - a[0]).map(([, i]) => i);
      expect(order).toEqual([3, 1, 0, 2]);
      expect(scores[2]).toBe(0);
    });

    it('returns zero for every document when no query term occurs', () => {
      expect([...buildBm25(TINY).score(['paris'])]).toEqual([0, 0, 0, 0]);
    });

    it('returns a higher idf for rarer terms, and the largest for unseen ones', () => {
      const index = buildBm25(TINY);
      expect(index.idf('campuchia')).toBeGreaterThan(index.idf('tffn'));
      expect(index.idf('tffn')).toBeGreaterThan(index.idf('amri'));
      expect(index.idf('paris')).toBeGreaterThan(index.idf('campuchia'));
      expect(index.idf('amri')).toBeCloseTo(Math.log(1 + (4 - 3 + 0.5) / (3 + 0.5)), 12);
    });

    it('returns document frequencies and membership', () => {
      const index = buildBm25(TINY);
      expect(index.df('amri')).toBe(3);
      expect(index.df('paris')).toBe(0);
      expect(index.has(3, 'nhom_cong')).toBe(true);
      expect(index.has(2, 'amri')).toBe(false);
      expect(index.has(0, 'paris')).toBe(false);
    });

    it('returns the sum of the earlier scores when adding into an array', () => {
      const index = buildBm25(TINY);
      const into = index.scoreWeighted(new Map([['tffn', 1]]));
      index.scoreWeighted(new Map([['amri', 0.5]]), into);
      const expected = referenceScores(TINY, new Map([['tffn', 1], ['amri', 0.5]]), 1.2, 0.75);
      [...into].forEach((s, i) => expect(s).toBeCloseTo(expected[i], 10));
    });

    it('returns the reference BM25 scores on random small corpora (property)', () => {
      const term = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'a_b', 'c_d');
      fc.assert(
        fc.property(
          fc.array(fc.array(term, { maxLength: 12 }), { minLength: 1, maxLength: 8 }),
          fc.uniqueArray(fc.tuple(term, fc.double({ min: 0, max: 2, noNaN: true })), { selector: ([t]) => t, maxLength: 5 }),
          fc.double({ min: 0.1, max: 3, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (docs, pairs, k1, b) => {
            const weights = new Map(pairs);
            const got = buildBm25(docs, { k1, b }).scoreWeighted(weights);
            const want = referenceScores(docs, weights, k1, b);
            want.forEach((s, i) => expect(got[i]).toBeCloseTo(s, 9));
          },
        ),
      );
    });
  });

  describe('encodeBm25 / decodeBm25', () => {
    const term = fc.oneof(fc.constantFrom('a', 'b', 'hội_nghị', 'def:tffn', 'năm', 'nam', '2027'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }));

    it('returns an index that scores exactly like the original on random corpora and queries (property)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.array(term, { maxLength: 12 }), { minLength: 1, maxLength: 10 }),
          fc.array(fc.tuple(term, fc.double({ min: 0, max: 2, noNaN: true })), { maxLength: 6 }),
          fc.double({ min: 0.1, max: 3, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (docs, pairs, k1, b) => {
            const index = buildBm25(docs, { k1, b });
            const back = decodeBm25(encodeBm25(index));
            const weights = new Map(pairs);
            expect(back.size).toBe(index.size);
            expect([...back.scoreWeighted(weights)]).toEqual([...index.scoreWeighted(weights)]);
            for (const [t] of pairs) {
              expect(back.idf(t)).toBe(index.idf(t));
              expect(back.df(t)).toBe(index.df(t));
              docs.forEach((_, d) => expect(back.has(d, t)).toBe(index.has(d, t)));
            }
          },
        ),
      );
    });

    it('returns the same bytes for the same documents, and the same bytes again after a round trip', () => {
      const bytes = encodeBm25(buildBm25(TINY));
      expect(encodeBm25(buildBm25(TINY.map((d) => [...d])))).toEqual(bytes);
      expect(encodeBm25(decodeBm25(bytes))).toEqual(bytes);
    });

    it('rejects another format, a truncated file and trailing bytes', () => {
      const bytes = encodeBm25(buildBm25(TINY));
      expect(() => decodeBm25(Buffer.from('not an index at all'))).toThrow(/not a BM25 index/);
      const otherVersion = Buffer.from(bytes);
      otherVersion.writeUInt32LE(99, 4);
      expect(() => decodeBm25(otherVersion)).toThrow(/format version 99 is not 1/);
      expect(() => decodeBm25(bytes.subarray(0, bytes.length - 3))).toThrow(BinaryFormatError);
      expect(() => decodeBm25(Buffer.concat([bytes, Buffer.from([0])]))).toThrow(/unread bytes/);
    });

    it('rejects postings that name a document out of range', () => {
      const index = buildBm25(TINY);
      const bytes = encodeBm25(index);
      // The first posting's document id sits after the header, the term list and the offsets.
      const at = bytes.length - 4 * (index.data.lengths.length + 2 * index.data.postDocs.length);
      bytes.writeInt32LE(TINY.length, at);
      expect(() => decodeBm25(bytes)).toThrow(/out of range/);
    });
  });
});
