/**
 * The top singular triplet (σ₁, u₁, v₁) of a small dense matrix, for the Monarch projection,
 * which needs one per slice and nothing else.
 *
 * Method: the slice B (any strides) is copied, scaled by 1/max|B| so nothing overflows or
 * underflows, into W = Bᵀ (tall B) or W = B (wide B), a d×D row-major array with
 * d = min(m, n). The Gram matrix G = W·Wᵀ of the smaller side (contiguous dot products) is
 * reduced to tridiagonal form T = QᵀGQ by Householder reflections (upper triangle only); the
 * largest eigenvalue of T is found by Sturm-sequence bisection to full precision, its
 * eigenvector by inverse iteration (tridiagonal LU with partial pivoting) and mapped back with
 * Q, giving x. Then y = Wᵀx/‖Wᵀx‖ and one alternating step x ← W·y/‖W·y‖, σ = ‖W·y‖: σ·x·yᵀ is
 * the best rank-1 approximation with right factor y, so the step can only lower the error.
 * The eigenvector's angle error is O(ε·σ₁²/(σ₁² − σ₂²)), so the rank-1 residual exceeds the
 * optimum Σ_{i≥2} σᵢ² by O(ε²·σ₁⁴/(σ₁² − σ₂²)): negligible, and an exactly rank-1 B is
 * reproduced to rounding.
 *
 * Cost: m·n·d/2 multiply-adds for G, (2/3)·d³ for the reduction, O(d) per bisection step
 * (about 60 steps), O(d) per inverse-iteration step (3 steps), O(mn) for the copy and the
 * other vector.
 *
 * References: Golub & Van Loan, "Matrix Computations", 4th ed., §8.3.1 (Householder
 * tridiagonalization), §8.4.1 (Sturm sequence bisection), §8.2.2 (inverse iteration);
 * Eckart & Young (1936) for the rank-1 optimality.
 *
 * @internal
 * @module
 */

/** Reusable workspaces for slices of at most `maxM`×`maxN`. @internal */
export interface TripletWorkspace {
  readonly w: Float64Array; // the scaled slice, d×D row-major (d = min side)
  readonly g: Float64Array; // d×d Gram / reduction work
  readonly vs: Float64Array; // Householder vectors, packed
  readonly tau: Float64Array;
  readonly diag: Float64Array;
  readonly off: Float64Array;
  readonly x: Float64Array; // length d
  readonly y: Float64Array; // length D
  readonly p: Float64Array;
  readonly lu: Float64Array; // 4·d: dl, dd, du, du2
  readonly piv: Uint8Array;
}

/** Allocates a workspace for slices up to maxM×maxN. @internal */
export function tripletWorkspace(maxM: number, maxN: number): TripletWorkspace {
  const d = Math.max(1, Math.min(maxM, maxN));
  const D = Math.max(maxM, maxN, 1);
  return {
    w: new Float64Array(d * D),
    g: new Float64Array(d * d),
    vs: new Float64Array(d * d),
    tau: new Float64Array(d),
    diag: new Float64Array(d),
    off: new Float64Array(d),
    x: new Float64Array(d),
    y: new Float64Array(D),
    p: new Float64Array(d),
    lu: new Float64Array(4 * d),
    piv: new Uint8Array(d),
  };
}

/**
 * Top singular triplet of the m×n matrix B with element (i, j) at `b[bo + i·rs + j·cs]` (any
 * strides; B is only read): returns σ₁ ≥ 0 and writes unit vectors u (length m) and v (length
 * n) with B·v ≈ σ₁u. For B = 0 returns 0 with u = e₀, v = e₀. @internal
 */
export function topSingularTriplet(
  b: Float64Array,
  bo: number,
  m: number,
  n: number,
  rs: number,
  cs: number,
  u: Float64Array,
  v: Float64Array,
  ws: TripletWorkspace,
): number {
  const amax = maxAbsStrided(b, bo, m, n, rs, cs);
  if (amax === 0) {
    u.fill(0, 0, m);
    v.fill(0, 0, n);
    u[0] = 1;
    v[0] = 1;
    return 0;
  }
  const c = Math.min(1 / amax, 2 ** 1000); // 1/amax overflows for subnormal amax
  // W = c·Bᵀ (tall B) or c·B (wide B): d×D row-major with d = min(m, n), so the Gram matrix
  // W·Wᵀ of the smaller side is a table of contiguous dot products.
  const tall = n <= m;
  const d = tall ? n : m, D = tall ? m : n;
  if (tall) copyScaled(b, bo, n, m, cs, rs, c, ws.w);
  else copyScaled(b, bo, m, n, rs, cs, c, ws.w);
  gramRows(ws.w, d, D, ws.g);
  const x = ws.x, y = ws.y;
  topEigenvector(d, ws, x);
  // y = Wᵀx/‖Wᵀx‖, then x ← W·y/‖W·y‖ with σ = ‖W·y‖/c: the best rank-1 approximation with
  // right factor y, so the refinement can only lower the error.
  wtTimes(ws.w, d, D, x, y);
  const sw = wTimes(ws.w, d, D, y, x);
  const sigma = sw / c;
  if (tall) {
    for (let i = 0; i < n; i++) v[i] = x[i];
    for (let i = 0; i < m; i++) u[i] = y[i];
  } else {
    for (let i = 0; i < m; i++) u[i] = x[i];
    for (let i = 0; i < n; i++) v[i] = y[i];
  }
  return sigma;
}

function maxAbsStrided(b: Float64Array, bo: number, m: number, n: number, rs: number, cs: number): number {
  let amax = 0;
  for (let j = 0; j < n; j++) {
    let k = bo + j * cs;
    for (let i = 0; i < m; i++, k += rs) {
      const a = Math.abs(b[k]);
      if (a > amax) amax = a;
    }
  }
  return amax;
}

/** w[i·cols + j] = c·b[bo + i·s1 + j·s2] for i < rows, j < cols. */
function copyScaled(b: Float64Array, bo: number, rows: number, cols: number, s1: number, s2: number, c: number, w: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const wb = i * cols;
    let k = bo + i * s1;
    for (let j = 0; j < cols; j++, k += s2) w[wb + j] = c * b[k];
  }
}

/** g (d×d, both triangles) ← W·Wᵀ for the row-major d×D matrix W. Cost d²·D/2. */
function gramRows(w: Float64Array, d: number, D: number, g: Float64Array): void {
  for (let i = 0; i < d; i++) {
    const ri = i * D;
    for (let j = i; j < d; j++) {
      const rj = j * D;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let k = 0;
      for (; k + 3 < D; k += 4) {
        s0 += w[ri + k] * w[rj + k];
        s1 += w[ri + k + 1] * w[rj + k + 1];
        s2 += w[ri + k + 2] * w[rj + k + 2];
        s3 += w[ri + k + 3] * w[rj + k + 3];
      }
      for (; k < D; k++) s0 += w[ri + k] * w[rj + k];
      const s = (s0 + s1) + (s2 + s3);
      g[i * d + j] = s;
      g[j * d + i] = s;
    }
  }
}

/** y ← Wᵀx/‖Wᵀx‖ (y = e₀ if Wᵀx = 0). */
function wtTimes(w: Float64Array, d: number, D: number, x: Float64Array, y: Float64Array): void {
  y.fill(0, 0, D);
  for (let i = 0; i < d; i++) {
    const a = x[i];
    if (a === 0) continue;
    const rb = i * D;
    for (let k = 0; k < D; k++) y[k] += a * w[rb + k];
  }
  normalizeOrE0(y, D);
}

/** x ← W·y/‖W·y‖; returns ‖W·y‖. */
function wTimes(w: Float64Array, d: number, D: number, y: Float64Array, x: Float64Array): number {
  let ss = 0;
  for (let i = 0; i < d; i++) {
    const rb = i * D;
    let s = 0;
    for (let k = 0; k < D; k++) s += w[rb + k] * y[k];
    x[i] = s;
    ss += s * s;
  }
  const nr = Math.sqrt(ss);
  normalizeOrE0(x, d);
  return nr;
}

function normalizeOrE0(x: Float64Array, len: number): void {
  let ss = 0;
  for (let i = 0; i < len; i++) ss += x[i] * x[i];
  if (ss > 0) {
    const inv = 1 / Math.sqrt(ss);
    for (let i = 0; i < len; i++) x[i] *= inv;
  } else {
    x.fill(0, 0, len);
    x[0] = 1;
  }
}

/**
 * Unit eigenvector of the largest eigenvalue of the symmetric d×d matrix in ws.g (row-major,
 * both triangles; destroyed), written to out[0 … d).
 */
function topEigenvector(d: number, ws: TripletWorkspace, out: Float64Array): void {
  if (d === 1) {
    out[0] = 1;
    return;
  }
  tridiagonalize(d, ws);
  const dg = ws.diag, e = ws.off;
  let tnorm = 0;
  for (let i = 0; i < d; i++) {
    const r = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < d - 1 ? Math.abs(e[i]) : 0);
    tnorm = Math.max(tnorm, Math.abs(dg[i]) + r);
  }
  const pivmin = Math.max(Number.MIN_VALUE * 1e10, tnorm * Number.EPSILON * Number.EPSILON);
  const lambda = largestEigenvalue(d, dg, e, tnorm, pivmin);
  inverseIteration(d, dg, e, lambda, Math.max(tnorm * Number.EPSILON, pivmin), ws, out);
  backTransform(d, ws, out);
  let ss = 0;
  for (let i = 0; i < d; i++) ss += out[i] * out[i];
  const inv = 1 / Math.sqrt(ss);
  for (let i = 0; i < d; i++) out[i] *= inv;
}

/**
 * Householder tridiagonalization of ws.g (d×d symmetric; only the upper triangle is read and
 * updated): T = QᵀGQ with Q = H₀⋯H_{d−3}, H_k = I − τ_k v_k v_kᵀ acting on indices k+1 … d−1
 * (v_k stored at ws.vs[k·d …], leading 1). Writes T's diagonal to ws.diag and its
 * off-diagonal to ws.off. Cost (2/3)d³ multiply-adds.
 */
function tridiagonalize(d: number, ws: TripletWorkspace): void {
  const g = ws.g, vs = ws.vs, tau = ws.tau, dg = ws.diag, e = ws.off, p = ws.p;
  for (let k = 0; k < d - 2; k++) {
    const len = d - k - 1;
    const vo = k * d;
    const o = k + 1;
    const xb = k * d + o; // row k right of the diagonal = column k below it
    let sigma = 0;
    for (let i = 1; i < len; i++) {
      const x = g[xb + i];
      sigma += x * x;
    }
    const x0 = g[xb];
    dg[k] = g[k * d + k];
    if (sigma === 0) {
      tau[k] = 0;
      e[k] = x0;
      continue;
    }
    const mu = Math.sqrt(x0 * x0 + sigma);
    const v0 = x0 <= 0 ? x0 - mu : -sigma / (x0 + mu);
    const tk = (2 * v0 * v0) / (sigma + v0 * v0);
    tau[k] = tk;
    vs[vo] = 1;
    for (let i = 1; i < len; i++) vs[vo + i] = g[xb + i] / v0;
    e[k] = mu;
    symMatvecUpper(g, d, o, len, vs, vo, p);
    rank2UpdateUpper(g, d, o, len, vs, vo, tk, p);
  }
  dg[d - 2] = g[(d - 2) * d + (d - 2)];
  dg[d - 1] = g[(d - 1) * d + (d - 1)];
  e[d - 2] = g[(d - 2) * d + (d - 1)];
}

/** p ← A22·v for the symmetric A22 = g[o…, o…] (len×len) stored in its upper triangle. */
function symMatvecUpper(g: Float64Array, d: number, o: number, len: number, vs: Float64Array, vo: number, p: Float64Array): void {
  p.fill(0, 0, len);
  for (let i = 0; i < len; i++) {
    const rb = (o + i) * d + o;
    const vi = vs[vo + i];
    let s = g[rb + i] * vi;
    for (let j = i + 1; j < len; j++) {
      const a = g[rb + j];
      s += a * vs[vo + j];
      p[j] += a * vi;
    }
    p[i] += s;
  }
}

/** With p = A22·v: w = τp − (τ²/2)(pᵀv)v, and the upper triangle of A22 −= v wᵀ + w vᵀ. */
function rank2UpdateUpper(g: Float64Array, d: number, o: number, len: number, vs: Float64Array, vo: number, tk: number, p: Float64Array): void {
  let pv = 0;
  for (let i = 0; i < len; i++) {
    p[i] *= tk;
    pv += p[i] * vs[vo + i];
  }
  const h = 0.5 * tk * pv;
  for (let i = 0; i < len; i++) p[i] -= h * vs[vo + i];
  for (let i = 0; i < len; i++) {
    const rb = (o + i) * d + o;
    const vi = vs[vo + i], wi = p[i];
    for (let j = i; j < len; j++) g[rb + j] -= vi * p[j] + wi * vs[vo + j];
  }
}

/** Largest eigenvalue of the symmetric tridiagonal (dg, e) by bisection on the Sturm count. */
function largestEigenvalue(d: number, dg: Float64Array, e: Float64Array, tnorm: number, pivmin: number): number {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < d; i++) {
    const r = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < d - 1 ? Math.abs(e[i]) : 0);
    lo = Math.min(lo, dg[i] - r);
    hi = Math.max(hi, dg[i] + r);
  }
  const pad = tnorm * Number.EPSILON * 2 + pivmin;
  hi += pad;
  lo -= pad;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi || hi - lo <= 2 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi)) + pivmin) break;
    if (countBelow(d, dg, e, mid, pivmin) >= d) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Inverse iteration for the eigenvector of the tridiagonal (dg, e) at the eigenvalue λ:
 * LU of T − λI with partial pivoting (pivots below `tiny` replaced by ±tiny), three solves
 * from a fixed generic start, written to y.
 */
function inverseIteration(d: number, dg: Float64Array, e: Float64Array, lambda: number, tiny: number, ws: TripletWorkspace, y: Float64Array): void {
  const lu = ws.lu, piv = ws.piv;
  const dl = 0, dd = d, du = 2 * d, du2 = 3 * d;
  for (let i = 0; i < d; i++) lu[dd + i] = dg[i] - lambda;
  for (let i = 0; i < d - 1; i++) {
    lu[dl + i] = e[i];
    lu[du + i] = e[i];
  }
  for (let i = 0; i < d; i++) lu[du2 + i] = 0;
  for (let i = 0; i < d - 1; i++) {
    const di = lu[dd + i], li = lu[dl + i];
    if (Math.abs(di) >= Math.abs(li)) {
      piv[i] = 0;
      const pv = Math.abs(di) < tiny ? (di < 0 ? -tiny : tiny) : di;
      lu[dd + i] = pv;
      const f = li / pv;
      lu[dl + i] = f;
      lu[dd + i + 1] -= f * lu[du + i];
    } else {
      piv[i] = 1;
      const f = di / li;
      lu[dd + i] = li;
      lu[dl + i] = f;
      const tmp = lu[du + i];
      lu[du + i] = lu[dd + i + 1];
      lu[dd + i + 1] = tmp - f * lu[dd + i + 1];
      if (i < d - 2) {
        lu[du2 + i] = lu[du + i + 1];
        lu[du + i + 1] = -f * lu[du + i + 1];
      }
    }
  }
  if (Math.abs(lu[dd + d - 1]) < tiny) lu[dd + d - 1] = lu[dd + d - 1] < 0 ? -tiny : tiny;
  for (let i = 0; i < d; i++) y[i] = 1 + (i % 7) * 1e-3; // generic start, deterministic
  for (let iter = 0; iter < 3; iter++) {
    for (let i = 0; i < d - 1; i++) {
      if (piv[i] === 0) {
        y[i + 1] -= lu[dl + i] * y[i];
      } else {
        const tmp = y[i];
        y[i] = y[i + 1];
        y[i + 1] = tmp - lu[dl + i] * y[i];
      }
    }
    y[d - 1] /= lu[dd + d - 1];
    y[d - 2] = (y[d - 2] - lu[du + d - 2] * y[d - 1]) / lu[dd + d - 2];
    for (let i = d - 3; i >= 0; i--) y[i] = (y[i] - lu[du + i] * y[i + 1] - lu[du2 + i] * y[i + 2]) / lu[dd + i];
    let amax = 0;
    for (let i = 0; i < d; i++) amax = Math.max(amax, Math.abs(y[i]));
    if (!(amax > 0) || !Number.isFinite(amax)) {
      // Degenerate (not observed): fall back to the unit vector of the largest diagonal entry.
      y.fill(0, 0, d);
      let best = 0;
      for (let i = 1; i < d; i++) if (dg[i] > dg[best]) best = i;
      y[best] = 1;
      return;
    }
    for (let i = 0; i < d; i++) y[i] /= amax;
  }
}

/** y ← H₀H₁⋯H_{d−3}·y (H_{d−3} first): an eigenvector of T becomes one of G. */
function backTransform(d: number, ws: TripletWorkspace, y: Float64Array): void {
  const vs = ws.vs, tau = ws.tau;
  for (let k = d - 3; k >= 0; k--) {
    const tk = tau[k];
    if (tk === 0) continue;
    const len = d - k - 1, vo = k * d, o = k + 1;
    let s = 0;
    for (let i = 0; i < len; i++) s += vs[vo + i] * y[o + i];
    s *= tk;
    for (let i = 0; i < len; i++) y[o + i] -= s * vs[vo + i];
  }
}

/** Number of eigenvalues of the symmetric tridiagonal (dg, e) below x (Sturm count). */
function countBelow(d: number, dg: Float64Array, e: Float64Array, x: number, pivmin: number): number {
  let cnt = 0;
  let q = dg[0] - x;
  if (Math.abs(q) < pivmin) q = -pivmin;
  if (q < 0) cnt++;
  for (let i = 1; i < d; i++) {
    q = dg[i] - x - (e[i - 1] * e[i - 1]) / q;
    if (Math.abs(q) < pivmin) q = -pivmin;
    if (q < 0) cnt++;
  }
  return cnt;
}
