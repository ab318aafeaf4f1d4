/**
 * Exact least absolute deviations (ℓ1 regression) by a vertex walk: a simplex method on the
 * LP min Σ|b_i − a_iᵀx|, started from a near-optimal point, with a duality certificate.
 *
 * @internal
 * @module
 */
import { columnCombination } from './columns.js';

/** Result of {@link ladVertexWalk}. */
export interface LadResult {
  /** The solution (a vertex: d rows interpolated exactly), or the start when no vertex was found. */
  readonly x: Float64Array;
  /** Σ|b_i − a_iᵀx|. */
  readonly objective: number;
  /** Pivots taken. */
  readonly pivots: number;
  /** True when the dual certificate verified optimality (see {@link LadResult.maxDual}). */
  readonly optimal: boolean;
  /**
   * max_{i∈J} |u_i| of the dual vector u (u_i = sign(r_i) off the basis J, A_Jᵀu_J = −Σ_{i∉J} u_i a_i
   * on it): Aᵀu = 0 by construction, and |u| ≤ 1 certifies optimality (LP duality: bᵀu equals
   * the objective). NaN when no basis was formed.
   */
  readonly maxDual: number;
  /** bᵀu, equal to the objective when the certificate holds. NaN when no basis was formed. */
  readonly dualObjective: number;
  /** The d interpolated rows (the basis), or null. */
  readonly basis: Int32Array | null;
}

/** LU factorization with partial pivoting of a d×d column-major matrix (in place). Returns false when singular. */
function luFactor(d: number, a: Float64Array, piv: Int32Array): boolean {
  let amax = 0;
  for (let i = 0; i < a.length; i++) amax = Math.max(amax, Math.abs(a[i]));
  const tiny = amax * d * 1e-14;
  for (let k = 0; k < d; k++) {
    let p = k;
    let mx = Math.abs(a[k * d + k]);
    for (let i = k + 1; i < d; i++) {
      const v = Math.abs(a[k * d + i]);
      if (v > mx) {
        mx = v;
        p = i;
      }
    }
    piv[k] = p;
    if (!(mx > tiny)) return false;
    if (p !== k) {
      for (let j = 0; j < d; j++) {
        const t = a[j * d + k];
        a[j * d + k] = a[j * d + p];
        a[j * d + p] = t;
      }
    }
    const inv = 1 / a[k * d + k];
    for (let i = k + 1; i < d; i++) a[k * d + i] *= inv;
    for (let j = k + 1; j < d; j++) {
      const f = a[j * d + k];
      if (f === 0) continue;
      for (let i = k + 1; i < d; i++) a[j * d + i] -= f * a[k * d + i];
    }
  }
  return true;
}

/** Solves M·x = y (trans = false) or Mᵀ·x = y (trans = true) with the LU of M; y overwritten. */
function luSolve(d: number, lu: Float64Array, piv: Int32Array, y: Float64Array, trans: boolean): void {
  if (!trans) {
    for (let k = 0; k < d; k++) {
      const p = piv[k];
      if (p !== k) {
        const t = y[k];
        y[k] = y[p];
        y[p] = t;
      }
    }
    for (let j = 0; j < d; j++) {
      const yj = y[j];
      if (yj !== 0) for (let i = j + 1; i < d; i++) y[i] -= lu[j * d + i] * yj;
    }
    for (let j = d - 1; j >= 0; j--) {
      y[j] /= lu[j * d + j];
      const yj = y[j];
      if (yj !== 0) for (let i = 0; i < j; i++) y[i] -= lu[j * d + i] * yj;
    }
    return;
  }
  // Mᵀ = Uᵀ·Lᵀ·P: solve Uᵀz = y, Lᵀw = z, then undo the row permutation.
  for (let j = 0; j < d; j++) {
    let s = y[j];
    for (let i = 0; i < j; i++) s -= lu[j * d + i] * y[i];
    y[j] = s / lu[j * d + j];
  }
  for (let j = d - 1; j >= 0; j--) {
    let s = y[j];
    for (let i = j + 1; i < d; i++) s -= lu[j * d + i] * y[i];
    y[j] = s;
  }
  for (let k = d - 1; k >= 0; k--) {
    const p = piv[k];
    if (p !== k) {
      const t = y[k];
      y[k] = y[p];
      y[p] = t;
    }
  }
}

/**
 * Picks d linearly independent rows of A (column-major n×d, leading dimension n), preferring
 * those with the smallest |r_i|: greedy Gram–Schmidt (twice) on the rows in that order, a row
 * accepted when its component orthogonal to the chosen ones has norm > 1e-8·‖a_i‖. Returns null
 * when fewer than d independent rows exist (rank-deficient A).
 */
function initialBasis(n: number, d: number, a: Float64Array, r: Float64Array): Int32Array | null {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const key = Float64Array.from(r, Math.abs);
  const sorted = Array.from(order).sort((p, q) => key[p] - key[q] || p - q);
  const basis = new Int32Array(d);
  const Q = new Float64Array(d * d); // accepted orthonormal directions (rows), row-major
  const v = new Float64Array(d);
  let k = 0;
  for (let t = 0; t < n && k < d; t++) {
    const i = sorted[t];
    let nv0 = 0;
    for (let j = 0; j < d; j++) {
      v[j] = a[j * n + i];
      nv0 += v[j] * v[j];
    }
    if (nv0 === 0) continue;
    for (let pass = 0; pass < 2; pass++) {
      for (let q = 0; q < k; q++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += Q[q * d + j] * v[j];
        for (let j = 0; j < d; j++) v[j] -= s * Q[q * d + j];
      }
    }
    let nv = 0;
    for (let j = 0; j < d; j++) nv += v[j] * v[j];
    if (nv <= 1e-16 * nv0) continue;
    const inv = 1 / Math.sqrt(nv);
    for (let j = 0; j < d; j++) Q[k * d + j] = v[j] * inv;
    basis[k++] = i;
  }
  return k === d ? basis : null;
}

/**
 * The breakpoint where a convex piecewise-linear function stops decreasing: among the first
 * `len` entries (keys t, weights w > 0, ids), the id of the smallest key t* such that the total
 * weight of keys ≤ t* reaches `need` (a weighted quantile), or −1 if the total is smaller.
 * Ties go to the smallest id. Expected O(len) (quickselect with three-way partitioning);
 * permutes the three arrays.
 */
export function weightedSelect(t: Float64Array, w: Float64Array, id: Int32Array, len: number, need: number): number {
  let lo = 0, hi = len; // active range [lo, hi)
  let rest = need;
  let total = 0;
  for (let k = 0; k < len; k++) total += w[k];
  if (total < need) return -1;
  const swap = (i: number, j: number): void => {
    const a = t[i]; t[i] = t[j]; t[j] = a;
    const b = w[i]; w[i] = w[j]; w[j] = b;
    const c = id[i]; id[i] = id[j]; id[j] = c;
  };
  for (;;) {
    if (hi - lo <= 16) {
      // Insertion sort on (t, id) and scan.
      for (let i = lo + 1; i < hi; i++) {
        for (let j = i; j > lo && (t[j] < t[j - 1] || (t[j] === t[j - 1] && id[j] < id[j - 1])); j--) swap(j, j - 1);
      }
      for (let i = lo; i < hi; i++) {
        rest -= w[i];
        if (rest <= 0) return id[i];
      }
      return id[hi - 1];
    }
    // Median of three as the pivot key.
    const m = (lo + hi) >> 1;
    const a = t[lo], b = t[m], c = t[hi - 1];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    // Three-way partition: [lo, lt) < pivot, [lt, gt) = pivot, [gt, hi) > pivot.
    let lt = lo, i = lo, gt = hi;
    while (i < gt) {
      if (t[i] < pivot) swap(lt++, i++);
      else if (t[i] > pivot) swap(i, --gt);
      else i++;
    }
    let wl = 0;
    for (let k = lo; k < lt; k++) wl += w[k];
    if (wl >= rest) {
      hi = lt;
      continue;
    }
    let we = 0;
    let best = -1;
    for (let k = lt; k < gt; k++) {
      we += w[k];
      if (best < 0 || id[k] < best) best = id[k];
    }
    if (wl + we >= rest) return best;
    rest -= wl + we;
    lo = gt;
  }
}

/**
 * Exact ℓ1 regression from a starting point x0 (typically an IRLS iterate): forms a vertex from
 * the d rows of smallest residual, then pivots along descending edges until the LP dual
 * certificate holds.
 *
 * At a vertex with basis J (A_J nonsingular, r_J = 0) and u_i = sign(r_i) off J, solve
 * A_Jᵀu_J = −Σ_{i∉J} u_i a_i. If |u_J| ≤ 1 the subgradient condition 0 ∈ ∂f holds and the vertex
 * is optimal (bᵀu = f(x) with Aᵀu = 0, |u| ≤ 1 dual feasible). Otherwise, for the j with
 * the largest |u_j| > 1, the edge δ = A_J⁻¹(σe_j), σ = −sign(u_j), releases row j with
 * directional derivative 1 − |u_j| < 0; the exact line search along it is a weighted median
 * (the breakpoints t_i = r_i/(a_iᵀδ) > 0, where the slope grows by 2|a_iᵀδ|), and the row at the
 * minimising breakpoint enters the basis (Barrodale & Roberts 1973 in spirit; a primal simplex
 * step on the LP). Each pivot costs O(nd + n log n + d³). Degenerate vertices (zero residuals
 * off the basis) are handled by trying the next candidate j; if none descends, the walk stops
 * with `optimal: false`.
 *
 * @param n - rows; @param d - columns; @param a - column-major A (leading dimension n);
 * @param b - right-hand side; @param x0 - start; @param maxPivots - pivot cap.
 */
export function ladVertexWalk(n: number, d: number, a: Float64Array, b: Float64Array, x0: Float64Array, maxPivots: number): LadResult {
  const r = new Float64Array(n);
  const residual = (x: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < n; i++) r[i] = b[i];
    for (let j = 0; j < d; j++) {
      const xj = x[j];
      if (xj === 0) continue;
      const o = j * n;
      for (let i = 0; i < n; i++) r[i] -= xj * a[o + i];
    }
    for (let i = 0; i < n; i++) f += Math.abs(r[i]);
    return f;
  };
  let f0 = residual(x0);
  const basis = initialBasis(n, d, a, r);
  if (basis === null) return { x: x0.slice(), objective: f0, pivots: 0, optimal: false, maxDual: NaN, dualObjective: NaN, basis: null };
  const inBasis = new Uint8Array(n);
  for (const i of basis) inBasis[i] = 1;
  const lu = new Float64Array(d * d);
  const piv = new Int32Array(d);
  let x = new Float64Array(d);
  let bnorm = 0;
  for (let i = 0; i < n; i++) bnorm = Math.max(bnorm, Math.abs(b[i]));
  let anorm = 0;
  for (let i = 0; i < a.length; i++) anorm = Math.max(anorm, Math.abs(a[i]));

  const factor = (): boolean => {
    for (let k = 0; k < d; k++) {
      const i = basis[k];
      for (let j = 0; j < d; j++) lu[j * d + k] = a[j * n + i]; // row k of A_J
    }
    return luFactor(d, lu, piv);
  };
  const u = new Float64Array(d);
  const s = new Float64Array(n);
  const c = new Float64Array(n);
  let pivots = 0;
  let maxDual = NaN;
  let dualObjective = NaN;
  let optimal = false;
  let best = { x: x0.slice(), f: f0 };
  const bpT = new Float64Array(n);
  const bpW = new Float64Array(n);
  const bpI = new Int32Array(n);

  for (;;) {
    if (!factor()) break;
    // Vertex: A_J x = b_J.
    for (let k = 0; k < d; k++) x[k] = b[basis[k]];
    luSolve(d, lu, piv, x, false);
    let f = residual(x);
    for (const i of basis) {
      f -= Math.abs(r[i]);
      r[i] = 0;
    }
    if (f < best.f) best = { x: x.slice(), f };
    // Signs off the basis; residuals at the rounding level count as zero.
    let xmax = 0;
    for (let j = 0; j < d; j++) xmax = Math.max(xmax, Math.abs(x[j]));
    const zeroTol = 64 * Number.EPSILON * (bnorm + anorm * xmax * d);
    for (let i = 0; i < n; i++) s[i] = inBasis[i] || Math.abs(r[i]) <= zeroTol ? 0 : r[i] > 0 ? 1 : -1;
    // Dual: A_Jᵀ u_J = −Σ_{i∉J} s_i a_i.
    for (let j = 0; j < d; j++) {
      const o = j * n;
      let t0 = 0, t1 = 0;
      let i = 0;
      for (; i + 1 < n; i += 2) {
        t0 += s[i] * a[o + i];
        t1 += s[i + 1] * a[o + i + 1];
      }
      if (i < n) t0 += s[i] * a[o + i];
      u[j] = -(t0 + t1);
    }
    luSolve(d, lu, piv, u, true);
    maxDual = 0;
    for (let k = 0; k < d; k++) maxDual = Math.max(maxDual, Math.abs(u[k]));
    dualObjective = 0;
    for (let i = 0; i < n; i++) if (s[i] !== 0) dualObjective += s[i] * b[i];
    for (let k = 0; k < d; k++) dualObjective += u[k] * b[basis[k]];
    if (maxDual <= 1 + 1e-10) {
      optimal = true;
      break;
    }
    if (pivots >= maxPivots) break;
    // Candidates j with |u_j| > 1, largest first.
    const cand = Array.from({ length: d }, (_, k) => k).filter((k) => Math.abs(u[k]) > 1 + 1e-10).sort((p, q) => Math.abs(u[q]) - Math.abs(u[p]));
    let moved = false;
    for (const jk of cand) {
      const sigma = u[jk] > 0 ? -1 : 1;
      const delta = new Float64Array(d);
      delta[jk] = sigma;
      luSolve(d, lu, piv, delta, false);
      // c = A·δ.
      columnCombination(n, d, a, delta, c);
      let slope = 1;
      let nb = 0;
      for (let i = 0; i < n; i++) {
        if (inBasis[i]) continue;
        const ci = c[i];
        const si = s[i];
        if (si === 0) {
          slope += Math.abs(ci);
          continue;
        }
        const sc = si * ci;
        slope -= sc;
        if (sc > 0) {
          bpT[nb] = r[i] / ci;
          bpW[nb] = 2 * Math.abs(ci);
          bpI[nb] = i;
          nb++;
        }
      }
      if (!(slope < 0)) continue;
      const enter = weightedSelect(bpT, bpW, bpI, nb, -slope);
      if (enter < 0) continue;
      inBasis[basis[jk]] = 0;
      basis[jk] = enter;
      inBasis[enter] = 1;
      pivots++;
      moved = true;
      break;
    }
    if (!moved) break;
  }
  if (!optimal) {
    x = best.x;
    f0 = best.f;
    return { x, objective: f0, pivots, optimal, maxDual, dualObjective, basis: Int32Array.from(basis) };
  }
  const fx = residual(x);
  return { x, objective: fx, pivots, optimal, maxDual, dualObjective, basis: Int32Array.from(basis) };
}
