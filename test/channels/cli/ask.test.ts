import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/answer/types.js';
import { loadTestEngine, ROOT } from '../../server/start.js';

const run = promisify(execFile);
// The command line logs its questions like every channel: into a log of the test's own.
const LOG_DIR = mkdtempSync(path.join(os.tmpdir(), 'cli-ask-'));
const ENV = { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', EMBEDDING_MODEL: 'none', PUBLIC_URL: 'https://bot.example', QALOG_PATH: path.join(LOG_DIR, 'qalog.sqlite') };

/** `npm run ask -- …` without npm's banner: the script's command itself. */
async function ask(...args: string[]) {
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', ['src/channels/cli/ask.ts', ...args], { cwd: ROOT, env: ENV });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let engine: Engine;
beforeAll(async () => {
  engine = await loadTestEngine();
});
afterAll(async () => {
  await engine.close();
  rmSync(LOG_DIR, { recursive: true, force: true });
});

describe('channels/cli/ask', () => {
  it('prints the /api/ask JSON with --json', async () => {
    const q = 'Where will the 18th AMRI take place?';
    const { code, stdout } = await ask('--json', '-k', '2', q);
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    const expected = await engine.ask(q, { k: 2 });
    expect(body).toMatchObject({ lang: 'en', answered: true, mode: 'lexical' });
    expect(body.passages.map((p: { id: string }) => p.id)).toEqual(expected.passages.map((p) => p.id));
    expect(body.passages[0].url).toBe(`https://bot.example/doc/kl-declaration-2025?lang=en&hl=${expected.passages[0].paragraph}#p${expected.passages[0].paragraph}`);
  }, 30_000);

  it('prints passages with citation, marked sentence, original and link', async () => {
    const q = 'TFFN là gì?';
    const { code, stdout } = await ask(q, '--lang', 'en', '-k', '1');
    expect(code).toBe(0);
    const [p] = (await engine.ask(q, { lang: 'en', k: 1 })).passages;
    expect(stdout).toContain(`[1] ${p.title} — paragraph ${p.paragraph}`);
    // Piped, so plain text: the short answer on its own line, no markup around the marked sentence.
    expect(stdout).toContain('→ ASEAN Task Force on Fake News');
    expect(stdout).not.toMatch(/\*\*|\x1b\[/);
    expect(stdout).toContain(`Original (vi): ${p.original.text}`);
    expect(stdout).toContain(`https://bot.example/doc/kl-declaration-2025?lang=en&hl=${p.paragraph}#p${p.paragraph}`);
  }, 30_000);

  it('prints suggestions when nothing answers', async () => {
    const { code, stdout } = await ask('Giá vàng hôm nay bao nhiêu?');
    expect(code).toBe(0);
    expect(stdout).toContain('Không có nội dung nào trong tuyên bố trả lời câu hỏi này.');
    expect(stdout).toContain('TFFN là gì?');
  }, 30_000);

  it('exits 2 with the usage on a bad option', async () => {
    const { code, stdout, stderr } = await ask('q', '--lang', 'fr');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--lang must be vi or en[\s\S]*Usage: npm run ask/);
  }, 30_000);
});
