/**
 * `GET /healthz`: what the service runs on, for monitoring and for staff.
 *
 *   app.get('/healthz', healthHandler({ engine, slack: () => true }));
 */
import type { RequestHandler } from 'express';
import type { Engine } from '../../answer/types.js';

export interface HealthOptions {
  engine: Engine;
  /** Whether the Slack channel is mounted. */
  slack: () => boolean;
}

export function healthHandler(options: HealthOptions): RequestHandler {
  return function health(_req, res) {
    const s = options.engine.status();
    res.json({
      // Skipped corpus documents do not stop the service, but someone should look.
      status: s.problems.length > 0 ? 'degraded' : 'ok',
      mode: s.mode,
      dense: s.mode === 'hybrid',
      model: s.model,
      denseOffReason: s.denseOffReason,
      indexHash: s.indexHash,
      documents: s.documents,
      chunks: s.chunks,
      problems: s.problems,
      slack: options.slack(),
    });
  };
}
