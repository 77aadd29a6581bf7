/**
 * What protects the public endpoints: which web pages may use the chat and the API (origin
 * policy, CORS, websocket upgrades), security headers with a content security policy for our
 * own pages, and per-client rate limits that answer 429 with `Retry-After`.
 *
 *   const origins = createOriginPolicy({ allowedOrigins: config.allowedOrigins, publicUrl });
 *   app.use(securityHeaders(origins));
 *   app.use('/api', ...crossOrigin(origins, sendApiError));
 *   router.post('/ask', requestRateLimit({ limit: 60, respond: sendApiError, log }), …);
 */
import cors from 'cors';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { rateLimit, type Store } from 'express-rate-limit';
import type { Logger } from '../../log.js';

export interface OriginPolicyOptions {
  /** Origins whose pages may embed the widget and call us, or `'*'` for any (config `ALLOWED_ORIGINS`). */
  allowedOrigins: string[] | '*';
  /** Our public base URL (read per request: the port may be known only after listen). */
  publicUrl: () => string;
}

export interface OriginPolicy {
  /**
   * Whether a request with this `Origin` header, arriving with this `Host` header, may go on.
   * No Origin (curl, servers, Slack) passes: the policy stops other sites' pages in a browser,
   * which always send one; our own pages (same host, or the public URL) always pass.
   */
  allows(origin: string | undefined, host: string | undefined): boolean;
  /** The explicitly listed origins (empty when none, or when any is allowed). */
  listed: string[];
}

export function createOriginPolicy(options: OriginPolicyOptions): OriginPolicy {
  const any = options.allowedOrigins === '*';
  const listed = any ? [] : (options.allowedOrigins as string[]);
  return {
    listed,
    allows(origin, host) {
      if (origin === undefined || any) return true;
      if (listed.includes(origin)) return true;
      // `null` (sandboxed frames, file: pages) and anything unparsable are not our pages.
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        return false;
      }
      if (url.origin === new URL(options.publicUrl()).origin) return true;
      return host !== undefined && url.host === host.toLowerCase();
    },
  };
}

/**
 * Helmet's headers with a content security policy for our own pages (demo page, reader, admin):
 * scripts only from us (the widget), no plugins, no `<base>`. Inline styles stay allowed: they
 * carry no code, and the server-rendered pages use them. `connect-src 'self'` covers the
 * widget's websocket to us. Other sites embed the widget as a script, which our CSP does not
 * govern; the origins in `ALLOWED_ORIGINS` may also frame our pages.
 */
export function securityHeaders(policy: OriginPolicy): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'", ...policy.listed],
      },
    },
    // The widget's files are loaded by other sites' pages.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginEmbedderPolicy: false,
    // X-Frame-Options cannot name other origins; frame-ancestors above does when some are listed.
    xFrameOptions: policy.listed.length > 0 ? false : { action: 'sameorigin' },
  });
}

/** Writes a refusal (403, 429) in the endpoint's own error format. */
export type Respond = (res: Response, status: number, message: string) => void;

export const ORIGIN_REFUSED = 'Web pages on this site are not allowed to use this service.';

/**
 * Refuses (403) a browser request from a page whose origin the policy does not allow, then
 * answers CORS for the allowed ones (preflight included). Other sites cannot drive our endpoints
 * from their visitors' browsers, and a refused request costs no parsing.
 */
export function crossOrigin(policy: OriginPolicy, respond: Respond): RequestHandler[] {
  const guard: RequestHandler = function originGuard(req, res, next) {
    if (policy.allows(req.get('origin'), req.get('host'))) return next();
    respond(res, 403, ORIGIN_REFUSED);
  };
  return [guard, cors({ origin: true, methods: ['GET', 'POST'], maxAge: 600 })];
}

export interface RequestRateLimitOptions {
  /** Requests per client per window. */
  limit: number;
  /** Window length in ms. Default 60 000. */
  windowMs?: number;
  /** Hit store; default express-rate-limit's memory store. Pass a shared one to share a budget. */
  store?: Store;
  respond: Respond;
  log: Logger;
  /** Called for each refused request (metrics). */
  onLimited?: () => void;
}

/** The plain-words message of a 429. */
export function tooManyMessage(retryAfterSeconds: number): string {
  return `Too many requests from your address. Please wait ${retryAfterSeconds} s and try again.`;
}

/** express-rate-limit per client IP (behind `trust proxy`), answering 429 with `Retry-After`. */
export function requestRateLimit(options: RequestRateLimitOptions): RequestHandler {
  const { respond, log } = options;
  return rateLimit({
    limit: options.limit,
    windowMs: options.windowMs ?? 60_000,
    store: options.store,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler(req: Request, res: Response) {
      const retryAfter = Number(res.getHeader('Retry-After')) || 1;
      // One line per client per window, not one per refused request.
      const used = (req as Request & { rateLimit?: { used: number } }).rateLimit?.used;
      if (used === options.limit + 1) log.warn('rate limit reached', { path: req.originalUrl.split('?')[0], retryAfter });
      options.onLimited?.();
      respond(res, 429, tooManyMessage(retryAfter));
    },
    // Configuration hints (e.g. X-Forwarded-For without TRUST_PROXY) go to our log, one line each.
    logger: {
      error: (error, message) => log.warn(message ?? 'rate limiter problem', { cause: (error as Error)?.message ?? String(error) }),
      warn: (error, message) => log.warn(message ?? 'rate limiter warning', { cause: (error as Error)?.message ?? String(error) }),
    },
  });
}
