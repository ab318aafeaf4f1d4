/**
 * Low-rank matrix completion by alternating minimisation: the exact method of Jain, Netrapalli &
 * Sanghavi (STOC 2013) and the robust, sketch-preconditioned method of Gu, Song, Yin & Zhang
 * (ICLR 2024), with ridge regularisation and bias terms for rating data.
 *
 * @module
 */
import { InvalidArgumentError, DimensionError } from '../core/errors.js';
import { fromColMajor, zeros, type DenseMatrix } from '../core/matrix.js';
import { applyReflectorLeft, orthonormalizeInPlace, qrInPlace } from '../core/qr.js';
import { svdColMajor } from '../core/svd.js';
import { gemmInto } from '../core/kernels/gemm.js';
import { assertInt, assertOneOf, assertReal, fmt } from '../core/validate.js';
import type { CsrMatrix } from '../core/csr.js';
import { fillNormal, substream, toRngState, type RngState, type Seed } from '../rng/index.js';
import { assertObservations, canonicalize, type Observations } from './observations.js';
import { csrBlockOperator, rsvdKernel } from './rsvd.js';
import { addStats, halfStep, newStats, newWorkspace, type HalfStepParams, type Preconditioner, type Side } from './rowsolve.js';

/** The completion algorithms. */
export type CompletionMethod = 'robust-altmin' | 'altmin';

/** One entry of {@link CompletionResult.history}: the state after one sweep (a V and a U half-step). */
export interface CompletionIteration {
  /** 1-based sweep number. */
  readonly iteration: number;
  /** Root mean square error on the training observations. */
  readonly trainRmse: number;
  /** Root mean square error on `options.testObs`, when given. */
  readonly testRmse?: number;
  /** Wall time of the sweep (both half-steps and the error evaluation), in seconds. */
  readonly seconds: number;
  /** ‖P_Ω(X − M)‖_F / ‖P_Ω(M)‖_F after the sweep. */
  readonly relativeResidual: number;
  /** ‖P_Ω(X_t − X_{t−1})‖_F / ‖P_Ω(M)‖_F: the relative change of the fitted values. */
  readonly relativeChange: number;
  /**
   * Modelled floating-point operations of the sweep (row solves, preconditioner set-up and the
   * error evaluation; a multiply and an add count as two). An operation counter, independent of
   * the machine, for cost comparisons between methods and ranks.
   */
  readonly flops: number;
  /** Preconditioned CG iterations of the sweep, summed over rows (0 for `'altmin'`). */
  readonly innerIterations: number;
  /** Rows and columns solved exactly in the sweep (all of them for `'altmin'`). */
  readonly exactRows: number;
  /** Relative tolerance used by the inner solves of the sweep (`'robust-altmin'`), else 0. */
  readonly innerTol: number;
}

/** Options of {@link completeMatrix}. */
export interface CompleteMatrixOptions {
  /** `'robust-altmin'` (default; GSYZ24) or `'altmin'` (JNS13, exact row solves). */
  readonly method?: CompletionMethod;
  /** Seed (or generator state); required. Used by the initialisation and the row sketches. */
  readonly seed: Seed | RngState;
  /** Largest number of sweeps, an integer ≥ 1 (default 50). */
  readonly maxIter?: number;
  /**
   * Stopping tolerance, in (0, 1) (default 1e-8): stop when the relative training residual
   * ‖P_Ω(X − M)‖_F/‖P_Ω(M)‖_F or the relative change of the fitted values
   * ‖P_Ω(X_t − X_{t−1})‖_F/‖P_Ω(M)‖_F falls to `tol` or below.
   */
  readonly tol?: number;
  /** `'spectral'` (default): top-k SVD of (mn/|Ω|)·P_Ω(M − mean) by {@link rsvd}; `'random'`: a random orthonormal U. */
  readonly init?: 'spectral' | 'random';
  /**
   * Row clipping of the spectral initialisation (for incoherence). A number μ ≥ 1 clips every
   * row of the initial U (orthonormal, m×k) to norm 2μ·√(k/m) (JNS13's threshold, applied to
   * row norms, with μ in their non-squared convention max_i‖e_iᵀU‖ ≤ μ√(k/m)) and then
   * re-orthonormalises. `true` (default) estimates μ̂ = 2·median_i‖e_iᵀU‖/√(k/m) over the
   * observed rows, i.e. clips rows longer than 4× the median row norm; `false` turns it off.
   */
  readonly clip?: boolean | number;
  /** Ridge weight λ ≥ 0 (default 0), ALS-WR style: row t's problem gets λ·|Ω_t|·‖x‖². */
  readonly lambda?: number;
  /**
   * Fit M_ij ≈ mean + b_i + c_j + U_i·V_j (default false): the global mean of the observations is
   * fixed, the row and column biases are fitted in the alternation (an extra unknown per row
   * solve, ridge-regularised like the factors).
   */
  readonly bias?: boolean;
  /** Held-out observations (same shape) whose RMSE is recorded in the history. */
  readonly testObs?: Observations;
  /** Called after each sweep with its history entry; return `false` to stop. */
  readonly onIteration?: (entry: CompletionIteration) => void | boolean;
  /**
   * `'robust-altmin'`: the floor ε₀ of the relative tolerance of the inner solves, in (0, 1)
   * (default 1e-2·tol, ALGORITHMS.md §6, and at least 1e-13). Sweep t solves to
   * ε_t = min(1e-2, max(ε₀, 1e-2·relativeChange_{t−1})).
   */
  readonly innerTol?: number;
  /**
   * `'robust-altmin'`: PCG iteration cap per row, an integer ≥ 1 (default 2·kk + 10, where
   * kk = k, or k + 1 with bias: CG is exact after kk steps in exact arithmetic). A row that has
   * not reached its tolerance by then is solved exactly (counted in `diagnostics.fallbacks`).
   */
  readonly innerMaxIter?: number;
  /**
   * `'robust-altmin'`: the preconditioner of the row systems.
   * - `'sketch'`: ALGORITHMS.md §3.4 literally: each row system A_t (|Ω_t|×kk) is sketched by a
   *   sparse sign sketch with d = 4kk rows (ζ = 8), R from the QR of the sketch (O(kk³) per row).
   *   Rows with |Ω_t| ≤ 4kk, where the sketch would not be smaller than the problem, are solved
   *   exactly.
   * - `'gram'`: one preconditioner per half-step: the frequency-weighted Gram matrix of the fixed
   *   factor, W·Λ·Wᵀ (O((m + n)·kk² + kk³) per sweep), diagonal in the rotated coordinates. A row
   *   system is a uniform sample of the rows of the fixed factor (a row-sampling sketch of it),
   *   so under the incoherence the theory assumes A_tᵀA_t ≈ |Ω_t|·Gram and the rotated system
   *   is well conditioned; no per-row O(kk³) term.
   * - `'auto'` (default): `'sketch'` for rows with |Ω_t| ≥ 4kk², where its O(kk³) QR costs
   *   O(|Ω_t|·kk), `'gram'` for the others.
   */
  readonly preconditioner?: Preconditioner;
}

/** Counts over the whole run. */
export interface CompletionDiagnostics {
  /** Rows of M with no training observation (their U rows and biases are 0). */
  readonly emptyRows: number;
  /** Columns of M with no training observation. */
  readonly emptyCols: number;
  /** Row solves (rows and columns, all sweeps) regularised because they were underdetermined or singular. */
  readonly regularizedSolves: number;
  /** PCG iterations over the run. */
  readonly innerIterations: number;
  /** Row solves done exactly over the run. */
  readonly exactSolves: number;
  /** Robust row solves that did not converge within the cap and were redone exactly. */
  readonly fallbacks: number;
  /** Robust row solves preconditioned by their own sketch. */
  readonly sketchedSolves: number;
  /** Robust row solves preconditioned by the shared Gram preconditioner. */
  readonly gramSolves: number;
  /** Total modelled flops of the sweeps. */
  readonly flops: number;
}

/** Result of {@link completeMatrix}. */
export interface CompletionResult {
  /** m×k, column-major. Balanced: U = Q_U·√Σ with orthonormal Q_U, so UᵀU = VᵀV = diag(singularValues). */
  readonly U: DenseMatrix;
  /** n×k, column-major, balanced as U. */
  readonly V: DenseMatrix;
  /** Singular values of U·Vᵀ, descending. */
  readonly singularValues: Float64Array;
  /** Global mean (0 without `bias`). */
  readonly mean: number;
  /** Row biases b_i (zeros without `bias`). */
  readonly rowBias: Float64Array;
  /** Column biases c_j (zeros without `bias`). */
  readonly colBias: Float64Array;
  /** The completed entry (i, j): mean + b_i + c_j + U_i·V_j. O(k). */
  predict(i: number, j: number): number;
  /** Completed entries (i[t], j[t]) as a new Float64Array. O(len·k). */
  predictMany(i: ArrayLike<number>, j: ArrayLike<number>): Float64Array;
  /** One entry per sweep. */
  readonly history: readonly CompletionIteration[];
  /** True when a stopping rule on `tol` was met within `maxIter` sweeps. */
  readonly converged: boolean;
  /** `'residual'`, `'change'` (the two `tol` rules), `'maxIter'` or `'callback'`. */
  readonly stopReason: 'residual' | 'change' | 'maxIter' | 'callback';
  /** Number of sweeps run. */
  readonly iterations: number;
  /** The method that ran. */
  readonly method: CompletionMethod;
  readonly diagnostics: CompletionDiagnostics;
}

const FN = 'completeMatrix';

function buildSides(obs: Observations): { rowSide: Side; colSide: Side } {
  const { rows: m, cols: n, i, j, v } = obs; // canonical: sorted by (i, j), distinct
  const N = i.length;
  const rptr = new Int32Array(m + 1);
  const cptr = new Int32Array(n + 1);
  for (let t = 0; t < N; t++) {
    rptr[i[t] + 1]++;
    cptr[j[t] + 1]++;
  }
  const rcnt = new Int32Array(m), ccnt = new Int32Array(n);
  let rmax = 0, cmax = 0;
  for (let a = 0; a < m; a++) {
    rcnt[a] = rptr[a + 1];
    rmax = Math.max(rmax, rcnt[a]);
    rptr[a + 1] += rptr[a];
  }
  for (let b = 0; b < n; b++) {
    ccnt[b] = cptr[b + 1];
    cmax = Math.max(cmax, ccnt[b]);
    cptr[b + 1] += cptr[b];
  }
  const next = cptr.slice(0, n);
  const cidx = new Int32Array(N), cval = new Float64Array(N);
  for (let t = 0; t < N; t++) {
    const p = next[j[t]]++;
    cidx[p] = i[t];
    cval[p] = v[t];
  }
  return {
    rowSide: { p: m, q: n, ptr: rptr, idx: j, val: v, cnt: ccnt, maxRow: rmax },
    colSide: { p: n, q: m, ptr: cptr, idx: cidx, val: cval, cnt: rcnt, maxRow: cmax },
  };
}

function colToRowMajor(p: number, k: number, a: Float64Array): Float64Array {
  const out = new Float64Array(p * k);
  for (let c = 0; c < k; c++) for (let r = 0; r < p; r++) out[r * k + c] = a[c * p + r];
  return out;
}

interface Init {
  U: Float64Array; // m×k row-major
  V: Float64Array; // n×k row-major
}

function spectralInit(obs: Observations, rowSide: Side, k: number, mean: number, clip: boolean | number, state: RngState): Init {
  const { rows: m, cols: n } = obs;
  const N = obs.v.length;
  const scale = (m / N) * n;
  const values = new Float64Array(N);
  for (let t = 0; t < N; t++) values[t] = scale * (rowSide.val[t] - mean);
  const S: CsrMatrix = { kind: 'csr', rows: m, cols: n, indptr: rowSide.ptr, indices: rowSide.idx, values };
  const { U: Uh, s, V: Vh } = rsvdKernel(csrBlockOperator(S), k, 10, 2, state);
  const u = Uh.data.slice(); // m×k column-major
  if (clip !== false) {
    const norms = new Float64Array(m);
    for (let c = 0; c < k; c++) for (let r = 0; r < m; r++) norms[r] += u[c * m + r] ** 2;
    for (let r = 0; r < m; r++) norms[r] = Math.sqrt(norms[r]);
    let tau: number;
    if (typeof clip === 'number') {
      tau = 2 * clip * Math.sqrt(k / m);
    } else {
      const pos = norms.filter((x) => x > 0).sort();
      const med = pos.length === 0 ? 0 : pos.length % 2 ? pos[pos.length >> 1] : 0.5 * (pos[(pos.length >> 1) - 1] + pos[pos.length >> 1]);
      tau = 4 * med;
    }
    let clipped = 0;
    for (let r = 0; r < m; r++) {
      if (norms[r] > tau) {
        const f = tau / norms[r];
        for (let c = 0; c < k; c++) u[c * m + r] *= f;
        clipped++;
      }
    }
    if (clipped > 0) orthonormalizeInPlace(m, k, u);
  }
  // Warm start for V: the rank-k approximation projected on span(U0): V0 = V̂·Σ·(ÛᵀU0).
  const C = zeros(k, k);
  gemmInto(C, { ...Uh, rows: k, cols: m, rowStride: m, colStride: 1 }, fromColMajor(m, k, u));
  for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) C.data[c * k + a] *= s[a];
  const V0 = zeros(n, k);
  gemmInto(V0, Vh, C);
  return { U: colToRowMajor(m, k, u), V: colToRowMajor(n, k, V0.data) };
}

function randomInit(m: number, n: number, k: number, state: RngState): Init {
  const u = new Float64Array(m * k);
  fillNormal(state, 0, u);
  orthonormalizeInPlace(m, k, u);
  return { U: colToRowMajor(m, k, u), V: new Float64Array(n * k) };
}

/** U·Vᵀ rebalanced: U = Q_U·X·√Σ, V = Q_V·Y·√Σ with R_U·R_Vᵀ = X·Σ·Yᵀ. O((m + n)k²). */
function balance(m: number, n: number, k: number, U: Float64Array, V: Float64Array): { U: DenseMatrix; V: DenseMatrix; s: Float64Array } {
  const qu = new Float64Array(m * k), qv = new Float64Array(n * k);
  for (let r = 0; r < m; r++) for (let c = 0; c < k; c++) qu[c * m + r] = U[r * k + c];
  for (let r = 0; r < n; r++) for (let c = 0; c < k; c++) qv[c * n + r] = V[r * k + c];
  const tu = new Float64Array(k), tv = new Float64Array(k);
  qrInPlace(m, k, qu, tu);
  qrInPlace(n, k, qv, tv);
  // B = R_U·R_Vᵀ (k×k, column-major).
  const B = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let sum = 0;
      for (let c = Math.max(a, b); c < k; c++) sum += qu[c * m + a] * qv[c * n + b];
      B[b * k + a] = sum;
    }
  }
  const r = svdColMajor(FN, k, k, B, true);
  const X = r.u as Float64Array, Y = r.v as Float64Array, s = r.s;
  for (let c = 0; c < k; c++) {
    const f = Math.sqrt(s[c]);
    for (let a = 0; a < k; a++) {
      X[c * k + a] *= f;
      Y[c * k + a] *= f;
    }
  }
  // U = Q_U·(X√Σ): apply the reflectors of Q_U to [X√Σ; 0].
  const outU = new Float64Array(m * k), outV = new Float64Array(n * k);
  for (let c = 0; c < k; c++) for (let a = 0; a < k; a++) {
    outU[c * m + a] = X[c * k + a];
    outV[c * n + a] = Y[c * k + a];
  }
  for (let c = k - 1; c >= 0; c--) {
    applyReflectorLeft(m - c, tu[c], qu, c * m + c + 1, k, outU, c, m);
    applyReflectorLeft(n - c, tv[c], qv, c * n + c + 1, k, outV, c, n);
  }
  // Rows that were exactly zero (no observations) stay exactly zero (Q has rounding-level entries there).
  zeroRowsLike(m, k, U, outU);
  zeroRowsLike(n, k, V, outV);
  return { U: fromColMajor(m, k, outU), V: fromColMajor(n, k, outV), s };
}

function zeroRowsLike(p: number, k: number, rowMajor: Float64Array, colMajor: Float64Array): void {
  for (let r = 0; r < p; r++) {
    let zero = true;
    for (let c = 0; c < k && zero; c++) zero = rowMajor[r * k + c] === 0;
    if (zero) for (let c = 0; c < k; c++) colMajor[c * p + r] = 0;
  }
}

function checkOptions(options: CompleteMatrixOptions): void {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError(FN, `options must be an object with a seed (got ${fmt(options)})`);
  if (options.seed === undefined) throw new InvalidArgumentError(FN, `options.seed is required (got undefined; expected a non-negative integer, bigint or string)`);
}

/**
 * Completes a partially observed m×n matrix with a rank-k factorization X = U·Vᵀ (plus, with
 * `bias`, a global mean and row/column biases) by alternating minimisation of
 *
 *     Σ_{(i,j)∈Ω} (M_ij − X_ij)² + λ·(Σ_i |Ω_i|·‖U_i‖² + Σ_j |Ω_j|·‖V_j‖²).
 *
 * **Initialisation.** `'spectral'` (JNS13 step 2): U₀ = the top-k left singular vectors of the
 * rescaled observation matrix (mn/|Ω|)·P_Ω(M − mean), computed by {@link rsvd} (q = 2,
 * p = 10) on the observations as a CSR matrix (never densified), rows clipped for incoherence
 * (see `clip`) and re-orthonormalised. `'random'`: the Q factor of a Gaussian m×k matrix.
 *
 * **Sweeps.** Each sweep solves for every row of V with U fixed, then for every row of U with V
 * fixed; every row is an independent |Ω_t|×k least-squares problem (k + 1 unknowns with bias).
 * All of Ω is used in every half-step (ALGORITHMS.md §4.3: the sample-splitting of the theory
 * starves the subsets and diverges in practice).
 * - `'altmin'` (Jain, Netrapalli & Sanghavi, "Low-rank matrix completion using alternating
 *   minimization", STOC 2013): exact solves, Cholesky of the k×k normal matrix + λ|Ω_t|·I.
 *   Cost per sweep O(|Ω|·k² + (m + n)·k³).
 * - `'robust-altmin'` (Gu, Song, Yin & Zhang, "Low rank matrix completion via robust
 *   alternating minimization in nearly linear time", ICLR 2024): each row is solved only
 *   approximately, by preconditioned CG on the normal equations with a sketch-based
 *   preconditioner (`preconditioner`; ALGORITHMS.md §3.4), to the relative tolerance ε_t of
 *   `innerTol`; GSYZ's analysis shows alternating minimisation tolerates such per-step errors.
 *   Cost per sweep O(T·|Ω|·k + (m + n)·k²) for T PCG iterations per row (+ O(k³) per row
 *   for rows given their own sketch), against O(|Ω|·k² + (m + n)·k³) for `'altmin'`.
 *
 *   **Where k² (and k³) remains.** Each row pays O(k²) to rotate its unknowns in and out of
 *   the shared preconditioner's coordinates (once per solve, not per iteration); each PCG
 *   iteration costs O(|Ω_t|·k + k) (O(|Ω_t|·k + k²) with a row sketch); a row sketch needs an
 *   O(k³) QR, which is O(|Ω_t|·k) only for |Ω_t| ≳ 4k² (`'auto'` uses it only there; with
 *   `'sketch'`, rows with |Ω_t| ≤ 4kk, where the sketch would not be smaller than the problem,
 *   are solved exactly at O(|Ω_t|·k²)). T is independent of k only while |Ω_t| ≫ k: the row
 *   systems' conditioning, hence T, degrades as |Ω_t|/k falls. One CG iteration costs
 *   ≈ 4·|Ω_t|·k flops against ≈ |Ω_t|·k² for the exact solve, so the robust sweep is cheaper
 *   only once k ≳ 4(T + 1). Measured (bench/completion.bench.mjs, 2000×2000): with
 *   |Ω_t| ≈ 100, about even at k = 10–16 and 1.3–1.5× fewer flops at k = 32–64; with
 *   |Ω_t| ≈ 12.5·k, flops per observation grow as k^0.94 (robust) against k^1.77 (exact).
 *
 * **Stopping.** After each sweep, stop when ‖P_Ω(X − M)‖_F ≤ tol·‖P_Ω(M)‖_F (exact fit) or
 * ‖P_Ω(X_t − X_{t−1})‖_F ≤ tol·‖P_Ω(M)‖_F (stationary); `converged` says whether that happened
 * within `maxIter` sweeps. Without noise and with enough samples X converges linearly to M
 * (the theory asks for |Ω| = Õ(κ²μ²·n·k^4.5); in the tests |Ω| ≈ 3·n·k·ln n suffices for
 * κ = 5, μ ≈ 2, and |Ω| ≈ 0.5·n·k·ln n does not).
 *
 * **Memory** O((m + n)·k + |Ω|): the observations grouped by row and by column, the factors and
 * O(max(m, n)·k) scratch. No m×n array is ever formed.
 *
 * **Determinism.** The result is a pure function of the inputs and the seed (substream 0: the
 * spectral sketch; 1: the random init; 16 + 2t + side: the row sketches of sweep t), the same
 * on every machine.
 *
 * Rows or columns without observations keep zero factors (their predictions are the biases);
 * rows with fewer observations than unknowns get a tiny ridge (1e-10·trace/kk); both are counted
 * in `diagnostics`. Repeated positions in `obs` are averaged.
 *
 * @param obs - the training observations ({@link assertObservations}), at least one.
 * @param rank - k, an integer in [1, min(m, n)].
 * @param options - {@link CompleteMatrixOptions}; `seed` is required.
 * @returns {@link CompletionResult}.
 * @throws InvalidArgumentError for malformed observations, an empty Ω, a bad rank or option,
 *   a missing seed, a negative λ, maxIter < 1, tol ∉ (0, 1); DimensionError when `testObs` has
 *   another shape; NonFiniteError for non-finite observations. All before any work.
 * @example
 * ```ts
 * const { train, test } = splitObservations(obs, 0.1, { seed: 1 });
 * const fit = completeMatrix(train, 10, { seed: 2, lambda: 0.05, bias: true, testObs: test, tol: 1e-4 });
 * fit.predict(3, 7); fit.history.at(-1)?.testRmse;
 * ```
 */
export function completeMatrix(obs: Observations, rank: number, options: CompleteMatrixOptions): CompletionResult {
  // ---- Validation (all before any work).
  assertObservations(obs, FN);
  checkOptions(options);
  const m = obs.rows, n = obs.cols;
  if (obs.i.length === 0) throw new InvalidArgumentError(FN, `obs has no observations (got 0; expected at least 1)`);
  const k = assertInt(FN, 'rank', rank, 1, Math.min(m, n));
  const method = assertOneOf(FN, 'options.method', options.method ?? 'robust-altmin', ['robust-altmin', 'altmin'] as const);
  const state = toRngState(options.seed, FN);
  const maxIter = assertInt(FN, 'options.maxIter', options.maxIter ?? 50, 1);
  const tol = assertReal(FN, 'options.tol', options.tol ?? 1e-8, 0, 1, 'both');
  const init = assertOneOf(FN, 'options.init', options.init ?? 'spectral', ['spectral', 'random'] as const);
  const clip = options.clip ?? true;
  if (typeof clip !== 'boolean') assertReal(FN, 'options.clip', clip, 1, Infinity);
  const lambda = assertReal(FN, 'options.lambda', options.lambda ?? 0, 0, Infinity);
  const bias = options.bias ?? false;
  if (typeof bias !== 'boolean') throw new InvalidArgumentError(FN, `options.bias must be a boolean (got ${fmt(bias)})`);
  const testObs = options.testObs;
  if (testObs !== undefined) {
    assertObservations(testObs, FN, 'options.testObs');
    if (testObs.rows !== m || testObs.cols !== n) {
      throw new DimensionError(FN, `options.testObs is ${testObs.rows}×${testObs.cols} but obs is ${m}×${n}`);
    }
  }
  const onIteration = options.onIteration;
  if (onIteration !== undefined && typeof onIteration !== 'function') {
    throw new InvalidArgumentError(FN, `options.onIteration must be a function (got ${fmt(onIteration)})`);
  }
  const innerTol = Math.max(1e-13, assertReal(FN, 'options.innerTol', options.innerTol ?? 1e-2 * tol, 0, 1, 'both'));
  const kk = k + (bias ? 1 : 0);
  const innerMaxIter = assertInt(FN, 'options.innerMaxIter', options.innerMaxIter ?? 2 * kk + 10, 1);
  const preconditioner = assertOneOf(FN, 'options.preconditioner', options.preconditioner ?? 'auto', ['auto', 'gram', 'sketch'] as const);

  // ---- Set-up: canonical observations grouped by row and by column.
  const canon = canonicalize(FN, obs, 'average');
  const N = canon.v.length;
  const { rowSide, colSide } = buildSides(canon);
  let sum = 0, sum2 = 0;
  for (let t = 0; t < N; t++) {
    sum += canon.v[t];
    sum2 += canon.v[t] * canon.v[t];
  }
  const mean = bias ? sum / N : 0;
  const normM = Math.sqrt(sum2) > 0 ? Math.sqrt(sum2) : 1;
  const bu = new Float64Array(m), bv = new Float64Array(n);
  const start = init === 'spectral' ? spectralInit(canon, rowSide, k, mean, clip, substream(state, 0)) : randomInit(m, n, k, substream(state, 1));
  const U = start.U, V = start.V;

  const robust = method === 'robust-altmin';
  const useSketch = robust && preconditioner !== 'gram';
  const ws = newWorkspace(kk, Math.max(m, n), Math.max(rowSide.maxRow, colSide.maxRow), robust, useSketch);
  const pred = new Float64Array(N);
  evaluate(rowSide, U, V, bu, bv, mean, k, pred, true);

  const history: CompletionIteration[] = [];
  const total = newStats();
  let converged = false;
  let stopReason: CompletionResult['stopReason'] = 'maxIter';
  let lastChange = 1;
  let iterations = 0;
  for (let it = 1; it <= maxIter; it++) {
    const t0 = now();
    const innerTolT = robust ? Math.min(1e-2, Math.max(innerTol, 1e-2 * lastChange)) : 0;
    const sweep = newStats();
    const base: Omit<HalfStepParams, 'rng'> = { method: robust ? 'robust' : 'exact', k, bias, mean, lambda, preconditioner, innerTol: innerTolT, innerMaxIter };
    halfStep(colSide, V, bv, U, bu, { ...base, rng: substream(state, 16 + 2 * (it - 1)) }, ws, sweep);
    halfStep(rowSide, U, bu, V, bv, { ...base, rng: substream(state, 17 + 2 * (it - 1)) }, ws, sweep);
    const ev = evaluate(rowSide, U, V, bu, bv, mean, k, pred, false);
    sweep.flops += 2 * N * k + 6 * N;
    addStats(total, sweep);
    const relRes = Math.sqrt(ev.res2) / normM;
    const relChange = Math.sqrt(ev.change2) / normM;
    lastChange = relChange;
    const entry: CompletionIteration = {
      iteration: it,
      trainRmse: Math.sqrt(ev.res2 / N),
      ...(testObs !== undefined ? { testRmse: rmseOn(testObs, U, V, bu, bv, mean, k) } : {}),
      seconds: (now() - t0) / 1000,
      relativeResidual: relRes,
      relativeChange: relChange,
      flops: sweep.flops,
      innerIterations: sweep.innerIterations,
      exactRows: sweep.exactRows,
      innerTol: innerTolT,
    };
    history.push(entry);
    iterations = it;
    if (relRes <= tol) {
      converged = true;
      stopReason = 'residual';
    } else if (relChange <= tol) {
      converged = true;
      stopReason = 'change';
    }
    if (onIteration !== undefined && onIteration(entry) === false && !converged) {
      stopReason = 'callback';
      break;
    }
    if (converged) break;
  }

  // ---- Output: balanced factors and the prediction closures.
  const bal = balance(m, n, k, U, V);
  const Ud = bal.U.data, Vd = bal.V.data;
  let emptyRows = 0, emptyCols = 0;
  for (let a = 0; a < m; a++) if (rowSide.ptr[a + 1] === rowSide.ptr[a]) emptyRows++;
  for (let b = 0; b < n; b++) if (colSide.ptr[b + 1] === colSide.ptr[b]) emptyCols++;
  const predictOne = (i: number, j: number): number => {
    let s = mean + bu[i] + bv[j];
    for (let c = 0; c < k; c++) s += Ud[c * m + i] * Vd[c * n + j];
    return s;
  };
  const checkIndex = (fnName: string, what: string, x: unknown, hi: number): number => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= hi) {
      throw new InvalidArgumentError(fnName, `${what} must be an integer in [0, ${hi - 1}] (got ${fmt(x)})`);
    }
    return x;
  };
  return {
    U: bal.U,
    V: bal.V,
    singularValues: bal.s,
    mean,
    rowBias: bu,
    colBias: bv,
    predict(i: number, j: number): number {
      return predictOne(checkIndex('predict', 'i', i, m), checkIndex('predict', 'j', j, n));
    },
    predictMany(i: ArrayLike<number>, j: ArrayLike<number>): Float64Array {
      if (i === null || typeof i !== 'object' || j === null || typeof j !== 'object' || typeof i.length !== 'number' || typeof j.length !== 'number') {
        throw new InvalidArgumentError('predictMany', `i and j must be arrays of indices (got ${fmt(i)}, ${fmt(j)})`);
      }
      if (i.length !== j.length) throw new DimensionError('predictMany', `j has length ${j.length} but i has length ${i.length}`);
      const out = new Float64Array(i.length);
      for (let t = 0; t < i.length; t++) out[t] = predictOne(checkIndex('predictMany', `i[${t}]`, i[t], m), checkIndex('predictMany', `j[${t}]`, j[t], n));
      return out;
    },
    history,
    converged,
    stopReason,
    iterations,
    method,
    diagnostics: {
      emptyRows,
      emptyCols,
      regularizedSolves: total.regularizedRows,
      innerIterations: total.innerIterations,
      exactSolves: total.exactRows,
      fallbacks: total.fallbacks,
      sketchedSolves: total.sketchedRows,
      gramSolves: total.gramRows,
      flops: total.flops,
    },
  };
}

function now(): number {
  return globalThis.performance !== undefined ? globalThis.performance.now() : Date.now();
}

/**
 * Fitted values on Ω (row order): residual² and change² against `pred`, which is updated.
 * With `initOnly` it only fills `pred`.
 */
function evaluate(
  side: Side,
  U: Float64Array,
  V: Float64Array,
  bu: Float64Array,
  bv: Float64Array,
  mean: number,
  k: number,
  pred: Float64Array,
  initOnly: boolean,
): { res2: number; change2: number } {
  const { p, ptr, idx, val } = side;
  let res2 = 0, change2 = 0;
  for (let i = 0; i < p; i++) {
    const uo = i * k, bi = mean + bu[i];
    for (let e = ptr[i], e1 = ptr[i + 1]; e < e1; e++) {
      const j = idx[e], vo = j * k;
      let x = bi + bv[j];
      for (let c = 0; c < k; c++) x += U[uo + c] * V[vo + c];
      if (!initOnly) {
        const r = val[e] - x, d = x - pred[e];
        res2 += r * r;
        change2 += d * d;
      }
      pred[e] = x;
    }
  }
  return { res2, change2 };
}

function rmseOn(obs: Observations, U: Float64Array, V: Float64Array, bu: Float64Array, bv: Float64Array, mean: number, k: number): number {
  const { i, j, v } = obs;
  const N = v.length;
  if (N === 0) return NaN;
  let s2 = 0;
  for (let t = 0; t < N; t++) {
    const uo = i[t] * k, vo = j[t] * k;
    let x = mean + bu[i[t]] + bv[j[t]];
    for (let c = 0; c < k; c++) x += U[uo + c] * V[vo + c];
    const r = v[t] - x;
    s2 += r * r;
  }
  return Math.sqrt(s2 / N);
}


