/**
 * Cholesky factorization of a symmetric positive definite matrix.
 *
 * @module
 */
import { axpy } from './kernels/blas1.js';
import { DimensionError, NonFiniteError, NumericalError } from './errors.js';
import type { DenseMatrix } from './matrix.js';
import { assertDense } from './qr.js';

/**
 * Cholesky factor L of a symmetric positive definite n×n matrix: A = L·Lᵀ, L lower triangular
 * with a positive diagonal.
 *
 * Only the lower triangle of A (i ≥ j) is read; the strict upper triangle is ignored, so a
 * matrix that is symmetric only up to rounding, or holds anything above the diagonal, is
 * factored as the symmetric matrix defined by its lower triangle (LAPACK `dpotrf` with
 * `uplo = 'L'`).
 *
 * "Positive definite" is decided the way LAPACK decides it: the factorization fails at the
 * first pivot d_j = a_jj − Σ_{k<j} l_jk² that is not strictly positive in floating point. With
 * D = diag(√a_ii), the factorization runs to completion whenever λ_min(D⁻¹AD⁻¹) exceeds about
 * n(n+1)·ε; closer to singular it may or may not (Higham, Accuracy and Stability of Numerical
 * Algorithms, 2nd ed., Thm. 10.7). The computed L satisfies L·Lᵀ = A + E with
 * |E| ≤ γ_{n+1}·|L|·|Lᵀ|, γ_{n+1} ≈ (n+1)·ε (Higham Thm. 10.3), hence
 * ‖E‖₂ ≤ n·γ_{n+1}·‖A‖₂.
 *
 * Algorithm: gaxpy (left-looking, column-oriented) Cholesky, Golub & Van Loan, Matrix
 * Computations, 4th ed., Alg. 4.2.1: column j of L is the column of A minus one contiguous axpy
 * per earlier column, then scaled by 1/√d_j.
 * Complexity: n³/3 flops, one n×n work array.
 *
 * @param A - n×n symmetric positive definite matrix, any strides; lower triangle read; not modified.
 * @returns L as a new column-major n×n DenseMatrix (zeros above the diagonal).
 * @throws {@link DimensionError} if A is not square.
 * @throws {@link NonFiniteError} if the lower triangle holds NaN or ±Infinity.
 * @throws {@link NumericalError} if A is not (numerically) positive definite; the message names
 *   the failing pivot j and its value d_j.
 * @throws {@link InvalidArgumentError} if A is not a DenseMatrix.
 * @example
 * ```ts
 * const L = cholesky(fromRowMajor(2, 2, new Float64Array([4, 2, 2, 5])));
 * // L = [[2, 0], [1, 2]]
 * ```
 */
export function cholesky(A: DenseMatrix): DenseMatrix {
  const fn = 'cholesky';
  assertDense(fn, 'A', A);
  if (A.rows !== A.cols) throw new DimensionError(fn, `A must be square (got ${A.rows}×${A.cols})`);
  const n = A.rows;
  const { data, offset, rowStride, colStride } = A;
  // Copy the lower triangle into a column-major work array, checking finiteness on the way.
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) {
      const v = data[offset + i * rowStride + j * colStride];
      if (v - v !== 0) throw new NonFiniteError(fn, `A has a non-finite entry ${v} at (${i}, ${j})`);
      l[j * n + i] = v;
    }
  }
  for (let j = 0; j < n; j++) {
    const cj = j * n;
    const len = n - j;
    // l[j:n, j] -= Σ_{k<j} l[j, k] · l[j:n, k]
    for (let k = 0; k < j; k++) {
      const ljk = l[k * n + j];
      if (ljk !== 0) axpy(len, -ljk, l, k * n + j, 1, l, cj + j, 1);
    }
    const d = l[cj + j];
    if (!(d > 0)) {
      throw new NumericalError(fn, `A is not positive definite: pivot ${j} is ${d} (expected > 0)`);
    }
    const r = Math.sqrt(d);
    l[cj + j] = r;
    const inv = 1 / r;
    for (let i = j + 1; i < n; i++) l[cj + i] *= inv;
  }
  return { kind: 'dense', rows: n, cols: n, data: l, offset: 0, rowStride: 1, colStride: n };
}
