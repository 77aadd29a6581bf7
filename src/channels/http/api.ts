/**
 * Quick lookups for staff: `POST /api/ask` and `GET /api/passages/:id`.
 *
 *   app.use('/api', createApiRouter({ engine, desk, publicUrl: () => 'https://bot.example' }));
 *   // curl -H 'content-type: application/json' -d '{"question":"TFFN là gì?"}' …/api/ask
 */
import cors from 'cors';
import express, { Router, type Request, type RequestHandler } from 'express';
import { LANGS, type Lang } from '../../corpus/types.js';
import type { Engine } from '../../answer/types.js';
import { silentLogger, type Logger } from '../../log.js';
import { QuestionRejected, type AskDesk } from '../../conversation/ask-desk.js';
import { HttpError, jsonErrorHandler } from './errors.js';
import { toApiPassage, toApiResult } from './api-shape.js';

export interface ApiRouterOptions {
  /** For `GET /passages/:id`. */
  engine: Engine;
  /** How `POST /ask` reaches the engine: length limit, language, question log (shared with the other channels). */
  desk: AskDesk;
  /** Base of absolute reader links (read per request: the port may be known only after listen). */
  publicUrl: () => string;
  log?: Logger;
  /** Body limit. Default `16kb`. */
  bodyLimit?: string;
  /** Origin checks and CORS for the whole router (see security.ts). Default: CORS for any origin. */
  crossOrigin?: RequestHandler[];
  /** Per-client rate limit of `POST /ask`, run before anything else of it. Default: none. */
  askLimiter?: RequestHandler;
}

export interface AskRequest {
  question: string;
  lang?: Lang;
  k: number;
  /** The caller's previous question, for follow-ups; the API keeps no state of its own. */
  previous?: string;
}

const isLang = (x: unknown): x is Lang => typeof x === 'string' && (LANGS as readonly string[]).includes(x);

/** Validates the shape of a decoded `/api/ask` body (lengths are the desk's); throws HttpError(400) saying what is wrong. */
export function parseAskRequest(body: unknown): AskRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'The body must be a JSON object like {"question": "…"}.');
  const { question, lang, k, previous } = body as Record<string, unknown>;
  if (question === undefined || question === null) throw new HttpError(400, 'The request needs a "question".');
  if (typeof question !== 'string') throw new HttpError(400, '"question" must be text.');
  if (question.trim() === '') throw new HttpError(400, '"question" is empty.');
  if (lang !== undefined && !isLang(lang)) throw new HttpError(400, '"lang" must be "vi" or "en".');
  if (previous !== undefined && typeof previous !== 'string') throw new HttpError(400, '"previous" must be the previous question, as text.');
  if (k !== undefined && !(typeof k === 'number' && Number.isInteger(k) && k >= 1 && k <= 10)) {
    throw new HttpError(400, '"k" must be a whole number from 1 to 10.');
  }
  return { question: question.trim(), lang, k: (k as number | undefined) ?? 3, previous: (previous as string | undefined)?.trim() || undefined };
}

function tooLong(err: QuestionRejected): HttpError {
  return err.field === 'question'
    ? new HttpError(400, `"question" can have at most ${err.limit} characters.`)
    : new HttpError(400, `"previous" must be the previous question, as text of at most ${err.limit} characters.`);
}

function requireJson(req: Request): void {
  if (!req.is('application/json')) throw new HttpError(415, 'Send the question as JSON (Content-Type: application/json).');
}

export function createApiRouter(options: ApiRouterOptions): Router {
  const { engine, publicUrl } = options;
  const router = Router();
  router.use(...(options.crossOrigin ?? [cors()]));

  router.post(
    '/ask',
    options.askLimiter ?? ((_req, _res, next) => next()),
    function contentType(req, _res, next) {
      requireJson(req);
      next();
    },
    express.json({ limit: options.bodyLimit ?? '16kb' }),
    async function ask(req, res, next) {
      try {
        const { question, lang, k, previous } = parseAskRequest(req.body);
        const body = await options.desk.ask({ text: question, channel: 'api', lang, k, previous }, (result) => ({
          value: toApiResult(result, publicUrl()),
          outcome: result.answered ? 'answer' : 'no-answer',
          passageIds: result.passages.map((p) => p.id),
        }));
        res.json(body);
      } catch (err) {
        next(err instanceof QuestionRejected ? tooLong(err) : err);
      }
    },
  );

  router.get('/passages/:id', function passage(req, res) {
    const lang = req.query.lang;
    if (lang !== undefined && !isLang(lang)) throw new HttpError(400, '"lang" must be "vi" or "en".');
    const found = engine.passage(req.params.id, lang);
    if (!found) throw new HttpError(404, `No passage with id "${req.params.id}".`);
    res.json(toApiPassage(found, publicUrl()));
  });

  router.use(function notFound(req) {
    throw new HttpError(404, `No API endpoint ${req.method} ${req.baseUrl}${req.path}.`);
  });
  router.use(jsonErrorHandler(options.log ?? silentLogger));
  return router;
}
