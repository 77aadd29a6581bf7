/**
 * `GET /healthz`: what the service runs on, for monitoring and for staff.
 *
 *   app.get('/healthz', healthHandler({ engine, slack: () => true }));
 */
import type { RequestHandler } from 'express';
import type { Engine } from '../../answer/types.js';
import type { SharedStatus } from '../../shared/stores.js';

export interface HealthOptions {
  engine: Engine;
  /** Whether the Slack channel is mounted. */
  slack: () => boolean;
  /** Reachability of the shared stores (Redis, PostgreSQL), when configured. Default: none shown. */
  shared?: () => SharedStatus;
}

export function healthHandler(options: HealthOptions): RequestHandler {
  return function health(_req, res) {
    const s = options.engine.status();
    const shared = options.shared?.();
    res.json({
      // Skipped corpus documents, or a shared store out of reach, do not stop the service, but someone should look.
      status: s.problems.length > 0 || shared?.status === 'degraded' ? 'degraded' : 'ok',
      mode: s.mode,
      dense: s.mode === 'hybrid',
      model: s.model,
      denseOffReason: s.denseOffReason,
      // Hybrid: where query embedding runs; with workers, how many are up, busy, queued, replaced.
      embedding: s.embedding,
      indexHash: s.indexHash,
      documents: s.documents,
      chunks: s.chunks,
      problems: s.problems,
      slack: options.slack(),
      // Replicas serving different corpora show different index hashes above.
      shared,
    });
  };
}
