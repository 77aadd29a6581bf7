/**
 * Profiles one benchmark step with `node --cpu-prof` and prints where the time goes
 * (self and inclusive time per function). The .cpuprofile is kept in bench/tmp/profiles/
 * for Chrome DevTools or speedscope.
 *
 *   npx tsx scripts/bench/profile.ts scale lexical 20000 5   # lexical build + queries at 20k chunks
 *   npx tsx scripts/bench/profile.ts scale dense 100000 5
 *   npx tsx scripts/bench/profile.ts cold parts e5           # cold start, step by step
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { nodeArgs, ROOT } from './lib/child.js';
import { TMP } from './lib/setup.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [step, ...args] = process.argv.slice(2);
if (!['scale', 'cold', 'warm', 'quality'].includes(step)) {
  console.error('usage: profile.ts <scale|cold|warm|quality> [args of scripts/bench/child/<step>.ts]');
  process.exit(2);
}
const dir = path.join(TMP, 'profiles');
mkdirSync(dir, { recursive: true });
const startedAt = Date.now();
const r = spawnSync(process.execPath, [`--cpu-prof`, `--cpu-prof-dir=${dir}`, ...nodeArgs(`scripts/bench/child/${step}.ts`, args)], {
  cwd: ROOT,
  env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
});
if (r.status !== 0) process.exit(r.status ?? 1);
// The main thread's profile is the largest one written by this run (loader threads write small ones).
const file = readdirSync(dir)
  .map((f) => path.join(dir, f))
  .filter((f) => f.endsWith('.cpuprofile') && statSync(f).mtimeMs >= startedAt)
  .sort((a, b) => statSync(b).size - statSync(a).size)[0];
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const label = (n: ProfileNode) => {
  const where = n.callFrame.url.replace(/^.*?\/(node_modules|src|scripts)\//, '$1/').replace(/^file:\/\//, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${where}${where ? `:${n.callFrame.lineNumber + 1}` : ''}`;
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const own = new Map<number, number>();
profile.samples.forEach((id, i) => own.set(id, (own.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
for (const [id, ms] of own) {
  total += ms;
  const key = label(byId.get(id)!);
  self.set(key, (self.get(key) ?? 0) + ms);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = label(byId.get(cur)!);
    if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    seen.add(k);
  }
}
const top = (m: Map<string, number>, n: number) =>
  [...m]
    .filter(([k]) => !/^\((root|program|idle)\)/.test(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${v.toFixed(0).padStart(8)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
console.log(r.stdout.split('\n').filter((l) => l.startsWith('BENCH_RESULT')).join('\n').slice(0, 600));
console.log(`\nprofile ${path.relative(ROOT, file)} — ${total.toFixed(0)} ms sampled`);
console.log(`\nself time:\n${top(self, 25)}`);
console.log(`\ninclusive time:\n${top(inclusive, 30)}`);
