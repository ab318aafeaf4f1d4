/**
 * The dense matrix type and its constructors.
 *
 * A {@link DenseMatrix} is plain data: one contiguous `Float64Array` plus a shape, an offset and
 * two strides. Element (i, j) lives at `data[offset + i*rowStride + j*colStride]`. Matrices that
 * randnla allocates are column-major (`rowStride = 1`, `colStride = rows`, `offset = 0`), the
 * LAPACK layout: Householder QR, tall-skinny least squares and S·A all sweep columns. Any other
 * strides (row-major input, a transpose view, a sub-block view) are accepted everywhere; kernels
 * pack or copy as they need.
 *
 * Functions never mutate their inputs; functions that do write in place say so in their name
 * (`…InPlace`) and are internal.
 *
 * @module
 */

/** A dense m×n matrix over a contiguous `Float64Array`, with arbitrary strides. Plain data. */
export interface DenseMatrix {
  readonly kind: 'dense';
  /** Number of rows m. */
  readonly rows: number;
  /** Number of columns n. */
  readonly cols: number;
  /** Backing buffer (may be shared by views). */
  readonly data: Float64Array;
  /** Index in `data` of element (0, 0). */
  readonly offset: number;
  /** Index step from (i, j) to (i+1, j). 1 for column-major. */
  readonly rowStride: number;
  /** Index step from (i, j) to (i, j+1). `rows` for column-major. */
  readonly colStride: number;
}

/** A new m×n column-major matrix of zeros. */
export function zeros(rows: number, cols: number): DenseMatrix {
  return { kind: 'dense', rows, cols, data: new Float64Array(rows * cols), offset: 0, rowStride: 1, colStride: rows };
}

/** The n×n identity, column-major. */
export function eye(n: number): DenseMatrix {
  const I = zeros(n, n);
  for (let i = 0; i < n; i++) I.data[i * n + i] = 1;
  return I;
}

/** Wraps a column-major buffer of length rows·cols without copying. */
export function fromColMajor(rows: number, cols: number, data: Float64Array): DenseMatrix {
  return { kind: 'dense', rows, cols, data, offset: 0, rowStride: 1, colStride: rows };
}

/** Wraps a row-major buffer of length rows·cols without copying (a row-major view). */
export function fromRowMajor(rows: number, cols: number, data: Float64Array): DenseMatrix {
  return { kind: 'dense', rows, cols, data, offset: 0, rowStride: cols, colStride: 1 };
}

/** Element (i, j). Convenience for tests and small code; not for hot loops. */
export function at(A: DenseMatrix, i: number, j: number): number {
  return A.data[A.offset + i * A.rowStride + j * A.colStride];
}

/** True when A is column-major and contiguous (`rowStride = 1`, `colStride = rows`). */
export function isColMajorContiguous(A: DenseMatrix): boolean {
  return A.rowStride === 1 && (A.colStride === A.rows || A.cols <= 1);
}

/** True when A is row-major and contiguous (`colStride = 1`, `rowStride = cols`). */
export function isRowMajorContiguous(A: DenseMatrix): boolean {
  return A.colStride === 1 && (A.rowStride === A.cols || A.rows <= 1);
}

/** Aᵀ as a zero-copy view (strides swapped). */
export function transpose(A: DenseMatrix): DenseMatrix {
  return { kind: 'dense', rows: A.cols, cols: A.rows, data: A.data, offset: A.offset, rowStride: A.colStride, colStride: A.rowStride };
}

/** The view A[r0:r1, c0:c1] (half-open), zero-copy. */
export function subMatrix(A: DenseMatrix, r0: number, r1: number, c0: number, c1: number): DenseMatrix {
  return {
    kind: 'dense',
    rows: r1 - r0,
    cols: c1 - c0,
    data: A.data,
    offset: A.offset + r0 * A.rowStride + c0 * A.colStride,
    rowStride: A.rowStride,
    colStride: A.colStride,
  };
}

/** A fresh column-major contiguous copy of A (whatever its strides). */
export function toColMajor(A: DenseMatrix): DenseMatrix {
  const { rows, cols, data, offset, rowStride, colStride } = A;
  const out = new Float64Array(rows * cols);
  if (rowStride === 1) {
    for (let j = 0; j < cols; j++) {
      const src = offset + j * colStride;
      out.set(data.subarray(src, src + rows), j * rows);
    }
  } else {
    for (let j = 0; j < cols; j++) {
      let s = offset + j * colStride;
      const base = j * rows;
      for (let i = 0; i < rows; i++, s += rowStride) out[base + i] = data[s];
    }
  }
  return fromColMajor(rows, cols, out);
}

/** A column-major contiguous matrix equal to A: A itself when it already is one, else a copy. */
export function colMajorOrCopy(A: DenseMatrix): DenseMatrix {
  return isColMajorContiguous(A) && A.offset === 0 && A.data.length === A.rows * A.cols ? A : toColMajor(A);
}

/** A fresh row-major contiguous copy of A. */
export function toRowMajor(A: DenseMatrix): DenseMatrix {
  const { rows, cols, data, offset, rowStride, colStride } = A;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let s = offset + i * rowStride;
    const base = i * cols;
    for (let j = 0; j < cols; j++, s += colStride) out[base + j] = data[s];
  }
  return fromRowMajor(rows, cols, out);
}

/** Column j as a fresh `Float64Array`. */
export function getColumn(A: DenseMatrix, j: number): Float64Array {
  const out = new Float64Array(A.rows);
  let s = A.offset + j * A.colStride;
  for (let i = 0; i < A.rows; i++, s += A.rowStride) out[i] = A.data[s];
  return out;
}

/** Row i as a fresh `Float64Array`. */
export function getRow(A: DenseMatrix, i: number): Float64Array {
  const out = new Float64Array(A.cols);
  let s = A.offset + i * A.rowStride;
  for (let j = 0; j < A.cols; j++, s += A.colStride) out[j] = A.data[s];
  return out;
}

/** A as `number[][]` (row by row). */
export function toArray(A: DenseMatrix): number[][] {
  const out: number[][] = new Array(A.rows);
  for (let i = 0; i < A.rows; i++) out[i] = Array.from(getRow(A, i));
  return out;
}
