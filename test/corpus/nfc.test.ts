/**
 * Every text file of the corpus must be valid UTF-8 in NFC, with non-empty paragraphs.
 * Vietnamese can be typed decomposed (NFD): such text looks the same but matches no NFC query,
 * and a stray extra blank line would shift the paragraph alignment between languages.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));

/** All `.txt` files under `dir`, at any depth. */
function textFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return textFiles(path);
    return e.isFile() && e.name.endsWith('.txt') ? [path] : [];
  });
}

/**
 * Paragraphs as separated by blank lines, where each blank line closes one paragraph:
 * a gap of two blank lines (or a blank first line) therefore shows up as an empty paragraph.
 */
function paragraphsOf(text: string): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of text.replace(/\n+$/, '').split('\n')) {
    if (line.trim() !== '') current.push(line);
    else {
      paragraphs.push(current.join('\n'));
      current = [];
    }
  }
  paragraphs.push(current.join('\n'));
  return paragraphs;
}

// `fatal` makes invalid byte sequences throw instead of turning into U+FFFD.
const decodeUtf8 = (bytes: Buffer): string => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

describe('corpus text files', () => {
  const files = textFiles(CORPUS_DIR);

  it('finds the Vietnamese and English text of the Kuala Lumpur Declaration', () => {
    const names = files.map((f) => relative(CORPUS_DIR, f).split('\\').join('/'));
    expect(names).toEqual(expect.arrayContaining(['kl-declaration-2025/vi.txt', 'kl-declaration-2025/en.txt']));
  });

  describe('paragraphsOf', () => {
    it('returns the paragraphs between single blank lines', () => {
      expect(paragraphsOf('a\nb\n\nc\n')).toEqual(['a\nb', 'c']);
    });

    it('returns an empty paragraph for a double blank line or a blank first line', () => {
      expect(paragraphsOf('a\n\n\nb')).toEqual(['a', '', 'b']);
      expect(paragraphsOf('\na')).toEqual(['', 'a']);
    });
  });

  describe('decodeUtf8', () => {
    it('rejects bytes that are not UTF-8', () => {
      expect(() => decodeUtf8(Buffer.from([0x48, 0xc3, 0x28]))).toThrow(TypeError);
    });
  });

  for (const file of files) {
    describe(relative(CORPUS_DIR, file), () => {
      const bytes = readFileSync(file);

      it('is valid UTF-8', () => {
        expect(() => decodeUtf8(bytes)).not.toThrow();
      });

      it('is NFC-normalised', () => {
        const text = bytes.toString('utf8');
        expect(text === text.normalize('NFC')).toBe(true);
      });

      it('has no empty paragraph', () => {
        const empty = paragraphsOf(bytes.toString('utf8')).flatMap((p, i) => (p === '' ? [`paragraph ${i + 1}`] : []));
        expect(empty).toEqual([]);
      });
    });
  }
});
