/**
 * What runs before authentication and before any body is read, on the paths strangers can
 * reach with a body or a secret (`/slack/events`, `/botkit/receive`, `/api/*`, `/admin/*`,
 * `/metrics`):
 *
 * - a body cap checked on `Content-Length` (413 at once, nothing read; the body parsers behind
 *   enforce the same cap on chunked bodies);
 * - a per-client budget of *refused* requests (any 4xx): past it, the client's requests are
 *   refused with 429 before anything else happens, and the connection is closed instead of
 *   reading what it sends;
 * - refusals counted and logged as one line per interval (`requests refused … counts=…`), plus one
 *   line per client when it exhausts its budget — never one line per refusal.
 *
 * Also here: the table of known paths and their methods (405 with `Allow` for the wrong method),
 * and the `ALLOWED_HOSTS` check (421 for a `Host` this service does not serve).
 *
 *   const limits = createRequestLimits({ limit: 30, log, metrics });
 *   app.post('/slack/events', limits.guard('slack', { bodyLimit: 64 * 1024, respond }), …);
 *   await limits.close();   // logs the last counts
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, type Options } from 'express-rate-limit';
import { silentLogger, type Logger } from '../../log.js';
import type { Respond } from './security.js';

/** One known path: how it is matched, its name in metrics, and the methods it answers. */
export interface KnownRoute {
  pattern: RegExp;
  route: string;
  methods: string[];
}

/** The service's paths (static files aside). `HEAD` goes with every `GET`; `OPTIONS` where browsers preflight (CORS). */
export const KNOWN_ROUTES: KnownRoute[] = [
  { pattern: /^\/healthz\/?$/, route: '/healthz', methods: ['GET', 'HEAD'] },
  { pattern: /^\/metrics\/?$/, route: '/metrics', methods: ['GET', 'HEAD'] },
  { pattern: /^\/api\/ask\/?$/, route: '/api/ask', methods: ['POST', 'OPTIONS'] },
  { pattern: /^\/api\/passages\/[^/]+\/?$/, route: '/api/passages/:id', methods: ['GET', 'HEAD', 'OPTIONS'] },
  { pattern: /^\/doc\/?$/, route: '/doc', methods: ['GET', 'HEAD'] },
  { pattern: /^\/doc\/[^/]+\/?$/, route: '/doc/:id', methods: ['GET', 'HEAD'] },
  { pattern: /^\/botkit\/receive\/?$/, route: '/botkit/receive', methods: ['POST', 'OPTIONS'] },
  { pattern: /^\/slack\/events\/?$/, route: '/slack/events', methods: ['POST'] },
  { pattern: /^\/admin\/report\/?$/, route: '/admin/report', methods: ['GET', 'HEAD'] },
  // The demo page; the widget's websocket is a GET upgrade of it.
  { pattern: /^\/(index\.html)?$/, route: '/', methods: ['GET', 'HEAD'] },
];

/** The metrics name of a request's path: a known route, `static` for the widget's files, else `other` (bounded labels). */
export function routeOf(path: string): string {
  for (const r of KNOWN_ROUTES) if (r.pattern.test(path)) return r.route;
  if (/^\/[a-z-]+\.(js|css|png|svg|ico)$/.test(path)) return 'static';
  return 'other';
}

/**
 * 405 with `Allow` for a known path asked with a method it does not answer. `skip` names paths
 * that are off in this process (Slack without its settings), which stay 404.
 */
export function methodNotAllowed(skip: (route: string) => boolean = () => false): RequestHandler {
  return function methodCheck(req, res, next) {
    const known = KNOWN_ROUTES.find((r) => r.pattern.test(req.path));
    if (!known || skip(known.route) || known.methods.includes(req.method)) return next();
    res.set('Allow', known.methods.join(', '));
    res.status(405).type('text/plain').send(`Method ${req.method} is not allowed here; use ${known.methods.filter((m) => m !== 'HEAD' && m !== 'OPTIONS').join(' or ')}.`);
  };
}

/** Whether `host` (a `Host` header) is one of `allowed` (entries without a port match any port). Empty list: any host. */
export function hostAllowed(allowed: string[], host: string | undefined): boolean {
  if (allowed.length === 0) return true;
  if (!host) return false;
  const h = host.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.split(':')[0];
  return allowed.some((a) => a === h || a === name);
}

export interface RequestLimitsOptions {
  /** Refused requests per client per window before the client is refused unread (`REJECTED_PER_MINUTE`). */
  limit: number;
  /** Window of that budget, ms. Default 60 000. */
  windowMs?: number;
  /** How often the counts of refusals are logged, ms. Default 60 000. */
  intervalMs?: number;
  log?: Logger;
  /** Called for each request refused because its client is over budget (metrics). */
  onLimited?: () => void;
  /** The client key of a request. Default: `req.ip` (behind `trust proxy`), IPv6 reduced to its /56. */
  keyOf?: (req: Request) => string;
}

export interface GuardOptions {
  /** Largest body accepted, in bytes (checked on Content-Length before anything is read). */
  bodyLimit: number;
  /** Writes a refusal in the path's own format. */
  respond: Respond;
}

/** A refusal's content type and body for a message, in a path's own format. */
export type EarlyFormat = (message: string) => { type: string; body: string };

export interface RequestLimits {
  /** The middleware for one group of paths (`slack`, `api`, `web`, `admin`, `metrics`: the name in the counts). */
  guard(name: string, options: GuardOptions): RequestHandler;
  /**
   * Refuses a request before its body is read (stale Slack signature headers, a wrong Host): the
   * status and message go out with `Connection: close`, so the body is never read.
   */
  refuseUnread(res: Response, status: number, message: string, respond: Respond): void;
  /** Counts a refusal that no guard saw (e.g. a wrong Host), under `name`. */
  count(name: string, status: number): void;
  /**
   * Before Express, at the lowest cost (what a flood mostly is): when `client` is past its budget,
   * answers 429 in `format`, unread, counts it under `name`, and returns true.
   */
  refuseEarly(req: IncomingMessage, res: ServerResponse, client: string, name: string, format: EarlyFormat): Promise<boolean>;
  /** False while no client is past its budget (the usual case): the early check can be skipped. */
  anyOverBudget(): boolean;
  /** Logs the counts not yet logged and stops the timer. */
  close(): void;
}

/**
 * Sends a refusal without reading the request's body: the connection ends with the response, and
 * when a body was announced the socket is destroyed as soon as the response is out, before Node
 * would read (and discard) the rest — reading a flood of 1 MB bodies is what made it expensive.
 * A client still sending may then see the connection reset instead of the status.
 */
export function refuseUnread(res: Response, status: number, message: string, respond: Respond): void {
  res.set('Connection', 'close');
  dropBodyAfter(res.req, res);
  respond(res, status, message);
}

/** When a body was announced, stop reading it and destroy the socket once the response is out. */
function dropBodyAfter(req: IncomingMessage, res: ServerResponse): void {
  const length = Number(req.headers['content-length']);
  if ((Number.isFinite(length) && length > 0) || req.headers['transfer-encoding'] !== undefined) {
    req.socket.pause();
    res.once('finish', () => req.socket.destroy());
  }
}

const defaultKey = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');

export function createRequestLimits(options: RequestLimitsOptions): RequestLimits {
  const log = options.log ?? silentLogger;
  const windowMs = options.windowMs ?? 60_000;
  const intervalMs = options.intervalMs ?? 60_000;
  const keyOf = options.keyOf ?? defaultKey;
  // Refused requests per client, counted in express-rate-limit's own store (as the per-route limiters count).
  const refused = new MemoryStore();
  refused.init({ windowMs } as Options);
  const counts = new Map<string, number>();
  let since = Date.now();
  // Until when some client is past its budget: while none is, nothing needs looking up.
  let overBudgetUntil = 0;

  function count(name: string, status: number): void {
    const key = `${name} ${status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  function flush(): void {
    if (counts.size > 0) {
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const detail = [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join(', ');
      log.warn('requests refused', { total, seconds: Math.round((Date.now() - since) / 1000), counts: detail });
      counts.clear();
    }
    since = Date.now();
  }
  const timer = setInterval(flush, intervalMs);
  timer.unref();

  /** False while no client is past its budget (the usual case): then nothing needs looking up. */
  const anyOverBudget = () => overBudgetUntil > Date.now();

  /** Seconds until `client` may be heard again, or undefined while it is within its budget. */
  async function overBudget(client: string): Promise<number | undefined> {
    if (!anyOverBudget()) return undefined;
    const known = await refused.get(client);
    if (!known || known.totalHits < options.limit) return undefined;
    return Math.max(1, Math.ceil(((known.resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));
  }
  const tooMany = (retryAfter: number) => `Too many refused requests from your address. Please wait ${retryAfter} s.`;

  return {
    refuseUnread,
    count,
    anyOverBudget,
    async refuseEarly(req, res, client, name, format) {
      const retryAfter = await overBudget(client);
      if (retryAfter === undefined) return false;
      count(name, 429);
      options.onLimited?.();
      const { type, body } = format(tooMany(retryAfter));
      res.writeHead(429, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Retry-After': String(retryAfter), Connection: 'close', 'Cache-Control': 'no-store' });
      dropBodyAfter(req, res);
      res.end(body);
      return true;
    },
    guard(name, guardOptions) {
      const { bodyLimit, respond } = guardOptions;
      return async function limitsGuard(req, res, next) {
        const client = keyOf(req);
        let retryAfter: number | undefined;
        // No store lookup (and no await) on the usual path, while nobody is past the budget.
        if (anyOverBudget()) {
          try {
            retryAfter = await overBudget(client);
          } catch (err) {
            return next(err);
          }
        }
        if (retryAfter !== undefined) {
          count(name, 429);
          options.onLimited?.();
          res.set('Retry-After', String(retryAfter));
          return refuseUnread(res, 429, tooMany(retryAfter), respond);
        }
        // Every refusal below and behind (401, 400, 413, 415, 429…) counts against the client, once the response is out.
        res.once('finish', () => {
          if (res.statusCode < 400 || res.statusCode >= 500) return;
          count(name, res.statusCode);
          void refused.increment(client).then(({ totalHits, resetTime }) => {
            const retryAfter = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));
            if (totalHits >= options.limit) overBudgetUntil = Math.max(overBudgetUntil, Date.now() + retryAfter * 1000);
            if (totalHits === options.limit) {
              log.warn('client reached its budget of refused requests; refusing it unread until the window ends', {
                client,
                path: req.originalUrl.split('?')[0],
                limit: options.limit,
                retryAfter,
              });
            }
          });
        });
        const length = Number(req.headers['content-length']);
        if (Number.isFinite(length) && length > bodyLimit) {
          return refuseUnread(res, 413, `The request body is too large (at most ${bodyLimit} bytes).`, respond);
        }
        next();
      };
    },
    close() {
      clearInterval(timer);
      refused.shutdown();
      flush();
    },
  };
}
