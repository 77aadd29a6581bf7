/**
 * Vietnamese words are mostly two syllables, and a syllable the corpus has may belong to a word
 * it lacks: in "ASEAN được thành lập năm nào?" the corpus has `thành` (in thành công) but not
 * `lập`, so `thành lập` (founded) is one missing word, not half a found one. A known syllable
 * next to an unknown one, neither of them claimed by a corpus bigram, a glossary phrase, a name
 * or a number, is joined with it into one slot of the coverage signal.
 *
 *   joinUnknownWords([{ term: 'thành', at: 2 }, { term: 'lập', at: 3 }], …) // ['thành_lập']
 */
import type { QueryVocabulary } from './synonyms.js';

export interface PositionedSyllable {
  term: string;
  /** Position in the question's word list, so only syllables typed side by side are joined. */
  at: number;
}

export function joinUnknownWords(
  syllables: PositionedSyllable[],
  field: 'vi' | 'vix',
  vocab: QueryVocabulary,
  /** Syllables that stand on their own: names, glossary phrase syllables. */
  fixed: ReadonlySet<string>,
): string[] {
  const sy = syllables;
  const isFixed = (i: number) => fixed.has(sy[i].term) || /^\p{N}+$/u.test(sy[i].term);
  const known = sy.map((s) => vocab.has(field, s.term));
  const paired = sy.map(
    (s, i) => (i > 0 && vocab.has(field, `${sy[i - 1].term}_${s.term}`)) || (i + 1 < sy.length && vocab.has(field, `${s.term}_${sy[i + 1].term}`)),
  );
  const out: string[] = [];
  for (let i = 0; i < sy.length; i++) {
    const j = i + 1;
    const joins = j < sy.length && sy[j].at === sy[i].at + 1 && !paired[i] && !paired[j] && !isFixed(i) && !isFixed(j) && known[i] !== known[j];
    if (joins) {
      out.push(`${sy[i].term}_${sy[j].term}`);
      i++;
    } else out.push(sy[i].term);
  }
  return out;
}
