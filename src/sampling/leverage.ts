/**
 * Statistical leverage scores: exact (thin Householder QR, or the SVD when A is numerically
 * rank deficient), ridge (τ_i(λ) = a_iᵀ(AᵀA + λI)⁻¹a_i) and fast approximate
 * (Drineas, Magdon-Ismail, Mahoney & Woodruff, JMLR 2012).
 *
 * The leverage score of row i of an n×d matrix A is τ_i = ‖e_iᵀU‖², U an orthonormal basis of
 * range(A); equivalently τ_i = a_iᵀ(AᵀA)⁺a_i. They lie in [0, 1] and sum to rank(A).
 *
 * @module
 */
import { assertCsr, csrToDense, type CsrMatrix } from '../core/csr.js';
import { InvalidArgumentError } from '../core/errors.js';
import { asMatrix, type MatrixLike } from '../core/interop.js';
import { gemmInto } from '../core/kernels/gemm.js';
import { solveUpperInPlace } from '../core/kernels/triangular.js';
import { fromColMajor, subMatrix, type DenseMatrix } from '../core/matrix.js';
import { assertOptions, copyColMajor, formThinQ, qrInPlace } from '../core/qr.js';
import { svdColMajor } from '../core/svd.js';
import { checkToleranceOptions, numericalRank, type ToleranceOptions } from '../core/tolerance.js';
import { assertInt, assertOneOf, assertReal, fmt } from '../core/validate.js';
import { fillNormal, substream, toRngState, type RngState, type Seed } from '../rng/index.js';
import { sketchRowBlocks } from '../sketch/apply.js';
import { sketchOperator, type SketchSpec } from '../sketch/index.js';
import { lnDet } from '../rng/elementary.js';

/** Oblivious sketches usable as the first projection Π₁ of the approximate method. */
export const LEVERAGE_SKETCH_KINDS = ['sparse-sign', 'srht', 'gaussian', 'countsketch', 'sparse-stack'] as const;

/** One of {@link LEVERAGE_SKETCH_KINDS}. */
export type LeverageSketchKind = (typeof LEVERAGE_SKETCH_KINDS)[number];

/** Options of {@link leverageScores}. */
export interface LeverageOptions extends ToleranceOptions {
  /**
   * `'exact'`: thin Householder QR (SVD when rank deficient). `'approx'`: the two-sided random
   * projection of Drineas et al. (2012); needs `seed`.
   * @defaultValue 'exact'
   */
  readonly method?: 'exact' | 'approx';
  /**
   * Ridge parameter λ ≥ 0: computes τ_i(λ) = a_iᵀ(AᵀA + λI)⁻¹a_i. λ = 0 gives the ordinary
   * scores.
   * @defaultValue 0
   */
  readonly lambda?: number;
  /**
   * Approx only: target relative accuracy ε ∈ (0, 1); every score is within (1 ± ε) of the
   * exact one with probability ≥ 1 − δ (see {@link leverageScores} for which constants are
   * proven).
   * @defaultValue 0.5
   */
  readonly eps?: number;
  /**
   * Approx only: failure probability δ ∈ (0, 1) used to size the projections.
   * @defaultValue 0.01
   */
  readonly delta?: number;
  /** Approx only (required there): seed or generator state. Π₁ uses substream 0, Π₂ substream 1. */
  readonly seed?: Seed | RngState;
  /**
   * Approx only: the kind of Π₁. SRHT costs O(nd·log n) whatever the sparsity; the sparse sign
   * (ζ = 8 nonzeros per column) costs O(ζ·nnz(A)).
   * @defaultValue 'srht' for a dense A, 'sparse-sign' for a CsrMatrix
   */
  readonly sketch?: LeverageSketchKind;
  /** Approx only: override r₁, the number of rows of Π₁ (integer ≥ d). */
  readonly sketchRows?: number;
  /**
   * Approx only: override r₂, the number of columns of the Gaussian JL matrix Π₂ (integer ≥ 0;
   * 0 skips the JL step and computes the row norms of A·R⁻¹ exactly).
   */
  readonly jlDim?: number;
}

/** How the scores were computed. */
export type LeverageMethod = 'qr' | 'svd' | 'approx';

/** Result of {@link leverageScores}. Plain data. */
export interface LeverageResult {
  /** The n scores, in [0, 1] up to rounding (approximate scores may exceed 1 by the factor 1 + ε). */
  readonly scores: Float64Array;
  /**
   * Numerical rank by the library rule (tolerance.ts): of A for λ = 0, of the regularised
   * matrix [A; √λ·I] for λ > 0 (then d unless λ is negligible). Exact scores sum to it for λ = 0.
   * For `'approx'`, the rank of the sketched matrix Π₁A (equal to rank(A) when Π₁ is a subspace
   * embedding).
   */
  readonly rank: number;
  /**
   * `'qr'`: full column rank, scores are the squared row norms of the thin Q. `'svd'`: rank
   * deficient (or wide), squared row norms of U restricted to the numerical rank. `'approx'`:
   * the randomized method.
   */
  readonly method: LeverageMethod;
  /** The ridge parameter λ used. */
  readonly lambda: number;
  /** Approx only: r₁, the rows of Π₁. */
  readonly sketchRows?: number;
  /** Approx only: r₂, the columns of Π₂ (0: no JL step). */
  readonly jlDim?: number;
  /** Approx only: the kind of Π₁ used. */
  readonly sketch?: LeverageSketchKind;
}

/** Input a sampling function accepts as its matrix. */
export type SamplingMatrix = DenseMatrix | CsrMatrix | MatrixLike;

// ---------------------------------------------------------------------------------------------
// Internal kernels (also used by lewis.ts). No validation.

/** True when x is tagged as a CSR matrix. @internal */
export function isCsrInput(x: unknown): x is CsrMatrix {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'csr';
}

/** Validates a dense or CSR input (finite entries). @internal */
export function toSamplingInput(fn: string, A: SamplingMatrix): DenseMatrix | CsrMatrix {
  if (isCsrInput(A)) {
    assertCsr(fn, 'A', A);
    return A;
  }
  return asMatrix(A as MatrixLike, fn);
}

/** Squared norms of the first `rowsOut` rows of a column-major m×c array. */
function rowNormsSq(m: number, c: number, x: Float64Array, rowsOut: number): Float64Array {
  const out = new Float64Array(rowsOut);
  for (let j = 0; j < c; j++) {
    const base = j * m;
    for (let i = 0; i < rowsOut; i++) {
      const v = x[base + i];
      out[i] += v * v;
    }
  }
  return out;
}

/**
 * Exact leverage scores of the column-major m×n array `a` (consumed), for its first `rowsOut`
 * rows. Householder QR; the singular values of R decide the numerical rank (library rule with
 * the shape `rankShape`); full column rank → squared row norms of the thin Q; otherwise the SVD
 * of R gives U = Q·U_R, restricted to the numerical rank. Cost 4mn² + O(n³). @internal
 */
export function exactLeverageColMajor(
  fn: string,
  m: number,
  n: number,
  a: Float64Array,
  rowsOut: number,
  tol: ToleranceOptions,
  rankShape: readonly [number, number] = [m, n],
): { scores: Float64Array; rank: number; method: 'qr' | 'svd' } {
  const k = Math.min(m, n);
  if (k === 0) return { scores: new Float64Array(rowsOut), rank: 0, method: 'qr' };
  const tau = new Float64Array(k);
  qrInPlace(m, n, a, tau);
  const r = extractR(m, n, a);
  const sv = svdColMajor(fn, k, n, r.slice(), false).s;
  const rank = numericalRank(sv, rankShape[0], rankShape[1], tol);
  if (rank === n) {
    const q = formThinQ(m, k, a, tau);
    return { scores: rowNormsSq(m, k, q, rowsOut), rank, method: 'qr' };
  }
  if (rank === 0) return { scores: new Float64Array(rowsOut), rank, method: 'svd' };
  const ur = svdColMajor(fn, k, n, r, true).u as Float64Array; // k×k, columns by descending σ
  const q = formThinQ(m, k, a, tau);
  const u = new Float64Array(m * rank);
  gemmInto(fromColMajor(m, rank, u), fromColMajor(m, k, q), fromColMajor(k, rank, ur.subarray(0, k * rank)));
  return { scores: rowNormsSq(m, rank, u, rowsOut), rank, method: 'svd' };
}

/**
 * A d×r matrix Y with ‖e_iᵀ·A·Y‖² = a_iᵀ(RᵀR)⁺a_i for every A whose rows lie in the row space
 * of the k×d factor R (column-major, consumed), r the numerical rank of R by the library rule
 * for the shape `rankShape`. Full rank (r = d): Y = R⁻¹, upper triangular (`triangular: true`),
 * by back substitution. Otherwise Y = V_r·Σ_r⁻¹ from the SVD R = UΣVᵀ (R⁺ = V_rΣ_r⁻¹U_rᵀ and
 * U_r has orthonormal columns). Cost O(d³). @internal
 */
export function pinvFactorFromR(
  fn: string,
  k: number,
  d: number,
  r: Float64Array,
  rankShape: readonly [number, number],
  tol: ToleranceOptions,
): { Y: DenseMatrix; rank: number; triangular: boolean } {
  const sv = svdColMajor(fn, k, d, r.slice(), false).s;
  const kk = Math.min(k, d);
  const rank = Math.min(numericalRank(sv, rankShape[0], rankShape[1], tol), kk);
  if (rank === d) {
    // R⁻¹ column by column: R·y_j = e_j (R is d×d upper triangular, leading dimension k).
    const y = new Float64Array(d * d);
    for (let j = 0; j < d; j++) {
      y[j * d + j] = 1;
      solveUpperInPlace(j + 1, r, 0, k, y, j * d, 1);
    }
    return { Y: fromColMajor(d, d, y), rank, triangular: true };
  }
  const svdR = svdColMajor(fn, k, d, r, true);
  const s = svdR.s;
  const v = svdR.v as Float64Array; // d×kk
  const y = new Float64Array(d * rank);
  for (let c = 0; c < rank; c++) {
    const inv = 1 / s[c];
    for (let i = 0; i < d; i++) y[c * d + i] = v[c * d + i] * inv;
  }
  return { Y: fromColMajor(d, rank, y), rank, triangular: false };
}

/** The k×n upper-trapezoidal R (k = min(m, n)) of a QR work array, column-major. @internal */
export function extractR(m: number, n: number, a: Float64Array): Float64Array {
  const k = Math.min(m, n);
  const r = new Float64Array(k * n);
  for (let j = 0; j < n; j++) {
    const top = Math.min(j + 1, k);
    for (let i = 0; i < top; i++) r[j * k + i] = a[j * m + i];
  }
  return r;
}

/**
 * Leverage scores of the dense m×d matrix B computed as ‖e_iᵀ·B·R⁺‖², R from the Householder QR
 * of B (restricted to the numerical rank through the SVD of R). Each score has relative error
 * about ε·κ(B) however small it is, where the squared row norms of Q have absolute error about
 * ε; this is what the Lewis iteration needs, whose weights span many orders of magnitude.
 * Cost 2md² (QR) + 2md² (product) + O(d³). @internal
 */
export function rowRelativeLeverage(
  fn: string,
  B: DenseMatrix,
  tol: ToleranceOptions,
  rankShape: readonly [number, number],
): { scores: Float64Array; rank: number } {
  const m = B.rows, d = B.cols;
  const scores = new Float64Array(m);
  const k = Math.min(m, d);
  if (k === 0) return { scores, rank: 0 };
  const a = copyColMajor(B);
  const tau = new Float64Array(k);
  qrInPlace(m, d, a, tau);
  const { Y, rank, triangular } = pinvFactorFromR(fn, k, d, extractR(m, d, a), rankShape, tol);
  if (rank > 0) {
    if (triangular) denseRowNormsOfTriangularProduct(B, Y, scores);
    else denseRowNormsOfProduct(B, Y, scores);
  }
  return { scores, rank };
}

/** Column-major copy of [A; √λ·I] ((n + d)×d), or of A when λ = 0. */
function ridgeArray(A: DenseMatrix, lambda: number): { a: Float64Array; m: number } {
  if (lambda === 0) return { a: copyColMajor(A), m: A.rows };
  const n = A.rows, d = A.cols, m = n + d;
  const a = new Float64Array(m * d);
  const { data, offset, rowStride, colStride } = A;
  const s = Math.sqrt(lambda);
  for (let j = 0; j < d; j++) {
    let src = offset + j * colStride;
    const base = j * m;
    for (let i = 0; i < n; i++, src += rowStride) a[base + i] = data[src];
    a[base + n + j] = s;
  }
  return { a, m };
}

// ---------------------------------------------------------------------------------------------
// Sizes of the approximate method.

/**
 * The projection sizes of the approximate method for an n×d input, target ε and failure δ
 * (see {@link leverageScores} for the derivation and the status of each constant).
 *
 * - JL step: r₂ = ⌈8·ln(2n/δ₂)/ε₂²⌉ with ε₂ = ε/3, δ₂ = δ/2. It is used only when r₂ < d
 *   (otherwise the exact row norms of A·R⁻¹ are cheaper), and then ε₁ = ε/3, δ₁ = δ/2;
 *   without it ε₁ = ε/(1 + ε), δ₁ = δ.
 * - Π₁: r₁ = ⌈(√d + √(2·ln(2/δ₁)))²/η²⌉ with η = √(1 + ε₁) − 1, the Gaussian subspace-embedding
 *   size for singular values in [1 − η, 1 + η], which puts the squared ones in [1 − ε₁, 1 + ε₁].
 *
 * Cost O(1).
 *
 * @param n - rows of A (≥ 1).
 * @param d - columns of A (≥ 1).
 * @param eps - ε ∈ (0, 1).
 * @param delta - δ ∈ (0, 1).
 * @param jlDim - an explicit r₂ (0: no JL step), or undefined for the rule above.
 * @returns `{ sketchRows: r₁, jlDim: r₂ (0 when skipped), eps1, eps2, delta1, delta2 }`.
 * @example
 * ```ts
 * approxLeverageSizes(262144, 32, 0.5, 0.01); // => { sketchRows: 3320, jlDim: 0, … }
 * ```
 */
export function approxLeverageSizes(
  n: number,
  d: number,
  eps: number,
  delta: number,
  jlDim?: number,
): { sketchRows: number; jlDim: number; eps1: number; eps2: number; delta1: number; delta2: number } {
  let r2: number;
  let useJl: boolean;
  if (jlDim === undefined) {
    r2 = jlSize(n, eps / 3, delta / 2);
    useJl = r2 < d;
  } else {
    r2 = jlDim;
    useJl = jlDim > 0;
  }
  const eps1 = useJl ? eps / 3 : eps / (1 + eps);
  const delta1 = useJl ? delta / 2 : delta;
  const eta = Math.sqrt(1 + eps1) - 1;
  const t = Math.sqrt(2 * lnDet(2 / delta1));
  const r1 = Math.ceil((Math.sqrt(d) + t) ** 2 / eta ** 2);
  return {
    sketchRows: r1,
    jlDim: useJl ? r2 : 0,
    eps1,
    eps2: useJl ? eps / 3 : 0,
    delta1,
    delta2: useJl ? delta / 2 : 0,
  };
}

/** r₂ = ⌈8·ln(2n/δ)/ε²⌉: every one of n χ²_{r₂}/r₂ variables within 1 ± ε w.p. ≥ 1 − δ. */
function jlSize(n: number, eps: number, delta: number): number {
  return Math.ceil((8 * lnDet((2 * n) / delta)) / (eps * eps));
}

// ---------------------------------------------------------------------------------------------
// Public API.

/**
 * Leverage scores τ_i = ‖e_iᵀU‖² (U an orthonormal basis of range(A)), ridge leverage scores
 * τ_i(λ) = a_iᵀ(AᵀA + λI)⁻¹a_i, exactly or approximately.
 *
 * **Exact** (`method: 'exact'`, default). Householder QR A = QR (Golub & Van Loan Alg. 5.2.1);
 * the singular values of the small factor R (equal to those of A up to the QR's backward error)
 * give the numerical rank r by the library rule (tolerance.ts: σ > max(atol, rtol·σ_max),
 * rtol = max(n, d)·ε by default). When r = d, τ_i = ‖Q[i, :]‖²; otherwise (rank-deficient or
 * wide A) the SVD R = U_R·Σ·Vᵀ gives the left singular vectors U = Q·U_R and
 * τ_i = ‖U[i, :r]‖², so Σ τ_i = r exactly up to rounding. Ridge scores (λ > 0) are the first n
 * squared row norms of the Q factor of [A; √λ·I], because
 * [A; √λI]ᵀ[A; √λI] = AᵀA + λI; they sum to the effective dimension Σ_j σ_j²/(σ_j² + λ).
 * Cost: 4nd² + O(d³) flops (QR, forming Q, SVD of the d×d R); 4(n + d)d² for ridge.
 *
 * **Approximate** (`method: 'approx'`, needs `seed`): Drineas, Magdon-Ismail, Mahoney &
 * Woodruff, "Fast approximation of matrix coherence and statistical leverage", JMLR 13 (2012)
 * (abstract: relative-error approximations of all n scores in O(nd log n) time, under
 * assumptions on n and d, by random projections on both sides of A). Π₁ is an oblivious sketch
 * with r₁ rows (`sketch`: SRHT by default for dense A, O(nd·log n); sparse sign by default for
 * CSR A, O(ζ·nnz(A))); R comes from the QR of Π₁A (of [Π₁A; √λI] for ridge), and the scores are
 * τ̃_i = ‖e_iᵀ·A·R⁻¹·Π₂‖² with Π₂ a d×r₂ Gaussian matrix with N(0, 1/r₂) entries. When R has
 * full numerical rank, R⁻¹ is formed by back substitution and A·R⁻¹ is applied in row blocks
 * with a triangular kernel (nd² flops, no n×d temporary); otherwise R⁻¹ is replaced by
 * V_r·Σ_r⁻¹ from the SVD of R, restricted to its numerical rank (rank-deficient A is handled).
 * Cost: O(cost(Π₁A) + r₁d² + d³ + nd·min(d, r₂)) flops; for CSR input the last term is
 * O(nnz(A)·min(d, r₂)). The JL step pays off only when r₂ < d, i.e. for
 * d > 72·ln(4n/δ)/ε² (about 5000 at ε = 0.5); below that the exact row norms of A·R⁻¹ are used.
 *
 * **Guarantee of the approximate method**, for ε ∈ (0, 1) and δ ∈ (0, 1), with the default sizes
 * of {@link approxLeverageSizes}:
 * 1. (deterministic, DERIVED in ALGORITHMS.md §2.2) with Π₁A = Q_s·R and M = Q_sᵀΠ₁U,
 *    A·R⁻¹ = U·M⁻¹ and σ(M) = σ(Π₁U), so every score before the JL step satisfies
 *    τ_i/σ_max(Π₁U)² ≤ τ̂_i ≤ τ_i/σ_min(Π₁U)² for every draw of Π₁; in particular, if
 *    ‖UᵀΠ₁ᵀΠ₁U − I‖₂ ≤ ε₁ then τ_i/(1 + ε₁) ≤ τ̂_i ≤ τ_i/(1 − ε₁). The same holds for ridge
 *    scores with [A; √λI] and diag(Π₁, I) in place of A and Π₁.
 * 2. (PROVEN: Chernoff bound for χ², P(|χ²_k/k − 1| > ε) ≤ 2·exp(−kε²/8) for ε ≤ 1, and a union
 *    bound over the n rows) the JL step with r₂ = ⌈8·ln(2n/δ₂)/ε₂²⌉ multiplies every τ̂_i by a
 *    factor in [1 − ε₂, 1 + ε₂] with probability ≥ 1 − δ₂. The constant c = 8 in
 *    r₂ = ⌈c·ln(2n/δ)/ε²⌉ is proven (loose). The step is skipped when r₂ ≥ d.
 * 3. With ε₁ = ε₂ = ε/3 (or ε₁ = ε/(1 + ε) without JL step), 1 and 2 give
 *    (1 − ε)τ_i ≤ τ̃_i ≤ (1 + ε)τ_i for all i whenever both events hold.
 * 4. The default r₁ = ⌈(√d + √(2 ln(2/δ₁)))²/η²⌉, η = √(1 + ε₁) − 1, makes a **Gaussian** Π₁ an
 *    ε₁-embedding with probability ≥ 1 − δ₁ (PROVEN: Davidson & Szarek 2001; Vershynin 2012,
 *    Cor. 5.35). So with `sketch: 'gaussian'` the whole statement "all n scores within (1 ± ε)
 *    with probability ≥ 1 − δ" is proven. For the SRHT, the sparse sign and CountSketch
 *    the same r₁ is used: their proven sizes have unknown (OSNAP, Cohen 2016) or very large
 *    (SRHT, Tropp 2011) constants, and that they match the Gaussian at this size is EMPIRICAL
 *    (ALGORITHMS.md §1.3, §1.5; checked by the tests). CountSketch needs r₁ = O(d²) in theory
 *    and is offered for experiments.
 * When r₁ ≥ n the sketch cannot save work and the exact method runs instead (`method` then
 * reports `'qr'` or `'svd'`).
 *
 * @param A - n×d matrix: DenseMatrix (any strides), CsrMatrix, or any {@link MatrixLike}
 *   (number[][], ml-matrix, mathjs, `{ data, rows, cols }`). Not modified.
 * @param options - {@link LeverageOptions}.
 * @returns {@link LeverageResult} `{ scores, rank, method, lambda, sketchRows?, jlDim? }`.
 * @throws {@link NonFiniteError} if A holds NaN or ±Infinity.
 * @throws {@link InvalidArgumentError} for an unknown method or sketch, λ < 0, ε or δ outside
 *   (0, 1), a missing seed with `method: 'approx'`, sketchRows < d, a negative jlDim, bad
 *   atol/rtol, or an input that is not a matrix.
 * @example
 * ```ts
 * const { scores, rank } = leverageScores([[1, 0], [0, 1], [1, 1]]); // scores ≈ [2/3, 2/3, 2/3], rank 2
 * const fast = leverageScores(A, { method: 'approx', eps: 0.5, seed: 7 });
 * const ridge = leverageScores(A, { lambda: 0.1 });
 * ```
 */
export function leverageScores(A: SamplingMatrix, options: LeverageOptions = {}): LeverageResult {
  const fn = 'leverageScores';
  assertOptions(fn, options);
  const o = checkLeverageOptions(fn, options);
  const X = toSamplingInput(fn, A);
  return leverageCore(fn, X, o);
}

/** Validated leverage options. @internal */
export interface CheckedLeverageOptions {
  method: 'exact' | 'approx';
  lambda: number;
  eps: number;
  delta: number;
  state: RngState | null;
  sketch: LeverageSketchKind | undefined;
  sketchRows: number | undefined;
  jlDim: number | undefined;
  tol: ToleranceOptions;
}

/** Validates {@link LeverageOptions} (everything except the matrix). @internal */
export function checkLeverageOptions(fn: string, options: LeverageOptions): CheckedLeverageOptions {
  const method = options.method === undefined ? 'exact' : assertOneOf(fn, 'options.method', options.method, ['exact', 'approx'] as const);
  const lambda = options.lambda === undefined ? 0 : assertReal(fn, 'options.lambda', options.lambda, 0, Infinity, 'hi');
  const eps = options.eps === undefined ? 0.5 : assertReal(fn, 'options.eps', options.eps, 0, 1, 'both');
  const delta = options.delta === undefined ? 0.01 : assertReal(fn, 'options.delta', options.delta, 0, 1, 'both');
  const sketch = options.sketch === undefined ? undefined : assertOneOf(fn, 'options.sketch', options.sketch, LEVERAGE_SKETCH_KINDS);
  const sketchRows = options.sketchRows === undefined ? undefined : assertInt(fn, 'options.sketchRows', options.sketchRows, 1);
  const jlDim = options.jlDim === undefined ? undefined : assertInt(fn, 'options.jlDim', options.jlDim, 0);
  const tol = checkToleranceOptions(fn, { atol: options.atol, rtol: options.rtol });
  let state: RngState | null = null;
  if (method === 'approx') {
    if (options.seed === undefined) {
      throw new InvalidArgumentError(fn, `options.seed is required with method 'approx' (got undefined; expected a non-negative integer, bigint, string or RngState)`);
    }
    state = toRngState(options.seed, fn);
  } else if (options.seed !== undefined) {
    toRngState(options.seed, fn); // validated even when unused
  }
  return { method, lambda, eps, delta, state, sketch, sketchRows, jlDim, tol: { atol: tol.atol, rtol: tol.rtol } };
}

/** Leverage scores of a validated input. @internal */
export function leverageCore(fn: string, X: DenseMatrix | CsrMatrix, o: CheckedLeverageOptions): LeverageResult {
  const n = X.rows, d = X.cols;
  if (n === 0 || d === 0) return { scores: new Float64Array(n), rank: 0, method: 'qr', lambda: o.lambda };
  if (o.method === 'approx') {
    if (o.sketchRows !== undefined && o.sketchRows < d) {
      throw new InvalidArgumentError(fn, `options.sketchRows must be at least d = ${d} (got ${fmt(o.sketchRows)})`);
    }
    const sizes = approxLeverageSizes(n, d, o.eps, o.delta, o.jlDim);
    const r1 = o.sketchRows ?? sizes.sketchRows;
    if (r1 < n) return approxLeverage(fn, X, r1, sizes.jlDim, o);
  }
  const D = X.kind === 'csr' ? csrToDense(X) : X;
  const { a, m } = ridgeArray(D, o.lambda);
  const r = exactLeverageColMajor(fn, m, d, a, n, o.tol, [m, d]);
  return { scores: r.scores, rank: r.rank, method: r.method, lambda: o.lambda };
}

const BLOCK = 4096;

function approxLeverage(fn: string, X: DenseMatrix | CsrMatrix, r1: number, r2: number, o: CheckedLeverageOptions): LeverageResult {
  const n = X.rows, d = X.cols;
  const state = o.state as RngState;
  const kind = o.sketch ?? (X.kind === 'csr' ? 'sparse-sign' : 'srht');
  // Canonical blocks of 16384 rows: with r1 in the thousands each block's partial product is
  // r1×d, so fewer, larger blocks halve the reduction work (measured: SRHT of 262144×32 with
  // r1 = 3320 takes 85 ms against 107 ms at the default 4096).
  const spec = { kind, rows: r1, cols: n, seed: substream(state, 0), blockRows: 16384 } as SketchSpec;
  // X was validated by leverageScores; the internal entry point skips a second finiteness pass.
  const SA = sketchRowBlocks(sketchOperator(spec), X);
  // [Π₁A; √λI] column-major, then its QR → R (d×d, or k×d when r1 + extra < d).
  const lam = o.lambda;
  const m = lam > 0 ? r1 + d : r1;
  const a = new Float64Array(m * d);
  for (let j = 0; j < d; j++) {
    a.set(SA.data.subarray(j * r1, j * r1 + r1), j * m);
    if (lam > 0) a[j * m + r1 + j] = Math.sqrt(lam);
  }
  const k = Math.min(m, d);
  const tau = new Float64Array(k);
  qrInPlace(m, d, a, tau);
  // Y = V_r·Σ_r⁻¹ (d×rank): A·Y has the row norms of A·R⁻¹ (R⁻¹ = V Σ⁻¹ U_Rᵀ).
  const f = pinvFactorFromR(fn, k, d, extractR(m, d, a), [lam > 0 ? n + d : n, d], o.tol);
  const rank = f.rank;
  let Y = f.Y;
  let width = rank;
  if (r2 > 0 && rank > 0) {
    // Π₂: rank×r2 with N(0, 1/r2) entries; entry (i, j) is normal number j·rank + i of substream 1.
    const g = new Float64Array(rank * r2);
    fillNormal(substream(state, 1), 0, g, 0, g.length, 1 / Math.sqrt(r2));
    const y = new Float64Array(d * r2);
    gemmInto(fromColMajor(d, r2, y), f.Y, fromColMajor(rank, r2, g));
    Y = fromColMajor(d, r2, y);
    width = r2;
  }
  const scores = new Float64Array(n);
  if (width > 0) {
    if (X.kind === 'csr') csrRowNormsOfProduct(X, Y, scores);
    else if (f.triangular && Y === f.Y) denseRowNormsOfTriangularProduct(X, Y, scores);
    else denseRowNormsOfProduct(X, Y, scores);
  }
  return { scores, rank, method: 'approx', lambda: lam, sketchRows: r1, jlDim: r2 > 0 && rank > 0 ? r2 : 0, sketch: kind };
}

/** out_i = ‖e_iᵀ·A·Y‖² for dense A (any strides), in row blocks of 4096 through gemm. */
function denseRowNormsOfProduct(A: DenseMatrix, Y: DenseMatrix, out: Float64Array): void {
  const n = A.rows, w = Y.cols, d = A.cols;
  const buf = new Float64Array(Math.min(BLOCK, n) * w);
  for (let r0 = 0; r0 < n; r0 += BLOCK) {
    const r1 = Math.min(n, r0 + BLOCK);
    const b = r1 - r0;
    const C = fromColMajor(b, w, buf.subarray(0, b * w));
    gemmInto(C, subMatrix(A, r0, r1, 0, d), Y);
    for (let j = 0; j < w; j++) {
      const base = j * b;
      for (let i = 0; i < b; i++) {
        const x = buf[base + i];
        out[r0 + i] += x * x;
      }
    }
  }
}

/**
 * out_i = ‖e_iᵀ·A·T‖² for dense A (any strides) and a d×d upper-triangular T (column-major):
 * column j of A·T is Σ_{k≤j} T_kj·A[:, k], accumulated over row blocks of 256 held in cache,
 * eight (then four, then one) columns of A per pass. n·d² flops, half of a general product.
 */
function denseRowNormsOfTriangularProduct(A: DenseMatrix, T: DenseMatrix, out: Float64Array): void {
  const n = A.rows, d = A.cols;
  const t = T.data;
  const TB = 256;
  const direct = A.rowStride === 1;
  const pack = direct ? null : new Float64Array(TB * d);
  const y = new Float64Array(TB);
  const { data, offset, rowStride, colStride } = A;
  for (let r0 = 0; r0 < n; r0 += TB) {
    const b = Math.min(TB, n - r0);
    let src: Float64Array, base: number, ld: number;
    if (pack !== null) {
      for (let k = 0; k < d; k++) {
        let q = offset + r0 * rowStride + k * colStride;
        for (let i = 0; i < b; i++, q += rowStride) pack[k * TB + i] = data[q];
      }
      src = pack;
      base = 0;
      ld = TB;
    } else {
      src = data;
      base = offset + r0;
      ld = colStride;
    }
    for (let j = 0; j < d; j++) {
      const tj = j * d;
      const c0 = base;
      const t0 = t[tj];
      for (let i = 0; i < b; i++) y[i] = t0 * src[c0 + i];
      let k = 1;
      for (; k + 7 <= j; k += 8) {
        const a0 = base + k * ld, a1 = a0 + ld, a2 = a1 + ld, a3 = a2 + ld;
        const a4 = a3 + ld, a5 = a4 + ld, a6 = a5 + ld, a7 = a6 + ld;
        const u0 = t[tj + k], u1 = t[tj + k + 1], u2 = t[tj + k + 2], u3 = t[tj + k + 3];
        const u4 = t[tj + k + 4], u5 = t[tj + k + 5], u6 = t[tj + k + 6], u7 = t[tj + k + 7];
        for (let i = 0; i < b; i++) {
          y[i] +=
            u0 * src[a0 + i] + u1 * src[a1 + i] + u2 * src[a2 + i] + u3 * src[a3 + i] +
            (u4 * src[a4 + i] + u5 * src[a5 + i] + u6 * src[a6 + i] + u7 * src[a7 + i]);
        }
      }
      for (; k + 3 <= j; k += 4) {
        const a0 = base + k * ld, a1 = a0 + ld, a2 = a1 + ld, a3 = a2 + ld;
        const u0 = t[tj + k], u1 = t[tj + k + 1], u2 = t[tj + k + 2], u3 = t[tj + k + 3];
        for (let i = 0; i < b; i++) y[i] += u0 * src[a0 + i] + u1 * src[a1 + i] + u2 * src[a2 + i] + u3 * src[a3 + i];
      }
      for (; k <= j; k++) {
        const a0 = base + k * ld;
        const u0 = t[tj + k];
        for (let i = 0; i < b; i++) y[i] += u0 * src[a0 + i];
      }
      const o = r0;
      for (let i = 0; i < b; i++) out[o + i] += y[i] * y[i];
    }
  }
}

/** out_i = ‖e_iᵀ·A·Y‖² for CSR A: one pass over the stored entries, O(nnz·w). */
function csrRowNormsOfProduct(A: CsrMatrix, Y: DenseMatrix, out: Float64Array): void {
  const w = Y.cols, d = Y.rows;
  // Row-major copy of Y so that row indices[t] of Y is contiguous.
  const y = new Float64Array(d * w);
  for (let i = 0; i < d; i++) for (let j = 0; j < w; j++) y[i * w + j] = Y.data[Y.offset + i * Y.rowStride + j * Y.colStride];
  const acc = new Float64Array(w);
  const { indptr, indices, values } = A;
  for (let i = 0; i < A.rows; i++) {
    acc.fill(0);
    for (let t = indptr[i], e = indptr[i + 1]; t < e; t++) {
      const v = values[t];
      const base = indices[t] * w;
      for (let j = 0; j < w; j++) acc[j] += v * y[base + j];
    }
    let s = 0;
    for (let j = 0; j < w; j++) s += acc[j] * acc[j];
    out[i] = s;
  }
}
