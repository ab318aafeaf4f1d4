/**
 * Observed entries of a partially known matrix: validation, canonical form, train/test splits.
 *
 * An {@link Observations} value is plain COO data `{ rows, cols, i, j, v }`: entry t says that
 * M[i[t], j[t]] = v[t]. {@link observations} builds one from any arrays, validates it and puts it
 * in canonical form (sorted by row, then column; duplicates merged by a documented policy);
 * {@link assertObservations} checks an object built by hand. Nothing here ever allocates an
 * m×n array: memory is O(|Ω| + m + n).
 *
 * @module
 */
import { InvalidArgumentError, NonFiniteError, DimensionError } from '../core/errors.js';
import { assertDenseMatrix } from '../core/interop.js';
import type { DenseMatrix } from '../core/matrix.js';
import { assertReal, fmt } from '../core/validate.js';
import { sampleWithoutReplacement, substream, toRngState, type RngState, type Seed } from '../rng/index.js';

/**
 * The observed entries Ω of an m×n matrix M, in coordinate form: M[i[t], j[t]] = v[t].
 * Plain data. Indices are 0-based. Built by {@link observations} the entries are sorted by
 * (i, j) and distinct; hand-built values only need to pass {@link assertObservations}
 * (any order; duplicates are merged by the consumers, see {@link DuplicatePolicy}).
 */
export interface Observations {
  /** Number of rows m of the (partially observed) matrix. */
  readonly rows: number;
  /** Number of columns n. */
  readonly cols: number;
  /** Row index of each observation, in [0, m). */
  readonly i: Int32Array;
  /** Column index of each observation, in [0, n). */
  readonly j: Int32Array;
  /** Observed value of each entry, finite. */
  readonly v: Float64Array;
}

/**
 * What to do when the same (i, j) is observed more than once:
 * - `'average'` (default): one observation whose value is the mean of the repeats;
 * - `'sum'`: their sum (the Matrix Market / `csrFromCoo` convention);
 * - `'first'` / `'last'`: the first / last repeat in input order;
 * - `'error'`: throw {@link InvalidArgumentError} naming the repeated position.
 */
export type DuplicatePolicy = 'average' | 'sum' | 'first' | 'last' | 'error';

/** Options of {@link observations}. */
export interface ObservationsOptions {
  /** Policy for repeated positions (default `'average'`). */
  readonly duplicates?: DuplicatePolicy;
}

/** Options of {@link splitObservations}. */
export interface SplitOptions {
  /** Seed (or generator state) of the split; required. */
  readonly seed: Seed | RngState;
}

/** Result of {@link splitObservations}. */
export interface ObservationSplit {
  /** The observations not drawn for testing, in their input order. */
  readonly train: Observations;
  /** The held-out observations, in their input order. */
  readonly test: Observations;
}

const MAX_DIM = 2 ** 31 - 1;
const POLICIES: readonly DuplicatePolicy[] = ['average', 'sum', 'first', 'last', 'error'];

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x;
}

function checkShape(fn: string, name: string, rows: unknown, cols: unknown): void {
  for (const [what, x] of [['rows', rows], ['cols', cols]] as const) {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 1 || x > MAX_DIM) {
      throw new InvalidArgumentError(fn, `${name}.${what} must be an integer in [1, ${MAX_DIM}] (got ${fmt(x)})`);
    }
  }
}

/**
 * Throws unless `obs` is a well-formed {@link Observations}: integer shape in [1, 2³¹ − 1],
 * `i`, `j` Int32Arrays and `v` a Float64Array of one common length, every index in range and
 * every value finite. Duplicated positions are allowed (they are merged where the data is used,
 * by averaging unless a function says otherwise). Cost O(|Ω|).
 *
 * @param obs - the value to check.
 * @param fn - the public function named in error messages (default `'assertObservations'`).
 * @param name - the argument name used in error messages (default `'obs'`).
 * @throws InvalidArgumentError for a malformed object or an index out of range (the first one
 *   is named); DimensionError when the arrays differ in length; NonFiniteError naming the
 *   first NaN/±Infinity value.
 * @example
 * ```ts
 * assertObservations({ rows: 3, cols: 2, i: Int32Array.of(0, 2), j: Int32Array.of(1, 0), v: Float64Array.of(4, 5) });
 * ```
 */
export function assertObservations(obs: unknown, fn = 'assertObservations', name = 'obs'): asserts obs is Observations {
  if (typeof obs !== 'object' || obs === null || Array.isArray(obs)) {
    throw new InvalidArgumentError(fn, `${name} must be an Observations object { rows, cols, i, j, v } (got ${typeName(obs)})`);
  }
  const o = obs as Record<string, unknown>;
  checkShape(fn, name, o.rows, o.cols);
  const { i, j, v } = o;
  if (!(i instanceof Int32Array)) throw new InvalidArgumentError(fn, `${name}.i must be an Int32Array (got ${typeName(i)})`);
  if (!(j instanceof Int32Array)) throw new InvalidArgumentError(fn, `${name}.j must be an Int32Array (got ${typeName(j)})`);
  if (!(v instanceof Float64Array)) throw new InvalidArgumentError(fn, `${name}.v must be a Float64Array (got ${typeName(v)})`);
  if (j.length !== i.length) throw new DimensionError(fn, `${name}.j has length ${j.length} but ${name}.i has length ${i.length}`);
  if (v.length !== i.length) throw new DimensionError(fn, `${name}.v has length ${v.length} but ${name}.i has length ${i.length}`);
  const m = o.rows as number, n = o.cols as number;
  for (let t = 0; t < i.length; t++) {
    const a = i[t], b = j[t], x = v[t];
    if (a < 0 || a >= m) throw new InvalidArgumentError(fn, `${name}.i[${t}] must be in [0, ${m - 1}] (got ${a})`);
    if (b < 0 || b >= n) throw new InvalidArgumentError(fn, `${name}.j[${t}] must be in [0, ${n - 1}] (got ${b})`);
    if (x - x !== 0) throw new NonFiniteError(fn, `${name}.v[${t}] is ${x} at (${a}, ${b}) (expected a finite value)`);
  }
}

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/**
 * Builds validated observations in canonical form from coordinate arrays: entry t says
 * M[i[t], j[t]] = v[t]. The result is sorted by row, then by column, and each position occurs
 * once (repeats merged by `options.duplicates`, default `'average'`), so the same set of
 * observations always gives the same arrays whatever their input order. The inputs are copied,
 * never modified.
 *
 * Cost O(|Ω| + m + n) time (two stable counting sorts, by column then by row) and memory.
 *
 * @param rows - number of rows m, an integer in [1, 2³¹ − 1].
 * @param cols - number of columns n.
 * @param i - row indices (array or typed array), integers in [0, m).
 * @param j - column indices, integers in [0, n).
 * @param v - values, finite.
 * @param options - {@link ObservationsOptions}.
 * @throws InvalidArgumentError for a bad shape, a non-array, a non-integer or out-of-range
 *   index (the first is named), an unknown policy, or a repeat with `duplicates: 'error'`;
 *   DimensionError when the arrays differ in length; NonFiniteError naming the first
 *   non-finite value.
 * @example
 * ```ts
 * const obs = observations(3, 3, [0, 1, 2, 0], [0, 1, 2, 0], [5, 3, 4, 3]);
 * // (0, 0) observed twice: averaged to 4. obs.i = [0, 1, 2], obs.v = [4, 3, 4]
 * ```
 */
export function observations(
  rows: number,
  cols: number,
  i: ArrayLike<number>,
  j: ArrayLike<number>,
  v: ArrayLike<number>,
  options: ObservationsOptions = {},
): Observations {
  const fn = 'observations';
  checkShape(fn, 'obs', rows, cols);
  if (!isArrayLike(i)) throw new InvalidArgumentError(fn, `i must be an array of row indices (got ${typeName(i)})`);
  if (!isArrayLike(j)) throw new InvalidArgumentError(fn, `j must be an array of column indices (got ${typeName(j)})`);
  if (!isArrayLike(v)) throw new InvalidArgumentError(fn, `v must be an array of values (got ${typeName(v)})`);
  if (j.length !== i.length) throw new DimensionError(fn, `j has length ${j.length} but i has length ${i.length}`);
  if (v.length !== i.length) throw new DimensionError(fn, `v has length ${v.length} but i has length ${i.length}`);
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(options)})`);
  const policy = options.duplicates ?? 'average';
  if (!POLICIES.includes(policy)) {
    throw new InvalidArgumentError(fn, `options.duplicates must be one of ${POLICIES.map((p) => `'${p}'`).join(', ')} (got ${fmt(policy)})`);
  }
  const N = i.length;
  const ii = new Int32Array(N), jj = new Int32Array(N), vv = new Float64Array(N);
  for (let t = 0; t < N; t++) {
    const a = i[t], b = j[t], x = v[t];
    if (typeof a !== 'number' || !Number.isInteger(a) || a < 0 || a >= rows) {
      throw new InvalidArgumentError(fn, `i[${t}] must be an integer in [0, ${rows - 1}] (got ${fmt(a)})`);
    }
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b >= cols) {
      throw new InvalidArgumentError(fn, `j[${t}] must be an integer in [0, ${cols - 1}] (got ${fmt(b)})`);
    }
    if (typeof x !== 'number') throw new InvalidArgumentError(fn, `v[${t}] must be a number (got ${typeName(x)})`);
    if (x - x !== 0) throw new NonFiniteError(fn, `v[${t}] is ${x} at (${a}, ${b}) (expected a finite value)`);
    ii[t] = a;
    jj[t] = b;
    vv[t] = x;
  }
  return canonicalize(fn, { rows, cols, i: ii, j: jj, v: vv }, policy);
}

/**
 * Observations from a dense matrix in which missing entries are NaN: every finite entry is an
 * observation. ±Infinity is rejected. Sorted by (i, j). Cost O(mn) time, O(|Ω|) extra memory.
 *
 * @param A - an m×n DenseMatrix (any strides), NaN marking the unobserved entries.
 * @throws InvalidArgumentError for a malformed matrix or an empty (0-row or 0-column) one;
 *   NonFiniteError naming the first ±Infinity.
 * @example
 * ```ts
 * const obs = observationsFromDense(fromRowMajor(2, 2, Float64Array.of(1, NaN, NaN, 4)));
 * // two observations: (0, 0) = 1 and (1, 1) = 4
 * ```
 */
export function observationsFromDense(A: DenseMatrix): Observations {
  const fn = 'observationsFromDense';
  assertDenseMatrix(fn, 'A', A, false);
  checkShape(fn, 'A', A.rows, A.cols);
  const { rows: m, cols: n, data, offset, rowStride, colStride } = A;
  let N = 0;
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < n; c++) {
      const x = data[offset + r * rowStride + c * colStride];
      if (x === Infinity || x === -Infinity) throw new NonFiniteError(fn, `A has an infinite entry ${x} at (${r}, ${c}) (expected a finite value, or NaN for missing)`);
      if (x === x) N++;
    }
  }
  const i = new Int32Array(N), j = new Int32Array(N), v = new Float64Array(N);
  let t = 0;
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < n; c++) {
      const x = data[offset + r * rowStride + c * colStride];
      if (x === x) {
        i[t] = r;
        j[t] = c;
        v[t++] = x;
      }
    }
  }
  return { rows: m, cols: n, i, j, v };
}

/**
 * Splits observations into a training and a test set, deterministically for a seed: exactly
 * round(testFraction·|Ω|) observations, a uniformly random subset (every subset of that size is
 * equally likely), go to `test`; both parts keep the input order. The subset is
 * `sampleWithoutReplacement` on substream 0 of the seed, so it is a pure function of
 * (seed, |Ω|, size) and the same on every machine. Rows or columns may end up with no training
 * observations; `completeMatrix` reports them.
 *
 * Cost O(|Ω|) time and memory.
 *
 * @param obs - valid observations ({@link assertObservations}).
 * @param testFraction - fraction held out, a number in [0, 1].
 * @param options - `{ seed }` (required).
 * @throws InvalidArgumentError for bad observations, a fraction outside [0, 1] or a missing or
 *   invalid seed; as {@link assertObservations}.
 * @example
 * ```ts
 * const { train, test } = splitObservations(obs, 0.2, { seed: 42 });
 * ```
 */
export function splitObservations(obs: Observations, testFraction: number, options: SplitOptions): ObservationSplit {
  const fn = 'splitObservations';
  assertObservations(obs, fn);
  assertReal(fn, 'testFraction', testFraction, 0, 1);
  if (typeof options !== 'object' || options === null || options.seed === undefined) {
    throw new InvalidArgumentError(fn, `options.seed is required (got ${options === undefined ? 'undefined' : 'undefined seed'}; expected a non-negative integer, bigint or string)`);
  }
  const state = toRngState(options.seed, fn);
  const N = obs.i.length;
  const nTest = Math.round(testFraction * N);
  const pick = sampleWithoutReplacement(substream(state, 0), N, nTest);
  const mark = new Uint8Array(N);
  for (let t = 0; t < nTest; t++) mark[pick[t]] = 1;
  return { train: subset(obs, mark, 0, N - nTest), test: subset(obs, mark, 1, nTest) };
}

function subset(obs: Observations, mark: Uint8Array, flag: number, count: number): Observations {
  const i = new Int32Array(count), j = new Int32Array(count), v = new Float64Array(count);
  let o = 0;
  for (let t = 0; t < mark.length; t++) {
    if (mark[t] !== flag) continue;
    i[o] = obs.i[t];
    j[o] = obs.j[t];
    v[o++] = obs.v[t];
  }
  return { rows: obs.rows, cols: obs.cols, i, j, v };
}

/**
 * @internal Sorts validated observations by (i, j) with two stable counting sorts (by column,
 * then by row) and merges repeats by `policy`. The arrays of `obs` are not modified. O(|Ω| + m + n).
 */
export function canonicalize(fn: string, obs: Observations, policy: DuplicatePolicy): Observations {
  const { rows: m, cols: n, i, j, v } = obs;
  const N = i.length;
  // Already sorted and distinct? (The common case for data from `observations`.)
  let sorted = true;
  for (let t = 1; t < N; t++) {
    if (i[t] < i[t - 1] || (i[t] === i[t - 1] && j[t] <= j[t - 1])) {
      sorted = false;
      break;
    }
  }
  if (sorted) return { rows: m, cols: n, i: i.slice(), j: j.slice(), v: v.slice() };
  // Stable counting sort by column, then by row: the result is sorted by (i, j), and repeats of
  // one position stay in input order.
  const byCol = countingOrder(j, n, null);
  const order = countingOrder(i, m, byCol);
  let distinct = 0;
  for (let t = 0; t < N; t++) {
    const p = order[t];
    if (t === 0 || i[p] !== i[order[t - 1]] || j[p] !== j[order[t - 1]]) distinct++;
  }
  const oi = new Int32Array(distinct), oj = new Int32Array(distinct), ov = new Float64Array(distinct);
  let o = -1, run = 0;
  for (let t = 0; t < N; t++) {
    const p = order[t];
    const x = v[p];
    if (t === 0 || i[p] !== i[order[t - 1]] || j[p] !== j[order[t - 1]]) {
      if (o >= 0 && policy === 'average' && run > 1) ov[o] /= run;
      o++;
      oi[o] = i[p];
      oj[o] = j[p];
      ov[o] = x;
      run = 1;
      continue;
    }
    run++;
    switch (policy) {
      case 'error':
        throw new InvalidArgumentError(fn, `position (${i[p]}, ${j[p]}) is observed more than once (entry ${p}; expected distinct positions with duplicates: 'error')`);
      case 'average':
      case 'sum':
        ov[o] += x;
        if (ov[o] - ov[o] !== 0) throw new NonFiniteError(fn, `the repeats of (${i[p]}, ${j[p]}) overflow when summed`);
        break;
      case 'last':
        ov[o] = x;
        break;
      case 'first':
        break;
    }
  }
  if (o >= 0 && policy === 'average' && run > 1) ov[o] /= run;
  return { rows: m, cols: n, i: oi, j: oj, v: ov };
}

/** Stable counting-sort order of `keys` (values in [0, K)) applied to `within` (or 0..N−1). */
function countingOrder(keys: Int32Array, K: number, within: Int32Array | null): Int32Array {
  const N = keys.length;
  const start = new Int32Array(K + 1);
  for (let t = 0; t < N; t++) start[keys[t] + 1]++;
  for (let c = 0; c < K; c++) start[c + 1] += start[c];
  const out = new Int32Array(N);
  for (let t = 0; t < N; t++) {
    const p = within === null ? t : within[t];
    out[start[keys[p]]++] = p;
  }
  return out;
}
