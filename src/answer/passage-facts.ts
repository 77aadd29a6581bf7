/**
 * What kinds of detail a passage states, so a question asking a detail of a kind the passage
 * lacks ("What time did the closing session start?" against a passage with a date but no clock
 * time) is not answered by it. Places come from real gazetteers (country names in English and
 * Vietnamese from `i18n-iso-countries`, capitals from `countries-list`), not from a hand list;
 * dates, times, money and people's names from their written forms.
 *
 *   const facts = createPassageFacts();
 *   facts.of('The 18th AMRI will be held in Cambodia in 2027.').kinds // Set { 'year', 'date', 'number', 'place', 'agent' }
 *   facts.compatible('place', facts.of('…in Cambodia in 2027.'), 'Where is the next AMRI?') // true
 */
import { createRequire } from 'node:module';
import type { AnswerType } from '../question/types.js';
import type { CompiledGroup } from '../retrieval/phrases.js';
import { quantityAsked, statesQuantity } from '../retrieval/quantity.js';
import { fold, words } from '../text/normalize.js';

export type DetailKind = 'place' | 'city' | 'date' | 'day' | 'month' | 'year' | 'time' | 'number' | 'money' | 'person' | 'agent';

export interface Facts {
  kinds: ReadonlySet<DetailKind>;
  /** Folded names of the places and agents the passage names (to tell them from the question's own). */
  names: readonly string[];
  /** Folded names of the places the passage puts something in ("held in Cambodia", "tại Kuala Lumpur"). */
  located: readonly string[];
  /** Folded names of all the places (countries, capitals) it names. */
  places: readonly string[];
}

export interface PassageFacts {
  of(text: string): Facts;
  /**
   * Whether a passage with `facts` can answer a question expecting `type` (asked as `question`);
   * `text`, the passage itself, lets a count be checked against what is counted.
   */
  compatible(type: AnswerType, facts: Facts, question: string, text?: string): boolean;
  /**
   * For a question about the future ("next", "will", "sẽ") or the past ("was", "did", "đã"):
   * whether a sentence of `text` states the asked detail in that time ("will be held in
   * Cambodia" for "where is the next one", not "concluded in Kuala Lumpur"). Undefined when
   * the question says no time.
   */
  statedInTense(type: AnswerType, question: string, text: string): boolean | undefined;
}

const require = createRequire(import.meta.url);

interface Gazetteer {
  /** Folded multi-word names, by their word count. */
  places: Set<string>;
  cities: Set<string>;
  longest: number;
}

let gazetteer: Gazetteer | undefined;
/** Country names (en, vi, with aliases) and capitals, folded; loaded on first use. */
function loadGazetteer(): Gazetteer {
  if (gazetteer) return gazetteer;
  const countries = require('i18n-iso-countries') as {
    registerLocale(l: unknown): void;
    getNames(lang: string, o: { select: 'all' }): Record<string, string[]>;
  };
  countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
  countries.registerLocale(require('i18n-iso-countries/langs/vi.json'));
  const list = require('countries-list') as { countries: Record<string, { name: string; native: string; capital: string }> };
  const places = new Set<string>();
  const cities = new Set<string>();
  const add = (set: Set<string>, name: string) => {
    const w = words(fold(name)).join(' ');
    if (w) set.add(w);
  };
  for (const lang of ['en', 'vi']) for (const names of Object.values(countries.getNames(lang, { select: 'all' }))) for (const n of names) add(places, n);
  for (const c of Object.values(list.countries)) {
    add(places, c.name);
    add(places, c.native);
    for (const cap of c.capital.split(',')) if (cap.trim()) add(cities, cap);
  }
  for (const c of cities) places.add(c);
  const longest = Math.max(...[...places].map((p) => p.split(' ').length));
  gazetteer = { places, cities, longest };
  return gazetteer;
}

const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const DAY = new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)? (?:${MONTHS})\\b|\\b(?:${MONTHS}) \\d{1,2}\\b|\\b\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?\\b|\\bngay \\d{1,2}\\b`, 'i');
const YEAR = /\b(?:1[89]|20)\d{2}\b/;
// Alone, "may" is far more often the verb than the month.
const MONTH = new RegExp(`\\b(?:${MONTHS.replace('|may|', '|')})\\b|\\bthang \\d{1,2}\\b`, 'i');
// A month with its year only: "5/2025", "May 2025", "tháng 5/2025".
const MONTH_YEAR = new RegExp(`\\b\\d{1,2}/(?:19|20)\\d{2}\\b|\\b(?:${MONTHS}) (?:19|20)\\d{2}\\b`, 'i');
const TIME = /\b\d{1,2}[:h]\d{2}\b|\b\d{1,2} ?(?:a\.?m|p\.?m)\b|\b\d{1,2} gio\b/i;
// Read as written: folded, "đồng" (the currency) is "dong" as in "cộng đồng" (community).
const MONEY = /[$€£¥₫]|\b(?:USD|EUR|VND)\b|\d[\d.,]*\s*(?:dollars?|euros?|ringgit|đồng|đô la|triệu đồng|tỷ đồng)(?![\p{L}])/iu;
const NUMBER = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|thousand|million|billion)\b/i;
// A title then two or more capitalised words: "Minister Fahmi Fadzil", "Bộ trưởng Nguyễn Mạnh Hùng".
const PERSON = /\b(?:Mr|Mrs|Ms|Dr|Minister|Deputy Minister|Secretary|President|Prime Minister|Chairman|H\.E\.|Datuk|Dato'?|Tan Sri|ông|bà|Bộ trưởng|Thứ trưởng|Chủ tịch|Thủ tướng|Tổng thư ký)\.? (?:\p{Lu}[\p{Ll}\p{M}'-]+ ){1,3}\p{Lu}[\p{Ll}\p{M}'-]+/u;
// Words that put what follows as a location: a place named after one is where something is or
// happens ("held in Cambodia", "tổ chức tại Campuchia"); one named otherwise may be a participant
// or a partner ("cooperation with China"), which does not answer "where".
const LOCATIVE = new Set(['in', 'at', 'tai', 'o']);
const ACRONYM = /\b\p{Lu}{2,}[\p{Lu}\d+]*\b/gu;

// The two ends of an event. A date asked for one end ("when did it open?") is not given by a
// passage that dates only the other ("it concluded on 7 May").
const START = /\b(?:open|opens|opened|opening|start|starts|started|starting|begin|begins|began|beginning|kick(?:ed|s)? off|commence[sd]?|launch(?:ed|es)?|khai mac|bat dau|khoi dong|mo man|khoi dau)\b/;
const END = /\b(?:close|closes|closed|closing|end|ends|ended|ending|conclude[sd]?|concluding|finish(?:ed|es)?|wrap(?:ped)? up|be mac|ket thuc|khep lai|hoan thanh)\b/;

// A place that names a document ("the Kuala Lumpur Declaration", "Tuyên bố Kuala Lumpur") is not
// a place the question gives: "where was the Kuala Lumpur Declaration adopted?" still asks where.
const DOC_AFTER = '(?:declaration|statement|accord|agreement|vision|plan)';
const DOC_BEFORE = '(?:tuyen bo|hiep dinh|tam nhin|ke hoach)';

/** Whether the (folded, space-padded) question names place `n` as a place, not only in a document's name. */
function givesPlace(q: string, n: string): boolean {
  return q.replace(new RegExp(` ${n} ${DOC_AFTER} | ${DOC_BEFORE} ${n} `, 'g'), '  ').includes(` ${n} `);
}

const HOW_LONG = /\b(?:how long|how many years|what period|which period|duration|keo dai bao lau|bao lau|trong bao lau|giai doan nao|thoi gian bao lau)\b/;
const PERIOD = /\b(?:19|20)\d{2}\s?[-–]\s?(?:19|20)?\d{2}\b|\b\d+\s(?:years?|months?|weeks?|days?|nam|thang|tuan|ngay)\b|\b(?:from|tu) (?:19|20)\d{2} (?:to|until|den|toi) (?:19|20)\d{2}\b/;

/** False when the question asks when one end of an event was and the passage speaks only of the other. */
function sameBoundary(question: string, text: string): boolean {
  const q = fold(question);
  const p = fold(text);
  const asksStart = START.test(q) && !END.test(q);
  const asksEnd = END.test(q) && !START.test(q);
  if (asksStart) return START.test(p) || !END.test(p);
  if (asksEnd) return END.test(p) || !START.test(p);
  return true;
}

// When a question or a sentence is set (folded). A sentence about the future says so; one that
// does not is taken as reported past, as news is.
const Q_FUTURE = /\b(?:will|next|upcoming|going to|gonna|future|se|tiep theo|sap toi|lan toi|lan sau|ky toi|ky sau|tuong lai|ke tiep)\b/;
const Q_PAST = /\b(?:was|were|did|last|previous|da|vua qua|truoc)\b/;
const S_FUTURE = /\b(?:will|is expected|are expected|ahead|se|du kien|thoi gian toi)\b/;

/** The sentences of a passage (both languages' texts, one per line). */
const sentencesOf = (text: string) => text.split(/(?<=[.!?])\s+|\n+/u).filter((x) => /\p{L}/u.test(x));

/**
 * The ordinals a text numbers things with (folded): "18th AMRI", "AMRI lần thứ 18", and a number
 * right after one of `shortNames` (folded, e.g. the corpus's acronyms), however cased: "amri 18".
 * "the 8th AMRI+3 Meeting" → 8. Years, dates and counts are not ordinals.
 */
export function ordinalsOf(text: string, shortNames: ReadonlySet<string> = new Set()): Set<string> {
  const out = new Set<string>();
  const t = fold(text);
  for (const m of t.matchAll(/\b(\d{1,2}) ?(?:st|nd|rd|th)\b|\b(?:lan|ky|khoa) thu (\d{1,2})\b/g)) out.add(m[1] ?? m[2]);
  for (const m of t.matchAll(/\b(\p{L}{2,}) (\d{1,2})\b(?![\d/.:-])/gu)) if (shortNames.has(m[1])) out.add(m[2]);
  return out;
}

/** `glossary`: names of what is counted ("countries" → "Member States") for count questions; none by default. */
export function createPassageFacts(glossary: readonly CompiledGroup[] = []): PassageFacts {
  const cache = new Map<string, Facts>();

  function of(text: string): Facts {
    const hit = cache.get(text);
    if (hit) return hit;
    const g = loadGazetteer();
    const folded = fold(text);
    const kinds = new Set<DetailKind>();
    const names: string[] = [];
    const located: string[] = [];
    const places: string[] = [];
    const w = words(folded);
    for (let i = 0; i < w.length; i++) {
      for (let n = Math.min(g.longest, w.length - i); n >= 1; n--) {
        const phrase = w.slice(i, i + n).join(' ');
        if (!g.places.has(phrase)) continue;
        kinds.add('place').add('agent');
        if (g.cities.has(phrase)) kinds.add('city');
        names.push(phrase);
        places.push(phrase);
        if (i > 0 && LOCATIVE.has(w[i - 1])) located.push(phrase);
        i += n - 1;
        break;
      }
    }
    for (const m of text.matchAll(ACRONYM)) {
      kinds.add('agent');
      names.push(fold(m[0]));
    }
    if (DAY.test(folded)) kinds.add('day').add('month').add('date');
    if (YEAR.test(folded)) kinds.add('year').add('date');
    if (MONTH.test(folded) || MONTH_YEAR.test(folded)) kinds.add('month').add('date');
    if (TIME.test(folded)) kinds.add('time');
    if (MONEY.test(text)) kinds.add('money');
    if (NUMBER.test(folded)) kinds.add('number');
    if (PERSON.test(text)) kinds.add('person').add('agent');
    const facts = { kinds, names, located, places };
    if (cache.size > 50_000) cache.clear();
    cache.set(text, facts);
    return facts;
  }

  function compatible(type: AnswerType, facts: Facts, question: string, text?: string): boolean {
    if (type === 'place' || type === 'city' || type === 'agent') {
      // The passage must name one the question does not already give ("Was it held in Kuala Lumpur?" is a yes/no).
      const q = ` ${words(fold(question)).join(' ')} `;
      const kind = type;
      if (!facts.kinds.has(kind)) return false;
      if (kind === 'agent') return facts.names.some((n) => !q.includes(` ${n} `));
      const g = loadGazetteer();
      return facts.located.some((n) => (kind === 'city' ? g.cities.has(n) : g.places.has(n)) && !givesPlace(q, n));
    }
    if (type === 'number') {
      // How many of what: a number right before it in the passage (quantity.ts), when the question names it.
      const asked = quantityAsked(question.replace(/\bmấy\b/giu, 'bao nhiêu').replace(/\bnumber of\b/gi, 'how many'));
      return asked && asked.counted.length > 0 && text !== undefined ? statesQuantity(text, asked, glossary) : facts.kinds.has('number');
    }
    if (type === 'date' || type === 'day' || type === 'month' || type === 'year' || type === 'time') {
      if (!facts.kinds.has(type) || (text !== undefined && !sameBoundary(question, text))) return false;
      // "How long does the plan run?" is answered by a period ("2026-2035", "10 years"), not a year.
      return text === undefined || !HOW_LONG.test(fold(question)) || PERIOD.test(fold(text));
    }
    if (type === 'money' || type === 'person') return facts.kinds.has(type);
    return true;
  }

  function statedInTense(type: AnswerType, question: string, text: string): boolean | undefined {
    const q = fold(question);
    const future = Q_FUTURE.test(q);
    const past = Q_PAST.test(q);
    if (future === past) return undefined;
    return sentencesOf(text).some((sentence) => compatible(type, of(sentence), question, sentence) && S_FUTURE.test(fold(sentence)) === future);
  }

  return { of, compatible, statedInTense };
}
