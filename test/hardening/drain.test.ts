/**
 * SIGTERM under load, on the real server process: keep-alive clients (a connection reused for
 * request after request, as nginx's upstream keep-alive does) and clients with a new connection
 * per request keep asking through the signal. Every request gets a complete answer or a refused
 * connection (the listener is gone: a load balancer retries that elsewhere, even a POST) — never
 * a reset — and every answered question is in the question log after exit 0.
 *
 * Also: a request that never finishes is cut at SHUTDOWN_TIMEOUT_MS, and the process still exits 0.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRows } from '../qalog/helpers.js';
import { STACK_LINE, startServer } from './child.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kl-drain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUESTIONS = ['Where will the 18th AMRI be held?', 'TFFN là gì?', 'What is the recipe for pho?', 'chuyen doi so trong truyen thong ASEAN'];

type Outcome = { kind: 'answered'; status: number; connectionClose: boolean } | { kind: 'error'; code: string };

/** One POST /api/ask; resolves with the status, or the error code of a failed request (never rejects). */
function ask(port: number, question: string, agent: http.Agent | false): Promise<Outcome> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ question });
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (agent === false) headers.connection = 'close';
    const req = http.request({ host: '127.0.0.1', port, path: '/api/ask', method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ kind: 'answered', status: res.statusCode!, connectionClose: res.headers.connection === 'close' }));
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ kind: 'error', code: err.code ?? err.message }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ kind: 'error', code: err.code ?? err.message }));
    req.end(body);
  });
}

describe('hardening: drain on SIGTERM', () => {
  it('answers every request that arrived, resets none, and loses no row, with keep-alive and one-shot clients under load', async () => {
    const dbPath = path.join(dir, 'load.sqlite');
    const run = startServer({ EMBEDDING_MODEL: 'none', QALOG_PATH: dbPath, RATE_LIMIT_PER_MINUTE: '1000000' });
    try {
      const port = await run.port();
      const answered: string[] = [];
      const errors: string[] = [];
      const statuses = new Map<number, number>();
      let closeHeaders = 0;
      let n = 0;
      let signalled = false;
      let answeredAtSignal = 0;

      async function client(keepAlive: boolean): Promise<void> {
        const agent = keepAlive ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : false;
        try {
          for (;;) {
            const question = `${QUESTIONS[n % QUESTIONS.length]} #${n++}`;
            const out = await ask(port, question, agent);
            if (out.kind === 'error') {
              errors.push(out.code === 'ECONNREFUSED' ? out.code : `${out.code} (${keepAlive ? 'keep-alive' : 'one-shot'} client, ${signalled ? 'after' : 'before'} SIGTERM)`);
              // The listener is closed: this client's server is gone.
              if (out.code === 'ECONNREFUSED') return;
              continue;
            }
            statuses.set(out.status, (statuses.get(out.status) ?? 0) + 1);
            if (out.status === 200) answered.push(question);
            if (signalled && out.connectionClose) closeHeaders++;
            if (!signalled && answered.length >= 300) {
              signalled = true;
              answeredAtSignal = answered.length;
              run.child.kill('SIGTERM');
            }
          }
        } finally {
          if (agent) agent.destroy();
        }
      }
      const clients = [...Array.from({ length: 6 }, () => client(true)), ...Array.from({ length: 3 }, () => client(false))];
      const finished = Promise.all(clients);
      const exitCode = await run.exited;
      await finished;

      expect(exitCode).toBe(0);
      // Nothing but answers and refused connections: no reset, no hang-up, no 5xx — except the one
      // race no server can close: a new connection whose handshake the kernel completes in the
      // instant between the accept queue being found empty and the listener closing is reset by
      // the kernel, never having reached the server (see the drain in src/app.ts). Only a one-shot client
      // opening a connection after SIGTERM can meet it; it is bounded, and reported.
      const RACE = 'ECONNRESET (one-shot client, after SIGTERM)';
      const race = errors.filter((code) => code === RACE);
      if (race.length > 0) console.log(`drain: ${race.length} new connection(s) reset in the listener-close race`);
      expect(race.length).toBeLessThanOrEqual(2);
      expect(errors.filter((code) => code !== 'ECONNREFUSED' && code !== RACE)).toEqual([]);
      expect([...statuses.keys()]).toEqual([200]);
      // Requests did arrive during the drain, and were answered with Connection: close.
      expect(answered.length).toBeGreaterThan(answeredAtSignal);
      expect(closeHeaders).toBeGreaterThan(0);
      // Every answered question is in the log (the log was flushed before exit), and nothing else is.
      const stored = readRows(dbPath).map((r) => r.question);
      const storedSet = new Set(stored);
      expect(answered.filter((q) => !storedSet.has(q))).toEqual([]);
      expect(stored.length).toBe(answered.length);
      expect(run.stdout()).toContain('SIGTERM received, shutting down');
      expect(run.stderr()).not.toMatch(STACK_LINE);
    } finally {
      run.killAll('SIGKILL');
    }
  }, 120_000);

  it('cuts a request that never finishes at SHUTDOWN_TIMEOUT_MS, says so, and still exits 0', async () => {
    const run = startServer({ EMBEDDING_MODEL: 'none', QALOG_PATH: path.join(dir, 'stuck.sqlite'), SHUTDOWN_TIMEOUT_MS: '1500' });
    try {
      const port = await run.port();
      // Headers and part of a body, and then nothing more: a request in flight that will never complete.
      const stuck = http.request({ host: '127.0.0.1', port, path: '/api/ask', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 100 } });
      const cut = new Promise<string>((resolve) => {
        stuck.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
        stuck.on('response', (res) => resolve(`status ${res.statusCode}`));
      });
      stuck.write('{"question": "wh');
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      const took = Date.now() - t0;
      // It waited for the request (not cut at once), and not much longer than the timeout.
      expect(took).toBeGreaterThanOrEqual(1400);
      expect(took).toBeLessThan(8000);
      expect(await cut).toMatch(/ECONNRESET|socket hang up/);
      expect(run.stderr()).toMatch(/ warn shutdown timeout: cutting what is still open timeoutMs=1500 connections=1/);
    } finally {
      run.killAll('SIGKILL');
    }
  }, 60_000);
});
