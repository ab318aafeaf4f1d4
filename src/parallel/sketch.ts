/**
 * S·A on a pool of worker threads, bit-identical to `applySketch`.
 *
 * The canonical row blocks of A (`blockRows` rows each) are split into contiguous ranges, one
 * per task. Each worker regenerates its part of S from the spec (plain JSON; counter-based
 * randomness makes every block of S a pure function of the seed and its position), computes
 * its blocks' partial products with the serial kernels and sums them in its part of the fixed
 * reduction tree; the main thread inserts the returned subtree sums at their global (level,
 * index). Floating-point sums are therefore formed in exactly the serial order, whatever the
 * number of workers or the split.
 *
 * @module
 */
import type { CsrMatrix } from '../core/csr.js';
import { DimensionError, InvalidArgumentError } from '../core/errors.js';
import type { MatrixLike } from '../core/interop.js';
import { fromColMajor, type DenseMatrix } from '../core/matrix.js';
import { assertInt, fmt } from '../core/validate.js';
import { resolveOperator, sketchRowBlocks, toInput, type SketchInput } from '../sketch/apply.js';
import type { SketchOperator, SketchSpec } from '../sketch/spec.js';
import { createTree, insertNode, treeRoot } from '../sketch/tree.js';
import { createWorkerPool, WorkerPool } from './pool.js';
import type { SketchTask, WireNode } from './tasks.js';

/** Options of the parallel functions. */
export interface ParallelOptions {
  /**
   * A pool from {@link createWorkerPool}, reused across calls (recommended). Without it, a pool
   * of `workers` threads is created for the call and closed before it returns (worker start-up,
   * tens of milliseconds, is then paid on every call).
   */
  pool?: WorkerPool;
  /**
   * Number of parallel tasks (contiguous ranges of row blocks), an integer ≥ 1. Default: the
   * pool's size, or `os.availableParallelism()` when no pool is given. The result does not
   * depend on it.
   */
  workers?: number;
}

function isShared(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
}


/** The spec fields an operator is made of (so that stray properties never reach a worker). */
function wireOperator(op: SketchOperator): SketchOperator {
  const o = op as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { kind: op.kind, rows: op.rows, cols: op.cols, seed: op.seed, blockRows: op.blockRows };
  for (const k of ['zeta', 's', 'factors', 'blocks']) if (o[k] !== undefined) out[k] = o[k];
  return out as unknown as SketchOperator;
}

type Alloc = (bytes: number) => ArrayBuffer | SharedArrayBuffer;
const plainAlloc: Alloc = (bytes) => new ArrayBuffer(bytes);
const sharedAlloc: Alloc = (bytes) => new SharedArrayBuffer(bytes);

/**
 * Rows [r0, r1) of A copied in one pass into a new buffer. The copy keeps A's orientation: a
 * column-major-like A (`rowStride = 1`) gives a column-major copy, anything else a row-major one
 * whose row stride is never 1 (at least 2, padded when A has one column). The kernels choose
 * their loop order from `rowStride === 1` only, so the copy takes the same path, and gives the
 * same bits, as A itself.
 */
function copyDenseRows(A: DenseMatrix, r0: number, r1: number, alloc: Alloc): DenseMatrix {
  const k = r1 - r0;
  const d = A.cols;
  const { data, offset, rowStride, colStride } = A;
  if (rowStride === 1) {
    const out = new Float64Array(alloc(8 * k * d));
    for (let c = 0; c < d; c++) {
      const s = offset + r0 + c * colStride;
      out.set(data.subarray(s, s + k), c * k);
    }
    return { kind: 'dense', rows: k, cols: d, data: out, offset: 0, rowStride: 1, colStride: k };
  }
  const rs = Math.max(d, 2);
  const out = new Float64Array(alloc(8 * Math.max(1, k * rs)));
  for (let i = 0; i < k; i++) {
    const s = offset + (r0 + i) * rowStride;
    if (colStride === 1) out.set(data.subarray(s, s + d), i * rs);
    else for (let c = 0; c < d; c++) out[i * rs + c] = data[s + c * colStride];
  }
  return { kind: 'dense', rows: k, cols: d, data: out, offset: 0, rowStride: rs, colStride: 1 };
}

/** Rows [r0, r1) of a CSR matrix copied into new buffers (indptr rebased to 0). */
function copyCsrRows(A: CsrMatrix, r0: number, r1: number, alloc: Alloc): CsrMatrix {
  const base = A.indptr[r0];
  const nnz = A.indptr[r1] - base;
  const indptr = new Int32Array(alloc(4 * (r1 - r0 + 1)));
  for (let r = r0; r <= r1; r++) indptr[r - r0] = A.indptr[r] - base;
  const indices = new Int32Array(alloc(4 * nnz));
  indices.set(A.indices.subarray(base, base + nnz));
  const values = new Float64Array(alloc(8 * nnz));
  values.set(A.values.subarray(base, base + nnz));
  return { kind: 'csr', rows: r1 - r0, cols: A.cols, indptr, indices, values };
}

function readOptions(fn: string, options: ParallelOptions | undefined): { pool?: WorkerPool; workers?: number } {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(options)})`);
  const { pool, workers } = options;
  if (pool !== undefined && !(pool instanceof WorkerPool)) throw new InvalidArgumentError(fn, `pool must be a WorkerPool from createWorkerPool (got ${fmt(pool)})`);
  if (pool?.closed) throw new InvalidArgumentError(fn, 'the worker pool is closed (create a new one with createWorkerPool)');
  if (workers !== undefined) assertInt(fn, 'workers', workers, 1, 1024);
  return { pool, workers };
}

/** Runs `work` on the given pool, or on a pool created for the call and closed afterwards. @internal */
export async function withPool<T>(opts: { pool?: WorkerPool; workers?: number }, work: (pool: WorkerPool, tasks: number) => Promise<T>): Promise<T> {
  if (opts.pool) return work(opts.pool, opts.workers ?? opts.pool.size);
  const pool = createWorkerPool(opts.workers === undefined ? {} : { workers: opts.workers });
  try {
    return await work(pool, pool.size);
  } finally {
    await pool.close();
  }
}

/** Validated options, exported for the other parallel functions. @internal */
export { readOptions as readParallelOptions };

/**
 * S·A computed by worker threads; resolves to exactly (bit for bit) what `applySketch(S, A)`
 * returns, for any number of workers.
 *
 * A is an n×d dense matrix (any `MatrixLike`), an n×d `CsrMatrix` or a vector of length n;
 * the result is the m×d column-major S·A (a `Float64Array` for a vector). Everything is
 * validated in the calling thread before any worker is used, with the errors of `applySketch`
 * (the promise rejects with them).
 *
 * Data transfer: when A's storage is a `SharedArrayBuffer` (every array, for CSR), workers
 * read it in place, with no copy. Otherwise each task's rows are copied once, in one pass over
 * A in the calling thread, into a buffer that is transferred (moved, not cloned) to the worker;
 * use {@link toSharedMatrix} to pay that copy once for repeated calls. Workers return only the
 * O(log(n/B)) subtree sums of their range, each m×d.
 *
 * Cost: the serial cost of `applySketch` spread over the workers, plus, per task, the kind's
 * prepare step (sampling the SRHT or Monarch rows, O(m); for 'orthogonal', the Haar factor,
 * O(n·m²), which each worker computes once and keeps for calls with the same spec), plus the
 * copy O(n·d) (O(nnz) for CSR) without a shared buffer. With p cores, expect at most p× on
 * large inputs; on small ones (under a few ms serially) message passing dominates.
 *
 * @param S - the sketch spec or operator (m×n).
 * @param A - n×d dense or CSR matrix, or a vector of length n.
 * @param options - `pool` (a {@link WorkerPool}; recommended) and `workers` (number of tasks).
 * @throws (rejects with) {@link DimensionError} when A has not n rows; `NonFiniteError` on
 *   NaN/±Infinity; {@link InvalidArgumentError} on a bad spec, input, option or a closed pool.
 * @example
 * ```ts
 * await using pool = createWorkerPool({ workers: 4 });
 * const shared = toSharedMatrix(A);          // optional: no copy on each call
 * const SA = await applySketchParallel({ kind: 'srht', rows: 256, cols: shared.rows, seed: 1 }, shared, { pool });
 * ```
 */
export function applySketchParallel(S: SketchSpec | SketchOperator, A: DenseMatrix | CsrMatrix | MatrixLike, options?: ParallelOptions): Promise<DenseMatrix>;
export function applySketchParallel(S: SketchSpec | SketchOperator, A: Float64Array | readonly number[], options?: ParallelOptions): Promise<Float64Array>;
export async function applySketchParallel(S: SketchSpec | SketchOperator, A: SketchInput, options?: ParallelOptions): Promise<DenseMatrix | Float64Array> {
  const fn = 'applySketchParallel';
  const op = resolveOperator(S, fn);
  const { M, vector } = toInput(fn, A);
  if (M.rows !== op.cols) {
    throw new DimensionError(fn, `${vector ? 'x has length' : 'A has'} ${M.rows}${vector ? '' : ' rows'} but the sketch has ${op.cols} columns`);
  }
  const opts = readOptions(fn, options);
  const m = op.rows;
  const d = M.cols;
  if (d === 0) {
    // Nothing to compute: no worker is involved.
    const R = sketchRowBlocks(op, M);
    return vector ? R.data : R;
  }
  const B = op.blockRows;
  const n = op.cols;
  const nb = Math.ceil(n / B);
  const wire = wireOperator(op);
  const shared = M.kind === 'csr' ? isShared(M.indptr) && isShared(M.indices) && isShared(M.values) : isShared(M.data);
  const root = await withPool(opts, async (pool, tasks) => {
    const T = Math.min(tasks, nb);
    const runs: Promise<{ nodes: WireNode[] }>[] = [];
    for (let t = 0; t < T; t++) {
      const b0 = Math.floor((t * nb) / T);
      const b1 = Math.floor(((t + 1) * nb) / T);
      let task: SketchTask;
      let transfer: ArrayBuffer[] = [];
      if (shared) {
        task = { type: 'sketch', op: wire, input: M, rowBase: 0, b0, b1 };
      } else {
        const r0 = b0 * B;
        const r1 = Math.min(n, b1 * B);
        const input = M.kind === 'csr' ? copyCsrRows(M, r0, r1, plainAlloc) : copyDenseRows(M, r0, r1, plainAlloc);
        transfer = input.kind === 'csr' ? [input.indptr.buffer, input.indices.buffer, input.values.buffer] as ArrayBuffer[] : [input.data.buffer as ArrayBuffer];
        task = { type: 'sketch', op: wire, input, rowBase: r0, b0, b1 };
      }
      // Dispatched as soon as its rows are ready, so workers start while later ranges are copied.
      runs.push(pool.run<{ nodes: WireNode[] }>(task, transfer, fn));
    }
    const results = await Promise.allSettled(runs);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const tree = createTree(nb, m * d);
    for (const r of results as PromiseFulfilledResult<{ nodes: WireNode[] }>[]) {
      for (const nd of r.value.nodes) insertNode(tree, nd.level, nd.index, nd.data);
    }
    return treeRoot(tree) as Float64Array;
  });
  return vector ? root : fromColMajor(m, d, root);
}

/**
 * Copies a matrix or vector once into `SharedArrayBuffer` storage, so that
 * {@link applySketchParallel} (and `gemmParallel`) pass it to workers without copying on every
 * call. Validated like `applySketch`'s input (shape, finiteness). A dense matrix keeps its
 * orientation (column-major stays column-major, anything else becomes row-major), so results
 * on the copy are bit-identical to results on the original; a CSR matrix gets shared `indptr`,
 * `indices` and `values`; a vector becomes a shared `Float64Array`.
 *
 * Cost: O(n·d) time and memory (O(nnz + n) for CSR). Needs `SharedArrayBuffer` (always in
 * Node; in browsers only on cross-origin-isolated pages).
 *
 * @throws {@link InvalidArgumentError} on a malformed input; `NonFiniteError` on NaN/±Infinity.
 */
export function toSharedMatrix(A: CsrMatrix): CsrMatrix;
export function toSharedMatrix(A: DenseMatrix | MatrixLike): DenseMatrix;
export function toSharedMatrix(A: Float64Array | readonly number[]): Float64Array;
export function toSharedMatrix(A: SketchInput): DenseMatrix | CsrMatrix | Float64Array {
  const fn = 'toSharedMatrix';
  if (typeof SharedArrayBuffer === 'undefined') throw new InvalidArgumentError(fn, 'SharedArrayBuffer is not available in this environment');
  const { M, vector } = toInput(fn, A);
  if (vector) {
    const src = (M as DenseMatrix).data;
    const v = new Float64Array(new SharedArrayBuffer(8 * src.length));
    v.set(src);
    return v;
  }
  return M.kind === 'csr' ? copyCsrRows(M, 0, M.rows, sharedAlloc) : copyDenseRows(M, 0, M.rows, sharedAlloc);
}
