/**
 * Compressed sparse row (CSR) matrices: construction, validation, conversion and products
 * with dense matrices and vectors.
 *
 * A {@link CsrMatrix} is plain data. Row i holds the entries `indptr[i] ≤ t < indptr[i+1]`:
 * column `indices[t]`, value `values[t]`. randnla's CSR is **canonical**: column indices are
 * strictly increasing within each row (sorted, no duplicates), and the constructors drop
 * explicit zeros unless asked to keep them, so two equal matrices built by these functions
 * have equal arrays. Every function here reads only `indptr[0..rows]` and the entries they
 * address, and never writes into its inputs.
 *
 * Public functions validate their arguments once ({@link assertCsr} for user-built objects,
 * O(nnz + rows)); the `…Into` kernels at the bottom do not and are internal.
 *
 * Reference for the layout and the counting-sort constructions: Y. Saad, *Iterative Methods
 * for Sparse Linear Systems*, 2nd ed., SIAM 2003, §3.4; F. G. Gustavson, "Two fast algorithms
 * for sparse matrices: multiplication and permuted transposition", ACM TOMS 4(3), 1978.
 *
 * @module
 */
import { DimensionError, InvalidArgumentError, NonFiniteError } from './errors.js';
import { type DenseMatrix, fromColMajor, toColMajor, transpose } from './matrix.js';
import { axpy } from './kernels/blas1.js';
import { type MatrixLike, type VectorLike, asMatrix, asVector } from './interop.js';
import { assertInt, assertReal, fmt } from './validate.js';

/** A sparse m×n matrix in compressed sparse row form. Plain data. */
export interface CsrMatrix {
  readonly kind: 'csr';
  /** Number of rows m. */
  readonly rows: number;
  /** Number of columns n. */
  readonly cols: number;
  /** Row pointers, length rows + 1: row i is `indptr[i] ≤ t < indptr[i+1]`; `indptr[0] = 0`. */
  readonly indptr: Int32Array;
  /** Column index of each stored entry, strictly increasing within a row. Length nnz. */
  readonly indices: Int32Array;
  /** Value of each stored entry. Length nnz. */
  readonly values: Float64Array;
}

/** Options of {@link csrFromCoo}. */
export interface CsrFromCooOptions {
  /**
   * Keep explicit zeros (entries given as 0, and duplicates that sum to 0) as stored entries,
   * so that the sparsity pattern is exactly the set of given positions. Default false: zeros
   * are dropped and the result is canonical.
   */
  keepZeros?: boolean;
}

/** Options of {@link csrFromDense}. */
export interface CsrFromDenseOptions {
  /** Entries with |a_ij| ≤ dropTol are not stored (default 0: exactly the nonzeros). */
  dropTol?: number;
}

const MAX_INT32 = 2 ** 31 - 1;
/** Average row length up to which {@link csrFromCoo} sorts row by row instead of by column. */
const SHORT_ROWS = 16;
/** Rows at most this long are sorted by insertion sort in {@link csrFromCoo}. */
const INSERTION_MAX = 24;
/** Column-block width of the CSR × dense product (eight register accumulators). */
const NB = 8;
/** From this many rows of A on, A·S is computed as (Sᵀ·Aᵀ)ᵀ with the blocked kernel. */
const TRANSPOSED_MIN_ROWS = 16;

function isArrayLikeNumbers(x: unknown): x is ArrayLike<number> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x;
}

/**
 * Throws unless `S` is a well-formed {@link CsrMatrix}: `kind: 'csr'`, integer shape below
 * 2³¹, `indptr` an `Int32Array` of length rows + 1 starting at 0 and non-decreasing,
 * `indices`/`values` an `Int32Array`/`Float64Array` of length `indptr[rows]`, column indices in
 * [0, cols) and strictly increasing within each row, and finite values. Use it on CSR objects
 * built by hand. Cost O(nnz + rows).
 *
 * @throws InvalidArgumentError naming the first broken rule (and its row/entry);
 *   DimensionError when the array lengths disagree; NonFiniteError on a non-finite value.
 */
export function assertCsr(fn: string, name: string, S: unknown): asserts S is CsrMatrix {
  assertCsrHeader(fn, name, S);
  assertCsrEntries(fn, name, S);
}

/**
 * The checks of {@link assertCsr} that cost O(rows): everything but the column indices and the
 * values, which the caller then checks itself (internal: the sketch kernels test each row's
 * entries as they read them and call {@link assertCsr} when one fails, so that the error is
 * the one {@link assertCsr} throws; a separate pass over 10⁶ entries costs 3 ms, as much as
 * one plain pass over them). When indptr decreases somewhere, the ordered check runs at once
 * (an earlier row may hold the first fault).
 */
export function assertCsrStructure(fn: string, name: string, S: unknown): asserts S is CsrMatrix {
  assertCsrHeader(fn, name, S);
  const { indptr, rows } = S;
  for (let i = 0; i < rows; i++) {
    if (indptr[i + 1] < indptr[i]) {
      assertCsrEntries(fn, name, S);
      return;
    }
  }
}

function assertCsrHeader(fn: string, name: string, S: unknown): asserts S is CsrMatrix {
  if (typeof S !== 'object' || S === null || (S as { kind?: unknown }).kind !== 'csr') {
    throw new InvalidArgumentError(fn, `${name} must be a CsrMatrix (got ${typeName(S)})`);
  }
  const s = S as Record<string, unknown>;
  const rows = assertInt(fn, `${name}.rows`, s.rows, 0, MAX_INT32);
  assertInt(fn, `${name}.cols`, s.cols, 0, MAX_INT32);
  const { indptr, indices, values } = s;
  if (!(indptr instanceof Int32Array)) throw new InvalidArgumentError(fn, `${name}.indptr must be an Int32Array (got ${typeName(indptr)})`);
  if (!(indices instanceof Int32Array)) throw new InvalidArgumentError(fn, `${name}.indices must be an Int32Array (got ${typeName(indices)})`);
  if (!(values instanceof Float64Array)) throw new InvalidArgumentError(fn, `${name}.values must be a Float64Array (got ${typeName(values)})`);
  if (indptr.length !== rows + 1) throw new DimensionError(fn, `${name}.indptr has length ${indptr.length} but rows + 1 is ${rows + 1}`);
  if (indptr[0] !== 0) throw new InvalidArgumentError(fn, `${name}.indptr[0] must be 0 (got ${indptr[0]})`);
  const nnz = indptr[rows];
  if (indices.length !== nnz) throw new DimensionError(fn, `${name}.indices has length ${indices.length} but indptr[rows] is ${nnz}`);
  if (values.length !== nnz) throw new DimensionError(fn, `${name}.values has length ${values.length} but indptr[rows] is ${nnz}`);
}

function assertCsrEntries(fn: string, name: string, S: CsrMatrix): void {
  const { rows, cols, indptr, indices, values } = S;
  for (let i = 0; i < rows; i++) {
    const a = indptr[i], b = indptr[i + 1];
    if (b < a) throw new InvalidArgumentError(fn, `${name}.indptr must be non-decreasing (got indptr[${i + 1}] = ${b} < indptr[${i}] = ${a})`);
    let prev = -1;
    for (let t = a; t < b; t++) {
      const j = indices[t];
      if (j < 0 || j >= cols) {
        throw new InvalidArgumentError(fn, `${name}.indices[${t}] (row ${i}) must be in [0, ${cols - 1}] (got ${j})`);
      }
      if (j <= prev) {
        throw new InvalidArgumentError(
          fn,
          `${name} row ${i} has column indices out of order or duplicated at entry ${t} (got ${j} after ${prev}; expected strictly increasing)`,
        );
      }
      prev = j;
      const v = values[t];
      if (v - v !== 0) throw new NonFiniteError(fn, `${name} has a non-finite value ${v} at (${i}, ${j}) (entry ${t})`);
    }
  }
}

/**
 * Builds a CSR matrix from coordinate (COO) triplets: entry k is `(i[k], j[k], v[k])`.
 * Duplicated positions are summed in input order; explicit zeros (and duplicates summing to
 * zero) are dropped unless `keepZeros`. The result is canonical (sorted, duplicate-free), so the
 * same matrix always gives the same arrays, whatever the order of the triplets.
 *
 * Cost O(nnz + rows) when the triplets already come in (row, column) order. Otherwise, when
 * rows are long on average (nnz > 16·rows) and cols ≤ 2·nnz + rows, two stable counting sorts
 * (by column, then by row), O(nnz + rows + cols); else a counting sort by row followed by a
 * per-row sort (insertion sort for short rows), O(nnz + rows + Σ r·log r) over row lengths r.
 *
 * @param rows - number of rows m (integer in [0, 2³¹ − 1]).
 * @param cols - number of columns n.
 * @param i - row indices (array or typed array), integers in [0, m).
 * @param j - column indices, integers in [0, n).
 * @param v - values, finite.
 * @throws DimensionError when i, j, v differ in length; InvalidArgumentError naming the entry
 *   with a non-integer or out-of-range index; NonFiniteError naming a non-finite value (or a
 *   duplicate sum that overflows).
 */
export function csrFromCoo(
  rows: number,
  cols: number,
  i: ArrayLike<number>,
  j: ArrayLike<number>,
  v: ArrayLike<number>,
  options: CsrFromCooOptions = {},
): CsrMatrix {
  const fn = 'csrFromCoo';
  assertInt(fn, 'rows', rows, 0, MAX_INT32);
  assertInt(fn, 'cols', cols, 0, MAX_INT32);
  if (!isArrayLikeNumbers(i)) throw new InvalidArgumentError(fn, `i must be an array or typed array of row indices (got ${typeName(i)})`);
  if (!isArrayLikeNumbers(j)) throw new InvalidArgumentError(fn, `j must be an array or typed array of column indices (got ${typeName(j)})`);
  if (!isArrayLikeNumbers(v)) throw new InvalidArgumentError(fn, `v must be an array or typed array of values (got ${typeName(v)})`);
  const nnz = i.length;
  if (j.length !== nnz) throw new DimensionError(fn, `j has length ${j.length} but i has length ${nnz}`);
  if (v.length !== nnz) throw new DimensionError(fn, `v has length ${v.length} but i has length ${nnz}`);
  if (nnz > MAX_INT32) throw new InvalidArgumentError(fn, `the number of entries must be at most ${MAX_INT32} (got ${nnz})`);
  const keepZeros = options.keepZeros ?? false;
  let sorted = true;
  for (let k = 0; k < nnz; k++) {
    const r = i[k], c = j[k], x = v[k];
    if (typeof r !== 'number' || !Number.isInteger(r) || r < 0 || r >= rows) {
      throw new InvalidArgumentError(fn, `entry ${k}: row index i[${k}] must be an integer in [0, ${rows - 1}] (got ${fmt(r)})`);
    }
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= cols) {
      throw new InvalidArgumentError(fn, `entry ${k}: column index j[${k}] must be an integer in [0, ${cols - 1}] (got ${fmt(c)})`);
    }
    if (typeof x !== 'number' || x - x !== 0) {
      throw new NonFiniteError(fn, `entry ${k}: v[${k}] at (${r}, ${c}) must be a finite number (got ${fmt(x)})`);
    }
    if (k > 0 && (r < i[k - 1] || (r === i[k - 1] && c < j[k - 1]))) sorted = false;
  }

  return cooToCsrKernel(fn, rows, cols, i, j, v, nnz, keepZeros, sorted, true);
}

/**
 * COO → canonical CSR without validating indices (internal; callers have checked them): stable
 * grouping by row, stable sort by column within a row, duplicates summed in input order, zeros
 * dropped unless `keepZeros`. With `checkSums`, a duplicate sum that is not finite throws
 * {@link NonFiniteError}; without it non-finite values pass through (the file readers check
 * finiteness themselves, with file positions). `sorted` says the triplets are already in
 * (row, column) order; pass undefined to have it detected. Cost as for {@link csrFromCoo}.
 *
 * @internal
 */
export function cooToCsrKernel(
  fn: string,
  rows: number,
  cols: number,
  i: ArrayLike<number>,
  j: ArrayLike<number>,
  v: ArrayLike<number>,
  nnz: number,
  keepZeros: boolean,
  sorted: boolean | undefined,
  checkSums: boolean,
): CsrMatrix {
  if (sorted === undefined) {
    sorted = true;
    for (let k = 1; k < nnz; k++) if (i[k] < i[k - 1] || (i[k] === i[k - 1] && j[k] < j[k - 1])) { sorted = false; break; }
  }
  // Entries sorted by (row, column), ties in input order.
  const indptr = new Int32Array(rows + 1);
  for (let k = 0; k < nnz; k++) indptr[i[k] + 1]++;
  for (let r = 0; r < rows; r++) indptr[r + 1] += indptr[r];
  const next = indptr.slice(0, rows);
  const sc = new Int32Array(nnz);
  const sv = new Float64Array(nnz);
  if (sorted) {
    // Already in (row, column) order: the scatter is the identity.
    for (let k = 0; k < nnz; k++) {
      sc[k] = j[k];
      sv[k] = v[k];
    }
  } else if (nnz > SHORT_ROWS * rows && cols <= 2 * nnz + rows) {
    // Stable counting sort by column, then stable counting sort by row.
    const cptr = new Int32Array(cols + 1);
    for (let k = 0; k < nnz; k++) cptr[j[k] + 1]++;
    for (let c = 0; c < cols; c++) cptr[c + 1] += cptr[c];
    const byCol = new Int32Array(nnz);
    for (let k = 0; k < nnz; k++) byCol[cptr[j[k]]++] = k;
    for (let t = 0; t < nnz; t++) {
      const k = byCol[t];
      const p = next[i[k]]++;
      sc[p] = j[k];
      sv[p] = v[k];
    }
  } else {
    for (let k = 0; k < nnz; k++) {
      const p = next[i[k]]++;
      sc[p] = j[k];
      sv[p] = v[k];
    }
    for (let r = 0; r < rows; r++) sortRowSegment(sc, sv, indptr[r], indptr[r + 1]);
  }

  // Merge duplicates (summing in input order) and drop zeros, compacting in place.
  let w = 0;
  let start = 0;
  for (let r = 0; r < rows; r++) {
    const end = indptr[r + 1];
    let t = start;
    while (t < end) {
      const c = sc[t];
      let s = sv[t];
      t++;
      while (t < end && sc[t] === c) s += sv[t++];
      if (checkSums && s - s !== 0) throw new NonFiniteError(fn, `the duplicates at (${r}, ${c}) sum to ${s} (expected a finite sum)`);
      if (keepZeros || s !== 0) {
        sc[w] = c;
        sv[w] = s;
        w++;
      }
    }
    start = end;
    indptr[r + 1] = w;
  }
  return { kind: 'csr', rows, cols, indptr, indices: w === nnz ? sc : sc.slice(0, w), values: w === nnz ? sv : sv.slice(0, w) };
}

/** Sorts the entries [a, b) by column, ties kept in their current order (stable). */
function sortRowSegment(sc: Int32Array, sv: Float64Array, a: number, b: number): void {
  let sorted = true;
  for (let t = a + 1; t < b; t++) {
    if (sc[t] < sc[t - 1]) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  if (b - a <= INSERTION_MAX) {
    for (let t = a + 1; t < b; t++) {
      const c = sc[t], x = sv[t];
      let u = t - 1;
      while (u >= a && sc[u] > c) {
        sc[u + 1] = sc[u];
        sv[u + 1] = sv[u];
        u--;
      }
      sc[u + 1] = c;
      sv[u + 1] = x;
    }
    return;
  }
  const len = b - a;
  const perm = new Array<number>(len);
  for (let t = 0; t < len; t++) perm[t] = a + t;
  perm.sort((p, q) => sc[p] - sc[q] || p - q);
  const c2 = new Int32Array(len);
  const v2 = new Float64Array(len);
  for (let t = 0; t < len; t++) {
    c2[t] = sc[perm[t]];
    v2[t] = sv[perm[t]];
  }
  sc.set(c2, a);
  sv.set(v2, a);
}

/**
 * The CSR form of a dense matrix: every entry with |a_ij| > dropTol (default 0, i.e. every
 * nonzero). Accepts any {@link MatrixLike}. Cost O(mn): two sweeps in the storage order of A
 * (by columns for column-major input, by rows otherwise).
 *
 * @throws InvalidArgumentError for a bad matrix or dropTol < 0; NonFiniteError for NaN/±Inf.
 */
export function csrFromDense(A: MatrixLike, options: CsrFromDenseOptions = {}): CsrMatrix {
  const fn = 'csrFromDense';
  const D = asMatrix(A, fn);
  const tol = assertReal(fn, 'dropTol', options.dropTol ?? 0, 0);
  const { rows, cols, data, offset, rowStride, colStride } = D;
  const indptr = new Int32Array(rows + 1);
  const byColumns = Math.abs(rowStride) <= Math.abs(colStride);
  if (byColumns) {
    for (let c = 0; c < cols; c++) {
      let s = offset + c * colStride;
      for (let r = 0; r < rows; r++, s += rowStride) if (Math.abs(data[s]) > tol) indptr[r + 1]++;
    }
  } else {
    for (let r = 0; r < rows; r++) {
      let s = offset + r * rowStride;
      let cnt = 0;
      for (let c = 0; c < cols; c++, s += colStride) if (Math.abs(data[s]) > tol) cnt++;
      indptr[r + 1] = cnt;
    }
  }
  let total = 0;
  for (let r = 0; r < rows; r++) {
    total += indptr[r + 1];
    if (total > MAX_INT32) throw new InvalidArgumentError(fn, `A has more than ${MAX_INT32} entries to store`);
    indptr[r + 1] = total;
  }
  const indices = new Int32Array(total);
  const values = new Float64Array(total);
  if (byColumns) {
    const next = indptr.slice(0, rows);
    for (let c = 0; c < cols; c++) {
      let s = offset + c * colStride;
      for (let r = 0; r < rows; r++, s += rowStride) {
        const x = data[s];
        if (Math.abs(x) > tol) {
          const p = next[r]++;
          indices[p] = c;
          values[p] = x;
        }
      }
    }
  } else {
    let p = 0;
    for (let r = 0; r < rows; r++) {
      let s = offset + r * rowStride;
      for (let c = 0; c < cols; c++, s += colStride) {
        const x = data[s];
        if (Math.abs(x) > tol) {
          indices[p] = c;
          values[p] = x;
          p++;
        }
      }
    }
  }
  return { kind: 'csr', rows, cols, indptr, indices, values };
}

/**
 * The dense form of S as a new column-major {@link DenseMatrix}. Cost O(mn + nnz).
 *
 * @throws as {@link assertCsr}.
 */
export function csrToDense(S: CsrMatrix): DenseMatrix {
  assertCsr('csrToDense', 'S', S);
  const { rows, cols, indptr, indices, values } = S;
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let t = indptr[r], e = indptr[r + 1]; t < e; t++) out[indices[t] * rows + r] += values[t];
  }
  return fromColMajor(rows, cols, out);
}

/**
 * The number of stored entries, `indptr[rows]`. Cost O(1) (a light structural check only).
 *
 * @throws InvalidArgumentError when S is not a CsrMatrix with an `indptr` of length rows + 1.
 */
export function csrNnz(S: CsrMatrix): number {
  if (typeof S !== 'object' || S === null || S.kind !== 'csr' || !(S.indptr instanceof Int32Array) || S.indptr.length !== S.rows + 1) {
    throw new InvalidArgumentError('csrNnz', `S must be a CsrMatrix (got ${typeName(S)})`);
  }
  return S.indptr[S.rows];
}

/**
 * Sᵀ in CSR form (equivalently, S in compressed sparse column form). One stable counting sort
 * by column (Gustavson 1978), so the result is canonical. Cost O(nnz + rows + cols).
 *
 * @throws as {@link assertCsr}.
 */
export function csrTranspose(S: CsrMatrix): CsrMatrix {
  assertCsr('csrTranspose', 'S', S);
  return csrTransposeKernel(S);
}

/** @internal Sᵀ without validation. */
export function csrTransposeKernel(S: CsrMatrix): CsrMatrix {
  const { rows, cols, indptr, indices, values } = S;
  const nnz = indptr[rows];
  const tptr = new Int32Array(cols + 1);
  for (let t = 0; t < nnz; t++) tptr[indices[t] + 1]++;
  for (let c = 0; c < cols; c++) tptr[c + 1] += tptr[c];
  const next = tptr.slice(0, cols);
  const tind = new Int32Array(nnz);
  const tval = new Float64Array(nnz);
  for (let r = 0; r < rows; r++) {
    for (let t = indptr[r], e = indptr[r + 1]; t < e; t++) {
      const p = next[indices[t]]++;
      tind[p] = r;
      tval[p] = values[t];
    }
  }
  return { kind: 'csr', rows: cols, cols: rows, indptr: tptr, indices: tind, values: tval };
}

/**
 * Rows r0, …, r1 − 1 of S as a new (r1 − r0)×n CSR matrix (copied, not a view).
 * Cost O(r1 − r0 + nnz of those rows).
 *
 * @throws InvalidArgumentError unless 0 ≤ r0 ≤ r1 ≤ rows are integers; as {@link assertCsr}.
 */
export function csrRowSlice(S: CsrMatrix, r0: number, r1: number): CsrMatrix {
  const fn = 'csrRowSlice';
  assertCsr(fn, 'S', S);
  assertInt(fn, 'r0', r0, 0, S.rows);
  assertInt(fn, 'r1', r1, r0, S.rows);
  const { indptr, indices, values } = S;
  const a = indptr[r0], b = indptr[r1];
  const p = new Int32Array(r1 - r0 + 1);
  for (let r = r0; r <= r1; r++) p[r - r0] = indptr[r] - a;
  return { kind: 'csr', rows: r1 - r0, cols: S.cols, indptr: p, indices: indices.slice(a, b), values: values.slice(a, b) };
}

/**
 * y = S·x. Cost O(nnz + rows).
 *
 * @param x - length n (`Float64Array` or `number[]`), finite.
 * @returns a new `Float64Array` of length m.
 * @throws DimensionError when x.length ≠ n; as {@link assertCsr}; NonFiniteError for x.
 */
export function csrMatvec(S: CsrMatrix, x: VectorLike): Float64Array {
  const fn = 'csrMatvec';
  assertCsr(fn, 'S', S);
  const xv = asVector(x, fn, 'x');
  if (xv.length !== S.cols) throw new DimensionError(fn, `x has length ${xv.length} but S has ${S.cols} columns`);
  const y = new Float64Array(S.rows);
  csrMatvecInto(S, xv, y);
  return y;
}

/**
 * x = Sᵀ·y, without forming Sᵀ (a scatter over the rows of S). Cost O(nnz + rows + cols).
 *
 * @param y - length m, finite.
 * @returns a new `Float64Array` of length n.
 * @throws DimensionError when y.length ≠ m; as {@link assertCsr}; NonFiniteError for y.
 */
export function csrMatvecT(S: CsrMatrix, y: VectorLike): Float64Array {
  const fn = 'csrMatvecT';
  assertCsr(fn, 'S', S);
  const yv = asVector(y, fn, 'y');
  if (yv.length !== S.rows) throw new DimensionError(fn, `y has length ${yv.length} but S has ${S.rows} rows`);
  const x = new Float64Array(S.cols);
  csrMatvecTInto(S, yv, x);
  return x;
}

/**
 * C = S·B for S sparse m×k and B dense k×n (any strides, any {@link MatrixLike}); C is a new
 * column-major m×n matrix. Runs row by row over S on blocks of 8 columns of B with eight
 * register accumulators; each block is read through unit-stride rows (B itself when its rows
 * are contiguous, else a packed k×8 copy of the block), so column-major B is as fast as
 * row-major B. Cost 2·nnz·n flops, plus O(k·n) for packing when B's rows are not contiguous
 * and S has at least k/4 entries (sparser S reads B in place, one column at a time).
 *
 * @throws DimensionError when S.cols ≠ B.rows; as {@link assertCsr} and {@link asMatrix}.
 */
export function csrMatmulDense(S: CsrMatrix, B: MatrixLike): DenseMatrix {
  const fn = 'csrMatmulDense';
  assertCsr(fn, 'S', S);
  const Bd = asMatrix(B, fn, { name: 'B' });
  if (Bd.rows !== S.cols) throw new DimensionError(fn, `B has ${Bd.rows} rows but S has ${S.cols} columns`);
  return csrMatmulDenseKernel(S, Bd);
}

/** @internal S·B without validation (see {@link csrMatmulDense}). */
export function csrMatmulDenseKernel(S: CsrMatrix, B: DenseMatrix): DenseMatrix {
  const m = S.rows, k = S.cols, n = B.cols;
  const C = new Float64Array(m * n);
  if (m === 0 || n === 0) return fromColMajor(m, n, C);
  const { indptr } = S;
  const { data, offset, rowStride, colStride } = B;
  const rowsContiguous = colStride === 1;
  const pack = !rowsContiguous && 4 * indptr[m] >= k;
  let c0 = 0;
  if (rowsContiguous || pack) {
    const panel = pack ? new Float64Array(k * NB) : undefined;
    for (; c0 + NB <= n; c0 += NB) {
      if (panel !== undefined) {
        // panel[p*NB + q] = B(p, c0 + q), read column by column.
        for (let q = 0; q < NB; q++) {
          let s = offset + (c0 + q) * colStride;
          for (let p = 0; p < k; p++, s += rowStride) panel[p * NB + q] = data[s];
        }
        csrTimesPanel8(S, panel, 0, NB, C, c0 * m);
      } else {
        csrTimesPanel8(S, data, offset + c0, rowStride, C, c0 * m);
      }
    }
  }
  // Remaining columns (all of them when S is too sparse to repay packing): one at a time.
  for (; c0 < n; c0++) csrTimesColumn(S, data, offset + c0 * colStride, rowStride, C, c0 * m);
  return fromColMajor(m, n, C);
}

/**
 * C[:, c..c+7] (column-major, leading dimension m, starting at cOff) = S · P where
 * P(p, q) = src[base + p·ld + q] for q < 8: eight register accumulators per row of S, so each
 * stored entry costs one index load and one read of eight adjacent doubles.
 */
function csrTimesPanel8(S: CsrMatrix, src: Float64Array, base: number, ld: number, C: Float64Array, cOff: number): void {
  const { rows: m, indptr, indices, values } = S;
  for (let r = 0; r < m; r++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (let t = indptr[r], e = indptr[r + 1]; t < e; t++) {
      const a = values[t];
      const o = base + indices[t] * ld;
      s0 += a * src[o];
      s1 += a * src[o + 1];
      s2 += a * src[o + 2];
      s3 += a * src[o + 3];
      s4 += a * src[o + 4];
      s5 += a * src[o + 5];
      s6 += a * src[o + 6];
      s7 += a * src[o + 7];
    }
    const o = cOff + r;
    C[o] = s0;
    C[o + m] = s1;
    C[o + 2 * m] = s2;
    C[o + 3 * m] = s3;
    C[o + 4 * m] = s4;
    C[o + 5 * m] = s5;
    C[o + 6 * m] = s6;
    C[o + 7 * m] = s7;
  }
}

/** C[cOff .. cOff+m) = S · b where b_p = src[base + p·inc]. */
function csrTimesColumn(S: CsrMatrix, src: Float64Array, base: number, inc: number, C: Float64Array, cOff: number): void {
  const { rows: m, indptr, indices, values } = S;
  for (let r = 0; r < m; r++) {
    let s = 0;
    for (let t = indptr[r], e = indptr[r + 1]; t < e; t++) s += values[t] * src[base + indices[t] * inc];
    C[cOff + r] = s;
  }
}

/**
 * C = A·S for A dense m×k (any strides, any {@link MatrixLike}) and S sparse k×n; C is a new
 * column-major m×n matrix. For m ≥ 16 it computes (Sᵀ·Aᵀ)ᵀ with the register-blocked kernel of
 * {@link csrMatmulDense} (Sᵀ by {@link csrTranspose}, then one transposing copy; O(nnz + k + n)
 * and O(mn) extra memory); for smaller m it adds s_pj·A[:, p] to C[:, j] for each stored s_pj
 * (an axpy on columns). Cost 2·m·nnz flops plus O(mn + nnz + k + n).
 *
 * @throws DimensionError when A.cols ≠ S.rows; as {@link assertCsr} and {@link asMatrix}.
 */
export function denseMatmulCsr(A: MatrixLike, S: CsrMatrix): DenseMatrix {
  const fn = 'denseMatmulCsr';
  const Ad = asMatrix(A, fn);
  assertCsr(fn, 'S', S);
  if (Ad.cols !== S.rows) throw new DimensionError(fn, `S has ${S.rows} rows but A has ${Ad.cols} columns`);
  return denseMatmulCsrKernel(Ad, S);
}

/** @internal A·S without validation (see {@link denseMatmulCsr}). */
export function denseMatmulCsrKernel(A: DenseMatrix, S: CsrMatrix): DenseMatrix {
  const m = A.rows, k = A.cols, n = S.cols;
  if (m === 0 || n === 0) return fromColMajor(m, n, new Float64Array(m * n));
  if (m >= TRANSPOSED_MIN_ROWS) {
    // (A·S)ᵀ = Sᵀ·Aᵀ by the register-blocked CSR × dense kernel, then one transposing copy.
    const D = csrMatmulDenseKernel(csrTransposeKernel(S), transpose(A)).data; // n×m, column-major
    const C = new Float64Array(m * n);
    for (let j = 0; j < n; j++) {
      let s = j;
      for (let i = 0, o = j * m; i < m; i++, s += n) C[o + i] = D[s];
    }
    return fromColMajor(m, n, C);
  }
  const C = new Float64Array(m * n);
  const { indptr, indices, values } = S;
  const Ac = A.rowStride !== 1 && m > 1 && 4 * indptr[k] >= k ? toColMajor(A) : A;
  const { data, offset, rowStride, colStride } = Ac;
  for (let p = 0; p < k; p++) {
    const src = offset + p * colStride;
    for (let t = indptr[p], e = indptr[p + 1]; t < e; t++) axpy(m, values[t], data, src, rowStride, C, indices[t] * m, 1);
  }
  return fromColMajor(m, n, C);
}

/** @internal y ← S·x (overwrites y), no validation. Cost O(nnz + rows). */
export function csrMatvecInto(S: CsrMatrix, x: Float64Array, y: Float64Array): void {
  const { rows, indptr, indices, values } = S;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let t = indptr[r], e = indptr[r + 1]; t < e; t++) s += values[t] * x[indices[t]];
    y[r] = s;
  }
}

/** @internal x ← Sᵀ·y (overwrites x), no validation. Cost O(nnz + rows + cols). */
export function csrMatvecTInto(S: CsrMatrix, y: Float64Array, x: Float64Array): void {
  const { rows, cols, indptr, indices, values } = S;
  x.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const a = y[r];
    if (a === 0) continue;
    for (let t = indptr[r], e = indptr[r + 1]; t < e; t++) x[indices[t]] += values[t] * a;
  }
}
