/**
 * Converters at the API edge: everything a user may hand to randnla as a matrix or a vector is
 * turned into a {@link DenseMatrix} or a `Float64Array` here, once, with its shape and
 * finiteness checked.
 *
 * Accepted matrix inputs ({@link MatrixLike}):
 * - a {@link DenseMatrix} (any strides): structurally checked and returned as is, never copied
 *   (randnla never writes into its inputs);
 * - `number[][]` (an array of rows; rows may also be typed arrays), which must be rectangular;
 * - `{ data, rows, cols, order? }`: a flat `Float64Array` or `number[]` of length rows·cols,
 *   row-major by default (numpy's order), or column-major with `order: 'col'`;
 * - an ml-matrix `Matrix` (or any of its views), recognised by shape: numeric `rows` and
 *   `columns` and a `get(i, j)` or `to2DArray()` method;
 * - a mathjs `Matrix` (dense or sparse), recognised by shape: a `size()` method returning
 *   `[m, n]` and a `toArray()` or `valueOf()` method giving nested arrays.
 *
 * Neither ml-matrix nor mathjs is imported here, so `asMatrix` never pulls them into a bundle;
 * `toMlMatrix`, the one converter that must construct an ml-matrix object, lives in
 * `./ml-matrix.ts`. Every input that is not already a `DenseMatrix` is copied into a fresh
 * column-major matrix, so the result never aliases an array that the caller keeps.
 *
 * @module
 */
import { DimensionError, InvalidArgumentError, NonFiniteError } from './errors.js';
import { type DenseMatrix, fromColMajor } from './matrix.js';
import { assertFiniteMatrix, assertFiniteVector, fmt } from './validate.js';

/** A flat buffer plus a shape; `order` defaults to `'row'` (numpy's C order). */
export interface ShapedArray {
  readonly data: Float64Array | readonly number[];
  readonly rows: number;
  readonly cols: number;
  /** Layout of `data`: `'row'` (default) for row-major, `'col'` for column-major. */
  readonly order?: 'row' | 'col';
}

/** What `asMatrix` recognises as an ml-matrix `Matrix` (or view): duck-typed, no import. */
export interface MlMatrixLike {
  readonly rows: number;
  readonly columns: number;
  get?(i: number, j: number): number;
  to2DArray?(): number[][];
}

/** What `asMatrix` recognises as a mathjs `Matrix` (dense or sparse): duck-typed, no import. */
export interface MathjsMatrixLike {
  size(): number[];
  toArray?(): unknown;
  valueOf?(): unknown;
}

/** Every matrix input the public functions accept. */
export type MatrixLike =
  | DenseMatrix
  | ReadonlyArray<ArrayLike<number>>
  | ShapedArray
  | MlMatrixLike
  | MathjsMatrixLike;

/** Every vector input the public functions accept. */
export type VectorLike = Float64Array | readonly number[];

/** Options of {@link asMatrix}. */
export interface AsMatrixOptions {
  /** Throw {@link NonFiniteError} on NaN or ±Infinity (default true). */
  checkFinite?: boolean;
  /** Name of the argument in error messages (default `'A'`). */
  name?: string;
}

/** Options of {@link asVector}. */
export interface AsVectorOptions {
  /** Throw {@link NonFiniteError} on NaN or ±Infinity (default true). */
  checkFinite?: boolean;
}

const MAX_DIM = 2 ** 31 - 1;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  if (ArrayBuffer.isView(x)) return (x as object).constructor.name;
  if (typeof x === 'object') {
    const ctor = (x as object).constructor;
    return ctor && ctor !== Object && typeof ctor.name === 'string' && ctor.name !== '' ? `object (${ctor.name})` : 'object';
  }
  return typeof x;
}

function checkDim(fn: string, what: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > MAX_DIM) {
    throw new InvalidArgumentError(fn, `${what} must be an integer in [0, ${MAX_DIM}] (got ${fmt(x)})`);
  }
  return x;
}

/**
 * Structural check of an object that claims to be a {@link DenseMatrix}: `kind`, integer shape,
 * `Float64Array` data, integer offset and strides, and every addressed element inside `data`.
 * With `checkFinite` (default true) also scans for NaN/±Infinity. Cost O(1), plus O(mn) for the
 * finiteness scan.
 *
 * @throws InvalidArgumentError on a malformed object; NonFiniteError on a non-finite entry.
 */
export function assertDenseMatrix(fn: string, name: string, A: unknown, checkFinite = true): asserts A is DenseMatrix {
  if (!isObject(A) || A.kind !== 'dense') {
    throw new InvalidArgumentError(fn, `${name} must be a DenseMatrix (got ${describe(A)})`);
  }
  const rows = checkDim(fn, `${name}.rows`, A.rows);
  const cols = checkDim(fn, `${name}.cols`, A.cols);
  if (!(A.data instanceof Float64Array)) {
    throw new InvalidArgumentError(fn, `${name}.data must be a Float64Array (got ${describe(A.data)})`);
  }
  for (const key of ['offset', 'rowStride', 'colStride'] as const) {
    const v = A[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      throw new InvalidArgumentError(fn, `${name}.${key} must be an integer (got ${fmt(v)})`);
    }
  }
  if (rows > 0 && cols > 0) {
    const offset = A.offset as number, rs = A.rowStride as number, cs = A.colStride as number;
    const lo = offset + Math.min(0, (rows - 1) * rs) + Math.min(0, (cols - 1) * cs);
    const hi = offset + Math.max(0, (rows - 1) * rs) + Math.max(0, (cols - 1) * cs);
    if (lo < 0 || hi >= A.data.length) {
      throw new InvalidArgumentError(
        fn,
        `${name} addresses data[${lo}..${hi}] outside its buffer (got data of length ${A.data.length}; expected offset and strides inside it)`,
      );
    }
  }
  if (checkFinite) assertFiniteMatrix(fn, name, A as unknown as DenseMatrix);
}

function nonFinite(fn: string, name: string, v: unknown, i: number, j: number): never {
  throw new NonFiniteError(fn, `${name} has a non-finite entry ${String(v)} at (${i}, ${j})`);
}

function notNumber(fn: string, name: string, v: unknown, i: number, j: number): never {
  throw new InvalidArgumentError(fn, `${name}[${i}][${j}] must be a number (got ${describe(v)})`);
}

/** Copies an array of rows into a fresh column-major matrix (checks rectangularity and types). */
function fromRowArrays(fn: string, name: string, rowsIn: ReadonlyArray<unknown>, checkFinite: boolean): DenseMatrix {
  const m = checkDim(fn, `${name}.length`, rowsIn.length);
  let n = 0;
  for (let i = 0; i < m; i++) {
    const r = rowsIn[i];
    if (!Array.isArray(r) && !(ArrayBuffer.isView(r) && !(r instanceof DataView))) {
      throw new InvalidArgumentError(fn, `${name}[${i}] must be an array of numbers (got ${describe(r)})`);
    }
    const len = (r as ArrayLike<unknown>).length;
    if (i === 0) n = checkDim(fn, `${name}[0].length`, len);
    else if (len !== n) {
      throw new DimensionError(fn, `${name} is ragged: row ${i} has length ${len} but row 0 has length ${n}`);
    }
  }
  if (m * n > MAX_DIM) throw new InvalidArgumentError(fn, `${name} has ${m}×${n} entries (expected at most ${MAX_DIM})`);
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const r = rowsIn[i] as ArrayLike<unknown>;
    for (let j = 0; j < n; j++) {
      const v = r[j];
      if (typeof v !== 'number') notNumber(fn, name, v, i, j);
      if (checkFinite && v - v !== 0) nonFinite(fn, name, v, i, j);
      out[j * m + i] = v;
    }
  }
  return fromColMajor(m, n, out);
}

function fromShaped(fn: string, name: string, x: Record<string, unknown>, checkFinite: boolean): DenseMatrix {
  const m = checkDim(fn, `${name}.rows`, x.rows);
  const n = checkDim(fn, `${name}.cols`, x.cols);
  const order = x.order ?? 'row';
  if (order !== 'row' && order !== 'col') {
    throw new InvalidArgumentError(fn, `${name}.order must be 'row' or 'col' (got ${fmt(order)})`);
  }
  const data = x.data;
  if (!(data instanceof Float64Array) && !Array.isArray(data)) {
    throw new InvalidArgumentError(fn, `${name}.data must be a Float64Array or a number[] (got ${describe(data)})`);
  }
  const d = data as ArrayLike<unknown>;
  if (d.length !== m * n) {
    throw new DimensionError(fn, `${name}.data has length ${d.length} but rows·cols is ${m * n} (${m}×${n})`);
  }
  const out = new Float64Array(m * n);
  const row = order === 'row';
  for (let k = 0; k < d.length; k++) {
    const v = d[k];
    const i = row ? Math.floor(k / Math.max(n, 1)) : k % m;
    const j = row ? k % n : Math.floor(k / Math.max(m, 1));
    if (typeof v !== 'number') notNumber(fn, name, v, i, j);
    if (checkFinite && v - v !== 0) nonFinite(fn, name, v, i, j);
    out[j * m + i] = v;
  }
  return fromColMajor(m, n, out);
}

function isMlMatrix(x: Record<string, unknown>): boolean {
  return typeof x.rows === 'number' && typeof x.columns === 'number' && (typeof x.get === 'function' || typeof x.to2DArray === 'function');
}

function isMathjsMatrix(x: Record<string, unknown>): boolean {
  return typeof x.size === 'function' && (typeof x.toArray === 'function' || typeof x.valueOf === 'function');
}

/**
 * Copies an ml-matrix `Matrix` (or any `AbstractMatrix` view) into a fresh column-major
 * {@link DenseMatrix}. Duck-typed: ml-matrix is not imported. Cost O(mn) `get` calls.
 *
 * @param M - an object with numeric `rows`, `columns` and `get(i, j)` (or `to2DArray()`).
 * @throws InvalidArgumentError when M is not of that shape or holds a non-number;
 *   NonFiniteError (with `checkFinite`, default true) naming the first (i, j) in row order.
 */
export function fromMlMatrix(M: MlMatrixLike, fn = 'fromMlMatrix', options: AsMatrixOptions = {}): DenseMatrix {
  const name = options.name ?? 'A';
  const checkFinite = options.checkFinite ?? true;
  if (!isObject(M) || !isMlMatrix(M as unknown as Record<string, unknown>)) {
    throw new InvalidArgumentError(fn, `${name} must be an ml-matrix Matrix (got ${describe(M)})`);
  }
  const m = checkDim(fn, `${name}.rows`, M.rows);
  const n = checkDim(fn, `${name}.columns`, M.columns);
  if (typeof M.get !== 'function') {
    const arr = (M.to2DArray as () => number[][]).call(M);
    const D = fromRowArrays(fn, name, arr, checkFinite);
    if (D.rows !== m || (m > 0 && D.cols !== n)) {
      throw new DimensionError(fn, `${name}.to2DArray() is ${D.rows}×${D.cols} but ${name} reports ${m}×${n}`);
    }
    return m === 0 ? fromColMajor(0, n, new Float64Array(0)) : D;
  }
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = M.get(i, j);
      if (typeof v !== 'number') notNumber(fn, name, v, i, j);
      if (checkFinite && v - v !== 0) nonFinite(fn, name, v, i, j);
      out[j * m + i] = v;
    }
  }
  return fromColMajor(m, n, out);
}

/**
 * Copies a mathjs `Matrix` (dense or sparse) into a fresh column-major {@link DenseMatrix}.
 * Duck-typed: mathjs is not imported (it is an optional peer). Entries must be plain numbers
 * (not BigNumber, Fraction or Complex). Cost O(mn).
 *
 * @param M - an object with `size()` returning `[m, n]` and `toArray()` (or `valueOf()`) giving
 *   the nested row arrays.
 * @throws InvalidArgumentError when M is not of that shape or holds a non-number;
 *   DimensionError when it is not two-dimensional; NonFiniteError (with `checkFinite`) naming
 *   the first (i, j) in row order.
 */
export function fromMathjs(M: MathjsMatrixLike, fn = 'fromMathjs', options: AsMatrixOptions = {}): DenseMatrix {
  const name = options.name ?? 'A';
  const checkFinite = options.checkFinite ?? true;
  if (!isObject(M) || !isMathjsMatrix(M as unknown as Record<string, unknown>)) {
    throw new InvalidArgumentError(fn, `${name} must be a mathjs Matrix (got ${describe(M)})`);
  }
  const size = M.size();
  if (!Array.isArray(size) || size.length !== 2) {
    throw new DimensionError(fn, `${name} has size [${Array.isArray(size) ? size.join(', ') : String(size)}] (expected a 2-D matrix [m, n])`);
  }
  const m = checkDim(fn, `${name}.size()[0]`, size[0]);
  const n = checkDim(fn, `${name}.size()[1]`, size[1]);
  const arr = typeof M.toArray === 'function' ? M.toArray() : (M.valueOf as () => unknown)();
  if (!Array.isArray(arr) || arr.length !== m) {
    throw new DimensionError(fn, `${name}.toArray() does not have ${m} rows (got ${describe(arr)})`);
  }
  const D = fromRowArrays(fn, name, arr, checkFinite);
  if (m > 0 && D.cols !== n) throw new DimensionError(fn, `${name}.toArray() has ${D.cols} columns but size() says ${n}`);
  return m === 0 ? fromColMajor(0, n, new Float64Array(0)) : D;
}

/**
 * Converts any {@link MatrixLike} into a {@link DenseMatrix}, checking shape and (by default)
 * finiteness. A `DenseMatrix` input is structurally checked and returned without copying;
 * every other input is copied into a fresh column-major matrix, so the result never aliases a
 * caller's array. Cost O(mn).
 *
 * Non-finite entries are reported at the first (i, j) in the input's natural order (row order
 * for nested arrays, ml-matrix and mathjs; storage order for `{ data }`; column order for a
 * `DenseMatrix`).
 *
 * @param x - the input (see the module comment for the accepted forms).
 * @param fn - the public function name used in error messages (default `'asMatrix'`).
 * @param options - `checkFinite` (default true) and `name` (default `'A'`).
 * @throws InvalidArgumentError for an unrecognised type, a `CsrMatrix`/`LinearOperator`
 *   (use their own functions), a non-number entry or a bad shape field; DimensionError for a
 *   ragged nested array or a `data` length ≠ rows·cols; NonFiniteError for NaN/±Infinity.
 */
export function asMatrix(x: MatrixLike, fn = 'asMatrix', options: AsMatrixOptions = {}): DenseMatrix {
  const name = options.name ?? 'A';
  const checkFinite = options.checkFinite ?? true;
  if (Array.isArray(x)) return fromRowArrays(fn, name, x, checkFinite);
  if (!isObject(x)) {
    throw new InvalidArgumentError(fn, `${name} must be a matrix (DenseMatrix, number[][], { data, rows, cols }, ml-matrix or mathjs Matrix) (got ${describe(x)})`);
  }
  const o = x as unknown as Record<string, unknown>;
  if (o.kind === 'dense') {
    assertDenseMatrix(fn, name, o, checkFinite);
    return o;
  }
  if (o.kind === 'csr' || o.kind === 'operator') {
    throw new InvalidArgumentError(
      fn,
      `${name} must be a dense matrix (got a ${o.kind === 'csr' ? 'CsrMatrix; convert with csrToDense' : 'LinearOperator; convert with operatorToDense'})`,
    );
  }
  if (isMlMatrix(o)) return fromMlMatrix(o as unknown as MlMatrixLike, fn, options);
  if (isMathjsMatrix(o)) return fromMathjs(o as unknown as MathjsMatrixLike, fn, options);
  if ('data' in o && 'rows' in o && 'cols' in o) return fromShaped(fn, name, o, checkFinite);
  throw new InvalidArgumentError(
    fn,
    `${name} must be a matrix (DenseMatrix, number[][], { data, rows, cols }, ml-matrix or mathjs Matrix) (got ${describe(x)})`,
  );
}

/**
 * Converts a vector input to a `Float64Array`: a `Float64Array` is returned as is (not
 * copied; randnla never writes into it), a `number[]` is copied. Checks finiteness unless
 * `checkFinite: false`. Cost O(n).
 *
 * @param x - a `Float64Array` or `number[]`.
 * @param fn - the public function name used in error messages.
 * @param name - the argument name used in error messages.
 * @throws InvalidArgumentError for any other type or a non-number entry; NonFiniteError naming
 *   the first non-finite index.
 */
export function asVector(x: VectorLike, fn = 'asVector', name = 'x', options: AsVectorOptions = {}): Float64Array {
  const checkFinite = options.checkFinite ?? true;
  let out: Float64Array;
  if (x instanceof Float64Array) {
    out = x;
  } else if (Array.isArray(x)) {
    out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (typeof v !== 'number') throw new InvalidArgumentError(fn, `${name}[${i}] must be a number (got ${describe(v)})`);
      out[i] = v;
    }
  } else {
    throw new InvalidArgumentError(fn, `${name} must be a Float64Array or a number[] (got ${describe(x)})`);
  }
  if (checkFinite) assertFiniteVector(fn, name, out);
  return out;
}
