/**
 * Public dense matrix operations: products, the Gram matrix, elementwise sums and scaling,
 * the Frobenius norm and copies.
 *
 * Every function validates its arguments first (typed errors from `./errors.ts`; messages name
 * the function and the shapes involved), returns a fresh column-major result and never mutates
 * its inputs. Inputs are {@link DenseMatrix} values of any strides (transpose and sub-block
 * views included); `asMatrix` in `./interop.ts` turns `number[][]`, ml-matrix and mathjs
 * matrices into one.
 *
 * Finiteness is not checked: NaN and ±Infinity propagate by IEEE rules (so 0·Infinity gives
 * NaN), which costs nothing and is what a caller who passes them would expect of arithmetic.
 *
 * @module
 */
import { DimensionError, InvalidArgumentError } from './errors.js';
import { assertDenseMatrix, asVector, type VectorLike } from './interop.js';
import { gemmInto, gramInto } from './kernels/gemm.js';
import { gemvInto } from './kernels/gemv.js';
import { type DenseMatrix, toColMajor, transpose, zeros } from './matrix.js';
import { assertReal, fmt } from './validate.js';

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** Use Aᵀ in place of A (a zero-copy view; default false). */
  transA?: boolean;
  /** Use Bᵀ in place of B (a zero-copy view; default false). */
  transB?: boolean;
}

/** Options of {@link matvec}. */
export interface MatvecOptions {
  /** Compute Aᵀ·x instead of A·x (default false). */
  trans?: boolean;
}

/**
 * The matrix product op(A)·op(B), where op(X) is X or Xᵀ as chosen by `transA` / `transB`.
 *
 * Runs the cache-blocked, packed kernel `gemmInto` (GotoBLAS/BLIS design: K. Goto and
 * R. A. van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3),
 * 2008; F. G. Van Zee and R. A. van de Geijn, "BLIS: A framework for rapidly instantiating BLAS
 * functionality", ACM TOMS 41(3), 2015). Transposes are stride-swapped views, so no operand is
 * copied beyond the kernel's own packing; all layouts run at the same speed. `matmul(A, A,
 * { transA: true })` is recognised and computed as {@link gram} (half the work, exactly
 * symmetric).
 *
 * Cost: 2·m·k·n flops for an m×k op(A) and a k×n op(B); O(mn) extra memory (the result).
 * NaN and ±Infinity propagate by IEEE rules (inputs are not scanned).
 *
 * @param A - left factor (any strides).
 * @param B - right factor (any strides).
 * @param options - `transA`, `transB` (booleans, default false).
 * @returns op(A)·op(B) as a new column-major m×n matrix.
 * @throws InvalidArgumentError when A or B is not a well-formed DenseMatrix, or an option is
 *   unknown or not a boolean.
 * @throws DimensionError when op(A) has k columns but op(B) does not have k rows.
 */
export function matmul(A: DenseMatrix, B: DenseMatrix, options?: MatmulOptions): DenseMatrix {
  const fn = 'matmul';
  assertDenseMatrix(fn, 'A', A, false);
  assertDenseMatrix(fn, 'B', B, false);
  const opts = readOptions(fn, options, ['transA', 'transB']);
  const transA = readBoolean(fn, 'transA', opts.transA);
  const transB = readBoolean(fn, 'transB', opts.transB);
  const opA = transA ? transpose(A) : A;
  const opB = transB ? transpose(B) : B;
  if (opA.cols !== opB.rows) {
    throw new DimensionError(
      fn,
      `${transA ? 'Aᵀ' : 'A'} has ${count(opA.cols, 'column')} but ${transB ? 'Bᵀ' : 'B'} has ${count(opB.rows, 'row')} (A is ${shape(A)}, B is ${shape(B)})`,
    );
  }
  const C = zeros(opA.rows, opB.cols);
  if (transA && !transB && sameView(A, B)) gramInto(C, A);
  else gemmInto(C, opA, opB, 1, 0);
  return C;
}

/**
 * The matrix–vector product A·x, or Aᵀ·x with `trans: true`.
 *
 * Runs `gemvInto`, whose loop order follows A's layout, so both A·x and Aᵀ·x stream a
 * column-major A at unit stride. Cost: 2·m·n flops for an m×n A.
 * NaN and ±Infinity propagate by IEEE rules (inputs are not scanned).
 *
 * @param A - the matrix (any strides).
 * @param x - a `Float64Array` or `number[]` of length n (m with `trans`); never modified.
 * @param options - `trans` (boolean, default false).
 * @returns a new `Float64Array` of length m (n with `trans`).
 * @throws InvalidArgumentError when A is not a well-formed DenseMatrix, x is not a vector of
 *   numbers, or an option is unknown or not a boolean.
 * @throws DimensionError when the length of x does not match.
 */
export function matvec(A: DenseMatrix, x: VectorLike, options?: MatvecOptions): Float64Array {
  const fn = 'matvec';
  assertDenseMatrix(fn, 'A', A, false);
  const opts = readOptions(fn, options, ['trans']);
  const trans = readBoolean(fn, 'trans', opts.trans);
  const xv = asVector(x, fn, 'x', { checkFinite: false });
  const opA = trans ? transpose(A) : A;
  if (xv.length !== opA.cols) {
    throw new DimensionError(
      fn,
      `${trans ? 'Aᵀ' : 'A'} has ${count(opA.cols, 'column')} but x has length ${xv.length} (A is ${shape(A)})`,
    );
  }
  const y = new Float64Array(opA.rows);
  gemvInto(y, opA, xv, 1, 0);
  return y;
}

/**
 * The Gram matrix AᵀA (n×n for an m×n A), exactly symmetric.
 *
 * Computes only the micro-tiles on and above the diagonal with the packed gemm kernel on the
 * transpose view (no copy of A), then mirrors the upper triangle: about m·n² + 4·m·n flops
 * instead of the 2·m·n² of a general product. Tall-skinny A (m ≫ n, column-major) streams at
 * unit stride. NaN and ±Infinity propagate by IEEE rules.
 *
 * @param A - an m×n matrix (any strides); m = 0 gives the n×n zero matrix.
 * @returns AᵀA as a new column-major n×n matrix with C[i, j] === C[j, i] bit for bit.
 * @throws InvalidArgumentError when A is not a well-formed DenseMatrix.
 */
export function gram(A: DenseMatrix): DenseMatrix {
  assertDenseMatrix('gram', 'A', A, false);
  const C = zeros(A.cols, A.cols);
  gramInto(C, A);
  return C;
}

/**
 * The elementwise sum A + B. Cost: m·n flops.
 *
 * @returns a new column-major matrix.
 * @throws InvalidArgumentError when A or B is not a well-formed DenseMatrix.
 * @throws DimensionError when the shapes differ.
 */
export function add(A: DenseMatrix, B: DenseMatrix): DenseMatrix {
  return combine('add', A, B, 1);
}

/**
 * The elementwise difference A − B. Cost: m·n flops.
 *
 * @returns a new column-major matrix.
 * @throws InvalidArgumentError when A or B is not a well-formed DenseMatrix.
 * @throws DimensionError when the shapes differ.
 */
export function sub(A: DenseMatrix, B: DenseMatrix): DenseMatrix {
  return combine('sub', A, B, -1);
}

/**
 * The scalar multiple α·A. Cost: m·n flops.
 *
 * @param alpha - a finite number.
 * @returns a new column-major matrix.
 * @throws InvalidArgumentError when A is not a well-formed DenseMatrix or alpha is not a finite
 *   number.
 */
export function scale(A: DenseMatrix, alpha: number): DenseMatrix {
  const fn = 'scale';
  assertDenseMatrix(fn, 'A', A, false);
  assertReal(fn, 'alpha', alpha);
  const { rows: m, cols: n, data, offset, rowStride, colStride } = A;
  const out = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0, s = offset + j * colStride, d = j * m; i < m; i++, s += rowStride, d++) out[d] = alpha * data[s];
  }
  return { kind: 'dense', rows: m, cols: n, data: out, offset: 0, rowStride: 1, colStride: m };
}

/**
 * The Frobenius norm ‖A‖_F = √(Σ a_ij²), without overflow or harmful underflow.
 *
 * One plain pass sums the squares; only when that sum overflows or underflows (entries beyond
 * about 1e±150) does a second pass run with a running scale (the LAPACK `dnrm2` / `dlassq`
 * idea). Cost: 2·m·n flops (4·m·n in the rare scaled case). The sweep follows A's smaller
 * stride. An empty matrix has norm 0; NaN gives NaN and ±Infinity (without NaN) gives Infinity.
 *
 * @throws InvalidArgumentError when A is not a well-formed DenseMatrix.
 */
export function frobeniusNorm(A: DenseMatrix): number {
  assertDenseMatrix('frobeniusNorm', 'A', A, false);
  const byCols = Math.abs(A.rowStride) <= Math.abs(A.colStride);
  const outer = byCols ? A.cols : A.rows, inner = byCols ? A.rows : A.cols;
  const so = byCols ? A.colStride : A.rowStride, si = byCols ? A.rowStride : A.colStride;
  const { data, offset } = A;
  let s = 0;
  for (let u = 0; u < outer; u++) {
    for (let v = 0, q = offset + u * so; v < inner; v++, q += si) s += data[q] * data[q];
  }
  if (s < 1e300 && s > 1e-290) return Math.sqrt(s);
  if (s !== s) return NaN;
  let sc = 0;
  let ssq = 1;
  let inf = false;
  for (let u = 0; u < outer; u++) {
    for (let v = 0, q = offset + u * so; v < inner; v++, q += si) {
      const x = data[q];
      if (x !== 0) {
        const a = Math.abs(x);
        if (a !== a) return NaN;
        if (a === Infinity) {
          inf = true;
          continue;
        }
        if (sc < a) {
          const r = sc / a;
          ssq = 1 + ssq * r * r;
          sc = a;
        } else {
          const r = a / sc;
          ssq += r * r;
        }
      }
    }
  }
  return inf ? Infinity : sc * Math.sqrt(ssq);
}

/**
 * A fresh column-major contiguous copy of A, whatever A's strides (for example to materialise
 * a transpose or sub-block view). Cost: m·n copies, no flops.
 *
 * @throws InvalidArgumentError when A is not a well-formed DenseMatrix.
 */
export function copyMatrix(A: DenseMatrix): DenseMatrix {
  assertDenseMatrix('copyMatrix', 'A', A, false);
  return toColMajor(A);
}

/** out = A + sign·B, column-major. */
function combine(fn: string, A: DenseMatrix, B: DenseMatrix, sign: 1 | -1): DenseMatrix {
  assertDenseMatrix(fn, 'A', A, false);
  assertDenseMatrix(fn, 'B', B, false);
  if (A.rows !== B.rows || A.cols !== B.cols) {
    throw new DimensionError(fn, `A is ${shape(A)} but B is ${shape(B)} (expected equal shapes)`);
  }
  const m = A.rows, n = A.cols;
  const a = A.data, ars = A.rowStride, acs = A.colStride;
  const b = B.data, brs = B.rowStride, bcs = B.colStride;
  const out = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    let x = A.offset + j * acs, y = B.offset + j * bcs;
    const d0 = j * m;
    if (sign === 1) for (let i = 0; i < m; i++, x += ars, y += brs) out[d0 + i] = a[x] + b[y];
    else for (let i = 0; i < m; i++, x += ars, y += brs) out[d0 + i] = a[x] - b[y];
  }
  return { kind: 'dense', rows: m, cols: n, data: out, offset: 0, rowStride: 1, colStride: m };
}

/** Checks that `options` is undefined or a plain object with only the allowed keys. */
function readOptions(fn: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(options)})`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new InvalidArgumentError(fn, `unknown option '${key}' (expected one of ${allowed.map((k) => `'${k}'`).join(', ')})`);
    }
  }
  return options as Record<string, unknown>;
}

/** undefined → false; otherwise the value must be a boolean. */
function readBoolean(fn: string, name: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new InvalidArgumentError(fn, `${name} must be a boolean (got ${fmt(v)})`);
  return v;
}

/** True when A and B are the same view of the same buffer. */
function sameView(A: DenseMatrix, B: DenseMatrix): boolean {
  return (
    A.data === B.data &&
    A.offset === B.offset &&
    A.rows === B.rows &&
    A.cols === B.cols &&
    A.rowStride === B.rowStride &&
    A.colStride === B.colStride
  );
}

function shape(A: DenseMatrix): string {
  return `${A.rows}×${A.cols}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
