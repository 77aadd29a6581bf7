/**
 * The only module that reads `process.env`. Everything is validated once at start;
 * a bad value fails with one line saying what to fix.
 *
 *   const config = loadConfig();            // throws ConfigError with a one-line message
 */
import path from 'node:path';

export class ConfigError extends Error {
  readonly code = 'E_CONFIG';
}

export interface Config {
  /** HTTP port. Default 3000. */
  port: number;
  /** Host to bind. Default `0.0.0.0`. */
  host: string;
  /** Public base URL used in links (citations, Slack). Default `http://localhost:<port>`. */
  publicUrl: string;
  /** Folder of corpus documents. Default `./corpus`. */
  corpusDir: string;
  /** Folder of the built index. Default `./embeddings`. */
  embeddingsDir: string;
  /** Folder where models are looked up (`<dir>/<model id>/…`). Default `./models`. */
  modelsDir: string;
  /** Embedding model id, or `none` for lexical-only. Default `Xenova/multilingual-e5-small`. */
  embeddingModel: string;
  /** Let transformers.js download the model when it is not in `modelsDir`. Default false. */
  allowModelDownload: boolean;
  /** Rebuild a stale index at start when possible. Default true. */
  rebuildStaleIndex: boolean;
  /** Key that signs web chat session tokens (`WEB_SESSION_SECRET`, at least 16 characters). Default: random per process, so web conversations do not survive a restart. */
  webSessionSecret?: string;
  slack: {
    botToken?: string;
    signingSecret?: string;
    /** Slash command name, with its slash. Default `/declaration`. */
    command: string;
    /** Base URL of Slack's Web API (tests point it at a local stand-in). Default `https://slack.com/api/`. */
    apiUrl: string;
  };
}

type Env = Record<string, string | undefined>;

function bool(env: Env, name: string, dflt: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return dflt;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function int(env: Env, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function url(env: Env, name: string, dflt: string): string {
  const raw = env[name]?.trim() || dflt;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function str(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

/** Reads and validates the configuration. `env` and `cwd` are injectable for tests. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const dir = (name: string, dflt: string) => path.resolve(cwd, str(env, name) ?? dflt);
  const botToken = str(env, 'SLACK_BOT_TOKEN');
  const signingSecret = str(env, 'SLACK_SIGNING_SECRET');
  if (Boolean(botToken) !== Boolean(signingSecret)) {
    throw new ConfigError('Slack needs both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or neither, to run with Slack off)');
  }
  const webSessionSecret = str(env, 'WEB_SESSION_SECRET');
  if (webSessionSecret !== undefined && webSessionSecret.length < 16) {
    throw new ConfigError('WEB_SESSION_SECRET must be at least 16 characters (or unset for a random one per process)');
  }
  const command = str(env, 'SLACK_COMMAND') ?? '/declaration';
  if (!/^\/[a-z0-9_-]{1,31}$/.test(command)) {
    throw new ConfigError(`SLACK_COMMAND must look like /declaration, got "${command}"`);
  }
  return {
    port,
    host: str(env, 'HOST') ?? '0.0.0.0',
    publicUrl: url(env, 'PUBLIC_URL', `http://localhost:${port}`),
    corpusDir: dir('CORPUS_DIR', 'corpus'),
    embeddingsDir: dir('EMBEDDINGS_DIR', 'embeddings'),
    modelsDir: dir('MODELS_DIR', 'models'),
    embeddingModel: str(env, 'EMBEDDING_MODEL') ?? 'Xenova/multilingual-e5-small',
    allowModelDownload: bool(env, 'ALLOW_MODEL_DOWNLOAD', false),
    rebuildStaleIndex: bool(env, 'REBUILD_STALE_INDEX', true),
    webSessionSecret,
    slack: {
      botToken,
      signingSecret,
      command,
      apiUrl: url(env, 'SLACK_API_URL', 'https://slack.com/api/') + '/',
    },
  };
}
