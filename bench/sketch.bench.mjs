// Sketching benchmarks (issue: sketching operators). On a dense 65536×64 matrix (m = 256) and a
// CSR matrix with 10⁶ nonzeros, every kind against (a) materialise-then-multiply with ml-matrix
// and (b) one plain pass over the input (the memory-bound floor: read every entry once and
// accumulate into 64 sums).
//
//   node bench/sketch.bench.mjs          # the harness (wall time, ratios against the peers)
//   node bench/sketch.bench.mjs --cpu --cold   # the same, every timed call (floor and sketch)
//                                        # starting with the caches evicted: the 12 MB CSR input
//                                        # fits in the 16 MB L3 otherwise, which flatters its floor
//   node bench/sketch.bench.mjs --cpu    # CPU time per kind (process.cpuUsage, median of
//                                        # several runs), the ratio to one plain pass over the
//                                        # same input, GFLOP/s (2·m·n·d) for the dense-generator
//                                        # kinds, and the load; run it in several processes.
//   BENCH_ONLY=countsketch ...           # only the cases whose name contains the word
//                                        # (names: 'dense <kind>', 'csr <kind>', 'csr64 <kind>')
import { loadavg } from 'node:os';
import { Matrix } from 'ml-matrix';
import { applySketch, materialize, fillNormal, rngFromSeed, csrFromCoo } from '../dist/index.js';
import { runBench, sink } from './harness.mjs';

const n = 65536, d = 64, m = 256;
const data = new Float64Array(n * d);
fillNormal(rngFromSeed(1), 0, data);
const A = { kind: 'dense', rows: n, cols: d, data, offset: 0, rowStride: 1, colStride: n };

// CSR: 65536×1024 with 10⁶ nonzeros, about 15 per row (a realistic density); its sketch, m×d = 2 MiB,
// does not fit in L2.
const nnzTarget = 1_000_000, sc = 1024;
const rng = rngFromSeed(2);
const I = new Int32Array(nnzTarget), J = new Int32Array(nnzTarget), V = new Float64Array(nnzTarget);
{
  const u = new Float64Array(2 * nnzTarget);
  (await import('../dist/index.js')).fillUniform(rng, 0, u);
  for (let t = 0; t < nnzTarget; t++) { I[t] = Math.floor(u[2 * t] * n); J[t] = Math.floor(u[2 * t + 1] * sc); }
  fillNormal(rng, 0, V);
}
const C = csrFromCoo(n, sc, I, J, V);
// The same 10⁶ draws on 64 columns (65536×64, 889,761 distinct entries): an m×d output of 128 KiB
// at m = 256, which stays in L2, against 2 MiB for 65536×1024 (--cpu table only).
const J64 = J.map((j) => j & 63);
const C64 = csrFromCoo(n, 64, I, J64, V);

/** --cold: every timed call, the floor's and the sketch's, starts with the caches evicted. */
const COLD = process.argv.includes('--cold');
const evictBuf = COLD ? new Float64Array(8 << 20) : new Float64Array(0); // 64 MiB, 4× the L3
/** Writes 64 MiB (outside the timed region), so that A is read from memory, not from L3. */
function evictCaches() {
  for (let i = 0; i < evictBuf.length; i += 8) evictBuf[i] += 1;
}

function onePassDense() {
  const acc = new Float64Array(d);
  for (let j = 0; j < d; j++) { let s = 0; const o = j * n; for (let i = 0; i < n; i++) s += data[o + i]; acc[j] = s; }
  return acc;
}
function onePassCsr() {
  const acc = new Float64Array(sc);
  const { indptr, indices, values } = C;
  for (let i = 0; i < n; i++) for (let q = indptr[i]; q < indptr[i + 1]; q++) acc[indices[q]] += values[q];
  return acc;
}
// A function of its own (not onePassCsr on another matrix), so that its JIT feedback is its own.
function onePassCsr64() {
  const acc = new Float64Array(64);
  const { indptr, indices, values } = C64;
  for (let i = 0; i < n; i++) for (let q = indptr[i]; q < indptr[i + 1]; q++) acc[indices[q]] += values[q];
  return acc;
}
if (process.argv.includes('--cpu')) {
  await cpuTable();
  process.exit(0);
}

const mlA = new Matrix(n, d);
for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mlA.set(i, j, data[j * n + i]);

const kinds = [
  { kind: 'gaussian' }, { kind: 'rademacher' }, { kind: 'srht' }, { kind: 'countsketch' },
  { kind: 'sparse-sign', zeta: 8 }, { kind: 'very-sparse' }, { kind: 'monarch' },
];
const cases = [];
for (const k of kinds) {
  const spec = { ...k, rows: m, cols: n, seed: 7 };
  const peers = [{ label: 'one pass over A (floor)', fn: () => sink(onePassDense()) }];
  if (k.kind === 'srht' || k.kind === 'countsketch' || k.kind === 'gaussian') {
    // (a) materialise S (m×n) then multiply with ml-matrix; S built once per op, as a user would.
    peers.push({ label: 'materialize + ml-matrix mmul', fn: () => { const S = materialize(spec); const mlS = new Matrix(m, n); for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) mlS.set(i, j, S.data[j * m + i]); return sink(mlS.mmul(mlA).rows); } });
  }
  cases.push({ name: `dense 65536×64, m=256, ${k.kind}`, ours: { label: `randnla applySketch ${k.kind}`, fn: () => sink(applySketch(spec, A).data) }, peers, flops: k.kind === 'gaussian' || k.kind === 'rademacher' ? 2 * m * n * d : undefined });
}
for (const k of kinds.filter((k) => k.kind !== 'orthogonal')) {
  const spec = { ...k, rows: m, cols: n, seed: 7 };
  cases.push({ name: `CSR 65536×1024 nnz=1e6, m=256, ${k.kind}`, ours: { label: `randnla applySketch ${k.kind}`, fn: () => sink(applySketch(spec, C).data) }, peers: [{ label: 'one pass over A (floor)', fn: () => sink(onePassCsr()) }] });
}
await runBench('sketch', cases);

/**
 * CPU milliseconds of one call of fn: the median over `reps` calls after `warm` warm-up calls
 * (the JIT settles its type feedback over the first dozen calls of a leaf kernel).
 */
function cpuMs(fn, reps, warm = 2) {
  for (let w = 0; w < warm; w++) fn();
  const xs = [];
  for (let r = 0; r < reps; r++) {
    if (COLD) evictCaches();
    const c0 = process.cpuUsage();
    sink(fn());
    const c = process.cpuUsage(c0);
    xs.push((c.user + c.system) / 1e3);
  }
  xs.sort((a, b) => a - b);
  const h = xs.length >> 1;
  return xs.length % 2 ? xs[h] : (xs[h - 1] + xs[h]) / 2;
}

/** The --cpu table: CPU time per kind, the ratio to one plain pass, GFLOP/s where it applies. */
async function cpuTable() {
  const only = process.env.BENCH_ONLY ?? '';
  const load0 = loadavg()[0];
  const passD = cpuMs(onePassDense, 31);
  const passC = cpuMs(onePassCsr, 31);
  const passC64 = cpuMs(onePassCsr64, 31);
  console.log(`one pass: dense ${passD.toFixed(2)} ms, CSR ${passC.toFixed(2)} ms, CSR 64 columns ${passC64.toFixed(2)} ms (CPU)`);
  console.log('| input | kind | CPU ms | / one pass | GFLOP/s |');
  console.log('|---|---|---|---|---|');
  const cpuKinds = [
    { kind: 'countsketch' }, { kind: 'sparse-sign', zeta: 8 }, { kind: 'srht' }, { kind: 'very-sparse' },
    { kind: 'gaussian' }, { kind: 'rademacher' },
  ];
  const inputs = {
    dense: { X: A, pass: passD, label: 'dense 65536×64' },
    csr: { X: C, pass: passC, label: 'CSR nnz=1e6' },
    csr64: { X: C64, pass: passC64, label: 'CSR 65536×64 nnz=0.89e6' },
  };
  for (const input of ['dense', 'csr', 'csr64']) {
    for (const k of cpuKinds) {
      const name = `${input} ${k.kind}`;
      if (only && !name.includes(only)) continue;
      const spec = { ...k, rows: m, cols: n, seed: 7 };
      const { X, pass, label } = inputs[input];
      const heavy = k.kind === 'gaussian' || k.kind === 'rademacher';
      // CSR: the scatter kinds only (the others generate S densely: m·nnz work, not a pass).
      if ((heavy || k.kind === 'srht') && input !== 'dense') continue;
      const t = cpuMs(() => applySketch(spec, X).data, heavy ? 3 : 15, heavy ? 1 : 20);
      const gf = heavy ? `${((2 * m * n * d) / (t * 1e6)).toFixed(2)}` : '';
      console.log(`| ${label} | ${k.kind}${k.zeta ? ` ζ=${k.zeta}` : ''} | ${t.toFixed(2)} | ${(t / pass).toFixed(1)}× | ${gf} |`);
    }
  }
  console.log(`load average (1 min): ${load0.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end`);
}
