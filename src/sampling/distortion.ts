/**
 * The ℓp subspace-embedding distortion of a row sample: sup over x of
 * |‖SAx‖_p^p / ‖Ax‖_p^p − 1|, estimated from below by search (random directions plus
 * Nelder–Mead, or a grid over the sphere for d ≤ 3), or computed exactly for p = 1 and d ≤ 3 by
 * enumerating the vertices of the hyperplane arrangement.
 *
 * @module
 */
import { assertCsr, csrToDense } from '../core/csr.js';
import { DimensionError, InvalidArgumentError } from '../core/errors.js';
import { asMatrix, type MatrixLike } from '../core/interop.js';
import type { DenseMatrix } from '../core/matrix.js';
import { hypot, nrm2 } from '../core/kernels/blas1.js';
import { sinCos2Pi } from '../rng/elementary.js';
import { assertOptions } from '../core/qr.js';
import { svd } from '../core/svd.js';
import { checkToleranceOptions, numericalRank, type ToleranceOptions } from '../core/tolerance.js';
import { assertInt, assertOneOf, assertReal } from '../core/validate.js';
import { fillNormal, substream, toRngState, type RngState, type Seed } from '../rng/index.js';
import { isCsrInput, type SamplingMatrix } from './leverage.js';
import { powPositive } from '../rng/elementary.js';

/** Search methods of {@link lpDistortion}. */
export type DistortionMethod = 'auto' | 'random' | 'grid' | 'vertices';

/** Options of {@link lpDistortion}. */
export interface LpDistortionOptions extends ToleranceOptions {
  /**
   * `'random'`: random directions plus Nelder–Mead refinement (any d; needs `seed`).
   * `'grid'`: a grid over the unit sphere of range(A) plus refinement (rank ≤ 3).
   * `'vertices'`: exact for p = 1 and rank ≤ 3 (all vertices of the kink arrangement).
   * `'auto'`: `'vertices'` when p = 1 and rank ≤ 2 (or rank 3 with at most 300 rows in A and SA
   * together), else `'grid'` when rank ≤ 3, else `'random'`.
   * @defaultValue 'auto'
   */
  readonly method?: DistortionMethod;
  /** Seed or generator state; required when the method is (or resolves to) `'random'`. */
  readonly seed?: Seed | RngState;
  /**
   * `'random'`: number of Gaussian directions.
   * @defaultValue 200
   */
  readonly directions?: number;
  /**
   * Number of best starting points refined by Nelder–Mead on each side (largest and smallest
   * ratio); 0 disables refinement.
   * @defaultValue 10
   */
  readonly refine?: number;
  /**
   * `'grid'`: number of grid points: angles kπ/G on the half circle (rank 2) or a Fibonacci
   * lattice of G points on the half sphere (rank 3).
   * @defaultValue 3600 (rank 2), 20000 (rank 3)
   */
  readonly gridSize?: number;
  /**
   * Nelder–Mead budget (function evaluations) per refined start.
   * @defaultValue 150·rank
   */
  readonly maxEvaluations?: number;
}

/** Result of {@link lpDistortion}. Plain data. */
export interface LpDistortionResult {
  /**
   * max(R_max − 1, 1 − R_min) over the directions evaluated, R(x) = ‖SAx‖_p^p/‖Ax‖_p^p: a
   * **lower bound** on the true distortion sup_x |R(x) − 1| for `'random'` and `'grid'`; the
   * exact value for `'vertices'` (and for rank ≤ 1, where R is constant).
   */
  readonly distortion: number;
  /** A unit vector x (‖x‖₂ = 1, in the row space of A) attaining `distortion`. */
  readonly worstDirection: Float64Array;
  /** Smallest ratio R found. */
  readonly ratioMin: number;
  /** Largest ratio R found. */
  readonly ratioMax: number;
  /** Number of evaluations of R. */
  readonly evaluations: number;
  /** The method used (`'auto'` resolved). */
  readonly method: Exclude<DistortionMethod, 'auto'>;
  /** Numerical rank r of A: directions are searched in its r-dimensional row space. */
  readonly rank: number;
}

interface Problem {
  r: number;
  n: number;
  k: number;
  p: number;
  /** Row-major n×r: A·Y. */
  q: Float64Array;
  /** Row-major k×r: SA·Y. */
  sq: Float64Array;
  /** d×r row-major, x = Y z. */
  Y: Float64Array;
  d: number;
  evals: number;
}

/** R(z) = ‖SQz‖_p^p/‖Qz‖_p^p (scale free). Returns NaN for z = 0. */
function ratio(P: Problem, z: Float64Array): number {
  P.evals++;
  const { r, q, sq, n, k, p } = P;
  let den = 0, num = 0, mx = 0;
  // Scale by the largest |Qz|_j so that powers neither overflow nor underflow.
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let e = 0; e < r; e++) s += q[i * r + e] * z[e];
    mx = Math.max(mx, Math.abs(s));
  }
  if (!(mx > 0)) return NaN;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let e = 0; e < r; e++) s += q[i * r + e] * z[e];
    den += p === 1 ? Math.abs(s) / mx : powPositive(Math.abs(s) / mx, p);
  }
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let e = 0; e < r; e++) s += sq[i * r + e] * z[e];
    num += p === 1 ? Math.abs(s) / mx : powPositive(Math.abs(s) / mx, p);
  }
  return num / den;
}

interface Best { value: number; z: Float64Array }

/**
 * Nelder–Mead (Nelder & Mead 1965; the standard coefficients 1, 2, ½, ½) maximising
 * sign·R over the gnomonic chart z = z₀ + Σ w_i t_i around z₀ (t_i an orthonormal basis of
 * z₀^⊥), so the search is (r − 1)-dimensional and free of the radial direction.
 */
function nelderMead(P: Problem, z0: Float64Array, sign: 1 | -1, budget: number): Best {
  const r = P.r, m = r - 1;
  const nz = nrm2(z0.length, z0, 0, 1);
  const c = Float64Array.from(z0, (v) => v / nz);
  // Orthonormal basis of c^⊥ from a Householder reflector.
  const v = Float64Array.from(c);
  v[0] += c[0] >= 0 ? 1 : -1;
  let vv = 0;
  for (let e = 0; e < r; e++) vv += v[e] * v[e];
  const T = new Float64Array(r * m);
  for (let e = 0; e < r; e++) for (let l = 0; l < m; l++) T[e * m + l] = (e === l + 1 ? 1 : 0) - (2 * v[e] * v[l + 1]) / vv;
  const point = (w: Float64Array): Float64Array => {
    const z = Float64Array.from(c);
    for (let e = 0; e < r; e++) for (let l = 0; l < m; l++) z[e] += T[e * m + l] * w[l];
    return z;
  };
  const f = (w: Float64Array): number => {
    const val = ratio(P, point(w));
    return Number.isNaN(val) ? -Infinity : sign * val;
  };
  const simplex: Float64Array[] = [];
  const fv: number[] = [];
  for (let i = 0; i <= m; i++) {
    const w = new Float64Array(m);
    if (i > 0) w[i - 1] = 0.1;
    simplex.push(w);
    fv.push(f(w));
  }
  let used = m + 1;
  const order = Array.from({ length: m + 1 }, (_, i) => i);
  while (used < budget) {
    order.sort((a, b) => fv[b] - fv[a]); // best (largest) first
    const best = order[0], worst = order[m], second = order[m - 1];
    if (fv[best] - fv[worst] <= 1e-12 * Math.max(1, Math.abs(fv[best]))) {
      let diam = 0;
      for (let l = 0; l < m; l++) diam = Math.max(diam, Math.abs(simplex[best][l] - simplex[worst][l]));
      if (diam < 1e-9) break;
    }
    const cen = new Float64Array(m);
    for (const i of order.slice(0, m)) for (let l = 0; l < m; l++) cen[l] += simplex[i][l] / m;
    const at = (t: number): Float64Array => Float64Array.from(cen, (cl, l) => cl + t * (simplex[worst][l] - cl));
    const xr = at(-1);
    const fr = f(xr); used++;
    if (fr > fv[best]) {
      const xe = at(-2);
      const fe = f(xe); used++;
      if (fe > fr) { simplex[worst] = xe; fv[worst] = fe; } else { simplex[worst] = xr; fv[worst] = fr; }
    } else if (fr > fv[second]) {
      simplex[worst] = xr; fv[worst] = fr;
    } else {
      const outside = fr > fv[worst];
      const xc = at(outside ? -0.5 : 0.5);
      const fc = f(xc); used++;
      if (fc > (outside ? fr : fv[worst])) { simplex[worst] = xc; fv[worst] = fc; }
      else {
        for (const i of order.slice(1)) {
          for (let l = 0; l < m; l++) simplex[i][l] = simplex[best][l] + 0.5 * (simplex[i][l] - simplex[best][l]);
          fv[i] = f(simplex[i]); used++;
        }
      }
    }
  }
  let bi = 0;
  for (let i = 1; i <= m; i++) if (fv[i] > fv[bi]) bi = i;
  return { value: sign * fv[bi], z: point(simplex[bi]) };
}

/** The extreme ratios found so far and their directions. */
interface Extremes { lo: number; hi: number; zLo: Float64Array | null; zHi: Float64Array | null }

function addExtreme(ext: Extremes, value: number, z: Float64Array): void {
  if (Number.isNaN(value)) return;
  if (value < ext.lo) { ext.lo = value; ext.zLo = z.slice(); }
  if (value > ext.hi) { ext.hi = value; ext.zHi = z.slice(); }
}

/** Keeps the `cap` best (value, z) pairs for one side. */
function keepTop(list: Best[], item: Best, cap: number, sign: 1 | -1): void {
  if (cap <= 0 || Number.isNaN(item.value)) return;
  if (list.length < cap) { list.push(item); list.sort((a, b) => sign * (b.value - a.value)); return; }
  if (sign * (item.value - list[cap - 1].value) > 0) {
    list[cap - 1] = item;
    list.sort((a, b) => sign * (b.value - a.value));
  }
}

/**
 * Estimates the ℓp subspace-embedding distortion of a sampled and rescaled matrix SA
 * (from {@link sampledRows}) for A:
 *
 *     distortion(S) = sup_{Ax ≠ 0} | ‖SAx‖_p^p / ‖Ax‖_p^p − 1 |,
 *
 * so that (1 − D)‖Ax‖_p^p ≤ ‖SAx‖_p^p ≤ (1 + D)‖Ax‖_p^p for all x (an ε-subspace embedding in
 * the p-th-power normalisation of Woodruff & Yasuda, ICML 2023, and Cohen & Peng, STOC 2015).
 * Directions are searched in the row space of A, parametrised as x = V_rΣ_r⁻¹z (so Ax = U_r z
 * and z on the unit sphere covers range(A) uniformly in ℓ2); x in the null space of A is
 * excluded (the ratio is undefined there).
 *
 * - `'random'`: `directions` Gaussian z (seeded), then Nelder–Mead (on the sphere's tangent
 *   chart) from the `refine` largest and the `refine` smallest ratios. Returns a **lower bound**
 *   on the distortion: the supremum of a non-concave ratio is not certified by any search.
 *   Cost: (directions + 2·refine·maxEvaluations)·O((n + k)·r).
 * - `'grid'` (rank ≤ 3): rank 2: G angles kπ/G, spacing h = π/G (default 0.05°); rank 3: a
 *   Fibonacci lattice of G points on the half sphere, spacing h ≈ √(2π/G) (default ≈ 1°); then
 *   the same refinement. A lower bound; before refinement the grid value is within L·h of the
 *   supremum, L the Lipschitz constant of the ratio on the sphere. Cost G·O((n + k)·r).
 * - `'vertices'` (p = 1, rank ≤ 3): **exact**. For p = 1 the ratio is linear-fractional on each
 *   cone where the signs of Ax and SAx are fixed, so its extremes are at extreme rays of the
 *   arrangement of the hyperplanes a_j^⊥ and (SA)_k^⊥ (DERIVED: a linear-fractional function
 *   on a pointed polyhedral cone attains its extremes on extreme rays). Rank 2: the N = n + k
 *   lines, O(N²); rank 3: the O(N²) pairwise intersections, O(N³).
 * Rank ≤ 1: the ratio is constant; it is returned exactly.
 *
 * @param A - n×d matrix (DenseMatrix, CsrMatrix or any {@link MatrixLike}); not modified.
 * @param SA - k×d matrix, the sampled rescaled rows (k may be 0: distortion 1).
 * @param p - exponent, finite p ≥ 1.
 * @param options - {@link LpDistortionOptions}.
 * @returns {@link LpDistortionResult} `{ distortion, worstDirection, ratioMin, ratioMax,
 *   evaluations, method, rank }`.
 * @throws {@link DimensionError} if SA has not the d columns of A.
 * @throws {@link InvalidArgumentError} for p < 1, an unknown method, `'grid'`/`'vertices'` with
 *   rank > 3, `'vertices'` with p ≠ 1, a missing seed for `'random'`, or non-integer counts.
 * @throws {@link NonFiniteError} for NaN/±Infinity in A or SA.
 * @example
 * ```ts
 * const S = sensitivitySample(A, 1, 200, { seed: 1 });
 * const { distortion } = lpDistortion(A, sampledRows(A, S), 1, { seed: 2 });
 * ```
 */
export function lpDistortion(A: SamplingMatrix, SA: SamplingMatrix, p: number, options: LpDistortionOptions = {}): LpDistortionResult {
  const fn = 'lpDistortion';
  assertOptions(fn, options);
  assertReal(fn, 'p', p, 1, Infinity, 'hi');
  const method0 = options.method === undefined ? 'auto' : assertOneOf(fn, 'options.method', options.method, ['auto', 'random', 'grid', 'vertices'] as const);
  const directions = options.directions === undefined ? 200 : assertInt(fn, 'options.directions', options.directions, 1);
  const refine = options.refine === undefined ? 10 : assertInt(fn, 'options.refine', options.refine, 0);
  const gridSize = options.gridSize === undefined ? undefined : assertInt(fn, 'options.gridSize', options.gridSize, 2);
  const maxEval = options.maxEvaluations === undefined ? undefined : assertInt(fn, 'options.maxEvaluations', options.maxEvaluations, 1);
  const tol = checkToleranceOptions(fn, { atol: options.atol, rtol: options.rtol });
  const state = options.seed === undefined ? null : toRngState(options.seed, fn);
  const Am = dense(fn, A, 'A');
  const Sm = dense(fn, SA, 'SA');
  if (Sm.cols !== Am.cols) throw new DimensionError(fn, `SA has ${Sm.cols} columns but A has ${Am.cols}`);
  const n = Am.rows, d = Am.cols, k = Sm.rows;

  // Row-space coordinates: Y = V_r Σ_r⁻¹.
  let r = 0;
  let Y = new Float64Array(0);
  if (n > 0 && d > 0) {
    const F = svd(Am);
    r = numericalRank(F.s, n, d, tol);
    Y = new Float64Array(d * r);
    for (let c = 0; c < r; c++) for (let j = 0; j < d; j++) Y[j * r + c] = F.V.data[c * d + j] / F.s[c];
  }
  let method: Exclude<DistortionMethod, 'auto'>;
  if (method0 === 'auto') {
    if (p === 1 && (r <= 2 || (r === 3 && n + k <= 300))) method = 'vertices';
    else if (r <= 3) method = 'grid';
    else method = 'random';
  } else method = method0;
  if ((method === 'grid' || method === 'vertices') && r > 3) {
    throw new InvalidArgumentError(fn, `options.method '${method}' needs rank(A) ≤ 3 (got rank ${r})`);
  }
  if (method === 'vertices' && p !== 1) throw new InvalidArgumentError(fn, `options.method 'vertices' is exact only for p = 1 (got p = ${p})`);
  if (method === 'random' && state === null) {
    throw new InvalidArgumentError(fn, `options.seed is required for the random search (got undefined; method '${method0}', rank ${r})`);
  }
  if (r === 0) {
    return { distortion: 0, worstDirection: new Float64Array(d), ratioMin: 1, ratioMax: 1, evaluations: 0, method, rank: 0 };
  }
  const P: Problem = { r, n, k, p, d, Y, q: project(Am, Y, r), sq: project(Sm, Y, r), evals: 0 };
  const ext: Extremes = { lo: Infinity, hi: -Infinity, zLo: null, zHi: null };
  const budget = maxEval ?? 150 * r;
  const tops: Best[] = [], bottoms: Best[] = [];
  const consider = (z: Float64Array): void => {
    const v = ratio(P, z);
    addExtreme(ext, v, z);
    keepTop(tops, { value: v, z: z.slice() }, refine, 1);
    keepTop(bottoms, { value: v, z: z.slice() }, refine, -1);
  };

  if (r === 1) {
    consider(Float64Array.of(1));
  } else if (method === 'vertices') {
    vertexCandidates(P, consider);
  } else if (method === 'grid') {
    const G = gridSize ?? (r === 2 ? 3600 : 20000);
    const z = new Float64Array(r);
    const sc = new Float64Array(2);
    if (r === 2) {
      // angle πt/G = 2π·t/(2G): randnla's own sine and cosine, the same in every engine
      for (let t = 0; t < G; t++) { sinCos2Pi(t / (2 * G), sc, 0); z[0] = sc[1]; z[1] = sc[0]; consider(z); }
    } else {
      // the golden angle 2π·c, c = (3 − √5)/2, as a fraction of a turn: t·c mod 1
      const c = (3 - Math.sqrt(5)) / 2;
      for (let t = 0; t < G; t++) {
        const h = 1 - (t + 0.5) / G;
        const rho = Math.sqrt(1 - h * h);
        const turn = t * c - Math.floor(t * c);
        sinCos2Pi(turn, sc, 0);
        z[0] = rho * sc[1]; z[1] = rho * sc[0]; z[2] = h;
        consider(z);
      }
    }
  } else {
    const g = new Float64Array(directions * r);
    fillNormal(substream(state as RngState, 0), 0, g);
    for (let t = 0; t < directions; t++) consider(g.subarray(t * r, t * r + r));
  }
  if (method !== 'vertices' && r > 1) {
    for (const b of tops) { const res = nelderMead(P, b.z, 1, budget); addExtreme(ext, res.value, res.z); }
    for (const b of bottoms) { const res = nelderMead(P, b.z, -1, budget); addExtreme(ext, res.value, res.z); }
  }
  const upSide = ext.hi - 1 >= 1 - ext.lo;
  const z = (upSide ? ext.zHi : ext.zLo) as Float64Array;
  const x = new Float64Array(d);
  for (let j = 0; j < d; j++) { let s = 0; for (let c = 0; c < r; c++) s += Y[j * r + c] * z[c]; x[j] = s; }
  const nx = nrm2(d, x, 0, 1);
  if (nx > 0) for (let j = 0; j < d; j++) x[j] /= nx;
  return {
    distortion: Math.max(ext.hi - 1, 1 - ext.lo, 0),
    worstDirection: x,
    ratioMin: ext.lo,
    ratioMax: ext.hi,
    evaluations: P.evals,
    method,
    rank: r,
  };
}

function dense(fn: string, A: SamplingMatrix, name: string): DenseMatrix {
  if (isCsrInput(A)) {
    assertCsr(fn, name, A);
    return csrToDense(A);
  }
  return asMatrix(A as MatrixLike, fn, { name });
}

/** Row-major (rows×r) M·Y. */
function project(M: DenseMatrix, Y: Float64Array, r: number): Float64Array {
  const { rows, cols, data, offset, rowStride, colStride } = M;
  const out = new Float64Array(rows * r);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = data[offset + i * rowStride + j * colStride];
      if (v === 0) continue;
      for (let c = 0; c < r; c++) out[i * r + c] += v * Y[j * r + c];
    }
  }
  return out;
}

/** Every extreme ray of the arrangement of the kink hyperplanes (rank 2 or 3), fed to `consider`. */
function vertexCandidates(P: Problem, consider: (z: Float64Array) => void): void {
  const { r } = P;
  const normals: Float64Array[] = [];
  for (const [M, rows] of [[P.q, P.n], [P.sq, P.k]] as const) {
    for (let i = 0; i < rows; i++) {
      const h = M.subarray(i * r, i * r + r);
      let s = 0;
      for (let e = 0; e < r; e++) s += h[e] * h[e];
      if (s > 0) normals.push(h);
    }
  }
  const z = new Float64Array(r);
  if (r === 2) {
    for (const h of normals) { z[0] = -h[1]; z[1] = h[0]; consider(z); }
    return;
  }
  for (let a = 0; a < normals.length; a++) {
    const u = normals[a];
    for (let b = a + 1; b < normals.length; b++) {
      const v = normals[b];
      z[0] = u[1] * v[2] - u[2] * v[1];
      z[1] = u[2] * v[0] - u[0] * v[2];
      z[2] = u[0] * v[1] - u[1] * v[0];
      const zn = hypot(z[0], z[1], z[2]);
      const un = hypot(u[0], u[1], u[2]), vn = hypot(v[0], v[1], v[2]);
      if (!(zn > 1e-12 * un * vn)) continue; // parallel planes: no new ray
      consider(z);
    }
  }
}
