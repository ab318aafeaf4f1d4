/**
 * The fast Walsh–Hadamard transform (FWHT) in natural (Sylvester, "Hadamard") order.
 *
 * H_1 = [1], H_{2n} = [[H_n, H_n], [H_n, −H_n]], so H_n[i, j] = (−1)^{popcount(i AND j)}:
 * symmetric, with H_n·H_n = n·I. The transform runs log₂ n stages of unnormalised butterflies
 * (u, v) → (u + v, u − v), in place, n·log₂ n additions in all. Stages are fused in pairs
 * (radix 4: one pass over the data performs two butterfly stages), which halves the number of
 * passes over memory; the first pass is a dedicated 4-point (or 2-point) transform.
 *
 * Reference: M. G. Fino and V. R. Algazi, "Unified matrix treatment of the fast
 * Walsh–Hadamard transform", IEEE Trans. Computers C-25(11), 1142–1146 (1976).
 *
 * @module
 */
import { DimensionError, InvalidArgumentError } from '../core/errors.js';
import { asMatrix, asVector, assertDenseMatrix, type MatrixLike, type VectorLike } from '../core/interop.js';
import { activeWasmKernels } from '../core/kernels/backend.js';
import { REGION_FWHT, type WasmKernels } from '../core/kernels/wasm.js';
import type { DenseMatrix } from '../core/matrix.js';
import { fmt } from '../core/validate.js';
import { isPowerOfTwo, log2Int, optionsArg, vectorArg } from './internal.js';
import type { LinearOperator } from './types.js';

// ---------------------------------------------------------------------------------------------
// Kernels (no validation).

/**
 * Lengths from which {@link fwhtContiguous} runs on the WebAssembly backend (when it is
 * active). Measured in Node 20 (AMD EPYC Zen 4, CPU time, median of 3 processes, one vector
 * transformed in place, copies in and out included), time TypeScript / WebAssembly:
 * n = 64: 0.86 (the copies and the call cost more than the transform), 128: 1.3,
 * 1024: 2.5, 4096: 2.8, 2¹⁴: 3.0, 2¹⁶: 4.4, 2¹⁸: 4.5, 2²⁰: 4.2, 2²²: 3.1. @internal
 */
export const FWHT_WASM_MIN = 128;
/**
 * Longest vector sent to WebAssembly (2²² doubles, 32 MiB): the module's memory never shrinks,
 * so longer transforms run in TypeScript rather than keep a copy of that size alive. @internal
 */
export const FWHT_WASM_MAX = 1 << 22;
/**
 * Doubles copied into WebAssembly memory per call of the batched transform in
 * {@link fwhtColumnsKernel} (1 MiB), unless one column alone is longer. @internal
 */
const FWHT_WASM_BATCH = 1 << 17;
/**
 * Column length from which {@link fwhtColumnsKernel} batches contiguous columns into
 * WebAssembly (the module needs n ≥ 4). Batched, the copies cost little and WebAssembly is
 * faster at every length: measured time per column TypeScript / WebAssembly on 2²⁰ doubles of
 * contiguous columns (median of 3 processes), n = 128: 4.9, 1024: 5.4, 4096: 5.8, 2¹⁴: 6.1,
 * 2¹⁶: 6.4, 2¹⁸: 6.6, 2²⁰: 5.4. (The TypeScript kernel runs about half as fast on columns at
 * nonzero offsets as on a vector at offset 0, hence the larger ratios.) @internal
 */
export const FWHT_WASM_MIN_BATCH = 4;

/**
 * FWHT of `count` consecutive vectors of length n (n ≥ 4 a power of two) at x[o …] on the
 * WebAssembly backend: copies them into the module's memory, transforms them with f64x2
 * butterflies and copies them back. The module runs the same stages h = 1, 2, …, n/2 of
 * butterflies (u, v) → (u + v, u − v) as the TypeScript kernel, only grouped differently
 * (stages below 4096 block by block while the block is in L1), so every output is the same
 * expression of the inputs and the result is bit-identical.
 */
function fwhtWasm(wk: WasmKernels, x: Float64Array, o: number, n: number, count: number): void {
  const len = n * count;
  const [at] = wk.reserve([REGION_FWHT], [len]);
  const mem = wk.f64();
  mem.set(x.subarray(o, o + len), at);
  if (count === 1) wk.exports.fwht(at * 8, n);
  else wk.exports.fwhtBatch(at * 8, n, count);
  x.set(mem.subarray(at, at + len), o);
}

/**
 * Unnormalised FWHT of the contiguous block x[o … o+n−1], n a power of two. Runs on the
 * WebAssembly backend, when it is active, for {@link FWHT_WASM_MIN} ≤ n ≤
 * {@link FWHT_WASM_MAX} (bit-identical). @internal
 */
export function fwhtContiguous(x: Float64Array, o: number, n: number): void {
  if (n < 2) return;
  if (n >= FWHT_WASM_MIN && n <= FWHT_WASM_MAX) {
    const wk = activeWasmKernels();
    if (wk !== null) {
      fwhtWasm(wk, x, o, n, 1);
      return;
    }
  }
  const end = o + n;
  let h: number;
  if (log2Int(n) % 2 === 1) {
    for (let i = o; i < end; i += 2) {
      const a = x[i], b = x[i + 1];
      x[i] = a + b;
      x[i + 1] = a - b;
    }
    h = 2;
  } else {
    for (let i = o; i < end; i += 4) {
      const a = x[i], b = x[i + 1], c = x[i + 2], d = x[i + 3];
      const s0 = a + b, d0 = a - b, s1 = c + d, d1 = c - d;
      x[i] = s0 + s1;
      x[i + 1] = d0 + d1;
      x[i + 2] = s0 - s1;
      x[i + 3] = d0 - d1;
    }
    h = 4;
  }
  for (; h < n; h *= 4) {
    const h2 = 2 * h, h3 = 3 * h, h4 = 4 * h;
    for (let base = o; base < end; base += h4) {
      const stop = base + h;
      for (let j = base; j < stop; j++) {
        const a = x[j], b = x[j + h], c = x[j + h2], d = x[j + h3];
        const s0 = a + b, d0 = a - b, s1 = c + d, d1 = c - d;
        x[j] = s0 + s1;
        x[j + h] = d0 + d1;
        x[j + h2] = s0 - s1;
        x[j + h3] = d0 - d1;
      }
    }
  }
}

/** Unnormalised FWHT of x[o], x[o+inc], …, x[o+(n−1)·inc] (any nonzero inc). @internal */
export function fwhtStrided(x: Float64Array, o: number, n: number, inc: number): void {
  if (inc === 1) {
    fwhtContiguous(x, o, n);
    return;
  }
  if (n < 2) return;
  let h = 1;
  if (log2Int(n) % 2 === 1) {
    for (let i = 0; i < n; i += 2) {
      const p = o + i * inc, q = p + inc;
      const a = x[p], b = x[q];
      x[p] = a + b;
      x[q] = a - b;
    }
    h = 2;
  }
  for (; h < n; h *= 4) {
    const s1 = h * inc, s2 = 2 * s1, s3 = 3 * s1;
    for (let base = 0; base < n; base += 4 * h) {
      for (let j = base; j < base + h; j++) {
        const p = o + j * inc;
        const a = x[p], b = x[p + s1], c = x[p + s2], d = x[p + s3];
        const u0 = a + b, v0 = a - b, u1 = c + d, v1 = c - d;
        x[p] = u0 + u1;
        x[p + s1] = v0 + v1;
        x[p + s2] = u0 - u1;
        x[p + s3] = v0 - v1;
      }
    }
  }
}

/**
 * Unnormalised FWHT of every column of an n×k block whose rows are `rowStride` apart and whose
 * columns are contiguous runs (element (i, c) at `o + i·rowStride + c`): the butterflies
 * combine whole rows, so every inner loop runs over contiguous memory. @internal
 */
function fwhtRowsOfContiguous(x: Float64Array, o: number, n: number, k: number, rowStride: number): void {
  if (n < 2) return;
  let h = 1;
  if (log2Int(n) % 2 === 1) {
    for (let i = 0; i < n; i += 2) {
      const p = o + i * rowStride, q = p + rowStride;
      for (let c = 0; c < k; c++) {
        const a = x[p + c], b = x[q + c];
        x[p + c] = a + b;
        x[q + c] = a - b;
      }
    }
    h = 2;
  }
  for (; h < n; h *= 4) {
    const s1 = h * rowStride, s2 = 2 * s1, s3 = 3 * s1;
    for (let base = 0; base < n; base += 4 * h) {
      for (let j = base; j < base + h; j++) {
        const p = o + j * rowStride;
        for (let c = p; c < p + k; c++) {
          const a = x[c], b = x[c + s1], cc = x[c + s2], d = x[c + s3];
          const u0 = a + b, v0 = a - b, u1 = cc + d, v1 = cc - d;
          x[c] = u0 + u1;
          x[c + s1] = v0 + v1;
          x[c + s2] = u0 - u1;
          x[c + s3] = v0 - v1;
        }
      }
    }
  }
}

/** Unnormalised FWHT of every column of X in place, no validation. @internal */
export function fwhtColumnsKernel(X: DenseMatrix): void {
  const { rows, cols, data, offset, rowStride, colStride } = X;
  if (rows < 2 || cols < 1) return;
  if (rowStride === 1) {
    if (colStride === rows && rows >= FWHT_WASM_MIN_BATCH && rows <= FWHT_WASM_MAX && cols > 1) {
      const wk = activeWasmKernels();
      if (wk !== null) {
        // Contiguous columns: transform them in batches, one copy in and out per batch.
        const per = Math.max(1, Math.floor(FWHT_WASM_BATCH / rows));
        for (let j = 0; j < cols; j += per) fwhtWasm(wk, data, offset + j * rows, rows, Math.min(per, cols - j));
        return;
      }
    }
    for (let j = 0; j < cols; j++) fwhtContiguous(data, offset + j * colStride, rows);
  } else if (colStride === 1 && cols > 1) {
    fwhtRowsOfContiguous(data, offset, rows, cols, rowStride);
  } else {
    for (let j = 0; j < cols; j++) fwhtStrided(data, offset + j * colStride, rows, rowStride);
  }
}

// ---------------------------------------------------------------------------------------------
// Public API.

function checkPow2(fn: string, what: string, n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError(fn, `${what} must be a non-negative integer (got ${fmt(n)})`);
  }
  if (!isPowerOfTwo(n)) {
    throw new DimensionError(fn, `${what} is ${n} (expected a power of two: 1, 2, 4, …; pad with zeros first)`);
  }
}

/**
 * In-place unnormalised fast Walsh–Hadamard transform of the strided vector
 * `x = (data[offset], data[offset + stride], …, data[offset + (n−1)·stride])`:
 * x ← H_n·x with H_n the Sylvester-ordered Hadamard matrix, H_n[i, j] = (−1)^{popcount(i AND j)}
 * (entries ±1, not scaled; divide by √n for the orthonormal transform). Applying it twice
 * multiplies x by n.
 *
 * Writes into `data` (hence the `InPlace` name): this is the building block that sketches and
 * operators call on their own work arrays. Non-finite entries are not checked; they propagate.
 *
 * Cost: n·log₂ n additions and subtractions, no allocation; radix-4 passes (two butterfly
 * stages per sweep over memory).
 *
 * Reference: Fino & Algazi, "Unified matrix treatment of the fast Walsh–Hadamard transform",
 * IEEE Trans. Computers C-25(11), 1976.
 *
 * @param data - buffer holding the vector; modified in place.
 * @param offset - index in `data` of the first entry.
 * @param n - length, a power of two (1 is allowed and a no-op).
 * @param stride - index step between entries (default 1); any nonzero integer.
 * @throws {@link DimensionError} if n is an integer but not a power of two.
 * @throws {@link InvalidArgumentError} if n is not a non-negative integer, `data` is not a
 *   Float64Array, or offset/stride are not integers or address entries outside `data`.
 * @example
 * ```ts
 * const x = new Float64Array([1, 0, 0, 0]);
 * fwhtInPlace(x, 0, 4); // x = [1, 1, 1, 1]
 * ```
 */
export function fwhtInPlace(data: Float64Array, offset: number, n: number, stride = 1): void {
  const fn = 'fwhtInPlace';
  if (!(data instanceof Float64Array)) throw new InvalidArgumentError(fn, `data must be a Float64Array (got ${fmt(data)})`);
  checkPow2(fn, 'n', n);
  if (!Number.isSafeInteger(offset)) throw new InvalidArgumentError(fn, `offset must be an integer (got ${fmt(offset)})`);
  if (!Number.isSafeInteger(stride) || stride === 0) throw new InvalidArgumentError(fn, `stride must be a nonzero integer (got ${fmt(stride)})`);
  const last = offset + (n - 1) * stride;
  if (offset < 0 || offset >= data.length || last < 0 || last >= data.length) {
    throw new InvalidArgumentError(
      fn,
      `offset ${offset} with stride ${stride} addresses data[${Math.min(offset, last)}..${Math.max(offset, last)}] (got data of length ${data.length}; expected indices inside it)`,
    );
  }
  fwhtStrided(data, offset, n, stride);
}

/**
 * In-place unnormalised FWHT of every column of X: X ← H_m·X, where m = X.rows is a power of
 * two and H_m the Sylvester-ordered Hadamard matrix. Writes into `X.data`.
 *
 * Layout-aware: column-major X (`rowStride = 1`, randnla's layout, e.g. the padded block
 * D·A of an SRHT) transforms one contiguous column at a time, which keeps each column in
 * cache for all its log₂ m stages; row-major X (`colStride = 1`) runs the butterflies on whole
 * rows, so the inner loop sweeps contiguous memory; other strides fall back to strided columns.
 *
 * Cost: m·log₂ m·k additions for k = X.cols, no allocation.
 *
 * Reference: Fino & Algazi (1976), as for {@link fwhtInPlace}.
 *
 * @param X - a DenseMatrix (any strides) with a power-of-two number of rows; modified in place.
 *   Non-finite entries are not checked; they propagate.
 * @throws {@link DimensionError} if X.rows is not a power of two.
 * @throws {@link InvalidArgumentError} if X is not a well-formed DenseMatrix.
 * @example
 * ```ts
 * const X = zeros(4096, 64);   // column-major block
 * fwhtColumnsInPlace(X);       // X ← H₄₀₉₆·X
 * ```
 */
export function fwhtColumnsInPlace(X: DenseMatrix): void {
  const fn = 'fwhtColumnsInPlace';
  assertDenseMatrix(fn, 'X', X, false);
  if (X.cols === 0) return;
  checkPow2(fn, 'X.rows', X.rows);
  fwhtColumnsKernel(X);
}

/** Options of {@link fwht} and {@link hadamardOperator}. */
export interface FwhtOptions {
  /**
   * Scale by 1/√n, giving the orthonormal (and involutory) transform H_n/√n instead of the
   * ±1 matrix H_n.
   * @defaultValue false
   */
  readonly normalize?: boolean;
}

function normalizeArg(fn: string, options: FwhtOptions | undefined): boolean {
  const o = optionsArg(fn, options);
  if (o.normalize !== undefined && typeof o.normalize !== 'boolean') {
    throw new InvalidArgumentError(fn, `options.normalize must be a boolean (got ${fmt(o.normalize)})`);
  }
  return o.normalize ?? false;
}

/**
 * The Walsh–Hadamard transform H_n·x (or H_n·X column by column) in natural (Sylvester)
 * order, H_n[i, j] = (−1)^{popcount(i AND j)}; with `normalize: true`, the orthonormal
 * H_n·x/√n. Returns a new array; the input is never modified.
 *
 * Cost: n·log₂ n additions per vector (plus n multiplications when normalising) and one copy.
 *
 * Reference: Fino & Algazi, "Unified matrix treatment of the fast Walsh–Hadamard transform",
 * IEEE Trans. Computers C-25(11), 1976.
 *
 * @param x - a vector (`Float64Array` or `number[]`) of power-of-two length n, or any
 *   matrix input (DenseMatrix, `number[][]`, …) with a power-of-two number of rows.
 * @param options - {@link FwhtOptions}.
 * @returns a new `Float64Array` for a vector, a new column-major DenseMatrix for a matrix.
 * @throws {@link DimensionError} if the length (row count) is not a power of two.
 * @throws {@link NonFiniteError} if the input holds NaN or ±Infinity.
 * @throws {@link InvalidArgumentError} for a malformed input or option.
 * @example
 * ```ts
 * fwht([1, 2, 3, 4]);                      // Float64Array [10, -2, -4, 0]
 * fwht([1, 2, 3, 4], { normalize: true }); // [5, -1, -2, 0]
 * ```
 */
export function fwht(x: VectorLike, options?: FwhtOptions): Float64Array;
export function fwht(x: DenseMatrix | MatrixLike, options?: FwhtOptions): DenseMatrix;
export function fwht(x: VectorLike | MatrixLike, options?: FwhtOptions): Float64Array | DenseMatrix {
  const fn = 'fwht';
  const normalize = normalizeArg(fn, options);
  const isVector = x instanceof Float64Array || (Array.isArray(x) && (x.length === 0 || typeof x[0] === 'number'));
  if (isVector) {
    const v = asVector(x as VectorLike, fn, 'x');
    checkPow2(fn, 'x.length', v.length);
    const out = Float64Array.from(v);
    fwhtContiguous(out, 0, out.length);
    if (normalize) scaleInPlace(out, 1 / Math.sqrt(out.length));
    return out;
  }
  const A = asMatrix(x as MatrixLike, fn, { name: 'X' });
  checkPow2(fn, 'X.rows', A.rows);
  const m = A.rows, k = A.cols;
  const out = new Float64Array(m * k);
  copyColumnsInto(A, out);
  fwhtColumnsKernel({ kind: 'dense', rows: m, cols: k, data: out, offset: 0, rowStride: 1, colStride: m });
  if (normalize) scaleInPlace(out, 1 / Math.sqrt(m));
  return { kind: 'dense', rows: m, cols: k, data: out, offset: 0, rowStride: 1, colStride: m };
}

/**
 * The Walsh–Hadamard transform as a {@link LinearOperator}: `apply(x)` = H_n·x (or H_n·x/√n
 * with `normalize: true`) by the FWHT. H_n is symmetric, so `applyT` = `apply`.
 *
 * Cost: n·log₂ n additions per application, O(1) storage.
 *
 * Reference: Fino & Algazi (1976).
 *
 * @param n - the dimension, a power of two.
 * @param options - {@link FwhtOptions}.
 * @throws {@link DimensionError} if n is an integer but not a power of two;
 *   {@link InvalidArgumentError} if it is not a non-negative integer.
 * @example
 * ```ts
 * const H = hadamardOperator(8, { normalize: true });
 * H.apply(H.apply(x)); // x again, up to rounding
 * ```
 */
export function hadamardOperator(n: number, options?: FwhtOptions): LinearOperator {
  const fn = 'hadamardOperator';
  checkPow2(fn, 'n', n);
  const normalize = normalizeArg(fn, options);
  const scale = normalize ? 1 / Math.sqrt(n) : 1;
  const run = (name: string, v: Float64Array): Float64Array => {
    const x = vectorArg(`hadamardOperator.${name}`, 'x', v, n, 'the operator dimension');
    const out = Float64Array.from(x);
    fwhtContiguous(out, 0, n);
    if (scale !== 1) scaleInPlace(out, scale);
    return out;
  };
  return { kind: 'operator', rows: n, cols: n, apply: (x) => run('apply', x), applyT: (y) => run('applyT', y) };
}

function scaleInPlace(x: Float64Array, s: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= s;
}

function copyColumnsInto(A: DenseMatrix, out: Float64Array): void {
  const { rows, cols, data, offset, rowStride, colStride } = A;
  for (let j = 0; j < cols; j++) {
    let s = offset + j * colStride;
    const base = j * rows;
    if (rowStride === 1) out.set(data.subarray(s, s + rows), base);
    else for (let i = 0; i < rows; i++, s += rowStride) out[base + i] = data[s];
  }
}
