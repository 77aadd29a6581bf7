import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEmbedWorkers, loadConfig } from '../src/config.js';

describe('config', () => {
  describe('loadConfig', () => {
    it('returns the documented defaults for an empty environment', () => {
      const c = loadConfig({}, '/srv/app');
      expect(c).toMatchObject({
        port: 3000,
        publicUrl: 'http://localhost:3000',
        corpusDir: '/srv/app/corpus',
        embeddingsDir: '/srv/app/embeddings',
        modelsDir: '/srv/app/models',
        embeddingModel: 'Xenova/multilingual-e5-small',
        allowModelDownload: false,
        denseIndex: 'exact',
        embedWorkers: defaultEmbedWorkers(),
        embedBatchMax: 16,
        embedBatchWaitMs: 2,
      });
      expect(c.slack.botToken).toBeUndefined();
    });

    it('returns EMBED_WORKERS from the cores, leaving one to the main thread, within 1..4', () => {
      expect([1, 2, 3, 8, 64].map((cores) => defaultEmbedWorkers(cores))).toEqual([1, 1, 2, 4, 4]);
    });

    it('returns the embedding pool settings as given, 0 workers meaning the main thread', () => {
      expect(loadConfig({ EMBED_WORKERS: '0', EMBED_BATCH_MAX: '1', EMBED_BATCH_WAIT_MS: '0' }, '/srv/app')).toMatchObject({
        embedWorkers: 0,
        embedBatchMax: 1,
        embedBatchWaitMs: 0,
      });
    });

    it.each([
      [{ PORT: 'abc' }, /PORT must be a whole number/],
      [{ PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
      [{ ALLOW_MODEL_DOWNLOAD: 'maybe' }, /ALLOW_MODEL_DOWNLOAD must be true or false/],
      [{ PUBLIC_URL: 'ftp://x' }, /PUBLIC_URL must be an http\(s\) URL/],
      [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /Slack needs both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET/],
      [{ SLACK_COMMAND: 'declaration' }, /SLACK_COMMAND must look like \/declaration/],
      [{ DENSE_INDEX: 'faiss' }, /DENSE_INDEX must be exact or hnsw, got "faiss"/],
      [{ EMBED_WORKERS: '-1' }, /EMBED_WORKERS must be a whole number from 0 to 32, got "-1"/],
      [{ EMBED_WORKERS: 'auto' }, /EMBED_WORKERS must be a whole number/],
      [{ EMBED_BATCH_MAX: '0' }, /EMBED_BATCH_MAX must be a whole number from 1 to 64/],
      [{ EMBED_BATCH_WAIT_MS: '2.5' }, /EMBED_BATCH_WAIT_MS must be a whole number from 0 to 50/],
    ])('rejects %o with a one-line message', (env, message) => {
      expect(() => loadConfig(env, '/srv/app')).toThrow(message);
      try {
        loadConfig(env, '/srv/app');
      } catch (err) {
        expect((err as Error).message).not.toContain('\n');
      }
    });

    it('returns hnsw for DENSE_INDEX=HNSW (any case)', () => {
      expect(loadConfig({ DENSE_INDEX: 'HNSW' }, '/srv/app').denseIndex).toBe('hnsw');
    });
  });

  describe('.env file', () => {
    it('fills in unset values from .env in the working folder, never overriding the environment', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'cfg-'));
      await writeFile(path.join(dir, '.env'), 'EMBEDDING_MODEL=none\nPORT=4100\n');
      const saved = { ...process.env };
      try {
        delete process.env.EMBEDDING_MODEL;
        process.env.PORT = '4200';
        const c = loadConfig(process.env, dir);
        expect(c.embeddingModel).toBe('none');
        expect(c.port).toBe(4200);
      } finally {
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
      }
    });
  });
});
