/**
 * Small helpers shared by the structured module (argument checks at the public edge).
 * Not re-exported.
 *
 * @internal
 * @module
 */
import { DimensionError, InvalidArgumentError } from '../core/errors.js';
import { asVector, type VectorLike } from '../core/interop.js';
import { fmt } from '../core/validate.js';
import { roundLog2 } from '../core/qr.js';

/** True when n is a positive integer power of two (1, 2, 4, …). */
export function isPowerOfTwo(n: number): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && 2 ** roundLog2(n) === n;
}

/** log₂ n for a power of two n, exactly (from the bits, not the engine's `Math.log2`). */
export function log2Int(n: number): number {
  return roundLog2(n);
}

/**
 * The divisor of n closest to `target` (ties go to the larger divisor). Used for default block
 * counts (≈ √n). Cost O(√n).
 */
export function nearestDivisor(n: number, target: number): number {
  let best = 1;
  let bestDist = Math.abs(1 - target);
  for (let d = 1; d * d <= n; d++) {
    if (n % d !== 0) continue;
    for (const c of [d, n / d]) {
      const dist = Math.abs(c - target);
      if (dist < bestDist || (dist === bestDist && c > best)) {
        best = c;
        bestDist = dist;
      }
    }
  }
  return best;
}

/**
 * Checks a vector argument of an operator's `apply`/`applyT` (or any function taking one):
 * a `Float64Array` or `number[]` of exactly `len` finite entries. Returns it as a
 * `Float64Array` (the same object when it already is one; never written to).
 */
export function vectorArg(fn: string, name: string, x: unknown, len: number, against: string): Float64Array {
  if (!(x instanceof Float64Array) && !Array.isArray(x)) {
    throw new InvalidArgumentError(fn, `${name} must be a Float64Array or a number[] (got ${fmt(x)})`);
  }
  if (x.length !== len) {
    throw new DimensionError(fn, `${name} has length ${x.length} but ${against} is ${len}`);
  }
  return asVector(x as VectorLike, fn, name);
}

/** Throws unless `options` is undefined or a plain object; returns it (or `{}`). */
export function optionsArg<T extends object>(fn: string, options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(options)})`);
  }
  return options;
}
