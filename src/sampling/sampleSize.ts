/**
 * Suggested sample sizes for row sampling: the ℓ2 leverage-score size (DERIVED from the matrix
 * Chernoff bound), the ℓp sensitivity-sampling sizes of Woodruff & Yasuda (ICML 2023), and the
 * Lewis-weight sizes of Cohen & Peng (STOC 2015).
 *
 * @module
 */
import { InvalidArgumentError } from '../core/errors.js';
import { assertOptions } from '../core/qr.js';
import { assertInt, assertOneOf, assertReal, fmt } from '../core/validate.js';
import { toSamplingInput, type SamplingMatrix } from './leverage.js';
import { lnDet, powPositive } from '../rng/elementary.js';

/** The sampling schemes {@link suggestSampleSize} knows. */
export const SAMPLE_SIZE_SCHEMES = ['leverage', 'sensitivity', 'root-leverage', 'combined', 'lewis'] as const;

/** One of {@link SAMPLE_SIZE_SCHEMES}. */
export type SampleSizeScheme = (typeof SAMPLE_SIZE_SCHEMES)[number];

/** Which logarithmic factor multiplies the Woodruff–Yasuda sizes. */
export type SampleSizeLogFactor = 'auto' | 'none' | 'd' | 'n';

/** Options of {@link suggestSampleSize}. */
export interface SampleSizeOptions {
  /**
   * The sampling scheme:
   * - `'leverage'` (p = 2 only): ℓ2 leverage-score sampling, m = ⌈C·3d·ln(2d/δ)/(β·ε²)⌉;
   * - `'sensitivity'`: ℓp sensitivity sampling, C·𝔖^{2/p} (p < 2), C·𝔖 (p = 2),
   *   C·𝔖^{2−2/p} (p > 2), times L/ε²;
   * - `'root-leverage'` (1 ≤ p ≤ 2): C·d·L/ε²;
   * - `'combined'` (p ≥ 2): leverage + sensitivity sampling, C·d^{2/p}·𝔖^{2−4/p}·L/ε²;
   * - `'lewis'`: Lewis-weight sampling with its own log factors (see {@link suggestSampleSize}).
   * @defaultValue 'leverage' when p = 2, else 'sensitivity'
   */
  readonly scheme?: SampleSizeScheme;
  /**
   * The multiplicative constant C > 0. The Woodruff–Yasuda and Cohen–Peng results are stated up
   * to constants that are not known to us, so C = 1 there is a default, not a theorem; for
   * `'leverage'`, C = 1 gives the DERIVED bound exactly.
   * @defaultValue 1
   */
  readonly C?: number;
  /**
   * Failure probability δ ∈ (0, 1) (in ln(2d/δ), ln(d/δ), ln(n/δ)).
   * @defaultValue 0.01
   */
  readonly delta?: number;
  /**
   * `'leverage'` only: quality β ∈ (0, 1] of approximate scores (sampling probabilities
   * p_i ≥ β·τ_i/d).
   * @defaultValue 1
   */
  readonly beta?: number;
  /**
   * The factor L of the Woodruff–Yasuda schemes (`'sensitivity'`, `'root-leverage'`,
   * `'combined'`), whose polylogarithmic factors are not pinned down: `'none'` (L = 1),
   * `'d'` (L = ln(d/δ)), `'n'` (L = ln(n/δ)), or `'auto'`: `'n'` when n is known (a matrix was
   * given, or `n`), else `'d'` when d is known, else `'none'`. L is never below 1.
   * Ignored by `'leverage'` and `'lewis'`, whose logarithms are part of their formulas.
   * @defaultValue 'auto'
   */
  readonly logFactor?: SampleSizeLogFactor;
  /** The dimension d (columns of A) when a total is given instead of a matrix. */
  readonly d?: number;
  /** The number of rows n when a total is given instead of a matrix (used by logFactor 'n'). */
  readonly n?: number;
  /**
   * A total sensitivity 𝔖 (or an upper bound on it) to use instead of the bound derived from the
   * matrix's shape.
   */
  readonly total?: number;
}

/** Result of {@link suggestSampleSize}. Plain data. */
export interface SampleSizeSuggestion {
  /** The suggested sample size (an integer ≥ 1). */
  readonly m: number;
  /** The scheme the size is for. */
  readonly scheme: SampleSizeScheme;
  /** The total sensitivity 𝔖 (or upper bound) used; d for `'leverage'`. */
  readonly total: number;
  /** The dimension d used, or null when neither a matrix nor `d` was given (and none was needed). */
  readonly d: number | null;
  /** The logarithmic factor L applied (1 for none; the intrinsic log for 'leverage'/'lewis'). */
  readonly logFactor: number;
  /** The constant C applied. */
  readonly C: number;
  /**
   * `'derived'`: the size is a theorem (scheme `'leverage'` with C ≥ 1, DERIVED from the matrix
   * Chernoff bound). `'default'`: the exponents come from the papers, but the constant and the
   * log factors are defaults, not theorems (and `'leverage'` with C < 1).
   */
  readonly status: 'derived' | 'default';
  /** The formula evaluated, in words (for logs and reports). */
  readonly formula: string;
}

/**
 * Suggested number of rows for an ℓp row sample that is a (1 ± ε) subspace embedding,
 * ‖SAx‖ₚᵖ = (1 ± ε)‖Ax‖ₚᵖ for all x (for p = 2: ‖UᵀSᵀSU − I‖₂ ≤ ε).
 *
 * **The formulas** (𝔖 = total ℓp sensitivity or an upper bound on it, d = columns, ε ∈ (0, 1),
 * L the log factor of `logFactor`, C the constant):
 * - `'leverage'` (p = 2): m = ⌈C·3·d·ln(2d/δ)/(β·ε²)⌉. DERIVED (ALGORITHMS.md §2.3) from Tropp's
 *   matrix Chernoff bound (FoCM 2012, Thm. 1.1): with p_i ≥ β·τ_i/d each summand has norm
 *   ≤ d/(mβ), so P(‖UᵀSᵀSU − I‖ > ε) ≤ 2d·exp(−ε²mβ/(3d)) ≤ δ. Proven for C ≥ 1.
 * - `'sensitivity'`: C·𝔖^{2/p}·L/ε² for 1 ≤ p < 2 and C·𝔖^{2−2/p}·L/ε² for p > 2 (Woodruff &
 *   Yasuda, "Sharper bounds for ℓp sensitivity sampling", ICML 2023: "roughly 𝔖^{2/p} for
 *   1 ≤ p < 2 and 𝔖^{2−2/p} for 2 < p < ∞", tight for p < 2); C·𝔖·L/ε² at p = 2, where both
 *   exponents meet.
 * - `'root-leverage'` (1 ≤ p ≤ 2): C·d·L/ε² (Woodruff & Yasuda 2023: root leverage score
 *   sampling needs "roughly d" rows for 1 ≤ p < 2).
 * - `'combined'` (p ≥ 2): C·d^{2/p}·𝔖^{2−4/p}·L/ε² (Woodruff & Yasuda 2023: leverage score +
 *   sensitivity sampling, "roughly d^{2/p}𝔖^{2−4/p}" for 2 < p < ∞; d at p = 2).
 * - `'lewis'` [MEM: Cohen & Peng 2015, ALGORITHMS.md §2.7]: C·d·ln(d/δ)/ε² (p = 1 and p = 2),
 *   C·d·ln(d/ε)·(ln ln(d/ε))²/ε² (1 < p < 2), C·d^{p/2}·ln d/ε⁵ (p > 2), each log at least 1.
 * The Woodruff–Yasuda and Cohen–Peng sizes are known only up to constants and polylog factors
 * (the abstracts give the exponents), so for them `status` is `'default'` and C = 1 is a default,
 * not a guarantee; m is a starting point to be checked empirically (e.g. with `lpDistortion`).
 *
 * **Total sensitivity.** Given a number, it is 𝔖 (for `'leverage'`, d). Given a matrix n×d,
 * 𝔖 is the upper bound from Lewis weights (ALGORITHMS.md §2.4, DERIVED): 𝔖 ≤ d for p ≤ 2 and
 * 𝔖 ≤ d^{p/2} for p > 2 (d = number of columns ≥ rank), unless `total` is passed.
 *
 * Cost: O(1) (O(nd) to validate a matrix input that is not a DenseMatrix/CsrMatrix).
 *
 * @param AOrTotal - a matrix (only its shape is used; DenseMatrix, CsrMatrix or
 *   {@link MatrixLike}), or the total sensitivity 𝔖 > 0 (d for leverage sampling).
 * @param p - the exponent, p ≥ 1.
 * @param eps - ε ∈ (0, 1).
 * @param options - {@link SampleSizeOptions}.
 * @returns {@link SampleSizeSuggestion} `{ m, scheme, total, d, logFactor, C, status, formula }`.
 * @throws {@link InvalidArgumentError} for p < 1, ε ∉ (0, 1), δ ∉ (0, 1), β ∉ (0, 1], C ≤ 0, a
 *   total ≤ 0, a scheme that does not fit p (`'leverage'` needs p = 2, `'root-leverage'` p ≤ 2,
 *   `'combined'` p ≥ 2), or a scheme that needs d when neither a matrix nor `d` is given.
 * @example
 * ```ts
 * suggestSampleSize(10, 2, 0.5, { delta: 0.1 }).m;                 // => 636 (leverage, d = 10)
 * suggestSampleSize(A, 1, 0.2, { scheme: 'lewis' }).m;             // Cohen–Peng size for ℓ1
 * suggestSampleSize(3.2, 3, 0.5, { scheme: 'combined', d: 3 }).m;  // WY23 combined scheme
 * ```
 */
export function suggestSampleSize(
  AOrTotal: SamplingMatrix | number,
  p: number,
  eps: number,
  options: SampleSizeOptions = {},
): SampleSizeSuggestion {
  const fn = 'suggestSampleSize';
  assertOptions(fn, options);
  assertReal(fn, 'p', p, 1, Infinity, 'hi');
  assertReal(fn, 'eps', eps, 0, 1, 'both');
  const scheme = options.scheme === undefined ? (p === 2 ? 'leverage' : 'sensitivity') : assertOneOf(fn, 'options.scheme', options.scheme, SAMPLE_SIZE_SCHEMES);
  const C = options.C === undefined ? 1 : assertReal(fn, 'options.C', options.C, 0, Infinity, 'both');
  const delta = options.delta === undefined ? 0.01 : assertReal(fn, 'options.delta', options.delta, 0, 1, 'both');
  const beta = options.beta === undefined ? 1 : assertReal(fn, 'options.beta', options.beta, 0, 1, 'lo');
  const logMode = options.logFactor === undefined ? 'auto' : assertOneOf(fn, 'options.logFactor', options.logFactor, ['auto', 'none', 'd', 'n'] as const);
  let d: number | null = options.d === undefined ? null : assertInt(fn, 'options.d', options.d, 1);
  let n: number | null = options.n === undefined ? null : assertInt(fn, 'options.n', options.n, 1);
  let total: number | null = options.total === undefined ? null : assertReal(fn, 'options.total', options.total, 0, Infinity, 'both');

  if (typeof AOrTotal === 'number') {
    const t = assertReal(fn, 'AOrTotal (total sensitivity)', AOrTotal, 0, Infinity, 'both');
    if (total === null) total = t;
  } else {
    const X = toSamplingInput(fn, AOrTotal);
    if (X.cols < 1 || X.rows < 1) {
      throw new InvalidArgumentError(fn, `A is empty (${X.rows}×${X.cols}); expected at least 1×1`);
    }
    d = X.cols;
    n = X.rows;
    if (total === null) total = p <= 2 ? d : powPositive(d, p / 2);
  }
  const S = total as number;

  if (scheme === 'leverage' && p !== 2) throw new InvalidArgumentError(fn, `scheme 'leverage' is for p = 2 (got p = ${fmt(p)})`);
  if (scheme === 'root-leverage' && p > 2) throw new InvalidArgumentError(fn, `scheme 'root-leverage' is for 1 ≤ p ≤ 2 (got p = ${fmt(p)})`);
  if (scheme === 'combined' && p < 2) throw new InvalidArgumentError(fn, `scheme 'combined' is for p ≥ 2 (got p = ${fmt(p)})`);
  const needD = scheme === 'root-leverage' || scheme === 'combined' || scheme === 'lewis';
  if (scheme === 'leverage' && d === null) d = Math.max(1, Math.round(S));
  if (needD && d === null) {
    throw new InvalidArgumentError(fn, `scheme '${scheme}' needs the dimension d: pass a matrix or options.d (got a total only)`);
  }

  let L = 1;
  let logText = '';
  if (scheme === 'sensitivity' || scheme === 'root-leverage' || scheme === 'combined') {
    const mode = logMode === 'auto' ? (n !== null ? 'n' : d !== null ? 'd' : 'none') : logMode;
    if (mode === 'n') {
      if (n === null) throw new InvalidArgumentError(fn, `logFactor 'n' needs the number of rows: pass a matrix or options.n`);
      L = Math.max(1, lnDet(n / delta));
      logText = '·ln(n/δ)';
    } else if (mode === 'd') {
      if (d === null) throw new InvalidArgumentError(fn, `logFactor 'd' needs the dimension: pass a matrix or options.d`);
      L = Math.max(1, lnDet(d / delta));
      logText = '·ln(d/δ)';
    }
  }

  const e2 = eps * eps;
  let raw: number;
  let formula: string;
  let status: 'derived' | 'default' = 'default';
  const dd = d as number;
  switch (scheme) {
    case 'leverage':
      L = lnDet((2 * dd) / delta);
      raw = (C * 3 * dd * L) / (beta * e2);
      formula = 'C·3·d·ln(2d/δ)/(β·ε²)';
      status = C >= 1 ? 'derived' : 'default';
      break;
    case 'sensitivity':
      if (p < 2) {
        raw = (C * powPositive(S, 2 / p) * L) / e2;
        formula = `C·𝔖^(2/p)${logText}/ε²`;
      } else if (p === 2) {
        raw = (C * S * L) / e2;
        formula = `C·𝔖${logText}/ε²`;
      } else {
        raw = (C * powPositive(S, 2 - 2 / p) * L) / e2;
        formula = `C·𝔖^(2−2/p)${logText}/ε²`;
      }
      break;
    case 'root-leverage':
      raw = (C * dd * L) / e2;
      formula = `C·d${logText}/ε²`;
      break;
    case 'combined':
      raw = (C * powPositive(dd, 2 / p) * powPositive(S, 2 - 4 / p) * L) / e2;
      formula = `C·d^(2/p)·𝔖^(2−4/p)${logText}/ε²`;
      break;
    case 'lewis':
    default:
      if (p === 1 || p === 2) {
        L = Math.max(1, lnDet(dd / delta));
        raw = (C * dd * L) / e2;
        formula = 'C·d·ln(d/δ)/ε²';
      } else if (p < 2) {
        const l1 = Math.max(1, lnDet(dd / eps));
        const l2 = Math.max(1, lnDet(l1));
        L = l1 * l2 * l2;
        raw = (C * dd * L) / e2;
        formula = 'C·d·ln(d/ε)·(ln ln(d/ε))²/ε²';
      } else {
        L = Math.max(1, lnDet(dd));
        raw = (C * powPositive(dd, p / 2) * L) / (e2 * e2 * eps);
        formula = 'C·d^(p/2)·ln d/ε⁵';
      }
      break;
  }
  // Rounded up, with a 1e-12 relative allowance so that rounding in the powers (8^(4/3) =
  // 16.000000000000004) does not add a row.
  const m = Math.max(1, Math.ceil(raw * (1 - 1e-12)));
  if (!Number.isFinite(m)) {
    throw new InvalidArgumentError(fn, `the suggested size overflows (got ${raw}; expected a finite number — check p, ε and the total)`);
  }
  return { m, scheme, total: scheme === 'leverage' ? dd : S, d, logFactor: L, C, status, formula };
}
