// Sketching benchmarks (issue: sketching operators). On a dense 65536×64 matrix (m = 256) and a
// CSR matrix with 10⁶ nonzeros, every kind against (a) materialise-then-multiply with ml-matrix
// and (b) one plain pass over the input (the memory-bound floor: read every entry once and
// accumulate into 64 sums).
import { Matrix } from 'ml-matrix';
import { applySketch, materialize, fillNormal, rngFromSeed, csrFromCoo } from '../dist/index.js';
import { runBench, sink } from './harness.mjs';

const n = 65536, d = 64, m = 256;
const data = new Float64Array(n * d);
fillNormal(rngFromSeed(1), 0, data);
const A = { kind: 'dense', rows: n, cols: d, data, offset: 0, rowStride: 1, colStride: n };

// CSR 65536×64... too narrow for 1e6 nonzeros at a realistic density: use 65536×1024 with ~15 per row.
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
