// Sampling: exact leverage scores against ml-matrix's QR (scores = squared row norms of its Q),
// the approximate leverage scores of Drineas–Magdon-Ismail–Mahoney–Woodruff (2012) against our
// exact ones (target: ≥ 3× faster at n = 2^18, d = 32, ε = 0.5), and ℓ1 Lewis weights.
//
// Run: npx tsc -p tsconfig.build.json && node bench/sampling.bench.mjs   (or via bench/run.mjs)
// Env: BENCH_SKIP_SLOW=1 skips the ml-matrix peers (each ml-matrix QR of 65536×64 takes seconds).
import { Matrix, QrDecomposition } from 'ml-matrix';
import { runBench, sink } from './harness.mjs';
import { colMajor, fill, mlFromColMajor } from './problems.mjs';
import { leverageScores, lewisWeights, approxLeverageSizes } from '../dist/sampling/index.js';

const SKIP_SLOW = process.env.BENCH_SKIP_SLOW === '1';

/** Heavy rows: row i scaled by a factor in [1/30, 30] (log-uniform), so leverage is uneven. */
function heavyMatrix(n, d, seed) {
  const A = colMajor(n, d, fill(new Float64Array(n * d), seed));
  const f = fill(new Float64Array(n), seed + 1);
  for (let i = 0; i < n; i++) {
    const s = Math.exp(6.8 * f[i]);
    for (let j = 0; j < d; j++) A.data[j * n + i] *= s;
  }
  return A;
}

/** Leverage scores from ml-matrix: QR, then the squared row norms of the (thin) Q. */
function mlLeverage(M) {
  const Q = new QrDecomposition(M).orthogonalMatrix;
  const out = new Float64Array(Q.rows);
  for (let i = 0; i < Q.rows; i++) {
    let s = 0;
    for (let j = 0; j < Q.columns; j++) s += Q.get(i, j) ** 2;
    out[i] = s;
  }
  return out;
}

const cases = [];

// 1. Exact leverage scores, 65536×64.
{
  const n = 65536, d = 64;
  const A = heavyMatrix(n, d, 3);
  const peers = [];
  if (!SKIP_SLOW) {
    const M = mlFromColMajor(A);
    peers.push({ label: 'ml-matrix QR + ‖Q[i,:]‖²', fn: () => sink(mlLeverage(M)) });
  }
  cases.push({
    name: `exact leverage ${n}×${d}`,
    ours: { label: 'leverageScores (Householder QR)', fn: () => sink(leverageScores(A).scores) },
    peers,
    flops: 4 * n * d * d,
  });
}

// 2. Approximate vs exact leverage scores, n = 2^18, d = 32, ε = 0.5.
{
  const n = 2 ** 18, d = 32, eps = 0.5;
  const A = heavyMatrix(n, d, 5);
  const sizes = approxLeverageSizes(n, d, eps, 0.01);
  let seed = 0;
  cases.push({
    name: `approx vs exact leverage ${n}×${d}, ε = ${eps}`,
    note: `r₁ = ${sizes.sketchRows} (SRHT), r₂ = ${sizes.jlDim || 'none (r₂ ≥ d)'}`,
    ours: { label: 'leverageScores approx (SRHT Π₁)', fn: () => sink(leverageScores(A, { method: 'approx', eps, seed: seed++ }).scores) },
    peers: [{ label: 'leverageScores exact (randnla QR)', fn: () => sink(leverageScores(A).scores) }],
  });
}

// 3. ℓ1 Lewis weights, 65536×16.
{
  const n = 65536, d = 16;
  const A = heavyMatrix(n, d, 7);
  const probe = lewisWeights(A, 1);
  const peers = [];
  if (!SKIP_SLOW) {
    // The same Cohen–Peng iteration (same number of evaluations), each leverage step by ml-matrix QR.
    const M0 = mlFromColMajor(A);
    peers.push({
      label: `ml-matrix QR × ${probe.iterations} iterations`,
      fn: () => {
        let w = new Float64Array(n).fill(d / n);
        for (let k = 0; k < probe.iterations; k++) {
          const M = M0.clone();
          for (let i = 0; i < n; i++) {
            const s = Math.pow(w[i], -0.5);
            const row = M.data[i];
            for (let j = 0; j < d; j++) row[j] *= s;
          }
          const tau = mlLeverage(M);
          for (let i = 0; i < n; i++) w[i] = Math.sqrt(w[i] * tau[i]);
        }
        return sink(w);
      },
    });
  }
  cases.push({
    name: `Lewis weights p = 1, ${n}×${d}`,
    note: `${probe.iterations} evaluations to residual ${probe.residual.toExponential(1)}`,
    ours: { label: 'lewisWeights(A, 1)', fn: () => sink(lewisWeights(A, 1).weights) },
    peers,
  });
}

await runBench('sampling', cases);
