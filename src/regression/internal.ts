/**
 * Internal helpers shared by the regression solvers: input normalisation at the public edge,
 * a cache-blocked operator for dense matrices, sketch-spec resolution and S·A for every input
 * type (including matrix-free operators). Nothing here is re-exported.
 *
 * @internal
 * @module
 */
import { assertCsr, type CsrMatrix } from '../core/csr.js';
import { DimensionError, InvalidArgumentError } from '../core/errors.js';
import { asMatrix, assertDenseMatrix, asVector, type MatrixLike, type VectorLike } from '../core/interop.js';
import { fromColMajor, type DenseMatrix } from '../core/matrix.js';
import { asOperator, type LinearOperator } from '../core/operator.js';
import { fmt } from '../core/validate.js';
import type { RngState, Seed } from '../rng/index.js';
import { materializeBlock, sketchOperator, suggestedBlockRows, SKETCH_KINDS, type SketchKind, type SketchOperator, type SketchSpec } from '../sketch/index.js';
import { sketchRowBlocks } from '../sketch/apply.js';

/** A regression design matrix: dense (any {@link MatrixLike}), CSR, or a matrix-free operator. */
export type DesignMatrix = MatrixLike | CsrMatrix | LinearOperator;

/** The design matrix after normalisation. */
export type NormalizedDesign =
  | { readonly kind: 'dense'; readonly A: DenseMatrix }
  | { readonly kind: 'csr'; readonly A: CsrMatrix }
  | { readonly kind: 'operator'; readonly A: LinearOperator };

/** Checks and normalises the design matrix (dense inputs of every accepted form, CSR, operators). */
export function normalizeDesign(fn: string, A: DesignMatrix): NormalizedDesign {
  if (typeof A === 'object' && A !== null && !Array.isArray(A)) {
    const k = (A as { kind?: unknown }).kind;
    if (k === 'csr') {
      assertCsr(fn, 'A', A);
      return { kind: 'csr', A: A as CsrMatrix };
    }
    if (k === 'operator') return { kind: 'operator', A: asOperator(A as LinearOperator, fn, 'A') };
    if (k === 'dense') {
      assertDenseMatrix(fn, 'A', A);
      return { kind: 'dense', A: A as DenseMatrix };
    }
  }
  return { kind: 'dense', A: asMatrix(A as MatrixLike, fn) };
}

/** True when x is a DenseMatrix-shaped object. */
export function isDenseMatrix(x: unknown): x is DenseMatrix {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'dense';
}

/** Normalises a right-hand side: a vector (length m) or an m×k DenseMatrix. */
export function normalizeRhs(fn: string, b: VectorLike | DenseMatrix, m: number): { vector: Float64Array | null; matrix: DenseMatrix | null } {
  if (isDenseMatrix(b)) {
    assertDenseMatrix(fn, 'b', b);
    if (b.rows !== m) throw new DimensionError(fn, `b has ${b.rows} rows but A has ${m}`);
    return { vector: null, matrix: b };
  }
  const v = asVector(b as VectorLike, fn, 'b');
  if (v.length !== m) throw new DimensionError(fn, `b has length ${v.length} but A has ${m} rows`);
  return { vector: v, matrix: null };
}

/** Throws unless `options` is undefined or a plain object. */
export function assertOptionsObject(fn: string, options: unknown): void {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(options)})`);
  }
}

/** Column j of a DenseMatrix as a fresh contiguous vector. */
export function column(B: DenseMatrix, j: number): Float64Array {
  const out = new Float64Array(B.rows);
  let s = B.offset + j * B.colStride;
  for (let i = 0; i < B.rows; i++, s += B.rowStride) out[i] = B.data[s];
  return out;
}

/** ‖x‖₂ of a contiguous vector with a scaled second pass only when needed. */
export function norm2(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  if (s < 1e300 && s > 1e-290) return Math.sqrt(s);
  let mx = 0;
  for (let i = 0; i < x.length; i++) mx = Math.max(mx, Math.abs(x[i]));
  if (mx === 0 || !Number.isFinite(mx)) return mx;
  let t = 0;
  for (let i = 0; i < x.length; i++) t += (x[i] / mx) ** 2;
  return mx * Math.sqrt(t);
}

// ---------------------------------------------------------------------------------------------
// Fast operators.

const ROW_BLOCK = 2048;

/**
 * A {@link LinearOperator} for a dense matrix: for a column-major contiguous A, row-blocked
 * kernels that read A once per product and keep the length-m work vector in cache (four
 * columns per sweep); for other strides, the core operator. Same results as the core operator
 * up to rounding (the summation order differs). Cost 2mn per product.
 */
export function denseOperator(A: DenseMatrix): LinearOperator {
  const m = A.rows, n = A.cols;
  const colMajor = A.rowStride === 1 && (A.colStride === m || n <= 1);
  if (!colMajor || m < ROW_BLOCK) return asOperator(A, 'denseOperator');
  const a = A.data, off = A.offset, ld = A.colStride;
  return {
    kind: 'operator',
    rows: m,
    cols: n,
    apply(x: Float64Array): Float64Array {
      if (x.length !== n) throw new DimensionError('LinearOperator.apply', `x has length ${x.length} but the number of columns is ${n}`);
      const y = new Float64Array(m);
      for (let i0 = 0; i0 < m; i0 += ROW_BLOCK) {
        const i1 = Math.min(m, i0 + ROW_BLOCK);
        let j = 0;
        for (; j + 3 < n; j += 4) {
          const x0 = x[j], x1 = x[j + 1], x2 = x[j + 2], x3 = x[j + 3];
          const b0 = off + j * ld, b1 = b0 + ld, b2 = b1 + ld, b3 = b2 + ld;
          for (let i = i0; i < i1; i++) y[i] += x0 * a[b0 + i] + x1 * a[b1 + i] + x2 * a[b2 + i] + x3 * a[b3 + i];
        }
        for (; j < n; j++) {
          const xj = x[j], b0 = off + j * ld;
          for (let i = i0; i < i1; i++) y[i] += xj * a[b0 + i];
        }
      }
      return y;
    },
    applyT(u: Float64Array): Float64Array {
      if (u.length !== m) throw new DimensionError('LinearOperator.applyT', `y has length ${u.length} but the number of rows is ${m}`);
      const g = new Float64Array(n);
      for (let i0 = 0; i0 < m; i0 += ROW_BLOCK) {
        const i1 = Math.min(m, i0 + ROW_BLOCK);
        addTransposeRowBlock(a, off, ld, n, i0, i1, u, g);
      }
      return g;
    },
  };
}

/** The operator of a normalised design matrix (fast dense kernels, CSR kernels, or as given). */
export function designOperator(D: NormalizedDesign): LinearOperator {
  if (D.kind === 'dense') return denseOperator(D.A);
  if (D.kind === 'csr') return asOperator(D.A, 'designOperator');
  return D.A;
}

// ---------------------------------------------------------------------------------------------
// Sketches.

/** A sketch spec of one kind with every field but `kind` optional (distributes over the kinds). */
export type PartialSketchSpec<S = SketchSpec> = S extends SketchSpec ? Partial<Omit<S, 'kind'>> & { readonly kind: S['kind'] } : never;

/**
 * The `sketch` option of the solvers: a kind (`'sparse-sign'`, `'srht'`, …), or a partial spec
 * `{ kind, rows?, zeta?, s?, seed?, blockRows? }` whose missing fields the solver fills in
 * (rows from its size rule, cols = n, seed from `options.seed`).
 */
export type SketchChoice = SketchKind | PartialSketchSpec;

/**
 * Resolves the `sketch` option into a validated operator of `cols` columns. `rows` is used
 * unless the choice fixes its own; the seed comes from the choice or from `seed`.
 *
 * @throws InvalidArgumentError for an unknown kind, a missing seed, or an invalid spec.
 */
export function resolveSketch(
  fn: string,
  choice: SketchChoice | undefined,
  defaultKind: SketchKind,
  rows: number,
  cols: number,
  seed: Seed | RngState | undefined,
  allowed: readonly SketchKind[] = SKETCH_KINDS.filter((k) => k !== 'tensor'),
): SketchOperator {
  let kind: SketchKind;
  let extra: Record<string, unknown> = {};
  if (choice === undefined) kind = defaultKind;
  else if (typeof choice === 'string') kind = choice;
  else if (typeof choice === 'object' && choice !== null && !Array.isArray(choice)) {
    kind = choice.kind;
    extra = { ...(choice as Record<string, unknown>) };
  } else {
    throw new InvalidArgumentError(fn, `options.sketch must be a sketch kind or a partial sketch spec { kind, rows?, … } (got ${fmt(choice)})`);
  }
  if (!(allowed as readonly string[]).includes(kind)) {
    throw new InvalidArgumentError(fn, `options.sketch kind must be one of ${allowed.map((k) => `'${k}'`).join(', ')} (got ${fmt(kind)})`);
  }
  if (extra.cols !== undefined && extra.cols !== cols) {
    throw new DimensionError(fn, `the sketch has ${String(extra.cols)} columns but A has ${cols} rows`);
  }
  const s = extra.seed ?? seed;
  if (s === undefined) {
    throw new InvalidArgumentError(fn, `options.seed is required by the randomized methods (got undefined; expected a non-negative integer, bigint or string)`);
  }
  const m = (extra.rows as number | undefined) ?? rows;
  const blockRows = extra.blockRows ?? (Number.isInteger(m) && m > 0 ? suggestedBlockRows(m) : undefined);
  const spec = { ...extra, kind, rows: m, cols, seed: s, ...(blockRows === undefined ? {} : { blockRows }) } as SketchSpec;
  try {
    return sketchOperator(spec);
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw new InvalidArgumentError(fn, `invalid sketch: ${e.message.replace(/^sketchOperator: /, '')}`);
    throw e;
  }
}

/**
 * S·A for a dense or CSR A (the sketch module's reproducible product), or, for a matrix-free
 * operator, row by row: row i of S·A is (Aᵀ·sᵢ)ᵀ with sᵢ the i-th row of S, S generated in
 * blocks of rows by `materializeBlock`. Operator cost: m applications of Aᵀ plus O(m·n) to
 * generate S (O(m·n) memory per block of at most 2²⁰ entries).
 */
export function sketchDesign(S: SketchOperator, D: NormalizedDesign): DenseMatrix {
  // Dense and CSR inputs were validated by normalizeDesign (and S by resolveSketch): call the
  // sketch module's reproducible block product directly instead of re-validating in applySketch.
  if (D.kind !== 'operator') return sketchRowBlocks(S, D.A);
  const m = S.rows, n = S.cols, d = D.A.cols;
  const out = new Float64Array(m * d);
  const blk = Math.max(1, Math.min(m, Math.floor(2 ** 20 / Math.max(n, 1))));
  const s = new Float64Array(n);
  for (let r0 = 0; r0 < m; r0 += blk) {
    const r1 = Math.min(m, r0 + blk);
    const rows = r1 - r0;
    const B = materializeBlock(S, r0, r1, 0, n);
    for (let i = 0; i < rows; i++) {
      for (let t = 0; t < n; t++) s[t] = B.data[t * rows + i];
      const g = D.A.applyT(s);
      if (g.length !== d) throw new DimensionError('sketchDesign', `A.applyT returned length ${g.length} but A has ${d} columns`);
      for (let j = 0; j < d; j++) out[j * m + r0 + i] = g[j];
    }
  }
  return fromColMajor(m, d, out);
}

/**
 * g[j] += Σ_{i0 ≤ i < i1} A[i, j]·u[i] for a column-major A (data a, offset off, leading
 * dimension ld, n columns): the row-block step of Aᵀu, four columns per sweep. Shared by the
 * dense operator and the fused LSQR pass so that both sum in the same order. @internal
 */
export function addTransposeRowBlock(
  a: Float64Array,
  off: number,
  ld: number,
  n: number,
  i0: number,
  i1: number,
  u: Float64Array,
  g: Float64Array,
): void {
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const b0 = off + j * ld, b1 = b0 + ld, b2 = b1 + ld, b3 = b2 + ld;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let i = i0; i < i1; i++) {
      const ui = u[i];
      s0 += a[b0 + i] * ui;
      s1 += a[b1 + i] * ui;
      s2 += a[b2 + i] * ui;
      s3 += a[b3 + i] * ui;
    }
    g[j] += s0;
    g[j + 1] += s1;
    g[j + 2] += s2;
    g[j + 3] += s3;
  }
  for (; j < n; j++) {
    const b0 = off + j * ld;
    let s0 = 0;
    for (let i = i0; i < i1; i++) s0 += a[b0 + i] * u[i];
    g[j] += s0;
  }
}
