/**
 * Least squares with an ℓ∞ (per-coordinate) guarantee by dense sketch-and-solve
 * (Song, Ye, Yin & Zhang, ICML 2023; Price, Song & Woodruff, ICALP 2017).
 *
 * @module
 */
import { csrToDense } from '../core/csr.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { VectorLike } from '../core/interop.js';
import { lstsqDense } from '../core/lstsq.js';
import type { DenseMatrix } from '../core/matrix.js';
import { svd } from '../core/svd.js';
import { numericalRank } from '../core/tolerance.js';
import { assertInt, assertReal, fmt } from '../core/validate.js';
import type { RngState, Seed } from '../rng/index.js';
import { applySketch, nextPow2, type SketchOperator } from '../sketch/index.js';
import { assertOptionsObject, normalizeDesign, normalizeRhs, resolveSketch, type DesignMatrix } from './internal.js';
import { lnDet } from '../rng/elementary.js';

/** The dense sketches {@link linfRegression} accepts. */
export type LinfSketchKind = 'gaussian' | 'rademacher' | 'srht';

/** Options of {@link linfRegression}. */
export interface LinfRegressionOptions {
  /** Accuracy ε ∈ (0, 1) of the guarantee ‖x′ − x*‖∞ ≤ (ε/√d)·‖Ax* − b‖₂·‖A†‖₂. */
  readonly eps: number;
  /** Failure probability δ ∈ (0, 1). */
  readonly delta: number;
  /** Dense sketch: `'gaussian'` (default, rigorous size), `'srht'` (the paper's size), `'rademacher'` (heuristic). */
  readonly sketch?: LinfSketchKind;
  /** Seed of the sketch (required). */
  readonly seed: Seed | RngState;
  /**
   * Also solve the problem exactly (Householder QR, O(nd²)): returns `exact` and makes `bound`
   * the exact right-hand side of the guarantee. @defaultValue false
   */
  readonly computeExact?: boolean;
  /**
   * Override the sketch size m. The guarantee is then **not** certified by the size rule
   * (meant for experiments); `sketchRows` in the result reports what ran.
   */
  readonly sketchRows?: number;
}

/** Result of {@link linfRegression}. Plain data. */
export interface LinfRegressionResult {
  /** The sketch-and-solve solution x′ = argmin ‖S·A·x − S·b‖₂ (minimum norm if S·A is rank deficient). */
  readonly x: Float64Array;
  /** Sketch size m. */
  readonly sketchRows: number;
  /** The sketch used (plain data; `materialize(sketch)` reproduces S). */
  readonly sketch: SketchOperator;
  /**
   * The right-hand side of the guarantee, (ε/√d)·‖Ax* − b‖₂·‖A†‖₂.
   * - `boundKind: 'exact'` (computeExact): from the exact solve, ‖A†‖₂ = 1/σ_min(A)
   *   (σ_min the smallest singular value above the rank tolerance).
   * - `boundKind: 'sketched'` (default): the estimate (ε/√d)·‖S(Ax′ − b)‖₂/σ_min(S·A), free
   *   given the sketch. If S is an ε₀-subspace embedding of span([A, b]) (singular-value sense),
   *   the estimate lies within a factor (1 + ε₀)/(1 − ε₀) of the exact bound on either side;
   *   for the Gaussian sizes used here ε₀ ≈ √((d + 1)/m) + √(2 ln(2/δ)/m).
   */
  readonly bound: number;
  /** How `bound` was computed. */
  readonly boundKind: 'exact' | 'sketched';
  /** ‖S·(A·x′ − b)‖₂, the sketched residual. */
  readonly sketchedResidualNorm: number;
  /** With computeExact: x* (exact least squares), its residual, σ_min(A), and ‖x′ − x*‖∞. */
  readonly exact?: {
    readonly x: Float64Array;
    readonly residualNorm: number;
    readonly sigmaMin: number;
    readonly linfError: number;
  };
}

const FN = 'linfRegression';
const SPARSE_KINDS = new Set(['countsketch', 'sparse-sign', 'sparse-stack', 'very-sparse']);

/**
 * The sketch size {@link linfRegression} uses for ε, δ on an n×d problem.
 *
 * - `'gaussian'` — PROVEN (ALGORITHMS.md §3.2, derived there and re-checked in linf.test.ts):
 *   **m = ⌈(√d + √(2 ln(4/δ)) + √(2d·ln(4d/δ))/ε)²⌉**, the smallest m with
 *   √(2 ln(4d/δ)/m) ≤ (ε/√d)·(1 − √(d/m) − √(2 ln(4/δ)/m)). Proof: for a Gaussian S and
 *   r = b − Ax* ⟂ range(A), S·U and S·r are independent, so each x′_j − x*_j is, given S·U,
 *   Gaussian with standard deviation ≤ ‖r‖·‖A†‖/(√m·σ_min(S·U)); a union bound over the d
 *   coordinates (δ/2) and the Davidson–Szarek bound σ_min(S·U) ≥ 1 − √(d/m) − √(2 ln(4/δ)/m)
 *   (δ/2) give the guarantee with probability ≥ 1 − δ. About 2ε⁻²d·ln(4d/δ) for large d.
 * - `'srht'` — the size of Song, Ye, Yin & Zhang (ICML 2023, abstract: "m = ε⁻²d·log³(n/δ)"),
 *   read with natural logarithms and constant 1: **m = ⌈ε⁻²·d·ln³(n/δ)⌉**, capped at
 *   N = 2^⌈log₂ n⌉ (with m = N the SRHT is orthogonal and x′ = x* exactly). Status: a published
 *   theorem whose constants are not stated in the abstract, and whose proof has been disputed
 *   (an unreviewed note argues that the fixed-pair OCE property is applied to an S-dependent
 *   direction; ALGORITHMS.md §3.2); Price, Song & Woodruff (ICALP 2017) prove the guarantee for
 *   SRHT with m = Ω(ε⁻²d^{1+γ}), γ = Θ(√(log log n/log d)). Empirically validated in the tests.
 * - `'rademacher'` — HEURISTIC: the Gaussian size. Dense sign sketches satisfy the OCE property
 *   with β = O(√log(1/δ)) (Hanson–Wright), and by the central limit theorem x′ − x* has nearly
 *   the Gaussian law, but the independence argument above does not apply, so no guarantee is
 *   certified. Empirically validated in the tests.
 *
 * @throws InvalidArgumentError for ε or δ outside (0, 1), bad dimensions, or another kind.
 */
export function linfSketchRows(kind: LinfSketchKind, n: number, d: number, eps: number, delta: number): number {
  const fn = 'linfSketchRows';
  assertInt(fn, 'n', n, 1);
  assertInt(fn, 'd', d, 1);
  assertReal(fn, 'eps', eps, 0, 1, 'both');
  assertReal(fn, 'delta', delta, 0, 1, 'both');
  if (kind === 'gaussian' || kind === 'rademacher') {
    const s = Math.sqrt(d) + Math.sqrt(2 * lnDet(4 / delta)) + Math.sqrt(2 * d * lnDet((4 * d) / delta)) / eps;
    return Math.ceil(s * s);
  }
  if (kind === 'srht') {
    const L = lnDet(n / delta);
    return Math.min(nextPow2(n), Math.ceil((d * L * L * L) / (eps * eps)));
  }
  throw new InvalidArgumentError(fn, `kind must be 'gaussian', 'rademacher' or 'srht' (got ${fmt(kind)})`);
}

/**
 * Least squares with an ℓ∞ guarantee: returns x′ with, with probability ≥ 1 − δ,
 *
 *     ‖x′ − x*‖∞ ≤ (ε/√d)·‖A·x* − b‖₂·‖A†‖₂,   x* = argmin ‖A·x − b‖₂,
 *
 * √d times stronger per coordinate than what an ε-subspace embedding gives for ‖x′ − x*‖₂.
 * Algorithm: sketch-and-solve with a **dense** sketch, x′ = argmin ‖S·A·x − S·b‖₂, of the size
 * given by {@link linfSketchRows} (Song, Ye, Yin & Zhang, "A Nearly-Optimal Bound for Fast
 * Regression with ℓ∞ Guarantee", ICML 2023; Price, Song & Woodruff, ICALP 2017).
 *
 * **Sparse sketches are refused** (CountSketch, sparse sign, very sparse): they fail the
 * guarantee with probability about d/m whatever m is. On A = [I_d; 0], b = ‖r‖·e_{d+1}
 * (x* = 0, all of the residual in one coordinate), CountSketch hashes row d + 1 into the bucket
 * of some row j ≤ d with probability 1 − (1 − 1/m)^d ≈ d/m, and then x′_j = ±‖r‖ instead of
 * O(ε‖r‖/√d) (ALGORITHMS.md §3.2; the test suite measures this rate). SYYZ23 show that dense
 * sketches are necessary for this guarantee.
 *
 * Cost: Gaussian/Rademacher O(m·n·d) to form S·A; SRHT O(n·d·log n); then O(m·d²) to solve;
 * computeExact adds an O(n·d²) QR solve and SVD.
 *
 * @param A - n×d (n ≥ d), dense (any MatrixLike) or CsrMatrix.
 * @param b - length n.
 * @param options - {@link LinfRegressionOptions}: eps, delta and seed are required.
 * @throws InvalidArgumentError for a sparse or unknown sketch (with the reason), eps or delta
 *   outside (0, 1), a missing seed, n < d; DimensionError for b's length; NonFiniteError.
 * @example
 * ```ts
 * const { x, bound } = linfRegression(A, b, { eps: 0.5, delta: 0.01, seed: 7 });
 * ```
 */
export function linfRegression(A: DesignMatrix, b: VectorLike, options: LinfRegressionOptions): LinfRegressionResult {
  if (options === undefined || options === null) throw new InvalidArgumentError(FN, `options { eps, delta, seed } are required (got ${fmt(options)})`);
  assertOptionsObject(FN, options);
  const D = normalizeDesign(FN, A);
  if (D.kind === 'operator') throw new InvalidArgumentError(FN, `A must be a dense or CSR matrix (got a LinearOperator)`);
  const n = D.A.rows, d = D.A.cols;
  const bv = normalizeRhs(FN, b, n).vector;
  if (bv === null) throw new InvalidArgumentError(FN, `b must be a vector (got a DenseMatrix)`);
  if (n < d || d < 1) throw new InvalidArgumentError(FN, `A must have at least as many rows as columns and d ≥ 1 (got ${n}×${d})`);
  const eps = assertReal(FN, 'options.eps', options.eps, 0, 1, 'both');
  const delta = assertReal(FN, 'options.delta', options.delta, 0, 1, 'both');
  const kind = options.sketch ?? 'gaussian';
  if (typeof kind === 'string' && SPARSE_KINDS.has(kind)) {
    throw new InvalidArgumentError(
      FN,
      `options.sketch '${kind}' is sparse and cannot give the ℓ∞ guarantee (got '${kind}'; expected 'gaussian', 'rademacher' or 'srht'): ` +
        `a sparse sketch fails with probability about d/m for every m — on A = [I; 0], b = e_{d+1}, the residual row collides with a row of I with probability ≈ d/m and then one coordinate of x′ has error ‖r‖ (Song, Ye, Yin & Zhang 2023: dense sketches are necessary)`,
    );
  }
  if (kind !== 'gaussian' && kind !== 'rademacher' && kind !== 'srht') {
    throw new InvalidArgumentError(FN, `options.sketch must be 'gaussian', 'rademacher' or 'srht' (got ${fmt(kind)})`);
  }
  if (options.seed === undefined) throw new InvalidArgumentError(FN, `options.seed is required (got undefined; expected a non-negative integer, bigint or string)`);
  if (options.computeExact !== undefined && typeof options.computeExact !== 'boolean') {
    throw new InvalidArgumentError(FN, `options.computeExact must be a boolean (got ${fmt(options.computeExact)})`);
  }
  let m = linfSketchRows(kind, n, d, eps, delta);
  if (options.sketchRows !== undefined) m = assertInt(FN, 'options.sketchRows', options.sketchRows, d, kind === 'srht' ? nextPow2(n) : Number.MAX_SAFE_INTEGER);
  const S = resolveSketch(FN, kind, kind, m, n, options.seed, ['gaussian', 'rademacher', 'srht']);
  const SA = applySketch(S, D.A);
  const Sb = applySketch(S, bv);
  const sol = lstsqDense(SA, Sb);
  const x = sol.x;
  const scale = eps / Math.sqrt(d);

  if (options.computeExact === true) {
    const Ad: DenseMatrix = D.kind === 'csr' ? csrToDense(D.A) : D.A;
    const ex = lstsqDense(Ad, bv);
    const sv = svd(Ad, { vectors: false }).s;
    const r = numericalRank(sv, n, d);
    const sigmaMin = r > 0 ? sv[r - 1] : 0;
    let linf = 0;
    for (let j = 0; j < d; j++) linf = Math.max(linf, Math.abs(x[j] - ex.x[j]));
    return {
      x,
      sketchRows: m,
      sketch: S,
      bound: sigmaMin > 0 ? (scale * ex.residualNorm) / sigmaMin : Infinity,
      boundKind: 'exact',
      sketchedResidualNorm: sol.residualNorm,
      exact: { x: ex.x, residualNorm: ex.residualNorm, sigmaMin, linfError: linf },
    };
  }
  const ssv = sol.singularValues ?? svd(SA, { vectors: false }).s;
  const rs = numericalRank(ssv, SA.rows, d);
  const smin = rs > 0 ? ssv[rs - 1] : 0;
  return {
    x,
    sketchRows: m,
    sketch: S,
    bound: smin > 0 ? (scale * sol.residualNorm) / smin : Infinity,
    boundKind: 'sketched',
    sketchedResidualNorm: sol.residualNorm,
  };
}
