/**
 * Paragraph-aware chunking: one chunk per paragraph; a paragraph longer than `maxChars`
 * (in its original language) is split at sentence boundaries into parts of similar size,
 * and its translation is split at the sentence boundaries nearest the same proportions,
 * so each part keeps its twin.
 *
 *   const chunks = chunkDocuments(documents);          // ids like `kl-declaration-2025:p7`
 */
import { splitSentences } from '../text/sentences.js';
import type { Chunk, CorpusDocument, Lang } from './types.js';

export interface ChunkOptions {
  /** A paragraph longer than this (characters, original language) is split. Default 900. */
  maxChars: number;
}

export const DEFAULT_CHUNK_OPTIONS: Readonly<ChunkOptions> = Object.freeze({ maxChars: 900 });

/** Bump when chunking logic changes in a way that changes chunk boundaries or ids (part of the index hash). */
export const CHUNKER_VERSION = 1;

/** Groups sentences into `parts` runs whose cumulative length tracks `parts` equal shares. */
function groupSentences(sentences: string[], parts: number): string[] {
  if (parts <= 1 || sentences.length <= 1) return [sentences.join(' ')];
  const total = sentences.reduce((n, s) => n + s.length, 0);
  const groups: string[][] = [[]];
  let seen = 0;
  sentences.forEach((s, i) => {
    const current = groups[groups.length - 1];
    // Start a new group once the running length passes the next share boundary,
    // leaving at least one sentence for each remaining group.
    const boundary = (total * groups.length) / parts;
    const remainingSentences = sentences.length - i;
    const remainingGroups = parts - groups.length;
    if (current.length > 0 && groups.length < parts && (seen + s.length / 2 > boundary || remainingSentences <= remainingGroups)) {
      groups.push([]);
    }
    groups[groups.length - 1].push(s);
    seen += s.length;
  });
  return groups.map((g) => g.join(' '));
}

/** Splits one paragraph (all its languages) into aligned parts. */
function splitParagraph(texts: Partial<Record<Lang, string>>, original: Lang, maxChars: number): Partial<Record<Lang, string>>[] {
  const originalText = texts[original]!;
  if (originalText.length <= maxChars) return [texts];
  const sentencesByLang = Object.fromEntries(
    Object.entries(texts).map(([lang, text]) => [lang, splitSentences(text!)]),
  ) as Record<Lang, string[]>;
  // Never more parts than any language has sentences, so no part is empty.
  const parts = Math.min(Math.ceil(originalText.length / maxChars), ...Object.values(sentencesByLang).map((s) => s.length));
  const grouped = Object.fromEntries(
    Object.entries(sentencesByLang).map(([lang, sentences]) => [lang, groupSentences(sentences, parts)]),
  ) as Record<Lang, string[]>;
  return Array.from({ length: parts }, (_, i) =>
    Object.fromEntries(Object.keys(texts).map((lang) => [lang, grouped[lang as Lang][i]])),
  );
}

export function chunkDocument(doc: CorpusDocument, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Chunk[] {
  const langs = Object.keys(doc.paragraphs) as Lang[];
  const count = doc.paragraphs[doc.originalLanguage]!.length;
  const chunks: Chunk[] = [];
  for (let i = 0; i < count; i++) {
    const texts = Object.fromEntries(langs.map((l) => [l, doc.paragraphs[l]![i]])) as Partial<Record<Lang, string>>;
    const parts = splitParagraph(texts, doc.originalLanguage, options.maxChars);
    parts.forEach((text, j) => {
      const paragraph = i + 1;
      chunks.push({
        id: parts.length === 1 ? `${doc.id}:p${paragraph}` : `${doc.id}:p${paragraph}.${j + 1}`,
        doc: doc.id,
        paragraph,
        part: j + 1,
        title: doc.title,
        originalLanguage: doc.originalLanguage,
        text,
      });
    });
  }
  return chunks;
}

export function chunkDocuments(docs: CorpusDocument[], options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Chunk[] {
  return docs.flatMap((d) => chunkDocument(d, options));
}
