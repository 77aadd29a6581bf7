/**
 * `npm start`: configuration → path checks → engine → app → listen, with one start-up line, and
 * a drain on SIGTERM/SIGINT (exit 0; see App.close). A bad setting or an unusable path stops it
 * with one line saying what to fix. SIGTERM/SIGINT end the process at any point of the start.
 */
import { checkPaths } from './check-paths.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { engineOptionsFrom, loadEngine } from './answer/engine.js';
import type { EngineStatus } from './answer/types.js';
import { createApp, type App } from './app.js';
import { createLogger } from './log.js';
import { loadCorpus } from './corpus/load-corpus.js';
import type { CorpusProblem } from './corpus/types.js';
import { openSqliteQaLog } from './qalog/sqlite.js';
import { safeUrl, urlPassword } from './shared/errors.js';
import { openSharedStores } from './shared/stores.js';

/** The one start-up line: where, how (and why dense is off), what, whether Slack is on, and the shared stores if any. */
function startupLine(url: string, status: EngineStatus, slack: App['slack'], shared: Config['shared']): string {
  const mode = status.mode === 'hybrid' ? `hybrid retrieval (${status.model}, ${embeddingPart(status.embedding)})` : `lexical retrieval (dense off: ${status.denseOffReason ?? 'no embedding model'})`;
  const corpus = `${status.documents} document${status.documents === 1 ? '' : 's'}, ${status.chunks} chunks`;
  const problems = status.problems.length > 0 ? `, ${status.problems.length} corpus problem(s) skipped` : '';
  const slackPart = slack.on ? 'Slack on' : `Slack off: ${slack.reason}`;
  const stores = [shared.redisUrl && `Redis ${safeUrl(shared.redisUrl)}`, shared.databaseUrl && `PostgreSQL ${safeUrl(shared.databaseUrl)}`].filter(Boolean);
  const sharedPart = stores.length > 0 ? `; shared state: ${stores.join(', ')}` : '';
  return `Serving ${url} — ${mode}; ${corpus}${problems}; ${slackPart}${sharedPart}`;
}

/** Where questions are embedded, for the start-up line. */
function embeddingPart(e: EngineStatus['embedding']): string {
  if (!e || e.thread === 'main') return 'queries embedded on the main thread';
  return `queries embedded in ${e.workers} worker thread${e.workers === 1 ? '' : 's'}, up to ${e.batch.max} per model call, waiting ≤ ${e.batch.waitMs} ms`;
}

/** The refusal when no document could be loaded: where it looked and what was wrong, in one line. */
function noDocumentsLine(corpusDir: string, problems: CorpusProblem[]): string {
  const shown = problems.slice(0, 3).map((p) => `${p.path}: ${p.reason}`);
  if (problems.length > 3) shown.push(`${problems.length - 3} more`);
  return `no usable documents in ${corpusDir}${shown.length ? ` (${shown.join('; ')})` : ' (the folder is empty)'}`;
}

/** Until the service runs, a stop signal ends the process at once (nothing is being answered yet). */
let onStopSignal: (signal: string) => void = (signal) => {
  process.stdout.write(`${new Date().toISOString()} info ${signal} received during start-up; stopping\n`);
  process.exit(0);
};
process.on('SIGTERM', () => onStopSignal('SIGTERM'));
process.on('SIGINT', () => onStopSignal('SIGINT'));

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger({
    secrets: [config.slack.botToken, config.slack.signingSecret, config.webSessionSecret, config.adminToken, urlPassword(config.shared.redisUrl), urlPassword(config.shared.databaseUrl)],
  });
  // A fault no handler caught gets one log line (with where it happened), not a bare stack trace.
  // A stray rejection leaves the service running; an uncaught exception stops it (state unknown).
  const where = (err: unknown) => (err instanceof Error ? err.stack?.split('\n')[1]?.trim() : undefined);
  process.on('unhandledRejection', (err) => log.error('unhandled rejection', { error: err, where: where(err) }));
  process.on('uncaughtException', (err) => {
    log.error('uncaught exception, exiting', { error: err, where: where(err) });
    process.exit(1);
  });
  // Every path setting, checked with bounded operations before anything uses it: a start never hangs on a path.
  checkPaths(config);
  // Opened first: an unreachable Redis or PostgreSQL, or an unwritable or corrupt log, stops the start
  // with one line before the slow part. A replica never falls back to local state: that would split
  // users' conversations across replicas.
  const shared = await openSharedStores({ redisUrl: config.shared.redisUrl, databaseUrl: config.shared.databaseUrl, redisPrefix: config.shared.redisKeyPrefix, log });
  const qalog = shared.qalog ?? (await openSqliteQaLog({ path: config.qalog.path, synchronous: config.qalog.sync, log }).catch(async (err) => {
    await shared.close();
    throw err;
  }));
  // One bad document leaves the others to serve (degraded, listed in /healthz); none at all is a
  // refusal, said in one line before the engine logs each skipped document (the corpus is small).
  const corpus = await loadCorpus(config.corpusDir);
  if (corpus.documents.length === 0) throw new Error(noDocumentsLine(config.corpusDir, corpus.problems));
  const engine = await loadEngine({ ...engineOptionsFrom(config), corpus, log });
  const app = await createApp({ config, engine, log, qalog, shared });
  await app.listen();
  // publicUrl() carries the real port when PORT was 0.
  log.info(startupLine(app.publicUrl(), engine.status(), app.slack, config.shared));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received, shutting down`, { timeoutMs: config.shutdownTimeoutMs });
    // The drain cuts what is open at its deadline; this is only for a close that itself hangs.
    setTimeout(() => {
      log.error('shutdown did not finish; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 10_000).unref();
    try {
      await app.close();
      // Writes log rows still queued for PostgreSQL (if it is there), then closes both connections.
      await shared.close();
      if (!shared.qalog) await qalog.close();
      await engine.close();
      process.exit(0);
    } catch (err) {
      log.error('shutdown failed', { error: err });
      process.exit(1);
    }
  };
  onStopSignal = (signal) => void stop(signal);
}

main().catch((err) => {
  process.stderr.write(`Could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
