/**
 * ℓp regression min ‖A·x − b‖ₚ, 1 ≤ p < ∞: iteratively reweighted least squares (damped Newton
 * for p > 2, smoothed majorise–minimise for p < 2, an exact vertex walk for p = 1), and the
 * row-sampling reductions (Lewis weights, sensitivities) that solve a small weighted problem.
 *
 * @module
 */
import { csrToDense } from '../core/csr.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { VectorLike } from '../core/interop.js';
import { lstsqDense } from '../core/lstsq.js';
import { fromColMajor, type DenseMatrix } from '../core/matrix.js';
import { assertInt, assertOneOf, assertReal } from '../core/validate.js';
import { substream, toRngState, type RngState, type Seed } from '../rng/index.js';
import { lewisWeights, sampleByScores, suggestSampleSize } from '../sampling/index.js';
import { lpSensitivities } from '../sampling/sensitivities.js';
import { assertOptionsObject, normalizeDesign, normalizeRhs, type DesignMatrix } from './internal.js';
import { columnCombination } from './columns.js';
import { ladVertexWalk } from './lad.js';
import { expDet, powPositive } from '../rng/elementary.js';

/** The methods of {@link lpRegression}. */
export type LpRegressionMethod = 'irls' | 'lewis-sampling' | 'sensitivity-sampling';

/** Options of {@link lpRegression}. */
export interface LpRegressionOptions {
  /** @defaultValue 'irls' */
  readonly method?: LpRegressionMethod;
  /**
   * Sampling methods: target accuracy ε ∈ (0, 1) of the objective, f(x̂) ≤ (1 + ε)·f(x*).
   * @defaultValue 0.5
   */
  readonly eps?: number;
  /** Sampling methods: failure probability δ ∈ (0, 1) in the sample-size formula. @defaultValue 0.1 */
  readonly delta?: number;
  /** Sampling methods: seed (required there). */
  readonly seed?: Seed | RngState;
  /**
   * IRLS stopping tolerance (p > 1): stop when ‖Aᵀψ(r)‖₂ ≤ tol·‖A‖_F·‖ψ(r)‖₂ with
   * ψ(r)_i = |r_i|^{p−1}·sign(r_i), the relative gradient of ‖Ax − b‖ₚᵖ. @defaultValue 1e-10
   */
  readonly tol?: number;
  /** IRLS iteration limit (weighted least-squares solves). @defaultValue 200 */
  readonly maxIter?: number;
  /** Sampling methods: expected number of sampled rows, overriding the formula. */
  readonly sampleSize?: number;
  /**
   * `'sensitivity-sampling'`: how the sensitivities of [A, b] are computed
   * (`lpSensitivities` methods: `'lewis'` upper bounds, `'approx'`, `'exact'`). @defaultValue 'lewis'
   */
  readonly sensitivityMethod?: 'lewis' | 'approx' | 'exact';
}

/** Result of {@link lpRegression}. Plain data. */
export interface LpRegressionResult {
  /** The solution, length d. */
  readonly x: Float64Array;
  /** The objective **‖A·x − b‖ₚᵖ** (the p-th power, Σ|r_i|^p) on the full data. */
  readonly objective: number;
  /** ‖A·x − b‖ₚ = objective^{1/p}. */
  readonly residualNorm: number;
  /** Weighted least-squares solves (IRLS iterations) plus, for p = 1, vertex pivots. */
  readonly iterations: number;
  /**
   * IRLS (p > 1): the relative gradient test met. p = 1: the LP duality certificate verified
   * (the solution is optimal to rounding). p = 2: always. Sampling methods: of the small solve.
   */
  readonly converged: boolean;
  readonly method: LpRegressionMethod;
  /** Sampling methods: the number of rows actually sampled. */
  readonly sampleSize?: number;
  /** Sampling methods: the expected sample size m asked of the sampler. */
  readonly targetSampleSize?: number;
  /** ‖Aᵀψ(r)‖₂ at x on the data solved (the sample for sampling methods); for p = 1 see `dualMax`. */
  readonly gradientNorm: number;
  /** p = 1: max|u_J| of the dual certificate (≤ 1 certifies optimality); NaN otherwise. */
  readonly dualMax: number;
  /**
   * Objective after each IRLS iteration on the data solved: ‖Ax − b‖ₚᵖ for p ≥ 2, and the smoothed
   * objective f_η (an upper bound, non-increasing) for p < 2.
   */
  readonly history: Float64Array;
}

const FN = 'lpRegression';
/**
 * Newton-decrement test: stop when λ² = −∇fᵀΔ_Newton ≤ OBJ_TOL·f, i.e. the predicted
 * suboptimality f − f* ≈ λ²/2 is at the rounding level of f (p near 1 or heavy-tailed residuals
 * can keep the gradient test out of reach in floating point while f is already optimal).
 */
const OBJ_TOL = 1024 * Number.EPSILON;
/** Fixed-point residual of the approximate Lewis weights used for sampling (p < 4). */
const LEWIS_TOL = 0.05;

/**
 * ℓp regression: x = argmin ‖A·x − b‖ₚ (equivalently of ‖A·x − b‖ₚᵖ) for 1 ≤ p < ∞.
 *
 * **`'irls'`** (default) — on the full data, by weighted least-squares solves (pivoted QR,
 * `lstsqDense`, never normal equations), starting from the ℓ2 solution:
 * - **p = 2**: one exact least-squares solve.
 * - **p > 2**: damped Newton. With r = b − Ax and W = diag(|r|^{p−2}), the IRLS step Δ solves
 *   min ‖W^{1/2}(AΔ − r)‖, and the Newton step of f(x) = ‖Ax − b‖ₚᵖ is Δ/(p − 1) (∇f = −p·AᵀWr,
 *   ∇²f = p(p−1)·AᵀWA; ALGORITHMS.md §3.5). We take θ = 1/(p − 1) and backtrack (Armijo,
 *   halving) on f, so f decreases monotonically; plain IRLS (θ = 1) overshoots and can diverge
 *   for p ≥ 3. Weights are floored at (10⁻⁸·‖r‖∞)^{p−2} in the Hessian only.
 * - **1 < p < 2**: Newton with backtracking on the smoothed objective
 *   f_η = Σ ρ_η(r_i), ρ_η(r) = |r|^p for |r| ≥ η and (p/2)η^{p−2}r² + (1 − p/2)η^p below
 *   (C¹, convex, f ≤ f_η, equal to f where every |r_i| ≥ η). Its gradient weights are
 *   max(|r|, η)^{p−2}, so the IRLS step (θ = 1) is the majorise–minimise step and decreases
 *   f_η; the Newton step (θ up to 1/(p − 1)) is tried first. η starts at ‖r‖∞ and shrinks
 *   tenfold per iteration to 10⁻¹³·‖b‖∞; f_η(x_k) is non-increasing throughout (f_η decreases
 *   with η). Once every |r_i| > η near the optimum, f_η = f there and Newton converges
 *   quadratically to the minimiser of f.
 * - **p = 1** (least absolute deviations): smoothed IRLS (weights 1/max(|r|, η)) to locate
 *   the active set, then an exact vertex walk ({@link ladVertexWalk}: a simplex method on the
 *   LP min Σ|r_i|, starting from the d rows of smallest residual) ending with the LP duality
 *   certificate u, Aᵀu = 0, |u| ≤ 1, bᵀu = f(x); `converged` reports it. Needs A of full
 *   column rank for the vertex walk (otherwise the IRLS point is returned, `converged: false`).
 *   The LAD optimum is attained at a vertex interpolating d rows.
 *
 * Stopping (p > 1): ‖Aᵀψ(r)‖₂ ≤ tol·‖A‖_F·‖ψ(r)‖₂, ψ(r) = |r|^{p−1}sign(r) (a scale-free
 * first-order optimality test: ∇f = −p·Aᵀψ(r)). The data are scaled by 1/‖b‖∞ internally
 * (x(c·b) = c·x(b)). Cost per iteration: an n×d weighted QR, 2nd² flops; typically 10–30
 * iterations for p ∈ (1, 2) ∪ (2, 8], 20–40 IRLS iterations plus a few pivots (O(nd + n log n)
 * each) for p = 1.
 *
 * **`'lewis-sampling'`**, **`'sensitivity-sampling'`** — sample-and-solve (Cohen & Peng 2015,
 * "ℓp row sampling by Lewis weights"; Woodruff & Yasuda, ICML 2023, "Sharper bounds for ℓp
 * sensitivity sampling"): compute scores of the (d+1)-column matrix [A, b] (ℓp Lewis weights,
 * or sensitivity upper bounds — ALGORITHMS.md §2.6 pitfall: the scores must be of [A, b], not of
 * A), keep row i with probability q_i = min(1, m·s_i/Σs) and weight q_i^{−1/p}, and solve the
 * sampled problem min ‖S(Ax − b)‖ₚ by IRLS (exact LAD for p = 1). If S is an ε′ ℓp subspace
 * embedding of span([A, b]) on p-th powers, f(x̂) ≤ (1 + ε′)/(1 − ε′)·f(x*) (DERIVED,
 * ALGORITHMS.md §3.5); with ε′ = ε/(2 + ε) this is exactly f(x̂) ≤ (1 + ε)·f(x*).
 * The sample size m is `suggestSampleSize([A, b], p, ε′, { scheme, delta })` (scheme `'lewis'`:
 * Cohen–Peng, d′·ln(d′/δ)/ε′² for p ∈ {1, 2}, …; `'sensitivity'`: Woodruff–Yasuda,
 * 𝔖^{2/p}·ln(n/δ)/ε′² for p < 2, 𝔖^{2−2/p}·ln(n/δ)/ε′² for p > 2, with 𝔖 the computed total),
 * d′ = d + 1. Status of the constants: the exponents are from the papers, the constant 1 and
 * the log factors are defaults, not theorems ([MEM]/[INF]); the tests measure the achieved
 * ratio. When m ≥ n the full problem is solved. Cost: the scores (Lewis: 20–60 leverage
 * computations of O(nd²)), O(n) to sample, then IRLS on about m rows.
 *
 * @param A - n×d (n ≥ d) design matrix: dense (any MatrixLike) or CsrMatrix (densified).
 * @param b - length n.
 * @param p - exponent, 1 ≤ p < ∞.
 * @param options - {@link LpRegressionOptions}.
 * @returns {@link LpRegressionResult} `{ x, objective (= ‖Ax − b‖ₚᵖ), residualNorm, iterations,
 *   converged, method, sampleSize?, … }`.
 * @throws InvalidArgumentError for p < 1 or not finite, eps or delta outside (0, 1), a missing
 *   seed with a sampling method, n < d (underdetermined: the minimiser is not unique and the
 *   sampling reductions do not apply), a bad option; DimensionError for b; NonFiniteError.
 * @example
 * ```ts
 * const lad = lpRegression(A, b, 1);                                  // exact, certified
 * const fast = lpRegression(A, b, 1, { method: 'lewis-sampling', eps: 0.2, seed: 3 });
 * ```
 */
export function lpRegression(A: DesignMatrix, b: VectorLike, p: number, options: LpRegressionOptions = {}): LpRegressionResult {
  assertOptionsObject(FN, options);
  const Dn = normalizeDesign(FN, A);
  if (Dn.kind === 'operator') throw new InvalidArgumentError(FN, `A must be a dense or CSR matrix (got a LinearOperator)`);
  const D: DenseMatrix = Dn.kind === 'csr' ? csrToDense(Dn.A) : Dn.A;
  const n = D.rows, d = D.cols;
  const bv = normalizeRhs(FN, b, n).vector;
  if (bv === null) throw new InvalidArgumentError(FN, `b must be a vector (got a DenseMatrix)`);
  assertReal(FN, 'p', p, 1, Infinity, 'hi');
  if (d < 1 || n < d) throw new InvalidArgumentError(FN, `A must have at least as many rows as columns and d ≥ 1 (got ${n}×${d}); underdetermined ℓp regression has no unique minimiser`);
  const method = assertOneOf(FN, 'options.method', options.method ?? 'irls', ['irls', 'lewis-sampling', 'sensitivity-sampling'] as const);
  const tol = assertReal(FN, 'options.tol', options.tol ?? 1e-10, 0, 1, 'both');
  const maxIter = assertInt(FN, 'options.maxIter', options.maxIter ?? 200, 1);
  const eps = assertReal(FN, 'options.eps', options.eps ?? 0.5, 0, 1, 'both');
  const delta = assertReal(FN, 'options.delta', options.delta ?? 0.1, 0, 1, 'both');
  if (options.sampleSize !== undefined) assertReal(FN, 'options.sampleSize', options.sampleSize, 0, Infinity, 'lo');
  const sensMethod = assertOneOf(FN, 'options.sensitivityMethod', options.sensitivityMethod ?? 'lewis', ['lewis', 'approx', 'exact'] as const);
  const a = colMajorCopy(D);

  if (method === 'irls') {
    const sol = solveLp(n, d, a, bv, p, tol, maxIter);
    return { ...sol, method };
  }

  if (options.seed === undefined) throw new InvalidArgumentError(FN, `options.seed is required by method '${method}' (got undefined; expected a non-negative integer, bigint or string)`);
  const state = toRngState(options.seed, FN);
  // Scores of [A, b] (d + 1 columns).
  const aug = new Float64Array(n * (d + 1));
  aug.set(a);
  aug.set(bv, n * d);
  const Ab = fromColMajor(n, d + 1, aug);
  const epsInner = eps / (2 + eps);
  let scores: Float64Array;
  let m: number;
  if (method === 'lewis-sampling') {
    // Approximate Lewis weights suffice for sampling (Cohen & Peng 2015): for p < 4 the fixed-point
    // map contracts by |p/2 − 1|, so a residual ≤ LEWIS_TOL puts every weight within a factor
    // F = exp(LEWIS_TOL/(1 − |p/2 − 1|)) of the exact one; the sample size is inflated by F² to
    // keep every inclusion probability at least the exact scheme's.
    const lt = p < 4 ? LEWIS_TOL : 1e-6;
    const lw = lewisWeights(Ab, p, { tol: lt });
    scores = lw.weights;
    const F = p < 4 ? expDet(lt / (1 - Math.abs(p / 2 - 1))) : 1;
    m = options.sampleSize ?? Math.ceil(F * F * suggestSampleSize(Ab, p, epsInner, { scheme: 'lewis', delta }).m);
  } else {
    const sens = lpSensitivities(Ab, p, { method: sensMethod, ...(sensMethod === 'approx' ? { seed: substream(state, 1) } : {}) });
    scores = sens.sensitivities;
    m = options.sampleSize ?? suggestSampleSize(Ab, p, epsInner, { scheme: 'sensitivity', delta, total: Math.max(sens.total, 1e-300) }).m;
  }
  let positive = 0;
  for (let i = 0; i < n; i++) if (scores[i] > 0) positive++;
  if (m >= n || positive === 0) {
    const sol = solveLp(n, d, a, bv, p, tol, maxIter);
    return { ...sol, method, sampleSize: n, targetSampleSize: m };
  }
  const sample = sampleByScores(scores, m, { seed: substream(state, 2), p, mode: 'bernoulli' });
  const k = sample.indices.length;
  const sa = new Float64Array(k * d);
  const sb = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    const i = sample.indices[t], w = sample.weights[t];
    for (let j = 0; j < d; j++) sa[j * k + t] = w * a[j * n + i];
    sb[t] = w * bv[i];
  }
  let sol: Omit<LpRegressionResult, 'method'>;
  if (k < d) {
    // Too few rows to determine x: fall back to the full problem.
    sol = solveLp(n, d, a, bv, p, tol, maxIter);
    return { ...sol, method, sampleSize: n, targetSampleSize: m };
  }
  sol = solveLp(k, d, sa, sb, p, tol, maxIter);
  const full = objectiveOf(n, d, a, bv, sol.x, p);
  return { ...sol, objective: full, residualNorm: powPositive(full, 1 / p), method, sampleSize: k, targetSampleSize: m };
}

function colMajorCopy(A: DenseMatrix): Float64Array {
  const { rows, cols, data, offset, rowStride, colStride } = A;
  const out = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    let s = offset + j * colStride;
    for (let i = 0; i < rows; i++, s += rowStride) out[j * rows + i] = data[s];
  }
  return out;
}

/** r = b − A·x. */
function residualInto(n: number, d: number, a: Float64Array, b: Float64Array, x: Float64Array, r: Float64Array): void {
  r.set(b);
  for (let j = 0; j < d; j++) {
    const xj = x[j];
    if (xj === 0) continue;
    const o = j * n;
    for (let i = 0; i < n; i++) r[i] -= xj * a[o + i];
  }
}

function objectiveOf(n: number, d: number, a: Float64Array, b: Float64Array, x: Float64Array, p: number): number {
  const r = new Float64Array(n);
  residualInto(n, d, a, b, x, r);
  let f = 0;
  for (let i = 0; i < n; i++) f += powPositive(Math.abs(r[i]), p);
  return f;
}

/** min ‖diag(√h)(A·Δ − t)‖₂ by pivoted QR (minimum norm if rank deficient). */
function weightedSolve(n: number, d: number, a: Float64Array, h: Float64Array, t: Float64Array): Float64Array {
  const wa = new Float64Array(n * d);
  const wt = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = Math.sqrt(h[i]);
    wt[i] = s * t[i];
  }
  for (let j = 0; j < d; j++) {
    const o = j * n;
    for (let i = 0; i < n; i++) wa[o + i] = Math.sqrt(h[i]) * a[o + i];
  }
  return lstsqDense(fromColMajor(n, d, wa), wt).x;
}

/** ‖Aᵀψ(r)‖₂, ‖ψ(r)‖₂ with ψ(r) = |r|^{p−1}sign r. */
function gradient(n: number, d: number, a: Float64Array, r: Float64Array, p: number): { g: number; psi: number } {
  const psi = new Float64Array(n);
  let ps = 0;
  for (let i = 0; i < n; i++) {
    const v = r[i] === 0 ? 0 : Math.sign(r[i]) * powPositive(Math.abs(r[i]), p - 1);
    psi[i] = v;
    ps += v * v;
  }
  let g2 = 0;
  for (let j = 0; j < d; j++) {
    const o = j * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += a[o + i] * psi[i];
    g2 += s * s;
  }
  return { g: Math.sqrt(g2), psi: Math.sqrt(ps) };
}

/** The ℓp solve on column-major data (scaled internally). */
function solveLp(n: number, d: number, a: Float64Array, b: Float64Array, p: number, tol: number, maxIter: number): Omit<LpRegressionResult, 'method'> {
  let bmax = 0;
  for (let i = 0; i < n; i++) bmax = Math.max(bmax, Math.abs(b[i]));
  if (bmax === 0) {
    return { x: new Float64Array(d), objective: 0, residualNorm: 0, iterations: 0, converged: true, gradientNorm: 0, dualMax: p === 1 ? 0 : NaN, history: new Float64Array(0) };
  }
  const bs = Float64Array.from(b, (v) => v / bmax);
  let afro = 0;
  for (let i = 0; i < a.length; i++) afro += a[i] * a[i];
  afro = Math.sqrt(afro);
  const ls = lstsqDense(fromColMajor(n, d, a), bs);
  let x = ls.x;
  let out: { x: Float64Array; iterations: number; converged: boolean; gradientNorm: number; dualMax: number; history: Float64Array };
  if (p === 2) {
    const r = new Float64Array(n);
    residualInto(n, d, a, bs, x, r);
    const gr = gradient(n, d, a, r, 2);
    out = { x, iterations: 1, converged: true, gradientNorm: gr.g, dualMax: NaN, history: new Float64Array(0) };
  } else if (p > 2) {
    out = newtonLarge(n, d, a, bs, x, p, tol, maxIter, afro);
  } else if (p > 1) {
    out = newtonSmall(n, d, a, bs, x, p, tol, maxIter, afro);
  } else {
    const irls = mmL1(n, d, a, bs, x, Math.min(maxIter, 10));
    x = irls.x;
    const lad = ladVertexWalk(n, d, a, bs, x, Math.max(100, 20 * n));
    out = {
      x: lad.x,
      iterations: irls.iterations + lad.pivots,
      converged: lad.optimal,
      gradientNorm: NaN,
      dualMax: lad.maxDual,
      history: irls.history,
    };
  }
  const xs = Float64Array.from(out.x, (v) => v * bmax);
  const f = objectiveOf(n, d, a, b, xs, p);
  const scaleP = powPositive(bmax, p);
  return {
    x: xs,
    objective: f,
    residualNorm: powPositive(f, 1 / p),
    iterations: out.iterations,
    converged: out.converged,
    gradientNorm: out.gradientNorm * powPositive(bmax, p - 1),
    dualMax: out.dualMax,
    history: Float64Array.from(out.history, (v) => v * scaleP),
  };
}

/** Damped Newton for p > 2 (θ = 1/(p−1) times the IRLS step, Armijo backtracking on f). */
function newtonLarge(n: number, d: number, a: Float64Array, b: Float64Array, x0: Float64Array, p: number, tol: number, maxIter: number, afro: number) {
  let x = x0.slice();
  const r = new Float64Array(n);
  const rt = new Float64Array(n);
  const h = new Float64Array(n);
  const t = new Float64Array(n);
  residualInto(n, d, a, b, x, r);
  let f = 0;
  for (let i = 0; i < n; i++) f += powPositive(Math.abs(r[i]), p);
  const hist: number[] = [];
  let it = 0;
  let converged = false;
  let gr = gradient(n, d, a, r, p);
  while (it < maxIter) {
    if (gr.g <= tol * afro * gr.psi) {
      converged = true;
      break;
    }
    let rmax = 0;
    for (let i = 0; i < n; i++) rmax = Math.max(rmax, Math.abs(r[i]));
    const floor = 1e-8 * rmax;
    // IRLS step: min Σ h_i (a_iᵀΔ − r_i)², h = max(|r|, floor)^{p−2}; Newton = IRLS/(p − 1).
    for (let i = 0; i < n; i++) {
      h[i] = powPositive(Math.max(Math.abs(r[i]), floor), p - 2);
      t[i] = r[i];
    }
    const step = weightedSolve(n, d, a, h, t);
    it++;
    // Directional derivative of f along step: −p·ψ(r)ᵀA·step.
    const Astep = columnCombination(n, d, a, step);
    let slope = 0;
    for (let i = 0; i < n; i++) slope -= p * Math.sign(r[i]) * powPositive(Math.abs(r[i]), p - 1) * Astep[i];
    // Newton decrement λ² = −∇fᵀΔ_N (Δ_N = step/(p − 1)); f − f* ≈ λ²/2 near the optimum.
    if (-slope / (p - 1) <= OBJ_TOL * f) {
      converged = true;
      break;
    }
    let theta = 1 / (p - 1);
    let accepted = false;
    for (let k = 0; k < 40; k++) {
      let fn = 0;
      for (let i = 0; i < n; i++) {
        rt[i] = r[i] - theta * Astep[i];
        fn += powPositive(Math.abs(rt[i]), p);
      }
      if (fn <= f + 1e-4 * theta * slope) {
        for (let j = 0; j < d; j++) x[j] += theta * step[j];
        residualInto(n, d, a, b, x, r);
        f = 0;
        for (let i = 0; i < n; i++) f += powPositive(Math.abs(r[i]), p);
        accepted = true;
        break;
      }
      theta /= 2;
    }
    hist.push(f);
    gr = gradient(n, d, a, r, p);
    if (!accepted) {
      converged = gr.g <= tol * afro * gr.psi;
      break;
    }
  }
  if (!converged && it >= maxIter) converged = gr.g <= tol * afro * gr.psi;
  x = x.slice();
  return { x, iterations: it, converged, gradientNorm: gr.g, dualMax: NaN, history: Float64Array.from(hist) };
}

/** ρ_η summed: the smoothed objective f_η. */
function smoothedObjective(r: Float64Array, p: number, eta: number): number {
  const c1 = (p / 2) * powPositive(eta, p - 2), c0 = (1 - p / 2) * powPositive(eta, p);
  let f = 0;
  for (let i = 0; i < r.length; i++) {
    const v = Math.abs(r[i]);
    f += v >= eta ? powPositive(v, p) : c1 * v * v + c0;
  }
  return f;
}

/** Newton with backtracking on f_η, 1 < p < 2, η shrinking tenfold per iteration. */
function newtonSmall(n: number, d: number, a: Float64Array, b: Float64Array, x0: Float64Array, p: number, tol: number, maxIter: number, afro: number) {
  const x = x0.slice();
  const r = new Float64Array(n);
  const rt = new Float64Array(n);
  const h = new Float64Array(n);
  const t = new Float64Array(n);
  residualInto(n, d, a, b, x, r);
  let rmax = 0;
  for (let i = 0; i < n; i++) rmax = Math.max(rmax, Math.abs(r[i]));
  const etaMin = 1e-13;
  let eta = Math.max(rmax, etaMin);
  const hist: number[] = [];
  let it = 0;
  let converged = false;
  let gr = gradient(n, d, a, r, p);
  let stalls = 0;
  while (it < maxIter) {
    let rmin = Infinity;
    for (let i = 0; i < n; i++) rmin = Math.min(rmin, Math.abs(r[i]));
    if (gr.g <= tol * afro * gr.psi && (eta <= etaMin || rmin > eta)) {
      converged = true;
      break;
    }
    // Newton system for f_η: Hessian weights (p−1)|r|^{p−2} outside the band, η^{p−2} inside;
    // gradient weights max(|r|, η)^{p−2}. Solve min Σ h_i(a_iᵀΔ − t_i)² with t = g_w·r/h.
    for (let i = 0; i < n; i++) {
      const v = Math.abs(r[i]);
      const gw = powPositive(Math.max(v, eta), p - 2);
      h[i] = v >= eta ? (p - 1) * gw : gw;
      t[i] = (gw * r[i]) / h[i];
    }
    const step = weightedSolve(n, d, a, h, t);
    it++;
    const Astep = columnCombination(n, d, a, step);
    const f = smoothedObjective(r, p, eta);
    let slope = 0;
    for (let i = 0; i < n; i++) slope -= p * powPositive(Math.max(Math.abs(r[i]), eta), p - 2) * r[i] * Astep[i];
    // Newton decrement of f_η; at the smallest η it certifies optimality to working precision.
    if (eta <= etaMin && -slope <= OBJ_TOL * f) {
      converged = true;
      break;
    }
    let theta = 1;
    let accepted = false;
    let fnew = f;
    for (let k = 0; k < 40; k++) {
      for (let i = 0; i < n; i++) rt[i] = r[i] - theta * Astep[i];
      fnew = smoothedObjective(rt, p, eta);
      if (fnew <= f + 1e-4 * theta * slope) {
        accepted = true;
        break;
      }
      theta /= 2;
    }
    if (!accepted) {
      // The IRLS (majorise–minimise) step, Δ_MM = (p − 1)·Δ_N for rows outside the band, always decreases f_η.
      for (let i = 0; i < n; i++) {
        const gw = powPositive(Math.max(Math.abs(r[i]), eta), p - 2);
        h[i] = gw;
        t[i] = r[i];
      }
      const mm = weightedSolve(n, d, a, h, t);
      for (let j = 0; j < d; j++) step[j] = mm[j];
      columnCombination(n, d, a, step, Astep);
      theta = 1;
      for (let i = 0; i < n; i++) rt[i] = r[i] - Astep[i];
      fnew = smoothedObjective(rt, p, eta);
      accepted = fnew <= f;
    }
    if (accepted) {
      for (let j = 0; j < d; j++) x[j] += theta * step[j];
      residualInto(n, d, a, b, x, r);
      stalls = fnew >= f * (1 - 1e-15) ? stalls + 1 : 0;
    } else {
      stalls++;
    }
    const newEta = Math.max(eta / 10, etaMin);
    hist.push(smoothedObjective(r, p, newEta));
    gr = gradient(n, d, a, r, p);
    if (eta === etaMin && stalls >= 3) break;
    eta = newEta;
  }
  if (!converged) {
    let rmin = Infinity;
    for (let i = 0; i < n; i++) rmin = Math.min(rmin, Math.abs(r[i]));
    converged = gr.g <= tol * afro * gr.psi && (eta <= etaMin || rmin > eta);
  }
  return { x, iterations: it, converged, gradientNorm: gr.g, dualMax: NaN, history: Float64Array.from(hist) };
}

/** Majorise–minimise IRLS for p = 1 (weights 1/max(|r|, η), η shrinking tenfold per iteration to 1e-12). */
function mmL1(n: number, d: number, a: Float64Array, b: Float64Array, x0: Float64Array, maxIter: number) {
  let x: Float64Array = x0.slice();
  const r = new Float64Array(n);
  const h = new Float64Array(n);
  residualInto(n, d, a, b, x, r);
  let rmax = 0;
  for (let i = 0; i < n; i++) rmax = Math.max(rmax, Math.abs(r[i]));
  let eta = Math.max(rmax, 1e-12);
  const hist: number[] = [];
  let it = 0;
  let prev = Infinity;
  while (it < maxIter) {
    for (let i = 0; i < n; i++) h[i] = 1 / Math.max(Math.abs(r[i]), eta);
    x = weightedSolve(n, d, a, h, b);
    it++;
    residualInto(n, d, a, b, x, r);
    const newEta = Math.max(eta / 10, 1e-12);
    const fs = smoothedObjective(r, 1, newEta);
    hist.push(fs);
    if (eta === 1e-12 && prev - fs <= 1e-12 * fs) break;
    prev = fs;
    eta = newEta;
  }
  return { x, iterations: it, history: Float64Array.from(hist) };
}
