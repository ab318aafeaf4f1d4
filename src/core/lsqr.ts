/**
 * LSQR (Paige & Saunders 1982) for least squares min ‖A·x − b‖₂, optionally damped
 * (min ‖A·x − b‖² + damp²·‖x‖²) and right-preconditioned.
 *
 * Reference: C. C. Paige and M. A. Saunders, "LSQR: An algorithm for sparse linear equations
 * and sparse least squares", ACM Trans. Math. Softw. 8(1):43–71, 1982 (Algorithm LSQR, §4;
 * the estimates of ‖r‖, ‖Aᵀr‖, ‖A‖ and cond(A), §5; the stopping rules S1–S3, §6).
 *
 * @module
 */
import { DimensionError, InvalidArgumentError } from './errors.js';
import type { CsrMatrix } from './csr.js';
import type { DenseMatrix } from './matrix.js';
import { type MatrixLike, type VectorLike, asMatrix, asVector } from './interop.js';
import { type LinearOperator, asOperator } from './operator.js';
import { hypot, nrm2 } from './kernels/blas1.js';
import { assertInt, assertReal, fmt } from './validate.js';

const EPS = 2 ** -52;

/** Why LSQR stopped. */
export type LsqrStopReason =
  /** S2: ‖Āᵀr̄‖ ≤ atol·‖Ā‖·‖r̄‖, a least-squares solution to within atol (Ā: the iterated operator). */
  | 'normal-residual'
  /** S1: ‖r̄‖ ≤ btol·‖b‖ + atol·‖Ā‖·‖y‖, a solution of the (nearly) compatible system. */
  | 'residual'
  /** S3: the estimate of cond(Ā) reached conlim. */
  | 'condition'
  /** maxIter iterations without meeting S1–S3. */
  | 'max-iterations';

/** What `onIteration` receives after each iteration (estimates on the iterated operator). */
export interface LsqrIterationInfo {
  /** Iteration number, from 1. */
  iteration: number;
  /** Estimate of ‖r̄_k‖ (the damped residual ‖[b − A·x; −damp·x]‖ when damp > 0). */
  residualNorm: number;
  /** Estimate of ‖Āᵀr̄_k‖ (the normal-equation residual). */
  normalResidualNorm: number;
  /**
   * Estimate of ‖Ā‖_F: ‖B_k‖_F of the bidiagonal matrix, non-decreasing, at most ‖Ā‖_F in exact
   * arithmetic (it can exceed it once the Lanczos vectors lose orthogonality).
   */
  anorm: number;
  /** Estimate of cond(Ā) (monotonically increasing). */
  acond: number;
}

/** Options of {@link lsqr}. */
export interface LsqrOptions {
  /**
   * Right preconditioner N (n×p): LSQR solves min ‖A·N·y − b‖ and returns x = N·y. With a
   * good N (e.g. R⁻¹ from a QR of a sketch of A) A·N is well conditioned and LSQR converges in
   * a few iterations. With damp > 0, N should precondition [A; damp·I].
   */
  precond?: DenseMatrix | CsrMatrix | LinearOperator;
  /** Starting point (length n). LSQR solves for the correction on r₀ = b − A·x0. */
  x0?: VectorLike;
  /** Relative accuracy of A (stopping rules S1, S2). Default 1e-12; values below ε act as ε. */
  atol?: number;
  /** Relative accuracy of b (stopping rule S1). Default 1e-12; values below ε act as ε. */
  btol?: number;
  /** Stop when the estimate of cond(Ā) reaches conlim (rule S3). Default 1e12; > 1, may be Infinity. */
  conlim?: number;
  /** Iteration limit. Default max(2·p, 10), p the number of columns of A·N. */
  maxIter?: number;
  /** Ridge parameter: solve min ‖A·x − b‖² + damp²·‖x‖². Default 0. */
  damp?: number;
  /** Called after every iteration with the current estimates. */
  onIteration?: (info: LsqrIterationInfo) => void;
}

/** Result of {@link lsqr}. */
export interface LsqrResult {
  /** The computed solution, length n. */
  x: Float64Array;
  /** Number of LSQR iterations (one application of Ā and one of Āᵀ each). */
  iterations: number;
  /** True when S1 or S2 was met (`stopReason` is `'residual'` or `'normal-residual'`). */
  converged: boolean;
  /** Which rule stopped the iteration. */
  stopReason: LsqrStopReason;
  /** ‖b − A·x‖, computed for the returned x with the original A (not an estimate). */
  residualNorm: number;
  /**
   * ‖Aᵀ(b − A·x) − damp²·x‖ (= ‖Aᵀr‖ when damp = 0), computed for the returned x with the
   * original A: the gradient of the objective, zero at the exact solution.
   */
  normalResidualNorm: number;
  /** LSQR's estimate of ‖Ā‖_F for the iterated operator Ā = A·N (or [A; damp·I]·N). */
  anorm: number;
  /** LSQR's estimate of cond(Ā) (= ‖Ā‖_F·‖Ā⁺‖_F restricted to the Krylov space). */
  acond: number;
  /** The estimate of ‖Āᵀr̄_k‖ after each iteration k = 1, …, iterations. */
  history: Float64Array;
}

interface CoreResult {
  y: Float64Array;
  iterations: number;
  stopReason: LsqrStopReason;
  anorm: number;
  acond: number;
  history: Float64Array;
}

/**
 * The LSQR iteration on operator M (m×n) and right-hand side u (owned, overwritten).
 * Returns y ≈ argmin ‖M·y − u‖² + damp²‖y‖².
 */
function lsqrCore(
  M: LinearOperator,
  u: Float64Array,
  damp: number,
  atol: number,
  btol: number,
  ctol: number,
  maxIter: number,
  bnorm: number,
  onIteration: ((info: LsqrIterationInfo) => void) | undefined,
): CoreResult {
  const m = M.rows, n = M.cols;
  const y = new Float64Array(n);
  const empty = new Float64Array(0);
  // β₁u₁ = b, α₁v₁ = Mᵀu₁.
  let beta = nrm2(m, u, 0, 1);
  if (beta === 0) return { y, iterations: 0, stopReason: 'residual', anorm: 0, acond: 0, history: empty };
  for (let i = 0; i < m; i++) u[i] /= beta;
  const v = M.applyT(u).slice();
  let alpha = nrm2(n, v, 0, 1);
  if (alpha === 0) return { y, iterations: 0, stopReason: 'normal-residual', anorm: 0, acond: 0, history: empty };
  for (let j = 0; j < n; j++) v[j] /= alpha;
  const w = v.slice();

  let phibar = beta, rhobar = alpha;
  let anorm = 0, dnorm = 0, resDamp = 0;
  let history = new Float64Array(Math.min(Math.max(maxIter, 1), 64));
  let stopReason: LsqrStopReason = 'max-iterations';
  let it = 0;
  while (it < maxIter) {
    it++;
    // Bidiagonalization: β u ← M v − α u, α v ← Mᵀu − β v.
    const Mv = M.apply(v);
    for (let i = 0; i < m; i++) u[i] = Mv[i] - alpha * u[i];
    beta = nrm2(m, u, 0, 1);
    if (beta > 0) for (let i = 0; i < m; i++) u[i] /= beta;
    anorm = hypot(anorm, alpha, beta, damp);
    const Mtu = M.applyT(u);
    for (let j = 0; j < n; j++) v[j] = Mtu[j] - beta * v[j];
    alpha = nrm2(n, v, 0, 1);
    if (alpha > 0) for (let j = 0; j < n; j++) v[j] /= alpha;

    // Eliminate the damping row, then the subdiagonal β (plane rotations).
    let rhobar1 = rhobar;
    if (damp > 0) {
      rhobar1 = hypot(rhobar, damp);
      const cs1 = rhobar / rhobar1, sn1 = damp / rhobar1;
      resDamp = hypot(resDamp, sn1 * phibar);
      phibar = cs1 * phibar;
    }
    const rho = hypot(rhobar1, beta);
    if (rho === 0) {
      // Exact breakdown: the Krylov space is exhausted and y solves the projected problem.
      it--;
      stopReason = 'normal-residual';
      break;
    }
    const cs = rhobar1 / rho, sn = beta / rho;
    const theta = sn * alpha;
    rhobar = -cs * alpha;
    const phi = cs * phibar;
    phibar = sn * phibar;

    // Update y and w; accumulate ‖D_k‖_F for the condition estimate.
    dnorm = hypot(dnorm, nrm2(n, w, 0, 1) / rho);
    const t1 = phi / rho, t2 = -theta / rho;
    for (let j = 0; j < n; j++) {
      const wj = w[j];
      y[j] += t1 * wj;
      w[j] = v[j] + t2 * wj;
    }

    // Estimates and stopping rules.
    const acond = anorm * dnorm;
    const rnorm = hypot(phibar, resDamp);
    const arnorm = alpha * Math.abs(sn * phi);
    const xnorm = nrm2(n, y, 0, 1);
    if (it > history.length) {
      const h = new Float64Array(Math.min(2 * history.length, maxIter));
      h.set(history);
      history = h;
    }
    history[it - 1] = arnorm;
    if (onIteration !== undefined) onIteration({ iteration: it, residualNorm: rnorm, normalResidualNorm: arnorm, anorm, acond });
    if (rnorm <= btol * bnorm + atol * anorm * xnorm) {
      stopReason = 'residual';
      break;
    }
    if (arnorm <= atol * anorm * rnorm) {
      stopReason = 'normal-residual';
      break;
    }
    if (acond * ctol >= 1) {
      stopReason = 'condition';
      break;
    }
  }
  return { y, iterations: it, stopReason, anorm, acond: anorm * dnorm, history: history.slice(0, it) };
}

/**
 * Solves min ‖A·x − b‖₂ (or, with `damp`, min ‖A·x − b‖² + damp²‖x‖²) by LSQR: Golub–Kahan
 * bidiagonalization of A started from b, with the bidiagonal least-squares problem solved by
 * plane rotations (Paige & Saunders 1982). Mathematically equivalent to conjugate gradients on
 * the normal equations, but numerically more reliable.
 *
 * - **Preconditioning**: with `precond = N`, LSQR runs on Ā = A·N and returns x = N·y. The
 *   number of iterations depends on cond(A·N) only: to reduce the error in the energy norm by a
 *   factor tol takes at most ⌈ln(2/tol)·κ/2⌉ iterations (Chebyshev bound for CG on AᵀA).
 * - **Damping**: without `precond` and `x0`, the damping is done inside the bidiagonal
 *   problem as in the paper; with either, LSQR runs on the stacked operator [A; damp·I]·N with
 *   right-hand side [b − A·x0; −damp·x0], which solves the same ridge problem in x.
 * - **Warm start**: `x0` is handled by solving for the correction with r₀ = b − A·x0.
 * - **Stopping** (on Ā, the operator iterated on; r̄ its residual, y its iterate):
 *   S1 ‖r̄‖ ≤ btol·‖b‖ + atol·‖Ā‖·‖y‖ → `'residual'`; S2 ‖Āᵀr̄‖ ≤ atol·‖Ā‖·‖r̄‖ →
 *   `'normal-residual'`; S3 cond(Ā) ≥ conlim → `'condition'`; with ‖Ā‖, cond(Ā), ‖r̄‖ and
 *   ‖Āᵀr̄‖ the estimates LSQR maintains. ‖b‖ is the norm of the original b (also with x0).
 *   Zero b (and no x0) gives x = 0 with `'residual'` after 0 iterations.
 *
 * Cost per iteration: one Ā·v, one Āᵀ·u and about 5m + 9n flops; memory 3n + m besides what
 * apply/applyT return. Two more applications of A at the end compute the reported residuals.
 *
 * @param A - m×n: a DenseMatrix, CsrMatrix, LinearOperator or any {@link MatrixLike}.
 * @param b - right-hand side, length m.
 * @throws DimensionError when b, x0 or precond do not fit A; InvalidArgumentError for bad
 *   options; NonFiniteError for non-finite b or x0 (or A, when it is a matrix).
 */
export function lsqr(A: DenseMatrix | CsrMatrix | LinearOperator | MatrixLike, b: VectorLike, options: LsqrOptions = {}): LsqrResult {
  const fn = 'lsqr';
  const Aop = toOperator(A, fn);
  const m = Aop.rows, n = Aop.cols;
  const bv = asVector(b, fn, 'b');
  if (bv.length !== m) throw new DimensionError(fn, `b has length ${bv.length} but A has ${m} rows`);
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(options)})`);
  const atol = Math.max(assertReal(fn, 'atol', options.atol ?? 1e-12, 0, 1, 'hi'), EPS);
  const btol = Math.max(assertReal(fn, 'btol', options.btol ?? 1e-12, 0, 1, 'hi'), EPS);
  const conlim = options.conlim ?? 1e12;
  if (typeof conlim !== 'number' || !(conlim > 1)) {
    throw new InvalidArgumentError(fn, `conlim must be a number > 1 or Infinity (got ${fmt(conlim)})`);
  }
  const ctol = Math.max(1 / conlim, EPS);
  const damp = assertReal(fn, 'damp', options.damp ?? 0, 0);
  const onIteration = options.onIteration;
  if (onIteration !== undefined && typeof onIteration !== 'function') {
    throw new InvalidArgumentError(fn, `onIteration must be a function (got ${fmt(onIteration)})`);
  }
  let N: LinearOperator | undefined;
  if (options.precond !== undefined) {
    N = asOperator(options.precond, fn, 'precond');
    if (N.rows !== n) throw new DimensionError(fn, `precond has ${N.rows} rows but A has ${n} columns`);
  }
  const p = N === undefined ? n : N.cols;
  const maxIter = options.maxIter === undefined ? Math.max(2 * p, 10) : assertInt(fn, 'maxIter', options.maxIter, 0);
  let x0: Float64Array | undefined;
  if (options.x0 !== undefined) {
    x0 = asVector(options.x0, fn, 'x0');
    if (x0.length !== n) throw new DimensionError(fn, `x0 has length ${x0.length} but A has ${n} columns`);
  }

  const bnorm = nrm2(m, bv, 0, 1);
  // r₀ = b − A·x0 (a fresh copy either way: the core overwrites it).
  const r0 = new Float64Array(m);
  if (x0 !== undefined) {
    const Ax0 = Aop.apply(x0);
    for (let i = 0; i < m; i++) r0[i] = bv[i] - Ax0[i];
  } else {
    r0.set(bv);
  }

  let core: CoreResult;
  if (damp === 0 || (N === undefined && x0 === undefined)) {
    const M = N === undefined ? Aop : chain(Aop, N);
    core = lsqrCore(M, r0, damp, atol, btol, ctol, maxIter, bnorm, onIteration);
  } else {
    // Stacked ridge system [A; damp·I]·N·y ≈ [r₀; −damp·x0].
    const M = stacked(Aop, N, damp);
    const rhs = new Float64Array(m + n);
    rhs.set(r0);
    if (x0 !== undefined) for (let j = 0; j < n; j++) rhs[m + j] = -damp * x0[j];
    core = lsqrCore(M, rhs, 0, atol, btol, ctol, maxIter, bnorm, onIteration);
  }

  // x = x0 + N·y.
  const x = N === undefined ? core.y : N.apply(core.y).slice();
  if (x0 !== undefined) for (let j = 0; j < n; j++) x[j] += x0[j];

  // Final residuals for the original A.
  const Ax = Aop.apply(x);
  const r = new Float64Array(m);
  for (let i = 0; i < m; i++) r[i] = bv[i] - Ax[i];
  const g = Aop.applyT(r).slice();
  if (damp > 0) for (let j = 0; j < n; j++) g[j] -= damp * damp * x[j];

  return {
    x,
    iterations: core.iterations,
    converged: core.stopReason === 'residual' || core.stopReason === 'normal-residual',
    stopReason: core.stopReason,
    residualNorm: nrm2(m, r, 0, 1),
    normalResidualNorm: nrm2(n, g, 0, 1),
    anorm: core.anorm,
    acond: core.acond,
    history: core.history,
  };
}

function toOperator(A: DenseMatrix | CsrMatrix | LinearOperator | MatrixLike, fn: string): LinearOperator {
  const k = typeof A === 'object' && A !== null ? (A as { kind?: unknown }).kind : undefined;
  if (k === 'dense' || k === 'csr' || k === 'operator') return asOperator(A as DenseMatrix | CsrMatrix | LinearOperator, fn, 'A');
  return asOperator(asMatrix(A as MatrixLike, fn), fn, 'A');
}

/** A·N without re-validation. */
function chain(A: LinearOperator, N: LinearOperator): LinearOperator {
  return {
    kind: 'operator',
    rows: A.rows,
    cols: N.cols,
    apply: (y: Float64Array) => A.apply(N.apply(y)),
    applyT: (u: Float64Array) => N.applyT(A.applyT(u)),
  };
}

/** [A; δ·I]·N (N = I when undefined), an (m + n)×p operator. */
function stacked(A: LinearOperator, N: LinearOperator | undefined, delta: number): LinearOperator {
  const m = A.rows, n = A.cols;
  return {
    kind: 'operator',
    rows: m + n,
    cols: N === undefined ? n : N.cols,
    apply(y: Float64Array): Float64Array {
      const z = N === undefined ? y : N.apply(y);
      const out = new Float64Array(m + n);
      out.set(A.apply(z));
      for (let j = 0; j < n; j++) out[m + j] = delta * z[j];
      return out;
    },
    applyT(u: Float64Array): Float64Array {
      const t = A.applyT(u.subarray(0, m)).slice();
      for (let j = 0; j < n; j++) t[j] += delta * u[m + j];
      return N === undefined ? t : N.applyT(t);
    },
  };
}
