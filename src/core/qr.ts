/**
 * Householder QR factorization, thin, with optional column pivoting, stored LAPACK style.
 *
 * `qr(A)` returns plain data: the m×n column-major work array holds R on and above the diagonal
 * and the essential parts of the Householder vectors below it (the layout of LAPACK `dgeqrf` and
 * `dgeqp3`), `tau` holds the reflector scalars, and `perm` the column permutation. Q = H₀H₁⋯H_{k−1}
 * with H_i = I − τ_i v_i v_iᵀ, v_i = [0,…,0, 1, qr[i+1:m, i]] and k = min(m, n), is applied by
 * {@link applyQt} / {@link applyQ} without ever being formed; {@link qrQ} forms its first k columns
 * when asked.
 *
 * @module
 */
import { axpy, dot, hypot, nrm2, scal } from './kernels/blas1.js';
import { DimensionError, InvalidArgumentError } from './errors.js';
import { gemmInto } from './kernels/gemm.js';
import { fromColMajor, transpose, type DenseMatrix } from './matrix.js';
import { checkToleranceOptions, numericalRank, type ToleranceOptions } from './tolerance.js';
import { assertFiniteMatrix, assertFiniteVector, fmt } from './validate.js';

/**
 * A Householder QR factorization A·P = Q·R of an m×n matrix (plain data, JSON-friendly once the
 * typed arrays are converted).
 */
export interface QRFactorization {
  /** m, the number of rows of A. */
  readonly rows: number;
  /** n, the number of columns of A. */
  readonly cols: number;
  /**
   * Column-major m×n array: R (k×n upper trapezoidal, k = min(m, n)) on and above the diagonal;
   * below the diagonal of column i, the essential part of the Householder vector v_i (its
   * leading 1 is implicit).
   */
  readonly qr: Float64Array;
  /** The k reflector scalars τ_i (τ_i = 0 means H_i = I). */
  readonly tau: Float64Array;
  /**
   * Column permutation, or null without pivoting: column j of Q·R is column `perm[j]` of A,
   * i.e. A·P = Q·R with P = I[:, perm].
   */
  readonly perm: Int32Array | null;
  /**
   * Numerical rank by the library's rule (tolerance.ts) applied to |R_ii|, with σ_max replaced
   * by max|R_ii|. With pivoting this is the standard rank estimate of a rank-revealing QR
   * (Golub & Van Loan §5.4.2); without pivoting it is only a diagnostic (it can overestimate the
   * rank, never by less than the number of exactly zero pivots).
   */
  readonly rank: number;
}

/** Options of {@link qr}. */
export interface QROptions extends ToleranceOptions {
  /**
   * Column pivoting (Businger–Golub): at each step the remaining column of largest norm moves
   * to the front, so that |R_00| ≥ |R_11| ≥ … and the rank is revealed.
   * @defaultValue false
   */
  readonly pivoting?: boolean;
}

// dlamch('S') / dlamch('E') in LAPACK dlarfg: below this a reflector's norm is rescaled first.
const SAFMIN = 2.2250738585072014e-308 / Number.EPSILON;
const RSAFMN = 1 / SAFMIN;
// LAPACK dlaqp2: a downdated column norm is recomputed when it has lost about half its digits.
const TOL3Z = Math.sqrt(Number.EPSILON);

/**
 * Generates an elementary reflector H = I − τ·v·vᵀ with v = [1; x/(α − β)] such that
 * H·[α; x] = [β; 0], β = −sign(α)·‖[α; x]‖ (LAPACK `dlarfg`; Golub & Van Loan Alg. 5.1.1 with the
 * sign choice that avoids cancellation). α is `a[alphaIdx]`, x is `a[xOff : xOff + len]`
 * (contiguous). On return `a[alphaIdx] = β`, x holds v's essential part, and τ is returned
 * (τ = 0 when x = 0: H = I). Tiny norms are rescaled by 1/SAFMIN first so that τ and v keep full
 * accuracy. Cost: 3·len flops.
 *
 * @internal
 */
export function householderInPlace(len: number, a: Float64Array, alphaIdx: number, xOff: number): number {
  if (len <= 0) return 0;
  let xnorm = nrm2(len, a, xOff, 1);
  if (xnorm === 0) return 0;
  let alpha = a[alphaIdx];
  let beta = alpha >= 0 ? -hypot(alpha, xnorm) : hypot(alpha, xnorm);
  let knt = 0;
  if (Math.abs(beta) < SAFMIN) {
    do {
      knt++;
      scal(len, RSAFMN, a, xOff, 1);
      beta *= RSAFMN;
      alpha *= RSAFMN;
    } while (Math.abs(beta) < SAFMIN && knt < 20);
    xnorm = nrm2(len, a, xOff, 1);
    beta = alpha >= 0 ? -hypot(alpha, xnorm) : hypot(alpha, xnorm);
  }
  const tau = (beta - alpha) / beta;
  scal(len, 1 / (alpha - beta), a, xOff, 1);
  for (let j = 0; j < knt; j++) beta *= SAFMIN;
  a[alphaIdx] = beta;
  return tau;
}

/**
 * Applies H = I − τ·v·vᵀ (v = [1; a[vOff : vOff+len−1]]) from the left to the `ncols` columns
 * of the column-major block starting at `c[cOff]` with leading dimension `ldc`, rows
 * 0..len−1: per column one dot and one axpy over contiguous memory. Cost 4·len·ncols flops.
 *
 * @internal
 */
export function applyReflectorLeft(
  len: number,
  tau: number,
  v: Float64Array,
  vOff: number,
  ncols: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  if (tau === 0) return;
  const tail = len - 1;
  let j = 0;
  // Two columns at a time: v is read once for both dot products and both updates.
  for (; j + 1 < ncols; j += 2) {
    const c0 = cOff + j * ldc;
    const c1 = c0 + ldc;
    let s0 = c[c0], s1 = c[c1];
    let t0 = 0, t1 = 0;
    let i = 0;
    for (; i + 1 < tail; i += 2) {
      const va = v[vOff + i], vb = v[vOff + i + 1];
      s0 += va * c[c0 + 1 + i];
      t0 += vb * c[c0 + 2 + i];
      s1 += va * c[c1 + 1 + i];
      t1 += vb * c[c1 + 2 + i];
    }
    if (i < tail) {
      const va = v[vOff + i];
      s0 += va * c[c0 + 1 + i];
      s1 += va * c[c1 + 1 + i];
    }
    const w0 = -tau * (s0 + t0);
    const w1 = -tau * (s1 + t1);
    c[c0] += w0;
    c[c1] += w1;
    for (i = 0; i < tail; i++) {
      const vi = v[vOff + i];
      c[c0 + 1 + i] += w0 * vi;
      c[c1 + 1 + i] += w1 * vi;
    }
  }
  if (j < ncols) {
    const c0 = cOff + j * ldc;
    const w = -tau * (c[c0] + dot(tail, v, vOff, 1, c, c0 + 1, 1));
    c[c0] += w;
    axpy(tail, w, v, vOff, 1, c, c0 + 1, 1);
  }
}

/** Columns per panel of the blocked QR and of the blocked formation of Q. */
export const QR_BLOCK = 32;
/**
 * QR and the formation of Q run blocked when they have more reflectors than this, unblocked
 * otherwise. Measured on 65536×k Gaussians (Node 20, Intel Xeon, CPU time, unblocked against
 * blocked): QR 272 against 229 ms at k = 64, 584 against 370 at 96, 1105 against 528 at 128;
 * qrQ 273 against 116, 579 against 199, 1164 against 307 (at k = 48 the blocked QR is 10%
 * slower). At 64 and below the unblocked loop stays, so the most common sizes keep their bits.
 */
export const QR_CROSSOVER = 64;

/**
 * Unpivoted Householder QR of the column-major m×n array `a` (leading dimension m) in place;
 * fills `tau` (length k = min(m, n)). Golub & Van Loan Alg. 5.2.1 (LAPACK `dgeqr2`) when
 * k ≤ {@link QR_CROSSOVER}; above it the blocked form (Alg. 5.2.2, LAPACK `dgeqrf`): panels of
 * {@link QR_BLOCK} columns are factored by the unblocked loop, and each panel's reflectors,
 * gathered as I − V·T·Vᵀ (the compact WY form, Schreiber & Van Loan 1989), update the columns to
 * its right through three products of the packed gemm, which runs some five times faster than
 * the reflector-at-a-time update; every panel, the last included, is handled this way (LAPACK
 * leaves its last 128 reflectors to the unblocked loop: 2.6 against 1.5 s here on 65536×256).
 * The same reflectors in exact arithmetic; the blocked updates round differently, within the
 * same backward-error bound (Golub & Van Loan §5.2.3).
 * Cost 2mn² − 2n³/3 flops for m ≥ n.
 *
 * @internal
 */
export function qrInPlace(m: number, n: number, a: Float64Array, tau: Float64Array): void {
  const k = Math.min(m, n);
  let i = 0;
  if (k > QR_CROSSOVER) {
    const ws = wyScratch(m, n);
    for (; i < k; i += QR_BLOCK) {
      const ib = Math.min(QR_BLOCK, k - i);
      panelQr(m, a, tau, i, i + ib);
      if (i + ib < n) applyBlockReflector(m, a, tau, i, ib, a, (i + ib) * m, m, n - i - ib, true, ws);
    }
  }
  for (; i < k; i++) {
    const d = i * m + i;
    tau[i] = householderInPlace(m - i - 1, a, d, d + 1);
    if (i + 1 < n) applyReflectorLeft(m - i, tau[i], a, d + 1, n - i - 1, a, d + m, m);
  }
}

/** The unblocked loop on the panel of columns i0 … i1−1 of `a` (rows i0 … m−1): its reflectors, applied within the panel only. */
function panelQr(m: number, a: Float64Array, tau: Float64Array, i0: number, i1: number): void {
  for (let i = i0; i < i1; i++) {
    const d = i * m + i;
    tau[i] = householderInPlace(m - i - 1, a, d, d + 1);
    if (i + 1 < i1) applyReflectorLeft(m - i, tau[i], a, d + 1, i1 - i - 1, a, d + m, m);
  }
}

/** Scratch of {@link applyBlockReflector} for one factorization or formation: V, VᵀV, T and W. */
interface WyScratch {
  readonly v: Float64Array;
  readonly g: Float64Array;
  readonly t: Float64Array;
  readonly w: Float64Array;
}

/** Scratch for blocks of at most {@link QR_BLOCK} reflectors of m rows, applied to at most nc columns. */
function wyScratch(m: number, nc: number): WyScratch {
  const b = QR_BLOCK;
  return { v: new Float64Array(m * b), g: new Float64Array(b * b), t: new Float64Array(b * b), w: new Float64Array(b * nc) };
}

/**
 * Applies the product H_{i0}⋯H_{i0+ib−1} of the reflectors stored in `a` (columns i0 …, LAPACK
 * layout, leading dimension m) to the rows i0 … m−1 of the `nc` columns of C (column-major at
 * `c[cOff]`, leading dimension ldc; its row i0 first), from the left: transposed (Hᵀ, as QR
 * applies them) or not (H, as Q is formed). In compact WY form, H_{i0}⋯H_{i0+ib−1} = I − V·T·Vᵀ
 * with V the (m−i0)×ib unit lower trapezoidal matrix of the vectors and T upper triangular
 * (LAPACK `dlarft`: T_jj = τ_j, T[0:j, j] = −τ_j·T[0:j, 0:j]·(Vᵀv_j)[0:j]); then
 * W = Vᵀ·C, W ← Tᵀ·W (or T·W), C ← C − V·W (LAPACK `dlarfb`). VᵀV, Vᵀ·C and V·W are gemm
 * products, so the results are the same on both kernel backends.
 */
function applyBlockReflector(m: number, a: Float64Array, tau: Float64Array, i0: number, ib: number, c: Float64Array, cOff: number, ldc: number, nc: number, trans: boolean, ws: WyScratch): void {
  const mv = m - i0;
  const { v: wyV, g: wyG, t: wyT, w: wyW } = ws;
  // V, explicit: column j is [0 (j times); 1; a[i0+j+1 : m, i0+j]].
  for (let j = 0; j < ib; j++) {
    const v = j * mv;
    wyV.fill(0, v, v + j);
    wyV[v + j] = 1;
    const src = (i0 + j) * m + i0;
    for (let r = j + 1; r < mv; r++) wyV[v + r] = a[src + r];
  }
  const V = fromColMajor(mv, ib, wyV.subarray(0, mv * ib));
  const G = fromColMajor(ib, ib, wyG.subarray(0, ib * ib));
  gemmInto(G, transpose(V), V, 1, 0);
  // T column by column: T[0:j, j] = T[0:j, 0:j]·(−τ_j·G[0:j, j]), T upper triangular.
  const T = wyT;
  T.fill(0, 0, ib * ib);
  for (let j = 0; j < ib; j++) {
    const tj = tau[i0 + j];
    T[j * ib + j] = tj;
    if (tj === 0) continue;
    for (let r = 0; r < j; r++) {
      let acc = 0;
      for (let q = r; q < j; q++) acc += T[q * ib + r] * (-tj * wyG[j * ib + q]);
      T[j * ib + r] = acc;
    }
  }
  const C = { kind: 'dense' as const, rows: mv, cols: nc, data: c, offset: cOff + i0, rowStride: 1, colStride: ldc };
  const W = fromColMajor(ib, nc, wyW.subarray(0, ib * nc));
  gemmInto(W, transpose(V), C, 1, 0);
  // W ← Tᵀ·W (Hᵀ) or T·W (H), column by column, in place.
  for (let col = 0; col < nc; col++) {
    const w = col * ib;
    if (trans) {
      // (TᵀW)[r] = Σ_{q ≤ r} T[q, r]·W[q]: from the last row up, each reads rows not yet overwritten.
      for (let r = ib - 1; r >= 0; r--) {
        let acc = 0;
        for (let q = 0; q <= r; q++) acc += T[r * ib + q] * wyW[w + q];
        wyW[w + r] = acc;
      }
    } else {
      // (TW)[r] = Σ_{q ≥ r} T[r, q]·W[q]: from the first row down.
      for (let r = 0; r < ib; r++) {
        let acc = 0;
        for (let q = r; q < ib; q++) acc += T[q * ib + r] * wyW[w + q];
        wyW[w + r] = acc;
      }
    }
  }
  gemmInto(C, V, W, -1, 1);
}

/**
 * Householder QR with column pivoting (Businger & Golub 1965; Golub & Van Loan Alg. 5.4.1) of the
 * column-major m×n array `a` in place. Column norms are downdated after each step and recomputed
 * when cancellation has eaten about half their digits (the safeguard of LAPACK `dlaqp2`,
 * Drmač & Bujanović, LAPACK Working Note 176). Fills `tau` and `perm` (column j of the result
 * came from column perm[j]). Ties pick the leftmost column. Cost as {@link qrInPlace} plus
 * O(mn) for the norms.
 *
 * @internal
 */
export function pivotedQrInPlace(m: number, n: number, a: Float64Array, tau: Float64Array, perm: Int32Array): void {
  const k = Math.min(m, n);
  const vn1 = new Float64Array(n);
  const vn2 = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    perm[j] = j;
    vn1[j] = nrm2(m, a, j * m, 1);
    vn2[j] = vn1[j];
  }
  for (let i = 0; i < k; i++) {
    let p = i;
    for (let j = i + 1; j < n; j++) if (vn1[j] > vn1[p]) p = j;
    if (p !== i) {
      const ci = i * m, cp = p * m;
      for (let r = 0; r < m; r++) {
        const t = a[ci + r];
        a[ci + r] = a[cp + r];
        a[cp + r] = t;
      }
      const tp = perm[p];
      perm[p] = perm[i];
      perm[i] = tp;
      vn1[p] = vn1[i];
      vn2[p] = vn2[i];
    }
    const d = i * m + i;
    tau[i] = householderInPlace(m - i - 1, a, d, d + 1);
    if (i + 1 < n) applyReflectorLeft(m - i, tau[i], a, d + 1, n - i - 1, a, d + m, m);
    // Downdate the norms of the trailing columns' remaining parts (rows i+1..m−1).
    for (let j = i + 1; j < n; j++) {
      if (vn1[j] === 0) continue;
      const ratio = Math.abs(a[j * m + i]) / vn1[j];
      const temp = Math.max(0, 1 - ratio * ratio);
      const q = vn1[j] / vn2[j];
      if (temp * q * q <= TOL3Z) {
        const rest = m - i - 1;
        vn1[j] = rest > 0 ? nrm2(rest, a, j * m + i + 1, 1) : 0;
        vn2[j] = vn1[j];
      } else {
        vn1[j] *= Math.sqrt(temp);
      }
    }
  }
}

/**
 * Householder QR factorization A·P = Q·R, thin, optionally with column pivoting.
 *
 * Computes k = min(m, n) Householder reflectors (LAPACK `dlarfg` style: β = −sign(α)·‖x‖, with
 * rescaling of tiny norms) so that Qᵀ·A·P = R is upper trapezoidal (k×n). Backward stable:
 * the computed factors satisfy (A + E)·P = Q·R with Q exactly orthogonal and
 * ‖E‖_F ≤ c·m·n·ε·‖A‖_F (Golub & Van Loan, Matrix Computations, 4th ed., §5.2.2; Higham,
 * Accuracy and Stability of Numerical Algorithms, Thm. 19.4).
 *
 * Algorithm: Golub & Van Loan Alg. 5.2.1 (Householder QR); with `pivoting`, Alg. 5.4.1
 * (Businger & Golub 1965, "Linear least squares solutions by Householder transformations",
 * Numer. Math. 7) with norm downdating and the recomputation safeguard of LAPACK `dlaqp2`
 * (LAPACK Working Note 176). Up to 64 reflectors ({@link QR_CROSSOVER}), and with pivoting,
 * each is applied to the trailing columns one column at a time as a dot product and an axpy over
 * contiguous memory (level-2 BLAS, `dgeqr2`); without pivoting and above 64 reflectors, panels
 * of 32 are gathered in compact WY form and update the trailing columns through the packed gemm
 * (Alg. 5.2.2, `dgeqrf`): 65536×256 in 1.5 s against 6.3 s (Node 20, Intel Xeon, CPU time).
 * Handles wide (m < n), rank-deficient and zero columns, and empty (m = 0 or n = 0) input.
 *
 * Complexity: 2mn² − 2n³/3 flops (m ≥ n), 2nm² − 2m³/3 flops (m < n); pivoting adds O(mn).
 * Memory: one m×n copy of A (above the crossover, plus 32·(m + n) doubles of scratch).
 *
 * @param A - m×n matrix, any strides; not modified.
 * @param options - {@link QROptions}: `pivoting` (default false), `atol`/`rtol` for `rank`.
 * @returns {@link QRFactorization} `{ rows, cols, qr, tau, perm, rank }`.
 * @throws {@link InvalidArgumentError} if A is not a DenseMatrix or an option is invalid.
 * @throws {@link NonFiniteError} if A holds NaN or ±Infinity (the first entry is named).
 * @example
 * ```ts
 * const F = qr(A, { pivoting: true });
 * const R = qrR(F);          // k×n upper triangular
 * const y = applyQt(F, b);   // Qᵀ·b, length m
 * ```
 * @see {@link applyQt}, {@link applyQ}, {@link qrR}, {@link qrQ}, LAPACK dgeqrf / dgeqp3.
 */
export function qr(A: DenseMatrix, options: QROptions = {}): QRFactorization {
  const fn = 'qr';
  assertDense(fn, 'A', A);
  assertOptions(fn, options);
  if (options.pivoting !== undefined && typeof options.pivoting !== 'boolean') {
    throw new InvalidArgumentError(fn, `options.pivoting must be a boolean (got ${fmt(options.pivoting)})`);
  }
  checkToleranceOptions(fn, options);
  assertFiniteMatrix(fn, 'A', A);
  const m = A.rows, n = A.cols;
  const a = copyColMajor(A);
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  let perm: Int32Array | null = null;
  if (options.pivoting) {
    perm = new Int32Array(n);
    if (k > 0) pivotedQrInPlace(m, n, a, tau, perm);
    else for (let j = 0; j < n; j++) perm[j] = j;
  } else if (k > 0) {
    qrInPlace(m, n, a, tau);
  }
  return { rows: m, cols: n, qr: a, tau, perm, rank: diagRank(m, n, a, options) };
}

/** Number of |R_ii| above the rank tolerance. @internal */
export function diagRank(m: number, n: number, a: Float64Array, options: ToleranceOptions): number {
  const k = Math.min(m, n);
  const d = new Float64Array(k);
  for (let i = 0; i < k; i++) d[i] = a[i * m + i];
  return numericalRank(d, m, n, options);
}

/**
 * Applies Qᵀ = H_{k−1}⋯H₁H₀ to the contiguous length-m vector at `b[bOff]` in place.
 * Cost 4mk − 2k² flops. @internal
 */
export function applyQtInPlace(m: number, k: number, a: Float64Array, tau: Float64Array, b: Float64Array, bOff: number): void {
  for (let i = 0; i < k; i++) {
    if (tau[i] === 0) continue;
    const d = i * m + i;
    const len = m - i - 1;
    const w = -tau[i] * (b[bOff + i] + dot(len, a, d + 1, 1, b, bOff + i + 1, 1));
    b[bOff + i] += w;
    axpy(len, w, a, d + 1, 1, b, bOff + i + 1, 1);
  }
}

/** Applies Q = H₀H₁⋯H_{k−1} to the contiguous length-m vector at `b[bOff]` in place. @internal */
export function applyQInPlace(m: number, k: number, a: Float64Array, tau: Float64Array, b: Float64Array, bOff: number): void {
  for (let i = k - 1; i >= 0; i--) {
    if (tau[i] === 0) continue;
    const d = i * m + i;
    const len = m - i - 1;
    const w = -tau[i] * (b[bOff + i] + dot(len, a, d + 1, 1, b, bOff + i + 1, 1));
    b[bOff + i] += w;
    axpy(len, w, a, d + 1, 1, b, bOff + i + 1, 1);
  }
}

/**
 * Qᵀ·B for the full m×m orthogonal factor Q of a {@link QRFactorization}, without forming Q.
 *
 * Applies the reflectors H₀, H₁, …, H_{k−1} in turn (Golub & Van Loan §5.1.6). The first k
 * entries of Qᵀ·b are the coordinates of b in the basis of the thin Q; the last m − k are the
 * part of b orthogonal to range(Q). Cost (4mk − 2k²)·r flops for r right-hand sides; with
 * more than 64 reflectors and at least 4 columns, by blocks of 32 reflectors through the gemm
 * (LAPACK `dormqr`): 64 columns of 20000 rows with k = 128 in 74 ms against 554 one by one.
 *
 * @param F - a factorization from {@link qr}.
 * @param B - a vector (`Float64Array` or `number[]`, length m) or an m×r DenseMatrix.
 * @returns a new `Float64Array` (vector input) or a new column-major m×r DenseMatrix.
 * @throws {@link DimensionError} if B does not have m rows.
 * @throws {@link NonFiniteError} if B holds NaN or ±Infinity.
 * @example
 * ```ts
 * const c = applyQt(qr(A), b); // ‖c.subarray(n)‖ is the least-squares residual norm
 * ```
 */
export function applyQt(F: QRFactorization, B: Float64Array | readonly number[]): Float64Array;
export function applyQt(F: QRFactorization, B: DenseMatrix): DenseMatrix;
export function applyQt(F: QRFactorization, B: Float64Array | readonly number[] | DenseMatrix): Float64Array | DenseMatrix;
export function applyQt(F: QRFactorization, B: Float64Array | readonly number[] | DenseMatrix): Float64Array | DenseMatrix {
  return applyQOrQt('applyQt', F, B, true);
}

/**
 * Q·B for the full m×m orthogonal factor Q of a {@link QRFactorization}, without forming Q.
 *
 * Applies H_{k−1}, …, H₁, H₀ in turn; `applyQ(F, applyQt(F, b))` returns b up to rounding
 * (‖error‖ ≤ c·k·m·ε·‖b‖). Cost (4mk − 2k²)·r flops for r right-hand sides; blocked as
 * {@link applyQt} with more than 64 reflectors and at least 4 columns.
 *
 * @param F - a factorization from {@link qr}.
 * @param B - a vector (`Float64Array` or `number[]`, length m) or an m×r DenseMatrix.
 * @returns a new `Float64Array` (vector input) or a new column-major m×r DenseMatrix.
 * @throws {@link DimensionError} if B does not have m rows.
 * @throws {@link NonFiniteError} if B holds NaN or ±Infinity.
 */
export function applyQ(F: QRFactorization, B: Float64Array | readonly number[]): Float64Array;
export function applyQ(F: QRFactorization, B: DenseMatrix): DenseMatrix;
export function applyQ(F: QRFactorization, B: Float64Array | readonly number[] | DenseMatrix): Float64Array | DenseMatrix;
export function applyQ(F: QRFactorization, B: Float64Array | readonly number[] | DenseMatrix): Float64Array | DenseMatrix {
  return applyQOrQt('applyQ', F, B, false);
}

function applyQOrQt(fn: string, F: QRFactorization, B: Float64Array | readonly number[] | DenseMatrix, trans: boolean): Float64Array | DenseMatrix {
  assertFactorization(fn, F);
  const m = F.rows;
  const k = Math.min(F.rows, F.cols);
  const apply = trans ? applyQtInPlace : applyQInPlace;
  if (isDense(B)) {
    if (B.rows !== m) throw new DimensionError(fn, `B has ${B.rows} rows but Q has ${m}`);
    assertFiniteMatrix(fn, 'B', B);
    const out = copyColMajor(B);
    const nc = B.cols;
    if (k > QR_CROSSOVER && nc >= 4) {
      // By blocks of QR_BLOCK reflectors through the gemm (LAPACK dormqr): Qᵀ·B from the first
      // block, Q·B from the last. From 4 columns on: with m = 20000, k = 128 (Intel Xeon), 2
      // columns take 27 ms blocked against 17 one by one, 4 take 25 against 33, 64 take 74
      // against 554.
      if (trans) {
        const ws = wyScratch(m, nc);
        for (let i0 = 0; i0 < k; i0 += QR_BLOCK) applyBlockReflector(m, F.qr, F.tau, i0, Math.min(QR_BLOCK, k - i0), out, 0, m, nc, true, ws);
      } else {
        applyQBlockedInPlace(m, k, F.qr, F.tau, out, nc);
      }
    } else {
      for (let j = 0; j < nc; j++) apply(m, k, F.qr, F.tau, out, j * m);
    }
    return { kind: 'dense', rows: m, cols: nc, data: out, offset: 0, rowStride: 1, colStride: m };
  }
  if (!(B instanceof Float64Array) && !Array.isArray(B)) {
    throw new InvalidArgumentError(fn, `B must be a Float64Array, a number[] or a DenseMatrix (got ${fmt(B)})`);
  }
  if (B.length !== m) throw new DimensionError(fn, `b has ${B.length} rows but Q has ${m}`);
  assertFiniteVector(fn, 'b', B);
  const out = Float64Array.from(B);
  apply(m, k, F.qr, F.tau, out, 0);
  return out;
}

/**
 * The k×n upper-trapezoidal factor R (k = min(m, n)) of a {@link QRFactorization}, as a new
 * column-major DenseMatrix with explicit zeros below the diagonal. Diagonal entries may be
 * negative (LAPACK convention). Cost O(kn).
 */
export function qrR(F: QRFactorization): DenseMatrix {
  assertFactorization('qrR', F);
  const m = F.rows, n = F.cols, k = Math.min(m, n);
  const out = new Float64Array(k * n);
  for (let j = 0; j < n; j++) {
    const top = Math.min(j + 1, k);
    for (let i = 0; i < top; i++) out[j * k + i] = F.qr[j * m + i];
  }
  return { kind: 'dense', rows: k, cols: n, data: out, offset: 0, rowStride: 1, colStride: k };
}

/**
 * The thin orthonormal factor Q (m×k, k = min(m, n)) of a {@link QRFactorization}, formed
 * explicitly by backward accumulation of the reflectors (Golub & Van Loan §5.1.6; LAPACK
 * `dorg2r`); above 64 reflectors by blocks of 32 in compact WY form through the packed gemm
 * (LAPACK `dorgqr`): 65536×256 in 0.95 s against 6.6 s (Node 20, Intel Xeon, CPU time).
 * QᵀQ = I to within c·m·ε. Cost 4mk² − 4k³/3 flops. Prefer {@link applyQ} /
 * {@link applyQt} when only products are needed.
 */
export function qrQ(F: QRFactorization): DenseMatrix {
  assertFactorization('qrQ', F);
  const m = F.rows, k = Math.min(F.rows, F.cols);
  return { kind: 'dense', rows: m, cols: k, data: formThinQ(m, k, F.qr, F.tau), offset: 0, rowStride: 1, colStride: m };
}

/**
 * The thin Q (m×k, column-major) of the first k reflectors stored in `a` (LAPACK layout,
 * leading dimension m, k ≤ m) and `tau`: Q = H₀⋯H_{k−1}·I[:, 0:k], by backward accumulation,
 * blocked above {@link QR_CROSSOVER} (LAPACK `dorg2r` / `dorgqr`). Shared by {@link qrQ}, the
 * exact leverage scores and the completion code. Not validated.
 *
 * @internal
 */
export function formThinQ(m: number, k: number, a: Float64Array, tau: Float64Array): Float64Array {
  const q = new Float64Array(m * k);
  for (let i = 0; i < k; i++) q[i * m + i] = 1;
  // Above the crossover, the blocks of QR_BLOCK reflectors from the last, each applied to
  // columns i0 … k−1 as I − V·T·Vᵀ (LAPACK dorgqr; columns before i0 are still e_j there).
  let i = k - 1;
  if (k > QR_CROSSOVER) {
    const ws = wyScratch(m, k);
    for (let i0 = Math.floor((k - 1) / QR_BLOCK) * QR_BLOCK; i0 >= 0; i0 -= QR_BLOCK) {
      const ib = Math.min(QR_BLOCK, k - i0);
      applyBlockReflector(m, a, tau, i0, ib, q, i0 * m, m, k - i0, false, ws);
    }
    i = -1;
  }
  for (; i >= 0; i--) {
    const d = i * m + i;
    applyReflectorLeft(m - i, tau[i], a, d + 1, k - i, q, d, m);
  }
  return q;
}

/**
 * A column-pivoted QR A·P = Q·R of an m×n array (m ≥ n) from {@link pivotedQrFactor}: R on and
 * above the diagonal of `r` (leading dimension `ld`), the reflectors of the pivoted step below
 * it with `tau`, the permutation `perm` (column j of A·P is column perm[j] of A), and, when a
 * blocked QR came first, its reflectors (`outer`: Q = Q₁·Q₂, Q₁ from `outer`, Q₂ from `r`).
 *
 * @internal
 */
export interface PivotedQr {
  readonly r: Float64Array;
  readonly ld: number;
  readonly tau: Float64Array;
  readonly perm: Int32Array;
  readonly outer: { readonly a: Float64Array; readonly tau: Float64Array } | null;
}

/**
 * A·P = Q·R for the column-major m×n array `a` (m ≥ n ≥ 1; consumed). Up to
 * {@link QR_CROSSOVER} columns, or below m = 2n, the pivoted QR of `a` itself (level 2,
 * {@link pivotedQrInPlace}). Above, a blocked QR A = Q₁·R₁ first (through the gemm) and the
 * pivoted QR of the n×n R₁ only (R₁·P = Q₂·R, so A·P = Q₁Q₂·R: Drmač & Veselić's
 * preconditioning of the Jacobi SVD), which costs 4n³/3 level-2 flops instead of 2mn². Shared by
 * the tall SVD and the dense least squares. Householder QR is columnwise backward stable, so R
 * keeps the column scaling of A either way.
 *
 * @internal
 */
export function pivotedQrFactor(m: number, n: number, a: Float64Array): PivotedQr {
  const tau = new Float64Array(n);
  const perm = new Int32Array(n);
  if (n <= QR_CROSSOVER || m < 2 * n) {
    pivotedQrInPlace(m, n, a, tau, perm);
    return { r: a, ld: m, tau, perm, outer: null };
  }
  const tau1 = new Float64Array(n);
  qrInPlace(m, n, a, tau1);
  const r = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) r[j * n + i] = a[j * m + i];
  pivotedQrInPlace(n, n, r, tau, perm);
  return { r, ld: n, tau, perm, outer: { a, tau: tau1 } };
}

/** b ← Qᵀ·b for the Q of {@link pivotedQrFactor} (m×m) and the length-m vector at b[bOff]. @internal */
export function pivotedQrApplyQt(F: PivotedQr, m: number, b: Float64Array, bOff: number): void {
  const n = F.tau.length;
  if (F.outer !== null) applyQtInPlace(m, n, F.outer.a, F.outer.tau, b, bOff);
  applyQtInPlace(F.outer !== null ? n : m, n, F.r, F.tau, b, bOff);
}

/** b ← Q·b for the Q of {@link pivotedQrFactor} (m×m) and the length-m vector at b[bOff]. @internal */
export function pivotedQrApplyQ(F: PivotedQr, m: number, b: Float64Array, bOff: number): void {
  const n = F.tau.length;
  applyQInPlace(F.outer !== null ? n : m, n, F.r, F.tau, b, bOff);
  if (F.outer !== null) applyQInPlace(m, n, F.outer.a, F.outer.tau, b, bOff);
}

/**
 * C ← Q·C for Q = H₀⋯H_{k−1}, the reflectors stored in `a` (LAPACK layout, leading dimension m)
 * and `tau`, and the column-major m×nc array C at `c` (leading dimension m): by blocks of
 * {@link QR_BLOCK} reflectors from the last, each applied as I − V·T·Vᵀ through the packed gemm
 * (LAPACK `dormqr`, left, no transpose). Not validated.
 *
 * @internal
 */
export function applyQBlockedInPlace(m: number, k: number, a: Float64Array, tau: Float64Array, c: Float64Array, nc: number): void {
  if (k === 0 || nc === 0) return;
  const ws = wyScratch(m, nc);
  for (let i0 = Math.floor((k - 1) / QR_BLOCK) * QR_BLOCK; i0 >= 0; i0 -= QR_BLOCK) {
    applyBlockReflector(m, a, tau, i0, Math.min(QR_BLOCK, k - i0), c, 0, m, nc, false, ws);
  }
}

/**
 * Replaces the column-major m×l array `a` (m ≥ l) by the thin Q of its Householder QR
 * ({@link qrInPlace}, then {@link formThinQ}): an orthonormal basis of its range when it has
 * full column rank. O(ml²). Not validated.
 *
 * @internal
 */
export function orthonormalizeInPlace(m: number, l: number, a: Float64Array): void {
  const tau = new Float64Array(l);
  qrInPlace(m, l, a, tau);
  a.set(formThinQ(m, l, a, tau));
}

// ---------------------------------------------------------------------------------------------
// Shared helpers (internal).

/** A fresh column-major contiguous copy of A's entries as a bare array. @internal */
export function copyColMajor(A: DenseMatrix): Float64Array {
  const { rows, cols, data, offset, rowStride, colStride } = A;
  const out = new Float64Array(rows * cols);
  if (rowStride === 1) {
    for (let j = 0; j < cols; j++) {
      const s = offset + j * colStride;
      out.set(data.subarray(s, s + rows), j * rows);
    }
  } else {
    for (let j = 0; j < cols; j++) {
      let s = offset + j * colStride;
      const base = j * rows;
      for (let i = 0; i < rows; i++, s += rowStride) out[base + i] = data[s];
    }
  }
  return out;
}

/** True when x looks like a DenseMatrix. @internal */
export function isDense(x: unknown): x is DenseMatrix {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'dense';
}

/** Throws InvalidArgumentError unless A is a structurally valid DenseMatrix. @internal */
export function assertDense(fn: string, name: string, A: unknown): asserts A is DenseMatrix {
  if (!isDense(A)) throw new InvalidArgumentError(fn, `${name} must be a DenseMatrix (got ${fmt(A)})`);
  const { rows, cols, data, offset, rowStride, colStride } = A;
  const okInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
  if (!okInt(rows) || !okInt(cols) || rows < 0 || cols < 0 || !(data instanceof Float64Array) || !okInt(offset) || !okInt(rowStride) || !okInt(colStride)) {
    throw new InvalidArgumentError(fn, `${name} is not a well-formed DenseMatrix (got ${rows}×${cols})`);
  }
  if (rows > 0 && cols > 0) {
    const lo = offset + Math.min(0, (rows - 1) * rowStride) + Math.min(0, (cols - 1) * colStride);
    const hi = offset + Math.max(0, (rows - 1) * rowStride) + Math.max(0, (cols - 1) * colStride);
    if (lo < 0 || hi >= data.length) {
      throw new InvalidArgumentError(fn, `${name} (${rows}×${cols}) indexes outside its buffer of length ${data.length}`);
    }
  }
}

/** Throws InvalidArgumentError unless options is undefined or a plain object. @internal */
export function assertOptions(fn: string, options: unknown): void {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(options)})`);
  }
}

function assertFactorization(fn: string, F: QRFactorization): void {
  const ok =
    typeof F === 'object' && F !== null &&
    Number.isInteger(F.rows) && Number.isInteger(F.cols) &&
    F.qr instanceof Float64Array && F.qr.length === F.rows * F.cols &&
    F.tau instanceof Float64Array && F.tau.length === Math.min(F.rows, F.cols);
  if (!ok) throw new InvalidArgumentError(fn, `F must be a QRFactorization from qr() (got ${fmt(F)})`);
}

/**
 * The exponent e such that max|v|·2^e ∈ [0.5, 2) (0 for an all-zero or empty array), clamped
 * to [−1022, 1023] so that 2^e is a normal double. Scaling by 2^e is exact. @internal
 */
export function pow2Exponent(v: Float64Array): number {
  let mx = 0;
  for (let i = 0; i < v.length; i++) mx = Math.max(mx, Math.abs(v[i]));
  if (mx === 0) return 0;
  return Math.min(1023, Math.max(-1022, -roundLog2(mx)));
}

const expView = new DataView(new ArrayBuffer(8));

/**
 * The integer nearest to log₂ x for a finite x > 0, exactly, from the bits of x: with
 * x = 2ᵉ·f, f ∈ [1, 2), that is e, or e + 1 when f ≥ √2 (log₂ f ≥ ½; no double f is √2, and
 * the double nearest √2 lies above it). `Math.round(Math.log2(x))` could differ between engines,
 * whose log₂ is implementation-approximated. Cost: O(1). @internal
 */
export function roundLog2(x: number): number {
  let shift = 0;
  if (x < 2 ** -1000) {
    x *= 2 ** 600; // subnormal or nearly: exact, into the normal range
    shift = -600;
  }
  expView.setFloat64(0, x);
  const e = ((expView.getUint32(0) >>> 20) & 0x7ff) - 1023;
  const f = x / 2 ** e; // exact: a power of two
  return e + shift + (f >= Math.SQRT2 ? 1 : 0);
}

/** x·2^e for |e| ≤ 2046 in two exact steps, so that no intermediate overflows needlessly. @internal */
export function ldexp(x: number, e: number): number {
  const e1 = Math.trunc(e / 2);
  return x * 2 ** e1 * 2 ** (e - e1);
}

/**
 * The transpose of the column-major m×n array `a` as a new column-major n×m array, in 32×32
 * tiles so that both the reads and the writes stay within cache. @internal
 */
export function transposeColMajor(m: number, n: number, a: Float64Array): Float64Array {
  const out = new Float64Array(m * n);
  const B = 32;
  for (let j0 = 0; j0 < n; j0 += B) {
    const j1 = Math.min(j0 + B, n);
    for (let i0 = 0; i0 < m; i0 += B) {
      const i1 = Math.min(i0 + B, m);
      for (let j = j0; j < j1; j++) {
        const src = j * m;
        for (let i = i0; i < i1; i++) out[i * n + j] = a[src + i];
      }
    }
  }
  return out;
}
