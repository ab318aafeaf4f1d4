/**
 * Row sampling by importance scores: Bernoulli (independent, capped) and i.i.d. (with
 * replacement, alias method) samplers with ℓp rescaling, the sampled-and-rescaled rows S·A and
 * S·b, and the two standard instances: leverage-score sampling (ℓ2) and Lewis-weight sampling (ℓp).
 *
 * @module
 */
import type { CsrMatrix } from '../core/csr.js';
import { DimensionError, InvalidArgumentError } from '../core/errors.js';
import { asVector, type VectorLike } from '../core/interop.js';
import { fromColMajor, type DenseMatrix } from '../core/matrix.js';
import { assertOptions } from '../core/qr.js';
import { assertInt, assertOneOf, assertReal, fmt } from '../core/validate.js';
import { aliasTable, fillUniform, sampleAlias, substream, toRngState, type RngState, type Seed } from '../rng/index.js';
import { checkLeverageOptions, leverageCore, toSamplingInput, type LeverageOptions, type SamplingMatrix } from './leverage.js';
import { checkLewisOptions, lewisCore, type LewisOptions } from './lewis.js';
import { csrToDense } from '../core/csr.js';
import { powPositive } from '../rng/elementary.js';

/** The two sampling schemes. */
export type SamplingMode = 'bernoulli' | 'iid';

/** Options of {@link sampleByScores}. */
export interface SampleOptions {
  /** Seed or generator state (required). The sampler reads substream 0 of it. */
  readonly seed: Seed | RngState;
  /**
   * The ℓp exponent of the rescaling: sampled row i gets weight q_i^{−1/p}, so that
   * Σ_sampled w_i^p·|a_iᵀx|^p is an unbiased estimator of ‖Ax‖ₚᵖ. p ≥ 1.
   * @defaultValue 2
   */
  readonly p?: number;
  /**
   * `'bernoulli'`: keep row i independently with probability q_i = min(1, m·s_i/Σs) (expected
   * size Σq_i ≤ m, no duplicates). `'iid'`: m draws with replacement from p_i = s_i/Σs.
   * @defaultValue 'bernoulli'
   */
  readonly mode?: SamplingMode;
}

/**
 * A row sample: which rows, with which weights. Plain data. `S·A` is the matrix whose row k is
 * `weights[k]·A[indices[k], :]` ({@link sampledRows}).
 */
export interface RowSample {
  /** Sampled row indices, ascending (with repeats in `'iid'` mode). */
  readonly indices: Int32Array;
  /** Rescaling weight of each sampled row: q^{−1/p}, q the inclusion probability (Bernoulli) or the expected count m·p_i (iid). */
  readonly weights: Float64Array;
  /**
   * Per sampled row: its inclusion probability q_i = min(1, m·s_i/Σs) (`'bernoulli'`), or its
   * per-draw probability p_i = s_i/Σs (`'iid'`). Always in (0, 1].
   */
  readonly probabilities: Float64Array;
  /** The scheme used. */
  readonly mode: SamplingMode;
  /** The ℓp exponent of the weights. */
  readonly p: number;
  /** Number of rows n of the population (length of the scores). */
  readonly rows: number;
  /** Expected number of sampled rows: Σ_i q_i (Bernoulli, ≤ m) or m (iid). */
  readonly expectedSize: number;
}

/** Substream of the seed read by the samplers. */
const SAMPLE_STREAM = 0;
const CHUNK = 4096;

/**
 * Samples rows with probabilities proportional to non-negative scores, and returns the
 * ℓp-rescaling weights that make the sample an unbiased sketch.
 *
 * - `'bernoulli'` (default): row i is kept independently with probability
 *   q_i = min(1, m·s_i/Σs), decided by the uniform at position i of substream 0 of the seed
 *   (u_i < q_i). Expected size Σq_i ≤ m (= m when no q_i is capped). Because the uniforms are
 *   fixed per row, a larger m with the same seed keeps a superset of the rows.
 * - `'iid'`: m draws with replacement from p_i = s_i/Σs by Walker's alias method (draw k uses
 *   the uniform at position k of substream 0); q_i = m·p_i is the expected count of row i.
 *   Repeats are kept (they are legitimate).
 *
 * Sampled row i gets weight w_i = q_i^{−1/p}. Then for every fixed x,
 * E[Σ_sampled w_i^p·|a_iᵀx|^p] = Σ_i q_i·q_i^{−1}·|a_iᵀx|^p = ‖Ax‖ₚᵖ (Bernoulli: linearity over
 * independent indicators; iid: each of the m draws contributes |a_iᵀx|^p/(m·p_i) in expectation
 * ‖Ax‖ₚᵖ/m). For p = 2 this is E[SᵀS] = I. (DERIVED, ALGORITHMS.md §2.3, §2.6.)
 * This is the sampling scheme of leverage-score sampling (Drineas, Mahoney & Muthukrishnan 2006;
 * ALGORITHMS.md §2.3), of Lewis-weight sampling (Cohen & Peng, STOC 2015) and of ℓp sensitivity
 * sampling (Woodruff & Yasuda, ICML 2023).
 *
 * Cost: O(n) (n/2 Philox blocks for Bernoulli; O(n + m log m) for iid: alias table, draws, sort).
 *
 * @param scores - n non-negative finite scores with a positive sum (`Float64Array` or `number[]`).
 * @param m - target sample size: a finite number > 0 for `'bernoulli'` (the expected size when
 *   nothing is capped), an integer in [1, 2³¹ − 1] for `'iid'`.
 * @param options - {@link SampleOptions}: `seed` (required), `p` (default 2), `mode` (default `'bernoulli'`).
 * @returns {@link RowSample} `{ indices, weights, probabilities, mode, p, rows, expectedSize }`.
 * @throws {@link InvalidArgumentError} for a missing or invalid seed, a negative score, an
 *   all-zero or empty score vector, m ≤ 0 (or non-integer m in `'iid'` mode), p < 1, an unknown mode.
 * @throws {@link NonFiniteError} for a NaN or ±Infinity score.
 * @example
 * ```ts
 * const S = sampleByScores(leverageScores(A).scores, 200, { seed: 1 });
 * const SA = sampledRows(A, S); // ≈ 200 rescaled rows, E[(SA)ᵀ(SA)] = AᵀA
 * ```
 */
export function sampleByScores(scores: VectorLike, m: number, options: SampleOptions): RowSample {
  const fn = 'sampleByScores';
  const o = checkSampleOptions(fn, options);
  const s = asVector(scores, fn, 'scores');
  checkM(fn, m, o.mode);
  return sampleCore(fn, s, m, o);
}

/** Validated sampler options. @internal */
export interface CheckedSampleOptions {
  state: RngState;
  p: number;
  mode: SamplingMode;
}

/** Validates {@link SampleOptions}. @internal */
export function checkSampleOptions(fn: string, options: SampleOptions): CheckedSampleOptions {
  requireOptions(fn, options);
  if (options.seed === undefined) {
    throw new InvalidArgumentError(fn, `options.seed is required (got undefined; expected a non-negative integer, bigint, string or RngState)`);
  }
  const state = toRngState(options.seed, fn);
  const p = options.p === undefined ? 2 : assertReal(fn, 'options.p', options.p, 1, Infinity, 'hi');
  const mode = options.mode === undefined ? 'bernoulli' : assertOneOf(fn, 'options.mode', options.mode, ['bernoulli', 'iid'] as const);
  return { state, p, mode };
}

/** Throws unless options is a plain object (the samplers need at least a seed). @internal */
export function requireOptions(fn: string, options: unknown): void {
  if (options === undefined || options === null) {
    throw new InvalidArgumentError(fn, `options with a seed are required (got ${fmt(options)})`);
  }
  assertOptions(fn, options);
}

/** Validates the sample size for a mode. @internal */
export function checkM(fn: string, m: number, mode: SamplingMode): void {
  if (mode === 'iid') assertInt(fn, 'm', m, 1, 2147483647);
  else assertReal(fn, 'm', m, 0, Infinity, 'both');
}

/** The sampler on validated input. @internal */
export function sampleCore(fn: string, s: Float64Array, m: number, o: CheckedSampleOptions): RowSample {
  const n = s.length;
  if (n === 0) throw new InvalidArgumentError(fn, `scores must not be empty (got length 0)`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = s[i];
    if (v < 0) throw new InvalidArgumentError(fn, `scores[${i}] must be ≥ 0 (got ${v})`);
    total += v;
  }
  if (!(total > 0)) throw new InvalidArgumentError(fn, `scores must have a positive sum (got all ${n} entries equal to 0)`);
  if (!Number.isFinite(total)) {
    // Huge finite scores: rescale once so that the sum is finite.
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, s[i]);
    const t = new Float64Array(n);
    for (let i = 0; i < n; i++) t[i] = s[i] / max;
    return sampleCore(fn, t, m, o);
  }
  const st = substream(o.state, SAMPLE_STREAM);
  const invP = -1 / o.p;
  if (o.mode === 'iid') {
    const draws = sampleAlias(aliasTable(s), st, 0, m);
    draws.sort();
    const probabilities = new Float64Array(m);
    const weights = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const pi = s[draws[k]] / total;
      probabilities[k] = pi;
      weights[k] = powPositive(m * pi, invP);
    }
    return { indices: draws, weights, probabilities, mode: 'iid', p: o.p, rows: n, expectedSize: m };
  }
  const scale = m / total;
  const u = new Float64Array(Math.min(CHUNK, n));
  const idx: number[] = [];
  const qs: number[] = [];
  let expected = 0;
  for (let base = 0; base < n; base += CHUNK) {
    const len = Math.min(CHUNK, n - base);
    fillUniform(st, base, u, 0, len);
    for (let t = 0; t < len; t++) {
      const i = base + t;
      const q = Math.min(1, s[i] * scale);
      expected += q;
      if (u[t] < q) {
        idx.push(i);
        qs.push(q);
      }
    }
  }
  const k = idx.length;
  const indices = Int32Array.from(idx);
  const probabilities = Float64Array.from(qs);
  const weights = new Float64Array(k);
  for (let t = 0; t < k; t++) weights[t] = powPositive(probabilities[t], invP);
  return { indices, weights, probabilities, mode: 'bernoulli', p: o.p, rows: n, expectedSize: expected };
}

function checkSample(fn: string, sample: RowSample, rows: number, what: string): void {
  if (typeof sample !== 'object' || sample === null) {
    throw new InvalidArgumentError(fn, `sample must be a RowSample { indices, weights } (got ${fmt(sample)})`);
  }
  const { indices, weights } = sample;
  if (!(indices instanceof Int32Array)) throw new InvalidArgumentError(fn, `sample.indices must be an Int32Array (got ${fmt(indices)})`);
  if (!(weights instanceof Float64Array)) throw new InvalidArgumentError(fn, `sample.weights must be a Float64Array (got ${fmt(weights)})`);
  if (weights.length !== indices.length) {
    throw new DimensionError(fn, `sample.weights has length ${weights.length} but sample.indices has ${indices.length}`);
  }
  if (typeof sample.rows === 'number' && sample.rows !== rows) {
    throw new DimensionError(fn, `${what} ${rows} but the sample was drawn from ${sample.rows} rows`);
  }
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (i < 0 || i >= rows) throw new InvalidArgumentError(fn, `sample.indices[${k}] must be in [0, ${rows - 1}] (got ${i})`);
  }
}

/**
 * The sampled and rescaled rows S·A: row k is `sample.weights[k]·A[sample.indices[k], :]`.
 * With the weights of {@link sampleByScores}, E[‖SAx‖ₚᵖ] = ‖Ax‖ₚᵖ for every x.
 *
 * Cost O(k·d) for k sampled rows (O(nnz of the sampled rows) for CSR).
 *
 * @param A - the n×d matrix the sample was drawn for: DenseMatrix (any strides), CsrMatrix, or
 *   any {@link MatrixLike}; not modified.
 * @param sample - a {@link RowSample} (only `indices`, `weights` and `rows` are read).
 * @returns a new k×d column-major DenseMatrix, or a CsrMatrix when A is one.
 * @throws {@link DimensionError} when A has not `sample.rows` rows or the arrays disagree in
 *   length; {@link InvalidArgumentError} for an index out of range or a malformed sample;
 *   {@link NonFiniteError} for NaN/±Infinity in A.
 * @example
 * ```ts
 * const SA = sampledRows(A, leverageSample(A, 300, { seed: 4 }));
 * ```
 */
export function sampledRows(A: CsrMatrix, sample: RowSample): CsrMatrix;
export function sampledRows(A: SamplingMatrix, sample: RowSample): DenseMatrix;
export function sampledRows(A: SamplingMatrix, sample: RowSample): DenseMatrix | CsrMatrix {
  const fn = 'sampledRows';
  const X = toSamplingInput(fn, A);
  checkSample(fn, sample, X.rows, 'A has');
  const { indices, weights } = sample;
  const k = indices.length, d = X.cols;
  if (X.kind === 'csr') {
    const { indptr, indices: cols, values } = X;
    let nnz = 0;
    for (let t = 0; t < k; t++) nnz += indptr[indices[t] + 1] - indptr[indices[t]];
    const outPtr = new Int32Array(k + 1);
    const outIdx = new Int32Array(nnz);
    const outVal = new Float64Array(nnz);
    let q = 0;
    for (let t = 0; t < k; t++) {
      const i = indices[t], w = weights[t];
      for (let e = indptr[i]; e < indptr[i + 1]; e++, q++) {
        outIdx[q] = cols[e];
        outVal[q] = w * values[e];
      }
      outPtr[t + 1] = q;
    }
    return { kind: 'csr', rows: k, cols: d, indptr: outPtr, indices: outIdx, values: outVal };
  }
  const out = new Float64Array(k * d);
  const { data, offset, rowStride, colStride } = X;
  for (let j = 0; j < d; j++) {
    const src = offset + j * colStride;
    const base = j * k;
    for (let t = 0; t < k; t++) out[base + t] = weights[t] * data[src + indices[t] * rowStride];
  }
  return fromColMajor(k, d, out);
}

/**
 * The sampled and rescaled entries S·b: entry k is `sample.weights[k]·b[sample.indices[k]]`
 * (the right-hand side that goes with {@link sampledRows} in sketched regression). Cost O(k).
 *
 * @param b - vector of length n (`Float64Array` or `number[]`).
 * @param sample - a {@link RowSample}.
 * @returns a new `Float64Array` of length k.
 * @throws {@link DimensionError} when b has not `sample.rows` entries; {@link InvalidArgumentError}
 *   for an index out of range; {@link NonFiniteError} for NaN/±Infinity in b.
 */
export function sampledVector(b: VectorLike, sample: RowSample): Float64Array {
  const fn = 'sampledVector';
  const v = asVector(b, fn, 'b');
  checkSample(fn, sample, v.length, 'b has length');
  const { indices, weights } = sample;
  const out = new Float64Array(indices.length);
  for (let t = 0; t < indices.length; t++) out[t] = weights[t] * v[indices[t]];
  return out;
}

/** Options of {@link leverageSample}: the leverage options plus the sampler's. */
export interface LeverageSampleOptions extends Omit<LeverageOptions, 'seed'> {
  /**
   * Seed or generator state (required). The sample uses substream 0, the approximate scores
   * (if `method: 'approx'`) substream 1.
   */
  readonly seed: Seed | RngState;
  /** @defaultValue 'bernoulli' */
  readonly mode?: SamplingMode;
}

/** A {@link RowSample} together with the scores it was drawn from. */
export interface ScoredRowSample extends RowSample {
  /** The n scores used (leverage scores or Lewis weights). */
  readonly scores: Float64Array;
  /** Numerical rank reported by the score computation. */
  readonly rank: number;
}

/**
 * Leverage-score row sampling: computes the leverage scores τ (exact by default, or
 * approximate / ridge per {@link LeverageOptions}) and samples with q_i = min(1, m·τ_i/Στ)
 * (Bernoulli) or p_i = τ_i/Στ (iid), rescaling sampled rows by q_i^{−1/2}.
 *
 * **Guarantee** (DERIVED from Tropp's matrix Chernoff bound, "User-friendly tail bounds for
 * sums of random matrices", FoCM 2012, Thm. 1.1; ALGORITHMS.md §2.3): if the scores satisfy
 * τ̃_i/Στ̃ ≥ β·τ_i/d for some β ∈ (0, 1] and ε ∈ (0, 1], then
 * m ≥ 3·d·ln(2d/δ)/(β·ε²) gives ‖UᵀSᵀSU − I‖₂ ≤ ε (U an orthonormal basis of range(A)) with
 * probability ≥ 1 − δ, i.e. (1 − ε)‖Ax‖² ≤ ‖SAx‖² ≤ (1 + ε)‖Ax‖² for all x. Each summand
 * u_iu_iᵀ/(m·p_i) has norm ≤ d/(mβ). Holds for both modes. See {@link suggestSampleSize}.
 * Exact scores have β = 1; approximate scores within (1 ± ε') have β ≥ (1 − ε')/(1 + ε').
 * The scheme is that of Drineas, Mahoney & Muthukrishnan (2006) and Drineas et al. (JMLR 2012).
 *
 * Cost: that of {@link leverageScores} plus O(n).
 *
 * @param A - n×d matrix (DenseMatrix, CsrMatrix or {@link MatrixLike}).
 * @param m - sample size (expected size for Bernoulli).
 * @param options - {@link LeverageSampleOptions}: `seed` (required), `mode`, and any leverage option.
 * @returns {@link ScoredRowSample}: the sample plus `scores` and `rank`.
 * @throws as {@link leverageScores} and {@link sampleByScores} (e.g. A of rank 0 has no scores to sample by).
 * @example
 * ```ts
 * const m = suggestSampleSize(A, 2, 0.5, { delta: 0.01 }).m;
 * const S = leverageSample(A, m, { seed: 11 });
 * ```
 */
export function leverageSample(A: SamplingMatrix, m: number, options: LeverageSampleOptions): ScoredRowSample {
  const fn = 'leverageSample';
  requireOptions(fn, options);
  const so = checkSampleOptions(fn, { seed: options.seed, mode: options.mode, p: 2 });
  checkM(fn, m, so.mode);
  const { seed: _seed, mode: _mode, ...levOpts } = options;
  const lo = checkLeverageOptions(fn, { ...levOpts, seed: substream(so.state, 1) });
  const X = toSamplingInput(fn, A);
  const lev = leverageCore(fn, X, lo);
  const sample = sampleCore(fn, lev.scores, m, { ...so, state: substream(so.state, 0) });
  return { ...sample, scores: lev.scores, rank: lev.rank };
}

/** Options of {@link lewisSample}: the Lewis-weight options plus the sampler's. */
export interface LewisSampleOptions extends LewisOptions {
  /** Seed or generator state (required). The sample uses substream 0 of it. */
  readonly seed: Seed | RngState;
  /** @defaultValue 'bernoulli' */
  readonly mode?: SamplingMode;
}

/** A Lewis-weight sample: the sample, the weights it used, and the convergence report. */
export interface LewisRowSample extends ScoredRowSample {
  /** Iterations, final residual and convergence flag of {@link lewisWeights}. */
  readonly lewis: { readonly iterations: number; readonly residual: number; readonly converged: boolean };
}

/**
 * Lewis-weight row sampling for ℓp (Cohen & Peng, "ℓp row sampling by Lewis weights", STOC 2015):
 * computes the ℓp Lewis weights w ({@link lewisWeights}) and samples with
 * q_i = min(1, m·w_i/Σw) (Σw = d at convergence), rescaling sampled rows by q_i^{−1/p}.
 *
 * **Guarantee** [MEM: Cohen & Peng 2015, constants and log factors not verified; ALGORITHMS.md
 * §2.7]: ‖SAx‖ₚ = (1 ± ε)‖Ax‖ₚ for all x with high probability when m = O(d·log(d/δ)/ε²) for
 * p = 1, O(d·log(d/ε)·(log log(d/ε))²/ε²) for 1 < p < 2, and O(d^{p/2}·log d/ε⁵) for p > 2.
 * Unconditionally (DERIVED, ALGORITHMS.md §2.6–2.7): the estimator is unbiased, and since the
 * ℓp sensitivities satisfy σ_i ≤ w_i (p ≤ 2) or σ_i ≤ d^{p/2−1}·w_i (p > 2), for each fixed x
 * Var(‖SAx‖ₚᵖ) ≤ (d/m)·‖Ax‖ₚ^{2p} (p ≤ 2) or (d^{p/2}/m)·‖Ax‖ₚ^{2p} (p > 2).
 * See {@link suggestSampleSize} with `scheme: 'lewis'`.
 *
 * Cost: that of {@link lewisWeights} (O(nd²) per iteration) plus O(n).
 *
 * @param A - n×d matrix (DenseMatrix, CsrMatrix or {@link MatrixLike}).
 * @param p - the exponent, p ≥ 1.
 * @param m - sample size (expected size for Bernoulli).
 * @param options - {@link LewisSampleOptions}: `seed` (required), `mode`, and any Lewis option.
 * @returns {@link LewisRowSample}: the sample, `scores` (the Lewis weights), `rank` and `lewis`.
 * @throws as {@link lewisWeights} and {@link sampleByScores}.
 * @example
 * ```ts
 * const S = lewisSample(A, 1, 20 * d * Math.log(d), { seed: 5 });
 * const SA = sampledRows(A, S); // ‖SAx‖₁ ≈ ‖Ax‖₁
 * ```
 */
export function lewisSample(A: SamplingMatrix, p: number, m: number, options: LewisSampleOptions): LewisRowSample {
  const fn = 'lewisSample';
  requireOptions(fn, options);
  const { seed: _seed, mode: _mode, ...lewOpts } = options;
  const lo = checkLewisOptions(fn, p, lewOpts);
  const so = checkSampleOptions(fn, { seed: options.seed, mode: options.mode, p });
  checkM(fn, m, so.mode);
  const X = toSamplingInput(fn, A);
  const lw = lewisCore(fn, X.kind === 'csr' ? csrToDense(X) : X, p, lo);
  const sample = sampleCore(fn, lw.weights, m, { ...so, state: substream(so.state, 0) });
  return {
    ...sample,
    scores: lw.weights,
    rank: lw.rank,
    lewis: { iterations: lw.iterations, residual: lw.residual, converged: lw.converged },
  };
}
