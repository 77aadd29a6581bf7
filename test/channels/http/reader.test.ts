import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorpusDocument } from '../../../src/corpus/types.js';
import { escapeHtml } from '../../../src/text/html.js';
import { renderDocument, renderNotFound } from '../../../src/channels/http/reader.js';
import { startTestApp, type TestApp } from '../../server/start.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const DOC = 'kl-declaration-2025';
const sectionIds = (html: string) => [...html.matchAll(/<section id="(p\d+)"/g)].map((m) => m[1]);
const section = (html: string, n: number) => html.match(new RegExp(`<section id="p${n}"[^>]*>.*?</section>`, 's'))![0];

describe('channels/http/reader', () => {
  describe('GET /doc/:id', () => {
    it('returns the whole document with 16 paragraph sections p1..p16, in both languages', async () => {
      const res = await fetch(`${t.baseUrl}/doc/${DOC}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(sectionIds(html)).toEqual(Array.from({ length: 16 }, (_, i) => `p${i + 1}`));
      const doc = t.engine.document(DOC)!;
      // Each paragraph's text, whole, in its language's cell (a heading and a side-box label are markup around it).
      const cellText = (sec: string, lang: string) => {
        const cell = sec.match(new RegExp(`<div lang="${lang}">(.*?)</div>`, 's'))![1];
        return cell.replace(/<span class="role">.*?<\/span>/, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
      };
      for (let i = 0; i < 16; i++) {
        const s = section(html, i + 1);
        expect(cellText(s, 'vi')).toBe(escapeHtml(doc.paragraphs.vi![i]));
        expect(cellText(s, 'en')).toBe(escapeHtml(doc.paragraphs.en![i]));
        expect(s).toContain(`href="#p${i + 1}"`);
      }
      // The side box is labelled as one, its heading set apart; the translation is labelled in the column head.
      expect(section(html, 16)).toContain('<span class="role">Khung bên lề</span>');
      expect(section(html, 16)).toContain(`<span class="heading">${escapeHtml(doc.headings![16].vi!)}</span>`);
      expect(html).toContain('<span>English — project translation</span>');
      expect(html).not.toMatch(/shared\/corpus-source|\.\.\//);
      expect(html).toContain(escapeHtml(doc.title.vi!));
      expect(html).toContain(escapeHtml(doc.title.en!));
    });

    it('marks the answering sentence of the highlighted paragraph with ?s', async () => {
      const html = await (await fetch(`${t.baseUrl}/doc/${DOC}?lang=en&hl=14&s=2`)).text();
      expect(section(html, 14)).toMatch(/<mark>The joint statement also said that the 18th AMRI[^<]*Cambodia in 2027\.<\/mark>/);
      expect(html.match(/<mark>/g)).toHaveLength(1);
    });

    it('returns the cited paragraph highlighted with ?hl', async () => {
      const html = await (await fetch(`${t.baseUrl}/doc/${DOC}?lang=en&hl=7`)).text();
      expect(html).toContain('<section id="p7" class="para hl"');
      expect(html.match(/class="para hl"/g)).toHaveLength(1);
      expect(html).toMatch(/\.para:target/);
    });

    it('returns the asked language first, and the original first by default', async () => {
      const en = await (await fetch(`${t.baseUrl}/doc/${DOC}?lang=en`)).text();
      expect(en).toMatch(/<html lang="en">/);
      expect(section(en, 1).indexOf('lang="en"')).toBeLessThan(section(en, 1).indexOf('lang="vi"'));
      const dflt = await (await fetch(`${t.baseUrl}/doc/${DOC}`)).text();
      expect(dflt).toMatch(/<html lang="vi">/);
      expect(section(dflt, 1).indexOf('lang="vi"')).toBeLessThan(section(dflt, 1).indexOf('lang="en"'));
    });

    it('returns no highlight for a nonsense hl', async () => {
      const html = await (await fetch(`${t.baseUrl}/doc/${DOC}?hl=<b>`)).text();
      expect(html).not.toContain('class="para hl"');
      expect(html).not.toContain('<b>');
    });

    it('returns a strict Content-Security-Policy without scripts', async () => {
      const res = await fetch(`${t.baseUrl}/doc/${DOC}`);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(await res.text()).not.toMatch(/<script/i);
    });

    it('returns a 404 page with the unknown id escaped', async () => {
      const res = await fetch(`${t.baseUrl}/doc/${encodeURIComponent('<script>alert(1)</script>')}`);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).not.toContain('<script>alert(1)');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    });
  });

  describe('GET /doc', () => {
    it('returns a list linking every document', async () => {
      const html = await (await fetch(`${t.baseUrl}/doc`)).text();
      for (const d of t.engine.documents()) expect(html).toContain(`href="/doc/${d.id}"`);
    });
  });

  describe('renderDocument', () => {
    const hostile: CorpusDocument = {
      id: 'x',
      title: { vi: 'Tiêu đề <img src=x onerror=alert(1)>', en: 'Title "quoted" & \'single\'' },
      originalLanguage: 'vi',
      source: '<a href="javascript:alert(1)">src</a>',
      paragraphs: { vi: ['Đoạn <b>một</b>', 'Đoạn hai'], en: ['Paragraph <script>x()</script>'] },
    };

    it('returns every corpus string escaped', () => {
      const html = renderDocument(hostile);
      expect(html).not.toMatch(/<img|<b>|<script|<a href="javascript/);
      expect(html).toContain('Tiêu đề &lt;img src=x onerror=alert(1)&gt;');
      expect(html).toContain('Title &quot;quoted&quot; &amp; &#39;single&#39;');
      expect(html).toContain('Đoạn &lt;b&gt;một&lt;/b&gt;');
      expect(html).toContain('Paragraph &lt;script&gt;x()&lt;/script&gt;');
    });

    it('returns a placeholder where a language lacks a paragraph', () => {
      const html = renderDocument(hostile, { lang: 'en' });
      expect(sectionIds(html)).toEqual(['p1', 'p2']);
      expect(section(html, 2)).toContain('class="missing"');
    });
  });

  describe('renderNotFound', () => {
    it('returns the id escaped', () => {
      expect(renderNotFound('"><svg onload=x>')).toContain('&quot;&gt;&lt;svg onload=x&gt;');
    });
  });
});
