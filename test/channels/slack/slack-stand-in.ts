/**
 * A local stand-in for Slack's Web API and response_url webhooks, on 127.0.0.1:0.
 * Records every call; can answer slowly or with an HTTP error to exercise failure paths.
 *
 *   const slack = await startSlackStandIn();
 *   // mountSlack(app, { slack: { ..., apiUrl: slack.apiUrl }, ... })
 *   expect(slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInCall {
  /** Web API method (`chat.postMessage`) or `response_url` for webhook posts. */
  method: string;
  /** Request fields; JSON-valued form fields (`blocks`) decoded. */
  params: Record<string, any>;
  authorization?: string;
}

export interface StandInOptions {
  /** Delay before answering, ms. Default 0. */
  delayMs?: number;
  /** HTTP status to answer with. Default 200. */
  status?: number;
}

export interface SlackStandIn {
  apiUrl: string;
  /** A response_url on this stand-in (same origin as the API). */
  responseUrl: string;
  calls: StandInCall[];
  close(): Promise<void>;
}

function decodeForm(body: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    out[key] = key === 'blocks' ? JSON.parse(value) : value;
  }
  return out;
}

export async function startSlackStandIn(options: StandInOptions = {}): Promise<SlackStandIn> {
  const calls: StandInCall[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const isHook = req.url?.startsWith('/hooks/');
      const method = isHook ? 'response_url' : (req.url ?? '').replace(/^\/api\//, '');
      const params = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(body) : decodeForm(body);
      calls.push({ method, params, authorization: req.headers.authorization });
      const status = options.status ?? 200;
      const answer = () => {
        res.writeHead(status, { 'content-type': isHook ? 'text/plain' : 'application/json' });
        res.end(status !== 200 ? 'upstream trouble' : isHook ? 'ok' : JSON.stringify({ ok: true, ts: `${Date.now() / 1000}` }));
      };
      if (!options.delayMs) return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, options.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl: `${base}/hooks/commands/T1/1/secretpath`,
    calls,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
