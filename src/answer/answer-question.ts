/**
 * From a message to a decided answer: question analysis, retrieval of each part's focus, and
 * the answer / no-answer decision per part. The engine turns the trace into passages; the eval
 * harness and `npm run ask -- --explain` read the trace itself.
 *
 *   const answerer = createAnswerer({ retriever, chunks, analyse, documents });
 *   const trace = await answerer.answer('and when?', 'en', { previous: 'Where is the next AMRI?', limit: 3 });
 */
import type { Chunk, CorpusDocument, Lang } from '../corpus/types.js';
import { looksLikeFollowUp, readFollowUp, type QuestionAnalyzer } from '../question/analyze-question.js';
import { DETAIL_TYPES } from '../question/answer-type.js';
import { hasContent } from '../question/parts.js';
import type { QuestionAnalysis, QuestionPart } from '../question/types.js';
import type { CompiledGroup } from '../retrieval/phrases.js';
import type { RetrievalHit, RetrievalSignals, Retriever, RetrieveUse } from '../retrieval/retriever.js';
import { DEFAULT_THRESHOLDS } from '../retrieval/retriever.js';
import { cutFolded, fold, words } from '../text/normalize.js';
import { DECISION_MODEL, probability, type DecisionFeatures, type DecisionModel } from './decision.js';
import { createPassageFacts, ordinalsOf } from './passage-facts.js';
import { shortAnswer, type ShortAnswer } from './short-answer.js';

export interface PartTrace {
  part: QuestionPart;
  hits: RetrievalHit[];
  signals: RetrievalSignals;
  features: DecisionFeatures;
  probability: number;
  answered: boolean;
}

export interface AnswerTrace {
  analysis: QuestionAnalysis;
  parts: PartTrace[];
  /** For an overview question: the chunk indexes of the document's lead. */
  overview?: number[];
}

export interface AnswerOptions {
  limit: number;
  use?: RetrieveUse;
  /** The previous question of the conversation, for follow-ups ("and when?"). */
  previous?: string;
}

export interface Answerer {
  answer(question: string, lang: Lang, options: AnswerOptions): Promise<AnswerTrace>;
  /** The short answer to `part` in a passage's text (in the reply language), or null. */
  shortAnswer(part: QuestionPart, passageText: string): ShortAnswer | null;
  /** The decision's features for a part, from its retrieval (eval and tests). */
  decide(part: QuestionPart, hits: RetrievalHit[], signals: RetrievalSignals): Pick<PartTrace, 'features' | 'probability' | 'answered'>;
}

export interface AnswererParts {
  retriever: Retriever;
  chunks: Chunk[];
  analyse: QuestionAnalyzer;
  documents: CorpusDocument[];
  /** Paragraph (1-based) of each document that says what it is about: `meta.json` `summary`, default 1. */
  summaries?: Record<string, number>;
  model?: DecisionModel;
  /** Cosine at or above which a hybrid retrieval answers whatever the lexical signals say. */
  denseThreshold?: number;
  /** The lexical retriever's glossary, for count questions ("how many countries" → "Member States"). */
  glossary?: readonly CompiledGroup[];
  /** The language a text is written in, to read a previous question in its own; default: the follow-up's. */
  detectLanguage?: (text: string) => Lang;
}

/** `text` without the (folded) `names`, cut where they stand; undefined when folding moved letters. */
function withoutNames(text: string, names: string[]): string | undefined {
  const escaped = [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
  return cutFolded(text, new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu'))?.text;
}

/**
 * Passages looked at for first place, whatever the caller's limit, so the answer does not depend
 * on how many passages are shown: an instance named by ordinal, or a detail stated in the time
 * asked about, is looked for this deep; a detail stated at all and a better-covering passage in
 * the first three.
 */
const CANDIDATES = 5;

/** A passage that states the asked detail goes first when it scores at least this share of the best. */
const PREFER_SHARE = 0.5;
/**
 * A passage covering at least this much more of the question's weight goes first when it scores
 * at least COVER_SHARE of the best (chosen on the development sets: 0.3 and 0.75, where the
 * neighbouring settings lose nothing either).
 */
const COVER_GAP = 0.3;
const COVER_SHARE = 0.75;

/** Text of a chunk in every language it has (facts are read from both). */
const chunkText = (c: Chunk) => Object.values(c.text).filter(Boolean).join('\n');

/** `hits` with the i-th first (or in `order`, which puts it first), and the signals of the passage now first. */
function promote(hits: RetrievalHit[], signals: RetrievalSignals, i: number, order?: RetrievalHit[]): { hits: RetrievalHit[]; signals: RetrievalSignals } {
  return {
    hits: order ?? [hits[i], ...hits.slice(0, i), ...hits.slice(i + 1)],
    signals: { ...signals, coverage: hits[i].coverage ?? signals.coverage, peakMissing: hits[i].peakMissing ?? signals.peakMissing, topScore: hits[i].score, secondScore: hits[0].score },
  };
}

export function createAnswerer(p: AnswererParts): Answerer {
  const model = p.model ?? DECISION_MODEL;
  const facts = createPassageFacts(p.glossary);
  const denseThreshold = p.denseThreshold ?? DEFAULT_THRESHOLDS.dense;
  // The corpus's short names (AMRI, ACMP), folded: "amri 18" numbers an AMRI however it is typed.
  const shortNames = new Set(p.chunks.flatMap((c) => chunkText(c).match(/\b\p{Lu}{2,}\b/gu) ?? []).map((n) => fold(n)));

  function decide(part: QuestionPart, hits: RetrievalHit[], signals: RetrievalSignals) {
    const top = hits[0];
    const chunk = top ? p.chunks[top.index] : undefined;
    const text = top ? textOf(top) : '';
    const detailAsked = DETAIL_TYPES.has(part.answerType) ? 1 : 0;
    // The question as asked (part.text): its cue words say what is counted or dated.
    const typeMissing = detailAsked && chunk ? (facts.compatible(part.answerType, facts.of(text), part.text, text) ? 0 : 1) : 0;
    const features: DecisionFeatures = {
      coverage: signals.coverage,
      margin: signals.topScore > 0 ? (signals.topScore - signals.secondScore) / signals.topScore : 0,
      unknownShare: signals.unknownShare,
      peakMissing: signals.peakMissing,
      typeMissing,
      detailAsked,
      logScore: Math.log1p(signals.topScore),
    };
    const prob = top ? probability(model, features) : 0;
    const answered = Boolean(top) && signals.coverage > 0 && (prob >= model.threshold || (signals.cosine ?? 0) >= denseThreshold);
    return { features, probability: prob, answered };
  }

  /** Text of a hit's chunk in every language it has (facts are read from both). */
  const textOf = (hit: RetrievalHit) => chunkText(p.chunks[hit.index]);

  /**
   * A question asking a detail is best answered by a passage that states one of that kind, in the
   * time the question asks about: of the candidates, the first that does (scoring at least half
   * the best) goes first; failing that, the first of the top three that states one at all.
   */
  function preferStated(part: QuestionPart, hits: RetrievalHit[], signals: RetrievalSignals): { hits: RetrievalHit[]; signals: RetrievalSignals } {
    if (!DETAIL_TYPES.has(part.answerType) || hits.length < 2) return { hits, signals };
    const states = (h: RetrievalHit) => facts.compatible(part.answerType, facts.of(textOf(h)), part.text, textOf(h));
    // Stated in the time the question asks about: "where is the next one" → "will be held in …".
    const inTense = (h: RetrievalHit) => states(h) && facts.statedInTense(part.answerType, part.text, textOf(h)) !== false;
    if (inTense(hits[0])) return { hits, signals };
    const near = (h: RetrievalHit) => h.score >= hits[0].score * PREFER_SHARE;
    let i = hits.slice(1, CANDIDATES).findIndex((h) => near(h) && inTense(h)) + 1;
    if (i <= 0 && !states(hits[0])) i = hits.slice(1, 3).findIndex((h) => near(h) && states(h)) + 1;
    return i > 0 ? promote(hits, signals, i) : { hits, signals };
  }

  /**
   * A passage that holds much more of the question goes first when it scores nearly as well: the
   * best score can come from several synonyms of one question word ("plans for AI": a passage with
   * "Work Plan" and "roadmap" over the one with "Plan" and "AI").
   */
  function preferCovering(hits: RetrievalHit[], signals: RetrievalSignals): { hits: RetrievalHit[]; signals: RetrievalSignals } {
    const top = hits[0];
    if (top?.coverage === undefined) return { hits, signals };
    const i = hits.slice(1, 3).findIndex((h) => (h.coverage ?? 0) >= top.coverage! + COVER_GAP && h.score >= top.score * COVER_SHARE) + 1;
    return i > 0 ? promote(hits, signals, i) : { hits, signals };
  }

  /**
   * "What is TFFN?", "tffn meaning": a definition question about a short name of the corpus is
   * answered by the passage that spells it out, "Task Force on Fake News (TFFN)", when it is a
   * candidate; a passage that only uses the short name says less.
   */
  function preferDefining(part: QuestionPart, hits: RetrievalHit[], signals: RetrievalSignals): { hits: RetrievalHit[]; signals: RetrievalSignals } {
    if (part.answerType !== 'definition' || hits.length < 2) return { hits, signals };
    const asked = words(fold(part.text)).filter((w) => shortNames.has(w));
    if (asked.length === 0) return { hits, signals };
    const defines = (h: RetrievalHit) => asked.some((n) => new RegExp(`\\(${n}\\)`, 'i').test(fold(textOf(h))));
    if (defines(hits[0])) return { hits, signals };
    const i = hits.slice(1, CANDIDATES).findIndex(defines) + 1;
    return i > 0 ? promote(hits, signals, i) : { hits, signals };
  }

  /**
   * A question naming an ordinal ("AMRI 18", "the 18th meeting") is about that instance: a passage
   * numbering things only otherwise ("the 17th AMRI … the 8th AMRI+3") is about another, so when a
   * candidate has the ordinal, those leave the candidates.
   */
  function preferInstance(part: QuestionPart, hits: RetrievalHit[], signals: RetrievalSignals): { hits: RetrievalHit[]; signals: RetrievalSignals } {
    const asked = ordinalsOf(part.text, shortNames);
    if (asked.size === 0 || hits.length < 2) return { hits, signals };
    const candidates = hits.slice(0, CANDIDATES);
    const own = new Map(candidates.map((h) => [h, ordinalsOf(textOf(h), shortNames)]));
    const fits = (h: RetrievalHit) => own.get(h)!.size === 0 || [...asked].some((o) => own.get(h)!.has(o));
    if (!candidates.some((h) => own.get(h)!.size > 0 && fits(h))) return { hits, signals };
    // Passages about another instance leave the list: they cannot answer, and no later preference may bring one back.
    if (candidates.every(fits)) return { hits, signals };
    const reordered = [...candidates.filter(fits), ...hits.slice(CANDIDATES)];
    return reordered[0] === hits[0] ? { hits: reordered, signals } : promote(hits, signals, hits.indexOf(reordered[0]), reordered);
  }

  // The places the corpus names (folded): a yes/no question may check one it does not.
  const corpusPlaces = new Set(p.chunks.flatMap((c) => facts.of(chunkText(c)).places));

  /**
   * "Is the next meeting in Laos?": a yes/no question checking where something is, at a place the
   * corpus never names, is answered by the passage about the rest of it when that passage puts it
   * somewhere (Cambodia), which says yes or no; searched with the unknown place, it looked like a
   * question about something else.
   */
  async function retrievePart(part: QuestionPart, lang: Lang, limit: number, use: RetrieveUse | undefined) {
    const r = await p.retriever.retrieve(part.focus, lang, limit, use);
    if (part.answerType !== 'yesno') return r;
    // Only a place the question puts something in ("in Laos", "ở Lào"): "Is Canada a partner?" names
    // a country the text says nothing of, which is no question the text answers.
    const checked = facts.of(part.focus).located.filter((n) => !corpusPlaces.has(n));
    const rest = checked.length > 0 ? withoutNames(part.focus, checked) : undefined;
    if (!rest || !hasContent(rest)) return r;
    const without = await p.retriever.retrieve(rest, lang, limit, use);
    // It asks where: the passage that puts it somewhere, in the time asked about, goes first.
    const ranked = preferStated({ ...part, answerType: 'place', text: rest }, without.hits, without.signals);
    const top = ranked.hits[0];
    return top && facts.of(textOf(top)).located.length > 0 ? { ...without, ...ranked } : r;
  }

  async function answerParts(analysis: QuestionAnalysis, lang: Lang, options: AnswerOptions): Promise<PartTrace[]> {
    const out: PartTrace[] = [];
    for (const part of analysis.parts) {
      const r = await retrievePart(part, lang, Math.max(options.limit, CANDIDATES), options.use);
      const defining = preferDefining(part, r.hits, r.signals);
      const instance = preferInstance(part, defining.hits, defining.signals);
      const covering = preferCovering(instance.hits, instance.signals);
      const { hits, signals } = preferStated(part, covering.hits, covering.signals);
      out.push({ part, hits: hits.slice(0, options.limit), signals, ...decide(part, hits, signals) });
    }
    return out;
  }

  /** The lead paragraph of the document the question names (by its title's words), else the first. */
  function overviewChunks(analysis: QuestionAnalysis): number[] {
    const q = new Set(words(fold(analysis.text)));
    let doc = p.documents[0];
    let best = 0;
    for (const d of p.documents) {
      const score = Object.values(d.title).flatMap((t) => words(fold(t ?? ''))).filter((w) => q.has(w)).length;
      if (score > best) (best = score), (doc = d);
    }
    if (!doc) return [];
    const paragraph = p.summaries?.[doc.id] ?? 1;
    const index = p.chunks.findIndex((c) => c.doc === doc.id && c.paragraph === paragraph);
    return index >= 0 ? [index] : [];
  }

  return {
    decide,
    shortAnswer: (part, text) => shortAnswer(part.answerType, part.text, text, facts),
    async answer(question, lang, options) {
      let analysis = p.analyse(question, lang);
      if (analysis.overview) {
        const overview = overviewChunks(analysis);
        if (overview.length > 0) return { analysis, parts: [], overview };
      }
      let parts = await answerParts(analysis, lang, options);
      if (options.previous && analysis.parts.length === 1) {
        const previousLang = p.detectLanguage?.(options.previous) ?? lang;
        const previous = p.analyse(options.previous, previousLang);
        const leans = looksLikeFollowUp(analysis);
        const short = words(analysis.focus).length <= 6;
        // A new topic starts fresh: a short question with words of its own that the text answers stands alone.
        const standsAlone = parts[0].answered && hasContent(analysis.focus) && !leans;
        if (!previous.overview && (leans || (short && !parts[0].answered)) && !standsAlone) {
          const { reading, lang: readingLang } = readFollowUp(analysis.focus, previous.focus, lang, previousLang);
          const read = p.analyse(reading, readingLang);
          const readParts = await answerParts(read, readingLang, options);
          if (readParts.every((t) => t.answered) || leans) {
            analysis = { ...read, raw: analysis.raw, corrections: analysis.corrections, setAside: analysis.setAside, followUp: { previous: options.previous, reading } };
            parts = readParts;
          }
        }
      }
      return { analysis, parts };
    },
  };
}
