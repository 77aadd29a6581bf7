/**
 * The layers of src/ point one way: a folder may import (values or types) only from itself and
 * from folders below it. The order is the data flow read from the top:
 * entry points → app → channels → shared stores → conversation → question log → answer →
 * embedding → retrieval → question analysis → corpus → text → config and logging.
 * A new folder or top-level file must be placed here before it can be imported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Top to bottom; units on one line are peers and may not import each other. */
export const LAYERS: string[][] = [
  ['server', 'cli'],
  ['app'],
  ['metrics'],
  ['channels/cli', 'channels/slack', 'channels/web'],
  ['channels/http'],
  ['shared'],
  ['conversation'],
  ['qalog'],
  ['answer'],
  ['embedding'],
  ['retrieval'],
  ['question'],
  ['corpus'],
  ['text'],
  ['check-paths', 'cli-usage'],
  ['config', 'log'],
];

const rank = new Map(LAYERS.flatMap((units, i) => units.map((u) => [u, i] as const)));

/** The unit a source file belongs to: its folder under src/ (channels/<name> for channels), or its own name at the top. */
export function unitOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  if (parts[0] === 'channels') return `channels/${parts[1]}`;
  return parts.length > 1 ? parts[0] : parts[0].replace(/\.[cm]?[jt]s$/, '');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'public' ? [] : sourceFiles(p);
    return /\.[cm]?ts$/.test(e.name) || e.name.endsWith('.mjs') ? [p] : [];
  });
}

interface Edge {
  from: string;
  to: string;
  file: string;
  spec: string;
}

/** Every relative import, `import type`, re-export and dynamic import() between units. */
function edges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.map((i) => i.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({ from: unitOf(file), to: unitOf(path.resolve(path.dirname(file), spec)), file: path.relative(SRC, file), spec }))
      .filter((e) => e.from !== e.to),
  );
}

describe('layers', () => {
  const all = edges();

  it('reads the imports (the check is not vacuous)', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all.some((e) => e.from === 'answer' && e.to === 'retrieval')).toBe(true);
  });

  it('places every unit of src/', () => {
    const units = new Set(sourceFiles(SRC).map(unitOf));
    expect([...units].filter((u) => !rank.has(u))).toEqual([]);
  });

  it('has no import that points up a layer or across to a peer', () => {
    const wrong = all.filter((e) => rank.get(e.to)! <= rank.get(e.from)!).map((e) => `${e.file} imports ${e.spec} (${e.from} → ${e.to})`);
    expect(wrong).toEqual([]);
  });
});
