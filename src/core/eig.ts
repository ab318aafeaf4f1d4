/**
 * Symmetric eigendecomposition A = V·diag(λ)·Vᵀ.
 *
 * @module
 */
import { axpy, dot, hypot } from './kernels/blas1.js';
import { DimensionError, NonFiniteError, NumericalError } from './errors.js';
import type { DenseMatrix } from './matrix.js';
import { applyReflectorLeft, assertDense, householderInPlace, roundLog2 } from './qr.js';

/** Result of {@link eigSym}: plain data. */
export interface SymmetricEigen {
  /** The n eigenvalues, in descending order. */
  readonly values: Float64Array;
  /**
   * n×n column-major matrix whose column i is a unit eigenvector for `values[i]`; the columns
   * are orthonormal. Sign convention: the entry of largest magnitude in each column (the first
   * one on ties) is positive.
   */
  readonly vectors: DenseMatrix;
}

const EPS = Number.EPSILON;
const TINY = 2.2250738585072014e-308;

/**
 * Eigenvalues and orthonormal eigenvectors of a symmetric n×n matrix: A·V = V·diag(λ), VᵀV = I,
 * λ₀ ≥ λ₁ ≥ … ≥ λ_{n−1}.
 *
 * Only the lower triangle of A is read (A is taken to be the symmetric matrix it defines).
 *
 * Algorithm: Householder tridiagonalization QᵀAQ = T (Golub & Van Loan, Matrix Computations,
 * 4th ed., Alg. 8.3.1), Q accumulated backwards, then the implicit symmetric tridiagonal QR
 * algorithm with Wilkinson shifts (G&VL Alg. 8.3.2–8.3.3): chase the bulge with Givens rotations,
 * applied to the columns of Q; an off-diagonal e_i is set to zero when
 * |e_i| ≤ ε·(|d_i| + |d_{i+1}|). The computed pairs are exact for A + E with
 * ‖E‖₂ ≈ c·n·ε·‖A‖₂ (G&VL §8.3), so each eigenvalue is within about n·ε·‖A‖₂ of the truth
 * and VᵀV = I to working accuracy.
 *
 * Complexity: about 9n³ flops (4n³/3 tridiagonalization with a full symmetric rank-2 update,
 * 4n³/3 to form Q, and ≈ 6n³ for the QR sweeps with vectors); n² extra memory.
 * Convergence: the Wilkinson-shifted iteration converges globally (and cubically in practice);
 * a budget of 30·n QR steps, as in LAPACK `dsteqr`, guards against pathological input.
 *
 * @param A - symmetric n×n matrix, any strides; lower triangle read; not modified.
 * @returns {@link SymmetricEigen} `{ values, vectors }`.
 * @throws {@link DimensionError} if A is not square.
 * @throws {@link NonFiniteError} if the lower triangle holds NaN or ±Infinity.
 * @throws {@link NumericalError} if the QR iteration does not converge within 30·n steps.
 * @throws {@link InvalidArgumentError} if A is not a DenseMatrix.
 * @example
 * ```ts
 * const { values, vectors } = eigSym(fromRowMajor(2, 2, new Float64Array([2, 1, 1, 2])));
 * // values = [3, 1]; vectors[:, 0] = [1, 1]/√2
 * ```
 */
export function eigSym(A: DenseMatrix): SymmetricEigen {
  const fn = 'eigSym';
  assertDense(fn, 'A', A);
  if (A.rows !== A.cols) throw new DimensionError(fn, `A must be square (got ${A.rows}×${A.cols})`);
  const n = A.rows;
  const w = new Float64Array(n * n);
  const { data, offset, rowStride, colStride } = A;
  let amax = 0;
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) {
      const v = data[offset + i * rowStride + j * colStride];
      if (v - v !== 0) throw new NonFiniteError(fn, `A has a non-finite entry ${v} at (${i}, ${j})`);
      w[j * n + i] = v;
      w[i * n + j] = v;
      amax = Math.max(amax, Math.abs(v));
    }
  }
  // Scale by a power of two (exact) so that squares neither overflow nor underflow needlessly.
  const ex = amax > 0 ? Math.min(1023, Math.max(-1022, -roundLog2(amax))) : 0;
  const scale = 2 ** ex;
  if (scale !== 1) for (let i = 0; i < n * n; i++) w[i] *= scale;

  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  const q = new Float64Array(n * n);
  tridiagonalize(n, w, d, e, q);
  tridiagonalQr(fn, n, d, e, q);

  // Sort descending (stable selection on indices), unscale, fix signs.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[b] - d[a] || a - b);
  const values = new Float64Array(n);
  const vec = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const src = order[c];
    values[c] = d[src] * 2 ** -ex;
    vec.set(q.subarray(src * n, src * n + n), c * n);
  }
  fixSigns(n, n, vec);
  return { values, vectors: { kind: 'dense', rows: n, cols: n, data: vec, offset: 0, rowStride: 1, colStride: n } };
}

/**
 * Flips the sign of each column of the column-major m×k array so that its entry of largest
 * magnitude (the first one on ties) is positive. Returns the flip applied to each column
 * (±1) so that a paired factor can be flipped too. @internal
 */
export function fixSigns(m: number, k: number, a: Float64Array): Int8Array {
  const flips = new Int8Array(k);
  for (let j = 0; j < k; j++) {
    const c = j * m;
    let best = 0, bi = -1;
    for (let i = 0; i < m; i++) {
      const v = Math.abs(a[c + i]);
      if (v > best) {
        best = v;
        bi = i;
      }
    }
    if (bi >= 0 && a[c + bi] < 0) {
      for (let i = 0; i < m; i++) a[c + i] = -a[c + i];
      flips[j] = -1;
    } else {
      flips[j] = 1;
    }
  }
  return flips;
}

/**
 * Householder tridiagonalization of the full symmetric column-major n×n array `w` (destroyed):
 * on return d, e hold T's diagonal and off-diagonal and q holds the orthogonal Q with QᵀAQ = T.
 */
function tridiagonalize(n: number, w: Float64Array, d: Float64Array, e: Float64Array, q: Float64Array): void {
  const taus = new Float64Array(Math.max(n - 2, 0));
  const p = new Float64Array(n);
  for (let k = 0; k + 2 < n; k++) {
    const len = n - k - 1; // length of the reflected vector A[k+1:n, k]
    const alphaIdx = k * n + k + 1;
    const tau = householderInPlace(len - 1, w, alphaIdx, alphaIdx + 1);
    taus[k] = tau;
    e[k] = w[alphaIdx];
    d[k] = w[k * n + k];
    if (tau === 0) continue;
    // v = [1; w[alphaIdx+1 : ...]] of length len, acting on rows/cols k+1..n-1.
    const vOff = alphaIdx + 1; // v[1:]
    const s0 = (k + 1) * n + (k + 1); // S = W[k+1:n, k+1:n]
    // p = τ·S·v (S symmetric, stored in full): column-oriented, p = Σ_j v_j S[:, j].
    for (let i = 0; i < len; i++) p[i] = 0;
    for (let j = 0; j < len; j++) {
      const vj = j === 0 ? 1 : w[vOff + j - 1];
      if (vj !== 0) axpy(len, vj, w, s0 + j * n, 1, p, 0, 1);
    }
    for (let i = 0; i < len; i++) p[i] *= tau;
    // K = τ/2 · pᵀv ; p ← p − K·v
    const ptv = p[0] + dot(len - 1, p, 1, 1, w, vOff, 1);
    const kk = 0.5 * tau * ptv;
    p[0] -= kk;
    axpy(len - 1, -kk, w, vOff, 1, p, 1, 1);
    // S ← S − v·pᵀ − p·vᵀ (full), column by column.
    for (let j = 0; j < len; j++) {
      const vj = j === 0 ? 1 : w[vOff + j - 1];
      const pj = p[j];
      const c = s0 + j * n;
      // − v·p_j
      w[c] -= pj; // v[0] = 1
      axpy(len - 1, -pj, w, vOff, 1, w, c + 1, 1);
      // − p·v_j
      if (vj !== 0) axpy(len, -vj, p, 0, 1, w, c, 1);
    }
  }
  if (n >= 2) {
    d[n - 2] = w[(n - 2) * n + (n - 2)];
    e[n - 2] = w[(n - 2) * n + (n - 1)];
  }
  if (n >= 1) d[n - 1] = w[(n - 1) * n + (n - 1)];
  // Q = H₀H₁⋯H_{n−3}: backward accumulation on the trailing blocks (G&VL §5.1.6).
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let k = n - 3; k >= 0; k--) {
    const tau = taus[k];
    if (tau === 0) continue;
    const len = n - k - 1;
    const vOff = k * n + k + 2;
    const b0 = (k + 1) * n + (k + 1);
    applyReflectorLeft(len, tau, w, vOff, len, q, b0, n);
  }
}

/**
 * Implicit symmetric tridiagonal QR with Wilkinson shifts on (d, e), rotations accumulated into
 * the columns of the column-major n×n array q. On return d holds the eigenvalues (unsorted).
 */
function tridiagonalQr(fn: string, n: number, d: Float64Array, e: Float64Array, q: Float64Array): void {
  const maxSteps = 30 * Math.max(n, 1);
  let steps = 0;
  let hi = n - 1;
  while (hi > 0) {
    // Deflate negligible off-diagonals.
    for (let i = 0; i < hi; i++) {
      if (Math.abs(e[i]) <= EPS * (Math.abs(d[i]) + Math.abs(d[i + 1])) || Math.abs(e[i]) < TINY) e[i] = 0;
    }
    while (hi > 0 && e[hi - 1] === 0) hi--;
    if (hi === 0) break;
    let lo = hi - 1;
    while (lo > 0 && e[lo - 1] !== 0) lo--;
    if (++steps > maxSteps) {
      throw new NumericalError(fn, `the symmetric QR iteration did not converge in ${maxSteps} steps (got ${hi + 1} unconverged eigenvalues)`);
    }
    qrStep(n, lo, hi, d, e, q);
  }
}

/** One implicit Wilkinson-shifted QR step on the unreduced block lo..hi (G&VL Alg. 8.3.2). */
function qrStep(n: number, lo: number, hi: number, d: Float64Array, e: Float64Array, q: Float64Array): void {
  // Wilkinson shift: the eigenvalue of the trailing 2×2 block closer to d[hi].
  const t = 0.5 * (d[hi - 1] - d[hi]);
  const eh = e[hi - 1];
  const r = hypot(t, eh);
  const mu = d[hi] - eh * (eh / (t + (t >= 0 ? r : -r)));
  let x = d[lo] - mu;
  let z = e[lo];
  for (let k = lo; k < hi; k++) {
    // Rotation G' = [[c, s], [−s, c]] on rows/cols (k, k+1) with −s·x + c·z = 0.
    const rr = hypot(x, z);
    let c: number, s: number;
    if (rr === 0) {
      c = 1;
      s = 0;
    } else {
      c = x / rr;
      s = z / rr;
    }
    if (k > lo) e[k - 1] = rr;
    const a = d[k], b = d[k + 1], ek = e[k];
    const cs = c * s, cc = c * c, ss = s * s;
    d[k] = cc * a + 2 * cs * ek + ss * b;
    d[k + 1] = ss * a - 2 * cs * ek + cc * b;
    e[k] = cs * (b - a) + (cc - ss) * ek;
    if (k + 1 < hi) {
      x = e[k];
      z = s * e[k + 1];
      e[k + 1] *= c;
    }
    // Q ← Q·G'ᵀ on columns k, k+1.
    const ck = k * n, ck1 = ck + n;
    for (let i = 0; i < n; i++) {
      const qa = q[ck + i], qb = q[ck1 + i];
      q[ck + i] = c * qa + s * qb;
      q[ck1 + i] = c * qb - s * qa;
    }
  }
}
