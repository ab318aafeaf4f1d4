// Exact dense least squares: randnla `lstsqDense` (column-pivoted Householder QR, rank
// certificate, triangular solve) against ml-matrix `new QrDecomposition(A).solve(b)` (unpivoted
// Householder QR on its array-of-rows storage), same process, same data.
// Run after `npm run build`: `node bench/lstsq.bench.mjs`, or through bench/run.mjs.
//
// GFLOP/s counts the 2mn² − 2n³/3 flops of the QR factorization (the solve adds O(mn)).
// Before timing, the two solutions are compared: the note of each case gives
// ‖x_randnla − x_ml‖/‖x_ml‖ and both relative normal-equation residuals
// ‖Aᵀ(b − Ax)‖/(‖A‖_F·‖b‖), so equal speed claims come with equal accuracy.
import { Matrix, QrDecomposition } from 'ml-matrix';
import { lstsqDense } from '../dist/core/lstsq.js';
import { runBench, sink } from './harness.mjs';
import { gaussian } from './problems.mjs';

function problem(m, n, seed) {
  const g = gaussian(seed);
  const data = new Float64Array(m * n);
  for (let k = 0; k < data.length; k++) data[k] = g();
  const b = new Float64Array(m);
  for (let i = 0; i < m; i++) b[i] = g();
  const D = { kind: 'dense', rows: m, cols: n, data, offset: 0, rowStride: 1, colStride: m };
  const M = new Matrix(m, n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) M.set(i, j, data[j * m + i]);
  const B = Matrix.columnVector(Array.from(b));
  return { D, M, b, B };
}

/** ‖Aᵀ(b − A·x)‖ / (‖A‖_F·‖b‖) on the column-major data. */
function normalResidual(D, b, x) {
  const { rows: m, cols: n, data } = D;
  const r = Float64Array.from(b);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) r[i] -= data[j * m + i] * x[j];
  let g2 = 0, a2 = 0, b2 = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += data[j * m + i] * r[i];
    g2 += s * s;
  }
  for (let k = 0; k < data.length; k++) a2 += data[k] * data[k];
  for (let i = 0; i < m; i++) b2 += b[i] * b[i];
  return Math.sqrt(g2) / (Math.sqrt(a2) * Math.sqrt(b2));
}

const cases = [];
for (const [m, n] of [[65536, 64], [16384, 128], [4096, 32]]) {
  const P = problem(m, n, 1000 + n);
  const ours = lstsqDense(P.D, P.b).x;
  const theirs = new QrDecomposition(P.M).solve(P.B).getColumn(0);
  let d2 = 0, t2 = 0;
  for (let j = 0; j < n; j++) {
    d2 += (ours[j] - theirs[j]) ** 2;
    t2 += theirs[j] ** 2;
  }
  const rel = Math.sqrt(d2 / t2);
  const note = `‖x−x_ml‖/‖x_ml‖ = ${rel.toExponential(2)}; ‖Aᵀr‖/(‖A‖‖b‖): randnla ${normalResidual(P.D, P.b, ours).toExponential(2)}, ml-matrix ${normalResidual(P.D, P.b, theirs).toExponential(2)}`;
  cases.push({
    name: `lstsqDense ${m}×${n}, 1 rhs`,
    ours: { label: 'randnla lstsqDense', fn: () => sink(lstsqDense(P.D, P.b).x) },
    peers: [{ label: 'ml-matrix QrDecomposition.solve', fn: () => sink(new QrDecomposition(P.M).solve(P.B).rows) }],
    flops: 2 * m * n * n - (2 * n * n * n) / 3,
    note,
  });
}

await runBench('lstsq', cases);
