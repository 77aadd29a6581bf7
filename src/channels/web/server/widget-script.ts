/**
 * `GET /widget.js` with the server's question limit written in, so the widget's counter and
 * its check before sending say the same number as the desk that enforces it (`MAX_QUESTION_CHARS`).
 *
 *   app.get('/widget.js', widgetScript(PUBLIC_DIR, config.maxQuestionLength));
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';

const LIMIT_LINE = /var MAX_QUESTION = \d+;/;

export function widgetScript(publicDir: string, maxQuestionLength: number): RequestHandler {
  const source = readFileSync(path.join(publicDir, 'widget.js'), 'utf8');
  // Fails at start, not silently, if the widget's limit line was renamed.
  if (!LIMIT_LINE.test(source)) throw new Error('widget.js has no "var MAX_QUESTION = <n>;" line to set the question limit in');
  const body = source.replace(LIMIT_LINE, `var MAX_QUESTION = ${maxQuestionLength};`);
  return function sendWidget(_req, res) {
    // Like the other static files: cached for five minutes, revalidated by ETag (Express sets it on send).
    res.type('application/javascript').set('Cache-Control', 'public, max-age=300').send(body);
  };
}
