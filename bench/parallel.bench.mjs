// Parallel sketching (randnla/parallel): applySketch against applySketchParallel on a pool of
// 2 workers (BENCH_WORKERS), dense 65536×64, m = 256, blockRows 4096 (16 canonical blocks),
// with A in a SharedArrayBuffer (read in place) and in an ordinary buffer (each task's rows
// copied once); and matmul against gemmParallel. Results are checked bit for bit against the
// serial ones before timing. Run: `npm run build && node bench/parallel.bench.mjs`.
//
// The `benchmark` package times synchronous functions only, so this file has its own loop
// (warm-up, then interleaved rounds: at least BENCH_MIN_SAMPLES and BENCH_MAX_TIME seconds per
// variant) and prints the same JSON records as bench/harness.mjs with --json, so bench/run.mjs
// aggregates it (median over processes).
// Besides wall time it reports the process CPU time per call (all threads), which shows the
// overhead that parallelism adds.
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { applySketch, csrFromCoo, fillNormal, fillUniform, matmul, rngFromSeed } from '../dist/index.js';
import { applySketchParallel, createWorkerPool, gemmParallel, toSharedMatrix } from '../dist/parallel/index.js';

const JSON_MODE = process.argv.includes('--json');
const MAX_TIME = Number(process.env.BENCH_MAX_TIME ?? 3);
const MIN_SAMPLES = Number(process.env.BENCH_MIN_SAMPLES ?? 5);
const ONLY = process.env.BENCH_ONLY ?? '';
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);

const n = 65536, d = 64, m = 256;
const data = new Float64Array(n * d);
fillNormal(rngFromSeed(1), 0, data);
const A = { kind: 'dense', rows: n, cols: d, data, offset: 0, rowStride: 1, colStride: n };
const shared = toSharedMatrix(A);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

/**
 * Times several variants in interleaved rounds (one call of each per round, after a warm-up
 * call each), so that a change in the machine's load affects them alike. At least MIN_SAMPLES
 * rounds and MAX_TIME seconds per variant. Returns, per variant, the median wall time and the
 * median process CPU time (all threads) per call.
 */
async function measureRounds(fns) {
  for (const fn of fns) await fn(); // warm-up (JIT, worker start-up, the workers' prepared-operator cache)
  const wall = fns.map(() => []);
  const cpu = fns.map(() => []);
  const t0 = performance.now();
  while (wall[0].length < MIN_SAMPLES || performance.now() - t0 < MAX_TIME * 1e3 * fns.length) {
    for (let i = 0; i < fns.length; i++) {
      const c = process.cpuUsage();
      const s = performance.now();
      await fns[i]();
      wall[i].push((performance.now() - s) / 1e3);
      const dc = process.cpuUsage(c);
      cpu[i].push((dc.user + dc.system) / 1e6);
    }
  }
  return fns.map((_, i) => ({ medianSec: median(wall[i]), cpuSec: median(cpu[i]), samples: wall[i].length }));
}

const sameBytes = (a, b) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const fmt = (s) => (s >= 1 ? `${s.toFixed(3)} s` : `${(s * 1e3).toFixed(2)} ms`);

const pool = createWorkerPool({ workers: WORKERS });
const load0 = loadavg()[0];
if (!JSON_MODE) console.log(`parallel.bench: ${WORKERS} workers, load average (1 min) ${load0.toFixed(2)} at start`);

/**
 * Calibration: the same arithmetic loop (no memory traffic) on 1 thread and on WORKERS threads
 * at once. Wall(1)·WORKERS / wall(WORKERS) is the speed-up the machine offers right now (about
 * WORKERS on idle cores, about 1 when other work holds all but one core); read the others
 * against it. The loop is latency-bound: kernels bound by floating-point throughput or cache
 * (gemm) can scale less when virtual CPUs share a physical core or its caches.
 */
async function calibrate(threads) {
  const code = `const { parentPort } = require('node:worker_threads');
    parentPort.on('message', () => { let s = 0; for (let i = 0; i < 2e8; i++) s += i % 7; parentPort.postMessage(s); });`;
  const ws = Array.from({ length: threads }, () => new Worker(code, { eval: true }));
  const go = () => Promise.all(ws.map((w) => new Promise((res) => { w.once('message', res); w.postMessage(0); })));
  await go();
  const t = performance.now();
  await go();
  const sec = (performance.now() - t) / 1e3;
  await Promise.all(ws.map((w) => w.terminate()));
  return sec;
}
{
  const one = await calibrate(1);
  const many = await calibrate(WORKERS);
  // As records: "peer / ours" is then the speed-up available.
  const recs = [
    { file: 'parallel', case: 'calibration: arithmetic loop', label: `${WORKERS} threads at once`, role: 'ours', medianSec: many, samples: 1 },
    { file: 'parallel', case: 'calibration: arithmetic loop', label: `1 thread, ${WORKERS} times in a row`, role: 'peer', medianSec: one * WORKERS, samples: 1, ratioPeerOverOurs: (one * WORKERS) / many },
  ];
  if (JSON_MODE) for (const r of recs) process.stdout.write(JSON.stringify(r) + '\n');
  else console.log(`calibration: one thread ${fmt(one)}, ${WORKERS} threads (${WORKERS}× the work) ${fmt(many)}: the machine offers ${((one * WORKERS) / many).toFixed(2)}× now`);
}

// gemm: C = X·Y with X 1024×256 and Y 256×1024 (0.54 GFLOP), against the serial matmul.
const X = { kind: 'dense', rows: 1024, cols: 256, data: new Float64Array(1024 * 256), offset: 0, rowStride: 1, colStride: 1024 };
const Y = { kind: 'dense', rows: 256, cols: 1024, data: new Float64Array(256 * 1024), offset: 0, rowStride: 1, colStride: 256 };
fillNormal(rngFromSeed(2), 0, X.data);
fillNormal(rngFromSeed(3), 0, Y.data);
const Xs = toSharedMatrix(X), Ys = toSharedMatrix(Y);

const cases = [];
for (const k of [{ kind: 'countsketch' }, { kind: 'sparse-sign', zeta: 8 }, { kind: 'gaussian' }, { kind: 'srht' }]) {
  const spec = { ...k, rows: m, cols: n, seed: 7 };
  cases.push({
    name: `dense 65536×64, m=256, ${k.kind}`,
    serial: { label: 'applySketch (serial)', fn: async () => applySketch(spec, A).data },
    shared: { label: `applySketchParallel ${WORKERS} workers, shared A`, fn: async () => (await applySketchParallel(spec, shared, { pool })).data },
    copied: { label: `applySketchParallel ${WORKERS} workers, copied A`, fn: async () => (await applySketchParallel(spec, A, { pool })).data },
  });
}
// CSR 65536×1024 with 10⁶ entries (the sketch benchmark's input): each worker reduces its range
// as aligned subtrees where the kernels keep them; the m×d = 2 MiB nodes are what crosses threads.
{
  const nnz = 1_000_000, dc = 1024;
  const u = new Float64Array(2 * nnz);
  fillUniform(rngFromSeed(4), 0, u);
  const I = new Int32Array(nnz), J = new Int32Array(nnz), V = new Float64Array(nnz);
  for (let t = 0; t < nnz; t++) { I[t] = Math.floor(u[2 * t] * n); J[t] = Math.floor(u[2 * t + 1] * dc); }
  fillNormal(rngFromSeed(5), 0, V);
  const Cs = csrFromCoo(n, dc, I, J, V);
  const CsShared = toSharedMatrix(Cs);
  for (const k of [{ kind: 'countsketch' }, { kind: 'sparse-sign', zeta: 8 }]) {
    const spec = { ...k, rows: m, cols: n, seed: 7 };
    cases.push({
      name: `CSR 65536×1024 nnz=1e6, m=256, ${k.kind}`,
      serial: { label: 'applySketch (serial)', fn: async () => applySketch(spec, Cs).data },
      shared: { label: `applySketchParallel ${WORKERS} workers, shared A`, fn: async () => (await applySketchParallel(spec, CsShared, { pool })).data },
      copied: { label: `applySketchParallel ${WORKERS} workers, copied A`, fn: async () => (await applySketchParallel(spec, Cs, { pool })).data },
    });
  }
}
cases.push({
  name: 'gemm 1024×256 · 256×1024',
  serial: { label: 'matmul (serial)', fn: async () => matmul(X, Y).data },
  shared: { label: `gemmParallel ${WORKERS} workers, shared A and B`, fn: async () => (await gemmParallel(Xs, Ys, { pool })).data },
  copied: { label: `gemmParallel ${WORKERS} workers, copied`, fn: async () => (await gemmParallel(X, Y, { pool })).data },
});

for (const c of cases) {
  const name = c.name;
  if (ONLY && !name.includes(ONLY)) continue;
  const ref = await c.serial.fn();
  for (const what of ['shared', 'copied']) {
    if (!sameBytes(await c[what].fn(), ref)) throw new Error(`${name}: ${what} parallel result differs from the serial one`);
  }
  const [serial, sharedR, copiedR] = await measureRounds([c.serial.fn, c.shared.fn, c.copied.fn]);
  const par = { shared: sharedR, copied: copiedR };
  const rows = [
    { label: c.shared.label, role: 'ours', r: par.shared },
    { label: c.copied.label, role: 'ours-copied', r: par.copied },
    { label: c.serial.label, role: 'peer', r: serial },
  ];
  if (!JSON_MODE) console.log(`\nparallel · ${name}`);
  for (const { label, role, r } of rows) {
    const rec = {
      file: 'parallel',
      case: name,
      label,
      role: role === 'ours-copied' ? 'peer' : role,
      medianSec: r.medianSec,
      cpuSec: r.cpuSec,
      samples: r.samples,
      ratioPeerOverOurs: role === 'ours' ? undefined : r.medianSec / par.shared.medianSec,
    };
    if (JSON_MODE) process.stdout.write(JSON.stringify(rec) + '\n');
    else {
      const speed = role === 'peer' ? '' : `speed-up ${(serial.medianSec / r.medianSec).toFixed(2)}×`;
      console.log(`  ${label.padEnd(44)} ${fmt(r.medianSec).padStart(11)}  cpu ${fmt(r.cpuSec).padStart(11)}  ${speed}  (n=${r.samples})`);
    }
  }
}
await pool.close();
if (!JSON_MODE) console.log(`\nload average (1 min) ${loadavg()[0].toFixed(2)} at end`);
