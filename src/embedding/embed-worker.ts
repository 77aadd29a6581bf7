/**
 * One embedding worker thread (started by pool.ts through embed-worker.mjs): loads the model
 * with the options in `workerData`, says `ready` (with the model info) or `failed` (with the
 * one-line reason, then exits), and answers each `{type:'embed', id, texts}` with one model call:
 * `{type:'done', id, dim, buffer}` (the vectors row after row, the buffer transferred, not
 * copied) or `{type:'error', id, message}`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadModelRunner, oneLine, type ModelRunnerOptions } from './model-runner.js';

const port = parentPort!;
const loaded = await loadModelRunner(workerData as ModelRunnerOptions);
if (!loaded.ok) {
  port.postMessage({ type: 'failed', reason: loaded.reason });
} else {
  const { runner } = loaded;
  port.on('message', async (m: { type: 'embed'; id: number; texts: string[] }) => {
    try {
      const vectors = await runner.run(m.texts);
      const dim = runner.info.dimension;
      const all = new Float32Array(vectors.length * dim);
      vectors.forEach((v, i) => all.set(v, i * dim));
      port.postMessage({ type: 'done', id: m.id, dim, buffer: all.buffer }, [all.buffer]);
    } catch (err) {
      port.postMessage({ type: 'error', id: m.id, message: oneLine(err) });
    }
  });
  port.postMessage({ type: 'ready', info: runner.info });
}
