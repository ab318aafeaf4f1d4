/**
 * Applying a sketch: S·A, A·Sᵀ, and the dense matrix S itself.
 *
 * One mechanism serves every kind and every input type: A is cut into canonical row blocks of
 * `blockRows` rows (block b holds rows [b·B, (b+1)·B)), each block's partial product
 * S[:, block]·A[block] is computed by the kind's kernel, and the partial products are summed in
 * a fixed binary tree over block indices (`tree.ts`). The streaming accumulator uses exactly the
 * same leaves and tree, so streamed and one-shot results are bit-identical.
 *
 * @module
 */
import { assertCsr, assertCsrStructure } from '../core/csr.js';
import type { CsrMatrix } from '../core/csr.js';
import { DimensionError, InvalidArgumentError } from '../core/errors.js';
import { asMatrix, type MatrixLike } from '../core/interop.js';
import { fromColMajor, subMatrix, toColMajor, transpose, type DenseMatrix } from '../core/matrix.js';
import { csrTransposeKernel } from '../core/csr.js';
import { assertFiniteMatrix, assertFiniteVector, assertInt } from '../core/validate.js';
import { activeWasmSparse } from '../core/kernels/backend.js';
import { REGION_TREE, type WasmKernels, type WasmSparseExports } from '../core/kernels/wasm.js';
import { SIGN_WORDS_DOUBLES } from '../rng/draw.js';
import { KIND_IMPLS, sparseLeafCsrInto, type KindImpl, type Prepared, type SparseColumns, type WasmColumnsArea } from './kinds.js';
import { sketchOperator, type SketchOperator, type SketchSpec } from './spec.js';
import { createTree, insertNode, treeRoot } from './tree.js';

/** Inputs a sketch applies to: a dense matrix (any {@link MatrixLike}), a CSR matrix, or a vector. */
export type SketchInput = MatrixLike | CsrMatrix | Float64Array | readonly number[];

/** Validates (or re-validates) a spec; cheap. */
export function resolveOperator(S: SketchSpec | SketchOperator, fn: string): SketchOperator {
  try {
    return sketchOperator(S);
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw new InvalidArgumentError(fn, e.message.replace(/^sketchOperator: /, ''));
    throw e;
  }
}

/** The kernels and the prepared data of an operator. */
export function prepareOperator(op: SketchOperator): { impl: KindImpl; p: Prepared } {
  const impl = KIND_IMPLS[op.kind];
  return { impl, p: impl.prepare(op) };
}

function isCsr(x: unknown): x is CsrMatrix {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'csr';
}

/** Rows [r0, r1) of a CSR matrix, sharing its index and value arrays (internal, no checks). */
export function csrRows(X: CsrMatrix, r0: number, r1: number): CsrMatrix {
  const base = X.indptr[r0];
  const end = X.indptr[r1];
  const indptr = new Int32Array(r1 - r0 + 1);
  for (let r = r0; r <= r1; r++) indptr[r - r0] = X.indptr[r] - base;
  return { kind: 'csr', rows: r1 - r0, cols: X.cols, indptr, indices: X.indices.subarray(base, end), values: X.values.subarray(base, end) };
}

/**
 * Partial product of canonical block b (internal): an m×d column-major array, `into` when given
 * (any contents: every kernel overwrites or clears all of it), else a fresh one.
 */
export function leafProduct(impl: KindImpl, p: Prepared, b: number, X: DenseMatrix | CsrMatrix, into?: Float64Array): Float64Array {
  const out = into ?? new Float64Array(p.m * X.cols);
  const c0 = b * p.op.blockRows;
  if (X.kind === 'csr') {
    if (!csrLeafViaKernel(impl, p, c0, X, out)) impl.leafCsr(p, c0, X, out);
  } else impl.leafDense(p, c0, X, out);
  return out;
}

/**
 * S·A over canonical blocks and the fixed tree (internal; A.rows = n, A validated, except that
 * with `checkFn` the entries of A are left to the kernels: see {@link canFuseEntryChecks}).
 * When a kernel reports a fault, the whole of A is checked by `assertFiniteMatrix` (dense,
 * column-major order) or `assertCsr`, which throw the errors of the up-front check.
 */
export function sketchRowBlocks(op: SketchOperator, A: DenseMatrix | CsrMatrix, checkFn?: string): DenseMatrix {
  return sketchBlockRange(prepareOperator(op), A, 0, checkFn);
}

/**
 * The node of the fixed tree that sums the canonical blocks b0 … b0 + ⌈A.rows/B⌉ − 1, given
 * their rows as A (row 0 of A is row b0·B of the whole input): an aligned subtree, b0 a
 * multiple of 2^L and the blocks the 2^L below node (L, b0/2^L), or all the blocks from b0 to
 * the last one. Its leaves and additions are those of the whole tree, so the node has the bits
 * the whole tree gives it; `sketchStream` inserts it at (L, b0/2^L). b0 = 0 with all the rows is
 * S·A ({@link sketchRowBlocks}). `prep` is the operator's {@link prepareOperator}, which
 * callers keep (for some kinds it is costly: the orthogonal sketch's QR). Internal; A
 * validated as for {@link sketchRowBlocks}.
 */
export function sketchBlockRange(prep: { impl: KindImpl; p: Prepared }, A: DenseMatrix | CsrMatrix, b0: number, checkFn?: string): DenseMatrix {
  const { impl, p } = prep;
  const op = p.op;
  const B = op.blockRows;
  const n = A.rows;
  const c0Base = b0 * B;
  const d = A.cols;
  const nb = Math.ceil(n / B);
  const csrColumns = impl.csrColumns;
  if (A.kind === 'csr' && csrColumns !== undefined) {
    const sp = impl.csrColumnsWasm !== undefined ? activeWasmSparse() : null;
    const viaWasm = sp === null ? null : sketchCsrLeavesWasm(sp, impl, p, A, B, n, c0Base, checkFn);
    return fromColMajor(op.rows, d, viaWasm ?? sketchCsrLeaves((c0, k) => csrColumns(p, c0Base + c0, k), op.rows, A, B, n, checkFn));
  }
  if (A.kind === 'dense' && A.rowStride === 1 && impl.denseLeavesWasm !== undefined) {
    const sp = activeWasmSparse();
    const viaWasm = sp === null ? null : sketchDenseLeavesWasm(sp, impl, p, A, B, n, c0Base, checkFn);
    if (viaWasm !== null) return fromColMajor(op.rows, d, viaWasm);
  }
  let checked = checkFn !== undefined && A.kind === 'dense' ? impl.leafDenseChecked : undefined;
  const tree = createTree(nb, op.rows * d);
  for (let b = 0; b < nb; b++) {
    const r0 = b * B;
    const r1 = Math.min(n, r0 + B);
    const X = A.kind === 'csr' ? csrRows(A, r0, r1) : subMatrix(A, r0, r1, 0, d);
    if (checked !== undefined) {
      const out = new Float64Array(p.m * d);
      if (!checked(p, c0Base + r0, X as DenseMatrix, out)) {
        // Throws the error of the up-front check; returns only after a false alarm of the
        // WebAssembly check (huge finite entries), and then A is known to be finite.
        assertFiniteMatrix(checkFn as string, 'A', A as DenseMatrix);
        checked = undefined;
      }
      insertNode(tree, 0, b, out);
    } else {
      insertNode(tree, 0, b, leafProduct(impl, p, b0 + b, X));
    }
  }
  return fromColMajor(op.rows, d, treeRoot(tree) as Float64Array);
}

/** left ← left + right, then right ← 0 (the tree's order: left first; right is then reused). */
function addAndClear(left: Float64Array, right: Float64Array): void {
  for (let t = 0; t < left.length; t++) {
    left[t] = left[t] + right[t];
    right[t] = 0;
  }
}

/**
 * One leaf's way up the fixed tree (`tree.ts`), for reductions that own their node storage:
 * leaf b, holding v, waits for its right sibling (pushed on `waiting`), or is added into its
 * waiting left sibling by `combine(left, right)` (left + right, left first; combine also
 * releases right), or, when its right sibling covers no block, becomes its parent; and so on up.
 * Returns the root when this leaf completes it, else undefined. With the leaves given in order,
 * `waiting` holds at most ⌈log₂ nb⌉ nodes, lowest level on top.
 */
function climbTree<N>(nb: number, height: number, b: number, v: N, waiting: N[], combine: (left: N, right: N) => void): N | undefined {
  for (let L = 0, i = b; ; ) {
    if (L === height) return v;
    if ((i ^ 1) * 2 ** L >= nb) {
      // The right sibling covers no block: the parent's value is this node's value.
      L++;
      i >>= 1;
      continue;
    }
    if ((i & 1) === 0) {
      waiting.push(v);
      return undefined;
    }
    const left = waiting.pop() as N;
    combine(left, v);
    v = left;
    L++;
    i >>= 1;
  }
}

/**
 * S·A (m×d, column-major) for a CSR A and a sparse kind (CountSketch, sparse sign, SparseStack,
 * very sparse), whose columns `columns(c0, k)` generates: the leaves of {@link sparseLeafCsrInto},
 * summed in the fixed tree (`tree.ts`) as they arrive in order, each node left + right exactly
 * as `insertNode` forms it, so the bits are those of `leafProduct` + `insertNode` and of
 * `sketchStream`. The m×d arrays are reused rather than allocated per leaf: a right child is
 * cleared as it is added into its left sibling and then takes the next leaf, so at most
 * ⌈log₂ #blocks⌉ + 1 exist (a fresh, zeroed 2 MiB array per leaf was 12% of the bench's CSR
 * CountSketch time). With `checkFn` the leaves test each row as they read it; a fault runs
 * `assertCsr`, which throws the error of the up-front check.
 */
function sketchCsrLeaves(columns: (c0: number, k: number) => SparseColumns, m: number, A: CsrMatrix, B: number, n: number, checkFn?: string): Float64Array {
  const d = A.cols;
  const size = m * d;
  const nb = Math.ceil(n / B);
  let height = 0;
  while (2 ** height < nb) height++;
  const free: Float64Array[] = [];
  const waiting: Float64Array[] = []; // left children waiting for their right sibling, lowest level on top
  let root: Float64Array | undefined;
  for (let b = 0; b < nb; b++) {
    const r0 = b * B;
    const k = Math.min(n, r0 + B) - r0;
    const v: Float64Array = free.pop() ?? new Float64Array(size);
    if (!sparseLeafCsrInto(columns(r0, k), m, csrRows(A, r0, r0 + k), v, checkFn !== undefined)) {
      // Throws the error of the up-front check (the kernel's test has no false alarms).
      assertCsr(checkFn as string, 'A', A);
    }
    root = climbTree(nb, height, b, v, waiting, (left, right) => {
      addAndClear(left, right);
      free.push(right);
    }) ?? root;
  }
  return root ?? new Float64Array(size);
}

/**
 * The most kernel memory (bytes) that a sparse sketch on the WebAssembly backend takes for the
 * nodes of its tree ({@link reduceInKernelMemory}) and the staging of a leaf; above it, the
 * per-leaf path runs (same bits). The memory stays at its high-water mark, so this bounds what
 * a sketch leaves behind, apart from one leaf's entries of S on CSR input (blockRows·ζ of them
 * for sparse sign).
 */
export const KERNEL_TREE_MAX_BYTES = 64 * 2 ** 20;
/** Entries of A copied into the kernel memory per call of `csrScatter` (more if one row is longer). */
export const CSR_STAGE_ENTRIES = 2 ** 16;

/**
 * Columns per band of `csrScatter` (assembly/sparse.ts) for a column-major m×d node: all d
 * while the node is at most 1 MiB, else d split into up to four bands of about 1 MiB each (the
 * block's rows are read again for each band, so more bands cost more than L2 gives back).
 * Measured on the bench's input (m = 256, d = 1024, ζ = 8; 16 leaves, caches evicted): one band
 * 9.96 ms, bands of 512 columns 8.34, of 256 8.50, of 128 10.4 (Intel Xeon, 2 MiB of L2). The
 * bands change no bit.
 */
export function csrScatterBand(m: number, d: number): number {
  const bands = Math.min(4, Math.ceil((8 * m * d) / 2 ** 20));
  return bands <= 1 ? d : Math.ceil(d / bands);
}
/**
 * The most entries per column of S (on average, {@link KindImpl.columnEntries}) for which a
 * sketch of CSR input on the WebAssembly backend keeps its tree's nodes row-major and scatters
 * with `rowScatter` (assembly/rows.ts) rather than column-major with `csrScatter`: one leaf of
 * 4096 rows of the bench's 65536×1024 input (10⁶ entries), caches evicted, per call of 16
 * leaves: 2.4 against 3.4 ms with one entry per column, 4.1 against 7.3 with two, 6.9 against
 * 6.9 with four, 13.2 against 11.0 with eight (every row of A is then read eight times).
 */
export const ROW_MAJOR_MAX_ENTRIES = 3;

/**
 * The fixed tree (`tree.ts`) over leaves 0 … nb−1 whose nodes live in the kernel memory, at
 * the start of region `REGION_TREE`, each `stride` doubles (even, so 16-byte aligned):
 * `leaf(b, v)` adds leaf b into the cleared node v, at double index `nodesAt() + v·stride` (it
 * may reserve kernel memory, which may move the region: ask the address after that), then the
 * node climbs: it waits for its right
 * sibling, or is added into its waiting left sibling (left + right, left first; the right
 * operand is cleared and goes back to the free nodes; the steps of one climb run in one pass
 * of `combineChain`), or, when its right
 * sibling covers no block, becomes its parent. At most ⌈log₂ nb⌉ + 1 nodes are in use.
 * Returns the root's node index; node i is at double index `nodesAt() + i·stride`.
 */
function reduceInKernelMemory(wk: WasmKernels, ex: WasmSparseExports, nb: number, stride: number, nodesAt: () => number, leaf: (b: number, v: number) => void): number {
  let height = 0;
  while (2 ** height < nb) height++;
  const nodes = height + 2;
  const free: number[] = [];
  for (let i = nodes - 1; i >= 0; i--) free.push(i);
  const clean = new Uint8Array(nodes); // 1: the node holds +0 everywhere
  const waiting: number[] = []; // left children waiting for their right sibling, lowest level on top
  const chain: number[] = []; // the nodes of one climb's steps: the climbing node, then its left siblings
  let root = -1;
  for (let b = 0; b < nb; b++) {
    const v = free.pop() as number;
    if (clean[v] === 0) {
      const at = nodesAt() + v * stride;
      wk.f64().fill(0, at, at + stride);
    }
    leaf(b, v);
    clean[v] = 0;
    root = climbTree(nb, height, b, v, waiting, (left, right) => {
      if (chain.length === 0) chain.push(right);
      chain.push(left);
      clean[right] = 1;
      free.push(right);
    }) ?? root;
    // The steps of this climb, up to four per pass: chain[0] is added into chain[1], that sum
    // into chain[2], and so on; all but the last are cleared.
    const base = nodesAt();
    for (let i = 0; i + 1 < chain.length; i += 4) {
      const levels = Math.min(4, chain.length - 1 - i);
      const at = (j: number): number => 8 * (base + chain[i + Math.min(j, levels)] * stride);
      ex.combineChain(at(0), at(1), at(2), at(3), at(4), levels, stride);
    }
    chain.length = 0;
  }
  return root;
}

/** Nodes of {@link reduceInKernelMemory} for nb leaves. */
function treeNodes(nb: number): number {
  let height = 0;
  while (2 ** height < nb) height++;
  return height + 2;
}

/**
 * The kernel-memory side of CSR leaves (assembly/sparse.ts), or null when it would exceed
 * {@link KERNEL_TREE_MAX_BYTES}. Region `REGION_TREE` holds, in doubles: `nodes` nodes of
 * `stride` doubles (what the caller keeps there: the tree of {@link reduceInKernelMemory}, or
 * one leaf), the staging of A's rows (indptr, indices, values, by chunks of about
 * {@link CSR_STAGE_ENTRIES} entries, or one whole row if longer), then the entries of S
 * (sized per leaf by `place`). `leaf(a0, c0, k, v)` adds S[:, c0:c0+k]·A[a0:a0+k] into node v:
 * the entries of S from {@link KindImpl.csrColumnsWasm}, each staged chunk of A checked by
 * `csrScatter` (in SIMD) before any of it is scattered; a fault runs `assertCsr` under `fn`, which throws the error of the
 * up-front check. With `rowMajor` the nodes are row-major m×d: the leaf's entries of S are
 * bucketed by row (`bucketRows`, after the sign words; their values where the uniforms were),
 * each chunk is checked by `csrFaults` and scattered by `rowScatter` (assembly/rows.ts), the
 * same terms in the same order. `at()` is the region's double index (it moves when `place`
 * grows it).
 */
function csrLeafScatter(sp: { wk: WasmKernels; exports: WasmSparseExports }, impl: KindImpl, p: Prepared, A: CsrMatrix, B: number, nodes: number, stride: number, fn: string, rowMajor = false): { at: () => number; leaf: (a0: number, c0: number, k: number, v: number) => void } | null {
  const { wk, exports: ex } = sp;
  const m = p.m;
  const d = A.cols;
  const { indptr, indices, values } = A;
  let longest = 0;
  for (let t = 0; t < A.rows; t++) longest = Math.max(longest, indptr[t + 1] - indptr[t]);
  const stage = Math.max(CSR_STAGE_ENTRIES, longest);
  // The staged indptr, indices and values, then the bands' cursors (B i32).
  const stageDoubles = Math.ceil((B + 2) / 2) + Math.ceil(stage / 2) + stage + Math.ceil(B / 2);
  const band = csrScatterBand(m, d);
  const stageAt = nodes * stride;
  if (8 * (stageAt + stageDoubles) > KERNEL_TREE_MAX_BYTES) return null;
  const sAt = stageAt + stageDoubles;
  let region = wk.reserve([REGION_TREE], [sAt])[0];
  let sArea: WasmColumnsArea = { u: 0, vals: 0, rows: 0, colptr: 0, words: 0 };
  let sCap = 0;
  let sNz = 0; // entries of S placed for the current leaf
  const colptrD = Math.ceil((B + 1) / 2);
  // Row-major: the buckets of S by row (bucketRows) after the sign words: the columns t (nz
  // i32), then the starts and ends of the buckets (2m i32); their values go to `u`, which the
  // draw has finished with.
  const bucketD = (nz: number): number => (rowMajor ? Math.ceil(nz / 2) + m : 0);
  const place = (nz: number): WasmColumnsArea => {
    sCap = Math.max(sCap, nz);
    sNz = nz;
    region = wk.reserve([REGION_TREE], [sAt + 2 * sCap + Math.ceil(sCap / 2) + colptrD + SIGN_WORDS_DOUBLES + bucketD(sCap)])[0];
    const base = region + sAt;
    const colptr = base + 2 * nz + Math.ceil(nz / 2);
    sArea = { u: base, vals: base + nz, rows: base + 2 * nz, colptr, words: colptr + colptrD };
    return sArea;
  };
  const csrColumnsWasm = impl.csrColumnsWasm as NonNullable<KindImpl['csrColumnsWasm']>;
  return {
    at: () => region,
    leaf(a0, c0, k, v) {
      const z = csrColumnsWasm(p, c0, k, wk, place); // may move the region
      const outB = 8 * (region + v * stride);
      // Row-major: byte addresses of the buckets (columns, starts, ends, values).
      const btB = 8 * (sArea.words + SIGN_WORDS_DOUBLES);
      const curB = btB + 8 * Math.ceil(sNz / 2);
      const hendB = curB + 4 * m;
      const bvB = 8 * sArea.u;
      if (rowMajor) ex.bucketRows(k, z, m, 8 * sArea.colptr, 8 * sArea.rows, 8 * sArea.vals, curB, hendB, btB, bvB);
      // The rows of A, by chunks of at most `stage` entries (one row at least).
      for (let t0 = 0; t0 < k; ) {
        const q0 = indptr[a0 + t0];
        let t1 = t0 + 1;
        while (t1 < k && indptr[a0 + t1 + 1] - q0 <= stage) t1++;
        const q1 = indptr[a0 + t1];
        const mem = wk.f64();
        const words = new Int32Array(mem.buffer);
        const at = region + stageAt;
        const ia = at + Math.ceil((B + 2) / 2);
        const va = ia + Math.ceil(stage / 2);
        words.set(indptr.subarray(a0 + t0, a0 + t1 + 1), 2 * at);
        words.set(indices.subarray(q0, q1), 2 * ia);
        mem.set(values.subarray(q0, q1), va);
        let fault: boolean;
        if (rowMajor) {
          fault = ex.csrFaults(t1 - t0, d, 8 * at, 8 * ia, 8 * va) !== 0;
          if (!fault) ex.rowScatter(t1 - t0, t0, d, m, 8 * at, 8 * ia, 8 * va, curB, hendB, btB, bvB, outB);
        } else {
          const rowsB = 8 * sArea.rows + (z > 0 ? 4 * t0 * z : 0);
          const valsB = 8 * sArea.vals + (z > 0 ? 8 * t0 * z : 0);
          fault = ex.csrScatter(t1 - t0, d, m, z, 8 * at, 8 * ia, 8 * va, 8 * sArea.colptr + 4 * t0, rowsB, valsB, outB, band, 8 * (va + stage)) !== 0;
        }
        if (fault) {
          // Throws the error of the up-front check (the kernel's tests are exact).
          assertCsr(fn, 'A', A);
          throw new Error(`${fn}: the CSR kernel reported a fault the check did not find`);
        }
        t0 = t1;
      }
    },
  };
}

/**
 * {@link sketchCsrLeaves} on the WebAssembly backend: the leaves of {@link csrLeafScatter}
 * reduced in the kernel memory by {@link reduceInKernelMemory}; the same leaves and tree, so the
 * same bits. Null when the memory would exceed {@link KERNEL_TREE_MAX_BYTES}. On the bench's
 * input (65536×1024, 10⁶ entries, m = 256, 16 leaves of 2 MiB) the random updates cost about
 * 4 ns each against 10 ns in TypeScript, and the merges 3–5 ms against 17 ms.
 */
function sketchCsrLeavesWasm(sp: { wk: WasmKernels; exports: WasmSparseExports }, impl: KindImpl, p: Prepared, A: CsrMatrix, B: number, n: number, c0Base: number, checkFn?: string): Float64Array | null {
  const m = p.m;
  const d = A.cols;
  const size = m * d;
  const stride = size + (size & 1);
  const nb = Math.ceil(n / B);
  const rowMajor = (impl.columnEntries?.(p) ?? Infinity) <= ROW_MAJOR_MAX_ENTRIES;
  const run = csrLeafScatter(sp, impl, p, A, B, treeNodes(nb), stride, checkFn ?? 'applySketch', rowMajor);
  if (run === null) return null;
  const root = reduceInKernelMemory(sp.wk, sp.exports, nb, stride, run.at, (b, v) => run.leaf(b * B, c0Base + b * B, Math.min(n, b * B + B) - b * B, v));
  const at = run.at() + root * stride;
  if (!rowMajor) return sp.wk.f64().slice(at, at + size);
  // The row-major root, transposed into a free node (every node but the root is free now),
  // then copied out in column-major order.
  const spare = run.at() + (root === 0 ? 1 : 0) * stride;
  sp.exports.transposeRows(m, d, 8 * at, 8 * spare);
  return sp.wk.f64().slice(spare, spare + size);
}

/**
 * One leaf S[:, c0:c0+X.rows]·X of a CSR block X into `out`, on the WebAssembly backend when the
 * kind and the sizes allow ({@link csrLeafScatter} into one cleared node, then copied out);
 * false when they do not (the caller runs the TypeScript leaf, which gives the same bits). The
 * streaming accumulator's leaves take this path.
 */
function csrLeafViaKernel(impl: KindImpl, p: Prepared, c0: number, X: CsrMatrix, out: Float64Array): boolean {
  const sp = impl.csrColumnsWasm !== undefined ? activeWasmSparse() : null;
  if (sp === null || X.rows === 0) return false;
  const size = p.m * X.cols;
  const stride = size + (size & 1);
  const run = csrLeafScatter(sp, impl, p, X, X.rows, 1, stride, 'sketchStream.push');
  if (run === null) return false;
  const at0 = run.at();
  sp.wk.f64().fill(0, at0, at0 + stride);
  run.leaf(0, c0, X.rows, 0);
  const at = run.at();
  out.set(sp.wk.f64().subarray(at, at + size));
  return true;
}

/**
 * A sparse sketch (CountSketch, sparse sign, SparseStack, very sparse) of a column-major dense A on the
 * WebAssembly backend: the leaves of {@link KindImpl.denseLeavesWasm} (the `scatter8` path of
 * the per-leaf kernel) added into
 * nodes of {@link reduceInKernelMemory}, so that no leaf is copied out of the kernel memory and
 * the tree's additions run in SIMD; only the root is, into column-major order. The same terms
 * in the same order as the per-leaf path and the same tree, so the same bits. Null when the
 * kind's plan declines (small leaves) or the nodes would exceed {@link KERNEL_TREE_MAX_BYTES}.
 * With `checkFn` a non-finite entry found by the scatter runs `assertFiniteMatrix`, which
 * throws the error of the up-front check.
 */
function sketchDenseLeavesWasm(sp: { wk: WasmKernels; exports: WasmSparseExports }, impl: KindImpl, p: Prepared, A: DenseMatrix, B: number, n: number, c0Base: number, checkFn?: string): Float64Array | null {
  const { wk, exports: ex } = sp;
  const m = p.m;
  const d = A.cols;
  const plan = (impl.denseLeavesWasm as NonNullable<KindImpl['denseLeavesWasm']>)(p, wk, B, d);
  if (plan === null) return null;
  const nb = Math.ceil(n / B);
  const stride = plan.nodeDoubles;
  const stageAt = treeNodes(nb) * stride;
  if (8 * stageAt > KERNEL_TREE_MAX_BYTES) return null;
  let region = wk.reserve([REGION_TREE], [stageAt])[0];
  let finite = true;
  const root = reduceInKernelMemory(wk, ex, nb, stride, () => region, (b, v) => {
    const r0 = b * B;
    const r1 = Math.min(n, r0 + B);
    const place = (scratch: number): { node: number; stage: number } => {
      region = wk.reserve([REGION_TREE], [stageAt + scratch])[0];
      return { node: region + v * stride, stage: region + stageAt };
    };
    if (!plan.leaf(c0Base + r0, subMatrix(A, r0, r1, 0, d), place)) finite = false;
  });
  if (!finite) {
    // Throws the error of the up-front check; returns only after a false alarm (huge finite
    // entries), and then the result stands: the scatter computed it all the same.
    if (checkFn !== undefined) assertFiniteMatrix(checkFn, 'A', A);
  }
  const mem = wk.f64();
  const node = region + root * stride;
  const out = new Float64Array(m * d);
  for (let c = 0; c < d; c++) {
    const g = node + (c - (c & 7)) * m + (c & 7);
    for (let h = 0, o = c * m; h < m; h++) out[o + h] = mem[g + 8 * h];
  }
  return out;
}

/**
 * Whether `applySketch` may leave the entry checks of A to the kernels: for the sparse kinds
 * (CountSketch, sparse sign, SparseStack, very sparse), whose dense kernel tests every entry it reads for
 * finiteness (`leafDenseChecked`) and whose CSR kernel tests every row's column indices and
 * values just before scattering it (`sparseLeafCsrInto`). The check then costs no pass of its own
 * over A (a pass over 65536×64 is 5.5 ms, over 10⁶ CSR entries 2.6 ms, on the bench machine):
 * the WebAssembly scatter accumulates x·0 over the values it loads, the TypeScript kernels test
 * each group of columns or row while it is in cache. Any fault leads to the ordinary, ordered
 * check of the whole of A, so the error (class, message, the entry named) is the one of the
 * up-front check, and no result is returned.
 */
export function canFuseEntryChecks(op: SketchOperator): boolean {
  const impl = KIND_IMPLS[op.kind];
  return impl.leafDenseChecked !== undefined && impl.csrColumns !== undefined;
}

/**
 * Validates a sketch input under the caller's function name (internal; shared with the parallel
 * path). With `deferEntries`, a `DenseMatrix` (kind 'dense') or a CSR matrix is checked
 * structurally only (shape, strides, array lengths, indptr) and `unchecked` is true: the
 * caller must then check its entries (finiteness; for CSR also the column indices), which
 * {@link sketchRowBlocks} does inside the kernels when given the function name. Every other
 * input is checked in full here.
 */
export function toInput(fn: string, A: SketchInput, deferEntries = false): { M: DenseMatrix | CsrMatrix; vector: boolean; unchecked: boolean } {
  if (A instanceof Float64Array || (Array.isArray(A) && (A.length === 0 || typeof A[0] === 'number'))) {
    const v = A instanceof Float64Array ? A : Float64Array.from(A as readonly number[]);
    assertFiniteVector(fn, 'x', v);
    return { M: fromColMajor(v.length, 1, v), vector: true, unchecked: false };
  }
  if (isCsr(A)) {
    if (deferEntries) assertCsrStructure(fn, 'A', A);
    else assertCsr(fn, 'A', A);
    return { M: A, vector: false, unchecked: deferEntries };
  }
  const unchecked = deferEntries && typeof A === 'object' && A !== null && (A as { kind?: unknown }).kind === 'dense';
  return { M: asMatrix(A as MatrixLike, fn, { checkFinite: !unchecked }), vector: false, unchecked };
}

/**
 * S·A: the sketch applied on the left.
 *
 * A is an n×d dense matrix (any {@link MatrixLike}), an n×d {@link CsrMatrix} or a vector of
 * length n; the result is the m×d column-major matrix S·A (a `Float64Array` of length m for a
 * vector). The same operator and input give bit-identical results on any machine, and equal to
 * what {@link sketchStream} returns for any chunking and order of the rows.
 *
 * Cost, for A n×d with nnz(A) stored entries:
 * - gaussian, rademacher, tensor: O(m·n·d) (gemm; for CSR input O(m·nnz(A)) plus generating S);
 * - srht: O(n·d·log₂ B + (n/B)·m·d), B = min(blockRows, N), no S formed;
 * - countsketch: O(nnz(A)); sparse-sign, sparse-stack: O(ζ·nnz(A)); very-sparse: O(nnz(A)·m/s); for CSR
 *   input plus O((n/B)·m·d) for summing the leaves;
 * - orthogonal: O(n·m²) to draw the Haar factor, then O(m·n·d).
 * Measured (bench/sketch.bench.mjs --cpu --cold, Node 20, Intel Xeon, CPU time, median of 3–6
 * processes, m = 256, against one plain pass over the input from memory): dense 65536×64 (pass
 * 4.3 ms) CountSketch 6.4 ms, sparse sign ζ = 8 13.5 ms, SparseStack 13.1 ms, SRHT 45 ms; CSR
 * 65536×1024 with 10⁶ entries (pass 2.9 ms) CountSketch 9.9 ms, sparse sign 18.1 ms
 * (WebAssembly; see docs/benchmarks.md).
 *
 * Validation: A is checked as documented below before any result is returned. For the sparse
 * kinds (CountSketch, sparse sign, SparseStack, very sparse) the entry checks (finiteness; for CSR also the
 * column indices) run inside the kernels, on data they read anyway, instead of as a separate
 * pass; when they find a fault, the up-front check runs on the whole of A and throws exactly
 * the error it always throws (same class and message, naming the same first entry).
 *
 * @param S - the sketch spec or operator (m×n).
 * @param A - n×d dense matrix, CSR matrix, or vector of length n.
 * @throws {@link DimensionError} when A has not n rows; {@link NonFiniteError} on NaN/±Infinity;
 *   {@link InvalidArgumentError} on a bad spec or input type.
 * @example
 * ```ts
 * const SA = applySketch({ kind: 'srht', rows: 128, cols: A.rows, seed: 1 }, A);
 * ```
 */
export function applySketch(S: SketchSpec | SketchOperator, A: DenseMatrix | CsrMatrix | MatrixLike): DenseMatrix;
export function applySketch(S: SketchSpec | SketchOperator, A: Float64Array | readonly number[]): Float64Array;
export function applySketch(S: SketchSpec | SketchOperator, A: SketchInput): DenseMatrix | Float64Array {
  const fn = 'applySketch';
  const op = resolveOperator(S, fn);
  const { M, vector, unchecked } = toInput(fn, A, canFuseEntryChecks(op));
  if (M.rows !== op.cols) {
    // Errors in the order of the up-front check: a bad entry before the shape.
    if (unchecked && M.kind === 'csr') assertCsr(fn, 'A', M);
    else if (unchecked) assertFiniteMatrix(fn, 'A', M as DenseMatrix);
    throw new DimensionError(fn, `${vector ? 'x has length' : 'A has'} ${M.rows}${vector ? '' : ' rows'} but the sketch has ${op.cols} columns`);
  }
  const R = sketchRowBlocks(op, M, unchecked ? fn : undefined);
  return vector ? R.data : R;
}

/**
 * A·Sᵀ: the sketch applied on the right (sketching the columns of A).
 *
 * A is p×n (dense, CSR) or a vector of length n; the result is p×m (column-major), computed as
 * (S·Aᵀ)ᵀ with the same kernels and reduction as {@link applySketch}, so the same bit-level
 * reproducibility holds. Cost as for {@link applySketch} on Aᵀ.
 *
 * @throws {@link DimensionError} when A has not n columns.
 */
export function applySketchRight(A: DenseMatrix | CsrMatrix | MatrixLike, S: SketchSpec | SketchOperator): DenseMatrix;
export function applySketchRight(A: Float64Array | readonly number[], S: SketchSpec | SketchOperator): Float64Array;
export function applySketchRight(A: SketchInput, S: SketchSpec | SketchOperator): DenseMatrix | Float64Array {
  const fn = 'applySketchRight';
  const op = resolveOperator(S, fn);
  const { M, vector } = toInput(fn, A);
  if (vector) {
    if (M.rows !== op.cols) throw new DimensionError(fn, `x has length ${M.rows} but the sketch has ${op.cols} columns`);
    return sketchRowBlocks(op, M).data;
  }
  if (M.cols !== op.cols) throw new DimensionError(fn, `A has ${M.cols} columns but the sketch has ${op.cols} columns`);
  const At = M.kind === 'csr' ? csrTransposeKernel(M) : transpose(M);
  return toColMajor(transpose(sketchRowBlocks(op, At)));
}

/**
 * The dense m×n matrix S (column-major). For tests and small sizes: O(m·n) memory.
 * Equal, entry for entry and bit for bit, to every {@link materializeBlock} of the same operator.
 */
export function materialize(S: SketchSpec | SketchOperator): DenseMatrix {
  const op = resolveOperator(S, 'materialize');
  const { impl, p } = prepareOperator(op);
  return fromColMajor(op.rows, op.cols, impl.block(p, 0, op.rows, 0, op.cols));
}

/**
 * The block S[r0:r1, c0:c1] (half-open ranges), column-major, generated without forming the
 * rest of S (for the kinds that mix columns, SRHT and orthogonal, only the per-operator data
 * (sampled rows, Haar factor) is derived). Exactly equal to the same block of {@link materialize}.
 *
 * @throws {@link InvalidArgumentError} when a range is outside [0, m] × [0, n] or reversed.
 */
export function materializeBlock(S: SketchSpec | SketchOperator, r0: number, r1: number, c0: number, c1: number): DenseMatrix {
  const fn = 'materializeBlock';
  const op = resolveOperator(S, fn);
  assertInt(fn, 'r0', r0, 0, op.rows);
  assertInt(fn, 'r1', r1, r0, op.rows);
  assertInt(fn, 'c0', c0, 0, op.cols);
  assertInt(fn, 'c1', c1, c0, op.cols);
  const { impl, p } = prepareOperator(op);
  return fromColMajor(r1 - r0, c1 - c0, impl.block(p, r0, r1, c0, c1));
}
