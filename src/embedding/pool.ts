/**
 * A supervised pool of worker threads that run the embedding model, so inference never blocks
 * the main thread's event loop.
 *
 * - Each worker (embed-worker.ts) loads the model once and answers `embed` messages with one
 *   model call per message; the vectors come back in a transferred buffer.
 * - Micro-batching: texts wait in a queue; an idle worker takes up to `maxBatch` of them in one
 *   call, of one length class (see `takeBatch`: padding would make short texts cost as much as
 *   the longest in their call). A question waits at most `maxWaitMs` for others to join while a worker is idle; while
 *   every worker is busy, the questions that arrive meanwhile are taken together by the next free
 *   one. Questions go before bulk work (passages of an index build).
 * - Supervision: a worker that exits or crashes is replaced at once; the texts it was embedding
 *   go back to the front of the queue once (a text that kills two workers is rejected, so one bad
 *   input cannot take the pool down in a loop). A replacement that cannot load the model is
 *   retried with a growing delay (1 s … 30 s); meanwhile waiting texts are rejected with why.
 *
 *   const r = await startEmbedPool({ size: 1, maxBatch: 16, maxWaitMs: 2, model: { model, modelsDir, allowDownload: false, quantized: true } });
 *   if (r.ok) { const [v] = await r.pool.embed(['query: Where is the next AMRI?']); }
 */
import { Worker } from 'node:worker_threads';
import type { EmbedderInfo, ModelRunnerOptions } from './model-runner.js';

export interface PoolOptions {
  /** Worker threads (≥ 1). */
  size: number;
  /** At most this many texts per model call. */
  maxBatch: number;
  /** A queued question waits at most this long (ms) for others to join its call while a worker is idle. */
  maxWaitMs: number;
  /** What each worker loads. */
  model: ModelRunnerOptions;
}

export interface PoolStatus {
  /** Workers the pool keeps running. */
  workers: number;
  /** Of those, loaded and serving (idle or busy). */
  ready: number;
  busy: number;
  /** Texts waiting for a worker. */
  queued: number;
  /** Workers replaced after a crash or exit. */
  restarts: number;
  /** Texts put back in the queue because their worker died while embedding them. */
  requeued: number;
  /** Model calls made, texts embedded in them, and the largest call. */
  batches: number;
  embedded: number;
  largestBatch: number;
  batch: { max: number; waitMs: number };
  /** Why the last worker stopped or could not start, when one did. */
  lastProblem?: string;
}

type Lane = 'query' | 'bulk';

interface Item {
  text: string;
  lane: Lane;
  at: number;
  attempts: number;
  resolve(v: Float32Array): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  state: 'starting' | 'idle' | 'busy' | 'gone';
  batch: Item[];
}

type FromWorker =
  | { type: 'ready'; info: EmbedderInfo }
  | { type: 'failed'; reason: string }
  | { type: 'done'; id: number; dim: number; buffer: ArrayBuffer }
  | { type: 'error'; id: number; message: string };

const WORKER_URL = new URL('./embed-worker.mjs', import.meta.url);
const MAX_BACKOFF_MS = 30_000;

export class EmbedPool {
  private readonly slots: Slot[] = [];
  private readonly lanes: Record<Lane, Item[]> = { query: [], bulk: [] };
  private timer: NodeJS.Timeout | undefined;
  private respawnTimer: NodeJS.Timeout | undefined;
  private backoffMs = 1000;
  private closing = false;
  private nextId = 1;
  private readonly stats = { restarts: 0, requeued: 0, batches: 0, embedded: 0, largestBatch: 0 };
  private lastProblem: string | undefined;
  info!: EmbedderInfo;

  constructor(private readonly o: PoolOptions) {}

  /** Starts every worker and waits until all have loaded the model (or one could not). */
  async start(): Promise<string | null> {
    const results = await Promise.all(Array.from({ length: this.o.size }, () => this.spawn()));
    const failed = results.find((r) => typeof r === 'string');
    if (failed !== undefined) {
      await this.close();
      return failed as string;
    }
    this.info = results[0] as EmbedderInfo;
    return null;
  }

  /** Embeds already-prefixed texts; `bulk` work (index builds) yields to questions. Vectors in input order. */
  embed(texts: string[], lane: Lane = 'query'): Promise<Float32Array[]> {
    if (this.closing) return Promise.reject(new Error('the embedding pool is closed'));
    if (this.slots.length === 0) return Promise.reject(new Error(`no embedding worker is running: ${this.lastProblem ?? 'none started'}`));
    const at = performance.now();
    const out = Promise.all(
      texts.map((text) => new Promise<Float32Array>((resolve, reject) => this.lanes[lane].push({ text, lane, at, attempts: 0, resolve, reject }))),
    );
    this.dispatch();
    return out;
  }

  status(): PoolStatus {
    const count = (...states: Slot['state'][]) => this.slots.filter((s) => states.includes(s.state)).length;
    return {
      workers: this.o.size,
      ready: count('idle', 'busy'),
      busy: count('busy'),
      queued: this.lanes.query.length + this.lanes.bulk.length,
      ...this.stats,
      batch: { max: this.o.maxBatch, waitMs: this.o.maxWaitMs },
      ...(this.lastProblem ? { lastProblem: this.lastProblem } : {}),
    };
  }

  /** The live worker threads (for diagnostics and the supervision tests). */
  get threads(): Worker[] {
    return this.slots.filter((s) => s.state !== 'gone').map((s) => s.worker);
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    clearTimeout(this.respawnTimer);
    this.rejectQueued(new Error('the embedding pool is closed'));
    const slots = this.slots.splice(0);
    for (const s of slots) for (const item of s.batch) item.reject(new Error('the embedding pool is closed'));
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => {})));
  }

  /** Starts one worker; resolves with the model info once it is ready, or with the reason it is not. */
  private spawn(): Promise<EmbedderInfo | string> {
    return new Promise((resolve) => {
      const worker = new Worker(WORKER_URL, { workerData: this.o.model });
      const slot: Slot = { worker, state: 'starting', batch: [] };
      this.slots.push(slot);
      let settled = false;
      const settle = (v: EmbedderInfo | string) => {
        if (!settled) resolve(v);
        settled = true;
      };
      let why: string | undefined;
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          slot.state = 'idle';
          this.backoffMs = 1000;
          settle(m.info);
          this.dispatch();
        } else if (m.type === 'failed') {
          why = m.reason;
          settle(m.reason);
        } else this.finish(slot, m);
      });
      worker.on('error', (err) => {
        why = `embedding worker crashed: ${err instanceof Error ? err.message : String(err)}`;
      });
      worker.on('exit', (code) => {
        const wasReady = slot.state === 'idle' || slot.state === 'busy';
        const orphans = slot.batch;
        slot.state = 'gone';
        slot.batch = [];
        const i = this.slots.indexOf(slot);
        if (i >= 0) this.slots.splice(i, 1);
        why ??= `embedding worker exited (code ${code})`;
        settle(why);
        if (this.closing) return;
        this.lastProblem = wasReady && orphans.length > 0 ? `${why} while embedding ${orphans.length} text(s)` : why;
        if (wasReady) {
          this.requeue(orphans);
          this.replace();
        } else if (this.info) {
          // A replacement that could not load: try again later. With no worker left, nothing can
          // be embedded meanwhile, so the waiting texts are told why rather than left hanging.
          if (this.slots.length === 0) this.rejectQueued(new Error(`no embedding worker is running: ${why}`));
          this.respawnTimer = setTimeout(() => this.replace(), this.backoffMs);
          this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
        }
      });
    });
  }

  /** A new worker in place of one that stopped. */
  private replace(): void {
    if (this.closing) return;
    this.stats.restarts++;
    void this.spawn();
  }

  /** The texts of a worker that died go back to the front of their queue once; a second death rejects them. */
  private requeue(items: Item[]): void {
    for (const item of [...items].reverse()) {
      item.attempts++;
      if (item.attempts >= 2) item.reject(new Error(`embedding failed: the worker stopped twice while embedding this text (${this.lastProblem})`));
      else {
        this.stats.requeued++;
        this.lanes[item.lane].unshift(item);
      }
    }
  }

  private rejectQueued(err: Error): void {
    for (const lane of Object.values(this.lanes)) for (const item of lane.splice(0)) item.reject(err);
  }

  private finish(slot: Slot, m: Extract<FromWorker, { type: 'done' | 'error' }>): void {
    const batch = slot.batch;
    slot.batch = [];
    if (slot.state === 'busy') slot.state = 'idle';
    if (m.type === 'error') {
      for (const item of batch) item.reject(new Error(`embedding failed: ${m.message}`));
    } else {
      const all = new Float32Array(m.buffer);
      batch.forEach((item, i) => item.resolve(all.slice(i * m.dim, (i + 1) * m.dim)));
      this.stats.batches++;
      this.stats.embedded += batch.length;
      this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    }
    this.dispatch();
  }

  /** Hands queued texts to idle workers, up to `maxBatch` per call, questions first. */
  private dispatch(): void {
    if (this.closing) return;
    for (;;) {
      const slot = this.slots.find((s) => s.state === 'idle');
      if (!slot) return;
      const lane = this.lanes.query.length > 0 ? this.lanes.query : this.lanes.bulk;
      if (lane.length === 0) return;
      if (lane === this.lanes.query && lane.length < this.o.maxBatch && this.o.maxWaitMs > 0) {
        // Give others a moment to join this call, counted from when the oldest one arrived.
        const wait = lane[0].at + this.o.maxWaitMs - performance.now();
        if (wait > 0) {
          this.timer ??= setTimeout(() => {
            this.timer = undefined;
            this.dispatch();
          }, wait);
          return;
        }
      }
      const batch = takeBatch(lane, this.o.maxBatch);
      slot.state = 'busy';
      slot.batch = batch;
      slot.worker.postMessage({ type: 'embed', id: this.nextId++, texts: batch.map((b) => b.text) });
    }
  }
}

/**
 * Length classes of texts, in characters (a proxy for tokens). A model call pads every text to
 * the longest one, so one 460-character question in a call of short ones makes each of them cost
 * as much as it: calls are made of texts of one class.
 */
const LENGTH_CLASSES = [96, 192, 384];
const lengthClass = (text: string) => {
  const i = LENGTH_CLASSES.findIndex((limit) => text.length <= limit);
  return i < 0 ? LENGTH_CLASSES.length : i;
};

/**
 * Takes the oldest queued text and up to `max − 1` more of its length class, oldest first, out
 * of `lane`; the others keep their places.
 */
export function takeBatch<T extends { text: string }>(lane: T[], max: number): T[] {
  const cls = lengthClass(lane[0].text);
  const batch: T[] = [];
  const rest: T[] = [];
  for (const item of lane) (batch.length < max && lengthClass(item.text) === cls ? batch : rest).push(item);
  lane.splice(0, lane.length, ...rest);
  return batch;
}

/** Starts a pool and waits for its workers to load the model; never rejects. */
export async function startEmbedPool(o: PoolOptions): Promise<{ ok: true; pool: EmbedPool } | { ok: false; reason: string }> {
  const pool = new EmbedPool({ ...o, size: Math.max(1, Math.floor(o.size)) });
  const problem = await pool.start().catch((err: unknown) => (err instanceof Error ? err.message : String(err)));
  return problem === null ? { ok: true, pool } : { ok: false, reason: problem };
}
