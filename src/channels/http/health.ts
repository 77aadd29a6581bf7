/**
 * `GET /healthz`: what the service runs on and what state it is in, for monitoring and for staff.
 * Names and states only: no filesystem path is shown (a configured folder appears as the name
 * of its setting, e.g. `EMBEDDINGS_DIR`; any other path as its last part).
 *
 *   app.get('/healthz', healthHandler({ engine, slack: () => true }));
 *
 * `status`: `ok`; `degraded` (still answering, someone should look: a corpus document skipped, a
 * shared store out of reach, question-log writes failing with rows waiting in memory); or
 * `stopping` with 503 while the process drains after SIGTERM, so a load balancer takes it out.
 */
import path from 'node:path';
import type { RequestHandler } from 'express';
import type { Engine } from '../../answer/types.js';
import type { QaLogStatus } from '../../qalog/types.js';
import type { SharedStatus } from '../../shared/stores.js';

export interface HealthOptions {
  engine: Engine;
  /** Whether the Slack channel is mounted. */
  slack: () => boolean;
  /** Reachability of the shared stores (Redis, PostgreSQL), when configured. Default: none shown. */
  shared?: () => SharedStatus;
  /** The question log's write state, when it has one. Default: none shown. */
  questionLog?: () => QaLogStatus;
  /** True while the process drains. */
  stopping?: () => boolean;
  /** Configured paths and the names of their settings, shown instead of the paths (`EMBEDDINGS_DIR` → its folder). */
  paths?: Record<string, string>;
}

/** Any absolute path left after the known ones are named: a start of text, space, quote, bracket or `=` before a `/`. */
const ABSOLUTE_PATH = /(^|[\s'"(=[])(\/[^\s'"()[\],;]*)/g;

/** `text` with each configured path replaced by its setting's name, and any other absolute path by its last part. */
export function withoutPaths(text: string, paths: Record<string, string> = {}): string {
  let out = text;
  // Longest first, so a folder inside another is named by its own setting.
  for (const [name, p] of Object.entries(paths).sort((a, b) => b[1].length - a[1].length)) {
    if (p && p !== '/') out = out.split(p).join(name);
  }
  return out.replace(ABSOLUTE_PATH, (_m, before: string, p: string) => before + (path.basename(p) || p));
}

export function healthHandler(options: HealthOptions): RequestHandler {
  return function health(_req, res) {
    const s = options.engine.status();
    const shared = options.shared?.();
    const questionLog = options.questionLog?.();
    const clean = (text: string | null | undefined) => (text == null ? text : withoutPaths(text, options.paths));
    const stopping = options.stopping?.() ?? false;
    const degraded = s.problems.length > 0 || shared?.status === 'degraded' || questionLog?.status === 'down';
    res.status(stopping ? 503 : 200).json({
      // Skipped corpus documents, a shared store out of reach or a failing question log do not stop the service, but someone should look.
      status: stopping ? 'stopping' : degraded ? 'degraded' : 'ok',
      mode: s.mode,
      dense: s.mode === 'hybrid',
      model: s.model,
      denseOffReason: clean(s.denseOffReason),
      // Hybrid: where query embedding runs; with workers, how many are up, busy, queued, replaced.
      embedding: s.embedding,
      indexHash: s.indexHash,
      documents: s.documents,
      chunks: s.chunks,
      problems: s.problems.map((p) => ({ document: path.basename(p.path), reason: clean(p.reason) })),
      slack: options.slack(),
      questionLog: questionLog && { status: questionLog.status, queued: questionLog.queued, dropped: questionLog.dropped, cause: clean(questionLog.cause) },
      // Replicas serving different corpora show different index hashes above.
      shared: shared && {
        ...shared,
        redis: shared.redis && { ...shared.redis, cause: clean(shared.redis.cause) },
        database: shared.database && { status: shared.database.status, queued: shared.database.queued, dropped: shared.database.dropped, cause: clean(shared.database.cause) },
      },
    });
  };
}
