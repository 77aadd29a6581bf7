/**
 * A replica whose shared store is unreachable at start refuses with one line (exit 1) rather than
 * falling back to local state. Needs no engine: nothing listens on the ports used.
 */
import { describe, expect, it } from 'vitest';
import { freePort } from './engines.js';
import { startReplica } from './replica.js';

describe('server (shared stores unreachable at start)', () => {
  it.each([
    {
      store: 'Redis',
      env: (port: number) => ({ REDIS_URL: `redis://:pw-${port}-secret@127.0.0.1:${port}`, WEB_SESSION_SECRET: 'one-secret-for-every-replica' }),
      line: (port: number) => `Could not start: Redis at redis://127.0.0.1:${port} is unreachable (connect ECONNREFUSED 127.0.0.1:${port}): start it or fix REDIS_URL — or unset REDIS_URL to run as a single process`,
    },
    {
      store: 'PostgreSQL',
      env: (port: number) => ({ DATABASE_URL: `postgres://bot:pw-${port}-secret@127.0.0.1:${port}/bot` }),
      line: (port: number) => `Could not start: PostgreSQL at postgres://127.0.0.1:${port}/bot is unreachable (connect ECONNREFUSED 127.0.0.1:${port}): fix DATABASE_URL or the database — or unset DATABASE_URL to log to SQLite`,
    },
  ])('exits 1 with one line naming $store and the cause, and no password', async ({ env, line }) => {
    const port = await freePort();
    const started = startReplica(env(port));
    await expect(started).rejects.toThrow(/^replica exited with code 1 before serving:\n/);
    const output = await started.catch((err: Error) => err.message.split('\n').slice(1).join('\n').trim());
    expect(output).toBe(line(port));
    expect(output).not.toContain(`pw-${port}-secret`);
  }, 30_000);
});
