/**
 * Block-diagonal operators diag(B₁, B₂, …, B_k) with rectangular blocks.
 *
 * @module
 */
import { InvalidArgumentError } from '../core/errors.js';
import { asMatrix, type MatrixLike } from '../core/interop.js';
import { toColMajor } from '../core/matrix.js';
import { axpy, dot } from '../core/kernels/blas1.js';
import { fmt } from '../core/validate.js';
import { vectorArg } from './internal.js';
import type { LinearOperator } from './types.js';

type Block =
  | { readonly dense: true; readonly rows: number; readonly cols: number; readonly a: Float64Array }
  | { readonly dense: false; readonly rows: number; readonly cols: number; readonly op: LinearOperator };

function isOperator(x: unknown): x is LinearOperator {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'operator';
}

/**
 * The block-diagonal matrix diag(B₀, B₁, …, B_{k−1}) as a {@link LinearOperator}, applied block
 * by block without forming it. Blocks may be rectangular and of different sizes: the result
 * is (Σ rowsᵢ)×(Σ colsᵢ), and block i maps entries [c_i, c_i + colsᵢ) of x to entries
 * [r_i, r_i + rowsᵢ) of y, with r_i, c_i the running sums of the earlier blocks' shapes.
 *
 * Dense blocks are copied (column-major) when the operator is built, so later changes to the
 * caller's arrays do not affect it; operator blocks are kept by reference and must not
 * change. Monarch matrices are products of two block-diagonal factors and permutations
 * (Dao et al., ICML 2022, §3); their own kernels do not go through this operator.
 *
 * Cost: Σ rowsᵢ·colsᵢ multiply-adds per application for dense blocks (the cost of each block
 * operator otherwise); O(Σ rowsᵢ·colsᵢ) storage.
 *
 * @param blocks - a non-empty array of blocks: any matrix input (DenseMatrix, `number[][]`, …)
 *   or a {@link LinearOperator}. Blocks with zero rows or columns are allowed.
 * @throws {@link InvalidArgumentError} if `blocks` is not a non-empty array or a block is not a
 *   matrix or operator.
 * @throws {@link NonFiniteError} if a dense block holds NaN or ±Infinity.
 * @example
 * ```ts
 * const D = blockDiagOperator([[[1, 2]], [[3], [4]]]); // 3×3: [[1,2,0],[0,0,3],[0,0,4]]
 * D.apply(new Float64Array([1, 1, 1]));               // [3, 3, 4]
 * ```
 */
export function blockDiagOperator(blocks: ReadonlyArray<MatrixLike | LinearOperator>): LinearOperator {
  const fn = 'blockDiagOperator';
  if (!Array.isArray(blocks) || blocks.length === 0) {
    throw new InvalidArgumentError(fn, `blocks must be a non-empty array of matrices or operators (got ${fmt(blocks)})`);
  }
  const list: Block[] = [];
  let rows = 0, cols = 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (isOperator(b)) {
      if (!Number.isInteger(b.rows) || !Number.isInteger(b.cols) || b.rows < 0 || b.cols < 0 || typeof b.apply !== 'function' || typeof b.applyT !== 'function') {
        throw new InvalidArgumentError(fn, `blocks[${i}] is not a well-formed LinearOperator (got ${b.rows}×${b.cols})`);
      }
      list.push({ dense: false, rows: b.rows, cols: b.cols, op: b });
    } else {
      const A = asMatrix(b as MatrixLike, fn, { name: `blocks[${i}]` });
      list.push({ dense: true, rows: A.rows, cols: A.cols, a: toColMajor(A).data });
    }
    rows += list[i].rows;
    cols += list[i].cols;
  }
  const run = (trans: boolean, v: Float64Array): Float64Array => {
    const inLen = trans ? rows : cols;
    const x = vectorArg(`blockDiagOperator.${trans ? 'applyT' : 'apply'}`, trans ? 'y' : 'x', v, inLen, trans ? 'the operator row count' : 'the operator column count');
    const out = new Float64Array(trans ? cols : rows);
    let xo = 0, yo = 0;
    for (const b of list) {
      const bi = trans ? b.rows : b.cols; // input length of this block
      const bo = trans ? b.cols : b.rows; // output length
      if (b.dense) {
        const m = b.rows, n = b.cols;
        if (!trans) {
          for (let j = 0; j < n; j++) axpy(m, x[xo + j], b.a, j * m, 1, out, yo, 1);
        } else {
          for (let j = 0; j < n; j++) out[yo + j] = dot(m, b.a, j * m, 1, x, xo, 1);
        }
      } else if (bi > 0 || bo > 0) {
        const seg = x.subarray(xo, xo + bi);
        const r = trans ? b.op.applyT(seg) : b.op.apply(seg);
        if (!(r instanceof Float64Array) || r.length !== bo) {
          throw new InvalidArgumentError(fn, `a block operator returned ${r instanceof Float64Array ? `length ${r.length}` : fmt(r)} (expected a Float64Array of length ${bo})`);
        }
        out.set(r, yo);
      }
      xo += bi;
      yo += bo;
    }
    return out;
  };
  return { kind: 'operator', rows, cols, apply: (x) => run(false, x), applyT: (y) => run(true, y) };
}
