/**
 * Warm latency and in-process throughput of `ask()`, with the e5-architecture model
 * (hybrid, query cache off so every question runs the model) and without a model.
 *   warm.ts [throughputSeconds]
 */
import { loadEngine, type EngineInternals } from '../../../src/answer/engine.js';
import type { Retrieval } from '../../../src/retrieval/retriever.js';
import { report } from '../lib/child.js';
import { engineOptions, evalQuestions, hasE5Model, MODELS_DIR } from '../lib/setup.js';
import { summarize } from '../lib/stats.js';
import { turnOffQueryCache } from '../lib/uncached.js';

const throughputSeconds = Number(process.argv[2] ?? 10);
const questions = evalQuestions();
/** At least 300 asks: the eval sets repeated. */
const asks = Array.from({ length: Math.ceil(300 / questions.length) * questions.length }, (_, i) => questions[i % questions.length]);

/** Records the timings of the retrieval inside each `ask()`. */
function spyOnRetrieval(engine: EngineInternals): () => Retrieval['timings'] {
  const original = engine.retriever.retrieve.bind(engine.retriever);
  let last: Retrieval['timings'] = { embedMs: 0, lexicalMs: 0, denseMs: 0, fuseMs: 0 };
  engine.retriever.retrieve = async (...args) => {
    const r = await original(...args);
    last = r.timings;
    return r;
  };
  return () => last;
}

async function askLatency(engine: EngineInternals) {
  const lastTimings = spyOnRetrieval(engine);
  for (const q of questions.slice(0, 20)) await engine.ask(q.q); // warm-up (JIT, ORT arenas)
  const rows = { total: [] as number[], embed: [] as number[], lexical: [] as number[], dense: [] as number[], fuse: [] as number[], composition: [] as number[], retrieval: [] as number[] };
  for (const q of asks) {
    const t = performance.now();
    await engine.ask(q.q);
    const total = performance.now() - t;
    const p = lastTimings();
    rows.total.push(total);
    rows.embed.push(p.embedMs);
    rows.lexical.push(p.lexicalMs);
    rows.dense.push(p.denseMs);
    rows.fuse.push(p.fuseMs);
    rows.retrieval.push(p.lexicalMs + p.denseMs + p.fuseMs);
    rows.composition.push(total - p.embedMs - p.lexicalMs - p.denseMs - p.fuseMs);
  }
  return Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, summarize(v)]));
}

async function throughput(engine: EngineInternals, seconds: number) {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const t = performance.now();
  while (performance.now() < end) await engine.ask(questions[n++ % questions.length].q);
  return { perSecond: n / ((performance.now() - t) / 1000), n };
}

async function embedding(engine: EngineInternals) {
  const embedder = engine.embedder!;
  const short = questions.filter((q) => q.q.length <= 60).map((q) => q.q);
  // Long: about 480 characters (the API takes up to 500), made of several eval questions.
  const long = Array.from({ length: 40 }, (_, i) => {
    let s = '';
    for (let j = i; s.length < 480; j += 7) s += questions[j % questions.length].q + ' ';
    return s.slice(0, 480);
  });
  const time = async (texts: string[], n: number) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await embedder.embedQuery(texts[i % texts.length]);
      ms.push(performance.now() - t);
    }
    return summarize(ms);
  };
  const avg = (xs: string[]) => Math.round(xs.reduce((a, x) => a + x.length, 0) / xs.length);
  return { short: await time(short, 120), shortChars: avg(short), long: await time(long, 40), longChars: avg(long) };
}

async function lexicalOnly() {
  const engine = await loadEngine(engineOptions('lexical'));
  const latency = await askLatency(engine);
  const retrieveOnly: number[] = [];
  for (const q of asks) {
    const t = performance.now();
    await engine.retrieve(q.q, q.lang, 3, 'lexical');
    retrieveOnly.push(performance.now() - t);
  }
  const tput = await throughput(engine, Math.min(5, throughputSeconds));
  await engine.close();
  return { latency, retrieve: summarize(retrieveOnly), throughput: tput };
}

let hybrid = null;
if (hasE5Model()) {
  const engine = await loadEngine(engineOptions('e5'));
  if (engine.status().mode !== 'hybrid') throw new Error(`e5 engine is not hybrid: ${engine.status().denseOffReason}`);
  await turnOffQueryCache(engine, MODELS_DIR);
  const latency = await askLatency(engine);
  const embed = await embedding(engine);
  const tput = await throughput(engine, throughputSeconds);
  await engine.close();
  hybrid = { latency, embed, throughput: tput };
}
const lexical = await lexicalOnly();
report({ asks: asks.length, hybrid, lexical });
process.exit(0);
