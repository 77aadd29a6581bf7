/**
 * The focus of a message: the words that carry the question, with what surrounds it set aside
 * (kept for the record): context sentences before or after it ("I'm writing a speech for …"),
 * request frames and politeness ("can you tell me", "cho em hỏi", "mọi người ơi", "quick q"),
 * and talk about the document ("does the statement say anything about", "có nhắc gì đến … không").
 *
 * Patterns are matched on the folded text (so "cho minh hoi" is "cho mình hỏi") and cut at the
 * same positions of the text as written; they are the closed class of ways people frame a
 * question, not words of the topic.
 *
 *   extractFocus('Quick q: does the report say anything about fake news?')
 *   // { focus: 'fake news?', setAside: [{ text: 'Quick q:', why: 'politeness' }, { text: 'does the report say anything about', why: 'meta' }], meta: true }
 */
import type { Lang } from '../corpus/types.js';
import { isFunctionWord } from '../text/analyze.js';
import { fold, words } from '../text/normalize.js';
import type { SetAside } from './types.js';

export interface Focus {
  focus: string;
  setAside: SetAside[];
  /** The question was wrapped in talk about the document ("does it mention X"). */
  meta: boolean;
}

/** Names of the document, as people call it (folded). */
export const DOC_WORDS =
  '(?:(?:kuala lumpur |kl |joint |asean )?(?:declaration|statement|report|document|doc|text|article|news report|news|story|piece|paper)|' +
  '(?:ban |bai |van )?(?:tuyen bo|van ban|ban tin|bai bao|bao cao|van kien|bai viet|thong cao|tin|bai)(?: chung)?(?: kuala lumpur| kl)?)';

// A question is recognised by these (folded): question words, auxiliaries that open a question,
// requests, and Vietnamese question particles.
const EN_QUESTION_WORDS = 'what|whats|which|who|whom|whose|where|when|why|how|tell me|list|explain|summari[sz]e|give me';
const EN_CUE = new RegExp(`\\b(?:${EN_QUESTION_WORDS}|is|are|was|were|do|does|did|can|could|will|would|has|have|had|should|anything|any)\\b`);
// In Vietnamese, folded syllables spell English auxiliaries ("cần" is "can", "đó" is "do"): only
// English question words count there.
const EN_WH_CUE = new RegExp(`\\b(?:${EN_QUESTION_WORDS})\\b`);
const VI_CUE = /\b(?:gi|nao|dau|ai|sao|bao gio|bao nhieu|may|khong|ko|k|chua|phai khong|ha|a|u|chang|la gi|tom tat|liet ke|ke ten|cho biet|the nao|ra sao|nhu the nao)\b/;
// Vietnamese questions mix in English words ("deadline của ACMP III là năm nào"), so English question
// words count in them too; Vietnamese particles ("a", "may") are English words, so not the other way.
const hasCue = (folded: string, lang: Lang) => /\?/.test(folded) || (lang === 'vi' ? EN_WH_CUE.test(folded) || VI_CUE.test(folded) : EN_CUE.test(folded));

// Context clauses: someone saying why they ask ("I'm preparing …", "Sếp mình giao …").
const CONTEXT =
  /^(?:i|i'?m|im|i am|i'?ve|we|we'?re|our|my|for (?:a|an|my|our|tomorrow|next|this (?:week|month))|(?:before|after|once|when|as|since|while) (?:i|we)|background|context|minh|em|toi|chi|anh|sep|ben minh|con minh|tuan sau|chung toi|chung minh|need|just need|need it|like in|lol|asap|thanks|thx|pls|please|can|dang can|gap|cam on)\b/;

// Context that stays context even with a question word in it ("Chị đang soạn báo cáo tóm tắt…",
// "I'm a student writing about…"): someone saying what they are doing, or who they are.
const STRONG_CONTEXT = new RegExp(
  '^(?:' +
    [
      "(?:i|we)(?:'?m|'?re| am| are)? (?:currently |now |just )?(?:preparing|writing|drafting|putting together|working on|doing|making|compiling|researching|studying|reading up on|updating|building)",
      "(?:i'?m|im|i am|we'?re|we are) (?:an? )?(?:student|teacher|journalist|reporter|researcher|analyst|officer|intern|staffer|editor|lecturer|civil servant|diplomat)",
      '(?:minh|em|toi|chi|anh|chung toi|chung minh|ben minh|to|tui) (?:dang|sap|vua|con) (?:soan|lam|viet|chuan bi|tong hop|doc|hoc|nghien cuu|on|cap nhat|dich|tim hieu)',
      '(?:minh|em|toi|chi|anh|to|tui) la (?:sinh vien|hoc sinh|giao vien|nha bao|phong vien|can bo|nhan vien|giang vien|chuyen vien|bien tap vien|thuc tap sinh)',
    ].join('|') +
    ')\\b',
);

// A clause that only asks for help and names nothing ("could you check for me?", "em xem giúp chị nhé").
const REQUEST_ONLY =
  /^(?:(?:can|could|would|will) (?:you|u|someone|anyone)(?: please| pls)? )?(?:please |pls )?(?:check|confirm|look(?: it| that| this)? up|find out|double[ -]?check|help(?: me| us)?|verify)(?: (?:it|this|that|for me|for us|quickly|asap|please|pls))*[\s?.!]*$|^(?:(?:em|ban|anh|chi|bot|ad) )?(?:xem|check|kiem tra|tra|tim|coi) (?:giup|ho|dum)(?: (?:chi|anh|minh|toi|em|voi|nhe|nha|a|di))*[\s?.!]*$/;

// A question that points back at what came before ("What did they think of it?").
const ANAPHOR = /\b(?:it|its|they|them|their|this|that|these|those|he|she|no|ho|do|nay|ay)\b/;

interface Frame {
  re: RegExp;
  why: SetAside['why'];
}

// Opening frames, matched at the start of the question clause, again and again.
const OPENERS: Frame[] = [
  { re: /^(?:hey|hi|hello|yo|ok|okay|so|um|uh|lol|btw|oh|sorry|quick (?:q|qq|qn|question|one|check)|(?:one more|another|real quick|a quick|random) (?:q|question|one|thing)|q|qq|question|pls|please|e|ua|alo|chao|da|vay|the)\b[\s,!:.-]*/, why: 'politeness' },
  { re: /^(?:(?:anh|chi|ban|mn|moi nguoi|ae|ad|admin|bot|em|ca nha|team|ace|cac ban)\s+)?oi\b[\s,!]*/, why: 'politeness' },
  { re: /^(?:does|do)?\s*any(?:one|body|1)(?: here)? (?:know|remember|recall|have)s?(?: the)?(?: if| whether)?\b[\s,]*/, why: 'politeness' },
  { re: /^(?:do|does) (?:you|u) (?:know|remember)(?: if| whether)?\b[\s,]*/, why: 'politeness' },
  {
    re: /^(?:can|could|would|will) (?:you|u)(?: please| pls)? (?:tell me|let me know|check|find out|look up|confirm|explain|remind me|say|help me (?:find|check|with))(?: if| whether| about)?\b[\s,]*/,
    why: 'politeness',
  },
  { re: /^(?:i|we)(?: just)? (?:need|want|would like|d like|'d like) to (?:know|check|confirm|find out|ask|understand)(?: if| whether| about)?\b[\s,:]*/, why: 'politeness' },
  { re: /^(?:i'?m|im|i am|just) (?:wondering|curious)(?: if| whether| about)?\b[\s,]*/, why: 'politeness' },
  { re: /^one (?:thing|question) i (?:need|want) to (?:confirm|check|know|ask)\b[\s,:]*/, why: 'politeness' },
  { re: /^(?:tell me|let me know|remind me)(?: about)?\b[\s,]*/, why: 'politeness' },
  { re: /^(?:(?:anh chi|anh|chi|ad|admin|bot|ban|moi nguoi|mn|ca nha|thay|co)\s+)?(?:cho|cho phep)(?: (?:minh|em|toi|chau|anh|chi|to|tui|con|ban))?(?: duoc)? (?:hoi|biet)(?: voi| chut| ti| xiu| nhanh| la| ve)*\b[\s,:]*/, why: 'politeness' },
  // Someone else's question passed on: "my boss keeps asking …", "sếp mình muốn biết …".
  {
    re: /^(?:my|our) (?:boss|manager|director|editor|teacher|lecturer|professor|supervisor|lead|team lead|minister|chief|client|colleague)(?: keeps| is| has been| just| also)? (?:asking(?: me)?|asked(?: me)?|wants to know|wanted to know|needs to know|would like to know|is wondering|wonders)(?: about)?\b[\s,:]*/,
    why: 'preamble',
  },
  { re: /^(?:sep|thay|co|truong phong|lanh dao)(?: (?:minh|em|toi|chi|anh))? (?:dang )?(?:hoi|muon biet|can biet|nho (?:minh|em|toi) (?:hoi|tra|tim|xem))(?: la| ve| xem)*\b[\s,:]*/, why: 'preamble' },
  // What one needs it for, then what one needs: "For a slide deck on X I need …".
  {
    re: /^for (?:a|an|my|our|the|this|tomorrow'?s?|next|today'?s?) (?:[\w'&-]+ ){0,8}?(?:i|we) (?:need|want|am looking for|'m looking for|have to find|must find)(?: to (?:know|find|list|get|check))?\b[\s,:]*/,
    why: 'preamble',
  },
  // Context, then who wants to know: "I'm doing a briefing and my director wants to know …".
  {
    re: /^(?:i'?m|im|i am|we'?re|we are|i|we) (?:[\w'-]+ ){1,12}?(?:and|so) (?:i|we|he|she|they|my \w+|our \w+)(?: really| also)? (?:want|wants|need|needs|would like|'d like|asked me|asks me|asked|has asked me)(?: me)? to (?:know|find out|check|confirm|ask)(?: if| whether| about)?\b[\s,:]*/,
    why: 'preamble',
  },
  {
    re: /^(?:minh|em|toi|chi|anh|chung toi) (?:\w+ ){1,12}?(?:nen|va|ma) (?:sep |lanh dao |thay |co )?(?:(?:minh|em|toi|chi|anh) )?(?:muon|can|nho (?:minh|em|toi)) (?:biet|hoi|tra|xem|tim)(?: la| xem| ve)*\b[\s,:]*/,
    why: 'preamble',
  },
  { re: /^(?:minh|em|toi|chi|anh)(?: dang)? (?:muon|can) (?:hoi|biet|tim hieu|xac nhan|kiem tra)(?: la| xem| ve)*\b[\s,:]*/, why: 'politeness' },
  { re: /^(?:em |ban |anh |chi |bot )?(?:tra|xem|check|kiem tra|tim|tom tat)? ?(?:giup|ho|dum)(?: (?:chi|anh|minh|toi|em|voi))*(?: (?:xem|la|voi))*\b[\s,:]*/, why: 'politeness' },
  { re: /^(?:co )?(?:ai|moi nguoi|mn) (?:biet|nho)(?: khong| ko)?\b[\s,:]*/, why: 'politeness' },
  { re: new RegExp(`^(?:based on|according to|in|per|from) (?:the |this |that )?${DOC_WORDS}\\b[\\s,:]*`), why: 'meta' },
  { re: new RegExp(`^(?:theo|trong) (?:noi dung )?${DOC_WORDS}(?: nay| do)?(?: thi)?\\b[\\s,:]*`), why: 'meta' },
];

// Talk about the document around the topic: "does the statement say anything about X",
// "is there anything in the report on X", "tuyên bố có nhắc gì đến X không".
const META_OPENERS: RegExp[] = [
  new RegExp(
    `^(?:does|did|do|will) (?:the |this |that )?${DOC_WORDS} (?:actually |even |ever )?(?:say|mention|talk|discuss|cover|include|contain|address|state|touch on|refer to|have|deal with|speak)s?(?: anything| something| much| a lot| any)?(?: at all)?(?: about| on| regarding| re| to| of| with)?\\b[\\s,:]*`,
  ),
  new RegExp(
    `^(?:is|are|was|were) there (?:anything|something|any mention|a mention|mention|any info|info|information|any reference|a reference|a section|any part)(?: at all)?(?: (?:in|inside) (?:the |this |that )?(?:${DOC_WORDS}|there|it))?(?: about| on| regarding| re| of| for)?\\b[\\s,:]*`,
  ),
  new RegExp(`^(?:anything|something)(?: (?:in|inside) (?:the |this |that )?(?:${DOC_WORDS}|there|it))?(?: about| on| regarding| re)\\b[\\s,:]*`),
  new RegExp(`^what (?:does|did) (?:the |this |that )?${DOC_WORDS} (?:say|state|mention|tell us|note)(?: about| on| regarding| re| of)?\\b[\\s,:]*`),
  // The same about the meeting's speakers: "did they say anything about X", "did AMRI mention X".
  /^(?:does|did|do) (?:they|the ministers|ministers|amri|asean|the meeting|it) (?:say|mention|talk about|discuss|address)(?: anything| something)?(?: (?:nice|good|bad|new|specific|much))?(?: about| on| regarding| re)\b[\s,:]*/,
  /^(?:hoi nghi|cuoc hop|meeting|cac bo truong|bo truong|amri|asean|ho)(?: co)? (?:noi|nhac|de cap|ban|neu|nhac toi|nhac den)(?: gi| den| toi| ve)+\b[\s,:]*/,
  new RegExp(
    `^(?:${DOC_WORDS})(?: nay| do)? (?:co )?(?:noi|nhac|de cap|neu|viet|ghi|dua tin|nhac toi|nhac den)(?: gi| den| toi| ve| cu the| nhieu| chut)*\\b[\\s,:]*`,
  ),
];

const META_CLOSERS: RegExp[] = [
  new RegExp(`[\\s,]*\\b(?:(?:mentioned|discussed|covered|referred to|talked about|said|addressed|included)\\s*)?(?:anywhere |at all )?(?:in|inside) (?:the |this |that )?${DOC_WORDS}(?: at all)?\\s*$`),
  /[\s,]*\b(?:mentioned|discussed|covered|referred to|talked about|addressed) (?:anywhere|at all)\s*$/,
  /[\s,]*\bat all\s*$/,
  new RegExp(`[\\s,]*\\b(?:co )?(?:duoc )?(?:nhac|de cap|noi|neu)(?: den| toi| ve)?(?: trong (?:${DOC_WORDS})(?: nay)?)?\\s*$`),
  new RegExp(`[\\s,]*\\btrong (?:${DOC_WORDS})(?: nay)?\\s*$`),
];

// Closing politeness: "…, need it for a deck", particles and vocatives at the very end.
const CLOSERS: Frame[] = [
  { re: /[\s,]*\b(?:vay|a|nhi|nhe|nha|ha|ne|di|the|voi|hen|hong)(?: (?:mn|moi nguoi|ae|team|ban|ad|anh|chi|em|ca nha))?\s*$/, why: 'politeness' },
  { re: /[\s,]*\b(?:mn|moi nguoi|ae|team|ca nha|anyone|anybody|any1|guys|folks|everyone|y'?all)\s*$/, why: 'politeness' },
  { re: /[\s,]*\b(?:please|pls|plz|thanks|thx|thank you|lol|asap|cheers|urgent|cam on|cam on nhieu|(?:dang )?can gap|gap lam|gap)\s*$/, why: 'politeness' },
  { re: /[\s,]*\b(?:or what|or not|or anything|or something|or no|hay sao|hay khong|hay chua)\s*$/, why: 'politeness' },
];

/** Folded text when folding keeps every position (NFC input); positions then map one to one. */
function foldedSameLength(text: string): string {
  const f = fold(text);
  return f.length === text.length ? f : text.toLowerCase();
}

interface Piece {
  start: number;
  end: number;
}

/**
 * Splits into sentences at . ! ? ; (the mark stays with its sentence), and at a
 * colon that ends an introduction without a question in it ("Quick q:", "Background:"), not
 * one inside a question ("what did they agree re: …").
 */
function sentences(text: string, folded: string, lang: Lang): Piece[] {
  const out: Piece[] = [];
  // A line break is no boundary: in a multi-line box people break lines inside a question.
  const re = /[^.!?;:]+[.!?;:]*/g;
  for (const m of text.matchAll(re)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (!text.slice(start, end).trim()) continue;
    const last = out[out.length - 1];
    const prev = last ? folded.slice(last.start, last.end) : '';
    if (last && /:\s*$/.test(prev) && hasCue(prev, lang)) last.end = end;
    else out.push({ start, end });
  }
  return out;
}

/** Splits a sentence into comma clauses. */
function clauses(text: string, piece: Piece): Piece[] {
  const out: Piece[] = [];
  let start = piece.start;
  for (let i = piece.start; i < piece.end; i++) {
    if (text[i] === ',' || (text[i] === '-' && text[i - 1] === ' ' && text[i + 1] === ' ')) {
      out.push({ start, end: i + 1 });
      start = i + 1;
    }
  }
  out.push({ start, end: piece.end });
  return out.filter((p) => text.slice(p.start, p.end).trim());
}

const trimPunct = (s: string) => s.replace(/^[\s,;:.!-]+|[\s,;:-]+$/g, '');

export function extractFocus(text: string, lang: Lang): Focus {
  const folded = foldedSameLength(text);
  const setAside: SetAside[] = [];
  const aside = (start: number, end: number, why: SetAside['why']) => {
    const t = trimPunct(text.slice(start, end));
    if (t) setAside.push({ text: t, why });
  };

  // 1. The question sentences: those with a question mark, else those with a cue; the others are
  // context. No cue anywhere (a keyword lookup): the whole message is the question.
  const all = sentences(text, folded, lang);
  // A bare request ("Can you check?", "Em xem giúp chị nhé?") is no question, whatever its mark.
  const requestOnly = (s: Piece) => REQUEST_ONLY.test(trimPunct(folded.slice(s.start, s.end)));
  const marked = all.filter((s) => text.slice(s.start, s.end).includes('?') && !requestOnly(s));
  const cued = all.filter((s) => hasCue(folded.slice(s.start, s.end), lang) && !requestOnly(s));
  const question = marked.length > 0 ? marked : cued.length > 0 ? cued : all;
  // A short question that points back ("What did they think of it?") takes the sentence before it,
  // where its topic is; that sentence's frames are still set aside below.
  const first = all.indexOf(question[0]);
  if (first > 0) {
    const q = folded.slice(question[0].start, question[0].end);
    if (ANAPHOR.test(q) && words(q).filter((w) => !isFunctionWord(w)).length <= 2) question.unshift(all[first - 1]);
  }
  for (const s of all) if (!question.includes(s)) aside(s.start, s.end, requestOnly(s) ? 'politeness' : 'preamble');

  // 2. Within them, leading and trailing comma clauses without a cue that say why one asks.
  const kept: Piece[] = [];
  for (const s of question) {
    const cs = clauses(text, s);
    const f = cs.map((c) => trimPunct(folded.slice(c.start, c.end)));
    const strong = f.map((x) => STRONG_CONTEXT.test(x));
    const request = f.map((x) => REQUEST_ONLY.test(x));
    const asks = f.map((x, i) => hasCue(x, lang) && !strong[i] && !request[i]);
    const firstCue = asks.indexOf(true);
    const lastCue = asks.lastIndexOf(true);
    cs.forEach((c, i) => {
      const context = strong[i] || (CONTEXT.test(f[i]) && !hasCue(f[i], lang));
      if (firstCue >= 0 && request[i]) aside(c.start, c.end, 'politeness');
      else if (firstCue >= 0 && (i < firstCue || i > lastCue) && context) aside(c.start, c.end, 'preamble');
      else kept.push(c);
    });
  }

  // 3. Frames at the start and end of the question.
  let meta = false;
  const parts = kept.map((p) => ({ ...p }));
  const hasWords = (p: Piece) => /[\p{L}\p{N}]/u.test(text.slice(p.start, p.end));
  const strip = (p: Piece) => {
    // A frame may take a whole clause ("hey quick q, where …") while another clause still asks;
    // it never takes the last words of the question.
    const othersAsk = parts.some((o) => o !== p && hasWords(o));
    for (let changed = true; changed; ) {
      changed = false;
      const head = folded.slice(p.start, p.end);
      const lead = head.length - head.trimStart().length;
      const rest = head.slice(lead);
      for (const f of [...OPENERS.map((o) => ({ re: o.re, why: o.why })), ...META_OPENERS.map((re) => ({ re, why: 'meta' as const }))]) {
        const m = f.re.exec(rest);
        if (m && m[0].trim() && (m[0].length < rest.length || othersAsk)) {
          aside(p.start + lead, p.start + lead + m[0].length, f.why);
          if (f.why === 'meta') meta = true;
          p.start += lead + m[0].length;
          changed = true;
          break;
        }
      }
    }
    for (let changed = true; changed; ) {
      changed = false;
      // A clause cut at a comma ("… vậy mọi người, sếp hỏi gấp") ends with it: closers end before it.
      const body = folded.slice(p.start, p.end).replace(/[\s?.!,;:]+$/, '');
      for (const f of [...CLOSERS, ...META_CLOSERS.map((re) => ({ re, why: 'meta' as const }))]) {
        const m = f.re.exec(body);
        // Like an opener, a closer may take a whole clause (", anyone?") while another clause asks.
        if (m && m[0].trim() && (m.index > 0 || othersAsk)) {
          aside(p.start + m.index, p.start + m.index + m[0].length, f.why);
          if (f.why === 'meta') meta = true;
          p.end = p.start + m.index;
          changed = true;
          break;
        }
      }
    }
  };
  for (const p of parts) strip(p);
  const focus = parts
    // A clause cut before a set-aside one keeps no dangling comma or dash; one left without words goes.
    .filter(hasWords)
    .map((p) => text.slice(p.start, p.end).replace(/[\s,]*(?:\s-)?\s*$/, ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { focus: focus || text.trim(), setAside, meta };
}
