/**
 * Least squares min ‖A·x − b‖₂ (optionally ridge-regularised) by an exact QR solve, by
 * sketch-and-solve, or by sketch-and-precondition with iterative refinement.
 *
 * @module
 */
import { csrToDense } from '../core/csr.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { VectorLike } from '../core/interop.js';
import { lsqr } from '../core/lsqr.js';
import { lstsqDense } from '../core/lstsq.js';
import { fromColMajor, type DenseMatrix } from '../core/matrix.js';
import type { LinearOperator } from '../core/operator.js';
import type { ToleranceOptions } from '../core/tolerance.js';
import { assertInt, assertOneOf, assertReal } from '../core/validate.js';
import type { RngState, Seed } from '../rng/index.js';
import { applySketch, type SketchOperator } from '../sketch/index.js';
import {
  assertOptionsObject,
  column,
  designOperator,
  normalizeDesign,
  normalizeRhs,
  norm2,
  resolveSketch,
  sketchDesign,
  type DesignMatrix,
  type NormalizedDesign,
  type SketchChoice,
} from './internal.js';
import { choosePreconditionOversampling, factorSketch, solveWithFactors, type PreconditionerFactors } from './precondition.js';
import { fusedDense, fusedLsqr, residualAndGradient, type FusedDense } from './fused.js';
import { lnDet } from '../rng/elementary.js';

/** The solvers {@link lstsq} can run. */
export type LeastSquaresMethod = 'qr' | 'sketch-and-solve' | 'sketch-and-precondition';

/** Options of {@link lstsq}. */
export interface LeastSquaresOptions {
  /**
   * `'qr'` (exact, `lstsqDense`), `'sketch-and-solve'`, `'sketch-and-precondition'`, or
   * `'auto'` (see {@link chooseLeastSquaresMethod}).
   * @defaultValue 'auto'
   */
  readonly method?: LeastSquaresMethod | 'auto';
  /**
   * The sketch: a kind (`'sparse-sign'`, `'srht'`, `'gaussian'`, `'countsketch'`, …) or a partial
   * spec `{ kind, rows?, zeta?, seed? }`. Default: `'sparse-sign'` (ζ = 8), with
   * m = max(γ·d, d + 10) rows capped at n, γ = `oversampling`. Sparse sign costs O(ζ·nnz(A))
   * and is the choice for sparse A; on dense A, `'srht'` (O(nd·log n)) is currently about twice
   * as fast to apply in this library (measured on 65536×64), and is what the benchmark uses.
   */
  readonly sketch?: SketchChoice;
  /** Seed of the sketch; required by `'sketch-and-solve'`, `'sketch-and-precondition'` and `'auto'`. */
  readonly seed?: Seed | RngState;
  /**
   * Sketch rows per column of A, γ (m = max(γ·d, d + 10)); ignored when the sketch spec gives
   * `rows`. @defaultValue for sketch-and-precondition, {@link choosePreconditionOversampling}
   * (4, Blendenpik's choice, for sketches whose cost grows with m and for operators; up to 64 for
   * sparse sign, CountSketch and the SRHT on tall, narrow A, where a larger sketch costs little and
   * halves the LSQR iterations); 20 for sketch-and-solve
   */
  readonly oversampling?: number;
  /**
   * Relative tolerance of each LSQR solve (sketch-and-precondition): stop when the estimate of
   * the preconditioned normal-equation residual ‖(AN)ᵀr‖ falls below rtol·‖AN‖_F·‖r‖ (or the
   * residual itself below rtol·(‖b‖ + ‖AN‖_F·‖y‖)). In [ε, 1). @defaultValue ε (2⁻⁵²)
   */
  readonly rtol?: number;
  /**
   * Iteration limit of each LSQR solve. @defaultValue ⌈3·ln(2/rtol)/ln(√γ)⌉ with γ = m/d
   * (at least 20), the Chebyshev estimate of ALGORITHMS.md §3.3 with a factor 3 of slack.
   */
  readonly maxIter?: number;
  /**
   * Iterative-refinement steps after the first preconditioned solve: each computes r = b − A·x
   * and solves min ‖A·δ − r‖ (with the same preconditioner, from δ = 0), x ← x + δ. A step that
   * changes x by at most 4ε·‖x‖ ends the refinement early. @defaultValue 2
   */
  readonly refine?: number;
  /** Ridge parameter λ ≥ 0: minimise ‖A·x − b‖² + λ‖x‖². @defaultValue 0 */
  readonly lambda?: number;
  /** Rank rule (tolerance.ts): for A with `'qr'`, for S·A with the sketched methods. */
  readonly rankTolerance?: ToleranceOptions;
}

/** Result of {@link lstsq} for one right-hand side. Plain data. */
export interface LeastSquaresResult {
  /** The solution, length d (minimum-norm when A is rank deficient). */
  readonly x: Float64Array;
  /** ‖b − A·x‖₂, computed for the returned x. */
  readonly residualNorm: number;
  /**
   * ‖Aᵀ(b − A·x) − λ·x‖₂, computed for the returned x: the gradient of the objective (up to a
   * factor −2), zero at the exact solution. Not computed (NaN) by `'qr'` on a LinearOperator.
   */
  readonly normalResidualNorm: number;
  /** Numerical rank: of A (`'qr'`) or of the sketch S·A (sketched methods). */
  readonly rank: number;
  /** Total LSQR iterations over the first solve and the refinement steps (0 for the direct methods). */
  readonly iterations: number;
  /** True for the direct methods; for sketch-and-precondition, true when the last LSQR solve met its tolerance. */
  readonly converged: boolean;
  /** The method that ran (never `'auto'`). */
  readonly method: LeastSquaresMethod;
  /** The sketch used (null for `'qr'`); `materialize(sketch)` reproduces S. */
  readonly sketch: SketchOperator | null;
  /**
   * LSQR's estimate of the preconditioned normal-equation residual ‖(A·N)ᵀr̄‖ after each
   * iteration, the first solve and the refinement steps concatenated (empty for the direct methods).
   */
  readonly history: Float64Array;
  /** Refinement steps run (sketch-and-precondition), 0 otherwise. */
  readonly refinementSteps: number;
  /** Which preconditioner/factorization of S·A was used: `'qr'` (Blendenpik) or `'svd'` (LSRN); null for `'qr'`. */
  readonly preconditioner: 'qr' | 'svd' | null;
}

/** Result of {@link lstsq} for several right-hand sides (b an m×k DenseMatrix). Plain data. */
export interface LeastSquaresMatrixResult {
  /** d×k column-major solution. */
  readonly x: DenseMatrix;
  /** ‖b_j − A·x_j‖₂ per column. */
  readonly residualNorm: Float64Array;
  /** ‖Aᵀ(b_j − A·x_j) − λ·x_j‖₂ per column. */
  readonly normalResidualNorm: Float64Array;
  readonly rank: number;
  /** Total LSQR iterations over all columns. */
  readonly iterations: number;
  /** True when every column converged. */
  readonly converged: boolean;
  readonly method: LeastSquaresMethod;
  readonly sketch: SketchOperator | null;
  /** Per column, as {@link LeastSquaresResult.history}. */
  readonly history: Float64Array[];
  /** Largest number of refinement steps over the columns. */
  readonly refinementSteps: number;
  readonly preconditioner: 'qr' | 'svd' | null;
}

const EPS = Number.EPSILON;
const METHODS = ['qr', 'sketch-and-solve', 'sketch-and-precondition', 'auto'] as const;

/**
 * The rule of `method: 'auto'`, from the shape and storage of A (n×d; nnz stored entries for
 * CSR):
 *
 * - a LinearOperator → `'sketch-and-precondition'` (the only method that applies it without
 *   densifying);
 * - n < 20·d (too few rows for a sketch of m = 4d rows to pay off) → `'qr'`;
 * - a CSR matrix with d ≥ 32 and nnz ≤ n·d/8 → `'sketch-and-precondition'` (QR would densify A
 *   and cost 2nd²; the sketched solver costs about (ζ + 4·iterations)·nnz);
 * - a dense A with d ≥ 64 → `'sketch-and-precondition'`;
 * - otherwise `'qr'`.
 *
 * The dense threshold is measured, not derived: with the defaults (sparse sign with the sketch
 * size of {@link choosePreconditionOversampling}, rtol = ε, one refinement step)
 * sketch-and-precondition runs about 21–26 LSQR iterations of 4nd flops each plus the sketch,
 * against 2nd² flops for the Householder QR at level-2 speed. On the development machine
 * (Node 20, WebAssembly kernels, nearly idle) QR against sketch-and-precondition took 90 / 121 ms
 * at 65536×32, 179 / 173 ms at 65536×48, 299 / 242 ms at 65536×64, 75 / 70 ms at 16384×64 and
 * 314 / 221 ms at 32768×96: the two break even near d = 48, and d ≥ 64 is where the sketched
 * solver wins every time. A looser rtol moves the crossover down.
 */
export function chooseLeastSquaresMethod(A: { readonly kind?: string; readonly rows: number; readonly cols: number; readonly values?: ArrayLike<number> }): LeastSquaresMethod {
  if (A.kind === 'operator') return 'sketch-and-precondition';
  const n = A.rows, d = A.cols;
  if (n < 20 * d) return 'qr';
  if (A.kind === 'csr' && A.values !== undefined) return d >= 32 && A.values.length <= (n * d) / 8 ? 'sketch-and-precondition' : 'qr';
  return d >= 64 ? 'sketch-and-precondition' : 'qr';
}

/**
 * Least squares x = argmin ‖A·x − b‖₂ (or, with `lambda > 0`, argmin ‖A·x − b‖² + λ‖x‖²) by
 * one of three methods.
 *
 * **`'qr'`** — exact: Householder QR with column pivoting (`lstsqDense`, backward stable,
 * minimum-norm on rank deficiency). Dense or CSR A (densified). Cost 2nd² flops. With λ > 0 it
 * factors [A; √λ·I].
 *
 * **`'sketch-and-solve'`** — x̂ = argmin ‖S·A·x − S·b‖ for an oblivious sketch S with m rows
 * (default m = max(20d, d + 10)). If S is an ε-subspace embedding of span([A, b]),
 * ‖A·x̂ − b‖ ≤ (1 + ε)/(1 − ε)·‖A·x* − b‖ (ALGORITHMS.md §3.1); the solution is approximate.
 * Cost: the sketch plus 2md² flops.
 *
 * **`'sketch-and-precondition'`** — accurate to working precision (Blendenpik: Avron,
 * Maymounkov & Toledo 2010; LSRN: Meng, Saunders & Mahoney 2014):
 * 1. sketch S·A with m = max(4d, d + 10) rows (sparse sign, ζ = 8, by default) and factor it
 *    (QR, or SVD when S·A is not certified full rank: {@link sketchedPreconditioner});
 * 2. warm start with the sketch-and-solve solution x₀;
 * 3. LSQR on A·N (N = R⁻¹ by triangular solves, or V_r·Σ_r⁻¹) for the correction, with the
 *    stopping rule on the preconditioned normal-equation residual (`rtol`);
 * 4. iterative refinement (Epperly, Meier & Nakatsukasa 2024, "Fast randomized least-squares
 *    solvers can be just as accurate and stable as classical direct solvers", the SPIR scheme):
 *    up to `refine` more solves of min ‖A·δ − (b − A·x)‖ from δ = 0 with the same N, x ← x + δ.
 *    The single preconditioned solve from the sketch-and-solve start is not backward stable for
 *    ill-conditioned A (Meier, Nakatsukasa, Townsend & Webb 2023); the refinement steps restore
 *    an error comparable to the QR solver's, c·(κ + κ²‖r‖/(‖A‖‖x‖))·ε, up to κ(A) ≈ 1e12
 *    (checked in test/regression/lstsq.test.ts).
 *
 * Iterations: κ(A·R⁻¹) = σ_max(S·U)/σ_min(S·U) ≈ (1 + √(d/m))/(1 − √(d/m)) ≈ 3 for γ = 4, so
 * each LSQR solve needs about ln(2/rtol)/ln(√γ) iterations, independent of κ(A).
 * Cost: the sketch (sparse sign O(ζ·nnz(A)); SRHT O(nd log n); Gaussian O(mnd)), 2md² for the
 * QR, and per LSQR iteration one product with A and one with Aᵀ (4·nnz(A) flops) plus 2d² for
 * the triangular solves. A may be a matrix-free LinearOperator `{ rows, cols, apply, applyT }`:
 * S·A is then formed row by row as (Aᵀ·sᵢ)ᵀ, which costs m applications of Aᵀ and O(m·n) to
 * generate S.
 *
 * Several right-hand sides (b an n×k DenseMatrix) share the sketch and the factorization; each
 * column runs its own LSQR solves.
 *
 * @param A - n×d: dense (any MatrixLike), CsrMatrix, or LinearOperator (sketched methods only).
 * @param b - length-n vector, or an n×k DenseMatrix of right-hand sides.
 * @param options - {@link LeastSquaresOptions}.
 * @returns {@link LeastSquaresResult}, or {@link LeastSquaresMatrixResult} for a matrix b.
 * @throws InvalidArgumentError for a missing seed (randomized methods and `'auto'`), a bad
 *   option, `'qr'` on a LinearOperator, or an underdetermined system (n < d) with a sketched
 *   method; DimensionError when b does not have n rows; NonFiniteError for NaN/±Infinity.
 * @example
 * ```ts
 * const { x, iterations } = lstsq(A, b, { method: 'sketch-and-precondition', seed: 42 });
 * const ridge = lstsq(A, b, { method: 'sketch-and-precondition', lambda: 1e-3, seed: 42 });
 * ```
 */
export function lstsq(A: DesignMatrix, b: VectorLike, options?: LeastSquaresOptions): LeastSquaresResult;
export function lstsq(A: DesignMatrix, b: DenseMatrix, options?: LeastSquaresOptions): LeastSquaresMatrixResult;
export function lstsq(A: DesignMatrix, b: VectorLike | DenseMatrix, options?: LeastSquaresOptions): LeastSquaresResult | LeastSquaresMatrixResult;
export function lstsq(A: DesignMatrix, b: VectorLike | DenseMatrix, options: LeastSquaresOptions = {}): LeastSquaresResult | LeastSquaresMatrixResult {
  const fn = 'lstsq';
  assertOptionsObject(fn, options);
  const D = normalizeDesign(fn, A);
  const n = D.A.rows, d = D.A.cols;
  const rhs = normalizeRhs(fn, b, n);
  const requested = assertOneOf(fn, 'options.method', options.method ?? 'auto', METHODS);
  const lambda = assertReal(fn, 'options.lambda', options.lambda ?? 0, 0);
  const rtol = Math.max(assertReal(fn, 'options.rtol', options.rtol ?? EPS, 0, 1, 'both'), EPS);
  const refine = assertInt(fn, 'options.refine', options.refine ?? 1, 0);
  if (options.maxIter !== undefined) assertInt(fn, 'options.maxIter', options.maxIter, 0);
  if (options.oversampling !== undefined) assertReal(fn, 'options.oversampling', options.oversampling, 1, Infinity, 'lo');
  const tol = options.rankTolerance ?? {};
  if (requested !== 'qr' && options.seed === undefined && !(typeof options.sketch === 'object' && options.sketch !== null && options.sketch.seed !== undefined)) {
    throw new InvalidArgumentError(fn, `options.seed is required by method '${requested}' (got undefined; expected a non-negative integer, bigint or string)`);
  }
  const method: LeastSquaresMethod =
    requested === 'auto' ? chooseLeastSquaresMethod(D.kind === 'csr' ? D.A : { kind: D.kind, rows: n, cols: d }) : requested;
  if (method === 'qr' && D.kind === 'operator') {
    throw new InvalidArgumentError(fn, `method 'qr' needs a dense or CSR matrix (got a LinearOperator; use 'sketch-and-precondition')`);
  }
  if (method !== 'qr' && n < d) {
    throw new InvalidArgumentError(fn, `method '${method}' needs at least as many rows as columns (got ${n}×${d}); use method 'qr' for underdetermined systems`);
  }
  if (d < 1 || n < 1) throw new InvalidArgumentError(fn, `A is empty (${n}×${d}); expected at least 1×1`);

  const k = rhs.matrix === null ? 1 : rhs.matrix.cols;
  const cols: Float64Array[] = [];
  for (let j = 0; j < k; j++) cols.push(rhs.matrix === null ? (rhs.vector as Float64Array) : column(rhs.matrix, j));

  let per: ColumnSolution[];
  let rank: number;
  let sketch: SketchOperator | null = null;
  let pre: 'qr' | 'svd' | null = null;
  if (method === 'qr') {
    const out = solveQr(D, cols, lambda, tol);
    per = out.per;
    rank = out.rank;
  } else {
    const kind = typeof options.sketch === 'string' ? options.sketch : (options.sketch?.kind ?? 'sparse-sign');
    const gamma =
      options.oversampling ??
      (method === 'sketch-and-solve'
        ? 20
        : D.kind === 'operator'
          ? 4
          : choosePreconditionOversampling(n, d, { kind, nnz: D.kind === 'csr' ? D.A.values.length : n * d, rtol }));
    const m = Math.min(n, Math.max(Math.ceil(gamma * d), d + 10));
    const S = resolveSketch(fn, options.sketch, 'sparse-sign', m, n, options.seed);
    sketch = S;
    const SA = sketchDesign(S, D);
    const P = factorSketch(SA, S, lambda, tol);
    rank = P.pub.rank;
    pre = P.pub.method;
    const Aop = designOperator(D);
    if (method === 'sketch-and-solve') {
      per = cols.map((bj) => {
        const x = solveWithFactors(P, applySketch(S, bj));
        return finish(Aop, bj, x, lambda, 0, true, new Float64Array(0), 0);
      });
    } else {
      const gammaEff = Math.max(S.rows / d, 1.5);
      const maxIter = options.maxIter ?? Math.max(20, Math.ceil((3 * lnDet(2 / rtol)) / lnDet(Math.sqrt(gammaEff))));
      const F = D.kind === 'dense' ? fusedDense(D.A) : null;
      per = cols.map((bj) =>
        F !== null ? solvePreconditionedFused(F, P, S, bj, lambda, rtol, maxIter, refine) : solvePreconditioned(Aop, P, S, bj, lambda, rtol, maxIter, refine),
      );
    }
  }

  if (rhs.matrix === null) {
    const s = per[0];
    return {
      x: s.x,
      residualNorm: s.residualNorm,
      normalResidualNorm: s.normalResidualNorm,
      rank,
      iterations: s.iterations,
      converged: s.converged,
      method,
      sketch,
      history: s.history,
      refinementSteps: s.refinementSteps,
      preconditioner: pre,
    };
  }
  const X = new Float64Array(d * k);
  per.forEach((s, j) => X.set(s.x, j * d));
  return {
    x: fromColMajor(d, k, X),
    residualNorm: Float64Array.from(per.map((s) => s.residualNorm)),
    normalResidualNorm: Float64Array.from(per.map((s) => s.normalResidualNorm)),
    rank,
    iterations: per.reduce((t, s) => t + s.iterations, 0),
    converged: per.every((s) => s.converged),
    method,
    sketch,
    history: per.map((s) => s.history),
    refinementSteps: per.reduce((t, s) => Math.max(t, s.refinementSteps), 0),
    preconditioner: pre,
  };
}

interface ColumnSolution {
  x: Float64Array;
  residualNorm: number;
  normalResidualNorm: number;
  iterations: number;
  converged: boolean;
  history: Float64Array;
  refinementSteps: number;
}

/** Residual and gradient norms for the returned x (2 products with A). */
function finish(
  Aop: LinearOperator,
  b: Float64Array,
  x: Float64Array,
  lambda: number,
  iterations: number,
  converged: boolean,
  history: Float64Array,
  refinementSteps: number,
): ColumnSolution {
  const Ax = Aop.apply(x);
  const r = new Float64Array(b.length);
  for (let i = 0; i < b.length; i++) r[i] = b[i] - Ax[i];
  const g = Aop.applyT(r).slice();
  if (lambda > 0) for (let j = 0; j < g.length; j++) g[j] -= lambda * x[j];
  return { x, residualNorm: norm2(r), normalResidualNorm: norm2(g), iterations, converged, history, refinementSteps };
}

function solveQr(D: NormalizedDesign, cols: Float64Array[], lambda: number, tol: ToleranceOptions): { per: ColumnSolution[]; rank: number } {
  const A = D.kind === 'csr' ? csrToDense(D.A) : (D.A as DenseMatrix);
  const n = A.rows, d = A.cols, k = cols.length;
  let M = A;
  let nn = n;
  if (lambda > 0) {
    nn = n + d;
    const data = new Float64Array(nn * d);
    const sl = Math.sqrt(lambda);
    for (let j = 0; j < d; j++) {
      let s = A.offset + j * A.colStride;
      for (let i = 0; i < n; i++, s += A.rowStride) data[j * nn + i] = A.data[s];
      data[j * nn + n + j] = sl;
    }
    M = fromColMajor(nn, d, data);
  }
  const B = new Float64Array(nn * k);
  cols.forEach((c, j) => B.set(c, j * nn));
  const sol = lstsqDense(M, fromColMajor(nn, k, B), tol);
  const Aop = designOperator({ kind: 'dense', A });
  const per = cols.map((bj, j) => finish(Aop, bj, sol.x.data.slice(j * d, (j + 1) * d), lambda, 0, true, new Float64Array(0), 0));
  return { per, rank: sol.rank };
}

function solvePreconditioned(
  Aop: LinearOperator,
  P: PreconditionerFactors,
  S: SketchOperator,
  b: Float64Array,
  lambda: number,
  rtol: number,
  maxIter: number,
  refine: number,
): ColumnSolution {
  const N = P.pub.operator;
  const damp = Math.sqrt(lambda);
  let x = solveWithFactors(P, applySketch(S, b));
  const hist: Float64Array[] = [];
  let iterations = 0;
  let converged = false;
  let steps = 0;
  let last: ReturnType<typeof lsqr> | null = null;
  for (let pass = 0; pass <= refine; pass++) {
    const res = lsqr(Aop, b, { precond: N, x0: x, atol: rtol, btol: rtol, conlim: 1e300, maxIter, damp });
    last = res;
    iterations += res.iterations;
    hist.push(res.history);
    converged = res.converged;
    let dx = 0, xn = 0;
    for (let j = 0; j < x.length; j++) {
      dx = Math.max(dx, Math.abs(res.x[j] - x[j]));
      xn = Math.max(xn, Math.abs(res.x[j]));
    }
    x = res.x;
    if (pass > 0) steps = pass;
    if (pass > 0 && dx <= 4 * EPS * xn) break;
    if (maxIter === 0) break;
  }
  const total = hist.reduce((t, h) => t + h.length, 0);
  const history = new Float64Array(total);
  let o = 0;
  for (const h of hist) {
    history.set(h, o);
    o += h.length;
  }
  const res = last as ReturnType<typeof lsqr>;
  return {
    x,
    residualNorm: res.residualNorm,
    normalResidualNorm: res.normalResidualNorm,
    iterations,
    converged,
    history,
    refinementSteps: steps,
  };
}

/**
 * {@link solvePreconditioned} for a dense column-major A: the same warm start, LSQR solves and
 * refinement, with one sweep over A per LSQR iteration (fused.ts) and the residual of each solve
 * reused as the start of the next.
 */
function solvePreconditionedFused(
  F: FusedDense,
  P: PreconditionerFactors,
  S: SketchOperator,
  b: Float64Array,
  lambda: number,
  rtol: number,
  maxIter: number,
  refine: number,
): ColumnSolution {
  const N = P.pub.operator;
  const damp = Math.sqrt(lambda);
  const bnorm = norm2(b);
  let x = solveWithFactors(P, applySketch(S, b));
  let { r, g } = residualAndGradient(F, b, x, damp);
  const hist: Float64Array[] = [];
  let iterations = 0;
  let converged = false;
  let steps = 0;
  let residualNorm = norm2(r);
  let normalResidualNorm = norm2(g);
  for (let pass = 0; pass <= refine; pass++) {
    const res = fusedLsqr(F, N, b, bnorm, x, r, g, damp, rtol, rtol, maxIter);
    iterations += res.iterations;
    hist.push(res.history);
    converged = res.converged;
    let dx = 0, xn = 0;
    for (let j = 0; j < x.length; j++) {
      dx = Math.max(dx, Math.abs(res.x[j] - x[j]));
      xn = Math.max(xn, Math.abs(res.x[j]));
    }
    x = res.x;
    r = res.r;
    g = res.g;
    residualNorm = res.residualNorm;
    normalResidualNorm = res.normalResidualNorm;
    if (pass > 0) steps = pass;
    if (pass > 0 && dx <= 4 * EPS * xn) break;
    if (maxIter === 0) break;
  }
  const history = new Float64Array(hist.reduce((t, h) => t + h.length, 0));
  let o = 0;
  for (const h of hist) {
    history.set(h, o);
    o += h.length;
  }
  return { x, residualNorm, normalResidualNorm, iterations, converged, history, refinementSteps: steps };
}
