/**
 * Streaming S·A: row blocks of A arrive in any order and any chunking (from a file, a network,
 * several workers), and the result is bit-identical to {@link applySketch}.
 *
 * The accumulator holds (i) partial sums of the fixed reduction tree over canonical blocks and
 * (ii) the rows of canonical blocks that have arrived only in part. A canonical block's partial
 * product is computed once all its rows are in, with the same kernel as the one-shot path, and
 * is inserted into the tree at its global block index; so neither the chunking, nor the order,
 * nor how the rows were split between accumulators that are later merged, changes a bit of the
 * result. Memory: O(m·d·log(n/B)) for in-order input plus the rows of incomplete blocks.
 *
 * @module
 */
import { assertCsr, type CsrMatrix } from '../core/csr.js';
import { DimensionError, InvalidArgumentError } from '../core/errors.js';
import { asMatrix, type MatrixLike } from '../core/interop.js';
import { fromColMajor, subMatrix, type DenseMatrix } from '../core/matrix.js';
import { assertInt } from '../core/validate.js';
import { csrRows, leafProduct, prepareOperator, resolveOperator, sketchBlockRange } from './apply.js';
import type { KindImpl, Prepared } from './kinds.js';
import type { SketchOperator, SketchSpec } from './spec.js';
import { alignedSubtrees, createTree, insertNode, treeRoot, type ReductionTree } from './tree.js';

/** Rows of one canonical block received so far. */
interface PendingBlock {
  received: number;
  got: Uint8Array;
  /** Dense input: the block's rows, column-major (rows of the block × d). */
  dense?: Float64Array;
  /** CSR input: per local row, its column indices and values. */
  csr?: Array<{ indices: Int32Array; values: Float64Array } | undefined>;
}

/** Serialisable state of a {@link SketchAccumulator} (plain JSON: typed arrays become number arrays). */
export interface SketchStreamState {
  readonly version: 1;
  readonly op: SketchOperator;
  readonly cols: number | null;
  readonly input: 'dense' | 'csr' | null;
  readonly nodes: ReadonlyArray<{ level: number; index: number; data: number[] }>;
  readonly pending: ReadonlyArray<{
    block: number;
    rows: number[];
    dense?: number[];
    csr?: Array<{ indices: number[]; values: number[] }>;
  }>;
}

function stableJson(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

/**
 * Accumulates S·A from row blocks. Create it with {@link sketchStream}.
 *
 * The state is real (rows arrive over time), hence a class; {@link SketchAccumulator.state}
 * and {@link SketchAccumulator.fromState} turn it into plain JSON data and back, and
 * {@link SketchAccumulator.merge} combines accumulators fed with disjoint rows.
 */
export class SketchAccumulator {
  /** The validated operator. */
  readonly op: SketchOperator;
  private readonly impl: KindImpl;
  private readonly prep: Prepared;
  private readonly nb: number;
  private d: number | null = null;
  private input: 'dense' | 'csr' | null = null;
  private tree: ReductionTree | null = null;
  private readonly done: Uint8Array;
  private readonly pending = new Map<number, PendingBlock>();
  private rowsIn = 0;
  /** m×d arrays of right children already added into their siblings, reused by the next leaves. */
  private readonly spare: Float64Array[] = [];

  /** @internal Use {@link sketchStream}. */
  constructor(op: SketchOperator) {
    this.op = op;
    const { impl, p } = prepareOperator(op);
    this.impl = impl;
    this.prep = p;
    this.nb = Math.ceil(op.cols / op.blockRows);
    this.done = new Uint8Array(this.nb);
  }

  /** Rows of A received so far (out of n = `op.cols`). */
  get rowsReceived(): number {
    return this.rowsIn;
  }

  /** True once every row of A has arrived. */
  get complete(): boolean {
    return this.rowsIn === this.op.cols;
  }

  private blockRange(b: number): [number, number] {
    const B = this.op.blockRows;
    return [b * B, Math.min(this.op.cols, (b + 1) * B)];
  }

  private setShape(fn: string, d: number, input: 'dense' | 'csr'): void {
    if (this.d === null) {
      this.d = d;
      this.input = input;
      this.tree = createTree(this.nb, this.op.rows * d);
      return;
    }
    if (d !== this.d) throw new DimensionError(fn, `row block has ${d} columns but earlier blocks had ${this.d}`);
    if (input !== this.input) {
      throw new InvalidArgumentError(fn, `row block is ${input} but earlier blocks were ${this.input} (one stream takes one input type, so that results match applySketch bit for bit)`);
    }
  }

  private finishBlock(b: number, X: DenseMatrix | CsrMatrix): void {
    // A fresh, zeroed 2 MiB array per leaf cost more than the leaf itself on the bench's CSR input.
    const spare = this.spare;
    insertNode(this.tree as ReductionTree, 0, b, leafProduct(this.impl, this.prep, b, X, spare.pop()), (a) => {
      if (spare.length < 2) spare.push(a);
    });
    this.done[b] = 1;
  }

  /**
   * Blocks b0 … b1−1, complete in X (rows [rowOffset, rowOffset + X.rows) of A): the maximal
   * aligned subtrees of the fixed tree inside the range, each computed in one call of
   * `sketchBlockRange` (on the WebAssembly backend its leaves are reduced where the kernels keep
   * them, and only its node is copied out) and inserted at its (level, index); single blocks go
   * through {@link finishBlock}. The same leaves and additions as block by block, so the same bits.
   */
  private finishRun(b0: number, b1: number, X: DenseMatrix | CsrMatrix, rowOffset: number): void {
    const tree = this.tree as ReductionTree;
    const d = X.cols;
    for (const [L, b] of alignedSubtrees(tree, b0, b1)) {
      const e = Math.min(this.nb, b + 2 ** L);
      const r0 = this.blockRange(b)[0] - rowOffset;
      const r1 = this.blockRange(e - 1)[1] - rowOffset;
      const view = X.kind === 'csr' ? csrRows(X, r0, r1) : subMatrix(X, r0, r1, 0, d);
      if (e - b === 1) {
        this.finishBlock(b, view);
      } else {
        insertNode(tree, L, b / 2 ** L, sketchBlockRange({ impl: this.impl, p: this.prep }, view, b).data);
        for (let c = b; c < e; c++) this.done[c] = 1;
      }
    }
  }

  /**
   * Adds rows [rowOffset, rowOffset + k) of A, given as a k×d dense matrix (any
   * {@link MatrixLike}) or a k×d {@link CsrMatrix}. Rows may come in any order and chunking;
   * each row exactly once.
   *
   * @throws {@link DimensionError} when the rows fall outside [0, n) or d changes;
   *   {@link InvalidArgumentError} when a row arrives twice; {@link NonFiniteError} on NaN/±Infinity.
   */
  push(rowBlock: MatrixLike | CsrMatrix, rowOffset: number): this {
    const fn = 'sketchStream.push';
    const X: DenseMatrix | CsrMatrix =
      (rowBlock as { kind?: unknown }).kind === 'csr' ? (assertCsr(fn, 'rowBlock', rowBlock), rowBlock as CsrMatrix) : asMatrix(rowBlock as MatrixLike, fn, { name: 'rowBlock' });
    assertInt(fn, 'rowOffset', rowOffset, 0);
    const k = X.rows;
    if (rowOffset + k > this.op.cols) {
      throw new DimensionError(fn, `rows [${rowOffset}, ${rowOffset + k}) go past n = ${this.op.cols}, the sketch's column count`);
    }
    if (k === 0) return this;
    this.setShape(fn, X.cols, X.kind === 'csr' ? 'csr' : 'dense');
    // Check every row first, so that a rejected push leaves the accumulator unchanged.
    const B = this.op.blockRows;
    for (let r = rowOffset; r < rowOffset + k; r++) {
      const b = Math.floor(r / B);
      if (this.done[b] || this.pending.get(b)?.got[r - b * B]) throw new InvalidArgumentError(fn, `row ${r} was pushed twice`);
    }
    const d = X.cols;
    const bFirst = Math.floor(rowOffset / B);
    const bLast = Math.floor((rowOffset + k - 1) / B);
    for (let b = bFirst; b <= bLast; b++) {
      const [lo, hi] = this.blockRange(b);
      const r0 = Math.max(lo, rowOffset);
      const r1 = Math.min(hi, rowOffset + k);
      if (r0 === lo && r1 === hi && !this.pending.has(b)) {
        // A run of blocks complete in this push (only the first and the last can be partial).
        let e = b + 1;
        while (e <= bLast && this.blockRange(e)[1] <= rowOffset + k && !this.pending.has(e)) e++;
        this.finishRun(b, e, X, rowOffset);
        b = e - 1;
        continue;
      }
      let pb = this.pending.get(b);
      const size = hi - lo;
      if (!pb) {
        pb = { received: 0, got: new Uint8Array(size) };
        if (X.kind === 'csr') pb.csr = new Array(size);
        else pb.dense = new Float64Array(size * d);
        this.pending.set(b, pb);
      }
      for (let r = r0; r < r1; r++) {
        const t = r - lo;
        const src = r - rowOffset;
        if (X.kind === 'csr') {
          const q0 = X.indptr[src];
          const q1 = X.indptr[src + 1];
          (pb.csr as PendingBlock['csr'] & object)[t] = { indices: X.indices.slice(q0, q1), values: X.values.slice(q0, q1) };
        } else {
          const buf = pb.dense as Float64Array;
          for (let c = 0, xi = X.offset + src * X.rowStride; c < d; c++, xi += X.colStride) buf[c * size + t] = X.data[xi];
        }
        pb.got[t] = 1;
      }
      pb.received += r1 - r0;
      if (pb.received === size) this.completePending(b, pb);
    }
    this.rowsIn += k;
    return this;
  }

  private completePending(b: number, pb: PendingBlock): void {
    const [lo, hi] = this.blockRange(b);
    const size = hi - lo;
    const d = this.d as number;
    this.pending.delete(b);
    if (pb.dense) {
      this.finishBlock(b, fromColMajor(size, d, pb.dense));
      return;
    }
    const rows = pb.csr as NonNullable<PendingBlock['csr']>;
    let nnz = 0;
    for (const r of rows) nnz += (r as { indices: Int32Array }).indices.length;
    const indptr = new Int32Array(size + 1);
    const indices = new Int32Array(nnz);
    const values = new Float64Array(nnz);
    let q = 0;
    for (let t = 0; t < size; t++) {
      const r = rows[t] as { indices: Int32Array; values: Float64Array };
      indices.set(r.indices, q);
      values.set(r.values, q);
      q += r.indices.length;
      indptr[t + 1] = q;
    }
    this.finishBlock(b, { kind: 'csr', rows: size, cols: d, indptr, indices, values });
  }

  /**
   * S·A (m×d, column-major), bit-identical to `applySketch(S, A)`.
   *
   * @throws {@link InvalidArgumentError} while rows are missing (the message says how many).
   */
  result(): DenseMatrix {
    const fn = 'sketchStream.result';
    if (this.d === null) {
      if (this.op.cols === 0) return fromColMajor(this.op.rows, 0, new Float64Array(0));
      throw new InvalidArgumentError(fn, `no rows were pushed (expected ${this.op.cols})`);
    }
    const root = this.complete ? treeRoot(this.tree as ReductionTree) : undefined;
    if (!root) throw new InvalidArgumentError(fn, `only ${this.rowsIn} of ${this.op.cols} rows were pushed`);
    return fromColMajor(this.op.rows, this.d, root.slice());
  }

  /**
   * Folds another accumulator of the same operator, fed with disjoint rows, into this one.
   * The result does not depend on which rows went to which accumulator, nor on the merge order.
   *
   * @throws {@link InvalidArgumentError} for another operator, or rows present in both.
   */
  merge(other: SketchAccumulator): this {
    const fn = 'sketchStream.merge';
    if (stableJson(other.op) !== stableJson(this.op)) throw new InvalidArgumentError(fn, 'the accumulators belong to different sketch operators');
    if (other.d === null) return this;
    this.setShape(fn, other.d, other.input as 'dense' | 'csr');
    for (let b = 0; b < this.nb; b++) {
      if (other.done[b] && (this.done[b] || this.pending.has(b))) throw new InvalidArgumentError(fn, `rows of block ${b} were pushed to both accumulators`);
    }
    for (const [b, opb] of other.pending) {
      if (this.done[b]) throw new InvalidArgumentError(fn, `rows of block ${b} were pushed to both accumulators`);
      const mine = this.pending.get(b);
      const [lo] = this.blockRange(b);
      if (mine) {
        for (let t = 0; t < opb.got.length; t++) if (opb.got[t] && mine.got[t]) throw new InvalidArgumentError(fn, `row ${lo + t} was pushed to both accumulators`);
      }
    }
    // All checks passed: fold in the complete subtrees, then the pending rows.
    for (const nd of (other.tree as ReductionTree).nodes.values()) {
      insertNode(this.tree as ReductionTree, nd.level, nd.index, nd.data.slice());
      const span = 2 ** nd.level;
      for (let b = nd.index * span; b < Math.min(this.nb, (nd.index + 1) * span); b++) this.done[b] = 1;
    }
    for (const [b, opb] of other.pending) {
      let mine = this.pending.get(b);
      if (!mine) {
        mine = { received: 0, got: new Uint8Array(opb.got.length) };
        if (opb.dense) mine.dense = new Float64Array(opb.dense.length);
        else mine.csr = new Array(opb.got.length);
        this.pending.set(b, mine);
      }
      const size = opb.got.length;
      const d = this.d as number;
      for (let t = 0; t < size; t++) {
        if (!opb.got[t]) continue;
        if (opb.dense) for (let c = 0; c < d; c++) (mine.dense as Float64Array)[c * size + t] = opb.dense[c * size + t];
        else (mine.csr as NonNullable<PendingBlock['csr']>)[t] = (opb.csr as NonNullable<PendingBlock['csr']>)[t];
        mine.got[t] = 1;
        mine.received++;
      }
      if (mine.received === size) this.completePending(b, mine);
    }
    this.rowsIn += other.rowsIn;
    return this;
  }

  /** The accumulator as plain JSON-serialisable data (doubles round-trip exactly through JSON). */
  state(): SketchStreamState {
    const nodes = this.tree ? [...this.tree.nodes.values()].map((nd) => ({ level: nd.level, index: nd.index, data: Array.from(nd.data) })) : [];
    const pending = [...this.pending.entries()].map(([block, pb]) => {
      const rows: number[] = [];
      for (let t = 0; t < pb.got.length; t++) if (pb.got[t]) rows.push(t);
      return pb.dense
        ? { block, rows, dense: Array.from(pb.dense) }
        : {
            block,
            rows,
            csr: rows.map((t) => {
              const r = (pb.csr as NonNullable<PendingBlock['csr']>)[t] as { indices: Int32Array; values: Float64Array };
              return { indices: Array.from(r.indices), values: Array.from(r.values) };
            }),
          };
    });
    return { version: 1, op: this.op, cols: this.d, input: this.input, nodes, pending };
  }

  /** Rebuilds an accumulator from {@link SketchAccumulator.state} output. */
  static fromState(s: SketchStreamState): SketchAccumulator {
    const fn = 'sketchStream.fromState';
    if (!s || s.version !== 1) throw new InvalidArgumentError(fn, `unsupported state version (got ${String(s?.version)}; expected 1)`);
    const acc = new SketchAccumulator(resolveOperator(s.op, fn));
    if (s.cols === null || s.input === null) return acc;
    acc.setShape(fn, s.cols, s.input);
    const tree = acc.tree as ReductionTree;
    for (const nd of s.nodes) {
      if (nd.data.length !== tree.size) throw new InvalidArgumentError(fn, `node (${nd.level}, ${nd.index}) has ${nd.data.length} values; expected ${tree.size}`);
      tree.nodes.set(nd.level * 2 ** 32 + nd.index, { level: nd.level, index: nd.index, data: Float64Array.from(nd.data) });
      const span = 2 ** nd.level;
      for (let b = nd.index * span; b < Math.min(acc.nb, (nd.index + 1) * span); b++) {
        acc.done[b] = 1;
        const [lo, hi] = acc.blockRange(b);
        acc.rowsIn += hi - lo;
      }
    }
    for (const p of s.pending) {
      const [lo, hi] = acc.blockRange(p.block);
      const size = hi - lo;
      const pb: PendingBlock = { received: p.rows.length, got: new Uint8Array(size) };
      for (const t of p.rows) pb.got[t] = 1;
      if (p.dense) pb.dense = Float64Array.from(p.dense);
      else {
        pb.csr = new Array(size);
        p.rows.forEach((t, q) => {
          const r = (p.csr as NonNullable<typeof p.csr>)[q];
          (pb.csr as NonNullable<PendingBlock['csr']>)[t] = { indices: Int32Array.from(r.indices), values: Float64Array.from(r.values) };
        });
      }
      acc.pending.set(p.block, pb);
      acc.rowsIn += p.rows.length;
    }
    return acc;
  }
}

/**
 * An accumulator for S·A that takes the rows of A in blocks, in any order and chunking, and
 * returns a result bit-identical to {@link applySketch}.
 *
 * @example
 * ```ts
 * const acc = sketchStream({ kind: 'countsketch', rows: 512, cols: n, seed: 3 });
 * for (const { rows, offset } of chunks) acc.push(rows, offset);
 * const SA = acc.result();
 * ```
 */
export function sketchStream(S: SketchSpec | SketchOperator): SketchAccumulator {
  return new SketchAccumulator(resolveOperator(S, 'sketchStream'));
}
