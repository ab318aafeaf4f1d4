/**
 * The one numerical-rank rule of randnla (design.md §2.7).
 *
 * A singular value σ (or, for column-pivoted QR, a diagonal magnitude |R_ii|) counts towards the
 * rank of an m×n matrix when it is strictly greater than
 *
 *     tol = max(atol, rtol · σ_max),   atol = 0 and rtol = max(m, n) · ε by default,
 *
 * with ε = 2⁻⁵² the double-precision machine epsilon. This is numpy's `lstsq`/`matrix_rank`
 * default (`rcond = None`) and scipy's `pinv(atol, rtol)` with its defaults, except that scipy
 * adds `atol + rtol·σ_max` where we take the maximum (the two differ by at most a factor 2 and
 * agree whenever only one of the two is set). Every factorization and solver in randnla that
 * reports a rank uses these functions; nothing compares a singular value with 0 exactly.
 *
 * @module
 */
import { InvalidArgumentError } from './errors.js';
import { fmt } from './validate.js';

/** Machine epsilon of IEEE double precision, 2⁻⁵² (the spacing of doubles at 1). */
export const EPS = Number.EPSILON;

/** Options of the rank rule. Both must be finite and ≥ 0. */
export interface ToleranceOptions {
  /**
   * Absolute threshold on singular values.
   * @defaultValue 0
   */
  readonly atol?: number;
  /**
   * Threshold relative to the largest singular value σ_max.
   * @defaultValue max(m, n)·ε
   */
  readonly rtol?: number;
}

/** The default relative tolerance max(m, n)·ε for an m×n matrix (ε = 2⁻⁵²). */
export function defaultRtol(m: number, n: number): number {
  return Math.max(m, n, 1) * EPS;
}

/**
 * The rank threshold `max(atol, rtol·σ_max)` for an m×n matrix.
 *
 * Singular values strictly above the threshold count towards the numerical rank. With the
 * defaults (atol = 0, rtol = max(m, n)·ε) a value counts when it is larger than the error that
 * a backward-stable factorization may introduce into the smallest singular value
 * (σ_i(A + E) − σ_i(A) ≤ ‖E‖₂, Golub & Van Loan, Matrix Computations, 4th ed., Cor. 8.6.2),
 * since ‖E‖₂ ≈ max(m, n)·ε·‖A‖₂ for Householder QR and the SVD.
 *
 * Cost: O(1). No validation (use {@link checkToleranceOptions} at the public edge).
 *
 * @param m - number of rows.
 * @param n - number of columns.
 * @param sigmaMax - the largest singular value (≥ 0), or |R_00| of a column-pivoted QR.
 * @param options - {@link ToleranceOptions}.
 * @returns the threshold, ≥ 0.
 * @example
 * ```ts
 * rankTolerance(100, 10, 2); // => 100 * 2**-52 * 2 ≈ 4.4e-14
 * ```
 */
export function rankTolerance(m: number, n: number, sigmaMax: number, options: ToleranceOptions = {}): number {
  const atol = options.atol ?? 0;
  const rtol = options.rtol ?? defaultRtol(m, n);
  return Math.max(atol, rtol * sigmaMax);
}

/**
 * Numerical rank: the number of entries of `values` whose magnitude is strictly above
 * {@link rankTolerance}`(m, n, max|values|, options)`.
 *
 * `values` are singular values (any order) or the diagonal of R from a column-pivoted QR, where
 * |R_00| = max|R_ii| stands in for σ_max (|R_00| ≤ σ_max ≤ √n·|R_00|). An all-zero or empty
 * list has rank 0. Cost: O(length).
 *
 * @param values - singular values or |R_ii| (signs are ignored).
 * @param m - number of rows of the matrix they come from.
 * @param n - number of columns.
 * @param options - {@link ToleranceOptions}.
 * @example
 * ```ts
 * numericalRank([3, 1, 1e-17], 3, 3); // => 2
 * ```
 */
export function numericalRank(values: ArrayLike<number>, m: number, n: number, options: ToleranceOptions = {}): number {
  let smax = 0;
  for (let i = 0; i < values.length; i++) smax = Math.max(smax, Math.abs(values[i]));
  const tol = rankTolerance(m, n, smax, options);
  let r = 0;
  for (let i = 0; i < values.length; i++) if (Math.abs(values[i]) > tol) r++;
  return r;
}

/**
 * Validates `{ atol, rtol }` at a public edge: each, when present, must be a finite number ≥ 0.
 * Throws {@link InvalidArgumentError} naming `fn` otherwise. Returns the options unchanged.
 */
export function checkToleranceOptions(fn: string, options: ToleranceOptions): ToleranceOptions {
  for (const key of ['atol', 'rtol'] as const) {
    const v = options[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new InvalidArgumentError(fn, `options.${key} must be a finite number ≥ 0 (got ${fmt(v)})`);
    }
  }
  return options;
}
