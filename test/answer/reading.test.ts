/**
 * The engine reads questions as people type them (issue 11's kinds), end to end with the real
 * corpus: the examples are of each kind, not taken from the evaluation sets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineInternals } from '../../src/answer/engine.js';
import { loadTestEngine } from '../server/start.js';

let engine: EngineInternals;
beforeAll(async () => {
  engine = (await loadTestEngine()) as EngineInternals;
});
afterAll(() => engine.close());

const top = async (q: string, previous?: string) => {
  const r = await engine.ask(q, { previous });
  return { answered: r.answered, paragraph: r.passages[0]?.paragraph, reading: r.reading };
};

describe('answer/engine: reading questions', () => {
  it.each(['What is this declaration?', 'tell me about the declaration', 'Tuyên bố này nói về cái gì?', "hey what's this declaration thing?"])('answers "%s" with the document lead', async (q) => {
    expect(await top(q)).toMatchObject({ answered: true, paragraph: 1, reading: { overview: true } });
  });

  it.each([
    ['Is there anything in the report on fake news?', [2, 5, 8, 10]],
    // p15 (China took part) ranks above p14 (media cooperation with China): answered, if not with the best paragraph.
    ['Does the statement talk about working with China?', [13, 14, 15]],
    ["I'm putting together notes for a press briefing and my manager asked me to check: where is the next AMRI?", [14]],
    ['Chị đang chuẩn bị bài phát biểu, em tra giúp chị hội nghị AMRI lần thứ 18 tổ chức ở đâu?', [14]],
    ['TFFN meaning', [10]],
    ['AMRI 18 location', [14]],
  ])('answers "%s" from the right paragraph', async (q, paragraphs) => {
    const r = await top(q);
    expect(r.answered).toBe(true);
    expect(paragraphs).toContain(r.paragraph);
  });

  it('reads a casual question without its opener and closing remark', async () => {
    const r = await top('does anybody remember which country hosts the next one? need it for a deck');
    // (Whether "the next one" is answered is the decision's call, measured by the eval, not fixed here.)
    expect(r.reading).toMatchObject({ focus: 'which country hosts the next one?', answerType: 'place' });
    expect(r.reading?.setAside.map((s) => s.why)).toEqual(['preamble', 'politeness']);
  });

  it('reads typos and says what it read', async () => {
    const r = await top('wher is the nxt amri meetng?');
    expect(r.answered).toBe(true);
    expect(r.reading?.readAs).toBe('where is the next amri meeting?');
    expect(r.reading?.corrections.map((c) => c.from)).toEqual(['wher', 'nxt', 'meetng']);
  });

  it('reads a typed declaration name as the document (an overview) and says what it read', async () => {
    expect(await top('declartion on socail media')).toMatchObject({ answered: true, paragraph: 1, reading: { overview: true, readAs: 'declaration on social media' } });
  });

  it('reads short forms of corpus names and English words in Vietnamese questions', async () => {
    const kl = await top('was the meeting in KL?');
    expect(kl.reading?.corrections).toEqual([{ from: 'KL', to: 'Kuala Lumpur' }]);
    expect(kl).toMatchObject({ answered: true, paragraph: 1 });
    expect(await top('guideline về social media an toàn của ASEAN nhằm mục đích gì?')).toMatchObject({ answered: true, paragraph: 4 });
  });

  it('names the first part\'s subject in a second part that says "it"', async () => {
    const r = await engine.ask('What is the TFFN and what did the ministers ask it to work towards?');
    expect(r.reading?.parts.map((p) => p.passageIds[0])).toEqual(['kl-declaration-2025:p10', 'kl-declaration-2025:p11']);
  });

  it('puts the passage that states the asked detail first', async () => {
    // p15 shares more words (AMRI, meeting) but only p14 names a place for the next one.
    expect(await top('In which country will the 18th AMRI take place?')).toMatchObject({ answered: true, paragraph: 14 });
  });

  it('puts the passage stating the detail in the time asked about first', async () => {
    // p1 (held in Kuala Lumpur) and p14 (will be held in Cambodia) both put the meeting in a place.
    expect(await top('hội nghị lần sau ở đâu')).toMatchObject({ answered: true, paragraph: 14 });
    expect(await top('when is the next meeting')).toMatchObject({ answered: true, paragraph: 14 });
    // p14 is fourth by score here: the passage stated in the asked time is looked for past the first three.
    expect(await top('lần tới họp ở đâu')).toMatchObject({ answered: true, paragraph: 14 });
  });

  it('answers a question naming an ordinal with the passage about that instance, however the name is typed', async () => {
    // p15 ("Hội nghị AMRI lần thứ 17 … AMRI +3 lần thứ 8") outscores p14 ("AMRI lần thứ 18") on "hội nghị" and "AMRI".
    for (const q of ['hội nghị amri 18 ở đâu', 'hoi nghi amri 18 o dau', 'AMRI 18 venue']) expect(await top(q)).toMatchObject({ answered: true, paragraph: 14 });
    // and passages about another instance are not shown with it
    const r = await engine.ask('AMRI 18 venue');
    expect(r.passages.map((p) => p.paragraph)).not.toContain(1);
  });

  it('answers what a short name stands for with the passage that spells it out', async () => {
    // p11 uses "TFFN" more than p10, which defines it: "Task Force on Fake News (TFFN)".
    for (const q of ['tffn meaning', 'tffn la gi', 'What is the TFFN?']) expect(await top(q)).toMatchObject({ answered: true, paragraph: 10 });
  });

  it('answers a yes/no question checking where something is, at a place the text never names, with where it is', async () => {
    expect(await top('Is the next meeting in Laos?')).toMatchObject({ answered: true, paragraph: 14 });
    expect(await top('Was the meeting in Jakarta?')).toMatchObject({ answered: true, paragraph: 1 });
    expect(await top('Hội nghị tiếp theo có tổ chức ở Lào không?')).toMatchObject({ answered: true, paragraph: 14 });
    // a country the text says nothing of, not as a place something is in: still refused
    expect((await top('Is Canada a partner?')).answered).toBe(false);
  });

  it('puts a passage holding much more of the question first when it scores nearly as well', async () => {
    // p7 ("Work Plan", "roadmap") outscores p16 ("Strategic Plan", "AI") through synonyms of one word.
    expect(await top('any plans for AI?')).toMatchObject({ answered: true, paragraph: 16 });
  });

  it('answers what the reported meeting did as a whole with the lead, and "fake news" as a topic', async () => {
    expect(await top('what happened at the meeting')).toMatchObject({ answered: true, paragraph: 1, reading: { overview: true } });
    expect(await top('hội nghị có kết quả gì')).toMatchObject({ answered: true, paragraph: 1, reading: { overview: true } });
    expect(await top('what is fake news')).toMatchObject({ answered: true, paragraph: 10 });
  });

  it('reads a follow-up in one language after a question in the other', async () => {
    expect(await top('còn năm nào?', 'hey quick q, where is the next AMRI?')).toMatchObject({ answered: true, paragraph: 14, reading: { readAs: 'What year is the next AMRI?' } });
    expect(await top('and when?', 'AMRI 18 tổ chức ở đâu?')).toMatchObject({ answered: true, paragraph: 14, reading: { readAs: 'AMRI 18 tổ chức khi nào?' } });
  });

  it('answers each part of a two-part question with its own passage', async () => {
    const r = await engine.ask('Where is the next AMRI held, and what is the new work plan called?');
    expect(r.reading?.parts.map((p) => [p.answered, p.passageIds])).toEqual([
      [true, ['kl-declaration-2025:p14']],
      [true, ['kl-declaration-2025:p7']],
    ]);
    expect(r.passages.map((p) => p.paragraph)).toEqual([14, 7]);
  });

  it.each(['Which minister signed for Malaysia?', 'How much funding does the Work Plan have?', 'What time did the closing session start?', 'Which city in Cambodia will host the 18th AMRI?'])(
    'refuses "%s": the text gives no such detail',
    async (q) => {
      expect((await top(q)).answered).toBe(false);
    },
  );

  it('reads a follow-up with the previous question and a new topic without it', async () => {
    expect(await top('and when?', 'Where will the next AMRI be held?')).toMatchObject({ answered: true, paragraph: 14, reading: { readAs: 'When will the next AMRI be held?', followUp: {} } });
    const fresh = await top('What does TFFN stand for?', 'Where will the next AMRI be held?');
    expect(fresh.paragraph).toBe(10);
    expect(fresh.reading?.followUp).toBeUndefined();
  });
});
