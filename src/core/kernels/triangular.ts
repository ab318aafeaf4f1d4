/**
 * Triangular solves on column-major triangles. Internal: no validation, no allocation.
 *
 * The triangle T is n×n, stored column-major at `t[tOff + i + j*ldt]` (only the relevant
 * triangle is read, so a QR work array with Householder vectors below the diagonal can be passed
 * as R directly). Right-hand sides are strided vectors solved in place, or column-major blocks
 * `b[bOff + i + j*ldb]` with `nrhs` columns.
 *
 * Loop orders follow the layout (Golub & Van Loan, Matrix Computations, 4th ed., §3.1.3–3.1.4):
 * T x = b runs column by column (one contiguous axpy per column of T), Tᵀ x = b runs as
 * contiguous dot products down the columns of T. Each solve costs n² flops per right-hand side.
 * No test for a zero diagonal: callers guarantee a nonsingular triangle.
 *
 * @internal
 * @module
 */
import { axpy, dot } from './blas1.js';

/** Solves R x = b in place (R upper triangular, column-major with leading dimension ldr). */
export function solveUpperInPlace(n: number, r: Float64Array, rOff: number, ldr: number, x: Float64Array, xOff: number, incx: number): void {
  for (let j = n - 1; j >= 0; j--) {
    const col = rOff + j * ldr;
    const xj = x[xOff + j * incx] / r[col + j];
    x[xOff + j * incx] = xj;
    if (j > 0) axpy(j, -xj, r, col, 1, x, xOff, incx);
  }
}

/** Solves Rᵀ x = b in place (R upper triangular, column-major). */
export function solveUpperTransInPlace(n: number, r: Float64Array, rOff: number, ldr: number, x: Float64Array, xOff: number, incx: number): void {
  for (let j = 0; j < n; j++) {
    const col = rOff + j * ldr;
    const s = j > 0 ? dot(j, r, col, 1, x, xOff, incx) : 0;
    x[xOff + j * incx] = (x[xOff + j * incx] - s) / r[col + j];
  }
}

/** Solves L x = b in place (L lower triangular, column-major). */
export function solveLowerInPlace(n: number, l: Float64Array, lOff: number, ldl: number, x: Float64Array, xOff: number, incx: number): void {
  for (let j = 0; j < n; j++) {
    const col = lOff + j * ldl;
    const xj = x[xOff + j * incx] / l[col + j];
    x[xOff + j * incx] = xj;
    const rest = n - j - 1;
    if (rest > 0) axpy(rest, -xj, l, col + j + 1, 1, x, xOff + (j + 1) * incx, incx);
  }
}

/** Solves Lᵀ x = b in place (L lower triangular, column-major). */
export function solveLowerTransInPlace(n: number, l: Float64Array, lOff: number, ldl: number, x: Float64Array, xOff: number, incx: number): void {
  for (let j = n - 1; j >= 0; j--) {
    const col = lOff + j * ldl;
    const rest = n - j - 1;
    const s = rest > 0 ? dot(rest, l, col + j + 1, 1, x, xOff + (j + 1) * incx, incx) : 0;
    x[xOff + j * incx] = (x[xOff + j * incx] - s) / l[col + j];
  }
}

/** Solves R X = B in place for a column-major n×nrhs block B (R upper triangular). */
export function solveUpperBlockInPlace(n: number, nrhs: number, r: Float64Array, rOff: number, ldr: number, b: Float64Array, bOff: number, ldb: number): void {
  for (let k = 0; k < nrhs; k++) solveUpperInPlace(n, r, rOff, ldr, b, bOff + k * ldb, 1);
}

/** Solves Rᵀ X = B in place for a column-major n×nrhs block B (R upper triangular). */
export function solveUpperTransBlockInPlace(n: number, nrhs: number, r: Float64Array, rOff: number, ldr: number, b: Float64Array, bOff: number, ldb: number): void {
  for (let k = 0; k < nrhs; k++) solveUpperTransInPlace(n, r, rOff, ldr, b, bOff + k * ldb, 1);
}

/** Solves L X = B in place for a column-major n×nrhs block B (L lower triangular). */
export function solveLowerBlockInPlace(n: number, nrhs: number, l: Float64Array, lOff: number, ldl: number, b: Float64Array, bOff: number, ldb: number): void {
  for (let k = 0; k < nrhs; k++) solveLowerInPlace(n, l, lOff, ldl, b, bOff + k * ldb, 1);
}

/** Solves Lᵀ X = B in place for a column-major n×nrhs block B (L lower triangular). */
export function solveLowerTransBlockInPlace(n: number, nrhs: number, l: Float64Array, lOff: number, ldl: number, b: Float64Array, bOff: number, ldb: number): void {
  for (let k = 0; k < nrhs; k++) solveLowerTransInPlace(n, l, lOff, ldl, b, bOff + k * ldb, 1);
}
