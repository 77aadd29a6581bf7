/**
 * Test helpers for the real shared engines. Redis and PostgreSQL are found through
 * `TEST_REDIS_URL` / `TEST_DATABASE_URL` (what `scripts/services.sh start` prints), or by
 * probing the ports it uses (6390, 5440); absent engines make the tests skip, saying so.
 *
 *   const redisUrl = await findRedis();
 *   describe.skipIf(!redisUrl)(suiteName('shared/redis', { Redis: redisUrl }), () => { … });
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { connectRedis, type SharedRedis } from '../../src/shared/redis.js';

const DEFAULT_REDIS = 'redis://127.0.0.1:6390';
const DEFAULT_DATABASE = 'postgres://postgres@127.0.0.1:5440/kl_test';

/** Whether something accepts TCP connections at `url`'s host and port (within 500 ms). */
export function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function find(envName: string, fallback: string): Promise<string | undefined> {
  const url = process.env[envName] || fallback;
  return (await reachable(url)) ? url : undefined;
}

export const findRedis = () => find('TEST_REDIS_URL', DEFAULT_REDIS);
export const findDatabase = () => find('TEST_DATABASE_URL', DEFAULT_DATABASE);

/** A suite name that says plainly why it is skipped when an engine (named by each key) is missing. */
export function suiteName(name: string, engines: Record<string, string | undefined>): string {
  const missing = Object.entries(engines)
    .filter(([, found]) => !found)
    .map(([what]) => what);
  if (missing.length === 0) return name;
  const line = `${name}: SKIPPED — no ${missing.join(' or ')} (run: eval "$(scripts/services.sh start)")`;
  console.warn(line);
  return line;
}

/** A key prefix of its own per test, so test files sharing one Redis never see each other's keys. */
export const uniquePrefix = (label: string) => `test:${label}:${randomBytes(4).toString('hex')}:`;

/**
 * A schema of its own in the test database (dropped by `drop()`); `url` selects it through
 * libpq's `options=-c search_path=…`, so the code under test needs no schema setting.
 */
export async function freshSchema(baseUrl: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${name}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: u.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await c.end();
    },
  };
}

export const hasRedisServer = () => spawnSync('redis-server', ['--version']).status === 0;

/** A free loopback port (the OS picks one; it stays free for a moment). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A Redis of this test's own (a child `redis-server`, nothing on disk) that it may stop and start again. */
export interface PrivateRedis {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function privateRedis(options: { password?: string } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const auth = options.password ? ['--requirepass', options.password] : [];
  let child: ChildProcess | undefined;
  const self: PrivateRedis = {
    url,
    async start() {
      child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', ...auth], { stdio: 'ignore' });
      for (let i = 0; i < 100 && !(await reachable(url)); i++) await new Promise((r) => setTimeout(r, 50));
      if (!(await reachable(url))) throw new Error(`redis-server did not start on ${port}`);
    },
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
  };
  await self.start();
  return self;
}

/**
 * A TCP relay to `target` that a test can cut (every connection dropped, new ones refused) and
 * restore: the database "goes away" and "comes back" without touching the shared test server.
 */
export interface CuttableProxy {
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function cuttableProxy(targetUrl: string): Promise<CuttableProxy> {
  const target = new URL(targetUrl);
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect({ host: target.hostname, port: Number(target.port) });
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const stop = async () => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  const u = new URL(targetUrl);
  u.host = `127.0.0.1:${port}`;
  return { url: u.toString(), cut: stop, restore: listen, close: stop };
}

/**
 * Two connections to one Redis, as two replicas hold them, opened before the suite and closed
 * after it, with every key under `prefix` deleted. `bind` receives them for the suite's tests.
 */
export function useRedisReplicas(redisUrl: string | undefined, prefix: string, bind: (a: SharedRedis, b: SharedRedis) => void): void {
  let a: SharedRedis;
  let b: SharedRedis;
  beforeAll(async () => {
    a = await connectRedis({ url: redisUrl!, log: silentLogger });
    b = await connectRedis({ url: redisUrl!, log: silentLogger });
    bind(a, b);
  });
  afterAll(async () => {
    const keys = await a.client.keys(`${prefix}*`);
    if (keys.length > 0) await a.client.del(...keys);
    await Promise.all([a.close(), b.close()]);
  });
}
