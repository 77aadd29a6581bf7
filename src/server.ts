/**
 * `npm start`: configuration → engine → app → listen, with one start-up line, and a clean
 * stop on SIGTERM/SIGINT (exit 0). A bad setting stops it with one line saying what to fix.
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { loadEngine } from './answer/engine.js';
import type { EngineStatus } from './answer/types.js';
import { createApp, type App } from './app.js';
import { createLogger } from './log.js';

/** The one start-up line: where, how (and why dense is off), what, and whether Slack is on. */
function startupLine(url: string, status: EngineStatus, slack: App['slack']): string {
  const mode = status.mode === 'hybrid' ? `hybrid retrieval (${status.model})` : `lexical retrieval (dense off: ${status.denseOffReason ?? 'no embedding model'})`;
  const corpus = `${status.documents} document${status.documents === 1 ? '' : 's'}, ${status.chunks} chunks`;
  const problems = status.problems.length > 0 ? `, ${status.problems.length} corpus problem(s) skipped` : '';
  const slackPart = slack.on ? 'Slack on' : `Slack off: ${slack.reason}`;
  return `Serving ${url} — ${mode}; ${corpus}${problems}; ${slackPart}`;
}

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
  const log = createLogger({ secrets: [config.slack.botToken, config.slack.signingSecret, config.webSessionSecret] });
  const engine = await loadEngine({
    corpusDir: config.corpusDir,
    embeddingsDir: config.embeddingsDir,
    modelsDir: config.modelsDir,
    model: config.embeddingModel,
    allowDownload: config.allowModelDownload,
    rebuildStale: config.rebuildStaleIndex,
    log,
  });
  const app = await createApp({ config, engine, log });
  await app.listen();
  // publicUrl() carries the real port when PORT was 0.
  log.info(startupLine(app.publicUrl(), engine.status(), app.slack));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received, shutting down`);
    try {
      await app.close();
      await engine.close();
      process.exit(0);
    } catch (err) {
      log.error('shutdown failed', { error: err });
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`Could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
