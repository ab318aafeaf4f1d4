/**
 * Orthogonal operators as products of Householder reflections, and Haar-random orthogonal
 * matrices generated from reflections (Stewart's method).
 *
 * @module
 */
import { InvalidArgumentError } from '../core/errors.js';
import { asVector, assertDenseMatrix, type VectorLike } from '../core/interop.js';
import type { DenseMatrix } from '../core/matrix.js';
import { nrm2 } from '../core/kernels/blas1.js';
import { assertInt, fmt } from '../core/validate.js';
import { fillNormal, substream as substreamOf, toRngState, type RngState, type Seed } from '../rng/index.js';
import { vectorArg } from './internal.js';
import type { LinearOperator } from './types.js';

/** x[o … o+len) ← (I − 2uuᵀ)·x[o … o+len) with u = u[uo … uo+len), ‖u‖ = 1. @internal */
function reflect(u: Float64Array, uo: number, len: number, x: Float64Array, o: number): void {
  let s = 0;
  for (let i = 0; i < len; i++) s += u[uo + i] * x[o + i];
  if (s === 0) return;
  s *= -2;
  for (let i = 0; i < len; i++) x[o + i] += s * u[uo + i];
}

/**
 * The orthogonal matrix Q = H(v₀)·H(v₁)⋯H(v_{k−1}) with H(v) = I − 2·v·vᵀ/(vᵀv), as a
 * {@link LinearOperator} (n×n). `apply(x)` applies H(v_{k−1}) first and H(v₀) last;
 * `applyT` = Q⁻¹ applies them in the opposite order. Each H(v) is a symmetric orthogonal
 * reflection through the hyperplane v^⊥, so Q is orthogonal with det Q = (−1)^k.
 *
 * The vectors are normalised and copied when the operator is built.
 *
 * Cost: 4nk flops per application, nk storage.
 *
 * Reference: A. S. Householder, "Unitary triangularization of a nonsymmetric matrix",
 * J. ACM 5(4), 1958; Golub & Van Loan, "Matrix Computations", 4th ed., §5.1.
 *
 * @param vectors - the k ≥ 1 nonzero vectors, all of length n ≥ 1: an array of `Float64Array`
 *   / `number[]`, or a DenseMatrix whose columns are the vectors (n×k).
 * @throws {@link InvalidArgumentError} if there are no vectors, a vector is zero, or the input
 *   is malformed; {@link DimensionError} if the lengths differ; {@link NonFiniteError} for
 *   NaN/±Infinity.
 * @example
 * ```ts
 * const Q = householderProduct([[1, 1, 0], [0, 1, -1]]);
 * Q.applyT(Q.apply(x)); // x, up to rounding
 * ```
 */
export function householderProduct(vectors: ReadonlyArray<VectorLike> | DenseMatrix): LinearOperator {
  const fn = 'householderProduct';
  let n: number, k: number;
  let u: Float64Array;
  if (Array.isArray(vectors)) {
    k = vectors.length;
    if (k === 0) throw new InvalidArgumentError(fn, 'vectors is empty (expected at least one vector)');
    const first = asVector(vectors[0], fn, 'vectors[0]');
    n = first.length;
    u = new Float64Array(n * k);
    for (let t = 0; t < k; t++) {
      const v = t === 0 ? first : vectorArg(fn, `vectors[${t}]`, vectors[t], n, 'the length of vectors[0]');
      u.set(v, t * n);
    }
  } else {
    assertDenseMatrix(fn, 'vectors', vectors);
    const V = vectors as DenseMatrix;
    n = V.rows;
    k = V.cols;
    if (k === 0) throw new InvalidArgumentError(fn, 'vectors has no columns (expected at least one vector)');
    u = new Float64Array(n * k);
    for (let t = 0; t < k; t++) for (let i = 0; i < n; i++) u[t * n + i] = V.data[V.offset + i * V.rowStride + t * V.colStride];
  }
  if (n === 0) throw new InvalidArgumentError(fn, 'the vectors have length 0 (expected at least 1)');
  for (let t = 0; t < k; t++) {
    const nr = nrm2(n, u, t * n, 1);
    if (!(nr > 0)) throw new InvalidArgumentError(fn, `vector ${t} is zero (expected nonzero vectors; H(0) is undefined)`);
    for (let i = 0; i < n; i++) u[t * n + i] /= nr;
  }
  return {
    kind: 'operator',
    rows: n,
    cols: n,
    apply(x: Float64Array): Float64Array {
      const out = Float64Array.from(vectorArg('householderProduct.apply', 'x', x, n, 'the operator dimension'));
      for (let t = k - 1; t >= 0; t--) reflect(u, t * n, n, out, 0);
      return out;
    },
    applyT(y: Float64Array): Float64Array {
      const out = Float64Array.from(vectorArg('householderProduct.applyT', 'y', y, n, 'the operator dimension'));
      for (let t = 0; t < k; t++) reflect(u, t * n, n, out, 0);
      return out;
    },
  };
}

/**
 * Stewart's reflectors for a Haar-distributed m×k matrix with orthonormal columns (k ≤ m):
 * Q = H₀H₁⋯H_{k−1}·[I_k; 0]·D, where H_i acts on coordinates i … m−1 and is built from the
 * Gaussian vector x_i of length m−i at stream positions start + Σ_{j<i}(m−j) …, and
 * D = diag(−sign(x_i[0])). This is exactly Householder QR of an m×k Gaussian matrix (column i of
 * the partly reduced matrix is again Gaussian) followed by the sign fix Q ← Q·diag(sign R_ii).
 * Uses Σ_{i<k}(m−i) positions. @internal
 */
export function stewartReflectors(st: RngState, start: number, m: number, k: number): { u: Float64Array; d: Float64Array } {
  const total = k * m - (k * (k - 1)) / 2;
  const u = new Float64Array(total);
  fillNormal(st, start, u, 0, total);
  const d = new Float64Array(k);
  let off = 0;
  for (let i = 0; i < k; i++) {
    const len = m - i;
    const alpha = u[off];
    const norm = nrm2(len, u, off, 1);
    if (norm === 0) {
      // Probability zero: H_i = I (u = 0), R_ii = 0, sign +1.
      d[i] = 1;
    } else {
      const sgn = alpha >= 0 ? 1 : -1;
      u[off] = alpha + sgn * norm; // v = x + sign(α)‖x‖e₁ maps x to −sign(α)‖x‖e₁
      const vn = Math.sqrt(2 * norm * (norm + Math.abs(alpha)));
      for (let t = 0; t < len; t++) u[off + t] /= vn;
      d[i] = -sgn;
    }
    off += len;
  }
  return { u, d };
}

/**
 * Writes the Haar m×k matrix with orthonormal columns (k ≤ m) of {@link stewartReflectors}
 * into out: element (i, j) at `out[outOff + i·rs + j·cs]`. Cost O(mk²). @internal
 */
export function haarInto(st: RngState, start: number, m: number, k: number, out: Float64Array, outOff: number, rs: number, cs: number): void {
  const { u, d } = stewartReflectors(st, start, m, k);
  const col = new Float64Array(m);
  const offs = new Int32Array(k);
  for (let i = 1; i < k; i++) offs[i] = offs[i - 1] + (m - i + 1);
  for (let j = 0; j < k; j++) {
    col.fill(0);
    col[j] = d[j];
    // Columns j' > j of [I;0]·D are untouched by H_i for i > j (their support starts at i).
    for (let i = j; i >= 0; i--) reflect(u, offs[i], m - i, col, i);
    for (let i = 0; i < m; i++) out[outOff + i * rs + j * cs] = col[i];
  }
}

/**
 * A Haar-distributed (uniformly random) n×n orthogonal matrix as a {@link LinearOperator},
 * generated from the seed by Stewart's method: Q = H₀H₁⋯H_{n−1}·D, where H_i is the Householder
 * reflection built from a fresh N(0, I_{n−i}) vector acting on coordinates i … n−1, and D the
 * sign fix diag(sign R_ii). This is Householder QR of an n×n Gaussian matrix with the sign
 * fix, which makes Q exactly Haar, computed in O(n²) instead of O(n³) because every partly
 * reduced column is again Gaussian. Q is never formed.
 *
 * Randomness: reflector i uses the standard normals at positions i·n − i(i−1)/2 … of substream
 * 0 of the seed's stream (n(n+1)/2 values in all).
 *
 * Cost: n(n+1)/2 normals and O(n²) flops to build; 2n² flops per application; n(n+1)/2
 * stored numbers (for large n prefer structured mixers such as the FWHT or a `'hadsign'`
 * Monarch matrix).
 *
 * Reference: G. W. Stewart, "The efficient generation of random orthogonal matrices with an
 * application to condition estimators", SIAM J. Numer. Anal. 17(3), 1980; sign fix as in
 * F. Mezzadri, "How to generate random matrices from the classical compact groups", Notices
 * AMS 54(5), 2007.
 *
 * @param n - the dimension, a positive integer (n(n+1)/2 < 2³¹).
 * @param seed - a {@link Seed} or an {@link RngState}.
 * @throws {@link InvalidArgumentError} for a bad n or seed.
 * @example
 * ```ts
 * const Q = randomOrthogonalOperator(100, 42);
 * Q.applyT(Q.apply(x)); // x, up to rounding
 * ```
 */
export function randomOrthogonalOperator(n: number, seed: Seed | RngState): LinearOperator {
  const fn = 'randomOrthogonalOperator';
  assertInt(fn, 'n', n, 1);
  if ((n * (n + 1)) / 2 > 2 ** 31 - 1) {
    throw new InvalidArgumentError(fn, `n is ${n} (expected n(n+1)/2 < 2^31; the operator stores n(n+1)/2 numbers)`);
  }
  const st = substream0(fn, seed);
  const { u, d } = stewartReflectors(st, 0, n, n);
  const offs = new Int32Array(n);
  for (let i = 1; i < n; i++) offs[i] = offs[i - 1] + (n - i + 1);
  return {
    kind: 'operator',
    rows: n,
    cols: n,
    apply(x: Float64Array): Float64Array {
      const out = Float64Array.from(vectorArg('randomOrthogonalOperator.apply', 'x', x, n, 'the operator dimension'));
      for (let i = 0; i < n; i++) out[i] *= d[i];
      for (let i = n - 1; i >= 0; i--) reflect(u, offs[i], n - i, out, i);
      return out;
    },
    applyT(y: Float64Array): Float64Array {
      const out = Float64Array.from(vectorArg('randomOrthogonalOperator.applyT', 'y', y, n, 'the operator dimension'));
      for (let i = 0; i < n; i++) reflect(u, offs[i], n - i, out, i);
      for (let i = 0; i < n; i++) out[i] *= d[i];
      return out;
    },
  };
}

function substream0(fn: string, seed: Seed | RngState): RngState {
  if (seed === undefined) throw new InvalidArgumentError(fn, `seed is required (got ${fmt(seed)})`);
  return substreamOf(toRngState(seed, fn), 0);
}
