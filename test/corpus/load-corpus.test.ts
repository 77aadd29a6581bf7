import { mkdtemp, mkdir, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus, splitParagraphs } from '../../src/corpus/load-corpus.js';

async function tempCorpus(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'corpus-'));
  await cp('corpus', dir, { recursive: true });
  return dir;
}

async function addDoc(root: string, id: string, files: Record<string, string | Buffer>) {
  await mkdir(path.join(root, id), { recursive: true });
  for (const [name, body] of Object.entries(files)) await writeFile(path.join(root, id, name), body);
}

describe('load-corpus', () => {
  describe('splitParagraphs', () => {
    it('splits on blank lines, joins wrapped lines and NFC-normalises', () => {
      const nfd = 'Ha\u0300 No\u0323\u0302i\nla\u0300 thu\u0309 đô\n\n\n  Second  \r\n\r\nThird';
      expect(splitParagraphs(nfd)).toEqual(['Hà Nội là thủ đô', 'Second', 'Third']);
    });
  });

  describe('loadCorpus', () => {
    it('returns the shipped declaration with 16 aligned paragraphs in both languages', async () => {
      const { documents, problems } = await loadCorpus('corpus');
      expect(problems).toEqual([]);
      const doc = documents.find((d) => d.id === 'kl-declaration-2025')!;
      expect(doc.originalLanguage).toBe('vi');
      expect(doc.date).toBe('2025-05');
      expect(doc.paragraphs.vi).toHaveLength(16);
      expect(doc.paragraphs.en).toHaveLength(16);
      // The metadata prefix of the source is not text.
      expect(doc.paragraphs.vi![0].startsWith('Theo phóng viên TTXVN')).toBe(true);
      expect(doc.paragraphs.vi![15].startsWith('Năm lĩnh vực ưu tiên')).toBe(true);
    });

    it('keeps the Vietnamese exactly as in the source (NFC), paragraph by paragraph', async () => {
      const { readFile } = await import('node:fs/promises');
      const source = (await readFile('../shared/corpus-source/000_bcf800505213c769.txt', 'utf8').catch(() => null));
      if (source === null) return expect(source).toBeNull(); // ../shared absent: nothing to compare against
      const paras = source.normalize('NFC').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
      paras[0] = paras[0].replace(/^date \d{4}-\d{2} /, '');
      const { documents } = await loadCorpus('corpus');
      expect(documents[0].paragraphs.vi).toEqual(paras);
    });

    it('loads a one-language document next to the others', async () => {
      const root = await tempCorpus();
      await addDoc(root, 'note-en', { 'meta.json': JSON.stringify({ title: 'A note', languages: ['en'] }), 'en.txt': 'One.\n\nTwo.' });
      const { documents, problems } = await loadCorpus(root);
      expect(problems).toEqual([]);
      expect(documents.map((d) => d.id)).toEqual(['kl-declaration-2025', 'note-en']);
      expect(documents[1]).toMatchObject({ originalLanguage: 'en', title: { en: 'A note' }, paragraphs: { en: ['One.', 'Two.'] } });
    });

    it.each([
      ['no-meta', { 'vi.txt': 'Xin chào.' }, 'missing meta.json'],
      ['bad-json', { 'meta.json': '{nope', 'vi.txt': 'x' }, 'meta.json is not valid JSON'],
      ['empty', { 'meta.json': '{"languages":["vi"]}', 'vi.txt': '  \n\n ' }, 'vi.txt has no text'],
      ['unknown-lang', { 'meta.json': '{"languages":["fr"]}', 'fr.txt': 'Bonjour.' }, 'unknown language "fr"'],
      ['mismatch', { 'meta.json': '{"languages":["vi","en"]}', 'vi.txt': 'A.\n\nB.', 'en.txt': 'A.' }, 'paragraph counts differ between languages (vi: 2, en: 1)'],
      ['missing-file', { 'meta.json': '{"languages":["vi","en"]}', 'vi.txt': 'A.' }, 'missing en.txt'],
      ['bad-utf8', { 'meta.json': '{"languages":["vi"]}', 'vi.txt': Buffer.from([0x41, 0xff, 0xfe]) }, 'vi.txt is not valid UTF-8'],
    ])('reports a malformed document (%s) with its path and reason, and still loads the others', async (id, files, reason) => {
      const root = await tempCorpus();
      await addDoc(root, id, files);
      const { documents, problems } = await loadCorpus(root);
      expect(documents.map((d) => d.id)).toEqual(['kl-declaration-2025']);
      expect(problems).toEqual([{ path: path.join(root, id), reason: expect.stringContaining(reason) }]);
    });

    it('reads how replies name the document, its translation, side boxes and headings from meta.json', async () => {
      const doc = (await loadCorpus('corpus')).documents[0];
      expect(doc).toMatchObject({ summary: 1, describedAs: { en: 'The TTXVN report', vi: 'Bản tin TTXVN' }, translation: { en: 'project translation' }, roles: { 16: 'sidebox' } });
      for (const lang of ['vi', 'en'] as const) expect(doc.paragraphs[lang]![15].startsWith(doc.headings![16][lang]!)).toBe(true);
      expect(doc.source).not.toMatch(/\.\.|\/|\\/);
    });

    it.each([
      [{ summary: 3 }, /"summary" must be a paragraph number from 1 to 1/],
      [{ roles: { 1: 'footnote' } }, /"roles" values must be "sidebox"/],
      [{ roles: { 7: 'sidebox' } }, /"roles" names paragraph "7"/],
      [{ headings: { 1: { en: 'Not how it starts' } } }, /heading of paragraph 1 \(en\) is not how the paragraph begins/],
      [{ describedAs: { en: '' } }, /"describedAs" must map languages to text/],
    ])('reports a document whose meta.json has %j', async (extra, reason) => {
      const root = await mkdtemp(path.join(tmpdir(), 'corpus-'));
      await addDoc(root, 'doc', { 'meta.json': JSON.stringify({ title: 'T', languages: ['en'], ...extra }), 'en.txt': 'One paragraph.' });
      const { documents, problems } = await loadCorpus(root);
      expect(documents).toEqual([]);
      expect(problems).toHaveLength(1);
      expect(problems[0].reason).toMatch(reason);
    });

    it('reports a missing corpus folder instead of throwing', async () => {
      const { documents, problems } = await loadCorpus('/nonexistent/corpus');
      expect(documents).toEqual([]);
      expect(problems[0].reason).toMatch(/cannot read corpus folder \(ENOENT\)/);
    });
  });
});
