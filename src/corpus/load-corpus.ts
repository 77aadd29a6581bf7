/**
 * Reads `corpus/<id>/` folders: `meta.json` plus one `<lang>.txt` per language, paragraphs
 * separated by blank lines. A malformed document is reported with its path and reason;
 * the others still load.
 *
 *   const { documents, problems } = await loadCorpus('corpus');
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LANGS, type CorpusDocument, type CorpusProblem, type Lang, type ParagraphRole } from './types.js';

export interface LoadedCorpus {
  documents: CorpusDocument[];
  problems: CorpusProblem[];
  /** Every file that was read, relative to the corpus folder, with its bytes: the index hash covers exactly these. */
  files: { path: string; bytes: Buffer }[];
}

interface Meta {
  title?: unknown;
  languages?: unknown;
  originalLanguage?: unknown;
  date?: unknown;
  source?: unknown;
  summary?: unknown;
  describedAs?: unknown;
  translation?: unknown;
  roles?: unknown;
  headings?: unknown;
}

const isLang = (x: unknown): x is Lang => typeof x === 'string' && (LANGS as readonly string[]).includes(x);

/** Splits a text file into NFC paragraphs (blocks separated by blank lines). */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .split(/\r?\n[ \t]*(?:\r?\n[ \t]*)+/)
    .map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim())
    .filter((p) => p.length > 0);
}

class DocumentError extends Error {}

async function loadDocument(dir: string, id: string, files: LoadedCorpus['files'], root: string): Promise<CorpusDocument> {
  const read = async (name: string) => {
    const full = path.join(dir, name);
    const bytes = await readFile(full);
    files.push({ path: path.relative(root, full).split(path.sep).join('/'), bytes });
    return bytes;
  };
  let meta: Meta;
  try {
    meta = JSON.parse((await read('meta.json')).toString('utf8')) as Meta;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DocumentError(code === 'ENOENT' ? 'missing meta.json' : `meta.json is not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(meta.languages) || meta.languages.length === 0) {
    throw new DocumentError('meta.json needs "languages", e.g. ["vi", "en"]');
  }
  const unknown = meta.languages.filter((l) => !isLang(l));
  if (unknown.length) throw new DocumentError(`unknown language ${JSON.stringify(unknown[0])} (known: ${LANGS.join(', ')})`);
  const languages = [...new Set(meta.languages as Lang[])];
  const originalLanguage = meta.originalLanguage ?? languages[0];
  if (!isLang(originalLanguage) || !languages.includes(originalLanguage)) {
    throw new DocumentError(`originalLanguage ${JSON.stringify(originalLanguage)} is not one of the document's languages`);
  }
  const paragraphs: CorpusDocument['paragraphs'] = {};
  for (const lang of languages) {
    let text: string;
    try {
      const bytes = await read(`${lang}.txt`);
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new DocumentError(code === 'ENOENT' ? `missing ${lang}.txt` : `${lang}.txt is not valid UTF-8`);
    }
    const paras = splitParagraphs(text);
    if (paras.length === 0) throw new DocumentError(`${lang}.txt has no text`);
    paragraphs[lang] = paras;
  }
  const counts = languages.map((l) => `${l}: ${paragraphs[l]!.length}`);
  if (new Set(languages.map((l) => paragraphs[l]!.length)).size > 1) {
    throw new DocumentError(`paragraph counts differ between languages (${counts.join(', ')})`);
  }
  const title: CorpusDocument['title'] = {};
  if (typeof meta.title === 'string') title[originalLanguage] = meta.title;
  else if (meta.title && typeof meta.title === 'object') {
    for (const [k, v] of Object.entries(meta.title)) if (isLang(k) && typeof v === 'string' && v.trim()) title[k] = v.trim();
  }
  if (!title[originalLanguage]) title[originalLanguage] = id;
  const count = paragraphs[originalLanguage]!.length;
  if (meta.summary !== undefined && !(Number.isInteger(meta.summary) && (meta.summary as number) >= 1 && (meta.summary as number) <= count)) {
    throw new DocumentError(`"summary" must be a paragraph number from 1 to ${count}, got ${JSON.stringify(meta.summary)}`);
  }
  const perLang = (x: unknown, name: string): Partial<Record<Lang, string>> | undefined => {
    if (x === undefined) return undefined;
    if (!x || typeof x !== 'object' || Object.entries(x).some(([k, v]) => !isLang(k) || typeof v !== 'string' || !v.trim())) {
      throw new DocumentError(`"${name}" must map languages to text, e.g. {"en": "…"}`);
    }
    return x as Partial<Record<Lang, string>>;
  };
  const paragraphKeyed = <T>(x: unknown, name: string, value: (v: unknown, n: number) => T): Record<number, T> | undefined => {
    if (x === undefined) return undefined;
    if (!x || typeof x !== 'object') throw new DocumentError(`"${name}" must map paragraph numbers to values`);
    const out: Record<number, T> = {};
    for (const [k, v] of Object.entries(x)) {
      const n = Number(k);
      if (!Number.isInteger(n) || n < 1 || n > count) throw new DocumentError(`"${name}" names paragraph ${JSON.stringify(k)}; paragraphs are 1 to ${count}`);
      out[n] = value(v, n);
    }
    return out;
  };
  const roles = paragraphKeyed(meta.roles, 'roles', (v): ParagraphRole => {
    if (v !== 'sidebox') throw new DocumentError(`"roles" values must be "sidebox", got ${JSON.stringify(v)}`);
    return v;
  });
  const headings = paragraphKeyed(meta.headings, 'headings', (v, n) => {
    const h = perLang(v, `headings.${n}`)!;
    // A heading is the paragraph's own opening words: it marks structure, it adds no text.
    for (const [l, text] of Object.entries(h)) {
      if (!paragraphs[l as Lang]?.[n - 1]?.startsWith(text!)) throw new DocumentError(`heading of paragraph ${n} (${l}) is not how the paragraph begins`);
    }
    return h;
  });
  return {
    id,
    title,
    originalLanguage,
    date: typeof meta.date === 'string' ? meta.date : undefined,
    source: typeof meta.source === 'string' ? meta.source : undefined,
    summary: typeof meta.summary === 'number' ? meta.summary : undefined,
    describedAs: perLang(meta.describedAs, 'describedAs'),
    translation: perLang(meta.translation, 'translation'),
    roles,
    headings,
    paragraphs,
  };
}

/** Loads every document folder under `corpusDir`, in name order. Never throws for one bad document. */
export async function loadCorpus(corpusDir: string): Promise<LoadedCorpus> {
  const documents: CorpusDocument[] = [];
  const problems: CorpusProblem[] = [];
  const files: LoadedCorpus['files'] = [];
  let entries;
  try {
    entries = await readdir(corpusDir, { withFileTypes: true });
  } catch (err) {
    problems.push({ path: corpusDir, reason: `cannot read corpus folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
    return { documents, problems, files };
  }
  const dirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  for (const id of dirs) {
    const dir = path.join(corpusDir, id);
    if (!/^[a-z0-9][a-z0-9._-]{0,79}$/i.test(id)) {
      problems.push({ path: dir, reason: 'folder name must be letters, digits, dot, dash or underscore (it becomes the document id in URLs)' });
      continue;
    }
    const docFiles: LoadedCorpus['files'] = [];
    try {
      documents.push(await loadDocument(dir, id, docFiles, corpusDir));
      files.push(...docFiles);
    } catch (err) {
      if (!(err instanceof DocumentError)) throw err;
      problems.push({ path: dir, reason: err.message });
    }
  }
  return { documents, problems, files };
}
