/**
 * The Frobenius-optimal Monarch approximation of a dense matrix, in closed form.
 *
 * @module
 */
import { InvalidArgumentError } from '../core/errors.js';
import { asMatrix, type MatrixLike } from '../core/interop.js';
import { colMajorOrCopy } from '../core/matrix.js';
import { svdColMajor } from '../core/svd.js';
import { assertOneOf } from '../core/validate.js';
import { type MonarchMatrix, resolveBlocks } from './monarch.js';
import { optionsArg } from './internal.js';
import { topSingularTriplet, tripletWorkspace } from './topTriplet.js';

/** Options of {@link monarchProject}. */
export interface MonarchProjectOptions {
  /** Number of blocks of both factors (overridden by `rBlocks` / `lBlocks`). */
  readonly blocks?: number;
  /**
   * Number of blocks of R; must divide A.cols.
   * @defaultValue the divisor of cols closest to √cols (ties: the larger)
   */
  readonly rBlocks?: number;
  /**
   * Number of blocks of L; must divide A.rows.
   * @defaultValue cols/rBlocks when A is square, else the divisor of rows closest to √rows
   */
  readonly lBlocks?: number;
  /**
   * How the top singular triplet of each slice is computed:
   * - `'gram'`: from the Gram matrix of the slice's smaller side (Householder tridiagonalization,
   *   bisection, inverse iteration, one alternating refinement step; `topTriplet.ts`). About
   *   (4/3)·d³ + P·S·d/2 flops per slice (d = min(P, S)).
   * - `'svd'`: the library's full SVD (`svd` of `src/core/svd.ts`: pivoted QR + one-sided
   *   Jacobi), using only its leading triplet. Several times slower; kept as a cross-check.
   * Both give the optimum to rounding (the tests check both against the closed-form error).
   * @defaultValue 'gram'
   */
  readonly method?: 'gram' | 'svd';
}

/** Result of {@link monarchProject}. */
export interface MonarchProjection {
  /** The optimal Monarch approximation M (plain data, see {@link MonarchMatrix}). */
  readonly monarch: MonarchMatrix;
  /** ‖A − M‖_F, measured on the returned factors (not from the singular values). */
  readonly error: number;
  /** ‖A − M‖_F / ‖A‖_F (0 when A = 0). */
  readonly relativeError: number;
}

/**
 * The Monarch matrix M (with the requested block counts) closest to A in Frobenius norm,
 * computed in closed form, with the error ‖A − M‖_F.
 *
 * Why closed form: with K = lBlocks, R = rBlocks, S = cols/R, P = rows/K, every entry of a
 * Monarch matrix is M[p·K + q, r·S + s] = Lblock_q[p, r]·Rblock_r[q, s]. For fixed (q, r) the
 * P×S slice T_{q,r}[p, s] = A[p·K + q, r·S + s] is therefore approximated by the rank-1 matrix
 * Lblock_q[:, r]·Rblock_r[q, :]ᵀ, and the R·K slices partition the entries of A while
 * each parameter belongs to exactly one slice. The non-convex problem thus separates into R·K
 * independent best-rank-1 problems, solved by the top singular triplet (σ, u, v) of each slice
 * (Eckart–Young), split evenly: Lblock_q[:, r] = √σ·u, Rblock_r[q, :] = √σ·v. The optimal
 * error is ‖A − M‖_F² = Σ_{q,r} Σ_{i≥2} σᵢ(T_{q,r})².
 * Exact (error at rounding level) when A is a Monarch matrix of this block structure, e.g. a
 * Kronecker product B ⊗ C with B of size P×R and C of size K×S, the Sylvester Hadamard matrix
 * H_n = H_P ⊗ H_K (lBlocks = K, rBlocks = P = n/K), and permuted Hadamard matrices
 * Π_r·H_n·Π_c whose permutations respect the block structure (columns r·S + s → σ(r)·S + τ_r(s),
 * rows p·K + q → a_q(p)·K + b(q): such permutations map Monarch matrices to Monarch matrices).
 * Unlike the DFT, H_n·Π with the reshape-transpose Π is *not* Monarch: its slices are
 * full-rank Hadamard blocks.
 *
 * Real matrices only: the permuted DFT F_n·Π (Π the reshape-transpose permutation) is exactly
 * Monarch too, but only over ℂ (its slices are complex rank-1; the real and imaginary parts
 * alone have rank-2 slices); this function does not handle complex input.
 *
 * Slice SVDs: by default the top triplet of each slice comes from its Gram matrix (tridiagonal
 * reduction, bisection, inverse iteration; see `topTriplet.ts`), which costs far less than a
 * full SVD and is accurate to rounding for the optimum's error; `method: 'svd'` uses the
 * library's full SVD instead.
 *
 * Cost: R·K slices of P×S, each O(P·S·min(P, S)): O(rows·cols·min(P, S)) in all, i.e.
 * O(n^{2.5}) for n×n with √n blocks (Dao et al. state the same order), plus one O(rows·cols)
 * pass for the error.
 *
 * Reference: Dao et al., "Monarch: Expressive Structured Matrices for Efficient and Accurate
 * Training", ICML 2022, §3 (projection onto Monarch matrices); rectangular form as in their
 * code (HazyResearch/fly, `blockdiag_butterfly_project`); Eckart & Young, Psychometrika 1(3),
 * 1936.
 *
 * @param A - an m×n real matrix (DenseMatrix of any strides, `number[][]`, ml-matrix, …).
 *   Never modified.
 * @param options - {@link MonarchProjectOptions}.
 * @returns {@link MonarchProjection} `{ monarch, error, relativeError }`.
 * @throws {@link InvalidArgumentError} if a block count does not divide its dimension, or for a
 *   malformed input or option; {@link NonFiniteError} if A holds NaN/±Infinity.
 * @example
 * ```ts
 * const { monarch: M, error } = monarchProject(A, { blocks: 32 }); // A is 1024×1024
 * monarchMultiply(M, x);                                            // ≈ A·x, 32× cheaper
 * ```
 */
export function monarchProject(A: MatrixLike, options?: MonarchProjectOptions): MonarchProjection {
  const fn = 'monarchProject';
  const o = optionsArg(fn, options);
  const Am = asMatrix(A, fn, { name: 'A' });
  const m = Am.rows, n = Am.cols;
  if (m < 1 || n < 1) throw new InvalidArgumentError(fn, `A is empty (${m}×${n}); expected at least 1×1`);
  const method = assertOneOf(fn, 'options.method', o.method ?? 'gram', ['gram', 'svd'] as const);
  const { rBlocks: R, lBlocks: K } = resolveBlocks(fn, m, n, o);
  const S = n / R, P = m / K;
  if (K * n > 2 ** 31 - 1 || m * R > 2 ** 31 - 1) {
    throw new InvalidArgumentError(fn, `the factors would hold ${K * n} and ${m * R} numbers (expected fewer than 2^31)`);
  }
  const a = colMajorOrCopy(Am).data; // element (i, j) at j·m + i
  let amax = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > amax) amax = v;
  }
  const Rdata = new Float64Array(K * n);
  const Ldata = new Float64Array(m * R);
  const slice = new Float64Array(P * S);
  const u = new Float64Array(P);
  const v = new Float64Array(S);
  const ws = tripletWorkspace(P, S);
  const inv = amax > 0 ? Math.min(1 / amax, 2 ** 1000) : 1;
  let errSq = 0, normSq = 0;
  const acc = new Float64Array(1);
  for (let r = 0; r < R; r++) {
    for (let q = 0; q < K; q++) {
      // Slice (q, r): element (p, s) = A[p·K + q, r·S + s] = a[(r·S)·m + q + p·K + s·m].
      const base = r * S * m + q;
      let sigma: number;
      if (method === 'gram') {
        sigma = topSingularTriplet(a, base, P, S, K, m, u, v, ws);
      } else {
        gatherSlice(a, m, K, S, P, q, r, slice);
        sigma = topTripletBySvd(fn, slice, P, S, u, v);
      }
      storeFactors(sigma, u, v, q, r, R, K, S, P, Ldata, Rdata);
      errSq += sliceResidualSq(a, base, K, m, q, r, R, S, P, Ldata, Rdata, inv, acc);
      normSq += acc[0];
    }
  }
  const error = Math.sqrt(errSq) / inv;
  const normA = Math.sqrt(normSq);
  const monarch: MonarchMatrix = { kind: 'monarch', rows: m, cols: n, rBlocks: R, lBlocks: K, R: Rdata, L: Ldata };
  return { monarch, error, relativeError: normA > 0 ? Math.sqrt(errSq) / normA : 0 };
}

/** Leading triplet from the library's full thin SVD of the row-major P×S slice. */
function topTripletBySvd(fn: string, slice: Float64Array, P: number, S: number, u: Float64Array, v: Float64Array): number {
  // The row-major P×S slice is the column-major S×P matrix sliceᵀ: its SVD swaps U and V.
  const r = svdColMajor(fn, S, P, Float64Array.from(slice), true);
  const uu = r.u as Float64Array, vv = r.v as Float64Array; // S×k and P×k, column-major
  for (let s = 0; s < S; s++) v[s] = uu[s];
  for (let p = 0; p < P; p++) u[p] = vv[p];
  return r.s[0];
}

/** slice[p·S + s] = A[p·K + q, r·S + s] from the column-major m-row array a. */
function gatherSlice(a: Float64Array, m: number, K: number, S: number, P: number, q: number, r: number, slice: Float64Array): void {
  for (let s = 0; s < S; s++) {
    const cb = (r * S + s) * m + q;
    for (let p = 0; p < P; p++) slice[p * S + s] = a[cb + p * K];
  }
}

/** Lblock_q[:, r] = √σ·u, Rblock_r[q, :] = √σ·v. */
function storeFactors(
  sigma: number,
  u: Float64Array,
  v: Float64Array,
  q: number,
  r: number,
  R: number,
  K: number,
  S: number,
  P: number,
  Ldata: Float64Array,
  Rdata: Float64Array,
): void {
  const h = Math.sqrt(sigma);
  for (let p = 0; p < P; p++) Ldata[(q * P + p) * R + r] = h * u[p];
  const rb = (r * K + q) * S;
  for (let s = 0; s < S; s++) Rdata[rb + s] = h * v[s];
}

/**
 * Σ ((slice − L[:, r]·R[q, :])·inv)² over the slice (element (p, s) at a[base + p·rs + s·cs]),
 * measured on the stored factors; the slice's own Σ (slice·inv)² goes to acc[0].
 */
function sliceResidualSq(
  a: Float64Array,
  base: number,
  rs: number,
  cs: number,
  q: number,
  r: number,
  R: number,
  S: number,
  P: number,
  Ldata: Float64Array,
  Rdata: Float64Array,
  inv: number,
  acc: Float64Array,
): number {
  let e = 0, t = 0;
  const K = rs;
  const rb = (r * K + q) * S;
  for (let s = 0; s < S; s++) {
    const rv = Rdata[rb + s] * inv;
    const cb = base + s * cs;
    for (let p = 0; p < P; p++) {
      const x = a[cb + p * rs] * inv;
      const d = x - Ldata[(q * P + p) * R + r] * rv;
      e += d * d;
      t += x * x;
    }
  }
  acc[0] = t;
  return e;
}
