/**
 * Monarch matrices M = P·L·Pᵀ·R (Dao et al., "Monarch: Expressive Structured Matrices for
 * Efficient and Accurate Training", ICML 2022, §3): L and R block-diagonal, P the
 * reshape-transpose permutation. Plain data, products in O(n√n), the dense form, an operator
 * wrapper and seeded random Monarch matrices.
 *
 * ## Parametrisation (general, rectangular)
 * Four integers fix the structure: `rBlocks` (R below, the number of diagonal blocks of the
 * right factor R), `lBlocks` (K, the number of blocks of the left factor L),
 * S = cols/rBlocks and P = rows/lBlocks. Then
 * - R is block-diagonal with R blocks of size K×S (so R is (R·K)×cols);
 * - the middle permutation reshapes the R·K intermediate values from (r major, q minor) to
 *   (q major, r minor);
 * - L is block-diagonal with K blocks of size P×R (so L is rows×(K·R));
 * - the output permutation reorders (q major, p minor) to (p major, q minor).
 *
 * Entry by entry (the formula every kernel here implements, 0-based):
 *
 *     M[p·K + q, r·S + s] = Lblock_q[p, r] · Rblock_r[q, s]
 *
 * for p < P, q < K, r < R, s < S. For n = b² with R = K = b (square b×b blocks) both
 * permutations are the paper's P, (P·x)[i·b + j] = x[j·b + i], an involution, and
 * M = P·L·Pᵀ·R exactly as in the paper. This is the rectangular form of the reference code
 * (HazyResearch/fly, `blockdiag_butterfly_multiply`), written as a closed formula.
 *
 * Storage: `R` holds the R blocks one after another, each row-major (entry (q, s) of block r at
 * `(r·K + q)·S + s`); `L` likewise (entry (p, r) of block q at `(q·P + p)·R + r`). A Monarch
 * matrix therefore has K·(cols + rows) parameters: 2n^{1.5} in the square case.
 *
 * @module
 */
import { DimensionError, InvalidArgumentError } from '../core/errors.js';
import { asMatrix, asVector, type MatrixLike, type VectorLike } from '../core/interop.js';
import type { DenseMatrix } from '../core/matrix.js';
import { gemmInto } from '../core/kernels/gemm.js';
import { assertFiniteVector, assertInt, assertOneOf, fmt } from '../core/validate.js';
import { fillNormal, fillRademacher, substream, toRngState, type RngState, type Seed } from '../rng/index.js';
import { fwhtContiguous } from './fwht.js';
import { haarInto } from './householder.js';
import { isPowerOfTwo, nearestDivisor, optionsArg, vectorArg } from './internal.js';
import type { LinearOperator } from './types.js';

/**
 * A Monarch matrix M = P_out·L·P_mid·R (plain data; see the module notes for the layout).
 * Build one with {@link monarch}, {@link randomMonarch} or {@link monarchProject}.
 */
export interface MonarchMatrix {
  readonly kind: 'monarch';
  /** Number of rows, `lBlocks · P`. */
  readonly rows: number;
  /** Number of columns, `rBlocks · S`. */
  readonly cols: number;
  /** Number of diagonal blocks of R (each `lBlocks × (cols/rBlocks)`). */
  readonly rBlocks: number;
  /** Number of diagonal blocks of L (each `(rows/lBlocks) × rBlocks`). */
  readonly lBlocks: number;
  /** The blocks of R, concatenated, each row-major: length `lBlocks · cols`. */
  readonly R: Float64Array;
  /** The blocks of L, concatenated, each row-major: length `rows · rBlocks`. */
  readonly L: Float64Array;
}

/** {@link monarch} from explicit blocks (shapes are inferred). */
export interface MonarchBlocksSpec {
  /** The diagonal blocks of R, all K×S, where K = the number of blocks of L. */
  readonly R: ReadonlyArray<MatrixLike>;
  /** The diagonal blocks of L, all P×R, where R = the number of blocks of R. */
  readonly L: ReadonlyArray<MatrixLike>;
}

/** {@link monarch} from flat factor arrays in the layout of {@link MonarchMatrix}. */
export interface MonarchFlatSpec {
  readonly rows: number;
  readonly cols: number;
  readonly rBlocks: number;
  readonly lBlocks: number;
  readonly R: Float64Array | readonly number[];
  readonly L: Float64Array | readonly number[];
}

// ---------------------------------------------------------------------------------------------
// Kernels (no validation). z is scratch of length rBlocks·lBlocks.

/** y[yo + i] ← (M·x)[i] for i < rows, x contiguous at xo. Cost K·(cols + rows) multiply-adds. @internal */
export function monarchApplyKernel(M: MonarchMatrix, x: Float64Array, xo: number, y: Float64Array, yo: number, z: Float64Array): void {
  const R = M.rBlocks, K = M.lBlocks, S = M.cols / R, P = M.rows / K;
  const w1 = M.R, w2 = M.L;
  // Stage 1: z[q·R + r] = Σ_s Rblock_r[q, s]·x[r·S + s]  (R small matvecs; writes P_mid·R·x).
  for (let r = 0; r < R; r++) {
    const xb = xo + r * S;
    for (let q = 0; q < K; q++) {
      const wb = (r * K + q) * S;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let s = 0;
      for (; s + 3 < S; s += 4) {
        s0 += w1[wb + s] * x[xb + s];
        s1 += w1[wb + s + 1] * x[xb + s + 1];
        s2 += w1[wb + s + 2] * x[xb + s + 2];
        s3 += w1[wb + s + 3] * x[xb + s + 3];
      }
      for (; s < S; s++) s0 += w1[wb + s] * x[xb + s];
      z[q * R + r] = (s0 + s1) + (s2 + s3);
    }
  }
  // Stage 2: y[p·K + q] = Σ_r Lblock_q[p, r]·z[q·R + r]  (K small matvecs, then P_out).
  for (let q = 0; q < K; q++) {
    const zb = q * R;
    for (let p = 0; p < P; p++) {
      const wb = (q * P + p) * R;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let r = 0;
      for (; r + 3 < R; r += 4) {
        s0 += w2[wb + r] * z[zb + r];
        s1 += w2[wb + r + 1] * z[zb + r + 1];
        s2 += w2[wb + r + 2] * z[zb + r + 2];
        s3 += w2[wb + r + 3] * z[zb + r + 3];
      }
      for (; r < R; r++) s0 += w2[wb + r] * z[zb + r];
      y[yo + p * K + q] = (s0 + s1) + (s2 + s3);
    }
  }
}

/** x[xo + j] ← (Mᵀ·y)[j] for j < cols, y contiguous at yo. Same cost as the product. @internal */
export function monarchApplyTKernel(M: MonarchMatrix, y: Float64Array, yo: number, x: Float64Array, xo: number, z: Float64Array): void {
  const R = M.rBlocks, K = M.lBlocks, S = M.cols / R, P = M.rows / K;
  const w1 = M.R, w2 = M.L;
  // z[q·R + r] = Σ_p Lblock_q[p, r]·y[p·K + q]
  z.fill(0);
  for (let q = 0; q < K; q++) {
    const zb = q * R;
    for (let p = 0; p < P; p++) {
      const a = y[yo + p * K + q];
      if (a === 0) continue;
      const wb = (q * P + p) * R;
      for (let r = 0; r < R; r++) z[zb + r] += a * w2[wb + r];
    }
  }
  // x[r·S + s] = Σ_q Rblock_r[q, s]·z[q·R + r]
  x.fill(0, xo, xo + M.cols);
  for (let r = 0; r < R; r++) {
    const xb = xo + r * S;
    for (let q = 0; q < K; q++) {
      const a = z[q * R + r];
      if (a === 0) continue;
      const wb = (r * K + q) * S;
      for (let s = 0; s < S; s++) x[xb + s] += a * w1[wb + s];
    }
  }
}

/**
 * Whether a product with k right-hand sides runs as 2 batches of small GEMMs (one per block,
 * each block read once) instead of column by column. The packed GEMM pays off only for blocks
 * of some size and enough columns; thresholds measured in Node 20 on blocks 16² … 128² with
 * k = 2 … 64 (e.g. n = 4096, 64×64 blocks, k = 64: 27 ms batched vs 38 ms by columns).
 */
function useBatched(M: MonarchMatrix, k: number): boolean {
  const b = Math.min(M.rBlocks, M.lBlocks, M.cols / M.rBlocks, M.rows / M.lBlocks);
  return (b >= 48 && k >= 8) || (b >= 24 && k >= 32);
}

function view(data: Float64Array, rows: number, cols: number, offset: number, rowStride: number, colStride: number): DenseMatrix {
  return { kind: 'dense', rows, cols, data, offset, rowStride, colStride };
}

/** M·X for a rows×k result, column-major, by 2 batches of GEMMs. Same flops as k matvecs. @internal */
export function monarchApplyBatched(M: MonarchMatrix, X: DenseMatrix): DenseMatrix {
  const R = M.rBlocks, K = M.lBlocks, S = M.cols / R, P = M.rows / K;
  const k = X.cols, RK = R * K;
  const z = new Float64Array(RK * k); // column-major RK×k; row r·K + q = (R_r x_r)[q]
  for (let r = 0; r < R; r++) {
    const Xr = view(X.data, S, k, X.offset + r * S * X.rowStride, X.rowStride, X.colStride);
    gemmInto(view(z, K, k, r * K, 1, RK), view(M.R, K, S, r * K * S, S, 1), Xr, 1, 0);
  }
  const y = new Float64Array(M.rows * k);
  for (let q = 0; q < K; q++) {
    // rows p·K + q of Y ← L_q · (rows r·K + q of Z)
    gemmInto(view(y, P, k, q, K, M.rows), view(M.L, P, R, q * P * R, R, 1), view(z, R, k, q, K, RK), 1, 0);
  }
  return view(y, M.rows, k, 0, 1, M.rows);
}

/** Mᵀ·Y for a cols×k result, column-major, by 2 batches of GEMMs. @internal */
export function monarchApplyTBatched(M: MonarchMatrix, Y: DenseMatrix): DenseMatrix {
  const R = M.rBlocks, K = M.lBlocks, S = M.cols / R, P = M.rows / K;
  const k = Y.cols, RK = R * K;
  const z = new Float64Array(RK * k);
  for (let q = 0; q < K; q++) {
    // rows r·K + q of Z ← L_qᵀ · (rows p·K + q of Y)
    const Yq = view(Y.data, P, k, Y.offset + q * Y.rowStride, K * Y.rowStride, Y.colStride);
    gemmInto(view(z, R, k, q, K, RK), view(M.L, R, P, q * P * R, 1, R), Yq, 1, 0);
  }
  const x = new Float64Array(M.cols * k);
  for (let r = 0; r < R; r++) {
    gemmInto(view(x, S, k, r * S, 1, M.cols), view(M.R, S, K, r * K * S, 1, S), view(z, K, k, r * K, 1, RK), 1, 0);
  }
  return view(x, M.cols, k, 0, 1, M.cols);
}

// ---------------------------------------------------------------------------------------------
// Validation.

function checkShape(fn: string, rows: number, cols: number, rBlocks: number, lBlocks: number): void {
  assertInt(fn, 'rows', rows, 1);
  assertInt(fn, 'cols', cols, 1);
  assertInt(fn, 'rBlocks', rBlocks, 1);
  assertInt(fn, 'lBlocks', lBlocks, 1);
  if (cols % rBlocks !== 0) throw new InvalidArgumentError(fn, `rBlocks = ${rBlocks} does not divide cols = ${cols} (expected a divisor of ${cols})`);
  if (rows % lBlocks !== 0) throw new InvalidArgumentError(fn, `lBlocks = ${lBlocks} does not divide rows = ${rows} (expected a divisor of ${rows})`);
  if (lBlocks * cols > 2 ** 31 - 1 || rows * rBlocks > 2 ** 31 - 1) {
    throw new InvalidArgumentError(fn, `the factors would hold ${lBlocks * cols} and ${rows * rBlocks} numbers (expected fewer than 2^31)`);
  }
}

/**
 * Structural check of a {@link MonarchMatrix} (kind, integer shape, divisibility, factor
 * lengths); O(1). Factor finiteness is checked by the constructors, not here. @internal
 */
export function assertMonarch(fn: string, name: string, M: unknown): asserts M is MonarchMatrix {
  if (typeof M !== 'object' || M === null || (M as { kind?: unknown }).kind !== 'monarch') {
    throw new InvalidArgumentError(fn, `${name} must be a MonarchMatrix (got ${fmt(M)}); build one with monarch(), randomMonarch() or monarchProject()`);
  }
  const o = M as MonarchMatrix;
  checkShape(fn, o.rows, o.cols, o.rBlocks, o.lBlocks);
  if (!(o.R instanceof Float64Array) || !(o.L instanceof Float64Array)) {
    throw new InvalidArgumentError(fn, `${name}.R and ${name}.L must be Float64Arrays (got ${fmt(o.R)} and ${fmt(o.L)})`);
  }
  if (o.R.length !== o.lBlocks * o.cols) throw new DimensionError(fn, `${name}.R has length ${o.R.length} but lBlocks·cols is ${o.lBlocks * o.cols}`);
  if (o.L.length !== o.rows * o.rBlocks) throw new DimensionError(fn, `${name}.L has length ${o.L.length} but rows·rBlocks is ${o.rows * o.rBlocks}`);
}

/** Block counts from options: explicit `rBlocks`/`lBlocks`, else `blocks`, else ≈ √ defaults. @internal */
export function resolveBlocks(
  fn: string,
  rows: number,
  cols: number,
  o: { readonly blocks?: number; readonly rBlocks?: number; readonly lBlocks?: number },
): { rBlocks: number; lBlocks: number } {
  if (o.blocks !== undefined) assertInt(fn, 'options.blocks', o.blocks, 1);
  if (o.rBlocks !== undefined) assertInt(fn, 'options.rBlocks', o.rBlocks, 1);
  if (o.lBlocks !== undefined) assertInt(fn, 'options.lBlocks', o.lBlocks, 1);
  let rB = o.rBlocks ?? o.blocks;
  let lB = o.lBlocks ?? o.blocks;
  if (rB === undefined && lB === undefined) {
    rB = nearestDivisor(cols, Math.sqrt(cols));
    lB = rows === cols ? cols / rB : nearestDivisor(rows, Math.sqrt(rows));
  } else if (rB === undefined) {
    rB = rows === cols && rows % (lB as number) === 0 ? rows / (lB as number) : nearestDivisor(cols, Math.sqrt(cols));
  } else if (lB === undefined) {
    lB = rows === cols && cols % rB === 0 ? cols / rB : nearestDivisor(rows, Math.sqrt(rows));
  }
  const r = rB as number, l = lB as number;
  if (cols % r !== 0) {
    throw new InvalidArgumentError(fn, `the number of R blocks (${r}) does not divide the ${cols} columns (expected a divisor of ${cols}: ${divisors(cols)})`);
  }
  if (rows % l !== 0) {
    throw new InvalidArgumentError(fn, `the number of L blocks (${l}) does not divide the ${rows} rows (expected a divisor of ${rows}: ${divisors(rows)})`);
  }
  return { rBlocks: r, lBlocks: l };
}

function divisors(n: number): string {
  const out: number[] = [];
  for (let d = 1; d <= n && out.length < 24; d++) if (n % d === 0) out.push(d);
  return out.join(', ') + (out[out.length - 1] !== n ? ', …' : '');
}

// ---------------------------------------------------------------------------------------------
// Constructors.

/**
 * Builds a validated {@link MonarchMatrix} from its two block-diagonal factors, either as
 * explicit blocks (`{ R: blocks, L: blocks }`, shapes inferred) or as flat arrays in the
 * storage layout (`{ rows, cols, rBlocks, lBlocks, R, L }`, e.g. a JSON round trip). The data
 * are copied; the result is plain data that serialises to JSON once its two typed arrays are
 * converted.
 *
 * With R blocks R₀ … R_{R−1} (each K×S) and L blocks L₀ … L_{K−1} (each P×R), the matrix is
 * M = P_out·diag(L_q)·P_mid·diag(R_r), i.e. M[p·K + q, r·S + s] = L_q[p, r]·R_r[q, s]; for
 * square b×b blocks and n = b² this is M = P·L·Pᵀ·R of Dao et al., ICML 2022, §3.
 *
 * Cost: O(K·(rows + cols)) to copy and check.
 *
 * @param spec - {@link MonarchBlocksSpec} or {@link MonarchFlatSpec}.
 * @throws {@link DimensionError} if block shapes are inconsistent (R blocks of different
 *   shapes, R-block rows ≠ number of L blocks, L-block columns ≠ number of R blocks, or a flat
 *   array of the wrong length).
 * @throws {@link InvalidArgumentError} if a block count does not divide its dimension or the
 *   spec is malformed; {@link NonFiniteError} for NaN/±Infinity.
 * @example
 * ```ts
 * // n = 4, two 2×2 blocks per factor
 * const M = monarch({ R: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]], L: [[[1, 0], [0, 1]], [[0, 1], [1, 0]]] });
 * monarchMultiply(M, [1, 0, 0, 0]);
 * ```
 */
export function monarch(spec: MonarchBlocksSpec | MonarchFlatSpec): MonarchMatrix {
  const fn = 'monarch';
  if (typeof spec !== 'object' || spec === null) throw new InvalidArgumentError(fn, `spec must be an object (got ${fmt(spec)})`);
  if ('rBlocks' in spec || 'lBlocks' in spec) {
    const f = spec as MonarchFlatSpec;
    checkShape(fn, f.rows, f.cols, f.rBlocks, f.lBlocks);
    const R = Float64Array.from(asVector(f.R, fn, 'spec.R'));
    const L = Float64Array.from(asVector(f.L, fn, 'spec.L'));
    if (R.length !== f.lBlocks * f.cols) throw new DimensionError(fn, `spec.R has length ${R.length} but lBlocks·cols is ${f.lBlocks * f.cols}`);
    if (L.length !== f.rows * f.rBlocks) throw new DimensionError(fn, `spec.L has length ${L.length} but rows·rBlocks is ${f.rows * f.rBlocks}`);
    return { kind: 'monarch', rows: f.rows, cols: f.cols, rBlocks: f.rBlocks, lBlocks: f.lBlocks, R, L };
  }
  const b = spec as MonarchBlocksSpec;
  if (!Array.isArray(b.R) || b.R.length === 0 || !Array.isArray(b.L) || b.L.length === 0) {
    throw new InvalidArgumentError(fn, `spec must have non-empty block arrays R and L, or the flat fields rows, cols, rBlocks, lBlocks, R, L (got R: ${fmt(b.R)}, L: ${fmt(b.L)})`);
  }
  const Rb = b.R.map((B, i) => asMatrix(B, fn, { name: `spec.R[${i}]` }));
  const Lb = b.L.map((B, i) => asMatrix(B, fn, { name: `spec.L[${i}]` }));
  const nR = Rb.length, nL = Lb.length;
  const K = Rb[0].rows, S = Rb[0].cols, P = Lb[0].rows;
  if (K !== nL) throw new DimensionError(fn, `the R blocks have ${K} rows but there are ${nL} L blocks (each R block must have one row per L block)`);
  for (let i = 0; i < nR; i++) {
    if (Rb[i].rows !== K || Rb[i].cols !== S) throw new DimensionError(fn, `spec.R[${i}] is ${Rb[i].rows}×${Rb[i].cols} but spec.R[0] is ${K}×${S}`);
  }
  for (let i = 0; i < nL; i++) {
    if (Lb[i].rows !== P || Lb[i].cols !== nR) {
      throw new DimensionError(fn, `spec.L[${i}] is ${Lb[i].rows}×${Lb[i].cols} (expected ${P}×${nR}: as many columns as there are R blocks, as many rows as spec.L[0])`);
    }
  }
  if (S < 1 || P < 1) throw new InvalidArgumentError(fn, `blocks must have at least one row and one column (got R blocks ${K}×${S}, L blocks ${P}×${nR})`);
  const rows = nL * P, cols = nR * S;
  checkShape(fn, rows, cols, nR, nL);
  const R = new Float64Array(nL * cols);
  const L = new Float64Array(rows * nR);
  for (let r = 0; r < nR; r++) {
    const B = Rb[r];
    for (let q = 0; q < K; q++) for (let s = 0; s < S; s++) R[(r * K + q) * S + s] = B.data[B.offset + q * B.rowStride + s * B.colStride];
  }
  for (let q = 0; q < nL; q++) {
    const B = Lb[q];
    for (let p = 0; p < P; p++) for (let r = 0; r < nR; r++) L[(q * P + p) * nR + r] = B.data[B.offset + p * B.rowStride + r * B.colStride];
  }
  return { kind: 'monarch', rows, cols, rBlocks: nR, lBlocks: nL, R, L };
}

// ---------------------------------------------------------------------------------------------
// Products.

function isVectorInput(X: unknown): boolean {
  return X instanceof Float64Array || (Array.isArray(X) && (X.length === 0 || typeof X[0] === 'number'));
}

function multiply(fn: string, M: MonarchMatrix, X: VectorLike | MatrixLike, trans: boolean): Float64Array | DenseMatrix {
  assertMonarch(fn, 'M', M);
  const inLen = trans ? M.rows : M.cols;
  const outLen = trans ? M.cols : M.rows;
  const z = new Float64Array(M.rBlocks * M.lBlocks);
  const kernel = trans ? monarchApplyTKernel : monarchApplyKernel;
  if (isVectorInput(X)) {
    const x = vectorArg(fn, 'x', X, inLen, trans ? 'M.rows' : 'M.cols');
    const out = new Float64Array(outLen);
    kernel(M, x, 0, out, 0, z);
    return out;
  }
  const A = asMatrix(X as MatrixLike, fn, { name: 'X' });
  if (A.rows !== inLen) throw new DimensionError(fn, `X has ${A.rows} rows but ${trans ? 'M.rows' : 'M.cols'} is ${inLen}`);
  const k = A.cols;
  if (useBatched(M, k)) return trans ? monarchApplyTBatched(M, A) : monarchApplyBatched(M, A);
  const out = new Float64Array(outLen * k);
  const buf = A.rowStride === 1 ? null : new Float64Array(inLen);
  for (let j = 0; j < k; j++) {
    const base = A.offset + j * A.colStride;
    if (buf === null) {
      kernel(M, A.data, base, out, j * outLen, z);
    } else {
      for (let i = 0; i < inLen; i++) buf[i] = A.data[base + i * A.rowStride];
      kernel(M, buf, 0, out, j * outLen, z);
    }
  }
  return { kind: 'dense', rows: outLen, cols: k, data: out, offset: 0, rowStride: 1, colStride: outLen };
}

/**
 * The product M·x (or M·X, column by column) of a Monarch matrix with a vector or a dense
 * matrix, in O(n√n) per column without forming M: R blocks first (R small matvecs), the
 * middle permutation, L blocks (K small matvecs), the output permutation.
 *
 * Cost: K·(cols + rows) multiply-adds per column (2n^{1.5} for n = b², blocks b×b, against n²
 * for the dense product); O(R·K) scratch. Reference: Dao et al., ICML 2022, §3.
 *
 * @param M - a {@link MonarchMatrix} (rows×cols).
 * @param X - a vector of length cols (`Float64Array` / `number[]`) or a matrix input with
 *   cols rows (any strides).
 * @returns a new `Float64Array` (vector input) or a new column-major DenseMatrix (rows×k).
 * @throws {@link DimensionError} on a length/row mismatch; {@link NonFiniteError} if X holds
 *   NaN/±Infinity; {@link InvalidArgumentError} if M is malformed.
 * @example
 * ```ts
 * const M = randomMonarch({ n: 1024, seed: 1 });
 * const y = monarchMultiply(M, x); // 65,536 multiply-adds instead of 1,048,576
 * ```
 */
export function monarchMultiply(M: MonarchMatrix, X: VectorLike): Float64Array;
export function monarchMultiply(M: MonarchMatrix, X: DenseMatrix | MatrixLike): DenseMatrix;
export function monarchMultiply(M: MonarchMatrix, X: VectorLike | MatrixLike): Float64Array | DenseMatrix {
  return multiply('monarchMultiply', M, X, false);
}

/**
 * The transposed product Mᵀ·y (or Mᵀ·Y) of a Monarch matrix, in O(n√n) per column without
 * forming M: Mᵀ = Rᵀ·P_midᵀ·Lᵀ·P_outᵀ, applied right to left with the same blocks.
 * (Mᵀ is in general not a Monarch matrix of the same block structure, hence its own kernel.)
 *
 * Cost: K·(cols + rows) multiply-adds per column. Reference: Dao et al., ICML 2022, §3.
 *
 * @param M - a {@link MonarchMatrix} (rows×cols).
 * @param Y - a vector of length rows or a matrix input with rows rows.
 * @returns a new `Float64Array` of length cols, or a new column-major DenseMatrix (cols×k).
 * @throws {@link DimensionError} on a length/row mismatch; {@link NonFiniteError} if Y holds
 *   NaN/±Infinity; {@link InvalidArgumentError} if M is malformed.
 */
export function monarchMultiplyT(M: MonarchMatrix, Y: VectorLike): Float64Array;
export function monarchMultiplyT(M: MonarchMatrix, Y: DenseMatrix | MatrixLike): DenseMatrix;
export function monarchMultiplyT(M: MonarchMatrix, Y: VectorLike | MatrixLike): Float64Array | DenseMatrix {
  return multiply('monarchMultiplyT', M, Y, true);
}

/**
 * The dense rows×cols matrix of a Monarch matrix, from the entry formula
 * M[p·K + q, r·S + s] = Lblock_q[p, r]·Rblock_r[q, s] (one multiplication per entry).
 *
 * Cost: rows·cols multiplications and storage; for testing and small sizes.
 * Reference: Dao et al., ICML 2022, §3.
 *
 * @param M - a {@link MonarchMatrix}.
 * @returns a new column-major DenseMatrix.
 * @throws {@link InvalidArgumentError} if M is malformed.
 */
export function monarchToDense(M: MonarchMatrix): DenseMatrix {
  const fn = 'monarchToDense';
  assertMonarch(fn, 'M', M);
  const { rows, cols, rBlocks: R, lBlocks: K } = M;
  const S = cols / R, P = rows / K;
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < R; r++) {
    for (let s = 0; s < S; s++) {
      const colBase = (r * S + s) * rows;
      for (let q = 0; q < K; q++) {
        const rv = M.R[(r * K + q) * S + s];
        for (let p = 0; p < P; p++) out[colBase + p * K + q] = M.L[(q * P + p) * R + r] * rv;
      }
    }
  }
  return { kind: 'dense', rows, cols, data: out, offset: 0, rowStride: 1, colStride: rows };
}

/**
 * A Monarch matrix as a {@link LinearOperator}: `apply` = {@link monarchMultiply},
 * `applyT` = {@link monarchMultiplyT}, each O(n√n). M is validated once, here; the operator
 * keeps a reference to M's factor arrays (do not modify them afterwards).
 *
 * Reference: Dao et al., ICML 2022, §3.
 *
 * @param M - a {@link MonarchMatrix}.
 * @throws {@link InvalidArgumentError} if M is malformed; {@link NonFiniteError} if its
 *   factors hold NaN/±Infinity.
 * @example
 * ```ts
 * const A = monarchOperator(randomMonarch({ n: 4096, family: 'orthogonal', seed: 7 }));
 * A.applyT(A.apply(x)); // x, up to rounding (orthogonal blocks)
 * ```
 */
export function monarchOperator(M: MonarchMatrix): LinearOperator {
  const fn = 'monarchOperator';
  assertMonarch(fn, 'M', M);
  assertFiniteVector(fn, 'M.R', M.R);
  assertFiniteVector(fn, 'M.L', M.L);
  const z = new Float64Array(M.rBlocks * M.lBlocks);
  return {
    kind: 'operator',
    rows: M.rows,
    cols: M.cols,
    apply(x: Float64Array): Float64Array {
      const v = vectorArg('monarchOperator.apply', 'x', x, M.cols, 'the operator column count');
      const out = new Float64Array(M.rows);
      monarchApplyKernel(M, v, 0, out, 0, z);
      return out;
    },
    applyT(y: Float64Array): Float64Array {
      const v = vectorArg('monarchOperator.applyT', 'y', y, M.rows, 'the operator row count');
      const out = new Float64Array(M.cols);
      monarchApplyTKernel(M, v, 0, out, 0, z);
      return out;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Random Monarch matrices.

/** Block distributions of {@link randomMonarch}. */
export type MonarchFamily = 'gaussian' | 'orthogonal' | 'hadsign';

/** Options of {@link randomMonarch}. */
export interface RandomMonarchOptions {
  /** Square shorthand: rows = cols = n. */
  readonly n?: number;
  /** Number of rows (with `cols`, instead of `n`). */
  readonly rows?: number;
  /** Number of columns (with `rows`, instead of `n`). */
  readonly cols?: number;
  /** Number of blocks of both factors (overridden by `rBlocks` / `lBlocks`). */
  readonly blocks?: number;
  /**
   * Number of blocks of R; must divide cols.
   * @defaultValue the divisor of cols closest to √cols (ties: the larger)
   */
  readonly rBlocks?: number;
  /**
   * Number of blocks of L; must divide rows.
   * @defaultValue cols/rBlocks when rows = cols (square blocks), else the divisor of rows
   *   closest to √rows
   */
  readonly lBlocks?: number;
  /**
   * Distribution of the blocks:
   * - `'gaussian'`: i.i.d. normal entries with variance 1/(rows of the block), so that
   *   E[BᵀB] = I for every block and E[MᵀM] = I. M is not orthogonal.
   * - `'orthogonal'`: every block Haar-distributed: QR of a Gaussian block with the sign fix
   *   (Stewart 1980; Mezzadri 2007). Square blocks are orthogonal, tall blocks have orthonormal
   *   columns, wide blocks orthonormal rows. When all blocks are square (rows = cols =
   *   rBlocks·lBlocks) M is orthogonal. Its entries are products of two independent
   *   ≈N(0, 1/b) variables, so heavy-tailed: as a sketch mixer this single factor flattens
   *   coherent inputs markedly worse than a Hadamard transform (ALGORITHMS.md §5.3).
   * - `'hadsign'`: every block H_b·diag(±1)/√b with H_b the Sylvester Hadamard matrix and
   *   i.i.d. random signs; needs square power-of-two blocks (rows = cols = rBlocks·lBlocks,
   *   both powers of two). M is orthogonal with entries ±1/√n. The recommended family for a
   *   random Monarch mixer (ALGORITHMS.md §5.3; no theorem, measured).
   * @defaultValue 'gaussian'
   */
  readonly family?: MonarchFamily;
  /** Seed or state of the random stream (required). */
  readonly seed: Seed | RngState;
}

/**
 * A random Monarch matrix with blocks drawn from `family` (see {@link RandomMonarchOptions}),
 * reproducibly from `seed`.
 *
 * Randomness: substream 0 of the seed's stream fills R, substream 1 fills L, in storage order
 * (`'gaussian'`: value at position = index in `M.R` / `M.L`; `'orthogonal'`: block t uses the
 * positions from t·(block size) on); `'hadsign'` draws the signs of R's block r, column s at
 * position r·S + s of substream 2 and those of L's block q, column r at q·R + r of substream 3.
 *
 * Cost: O(K·(rows + cols)) values; `'orthogonal'` adds O(b³) per b×b block (QR), `'hadsign'`
 * O(b² log b) per block.
 *
 * Reference: Dao et al., ICML 2022, §3 (Monarch matrices); Stewart, SIAM J. Numer. Anal.
 * 17(3), 1980 (Haar blocks).
 *
 * @param options - {@link RandomMonarchOptions}; `seed` and a shape (`n`, or `rows` and
 *   `cols`) are required.
 * @throws {@link InvalidArgumentError} for a missing or bad shape, seed or family, block counts
 *   that do not divide the shape, or `'hadsign'` without square power-of-two blocks.
 * @example
 * ```ts
 * const M = randomMonarch({ n: 1024, family: 'hadsign', seed: 3 }); // orthogonal, 32 blocks of 32×32
 * const W = randomMonarch({ rows: 24, cols: 15, rBlocks: 3, lBlocks: 4, seed: 'w' });
 * ```
 */
export function randomMonarch(options: RandomMonarchOptions): MonarchMatrix {
  const fn = 'randomMonarch';
  const o = optionsArg(fn, options);
  if (o.seed === undefined) throw new InvalidArgumentError(fn, 'options.seed is required (a seed or an RngState)');
  const st = toRngState(o.seed, fn);
  let rows: number, cols: number;
  if (o.n !== undefined) {
    assertInt(fn, 'options.n', o.n, 1);
    if ((o.rows !== undefined && o.rows !== o.n) || (o.cols !== undefined && o.cols !== o.n)) {
      throw new InvalidArgumentError(fn, `options.n (${o.n}) conflicts with options.rows/cols (${fmt(o.rows)}×${fmt(o.cols)})`);
    }
    rows = cols = o.n;
  } else {
    if (o.rows === undefined || o.cols === undefined) throw new InvalidArgumentError(fn, 'a shape is required: options.n, or options.rows and options.cols');
    rows = assertInt(fn, 'options.rows', o.rows, 1);
    cols = assertInt(fn, 'options.cols', o.cols, 1);
  }
  const family = assertOneOf(fn, 'options.family', o.family ?? 'gaussian', ['gaussian', 'orthogonal', 'hadsign'] as const);
  const { rBlocks: Rn, lBlocks: K } = resolveBlocks(fn, rows, cols, o);
  checkShape(fn, rows, cols, Rn, K);
  const S = cols / Rn, P = rows / K;
  const Rdata = new Float64Array(K * cols);
  const Ldata = new Float64Array(rows * Rn);
  const st0 = substream(st, 0), st1 = substream(st, 1);
  if (family === 'gaussian') {
    fillNormal(st0, 0, Rdata, 0, Rdata.length, 1 / Math.sqrt(K));
    fillNormal(st1, 0, Ldata, 0, Ldata.length, 1 / Math.sqrt(P));
  } else if (family === 'orthogonal') {
    // R block r is K×S, L block q is P×R; row-major within each block.
    for (let r = 0; r < Rn; r++) haarBlock(st0, r * K * S, K, S, Rdata, r * K * S);
    for (let q = 0; q < K; q++) haarBlock(st1, q * P * Rn, P, Rn, Ldata, q * P * Rn);
  } else {
    if (!(S === K && P === Rn && isPowerOfTwo(K) && isPowerOfTwo(Rn))) {
      throw new InvalidArgumentError(
        fn,
        `family 'hadsign' needs square power-of-two blocks, i.e. rows = cols = rBlocks·lBlocks with both powers of two (got ${rows}×${cols} with rBlocks = ${Rn}, lBlocks = ${K}: R blocks ${K}×${S}, L blocks ${P}×${Rn})`,
      );
    }
    hadsignBlocks(substream(st, 2), Rn, K, Rdata);
    hadsignBlocks(substream(st, 3), K, Rn, Ldata);
  }
  return { kind: 'monarch', rows, cols, rBlocks: Rn, lBlocks: K, R: Rdata, L: Ldata };
}

/** Haar m×k block (orthonormal columns if m ≥ k, rows otherwise), row-major at out[off]. */
function haarBlock(st: RngState, start: number, m: number, k: number, out: Float64Array, off: number): void {
  if (m >= k) haarInto(st, start, m, k, out, off, k, 1);
  else haarInto(st, start, k, m, out, off, 1, k); // a Haar k×m matrix written transposed
}

/** `count` blocks b×b, block t = H_b·diag(signs)/√b, row-major, signs at t·b + column. */
function hadsignBlocks(st: RngState, count: number, b: number, out: Float64Array): void {
  const signs = new Float64Array(count * b);
  fillRademacher(st, 0, signs, 0, signs.length, 1 / Math.sqrt(b));
  // Row i of H_b·D is (H_b e_i)ᵀ·D, since H_b is symmetric: transform unit vectors.
  const row = new Float64Array(b);
  for (let t = 0; t < count; t++) {
    for (let i = 0; i < b; i++) {
      row.fill(0);
      row[i] = 1;
      fwhtContiguous(row, 0, b);
      const base = (t * b + i) * b;
      for (let j = 0; j < b; j++) out[base + j] = row[j] * signs[t * b + j];
    }
  }
}
