// Sketched regression against exact solvers, same process, same data.
// Run after `npx tsc -p tsconfig.build.json`: `node bench/regression.bench.mjs` (or through
// bench/run.mjs). A quick look: `BENCH_MIN_SAMPLES=1 BENCH_MAX_TIME=0 node bench/regression.bench.mjs`.
//
// Cases:
// 1. sketch-and-precondition (SRHT, γ = 16, rtol = 1e-10, one refinement step) on 65536×64 and
//    262144×32 with κ(A) ≈ 1e6, against ml-matrix `new QrDecomposition(A).solve(b)` and
//    randnla's exact `lstsqDense` (pivoted Householder QR). Before timing, the solutions are
//    compared: each note gives ‖x − x_QR‖/‖x_QR‖ (target ≤ 1e-10) and the relative excess
//    residual (‖r‖ − ‖r_QR‖)/‖r_QR‖.
// 2. sketch-and-solve (SRHT, m = 20d) against the exact solve: the note gives the residual ratio.
// 3. ℓ1 regression on 65536×16: Lewis-weight sampling of [A, b] (ε = 0.5) against IRLS + exact
//    vertex walk on the full data; the note gives both objectives.
//
// Inputs: A = G·diag(logspace(0, −6, d))·Vᵀ with G Gaussian (κ(G) ≈ 1.1 for n ≫ d) and V a
// random orthogonal matrix, so κ(A) ≈ 1e6; b = A·x + 1e-6·noise. Generated with a small
// mulberry32 generator, not randnla's.
import { Matrix, QrDecomposition } from 'ml-matrix';
import { lstsq, lpRegression } from '../dist/regression/index.js';
import { lstsqDense } from '../dist/core/lstsq.js';
import { dense, gaussian, illConditioned as illConditionedProblem, relDiff } from './problems.mjs';
import { runBench, sink } from './harness.mjs';

/** κ ≈ 1e6 test problem (bench/problems.mjs) plus the ml-matrix copies. */
function illConditioned(n, d, seed, withMl) {
  const { A, b } = illConditionedProblem(n, d, seed);
  let M = null, B = null;
  if (withMl) {
    M = new Matrix(n, d);
    for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) M.set(i, j, A.data[j * n + i]);
    B = Matrix.columnVector(Array.from(b));
  }
  return { A, b, M, B };
}

const cases = [];
const spOptions = { method: 'sketch-and-precondition', sketch: 'srht', oversampling: 16, rtol: 1e-10, refine: 1, seed: 1 };

for (const [n, d] of [[65536, 64], [262144, 32]]) {
  const P = illConditioned(n, d, n + d, true);
  const exact = lstsqDense(P.A, P.b);
  const sp = lstsq(P.A, P.b, spOptions);
  const ml = new QrDecomposition(P.M).solve(P.B).getColumn(0);
  const note =
    `κ≈1e6; ‖x−x_QR‖/‖x_QR‖ = ${relDiff(sp.x, exact.x).toExponential(1)}, ` +
    `(‖r‖−‖r_QR‖)/‖r_QR‖ = ${((sp.residualNorm - exact.residualNorm) / exact.residualNorm).toExponential(1)}, ` +
    `${sp.iterations} LSQR iterations; ml-matrix vs QR ${relDiff(ml, exact.x).toExponential(1)}`;
  cases.push({
    name: `least squares ${n}×${d}, sketch-and-precondition to rtol 1e-10`,
    note,
    ours: { label: 'randnla lstsq sketch-and-precondition', fn: () => sink(lstsq(P.A, P.b, spOptions).x) },
    peers: [
      { label: 'randnla lstsqDense (exact QR)', fn: () => sink(lstsqDense(P.A, P.b).x) },
      { label: 'ml-matrix QrDecomposition.solve', fn: () => sink(new QrDecomposition(P.M).solve(P.B).data) },
    ],
  });
}

{
  const n = 65536, d = 64;
  const P = illConditioned(n, d, 7, false);
  const exact = lstsqDense(P.A, P.b);
  const ssOptions = { method: 'sketch-and-solve', sketch: 'srht', oversampling: 20, seed: 2 };
  const ss = lstsq(P.A, P.b, ssOptions);
  cases.push({
    name: `least squares ${n}×${d}, sketch-and-solve (m = 20d) vs exact`,
    note: `‖r‖/‖r_QR‖ = ${(ss.residualNorm / exact.residualNorm).toFixed(4)} (approximate by design)`,
    ours: { label: 'randnla lstsq sketch-and-solve (srht)', fn: () => sink(lstsq(P.A, P.b, ssOptions).x) },
    peers: [{ label: 'randnla lstsqDense (exact QR)', fn: () => sink(lstsqDense(P.A, P.b).x) }],
  });
}

{
  const n = 65536, d = 16;
  const g = gaussian(11);
  const a = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const s = Math.exp(g());
    for (let j = 0; j < d; j++) a[j * n + i] = s * g();
  }
  const b = new Float64Array(n);
  for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) b[i] += a[j * n + i] * (j + 1);
  for (let i = 0; i < n; i++) b[i] += 2 * g() * Math.abs(g());
  const A = dense(n, d, a);
  const full = lpRegression(A, b, 1);
  const sampOptions = { method: 'lewis-sampling', eps: 0.5, seed: 3 };
  const samp = lpRegression(A, b, 1, sampOptions);
  cases.push({
    name: `ℓ1 regression ${n}×${d}: Lewis sampling (ε = 0.5) vs IRLS + vertex walk on the full data`,
    note: `objective ratio ${(samp.objective / full.objective).toFixed(5)} (sampled ${samp.sampleSize} rows; full solve certified: ${full.converged})`,
    ours: { label: 'randnla lpRegression lewis-sampling', fn: () => sink(lpRegression(A, b, 1, sampOptions).x) },
    peers: [{ label: 'randnla lpRegression irls (exact LAD)', fn: () => sink(lpRegression(A, b, 1).x) }],
  });
}

await runBench('regression', cases);
