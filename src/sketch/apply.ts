/**
 * Applying a sketch: S·A, A·Sᵀ, and the dense matrix S itself.
 *
 * One mechanism serves every kind and every input type: A is cut into canonical row blocks of
 * `blockRows` rows (block b holds rows [b·B, (b+1)·B)), each block's partial product
 * S[:, block]·A[block] is computed by the kind's kernel, and the partial products are summed in
 * a fixed binary tree over block indices (`tree.ts`). The streaming accumulator uses exactly the
 * same leaves and tree, so streamed and one-shot results are bit-identical.
 *
 * @module
 */
import { assertCsr } from '../core/csr.js';
import type { CsrMatrix } from '../core/csr.js';
import { DimensionError, InvalidArgumentError } from '../core/errors.js';
import { asMatrix, type MatrixLike } from '../core/interop.js';
import { fromColMajor, subMatrix, toColMajor, transpose, type DenseMatrix } from '../core/matrix.js';
import { csrTransposeKernel } from '../core/csr.js';
import { assertFiniteVector, assertInt } from '../core/validate.js';
import { KIND_IMPLS, type KindImpl, type Prepared } from './kinds.js';
import { sketchOperator, type SketchOperator, type SketchSpec } from './spec.js';
import { createTree, insertNode, treeRoot } from './tree.js';

/** Inputs a sketch applies to: a dense matrix (any {@link MatrixLike}), a CSR matrix, or a vector. */
export type SketchInput = MatrixLike | CsrMatrix | Float64Array | readonly number[];

/** Validates (or re-validates) a spec; cheap. */
export function resolveOperator(S: SketchSpec | SketchOperator, fn: string): SketchOperator {
  try {
    return sketchOperator(S);
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw new InvalidArgumentError(fn, e.message.replace(/^sketchOperator: /, ''));
    throw e;
  }
}

/** The kernels and the prepared data of an operator. */
export function prepareOperator(op: SketchOperator): { impl: KindImpl; p: Prepared } {
  const impl = KIND_IMPLS[op.kind];
  return { impl, p: impl.prepare(op) };
}

function isCsr(x: unknown): x is CsrMatrix {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'csr';
}

/** Rows [r0, r1) of a CSR matrix, sharing its index and value arrays (internal, no checks). */
export function csrRows(X: CsrMatrix, r0: number, r1: number): CsrMatrix {
  const base = X.indptr[r0];
  const end = X.indptr[r1];
  const indptr = new Int32Array(r1 - r0 + 1);
  for (let r = r0; r <= r1; r++) indptr[r - r0] = X.indptr[r] - base;
  return { kind: 'csr', rows: r1 - r0, cols: X.cols, indptr, indices: X.indices.subarray(base, end), values: X.values.subarray(base, end) };
}

/** Partial product of canonical block b (internal): a fresh m×d column-major array. */
export function leafProduct(impl: KindImpl, p: Prepared, b: number, X: DenseMatrix | CsrMatrix): Float64Array {
  const out = new Float64Array(p.m * X.cols);
  const c0 = b * p.op.blockRows;
  if (X.kind === 'csr') impl.leafCsr(p, c0, X, out);
  else impl.leafDense(p, c0, X, out);
  return out;
}

/** S·A over canonical blocks and the fixed tree (internal; A already validated, A.rows = n). */
export function sketchRowBlocks(op: SketchOperator, A: DenseMatrix | CsrMatrix): DenseMatrix {
  const { impl, p } = prepareOperator(op);
  const B = op.blockRows;
  const n = op.cols;
  const d = A.cols;
  const nb = Math.ceil(n / B);
  const tree = createTree(nb, op.rows * d);
  for (let b = 0; b < nb; b++) {
    const r0 = b * B;
    const r1 = Math.min(n, r0 + B);
    const X = A.kind === 'csr' ? csrRows(A, r0, r1) : subMatrix(A, r0, r1, 0, d);
    insertNode(tree, 0, b, leafProduct(impl, p, b, X));
  }
  return fromColMajor(op.rows, d, treeRoot(tree) as Float64Array);
}

/** Validates a sketch input under the caller's function name (internal; shared with the parallel path). */
export function toInput(fn: string, A: SketchInput): { M: DenseMatrix | CsrMatrix; vector: boolean } {
  if (A instanceof Float64Array || (Array.isArray(A) && (A.length === 0 || typeof A[0] === 'number'))) {
    const v = A instanceof Float64Array ? A : Float64Array.from(A as readonly number[]);
    assertFiniteVector(fn, 'x', v);
    return { M: fromColMajor(v.length, 1, v), vector: true };
  }
  if (isCsr(A)) {
    assertCsr(fn, 'A', A);
    return { M: A, vector: false };
  }
  return { M: asMatrix(A as MatrixLike, fn), vector: false };
}

/**
 * S·A: the sketch applied on the left.
 *
 * A is an n×d dense matrix (any {@link MatrixLike}), an n×d {@link CsrMatrix} or a vector of
 * length n; the result is the m×d column-major matrix S·A (a `Float64Array` of length m for a
 * vector). The same operator and input give bit-identical results on any machine, and equal to
 * what {@link sketchStream} returns for any chunking and order of the rows.
 *
 * Cost, for A n×d with nnz(A) stored entries:
 * - gaussian, rademacher, tensor: O(m·n·d) (gemm; for CSR input O(m·nnz(A)) plus generating S);
 * - srht: O(n·d·log₂ B + (n/B)·m·d), B = min(blockRows, N), no S formed;
 * - countsketch: O(nnz(A)); sparse-sign: O(ζ·nnz(A)); very-sparse: O(nnz(A)·m/s);
 * - orthogonal: O(n·m²) to draw the Haar factor, then O(m·n·d).
 *
 * @param S - the sketch spec or operator (m×n).
 * @param A - n×d dense matrix, CSR matrix, or vector of length n.
 * @throws {@link DimensionError} when A has not n rows; {@link NonFiniteError} on NaN/±Infinity;
 *   {@link InvalidArgumentError} on a bad spec or input type.
 * @example
 * ```ts
 * const SA = applySketch({ kind: 'srht', rows: 128, cols: A.rows, seed: 1 }, A);
 * ```
 */
export function applySketch(S: SketchSpec | SketchOperator, A: DenseMatrix | CsrMatrix | MatrixLike): DenseMatrix;
export function applySketch(S: SketchSpec | SketchOperator, A: Float64Array | readonly number[]): Float64Array;
export function applySketch(S: SketchSpec | SketchOperator, A: SketchInput): DenseMatrix | Float64Array {
  const fn = 'applySketch';
  const op = resolveOperator(S, fn);
  const { M, vector } = toInput(fn, A);
  if (M.rows !== op.cols) {
    throw new DimensionError(fn, `${vector ? 'x has length' : 'A has'} ${M.rows}${vector ? '' : ' rows'} but the sketch has ${op.cols} columns`);
  }
  const R = sketchRowBlocks(op, M);
  return vector ? R.data : R;
}

/**
 * A·Sᵀ: the sketch applied on the right (sketching the columns of A).
 *
 * A is p×n (dense, CSR) or a vector of length n; the result is p×m (column-major), computed as
 * (S·Aᵀ)ᵀ with the same kernels and reduction as {@link applySketch}, so the same bit-level
 * reproducibility holds. Cost as for {@link applySketch} on Aᵀ.
 *
 * @throws {@link DimensionError} when A has not n columns.
 */
export function applySketchRight(A: DenseMatrix | CsrMatrix | MatrixLike, S: SketchSpec | SketchOperator): DenseMatrix;
export function applySketchRight(A: Float64Array | readonly number[], S: SketchSpec | SketchOperator): Float64Array;
export function applySketchRight(A: SketchInput, S: SketchSpec | SketchOperator): DenseMatrix | Float64Array {
  const fn = 'applySketchRight';
  const op = resolveOperator(S, fn);
  const { M, vector } = toInput(fn, A);
  if (vector) {
    if (M.rows !== op.cols) throw new DimensionError(fn, `x has length ${M.rows} but the sketch has ${op.cols} columns`);
    return sketchRowBlocks(op, M).data;
  }
  if (M.cols !== op.cols) throw new DimensionError(fn, `A has ${M.cols} columns but the sketch has ${op.cols} columns`);
  const At = M.kind === 'csr' ? csrTransposeKernel(M) : transpose(M);
  return toColMajor(transpose(sketchRowBlocks(op, At)));
}

/**
 * The dense m×n matrix S (column-major). For tests and small sizes: O(m·n) memory.
 * Equal, entry for entry and bit for bit, to every {@link materializeBlock} of the same operator.
 */
export function materialize(S: SketchSpec | SketchOperator): DenseMatrix {
  const op = resolveOperator(S, 'materialize');
  const { impl, p } = prepareOperator(op);
  return fromColMajor(op.rows, op.cols, impl.block(p, 0, op.rows, 0, op.cols));
}

/**
 * The block S[r0:r1, c0:c1] (half-open ranges), column-major, generated without forming the
 * rest of S (for the kinds that mix columns, SRHT and orthogonal, only the per-operator data
 * (sampled rows, Haar factor) is derived). Exactly equal to the same block of {@link materialize}.
 *
 * @throws {@link InvalidArgumentError} when a range is outside [0, m] × [0, n] or reversed.
 */
export function materializeBlock(S: SketchSpec | SketchOperator, r0: number, r1: number, c0: number, c1: number): DenseMatrix {
  const fn = 'materializeBlock';
  const op = resolveOperator(S, fn);
  assertInt(fn, 'r0', r0, 0, op.rows);
  assertInt(fn, 'r1', r1, r0, op.rows);
  assertInt(fn, 'c0', c0, 0, op.cols);
  assertInt(fn, 'c1', c1, c0, op.cols);
  const { impl, p } = prepareOperator(op);
  return fromColMajor(r1 - r0, c1 - c0, impl.block(p, r0, r1, c0, c1));
}
