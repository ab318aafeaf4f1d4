/**
 * Kronecker products A₀ ⊗ A₁ ⊗ ⋯ ⊗ A_{k−1} applied without forming them.
 *
 * @module
 */
import { InvalidArgumentError } from '../core/errors.js';
import { asMatrix, type MatrixLike } from '../core/interop.js';
import { toColMajor, toRowMajor } from '../core/matrix.js';
import { dot } from '../core/kernels/blas1.js';
import { fmt } from '../core/validate.js';
import { vectorArg } from './internal.js';
import type { LinearOperator } from './types.js';

type Factor =
  | { readonly dense: true; readonly rows: number; readonly cols: number; readonly rowMajor: Float64Array; readonly colMajor: Float64Array }
  | { readonly dense: false; readonly rows: number; readonly cols: number; readonly op: LinearOperator };

function isOperator(x: unknown): x is LinearOperator {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'operator';
}

/**
 * Mode product: `out[(a·p + i)·post + b] = Σ_j W[i·q + j] · inp[(a·q + j)·post + b]` for a < pre,
 * with W row-major p×q (the map ℝ^q → ℝ^p applied along one tensor axis). @internal
 */
function modeProductDense(W: Float64Array, p: number, q: number, pre: number, post: number, inp: Float64Array, out: Float64Array): void {
  if (post === 1) {
    for (let a = 0; a < pre; a++) {
      const ib = a * q, ob = a * p;
      for (let i = 0; i < p; i++) out[ob + i] = dot(q, W, i * q, 1, inp, ib, 1);
    }
    return;
  }
  for (let a = 0; a < pre; a++) {
    const ib = a * q * post, ob = a * p * post;
    for (let i = 0; i < p; i++) {
      const o = ob + i * post;
      for (let j = 0; j < q; j++) {
        const w = W[i * q + j];
        if (w === 0) continue;
        const s = ib + j * post;
        for (let b = 0; b < post; b++) out[o + b] += w * inp[s + b];
      }
    }
  }
}

/** Mode product with an operator: gathers each fiber, applies, scatters. @internal */
function modeProductOperator(
  f: (v: Float64Array) => Float64Array,
  p: number,
  q: number,
  pre: number,
  post: number,
  inp: Float64Array,
  out: Float64Array,
): void {
  const fiber = new Float64Array(q);
  for (let a = 0; a < pre; a++) {
    for (let b = 0; b < post; b++) {
      const ib = a * q * post + b, ob = a * p * post + b;
      for (let j = 0; j < q; j++) fiber[j] = inp[ib + j * post];
      const r = f(fiber);
      if (!(r instanceof Float64Array) || r.length !== p) {
        throw new InvalidArgumentError('kroneckerOperator', `a factor operator returned ${r instanceof Float64Array ? `length ${r.length}` : fmt(r)} (expected a Float64Array of length ${p})`);
      }
      for (let i = 0; i < p; i++) out[ob + i * post] = r[i];
    }
  }
}

/**
 * The Kronecker product K = A₀ ⊗ A₁ ⊗ ⋯ ⊗ A_{k−1} as a {@link LinearOperator}, applied
 * without forming it. With Aₜ of size mₜ×nₜ, K is (Π mₜ)×(Π nₜ) and
 * K[(i₀·m₁ + i₁)·m₂ + …, (j₀·n₁ + j₁)·n₂ + …] = A₀[i₀, j₀]·A₁[i₁, j₁]⋯ (the standard `kron`
 * ordering, as numpy's `kron`).
 *
 * For two factors this is the identity (B ⊗ C)·vec(X) = vec(C·X·Bᵀ), with vec stacking the
 * columns of the n_C×n_B matrix X (Van Loan, "Computational Frameworks for the Fast Fourier
 * Transform", SIAM 1992, Ch. 1). In general x is viewed as a tensor of shape (n₀, …, n_{k−1})
 * and each factor multiplies one axis (a mode product); the products commute, and they are
 * applied shrinking factors first (ascending mₜ/nₜ) to keep intermediates small.
 *
 * Dense factors are copied when the operator is built; operator factors are kept by
 * reference (each is applied to every fibre of its axis) and must not change.
 *
 * Cost per application: Σₜ (Π_{s applied before t} m_s)·mₜ·nₜ·(Π_{s after t} n_s) multiply-adds
 * for dense factors, e.g. N·(n₀ + n₁) for two square factors of sizes n₀, n₁ (N = n₀n₁),
 * against N² for the formed matrix. `applyT` uses Aₜᵀ for every factor: Kᵀ = ⊗ₜ Aₜᵀ.
 *
 * @param factors - a non-empty array of factors: any matrix input (DenseMatrix, `number[][]`,
 *   …) or {@link LinearOperator}s, each with at least one row and one column.
 * @throws {@link InvalidArgumentError} if `factors` is empty, a factor is malformed or empty, or
 *   the product has 2³¹ or more rows or columns.
 * @throws {@link NonFiniteError} if a dense factor holds NaN or ±Infinity.
 * @example
 * ```ts
 * const K = kroneckerOperator([B, C]); // B ⊗ C
 * K.apply(x);                          // = vec(C · X · Bᵀ) with X = reshape(x, n_C, n_B)
 * ```
 */
export function kroneckerOperator(factors: ReadonlyArray<MatrixLike | LinearOperator>): LinearOperator {
  const fn = 'kroneckerOperator';
  if (!Array.isArray(factors) || factors.length === 0) {
    throw new InvalidArgumentError(fn, `factors must be a non-empty array of matrices or operators (got ${fmt(factors)})`);
  }
  const list: Factor[] = [];
  let rows = 1, cols = 1;
  for (let t = 0; t < factors.length; t++) {
    const f = factors[t];
    let F: Factor;
    if (isOperator(f)) {
      if (!Number.isInteger(f.rows) || !Number.isInteger(f.cols) || typeof f.apply !== 'function' || typeof f.applyT !== 'function') {
        throw new InvalidArgumentError(fn, `factors[${t}] is not a well-formed LinearOperator`);
      }
      F = { dense: false, rows: f.rows, cols: f.cols, op: f };
    } else {
      const A = asMatrix(f as MatrixLike, fn, { name: `factors[${t}]` });
      F = { dense: true, rows: A.rows, cols: A.cols, rowMajor: toRowMajor(A).data, colMajor: toColMajor(A).data };
    }
    if (F.rows < 1 || F.cols < 1) {
      throw new InvalidArgumentError(fn, `factors[${t}] is empty (${F.rows}×${F.cols}); expected at least 1×1`);
    }
    list.push(F);
    rows *= F.rows;
    cols *= F.cols;
  }
  if (rows > 2 ** 31 - 1 || cols > 2 ** 31 - 1) {
    throw new InvalidArgumentError(fn, `the product is ${rows}×${cols} (expected fewer than 2^31 rows and columns)`);
  }
  const k = list.length;
  // Shrinking factors first (ascending rows/cols); ties keep the given order. For the transpose
  // the roles of rows and cols swap, so the order reverses.
  const order = list.map((_, t) => t).sort((a, b) => list[a].rows / list[a].cols - list[b].rows / list[b].cols || a - b);
  const orderT = [...order].reverse();

  const run = (trans: boolean, v: Float64Array): Float64Array => {
    const x = vectorArg(`kroneckerOperator.${trans ? 'applyT' : 'apply'}`, trans ? 'y' : 'x', v, trans ? rows : cols, trans ? 'the operator row count' : 'the operator column count');
    const dims = list.map((F) => (trans ? F.rows : F.cols));
    let cur = x;
    for (const t of trans ? orderT : order) {
      const F = list[t];
      const q = dims[t];
      const p = trans ? F.cols : F.rows;
      let pre = 1, post = 1;
      for (let s = 0; s < t; s++) pre *= dims[s];
      for (let s = t + 1; s < k; s++) post *= dims[s];
      const out = new Float64Array(pre * p * post);
      if (F.dense) modeProductDense(trans ? F.colMajor : F.rowMajor, p, q, pre, post, cur, out);
      else modeProductOperator(trans ? (u) => F.op.applyT(u) : (u) => F.op.apply(u), p, q, pre, post, cur, out);
      dims[t] = p;
      cur = out;
    }
    return cur === x ? Float64Array.from(x) : cur;
  };
  return { kind: 'operator', rows, cols, apply: (x) => run(false, x), applyT: (y) => run(true, y) };
}
