/**
 * Sketch specifications: plain, JSON-serialisable data `{ kind, rows: m, cols: n, seed, ...params }`,
 * validated and completed with their defaults by {@link sketchOperator}.
 *
 * Every kind is normalised so that E[SᵀS] = I_n. Entry (i, j) of S is a pure function of the
 * seed and of (i, j) (or, for kinds that mix columns, of the seed and a derived per-operator
 * quantity such as the sampled rows of an SRHT), so any block of S can be generated alone.
 *
 * @module
 */
import { InvalidArgumentError } from '../core/errors.js';
import { assertInt, assertReal, fmt } from '../core/validate.js';
import { toRngState, type RngState, type Seed } from '../rng/index.js';

/** The sketch kinds randnla implements. */
export const SKETCH_KINDS = [
  'gaussian',
  'rademacher',
  'srht',
  'countsketch',
  'sparse-sign',
  'sparse-stack',
  'very-sparse',
  'orthogonal',
  'tensor',
  'monarch',
] as const;

/** One of {@link SKETCH_KINDS}. */
export type SketchKind = (typeof SKETCH_KINDS)[number];

/** Fields every sketch spec has. */
export interface SketchSpecBase {
  /** Sketch size m (rows of S), m ≥ 1. */
  readonly rows: number;
  /** Ambient dimension n (columns of S; rows of the matrix being sketched), n ≥ 1. */
  readonly cols: number;
  /** Seed (non-negative integer, bigint or string; 0 is valid) or a generator state. Required. */
  readonly seed: Seed | RngState;
  /**
   * Rows of A per canonical block (a power of two, default 4096). S·A is computed block by block
   * and the partial products are summed in a fixed tree over block indices, which is what makes
   * results bit-identical however the input is chunked or ordered. Part of the reproducibility
   * contract: the same spec with another blockRows gives results equal only up to rounding.
   */
  readonly blockRows?: number;
}

/** Gaussian sketch: S_ij ~ N(0, 1/m) i.i.d. */
export interface GaussianSpec extends SketchSpecBase { readonly kind: 'gaussian' }
/** Dense sign (AMS) sketch: S_ij = ±1/√m i.i.d. */
export interface RademacherSpec extends SketchSpecBase { readonly kind: 'rademacher' }
/**
 * Subsampled randomized Hadamard transform S = √(N/m)·R·H_N·D (N = next power of two ≥ n,
 * H_N orthonormal Walsh–Hadamard, D random signs, R m distinct rows of N chosen uniformly).
 */
export interface SrhtSpec extends SketchSpecBase { readonly kind: 'srht' }
/** CountSketch (Clarkson–Woodruff): one ±1 per column, in a uniformly random row. */
export interface CountSketchSpec extends SketchSpecBase { readonly kind: 'countsketch' }
/** Sparse sign (OSNAP/SJLT): ζ nonzeros ±1/√ζ per column, in ζ distinct random rows. */
export interface SparseSignSpec extends SketchSpecBase {
  readonly kind: 'sparse-sign';
  /** Nonzeros per column ζ, 1 ≤ ζ ≤ m. Default min(8, m). */
  readonly zeta?: number;
}
/**
 * SparseStack: ζ independent CountSketches stacked, scaled by 1/√ζ. The m rows are cut into ζ
 * blocks, block k = rows ⌊k·m/ζ⌋ … ⌊(k+1)·m/ζ⌋ − 1, and column j has one nonzero ±1/√ζ in each
 * block, in a uniformly random row of it. Like sparse sign it has ζ nonzeros per column in ζ
 * distinct rows, but they are drawn independently, without Floyd's algorithm, so S is cheaper to
 * generate; Camaño, Epperly, Meyer & Tropp (2025) recommend it as the default sparse test matrix
 * and Chenakkod, Dereziński & Dong (2025) give its subspace-embedding bound (ALGORITHMS.md §1.5).
 * With ζ = 1 it is CountSketch, bit for bit.
 */
export interface SparseStackSpec extends SketchSpecBase {
  readonly kind: 'sparse-stack';
  /** Blocks ζ, one nonzero per block in each column, 1 ≤ ζ ≤ m. Default min(8, m). */
  readonly zeta?: number;
}
/**
 * Very sparse random projection (Li, Hastie & Church 2006): S_ij = √(s/m)·{+1 w.p. 1/(2s),
 * 0 w.p. 1 − 1/s, −1 w.p. 1/(2s)}. s = 1 is the dense sign sketch, s = 3 Achlioptas (2003).
 */
export interface VerySparseSpec extends SketchSpecBase {
  readonly kind: 'very-sparse';
  /** Sparsity parameter s ≥ 1 (density 1/s). Default √n, the "very sparse" choice. */
  readonly s?: number;
}
/** Rows of a Haar-random orthogonal matrix, scaled by √(n/m) (m ≤ n). */
export interface OrthogonalSpec extends SketchSpecBase { readonly kind: 'orthogonal' }
/**
 * Tensor SRHT for Kronecker-structured inputs (Ahle et al., SODA 2020): acts on ℝ^{n₁·n₂}
 * (cols = n₁·n₂, index j = j₁·n₂ + j₂, the order of x ⊗ y) with entries
 * S_{k,(j₁,j₂)} = H[a_k, j₁]·D₁[j₁]·H[b_k, j₂]·D₂[j₂]/√m, (a_k, b_k) uniform pairs.
 * {@link applyTensorSketch} applies it to x ⊗ y without forming the product.
 */
export interface TensorSpec extends SketchSpecBase {
  readonly kind: 'tensor';
  /** The two factor dimensions [n₁, n₂], with n₁·n₂ = cols. */
  readonly factors: readonly [number, number];
}
/**
 * Monarch sketch (experimental): S = √(N/m)·R·M restricted to the first n columns, with
 * N = next power of two ≥ n, M a random orthogonal N×N Monarch matrix (Dao et al., ICML 2022)
 * with √N-sized blocks, and R m distinct rows chosen uniformly. E[SᵀS] = I because M is
 * orthogonal. Applied in O(n·√N·d + m·√N·d) without forming S. There is no theorem for it: its
 * embedding quality is measured against the SRHT (test/sketch/monarch.test.ts and
 * ALGORITHMS.md §5.3), and the docs say so.
 */
export interface MonarchSpec extends SketchSpecBase {
  readonly kind: 'monarch';
  /**
   * Block family: 'hadsign' (default; blocks H_b·diag(±1)/√b, every entry of M is ±1/√N, which
   * mixes as well as a Hadamard transform) or 'haar' (Haar-random orthogonal blocks; measurably
   * weaker on coherent inputs, kept for comparison).
   */
  readonly blocks?: 'hadsign' | 'haar';
}

/** Any sketch specification. */
export type SketchSpec =
  | GaussianSpec
  | RademacherSpec
  | SrhtSpec
  | CountSketchSpec
  | SparseSignSpec
  | SparseStackSpec
  | VerySparseSpec
  | OrthogonalSpec
  | TensorSpec
  | MonarchSpec;

/** A validated spec with every default filled in. Plain data, like the spec. */
export type SketchOperator = SketchSpec & { readonly blockRows: number };

/** Default canonical block size (rows of A per block). */
export const DEFAULT_BLOCK_ROWS = 4096;

/**
 * A canonical block size for a sketch of m rows: the smallest power of two ≥ 4m, between
 * {@link DEFAULT_BLOCK_ROWS} and 65536. Each block's partial product S[:, block]·A[block, :] is
 * m×d, so with m in the thousands the default 4096-row blocks would spend as much time
 * allocating and summing partial products as sketching; blocks of ≥ 4m rows keep that overhead
 * below a quarter of the input size. Measured on dense 65536×64 with m = 3072: SRHT 53 → 35 ms,
 * sparse sign 67 → 60 ms, CountSketch 19 → 13 ms. Solvers use it when the caller's sketch spec
 * does not fix `blockRows` (the spec they return records the value, so runs stay reproducible). O(1).
 *
 * @throws {@link InvalidArgumentError} unless m is an integer ≥ 1.
 *
 * @example
 * ```ts
 * suggestedBlockRows(256);  // => 4096
 * suggestedBlockRows(3072); // => 16384
 * ```
 */
export function suggestedBlockRows(m: number): number {
  assertInt('suggestedBlockRows', 'm', m, 1);
  return Math.min(65536, Math.max(DEFAULT_BLOCK_ROWS, nextPow2(4 * m)));
}

const FN = 'sketchOperator';

function isPow2(x: number): boolean {
  return Number.isInteger(x) && x >= 1 && (x & (x - 1)) === 0 && x <= 2 ** 30;
}

/** Smallest power of two ≥ n. */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * Validates a sketch spec and fills in its defaults.
 *
 * Rejects, with an {@link InvalidArgumentError} that quotes the value: an unknown kind, m < 1,
 * n < 1, a missing or invalid seed, ζ ∉ [1, m], s < 1, m > n for 'orthogonal', m > N for
 * 'srht' (N = next power of two ≥ n), factors whose product is not n, a blockRows that is not
 * a power of two.
 *
 * Cost: O(1) (the seed is checked, not expanded).
 *
 * @example
 * ```ts
 * const S = sketchOperator({ kind: 'sparse-sign', rows: 256, cols: 65536, seed: 7 });
 * S.zeta; // => 8
 * ```
 */
export function sketchOperator(spec: SketchSpec): SketchOperator {
  if (spec === null || typeof spec !== 'object') {
    throw new InvalidArgumentError(FN, `spec must be an object (got ${fmt(spec)})`);
  }
  const kind = (spec as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !(SKETCH_KINDS as readonly string[]).includes(kind)) {
    throw new InvalidArgumentError(FN, `kind must be one of ${SKETCH_KINDS.map((k) => `'${k}'`).join(', ')} (got ${fmt(kind)})`);
  }
  const m = assertInt(FN, 'rows (sketch size m)', spec.rows, 1);
  const n = assertInt(FN, 'cols (dimension n)', spec.cols, 1);
  if ((spec as { seed?: unknown }).seed === undefined) {
    throw new InvalidArgumentError(FN, `seed is required (got undefined; expected a non-negative integer, bigint or string)`);
  }
  toRngState(spec.seed, FN); // validates
  const blockRows = spec.blockRows ?? DEFAULT_BLOCK_ROWS;
  if (!isPow2(blockRows)) {
    throw new InvalidArgumentError(FN, `blockRows must be a power of two (got ${fmt(blockRows)})`);
  }
  const base = { ...spec, rows: m, cols: n, blockRows };
  switch (spec.kind) {
    case 'gaussian':
    case 'rademacher':
    case 'countsketch':
      return base as SketchOperator;
    case 'srht': {
      const N = nextPow2(n);
      if (m > N) throw new InvalidArgumentError(FN, `srht needs rows ≤ N = ${N}, the next power of two ≥ cols (got rows = ${m})`);
      return base as SketchOperator;
    }
    case 'sparse-sign':
    case 'sparse-stack': {
      const zeta = spec.zeta ?? Math.min(8, m);
      assertInt(FN, 'zeta (nonzeros per column)', zeta, 1, m);
      return { ...base, zeta } as SketchOperator;
    }
    case 'very-sparse': {
      const s = spec.s ?? Math.sqrt(n);
      assertReal(FN, 's (sparsity, density 1/s)', s, 1, Infinity, 'hi');
      return { ...base, s } as SketchOperator;
    }
    case 'orthogonal':
      if (m > n) throw new InvalidArgumentError(FN, `orthogonal needs rows ≤ cols (got rows = ${m}, cols = ${n})`);
      return base as SketchOperator;
    case 'tensor': {
      const f = spec.factors;
      if (!Array.isArray(f) || f.length !== 2) {
        throw new InvalidArgumentError(FN, `tensor needs factors [n1, n2] (got ${fmt(f)})`);
      }
      const n1 = assertInt(FN, 'factors[0]', f[0], 1);
      const n2 = assertInt(FN, 'factors[1]', f[1], 1);
      if (n1 * n2 !== n) throw new InvalidArgumentError(FN, `tensor factors ${n1}×${n2} = ${n1 * n2} must equal cols (got cols = ${n})`);
      return { ...base, factors: [n1, n2] } as SketchOperator;
    }
    case 'monarch': {
      const blocks = spec.blocks ?? 'hadsign';
      if (blocks !== 'hadsign' && blocks !== 'haar') {
        throw new InvalidArgumentError(FN, `monarch blocks must be 'hadsign' or 'haar' (got ${fmt(blocks)})`);
      }
      const N = nextPow2(n);
      if (m > N) throw new InvalidArgumentError(FN, `monarch needs rows ≤ N = ${N}, the next power of two ≥ cols (got rows = ${m})`);
      return { ...base, blocks } as SketchOperator;
    }
    default: {
      const never: never = spec;
      throw new InvalidArgumentError(FN, `unknown kind ${fmt((never as { kind: unknown }).kind)}`);
    }
  }
}
