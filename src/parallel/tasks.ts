/**
 * The work a worker does, as pure functions of plain messages: no Node API here, so the same
 * module runs behind `node:worker_threads` (see `worker.ts`) or a browser `Worker` (whose
 * `onmessage` would call {@link runTask} and post its reply with the same transfer list).
 *
 * A sketch task carries the operator (plain JSON), a row range of A (shared or copied) and a
 * contiguous range of canonical block indices. The worker computes the leaf product of each of
 * its blocks with the same kernel as `applySketch`, combines them in a private copy of the fixed
 * reduction tree (`sketch/tree.ts`) and returns the live nodes: the maximal aligned subtrees
 * inside its range. The main thread inserts those nodes into the global tree at their (level,
 * index); every sum is the same left + right as in the serial path, so the root is
 * bit-identical to `applySketch` for any number of workers and any split.
 *
 * @internal
 * @module
 */
import type { CsrMatrix } from '../core/csr.js';
import { DimensionError, InvalidArgumentError, NonFiniteError, NumericalError, ParseError, RandNLAError } from '../core/errors.js';
import { gemmPackedInto } from '../core/kernels/gemm.js';
import { subMatrix, type DenseMatrix } from '../core/matrix.js';
import { csrRows, leafProduct, prepareOperator, resolveOperator, sketchBlockRange } from '../sketch/apply.js';
import type { KindImpl, Prepared } from '../sketch/kinds.js';
import type { SketchOperator } from '../sketch/spec.js';
import { alignedSubtrees, createTree, insertNode } from '../sketch/tree.js';

/** A reduction-tree node as it crosses the thread boundary. */
export interface WireNode {
  readonly level: number;
  readonly index: number;
  readonly data: Float64Array;
}

/** Compute S·A's tree nodes over canonical blocks [b0, b1). */
export interface SketchTask {
  readonly type: 'sketch';
  /** The validated operator (plain data; re-validated by the worker, which is cheap). */
  readonly op: SketchOperator;
  /** Rows [rowBase, rowBase + input.rows) of A: all of A when shared, the task's rows when copied. */
  readonly input: DenseMatrix | CsrMatrix;
  readonly rowBase: number;
  readonly b0: number;
  readonly b1: number;
}

/** Compute a column block A·B of C (whole A, the block's columns of B) with the blocked kernel. */
export interface GemmTask {
  readonly type: 'gemm';
  readonly A: DenseMatrix;
  readonly B: DenseMatrix;
}

/** Any task. */
export type Task = SketchTask | GemmTask;

/** What a task returns, with the buffers to transfer (not copy) back. */
export interface TaskResult {
  readonly value: { nodes: WireNode[] } | { data: Float64Array };
  readonly transfer: ArrayBuffer[];
}

/** A thrown error as plain data (`code` and `fn` for the library's typed errors). */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly fn?: string;
  readonly stack?: string;
}

function stableJson(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

// The last prepared operator, kept so that repeated calls with one spec (the common case, and
// the expensive one for 'orthogonal', whose prepare step draws a Haar factor in O(n·m²)) do not
// redo it. One entry only: a prepared operator can hold an n×m matrix.
let cacheKey = '';
let cacheValue: { impl: KindImpl; p: Prepared } | null = null;

function prepared(op: SketchOperator): { impl: KindImpl; p: Prepared } {
  const key = stableJson(op);
  if (cacheValue === null || key !== cacheKey) {
    cacheValue = prepareOperator(op);
    cacheKey = key;
  }
  return cacheValue;
}

/** Runs a sketch task (see the module comment). Cost: the serial cost of its blocks. */
export function sketchTask(t: SketchTask): TaskResult {
  const op = resolveOperator(t.op, 'applySketchParallel');
  const { impl, p } = prepared(op);
  const B = op.blockRows;
  const n = op.cols;
  const d = t.input.cols;
  const nb = Math.ceil(n / B);
  const tree = createTree(nb, op.rows * d);
  // The maximal aligned subtrees of the range, each reduced in one call (where the kernels
  // keep it, on the WebAssembly backend), as `sketchStream` does with a push's whole blocks.
  for (const [L, b] of alignedSubtrees(tree, t.b0, t.b1)) {
    const e = Math.min(nb, b + 2 ** L);
    const r0 = b * B - t.rowBase;
    const r1 = Math.min(n, e * B) - t.rowBase;
    const X = t.input.kind === 'csr' ? csrRows(t.input, r0, r1) : subMatrix(t.input, r0, r1, 0, d);
    insertNode(tree, L, b / 2 ** L, L === 0 ? leafProduct(impl, p, b, X) : sketchBlockRange(prepared(op), X, b).data);
  }
  const nodes: WireNode[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const nd of tree.nodes.values()) {
    nodes.push({ level: nd.level, index: nd.index, data: nd.data });
    transfer.push(nd.data.buffer as ArrayBuffer);
  }
  return { value: { nodes }, transfer };
}

/**
 * Runs a gemm task: a fresh column-major A·B by the blocked (packed) kernel, the path the serial
 * product takes for every size that is split between workers.
 */
export function gemmTask(t: GemmTask): TaskResult {
  const m = t.A.rows;
  const n = t.B.cols;
  const data = new Float64Array(m * n);
  const C: DenseMatrix = { kind: 'dense', rows: m, cols: n, data, offset: 0, rowStride: 1, colStride: m };
  gemmPackedInto(C, t.A, t.B, 1, 0);
  return { value: { data }, transfer: [data.buffer as ArrayBuffer] };
}

/** Dispatches a task message. */
export function runTask(t: Task): TaskResult {
  switch (t.type) {
    case 'sketch':
      return sketchTask(t);
    case 'gemm':
      return gemmTask(t);
    default:
      throw new Error(`unknown task type ${String((t as { type: unknown }).type)}`);
  }
}

/** An error as plain data, keeping the typed error's `code` and `fn`. */
export function errorToWire(e: unknown): WireError {
  if (e instanceof RandNLAError) return { name: e.name, message: e.message, code: e.code, fn: e.fn, stack: e.stack };
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

const ERROR_CLASSES: Record<string, new (fn: string, message: string) => RandNLAError> = {
  ERR_DIMENSION_MISMATCH: DimensionError,
  ERR_NON_FINITE: NonFiniteError,
  ERR_INVALID_ARGUMENT: InvalidArgumentError,
  ERR_NUMERICAL: NumericalError,
  ERR_PARSE: ParseError,
};

/**
 * Rebuilds an error sent by a worker: the library's typed error of the same `code` (so
 * `instanceof` and `code` work in the caller's thread), or a plain `Error` of the same name and
 * message. The worker's stack is appended to the rebuilt error's stack.
 */
export function errorFromWire(w: WireError): Error {
  const Cls = w.code !== undefined ? ERROR_CLASSES[w.code] : undefined;
  let e: Error;
  if (Cls && w.fn !== undefined) {
    const prefix = `${w.fn}: `;
    e = new Cls(w.fn, w.message.startsWith(prefix) ? w.message.slice(prefix.length) : w.message);
  } else {
    e = new Error(w.message);
    e.name = w.name;
  }
  if (w.stack) e.stack = `${e.stack ?? ''}\n    --- in the worker ---\n${w.stack}`;
  return e;
}
