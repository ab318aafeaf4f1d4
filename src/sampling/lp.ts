/**
 * A small dense linear-programming solver: the bounded-variable revised simplex method, with a
 * checked certificate of optimality, infeasibility or unboundedness.
 *
 * It backs the exact ℓ1 sensitivities (sensitivities.ts: the fallback of the per-row vertex
 * descent, and an independent check of it in the tests); it is a general solver for small
 * problems, not a replacement for HiGHS or GLPK: dense storage, an explicit basis inverse, no
 * presolve, no scaling.
 *
 * @module
 */
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../core/errors.js';
import { asMatrix, asVector, type MatrixLike, type VectorLike } from '../core/interop.js';
import type { DenseMatrix } from '../core/matrix.js';
import { assertInt, assertOneOf, assertReal, fmt } from '../core/validate.js';

/**
 * A linear program in the form of scipy's `linprog`:
 *
 *     minimise cᵀx  subject to  Aub·x ≤ bub,  Aeq·x = beq,  lower ≤ x ≤ upper.
 *
 * Bounds may be infinite (`-Infinity` / `Infinity`); a scalar bound applies to every variable.
 */
export interface LinearProgram {
  /** Cost vector, length N (the number of variables). */
  readonly c: VectorLike;
  /** Inequality matrix, Mub×N (omit when there are no inequalities). */
  readonly Aub?: MatrixLike;
  /** Inequality right-hand side, length Mub. */
  readonly bub?: VectorLike;
  /** Equality matrix, Meq×N (omit when there are no equalities). */
  readonly Aeq?: MatrixLike;
  /** Equality right-hand side, length Meq. */
  readonly beq?: VectorLike;
  /**
   * Lower bounds: a number for all variables or one per variable; `-Infinity` allowed.
   * @defaultValue 0
   */
  readonly lower?: number | VectorLike;
  /**
   * Upper bounds: a number for all variables or one per variable; `Infinity` allowed.
   * @defaultValue Infinity
   */
  readonly upper?: number | VectorLike;
}

/** Options of {@link solveLP}. */
export interface LPOptions {
  /**
   * Base tolerance: reduced costs within `tol·max(1, ‖c‖∞)` of zero count as zero, bound
   * violations within `tol·(1 + |bound|)` are accepted by the (Harris) ratio test, and the
   * certificate is checked at `tol` relative to the problem's scale (see {@link LPCertificate}).
   * @defaultValue 1e-9
   */
  readonly tol?: number;
  /**
   * Iteration cap (pivots plus bound flips, both phases).
   * @defaultValue 50·(M + N) + 1000
   */
  readonly maxIterations?: number;
  /**
   * `'dantzig'`: enter the variable of largest |reduced cost|/‖column‖ (normalised Dantzig),
   * with Harris's two-pass ratio test; after 30 consecutive degenerate pivots switch to Bland's
   * rule until a pivot makes progress (this cannot cycle: Bland 1977). `'bland'`: Bland's rule
   * throughout (smallest eligible index enters, smallest index leaves among ties) — provably
   * finite, usually slower.
   * @defaultValue 'dantzig'
   */
  readonly pivotRule?: 'dantzig' | 'bland';
}

/** Outcome of {@link solveLP}. */
export type LPStatus = 'optimal' | 'infeasible' | 'unbounded' | 'iterationLimit' | 'numericalFailure';

/**
 * The certificate behind an {@link LPResult}, recomputed from the returned vectors and the
 * *original* data (not the solver's internal state), so it can be trusted as far as it is
 * `verified`. All residuals are absolute; `verified` compares them with `tol` times the scale
 * `s = 1 + max(‖b‖∞, ‖A‖max·‖x‖∞)` (primal) or `1 + ‖c‖∞ + ‖A‖max·‖y‖∞` (dual).
 */
export interface LPCertificate {
  /** What is certified; `'none'` for an iteration limit or a numerical failure. */
  readonly kind: 'optimality' | 'infeasibility' | 'unboundedness' | 'none';
  /** True when every check of this kind passes at the tolerance. */
  readonly verified: boolean;
  /**
   * Optimality and unboundedness: the largest violation by `x` of Aeq·x = beq, Aub·x ≤ bub and
   * the bounds. Infeasibility: 0.
   */
  readonly primalResidual: number;
  /**
   * Optimality: the largest violation of dual feasibility (`duals.ub ≤ 0`; a reduced cost of the
   * wrong sign at an infinite bound). Infeasibility: the largest violation of the sign
   * conditions of the Farkas vector. Unboundedness: the largest violation by the ray of
   * Aeq·r = 0, Aub·r ≤ 0 and the bound directions.
   */
  readonly dualResidual: number;
  /**
   * Optimality: the duality gap cᵀx − (dual objective) (0 at an optimum; weak duality makes it
   * ≥ 0 for exactly feasible pairs). Infeasibility: the Farkas margin
   * min over the bound box of yᵀ(b − A·x), positive when the certificate holds.
   * Unboundedness: cᵀr < 0 for the ray r (normalised to ‖r‖∞ = 1).
   */
  readonly gap: number;
  /** The tolerance the checks used. */
  readonly tol: number;
}

/** Result of {@link solveLP}. Plain data. */
export interface LPResult {
  readonly status: LPStatus;
  /** The last primal point (optimal when `status === 'optimal'`; feasible when `'unbounded'`). */
  readonly x: Float64Array;
  /** cᵀx. */
  readonly objective: number;
  /**
   * Dual values (Lagrange multipliers, the sensitivity of the optimal value to the right-hand
   * side, as scipy's `marginals`): `ub ≤ 0` for the inequalities, `eq` for the equalities, and
   * the reduced costs `c − Aubᵀ·ub − Aeqᵀ·eq`.
   */
  readonly duals: { readonly ub: Float64Array; readonly eq: Float64Array; readonly reducedCosts: Float64Array };
  /** When unbounded: a direction r with cᵀr < 0 along which x + t·r stays feasible for all t ≥ 0. */
  readonly ray: Float64Array | null;
  /**
   * When infeasible: a Farkas vector (y_ub ≤ 0, y_eq) with yᵀ(b − A·x) > 0 for every x in the
   * bound box, so that no x satisfies the constraints.
   */
  readonly farkas: { readonly ub: Float64Array; readonly eq: Float64Array } | null;
  readonly certificate: LPCertificate;
  /** Simplex iterations, both phases (pivots plus bound flips). */
  readonly iterations: number;
}

// ---------------------------------------------------------------------------------------------
// Kernel: bounded-variable revised simplex on  min cᵀx  s.t.  A·x = b,  lo ≤ x ≤ up.

/** A standard-form problem for {@link simplexKernel}. @internal */
export interface StandardLP {
  /** Rows. */
  readonly m: number;
  /** Columns. */
  readonly n: number;
  /** Column-major m×n constraint matrix. */
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly lo: Float64Array;
  readonly up: Float64Array;
}

/** Options of {@link simplexKernel}. @internal */
export interface KernelOptions {
  readonly tol: number;
  readonly maxIterations: number;
  readonly bland: boolean;
  /**
   * Preferred starting values: a variable with two finite bounds starts at the bound nearer its
   * hint (a warm start for the nonbasic positions; the basis always starts from artificials).
   */
  readonly hint?: Float64Array;
}

/** Result of {@link simplexKernel}. @internal */
export interface KernelResult {
  readonly status: LPStatus;
  /** Final point (length n). */
  readonly x: Float64Array;
  /** Simplex multipliers y = B⁻ᵀc_B (length m): phase-2 duals, or the phase-1 Farkas vector when infeasible. */
  readonly y: Float64Array;
  /** Ray (length n) when unbounded. */
  readonly ray: Float64Array | null;
  readonly iterations: number;
}

const BASIC = 0;
const AT_LOWER = 1;
const AT_UPPER = 2;
const FREE_ZERO = 3;
const REINVERT_EVERY = 64;
const BLAND_AFTER = 30;

/**
 * Gauss–Jordan inversion with partial pivoting of the row-major m×m matrix B (destroyed);
 * writes the inverse row-major into `inv`. Returns false if a pivot is below `1e-13·max|entry|`
 * (numerically singular). O(m³).
 */
function invertInto(m: number, B: Float64Array, inv: Float64Array): boolean {
  inv.fill(0);
  for (let i = 0; i < m; i++) inv[i * m + i] = 1;
  let scale = 0;
  for (let i = 0; i < m * m; i++) scale = Math.max(scale, Math.abs(B[i]));
  if (scale === 0) return m === 0;
  for (let col = 0; col < m; col++) {
    let p = col, best = Math.abs(B[col * m + col]);
    for (let r = col + 1; r < m; r++) {
      const v = Math.abs(B[r * m + col]);
      if (v > best) { best = v; p = r; }
    }
    if (best <= 1e-13 * scale) return false;
    if (p !== col) {
      for (let j = 0; j < m; j++) {
        let t = B[p * m + j]; B[p * m + j] = B[col * m + j]; B[col * m + j] = t;
        t = inv[p * m + j]; inv[p * m + j] = inv[col * m + j]; inv[col * m + j] = t;
      }
    }
    const piv = 1 / B[col * m + col];
    for (let j = 0; j < m; j++) { B[col * m + j] *= piv; inv[col * m + j] *= piv; }
    for (let r = 0; r < m; r++) {
      if (r === col) continue;
      const f = B[r * m + col];
      if (f === 0) continue;
      for (let j = 0; j < m; j++) { B[r * m + j] -= f * B[col * m + j]; inv[r * m + j] -= f * inv[col * m + j]; }
    }
  }
  return true;
}

/**
 * Bounded-variable revised simplex (Dantzig 1955 for bounds; Bland 1977 for the anti-cycling
 * rule; Harris 1973 for the two-pass ratio test), two phases with one artificial per row.
 * Nonbasic variables sit at a finite bound (free ones at 0). Bound flips of the entering
 * variable do not change the basis, so they reuse the reduced costs: one pricing pass
 * (O(m·n)) per basis change, O(m) per flip. The basis inverse is explicit (row-major m×m),
 * updated by one elimination per pivot (O(m²)) and recomputed every 64 pivots (O(m³)).
 *
 * No validation. @internal
 */
export function simplexKernel(P: StandardLP, o: KernelOptions): KernelResult {
  const { m, n, a, b } = P;
  const nv = n + m;
  const lo = new Float64Array(nv), up = new Float64Array(nv), cost = new Float64Array(nv);
  lo.set(P.lo); up.set(P.up);
  for (let k = 0; k < m; k++) { lo[n + k] = 0; up[n + k] = Infinity; }
  const x = new Float64Array(nv);
  const state = new Int8Array(nv);
  const head = new Int32Array(m);
  const sgn = new Float64Array(m);
  const Binv = new Float64Array(m * m);
  const work = new Float64Array(m * m);
  const y = new Float64Array(m);
  const d = new Float64Array(nv);
  const alpha = new Float64Array(m);
  const cnorm = new Float64Array(nv);
  const tol = o.tol;

  let bnorm = 0;
  for (let i = 0; i < m; i++) bnorm = Math.max(bnorm, Math.abs(b[i]));
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += a[j * m + i] * a[j * m + i];
    cnorm[j] = Math.sqrt(s) || 1;
  }
  for (let k = 0; k < m; k++) cnorm[n + k] = 1;

  // Nonbasic starting positions.
  for (let j = 0; j < n; j++) {
    const l = lo[j], u = up[j];
    if (l > -Infinity && u < Infinity) {
      const h = o.hint ? o.hint[j] : l;
      if (l !== u && Math.abs(h - u) < Math.abs(h - l)) { state[j] = AT_UPPER; x[j] = u; } else { state[j] = AT_LOWER; x[j] = l; }
    } else if (l > -Infinity) { state[j] = AT_LOWER; x[j] = l; }
    else if (u < Infinity) { state[j] = AT_UPPER; x[j] = u; }
    else { state[j] = FREE_ZERO; x[j] = 0; }
  }
  const r0 = new Float64Array(m);
  for (let i = 0; i < m; i++) r0[i] = b[i];
  for (let j = 0; j < n; j++) {
    const xj = x[j];
    if (xj !== 0) for (let i = 0; i < m; i++) r0[i] -= a[j * m + i] * xj;
  }
  for (let k = 0; k < m; k++) {
    sgn[k] = r0[k] >= 0 ? 1 : -1;
    head[k] = n + k;
    state[n + k] = BASIC;
    x[n + k] = Math.abs(r0[k]);
    Binv[k * m + k] = sgn[k];
  }

  const colDot = (j: number, v: Float64Array): number => {
    if (j >= n) return sgn[j - n] * v[j - n];
    let s = 0;
    const off = j * m;
    for (let i = 0; i < m; i++) s += a[off + i] * v[i];
    return s;
  };
  const ftran = (j: number): void => {
    if (j >= n) {
      const k = j - n, s = sgn[k];
      for (let r = 0; r < m; r++) alpha[r] = Binv[r * m + k] * s;
      return;
    }
    const off = j * m;
    for (let r = 0; r < m; r++) {
      let s = 0;
      const ro = r * m;
      for (let c = 0; c < m; c++) s += Binv[ro + c] * a[off + c];
      alpha[r] = s;
    }
  };
  const computeY = (): void => {
    y.fill(0);
    for (let r = 0; r < m; r++) {
      const cb = cost[head[r]];
      if (cb === 0) continue;
      const ro = r * m;
      for (let c = 0; c < m; c++) y[c] += cb * Binv[ro + c];
    }
  };
  const computeD = (): void => {
    for (let j = 0; j < nv; j++) d[j] = state[j] === BASIC ? 0 : cost[j] - colDot(j, y);
  };
  /** Recomputes B⁻¹ from the basis columns and x_B = B⁻¹(b − N·x_N). */
  const reinvert = (): boolean => {
    for (let k = 0; k < m; k++) {
      const j = head[k];
      // column k of B, stored row-major: work[i*m + k]
      if (j >= n) {
        for (let i = 0; i < m; i++) work[i * m + k] = 0;
        work[(j - n) * m + k] = sgn[j - n];
      } else {
        for (let i = 0; i < m; i++) work[i * m + k] = a[j * m + i];
      }
    }
    if (!invertInto(m, work, Binv)) return false;
    const rhs = r0;
    for (let i = 0; i < m; i++) rhs[i] = b[i];
    for (let j = 0; j < nv; j++) {
      if (state[j] === BASIC) continue;
      const xj = x[j];
      if (xj === 0) continue;
      if (j >= n) rhs[j - n] -= sgn[j - n] * xj;
      else for (let i = 0; i < m; i++) rhs[i] -= a[j * m + i] * xj;
    }
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let c = 0; c < m; c++) s += Binv[r * m + c] * rhs[c];
      x[head[r]] = s;
    }
    return true;
  };
  const pivot = (r: number): void => {
    const ar = alpha[r];
    const ro = r * m;
    for (let c = 0; c < m; c++) Binv[ro + c] /= ar;
    for (let i = 0; i < m; i++) {
      if (i === r) continue;
      const f = alpha[i];
      if (f === 0) continue;
      const io = i * m;
      for (let c = 0; c < m; c++) Binv[io + c] -= f * Binv[ro + c];
    }
  };

  let iterations = 0;
  let pivots = 0;
  let ray: Float64Array | null = null;

  /** Runs the simplex on the current cost; returns the phase outcome. */
  const run = (phase: 1 | 2): LPStatus => {
    let cmax = 0;
    for (let j = 0; j < nv; j++) cmax = Math.max(cmax, Math.abs(cost[j]));
    const optTol = tol * Math.max(1, cmax);
    let degenerate = 0;
    computeY();
    computeD();
    for (;;) {
      if (iterations >= o.maxIterations) return 'iterationLimit';
      const bland = o.bland || degenerate >= BLAND_AFTER;
      // Pricing.
      let q = -1, best = 0;
      for (let j = 0; j < nv; j++) {
        const s = state[j];
        if (s === BASIC || lo[j] === up[j]) continue;
        const dj = d[j];
        const ok = s === AT_LOWER ? dj < -optTol : s === AT_UPPER ? dj > optTol : Math.abs(dj) > optTol;
        if (!ok) continue;
        if (bland) { q = j; break; }
        const score = Math.abs(dj) / cnorm[j];
        if (score > best) { best = score; q = j; }
      }
      if (q < 0) return 'optimal';
      iterations++;
      const dir = d[q] < 0 ? 1 : -1;
      ftran(q);
      let amax = 0;
      for (let r = 0; r < m; r++) amax = Math.max(amax, Math.abs(alpha[r]));
      const pivTol = 1e-9 * Math.max(1, amax);
      // Ratio test over the basic variables.
      let leave = -1, tStep = Infinity;
      if (bland) {
        // Textbook ratio test; ties (to rounding) go to the smallest variable index (Bland).
        for (let r = 0; r < m; r++) {
          const g = dir * alpha[r];
          const v = head[r];
          let t: number;
          if (g > pivTol && lo[v] > -Infinity) t = (x[v] - lo[v]) / g;
          else if (g < -pivTol && up[v] < Infinity) t = (up[v] - x[v]) / -g;
          else continue;
          if (t < 0) t = 0;
          const eps = 1e-12 * Math.max(1, Math.abs(tStep));
          if (leave < 0 || t < tStep - eps) { tStep = t; leave = r; }
          else if (t <= tStep + eps && v < head[leave]) { tStep = Math.min(t, tStep); leave = r; }
        }
      } else {
        // Harris pass 1: the largest step allowed with bounds relaxed by their tolerance.
        let tH = Infinity;
        for (let r = 0; r < m; r++) {
          const g = dir * alpha[r];
          const v = head[r];
          if (g > pivTol && lo[v] > -Infinity) tH = Math.min(tH, (x[v] - lo[v] + tol * (1 + Math.abs(lo[v]))) / g);
          else if (g < -pivTol && up[v] < Infinity) tH = Math.min(tH, (up[v] - x[v] + tol * (1 + Math.abs(up[v]))) / -g);
        }
        // Pass 2: among the steps within tH, the largest pivot.
        let gBest = 0;
        if (tH < Infinity) {
          for (let r = 0; r < m; r++) {
            const g = dir * alpha[r];
            const v = head[r];
            let t: number;
            if (g > pivTol && lo[v] > -Infinity) t = (x[v] - lo[v]) / g;
            else if (g < -pivTol && up[v] < Infinity) t = (up[v] - x[v]) / -g;
            else continue;
            if (t <= tH && Math.abs(g) > gBest) { gBest = Math.abs(g); leave = r; tStep = Math.max(t, 0); }
          }
        }
      }
      const range = up[q] - lo[q];
      if (range < Infinity && range <= tStep) {
        // Bound flip: the basis (hence y and d) is unchanged.
        for (let r = 0; r < m; r++) x[head[r]] -= dir * range * alpha[r];
        if (state[q] === AT_LOWER) { state[q] = AT_UPPER; x[q] = up[q]; } else { state[q] = AT_LOWER; x[q] = lo[q]; }
        degenerate = 0;
        continue;
      }
      if (leave < 0) {
        if (phase === 1) return 'numericalFailure';
        ray = new Float64Array(nv);
        ray[q] = dir;
        for (let r = 0; r < m; r++) ray[head[r]] = -dir * alpha[r];
        return 'unbounded';
      }
      const t = tStep;
      x[q] += dir * t;
      for (let r = 0; r < m; r++) x[head[r]] -= dir * t * alpha[r];
      const v = head[leave];
      if (dir * alpha[leave] > 0) { state[v] = AT_LOWER; x[v] = lo[v]; } else { state[v] = AT_UPPER; x[v] = up[v]; }
      pivot(leave);
      head[leave] = q;
      state[q] = BASIC;
      pivots++;
      if (t <= tol) degenerate++; else degenerate = 0;
      if (pivots % REINVERT_EVERY === 0 && !reinvert()) return 'numericalFailure';
      computeY();
      computeD();
    }
  };

  const finish = (status: LPStatus): KernelResult => ({
    status,
    x: x.slice(0, n),
    y: y.slice(),
    ray: ray ? ray.slice(0, n) : null,
    iterations,
  });

  // Phase 1: minimise the sum of the artificials.
  for (let k = 0; k < m; k++) cost[n + k] = 1;
  let st = m > 0 ? run(1) : 'optimal';
  if (st !== 'optimal') return finish(st);
  if (!reinvert()) return finish('numericalFailure');
  let w = 0;
  for (let k = 0; k < m; k++) w += x[n + k];
  if (w > tol * (1 + bnorm) * Math.max(1, m)) {
    computeY();
    return finish('infeasible');
  }
  // Fix the artificials at 0; drive basic ones out where a structural column can replace them.
  for (let k = 0; k < m; k++) {
    up[n + k] = 0;
    if (state[n + k] !== BASIC) x[n + k] = 0;
  }
  for (let r = 0; r < m; r++) {
    if (head[r] < n) continue;
    let jBest = -1, vBest = 1e-9;
    for (let j = 0; j < n; j++) {
      if (state[j] === BASIC) continue;
      let s = 0;
      for (let c = 0; c < m; c++) s += Binv[r * m + c] * a[j * m + c];
      const v = Math.abs(s) / cnorm[j];
      if (v > vBest) { vBest = v; jBest = j; }
    }
    if (jBest < 0) continue; // a redundant row: its artificial stays basic, fixed at 0
    ftran(jBest);
    const art = head[r];
    state[art] = AT_LOWER;
    x[art] = 0;
    pivot(r);
    head[r] = jBest;
    state[jBest] = BASIC;
  }
  if (!reinvert()) return finish('numericalFailure');
  for (let k = 0; k < m; k++) cost[n + k] = 0;
  for (let j = 0; j < n; j++) cost[j] = P.c[j];
  st = run(2);
  if (st === 'optimal' || st === 'unbounded') {
    const keepRay = ray;
    if (!reinvert()) return finish('numericalFailure');
    computeY();
    ray = keepRay;
  }
  return finish(st);
}

// ---------------------------------------------------------------------------------------------
// Public edge.

function boundVector(fn: string, name: string, v: number | VectorLike | undefined, N: number, dflt: number): Float64Array {
  const out = new Float64Array(N);
  if (v === undefined) { out.fill(dflt); return out; }
  if (typeof v === 'number') {
    if (Number.isNaN(v)) throw new NonFiniteError(fn, `${name} is NaN`);
    out.fill(v);
    return out;
  }
  const arr = asVector(v, fn, name, { checkFinite: false });
  if (arr.length !== N) throw new DimensionError(fn, `${name} has length ${arr.length} but c has ${N}`);
  for (let j = 0; j < N; j++) {
    if (Number.isNaN(arr[j])) throw new NonFiniteError(fn, `${name} has a non-finite entry NaN at index ${j}`);
    out[j] = arr[j];
  }
  return out;
}

function constraintBlock(fn: string, name: string, A: MatrixLike | undefined, bName: string, bv: VectorLike | undefined, N: number): { A: DenseMatrix | null; b: Float64Array } {
  if (A === undefined && bv === undefined) return { A: null, b: new Float64Array(0) };
  if (A === undefined || bv === undefined) {
    throw new InvalidArgumentError(fn, `${name} and ${bName} must be given together (got ${A === undefined ? 'no' : 'a'} ${name} and ${bv === undefined ? 'no' : 'a'} ${bName})`);
  }
  const M = asMatrix(A, fn, { name });
  const b = asVector(bv, fn, bName);
  if (M.cols !== N) throw new DimensionError(fn, `${name} has ${M.cols} columns but c has ${N}`);
  if (b.length !== M.rows) throw new DimensionError(fn, `${bName} has length ${b.length} but ${name} has ${M.rows} rows`);
  return { A: M, b };
}

function entry(A: DenseMatrix, i: number, j: number): number {
  return A.data[A.offset + i * A.rowStride + j * A.colStride];
}

/**
 * Solves a small dense linear program
 *
 *     minimise cᵀx  subject to  Aub·x ≤ bub,  Aeq·x = beq,  lower ≤ x ≤ upper
 *
 * by the two-phase bounded-variable revised simplex method, and returns a **certificate** that
 * is recomputed from the answer and the original data:
 * - `'optimal'`: primal feasibility of x, dual feasibility of the multipliers, and a zero
 *   duality gap (weak duality: any dual-feasible pair bounds the optimum, so a zero gap proves
 *   optimality);
 * - `'infeasible'`: a Farkas vector y (from phase 1) with yᵀ(b − A·x) > 0 over the whole bound
 *   box;
 * - `'unbounded'`: a feasible x and a ray r with cᵀr < 0 along which x stays feasible.
 * `certificate.verified` says whether the checks passed at `tol` (see {@link LPCertificate}).
 *
 * Algorithm: inequalities get slack variables (s ≥ 0); phase 1 minimises the sum of one
 * artificial per row from nonbasic variables at a bound (free ones at 0); artificials left basic
 * at zero after phase 1 are driven out or, on redundant rows, fixed at 0. Pricing is normalised
 * Dantzig with a fallback to **Bland's rule** (R. G. Bland, "New finite pivoting rules for the
 * simplex method", Math. Oper. Res. 2(2), 1977) after 30 degenerate pivots in a row, or Bland's
 * rule throughout with `pivotRule: 'bland'`; the ratio test is Harris's two-pass test (P. M. J.
 * Harris, Math. Programming 5, 1973) outside Bland mode; bound flips of the entering variable
 * do not change the basis and cost O(M) each.
 *
 * Cost and size limits: dense. With M constraints and N variables, storage is M·(N + Mub)
 * numbers plus an M×M inverse; each basis change costs O(M·(N + M)) (pricing) plus O(M²), every
 * 64th an O(M³) reinversion. Intended for M up to a few hundred and N up to a few thousand
 * (e.g. the dual ℓ1 sensitivity LP: M = d rows, N = n + 1 columns). The primal form of that LP,
 * with its 2n + 1 rows and highly degenerate vertices, took 0.3 s at n = 50, 4 s at n = 100 and
 * 54 s at n = 200 (d = 4, measured): keep M below ~100. There is no presolve, scaling or sparse LU, so
 * badly scaled data (entries spanning more than ~10⁸) can end in `'numericalFailure'` or an
 * unverified certificate.
 *
 * @param problem - {@link LinearProgram}; matrices as any `MatrixLike`, vectors as `number[]` or
 *   `Float64Array`. Not modified.
 * @param options - {@link LPOptions} `{ tol, maxIterations, pivotRule }`.
 * @returns {@link LPResult} `{ status, x, objective, duals, ray, farkas, certificate, iterations }`.
 * @throws {@link DimensionError} when the lengths of c, b, the bounds and the matrix shapes disagree.
 * @throws {@link NonFiniteError} for NaN anywhere, or ±Infinity in c, A or b.
 * @throws {@link InvalidArgumentError} for a lower bound of +Infinity, an upper bound of −Infinity,
 *   lower > upper, a matrix given without its right-hand side (or vice versa), or a bad option.
 * @example
 * ```ts
 * // max x + y  s.t.  x + 2y ≤ 4, 3x + y ≤ 6, x, y ≥ 0  →  x = 1.6, y = 1.2
 * const r = solveLP({ c: [-1, -1], Aub: [[1, 2], [3, 1]], bub: [4, 6] });
 * r.status;                 // => 'optimal'
 * r.certificate.verified;   // => true
 * ```
 */
export function solveLP(problem: LinearProgram, options: LPOptions = {}): LPResult {
  const fn = 'solveLP';
  if (typeof problem !== 'object' || problem === null) throw new InvalidArgumentError(fn, `problem must be an object (got ${fmt(problem)})`);
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(options)})`);
  const tol = options.tol === undefined ? 1e-9 : assertReal(fn, 'options.tol', options.tol, 0, 0.1, 'lo');
  const pivotRule = options.pivotRule === undefined ? 'dantzig' : assertOneOf(fn, 'options.pivotRule', options.pivotRule, ['dantzig', 'bland'] as const);
  const c = asVector(problem.c, fn, 'c');
  const N = c.length;
  const ub = constraintBlock(fn, 'Aub', problem.Aub, 'bub', problem.bub, N);
  const eq = constraintBlock(fn, 'Aeq', problem.Aeq, 'beq', problem.beq, N);
  const lower = boundVector(fn, 'lower', problem.lower, N, 0);
  const upper = boundVector(fn, 'upper', problem.upper, N, Infinity);
  for (let j = 0; j < N; j++) {
    if (lower[j] === Infinity) throw new InvalidArgumentError(fn, `lower[${j}] must be < Infinity (got Infinity)`);
    if (upper[j] === -Infinity) throw new InvalidArgumentError(fn, `upper[${j}] must be > -Infinity (got -Infinity)`);
    if (lower[j] > upper[j]) throw new InvalidArgumentError(fn, `lower[${j}] must be ≤ upper[${j}] (got ${lower[j]} > ${upper[j]})`);
  }
  const Mub = ub.A ? ub.A.rows : 0, Meq = eq.A ? eq.A.rows : 0;
  const m = Mub + Meq, n = N + Mub;
  const maxIterations = options.maxIterations === undefined ? 50 * (m + n) + 1000 : assertInt(fn, 'options.maxIterations', options.maxIterations, 1);

  const a = new Float64Array(m * n);
  for (let j = 0; j < N; j++) {
    for (let i = 0; i < Mub; i++) a[j * m + i] = entry(ub.A!, i, j);
    for (let i = 0; i < Meq; i++) a[j * m + Mub + i] = entry(eq.A!, i, j);
  }
  for (let k = 0; k < Mub; k++) a[(N + k) * m + k] = 1;
  const b = new Float64Array(m);
  b.set(ub.b, 0); b.set(eq.b, Mub);
  const cs = new Float64Array(n); cs.set(c);
  const lo = new Float64Array(n), up = new Float64Array(n);
  lo.set(lower); up.set(upper);
  for (let k = 0; k < Mub; k++) { lo[N + k] = 0; up[N + k] = Infinity; }

  const K = simplexKernel({ m, n, a, b, c: cs, lo, up }, { tol, maxIterations, bland: pivotRule === 'bland' });
  const x = K.x.slice(0, N);
  const yub = K.y.slice(0, Mub), yeq = K.y.slice(Mub);
  const objective = dotv(c, x);
  const reducedCosts = reduced(c, ub.A, yub, eq.A, yeq);

  // Scales for the certificate checks.
  let amax = 0;
  for (let i = 0; i < m * n; i++) amax = Math.max(amax, Math.abs(a[i]));
  const bmax = maxAbs(b), cmax = maxAbs(c);

  let certificate: LPCertificate;
  let ray: Float64Array | null = null;
  let farkas: LPResult['farkas'] = null;
  if (K.status === 'optimal') {
    const pr = primalViolation(x, ub, eq, lower, upper);
    let dr = 0;
    for (let k = 0; k < Mub; k++) dr = Math.max(dr, yub[k]);
    let dualObj = dotv(ub.b, yub) + dotv(eq.b, yeq);
    for (let j = 0; j < N; j++) {
      const dj = reducedCosts[j];
      if (dj > 0) { if (lower[j] === -Infinity) dr = Math.max(dr, dj); else dualObj += lower[j] * dj; }
      else if (dj < 0) { if (upper[j] === Infinity) dr = Math.max(dr, -dj); else dualObj += upper[j] * dj; }
    }
    const gap = objective - dualObj;
    const ps = 1 + Math.max(bmax, amax * maxAbs(x), maxFinite(lower), maxFinite(upper));
    const ds = 1 + cmax + amax * Math.max(maxAbs(yub), maxAbs(yeq));
    const verified = pr <= tol * ps * 10 && dr <= tol * ds * 10 && Math.abs(gap) <= tol * (ps * ds) * 10;
    certificate = { kind: 'optimality', verified, primalResidual: pr, dualResidual: dr, gap, tol };
  } else if (K.status === 'infeasible') {
    // Farkas: y = phase-1 multipliers, normalised.
    const yn = Math.max(maxAbs(yub), maxAbs(yeq)) || 1;
    const fub = yub.map((v) => v / yn), feq = yeq.map((v) => v / yn);
    let dr = 0;
    for (let k = 0; k < Mub; k++) dr = Math.max(dr, fub[k]); // slacks s ≥ 0 need y_ub ≤ 0
    const g = reduced(new Float64Array(N), ub.A, fub, eq.A, feq); // g = −Aᵀy
    let margin = dotv(ub.b, fub) + dotv(eq.b, feq);
    for (let j = 0; j < N; j++) {
      const coef = -g[j]; // (Aᵀy)_j; maximise coef·x_j over the box
      if (coef > 0) margin -= upper[j] === Infinity ? Infinity : coef * upper[j];
      else if (coef < 0) margin -= lower[j] === -Infinity ? Infinity : coef * lower[j];
    }
    const ds = 1 + amax + bmax;
    farkas = { ub: fub, eq: feq };
    certificate = { kind: 'infeasibility', verified: dr <= tol * 10 && margin > tol * ds, primalResidual: 0, dualResidual: dr, gap: margin, tol };
  } else if (K.status === 'unbounded' && K.ray) {
    const r = K.ray.slice(0, N);
    const rn = maxAbs(r) || 1;
    for (let j = 0; j < N; j++) r[j] /= rn;
    const pr = primalViolation(x, ub, eq, lower, upper);
    let rv = 0;
    if (ub.A) for (let i = 0; i < Mub; i++) { let s = 0; for (let j = 0; j < N; j++) s += entry(ub.A, i, j) * r[j]; rv = Math.max(rv, s); }
    if (eq.A) for (let i = 0; i < Meq; i++) { let s = 0; for (let j = 0; j < N; j++) s += entry(eq.A, i, j) * r[j]; rv = Math.max(rv, Math.abs(s)); }
    for (let j = 0; j < N; j++) {
      if (r[j] > 0 && upper[j] < Infinity) rv = Math.max(rv, r[j]);
      if (r[j] < 0 && lower[j] > -Infinity) rv = Math.max(rv, -r[j]);
    }
    const cr = dotv(c, r);
    const ps = 1 + Math.max(bmax, amax * maxAbs(x));
    ray = r;
    certificate = { kind: 'unboundedness', verified: pr <= tol * ps * 10 && rv <= tol * (1 + amax) * 10 && cr < -tol * (1 + cmax), primalResidual: pr, dualResidual: rv, gap: cr, tol };
  } else {
    certificate = { kind: 'none', verified: false, primalResidual: NaN, dualResidual: NaN, gap: NaN, tol };
  }
  return {
    status: K.status,
    x,
    objective,
    duals: { ub: yub, eq: yeq, reducedCosts },
    ray,
    farkas,
    certificate,
    iterations: K.iterations,
  };
}

function dotv(u: ArrayLike<number>, v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
}

function maxAbs(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s = Math.max(s, Math.abs(v[i]));
  return s;
}

function maxFinite(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i])) s = Math.max(s, Math.abs(v[i]));
  return s;
}

/** c − Aubᵀ·yub − Aeqᵀ·yeq. */
function reduced(c: Float64Array, Aub: DenseMatrix | null, yub: Float64Array, Aeq: DenseMatrix | null, yeq: Float64Array): Float64Array {
  const N = c.length;
  const out = Float64Array.from(c);
  for (let j = 0; j < N; j++) {
    let s = 0;
    if (Aub) for (let i = 0; i < Aub.rows; i++) s += entry(Aub, i, j) * yub[i];
    if (Aeq) for (let i = 0; i < Aeq.rows; i++) s += entry(Aeq, i, j) * yeq[i];
    out[j] -= s;
  }
  return out;
}

function primalViolation(
  x: Float64Array,
  ub: { A: DenseMatrix | null; b: Float64Array },
  eq: { A: DenseMatrix | null; b: Float64Array },
  lower: Float64Array,
  upper: Float64Array,
): number {
  const N = x.length;
  let v = 0;
  if (ub.A) for (let i = 0; i < ub.A.rows; i++) { let s = 0; for (let j = 0; j < N; j++) s += entry(ub.A, i, j) * x[j]; v = Math.max(v, s - ub.b[i]); }
  if (eq.A) for (let i = 0; i < eq.A.rows; i++) { let s = 0; for (let j = 0; j < N; j++) s += entry(eq.A, i, j) * x[j]; v = Math.max(v, Math.abs(s - eq.b[i])); }
  for (let j = 0; j < N; j++) v = Math.max(v, lower[j] - x[j], x[j] - upper[j]);
  return v;
}
