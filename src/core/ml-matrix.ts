/**
 * Conversion to ml-matrix. This is the only core file that imports ml-matrix, so that code
 * using only `asMatrix` (which recognises ml-matrix objects by shape) does not pull it in.
 *
 * @module
 */
import { Matrix } from 'ml-matrix';
import type { DenseMatrix } from './matrix.js';
import { assertDenseMatrix } from './interop.js';

/**
 * Copies a {@link DenseMatrix} (any strides) into a new ml-matrix `Matrix`. Exact: the values
 * are copied bit for bit, so `fromMlMatrix(toMlMatrix(A))` equals A entry by entry.
 * Cost O(mn).
 *
 * @throws InvalidArgumentError when A is not a well-formed DenseMatrix. Non-finite entries are
 *   copied as they are (ml-matrix allows them).
 */
export function toMlMatrix(A: DenseMatrix): Matrix {
  assertDenseMatrix('toMlMatrix', 'A', A, false);
  const { rows, cols, data, offset, rowStride, colStride } = A;
  const M = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    let s = offset + i * rowStride;
    for (let j = 0; j < cols; j++, s += colStride) M.set(i, j, data[s]);
  }
  return M;
}
