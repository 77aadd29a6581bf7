/**
 * Two questions in one message ("Where is the next AMRI held, and what is the new work plan
 * called?"): split where a conjunction or a question mark joins two clauses that each ask
 * something. A part left without a topic of its own ("When and where is it?" → "When")
 * borrows the topic of its neighbour.
 *
 *   splitParts('Where is the next AMRI held, and what is the new plan called?')
 *   // ['Where is the next AMRI held', 'what is the new plan called?']
 */
import { isFunctionWord } from '../text/analyze.js';
import { fold, words } from '../text/normalize.js';

const EN_QUESTION_START = /^(?:also |then )?(?:what|whats|which|who|whom|whose|where|when|why|how|is|are|was|were|do|does|did|can|could|will|would|has|have|should)\b/;
const VI_CUE = /\b(?:gi|nao|dau|ai|sao|bao gio|bao nhieu|may|khong|ko|chua|the nao|ra sao)\b/;
// Where one question may end and another begin.
const JOINT = /\s*(?:\?\s+|;\s*|,?\s+(?:and|&|va|con|con nua)\s+|,\s+)/g;

/** True when the words of `text` include one that carries a topic. */
export function hasContent(text: string): boolean {
  return words(text).some((w) => !isFunctionWord(w) && !/^(?:what|whats|which|who|where|when|why|how|gi|nao|dau|ai|sao|may|bao|nhieu|gio)$/.test(fold(w)));
}

function asks(foldedClause: string, lang: 'en' | 'vi', side: 'left' | 'right'): boolean {
  if (lang === 'en') return side === 'right' ? EN_QUESTION_START.test(foldedClause.trim()) : /\b(?:what|which|who|whom|where|when|why|how|is|are|was|were|do|does|did)\b/.test(foldedClause);
  return VI_CUE.test(foldedClause);
}

export function splitParts(focus: string, lang: 'en' | 'vi'): string[] {
  const folded = fold(focus);
  if (folded.length !== focus.length) return [focus];
  const cuts: { at: number; next: number }[] = [];
  for (const m of folded.matchAll(JOINT)) {
    const at = m.index!;
    const next = at + m[0].length;
    const left = folded.slice(cuts.length ? cuts[cuts.length - 1].next : 0, at);
    const right = folded.slice(next);
    // A comma alone joins list items far more often than questions: only with a question start after it.
    const commaOnly = /^,\s+$/.test(m[0]);
    if (commaOnly && !(lang === 'en' && EN_QUESTION_START.test(right))) continue;
    if (!asks(left, lang, 'left') || !asks(lang === 'vi' ? right.split(/\s*(?:\?|;|,?\s+(?:va|con)\s+)/)[0] : right, lang, 'right')) continue;
    cuts.push({ at, next });
  }
  if (cuts.length === 0) return [focus];
  const pieces: string[] = [];
  let start = 0;
  for (const c of cuts) {
    pieces.push(focus.slice(start, c.at).trim());
    start = c.next;
  }
  pieces.push(focus.slice(start).trim());
  const parts = pieces.filter(Boolean);
  if (parts.length < 2) return [focus];
  // "When and where is it held?": the bare question word takes its neighbour's topic.
  const filled = parts.map((p, i) => {
    if (hasContent(p)) return p;
    const donor = parts[i + 1] && hasContent(parts[i + 1]) ? parts[i + 1] : parts.slice(0, i).reverse().find(hasContent);
    if (!donor) return p;
    const topic = donor.replace(/\b(?:what|whats|which|who|where|when|why|how)\b\s*/giu, '').replace(/[?\s]+$/u, '');
    return `${p.replace(/[?\s]+$/, '')} ${topic}`;
  });
  // "What is the TFFN and what did the ministers ask it to do?": "it" is the TFFN.
  return filled.map((p, i) => {
    if (i === 0 || !POINTS_BACK.test(fold(p))) return p;
    const names = filled[i - 1].match(/\b\p{Lu}[\p{L}\p{N}+-]*(?:\s+\p{Lu}[\p{L}\p{N}+-]*)*/gu)?.filter((n) => !/^(?:What|Which|Who|Where|When|Why|How|Is|Are|Did|Does|Do)$/.test(n));
    return names && names.length > 0 ? `${p.replace(/[?\s]+$/, '')} (${names.join(', ')})` : p;
  });
}

const POINTS_BACK = /\b(?:it|its|they|them|their|no|ho)\b/;
