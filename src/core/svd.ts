/**
 * Thin singular value decomposition A = U·diag(s)·Vᵀ for tall and wide matrices.
 *
 * @module
 */
import { dot, hypot, nrm2 } from './kernels/blas1.js';
import { InvalidArgumentError, NumericalError } from './errors.js';
import type { DenseMatrix } from './matrix.js';
import { fixSigns } from './eig.js';
import { applyQBlockedInPlace, applyQInPlace, assertDense, assertOptions, copyColMajor, ldexp, pivotedQrFactor, pow2Exponent, transposeColMajor } from './qr.js';
import { assertFiniteMatrix, fmt } from './validate.js';

/** Options of {@link svd}. */
export interface SVDOptions {
  /**
   * Compute the singular vectors U and V. With `false` only `s` is computed (about half the
   * work for tall input) and `U`, `V` are `null`.
   * @defaultValue true
   */
  readonly vectors?: boolean;
}

/** The thin SVD of an m×n matrix, k = min(m, n). Plain data. */
export interface SVDResult {
  /** m×k column-major, orthonormal columns (left singular vectors). */
  readonly U: DenseMatrix;
  /** The k singular values, descending, ≥ 0. */
  readonly s: Float64Array;
  /** n×k column-major, orthonormal columns (right singular vectors). */
  readonly V: DenseMatrix;
}

/** Singular values only (`svd(A, { vectors: false })`). */
export interface SingularValues {
  readonly U: null;
  /** The k singular values, descending, ≥ 0. */
  readonly s: Float64Array;
  readonly V: null;
}

const EPS = Number.EPSILON;
// Columns whose norm (after scaling the matrix so that max|a_ij| ≈ 1) is below this are
// numerically zero: their squares would underflow. Their singular vectors come from an
// orthonormal completion instead of normalisation.
const TINY_COL = 1e-140;
const MAX_SWEEPS = 80;

/**
 * Thin singular value decomposition A = U·diag(s)·Vᵀ, k = min(m, n), s descending and ≥ 0,
 * UᵀU = VᵀV = I_k.
 *
 * Algorithm (tall, m ≥ n): Householder QR with column pivoting A·P = Q·R (Businger & Golub 1965;
 * Golub & Van Loan, Matrix Computations, 4th ed., Alg. 5.4.1), then the one-sided (Hestenes)
 * Jacobi method on the n×n lower-triangular Rᵀ (G&VL §8.6.4): pairs of columns are rotated until
 * every pair satisfies |x_pᵀx_q| ≤ √n·ε·‖x_p‖‖x_q‖ (cyclic by rows, rotation angles chosen as in
 * Demmel & Veselić 1992, "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal. Appl.
 * 13(4)). Jacobi on the transposed triangular factor of a pivoted QR converges in few sweeps
 * (Drmač & Veselić 2008, "New fast and accurate Jacobi SVD algorithm I", SIAM J. Matrix Anal.
 * Appl. 29(4)). Then Rᵀ = Ũ·Σ·Wᵀ gives U = Q·W and V = P·Ũ. With more than 64 columns and
 * m ≥ 2n, a blocked Householder QR A = Q₁·R₁ (through the gemm) comes first and the pivoted QR
 * runs on the n×n R₁ (R₁·P = Q₂·R, as in Drmač & Veselić's preconditioned Jacobi), and
 * U = Q₁·(Q₂·W) is formed by blocks: 16384×256 in 1.3 s against 5.7 s (values only 0.68 against
 * 1.26 s; Node 20, Intel Xeon). From 16 columns U = Q·W is formed by blocks of reflectors on
 * the other path too (65536×64 in 0.51 s against 1.09 s). Householder QR is columnwise backward stable, so the relative
 * accuracy below holds on that path too (tested). Wide input (m < n) is handled as
 * the SVD of Aᵀ with U and V swapped, with no warning.
 *
 * Accuracy: backward stable (the result is the exact SVD of A + E, ‖E‖₂ ≤ c·m·n·ε·‖A‖₂), so
 * |s_i − σ_i| ≤ c·m·n·ε·σ_max; for matrices of the form A = B·D with B well conditioned and
 * D diagonal, the one-sided Jacobi step delivers small singular values to high relative accuracy
 * (Demmel & Veselić 1992, §4). Singular values below about 1e-140·max|a_ij| are computed
 * but their vectors are completed to an orthonormal set instead of normalised.
 * Rank-deficient input is fine: exactly zero singular values get orthonormal vectors from a
 * deterministic completion (the standard basis vector least represented so far, orthogonalised
 * twice).
 *
 * Signs (deterministic, as sklearn's `svd_flip`): each column of U has its entry of largest
 * magnitude (the first on ties) positive; the matching column of V is flipped with it.
 *
 * Complexity (m ≥ n): 2mn² − 2n³/3 flops for the QR (plus 4n³/3 for the pivoted QR of R₁ on
 * the blocked path), about 6n³ per Jacobi sweep (≈ 10n³ with vectors) over typically 5–10
 * sweeps, and 4mn² to form U. For wide input swap m and n.
 * Suited to small and medium n (a few hundred); the Jacobi loop is O(n³) per sweep.
 *
 * @param A - m×n matrix, any strides; not modified.
 * @param options - {@link SVDOptions}.
 * @returns {@link SVDResult} `{ U, s, V }`, or {@link SingularValues} with `vectors: false`.
 * @throws {@link NonFiniteError} if A holds NaN or ±Infinity.
 * @throws {@link InvalidArgumentError} if A is not a DenseMatrix or an option is invalid.
 * @throws {@link NumericalError} if the Jacobi iteration has not converged after 80 sweeps
 *   (never observed; the bound is a guard).
 * @example
 * ```ts
 * const { U, s, V } = svd(A);            // A ≈ U·diag(s)·Vᵀ
 * const { s: sv } = svd(A, { vectors: false });
 * ```
 * @see ml-matrix `SVD` (warns on wide input and uses an absolute threshold; we do neither).
 */
export function svd(A: DenseMatrix, options?: { readonly vectors?: true }): SVDResult;
export function svd(A: DenseMatrix, options: { readonly vectors: false }): SingularValues;
export function svd(A: DenseMatrix, options?: SVDOptions): SVDResult | SingularValues;
export function svd(A: DenseMatrix, options: SVDOptions = {}): SVDResult | SingularValues {
  const fn = 'svd';
  assertDense(fn, 'A', A);
  assertOptions(fn, options);
  if (options.vectors !== undefined && typeof options.vectors !== 'boolean') {
    throw new InvalidArgumentError(fn, `options.vectors must be a boolean (got ${fmt(options.vectors)})`);
  }
  assertFiniteMatrix(fn, 'A', A);
  const wantVectors = options.vectors ?? true;
  const m = A.rows, n = A.cols, k = Math.min(m, n);
  const r = svdColMajor(fn, m, n, copyColMajor(A), wantVectors);
  if (!wantVectors) return { U: null, s: r.s, V: null };
  return {
    U: { kind: 'dense', rows: m, cols: k, data: r.u as Float64Array, offset: 0, rowStride: 1, colStride: m },
    s: r.s,
    V: { kind: 'dense', rows: n, cols: k, data: r.v as Float64Array, offset: 0, rowStride: 1, colStride: n },
  };
}

/** Raw thin SVD: u is m×k and v is n×k column-major (null without vectors). @internal */
export interface RawSvd {
  u: Float64Array | null;
  s: Float64Array;
  v: Float64Array | null;
}

/**
 * Thin SVD of the column-major m×n array `a` (consumed: overwritten). No validation.
 * Signs fixed as documented in {@link svd}. @internal
 */
export function svdColMajor(fn: string, m: number, n: number, a: Float64Array, wantVectors: boolean): RawSvd {
  const k = Math.min(m, n);
  if (k === 0) {
    return { u: wantVectors ? new Float64Array(0) : null, s: new Float64Array(0), v: wantVectors ? new Float64Array(0) : null };
  }
  let res: RawSvd;
  if (m >= n) {
    res = svdTall(fn, m, n, a, wantVectors);
  } else {
    // Aᵀ (n×m, tall) explicitly, column-major.
    const t = svdTall(fn, n, m, transposeColMajor(m, n, a), wantVectors);
    res = { u: t.v, s: t.s, v: t.u };
  }
  if (wantVectors) {
    const flips = fixSigns(m, k, res.u as Float64Array);
    const v = res.v as Float64Array;
    for (let j = 0; j < k; j++) {
      if (flips[j] < 0) for (let i = 0; i < n; i++) v[j * n + i] = -v[j * n + i];
    }
  }
  return res;
}

/**
 * From this many columns the tall SVD forms U = Q·[W; 0] by blocks of reflectors through the
 * gemm (`applyQBlockedInPlace`) rather than one column at a time; only U's last bits depend on
 * it (s and V do not). Measured (Node 20, Intel Xeon, CPU time, svd with vectors, column by
 * column against blocked): 65536×8 27.6 / 29.0 ms, ×16 80 / 65, ×32 267 / 160, ×64 1087 / 535.
 */
const U_BLOCKED_MIN = 16;

/** Thin SVD of the column-major m×n array a (m ≥ n ≥ 1), destroyed. */
function svdTall(fn: string, m: number, n: number, a: Float64Array, wantVectors: boolean): RawSvd {
  // Exact power-of-two scaling so that max|a_ij| ∈ [0.5, 2): squares neither overflow nor
  // underflow for any singular value that matters.
  let amax = 0;
  for (let i = 0; i < a.length; i++) amax = Math.max(amax, Math.abs(a[i]));
  if (amax === 0) return zeroSvd(m, n, wantVectors);
  const e = pow2Exponent(a);
  const scale = 2 ** e;
  if (scale !== 1) for (let i = 0; i < a.length; i++) a[i] *= scale;

  // A·P = Q·R; above 64 columns with m ≥ 2n, Q = Q₁·Q₂ with Q₁ from a blocked QR (pivotedQrFactor).
  const F = pivotedQrFactor(m, n, a);
  const { r: rf, ld, perm } = F;

  // X = Rᵀ, n×n lower triangular, column-major.
  const x = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) x[i * n + j] = rf[j * ld + i];
  let w: Float64Array | null = null;
  if (wantVectors) {
    w = new Float64Array(n * n);
    for (let i = 0; i < n; i++) w[i * n + i] = 1;
  }
  oneSidedJacobi(fn, n, n, x, w);

  const s = new Float64Array(n);
  for (let j = 0; j < n; j++) s[j] = nrm2(n, x, j * n, 1);
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => s[q] - s[p] || p - q);
  const sOut = new Float64Array(n);
  for (let j = 0; j < n; j++) sOut[j] = ldexp(s[order[j]], -e);
  if (!wantVectors) return { u: null, s: sOut, v: null };

  // Ũ: normalised columns of X (sorted); tiny columns left for completion.
  const ut = new Float64Array(n * n);
  const missing: number[] = [];
  for (let c = 0; c < n; c++) {
    const src = order[c];
    const sv = s[src];
    if (sv <= TINY_COL) {
      missing.push(c);
      continue;
    }
    const inv = 1 / sv;
    for (let i = 0; i < n; i++) ut[c * n + i] = x[src * n + i] * inv;
  }
  if (missing.length > 0) completeOrthonormal(n, n, ut, missing);
  // V = P·Ũ: row i of Ũ goes to row perm[i].
  const v = new Float64Array(n * n);
  for (let c = 0; c < n; c++) for (let i = 0; i < n; i++) v[c * n + perm[i]] = ut[c * n + i];
  // U = Q·[W; 0] (W columns sorted), by blocks from U_BLOCKED_MIN columns; with the blocked QR
  // first, U = Q₁·[Q₂·W; 0], Q₁ by blocks.
  const wm = w as Float64Array;
  const u = new Float64Array(m * n);
  const blockedU = F.outer === null && n >= U_BLOCKED_MIN;
  for (let c = 0; c < n; c++) {
    u.set(wm.subarray(order[c] * n, order[c] * n + n), c * m);
    if (!blockedU) applyQInPlace(F.outer !== null ? n : m, n, rf, F.tau, u, c * m);
  }
  if (blockedU) applyQBlockedInPlace(m, n, rf, F.tau, u, n);
  if (F.outer !== null) applyQBlockedInPlace(m, n, F.outer.a, F.outer.tau, u, n);
  return { u, s: sOut, v };
}

function zeroSvd(m: number, n: number, wantVectors: boolean): RawSvd {
  const s = new Float64Array(n);
  if (!wantVectors) return { u: null, s, v: null };
  const u = new Float64Array(m * n);
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    u[j * m + j] = 1;
    v[j * n + j] = 1;
  }
  return { u, s, v };
}

/**
 * One-sided Jacobi (Hestenes) on the column-major r×c array x: rotates pairs of columns until
 * all pairs are numerically orthogonal; the same rotations are applied to the columns of the
 * c×c array w when given. Throws NumericalError after MAX_SWEEPS sweeps. @internal
 */
export function oneSidedJacobi(fn: string, r: number, c: number, x: Float64Array, w: Float64Array | null): number {
  const tol = Math.sqrt(r) * EPS;
  const tiny2 = TINY_COL * TINY_COL;
  // Squared column norms, recomputed at the start of every sweep and updated after each
  // rotation by the exact identities ‖x_p'‖² = ‖x_p‖² − t·g, ‖x_q'‖² = ‖x_q‖² + t·g; a norm
  // that drops below half its old value is recomputed (cancellation), as LAPACK dgesvj does.
  const d = new Float64Array(c);
  for (let sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
    for (let j = 0; j < c; j++) d[j] = dot(r, x, j * r, 1, x, j * r, 1);
    let rotated = false;
    for (let p = 0; p < c - 1; p++) {
      const op = p * r;
      for (let q = p + 1; q < c; q++) {
        const oq = q * r;
        const aa = d[p];
        const bb = d[q];
        if (aa <= tiny2 || bb <= tiny2) continue;
        const g = dot(r, x, op, 1, x, oq, 1);
        if (Math.abs(g) <= tol * Math.sqrt(aa) * Math.sqrt(bb)) continue;
        rotated = true;
        const zeta = (bb - aa) / (2 * g);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + hypot(1, zeta));
        const cs = 1 / Math.sqrt(1 + t * t);
        const sn = cs * t;
        for (let i = 0; i < r; i++) {
          const xp = x[op + i], xq = x[oq + i];
          x[op + i] = cs * xp - sn * xq;
          x[oq + i] = sn * xp + cs * xq;
        }
        if (w !== null) {
          const wp = p * c, wq = q * c;
          for (let i = 0; i < c; i++) {
            const a = w[wp + i], b = w[wq + i];
            w[wp + i] = cs * a - sn * b;
            w[wq + i] = sn * a + cs * b;
          }
        }
        const np = aa - t * g;
        d[p] = np < 0.5 * aa ? dot(r, x, op, 1, x, op, 1) : np;
        const nq = bb + t * g;
        d[q] = nq < 0.5 * bb ? dot(r, x, oq, 1, x, oq, 1) : nq;
      }
    }
    if (!rotated) return sweep;
  }
  throw new NumericalError(fn, `one-sided Jacobi did not converge in ${MAX_SWEEPS} sweeps`);
}

/**
 * Fills the columns listed in `missing` of the column-major m×k array u (whose other columns
 * are orthonormal) so that all k columns are orthonormal: for each, the standard basis vector
 * e_i with the smallest squared row norm of u (the least represented), orthogonalised twice
 * against the current columns (classical Gram–Schmidt; "twice is enough", Giraud, Langou &
 * Rozložník 2005)
 * and normalised. Deterministic. @internal
 */
export function completeOrthonormal(m: number, k: number, u: Float64Array, missing: readonly number[]): void {
  const isMissing = new Uint8Array(k);
  for (const j of missing) isMissing[j] = 1;
  const rowNorm = new Float64Array(m);
  for (let j = 0; j < k; j++) {
    if (isMissing[j]) continue;
    for (let i = 0; i < m; i++) rowNorm[i] += u[j * m + i] * u[j * m + i];
  }
  const y = new Float64Array(m);
  for (const j of missing) {
    let best = 0;
    for (let i = 1; i < m; i++) if (rowNorm[i] < rowNorm[best]) best = i;
    y.fill(0);
    y[best] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (let c = 0; c < k; c++) {
        if (isMissing[c]) continue;
        const h = dot(m, u, c * m, 1, y, 0, 1);
        for (let i = 0; i < m; i++) y[i] -= h * u[c * m + i];
      }
    }
    const nr = nrm2(m, y, 0, 1);
    for (let i = 0; i < m; i++) {
      const v = y[i] / nr;
      u[j * m + i] = v;
      rowNorm[i] += v * v;
    }
    isMissing[j] = 0;
  }
}
