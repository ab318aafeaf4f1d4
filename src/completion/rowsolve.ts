/**
 * The per-row least-squares solves of one alternating-minimisation half-step, exact (JNS13) and
 * sketch-preconditioned (GSYZ24, ALGORITHMS.md §3.4), with an operation counter.
 *
 * A half-step updates every row t of the *target* factor T (p×k) with the *fixed* factor F (q×k)
 * held constant. Row t has the observations e ∈ [ptr[t], ptr[t+1]) at fixed rows idx[e] with
 * values val[e]; with s = |Ω_t| it solves
 *
 *     min_x ‖A_t x − b_t‖² + μ_t‖x‖²,   A_t = F̄[idx[e], :] (s×kk),  μ_t = λ·s
 *
 * where F̄ = [F, 1] and x = [T_t, c_t] when the bias term is on (kk = k + 1), else F̄ = F, x = T_t
 * (kk = k), and b_e = val[e] − mean − (fixed bias of idx[e]).
 *
 * Nothing here validates or allocates per row; scratch comes from a {@link Workspace}.
 *
 * @internal
 * @module
 */
import { eigSym } from '../core/eig.js';
import { qrInPlace } from '../core/qr.js';
import { solveUpperInPlace, solveUpperTransInPlace } from '../core/kernels/triangular.js';
import { fillIntegers, fillRademacher, substream, type RngState } from '../rng/index.js';

/** Observations grouped by target row. */
export interface Side {
  /** Number of target rows p. */
  readonly p: number;
  /** Number of fixed rows q. */
  readonly q: number;
  /** Length p + 1. */
  readonly ptr: Int32Array;
  /** Fixed-row index of each observation (sorted within a target row). */
  readonly idx: Int32Array;
  /** Observed value of each observation. */
  readonly val: Float64Array;
  /** Number of observations of each fixed row (length q). */
  readonly cnt: Int32Array;
  /** Largest ptr[t+1] − ptr[t]. */
  readonly maxRow: number;
}

/** How the robust solver preconditions a row system. */
export type Preconditioner = 'auto' | 'gram' | 'sketch';

/** Parameters of one half-step. */
export interface HalfStepParams {
  readonly method: 'exact' | 'robust';
  readonly k: number;
  readonly bias: boolean;
  readonly mean: number;
  readonly lambda: number;
  readonly preconditioner: Preconditioner;
  /** Relative tolerance of the inner solves (‖g‖_{M⁻¹} ≤ tol·‖b_t‖). */
  readonly innerTol: number;
  /** PCG iteration cap per row; a row that has not converged by then is solved exactly. */
  readonly innerMaxIter: number;
  /** Randomness of the row sketches of this half-step. */
  readonly rng: RngState;
}

/** Operation counts of one or more half-steps. */
export interface SolveStats {
  /** Modelled floating-point operations (multiply and add counted separately). */
  flops: number;
  /** PCG iterations, summed over rows. */
  innerIterations: number;
  /** Rows solved exactly (by method, or because the robust solver chose or fell back to it). */
  exactRows: number;
  /** Rows whose PCG did not reach the tolerance within the cap and were then solved exactly. */
  fallbacks: number;
  /** Rows preconditioned by their own sparse sketch. */
  sketchedRows: number;
  /** Rows preconditioned by the shared (frequency-weighted Gram) preconditioner. */
  gramRows: number;
  /** Rows with no observation (left at zero). */
  emptyRows: number;
  /** Rows with fewer observations than unknowns, or a singular normal matrix (solved with a tiny ridge). */
  regularizedRows: number;
}

/** A fresh, zeroed {@link SolveStats}. */
export function newStats(): SolveStats {
  return { flops: 0, innerIterations: 0, exactRows: 0, fallbacks: 0, sketchedRows: 0, gramRows: 0, emptyRows: 0, regularizedRows: 0 };
}

/** Adds b into a. */
export function addStats(a: SolveStats, b: SolveStats): void {
  a.flops += b.flops;
  a.innerIterations += b.innerIterations;
  a.exactRows += b.exactRows;
  a.fallbacks += b.fallbacks;
  a.sketchedRows += b.sketchedRows;
  a.gramRows += b.gramRows;
  a.emptyRows += b.emptyRows;
  a.regularizedRows += b.regularizedRows;
}

/** Nonzeros per column of the row sketch (sparse sign; ALGORITHMS.md §6 default ζ = 8). */
export const SKETCH_ZETA = 8;
/** Rows of the row sketch per unknown (γ = 4, ALGORITHMS.md §6 sketch-and-precondition). */
export const SKETCH_GAMMA = 4;
/** 'auto' gives a row its own sketch when |Ω_t| ≥ this·kk², where the O(kk³) QR is O(|Ω_t|·kk). */
export const SKETCH_AUTO_MIN = 4;
/** Relative size of the ridge added to a singular normal matrix: 1e-10·trace(G)/kk. */
const FLOOR_RIDGE = 1e-10;

/** Scratch buffers, sized once for a completion run (plain data; written by the solvers). */
export interface Workspace {
  readonly kk: number;
  /** F̄ = [F, 1] (or F), q×kk row-major. */
  readonly features: Float64Array;
  /** F̄·W (shared preconditioner coordinates), q×kk row-major. */
  readonly rotated: Float64Array;
  readonly b: Float64Array;
  /** The current row system A_t gathered contiguously, s×kk row-major (robust solves). */
  readonly block: Float64Array;
  readonly r: Float64Array;
  readonly qv: Float64Array;
  readonly x: Float64Array;
  readonly xr: Float64Array;
  readonly g: Float64Array;
  readonly z: Float64Array;
  readonly pv: Float64Array;
  readonly gram: Float64Array;
  readonly chol: Float64Array;
  readonly rhs: Float64Array;
  readonly diag: Float64Array;
  readonly w: Float64Array;
  readonly lam: Float64Array;
  readonly sk: Float64Array;
  readonly tau: Float64Array;
  readonly hash: Int32Array;
  readonly sign: Float64Array;
}

/**
 * Scratch for unknowns per row kk, at most `maxFixed` fixed rows and `maxRow` observations per
 * row; the robust buffers only when `robust`, the row-sketch buffers only when `sketch`.
 * Memory O((maxFixed + maxRow)·kk + maxRow·ζ + kk²).
 */
export function newWorkspace(kk: number, maxFixed: number, maxRow: number, robust: boolean, sketch: boolean): Workspace {
  const ld = (SKETCH_GAMMA + 1) * kk;
  return {
    kk,
    features: new Float64Array(maxFixed * kk),
    rotated: new Float64Array(robust ? maxFixed * kk : 0),
    b: new Float64Array(maxRow),
    block: new Float64Array(robust ? maxRow * kk : 0),
    r: new Float64Array(robust ? maxRow : 0),
    qv: new Float64Array(robust ? maxRow : 0),
    x: new Float64Array(kk),
    xr: new Float64Array(kk),
    g: new Float64Array(kk),
    z: new Float64Array(kk),
    pv: new Float64Array(kk),
    gram: new Float64Array(kk * kk),
    chol: new Float64Array(kk * kk),
    rhs: new Float64Array(kk),
    diag: new Float64Array(kk),
    w: new Float64Array(kk * kk),
    lam: new Float64Array(kk),
    sk: new Float64Array(sketch ? ld * kk : 0),
    tau: new Float64Array(kk),
    hash: new Int32Array(sketch ? maxRow * SKETCH_ZETA : 0),
    sign: new Float64Array(sketch ? maxRow * SKETCH_ZETA : 0),
  };
}

/**
 * One half-step: every row of the target factor T (p×k row-major, with its bias tBias when
 * `bias`) is replaced by the solution of its row system, given F (q×k row-major) and fBias.
 * Rows without observations are set to zero. Counts go to `st`.
 */
export function halfStep(
  side: Side,
  T: Float64Array,
  tBias: Float64Array,
  F: Float64Array,
  fBias: Float64Array,
  P: HalfStepParams,
  ws: Workspace,
  st: SolveStats,
): void {
  const { p, q, ptr, idx, val } = side;
  const k = P.k, kk = ws.kk, bias = P.bias;
  const Fa = ws.features;
  for (let j = 0; j < q; j++) {
    const o = j * kk, s = j * k;
    for (let a = 0; a < k; a++) Fa[o + a] = F[s + a];
    if (bias) Fa[o + k] = 1;
  }
  const robust = P.method === 'robust';
  const gramSetup = robust && P.preconditioner !== 'sketch' ? setupGram(side, ws, st) : false;
  const x = ws.x, b = ws.b;
  const mean = P.mean;
  let sketchRows: RngState | null = null;
  let sketchSigns: RngState | null = null;
  for (let t = 0; t < p; t++) {
    const e0 = ptr[t], s = ptr[t + 1] - e0;
    const to = t * k;
    if (s === 0) {
      for (let a = 0; a < k; a++) T[to + a] = 0;
      if (bias) tBias[t] = 0;
      st.emptyRows++;
      continue;
    }
    let bnorm2 = 0;
    for (let e = 0; e < s; e++) {
      const v = val[e0 + e] - mean - (bias ? fBias[idx[e0 + e]] : 0);
      b[e] = v;
      bnorm2 += v * v;
    }
    for (let a = 0; a < k; a++) x[a] = T[to + a];
    if (bias) x[k] = tBias[t];
    const mu = P.lambda * s;
    let done = false;
    if (robust && s >= kk && bnorm2 > 0) {
      const tolAbs = P.innerTol * Math.sqrt(bnorm2);
      const wantSketch = P.preconditioner === 'sketch' || (P.preconditioner === 'auto' && s >= SKETCH_AUTO_MIN * kk * kk);
      const cap = P.innerMaxIter;
      if (wantSketch) {
        if (s > SKETCH_GAMMA * kk) {
          if (sketchRows === null) {
            sketchRows = substream(P.rng, 0);
            sketchSigns = substream(P.rng, 1);
          }
          st.sketchedRows++;
          gather(Fa, kk, idx, e0, s, ws.block);
          done = sketchSolve(kk, e0, s, b, x, mu, tolAbs, cap, sketchRows, sketchSigns as RngState, ws, st);
          if (!done) st.fallbacks++;
        }
        // else: the sketch would not be smaller than the row system; solve exactly.
      } else if (gramSetup) {
        st.gramRows++;
        gather(ws.rotated, kk, idx, e0, s, ws.block);
        done = gramSolve(kk, s, b, x, mu, tolAbs, cap, ws, st);
        if (!done) st.fallbacks++;
      }
      // else: the fixed factor is zero (no Gram preconditioner); the exact solve gives x = 0.
    }
    if (!done) {
      st.exactRows++;
      exactSolve(Fa, kk, idx, e0, s, b, x, mu, ws, st);
    }
    for (let a = 0; a < k; a++) T[to + a] = x[a];
    if (bias) tBias[t] = x[k];
  }
}

/**
 * Shared preconditioner: the frequency-weighted Gram G = Σ_j (cnt_j/|Ω|)·F̄_j F̄_jᵀ = W·Λ·Wᵀ, and
 * the rotated features F̄·W. Under uniform sampling E[A_tᵀA_t] = s·G, so s·Λ + μ is the
 * preconditioner of row t in the rotated coordinates. Returns false when F̄ = 0.
 */
function setupGram(side: Side, ws: Workspace, st: SolveStats): boolean {
  const { q, cnt } = side;
  const kk = ws.kk, Fa = ws.features, G = ws.gram;
  const N = side.ptr[side.p];
  G.fill(0);
  for (let j = 0; j < q; j++) {
    const c = cnt[j];
    if (c === 0) continue;
    const wgt = c / N, o = j * kk;
    for (let a = 0; a < kk; a++) {
      const fa = wgt * Fa[o + a];
      if (fa === 0) continue;
      const ro = a * kk;
      for (let c2 = 0; c2 <= a; c2++) G[ro + c2] += fa * Fa[o + c2];
    }
  }
  // G holds the lower triangle row-major (G[a*kk + c], c ≤ a): a row-major view of it is a
  // matrix whose lower triangle is G, which is the triangle eigSym reads.
  const E = eigSym({ kind: 'dense', rows: kk, cols: kk, data: G, offset: 0, rowStride: kk, colStride: 1 });
  st.flops += q * kk * (kk + 1) + 9 * kk * kk * kk + 2 * q * kk * kk;
  const top = E.values[0];
  if (!(top > 0)) return false;
  const W = ws.w, lam = ws.lam;
  W.set(E.vectors.data); // column-major: W[a, c] = w[c*kk + a]
  for (let c = 0; c < kk; c++) lam[c] = Math.max(E.values[c], 1e-12 * top);
  const R = ws.rotated;
  for (let j = 0; j < q; j++) {
    const o = j * kk;
    for (let c = 0; c < kk; c++) {
      let sum = 0;
      const wo = c * kk;
      for (let a = 0; a < kk; a++) sum += Fa[o + a] * W[wo + a];
      R[o + c] = sum;
    }
  }
  return true;
}

/** Row solve with the shared preconditioner, in the rotated coordinates x' = Wᵀx. */
function gramSolve(
  kk: number,
  s: number,
  b: Float64Array,
  x: Float64Array,
  mu: number,
  tolAbs: number,
  maxIter: number,
  ws: Workspace,
  st: SolveStats,
): boolean {
  const W = ws.w, xr = ws.xr, d = ws.diag, lam = ws.lam;
  for (let c = 0; c < kk; c++) {
    let sum = 0;
    const wo = c * kk;
    for (let a = 0; a < kk; a++) sum += W[wo + a] * x[a];
    xr[c] = sum;
    d[c] = 1 / (s * lam[c] + mu);
  }
  st.flops += 4 * kk * kk + 2 * kk;
  const ok = pcg(kk, s, b, xr, mu, 0, maxIter, tolAbs, ws, st);
  if (!ok) return false;
  for (let a = 0; a < kk; a++) {
    let sum = 0;
    for (let c = 0; c < kk; c++) sum += W[c * kk + a] * xr[c];
    x[a] = sum;
  }
  return true;
}

/**
 * Row solve preconditioned by its own sketch (ALGORITHMS.md §3.4): S (d×s sparse sign, d = 4kk,
 * ζ = 8 nonzeros ±1/√ζ per column), R from the QR of [S·A_t; √μ·I], then PCG with M = RᵀR.
 * The hashes and signs of observation e are at positions e·ζ … e·ζ + ζ − 1 of the half-step's
 * two sketch substreams, so they do not depend on the order rows are solved in.
 */
function sketchSolve(
  kk: number,
  e0: number,
  s: number,
  b: Float64Array,
  x: Float64Array,
  mu: number,
  tolAbs: number,
  maxIter: number,
  rowsRng: RngState,
  signRng: RngState,
  ws: Workspace,
  st: SolveStats,
): boolean {
  const d = SKETCH_GAMMA * kk;
  const zeta = Math.min(SKETCH_ZETA, d);
  const ld = mu > 0 ? d + kk : d;
  const S = ws.sk, hash = ws.hash, sign = ws.sign;
  S.fill(0, 0, ld * kk);
  fillIntegers(rowsRng, e0 * zeta, d, hash, 0, s * zeta);
  fillRademacher(signRng, e0 * zeta, sign, 0, s * zeta, 1 / Math.sqrt(zeta));
  const F = ws.block;
  for (let e = 0; e < s; e++) {
    const o = e * kk;
    for (let z = 0; z < zeta; z++) {
      const h = hash[e * zeta + z], sg = sign[e * zeta + z];
      for (let a = 0; a < kk; a++) S[a * ld + h] += sg * F[o + a];
    }
  }
  if (mu > 0) {
    const sq = Math.sqrt(mu);
    for (let a = 0; a < kk; a++) S[a * ld + d + a] = sq;
  }
  qrInPlace(ld, kk, S, ws.tau);
  st.flops += 2 * zeta * s * kk + 2 * ld * kk * kk - (2 * kk * kk * kk) / 3;
  let rmax = 0;
  for (let a = 0; a < kk; a++) rmax = Math.max(rmax, Math.abs(S[a * ld + a]));
  for (let a = 0; a < kk; a++) if (!(Math.abs(S[a * ld + a]) > 1e-12 * rmax)) return false;
  return pcg(kk, s, b, x, mu, ld, maxIter, tolAbs, ws, st);
}

/** Copies the rows idx[e0 … e0+s−1] of F (·×kk row-major) into `out` (s×kk, contiguous). */
function gather(F: Float64Array, kk: number, idx: Int32Array, e0: number, s: number, out: Float64Array): void {
  for (let e = 0; e < s; e++) {
    const src = idx[e0 + e] * kk, dst = e * kk;
    for (let a = 0; a < kk; a++) out[dst + a] = F[src + a];
  }
}

/** Modelled flops of one PCG iteration (two products with A_t, the preconditioner, vector updates). */
function pcgIterationFlops(s: number, kk: number, triangular: boolean): number {
  return 4 * s * kk + 4 * s + 9 * kk + (triangular ? 2 * kk * kk : kk);
}

/** Modelled flops of the exact solve of a row with s observations. */
function exactFlops(s: number, kk: number): number {
  return s * kk * (kk + 1) + 2 * s * kk + (kk * kk * kk) / 3 + 2 * kk * kk;
}

/** z ← M⁻¹g: diagonal (ld = 0, ws.diag holds 1/M_cc) or (RᵀR)⁻¹ with R in ws.sk (leading dimension ld). */
function precondition(kk: number, ld: number, ws: Workspace): void {
  const g = ws.g, z = ws.z;
  if (ld === 0) {
    const d = ws.diag;
    for (let c = 0; c < kk; c++) z[c] = g[c] * d[c];
  } else {
    z.set(g);
    solveUpperTransInPlace(kk, ws.sk, 0, ld, z, 0, 1);
    solveUpperInPlace(kk, ws.sk, 0, ld, z, 0, 1);
  }
}

/**
 * Preconditioned conjugate gradients on the normal equations (A_tᵀA_t + μI)x = A_tᵀb_t in the
 * CGLS form (the residual r = b − A_t x is carried, AᵀA is never formed): Björck, Numerical
 * Methods for Least Squares Problems, SIAM 1996, §7.4. Stops when ‖g‖_{M⁻¹} ≤ tolAbs, where
 * g = Aᵀr − μx is the normal-equation residual; with M ≈ A_tᵀA_t + μI this is ≈ ‖A_t(x − x*)‖
 * (the error of the fitted values of the row). Returns false when the cap is reached first or a
 * breakdown (non-positive curvature, NaN) occurs; x is then meaningless.
 */
function pcg(
  kk: number,
  s: number,
  b: Float64Array,
  x: Float64Array,
  mu: number,
  ld: number,
  maxIter: number,
  tolAbs: number,
  ws: Workspace,
  st: SolveStats,
): boolean {
  const F = ws.block, r = ws.r, qv = ws.qv, g = ws.g, z = ws.z, pv = ws.pv;
  const iterFlops = pcgIterationFlops(s, kk, ld !== 0);
  // r = b − A x;  g = Aᵀ r − μ x.
  g.fill(0);
  for (let e = 0; e < s; e++) {
    const o = e * kk;
    let sum = 0;
    for (let a = 0; a < kk; a++) sum += F[o + a] * x[a];
    const re = b[e] - sum;
    r[e] = re;
    for (let a = 0; a < kk; a++) g[a] += F[o + a] * re;
  }
  for (let a = 0; a < kk; a++) g[a] -= mu * x[a];
  precondition(kk, ld, ws);
  let gamma = 0;
  for (let a = 0; a < kk; a++) gamma += g[a] * z[a];
  st.flops += iterFlops;
  if (!(gamma >= 0)) return false;
  if (Math.sqrt(gamma) <= tolAbs) return true;
  pv.set(z);
  const tol2 = tolAbs * tolAbs;
  for (let it = 0; it < maxIter; it++) {
    st.innerIterations++;
    st.flops += iterFlops;
    let qq = 0;
    for (let e = 0; e < s; e++) {
      const o = e * kk;
      let sum = 0;
      for (let a = 0; a < kk; a++) sum += F[o + a] * pv[a];
      qv[e] = sum;
      qq += sum * sum;
    }
    let pp = 0;
    for (let a = 0; a < kk; a++) pp += pv[a] * pv[a];
    const delta = qq + mu * pp;
    if (!(delta > 0)) return false;
    const alpha = gamma / delta;
    for (let a = 0; a < kk; a++) x[a] += alpha * pv[a];
    g.fill(0);
    for (let e = 0; e < s; e++) {
      const re = r[e] - alpha * qv[e];
      r[e] = re;
      const o = e * kk;
      for (let a = 0; a < kk; a++) g[a] += F[o + a] * re;
    }
    for (let a = 0; a < kk; a++) g[a] -= mu * x[a];
    precondition(kk, ld, ws);
    let gnew = 0;
    for (let a = 0; a < kk; a++) gnew += g[a] * z[a];
    if (!(gnew >= 0)) return false;
    if (gnew <= tol2) return true;
    const beta = gnew / gamma;
    for (let a = 0; a < kk; a++) pv[a] = z[a] + beta * pv[a];
    gamma = gnew;
  }
  return false;
}

/**
 * Exact row solve (JNS13): G = A_tᵀA_t + μI (lower triangle, s·kk(kk+1) flops), Cholesky
 * (kk³/3) and two triangular solves. A singular G (fewer observations than unknowns, or
 * collinear ones) is retried with the ridge 1e-10·trace(G)/kk added, which selects a solution of
 * small norm; a zero G gives x = 0.
 */
function exactSolve(
  F: Float64Array,
  kk: number,
  idx: Int32Array,
  e0: number,
  s: number,
  b: Float64Array,
  x: Float64Array,
  mu: number,
  ws: Workspace,
  st: SolveStats,
): void {
  const G = ws.gram, rhs = ws.rhs;
  G.fill(0);
  rhs.fill(0);
  for (let e = 0; e < s; e++) {
    const o = idx[e0 + e] * kk;
    const y = b[e];
    for (let a = 0; a < kk; a++) {
      const fa = F[o + a];
      rhs[a] += fa * y;
      const ro = a * kk;
      for (let c = 0; c <= a; c++) G[ro + c] += fa * F[o + c];
    }
  }
  let trace = 0;
  for (let a = 0; a < kk; a++) {
    G[a * kk + a] += mu;
    trace += G[a * kk + a];
  }
  st.flops += exactFlops(s, kk);
  if (!(trace > 0)) {
    x.fill(0, 0, kk);
    return;
  }
  if (s < kk || !choleskySolve(G, rhs, kk, 0, ws, x)) {
    st.regularizedRows++;
    st.flops += (kk * kk * kk) / 3 + 2 * kk * kk;
    if (!choleskySolve(G, rhs, kk, (FLOOR_RIDGE * trace) / kk, ws, x)) x.fill(0, 0, kk);
  }
}

/**
 * Solves (G + δI)x = rhs by Cholesky, G the lower triangle row-major (G[a*kk + c], c ≤ a).
 * Returns false when a pivot is not safely positive (≤ kk·ε times the largest diagonal).
 */
function choleskySolve(G: Float64Array, rhs: Float64Array, kk: number, delta: number, ws: Workspace, x: Float64Array): boolean {
  const L = ws.chol;
  let dmax = 0;
  for (let a = 0; a < kk; a++) dmax = Math.max(dmax, G[a * kk + a] + delta);
  const floor = kk * Number.EPSILON * dmax;
  for (let j = 0; j < kk; j++) {
    const jo = j * kk;
    let dsum = G[jo + j] + delta;
    for (let c = 0; c < j; c++) dsum -= L[jo + c] * L[jo + c];
    if (!(dsum > floor)) return false;
    const ljj = Math.sqrt(dsum);
    L[jo + j] = ljj;
    for (let i = j + 1; i < kk; i++) {
      const io = i * kk;
      let sum = G[io + j];
      for (let c = 0; c < j; c++) sum -= L[io + c] * L[jo + c];
      L[io + j] = sum / ljj;
    }
  }
  // L y = rhs, then Lᵀ x = y.
  for (let i = 0; i < kk; i++) {
    const io = i * kk;
    let sum = rhs[i];
    for (let c = 0; c < i; c++) sum -= L[io + c] * x[c];
    x[i] = sum / L[io + i];
  }
  for (let i = kk - 1; i >= 0; i--) {
    let sum = x[i];
    for (let r = i + 1; r < kk; r++) sum -= L[r * kk + i] * x[r];
    x[i] = sum / L[i * kk + i];
  }
  return true;
}
