import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const SECRET = 'a-session-secret-of-32-characters';

describe('config (shared stores)', () => {
  describe('loadConfig', () => {
    it('returns no shared store and the default key prefix for an empty environment', () => {
      expect(loadConfig({}, '/srv/app').shared).toEqual({ redisUrl: undefined, databaseUrl: undefined, redisKeyPrefix: 'klbot:' });
    });

    it('returns REDIS_URL, DATABASE_URL and REDIS_KEY_PREFIX as given', () => {
      const c = loadConfig(
        { REDIS_URL: 'rediss://:pw@cache.internal:6380/2', DATABASE_URL: 'postgresql://bot:pw@db.internal/bot?sslmode=require', REDIS_KEY_PREFIX: 'kl-prod:', WEB_SESSION_SECRET: SECRET },
        '/srv/app',
      );
      expect(c.shared).toEqual({ redisUrl: 'rediss://:pw@cache.internal:6380/2', databaseUrl: 'postgresql://bot:pw@db.internal/bot?sslmode=require', redisKeyPrefix: 'kl-prod:' });
    });

    it.each([
      [{ REDIS_URL: 'http://cache:6379', WEB_SESSION_SECRET: SECRET }, /^REDIS_URL must look like redis:\/\/host:6379 \(got a value starting "http:"\)$/],
      [{ REDIS_URL: 'cache.internal', WEB_SESSION_SECRET: SECRET }, /^REDIS_URL must look like redis:\/\/host:6379 \(got something else\)$/],
      [{ DATABASE_URL: 'mysql://u:p@db/x' }, /^DATABASE_URL must look like postgres:\/\/user:password@host:5432\/db \(got a value starting "mysql:"\)$/],
      [{ REDIS_URL: 'redis://cache:6379' }, /^REDIS_URL is set, so WEB_SESSION_SECRET must be set too, the same on every replica/],
      [{ REDIS_KEY_PREFIX: 'kl prod' }, /^REDIS_KEY_PREFIX may hold only letters, digits and : _ \. -/],
    ])('rejects %o with a one-line message', (env, message) => {
      expect(() => loadConfig(env, '/srv/app')).toThrow(message);
    });

    it('rejects a malformed URL without repeating its password', () => {
      expect(() => loadConfig({ DATABASE_URL: 'bot:hunter2-secret@db/x' }, '/srv/app')).toThrow(/^DATABASE_URL must look like/);
      expect(() => loadConfig({ DATABASE_URL: 'bot:hunter2-secret@db/x' }, '/srv/app')).not.toThrow(/hunter2/);
    });
  });
});
