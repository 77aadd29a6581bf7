/**
 * `GET /admin/report?since=7d&until=…`: the question-log report as an HTML page for staff,
 * behind `ADMIN_TOKEN`. The token goes only in `Authorization: Bearer …`: in a URL it would land
 * in access logs, proxy logs and browser history, so a `?token=` is refused (and never logged).
 * Failed attempts count against the client's budget of refused requests (see limits.ts): past
 * it, the client gets 429 and the count shows in the log; the token itself never does.
 *
 * Answers: 200 page; 401 without the right token; 400 for a bad period; 404 when
 * `ADMIN_TOKEN` is not set (the page is off, as if absent — nothing to guess at); 503 when
 * the app runs without a question log (library and test use only: `npm start` always opens one).
 *
 *   app.use('/admin', createAdminRouter({ token: config.adminToken, qalog }));
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import { parsePeriod, PeriodError } from '../../qalog/period.js';
import { reportToHtml } from '../../qalog/render-html.js';
import type { QaLog } from '../../qalog/types.js';
import { silentLogger, type Logger } from '../../log.js';

export interface AdminRouterOptions {
  /** `ADMIN_TOKEN`; undefined turns the admin pages off (404). */
  token?: string;
  qalog?: QaLog;
  log?: Logger;
  /** Clock, for tests. Default `() => new Date()`. */
  now?: () => Date;
}

/** Equal-time comparison: both sides are hashed first, so lengths never differ and never leak. */
export function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function presentedToken(req: Request): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
}

const one = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function createAdminRouter(options: AdminRouterOptions): Router {
  const log = options.log ?? silentLogger;
  const router = Router();

  router.use(function adminHeaders(_req, res, next) {
    // Figures about users: never cached, never indexed, never framed; the page needs no script,
    // and its address is never sent on as a referrer.
    res.set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    });
    next();
  });

  router.get('/report', async function adminReport(req, res) {
    const { token, qalog } = options;
    if (!token) return void res.status(404).type('text/plain').send('Not found: the admin report is off (ADMIN_TOKEN is not set).');
    const given = presentedToken(req);
    if (!given || !sameToken(given, token)) {
      res.set('WWW-Authenticate', 'Bearer realm="admin"');
      const inUrl = req.query.token !== undefined ? ' (a token in the address is never accepted: it would be kept in logs and browser history)' : '';
      return void res.status(401).type('text/plain').send(`Unauthorized: send the admin token as "Authorization: Bearer <ADMIN_TOKEN>"${inUrl}.`);
    }
    if (!qalog) return void res.status(503).type('text/plain').send('The question log is not open in this process.');
    try {
      const period = parsePeriod({ since: one(req.query.since), until: one(req.query.until) }, (options.now ?? (() => new Date()))());
      res.status(200).type('html').send(reportToHtml(await qalog.report(period)));
    } catch (err) {
      if (err instanceof PeriodError) return void res.status(400).type('text/plain').send(`Bad period: ${err.message}`);
      log.error('admin report failed', { error: err });
      res.status(500).type('text/plain').send('The report could not be computed; see the server log.');
    }
  });

  return router;
}
