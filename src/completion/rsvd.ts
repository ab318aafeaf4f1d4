/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011) of dense, sparse and matrix-free
 * inputs. Used for the spectral initialisation of matrix completion, and exported on its own.
 *
 * @module
 */
import { assertCsr, csrMatmulDenseKernel, csrTransposeKernel, type CsrMatrix } from '../core/csr.js';
import { InvalidArgumentError } from '../core/errors.js';
import { asMatrix, type MatrixLike } from '../core/interop.js';
import { fromColMajor, transpose, zeros, type DenseMatrix } from '../core/matrix.js';
import { asOperator, type LinearOperator } from '../core/operator.js';
import { orthonormalizeInPlace } from '../core/qr.js';
import { svdColMajor } from '../core/svd.js';
import { gemmInto } from '../core/kernels/gemm.js';
import { assertInt, fmt } from '../core/validate.js';
import { fillNormal, substream, toRngState, type RngState, type Seed } from '../rng/index.js';

/** Options of {@link rsvd}. */
export interface RsvdOptions {
  /**
   * Extra sample columns p beyond k (HMT §4.2 recommend 5–10). The sample has
   * l = min(k + p, min(m, n)) columns. Default 10.
   */
  readonly oversample?: number;
  /**
   * Number q of power (subspace) iterations, each re-orthonormalised by QR (HMT Alg. 4.4).
   * Default 2. `'auto'` follows scikit-learn's `randomized_svd`: 7 when k < 0.1·min(m, n),
   * else 4. Each iteration costs two passes over A and sharpens the spectral decay seen by
   * the sample from σ_j to σ_j^{2q+1}.
   */
  readonly powerIters?: number | 'auto';
  /** Seed (or generator state) of the Gaussian test matrix; required. */
  readonly seed: Seed | RngState;
}

/** Result of {@link rsvd}: A ≈ U·diag(s)·Vᵀ. Plain data. */
export interface RsvdResult {
  /** m×k, orthonormal columns, column-major. */
  readonly U: DenseMatrix;
  /** The k estimated singular values, descending. */
  readonly s: Float64Array;
  /** n×k, orthonormal columns, column-major. */
  readonly V: DenseMatrix;
}

/** What {@link rsvd} accepts: any dense matrix input, a CSR matrix or a linear operator. */
export type RsvdInput = MatrixLike | CsrMatrix | LinearOperator;

/** @internal The products rsvd needs: A·X and Aᵀ·Y for dense blocks X, Y. */
export interface BlockOperator {
  readonly rows: number;
  readonly cols: number;
  /** A·X, X cols×l → rows×l column-major. */
  times(X: DenseMatrix): DenseMatrix;
  /** Aᵀ·Y, Y rows×l → cols×l column-major. */
  timesT(Y: DenseMatrix): DenseMatrix;
}

/** @internal Block products of a CSR matrix (Aᵀ formed once, O(nnz)). No validation. */
export function csrBlockOperator(S: CsrMatrix): BlockOperator {
  let St: CsrMatrix | null = null;
  return {
    rows: S.rows,
    cols: S.cols,
    times: (X) => csrMatmulDenseKernel(S, X),
    timesT: (Y) => csrMatmulDenseKernel((St ??= csrTransposeKernel(S)), Y),
  };
}

function denseBlockOperator(A: DenseMatrix): BlockOperator {
  const At = transpose(A);
  return {
    rows: A.rows,
    cols: A.cols,
    times: (X) => {
      const C = zeros(A.rows, X.cols);
      gemmInto(C, A, X);
      return C;
    },
    timesT: (Y) => {
      const C = zeros(A.cols, Y.cols);
      gemmInto(C, At, Y);
      return C;
    },
  };
}

function operatorBlockOperator(op: LinearOperator): BlockOperator {
  const cols = (X: DenseMatrix, f: (x: Float64Array) => Float64Array, outRows: number): DenseMatrix => {
    const l = X.cols, inRows = X.rows;
    const out = new Float64Array(outRows * l);
    const x = new Float64Array(inRows);
    for (let c = 0; c < l; c++) {
      for (let r = 0; r < inRows; r++) x[r] = X.data[X.offset + r * X.rowStride + c * X.colStride];
      const y = f(x);
      if (y.length !== outRows) throw new InvalidArgumentError('rsvd', `the operator returned a vector of length ${y.length} (expected ${outRows})`);
      for (let r = 0; r < outRows; r++) {
        const val = y[r];
        if (val - val !== 0) throw new InvalidArgumentError('rsvd', `the operator returned a non-finite value ${val} (expected finite products)`);
        out[c * outRows + r] = val;
      }
    }
    return fromColMajor(outRows, l, out);
  };
  return {
    rows: op.rows,
    cols: op.cols,
    times: (X) => cols(X, (x) => op.apply(x), op.rows),
    timesT: (Y) => cols(Y, (y) => op.applyT(y), op.cols),
  };
}

/** @internal Resolves the `powerIters` option. */
export function resolvePowerIters(fn: string, x: unknown, k: number, m: number, n: number): number {
  if (x === undefined) return 2;
  if (x === 'auto') return k < 0.1 * Math.min(m, n) ? 7 : 4;
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 100) {
    throw new InvalidArgumentError(fn, `options.powerIters must be an integer in [0, 100] or 'auto' (got ${fmt(x)})`);
  }
  return x;
}

/**
 * Rank-k randomized SVD A ≈ U·diag(s)·Vᵀ by randomized subspace iteration: Halko, Martinsson &
 * Tropp, "Finding structure with randomness", SIAM Review 53(2), 2011, Alg. 4.4 (with the QR
 * re-orthonormalisation between power steps that Alg. 4.4 prescribes) followed by Alg. 5.1.
 *
 * ```
 * Ω ← n×l Gaussian (l = min(k + oversample, min(m, n)))
 * Q ← orth(A·Ω);  repeat q times: Q ← orth(A·orth(Aᵀ·Q))
 * Z ← Aᵀ·Q (n×l);  Z = Ũ·Σ·Wᵀ (thin SVD);  U ← Q·W[:, :k],  s ← Σ[:k],  V ← Ũ[:, :k]
 * ```
 *
 * Guarantee (HMT Cor. 10.10 with Thm. 9.2): E‖A − QQᵀA‖ ≤ [(1 + √(k/(p−1)))σ_{k+1}^{2q+1} +
 * (e√(k+p)/p)·(Σ_{j>k} σ_j^{2(2q+1)})^{1/2}]^{1/(2q+1)} for p ≥ 2; the error of the rank-k
 * truncation is at most that plus σ_{k+1}. With a decaying spectrum and q ≥ 2 the measured
 * error is within a few per cent of the optimum σ_{k+1} (see the tests).
 *
 * Signs are deterministic (as sklearn's `svd_flip`): the entry of largest magnitude of each
 * column of U (the first on ties) is positive, V flipped with it. The result is a pure function
 * of (A, k, options): the Gaussian entry (r, c) of Ω is the normal at position c·n + r of
 * substream 0 of the seed.
 *
 * Cost: 2q + 2 products of A (or Aᵀ) with an l-column block, i.e. O((q + 1)·nnz(A)·l) for
 * CSR, O((q + 1)·mnl) for dense input, (q + 1)·l calls of `apply` and of `applyT` for an
 * operator (applied column by column), plus O((m + n)·l²) for the QRs and the small SVD.
 * Memory O((m + n)·l); a CSR input also keeps its transpose (O(nnz)).
 *
 * @param A - m×n: any dense input ({@link MatrixLike}), a CsrMatrix or a LinearOperator.
 * @param k - target rank, an integer in [1, min(m, n)].
 * @param options - {@link RsvdOptions}; `seed` is required.
 * @returns {@link RsvdResult} `{ U, s, V }`.
 * @throws InvalidArgumentError for a bad input, k outside [1, min(m, n)], bad options or a
 *   missing seed; NonFiniteError for non-finite dense or CSR entries; as the operator's own
 *   `apply`/`applyT` (an operator returning a non-finite value throws InvalidArgumentError).
 * @example
 * ```ts
 * const { U, s, V } = rsvd(csrMatrix, 10, { seed: 1, powerIters: 'auto' });
 * ```
 */
export function rsvd(A: RsvdInput, k: number, options: RsvdOptions): RsvdResult {
  const fn = 'rsvd';
  const op = toBlockOperator(fn, A);
  const m = op.rows, n = op.cols;
  if (m < 1 || n < 1) throw new InvalidArgumentError(fn, `A is empty (${m}×${n}); expected at least 1×1`);
  assertInt(fn, 'k', k, 1, Math.min(m, n));
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError(fn, `options must be an object with a seed (got ${fmt(options)})`);
  if (options.seed === undefined) throw new InvalidArgumentError(fn, `options.seed is required (got undefined; expected a non-negative integer, bigint or string)`);
  const state = toRngState(options.seed, fn);
  const p = options.oversample === undefined ? 10 : assertInt(fn, 'options.oversample', options.oversample, 0, MAX_OVERSAMPLE);
  const q = resolvePowerIters(fn, options.powerIters, k, m, n);
  return rsvdKernel(op, k, p, q, state);
}

const MAX_OVERSAMPLE = 10000;

function toBlockOperator(fn: string, A: RsvdInput): BlockOperator {
  if (typeof A === 'object' && A !== null && !Array.isArray(A)) {
    const kind = (A as { kind?: unknown }).kind;
    if (kind === 'csr') {
      assertCsr(fn, 'A', A);
      return csrBlockOperator(A as CsrMatrix);
    }
    if (kind === 'operator') return operatorBlockOperator(asOperator(A as LinearOperator, fn, 'A'));
  }
  return denseBlockOperator(asMatrix(A as MatrixLike, fn));
}

/** @internal rsvd without validation (k ≤ min(m, n), p ≥ 0, q ≥ 0). */
export function rsvdKernel(op: BlockOperator, k: number, p: number, q: number, state: RngState): RsvdResult {
  const m = op.rows, n = op.cols;
  const l = Math.min(k + p, Math.min(m, n));
  const omega = new Float64Array(n * l);
  fillNormal(substream(state, 0), 0, omega);
  let Y = op.times(fromColMajor(n, l, omega));
  orthonormalizeInPlace(m, l, Y.data);
  for (let it = 0; it < q; it++) {
    const Z = op.timesT(Y);
    orthonormalizeInPlace(n, l, Z.data);
    Y = op.times(Z);
    orthonormalizeInPlace(m, l, Y.data);
  }
  // B = QᵀA = Zᵀ with Z = AᵀQ (n×l). Z = Ũ·Σ·Wᵀ ⇒ B = W·Σ·Ũᵀ.
  const Z = op.timesT(Y);
  const r = svdColMajor('rsvd', n, l, Z.data.slice(), true);
  const w = r.v as Float64Array; // l×l
  const ut = r.u as Float64Array; // n×l
  // U = Q·W[:, :k] (m×k), V = Ũ[:, :k].
  const U = zeros(m, k);
  gemmInto(U, Y, fromColMajor(l, k, w.subarray(0, l * k)));
  const V = fromColMajor(n, k, ut.slice(0, n * k));
  const s = r.s.slice(0, k);
  flipSigns(U, V);
  return { U, s, V };
}

/** svd_flip: the largest-magnitude entry of each column of U (first on ties) made positive. */
function flipSigns(U: DenseMatrix, V: DenseMatrix): void {
  const m = U.rows, n = V.rows;
  for (let c = 0; c < U.cols; c++) {
    let best = 0, arg = 0;
    for (let r = 0; r < m; r++) {
      const a = Math.abs(U.data[c * m + r]);
      if (a > best) {
        best = a;
        arg = r;
      }
    }
    if (U.data[c * m + arg] < 0) {
      for (let r = 0; r < m; r++) U.data[c * m + r] = -U.data[c * m + r];
      for (let r = 0; r < n; r++) V.data[c * n + r] = -V.data[c * n + r];
    }
  }
}
