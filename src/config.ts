/**
 * The only module that reads `process.env`. Everything is validated once at start;
 * a bad value fails with one line saying what to fix.
 *
 *   const config = loadConfig();            // throws ConfigError with a one-line message
 */
import { isIP } from 'node:net';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

/** Longest question the bot answers by default, in characters (`MAX_QUESTION_CHARS`). */
export const DEFAULT_MAX_QUESTION_CHARS = 500;
/** Longest text any part of the service takes as a question: the highest `MAX_QUESTION_CHARS`, and the engine's own bound. */
export const QUESTION_CHARS_CEILING = 2000;

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
  /** Dense ranking (`DENSE_INDEX`): `exact` scan (default) or an approximate `hnsw` graph (built at the first start, then loaded from beside the vectors), much faster from ~100k chunks. */
  denseIndex: 'exact' | 'hnsw';
  /**
   * Query embedding (`EMBED_WORKERS`): worker threads that run the model, so inference never blocks
   * the event loop; `0` runs it on the main thread. Default: the machine's cores minus one (for the
   * main thread), at least 1 and at most 4.
   */
  embedWorkers: number;
  /** Micro-batching in the worker pool: at most this many questions per model call (`EMBED_BATCH_MAX`). Default 16. */
  embedBatchMax: number;
  /** … and a question waits at most this long for others to join its batch (`EMBED_BATCH_WAIT_MS`). Default 2. */
  embedBatchWaitMs: number;
  /** Key that signs web chat session tokens (`WEB_SESSION_SECRET`, at least 16 characters). Default: random per process, so web conversations do not survive a restart. */
  webSessionSecret?: string;
  /** Questions per client (IP) per minute on `/api/ask` and, shared, on the web chat (websocket + `/botkit/receive`). Default 60. */
  rateLimitPerMinute: number;
  /** Longest question answered, in characters, on every channel (`MAX_QUESTION_CHARS`). Default 500, at most 2000. */
  maxQuestionLength: number;
  /** Express `trust proxy`: `false` (default, clients connect directly), a number of proxy hops, or proxy addresses/subnets. */
  trustProxy: false | number | string[];
  /** Origins (scheme://host[:port]) whose pages may embed the widget and call the API; `'*'` for any. Default `[]`: same origin only. */
  allowedOrigins: string[] | '*';
  qalog: {
    /** SQLite file of the question log (`QALOG_PATH`). Default `./data/qalog.sqlite`. */
    path: string;
    /** Keep web session ids and Slack team/channel/user keys with each question (`QALOG_STORE_USER_IDS`). Default false: nothing that identifies a user is stored. */
    storeUserIds: boolean;
    /** Salt of the hashed conversation keys stored otherwise (`QALOG_USER_SALT`); unset: a random one per process. */
    userSalt?: string;
    /** `full` (default): each reply waits for its row to be fsynced, so not even a power cut loses an answered question. `normal`: a killed process still loses nothing, an OS crash may lose the last rows; about 10–40 % more throughput here (`QALOG_SYNC`). */
    sync: 'full' | 'normal';
  };
  /** Token for `GET /admin/report` (`ADMIN_TOKEN`, at least 16 characters), sent only as `Authorization: Bearer`. Unset: the admin page is off (404). */
  adminToken?: string;
  /** Token for `GET /metrics` (`METRICS_TOKEN`, at least 16 characters), sent as `Authorization: Bearer`. Unset: `/metrics` is off (404) and nothing is measured. */
  metricsToken?: string;
  /** Refused requests (4xx) per client per minute on `/slack/events`, `/botkit/receive`, `/api/*`, `/admin/*` and `/metrics` before the client gets 429 without its body being read (`REJECTED_PER_MINUTE`). Default 30. */
  rejectedPerMinute: number;
  /** Host names (optionally `:port`) requests may be addressed to (`ALLOWED_HOSTS`); other `Host` headers get 421. PUBLIC_URL's host is always allowed. Default `[]`: any host. */
  allowedHosts: string[];
  /** Longest a graceful stop (SIGTERM/SIGINT) waits for requests, websocket turns and Slack answers in flight before cutting them, ms (`SHUTDOWN_TIMEOUT_MS`). Default 10 000. */
  shutdownTimeoutMs: number;
  /** Stores shared by replicas. Neither URL set: one process, in-memory state and SQLite, no client connects anywhere. */
  shared: {
    /** `REDIS_URL` (`redis://[:password@]host:port[/db]`, `rediss://` for TLS): conversation state, Slack de-duplication and rate-limit counts live there. */
    redisUrl?: string;
    /** `DATABASE_URL` (`postgres://user:password@host:port/db`): the question log goes to PostgreSQL instead of SQLite. */
    databaseUrl?: string;
    /** `REDIS_KEY_PREFIX`: prefix of every Redis key, so deployments can share one Redis. Default `klbot:`. */
    redisKeyPrefix: string;
  };
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

/** `TRUST_PROXY`: off, a hop count, or a list of proxy addresses/subnets (never a blanket `true`). */
function trustProxy(env: Env): Config['trustProxy'] {
  const raw = env.TRUST_PROXY?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true') {
    // With "trust everything" any client picks its own IP by sending X-Forwarded-For, and so escapes the rate limit.
    throw new ConfigError('TRUST_PROXY=true would let any client choose its IP; give the number of proxies in front (e.g. 1) or their addresses');
  }
  if (/^\d+$/.test(raw)) return int(env, 'TRUST_PROXY', 0, 0, 10);
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of list) {
    const [addr, bits, extra] = item.split('/');
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(item);
    const validBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(addr) === 6 ? 128 : 32));
    if (!named && (extra !== undefined || !isIP(addr) || !validBits)) {
      throw new ConfigError(`TRUST_PROXY must be a number of proxies, or addresses/subnets like 10.0.0.0/8 or loopback, got "${item}"`);
    }
  }
  return list;
}

/** `ALLOWED_ORIGINS`: comma-separated `scheme://host[:port]` origins, or `*` for any. */
function allowedOrigins(env: Env): Config['allowedOrigins'] {
  const raw = env.ALLOWED_ORIGINS?.trim();
  if (!raw) return [];
  if (raw === '*') return '*';
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      let origin: string | undefined;
      try {
        const u = new URL(item);
        const bare = u.pathname === '/' && !u.search && !u.hash && !u.username && !u.password;
        if ((u.protocol === 'http:' || u.protocol === 'https:') && bare) origin = u.origin;
      } catch {
        // reported below
      }
      if (!origin) {
        throw new ConfigError(`ALLOWED_ORIGINS must list origins like https://www.example.org (no path), or be *, got "${item}"`);
      }
      return origin;
    });
}

/** `ALLOWED_HOSTS`: comma-separated host names, each optionally with `:port` (`bot.example.org, localhost:3000`); lower-cased. */
function allowedHosts(env: Env): string[] {
  const raw = env.ALLOWED_HOSTS?.trim();
  if (!raw) return [];
  return raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .map((item) => {
      // A host name or IPv4 address, or a bracketed IPv6 address, then an optional port; nothing else (no scheme, no path).
      const m = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::(\d{1,5}))?$/.exec(item);
      if (!m || (m[2] !== undefined && Number(m[2]) > 65535)) {
        throw new ConfigError(`ALLOWED_HOSTS must list host names like bot.example.org or localhost:3000 (no scheme, no path), got "${item}"`);
      }
      return item;
    });
}

/** A connection URL with one of `schemes` (`redis:`), or undefined when unset. */
function connectionUrl(env: Env, name: string, schemes: string[], example: string): string | undefined {
  const raw = str(env, name);
  if (raw === undefined) return undefined;
  let ok = false;
  try {
    const u = new URL(raw);
    ok = schemes.includes(u.protocol) && u.hostname !== '';
  } catch {
    // reported below
  }
  // The value may hold a password: the message shows only its scheme.
  const scheme = /^[a-z][a-z0-9+.-]{0,15}:/i.exec(raw)?.[0];
  if (!ok) throw new ConfigError(`${name} must look like ${example} (got ${scheme ? `a value starting "${scheme}"` : 'something else'})`);
  return raw;
}

/** Default `EMBED_WORKERS`: a core is left to the main thread (HTTP, ranking); at least 1, at most 4. */
export function defaultEmbedWorkers(cores = availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1));
}

/** Reads and validates the configuration. `env` and `cwd` are injectable for tests. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  // A `.env` file in the working folder fills in what the environment leaves unset (never overrides it).
  if (env === process.env && existsSync(path.join(cwd, '.env'))) {
    try {
      process.loadEnvFile(path.join(cwd, '.env'));
    } catch (err) {
      throw new ConfigError(`.env could not be read: ${(err as Error).message}`);
    }
  }
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
  const qalogSync = (str(env, 'QALOG_SYNC') ?? 'full').toLowerCase();
  if (qalogSync !== 'full' && qalogSync !== 'normal') throw new ConfigError(`QALOG_SYNC must be full or normal, got "${env.QALOG_SYNC}"`);
  const denseIndex = (str(env, 'DENSE_INDEX') ?? 'exact').toLowerCase();
  if (denseIndex !== 'exact' && denseIndex !== 'hnsw') throw new ConfigError(`DENSE_INDEX must be exact or hnsw, got "${env.DENSE_INDEX}"`);
  const adminToken = str(env, 'ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('ADMIN_TOKEN must be at least 16 characters (or unset to turn /admin off)');
  }
  const metricsToken = str(env, 'METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) {
    throw new ConfigError('METRICS_TOKEN must be at least 16 characters (or unset to turn /metrics off)');
  }
  const redisUrl = connectionUrl(env, 'REDIS_URL', ['redis:', 'rediss:'], 'redis://host:6379');
  const databaseUrl = connectionUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/db');
  if (redisUrl && !webSessionSecret) {
    // Each replica would sign widget ids with its own random key: a user moving to another replica would lose the conversation.
    throw new ConfigError('REDIS_URL is set, so WEB_SESSION_SECRET must be set too, the same on every replica (openssl rand -hex 32)');
  }
  const redisKeyPrefix = str(env, 'REDIS_KEY_PREFIX') ?? 'klbot:';
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(redisKeyPrefix)) {
    throw new ConfigError(`REDIS_KEY_PREFIX may hold only letters, digits and : _ . - (1 to 64), got "${redisKeyPrefix}"`);
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
    denseIndex,
    embedWorkers: int(env, 'EMBED_WORKERS', defaultEmbedWorkers(), 0, 32),
    embedBatchMax: int(env, 'EMBED_BATCH_MAX', 16, 1, 64),
    embedBatchWaitMs: int(env, 'EMBED_BATCH_WAIT_MS', 2, 0, 50),
    webSessionSecret,
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 60, 1, 1_000_000),
    maxQuestionLength: int(env, 'MAX_QUESTION_CHARS', DEFAULT_MAX_QUESTION_CHARS, 20, QUESTION_CHARS_CEILING),
    trustProxy: trustProxy(env),
    allowedOrigins: allowedOrigins(env),
    qalog: {
      path: path.resolve(cwd, str(env, 'QALOG_PATH') ?? 'data/qalog.sqlite'),
      storeUserIds: bool(env, 'QALOG_STORE_USER_IDS', false),
      userSalt: str(env, 'QALOG_USER_SALT'),
      sync: qalogSync,
    },
    adminToken,
    metricsToken,
    rejectedPerMinute: int(env, 'REJECTED_PER_MINUTE', 30, 1, 1_000_000),
    allowedHosts: allowedHosts(env),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    shared: { redisUrl, databaseUrl, redisKeyPrefix },
    slack: {
      botToken,
      signingSecret,
      command,
      apiUrl: url(env, 'SLACK_API_URL', 'https://slack.com/api/') + '/',
    },
  };
}
