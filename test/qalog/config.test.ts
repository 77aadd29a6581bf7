import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('config (question log and admin settings)', () => {
  describe('loadConfig', () => {
    it('returns the defaults: ./data/qalog.sqlite, fsync on, no user ids, admin off', () => {
      const config = loadConfig({}, '/srv/bot');
      expect(config.qalog).toEqual({ path: path.resolve('/srv/bot/data/qalog.sqlite'), storeUserIds: false, sync: 'full' });
      expect(config.adminToken).toBeUndefined();
    });

    it('returns the settings given', () => {
      const config = loadConfig({ QALOG_PATH: 'logs/q.sqlite', QALOG_STORE_USER_IDS: 'true', QALOG_SYNC: 'NORMAL', ADMIN_TOKEN: ' 0123456789abcdef ' }, '/srv/bot');
      expect(config.qalog).toEqual({ path: path.resolve('/srv/bot/logs/q.sqlite'), storeUserIds: true, sync: 'normal' });
      expect(config.adminToken).toBe('0123456789abcdef');
    });

    it.each([
      [{ ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN must be at least 16 characters (or unset to turn /admin off)'],
      [{ QALOG_SYNC: 'off' }, 'QALOG_SYNC must be full or normal, got "off"'],
      [{ QALOG_STORE_USER_IDS: 'maybe' }, 'QALOG_STORE_USER_IDS must be true or false, got "maybe"'],
    ])('rejects %j with one line saying what to fix', (env, message) => {
      expect(() => loadConfig(env, '/srv/bot')).toThrow(ConfigError);
      expect(() => loadConfig(env, '/srv/bot')).toThrow(message);
    });
  });
});
