/**
 * ℓp Lewis weights for every p ≥ 1 (Cohen & Peng, "ℓp row sampling by Lewis weights", STOC 2015),
 * by the fixed-point iteration of Cohen–Peng, damped and safeguarded for p ≥ 4.
 *
 * @module
 */
import type { CsrMatrix } from '../core/csr.js';
import { csrToDense } from '../core/csr.js';
import { fromColMajor, type DenseMatrix } from '../core/matrix.js';
import { assertOptions } from '../core/qr.js';
import { checkToleranceOptions, type ToleranceOptions } from '../core/tolerance.js';
import { assertInt, assertReal } from '../core/validate.js';
import { exactLeverageColMajor, rowRelativeLeverage, toSamplingInput, type SamplingMatrix } from './leverage.js';
import { expDet, lnDet } from '../rng/elementary.js';

/** Options of {@link lewisWeights}. */
export interface LewisOptions extends ToleranceOptions {
  /**
   * Stop when the fixed-point residual max_i |log(φ(w)_i / w_i)| is ≤ tol (a relative
   * tolerance on every weight). Must be > 0.
   * @defaultValue 1e-10
   */
  readonly tol?: number;
  /**
   * Maximum number of evaluations of the fixed-point map (each is one exact leverage-score
   * computation, O(nd²)).
   * @defaultValue 500
   */
  readonly maxIter?: number;
  /**
   * Initial damping θ ∈ (0, 1] of the log-space step u ← u + θ·(log φ(w) − u).
   * @defaultValue 1 for p ≤ 2, 4/(p + 2) for p > 2
   */
  readonly theta?: number;
}

/** Result of {@link lewisWeights}. Plain data. */
export interface LewisResult {
  /** The n weights w_i ≥ 0 (0 exactly for zero rows). At convergence Σ w_i = rank(A). */
  readonly weights: Float64Array;
  /** Number of evaluations of the fixed-point map (leverage-score computations). */
  readonly iterations: number;
  /**
   * Fixed-point residual of the returned weights: max_i |log(φ(w)_i / w_i)| over nonzero rows,
   * with φ(w)_i = (a_iᵀ(AᵀW^{1−2/p}A)⁺a_i)^{p/2}. Measured on the weights returned, never
   * extrapolated.
   */
  readonly residual: number;
  /** residual ≤ tol. */
  readonly converged: boolean;
  /** The damping θ in force at the end (smaller than the initial one when the safeguard fired). */
  readonly theta: number;
  /** Numerical rank of A (of W^{1/2−1/p}A, the same matrix up to row scaling) by the library rule. */
  readonly rank: number;
}

/**
 * ℓp Lewis weights of an n×d matrix A: the unique w ≥ 0 with
 * w_i = (a_iᵀ(AᵀW^{1−2/p}A)⁻¹a_i)^{p/2}, equivalently w_i = τ_i(W^{1/2−1/p}A) (the leverage
 * scores of the reweighted matrix). Σ w_i = rank(A); for p = 2 they are the leverage scores.
 *
 * **Algorithm.** The fixed-point map of Cohen & Peng (2015, §3),
 * φ(w)_i = (a_iᵀ(AᵀW^{1−2/p}A)⁻¹a_i)^{p/2} = (w_i^{2/p−1}·τ_i(W^{1/2−1/p}A))^{p/2}
 * (for p = 1 this is w ← √(w ⊙ τ(W^{−1/2}A))), iterated in log space with damping:
 * u ← u + θ·(log φ(e^u) − u), u = log w, starting from w = d/n. Every evaluation of φ is one
 * exact leverage computation for B = W^{1/2−1/p}A, as τ_i = ‖e_iᵀ·B·R⁻¹‖² with R from the
 * Householder QR of B (through the SVD of R, restricted to the numerical rank, when B is rank
 * deficient; so Σ w = rank). Unlike the squared row norms of Q, whose error is about ε in
 * absolute terms, this has a relative error of about ε·κ(B) in every score however small, which
 * the weights of heavy-tailed inputs need (from 1e−24 to 0.93 on heavyRows(200, 8, 1.5) at
 * p = 8, where the Q-based scores stalled the residual near 1e−7). Zero rows get w_i = 0 and
 * are left out.
 * - **p < 4: proven convergence.** In the metric max_i |log(w_i/w'_i)|, φ is a contraction
 *   with factor |p/2 − 1| (Cohen & Peng 2015, the contraction lemma of §3 [MEM]), so the damped
 *   map is a contraction with factor 1 − θ(1 − |p/2 − 1|) < 1 for any θ ∈ (0, 1], and the
 *   residual decreases at least by that factor every step (ALGORITHMS.md §2.5). Default
 *   θ = 1 (the plain Cohen–Peng iteration) for p ≤ 2 and θ = 4/(p + 2) for 2 < p < 4.
 * - **p ≥ 4: argued and measured, not proven.** The plain iteration oscillates or diverges. In
 *   log space the Jacobian at the fixed point is −(p/2 − 1)·K with K similar to a PSD matrix
 *   with eigenvalues in [0, 1], so the damped map has eigenvalues in [1 − θp/2, 1 − θ];
 *   θ = 4/(p + 2) balances the two ends and gives the local rate (p − 2)/(p + 2) (DERIVED,
 *   local analysis only, ALGORITHMS.md §2.5). As a safeguard θ is halved whenever the residual
 *   increases from one step to the next. Global convergence for p ≥ 4 is not proven; it is
 *   measured (tests: p ∈ {5, 6, 8, 12} converge to 1e-10 within 200 evaluations on Gaussian,
 *   coherent and heavy-row matrices), and `converged` reports honestly when it does not.
 * - **p = 2**: one leverage computation; residual 0.
 *
 * The residual reported is the fixed-point residual of the weights returned (the map is
 * evaluated at them), so `converged` never overstates. For p < 4, a residual r implies each
 * weight is within a factor exp(r/(1 − |p/2 − 1|)) of the exact Lewis weight (contraction).
 *
 * Cost: O(nd²) per evaluation (4nd² flops for QR and Q, plus O(d³)); typically 20–60
 * evaluations for tol = 1e-10 (fewer for p near 2, more for large p). Cohen & Peng reach
 * input-sparsity time by replacing exact leverage scores with approximate ones; this function
 * computes them exactly.
 *
 * @param A - n×d matrix (DenseMatrix, CsrMatrix or any {@link MatrixLike}); not modified.
 * @param p - the exponent, p ≥ 1 (finite).
 * @param options - {@link LewisOptions}: `tol`, `maxIter`, `theta`, `atol`/`rtol` (rank rule).
 * @returns {@link LewisResult} `{ weights, iterations, residual, converged, theta, rank }`.
 * @throws {@link InvalidArgumentError} for p < 1 or non-finite, tol ≤ 0, maxIter < 1, θ ∉ (0, 1],
 *   bad atol/rtol, or a non-matrix input.
 * @throws {@link NonFiniteError} if A holds NaN or ±Infinity.
 * @example
 * ```ts
 * const { weights, converged } = lewisWeights(A, 1); // Σ weights ≈ d
 * ```
 */
export function lewisWeights(A: SamplingMatrix, p: number, options: LewisOptions = {}): LewisResult {
  const fn = 'lewisWeights';
  assertOptions(fn, options);
  const o = checkLewisOptions(fn, p, options);
  const X = toSamplingInput(fn, A);
  return lewisCore(fn, X.kind === 'csr' ? csrToDense(X as CsrMatrix) : X, p, o);
}

/** Validated Lewis options. @internal */
export interface CheckedLewisOptions {
  tol: number;
  maxIter: number;
  theta: number;
  rankTol: ToleranceOptions;
}

/** Validates p and {@link LewisOptions}. @internal */
export function checkLewisOptions(fn: string, p: number, options: LewisOptions): CheckedLewisOptions {
  assertReal(fn, 'p', p, 1, Infinity, 'hi');
  const tol = options.tol === undefined ? 1e-10 : assertReal(fn, 'options.tol', options.tol, 0, Infinity, 'both');
  const maxIter = options.maxIter === undefined ? 500 : assertInt(fn, 'options.maxIter', options.maxIter, 1);
  const theta = options.theta === undefined ? (p <= 2 ? 1 : 4 / (p + 2)) : assertReal(fn, 'options.theta', options.theta, 0, 1, 'lo');
  const t = checkToleranceOptions(fn, { atol: options.atol, rtol: options.rtol });
  return { tol, maxIter, theta, rankTol: { atol: t.atol, rtol: t.rtol } };
}

/** Lewis weights of a validated dense matrix. @internal */
export function lewisCore(fn: string, A: DenseMatrix, p: number, o: CheckedLewisOptions): LewisResult {
  const n = A.rows, d = A.cols;
  const weights = new Float64Array(n);
  const { data, offset, rowStride, colStride } = A;
  // Nonzero rows only (zero rows have w = 0 and would make W^{1/2−1/p} undefined for p < 2).
  const rowsNz: number[] = [];
  for (let i = 0; i < n; i++) {
    let nz = false;
    for (let j = 0, s = offset + i * rowStride; j < d; j++, s += colStride) {
      if (data[s] !== 0) {
        nz = true;
        break;
      }
    }
    if (nz) rowsNz.push(i);
  }
  const na = rowsNz.length;
  if (na === 0 || d === 0) return { weights, iterations: 0, residual: 0, converged: true, theta: o.theta, rank: 0 };
  const ac = new Float64Array(na * d);
  for (let j = 0; j < d; j++) {
    for (let t = 0; t < na; t++) ac[j * na + t] = data[offset + rowsNz[t] * rowStride + j * colStride];
  }
  const rankShape: [number, number] = [n, d];
  const work = new Float64Array(na * d);
  const B = fromColMajor(na, d, work);

  if (p === 2) {
    work.set(ac);
    const r = exactLeverageColMajor(fn, na, d, work, na, o.rankTol, rankShape);
    for (let t = 0; t < na; t++) weights[rowsNz[t]] = r.scores[t];
    return { weights, iterations: 1, residual: 0, converged: true, theta: o.theta, rank: r.rank };
  }

  const u = new Float64Array(na).fill(lnDet(Math.min(d, na) / na));
  const logPhi = new Float64Array(na);
  const half = 0.5 - 1 / p;
  const pHalf = p / 2;
  let theta = o.theta;
  let prev = Infinity;
  let prev2 = Infinity;
  const thetaMin = o.theta / 1024;
  let residual = Infinity;
  let rank = 0;
  let it = 0;
  for (it = 1; it <= o.maxIter; it++) {
    // B = W^{1/2−1/p}·A (row scaling), column-major na×d.
    for (let t = 0; t < na; t++) logPhi[t] = expDet(half * u[t]);
    for (let j = 0; j < d; j++) {
      const base = j * na;
      for (let t = 0; t < na; t++) work[base + t] = ac[base + t] * logPhi[t];
    }
    const r = rowRelativeLeverage(fn, B, o.rankTol, rankShape);
    rank = r.rank;
    residual = 0;
    for (let t = 0; t < na; t++) {
      const tau = Math.max(r.scores[t], Number.MIN_VALUE);
      // log φ_i = (p/2)·log τ_i + (1 − p/2)·u_i.
      const lp = pHalf * lnDet(tau) + (1 - pHalf) * u[t];
      logPhi[t] = lp;
      const diff = Math.abs(lp - u[t]);
      if (diff > residual || diff !== diff) residual = diff;
    }
    if (!(residual > o.tol) || it === o.maxIter || residual !== residual) break;
    // Safeguard: halve the damping when two steps made no progress (r_k ≥ r_{k−2}), then give
    // the new θ two steps before judging again. Comparing with r_{k−1} alone would fire on the
    // harmless alternation of the damped map when its most negative eigenvalue is close to
    // −(1 − θ); comparing two steps back also catches a stable 2-cycle, which never "increases".
    if (residual >= prev2 && theta > thetaMin) {
      theta = Math.max(theta / 2, thetaMin);
      prev = Infinity;
      prev2 = Infinity;
    } else {
      prev2 = prev;
      prev = residual;
    }
    for (let t = 0; t < na; t++) u[t] += theta * (logPhi[t] - u[t]);
  }
  const iterations = Math.min(it, o.maxIter);
  for (let t = 0; t < na; t++) weights[rowsNz[t]] = expDet(u[t]);
  return { weights, iterations, residual, converged: residual <= o.tol, theta, rank };
}
