// Entry of an embedding worker thread (see pool.ts). Plain JavaScript so that it starts the same
// way under `tsx`, `node --import tsx` and vitest: it makes TypeScript importable in this
// thread, then runs embed-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./embed-worker.ts');
