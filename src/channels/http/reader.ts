/**
 * The reader page: a whole document, Vietnamese and English side by side, one `<section id="pN">`
 * per paragraph, so a citation link (`/doc/<id>?lang=en&hl=7#p7`) lands on and highlights the
 * quoted paragraph. Staff use it to check a quote in context.
 *
 *   app.use('/doc', createReaderRouter({ engine }));
 */
import { Router } from 'express';
import { LANGS, type CorpusDocument, type Lang } from '../../corpus/types.js';
import type { Engine } from '../../answer/types.js';
import { splitSentences } from '../../text/sentences.js';
import { escapeHtml as e } from '../../text/html.js';

export interface ReaderOptions {
  /** Language shown first (left); default the document's original language. */
  lang?: Lang;
  /** Paragraph number to highlight. */
  highlight?: number;
  /** Sentence (1-based) of the highlighted paragraph to mark: the one that answered. */
  sentence?: number;
}

const LANG_NAME: Record<Lang, string> = { vi: 'Tiếng Việt', en: 'English' };
const UI: Record<Lang, { paragraph: string; missing: string; notFound: string; documents: string; sidebox: string }> = {
  en: { paragraph: 'Paragraph', missing: 'No text in this language.', notFound: 'No such document', documents: 'Documents', sidebox: 'Side box' },
  vi: { paragraph: 'Đoạn', missing: 'Không có văn bản bằng ngôn ngữ này.', notFound: 'Không có tài liệu này', documents: 'Tài liệu', sidebox: 'Khung bên lề' },
};

// Only inline styles, no script: the page needs none, and the CSP below forbids any.
const STYLE = `
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header,main{max-width:72rem;margin:0 auto;padding:1rem 1.25rem}
header h1{font-size:1.4rem;margin:.2rem 0}
header .alt{margin:.2rem 0;color:#4a5264}
header .meta{font-size:.85rem;color:#5d6578}
.cols,.para{display:grid;grid-template-columns:3rem 1fr 1fr;gap:1rem}
.cols{font-weight:600;color:#4a5264;border-bottom:2px solid #d5d9e0;padding-bottom:.4rem}
.para{background:#fff;border:1px solid #e1e4ea;border-radius:.5rem;padding:.8rem;margin:.7rem 0;scroll-margin-top:1rem}
.para p{margin:0}
.para .num{font-weight:700;color:#2b59c3;text-decoration:none}
.para.hl,.para:target{background:#fff8d6;border-color:#e0b400;box-shadow:0 0 0 3px #ffe680}
.missing{color:#8a8f9c;font-style:italic}
.para mark{background:#ffe27a;padding:0 .1em}
.para .heading{display:block;font-weight:700;margin-bottom:.3rem}
.para .role{display:block;font-size:.8rem;color:#5d6578;text-transform:uppercase;letter-spacing:.04em}
@media (max-width:40rem){.cols{display:none}.para{grid-template-columns:1fr}}
`;

/** Content-Security-Policy of the reader pages: no script at all, inline styles only. */
export const READER_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The document page as HTML; every corpus string is escaped. */
export function renderDocument(doc: CorpusDocument, options: ReaderOptions = {}): string {
  const first = options.lang ?? doc.originalLanguage;
  const order: Lang[] = [first, ...LANGS.filter((l) => l !== first)];
  const ui = UI[first];
  const count = Math.max(...order.map((l) => doc.paragraphs[l]?.length ?? 0));
  const title = doc.title[first] ?? doc.title[doc.originalLanguage] ?? doc.id;
  const alt = order.slice(1).map((l) => doc.title[l]).filter((t): t is string => Boolean(t) && t !== title);
  const meta = [doc.date, doc.source].filter(Boolean).map((m) => e(m as string)).join(' · ');
  const sections: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = i + 1;
    const cells = order.map((l) => {
      const text = doc.paragraphs[l]?.[i];
      if (!text) return `<div lang="${first}" class="missing"><p>${e(UI[first].missing)}</p></div>`;
      // The heading a paragraph opens with stands apart; the answering sentence is marked.
      const heading = doc.headings?.[n]?.[l];
      const body = heading && text.startsWith(heading) ? text.slice(heading.length).trim() : text;
      // `s` counts sentences of the language asked for (shown first).
      const mark = options.highlight === n && options.sentence && l === first ? options.sentence - 1 : -1;
      const sentences = splitSentences(body).map((t, j) => (j === mark ? `<mark>${e(t)}</mark>` : e(t)));
      const role = doc.roles?.[n] === 'sidebox' ? `<span class="role">${e(UI[l].sidebox)}</span>` : '';
      return `<div lang="${l}">${role}<p>${heading && body !== text ? `<span class="heading">${e(heading)}</span>` : ''}${sentences.join(' ')}</p></div>`;
    });
    const hl = options.highlight === n ? ' hl' : '';
    sections.push(
      `<section id="p${n}" class="para${hl}" aria-label="${e(ui.paragraph)} ${n}">` +
        `<a class="num" href="#p${n}" aria-label="${e(ui.paragraph)} ${n}">${n}</a>${cells.join('')}</section>`,
    );
  }
  const body = `<header>
<h1>${e(title)}</h1>
${alt.map((t) => `<p class="alt">${e(t)}</p>`).join('\n')}
${meta ? `<p class="meta">${meta}</p>` : ''}
</header>
<main>
<div class="cols" aria-hidden="true"><span>#</span>${order.map((l) => `<span>${LANG_NAME[l]}${doc.translation?.[l] ? ` — ${e(doc.translation[l]!)}` : ''}</span>`).join('')}</div>
${sections.join('\n')}
</main>`;
  return page(first, title, body);
}

/** The 404 page for an unknown document id (the id is escaped). */
export function renderNotFound(id: string, lang: Lang = 'en'): string {
  const ui = UI[lang];
  return page(lang, ui.notFound, `<main><h1>${e(ui.notFound)}</h1><p><code>${e(id)}</code></p><p><a href="/doc">${e(ui.documents)}</a></p></main>`);
}

/** The list of documents. */
export function renderIndex(docs: CorpusDocument[], lang: Lang = 'en'): string {
  const items = docs.map((d) => `<li><a href="/doc/${encodeURIComponent(d.id)}">${e(d.title[lang] ?? d.title[d.originalLanguage] ?? d.id)}</a></li>`);
  return page(lang, UI[lang].documents, `<main><h1>${e(UI[lang].documents)}</h1><ul>${items.join('')}</ul></main>`);
}

const queryLang = (x: unknown): Lang | undefined => (x === 'vi' || x === 'en' ? x : undefined);

export function createReaderRouter(options: { engine: Engine }): Router {
  const router = Router();
  router.use(function csp(_req, res, next) {
    res.setHeader('Content-Security-Policy', READER_CSP);
    next();
  });
  router.get('/', function index(req, res) {
    res.type('html').send(renderIndex(options.engine.documents(), queryLang(req.query.lang)));
  });
  router.get('/:id', function reader(req, res) {
    const lang = queryLang(req.query.lang);
    const doc = options.engine.document(req.params.id);
    if (!doc) {
      res.status(404).type('html').send(renderNotFound(req.params.id, lang));
      return;
    }
    const hl = Number(req.query.hl);
    const sentence = Number(req.query.s);
    res.type('html').send(
      renderDocument(doc, { lang, highlight: Number.isInteger(hl) && hl > 0 ? hl : undefined, sentence: Number.isInteger(sentence) && sentence > 0 && sentence < 1000 ? sentence : undefined }),
    );
  });
  return router;
}
