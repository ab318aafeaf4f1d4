/**
 * Permutation operators, including the reshape-transpose ("perfect shuffle") permutation that
 * sits between the two block-diagonal factors of a Monarch matrix.
 *
 * @module
 */
import { InvalidArgumentError } from '../core/errors.js';
import { assertInt, fmt } from '../core/validate.js';
import { vectorArg } from './internal.js';
import type { LinearOperator } from './types.js';

/**
 * The permutation matrix P with (P·x)[i] = x[perm[i]] (a gather; row i of P is e_{perm[i]}ᵀ)
 * as a {@link LinearOperator}; `applyT` scatters back: (Pᵀ·y)[perm[i]] = y[i]. P is
 * orthogonal, so `applyT` is also the inverse.
 *
 * The index array is copied, so later changes to `perm` do not affect the operator.
 *
 * Cost: O(n) to validate and copy; n moves per application.
 *
 * @param perm - each of 0, 1, …, n−1 exactly once (`number[]` or an integer typed array).
 * @returns an n×n operator.
 * @throws {@link InvalidArgumentError} if `perm` is not an array, or is not a permutation of
 *   0 … n−1 (an entry out of range, not an integer, or repeated; the message names it).
 * @example
 * ```ts
 * const P = permutationOperator([2, 0, 1]);
 * P.apply(new Float64Array([10, 20, 30])); // [30, 10, 20]
 * ```
 */
export function permutationOperator(perm: ArrayLike<number>): LinearOperator {
  const p = permutationArg('permutationOperator', 'perm', perm);
  const n = p.length;
  return {
    kind: 'operator',
    rows: n,
    cols: n,
    apply(x: Float64Array): Float64Array {
      const v = vectorArg('permutationOperator.apply', 'x', x, n, 'the operator dimension');
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = v[p[i]];
      return out;
    },
    applyT(y: Float64Array): Float64Array {
      const v = vectorArg('permutationOperator.applyT', 'y', y, n, 'the operator dimension');
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[p[i]] = v[i];
      return out;
    },
  };
}

/**
 * The reshape-transpose permutation of length a·b, as a gather index array for
 * {@link permutationOperator}: reshape x as an a×b array in row-major order, transpose it to
 * b×a, flatten row-major. So `perm[j·a + i] = i·b + j` and y[j·a + i] = x[i·b + j].
 *
 * For n = b² this is the permutation P of a Monarch matrix M = P·L·Pᵀ·R (Dao et al., ICML
 * 2022, §3), an involution; in general `reshapeTransposePermutation(b, a)` is the inverse of
 * `reshapeTransposePermutation(a, b)`. It is also the commutation (perfect-shuffle) matrix of
 * the Kronecker identity P·(B⊗C)·Q = C⊗B (Van Loan, "Computational Frameworks for the Fast
 * Fourier Transform", SIAM 1992, Ch. 1).
 *
 * Cost: O(ab).
 *
 * @param a - number of rows of the reshaped array, a positive integer.
 * @param b - number of columns of the reshaped array, a positive integer.
 * @returns a new Int32Array of length a·b.
 * @throws {@link InvalidArgumentError} if a or b is not a positive integer (or a·b ≥ 2³¹).
 * @example
 * ```ts
 * reshapeTransposePermutation(2, 3); // Int32Array [0, 3, 1, 4, 2, 5]
 * ```
 */
export function reshapeTransposePermutation(a: number, b: number): Int32Array {
  const fn = 'reshapeTransposePermutation';
  assertInt(fn, 'a', a, 1);
  assertInt(fn, 'b', b, 1);
  if (a * b > 2 ** 31 - 1) throw new InvalidArgumentError(fn, `a·b must be below 2^31 (got ${a * b})`);
  const out = new Int32Array(a * b);
  for (let j = 0; j < b; j++) for (let i = 0; i < a; i++) out[j * a + i] = i * b + j;
  return out;
}

/** Validates and copies a permutation of 0 … n−1. @internal */
export function permutationArg(fn: string, name: string, perm: unknown): Int32Array {
  if (!Array.isArray(perm) && !(ArrayBuffer.isView(perm) && !(perm instanceof DataView))) {
    throw new InvalidArgumentError(fn, `${name} must be an array of indices (got ${fmt(perm)})`);
  }
  const src = perm as ArrayLike<unknown>;
  const n = src.length;
  const out = new Int32Array(n);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= n) {
      throw new InvalidArgumentError(fn, `${name}[${i}] must be an integer in [0, ${n - 1}] (got ${fmt(v)})`);
    }
    if (seen[v]) throw new InvalidArgumentError(fn, `${name} is not a permutation: ${v} appears twice (second time at index ${i})`);
    seen[v] = 1;
    out[i] = v;
  }
  return out;
}
