/**
 * A flood of POSTs with bogus Slack signatures, on the real server process over loopback only
 * (a bounded number: 300 requests, 50 at a time, big and small bodies): /healthz keeps answering
 * fast throughout, because the limits come before authentication — a body over the cap is refused
 * from its Content-Length, unread; a client past its budget of refused requests gets 429, unread —
 * and the refusals are logged as counts, not one line each.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from './child.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kl-flood-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A separate process that asks /healthz every 20 ms (on one kept-alive connection, as a monitor or
 * a load balancer's health check does) until its stdin closes, then prints the latencies (ms).
 * Separate, so the flood this process writes does not slow the measuring itself.
 */
const PROBE = `
const http = require('node:http');
const port = Number(process.argv[1]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const times = [];
let stop = false;
process.stdin.on('end', () => (stop = true)).resume();
(async () => {
  while (!stop) {
    const t0 = process.hrtime.bigint();
    const status = await new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
      req.on('error', () => resolve(0));
    });
    times.push({ status, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
    await new Promise((r) => setTimeout(r, 20));
  }
  agent.destroy();
  process.stdout.write(JSON.stringify(times));
})();
`;

/** One POST with a bogus signature and a fresh timestamp; resolves with the status, or the error (never rejects). */
function bogusPost(port: number, body: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let head = '';
    socket.on('data', (d) => (head += d.toString('latin1')));
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(head.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? err.code ?? 'error'));
    socket.on('close', () => resolve(head.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 'closed'));
    socket.write(
      'POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `X-Slack-Request-Timestamp: ${Math.floor(Date.now() / 1000)}\r\nX-Slack-Signature: v0=${'0'.repeat(64)}\r\n` +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    );
    socket.end(body);
  });
}

describe('hardening: flood before authentication', () => {
  it('keeps /healthz answering within 100 ms under a flood of bogus-signature POSTs, and logs counts, not lines', async () => {
    const run = startServer({
      EMBEDDING_MODEL: 'none',
      QALOG_PATH: path.join(dir, 'qalog.sqlite'),
      SLACK_BOT_TOKEN: 'xoxb-flood-test-token',
      SLACK_SIGNING_SECRET: 'flood-test-signing-secret',
      SLACK_API_URL: 'http://127.0.0.1:9/',
    });
    try {
      const port = await run.port();
      const probe = spawn(process.execPath, ['-e', PROBE, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
      let probeOut = '';
      probe.stdout!.on('data', (d) => (probeOut += d));
      const probeDone = new Promise<void>((resolve) => probe.once('exit', () => resolve()));
      await new Promise((r) => setTimeout(r, 300));

      // 300 requests, 50 in flight at a time: two thirds 1 MiB bodies, a third 32 KiB (under the cap, so hashed until the budget is spent).
      const big = Buffer.alloc(1024 * 1024, 'a');
      const small = Buffer.alloc(32 * 1024, 'b');
      const statuses: Record<string, number> = {};
      let next = 0;
      const worker = async () => {
        while (next < 300) {
          const i = next++;
          const status = await bogusPost(port, i % 3 === 2 ? small : big);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      };
      const t0 = Date.now();
      await Promise.all(Array.from({ length: 50 }, worker));
      const floodMs = Date.now() - t0;
      probe.stdin!.end();
      await probeDone;
      const probes: { status: number; ms: number }[] = JSON.parse(probeOut);

      // /healthz answered throughout the flood within 100 ms. On a 2-core machine shared with other work
      // (this process writes the flood on the same cores) single probes can wait behind a burst of
      // accepts, so: the median under 100 ms, and none past 500 ms. Before the limits, every probe
      // during such a flood took over 200 ms (median ≈ 250 ms, max ≈ 700 ms here).
      expect(probes.length).toBeGreaterThan(3);
      expect(probes.every((p) => p.status === 200)).toBe(true);
      const sorted = probes.map((p) => p.ms).sort((a, b) => a - b);
      const shown = `healthz latencies during a ${floodMs} ms flood: ${sorted.map((m) => m.toFixed(1)).join(' ')}`;
      expect(sorted[Math.floor(sorted.length / 2)], shown).toBeLessThan(100);
      expect(sorted[sorted.length - 1], shown).toBeLessThan(500);

      // All refused (the client may see the reset of a connection closed unread instead of the status).
      expect(Object.keys(statuses).filter((s) => !['401', '413', '429', 'ECONNRESET', 'EPIPE'].includes(s))).toEqual([]);

      // The log: no line per refusal; one line when the client spent its budget, and the counts (written at the latest on shutdown).
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      const lines = run.stderr().trim().split('\n');
      expect(lines.filter((l) => l.includes('client reached its budget of refused requests'))).toHaveLength(1);
      const counts = lines.filter((l) => l.includes(' warn requests refused '));
      expect(counts).toHaveLength(1);
      // Bodies over the cap refused with 413 from their length, then everything with 429 once the budget (30) is spent.
      expect(counts[0]).toMatch(/total=300 seconds=\d+ counts="slack 429: 27\d, slack 413: \d+(, slack 401: \d+)?"$/);
      expect(lines.length).toBeLessThanOrEqual(3);
    } finally {
      run.killAll('SIGKILL');
    }
  }, 120_000);
});
