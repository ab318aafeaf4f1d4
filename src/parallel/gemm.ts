/**
 * A·B on a pool of worker threads, bit-identical to `matmul(A, B)`.
 *
 * C is cut into contiguous column blocks whose boundaries are multiples of the micro-kernel
 * width (4), so each block is a union of the serial product's own 4-column tiles. Each worker
 * runs the serial kernel on A and its block of B; every element of C is computed by exactly
 * one worker, with the same slices of the inner dimension (they depend on k only) summed in the
 * same order, so the bits do not depend on the number of workers.
 *
 * @module
 */
import { DimensionError } from '../core/errors.js';
import { assertDenseMatrix } from '../core/interop.js';
import { GEMM_NR, GEMM_SMALL, gemmInto } from '../core/kernels/gemm.js';
import { subMatrix, zeros, type DenseMatrix } from '../core/matrix.js';
import type { WorkerPool } from './pool.js';
import { readParallelOptions, withPool, type ParallelOptions } from './sketch.js';
import type { GemmTask } from './tasks.js';

function isShared(a: Float64Array): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
}

/** A copied once into shared memory, keeping its orientation (unless it is shared already). */
function shareOnce(A: DenseMatrix): DenseMatrix {
  if (isShared(A.data)) return A;
  const { rows, cols, data, offset, rowStride, colStride } = A;
  if (rowStride === 1) {
    const out = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, rows * cols)));
    for (let j = 0; j < cols; j++) out.set(data.subarray(offset + j * colStride, offset + j * colStride + rows), j * rows);
    return { kind: 'dense', rows, cols, data: out, offset: 0, rowStride: 1, colStride: rows };
  }
  const rs = Math.max(cols, 2);
  const out = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, rows * rs)));
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * rs + j] = data[offset + i * rowStride + j * colStride];
  return { kind: 'dense', rows, cols, data: out, offset: 0, rowStride: rs, colStride: 1 };
}

/** Columns [j0, j1) of B copied into a fresh buffer, keeping B's orientation. */
function copyColumns(B: DenseMatrix, j0: number, j1: number): DenseMatrix {
  const k = B.rows;
  const w = j1 - j0;
  const { data, offset, rowStride, colStride } = B;
  if (rowStride === 1) {
    const out = new Float64Array(k * w);
    for (let j = 0; j < w; j++) {
      const s = offset + (j0 + j) * colStride;
      out.set(data.subarray(s, s + k), j * k);
    }
    return { kind: 'dense', rows: k, cols: w, data: out, offset: 0, rowStride: 1, colStride: k };
  }
  const rs = Math.max(w, 2);
  const out = new Float64Array(Math.max(1, k * rs));
  for (let i = 0; i < k; i++) for (let j = 0; j < w; j++) out[i * rs + j] = data[offset + i * rowStride + (j0 + j) * colStride];
  return { kind: 'dense', rows: k, cols: w, data: out, offset: 0, rowStride: rs, colStride: 1 };
}

/**
 * The matrix product A·B computed by worker threads; resolves to exactly (bit for bit) what
 * `matmul(A, B)` returns, for any number of workers.
 *
 * A is m×k and B is k×n, `DenseMatrix` values of any strides; the result is a new m×n
 * column-major matrix. Products that the serial kernel computes as matrix–vector products
 * (a one-column B or one-row A stored at unit stride) or with its unblocked loop
 * (m·n·k < 512) run in the calling thread: they are memory-bound or tiny, so threads would
 * not pay off. Otherwise A is placed in shared memory
 * (one copy, skipped when A's buffer is already a `SharedArrayBuffer`: see `toSharedMatrix`)
 * and read by every worker, and each worker receives its block of B's columns (read in place
 * when B is shared, else copied and transferred) and returns its block of C.
 *
 * Cost: 2·m·n·k flops spread over the workers, plus O(m·k + k·n + m·n) copying in the calling
 * thread. NaN and ±Infinity propagate by IEEE rules (inputs are not scanned), as in `matmul`.
 *
 * @param A - left factor, m×k.
 * @param B - right factor, k×n.
 * @param options - `pool` (a {@link WorkerPool}; recommended) and `workers` (number of tasks).
 * @throws (rejects with) `InvalidArgumentError` when A or B is not a well-formed DenseMatrix, on
 *   a bad option or a closed pool; {@link DimensionError} when A has not as many columns as B
 *   has rows.
 * @example
 * ```ts
 * await using pool = createWorkerPool({ workers: 4 });
 * const C = await gemmParallel(A, B, { pool }); // equal to matmul(A, B), bit for bit
 * ```
 */
export async function gemmParallel(A: DenseMatrix, B: DenseMatrix, options?: ParallelOptions): Promise<DenseMatrix> {
  const fn = 'gemmParallel';
  assertDenseMatrix(fn, 'A', A, false);
  assertDenseMatrix(fn, 'B', B, false);
  if (A.cols !== B.rows) {
    throw new DimensionError(fn, `A has ${A.cols} column${A.cols === 1 ? '' : 's'} but B has ${B.rows} row${B.rows === 1 ? '' : 's'} (A is ${A.rows}×${A.cols}, B is ${B.rows}×${B.cols})`);
  }
  const opts = readParallelOptions(fn, options);
  const m = A.rows, k = A.cols, n = B.cols;
  const C = zeros(m, n);
  // The serial kernel's own dispatch (gemmInto, with C column-major): only its blocked path is split.
  const gemv = (n === 1 && B.rowStride === 1) || (m === 1 && A.colStride === 1);
  if (m === 0 || n === 0 || k === 0 || gemv || m * n * k < GEMM_SMALL) {
    gemmInto(C, A, B, 1, 0);
    return C;
  }
  const As = shareOnce(A);
  const Bshared = isShared(B.data);
  await withPool(opts, async (pool: WorkerPool, tasks: number) => {
    const panels = Math.ceil(n / GEMM_NR);
    const T = Math.min(tasks, panels);
    const runs: Promise<void>[] = [];
    for (let t = 0; t < T; t++) {
      const j0 = Math.floor((t * panels) / T) * GEMM_NR;
      const j1 = Math.min(n, Math.floor(((t + 1) * panels) / T) * GEMM_NR);
      const Bt = Bshared ? subMatrix(B, 0, k, j0, j1) : copyColumns(B, j0, j1);
      const task: GemmTask = { type: 'gemm', A: As, B: Bt };
      const transfer = Bshared ? [] : [Bt.data.buffer as ArrayBuffer];
      runs.push(pool.run<{ data: Float64Array }>(task, transfer, fn).then((r) => C.data.set(r.data, j0 * m)));
    }
    const results = await Promise.allSettled(runs);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
  return C;
}
