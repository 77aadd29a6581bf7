/**
 * The kind of answer a question expects, from its question words (a closed class in both
 * languages), matched on the folded focus. The first rule that matches wins, so the specific
 * ones ("what time", "which city", "how much funding") come before the general ones ("when",
 * "where", "how many").
 *
 *   answerTypeOf('Which city will host the 18th AMRI?') // 'city'
 *   answerTypeOf('AMRI 18 tổ chức năm nào?')           // 'year'
 */
import { fold } from '../text/normalize.js';
import type { AnswerType } from './types.js';

// Acts only a person does: a question asking who did them asks for a person's name.
const PERSON_ACTS =
  '(?:chair|chaired|chairs|chairing|sign|signed|signs|lead|led|leads|head|headed|heads|spoke|speak|speaks|said|say|says|propose|proposed|proposes|suggest|suggested|open|opened|host|hosted|hosts|deliver|delivered|represent|represented|write|wrote|written|announce|announced|name)';
const PERSON_NOUNS = '(?:minister|ministers|official|officials|person|people|leader|leaders|delegate|delegates|chair|chairman|chairperson|spokesperson|secretary|president|correspondent|reporter|journalist)';
const VI_PERSON = '(?:chu tri|ky|dan dau|dung dau|phat bieu|de xuat|de nghi|chu tich|bo truong|thu truong|nguoi|phong vien|nha bao|lanh dao|truong doan|dai bieu)';
const MONEY = '(?:budget|budgets|funding|fund|funds|money|cost|costs|spend|spent|spending|dollar|dollars|usd|finance|financing|financial|investment|kinh phi|ngan sach|chi phi|tai tro|tien|von|dau tu|quy)';

const RULES: [AnswerType, RegExp][] = [
  ['time', /\b(?:what time|at what time|which time of day|may gio|luc may gio|gio nao)\b/],
  ['city', /\b(?:which|what|in what) (?:city|town|capital|venue|hotel|building)\b|\b(?:thanh pho|tp|khach san|dia diem cu the|toa nha) nao\b|\bvenue\b|\bhotel\b/],
  ['day', /\b(?:what|which|exact|on what) (?:exact )?(?:date|day)\b|\bexact date\b|\bday and month\b|\bday \+ month\b|\bngay (?:nao|may|bao nhieu|cu the)\b|\bhom nao\b|\bngay thang nao\b/],
  ['year', /\b(?:what|which|in what|from what) years?\b|\bnam (?:nao|bao nhieu|may)\b/],
  ['money', new RegExp(`\\bhow much\\b.*\\b${MONEY}\\b|\\b${MONEY}\\b.*\\bhow much\\b|\\bbao nhieu tien\\b|\\b${MONEY}\\b.*\\bbao nhieu\\b|\\bbao nhieu\\b.*\\b${MONEY}\\b|^(?!.*\\b(?:is|are|does|do|did|co)\\b).*\\b(?:budget|funding|kinh phi|ngan sach)\\b`)],
  ['number', /\bhow (?:many|much)\b|\bbao nhieu\b|\b(?:lan|ky|khoa) thu may\b|\bmay (?:nuoc|quoc gia|nhom|linh vuc|uu tien|ngay|lan|nguoi|thanh vien|doi tac)\b|\bwhich (?:edition|session|number)\b|\bso luong\b|\bnumber of\b/],
  ['person', new RegExp(`\\b(?:who|whom|whose)\\b.*\\b${PERSON_ACTS}\\b|\\b(?:which|what) ${PERSON_NOUNS}\\b|\\bname of (?:the )?${PERSON_NOUNS}\\b|\\b${PERSON_NOUNS}'?s? name\\b|\\bai\\b.*\\b${VI_PERSON}\\b|\\b${VI_PERSON}\\b.*\\b(?:ai|nao|ten (?:gi|la gi))\\b`)],
  ['place', /\bwhere\b|\blocation\b|\b(?:which|what) (?:country|countries|nation|place)\b.*\b(?:host|hosts|hosted|hosting|held|hold|holds|take place|takes place|venue)\b|\b(?:host|hosts|hosting)\b.*\b(?:which|what) (?:country|nation)\b|\bo dau\b|\btai dau\b|\bdia diem\b|\b(?:nuoc|quoc gia) nao\b.*\b(?:to chuc|dang cai|dien ra|chu nha)\b|\b(?:to chuc|dang cai|dien ra|chu nha)\b.*\b(?:nuoc|quoc gia) nao\b|\bdau\s*$/],
  ['date', /\bwhen\b|\bhow long\b|\btimeline\b|\bdeadline\b|\bdates?\b|\bperiod\b|\bbao gio\b|\bkhi nao\b|\bluc nao\b|\bthoi gian nao\b|\bthoi han\b|\bden nam nao\b|\bgiai doan nao\b|\bkeo dai\b/],
  ['agent', /\bwho\b|\bwhom\b|\b(?:which|what) (?:countries|nations|partners|organi[sz]ations|members|states|groups|bodies|agencies|partner|organi[sz]ation|agency|body|committee)\b|\bai\b|\b(?:nhung|cac) (?:nuoc|quoc gia|doi tac|to chuc|co quan)(?: \w+){0,3} nao\b|\b(?:nuoc|quoc gia|doi tac|to chuc|co quan) nao\b/],
  ['reason', /\bwhy\b|\breasons?\b|\bwhat for\b|\bpurpose\b|\bvi sao\b|\btai sao\b|\bly do\b|\bde lam gi\b|\bnham muc dich gi\b|\bmuc dich\b/],
  ['definition', /\bstands? for\b|\bmeaning\b|\bmeans?\b|\babbreviation\b|\bfull name\b|\bacronym\b|\bviet tat\b|\bnghia la\b|\bten day du\b|\bla gi\b|\bten (?:gi|la gi)\b|\bwhat (?:is|are) (?:the )?[a-z]{2,6}\s*\??$/],
  ['yesno', /^(?:is|are|was|were|do|does|did|can|could|will|would|has|have|had|should)\b|\bco phai\b|\bphai khong\b|\bco\b.*\b(?:khong|ko|k|chua|hong)\s*\??$|\b(?:khong|ko|chua)\s*\??$/],
  ['list', /\blist\b|\b(?:what|which) are the\b|\bdanh sach\b|\bliet ke\b|\bgom (?:nhung )?(?:gi|nao)\b|\b(?:nhung|cac) \w+(?: \w+){0,3} nao\b/],
];

/** The answer type of one question (its focus); `topic` when no rule matches. */
export function answerTypeOf(focus: string): AnswerType {
  // "AI" written in capitals is the topic (artificial intelligence), not "ai" (who).
  const f = fold(focus.replace(/\bAI\b/g, 'A I')).replace(/[^\p{L}\p{N}+\s']/gu, ' ').replace(/\s+/g, ' ').trim();
  for (const [type, re] of RULES) if (re.test(f)) return type;
  return 'topic';
}

/** Answer types that need a detail of their kind in the passage (see passage-facts.ts). */
export const DETAIL_TYPES: ReadonlySet<AnswerType> = new Set(['place', 'city', 'date', 'day', 'year', 'time', 'money', 'person', 'agent']);
