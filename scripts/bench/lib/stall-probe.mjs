// Preloaded into the server by the bench (NODE_OPTIONS=--import …): measures how long the main
// thread's event loop is held up (perf_hooks.monitorEventLoopDelay). On SIGUSR2 it writes what it
// saw since the previous SIGUSR2 to `${BENCH_STALL_FILE}.${pid}.json` and starts over, so the
// bench can bracket each load run. Nothing happens without BENCH_STALL_FILE, nor in workers.
import { renameSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

const out = process.env.BENCH_STALL_FILE;
if (out && isMainThread) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  process.on('SIGUSR2', () => {
    const ms = (ns) => ns / 1e6;
    const r = { maxMs: ms(h.max), p99Ms: ms(h.percentile(99)), p50Ms: ms(h.percentile(50)), meanMs: ms(h.mean), samples: h.count };
    // Written aside and renamed into place, so the bench never reads half a file.
    writeFileSync(`${out}.${process.pid}.json.tmp`, JSON.stringify(r));
    renameSync(`${out}.${process.pid}.json.tmp`, `${out}.${process.pid}.json`);
    h.reset();
  });
}
