/**
 * Level-2 kernel: matrix–vector product y ← α·A·x + β·y on a strided matrix view.
 *
 * The loop order follows A's layout so that the inner loop runs along A's smaller stride:
 *
 * - column-major-like A (|rowStride| ≤ |colStride|): y is updated by axpys with the columns of
 *   A, eight columns per sweep when A has unit row stride, four otherwise (one load and store
 *   of y per eight or four multiply–adds);
 * - row-major-like A (the transpose view of a column-major matrix, i.e. gemvᵀ): dot products of
 *   the rows of A with x, eight rows per sweep when A has unit column stride, four otherwise
 *   (one load of x per eight or four multiply–adds).
 *
 * So both A·x and Aᵀ·y run at unit stride on a column-major A.
 *
 * Internal: no validation. y must not overlap A or x.
 *
 * @internal
 * @module
 */
import type { DenseMatrix } from '../matrix.js';

/**
 * y[yOff..yOff+m) ← α·A·x[xOff..xOff+n) + β·y[yOff..yOff+m) for an m×n matrix A of any strides
 * (2mn flops). Vectors are contiguous from the given offsets. β = 0 overwrites y without reading
 * it (NaN in y does not propagate); α = 0 or n = 0 reduces to y ← β·y and A, x are not read
 * (reference BLAS convention). Otherwise NaN and ±Infinity propagate by IEEE rules.
 */
export function gemvInto(
  y: Float64Array,
  A: DenseMatrix,
  x: Float64Array,
  alpha = 1,
  beta = 0,
  yOff = 0,
  xOff = 0,
): void {
  const m = A.rows, n = A.cols;
  if (m === 0) return;
  if (alpha === 0 || n === 0) {
    scaleVector(y, yOff, m, beta);
    return;
  }
  if (Math.abs(A.rowStride) <= Math.abs(A.colStride)) gemvColumns(y, A, x, alpha, beta, yOff, xOff);
  else gemvRows(y, A, x, alpha, beta, yOff, xOff);
}

/** y ← β·y on m entries from yOff (β = 0 writes zeros). */
function scaleVector(y: Float64Array, yOff: number, m: number, beta: number): void {
  if (beta === 1) return;
  if (beta === 0) y.fill(0, yOff, yOff + m);
  else for (let i = yOff, e = yOff + m; i < e; i++) y[i] *= beta;
}

/** Column sweep: y ← β·y, then y += Σ_j (α·x_j)·A[:, j], eight (or four) columns at a time. */
function gemvColumns(y: Float64Array, A: DenseMatrix, x: Float64Array, alpha: number, beta: number, yOff: number, xOff: number): void {
  const m = A.rows, n = A.cols;
  const a = A.data, ao = A.offset, rs = A.rowStride, cs = A.colStride;
  scaleVector(y, yOff, m, beta);
  const n4 = n - (n % 4);
  let j = 0;
  if (rs === 1) {
    // Eight columns per sweep: measured 2.8 GFLOP/s at 4096×4096 against 2.0–2.8 for four
    // (the loop is bound by instruction count; each sweep loads and stores y once).
    const n8 = n - (n % 8);
    for (; j < n8; j += 8) {
      const t0 = alpha * x[xOff + j], t1 = alpha * x[xOff + j + 1];
      const t2 = alpha * x[xOff + j + 2], t3 = alpha * x[xOff + j + 3];
      const t4 = alpha * x[xOff + j + 4], t5 = alpha * x[xOff + j + 5];
      const t6 = alpha * x[xOff + j + 6], t7 = alpha * x[xOff + j + 7];
      const o0 = ao + j * cs, o1 = o0 + cs, o2 = o1 + cs, o3 = o2 + cs;
      const o4 = o3 + cs, o5 = o4 + cs, o6 = o5 + cs, o7 = o6 + cs;
      for (let i = 0; i < m; i++) {
        y[yOff + i] +=
          a[o0 + i] * t0 + a[o1 + i] * t1 + a[o2 + i] * t2 + a[o3 + i] * t3 +
          (a[o4 + i] * t4 + a[o5 + i] * t5 + a[o6 + i] * t6 + a[o7 + i] * t7);
      }
    }
    for (; j < n4; j += 4) {
      const t0 = alpha * x[xOff + j], t1 = alpha * x[xOff + j + 1];
      const t2 = alpha * x[xOff + j + 2], t3 = alpha * x[xOff + j + 3];
      const o0 = ao + j * cs, o1 = o0 + cs, o2 = o1 + cs, o3 = o2 + cs;
      for (let i = 0; i < m; i++) {
        y[yOff + i] += a[o0 + i] * t0 + a[o1 + i] * t1 + a[o2 + i] * t2 + a[o3 + i] * t3;
      }
    }
    for (; j < n; j++) {
      const t = alpha * x[xOff + j];
      const o = ao + j * cs;
      for (let i = 0; i < m; i++) y[yOff + i] += a[o + i] * t;
    }
  } else {
    for (; j < n4; j += 4) {
      const t0 = alpha * x[xOff + j], t1 = alpha * x[xOff + j + 1];
      const t2 = alpha * x[xOff + j + 2], t3 = alpha * x[xOff + j + 3];
      const o0 = ao + j * cs, o1 = o0 + cs, o2 = o1 + cs, o3 = o2 + cs;
      for (let i = 0, s = 0; i < m; i++, s += rs) {
        y[yOff + i] += a[o0 + s] * t0 + a[o1 + s] * t1 + a[o2 + s] * t2 + a[o3 + s] * t3;
      }
    }
    for (; j < n; j++) {
      const t = alpha * x[xOff + j];
      for (let i = 0, s = ao + j * cs; i < m; i++, s += rs) y[yOff + i] += a[s] * t;
    }
  }
}

/** Row sweep: y_i ← α·(A[i, :]·x) + β·y_i, eight (or four) rows at a time. */
function gemvRows(y: Float64Array, A: DenseMatrix, x: Float64Array, alpha: number, beta: number, yOff: number, xOff: number): void {
  const m = A.rows, n = A.cols;
  const a = A.data, ao = A.offset, rs = A.rowStride, cs = A.colStride;
  const m4 = m - (m % 4);
  let i = 0;
  if (cs === 1) {
    // Eight rows per sweep when rows are contiguous (measured about 10% faster than four).
    const m8 = m - (m % 8);
    for (; i < m8; i += 8) {
      const o0 = ao + i * rs, o1 = o0 + rs, o2 = o1 + rs, o3 = o2 + rs;
      const o4 = o3 + rs, o5 = o4 + rs, o6 = o5 + rs, o7 = o6 + rs;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let p = 0; p < n; p++) {
        const xp = x[xOff + p];
        s0 += a[o0 + p] * xp;
        s1 += a[o1 + p] * xp;
        s2 += a[o2 + p] * xp;
        s3 += a[o3 + p] * xp;
        s4 += a[o4 + p] * xp;
        s5 += a[o5 + p] * xp;
        s6 += a[o6 + p] * xp;
        s7 += a[o7 + p] * xp;
      }
      store4(y, yOff + i, alpha, beta, s0, s1, s2, s3);
      store4(y, yOff + i + 4, alpha, beta, s4, s5, s6, s7);
    }
    for (; i < m4; i += 4) {
      const o0 = ao + i * rs, o1 = o0 + rs, o2 = o1 + rs, o3 = o2 + rs;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < n; p++) {
        const xp = x[xOff + p];
        s0 += a[o0 + p] * xp;
        s1 += a[o1 + p] * xp;
        s2 += a[o2 + p] * xp;
        s3 += a[o3 + p] * xp;
      }
      store4(y, yOff + i, alpha, beta, s0, s1, s2, s3);
    }
    for (; i < m; i++) {
      const o = ao + i * rs;
      let s0 = 0, s1 = 0;
      let p = 0;
      for (; p + 1 < n; p += 2) {
        s0 += a[o + p] * x[xOff + p];
        s1 += a[o + p + 1] * x[xOff + p + 1];
      }
      if (p < n) s0 += a[o + p] * x[xOff + p];
      const q = yOff + i;
      y[q] = beta === 0 ? alpha * (s0 + s1) : alpha * (s0 + s1) + beta * y[q];
    }
  } else {
    for (; i < m4; i += 4) {
      const o0 = ao + i * rs, o1 = o0 + rs, o2 = o1 + rs, o3 = o2 + rs;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0, s = 0; p < n; p++, s += cs) {
        const xp = x[xOff + p];
        s0 += a[o0 + s] * xp;
        s1 += a[o1 + s] * xp;
        s2 += a[o2 + s] * xp;
        s3 += a[o3 + s] * xp;
      }
      store4(y, yOff + i, alpha, beta, s0, s1, s2, s3);
    }
    for (; i < m; i++) {
      let s0 = 0;
      for (let p = 0, s = ao + i * rs; p < n; p++, s += cs) s0 += a[s] * x[xOff + p];
      const q = yOff + i;
      y[q] = beta === 0 ? alpha * s0 : alpha * s0 + beta * y[q];
    }
  }
}

/** y[q..q+3] ← α·s + β·y[q..q+3] (β = 0 overwrites). */
function store4(y: Float64Array, q: number, alpha: number, beta: number, s0: number, s1: number, s2: number, s3: number): void {
  if (beta === 0) {
    y[q] = alpha * s0;
    y[q + 1] = alpha * s1;
    y[q + 2] = alpha * s2;
    y[q + 3] = alpha * s3;
  } else {
    y[q] = alpha * s0 + beta * y[q];
    y[q + 1] = alpha * s1 + beta * y[q + 1];
    y[q + 2] = alpha * s2 + beta * y[q + 2];
    y[q + 3] = alpha * s3 + beta * y[q + 3];
  }
}
