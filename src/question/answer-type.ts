/**
 * The kind of answer a question expects, from its question words (a closed class in both
 * languages), matched on the folded focus. The first rule that matches wins, so the specific
 * ones ("what time", "which city", "how much funding") come before the general ones ("when",
 * "where", "how many").
 *
 *   answerTypeOf('Which city will host the 18th AMRI?') // 'city'
 *   answerTypeOf('AMRI 18 tổ chức năm nào?')           // 'year'
 */
import { cutFolded, fold } from '../text/normalize.js';
import type { AnswerType } from './types.js';

// Acts only a person does: a question asking who did them asks for a person's name.
// Not "host" or "open": countries host and open meetings too.
const PERSON_ACTS =
  '(?:chair|chaired|chairs|chairing|sign|signed|signs|lead|led|leads|head|headed|heads|spoke|speak|speaks|said|propose|proposed|proposes|suggest|suggested|deliver|delivered|represent|represented|wrote|announce|announced)';
const PERSON_NOUNS = '(?:minister|ministers|official|officials|person|people|leader|leaders|delegate|delegates|chair|chairman|chairperson|spokesperson|secretary|president|correspondent|reporter|journalist)';
// Vietnamese: acts only a person does, and nouns for people, right next to the question word.
const VI_PERSON_ACTS = '(?:chu tri|ky ten|ky ket|dan dau|dung dau|phat bieu|de xuat|de nghi|phu trach)';
const VI_PERSON_NOUNS = '(?:bo truong|thu truong|nguoi|phong vien|nha bao|lanh dao|truong doan|dai bieu|chu tich|quan chuc)';
// Folded, "tiền" (money), "vốn" (capital) and "quỹ" (fund) are "tien", "von", "quy" as in "ưu tiên"
// (priority) and "quy định" (rule): they are read with their marks (MONEY_MARKED), not here.
const MONEY = '(?:budget|budgets|funding|fund|funds|money|cost|costs|spend|spent|spending|dollar|dollars|usd|finance|financing|financial|investment|kinh phi|ngan sach|chi phi|tai tro|dau tu)';
const MONEY_MARKED = /(?<![\p{L}\p{M}])(?:tiền|vốn|quỹ)(?![\p{L}\p{M}])/giu;

// Folded, "đâu" (where) is "dau" as in "bắt đầu" (start), "ban đầu", "dẫn đầu": the place rule's
// question-final "đâu" leaves those out.
const RULES: [AnswerType, RegExp][] = [
  ['time', /\b(?:what time|at what time|which time of day|may gio|luc may gio|gio nao)\b/],
  ['city', /\b(?:which|what|in what) (?:city|town|capital|venue|hotel|building)\b|\b(?:thanh pho|tp|khach san|dia diem cu the|toa nha) nao\b|\bhotel\b/],
  ['day', /\b(?:what|which|exact|on what) (?:exact )?(?:date|day)\b|\bexact date\b|\bday and month\b|\bday \+ month\b|\bngay (?:nao|may|bao nhieu|cu the)\b|\b(?:hom|bua) nao\b|\bngay thang nao\b/],
  ['month', /\b(?:which|what|in what|in which) month\b|\bthang (?:nao|may|bao nhieu)\b/],
  ['year', /\b(?:what|which|in what|from what) years?\b|\b(?:start|starting|end|ending|first|last)(?: and (?:start|end|ending|starting))? years?\b|\bnam (?:nao|bao nhieu|may)\b/],
  // An amount asked for: "how much … funding", "what is the budget of …", a lookup ("ACMP III budget"); not "is there funding".
  ['money', new RegExp(`\\bhow much\\b.*\\b${MONEY}\\b|\\b${MONEY}\\b.*\\bhow much\\b|\\bbao nhieu tien\\b|\\b${MONEY}\\b.*\\bbao nhieu\\b|\\bbao nhieu\\b.*\\b${MONEY}\\b|^(?:what|whats|which)\\b.*\\b(?:budget|funding|cost|amount)\\b|^(?!.*\\b(?:is|are|does|do|did|co)\\b).*\\b(?:budget|funding|kinh phi|ngan sach)\\b`)],
  ['number', /\bhow (?:many|much)\b|\bbao nhieu\b|\b(?:lan|ky|khoa) thu may\b|\bmay (?:nuoc|quoc gia|nhom|linh vuc|uu tien|ngay|lan|nguoi|thanh vien|doi tac)\b|\bwhich (?:edition|session|number)\b|\bso luong\b|\bnumber of\b/],
  // "the full official name of the declaration", "what body is COCI": the name a short form stands for, not a person's.
  ['definition', /\b(?:full|official|complete) (?:official )?name\b|^(?:what|which) (?:kind of )?(?:body|organi[sz]ation|agency|group|committee|entity) is (?:the )?[a-z]{2,6}\s*$|^[a-z]{2,6} (?:la|la mot) (?:co quan|to chuc|uy ban|nhom|don vi) (?:nao|gi)\s*$/],
  [
    'person',
    new RegExp(
      `\\b(?:who|whom)(?: \\w+){0,2} ${PERSON_ACTS}\\b|\\b(?:which|what) ${PERSON_NOUNS}\\b|\\bname of (?:the )?(?:[\\w']+ ){0,3}${PERSON_NOUNS}\\b|\\b${PERSON_NOUNS}'?s? name\\b` +
        `|\\bai(?: \\w+){0,1} ${VI_PERSON_ACTS}\\b|\\b${VI_PERSON_ACTS} (?:boi |la )?ai\\b|\\b${VI_PERSON_NOUNS} (?:nao|ten (?:gi|la gi))\\b|\\bten (?:cua )?${VI_PERSON_NOUNS}\\b|\\b${VI_PERSON_NOUNS}\\b.{0,40}\\bten (?:gi|la gi)\\b`,
    ),
  ],
  // Before 'place': "do đâu" (from where, i.e. why) ends in "đâu"; "how come" asks why.
  ['reason', /\bdo dau\b|\bhow come\b/],
  ['place', /\bwhere\b|\bwhereabouts\b|\blocation\b|\bvenue\b|\bcho nao\b|\b(?:in|at) (?:which|what) (?:country|nation|place)\b|\b(?:o|tai) (?:nuoc|quoc gia) nao\b|\b(?:which|what) (?:country|countries|nation|place)\b.*\b(?:host|hosts|hosted|hosting|held|hold|holds|take place|takes place|venue)\b|\b(?:host|hosts|hosting)\b.*\b(?:which|what) (?:country|nation)\b|\b(?:o|tai) dau\b(?! (?:nam|thang|tuan|ky|nhiem ky|the ky|thap ky|mua|phien|chuong|trang|danh sach|bai|van ban))|\bdia diem\b|\b(?:nuoc|quoc gia) nao\b.*\b(?:to chuc|dang cai|dien ra|chu nha)\b|\b(?:to chuc|dang cai|dien ra|chu nha|host\w*)\b.*\b(?:nuoc|quoc gia) nao\b|(?<!\b(?:bat|ban|dan|hang|khoi|mo|cam|dung)\s)\bdau\s*$/],
  // "when" opens the question ("when did it end", "and when?") or closes it ("it ended when?"); inside
  // a clause it is a conjunction ("what should ASEAN do when new trends appear").
  ['date', /^(?:\S+ ){0,2}when\b|\bwhen\s*$|\bat what point\b|\b(?:hoi|thoi diem|dip|thoi gian) nao\b|\bhow long\b|\btimeline\b|\bdeadline\b|\bdates?\b|\bperiod\b|\bbao gio\b|\bkhi nao\b|\bluc nao\b|\bthoi gian nao\b|\bthoi han\b|\bden nam nao\b|\bgiai doan nao\b|\bkeo dai\b|\bbao lau\b/],
  ['agent', /\bwho\b|\bwhom\b|\b(?:which|what) (?:countries|nations|partners|organi[sz]ations|members|states|groups|bodies|agencies|partner|organi[sz]ation|agency|body|committee)\b|\bai\b|\b(?:nhung|cac) (?:nuoc|quoc gia|doi tac|to chuc|co quan)(?: \w+){0,3} nao\b|\b(?:nuoc|quoc gia|doi tac|to chuc|co quan) nao\b/],
  ['reason', /\bwhy\b|\breasons?\b|\bwhat for\b|\bpurpose\b|\bvi sao\b|\btai sao\b|\bly do\b|\bde lam gi\b|\bnham muc dich gi\b|\bmuc dich\b/],
  ['definition', /\bstands? for\b|\bmeaning\b|\bmeans?\b|\babbreviation\b|\bfull name\b|\bacronym\b|\bviet tat\b|\bnghia la\b|\bten day du\b|\bla gi\b|\bten (?:gi|la gi)\b|\bwhat (?:is|are) (?:the )?[a-z]{2,6}\s*\??$/],
  ['yesno', /^(?:is|are|was|were|do|does|did|can|could|will|would|has|have|had|should)\b|\bco phai\b|\bphai khong\b|\bco\b.*\b(?:khong|ko|k|chua|hong)\s*\??$|\b(?:khong|ko|chua)\s*\??$/],
  ['list', /\blist\b|\b(?:what|which) are the\b|\bdanh sach\b|\bliet ke\b|\bgom (?:nhung )?(?:gi|nao)\b|\b(?:nhung|cac) \w+(?: \w+){0,3} nao\b/],
];

/** The answer type of one question (its focus); `topic` when no rule matches. */
export function answerTypeOf(focus: string): AnswerType {
  // "AI" written in capitals is the topic (artificial intelligence), not "ai" (who).
  const f = fold(focus.replace(/\bAI\b/g, 'A I').normalize('NFC').replace(MONEY_MARKED, 'kinh phi')).replace(/[^\p{L}\p{N}+\s']/gu, ' ').replace(/\s+/g, ' ').trim();
  for (const [type, re] of RULES) if (re.test(f)) return type;
  return 'topic';
}

/** Answer types that need a detail of their kind in the passage (see passage-facts.ts). */
export const DETAIL_TYPES: ReadonlySet<AnswerType> = new Set(['place', 'city', 'date', 'day', 'month', 'year', 'time', 'number', 'money', 'person', 'agent']);

/**
 * Nouns that only name the kind of answer wanted, by the answer type they signal: "ACMP III
 * timeline" asks for the dates of ACMP III, "AMRI 18 location" for its place. Once the type is
 * read they are not part of the topic (the passage need not contain the word "timeline").
 */
const CUE_WORDS: Partial<Record<AnswerType, RegExp>> = {
  date: /\b(?:timeline|timeframe|time frame|deadline|dates?|duration|lasts?|runs?|covers?|spans?|thoi han|moc thoi gian|keo dai|(?:trong )?bao lau|at what point|(?:hoi|thoi diem|dip) nao)\b/gi,
  day: /\b(?:dates?|day|(?:hom|bua) nao)\b/gi,
  month: /\bmonth\b/gi,
  year: /\b(?:years?|lasts?|runs?|covers?|spans?|keo dai)\b/gi,
  place: /\b(?:location|venue|dia diem|whereabouts|cho nao)\b/gi,
  city: /\b(?:location|venue|city|dia diem|thanh pho)\b/gi,
  definition: /\b(?:meaning|abbreviation|abbreviated|acronym|full (?:official )?name|official name|full form|short for|stands? for|viet tat|ten day du|ten (?:la )?gi|nghia la)\b|\b(?:co quan|to chuc|uy ban|nhom|don vi) (?:nao|gi)(?=[\s?.!]*$)/gi,
  list: /\b(?:list|danh sach|liet ke)\b/gi,
  reason: /\bhow come\b/gi,
  money: /\b(?:budget|funding|cost|kinh phi|ngan sach|chi phi)\b/gi,
};

/**
 * The focus without the words that named the answer type, cut at the same positions of the text as
 * written (folding keeps positions for NFC text); the focus unchanged when nothing else would be left.
 */
export function withoutCueWords(focus: string, type: AnswerType): { focus: string; cues: string[] } {
  const re = CUE_WORDS[type];
  const cut = re ? cutFolded(focus, re) : undefined;
  return cut && /[\p{L}\p{N}]/u.test(cut.text) ? { focus: cut.text, cues: cut.cut } : { focus, cues: [] };
}
