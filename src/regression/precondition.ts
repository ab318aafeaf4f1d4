/**
 * Randomized preconditioners for least squares: a QR (Blendenpik) or SVD (LSRN) factorization
 * of a sketch S·A, applied through triangular solves or a thin matrix product.
 *
 * @module
 */
import { InvalidArgumentError } from '../core/errors.js';
import { solveUpperInPlace, solveUpperTransInPlace } from '../core/kernels/triangular.js';
import { fromColMajor, type DenseMatrix } from '../core/matrix.js';
import type { LinearOperator } from '../core/operator.js';
import { applyQt, qr, type QRFactorization } from '../core/qr.js';
import { svd } from '../core/svd.js';
import { checkToleranceOptions, numericalRank, rankTolerance, type ToleranceOptions } from '../core/tolerance.js';
import { assertInt, assertReal } from '../core/validate.js';
import type { RngState, Seed } from '../rng/index.js';
import type { SketchOperator } from '../sketch/index.js';
import {
  assertOptionsObject,
  normalizeDesign,
  resolveSketch,
  sketchDesign,
  type DesignMatrix,
  type NormalizedDesign,
  type SketchChoice,
} from './internal.js';
import { lnDet } from '../rng/elementary.js';

/** Options of {@link sketchedPreconditioner}. */
export interface SketchedPreconditionerOptions {
  /**
   * The sketch: a kind or a partial spec `{ kind, rows?, zeta?, … }`.
   * @defaultValue `'sparse-sign'` (ζ = 8) with m = max(4d, d + 10) rows (γ = 4, Blendenpik's oversampling).
   */
  readonly sketch?: SketchChoice;
  /** Seed of the sketch (required unless the sketch spec carries one). */
  readonly seed?: Seed | RngState;
  /** Ridge parameter λ ≥ 0: precondition [A; √λ·I] by factoring [S·A; √λ·I]. @defaultValue 0 */
  readonly lambda?: number;
  /** Rank rule for S·A (tolerance.ts, with the shape of S·A). */
  readonly rankTolerance?: ToleranceOptions;
}

/** A randomized right preconditioner N for A (d×r): A·N is well conditioned. Plain data plus an operator. */
export interface SketchedPreconditioner {
  /** `'qr'`: N = R⁻¹ (Blendenpik). `'svd'`: N = V_r·Σ_r⁻¹ (LSRN), used when S·A is not certified full rank. */
  readonly method: 'qr' | 'svd';
  /** Numerical rank of S·A (equal to rank(A) with probability 1 when the sketch has ≥ rank(A) rows). */
  readonly rank: number;
  /** The sketch used (plain data: reproduce S with `materialize(sketch)`). */
  readonly sketch: SketchOperator;
  /** S·A (m×d), or [S·A; √λ·I] with a ridge parameter. */
  readonly sketchedMatrix: DenseMatrix;
  /** The d×d upper-triangular R of S·A = Q·R (`'qr'` only; may have negative diagonal entries). */
  readonly R: DenseMatrix | null;
  /** The d×r right singular vectors of S·A for the kept singular values (`'svd'` only). */
  readonly V: DenseMatrix | null;
  /** The r kept singular values of S·A, descending (`'svd'` only). */
  readonly singularValues: Float64Array | null;
  /**
   * N as a d×r operator: `apply(y)` = R⁻¹·y (one triangular solve, d² flops) or V_r·Σ_r⁻¹·y
   * (2dr flops); `applyT` the transpose. Pass it to `lsqr` as `precond`.
   */
  readonly operator: LinearOperator;
  /** The ridge parameter λ the preconditioner was built for. */
  readonly lambda: number;
}

/** The preconditioner plus what the warm start needs (internal). */
export interface PreconditionerFactors {
  readonly pub: SketchedPreconditioner;
  readonly F: QRFactorization | null;
  readonly U: DenseMatrix | null;
}

/**
 * The default sketch size of sketch-and-precondition, m = min(n, max(⌈γ·d⌉, d + 10)) with
 * γ = 4 (Blendenpik's oversampling; ALGORITHMS.md §3.3): then κ(A·R⁻¹) ≈ (1 + √(d/m))/(1 − √(d/m))
 * ≈ 3 for Gaussian-like sketches, and LSQR gains about a factor √γ = 2 per iteration. O(1).
 *
 * @param n - rows of A; @param d - columns of A; @param gamma - oversampling γ > 1.
 * @example
 * ```ts
 * defaultPreconditionRows(65536, 64); // => 256
 * ```
 */
export function defaultPreconditionRows(n: number, d: number, gamma = 4): number {
  return Math.min(n, Math.max(Math.ceil(gamma * d), d + 10));
}

/** Sketch kinds whose cost of S·A does not grow with the number of rows m (up to lower-order terms). */
const M_FREE_KINDS: ReadonlySet<string> = new Set(['sparse-sign', 'sparse-stack', 'countsketch', 'srht']);

/**
 * Relative cost of one flop of the Householder QR of S·A against one flop of an LSQR pass over A,
 * measured on the development machine (Node 20, JS kernels): QR of 1024…4096 × 32…256 runs at
 * 1.25–2.2 GFLOP/s, the fused LSQR pass (A·v and Aᵀ·u in one sweep) at 2.9–3.8 GFLOP/s.
 */
const QR_OVER_PASS_COST = 1.7;

/** The oversampling factors considered by {@link choosePreconditionOversampling}. */
const GAMMA_CANDIDATES = [4, 6, 8, 12, 16, 24, 32, 48, 64] as const;

/**
 * The oversampling γ (sketch rows m = γ·d) that minimises the modelled time of
 * sketch-and-precondition, for sketches whose cost does not grow with m (`'sparse-sign'`,
 * `'sparse-stack'`, `'countsketch'`, `'srht'`); 4 (Blendenpik's choice) for the others, whose cost is O(m·nnz(A)).
 *
 * Model (each term in flops, QR flops weighted by the measured {@link QR_OVER_PASS_COST}):
 * QR of the m×d sketch 2·γ·d³, plus LSQR iterations ln(2/rtol)/ln √γ (Chebyshev's rate for
 * κ(A·R⁻¹) ≈ (1 + γ^{−1/2})/(1 − γ^{−1/2}); ALGORITHMS.md §3.3) times 4·nnz(A) flops each. γ is
 * the best of 4, 6, 8, …, 64 with m ≤ n/4 (so the sketch stays much smaller than A; never
 * below 4). For tall, narrow dense A the optimum is large: at 65536×64 and rtol = 1e-10 the
 * model picks γ = 48, and the measured solve takes 13 LSQR iterations instead of 27 at γ = 4
 * (165 ms against 268 ms with sparse sign ζ = 4…8). For wide A (d ≳ 500) the QR term dominates
 * and γ stays 4. O(1).
 *
 * @param n - rows of A; @param d - columns of A.
 * @param options.kind - the sketch kind (default `'sparse-sign'`).
 * @param options.nnz - stored entries of A (default n·d, dense).
 * @param options.rtol - the LSQR tolerance (default 1e-12).
 * @throws {@link InvalidArgumentError} unless n, d are integers ≥ 1, nnz ≥ 0 and 0 < rtol < 1.
 * @example
 * ```ts
 * choosePreconditionOversampling(65536, 64, { rtol: 1e-10 }); // => 48
 * ```
 */
export function choosePreconditionOversampling(
  n: number,
  d: number,
  options: { readonly kind?: string; readonly nnz?: number; readonly rtol?: number } = {},
): number {
  const fn = 'choosePreconditionOversampling';
  assertInt(fn, 'n', n, 1);
  assertInt(fn, 'd', d, 1);
  const nnz = assertReal(fn, 'options.nnz', options.nnz ?? n * d, 0);
  const rtol = assertReal(fn, 'options.rtol', options.rtol ?? 1e-12, 0, 1, 'both');
  const kind = options.kind ?? 'sparse-sign';
  if (!M_FREE_KINDS.has(kind)) return 4;
  const logTerm = lnDet(2 / rtol);
  let best = 4;
  let bestCost = Infinity;
  for (const g of GAMMA_CANDIDATES) {
    if (g > 4 && g * d > n / 4) break;
    const cost = QR_OVER_PASS_COST * 2 * g * d * d * d + (logTerm / lnDet(Math.sqrt(g))) * 4 * nnz;
    if (cost < bestCost) {
      bestCost = cost;
      best = g;
    }
  }
  return best;
}

/**
 * Factors the (possibly ridge-augmented) sketch M = [S·A; √λ·I] (m'×d). QR first; full column
 * rank is certified when 1/‖R⁻¹‖_F > tol(‖R‖_F) (since 1/‖R⁻¹‖_F ≤ σ_min and ‖R‖_F ≥ σ_max,
 * every singular value then passes the library's rank rule); otherwise the SVD decides the rank
 * and N = V_r·Σ_r⁻¹. Cost 2m'd² + d³/3 flops (QR path), plus an SVD of M otherwise.
 * @internal
 */
export function factorSketch(SA: DenseMatrix, sketch: SketchOperator, lambda: number, tol: ToleranceOptions): PreconditionerFactors {
  const d = SA.cols;
  let M = SA;
  if (lambda > 0) {
    const m = SA.rows, mm = m + d;
    const data = new Float64Array(mm * d);
    const sl = Math.sqrt(lambda);
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < m; i++) data[j * mm + i] = SA.data[SA.offset + i * SA.rowStride + j * SA.colStride];
      data[j * mm + m + j] = sl;
    }
    M = fromColMajor(mm, d, data);
  }
  const mr = M.rows;
  if (mr >= d) {
    const F = qr(M);
    if (certifiedFullRank(F, tol)) {
      const Rdata = new Float64Array(d * d);
      for (let j = 0; j < d; j++) for (let i = 0; i <= j; i++) Rdata[j * d + i] = F.qr[j * mr + i];
      const R = fromColMajor(d, d, Rdata);
      const operator: LinearOperator = {
        kind: 'operator',
        rows: d,
        cols: d,
        apply(y: Float64Array): Float64Array {
          const x = Float64Array.from(y);
          solveUpperInPlace(d, Rdata, 0, d, x, 0, 1);
          return x;
        },
        applyT(x: Float64Array): Float64Array {
          const y = Float64Array.from(x);
          solveUpperTransInPlace(d, Rdata, 0, d, y, 0, 1);
          return y;
        },
      };
      return {
        pub: { method: 'qr', rank: d, sketch, sketchedMatrix: M, R, V: null, singularValues: null, operator, lambda },
        F,
        U: null,
      };
    }
  }
  const f = svd(M);
  const r = numericalRank(f.s, M.rows, d, tol);
  const V = fromColMajor(d, r, f.V.data.slice(0, d * r));
  const U = fromColMajor(M.rows, r, f.U.data.slice(0, M.rows * r));
  const s = f.s.slice(0, r);
  const vd = V.data;
  const operator: LinearOperator = {
    kind: 'operator',
    rows: d,
    cols: r,
    apply(y: Float64Array): Float64Array {
      const x = new Float64Array(d);
      for (let k = 0; k < r; k++) {
        const c = y[k] / s[k];
        if (c !== 0) for (let i = 0; i < d; i++) x[i] += c * vd[k * d + i];
      }
      return x;
    },
    applyT(x: Float64Array): Float64Array {
      const y = new Float64Array(r);
      for (let k = 0; k < r; k++) {
        let t = 0;
        for (let i = 0; i < d; i++) t += vd[k * d + i] * x[i];
        y[k] = t / s[k];
      }
      return y;
    },
  };
  return {
    pub: { method: 'svd', rank: r, sketch, sketchedMatrix: M, R: null, V, singularValues: s, operator, lambda },
    F: null,
    U,
  };
}

/** 1/‖R⁻¹‖_F > max(atol, rtol·‖R‖_F) with the rule's defaults for the shape of the factored matrix. */
function certifiedFullRank(F: QRFactorization, tol: ToleranceOptions): boolean {
  const m = F.rows, d = F.cols, a = F.qr;
  let rf2 = 0;
  for (let j = 0; j < d; j++) {
    if (!(Math.abs(a[j * m + j]) > 0)) return false;
    for (let i = 0; i <= j; i++) rf2 += a[j * m + i] * a[j * m + i];
  }
  const y = new Float64Array(d);
  let inv2 = 0;
  for (let j = 0; j < d; j++) {
    y.fill(0, 0, j + 1);
    y[j] = 1;
    solveUpperInPlace(j + 1, a, 0, m, y, 0, 1);
    for (let i = 0; i <= j; i++) inv2 += y[i] * y[i];
  }
  if (!(inv2 < Infinity)) return false;
  return 1 / Math.sqrt(inv2) > rankTolerance(m, d, Math.sqrt(rf2), tol);
}

/**
 * The sketch-and-solve solution argmin ‖M·x − c‖ from the factorization of M = [S·A; √λI]
 * (c = [S·b; 0]): R⁻¹·(Qᵀc)[0:d] or V_r·Σ_r⁻¹·U_rᵀ·c (minimum norm). @internal
 */
export function solveWithFactors(P: PreconditionerFactors, Sb: Float64Array): Float64Array {
  const M = P.pub.sketchedMatrix;
  const d = M.cols;
  const c = new Float64Array(M.rows);
  c.set(Sb.subarray(0, Math.min(Sb.length, M.rows)));
  if (P.F !== null) {
    const qtc = applyQt(P.F, c);
    const x = qtc.slice(0, d);
    const R = P.pub.R as DenseMatrix;
    solveUpperInPlace(d, R.data, 0, d, x, 0, 1);
    return x;
  }
  const U = P.U as DenseMatrix;
  const r = U.cols, mr = U.rows;
  const y = new Float64Array(r);
  for (let k = 0; k < r; k++) {
    let t = 0;
    for (let i = 0; i < mr; i++) t += U.data[k * mr + i] * c[i];
    y[k] = t;
  }
  return P.pub.operator.apply(y);
}

/**
 * Builds the randomized right preconditioner of sketch-and-precondition least squares.
 *
 * Draws a sketch S (m×n, oblivious: sparse sign by default, or SRHT, Gaussian, …), forms S·A
 * and factors it. When S is a subspace embedding of range(A) — every singular value of S·U in
 * [1 − ε, 1 + ε] for an orthonormal basis U of range(A) — the preconditioned matrix A·N has
 * condition number at most (1 + ε)/(1 − ε); exactly, the singular values of A·R⁻¹ are the
 * reciprocals of those of S·U, so κ(A·R⁻¹) = σ_max(S·U)/σ_min(S·U) (ALGORITHMS.md §3.3).
 *
 * - `'qr'` (Blendenpik; Avron, Maymounkov & Toledo, SIAM J. Sci. Comput. 32(3), 2010):
 *   Householder QR S·A = Q·R, N = R⁻¹, applied by triangular solves (never inverted).
 * - `'svd'` (LSRN; Meng, Saunders & Mahoney, SIAM J. Sci. Comput. 36(2), 2014): used when the
 *   QR cannot certify full column rank (`1/‖R⁻¹‖_F ≤ max(atol, rtol·‖R‖_F)`, rule of
 *   tolerance.ts with the shape of S·A); S·A = Ũ·Σ̃·Ṽᵀ, N = Ṽ_r·Σ̃_r⁻¹ over the numerical rank r.
 *   For rank-deficient A, A·N has full column rank r and x = N·y lies in the row space of A,
 *   so LSQR on A·N yields the minimum-norm least-squares solution.
 *
 * With `lambda > 0` the factored matrix is [S·A; √λ·I], which preconditions the ridge problem
 * min ‖Ax − b‖² + λ‖x‖² (the identity block is kept exactly, not sketched).
 *
 * Cost: the sketch (sparse sign O(ζ·nnz(A)); SRHT O(n·d·log n); Gaussian O(m·n·d); for a
 * LinearOperator, m applications of Aᵀ plus O(m·n) generation), 2md² flops for the QR, plus an
 * O(md² + d³) SVD when the certificate fails.
 *
 * @param A - n×d design matrix: dense (any MatrixLike), CsrMatrix or LinearOperator, n ≥ d.
 * @param options - {@link SketchedPreconditionerOptions}; `seed` is required.
 * @throws InvalidArgumentError for a missing seed, an invalid sketch, λ < 0, or n < d.
 * @example
 * ```ts
 * const P = sketchedPreconditioner(A, { seed: 1 });
 * const sol = lsqr(A, b, { precond: P.operator }); // converges in a few dozen iterations
 * ```
 */
export function sketchedPreconditioner(A: DesignMatrix, options: SketchedPreconditionerOptions = {}): SketchedPreconditioner {
  const fn = 'sketchedPreconditioner';
  assertOptionsObject(fn, options);
  const D = normalizeDesign(fn, A);
  return buildPreconditioner(fn, D, options).pub;
}

/** Shared by the solvers: sketch, factor, return the factors. @internal */
export function buildPreconditioner(fn: string, D: NormalizedDesign, options: SketchedPreconditionerOptions): PreconditionerFactors {
  const n = D.A.rows, d = D.A.cols;
  if (n < d) throw new InvalidArgumentError(fn, `sketch-and-precondition needs at least as many rows as columns (got ${n}×${d}); use method 'qr' for underdetermined systems`);
  if (d < 1) throw new InvalidArgumentError(fn, `A has no columns (got ${n}×${d})`);
  const lambda = assertReal(fn, 'options.lambda', options.lambda ?? 0, 0);
  const tol = checkToleranceOptions(fn, options.rankTolerance ?? {});
  const S = resolveSketch(fn, options.sketch, 'sparse-sign', defaultPreconditionRows(n, d), n, options.seed);
  const SA = sketchDesign(S, D);
  return factorSketch(SA, S, lambda, tol);
}
