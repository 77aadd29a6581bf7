/**
 * SIGTERM on the real server process with work open: a request in flight, a websocket and an
 * idle keep-alive connection. It stops accepting, finishes the request, closes the sockets and
 * exits 0 within a few seconds.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { STACK_LINE, startServer } from './child.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kl-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hardening: shutdown', () => {
  it('finishes a request in flight, closes websockets and idle connections, and exits 0 on SIGTERM', async () => {
    const run = startServer({ EMBEDDING_MODEL: 'none', QALOG_PATH: path.join(dir, 'qalog.sqlite') });
    try {
      const port = await run.port();
      const base = `http://127.0.0.1:${port}`;

      // An idle keep-alive connection: one request done, its socket kept open by the agent.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const idleClosed = await new Promise<Promise<void>>((resolve, reject) => {
        const req = http.get(`${base}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(new Promise<void>((done) => req.socket!.once('close', () => done()))));
        });
        req.on('error', reject);
      });

      // An open websocket.
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
      await new Promise((resolve) => ws.once('message', resolve));
      const wsClosed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

      // A request in flight: headers and half the body sent, the rest after SIGTERM.
      const body = Buffer.from(JSON.stringify({ question: 'Where will the 18th AMRI be held?' }));
      const inFlight = http.request(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } });
      const response = new Promise<{ status: number; json: any }>((resolve, reject) => {
        inFlight.on('response', (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
        });
        inFlight.on('error', reject);
      });
      inFlight.write(body.subarray(0, 10));
      inFlight.flushHeaders();
      await new Promise((r) => setTimeout(r, 200)); // the server has the request open

      const t0 = Date.now();
      run.child.kill('SIGTERM');
      expect(await wsClosed).toBe(1001);
      await idleClosed;
      // No new connections once stopping.
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();

      inFlight.end(body.subarray(10));
      const answered = await response;
      expect(answered.status).toBe(200);
      expect(answered.json.answered).toBe(true);

      expect(await run.exited).toBe(0);
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(run.stdout()).toContain('SIGTERM received, shutting down');
      expect(run.stderr()).not.toMatch(STACK_LINE);
      agent.destroy();
    } finally {
      run.killAll('SIGKILL');
    }
  }, 60_000);
});
