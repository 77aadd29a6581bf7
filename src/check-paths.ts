/**
 * Every path setting is checked before anything uses it, with operations that cannot loop or
 * block: `stat`, one non-recursive `mkdir` per missing folder level (a recursive `mkdir` spins
 * for ever on procfs, e.g. `QALOG_PATH=/proc/nope/x.sqlite`), and a probe file created and
 * removed where something must be written. Special files (FIFOs, devices), which would block a
 * read, are refused. A failure is one line naming the setting, the path and the reason.
 *
 *   checkPaths(config);   // throws PathError("QALOG_PATH /proc/nope/x.sqlite: folder /proc/nope cannot be created (ENOENT)")
 */
import { closeSync, mkdirSync, openSync, rmdirSync, statSync, unlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';

export class PathError extends Error {
  readonly code = 'E_PATH';
}

/** The deepest a folder to create may be below its nearest existing ancestor: ample for any real layout, and a bound. */
const MAX_NEW_LEVELS = 32;

const errCode = (err: unknown) => (err as NodeJS.ErrnoException)?.code ?? String(err);

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch (err) {
    if (errCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/** Why a path cannot be reached, in words. */
function unreachable(err: unknown): string {
  const code = errCode(err);
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a folder (ENOTDIR)';
  if (code === 'EACCES') return 'a folder on the way cannot be entered (EACCES)';
  return `cannot be reached (${code})`;
}

/** What a path is, in words, for a message. */
function kindOf(s: Stats): string {
  if (s.isFile()) return 'a file';
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Makes `dir` exist, one level at a time (never `recursive`, which loops on procfs). Returns the
 * folders it created, deepest last, so a caller that only probes can remove them again.
 */
function ensureFolder(setting: string, shown: string, dir: string, created: string[]): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    let s: Stats | undefined;
    try {
      s = statOrUndefined(at);
    } catch (err) {
      throw new PathError(`${setting} ${shown}: ${unreachable(err)}`);
    }
    if (s) {
      if (!s.isDirectory()) throw new PathError(`${setting} ${shown}: ${at} is ${kindOf(s)}, not a folder`);
      break;
    }
    missing.push(at);
    const parent = path.dirname(at);
    if (parent === at || missing.length > MAX_NEW_LEVELS) throw new PathError(`${setting} ${shown}: ${dir} cannot be created (too many missing folders)`);
    at = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
      created.push(folder);
    } catch (err) {
      if (errCode(err) !== 'EEXIST') throw new PathError(`${setting} ${shown}: folder ${folder} cannot be created (${errCode(err)})`);
    }
  }
}

/**
 * Makes `dir` exist one level at a time, bounded (the question log's own opening uses it, so a
 * library caller gets the same safety as the server). Throws a plain Error saying which folder failed.
 */
export function makeFolder(dir: string): void {
  try {
    ensureFolder('folder', dir, dir, []);
  } catch (err) {
    throw new Error((err as Error).message.replace(/^folder \S+: /, ''));
  }
}

/** Creates and removes a probe file in `dir`: the only check of writability that holds for root and read-only mounts alike. */
function probeWritable(setting: string, shown: string, dir: string): void {
  const probe = path.join(dir, `.write-check-${process.pid}-${Date.now()}`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (err) {
    throw new PathError(`${setting} ${shown}: folder ${dir} is not writable (${errCode(err)})`);
  }
  try {
    unlinkSync(probe);
  } catch {
    // Removing our own empty probe cannot fail in a folder we just wrote to; if it does, it is harmless.
  }
}

/** A folder that must exist (read only): CORPUS_DIR. */
export function checkReadableFolder(setting: string, dir: string): void {
  let s: Stats | undefined;
  try {
    s = statOrUndefined(dir);
  } catch (err) {
    throw new PathError(`${setting} ${dir}: ${unreachable(err)}`);
  }
  if (!s) throw new PathError(`${setting} ${dir}: no such folder`);
  if (!s.isDirectory()) throw new PathError(`${setting} ${dir}: ${kindOf(s)}, not a folder`);
}

/** A folder that may be missing but, where it exists, is a folder: MODELS_DIR (read only unless models are downloaded). */
export function checkOptionalFolder(setting: string, dir: string): void {
  let s: Stats | undefined;
  try {
    s = statOrUndefined(dir);
  } catch (err) {
    // A part of the path is a file, or cannot be searched: nothing can be read there, which the engine reports as "model not found".
    if (errCode(err) === 'ENOTDIR' || errCode(err) === 'EACCES') return;
    throw new PathError(`${setting} ${dir}: ${unreachable(err)}`);
  }
  if (s && !s.isDirectory()) throw new PathError(`${setting} ${dir}: ${kindOf(s)}, not a folder`);
}

/**
 * A folder the service may write later (EMBEDDINGS_DIR: an index rebuilt at start is saved there).
 * It must be a folder where it exists; a missing one must be creatable, which is checked by
 * creating it (and removing what was created: the index writer makes it when it saves).
 */
export function checkCreatableFolder(setting: string, dir: string): void {
  const created: string[] = [];
  ensureFolder(setting, dir, dir, created);
  for (const folder of created.reverse()) {
    try {
      rmdirSync(folder);
    } catch {
      // Left empty: harmless.
    }
  }
}

/** A file the service writes (QALOG_PATH): its folder exists or is created, is writable, and the file, if there, is a regular file. */
export function checkWritableFile(setting: string, file: string): void {
  const dir = path.dirname(file);
  ensureFolder(setting, file, dir, []);
  let s: Stats | undefined;
  try {
    s = statOrUndefined(file);
  } catch (err) {
    throw new PathError(`${setting} ${file}: ${unreachable(err)}`);
  }
  if (s && !s.isFile()) throw new PathError(`${setting} ${file}: ${kindOf(s)}, not a regular file`);
  probeWritable(setting, file, dir);
  if (s) {
    try {
      closeSync(openSync(file, 'r+'));
    } catch (err) {
      throw new PathError(`${setting} ${file}: the file is not writable (${errCode(err)})`);
    }
  }
}

/** Checks every path setting the configuration will use. Throws PathError (one line) at the first problem. */
export function checkPaths(config: Config): void {
  checkReadableFolder('CORPUS_DIR', config.corpusDir);
  checkCreatableFolder('EMBEDDINGS_DIR', config.embeddingsDir);
  checkOptionalFolder('MODELS_DIR', config.modelsDir);
  // With DATABASE_URL the question log is in PostgreSQL and QALOG_PATH is not used.
  if (!config.shared.databaseUrl) checkWritableFile('QALOG_PATH', config.qalog.path);
}
