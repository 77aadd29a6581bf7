import { describe, expect, it } from 'vitest';
import { createQuestionAnalyzer, looksLikeFollowUp, readFollowUp, readWithPrevious } from '../../src/question/analyze-question.js';
import { answerTypeOf, withoutCueWords } from '../../src/question/answer-type.js';
import { extractFocus } from '../../src/question/focus.js';
import { splitParts } from '../../src/question/parts.js';

const analyse = createQuestionAnalyzer({ titles: ['Kuala Lumpur Declaration on the safe and responsible use of social media platforms (17th AMRI)', 'Tuyên bố Kuala Lumpur về sử dụng an toàn và có trách nhiệm các nền tảng truyền thông xã hội'], years: ['2025'] });

describe('question/focus', () => {
  describe('extractFocus', () => {
    it('sets an English preamble sentence aside and keeps the question', () => {
      const f = extractFocus("I'm putting together notes for a press briefing and my manager asked me to check. Where will the next AMRI be held?", 'en');
      expect(f.focus).toBe('Where will the next AMRI be held?');
      expect(f.setAside).toEqual([{ text: "I'm putting together notes for a press briefing and my manager asked me to check.", why: 'preamble' }]);
    });

    it('sets a Vietnamese preamble clause and request frame aside', () => {
      const f = extractFocus('Chị đang chuẩn bị bài phát biểu, em tra giúp chị hội nghị AMRI lần thứ 18 tổ chức ở đâu?', 'vi');
      expect(f.focus).toBe('hội nghị AMRI lần thứ 18 tổ chức ở đâu?');
      expect(f.setAside.map((s) => s.why)).toEqual(['preamble', 'politeness']);
    });

    it('sets talk about the document aside, in both languages', () => {
      expect(extractFocus('Is there anything in the report on fake news?', 'en')).toMatchObject({ focus: 'fake news?', meta: true });
      expect(extractFocus('Does the statement talk about working with China?', 'en')).toMatchObject({ focus: 'working with China?', meta: true });
      const vi = extractFocus('Tuyên bố có nói gì về hợp tác với Trung Quốc không?', 'vi');
      expect(vi.focus).toContain('hợp tác với Trung Quốc');
      expect(vi.focus).not.toMatch(/Tuyên bố/);
      expect(vi.meta).toBe(true);
    });

    it('drops casual openers and a trailing reason, keeps the words as set aside', () => {
      const f = extractFocus('does anybody remember which country hosts the next one? need it for a deck', 'en');
      expect(f.focus).toBe('which country hosts the next one?');
      expect(f.setAside.map((s) => s.text)).toEqual(['need it for a deck', 'does anybody remember']);
      expect(extractFocus('mọi người ơi cho em hỏi AMRI 18 ở đâu vậy', 'vi').focus).toBe('AMRI 18 ở đâu');
    });

    it('sets aside context that names what the asker is doing or who they are, even with a question word in it', () => {
      const vi = extractFocus('Mình đang làm báo cáo tóm tắt cho phòng, anh chị cho mình hỏi AMRI 18 tổ chức ở đâu?', 'vi');
      expect(vi.focus).toBe('AMRI 18 tổ chức ở đâu?');
      expect(vi.setAside.map((s) => s.why)).toEqual(['preamble', 'politeness']);
      expect(extractFocus('Em là sinh viên năm ba đang viết tiểu luận. Anh chị cho em hỏi TFFN là gì ạ?', 'vi').focus).toBe('TFFN là gì');
      expect(extractFocus('I am writing about ASEAN, what is the TFFN?', 'en').focus).toBe('what is the TFFN?');
    });

    it("sets aside someone else's question passed on, and a closing request that names nothing", () => {
      const f = extractFocus('My editor keeps asking which country hosts the next AMRI - could you check for me?', 'en');
      expect(f.focus).toBe('which country hosts the next AMRI');
      expect(f.setAside).toEqual([
        { text: 'could you check for me?', why: 'politeness' },
        { text: 'My editor keeps asking', why: 'preamble' },
      ]);
      expect(extractFocus('Sếp mình muốn biết AMRI 17 bế mạc ngày nào', 'vi').focus).toBe('AMRI 17 bế mạc ngày nào');
      expect(extractFocus("I'm doing a briefing note and my director wants to know which plan covers 2026 to 2035.", 'en').focus).toBe('which plan covers 2026 to 2035.');
      // A request with a topic is the question itself.
      expect(extractFocus('what should the platforms check?', 'en').focus).toBe('what should the platforms check?');
    });

    it('sets aside what the asker needs it for', () => {
      const f = extractFocus('For a training slide on media literacy I need the new partners of ASEAN media cooperation. Who are they?', 'en');
      expect(f.setAside[0]).toEqual({ text: 'For a training slide on media literacy I need', why: 'preamble' });
      expect(f.focus).toMatch(/partners of ASEAN media cooperation\. Who are they\?$/);
    });

    it('sets aside a clause that is only an opener, when another clause asks', () => {
      expect(extractFocus('hey quick q, where is the next AMRI?', 'en').focus).toBe('where is the next AMRI?');
      expect(extractFocus('ok so, thanks, what is SOMRI?', 'en').focus).toBe('what is SOMRI?');
      // Alone, the opener is all there is: kept.
      expect(extractFocus('quick q', 'en').focus).toBe('quick q');
    });

    it('leaves a keyword lookup whole', () => {
      expect(extractFocus('TFFN meaning', 'en')).toEqual({ focus: 'TFFN meaning', setAside: [], meta: false });
    });

    it('keeps a colon that sits inside the question', () => {
      expect(extractFocus('what did they agree re: platforms?', 'en').focus).toBe('what did they agree re: platforms?');
      expect(extractFocus('Quick q: where is the next AMRI?', 'en').focus).toBe('where is the next AMRI?');
      expect(extractFocus("quick one - where's the next AMRI?", 'en').focus).toBe("where's the next AMRI?");
      expect(extractFocus('one more q, who took part?', 'en').focus).toBe('who took part?');
      expect(extractFocus('mọi người cho hỏi lần tới họp ở đâu', 'vi').focus).toBe('lần tới họp ở đâu');
      // a clause ending in a comma still loses its closing vocative; "cần …" after the question is context
      expect(extractFocus('hội nghị xong hôm nào vậy mọi người, sếp hỏi gấp', 'vi').focus).toBe('hội nghị xong hôm nào');
      expect(extractFocus('AMRI 18 ở đâu vậy mn, cần gấp', 'vi').focus).toBe('AMRI 18 ở đâu');
      expect(extractFocus('AMRI 18 ở đâu, cần điền vào slide', 'vi').focus).toBe('AMRI 18 ở đâu');
      expect(extractFocus('cho mình hỏi nhanh AMRI 18 ở đâu', 'vi').focus).toBe('AMRI 18 ở đâu');
      expect(extractFocus('where is the next AMRI, anyone?', 'en').focus).toBe('where is the next AMRI');
      expect(extractFocus('where is the next AMRI guys', 'en').focus).toBe('where is the next AMRI');
      // a bare request with a question mark is no question: the sentence that asks is
      expect(extractFocus('My manager wants to know which countries attended. Can you check?', 'en').focus).toBe('which countries attended.');
      expect(extractFocus('Sếp muốn biết AMRI 18 ở đâu. Em xem giúp chị nhé?', 'vi').focus).toBe('AMRI 18 ở đâu.');
      expect(extractFocus('deadline của ACMP III là năm nào', 'vi').focus).toBe('deadline của ACMP III là năm nào');
    });
  });
});

describe('question/answer-type', () => {
  describe('withoutCueWords', () => {
    it.each([
      ['ACMP III timeline', 'date', 'ACMP III'],
      ['AMRI 18 location', 'place', 'AMRI 18'],
      ['kế hoạch mới tên gì', 'definition', 'kế hoạch mới'],
      ['What is the full name of the body abbreviated COCI?', 'definition', 'What is the of the body COCI?'],
      ['hội nghị kết thúc hôm nào', 'day', 'hội nghị kết thúc'],
      ['kế hoạch công tác mới kéo dài bao lâu', 'date', 'kế hoạch công tác mới'],
      ['how come ASEAN set up a task force', 'reason', 'ASEAN set up a task force'],
    ] as const)('reads "%s" (%s) without the words that only name the answer wanted', (q, type, focus) => {
      expect(withoutCueWords(q, type).focus).toBe(focus);
    });

    it('keeps the focus when nothing else would be left', () => {
      expect(withoutCueWords('timeline', 'date').focus).toBe('timeline');
    });
  });

  describe('answerTypeOf', () => {
    it.each([
      ['When will the 18th AMRI be held?', 'date'],
      ['What year is the next meeting?', 'year'],
      ['What exact date did it end?', 'day'],
      ['What time did the closing session start?', 'time'],
      ['In which month will the next AMRI meet?', 'month'],
      ['AMRI 18 họp vào tháng mấy?', 'month'],
      ['Which city will host the next AMRI?', 'city'],
      ['Where is the next AMRI?', 'place'],
      ['How much funding does the Work Plan have?', 'money'],
      ['How many working groups are there?', 'number'],
      ['Who chaired the meeting?', 'person'],
      ['Which minister signed for Malaysia?', 'person'],
      ['Which countries attended?', 'agent'],
      ['Why does ASEAN need the guidelines?', 'reason'],
      ['What does TFFN stand for?', 'definition'],
      ['Does the plan cover disinformation?', 'yesno'],
      ['AMRI 18 tổ chức năm nào?', 'year'],
      ['Hội nghị AMRI 18 tổ chức ở đâu?', 'place'],
      ['Những nước nào tham dự hội nghị?', 'agent'],
      ['Ai chủ trì hội nghị?', 'person'],
      ['Kế hoạch có bao nhiêu tiền kinh phí?', 'money'],
      ['Vì sao ASEAN cần hướng dẫn này?', 'reason'],
      ['ASEAN có hợp tác với Nhật Bản không?', 'yesno'],
      ['TFFN là gì?', 'definition'],
      ['hội nghị kết thúc hôm nào', 'day'],
      ['AMRI 18 họp bữa nào', 'day'],
      ['hội nghị kết thúc hồi nào', 'date'],
      ['AMRI 18 diễn ra vào thời điểm nào', 'date'],
      ['AMRI 18 tổ chức ở chỗ nào', 'place'],
      ['whereabouts is the next AMRI', 'place'],
      ['AMRI 18 venue', 'place'],
      ['AMRI 17 venue hotel', 'city'],
      ['Lần họp tới ở nước nào?', 'place'],
      ['có bao nhiêu lĩnh vực ưu tiên', 'number'],
      ['Khi nào kế hoạch công tác mới bắt đầu?', 'date'],
      ['ở đầu năm 2025 ASEAN làm gì', 'topic'],
      ['bao nhiêu quy định mới', 'number'],
      ['kế hoạch có bao nhiêu tiền', 'money'],
      ['quỹ bao nhiêu', 'money'],
      ['in which country will the next AMRI take place', 'place'],
      ['Những nước nào tham gia?', 'agent'],
      ['at what point did the meeting end', 'date'],
      ['how come ASEAN set up a task force', 'reason'],
      ['tin giả do đâu mà có', 'reason'],
      ['ASEAN ứng phó với những xu hướng mới nổi nào?', 'list'],
      ["what's the full official name of the declaration?", 'definition'],
      ['What body is SOMRI?', 'definition'],
      ['SOMRI là cơ quan nào?', 'definition'],
      ['Which official signed the declaration?', 'person'],
      ["What is the name of Malaysia's communications minister?", 'person'],
      ['what is the name of the new plan', 'topic'],
      ['What does the declaration say on young people?', 'topic'],
    ])('%s → %s', (q, type) => {
      expect(answerTypeOf(q)).toBe(type);
    });

    it('reads AI in capitals as the topic, not as "who"', () => {
      expect(answerTypeOf('Is AI one of the priorities?')).toBe('yesno');
    });
  });
});

describe('question/parts', () => {
  describe('splitParts', () => {
    it('splits two questions joined by "and"', () => {
      expect(splitParts('Where is the next AMRI held, and what is the new work plan called?', 'en')).toEqual(['Where is the next AMRI held', 'what is the new work plan called?']);
    });

    it('splits two Vietnamese questions joined by "và"', () => {
      expect(splitParts('AMRI 18 tổ chức ở đâu và kế hoạch công tác mới tên gì?', 'vi')).toEqual(['AMRI 18 tổ chức ở đâu', 'kế hoạch công tác mới tên gì?']);
    });

    it('does not split a list inside one question', () => {
      expect(splitParts('Which countries and organisations attended?', 'en')).toEqual(['Which countries and organisations attended?']);
      expect(splitParts('Trung Quốc và Nhật Bản có tham dự không?', 'vi')).toEqual(['Trung Quốc và Nhật Bản có tham dự không?']);
    });

    it('gives a bare question word the topic of its neighbour', () => {
      expect(splitParts('When and where is the next AMRI?', 'en')).toEqual(['When is the next AMRI', 'where is the next AMRI?']);
    });
  });
});

describe('question/analyze-question', () => {
  describe('createQuestionAnalyzer', () => {
    it.each(['What is this declaration?', 'tell me about the declaration', 'Tuyên bố này nói về cái gì?', "hey what's this declaration thing?", 'Can you summarise the document?', 'what is the KL declaration on social media about?', 'sum up the declaration in one line', 'tóm lại tuyên bố nói gì'])(
      'reads "%s" as an overview of the document',
      (q) => {
        const a = analyse(q, /[ốạ]/.test(q) ? 'vi' : 'en');
        expect(a.overview).toBe(true);
        expect(a.answerType).toBe('overview');
      },
    );

    it.each(['what happened at the meeting', 'What was the outcome of AMRI 17?', 'hội nghị có kết quả gì', 'Hội nghị thông qua gì?', 'key takeaways from the AMRI meeting', 'hội nghị đạt được những gì', 'tell me about the meeting', 'cho mình biết về hội nghị'])(
      'reads "%s", about what the reported meeting did as a whole, as an overview',
      (q) => expect(analyse(q, /[ộảị]/.test(q) ? 'vi' : 'en').overview).toBe(true),
    );

    it.each(['what did the meeting agree on fake news', 'when did the meeting end', 'hội nghị có gì mới về tin giả', 'what happened to the old plan', 'tell me about the TFFN'])(
      'does not read "%s", which asks something narrower, as an overview',
      (q) => expect(analyse(q, /[ộảị]/.test(q) ? 'vi' : 'en').overview).toBe(false),
    );

    it.each(['What does the declaration say about young people?', 'What does the declaration say about disinformation?', 'When did it end?', 'Tuyên bố có nhắc gì đến giới trẻ không?', 'what about AI?', 'who signed the declaration'])('does not read "%s" as an overview', (q) => {
      expect(analyse(q, /[ắẻ]/.test(q) ? 'vi' : 'en').overview).toBe(false);
    });

    it('reads a document word inside a compound of the texts as a topic: "fake news" is not the news report', () => {
      const withTexts = createQuestionAnalyzer({
        titles: ['Kuala Lumpur Declaration on social media', 'Tuyên bố Kuala Lumpur về truyền thông xã hội'],
        texts: ['the ASEAN Task Force on Fake News (TFFN)', 'Lực lượng đặc nhiệm ASEAN về tin giả (TFFN), thông tin sai lệch', 'the joint statement said'],
      });
      for (const [q, lang] of [['what is fake news', 'en'], ['tin giả là gì', 'vi'], ['thông tin giả là gì', 'vi']] as const) {
        expect(withTexts(q, lang).overview, q).toBe(false);
        expect(analyse(q, lang).overview, `${q}, without the texts`).toBe(true);
      }
      for (const [q, lang] of [['tin này nói gì', 'vi'], ['what is the news about', 'en'], ['what does the joint statement say', 'en'], ['what is this declaration?', 'en']] as const) {
        expect(withTexts(q, lang).overview, q).toBe(true);
      }
    });

    it('gives each part of a two-part question its own answer type', () => {
      const a = analyse('When did the meeting end, and which countries took part?', 'en');
      expect(a.parts.map((p) => p.answerType)).toEqual(['date', 'agent']);
      expect(a.focus).toBe('When did the meeting end which countries took part?');
    });

    it('reads a meta question as a yes/no on its topic, keeping what was set aside', () => {
      const a = analyse('Does the report mention hate speech?', 'en');
      expect(a).toMatchObject({ focus: 'hate speech?', answerType: 'yesno', setAside: [{ why: 'meta' }] });
      expect(a.raw).toBe('Does the report mention hate speech?');
    });
  });

  describe('follow-ups', () => {
    it('recognises a message that leans on the previous one', () => {
      expect(looksLikeFollowUp(analyse('and when?', 'en'))).toBe(true);
      expect(looksLikeFollowUp(analyse('what about Norway?', 'en'))).toBe(true);
      expect(looksLikeFollowUp(analyse('còn năm nào?', 'vi'))).toBe(true);
      expect(looksLikeFollowUp(analyse('What does TFFN stand for?', 'en'))).toBe(false);
    });

    it('swaps the question word into the previous question', () => {
      expect(readWithPrevious('and when?', 'Where will the 18th AMRI be held?', 'en')).toBe('When will the 18th AMRI be held?');
      expect(readWithPrevious('what about Norway?', 'Which countries are new partners?', 'en')).toBe('Which countries are new partners: Norway?');
      // a name of the same shape takes the place of the previous question's
      expect(readWithPrevious('what about the 17th?', 'Where is the 18th AMRI?', 'en')).toBe('Where is the 17th AMRI?');
      // "năm nào" is a question phrase: it takes the previous question's place; a follow-up asking its own question leads
      expect(readWithPrevious('còn năm nào?', 'Hội nghị AMRI lần thứ 18 tổ chức ở đâu?', 'vi')).toBe('Hội nghị AMRI lần thứ 18 tổ chức năm nào?');
      expect(readWithPrevious('what year?', 'Where will the 18th AMRI be held?', 'en')).toBe('What year will the 18th AMRI be held?');
      expect(readWithPrevious('since when has Norway been involved?', 'Which new partners joined?', 'en')).toBe('Since when has Norway been involved — Which new partners joined?');
      // a bare question word after a question in the other language is asked in that language
      expect(readFollowUp('còn năm nào?', 'where is the next AMRI?', 'vi', 'en')).toEqual({ reading: 'What year is the next AMRI?', lang: 'en' });
      expect(readFollowUp('and when?', 'AMRI 18 tổ chức ở đâu?', 'en', 'vi')).toEqual({ reading: 'AMRI 18 tổ chức khi nào?', lang: 'vi' });
      expect(readFollowUp('since when has Norway been involved?', 'Đối tác mới là ai?', 'en', 'vi')).toEqual({ reading: 'Since when has Norway been involved — Đối tác mới là ai?', lang: 'en' });
      expect(readWithPrevious('what about Norway?', 'Is Japan a partner?', 'en')).toBe('Is Norway a partner?');
      expect(readWithPrevious('còn Na Uy?', 'Nhật Bản có phải đối tác không?', 'vi')).toBe('Na Uy có phải đối tác không?');
      expect(readWithPrevious('còn lần thứ 17?', 'AMRI lần thứ 18 tổ chức ở đâu?', 'vi')).toBe('AMRI lần thứ 17 tổ chức ở đâu?');
      // A Vietnamese "X nào" takes the place of the previous one whole, its noun with it.
      expect(readWithPrevious('ở thành phố nào?', 'AMRI lần thứ 18 tổ chức ở nước nào?', 'vi')).toBe('AMRI lần thứ 18 tổ chức ở thành phố nào?');
    });
  });
});
