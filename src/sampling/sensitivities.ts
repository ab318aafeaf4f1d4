/**
 * ℓp sensitivities σ_i = sup_x |a_iᵀx|^p / ‖Ax‖_p^p: exactly (one convex program per row, with a
 * primal–dual certificate), by the two-sided Lewis-weight bounds, or approximately through a
 * Lewis-weight row sample (Woodruff & Yasuda, ICML 2023; Padmanabhan, Woodruff & Zhang,
 * NeurIPS 2023; Cohen & Peng, STOC 2015).
 *
 * @module
 */
import { csrToDense, type CsrMatrix } from '../core/csr.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { DenseMatrix } from '../core/matrix.js';
import { assertOptions } from '../core/qr.js';
import { svd } from '../core/svd.js';
import { checkToleranceOptions, numericalRank, type ToleranceOptions } from '../core/tolerance.js';
import { assertInt, assertOneOf, assertReal, fmt } from '../core/validate.js';
import { substream, toRngState, type RngState, type Seed } from '../rng/index.js';
import { toSamplingInput, type SamplingMatrix } from './leverage.js';
import { lewisWeights } from './lewis.js';
import { simplexKernel } from './lp.js';
import { sampleByScores } from './sample.js';
import { lnDet, powPositive } from '../rng/elementary.js';

/** How {@link lpSensitivities} computes the sensitivities. */
export type SensitivityMethod = 'exact' | 'lewis' | 'approx';

/** Options of {@link lpSensitivities}. */
export interface LpSensitivityOptions extends ToleranceOptions {
  /**
   * `'exact'`: one convex program per row (an LP for p = 1), certified by duality.
   * `'lewis'`: the two-sided bounds from ℓp Lewis weights and leverage scores (no per-row
   * program). `'approx'`: exact programs on a Lewis-weight row sample, clamped into certified
   * bounds (needs `seed`).
   * @defaultValue 'exact'
   */
  readonly method?: SensitivityMethod;
  /** `'approx'` only (required there): seed or generator state of the row sample. */
  readonly seed?: Seed | RngState;
  /**
   * Per-row stopping rule of the exact programs: stop when the certified bracket
   * [lower, upper] of σ_i satisfies upper − lower ≤ tol·upper.
   * @defaultValue 1e-9 for p = 1, 1e-8 for p > 1
   */
  readonly tol?: number;
  /**
   * Per-row iteration cap: vertex steps for p = 1 (and simplex iterations of the fallback),
   * Newton steps for p > 1.
   * @defaultValue 100·(n + r) for p = 1, 200 for p > 1
   */
  readonly maxIterations?: number;
  /**
   * `'approx'` only: expected number of rows of the Lewis-weight sample (at most that: rows
   * whose probability is capped at 1 count once). For p > 2 Lewis sampling needs about r^{p/2}
   * rows (Cohen & Peng), so raise it there.
   * @defaultValue min(n, ⌈12·r·ln(4r)⌉), r = rank(A)
   */
  readonly sampleSize?: number;
}

/** Result of {@link lpSensitivities}. Plain data. */
export interface LpSensitivityResult {
  /**
   * The n sensitivities. `'exact'`: the certified upper end of each row's bracket (equal to σ_i
   * to the relative tolerance `tol`). `'lewis'`: the **upper** bound `upper`. `'approx'`: the
   * estimate σ̂_i clamped into [lower_i, upper_i].
   */
  readonly sensitivities: Float64Array;
  /** 𝔖 = Σ sensitivities. */
  readonly total: number;
  readonly method: SensitivityMethod;
  /**
   * Certified lower bounds: `'exact'`: |a_iᵀx|^p/‖Ax‖_p^p at the returned primal point;
   * `'lewis'`: d^{p/2−1}·w_i (p ≤ 2) or max(w_i, τ_i^{p/2}) (p ≥ 2); `'approx'`: the value of the
   * sampled program's maximiser on the full matrix.
   */
  readonly lower: Float64Array;
  /**
   * Certified upper bounds: `'exact'`: ‖u‖_{p*}^p for a dual vector u with Aᵀu = a_i;
   * `'lewis'` and `'approx'`: min(1, w_i, τ_i^{p/2}) (p ≤ 2) or min(1, d^{p/2−1}·w_i) (p ≥ 2).
   */
  readonly upper: Float64Array;
  /** Numerical rank r of A (the "d" of every bound). */
  readonly rank: number;
  /**
   * `'exact'`/`'approx'`: every per-row program reached its tolerance. `'lewis'`/`'approx'`:
   * also that the Lewis iteration converged.
   */
  readonly converged: boolean;
  /** Largest relative bracket width (upper − lower)/upper over the per-row programs solved (0 for `'lewis'`). */
  readonly maxGap: number;
  /** Total iterations of the per-row programs (simplex iterations or Newton steps). */
  readonly iterations: number;
  /** `'approx'` only: rows in the Lewis-weight sample the programs were solved on. */
  readonly sampleRows?: number;
}

// ---------------------------------------------------------------------------------------------
// Internal building blocks (also used by sensitivitySampling.ts). No validation.

/** An orthonormal basis Q (n×r, row-major) of range(A), and which rows of A are exactly zero. @internal */
export interface RangeBasis {
  readonly n: number;
  readonly r: number;
  /** Row-major n×r: row i is q_i, with Q = A·Y for a d×r matrix Y, QᵀQ = I to rounding. */
  readonly q: Float64Array;
  /** 1 where row i of A is exactly zero. */
  readonly zero: Uint8Array;
}

/**
 * Orthonormal basis of range(A) computed row by row as Q = A·Y: Y = V_r·Σ_r⁻¹ from the SVD
 * (r the numerical rank by the library rule), then two CholeskyQR passes Q ← Q·L⁻ᵀ
 * (QᵀQ = L·Lᵀ) to restore orthogonality to rounding. Each row of Q is a row of A times a fixed
 * matrix, so zero rows stay exactly zero and small rows keep their relative accuracy.
 * Sensitivities, Lewis weights and leverage scores depend only on range(A), so all methods work
 * on Q. Cost O(nd² + d³). @internal
 */
export function rangeBasis(fn: string, A: DenseMatrix, tol: ToleranceOptions): RangeBasis {
  const n = A.rows, d = A.cols;
  const zero = new Uint8Array(n);
  const { data, offset, rowStride, colStride } = A;
  for (let i = 0; i < n; i++) {
    let z = 1;
    for (let j = 0, s = offset + i * rowStride; j < d; j++, s += colStride) if (data[s] !== 0) { z = 0; break; }
    zero[i] = z;
  }
  if (n === 0 || d === 0) return { n, r: 0, q: new Float64Array(0), zero };
  const F = svd(A);
  const r = numericalRank(F.s, n, d, tol);
  if (r === 0) return { n, r: 0, q: new Float64Array(0), zero };
  // Y = V_r Σ_r⁻¹ (d×r, row-major).
  const Y = new Float64Array(d * r);
  for (let k = 0; k < r; k++) {
    const inv = 1 / F.s[k];
    for (let j = 0; j < d; j++) Y[j * r + k] = F.V.data[k * d + j] * inv;
  }
  const q = new Float64Array(n * r);
  for (let i = 0; i < n; i++) {
    for (let j = 0, s = offset + i * rowStride; j < d; j++, s += colStride) {
      const v = data[s];
      if (v === 0) continue;
      for (let k = 0; k < r; k++) q[i * r + k] += v * Y[j * r + k];
    }
  }
  for (let pass = 0; pass < 2; pass++) cholQrPass(q, n, r);
  return { n, r, q, zero };
}

/** One CholeskyQR pass on the row-major n×r array q: G = QᵀQ = LLᵀ, Q ← Q·L⁻ᵀ. Skipped if G is not SPD. */
function cholQrPass(q: Float64Array, n: number, r: number): void {
  const G = new Float64Array(r * r);
  for (let i = 0; i < n; i++) {
    const o = i * r;
    for (let a = 0; a < r; a++) {
      const qa = q[o + a];
      if (qa === 0) continue;
      for (let b = 0; b <= a; b++) G[a * r + b] += qa * q[o + b];
    }
  }
  if (!choleskyInPlace(G, r)) return;
  for (let i = 0; i < n; i++) {
    const o = i * r;
    // Solve L·z = q_i (q_iᵀ L⁻ᵀ = (L⁻¹ q_i)ᵀ).
    for (let a = 0; a < r; a++) {
      let s = q[o + a];
      for (let b = 0; b < a; b++) s -= G[a * r + b] * q[o + b];
      q[o + a] = s / G[a * r + a];
    }
  }
}

/** In-place Cholesky of the lower triangle of a row-major k×k SPD matrix. False if a pivot is ≤ 0. */
function choleskyInPlace(G: Float64Array, k: number): boolean {
  for (let j = 0; j < k; j++) {
    let s = G[j * k + j];
    for (let t = 0; t < j; t++) s -= G[j * k + t] * G[j * k + t];
    if (!(s > 0)) return false;
    const l = Math.sqrt(s);
    G[j * k + j] = l;
    for (let i = j + 1; i < k; i++) {
      let v = G[i * k + j];
      for (let t = 0; t < j; t++) v -= G[i * k + t] * G[j * k + t];
      G[i * k + j] = v / l;
    }
  }
  return true;
}

/** Solves (L·Lᵀ) z = b for a row-major lower-triangular Cholesky factor L (k×k), in place in b. */
function cholSolve(L: Float64Array, k: number, b: Float64Array): void {
  for (let a = 0; a < k; a++) {
    let s = b[a];
    for (let t = 0; t < a; t++) s -= L[a * k + t] * b[t];
    b[a] = s / L[a * k + a];
  }
  for (let a = k - 1; a >= 0; a--) {
    let s = b[a];
    for (let t = a + 1; t < k; t++) s -= L[t * k + a] * b[t];
    b[a] = s / L[a * k + a];
  }
}

/** Per-row outcome of {@link rowSensitivity}. @internal */
export interface RowSolve {
  /** Certified lower bound: |cᵀx|^p/‖Qx‖_p^p at the returned x. */
  lower: number;
  /** Certified upper bound: ‖u‖_{p*}^p with Qᵀu = c. */
  upper: number;
  iterations: number;
  converged: boolean;
}

/** Reusable buffers for {@link rowSensitivity} on one basis. @internal */
export interface RowWorkspace {
  readonly n: number;
  readonly r: number;
  readonly q: Float64Array;
  /** p = 1: the column-major r×(n+1) LP matrix [Qᵀ, −c]. */
  readonly a: Float64Array;
  readonly lpC: Float64Array;
  readonly lpLo: Float64Array;
  readonly lpUp: Float64Array;
  readonly lpB: Float64Array;
  readonly hint: Float64Array;
  readonly y: Float64Array;
  readonly psi: Float64Array;
  readonly yd: Float64Array;
}

/** Buffers for the per-row programs on the row-major n×r orthonormal `q`. @internal */
export function rowWorkspace(q: Float64Array, n: number, r: number): RowWorkspace {
  const a = new Float64Array(r * (n + 1));
  a.set(q.subarray(0, n * r));
  const lpC = new Float64Array(n + 1);
  lpC[n] = -1;
  const lpLo = new Float64Array(n + 1).fill(-1);
  lpLo[n] = 0;
  const lpUp = new Float64Array(n + 1).fill(1);
  lpUp[n] = Infinity;
  return {
    n, r, q, a, lpC, lpLo, lpUp,
    lpB: new Float64Array(r),
    hint: new Float64Array(n + 1),
    y: new Float64Array(n),
    psi: new Float64Array(n),
    yd: new Float64Array(n),
  };
}

/** ‖v‖_s for s ≥ 1 or s = ∞, scaled against overflow. */
function vecNorm(v: Float64Array, len: number, s: number): number {
  let mx = 0;
  for (let j = 0; j < len; j++) mx = Math.max(mx, Math.abs(v[j]));
  if (mx === 0 || s === Infinity) return mx;
  let t = 0;
  for (let j = 0; j < len; j++) t += powPositive(Math.abs(v[j]) / mx, s);
  return mx * powPositive(t, 1 / s);
}

/**
 * σ(c) = sup_x |cᵀx|^p / ‖Qx‖_p^p for a row-major n×r matrix Q with orthonormal columns and a
 * nonzero c ∈ ℝʳ (c = q_i gives the sensitivity of row i), bracketed by duality:
 * lower = |cᵀx|^p/‖Qx‖_p^p at the computed x, and, for any u with Qᵀu = c,
 * |cᵀx| = |uᵀQx| ≤ ‖u‖_{p*}‖Qx‖_p (Hölder), so upper = ‖u‖_{p*}^p with u the optimal dual
 * vector projected onto {Qᵀu = c} (u ← u + Q(c − Qᵀu), exact since QᵀQ = I).
 * - p = 1: the LP 1/σ = min ‖Qx‖₁ s.t. cᵀx = 1 by the vertex descent `rowL1Descent` (below);
 *   if that fails, in its dual form max λ s.t. Qᵀu = λc, −1 ≤ u ≤ 1 (r rows, n + 1 bounded
 *   columns) by the bounded simplex of lp.ts, started with u_j = sign(q_jᵀc); the simplex
 *   multipliers are then the primal x.
 * - p > 1: Newton's method on min ‖Qx‖_p^p over the affine set {cᵀx = 1} (x = x₀ + N·z with N an
 *   orthonormal basis of c^⊥) with Armijo backtracking, from the ℓ2 solution x₀ = c/‖c‖².
 *   For p < 2 it minimises the smoothed Σ(y_j² + μ²)^{p/2}, μ shrunk tenfold whenever the Newton
 *   decrement is small (a continuation path from μ = ‖y‖∞); for p > 2 it uses the exact
 *   objective with the Hessian weights |y_j|^{p−2} floored at (1e-10·‖y‖∞)^{p−2}. Either way
 *   the stopping test uses the certificate of the exact objective.
 * Stops when upper − lower ≤ tol·upper. If the program fails (iteration cap), the bracket is
 * widened to the always-valid [value at x₀, ‖c‖^p·max(1, n^{p/2−1})]. @internal
 */
export function rowSensitivity(ws: RowWorkspace, c0: Float64Array, p: number, tol: number, maxIter: number, xOut?: Float64Array): RowSolve {
  const { n, r } = ws;
  let cn = 0;
  for (let k = 0; k < r; k++) cn += c0[k] * c0[k];
  cn = Math.sqrt(cn);
  if (cn === 0) { if (xOut) xOut.fill(0); return { lower: 0, upper: 0, iterations: 0, converged: true }; }
  const c = new Float64Array(r);
  for (let k = 0; k < r; k++) c[k] = c0[k] / cn;
  const scale = powPositive(cn, p);
  const x = new Float64Array(r);
  let res: InnerSolve;
  if (p === 1) {
    res = rowL1Descent(ws, c, tol, maxIter, x);
    if (!res.ok || !res.converged) {
      const it = res.iterations;
      res = rowL1(ws, c, tol, maxIter, x);
      res.iterations += it;
    }
  } else {
    res = p === 2 ? rowL2(ws, c, x) : rowNewton(ws, c, p, tol, maxIter, x);
  }
  if (!res.ok) {
    // Always-valid fallback bracket.
    x.set(c);
    const lower = evalRatio(ws, c, x, p);
    const upper = Math.max(1, powPositive(n, p / 2 - 1));
    if (xOut) for (let k = 0; k < r; k++) xOut[k] = x[k] / cn;
    return { lower: lower * scale, upper: upper * scale, iterations: res.iterations, converged: false };
  }
  if (xOut) for (let k = 0; k < r; k++) xOut[k] = x[k] / cn;
  return { lower: res.lower * scale, upper: Math.max(res.upper, res.lower) * scale, iterations: res.iterations, converged: res.converged };
}

interface InnerSolve { ok: boolean; lower: number; upper: number; iterations: number; converged: boolean }

/** |cᵀx|^p / ‖Qx‖_p^p. */
function evalRatio(ws: RowWorkspace, c: Float64Array, x: Float64Array, p: number): number {
  const { n, r, q } = ws;
  let ct = 0;
  for (let k = 0; k < r; k++) ct += c[k] * x[k];
  let mx = 0;
  const y = ws.y;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < r; k++) s += q[j * r + k] * x[k];
    y[j] = s;
    mx = Math.max(mx, Math.abs(s));
  }
  if (mx === 0) return ct === 0 ? 0 : Infinity;
  let f = 0;
  for (let j = 0; j < n; j++) f += powPositive(Math.abs(y[j]) / mx, p);
  return powPositive(Math.abs(ct) / mx, p) / f;
}

/** Upper bound ‖u‖_{p*}^p after projecting u onto {Qᵀu = c}; `u` (length n) is overwritten. */
function dualBound(ws: RowWorkspace, c: Float64Array, u: Float64Array, p: number): number {
  const { n, r, q } = ws;
  const t = new Float64Array(r);
  for (let k = 0; k < r; k++) t[k] = c[k];
  for (let j = 0; j < n; j++) {
    const uj = u[j];
    if (uj === 0) continue;
    for (let k = 0; k < r; k++) t[k] -= q[j * r + k] * uj;
  }
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < r; k++) s += q[j * r + k] * t[k];
    u[j] += s;
  }
  const ps = p === 1 ? Infinity : p / (p - 1);
  return powPositive(vecNorm(u, n, ps), p);
}

function rowL2(ws: RowWorkspace, c: Float64Array, x: Float64Array): InnerSolve {
  // ‖c‖ = 1: σ = ‖c‖² = 1 (the maximiser is x = c). Evaluated rather than assumed.
  x.set(c);
  const v = evalRatio(ws, c, x, 2);
  return { ok: true, lower: v, upper: v, iterations: 0, converged: true };
}

function rowL1(ws: RowWorkspace, c: Float64Array, tol: number, maxIter: number, x: Float64Array): InnerSolve {
  const { n, r, q, a, hint } = ws;
  for (let k = 0; k < r; k++) a[n * r + k] = -c[k];
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < r; k++) s += q[j * r + k] * c[k];
    hint[j] = s >= 0 ? 1 : -1;
  }
  hint[n] = 0;
  const K = simplexKernel(
    { m: r, n: n + 1, a, b: ws.lpB, c: ws.lpC, lo: ws.lpLo, up: ws.lpUp },
    { tol: 1e-11, maxIterations: maxIter, bland: false, hint },
  );
  if (K.status !== 'optimal') return { ok: false, lower: 0, upper: 0, iterations: K.iterations, converged: false };
  x.set(K.y);
  const lower = evalRatio(ws, c, x, 1);
  const lam = K.x[n];
  if (!(lam > 0) || !(lower > 0)) return { ok: false, lower: 0, upper: 0, iterations: K.iterations, converged: false };
  const u = ws.psi;
  for (let j = 0; j < n; j++) u[j] = K.x[j] / lam;
  const upper = dualBound(ws, c, u, 1);
  return { ok: true, lower, upper, iterations: K.iterations, converged: upper - lower <= tol * upper };
}

/** Gauss–Jordan inverse of the row-major k×k matrix M (destroyed) into inv; false if singular. */
function smallInverse(M: Float64Array, k: number, inv: Float64Array): boolean {
  inv.fill(0);
  for (let i = 0; i < k; i++) inv[i * k + i] = 1;
  let scale = 0;
  for (let i = 0; i < k * k; i++) scale = Math.max(scale, Math.abs(M[i]));
  for (let col = 0; col < k; col++) {
    let piv = col, best = Math.abs(M[col * k + col]);
    for (let i = col + 1; i < k; i++) { const v = Math.abs(M[i * k + col]); if (v > best) { best = v; piv = i; } }
    if (!(best > 1e-14 * scale)) return false;
    if (piv !== col) {
      for (let j = 0; j < k; j++) {
        let t = M[piv * k + j]; M[piv * k + j] = M[col * k + j]; M[col * k + j] = t;
        t = inv[piv * k + j]; inv[piv * k + j] = inv[col * k + j]; inv[col * k + j] = t;
      }
    }
    const f = 1 / M[col * k + col];
    for (let j = 0; j < k; j++) { M[col * k + j] *= f; inv[col * k + j] *= f; }
    for (let i = 0; i < k; i++) {
      if (i === col) continue;
      const g = M[i * k + col];
      if (g === 0) continue;
      for (let j = 0; j < k; j++) { M[i * k + j] -= g * M[col * k + j]; inv[i * k + j] -= g * inv[col * k + j]; }
    }
  }
  return true;
}

/**
 * Walks the breakpoints of the convex piecewise-linear f(θ) = ‖Q(x + θδ)‖₁ (+ the released row)
 * from slope `slope0` < 0 and returns the row whose breakpoint makes the slope ≥ 0, or −1.
 * Candidates: rows k ∉ J with y_k ≠ 0 moving towards zero (θ_k = −y_k/ρ_k > 0) and zero rows
 * whose assigned sign disagrees with ρ_k (θ_k = 0); each adds 2|ρ_k| to the slope. Rows passed
 * before the stop have their sign memory flipped. Ties in θ go to the larger |ρ_k| (stability),
 * or to the smaller index in Bland mode. The crossing breakpoint is found by weighted
 * quickselect (expected O(#candidates)), not by sorting them all.
 */
function breakpointWalk(
  n: number, y: Float64Array, rho: Float64Array, sg: Int8Array, inJ: Uint8Array, slope0: number, ztol: number, bland: boolean,
  th: Float64Array, idx: Int32Array, q?: Float64Array, r = 0, g?: Float64Array,
): { k: number; theta: number } {
  let cnt = 0;
  let total = 0;
  for (let k = 0; k < n; k++) {
    if (inJ[k]) continue;
    const rk = rho[k];
    if (rk === 0) continue;
    const yk = y[k];
    if (Math.abs(yk) <= ztol) {
      if (sg[k] * rk < 0) { th[k] = 0; idx[cnt++] = k; total += 2 * Math.abs(rk); }
    } else if (yk * rk < 0) {
      th[k] = -yk / rk;
      idx[cnt++] = k;
      total += 2 * Math.abs(rk);
    }
  }
  let need = -slope0;
  if (cnt === 0 || total < need) return { k: -1, theta: Infinity };
  // Strict total order on candidates: θ, then the tie rule, then the index.
  const before = bland
    ? (a: number, b: number): boolean => th[a] < th[b] || (th[a] === th[b] && a < b)
    : (a: number, b: number): boolean => {
      if (th[a] !== th[b]) return th[a] < th[b];
      const ra = Math.abs(rho[a]), rb = Math.abs(rho[b]);
      return ra !== rb ? ra > rb : a < b;
    };
  // Weighted quickselect for the first candidate at which the accumulated 2|ρ| reaches `need`.
  let lo = 0, hi = cnt;
  let kStar = -1;
  while (hi - lo > 0) {
    if (hi - lo <= 24) {
      // Insertion sort the rest and walk it.
      for (let a = lo + 1; a < hi; a++) {
        const v = idx[a];
        let b = a - 1;
        while (b >= lo && before(v, idx[b])) { idx[b + 1] = idx[b]; b--; }
        idx[b + 1] = v;
      }
      for (let a = lo; a < hi; a++) {
        need -= 2 * Math.abs(rho[idx[a]]);
        if (need <= 0) { kStar = idx[a]; break; }
      }
      break;
    }
    // Median-of-three pivot, moved to idx[hi − 1].
    const mid = (lo + hi) >> 1;
    const a0 = idx[lo], a1 = idx[mid], a2 = idx[hi - 1];
    let pv: number;
    if (before(a0, a1)) pv = before(a1, a2) ? mid : before(a0, a2) ? hi - 1 : lo;
    else pv = before(a0, a2) ? lo : before(a1, a2) ? hi - 1 : mid;
    const pk = idx[pv];
    idx[pv] = idx[hi - 1];
    idx[hi - 1] = pk;
    let store = lo;
    let wLess = 0;
    for (let a = lo; a < hi - 1; a++) {
      const v = idx[a];
      if (before(v, pk)) {
        wLess += 2 * Math.abs(rho[v]);
        idx[a] = idx[store];
        idx[store++] = v;
      }
    }
    idx[hi - 1] = idx[store];
    idx[store] = pk;
    if (wLess >= need) { hi = store; continue; }
    need -= wLess;
    need -= 2 * Math.abs(rho[pk]);
    if (need <= 0) { kStar = pk; break; }
    lo = store + 1;
  }
  if (kStar < 0) return { k: -1, theta: Infinity };
  for (let a = 0; a < cnt; a++) {
    const v = idx[a];
    if (!before(v, kStar)) continue;
    const sNew = -sg[v] as -1 | 1;
    sg[v] = sNew;
    // The subgradient Σ s_k q_k changes by 2·s_new·q_v.
    if (g && q) for (let e = 0; e < r; e++) g[e] += 2 * sNew * q[v * r + e];
  }
  return { k: kStar, theta: th[kStar] };
}

/**
 * p = 1 by vertex descent: the simplex method on min ‖Qx‖₁ s.t. cᵀx = 1 in its primal form,
 * with the long-step (bound-flipping) ratio test, i.e. Barrodale & Roberts's ℓ1 algorithm
 * (SIAM J. Numer. Anal. 10, 1973). A vertex is x = M⁻¹e₀ with M = [c; q_J] for r − 1 rows J
 * (q_jᵀx = 0); its KKT system Mᵀ[−μ; v] = −Σ_{k∉J} s_k q_k gives μ = ‖Qx‖₁ and the multipliers
 * v of the active rows; it is optimal iff all |v_j| ≤ 1. Otherwise the row of largest |v_j| is
 * released and x moves to the minimum of f along the edge, passing every kink before it (one
 * O(n log n) sort). A crash phase first reaches a vertex by r − 1 exact line searches along
 * projected subgradients from x = c. After 2r degenerate steps in a row the choices follow
 * Bland's smallest-index rule. Between full refreshes (every 10 steps, and before optimality is
 * declared) y = Qx and the subgradient are updated incrementally, so a step costs one O(n·r)
 * pass (ρ = Qδ), O(n) for the selection and O(r³) for the vertex. Returns ok = false (the
 * caller falls back to the general simplex) on a singular vertex or the iteration cap.
 */
function rowL1Descent(ws: RowWorkspace, c: Float64Array, tol: number, maxIter: number, x: Float64Array): InnerSolve {
  const { n, r, q, y } = ws;
  const rho = ws.yd, u = ws.psi;
  const th = new Float64Array(n), idx = new Int32Array(n);
  const sg = new Int8Array(n);
  const inJ = new Uint8Array(n);
  const J = new Int32Array(Math.max(r - 1, 0));
  const g = new Float64Array(r), dlt = new Float64Array(r), z = new Float64Array(r);
  const M = new Float64Array(r * r), Minv = new Float64Array(r * r);
  const ztol = 1e-14;
  const fail = (it: number): InnerSolve => ({ ok: false, lower: 0, upper: 0, iterations: it, converged: false });
  const computeY = (): void => {
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let e = 0; e < r; e++) s += q[k * r + e] * x[e];
      y[k] = s;
      if (Math.abs(s) > ztol) sg[k] = s > 0 ? 1 : -1;
    }
  };
  const computeRho = (): void => {
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let e = 0; e < r; e++) s += q[k * r + e] * dlt[e];
      rho[k] = s;
    }
  };
  const subgradient = (): void => {
    g.fill(0);
    for (let k = 0; k < n; k++) {
      if (inJ[k]) continue;
      const s = sg[k];
      for (let e = 0; e < r; e++) g[e] += s * q[k * r + e];
    }
  };
  x.set(c);
  for (let k = 0; k < n; k++) sg[k] = 1;
  computeY();
  let it = 0;
  // Crash: r − 1 line searches in the subspace orthogonal to c and the active rows.
  const basis = new Float64Array(r * r); // orthonormal rows spanning {c} ∪ q_J
  basis.set(c);
  for (let s = 0; s < r - 1; s++) {
    it++;
    subgradient();
    // δ = −P g, P the projector onto the complement of the s + 1 basis rows.
    for (let e = 0; e < r; e++) dlt[e] = -g[e];
    for (let b = 0; b <= s; b++) {
      let t = 0;
      for (let e = 0; e < r; e++) t += basis[b * r + e] * dlt[e];
      for (let e = 0; e < r; e++) dlt[e] -= t * basis[b * r + e];
    }
    let dn = 0;
    for (let e = 0; e < r; e++) dn += dlt[e] * dlt[e];
    if (!(dn > 1e-24)) {
      // Stationary in the subspace: any direction in it (the least represented coordinate).
      let best = -1, bestV = 0;
      for (let e0 = 0; e0 < r; e0++) {
        let nrm = 1;
        for (let b = 0; b <= s; b++) nrm -= basis[b * r + e0] ** 2;
        if (nrm > bestV) { bestV = nrm; best = e0; }
      }
      dlt.fill(0);
      dlt[best] = 1;
      for (let b = 0; b <= s; b++) {
        const t = basis[b * r + best];
        for (let e = 0; e < r; e++) dlt[e] -= t * basis[b * r + e];
      }
    }
    computeRho();
    let slope = 0;
    for (let e = 0; e < r; e++) slope += g[e] * dlt[e];
    if (slope > 0) {
      for (let e = 0; e < r; e++) dlt[e] = -dlt[e];
      for (let k = 0; k < n; k++) rho[k] = -rho[k];
      slope = -slope;
    }
    const hit = breakpointWalk(n, y, rho, sg, inJ, slope, ztol, false, th, idx);
    if (hit.k < 0) return fail(it);
    for (let e = 0; e < r; e++) x[e] += hit.theta * dlt[e];
    J[s] = hit.k;
    inJ[hit.k] = 1;
    computeY();
    // Extend the orthonormal basis with q_k (Gram–Schmidt, twice).
    const row = basis.subarray((s + 1) * r, (s + 2) * r);
    for (let e = 0; e < r; e++) row[e] = q[hit.k * r + e];
    for (let pass = 0; pass < 2; pass++) {
      for (let b = 0; b <= s; b++) {
        let t = 0;
        for (let e = 0; e < r; e++) t += basis[b * r + e] * row[e];
        for (let e = 0; e < r; e++) row[e] -= t * basis[b * r + e];
      }
    }
    let rn = 0;
    for (let e = 0; e < r; e++) rn += row[e] * row[e];
    rn = Math.sqrt(rn);
    if (!(rn > 1e-12)) return fail(it);
    for (let e = 0; e < r; e++) row[e] /= rn;
  }
  // Vertex descent.
  let degenerate = 0;
  let stale = 0;
  subgradient();
  for (; it < maxIter; it++) {
    M.set(c);
    for (let t = 0; t < r - 1; t++) for (let e = 0; e < r; e++) M[(t + 1) * r + e] = q[J[t] * r + e];
    if (!smallInverse(M, r, Minv)) return fail(it);
    for (let e = 0; e < r; e++) x[e] = Minv[e * r];
    if (stale >= 10) { computeY(); subgradient(); stale = 0; }
    let pStar = -1;
    const bland = degenerate >= 2 * r;
    for (let pass = 0; pass < 2; pass++) {
      // z = −M⁻ᵀg: μ = −z₀, v = z₁…
      for (let a = 0; a < r; a++) {
        let s = 0;
        for (let e = 0; e < r; e++) s += Minv[e * r + a] * g[e];
        z[a] = -s;
      }
      pStar = -1;
      let vBest = 1 + 1e-12;
      for (let t = 0; t < r - 1; t++) {
        const v = Math.abs(z[t + 1]);
        if (bland) { if (v > 1 + 1e-12 && (pStar < 0 || J[t] < J[pStar])) pStar = t; }
        else if (v > vBest) { vBest = v; pStar = t; }
      }
      if (pStar >= 0 || stale === 0) break;
      // Looks optimal: confirm on freshly computed y and subgradient.
      computeY();
      subgradient();
      stale = 0;
    }
    if (pStar < 0) {
      // Optimal vertex: certificate from u_k = s_k (k ∉ J), v_j (j ∈ J), divided by μ.
      const mu = -z[0];
      if (!(mu > 0)) return fail(it);
      for (let k = 0; k < n; k++) u[k] = inJ[k] ? 0 : sg[k] / mu;
      for (let t = 0; t < r - 1; t++) u[J[t]] = z[t + 1] / mu;
      const lower = evalRatio(ws, c, x, 1);
      const upper = dualBound(ws, c, u, 1);
      return { ok: true, lower, upper, iterations: it, converged: upper - lower <= tol * upper };
    }
    const tsign = z[pStar + 1] > 0 ? 1 : -1;
    for (let e = 0; e < r; e++) dlt[e] = tsign * Minv[e * r + pStar + 1];
    computeRho();
    const slope0 = 1 - Math.abs(z[pStar + 1]);
    const leaving = J[pStar];
    // The released row moves to the side tsign (its kink is already in slope0).
    inJ[leaving] = 0;
    sg[leaving] = tsign as 1 | -1;
    const hit = breakpointWalk(n, y, rho, sg, inJ, slope0, ztol, bland, th, idx, q, r, g);
    if (hit.k < 0) return fail(it);
    const kIn = hit.k;
    // The leaving row joins the subgradient with its new sign; the entering row leaves it.
    const sIn = sg[kIn];
    for (let e = 0; e < r; e++) g[e] += tsign * q[leaving * r + e] - sIn * q[kIn * r + e];
    J[pStar] = kIn;
    inJ[kIn] = 1;
    const theta = hit.theta;
    if (theta > 0) for (let k = 0; k < n; k++) y[k] += theta * rho[k];
    y[kIn] = 0;
    stale++;
    if (theta > 0) degenerate = 0; else degenerate++;
  }
  return fail(it);
}

function rowNewton(ws: RowWorkspace, c: Float64Array, p: number, tol: number, maxIter: number, x: Float64Array): InnerSolve {
  const { n, r, q, y, psi, yd } = ws;
  const m = r - 1;
  // Householder reflector H = I − 2vvᵀ/(vᵀv) with H·c = ∓e₀; its columns 1..r−1 span c^⊥.
  const v = Float64Array.from(c);
  v[0] += c[0] >= 0 ? 1 : -1;
  let vv = 0;
  for (let k = 0; k < r; k++) vv += v[k] * v[k];
  const Nmat = new Float64Array(r * Math.max(m, 1)); // row-major r×m
  for (let k = 0; k < r; k++) for (let l = 0; l < m; l++) Nmat[k * m + l] = (k === l + 1 ? 1 : 0) - (2 * v[k] * v[l + 1]) / vv;
  x.set(c); // c has unit norm: cᵀx = 1
  const H = new Float64Array(r * r);
  const Hn = new Float64Array(m * m);
  const g = new Float64Array(r);
  const z = new Float64Array(m);
  const dx = new Float64Array(r);
  const w = new Float64Array(n);
  const d1 = new Float64Array(n);
  // p < 2: minimise the smoothed Σ (y_j² + μ²)^{p/2} and shrink μ by 10 whenever its Newton
  // decrement is small (a continuation path); p > 2: the exact objective, Hessian weights
  // |y_j|^{p−2} floored at (1e-10·‖y‖∞)^{p−2}.
  const smooth = p < 2;
  let mu2 = -1;
  const half = p / 2;
  const fSmooth = (t: number): number => {
    let s = 0;
    if (smooth) for (let j = 0; j < n; j++) { const yj = y[j] + t * yd[j]; s += powPositive(yj * yj + mu2, half); }
    else for (let j = 0; j < n; j++) s += powPositive(Math.abs(y[j] + t * yd[j]), p);
    return s;
  };
  let lower = 0, upper = Infinity;
  let bestGap = Infinity, bestIt = 0;
  let it = 0;
  for (it = 0; it <= maxIter; it++) {
    let ymax = 0;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += q[j * r + k] * x[k];
      y[j] = s;
      ymax = Math.max(ymax, Math.abs(s));
    }
    if (mu2 < 0) mu2 = ymax * ymax;
    const mu2Floor = 1e-30 * ymax * ymax;
    let ct = 0;
    for (let k = 0; k < r; k++) ct += c[k] * x[k];
    // Certificate on the true objective: witness lower bound, projected dual upper bound.
    let f = 0;
    for (let j = 0; j < n; j++) {
      const a = Math.abs(y[j]);
      f += powPositive(a, p);
      psi[j] = Math.sign(y[j]) * powPositive(a, p - 1);
    }
    lower = powPositive(Math.abs(ct), p) / f;
    for (let j = 0; j < n; j++) yd[j] = (psi[j] * ct) / f;
    const ub0 = dualBound(ws, c, yd, p);
    if (ub0 < upper) upper = ub0;
    if (upper - lower <= tol * upper || m === 0) return { ok: true, lower, upper, iterations: it, converged: true };
    if (it === maxIter) break;
    // Stagnation (the bracket has not shrunk by 1% in 25 steps at the smallest μ): stop.
    const gapNow = (upper - lower) / upper;
    if (gapNow < 0.99 * bestGap) { bestGap = gapNow; bestIt = it; }
    else if (it - bestIt >= 25 && (!smooth || mu2 <= mu2Floor)) break;
    // Derivatives of the (smoothed) objective: gradient Qᵀd1, Hessian Qᵀ diag(w) Q.
    let fs = 0;
    if (smooth) {
      for (let j = 0; j < n; j++) {
        const yj = y[j], s2 = yj * yj + mu2;
        const pw = powPositive(s2, half - 1);
        fs += s2 * pw;
        d1[j] = p * yj * pw;
        w[j] = (p * pw * ((p - 1) * yj * yj + mu2)) / s2;
      }
    } else {
      const floor = 1e-10 * ymax;
      fs = f;
      for (let j = 0; j < n; j++) {
        d1[j] = p * psi[j];
        w[j] = p * (p - 1) * powPositive(Math.max(Math.abs(y[j]), floor), p - 2);
      }
    }
    g.fill(0);
    H.fill(0);
    for (let j = 0; j < n; j++) {
      const o = j * r, gj = d1[j], wj = w[j];
      for (let a2 = 0; a2 < r; a2++) {
        const qa = q[o + a2];
        if (qa === 0) continue;
        g[a2] += qa * gj;
        const qw = qa * wj;
        for (let b2 = 0; b2 <= a2; b2++) H[a2 * r + b2] += qw * q[o + b2];
      }
    }
    for (let a2 = 0; a2 < r; a2++) for (let b2 = 0; b2 < a2; b2++) H[b2 * r + a2] = H[a2 * r + b2];
    if (smooth) {
      // A second dual candidate: the smoothed gradient, whose KKT system Qᵀd1 = λc holds at the
      // smoothed optimum (for p near 1, ψ(y) of the exact objective is ill-conditioned where
      // y_j ≈ 0, while d1 is a smoothed ψ). Scaled so that cᵀQᵀu = 1, then projected.
      let cg = 0;
      for (let k = 0; k < r; k++) cg += c[k] * g[k];
      if (cg !== 0) {
        for (let j = 0; j < n; j++) yd[j] = d1[j] / cg;
        const ub = dualBound(ws, c, yd, p);
        if (ub < upper) upper = ub;
        if (upper - lower <= tol * upper) return { ok: true, lower, upper, iterations: it, converged: true };
      }
    }
    // Newton step in the subspace: z = −(NᵀHN)⁻¹Nᵀg, dx = N z.
    let trace = 0;
    for (let l1 = 0; l1 < m; l1++) {
      for (let l2 = 0; l2 <= l1; l2++) {
        let sum = 0;
        for (let a2 = 0; a2 < r; a2++) {
          const na = Nmat[a2 * m + l1];
          if (na === 0) continue;
          let t = 0;
          for (let b2 = 0; b2 < r; b2++) t += H[a2 * r + b2] * Nmat[b2 * m + l2];
          sum += na * t;
        }
        Hn[l1 * m + l2] = sum;
      }
      trace += Hn[l1 * m + l1];
    }
    for (let l = 0; l < m; l++) {
      let sum = 0;
      for (let a2 = 0; a2 < r; a2++) sum += Nmat[a2 * m + l] * g[a2];
      z[l] = -sum;
    }
    const L = Hn.slice();
    let jitter = 0;
    while (!choleskyInPlace(L, m)) {
      jitter = jitter === 0 ? 1e-14 * trace : jitter * 100;
      L.set(Hn);
      for (let l = 0; l < m; l++) L[l * m + l] += jitter;
      if (!(jitter <= trace)) break;
    }
    cholSolve(L, m, z);
    let slope = 0;
    for (let k = 0; k < r; k++) {
      let sum = 0;
      for (let l = 0; l < m; l++) sum += Nmat[k * m + l] * z[l];
      dx[k] = sum;
      slope += g[k] * sum;
    }
    if (!(slope < 0)) {
      if (smooth && mu2 > mu2Floor) { mu2 = Math.max(mu2 / 100, mu2Floor); continue; }
      return { ok: true, lower, upper, iterations: it, converged: false };
    }
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < r; k++) sum += q[j * r + k] * dx[k];
      yd[j] = sum;
    }
    let t = 1;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      if (fSmooth(t) <= fs + 1e-4 * t * slope) { accepted = true; break; }
      t /= 2;
    }
    if (accepted) for (let k = 0; k < r; k++) x[k] += t * dx[k];
    // Continuation: shrink μ once the smoothed problem is nearly solved (Newton decrement
    // −slope small against the objective) or the step stalled.
    if (smooth && (!accepted || -slope <= 1e-3 * fs) && mu2 > mu2Floor) mu2 = Math.max(mu2 / 100, mu2Floor);
    else if (!accepted) return { ok: true, lower, upper, iterations: it, converged: false };
  }
  return { ok: true, lower, upper, iterations: it, converged: upper - lower <= tol * upper };
}

/** The Lewis/leverage bounds of §2.4 (ALGORITHMS.md) on the basis Q. @internal */
export function lewisBounds(B: RangeBasis, p: number): { lower: Float64Array; upper: Float64Array; weights: Float64Array; converged: boolean } {
  const { n, r, q } = B;
  const lower = new Float64Array(n), upper = new Float64Array(n);
  if (r === 0) return { lower, upper, weights: new Float64Array(n), converged: true };
  const Qm: DenseMatrix = { kind: 'dense', rows: n, cols: r, data: q, offset: 0, rowStride: r, colStride: 1 };
  const lw = lewisWeights(Qm, p);
  const w = lw.weights;
  const dpow = powPositive(r, p / 2 - 1);
  for (let i = 0; i < n; i++) {
    if (B.zero[i]) continue;
    let tau = 0;
    for (let k = 0; k < r; k++) tau += q[i * r + k] * q[i * r + k];
    const tp = powPositive(tau, p / 2);
    if (p <= 2) {
      lower[i] = Math.min(dpow * w[i], 1);
      upper[i] = Math.min(1, w[i], tp);
    } else {
      lower[i] = Math.min(Math.max(w[i], tp), 1);
      upper[i] = Math.min(1, dpow * w[i]);
    }
    if (lower[i] > upper[i]) lower[i] = upper[i];
  }
  return { lower, upper, weights: w, converged: lw.converged };
}

// ---------------------------------------------------------------------------------------------
// Public API.

/** Validated {@link LpSensitivityOptions}. @internal */
export interface CheckedSensitivityOptions {
  method: SensitivityMethod;
  state: RngState | null;
  tol: number;
  maxIterations: number | undefined;
  sampleSize: number | undefined;
  rankTol: ToleranceOptions;
}

/** Validates p and {@link LpSensitivityOptions}. @internal */
export function checkSensitivityOptions(fn: string, p: unknown, options: LpSensitivityOptions): CheckedSensitivityOptions {
  assertReal(fn, 'p', p, 1, Infinity, 'hi');
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(options)})`);
  const method = options.method === undefined ? 'exact' : assertOneOf(fn, 'options.method', options.method, ['exact', 'lewis', 'approx'] as const);
  const tol = options.tol === undefined ? (p === 1 ? 1e-9 : 1e-8) : assertReal(fn, 'options.tol', options.tol, 0, 1, 'both');
  const maxIterations = options.maxIterations === undefined ? undefined : assertInt(fn, 'options.maxIterations', options.maxIterations, 1);
  const sampleSize = options.sampleSize === undefined ? undefined : assertInt(fn, 'options.sampleSize', options.sampleSize, 1);
  let state: RngState | null = null;
  if (method === 'approx') {
    if (options.seed === undefined) throw new InvalidArgumentError(fn, `options.seed is required with method 'approx' (got undefined)`);
    state = toRngState(options.seed, fn);
  } else if (options.seed !== undefined) {
    toRngState(options.seed, fn);
  }
  const t = checkToleranceOptions(fn, { atol: options.atol, rtol: options.rtol });
  return { method, state, tol, maxIterations, sampleSize, rankTol: { atol: t.atol, rtol: t.rtol } };
}

/**
 * ℓp sensitivities of the rows of an n×d matrix A,
 *
 *     σ_i = sup_{Ax ≠ 0} |a_iᵀx|^p / ‖Ax‖_p^p ∈ [0, 1],   𝔖 = Σ σ_i (the total sensitivity),
 *
 * the importance scores of ℓp sensitivity sampling (Woodruff & Yasuda, "Sharper bounds for ℓp
 * sensitivity sampling", ICML 2023). For p = 2 they are the leverage scores. Zero rows have
 * σ_i = 0. All methods work on an orthonormal basis Q of range(A) (σ depends only on the
 * range, σ(AT) = σ(A)), of numerical rank r by the library rule (`atol`/`rtol`).
 *
 * **`'exact'`** (default). 1/σ_i = min ‖Ax‖_p^p subject to a_iᵀx = 1, one convex program per
 * row, each bracketed by duality: the returned primal point x gives lower_i = |a_iᵀx|^p/‖Ax‖_p^p,
 * and a dual vector u with Aᵀu = a_i gives upper_i = ‖u‖_{p*}^p (Hölder, 1/p + 1/p* = 1);
 * each row is solved until upper_i − lower_i ≤ tol·upper_i, so `sensitivities` (= upper) is
 * certified to relative accuracy `tol` (up to rounding in Q).
 * - p = 1: the linear program min Σ t_j s.t. −t ≤ Ax ≤ t, a_iᵀx = 1 (ALGORITHMS.md §2.4),
 *   solved by the simplex method in its vertex form: a vertex has r − 1 rows with a_jᵀx = 0,
 *   its KKT multipliers decide optimality (all |v_j| ≤ 1), and an improving edge is followed to
 *   the minimum of the piecewise-linear objective along it, passing every kink on the way (the
 *   long-step ratio test of Barrodale & Roberts, SIAM J. Numer. Anal. 10, 1973, for ℓ1 problems;
 *   Bland's smallest-index rule (Bland 1977) after 2r degenerate steps in a row). The optimal
 *   vertex gives x and the dual u (signs and multipliers), hence the certificate. A step costs
 *   O(n·r) plus an O(r³) vertex solve; measured 12–18 steps per row and ≈ 2–3 ms per row
 *   (CPU) at n = 2000, r = 8, i.e. about 4–6 s for all 2000 rows: O(n²·r) overall, fine up to
 *   n ≈ 10⁴. Should it fail (a singular vertex or the iteration cap), the row is re-solved as
 *   the LP dual max λ s.t. Qᵀu = λq_i, −1 ≤ u ≤ 1 by the bounded-variable simplex of lp.ts.
 * - p > 1 (p ≠ 2): Newton's method on the affine set {a_iᵀx = 1} with Armijo backtracking,
 *   from the ℓ2 solution; for p < 2 on a smoothed objective with a continuation in the
 *   smoothing. Each step costs O(n·r²); measured 1.5–8 steps per row for p ∈ [1.5, 12] (about
 *   3 s for 2000×8 at p = 3). For p close to 1 (p ≲ 1.2) convergence is slow and the bracket
 *   may stall above `tol` (then `converged: false`; the bracket stays valid, measured 1e-5–1e-1
 *   wide for p ∈ [1.01, 1.1]); use p = 1 or the `'lewis'` bounds there.
 * - p = 2: σ_i = ‖q_i‖² = τ_i (leverage scores), O(nr).
 *
 * **`'lewis'`**: no per-row program; the two-sided bounds of ALGORITHMS.md §2.4 from the ℓp
 * Lewis weights w (Cohen & Peng, "ℓp row sampling by Lewis weights", STOC 2015) and the
 * leverage scores τ (DERIVED there, checked numerically by the tests):
 * p ≤ 2: r^{p/2−1}·w_i ≤ σ_i ≤ min(w_i, τ_i^{p/2});  p ≥ 2: max(w_i, τ_i^{p/2}) ≤ σ_i ≤ r^{p/2−1}·w_i.
 * Returns **`sensitivities = upper`** (an over-estimate, the safe side for sampling; total
 * ≤ r for p ≤ 2, ≤ r^{p/2} for p ≥ 2), and both arrays. The lower bound for p ≤ 2 is the
 * Chen–Dereziński (2021) inequality w_i ≤ d^{1−p/2}σ_i quoted by Woodruff–Yasuda. Cost: the
 * Lewis iteration, O(nr²) per step, 20–60 steps.
 *
 * **`'approx'`** (needs `seed`): the reduced oracle of ALGORITHMS.md §2.8 (Padmanabhan, Woodruff
 * & Zhang, "Computing approximate ℓp sensitivities", NeurIPS 2023, reduce sensitivity
 * computation to regression on a subspace embedding). Draw a Lewis-weight sample S with
 * E[rows] = `sampleSize` (Bernoulli, q_j = min(1, m·w_j/r), rows rescaled by q_j^{−1/p};
 * Cohen & Peng 2015), then solve each row's exact program against SA instead of A:
 * σ̂_i = sup |a_iᵀx|^p/‖SAx‖_p^p, and clamp it into [lower_i, upper_i], where lower_i is the
 * value of σ̂_i's maximiser x̂ on the full matrix (a witness, deterministic) and upper_i the
 * Lewis upper bound above (deterministic).
 * *Guarantee* (DERIVED, §2.8): if S is an ε ℓp subspace embedding of range(A)
 * ((1−ε)‖Ax‖_p^p ≤ ‖SAx‖_p^p ≤ (1+ε)‖Ax‖_p^p for all x) then
 * σ_i/(1+ε) ≤ σ̂_i ≤ σ_i/(1−ε) for every i, and the clamping keeps this. Cohen & Peng show
 * Lewis sampling gives such an S with m = O(d log(d/δ)/ε²) rows for p = 1 (and larger m for
 * other p) with probability 1 − δ [constants not verified]; the quality at the default size is
 * EMPIRICAL and measured (heavy-row and Gaussian 2000×8, p = 1, default size ≈ 330 rows, three
 * seeds: max_i |σ̂_i/σ_i − 1| = 0.09–0.18, median 0.01–0.07; p = 3: max 0.23–0.39).
 * If the sample does not span range(A), the size is doubled (up to 4 times) and the exact
 * method is used as a last resort. Cost: the Lewis iteration plus n programs on m rows
 * (O(m·r) per step) plus O(n·r) per witness: measured ≈ 0.8 s for 2000×8 at p = 1, against
 * ≈ 4–6 s for `'exact'` and ≈ 0.1 s for `'lewis'`.
 *
 * @param A - n×d matrix: DenseMatrix (any strides), CsrMatrix, or any {@link MatrixLike}. Not modified.
 * @param p - the exponent, a finite p ≥ 1.
 * @param options - {@link LpSensitivityOptions}.
 * @returns {@link LpSensitivityResult} `{ sensitivities, total, method, lower, upper, rank,
 *   converged, maxGap, iterations, sampleRows? }`.
 * @throws {@link InvalidArgumentError} for p < 1 or non-finite, an unknown method, tol ∉ (0, 1),
 *   maxIterations or sampleSize < 1, a missing or invalid seed for `'approx'`, bad atol/rtol, or
 *   a non-matrix input.
 * @throws {@link NonFiniteError} if A holds NaN or ±Infinity.
 * @example
 * ```ts
 * const { sensitivities, total } = lpSensitivities(A, 1);                 // exact, total ≤ d
 * const bounds = lpSensitivities(A, 3, { method: 'lewis' });              // upper bounds, fast
 * const est = lpSensitivities(A, 1, { method: 'approx', seed: 7 });
 * ```
 */
export function lpSensitivities(A: SamplingMatrix, p: number, options: LpSensitivityOptions = {}): LpSensitivityResult {
  const fn = 'lpSensitivities';
  assertOptions(fn, options);
  const o = checkSensitivityOptions(fn, p, options);
  const X = toSamplingInput(fn, A);
  const M = X.kind === 'csr' ? csrToDense(X as CsrMatrix) : (X as DenseMatrix);
  return sensitivitiesCore(fn, M, p, o);
}

/** {@link lpSensitivities} on a validated dense matrix. @internal */
export function sensitivitiesCore(fn: string, A: DenseMatrix, p: number, o: CheckedSensitivityOptions): LpSensitivityResult {
  return sensitivitiesFromBasis(fn, rangeBasis(fn, A, o.rankTol), p, o);
}

/** {@link lpSensitivities} on a precomputed {@link RangeBasis}. @internal */
export function sensitivitiesFromBasis(fn: string, B: RangeBasis, p: number, o: CheckedSensitivityOptions): LpSensitivityResult {
  if (o.method === 'lewis') {
    const lb = lewisBounds(B, p);
    const s = lb.upper.slice();
    return { sensitivities: s, total: sum(s), method: 'lewis', lower: lb.lower, upper: lb.upper, rank: B.r, converged: lb.converged, maxGap: 0, iterations: 0 };
  }
  if (o.method === 'exact') return exactCore(B, p, o);
  return approxCore(fn, B, p, o);
}

function defaultMaxIter(p: number, n: number, r: number): number {
  return p === 1 ? 100 * (n + r) : 200;
}

function exactCore(B: RangeBasis, p: number, o: CheckedSensitivityOptions): LpSensitivityResult {
  const { n, r, q } = B;
  const lower = new Float64Array(n), upper = new Float64Array(n);
  let converged = true, maxGap = 0, iterations = 0;
  if (r > 0) {
    const ws = rowWorkspace(q, n, r);
    const maxIter = o.maxIterations ?? defaultMaxIter(p, n, r);
    for (let i = 0; i < n; i++) {
      if (B.zero[i]) continue;
      const res = rowSensitivity(ws, q.subarray(i * r, i * r + r), p, o.tol, maxIter);
      lower[i] = Math.min(res.lower, 1);
      upper[i] = Math.min(res.upper, 1);
      if (lower[i] > upper[i]) lower[i] = upper[i];
      iterations += res.iterations;
      converged &&= res.converged;
      if (upper[i] > 0) maxGap = Math.max(maxGap, (upper[i] - lower[i]) / upper[i]);
    }
  }
  const s = upper.slice();
  return { sensitivities: s, total: sum(s), method: 'exact', lower, upper, rank: r, converged, maxGap, iterations };
}

function approxCore(fn: string, B: RangeBasis, p: number, o: CheckedSensitivityOptions): LpSensitivityResult {
  const { n, r, q } = B;
  if (r === 0) {
    const z = new Float64Array(n);
    return { sensitivities: z, total: 0, method: 'approx', lower: z.slice(), upper: z.slice(), rank: 0, converged: true, maxGap: 0, iterations: 0, sampleRows: 0 };
  }
  const lb = lewisBounds(B, p);
  let m = o.sampleSize ?? Math.min(n, Math.ceil(12 * r * lnDet(4 * r)));
  const state = o.state as RngState;
  for (let attempt = 0; attempt < 5 && m < n; attempt++, m = Math.min(n, 2 * m)) {
    const sample = sampleByScores(lb.weights, m, { seed: substream(state, attempt), p, mode: 'bernoulli' });
    const k = sample.indices.length;
    if (k < r) continue;
    // SQ (k×r, column-major for the SVD), rows q_idx·weight.
    const sq = new Float64Array(k * r);
    for (let t = 0; t < k; t++) {
      const i = sample.indices[t], wt = sample.weights[t];
      for (let c = 0; c < r; c++) sq[c * k + t] = q[i * r + c] * wt;
    }
    const F = svd({ kind: 'dense', rows: k, cols: r, data: sq, offset: 0, rowStride: 1, colStride: k });
    if (numericalRank(F.s, k, r) < r) continue;
    // SQ = U S Vᵀ: with x̃ = S·Vᵀ·x, ‖SQx‖ = ‖Ux̃‖ and q_iᵀx = (S⁻¹Vᵀq_i)ᵀx̃.
    const U = new Float64Array(k * r);
    for (let t = 0; t < k; t++) for (let c = 0; c < r; c++) U[t * r + c] = F.U.data[c * k + t];
    const ws = rowWorkspace(U, k, r);
    const full = rowWorkspace(q, n, r);
    const maxIter = o.maxIterations ?? defaultMaxIter(p, k, r);
    const est = new Float64Array(n), lower = new Float64Array(n);
    const ct = new Float64Array(r), xt = new Float64Array(r), x = new Float64Array(r);
    let converged = lb.converged, maxGap = 0, iterations = 0;
    for (let i = 0; i < n; i++) {
      if (B.zero[i]) continue;
      for (let c = 0; c < r; c++) {
        let s = 0;
        for (let e = 0; e < r; e++) s += F.V.data[c * r + e] * q[i * r + e];
        ct[c] = s / F.s[c];
      }
      const res = rowSensitivity(ws, ct, p, o.tol, maxIter, xt);
      iterations += res.iterations;
      converged &&= res.converged;
      if (res.upper > 0) maxGap = Math.max(maxGap, (res.upper - res.lower) / res.upper);
      // x = V S⁻¹ x̃; witness value on the full matrix.
      for (let e = 0; e < r; e++) {
        let s = 0;
        for (let c = 0; c < r; c++) s += (F.V.data[c * r + e] * xt[c]) / F.s[c];
        x[e] = s;
      }
      const wv = evalRatio(full, q.subarray(i * r, i * r + r), x, p);
      lower[i] = Math.min(Number.isFinite(wv) ? wv : 0, lb.upper[i]);
      est[i] = Math.min(Math.max(res.upper, lower[i]), lb.upper[i]);
    }
    return { sensitivities: est, total: sum(est), method: 'approx', lower, upper: lb.upper.slice(), rank: r, converged, maxGap, iterations, sampleRows: k };
  }
  // The sample never reached full rank (or m ≥ n): exact programs on A itself.
  const ex = exactCore(B, p, o);
  return { ...ex, method: 'approx', upper: ex.upper, converged: ex.converged && lb.converged, sampleRows: n };
}

function sum(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}
