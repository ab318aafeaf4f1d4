/**
 * Linear operators: anything that can compute A·x and Aᵀ·y. LSQR and the sketch-and-precondition
 * solvers take a {@link LinearOperator}; {@link asOperator} wraps dense and CSR matrices, and
 * {@link linearOperator} wraps a pair of user functions with cheap length checks.
 *
 * Contract for `apply`/`applyT`: they return a **new** `Float64Array` of the right length and do
 * not modify their argument (callers such as LSQR pass their work vectors).
 *
 * @module
 */
import { DimensionError, InvalidArgumentError } from './errors.js';
import { type DenseMatrix, fromColMajor } from './matrix.js';
import { type CsrMatrix, assertCsr, csrMatvecInto, csrMatvecTInto } from './csr.js';
import { assertDenseMatrix } from './interop.js';
import { axpy, dot } from './kernels/blas1.js';
import { assertInt } from './validate.js';

/** An m×n linear map given by its action and the action of its transpose. */
export interface LinearOperator {
  readonly kind: 'operator';
  /** Number of rows m (length of A·x). */
  readonly rows: number;
  /** Number of columns n (length of x). */
  readonly cols: number;
  /** A·x for x of length n; returns a new array of length m and leaves x unchanged. */
  apply(x: Float64Array): Float64Array;
  /** Aᵀ·y for y of length m; returns a new array of length n and leaves y unchanged. */
  applyT(y: Float64Array): Float64Array;
}

/** What {@link asOperator} and the solvers accept as a linear map. */
export type OperatorLike = DenseMatrix | CsrMatrix | LinearOperator;

/** The definition passed to {@link linearOperator}. */
export interface LinearOperatorSpec {
  rows: number;
  cols: number;
  apply(x: Float64Array): Float64Array | ArrayLike<number>;
  applyT(y: Float64Array): Float64Array | ArrayLike<number>;
}

const MAX_DIM = 2 ** 31 - 1;

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x;
}

function checkLength(fn: string, what: string, v: ArrayLike<number>, n: number, against: string): void {
  if (v.length !== n) throw new DimensionError(fn, `${what} has length ${v.length} but ${against} is ${n}`);
}

/** @internal y ← A·x (overwrites y) for a dense A of any strides; no validation. Cost 2mn. */
export function denseMatvecInto(A: DenseMatrix, x: Float64Array, y: Float64Array): void {
  const { rows, cols, data, offset, rowStride, colStride } = A;
  if (Math.abs(rowStride) <= Math.abs(colStride)) {
    // Column sweep: y += x_j·A[:, j] (unit stride for column-major A).
    y.fill(0, 0, rows);
    for (let j = 0; j < cols; j++) axpy(rows, x[j], data, offset + j * colStride, rowStride, y, 0, 1);
  } else {
    // Row sweep: y_i = A[i, :]·x (unit stride for row-major A).
    for (let i = 0; i < rows; i++) y[i] = dot(cols, data, offset + i * rowStride, colStride, x, 0, 1);
  }
}

/** @internal x ← Aᵀ·y (overwrites x) for a dense A of any strides; no validation. Cost 2mn. */
export function denseMatvecTInto(A: DenseMatrix, y: Float64Array, x: Float64Array): void {
  const { rows, cols, data, offset, rowStride, colStride } = A;
  if (Math.abs(rowStride) <= Math.abs(colStride)) {
    // x_j = A[:, j]·y (unit stride for column-major A).
    for (let j = 0; j < cols; j++) x[j] = dot(rows, data, offset + j * colStride, rowStride, y, 0, 1);
  } else {
    // x += y_i·A[i, :] (unit stride for row-major A).
    x.fill(0, 0, cols);
    for (let i = 0; i < rows; i++) axpy(cols, y[i], data, offset + i * rowStride, colStride, x, 0, 1);
  }
}

/**
 * A {@link LinearOperator} of shape rows×cols whose `apply` and `applyT` check their argument's
 * length (O(1), a DimensionError naming `LinearOperator.apply` / `applyT`) and then call
 * `apply(x)` / `applyT(y)`.
 */
function checkedOperator(rows: number, cols: number, apply: (x: Float64Array) => Float64Array, applyT: (y: Float64Array) => Float64Array): LinearOperator {
  return {
    kind: 'operator',
    rows,
    cols,
    apply(x: Float64Array): Float64Array {
      checkLength('LinearOperator.apply', 'x', x, cols, 'the number of columns');
      return apply(x);
    },
    applyT(y: Float64Array): Float64Array {
      checkLength('LinearOperator.applyT', 'y', y, rows, 'the number of rows');
      return applyT(y);
    },
  };
}

/**
 * The {@link LinearOperator} of a stored matrix M (rows×cols) from its product kernels:
 * `apply(x)` = M·x by `into(M, x, y)`, `applyT(y)` = Mᵀ·y by `intoT(M, y, x)`, each into a
 * fresh array.
 */
function matvecOperator<M>(M: M, rows: number, cols: number, into: (M: M, x: Float64Array, y: Float64Array) => void, intoT: (M: M, y: Float64Array, x: Float64Array) => void): LinearOperator {
  return checkedOperator(
    rows,
    cols,
    (x) => {
      const y = new Float64Array(rows);
      into(M, x, y);
      return y;
    },
    (y) => {
      const x = new Float64Array(cols);
      intoT(M, y, x);
      return x;
    },
  );
}

/**
 * Wraps a dense matrix, a CSR matrix or an operator as a {@link LinearOperator}; an operator is
 * returned as is. The matrix is checked once here (structure; finiteness for dense and CSR) and
 * captured by reference: later changes to its arrays show through. `apply`/`applyT` check the
 * argument length (O(1)) and cost 2mn (dense, with a loop order chosen for the strides) or
 * O(nnz + m + n) (CSR).
 *
 * @throws InvalidArgumentError for anything else; as `assertDenseMatrix` / {@link assertCsr}.
 */
export function asOperator(A: OperatorLike, fn = 'asOperator', name = 'A'): LinearOperator {
  if (typeof A === 'object' && A !== null) {
    if (A.kind === 'operator') {
      assertOperator(fn, name, A);
      return A;
    }
    if (A.kind === 'dense') {
      assertDenseMatrix(fn, name, A);
      return matvecOperator(A, A.rows, A.cols, denseMatvecInto, denseMatvecTInto);
    }
    if (A.kind === 'csr') {
      assertCsr(fn, name, A);
      return matvecOperator(A, A.rows, A.cols, csrMatvecInto, csrMatvecTInto);
    }
  }
  throw new InvalidArgumentError(fn, `${name} must be a DenseMatrix, a CsrMatrix or a LinearOperator (got ${typeName(A)})`);
}

/** Structural check of an object claiming to be a {@link LinearOperator}. O(1). */
function assertOperator(fn: string, name: string, A: LinearOperator): void {
  assertInt(fn, `${name}.rows`, A.rows, 0, MAX_DIM);
  assertInt(fn, `${name}.cols`, A.cols, 0, MAX_DIM);
  if (typeof A.apply !== 'function' || typeof A.applyT !== 'function') {
    throw new InvalidArgumentError(fn, `${name} must have apply and applyT functions (got ${typeof A.apply}, ${typeof A.applyT})`);
  }
}

/**
 * A {@link LinearOperator} from user functions computing A·x and Aᵀ·y. The wrapper checks, in
 * O(1), that the argument and the returned array have the right lengths, and converts a
 * returned plain array to a `Float64Array`. The functions must not modify their argument.
 *
 * @param spec - `{ rows, cols, apply, applyT }`.
 * @throws InvalidArgumentError for a bad shape or missing functions. The returned operator
 *   throws DimensionError when called with, or returning, a vector of the wrong length.
 */
export function linearOperator(spec: LinearOperatorSpec): LinearOperator {
  const fn = 'linearOperator';
  if (typeof spec !== 'object' || spec === null) throw new InvalidArgumentError(fn, `spec must be an object (got ${typeName(spec)})`);
  const rows = assertInt(fn, 'rows', spec.rows, 0, MAX_DIM);
  const cols = assertInt(fn, 'cols', spec.cols, 0, MAX_DIM);
  const f = spec.apply, g = spec.applyT;
  if (typeof f !== 'function') throw new InvalidArgumentError(fn, `apply must be a function (got ${typeName(f)})`);
  if (typeof g !== 'function') throw new InvalidArgumentError(fn, `applyT must be a function (got ${typeName(g)})`);
  const toF64 = (v: Float64Array | ArrayLike<number>, where: string, n: number, against: string): Float64Array => {
    if (v === null || typeof v !== 'object' || typeof v.length !== 'number') {
      throw new InvalidArgumentError(where, `the result must be a Float64Array (got ${typeName(v)})`);
    }
    checkLength(where, 'the result', v, n, against);
    return v instanceof Float64Array ? v : Float64Array.from(v);
  };
  return checkedOperator(
    rows,
    cols,
    (x) => toF64(f.call(spec, x), 'LinearOperator.apply', rows, 'the number of rows'),
    (y) => toF64(g.call(spec, y), 'LinearOperator.applyT', cols, 'the number of columns'),
  );
}

/**
 * The product A₁·A₂·…·A_k as an operator (applied right to left; the transpose applies
 * A₁ᵀ first). Each factor may be dense, CSR or an operator. Cost: the sum of the factors'.
 *
 * @throws DimensionError when adjacent shapes do not chain; InvalidArgumentError for a bad factor.
 */
export function composeOperators(...factors: OperatorLike[]): LinearOperator {
  const fn = 'composeOperators';
  if (factors.length === 0) throw new InvalidArgumentError(fn, 'at least one factor is required (got 0)');
  const ops = factors.map((F, k) => asOperator(F, fn, `factors[${k}]`));
  for (let k = 0; k + 1 < ops.length; k++) {
    if (ops[k].cols !== ops[k + 1].rows) {
      throw new DimensionError(fn, `factors[${k + 1}] has ${ops[k + 1].rows} rows but factors[${k}] has ${ops[k].cols} columns`);
    }
  }
  if (ops.length === 1) return ops[0];
  const rows = ops[0].rows, cols = ops[ops.length - 1].cols;
  return checkedOperator(
    rows,
    cols,
    (x) => {
      let v = x;
      for (let k = ops.length - 1; k >= 0; k--) v = ops[k].apply(v);
      return v;
    },
    (y) => {
      let v = y;
      for (let k = 0; k < ops.length; k++) v = ops[k].applyT(v);
      return v;
    },
  );
}

/**
 * Aᵀ as an operator (apply and applyT swapped). O(1).
 *
 * @throws InvalidArgumentError for a bad input.
 */
export function transposeOperator(A: OperatorLike): LinearOperator {
  const op = asOperator(A, 'transposeOperator');
  return {
    kind: 'operator',
    rows: op.cols,
    cols: op.rows,
    apply: (x: Float64Array) => op.applyT(x),
    applyT: (y: Float64Array) => op.apply(y),
  };
}

/**
 * The dense column-major matrix of an operator, column j being A·e_j. Meant for tests and small
 * operators. Cost n applications.
 *
 * @throws InvalidArgumentError for a bad input; DimensionError when `apply` returns a wrong length.
 */
export function operatorToDense(A: OperatorLike): DenseMatrix {
  const fn = 'operatorToDense';
  const op = asOperator(A, fn);
  const { rows, cols } = op;
  const out = new Float64Array(rows * cols);
  const e = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    e[j] = 1;
    const col = op.apply(e);
    if (col.length !== rows) throw new DimensionError(fn, `A.apply returned length ${col.length} but A has ${rows} rows`);
    out.set(col, j * rows);
    e[j] = 0;
  }
  return fromColMajor(rows, cols, out);
}
