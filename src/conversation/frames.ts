/**
 * The only words the bot says that are not quotes from the corpus: short fixed frames.
 */
import type { Lang } from '../corpus/types.js';

export const FRAMES = {
  // Without a `describedAs` in the document's meta.json (see answerFrame).
  answer: { en: 'The text says:', vi: 'Văn bản viết:' },
  more: { en: 'More passages:', vi: 'Thêm đoạn trích:' },
  noAnswer: { en: 'I could not find this in the declaration.', vi: 'Tôi không tìm thấy nội dung này trong tuyên bố.' },
  noMore: { en: 'There is nothing more on this in the declaration.', vi: 'Tuyên bố không có thêm nội dung về vấn đề này.' },
  nothingToContinue: { en: 'Ask me a question first, then say "more".', vi: 'Hãy đặt câu hỏi trước, rồi gõ "thêm".' },
  help: {
    en: 'I answer questions about the Kuala Lumpur Declaration (17th AMRI, May 2025) with quotes from it. Ask in English or Vietnamese; say "more" for further passages, or "in Vietnamese" to switch language.',
    vi: 'Tôi trả lời câu hỏi về Tuyên bố Kuala Lumpur (AMRI 17, tháng 5/2025) bằng trích dẫn từ tuyên bố. Hãy hỏi bằng tiếng Việt hoặc tiếng Anh; gõ "thêm" để xem thêm đoạn trích, hoặc "in English" để đổi ngôn ngữ.',
  },
  greeting: {
    en: 'Hello! Ask me about the Kuala Lumpur Declaration.',
    vi: 'Xin chào! Hãy hỏi tôi về Tuyên bố Kuala Lumpur.',
  },
  thanks: { en: 'You are welcome.', vi: 'Không có gì ạ.' },
  switched: {
    en: 'I will answer in English from now on.',
    vi: 'Từ bây giờ tôi sẽ trả lời bằng tiếng Việt.',
  },
  error: { en: 'Something went wrong. Please try again.', vi: 'Đã có lỗi xảy ra. Vui lòng thử lại.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type FrameName = keyof typeof FRAMES;

/**
 * The frame over an answer, naming where the words come from: "The TTXVN report says:" /
 * "Bản tin TTXVN viết:" from the document's `describedAs`, and saying so when the first passage
 * is a side box rather than running text.
 */
export function answerFrame(lang: Lang, doc?: { describedAs?: Partial<Record<Lang, string>> }, sidebox = false): string {
  const name = doc?.describedAs?.[lang];
  if (!name) return FRAMES.answer[lang];
  if (lang === 'vi') return sidebox ? `${name}, trong khung bên lề, viết:` : `${name} viết:`;
  return sidebox ? `${name}, in a side box, says:` : `${name} says:`;
}

/** A question over `MAX_QUESTION_CHARS`, with the limit in force. */
export const TOO_LONG = {
  en: (limit: number) => `Please keep your question to ${limit} characters or fewer.`,
  vi: (limit: number) => `Vui lòng đặt câu hỏi không quá ${limit} ký tự.`,
} as const satisfies Record<Lang, (limit: number) => string>;

/** Says how the bot read a question, when that differs from what was typed (typos, follow-ups). */
export const READING = {
  corrected: { en: (q: string) => `Showing results for “${q}”.`, vi: (q: string) => `Kết quả cho “${q}”.` },
  followUp: { en: (q: string) => `Reading this as: “${q}”.`, vi: (q: string) => `Tôi hiểu câu hỏi là: “${q}”.` },
  unanswered: { en: (q: string) => `The declaration does not answer: “${q}”.`, vi: (q: string) => `Tuyên bố không trả lời: “${q}”.` },
} as const satisfies Record<string, Record<Lang, (q: string) => string>>;
