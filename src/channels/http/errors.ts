/**
 * Coded HTTP errors and the one place that turns them (and body-parser's) into a status and
 * a message in plain words. Never a stack trace, never HTML for a JSON client.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../log.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Status and plain-words message for anything thrown while handling a request. */
export function describeError(err: unknown): { status: number; message: string } {
  if (err instanceof HttpError) return { status: err.status, message: err.message };
  const e = err as { type?: string; status?: number; limit?: number };
  switch (e?.type) {
    case 'entity.too.large':
      return { status: 413, message: `The request body is too large (at most ${e.limit ?? 16384} bytes).` };
    case 'entity.parse.failed':
      return { status: 400, message: 'The request body is not valid JSON.' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, message: 'Send the body as UTF-8 JSON.' };
    case 'request.aborted':
      return { status: 400, message: 'The request was aborted.' };
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return { status: e.status, message: 'Bad request.' };
  return { status: 500, message: 'Something went wrong on our side.' };
}

/** Final error handler: `{"error": "…"}` JSON, plus a log line for server-side failures. */
export function jsonErrorHandler(log: Logger): ErrorRequestHandler {
  return function jsonError(err, req, res, _next) {
    const { status, message } = describeError(err);
    if (status >= 500) log.error('request failed', { method: req.method, path: req.path, error: err });
    if (res.headersSent) return;
    res.status(status).json({ error: message });
  };
}
