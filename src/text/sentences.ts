/**
 * Sentence splitting for chunking and for marking the best sentence of a passage.
 * A sentence ends at . ! ? ; or the Vietnamese news ending `./.`, followed by space and
 * an upper-case letter or digit; abbreviations common in the corpus (e.g., TP.) are not boundaries.
 *
 *   splitSentences('A b. C d.') // ['A b.', 'C d.']
 */
const NO_BREAK_AFTER = /(?:\b(?:e\.g|i\.e|etc|Mr|Mrs|Dr|St|No|TP|Tp|vs)\.)$/;

export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const re = /[.!?;](?:\/\.)?["”’)]*\s+(?=[\p{Lu}\p{N}"“‘(])/gu;
  let start = 0;
  for (const m of text.matchAll(re)) {
    const end = m.index! + m[0].trimEnd().length;
    const candidate = text.slice(start, end);
    if (NO_BREAK_AFTER.test(candidate)) continue;
    if (candidate.trim()) out.push(candidate.trim());
    start = m.index! + m[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}
