/**
 * ℓp sensitivity sampling and its relatives from Woodruff & Yasuda, "Sharper bounds for ℓp
 * sensitivity sampling" (ICML 2023): sampling by (upper bounds on) the ℓp sensitivities,
 * root-leverage sampling (1 ≤ p ≤ 2) and combined leverage + sensitivity sampling.
 *
 * All three keep row i with probability q_i = min(1, m·s_i/Σs) (Bernoulli, default) or draw m
 * rows i.i.d. from s/Σs, and rescale kept rows by q_i^{−1/p}, through the sampler of sample.ts;
 * so E‖SAx‖_p^p = ‖Ax‖_p^p for every fixed x, whatever the scores (DERIVED, ALGORITHMS.md §2.6).
 *
 * @module
 */
import { csrToDense, type CsrMatrix } from '../core/csr.js';
import { InvalidArgumentError } from '../core/errors.js';
import { asVector, type VectorLike } from '../core/interop.js';
import type { DenseMatrix } from '../core/matrix.js';
import { checkToleranceOptions, type ToleranceOptions } from '../core/tolerance.js';
import { assertDim, assertReal } from '../core/validate.js';
import { substream, type RngState, type Seed } from '../rng/index.js';
import { toSamplingInput, type SamplingMatrix } from './leverage.js';
import { checkM, checkSampleOptions, requireOptions, sampleCore, type RowSample, type SamplingMode } from './sample.js';
import {
  checkSensitivityOptions,
  rangeBasis,
  sensitivitiesFromBasis,
  type LpSensitivityOptions,
  type RangeBasis,
  type SensitivityMethod,
} from './sensitivities.js';
import { powPositive } from '../rng/elementary.js';

/** Options of {@link sensitivitySample}. */
export interface SensitivitySampleOptions extends Omit<LpSensitivityOptions, 'seed'> {
  /**
   * Seed or generator state (required). The row sample uses substream 0; the `'approx'`
   * sensitivities use substream 1.
   */
  readonly seed: Seed | RngState;
  /**
   * `'bernoulli'`: keep row i independently with q_i = min(1, m·s_i/Σs); `'iid'`: m draws with
   * replacement from s/Σs (see `sampleByScores`).
   * @defaultValue 'bernoulli'
   */
  readonly mode?: SamplingMode;
  /**
   * Precomputed scores σ̃ ≥ 0 (length n), e.g. `lpSensitivities(A, p).sensitivities` reused
   * across samples. They should be *upper* bounds of the sensitivities: the variance bound
   * below needs σ̃_i ≥ σ_i. When given, `method` and the solver options are ignored.
   */
  readonly sensitivities?: VectorLike;
}

/** A row sample with the scores it was drawn from. Plain data. */
export interface SensitivityRowSample extends RowSample {
  /** The n scores s_i the probabilities are proportional to. */
  readonly scores: Float64Array;
  /** Σ s_i (for {@link sensitivitySample}: the total sensitivity bound 𝔖̃). */
  readonly total: number;
  /** Numerical rank r of A. */
  readonly rank: number;
  /** How the sensitivities were obtained (`'given'` when passed in). */
  readonly method: SensitivityMethod | 'given' | 'leverage';
}

function emptySample(n: number, p: number, mode: SamplingMode, scores: Float64Array, rank: number, method: SensitivityRowSample['method']): SensitivityRowSample {
  return {
    indices: new Int32Array(0), weights: new Float64Array(0), probabilities: new Float64Array(0),
    mode, p, rows: n, expectedSize: 0, scores, total: 0, rank, method,
  };
}

function denseInput(fn: string, A: SamplingMatrix): DenseMatrix {
  const X = toSamplingInput(fn, A);
  return X.kind === 'csr' ? csrToDense(X as CsrMatrix) : (X as DenseMatrix);
}

function sumOf(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}

function leverageOf(B: RangeBasis): Float64Array {
  const { n, r, q } = B;
  const tau = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < r; k++) s += q[i * r + k] * q[i * r + k];
    tau[i] = Math.min(s, 1);
  }
  return tau;
}

function givenScores(fn: string, v: VectorLike, n: number): Float64Array {
  const s = asVector(v, fn, 'options.sensitivities');
  assertDim(fn, 'options.sensitivities length', s.length, n, 'the number of rows of A');
  for (let i = 0; i < n; i++) {
    if (s[i] < 0) throw new InvalidArgumentError(fn, `options.sensitivities[${i}] must be ≥ 0 (got ${s[i]})`);
  }
  return s;
}

/**
 * ℓp sensitivity sampling (Woodruff & Yasuda, ICML 2023): row i is kept with probability
 * q_i = min(1, m·σ̃_i/𝔖̃) and rescaled by q_i^{−1/p}, where σ̃_i ≥ σ_i are the ℓp sensitivities
 * from {@link lpSensitivities} (`method`: `'exact'` by default, `'lewis'` upper bounds, or
 * `'approx'`) or given in `options.sensitivities`, and 𝔖̃ = Σσ̃_i.
 *
 * Guarantees:
 * - unbiased: E‖SAx‖_p^p = ‖Ax‖_p^p for every x (DERIVED, ALGORITHMS.md §2.6);
 * - Var(‖SAx‖_p^p) ≤ (𝔖̃/m)·‖Ax‖_p^{2p} when σ̃ ≥ σ (DERIVED there), so a fixed x is preserved
 *   to 1 ± ε with probability ≥ 1 − 𝔖̃/(mε²) (Chebyshev);
 * - uniformly over x (an ε ℓp subspace embedding), Woodruff & Yasuda prove that roughly
 *   𝔖^{2/p} samples suffice for 1 ≤ p < 2 (tight for some matrices) and 𝔖^{2−2/p} for p > 2,
 *   times ε⁻² and polylogarithmic factors whose exact form is not verified here (ALGORITHMS.md
 *   §2.6 [SRC abstract / MEM]); see `suggestSampleSize(…, { scheme: 'sensitivity' })`. The rate
 *   at which the distortion falls with m is measured in the tests (EMPIRICAL).
 *
 * Cost: the sensitivities (see {@link lpSensitivities}; `'exact'` dominates, O(n²·r) and up)
 * plus O(n) for the sample.
 *
 * @param A - n×d matrix (DenseMatrix, CsrMatrix or any {@link MatrixLike}); not modified.
 * @param p - exponent, finite p ≥ 1.
 * @param m - target size: expected number of rows (Bernoulli, a number > 0) or the number of
 *   draws (`mode: 'iid'`, an integer ≥ 1).
 * @param options - {@link SensitivitySampleOptions}; `seed` is required.
 * @returns {@link SensitivityRowSample} `{ indices, weights, probabilities, mode, p, rows,
 *   expectedSize, scores, total, rank, method }`; an empty sample when A is zero.
 * @throws {@link InvalidArgumentError} for p < 1, m out of range, a missing seed, negative or
 *   wrongly sized `sensitivities`, or any invalid {@link LpSensitivityOptions}.
 * @throws {@link NonFiniteError} for NaN/±Infinity in A or in the given sensitivities.
 * @example
 * ```ts
 * const S = sensitivitySample(A, 1, 200, { seed: 3 });       // exact ℓ1 sensitivities
 * const SA = sampledRows(A, S);                                 // E‖SAx‖₁ = ‖Ax‖₁
 * ```
 */
export function sensitivitySample(A: SamplingMatrix, p: number, m: number, options: SensitivitySampleOptions): SensitivityRowSample {
  const fn = 'sensitivitySample';
  requireOptions(fn, options);
  assertReal(fn, 'p', p, 1, Infinity, 'hi');
  const so = checkSampleOptions(fn, { seed: options.seed, mode: options.mode, p });
  checkM(fn, m, so.mode);
  const { seed: _seed, mode: _mode, sensitivities: given, ...sensOpts } = options;
  const M = denseInput(fn, A);
  let scores: Float64Array, rank: number, method: SensitivityRowSample['method'];
  if (given !== undefined) {
    scores = givenScores(fn, given, M.rows);
    checkToleranceOptions(fn, { atol: sensOpts.atol, rtol: sensOpts.rtol });
    rank = rangeBasis(fn, M, { atol: sensOpts.atol, rtol: sensOpts.rtol }).r;
    method = 'given';
  } else {
    const co = checkSensitivityOptions(fn, p, { ...sensOpts, seed: substream(so.state, 1) });
    const res = sensitivitiesFromBasis(fn, rangeBasis(fn, M, co.rankTol), p, co);
    scores = res.sensitivities;
    rank = res.rank;
    method = res.method;
  }
  const total = sumOf(scores);
  if (!(total > 0)) return emptySample(M.rows, p, so.mode, scores, rank, method);
  const sample = sampleCore(fn, scores, m, { ...so, state: substream(so.state, 0) });
  return { ...sample, scores, total, rank, method };
}

/** Options of {@link rootLeverageSample}. */
export interface RootLeverageSampleOptions extends ToleranceOptions {
  /** Seed or generator state (required); the sample uses substream 0. */
  readonly seed: Seed | RngState;
  /**
   * `'bernoulli'`: keep row i independently with q_i = min(1, m·s_i/Σs); `'iid'`: m draws with
   * replacement from s/Σs (see `sampleByScores`).
   * @defaultValue 'bernoulli'
   */
  readonly mode?: SamplingMode;
}

/**
 * Root-leverage-score sampling for 1 ≤ p ≤ 2 (Woodruff & Yasuda, ICML 2023, who show it needs
 * roughly d samples for an ℓp subspace embedding, 1 ≤ p < 2; the leverage-power form is the
 * reading of ALGORITHMS.md §2.6 [INF], the paper body was not available). Scores
 * s_i = τ_i^{p/2}, τ the ℓ2 leverage scores (for p = 1 the square roots of the leverage
 * scores; Chen & Dereziński, 2021, for root-leverage context). They are sensitivity upper bounds:
 * |a_iᵀx|² ≤ τ_i‖Ax‖₂² ≤ τ_i‖Ax‖_p² for p ≤ 2, so σ_i ≤ τ_i^{p/2} (DERIVED, §2.6); their total
 * Σ τ_i^{p/2} lies between r^{p/2} and n^{1−p/2}·r^{p/2}. Row i is kept with probability
 * min(1, m·s_i/Σs) and rescaled by q_i^{−1/p}; unbiased for every x.
 *
 * **Experimental sampler**: the exact probability normalisation of Woodruff–Yasuda was not
 * verified, so no sample-size guarantee is claimed here; its distortion is measured (tests).
 *
 * Cost: O(nd² + d³) (leverage scores via the SVD of A) plus O(n).
 *
 * @param A - n×d matrix (DenseMatrix, CsrMatrix or any {@link MatrixLike}); not modified.
 * @param p - exponent in [1, 2].
 * @param m - target size (see {@link sensitivitySample}).
 * @param options - {@link RootLeverageSampleOptions}; `seed` is required.
 * @returns {@link SensitivityRowSample} with `scores = τ^{p/2}`, `method: 'leverage'`.
 * @throws {@link InvalidArgumentError} for p ∉ [1, 2], m out of range, a missing seed, bad atol/rtol.
 * @throws {@link NonFiniteError} for NaN/±Infinity in A.
 * @example
 * ```ts
 * const S = rootLeverageSample(A, 1, 300, { seed: 5 });
 * ```
 */
export function rootLeverageSample(A: SamplingMatrix, p: number, m: number, options: RootLeverageSampleOptions): SensitivityRowSample {
  const fn = 'rootLeverageSample';
  requireOptions(fn, options);
  assertReal(fn, 'p', p, 1, 2);
  const so = checkSampleOptions(fn, { seed: options.seed, mode: options.mode, p });
  checkM(fn, m, so.mode);
  const tol = checkToleranceOptions(fn, { atol: options.atol, rtol: options.rtol });
  const M = denseInput(fn, A);
  const B = rangeBasis(fn, M, tol);
  const tau = leverageOf(B);
  const scores = new Float64Array(M.rows);
  for (let i = 0; i < M.rows; i++) scores[i] = powPositive(tau[i], p / 2);
  const total = sumOf(scores);
  if (!(total > 0)) return emptySample(M.rows, p, so.mode, scores, B.r, 'leverage');
  const sample = sampleCore(fn, scores, m, { ...so, state: substream(so.state, 0) });
  return { ...sample, scores, total, rank: B.r, method: 'leverage' };
}

/** Options of {@link combinedSample}. */
export interface CombinedSampleOptions extends SensitivitySampleOptions {
  /**
   * The share α ∈ [0, 1] of the leverage part: s_i = α·τ_i/r + (1 − α)·σ̃_i/𝔖̃.
   * @defaultValue 0.5
   */
  readonly leverageFraction?: number;
}

/**
 * Combined leverage-score and sensitivity sampling (Woodruff & Yasuda, ICML 2023, who show a
 * combination of the two needs roughly d^{2/p}·𝔖^{2−4/p} samples for p > 2, better than
 * sensitivity sampling's 𝔖^{2−2/p} since 𝔖 ≥ d there). Scores are the mixture
 * s_i = α·τ_i/r + (1 − α)·σ̃_i/𝔖̃ (Σs = 1), so row i is kept with probability
 * q_i = min(1, m₁·τ_i/r + m₂·σ̃_i/𝔖̃), m₁ = αm, m₂ = (1 − α)m — the form suggested in
 * ALGORITHMS.md §2.6 [INF]; the paper's exact mixture was not verified. For 1 ≤ p ≤ 2 the same
 * form is the "ℓ2 augmentation" of Munteanu & Omlor (2024) [INF]. Since s_i ≥ (1 − α)σ̃_i/𝔖̃,
 * the variance bound of {@link sensitivitySample} holds with 𝔖̃/(1 − α) in place of 𝔖̃, and
 * the estimator is unbiased for every x.
 *
 * **Experimental sampler**: no sample-size guarantee is claimed; its distortion is measured.
 *
 * Cost: that of the sensitivities (see {@link sensitivitySample}) plus O(nd²).
 *
 * @param A - n×d matrix (DenseMatrix, CsrMatrix or any {@link MatrixLike}); not modified.
 * @param p - exponent, finite p ≥ 1 (the Woodruff–Yasuda result is for p > 2).
 * @param m - target size (see {@link sensitivitySample}).
 * @param options - {@link CombinedSampleOptions}; `seed` is required.
 * @returns {@link SensitivityRowSample} with the mixed `scores` (Σ = 1) and `total` = 𝔖̃, the
 *   total of the sensitivity part.
 * @throws {@link InvalidArgumentError} for p < 1, α ∉ [0, 1], m out of range, a missing seed, or
 *   invalid sensitivity options.
 * @throws {@link NonFiniteError} for NaN/±Infinity in A or the given sensitivities.
 * @example
 * ```ts
 * const S = combinedSample(A, 4, 500, { seed: 9, method: 'lewis' });
 * ```
 */
export function combinedSample(A: SamplingMatrix, p: number, m: number, options: CombinedSampleOptions): SensitivityRowSample {
  const fn = 'combinedSample';
  requireOptions(fn, options);
  assertReal(fn, 'p', p, 1, Infinity, 'hi');
  const so = checkSampleOptions(fn, { seed: options.seed, mode: options.mode, p });
  checkM(fn, m, so.mode);
  const { seed: _seed, mode: _mode, sensitivities: given, leverageFraction, ...sensOpts } = options;
  const alpha = leverageFraction === undefined ? 0.5 : assertReal(fn, 'options.leverageFraction', leverageFraction, 0, 1);
  const M = denseInput(fn, A);
  const co = checkSensitivityOptions(fn, p, { ...sensOpts, seed: substream(so.state, 1) });
  const B = rangeBasis(fn, M, co.rankTol);
  let sens: Float64Array, method: SensitivityRowSample['method'];
  if (given !== undefined) {
    sens = givenScores(fn, given, M.rows);
    method = 'given';
  } else {
    const res = sensitivitiesFromBasis(fn, B, p, co);
    sens = res.sensitivities;
    method = res.method;
  }
  const n = M.rows, r = B.r;
  const total = sumOf(sens);
  const tau = leverageOf(B);
  const scores = new Float64Array(n);
  if (r === 0 || !(total > 0)) return emptySample(n, p, so.mode, scores, r, method);
  for (let i = 0; i < n; i++) scores[i] = (alpha * tau[i]) / r + ((1 - alpha) * sens[i]) / total;
  const sample = sampleCore(fn, scores, m, { ...so, state: substream(so.state, 0) });
  return { ...sample, scores, total, rank: r, method };
}
