/**
 * Prometheus metrics (`prom-client`), served at `GET /metrics` on the main port behind
 * `METRICS_TOKEN` (`Authorization: Bearer`). Without the token nothing is measured and `/metrics`
 * answers 404. One registry per app, so several apps in one process (tests) never mix counts.
 *
 *   const metrics = createMetrics({ token: config.metricsToken, sources });
 *   metrics.answer('web', 'lexical', 'answer', 12.3);
 *   app.get('/metrics', metrics.handler());
 *
 * What is there (all prefixed `klbot_`, plus prom-client's default process metrics):
 * http_requests_total{route,status}, answer_duration_seconds{channel,mode} (histogram),
 * answers_total{channel,result} (answered, refused = no answer in the text, no-more, error),
 * slack_deliveries_total{result} (taken, duplicate, rejected), rate_limited_total{limit}
 * (api, web, websocket, refused), qalog_up, qalog_queued_rows, qalog_dropped_rows_total,
 * store_up{store} (redis, postgresql; only those configured), shutting_down.
 */
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sameToken } from './channels/http/admin.js';
import type { QaLogStatus } from './qalog/types.js';

export type SlackDeliveryResult = 'taken' | 'duplicate' | 'rejected';
export type RateLimitName = 'api' | 'web' | 'websocket' | 'refused';

/** Values read at scrape time. */
export interface MetricSources {
  qalog?: () => QaLogStatus | undefined;
  /** Up (true) or down per configured shared store. */
  stores?: () => Partial<Record<'redis' | 'postgresql', boolean>>;
  shuttingDown?: () => boolean;
}

export interface Metrics {
  /** False when `METRICS_TOKEN` is unset: every call below does nothing. */
  readonly on: boolean;
  request(route: string, status: number): void;
  /** One answered turn (any channel): its latency and what the user got. */
  answer(channel: string, mode: string, outcome: string, latencyMs: number): void;
  slackDelivery(result: SlackDeliveryResult): void;
  rateLimited(limit: RateLimitName): void;
  /** `GET /metrics`: 404 when off, 401 without the right bearer token, else the text format. */
  handler(): RequestHandler;
}

const RESULT: Record<string, string> = { answer: 'answered', 'no-answer': 'refused' };

const noop = () => undefined;

export function createMetrics(options: { token?: string; sources?: MetricSources }): Metrics {
  const { token } = options;
  if (!token) {
    return {
      on: false,
      request: noop,
      answer: noop,
      slackDelivery: noop,
      rateLimited: noop,
      handler: () => (_req, res) => void res.status(404).type('text/plain').send('Not found: metrics are off (METRICS_TOKEN is not set).'),
    };
  }
  const sources = options.sources ?? {};
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'klbot_http_requests_total', help: 'HTTP requests answered, by route and status.', labelNames: ['route', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'klbot_answer_duration_seconds',
    help: 'Time from a question arriving to its reply being ready (logged before it is sent), by channel and retrieval mode.',
    labelNames: ['channel', 'mode'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const answers = new Counter({ name: 'klbot_answers_total', help: 'Turns that asked the engine, by channel and result (answered, refused: the text does not answer, no-more, error).', labelNames: ['channel', 'result'], registers: [registry] });
  const slack = new Counter({ name: 'klbot_slack_deliveries_total', help: 'Slack deliveries: taken (answered), duplicate (a retry already taken), rejected (bad signature, stale, too large, over the limit).', labelNames: ['result'], registers: [registry] });
  const limited = new Counter({ name: 'klbot_rate_limited_total', help: 'Requests or websocket frames refused by a rate limit: api and web (questions per client), websocket (frames), refused (clients over their budget of refused requests).', labelNames: ['limit'], registers: [registry] });
  for (const r of ['taken', 'duplicate', 'rejected']) slack.inc({ result: r }, 0);
  for (const l of ['api', 'web', 'websocket', 'refused']) limited.inc({ limit: l }, 0);

  if (sources.qalog) {
    const read = sources.qalog;
    new Gauge({ name: 'klbot_qalog_up', help: '1 while question-log writes get through, 0 while they fail (rows wait in memory).', registers: [registry], collect() { this.set(read()?.status === 'down' ? 0 : 1); } });
    new Gauge({ name: 'klbot_qalog_queued_rows', help: 'Question-log rows waiting in memory to be written.', registers: [registry], collect() { this.set(read()?.queued ?? 0); } });
    let reported = 0;
    new Counter({
      name: 'klbot_qalog_dropped_rows_total',
      help: 'Question-log rows dropped because the in-memory queue was full.',
      registers: [registry],
      collect() {
        const total = read()?.droppedTotal ?? 0;
        if (total > reported) this.inc(total - reported);
        reported = total;
      },
    });
  }
  if (sources.stores) {
    const read = sources.stores;
    new Gauge({
      name: 'klbot_store_up',
      help: '1 when a configured shared store (redis, postgresql) is reachable, 0 when not.',
      labelNames: ['store'],
      registers: [registry],
      collect() {
        for (const [store, up] of Object.entries(read())) this.set({ store }, up ? 1 : 0);
      },
    });
  }
  if (sources.shuttingDown) {
    const read = sources.shuttingDown;
    new Gauge({ name: 'klbot_shutting_down', help: '1 while the process drains after SIGTERM/SIGINT.', registers: [registry], collect() { this.set(read() ? 1 : 0); } });
  }

  return {
    on: true,
    request: (route, status) => requests.inc({ route, status: String(status) }),
    answer(channel, mode, outcome, latencyMs) {
      latency.observe({ channel, mode }, latencyMs / 1000);
      answers.inc({ channel, result: RESULT[outcome] ?? outcome });
    },
    slackDelivery: (result) => slack.inc({ result }),
    rateLimited: (limit) => limited.inc({ limit }),
    handler() {
      return async function metricsEndpoint(req, res, next) {
        const given = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
        if (!given || !sameToken(given, token)) {
          res.set('WWW-Authenticate', 'Bearer realm="metrics"');
          return void res.status(401).type('text/plain').send('Unauthorized: send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".');
        }
        try {
          const text = await registry.metrics();
          res.set('Cache-Control', 'no-store').type(registry.contentType).send(text);
        } catch (err) {
          next(err);
        }
      };
    },
  };
}
