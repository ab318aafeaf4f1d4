/**
 * ℓp Lewis weights: they sum to the rank and satisfy their fixed-point equation.
 *
 * Definition (Lewis 1978; Cohen & Peng, "ℓp row sampling by Lewis weights", STOC 2015, §3;
 * ALGORITHMS.md §2.5 [MEM, standard]): w is the unique positive vector with
 * w_i = (a_iᵀ(AᵀW^{1−2/p}A)⁻¹a_i)^{p/2}, equivalently w_i = τ_i(W^{1/2−1/p}A), the leverage
 * scores of the reweighted matrix, hence Σ w_i = rank(A) (PROVEN: leverage scores sum to the
 * rank). Invariance (DERIVED, ALGORITHMS.md §2.5): w(A·T) = w(A) for invertible T, and
 * w(ΠA) = Πw(A) for a permutation Π; for circle(n) a rotation by 2π/n is such a T and permutes
 * the rows cyclically, so all weights are equal, w_i = 2/n.
 *
 * The fixed-point residual is measured with an oracle written here (Gram matrix of the reweighted
 * orthonormal basis, Cholesky, triangular solves — no code of the Lewis iteration), on the
 * weights `lewisWeights(A, p)` returns. Convergence of the iteration to the fixed point is
 * PROVEN for p < 4 (Cohen–Peng contraction with factor |p/2 − 1|); for p ≥ 4 the library damps
 * the map (θ = 4/(p + 2), ALGORITHMS.md §2.5 [DER, local analysis]) and convergence is
 * EMPIRICAL, so the claims at p = 6 are marked empirical.
 */
import type { DenseMatrix } from '../../src/core/matrix.js';
import { lewisWeights } from '../../src/sampling/index.js';
import { circleMatrix, coherentMatrix, gaussMatrix, heavyRowsMatrix, rangeBasis } from '../data.js';
import { inequalityClaim } from '../rules.js';
import type { PlotSeries } from '../svg.js';
import type { CheckDefinition, ClaimResult, Json } from '../types.js';
import { total } from './sampling-common.js';

const PS = [1, 1.5, 3, 6] as const;
/** Tolerance on the oracle's fixed-point residual and on |Σw − d|/d (library tol 1e−10 plus oracle rounding). */
const TOL = 1e-8;
const FLOOR = 1e-17;

/**
 * The Lewis map φ(w)_i = (u_iᵀ(UᵀW^{1−2/p}U)⁻¹u_i)^{p/2} on an orthonormal basis U (n×r,
 * column-major) — equal to the map on A since w(A) = w(U) — by the Gram matrix and a Cholesky
 * factorization, in plain loops. Rows with w_i = 0 (zero rows) are left out of the Gram matrix
 * and get φ_i = 0.
 */
export function lewisMapOracle(U: DenseMatrix, w: ArrayLike<number>, p: number): Float64Array {
  const n = U.rows;
  const r = U.cols;
  const u = (i: number, j: number): number => U.data[U.offset + i * U.rowStride + j * U.colStride];
  const G = new Float64Array(r * r);
  for (let i = 0; i < n; i++) {
    if (!(w[i] > 0)) continue;
    const c = Math.pow(w[i], 1 - 2 / p);
    for (let a = 0; a < r; a++) {
      const ua = c * u(i, a);
      for (let b = 0; b <= a; b++) G[a * r + b] += ua * u(i, b);
    }
  }
  // Cholesky G = LLᵀ (lower triangle, row-major).
  const L = new Float64Array(r * r);
  for (let a = 0; a < r; a++) {
    for (let b = 0; b <= a; b++) {
      let s = G[a * r + b];
      for (let k = 0; k < b; k++) s -= L[a * r + k] * L[b * r + k];
      if (a === b) {
        if (!(s > 0)) throw new RangeError(`lewisMapOracle: Gram matrix not positive definite at pivot ${a} (got ${s})`);
        L[a * r + a] = Math.sqrt(s);
      } else {
        L[a * r + b] = s / L[b * r + b];
      }
    }
  }
  const phi = new Float64Array(n);
  const y = new Float64Array(r);
  for (let i = 0; i < n; i++) {
    if (!(w[i] > 0)) continue;
    let q = 0;
    for (let a = 0; a < r; a++) {
      let s = u(i, a);
      for (let k = 0; k < a; k++) s -= L[a * r + k] * y[k];
      y[a] = s / L[a * r + a];
      q += y[a] * y[a];
    }
    phi[i] = Math.pow(q, p / 2);
  }
  return phi;
}

/** max_i |log(φ_i/w_i)| over rows with w_i > 0. */
export function logResidual(phi: ArrayLike<number>, w: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < w.length; i++) if (w[i] > 0) m = Math.max(m, Math.abs(Math.log(phi[i] / w[i])));
  return m;
}

const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00'];

export const lewisWeightsCheck: CheckDefinition = {
  name: 'sampling-lewis-weights',
  module: 'sampling',
  title: 'ℓp Lewis weights: Σw = rank and the fixed-point equation',
  statement:
    'The ℓp Lewis weights returned by `lewisWeights(A, p)` satisfy w_i = (a_iᵀ(AᵀW^{1−2/p}A)⁻¹a_i)^{p/2} for every row (checked by an independent oracle) and sum to the rank of A; on the regular polygon circle(n) they are all equal to 2/n.',
  formula: 'max_i |log(φ(w)_i / w_i)| ≤ tol,  φ(w)_i = (a_iᵀ(AᵀW^{1−2/p}A)⁻¹a_i)^{p/2};   Σ_i w_i = rank(A);   circle(n): w_i = 2/n',
  source:
    'Lewis (1978); Cohen & Peng, "ℓp row sampling by Lewis weights" (STOC 2015), §3 (definition, fixed-point iteration, contraction for p < 4); ALGORITHMS.md §2.5 (damping for p ≥ 4 [DER], invariances [DER]).',
  constants: [
    { name: 'Σw = rank', value: 'exact; tolerance 1e−8 relative', status: 'proven', source: 'w = leverage scores of W^{1/2−1/p}A' },
    { name: 'fixed point, p < 4', value: 'residual ≤ 1e−8 (oracle)', status: 'proven', source: 'Cohen & Peng (2015): contraction with factor |p/2 − 1| < 1' },
    { name: 'fixed point, p = 6', value: 'residual ≤ 1e−8 (oracle)', status: 'empirical', source: 'damped map θ = 4/(p + 2) (ALGORITHMS.md §2.5): local analysis only, global convergence measured' },
    { name: 'circle(n): w_i = 2/n', value: 'tolerance 1e−8 relative', status: 'derived', source: 'invariance w(AT) = w(A) and permutation equivariance (ALGORITHMS.md §2.5)' },
  ],
  measured:
    'Per matrix and p: the weights of `lewisWeights(A, p)` (default tol 1e−10); the oracle residual max_i |log(φ(w)_i/w_i)| (Gram matrix of the reweighted orthonormal range basis, Cholesky, plain loops); |Σw − rank|/rank; for circle(200), max_i |w_i·n/2 − 1|.',
  data: 'gauss(500, 8), coherent(500, 8), heavyRows(500, 8, 1) and circle(200) (d = 2); p ∈ {1, 1.5, 3, 6}.',
  userMatrix: 'Its Lewis weights for each p (the oracle works on an orthonormal basis of its range, so rank-deficient matrices are fine).',
  passRule: `Deterministic, per matrix and p: oracle residual ≤ ${TOL}; |Σw − rank|/rank ≤ ${TOL}; circle(200): max_i |w_i·n/2 − 1| ≤ ${TOL}. (${TOL} = the library's tolerance 1e−10 plus room for the oracle's rounding, κ² of the reweighted basis.)`,
  run(ctx) {
    const datasets: { key: string; label: string; A: DenseMatrix }[] = ctx.matrix
      ? [{ key: 'user', label: `user matrix ${ctx.matrix.rows}×${ctx.matrix.cols}`, A: ctx.matrix }]
      : [
          { key: 'gauss', label: 'gauss(500, 8)', A: gaussMatrix(500, 8, ctx.seedFor('data', 'gauss')) },
          { key: 'coherent', label: 'coherent(500, 8)', A: coherentMatrix(500, 8, ctx.seedFor('data', 'coherent')) },
          { key: 'heavyRows', label: 'heavyRows(500, 8, 1)', A: heavyRowsMatrix(500, 8, 1, ctx.seedFor('data', 'heavyRows')) },
          { key: 'circle', label: 'circle(200)', A: circleMatrix(200) },
        ];
    const claims: ClaimResult[] = [];
    const results: Record<string, Json> = {};
    const residualSeries: PlotSeries[] = [];
    const sumSeries: PlotSeries[] = [];
    const work = datasets.length * PS.length;
    let done = 0;
    datasets.forEach((ds, di) => {
      const U = rangeBasis(ds.A);
      const d = U.cols;
      const oracle: number[] = [];
      const libResidual: number[] = [];
      const iterations: number[] = [];
      const sumDev: number[] = [];
      const converged: boolean[] = [];
      const circleDev: number[] = [];
      for (const p of PS) {
        const status = p < 4 ? 'proven' : 'empirical';
        const r = lewisWeights(ds.A, p);
        const w = r.weights;
        const res = logResidual(lewisMapOracle(U, w, p), w);
        const dev = Math.abs(total(w) - d) / d;
        oracle.push(res);
        libResidual.push(r.residual);
        iterations.push(r.iterations);
        sumDev.push(dev);
        converged.push(r.converged);
        claims.push(
          inequalityClaim({
            id: `${ds.key}-p=${p}-fixed-point`,
            claim: `${ds.label}, p = ${p}: w is a fixed point of the Lewis map (oracle residual ≤ ${TOL})`,
            status,
            measuredLabel: 'max_i |log(φ(w)_i/w_i)|',
            measured: res,
            bound: TOL,
            direction: '<=',
            atol: 0,
            rtol: 0,
          }),
        );
        claims.push(
          inequalityClaim({
            id: `${ds.key}-p=${p}-sum`,
            claim: `${ds.label}, p = ${p}: Σw = rank = ${d} (relative deviation ≤ ${TOL})`,
            status: 'proven',
            measuredLabel: '|Σw − rank|/rank',
            measured: dev,
            bound: TOL,
            direction: '<=',
            atol: 0,
            rtol: 0,
          }),
        );
        if (ds.key === 'circle') {
          const n = ds.A.rows;
          let m = 0;
          for (let i = 0; i < n; i++) m = Math.max(m, Math.abs((w[i] * n) / 2 - 1));
          circleDev.push(m);
          claims.push(
            inequalityClaim({
              id: `circle-p=${p}-equal`,
              claim: `circle(${n}), p = ${p}: every weight equals 2/n (relative deviation ≤ ${TOL})`,
              status: 'derived',
              measuredLabel: 'max_i |w_i·n/2 − 1|',
              measured: m,
              bound: TOL,
              direction: '<=',
              atol: 0,
              rtol: 0,
            }),
          );
        }
        ctx.progress(++done, work);
      }
      results[ds.key] = { label: ds.label, n: ds.A.rows, rank: d, p: [...PS], oracleResidual: oracle, libraryResidual: libResidual, iterations, converged, sumDeviation: sumDev, ...(circleDev.length ? { circleDeviation: circleDev } : {}) };
      const color = COLORS[di % COLORS.length];
      residualSeries.push({ label: ds.label, style: 'line', color, points: PS.map((p, i) => [p, Math.max(oracle[i], FLOOR)] as const) });
      sumSeries.push({ label: ds.label, style: 'line', color, points: PS.map((p, i) => [p, Math.max(sumDev[i], FLOOR)] as const) });
    });
    const tolLine: PlotSeries = { label: `tolerance ${TOL}`, style: 'dashed', color: '#000000', points: [[PS[0], TOL], [PS[PS.length - 1], TOL]] };
    return {
      parameters: { p: [...PS], tol: TOL, libraryTol: 1e-10, data: datasets.map((x) => x.label).join('; ') },
      sweep: { name: 'p', values: [...PS] },
      claims,
      data: results,
      plot: {
        title: 'ℓp Lewis weights: fixed-point residual and Σw − rank against p',
        panels: [
          { title: 'fixed-point residual (independent oracle)', xLabel: 'p', yLabel: 'max_i |log(φ(w)_i/w_i)|', xLog: true, yLog: true, xTicks: [...PS], series: [...residualSeries, tolLine] },
          { title: 'sum of the weights', xLabel: 'p', yLabel: '|Σw − rank|/rank', xLog: true, yLog: true, xTicks: [...PS], series: [...sumSeries, tolLine] },
        ],
      },
      notes: [`Values are floored at ${FLOOR} on the log axes (exact zeros would not show).`],
    };
  },
};
