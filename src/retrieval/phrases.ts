/**
 * Glossary phrases, compiled once for matching against questions and chunks: which groups a
 * question uses (by stems in English, by syllables in Vietnamese: exact when the question has
 * marks, folded otherwise), and what a chunk must contain to contain a phrase.
 *
 *   matchGlossary('When did the meeting wrap up?', compile(GLOSSARY, RELATED)) // groups of 'meeting' and 'conclude'
 */
import type { Lang } from '../corpus/types.js';
import { analyzeEn, analyzeVi, analyzeViExact, enStems, isFunctionWord } from '../text/analyze.js';
import { acronyms, fold, hasVietnameseMarks, words } from '../text/normalize.js';
import type { GlossaryGroup, Relation } from './glossary.js';

/** Index fields; a chunk's Vietnamese text fills `vi` (folded) and `vix` (as written), its English text `en`. */
export type Field = 'vi' | 'vix' | 'en';

/** Terms that must all be in a chunk for it to contain a phrase (its bigrams, or its one unigram). */
export interface PhraseTerms {
  field: Field;
  terms: string[];
  /** Share of a coverage slot's weight earned when this phrase is what is found (default 1). */
  credit?: number;
}

export interface CompiledPhrase {
  lang: Lang;
  /** Tokens matched against the question: stems (en), folded syllables (vi, no marks), exact syllables (vi, marks). */
  stems?: string[];
  folded?: string[];
  exact?: string[];
  /** Ranking terms (stems for en, folded syllables for vi). */
  terms: string[];
  /** The same terms as the question-language slots name them (`vix` form for vi). */
  exactTerms: string[];
  /** What a chunk must contain to contain the phrase. */
  presence: PhraseTerms;
  /** An acronym that is also a function word (`AI`, `ai` = who): matches only when the question writes it in capitals. */
  capsOnly?: string;
}

export interface CompiledGroup {
  /** What a question may say to use the group. */
  triggers: CompiledPhrase[];
  /** What is then searched: the group's phrases (a synonym group), or the corpus's names (a relation). */
  phrases: CompiledPhrase[];
  /** A relation (`RELATED`): its phrases name something related, not the same thing. */
  relation: boolean;
}

export const isUnigram = (t: string) => !t.includes('_');

/** A phrase is present when all its bigrams are (adjacency matters), or its single term is. */
export function presenceOf(field: Field, terms: string[]): PhraseTerms {
  const pairs = terms.filter((t) => !isUnigram(t));
  return { field, terms: pairs.length ? pairs : terms };
}

/** Word stems as glossary matching sees them: stop words kept (unstemmed), so 'take part' matches as written. */
export function matchStems(text: string): string[] {
  return words(fold(text)).map((w) => enStems(w)[0] ?? w);
}

/** The folded acronym when `phrase` is one acronym whose lower case is also a function word. */
function capsOnly(phrase: string): string | undefined {
  return /^\p{Lu}{2,}$/u.test(phrase) && isFunctionWord(phrase) ? fold(phrase) : undefined;
}

function compilePhrases(g: GlossaryGroup): CompiledPhrase[] {
  const phrases: CompiledPhrase[] = [
    ...g.en.map((p) => ({
      lang: 'en' as Lang,
      stems: matchStems(p),
      terms: analyzeEn(p),
      exactTerms: analyzeEn(p),
      presence: presenceOf('en', analyzeEn(p)),
      capsOnly: capsOnly(p),
    })),
    ...g.vi.map((p) => {
      const folded = words(fold(p));
      return {
        lang: 'vi' as Lang,
        exact: words(p),
        // Folded single syllables are too ambiguous (tới/tôi → toi); need marks to match. One written
        // without marks ("xong", "Zalo") is its own folded form: as sure unmarked as marked.
        folded: folded.length >= 2 || !hasVietnameseMarks(p) ? folded : undefined,
        terms: analyzeVi(p),
        exactTerms: analyzeViExact(p),
        presence: presenceOf('vix', analyzeViExact(p)),
        capsOnly: capsOnly(p),
      };
    }),
  ];
  return phrases.filter((p) => p.terms.length > 0);
}

export function compile(groups: readonly GlossaryGroup[], relations: readonly Relation[] = []): CompiledGroup[] {
  return [
    ...groups.map((g) => {
      const phrases = compilePhrases(g);
      return { triggers: phrases, phrases, relation: false };
    }),
    ...relations.map((r) => ({ triggers: compilePhrases(r.when), phrases: compilePhrases(r.find), relation: true })),
  ];
}

/** True when `needle` occurs as a contiguous run in `haystack`. */
export function contains(haystack: string[], needle: string[] | undefined): boolean {
  if (!needle || needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** A glossary group the question uses, with the trigger phrases of it that the question contains. */
export interface GlossaryMatch {
  group: CompiledGroup;
  hit: CompiledPhrase[];
}

export function matchGlossary(question: string, groups: readonly CompiledGroup[]): GlossaryMatch[] {
  const marked = hasVietnameseMarks(question);
  const folded = words(fold(question));
  const stems = matchStems(question);
  const exact = words(question);
  const caps = acronyms(question);
  const index = triggerIndex(groups);
  // Only triggers whose first token the question has can match: look those up instead of trying all.
  const hits = new Map<number, Set<number>>();
  const look = (tokens: string[], byFirst: Map<string, TriggerRef[]>, tokensOf: (p: CompiledPhrase) => string[] | undefined) => {
    for (const token of new Set(tokens)) {
      for (const { g, t } of byFirst.get(token) ?? []) {
        const p = groups[g].triggers[t];
        if ((!p.capsOnly || caps.has(p.capsOnly)) && contains(tokens, tokensOf(p))) {
          let set = hits.get(g);
          if (!set) hits.set(g, (set = new Set()));
          set.add(t);
        }
      }
    }
  };
  look(stems, index.en, (p) => p.stems);
  if (marked) look(exact, index.exact, (p) => p.exact);
  else look(folded, index.folded, (p) => p.folded);
  // In glossary order, and each group's triggers in their order, as a scan of every trigger gives them.
  return [...hits.keys()]
    .sort((x, y) => x - y)
    .map((g) => ({ group: groups[g], hit: groups[g].triggers.filter((_, t) => hits.get(g)!.has(t)) }));
}

/** Where a trigger sits: group and trigger index. */
interface TriggerRef {
  g: number;
  t: number;
}

interface TriggerIndex {
  en: Map<string, TriggerRef[]>;
  exact: Map<string, TriggerRef[]>;
  folded: Map<string, TriggerRef[]>;
}

const triggerIndexes = new WeakMap<readonly CompiledGroup[], TriggerIndex>();

/** The triggers of a compiled glossary by their first token, per way of matching; built once per glossary. */
function triggerIndex(groups: readonly CompiledGroup[]): TriggerIndex {
  let index = triggerIndexes.get(groups);
  if (index) return index;
  index = { en: new Map(), exact: new Map(), folded: new Map() };
  const add = (map: Map<string, TriggerRef[]>, tokens: string[] | undefined, ref: TriggerRef) => {
    if (!tokens?.length) return;
    const list = map.get(tokens[0]);
    if (list) list.push(ref);
    else map.set(tokens[0], [ref]);
  };
  groups.forEach((group, g) =>
    group.triggers.forEach((p, t) => {
      if (p.lang === 'en') add(index!.en, p.stems, { g, t });
      else {
        add(index!.exact, p.exact, { g, t });
        add(index!.folded, p.folded, { g, t });
      }
    }),
  );
  triggerIndexes.set(groups, index);
  return index;
}
