// Sketching benchmarks (issue: sketching operators). On a dense 65536×64 matrix (m = 256) and a
// CSR matrix with 10⁶ nonzeros, every kind against (a) materialise-then-multiply with ml-matrix
// and (b) one plain pass over the input (the floor: read every stored number once, into eight
// independent sums so that the pass is bound by the loads, not by the latency of one chain of
// additions; for CSR the values, the column indices and the row pointers).
//
//   node bench/sketch.bench.mjs          # the harness (wall time, ratios against the peers)
//   node bench/sketch.bench.mjs --cpu    # CPU time per kind (process.cpuUsage, median of
//                                        # several runs), the ratio to one plain pass over the
//                                        # same input, GFLOP/s (2·m·n·d) for the dense-generator
//                                        # kinds, and the load; run it in several processes.
//   node bench/sketch.bench.mjs --cpu --cold   # the same, every timed call (floor and sketch)
//                                        # starting with the caches evicted (twice the L3, read
//                                        # from sysfs, at least 64 MiB): the memory-bound floor,
//                                        # since a warm input sits in the L3 of most machines
//   BENCH_ONLY=countsketch ...           # only the cases whose name contains the word
//                                        # (names: 'dense <kind>', 'csr <kind>', 'csr64 <kind>',
//                                        # 'csr16 <kind>')
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { Matrix } from 'ml-matrix';
import { applySketch, materialize, fillNormal, fillUniform, rngFromSeed, csrFromCoo, sketchStream } from '../dist/index.js';
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
  fillUniform(rng, 0, u);
  for (let t = 0; t < nnzTarget; t++) { I[t] = Math.floor(u[2 * t] * n); J[t] = Math.floor(u[2 * t + 1] * sc); }
  fillNormal(rng, 0, V);
}
const C = csrFromCoo(n, sc, I, J, V);
// The same 10⁶ draws on 64 columns (65536×64, 889,761 distinct entries): an m×d output of 128 KiB
// at m = 256, which stays in L2, against 2 MiB for 65536×1024 (--cpu table only).
const J64 = J.map((j) => j & 63);
const C64 = csrFromCoo(n, 64, I, J64, V);
// 65536×16 with 15 entries in every row (983,040, one column left out per row): as many entries
// per row as the 65536×1024 input, but an m×d output of 32 KiB at m = 256, which stays in L1
// (--cpu table only). What a scatter kind costs when no update misses L1: the floor of the
// scatter on this machine, whatever the layout.
const C16 = (() => {
  const per = 15, w = 16, skip = new Float64Array(n);
  fillUniform(rngFromSeed(3), 0, skip);
  const I16 = new Int32Array(n * per), J16 = new Int32Array(n * per), V16 = new Float64Array(n * per);
  let t = 0;
  for (let i = 0; i < n; i++) {
    const s = Math.floor(skip[i] * w);
    for (let j = 0; j < w; j++) if (j !== s) { I16[t] = i; J16[t] = j; t++; }
  }
  fillNormal(rngFromSeed(4), 0, V16);
  return csrFromCoo(n, w, I16, J16, V16);
})();

/** --cold: every timed call, the floor's and the sketch's, starts with the caches evicted. */
const COLD = process.argv.includes('--cold');
/** Bytes to write between timed calls: twice the last-level cache (sysfs), 64 MiB to 1 GiB. */
function evictBytes() {
  let l3 = 32 << 20;
  try {
    const t = readFileSync('/sys/devices/system/cpu/cpu0/cache/index3/size', 'utf8').trim();
    const v = parseInt(t, 10) * (t.endsWith('M') ? 1 << 20 : t.endsWith('K') ? 1 << 10 : 1);
    if (v > 0) l3 = v;
  } catch { /* not Linux: the default */ }
  return Math.min(1 << 30, Math.max(64 << 20, 2 * l3));
}
const evictBuf = COLD ? new Float64Array(evictBytes() / 8) : new Float64Array(0);
/** Writes every cache line of the buffer (outside the timed region), so that A is read from memory. */
function evictCaches() {
  for (let i = 0; i < evictBuf.length; i += 8) evictBuf[i] += 1;
}

// The floors read every stored number once into eight independent sums: one chain of additions
// per column would be bound by the latency of the addition (3–4 cycles per entry), not by the
// loads, and would overstate the floor 2–4× (5.1 ms against 1.5 ms warm here).
function onePassDense() {
  const acc = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    const o = j * n;
    for (let i = 0; i < n; i += 8) {
      s0 += data[o + i]; s1 += data[o + i + 1]; s2 += data[o + i + 2]; s3 += data[o + i + 3];
      s4 += data[o + i + 4]; s5 += data[o + i + 5]; s6 += data[o + i + 6]; s7 += data[o + i + 7];
    }
    acc[j] = s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
  }
  return acc;
}
/** Values, column indices and row pointers of a CSR matrix, each read once (n even). */
function csrPass(M) {
  const { indptr, indices, values } = M;
  const e = indptr[M.rows];
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
  let q = 0;
  for (; q + 4 <= e; q += 4) {
    s0 += values[q]; s1 += values[q + 1]; s2 += values[q + 2]; s3 += values[q + 3];
    t0 += indices[q]; t1 += indices[q + 1]; t2 += indices[q + 2]; t3 += indices[q + 3];
  }
  for (; q < e; q++) { s0 += values[q]; t0 += indices[q]; }
  let p0 = 0, p1 = 0;
  for (let i = 0; i < M.rows; i += 2) { p0 += indptr[i]; p1 += indptr[i + 1]; }
  return new Float64Array([s0 + s1 + s2 + s3, t0 + t1 + t2 + t3, p0 + p1 + indptr[M.rows]]);
}
function onePassCsr() {
  return csrPass(C);
}
// Functions of their own (not onePassCsr on another matrix), so that their JIT feedback is their own.
function onePassCsr64() {
  return csrPass(C64);
}
function onePassCsr16() {
  return csrPass(C16);
}
if (process.argv.includes('--cpu')) {
  await cpuTable();
  process.exit(0);
}

const mlA = new Matrix(n, d);
for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mlA.set(i, j, data[j * n + i]);

// Every kind of the sketching issue; the tensor sketch on A as vectors of R^(256·256).
const kinds = [
  { kind: 'gaussian' }, { kind: 'rademacher' }, { kind: 'srht' }, { kind: 'countsketch' },
  { kind: 'sparse-sign', zeta: 8 }, { kind: 'sparse-stack', zeta: 8 }, { kind: 'very-sparse' }, { kind: 'monarch' },
  { kind: 'orthogonal' }, { kind: 'tensor', factors: [256, 256] },
];
const cases = [];
for (const k of kinds) {
  const spec = { ...k, rows: m, cols: n, seed: 7 };
  const peers = [{ label: 'one pass over A (floor)', fn: () => sink(onePassDense()) }];
  // (a) materialise S (m×n) then multiply with ml-matrix, every kind.
  peers.push({ label: 'materialize + ml-matrix mmul', fn: () => { const S = materialize(spec); const mlS = new Matrix(m, n); for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) mlS.set(i, j, S.data[j * m + i]); return sink(mlS.mmul(mlA).rows); } });
  cases.push({ name: `dense 65536×64, m=256, ${k.kind}`, ours: { label: `randnla applySketch ${k.kind}`, fn: () => sink(applySketch(spec, A).data) }, peers, flops: k.kind === 'gaussian' || k.kind === 'rademacher' ? 2 * m * n * d : undefined });
}
// CSR: every kind but the two whose preparation dominates on this size (orthogonal: the QR of an
// n×m Gaussian; its dense case above measures it) and the tensor sketch (dense case above).
for (const k of kinds.filter((k) => k.kind !== 'orthogonal' && k.kind !== 'tensor')) {
  const spec = { ...k, rows: m, cols: n, seed: 7 };
  cases.push({ name: `CSR 65536×1024 nnz=1e6, m=256, ${k.kind}`, ours: { label: `randnla applySketch ${k.kind}`, fn: () => sink(applySketch(spec, C).data) }, peers: [{ label: 'one pass over A (floor)', fn: () => sink(onePassCsr()) }] });
}
// Streaming: the CSR input in four pushes of 16384 rows (each push completes four blocks, reduced
// as one aligned subtree), against the one-shot product; the same bits (checked here first).
{
  const q = n / 4;
  const pushes = [0, 1, 2, 3].map((c) => {
    const r0 = c * q, r1 = r0 + q, a = C.indptr[r0], b = C.indptr[r1];
    return { kind: 'csr', rows: q, cols: C.cols, indptr: C.indptr.slice(r0, r1 + 1).map((x) => x - a), indices: C.indices.slice(a, b), values: C.values.slice(a, b) };
  });
  for (const k of [{ kind: 'countsketch' }, { kind: 'sparse-sign', zeta: 8 }]) {
    const spec = { ...k, rows: m, cols: n, seed: 7 };
    const stream = () => { const s = sketchStream(spec); pushes.forEach((X, c) => s.push(X, c * q)); return s.result().data; };
    const one = applySketch(spec, C).data, got = stream();
    for (let i = 0; i < one.length; i++) if (!Object.is(one[i], got[i])) throw new Error(`sketchStream ${k.kind}: entry ${i} differs from applySketch`);
    cases.push({ name: `CSR 65536×1024 nnz=1e6, m=256, sketchStream in 4 pushes, ${k.kind}`, ours: { label: `randnla sketchStream ${k.kind}`, fn: () => sink(stream()) }, peers: [{ label: 'randnla applySketch (one shot)', fn: () => sink(applySketch(spec, C).data) }, { label: 'one pass over A (floor)', fn: () => sink(onePassCsr()) }] });
  }
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
  const passC16 = cpuMs(onePassCsr16, 31);
  console.log(`one pass: dense ${passD.toFixed(2)} ms, CSR ${passC.toFixed(2)} ms, CSR 64 columns ${passC64.toFixed(2)} ms, CSR 16 columns ${passC16.toFixed(2)} ms (CPU)`);
  console.log('| input | kind | CPU ms | / one pass | GFLOP/s |');
  console.log('|---|---|---|---|---|');
  const cpuKinds = [
    { kind: 'countsketch' }, { kind: 'sparse-sign', zeta: 8 }, { kind: 'sparse-stack', zeta: 8 }, { kind: 'srht' }, { kind: 'very-sparse' },
    { kind: 'gaussian' }, { kind: 'rademacher' }, { kind: 'tensor', factors: [256, 256] }, { kind: 'orthogonal' },
    // One leaf of 65536 rows, so no reduction tree (other bits than the default blocks of 4096):
    // on the 65536×1024 CSR input, what the scatter into a 2 MiB output costs by itself.
    { kind: 'sparse-sign', zeta: 8, blockRows: 65536 },
  ];
  const inputs = {
    dense: { X: A, pass: passD, label: 'dense 65536×64' },
    csr: { X: C, pass: passC, label: 'CSR nnz=1e6' },
    csr64: { X: C64, pass: passC64, label: 'CSR 65536×64 nnz=0.89e6' },
    csr16: { X: C16, pass: passC16, label: 'CSR 65536×16 nnz=0.98e6 (output in L1)' },
  };
  for (const input of ['dense', 'csr', 'csr64', 'csr16']) {
    for (const k of cpuKinds) {
      const name = `${input} ${k.kind}`;
      if (only && !name.includes(only)) continue;
      const spec = { ...k, rows: m, cols: n, seed: 7 };
      const { X, pass, label } = inputs[input];
      const heavy = k.kind === 'gaussian' || k.kind === 'rademacher';
      const slow = heavy || k.kind === 'orthogonal' || k.kind === 'tensor';
      // CSR: the scatter kinds only (the others generate S densely: m·nnz work, not a pass).
      if ((slow || k.kind === 'srht') && input !== 'dense') continue;
      if (k.blockRows !== undefined && input !== 'csr') continue;
      const t = cpuMs(() => applySketch(spec, X).data, slow ? 3 : 15, slow ? 1 : 20);
      const gf = heavy ? `${((2 * m * n * d) / (t * 1e6)).toFixed(2)}` : '';
      console.log(`| ${label} | ${k.kind}${k.zeta ? ` ζ=${k.zeta}` : ''}${k.blockRows ? ` blockRows=${k.blockRows}` : ''} | ${t.toFixed(2)} | ${(t / pass).toFixed(1)}× | ${gf} |`);
    }
  }
  console.log(`load average (1 min): ${load0.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end`);
}
