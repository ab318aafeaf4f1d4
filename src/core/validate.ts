/**
 * Validation helpers used once, at the public edge. Each throws a typed {@link RandNLAError}
 * whose message names the function, the value and the rule. Kernels never validate.
 *
 * @module
 */
import { DimensionError, InvalidArgumentError, NonFiniteError } from './errors.js';
import type { DenseMatrix } from './matrix.js';

/** Throws unless `x` is an integer in [lo, hi]. */
export function assertInt(fn: string, name: string, x: unknown, lo: number, hi = Number.MAX_SAFE_INTEGER): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < lo || x > hi) {
    const rule = hi === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${lo}` : `an integer in [${lo}, ${hi}]`;
    throw new InvalidArgumentError(fn, `${name} must be ${rule} (got ${fmt(x)})`);
  }
  return x;
}

/**
 * Throws unless `x` is a finite number in the given range. `open` makes the bounds strict:
 * `'both'`, `'lo'`, `'hi'` or `'none'` (closed).
 */
export function assertReal(
  fn: string,
  name: string,
  x: unknown,
  lo = -Infinity,
  hi = Infinity,
  open: 'both' | 'lo' | 'hi' | 'none' = 'none',
): number {
  const loOpen = open === 'both' || open === 'lo';
  const hiOpen = open === 'both' || open === 'hi';
  const ok =
    typeof x === 'number' &&
    Number.isFinite(x) &&
    (loOpen ? x > lo : x >= lo) &&
    (hiOpen ? x < hi : x <= hi);
  if (!ok) {
    const l = `${loOpen ? '(' : '['}${lo}`;
    const h = `${hi}${hiOpen ? ')' : ']'}`;
    throw new InvalidArgumentError(fn, `${name} must be a finite number in ${l}, ${h} (got ${fmt(x)})`);
  }
  return x as number;
}

/** Throws unless `x` is one of `choices`. */
export function assertOneOf<T extends string>(fn: string, name: string, x: unknown, choices: readonly T[]): T {
  if (typeof x !== 'string' || !(choices as readonly string[]).includes(x)) {
    throw new InvalidArgumentError(fn, `${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')} (got ${fmt(x)})`);
  }
  return x as T;
}

/** Throws a {@link NonFiniteError} naming the first NaN/±Infinity entry (i, j) of A. */
export function assertFiniteMatrix(fn: string, name: string, A: DenseMatrix): void {
  const { rows, cols, data, offset, rowStride, colStride } = A;
  for (let j = 0; j < cols; j++) {
    let s = offset + j * colStride;
    for (let i = 0; i < rows; i++, s += rowStride) {
      const v = data[s];
      if (v - v !== 0) {
        throw new NonFiniteError(fn, `${name} has a non-finite entry ${v} at (${i}, ${j})`);
      }
    }
  }
}

/** Throws a {@link NonFiniteError} naming the first NaN/±Infinity entry of x. */
export function assertFiniteVector(fn: string, name: string, x: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== 'number' || v - v !== 0) {
      throw new NonFiniteError(fn, `${name} has a non-finite entry ${v} at index ${i}`);
    }
  }
}

/** Throws a {@link DimensionError} unless `got === expected`. */
export function assertDim(fn: string, what: string, got: number, expected: number, against: string): void {
  if (got !== expected) throw new DimensionError(fn, `${what} is ${got} but ${against} is ${expected}`);
}

/** Throws an {@link InvalidArgumentError} when the matrix has no rows or no columns. */
export function assertNonEmpty(fn: string, name: string, rows: number, cols: number): void {
  if (rows < 1 || cols < 1) throw new InvalidArgumentError(fn, `${name} is empty (${rows}×${cols}); expected at least 1×1`);
}

/** Formats a value for an error message. */
export function fmt(x: unknown): string {
  if (typeof x === 'string') return `'${x}'`;
  if (typeof x === 'bigint') return `${x}n`;
  if (x === undefined) return 'undefined';
  if (x === null) return 'null';
  if (typeof x === 'number') return String(x);
  if (Array.isArray(x)) return `array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `${x.constructor.name} of length ${(x as unknown as ArrayLike<number>).length}`;
  return typeof x;
}
