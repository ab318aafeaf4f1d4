/**
 * Measures of sketch quality: subspace-embedding distortion, the oblivious coordinate-wise
 * embedding (OCE) deviation, and the Johnson–Lindenstrauss dimension.
 *
 * @module
 */
import { DimensionError, InvalidArgumentError } from '../core/errors.js';
import { asMatrix, type MatrixLike } from '../core/interop.js';
import { fromColMajor, subMatrix, type DenseMatrix } from '../core/matrix.js';
import { svd } from '../core/svd.js';
import { numericalRank } from '../core/tolerance.js';
import { assertInt, assertReal } from '../core/validate.js';
import { fwhtColumnsKernel } from '../structured/fwht.js';
import { resolveOperator, sketchRowBlocks, prepareOperator } from './apply.js';
import type { SketchOperator, SketchSpec } from './spec.js';
import { lnDet } from '../rng/elementary.js';

/** Result of {@link embeddingDistortion}. */
export interface EmbeddingDistortion {
  /** Smallest singular value of S·U (0 when the sketch has fewer rows than rank(A)). */
  readonly sigmaMin: number;
  /** Largest singular value of S·U. */
  readonly sigmaMax: number;
  /** ε = max(1 − σmin, σmax − 1): S is an ε subspace embedding of range(A) in the singular-value sense. */
  readonly eps: number;
  /** Numerical rank of A (the dimension of the subspace measured). */
  readonly rank: number;
}

/**
 * The subspace-embedding distortion of S on range(A).
 *
 * With U an orthonormal basis of range(A) (from the SVD of A, keeping the singular values above
 * the library's tolerance rule, so rank-deficient A is measured on its numerical range),
 * S is an ε-embedding of range(A) — (1 − ε)‖y‖ ≤ ‖Sy‖ ≤ (1 + ε)‖y‖ for all y in range(A) — exactly
 * when every singular value of S·U lies in [1 − ε, 1 + ε]. This returns those extreme singular
 * values and ε = max(1 − σmin, σmax − 1).
 *
 * Cost: an SVD of A (O(n·d²)), S·U, and an SVD of the m×r matrix S·U.
 *
 * @param S - sketch spec or operator, m×n.
 * @param A - n×d matrix.
 * @throws {@link DimensionError} when A has not n rows.
 */
export function embeddingDistortion(S: SketchSpec | SketchOperator, A: MatrixLike): EmbeddingDistortion {
  const fn = 'embeddingDistortion';
  const op = resolveOperator(S, fn);
  const M = asMatrix(A, fn);
  if (M.rows !== op.cols) throw new DimensionError(fn, `A has ${M.rows} rows but the sketch has ${op.cols} columns`);
  const F = svd(M);
  const r = numericalRank(F.s, M.rows, M.cols);
  if (r === 0) return { sigmaMin: 1, sigmaMax: 1, eps: 0, rank: 0 };
  const U = subMatrix(F.U, 0, M.rows, 0, r);
  const SU = sketchRowBlocks(op, U);
  const s = svd(SU, { vectors: false }).s;
  const sigmaMax = s[0];
  const sigmaMin = r > op.rows ? 0 : s[r - 1];
  return { sigmaMin, sigmaMax, eps: Math.max(1 - sigmaMin, sigmaMax - 1), rank: r };
}

/** Result of {@link oceDeviation}. */
export interface OceDeviation {
  /** max over pairs of |⟨Sx, Sy⟩ − ⟨x, y⟩| / (‖x‖‖y‖). */
  readonly max: number;
  /** Mean over pairs. */
  readonly mean: number;
  /** Median, 90th and 99th percentiles over pairs. */
  readonly median: number;
  readonly p90: number;
  readonly p99: number;
  /** Every pair's value, pair (i, j) at index i·q + j (x_i a column of X, y_j a column of Y, q = cols of Y). */
  readonly values: Float64Array;
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * The oblivious coordinate-wise embedding (OCE) deviation of S over the column pairs of X and Y:
 * for every column x of X and y of Y, |⟨Sx, Sy⟩ − ⟨x, y⟩| / (‖x‖‖y‖); returns the maximum and the
 * distribution. Song & Yu (ICML 2021) introduced the coordinate-wise embedding; Song, Ye, Yin &
 * Zhang ("A Nearly-Optimal Bound for Fast Regression with ℓ∞ Guarantee", ICML 2023) use the
 * property that dense sketches satisfy it with deviation O(√(log(1/δ)/m)) per pair, which is what
 * gives their ℓ∞ guarantee; CountSketch does not (its deviation on e_i, e_j is 0 or 1).
 * Pairs with a zero column count as 0.
 *
 * Cost: S·X and S·Y, then O(p·q·m) for the pairs (X n×p, Y n×q).
 */
export function oceDeviation(S: SketchSpec | SketchOperator, X: MatrixLike, Y: MatrixLike): OceDeviation {
  const fn = 'oceDeviation';
  const op = resolveOperator(S, fn);
  const Xm = asMatrix(X, fn, { name: 'X' });
  const Ym = asMatrix(Y, fn, { name: 'Y' });
  if (Xm.rows !== op.cols) throw new DimensionError(fn, `X has ${Xm.rows} rows but the sketch has ${op.cols} columns`);
  if (Ym.rows !== op.cols) throw new DimensionError(fn, `Y has ${Ym.rows} rows but the sketch has ${op.cols} columns`);
  const SX = sketchRowBlocks(op, Xm);
  const SY = sketchRowBlocks(op, Ym);
  const p = Xm.cols;
  const q = Ym.cols;
  const m = op.rows;
  const n = op.cols;
  const col = (A: DenseMatrix, j: number, i: number) => A.data[A.offset + i * A.rowStride + j * A.colStride];
  const values = new Float64Array(p * q);
  const nx = new Float64Array(p);
  const ny = new Float64Array(q);
  for (let i = 0; i < p; i++) { let s = 0; for (let t = 0; t < n; t++) s += col(Xm, i, t) ** 2; nx[i] = Math.sqrt(s); }
  for (let j = 0; j < q; j++) { let s = 0; for (let t = 0; t < n; t++) s += col(Ym, j, t) ** 2; ny[j] = Math.sqrt(s); }
  let max = 0;
  let sum = 0;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < q; j++) {
      const denom = nx[i] * ny[j];
      if (denom === 0) continue;
      let exact = 0;
      for (let t = 0; t < n; t++) exact += col(Xm, i, t) * col(Ym, j, t);
      let sk = 0;
      for (let k = 0; k < m; k++) sk += SX.data[i * m + k] * SY.data[j * m + k];
      const v = Math.abs(sk - exact) / denom;
      values[i * q + j] = v;
      if (v > max) max = v;
      sum += v;
    }
  }
  const sorted = values.slice().sort();
  return {
    max,
    mean: values.length ? sum / values.length : 0,
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    values,
  };
}

/**
 * The Johnson–Lindenstrauss dimension as scikit-learn's `johnson_lindenstrauss_min_dim` computes
 * it: ⌊4·ln(nPoints) / (ε²/2 − ε³/3)⌋ (natural log, truncated). A Gaussian projection to this many
 * dimensions keeps every pairwise squared distance of nPoints points within (1 ± ε) with
 * positive probability (Dasgupta & Gupta, 2003). jlMinDim(1e6, 0.5) = 663, jlMinDim(1e6, 0.1) = 11841.
 *
 * @param nPoints - number of points, an integer ≥ 1.
 * @param eps - distortion, 0 < ε < 1.
 */
export function jlMinDim(nPoints: number, eps: number): number {
  const fn = 'jlMinDim';
  assertInt(fn, 'nPoints', nPoints, 1);
  assertReal(fn, 'eps', eps, 0, 1, 'both');
  return Math.floor((4 * lnDet(nPoints)) / (eps * eps / 2 - (eps * eps * eps) / 3));
}

/**
 * The tensor sketch applied to Kronecker products without forming them: column i of the result is
 * S·(x_i ⊗ y_i) for x_i the i-th column of X (n₁×d) and y_i that of Y (n₂×d). Equal (to rounding)
 * to `applySketch(S, K)` with K the n₁n₂×d matrix of the column-wise Kronecker products.
 *
 * Cost: O((N₁ log N₁ + N₂ log N₂ + m)·d) against O(m·n₁n₂·d) for the formed product
 * (Ahle, Kapralov, Knudsen, Pagh, Velingker, Woodruff & Zandieh, "Oblivious sketching of
 * high-degree polynomial kernels", SODA 2020, the TensorSRHT).
 *
 * @throws {@link InvalidArgumentError} unless S is a 'tensor' sketch; {@link DimensionError} on shapes.
 */
export function applyTensorSketch(S: SketchSpec | SketchOperator, X: MatrixLike, Y: MatrixLike): DenseMatrix {
  const fn = 'applyTensorSketch';
  const op = resolveOperator(S, fn);
  if (op.kind !== 'tensor') {
    throw new InvalidArgumentError(fn, `needs a 'tensor' sketch (got kind '${op.kind}')`);
  }
  const [n1, n2] = op.factors;
  const Xm = asMatrix(X, fn, { name: 'X' });
  const Ym = asMatrix(Y, fn, { name: 'Y' });
  if (Xm.rows !== n1) throw new DimensionError(fn, `X has ${Xm.rows} rows but the sketch's first factor is ${n1}`);
  if (Ym.rows !== n2) throw new DimensionError(fn, `Y has ${Ym.rows} rows but the sketch's second factor is ${n2}`);
  if (Xm.cols !== Ym.cols) throw new DimensionError(fn, `X has ${Xm.cols} columns but Y has ${Ym.cols}`);
  const { p } = prepareOperator(op);
  const d = Xm.cols;
  const m = op.rows;
  const transform = (A: DenseMatrix, N: number, D: Float64Array) => {
    const W = new Float64Array(N * d);
    for (let c = 0; c < d; c++) for (let t = 0; t < A.rows; t++) W[c * N + t] = D[t] * A.data[A.offset + t * A.rowStride + c * A.colStride];
    fwhtColumnsKernel(fromColMajor(N, d, W));
    return W;
  };
  const N1 = p.N1 as number;
  const N2 = p.N2 as number;
  const W1 = transform(Xm, N1, p.D1 as Float64Array);
  const W2 = transform(Ym, N2, p.D2 as Float64Array);
  const a = p.a as Int32Array;
  const b = p.b as Int32Array;
  const scale = p.scale as number;
  const out = new Float64Array(m * d);
  for (let c = 0; c < d; c++) for (let k = 0; k < m; k++) out[c * m + k] = scale * W1[c * N1 + a[k]] * W2[c * N2 + b[k]];
  return fromColMajor(m, d, out);
}
