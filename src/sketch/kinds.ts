/**
 * Per-kind kernels behind one interface. Every kind answers three questions about its operator
 * S (m×n):
 *   - `block(p, r0, r1, c0, c1)`: the dense block S[r0:r1, c0:c1];
 *   - `leafDense(p, c0, X, out)`: out ← S[:, c0:c0+X.rows]·X for a dense row block X;
 *   - `leafCsr(p, c0, X, out)`: the same for a CSR row block.
 * Everything else (whole products, streaming, right products, materialisation) is built once,
 * on top of these, in `apply.ts` and `stream.ts`.
 *
 * Randomness: the operator's seed gives a state; each random ingredient reads its own numbered
 * substream (0: entries / hashes / Gaussian factor, 1: sampled rows, 2: signs, 3: second signs),
 * at positions fixed by (i, j), so entries never depend on which block is being generated.
 *
 * @internal
 * @module
 */
import { activeWasmKernels, activeWasmSparse } from '../core/kernels/backend.js';
import { gemmInto } from '../core/kernels/gemm.js';
import { REGION_NORMALS, REGION_SCATTER_OUT, REGION_SCATTER_S, REGION_SCATTER_X, type WasmKernels } from '../core/kernels/wasm.js';
import type { CsrMatrix } from '../core/csr.js';
import { fromColMajor, subMatrix, transpose, type DenseMatrix } from '../core/matrix.js';
import { viewFinite } from '../core/validate.js';
import { qr, qrQ } from '../core/qr.js';
import {
  fillIntegers,
  fillNormal,
  fillRademacher,
  fillUniform,
  integerAt,
  sampleWithoutReplacement,
  signAt,
  substream,
  toRngState,
  type RngState,
} from '../rng/index.js';
import { fillRademacherInto, fillUniformInto, SIGN_WORDS_DOUBLES } from '../rng/draw.js';
import { lnOneMinus } from '../rng/elementary.js';
import { philox4x32_10 } from '../rng/philox.js';
import { SUBSTREAM_KEY_XOR } from '../rng/state.js';
import { fwhtColumnsKernel } from '../structured/fwht.js';
import { randomMonarch, type MonarchMatrix } from '../structured/monarch.js';
import { nextPow2, type SketchOperator } from './spec.js';
import { roundLog2 } from '../core/qr.js';

/** What a kind computes once per operator before applying it (derived, never stored in specs). */
export interface Prepared {
  readonly op: SketchOperator;
  readonly m: number;
  readonly n: number;
  readonly state: RngState;
  readonly [extra: string]: unknown;
}

/** The three kernels every kind provides. */
export interface KindImpl {
  prepare(op: SketchOperator): Prepared;
  /**
   * S[r0:r1, c0:c1], column-major. A kind may write it into `into` (when at least that long,
   * overwriting every entry it returns) instead of allocating; the dense leaves pass a reused
   * buffer, `materialize` passes nothing.
   */
  block(p: Prepared, r0: number, r1: number, c0: number, c1: number, into?: Float64Array): Float64Array;
  leafDense(p: Prepared, c0: number, X: DenseMatrix, out: Float64Array): void;
  leafCsr(p: Prepared, c0: number, X: CsrMatrix, out: Float64Array): void;
  /**
   * `leafDense` with the finiteness check of X fused in (the sparse kinds): the kernel tests
   * every entry of X it reads, each block of columns just before scattering it, and returns
   * false when one is NaN or ±Infinity (out is then meaningless). Kinds without it are given
   * input checked up front.
   */
  leafDenseChecked?(p: Prepared, c0: number, X: DenseMatrix, out: Float64Array): boolean;
  /**
   * For the sparse kinds: the nonzeros of columns c0 … c0+k−1 of S, for
   * {@link sparseLeafCsrInto} into the reused buffers of `applySketch`'s CSR path.
   */
  csrColumns?(p: Prepared, c0: number, k: number): SparseColumns;
  /**
   * For the sparse kinds on the WebAssembly backend: the nonzeros of columns c0 … c0+k−1 of S,
   * written into the kernel memory where `place(nz)` says (it reserves room for nz entries
   * and may move the memory: every address is taken after it returns). Returns z > 0 when
   * column t holds the entries t·z … t·z+z−1, or 0 when the k+1 offsets were written at
   * `colptr`. Same entries as {@link KindImpl.csrColumns}.
   */
  csrColumnsWasm?(p: Prepared, c0: number, k: number, wk: WasmKernels, place: (nz: number) => WasmColumnsArea): number;
  /**
   * For the sparse kinds: the mean number of stored entries per column of S (ζ for sparse
   * sign, 1 for CountSketch, m/s for very sparse), which picks the layout of the CSR scatter
   * on the WebAssembly backend (`ROW_MAJOR_MAX_ENTRIES` in apply.ts).
   */
  columnEntries?(p: Prepared): number;
  /**
   * For the sparse kinds on the WebAssembly backend: how to add the leaves of a column-major
   * dense A (blocks of at most B rows, d columns) into nodes kept in the kernel memory, or null
   * when the scatter would not pay there (see {@link scatterOnWasm}).
   */
  denseLeavesWasm?(p: Prepared, wk: WasmKernels, B: number, d: number): WasmDenseLeaves | null;
}

/**
 * Leaves of a sparse sketch of a dense, column-major A, added into nodes in the kernel memory
 * (see `sketchDenseLeavesWasm` in apply.ts). A node holds ⌈d/8⌉ groups of m×8 doubles: entry
 * (h, c) at (c >> 3)·8m + 8h + (c & 7), the layout `scatter8` writes, so that no leaf is
 * copied out; a group of fewer than eight columns also fills its unused lanes, which are
 * never read.
 */
export interface WasmDenseLeaves {
  /** Doubles of one node. */
  readonly nodeDoubles: number;
  /**
   * Adds S[:, c0:c0+X.rows]·X (X column-major, at most B rows) into a node. `place(n)`
   * reserves n doubles of scratch (it may move the kernel memory) and returns the double
   * indices of the node and of the scratch; the leaf calls it once, before it writes. False
   * when an entry of X is NaN or ±Infinity (or, rarely, a false alarm: see `scatter8`).
   */
  leaf(c0: number, X: DenseMatrix, place: (scratch: number) => { node: number; stage: number }): boolean;
}

/**
 * Where {@link KindImpl.csrColumnsWasm} writes, as indices of doubles in the kernel memory:
 * `vals` (nz doubles), `rows` (nz i32 at byte 8·rows), `colptr` (k+1 i32 at byte 8·colptr),
 * and scratch for the uniforms (`u`, nz doubles) and the sign words (`words`,
 * `SIGN_WORDS_DOUBLES`).
 */
export interface WasmColumnsArea {
  readonly u: number;
  readonly vals: number;
  readonly rows: number;
  readonly colptr: number;
  readonly words: number;
}

function basePrepared(op: SketchOperator): Prepared {
  return { op, m: op.rows, n: op.cols, state: toRngState(op.seed, 'sketch') };
}

/** The reused panel of {@link denseLeaf} (grown on demand, at most about 2²⁰ doubles). */
let panel = new Float64Array(0);

/**
 * Dense-generator kinds: out ← S_blk·X by gemm, generating S_blk in column chunks so the
 * generated panel stays near 2²⁰ entries (8 MiB) whatever m is. The chunking depends only on
 * (m, number of rows), so results are reproducible.
 */
function denseLeaf(impl: Pick<KindImpl, 'block'>, p: Prepared, c0: number, X: DenseMatrix, out: Float64Array): void {
  const m = p.m;
  const k = X.rows;
  const d = X.cols;
  const C = fromColMajor(m, d, out);
  const chunk = Math.max(1, Math.min(k, Math.floor(2 ** 20 / m)));
  // One panel buffer for every call (a fresh 8 MiB array per chunk cost 9% of a Gaussian sketch
  // in page faults and zeroing); the leaf is synchronous, so nothing else uses it meanwhile.
  if (panel.length < m * Math.min(k, chunk)) panel = new Float64Array(m * Math.min(k, chunk));
  for (let t0 = 0; t0 < k; t0 += chunk) {
    const t1 = Math.min(k, t0 + chunk);
    const Sblk = fromColMajor(m, t1 - t0, impl.block(p, 0, m, c0 + t0, c0 + t1, panel));
    gemmInto(C, Sblk, subMatrix(X, t0, t1, 0, d), 1, t0 === 0 ? 0 : 1);
  }
  if (k === 0) out.fill(0);
}

/** Dense-generator kinds on a CSR block: out[:, col] += v·S[:, c0 + row] for each stored (row, col, v). */
function denseLeafCsr(impl: Pick<KindImpl, 'block'>, p: Prepared, c0: number, X: CsrMatrix, out: Float64Array): void {
  const m = p.m;
  out.fill(0);
  const { indptr, indices, values } = X;
  const chunk = Math.max(1, Math.min(X.rows, Math.floor(2 ** 20 / m)));
  for (let t0 = 0; t0 < X.rows; t0 += chunk) {
    const t1 = Math.min(X.rows, t0 + chunk);
    const S = impl.block(p, 0, m, c0 + t0, c0 + t1);
    for (let r = t0; r < t1; r++) {
      const sOff = (r - t0) * m;
      for (let q = indptr[r]; q < indptr[r + 1]; q++) {
        const v = values[q];
        const o = indices[q] * m;
        for (let i = 0; i < m; i++) out[o + i] += v * S[sOff + i];
      }
    }
  }
}

/**
 * The nonzeros of columns c0 … c1−1 of a sparse S in compressed-column form: column c0 + t holds
 * rows `rows[colptr[t] … colptr[t+1])` with values `vals[…]`. Generated in batches from the
 * counter-based streams, so no per-entry allocation or closure.
 */
export interface SparseColumns {
  /** When set, every column has exactly z nonzeros, column t at [t·z, (t+1)·z) (colptr agrees). */
  readonly z?: number;
  readonly colptr: Int32Array;
  readonly rows: Int32Array;
  readonly vals: Float64Array;
}
type ColumnGenerator = (p: Prepared, c0: number, c1: number) => SparseColumns;

/**
 * out ← S[:, c0:c0+k]·X for dense X. For each output entry the contributions are added in
 * increasing t whatever the loop order, so the column-major and row-major paths give the same bits.
 *
 * Column-major X with a fixed number z of nonzeros per column of S (CountSketch, sparse sign)
 * takes eight columns of X per sweep: the (row, value) pairs of S are loaded once for eight
 * scatter-adds, and eight entries of X stay in registers. Measured on 65536×64 blocks of 4096
 * rows, m = 256 (Node 20, x86-64, CPU time): z = 1 5.1 ms against 7.2 ms with four columns per
 * sweep; z = 8 25.9 ms against 36.5 ms. A bucket-major scratch with the eight columns of a
 * bucket in one cache line measured the same as eight columns (5.1 / 24.5 ms) and needs a
 * transpose, so it was not kept; one column per sweep and two were 3× and 2× slower.
 *
 * On the WebAssembly backend, leaves with k·z ≥ 8m (see {@link scatterOnWasm}) of a
 * column-major or narrow row-major X go to {@link sparseLeafWasm} instead, bit-identical.
 * Whole product, dense 65536×64, m = 256, blockRows 4096 (bench/sketch.bench.mjs --cpu, CPU
 * time, median of 3 processes; one plain pass over A 3.5 ms): CountSketch 10.4 ms against
 * 12.3 ms in TypeScript, sparse sign ζ = 8 20.9 ms against 50.4 ms.
 *
 * With `check` (the finiteness check of A fused in, see `canFuseEntryChecks` in apply.ts) the
 * WebAssembly path reads scatter8's x·0 sums, the TypeScript loops test each group of columns
 * with `viewFinite` just before scattering it (the strided loops: the whole block first); the
 * result is false when an entry is NaN or ±Infinity. That removed the separate pass over A:
 * on a later, slower run of the same machine (one plain pass 5.4 ms), CountSketch 16.1 → 10.1 ms,
 * sparse sign 32.6 → 24.9 ms. What the sparse-sign time is now (CPU profile): the scatter
 * 11 ms (0.33 ns per update), copying A in 6.5 ms (one pass over A from memory), the rows
 * 6 ms (Philox 5.5 ms), the signs, copying out and the tree 2 ms.
 */
function sparseLeaf(gen: ColumnGenerator, hashed: ((p: Prepared) => HashedEntries) | undefined, p: Prepared, c0: number, X: DenseMatrix, out: Float64Array, check: boolean): boolean {
  const m = p.m;
  const d = X.cols;
  const k = X.rows;
  out.fill(0);
  const { data, offset, rowStride, colStride } = X;
  const e = hashed?.(p);
  if (e !== undefined && scatterOnWasm(k, e.z, m) && (rowStride === 1 || (colStride === 1 && rowStride >= d && rowStride <= 2 * d))) {
    const wk = activeWasmKernels();
    if (wk !== null) return sparseLeafWasm(wk, m, e, c0, X, out);
  }
  // The fused finiteness check: each group of columns is tested just before the scatter reads
  // it (so the scatter finds it in cache), the other loop orders test the whole block first.
  let finite = true;
  const { colptr, rows, vals, z } = gen(p, c0, c0 + k);
  if (rowStride === 1 && z !== undefined) {
    const cs = colStride;
    let c = 0;
    for (; c + 7 < d; c += 8) {
      const xc = offset + c * cs;
      if (check && !viewFinite(data, xc, k, 8, 1, cs)) finite = false;
      const o0 = c * m, o1 = o0 + m, o2 = o1 + m, o3 = o2 + m, o4 = o3 + m, o5 = o4 + m, o6 = o5 + m, o7 = o6 + m;
      for (let t = 0, base = 0; t < k; t++, base += z) {
        const xi = xc + t;
        const a0 = data[xi], a1 = data[xi + cs], a2 = data[xi + 2 * cs], a3 = data[xi + 3 * cs];
        const a4 = data[xi + 4 * cs], a5 = data[xi + 5 * cs], a6 = data[xi + 6 * cs], a7 = data[xi + 7 * cs];
        for (let u = base; u < base + z; u++) {
          const h = rows[u];
          const v = vals[u];
          out[o0 + h] += v * a0;
          out[o1 + h] += v * a1;
          out[o2 + h] += v * a2;
          out[o3 + h] += v * a3;
          out[o4 + h] += v * a4;
          out[o5 + h] += v * a5;
          out[o6 + h] += v * a6;
          out[o7 + h] += v * a7;
        }
      }
    }
    for (; c + 3 < d; c += 4) {
      const x0 = offset + c * cs, x1 = x0 + cs, x2 = x1 + cs, x3 = x2 + cs;
      if (check && !viewFinite(data, x0, k, 4, 1, cs)) finite = false;
      const o0 = c * m, o1 = o0 + m, o2 = o1 + m, o3 = o2 + m;
      for (let t = 0, base = 0; t < k; t++, base += z) {
        const a0 = data[x0 + t], a1 = data[x1 + t], a2 = data[x2 + t], a3 = data[x3 + t];
        for (let u = base; u < base + z; u++) {
          const h = rows[u];
          const v = vals[u];
          out[o0 + h] += v * a0;
          out[o1 + h] += v * a1;
          out[o2 + h] += v * a2;
          out[o3 + h] += v * a3;
        }
      }
    }
    for (; c < d; c++) {
      const xo = offset + c * cs;
      const oo = c * m;
      if (check && !viewFinite(data, xo, k, 1, 1, cs)) finite = false;
      for (let t = 0, base = 0; t < k; t++, base += z) {
        const x = data[xo + t];
        for (let u = base; u < base + z; u++) out[oo + rows[u]] += vals[u] * x;
      }
    }
    return finite;
  }
  if (check && !viewFinite(data, offset, k, d, rowStride, colStride)) finite = false;
  if (rowStride === 1) {
    for (let c = 0; c < d; c++) {
      const xo = offset + c * colStride;
      const oo = c * m;
      for (let t = 0; t < k; t++) {
        const x = data[xo + t];
        for (let q = colptr[t]; q < colptr[t + 1]; q++) out[oo + rows[q]] += vals[q] * x;
      }
    }
  } else {
    for (let t = 0; t < k; t++) {
      const xo = offset + t * rowStride;
      for (let q = colptr[t]; q < colptr[t + 1]; q++) {
        const h = rows[q];
        const v = vals[q];
        for (let c = 0, xi = xo, oi = h; c < d; c++, xi += colStride, oi += m) out[oi] += v * data[xi];
      }
    }
  }
  return finite;
}

/**
 * Whether a dense leaf of k rows with z nonzeros per column of S (m rows) is scattered by the
 * WebAssembly kernel (when that backend is active): when k·z ≥ 8m. Below that, the kernel's
 * fixed cost per group of eight columns (zeroing and copying out an m×8 block) outweighs its
 * faster scatter. Measured (Node 20, x86-64, CPU time, n = 16384, TypeScript / WebAssembly
 * time): ζ = 8, m = 256, d = 64: 0.92 at k = 64 (k·z = 2m), 1.55 at k = 256 (8m);
 * CountSketch, m = 256, d = 64: 0.74 at k = 256 (k = m), 1.15 at k = 4096 (16m); m = 16,
 * k = 256 (16m): 0.97 to 1.7 for d = 64 … 1. Either way the result is the same.
 */
export function scatterOnWasm(k: number, z: number, m: number): boolean {
  return k * z >= 8 * m;
}

/**
 * How a kind with z nonzeros per column draws them (CountSketch: z = 1, sparse sign and
 * SparseStack: z = ζ): column j's rows from the uniforms at positions j·z … j·z+z−1 of
 * `rowStream`, by Floyd's algorithm (z = 1: ⌊u·m⌋) or, when `stacked`, one in each of z blocks
 * of rows ({@link stackRows}); its values ±`scale` from the signs at the same positions of
 * `signStream`.
 */
interface HashedEntries {
  readonly z: number;
  readonly scale: number;
  readonly stacked: boolean;
  readonly rowStream: RngState;
  readonly signStream: RngState;
}

/**
 * The rows of k columns of S from their uniforms, both in the kernel memory (byte addresses):
 * by the rows module's `sparseRows` (Floyd's algorithm) or `stackRows` when the sparse modules
 * are loaded, else by their TypeScript twins {@link floydRows} and {@link stackRows} on views of
 * the memory: the same rows either way.
 */
function hashedRowsInto(wk: WasmKernels, e: HashedEntries, k: number, m: number, rowsByte: number, uByte: number): void {
  const sp = activeWasmSparse();
  if (sp !== null && sp.wk === wk) {
    if (e.stacked) sp.exports.stackRows(k, e.z, m, rowsByte, uByte);
    else sp.exports.sparseRows(k, e.z, m, rowsByte, uByte);
    return;
  }
  const nz = k * e.z;
  const buf = wk.f64().buffer;
  (e.stacked ? stackRows : floydRows)(k, e.z, m, new Float64Array(buf, uByte, nz), new Int32Array(buf, rowsByte, nz));
}

/**
 * {@link sparseLeaf} on the WebAssembly backend, for a kind described by {@link HashedEntries}
 * and a column-major block X, or a row-major one whose row stride is at most twice its width.
 * The uniforms of the rows are written into the module's memory in place by the generator
 * module (`fillUniformInto`: the same values as `fillUniform`), the module turns them into the
 * rows of S (`sparseRows`: Floyd's algorithm with the same exact or correctly rounded steps as
 * the TypeScript generator, so the same rows), and `fillRademacherInto` writes the signs there
 * (`expandSigns`: the same values as `fillRademacher`); eight columns of X at a time are copied
 * in (one `set` per column: a memcpy), scattered by `scatter8` into a bucket-major m×8 block and copied out into
 * the column-major `out`; a row-major X is copied once, whole. Each output entry receives the
 * same terms in the same order as in the TypeScript loops (rows increasing, then the z
 * entries of a row), each term the same rounded product, so the result is bit-identical.
 * Returns false when scatter8's x·0 sums report a NaN or ±Infinity among the entries of X it
 * read, which are all of them (or, rarely, a false alarm: see scatter8).
 */
function sparseLeafWasm(wk: WasmKernels, m: number, e: HashedEntries, c0: number, X: DenseMatrix, out: Float64Array): boolean {
  const z = e.z;
  const k = X.rows;
  const d = X.cols;
  const nz = k * z;
  const { data, offset, rowStride, colStride } = X;
  const colMajor = rowStride === 1;
  const xLen = colMajor ? k * Math.min(8, d) : (k - 1) * rowStride + d;
  // The X region first holds the k·z uniforms of the rows.
  const [xa, sa, oa, wa] = wk.reserve([REGION_SCATTER_X, REGION_SCATTER_S, REGION_SCATTER_OUT, REGION_NORMALS], [Math.max(xLen, nz), nz + Math.ceil((nz + 8) / 2), 8 * m, SIGN_WORDS_DOUBLES]);
  const ex = wk.exports;
  const ha = 2 * (sa + nz); // i32 index of the rows
  const ca = ha + nz; // i32 index of the eight column offsets
  fillUniformInto(e.rowStream, c0 * z, nz, wk, xa);
  hashedRowsInto(wk, e, k, m, 4 * ha, 8 * xa);
  fillRademacherInto(e.signStream, c0 * z, nz, e.scale, wk, sa, wa);
  const mem = wk.f64();
  const words = new Int32Array(mem.buffer);
  if (!colMajor) mem.set(data.subarray(offset, offset + xLen), xa);
  const rsB = colMajor ? 8 : 8 * rowStride;
  let chk = 0;
  for (let c = 0; c < d; c += 8) {
    const w = Math.min(8, d - c);
    for (let j = 0; j < 8; j++) {
      const jj = Math.min(j, w - 1);
      words[ca + j] = colMajor ? 8 * jj * k : 8 * (c + jj);
    }
    if (colMajor) {
      for (let j = 0; j < w; j++) {
        const src = offset + (c + j) * colStride;
        mem.set(data.subarray(src, src + k), xa + j * k);
      }
    }
    mem.fill(0, oa, oa + 8 * m);
    chk += ex.scatter8(8 * xa, rsB, 4 * ca, k, z, 4 * ha, 8 * sa, 8 * oa, 0);
    for (let j = 0; j < w; j++) {
      const oo = (c + j) * m;
      for (let h = 0, q = oa + j; h < m; h++, q += 8) out[oo + h] = mem[q];
    }
  }
  return chk === 0;
}

/**
 * The nonzeros of columns c0 … c0+k−1 of a sparse S: those of `gen`, or, for the hashed kinds
 * on the WebAssembly backend, the rows drawn by the module's `sparseRows` (the same rows, see
 * {@link sparseLeafWasm}) and the signs by `fillRademacher` (the same values).
 */
function sparseColumns(gen: ColumnGenerator, hashed: ((p: Prepared) => HashedEntries) | undefined, p: Prepared, c0: number, k: number): SparseColumns {
  const e = hashed?.(p);
  const wk = e !== undefined && k * e.z >= 64 ? activeWasmKernels() : null;
  if (e === undefined || wk === null) return gen(p, c0, c0 + k);
  const z = e.z;
  const nz = k * z;
  const [ua, ra] = wk.reserve([REGION_SCATTER_X, REGION_SCATTER_S], [nz, Math.ceil(nz / 2)]);
  fillUniformInto(e.rowStream, c0 * z, nz, wk, ua);
  hashedRowsInto(wk, e, k, p.m, 8 * ra, 8 * ua);
  const rows = new Int32Array(wk.f64().buffer, 8 * ra, nz).slice();
  const vals = new Float64Array(nz);
  fillRademacher(e.signStream, c0 * z, vals, 0, nz, e.scale);
  return { z, colptr: fixedColptr(k, z), rows, vals };
}

/**
 * out ← out + S[:, c0:c0+k]·X for a CSR block X (k rows), out column-major m×d: for each row t
 * in increasing order, each stored (j, x) of row t and each entry (h, s) of column t of S,
 * out[j·m + h] += s·x. Each output entry receives its terms in increasing t, at most one per t
 * (the rows of a column of S are distinct, and so are the columns of a CSR row), so the order
 * of the two inner loops changes no bit; this one (the ζ updates of an entry of X in one
 * column of out) measured 8% faster than the other for sparse sign, while a column of S with
 * one entry (CountSketch) keeps the row's entries in the inner loop.
 *
 * With `check`, each row is first tested by {@link csrRowFault} (it is then in cache for the
 * scatter) and the result is false when one fails (out is then meaningless; a column index out
 * of range writes nothing outside out, since typed arrays ignore such writes).
 *
 * This is the TypeScript path; on the WebAssembly backend `applySketch` runs the same loops in
 * `csrScatter` (assembly/sparse.ts, see `sketchCsrLeavesWasm` in apply.ts).
 * Cost on the bench's CSR input (65536×1024, 10⁶ entries, m = 256, 16 leaves of 2 MiB; Node 20,
 * CPU time): about 10 ns per update (CountSketch 1 update per entry, sparse sign ζ = 8), bound
 * by the latency of the random read–modify–writes into the leaf. Layouts tried against it, all
 * bit-identical and none faster there: a row-major leaf (entry (h, j) at h·d + j) with the
 * entries of S sorted by h, a leading dimension padded by a cache line, the entries sorted
 * into tiles of 128 columns (256 KiB of the leaf) or into columns, and a reduction over
 * column tiles of all leaves at once (the sort of 10⁶ entries into tiles alone took 14 ms).
 */
export function sparseLeafCsrInto(cols: SparseColumns, m: number, X: CsrMatrix, out: Float64Array, check = false): boolean {
  const { colptr, rows, vals } = cols;
  const { indptr, indices, values } = X;
  let ok = true;
  for (let t = 0; t < X.rows; t++) {
    const q0 = indptr[t];
    const q1 = indptr[t + 1];
    if (q0 === q1) continue;
    if (check && csrRowFault(indices, values, q0, q1, X.cols)) ok = false;
    const u0 = colptr[t];
    const u1 = colptr[t + 1];
    if (u1 - u0 === 1) {
      const h = rows[u0];
      const v = vals[u0];
      for (let q = q0; q < q1; q++) out[indices[q] * m + h] += v * values[q];
      continue;
    }
    for (let q = q0; q < q1; q++) {
      const o = indices[q] * m;
      const x = values[q];
      for (let u = u0; u < u1; u++) out[o + rows[u]] += vals[u] * x;
    }
  }
  return ok;
}

/**
 * Whether entries q0 … q1−1 of a CSR row break a rule of `assertCsr`: column indices strictly
 * increasing in [0, cols), values finite. Branch-free: each entry ORs (j − prev − 1) |
 * (cols − 1 − j) into an int32 that is negative iff a rule failed (a difference that wraps past
 * −2³¹ leaves the other one negative), and the x·0 sum is ±0, or NaN once a value is NaN or
 * ±Infinity.
 */
function csrRowFault(indices: Int32Array, values: Float64Array, q0: number, q1: number, cols: number): boolean {
  let bad = 0;
  let fin = 0;
  const cm1 = cols - 1;
  let prev = -1;
  for (let q = q0; q < q1; q++) {
    const j = indices[q];
    bad |= (j - prev - 1) | (cm1 - j);
    prev = j;
    fin += values[q] * 0;
  }
  return bad < 0 || fin !== 0;
}

/**
 * {@link KindImpl.denseLeavesWasm}: the steps of {@link sparseLeafWasm} (the entries of S
 * written into the kernel memory, eight columns of X copied in and scattered at a time),
 * writing into a node instead of a cleared block that is copied out. The hashed kinds draw
 * their rows and signs in place; the others (very sparse) copy in the columns of `gen`, whose
 * number of entries varies per column (`scatter8` with z = 0 reads their offsets).
 */
function denseLeavesWasm(gen: ColumnGenerator, wk: WasmKernels, p: Prepared, e: HashedEntries | undefined, B: number, d: number): WasmDenseLeaves | null {
  const m = p.m;
  // The hashed kinds: when their scatter pays (scatterOnWasm); very sparse (m/s entries per
  // column on average) when it does at that density.
  if (!scatterOnWasm(B, e?.z ?? Math.max(1, Math.round(m / (p.s as number))), m)) return null;
  const scatter = (c0: number, X: DenseMatrix, node: number, xa: number, ha: number, sa: number, ca: number, z: number, cpB: number): boolean => {
    const k = X.rows;
    const mem = wk.f64();
    const words = new Int32Array(mem.buffer);
    const { data, offset, colStride } = X;
    let chk = 0;
    for (let c = 0; c < d; c += 8) {
      const w = Math.min(8, d - c);
      for (let j = 0; j < 8; j++) words[ca + j] = 8 * Math.min(j, w - 1) * k;
      for (let j = 0; j < w; j++) {
        const src = offset + (c + j) * colStride;
        mem.set(data.subarray(src, src + k), xa + j * k);
      }
      chk += wk.exports.scatter8(8 * xa, 8, 4 * ca, k, z, 4 * ha, 8 * sa, 8 * (node + c * m), cpB);
    }
    return chk === 0;
  };
  if (e === undefined) {
    return {
      nodeDoubles: 8 * m * Math.ceil(d / 8),
      leaf(c0, X, place) {
        const k = X.rows;
        const { colptr, rows, vals } = gen(p, c0, c0 + k);
        const nz = colptr[k];
        // Scratch (doubles): eight columns of X; the values of S; its rows and the column
        // offsets (i32); the eight group offsets (i32).
        const xLen = 8 * B;
        const sLen = nz + Math.ceil((nz + k + 1 + 8) / 2);
        const { node, stage } = place(xLen + sLen);
        const sa = stage + xLen;
        const ha = 2 * (sa + nz);
        const cp = ha + nz;
        const ca = cp + k + 1;
        const mem = wk.f64();
        const words = new Int32Array(mem.buffer);
        mem.set(vals.subarray(0, nz), sa);
        words.set(rows.subarray(0, nz), ha);
        words.set(colptr, cp);
        return scatter(c0, X, node, stage, ha, sa, ca, 0, 4 * cp);
      },
    };
  }
  const z = e.z;
  const nzB = B * z;
  // Scratch (doubles): the uniforms, then eight columns of X; the values of S; the rows of S
  // (i32) and the eight column offsets; the sign words.
  const xLen = Math.max(8 * B, nzB);
  const sLen = nzB + Math.ceil((nzB + 8) / 2);
  return {
    nodeDoubles: 8 * m * Math.ceil(d / 8),
    leaf(c0, X, place) {
      const k = X.rows;
      const nz = k * z;
      const { node, stage } = place(xLen + sLen + SIGN_WORDS_DOUBLES);
      const xa = stage;
      const sa = xa + xLen;
      const ha = 2 * (sa + nzB); // i32 index of the rows
      const ca = ha + nzB; // i32 index of the eight column offsets
      const wa = sa + sLen;
      fillUniformInto(e.rowStream, c0 * z, nz, wk, xa);
      hashedRowsInto(wk, e, k, m, 4 * ha, 8 * xa);
      fillRademacherInto(e.signStream, c0 * z, nz, e.scale, wk, sa, wa);
      return scatter(c0, X, node, xa, ha, sa, ca, z, 0);
    },
  };
}

/**
 * {@link KindImpl.csrColumnsWasm}: for the hashed kinds the rows and signs are drawn in place as
 * in {@link sparseLeafWasm} (`fillUniformInto`, `sparseRows`, `fillRademacherInto`: the values
 * of `gen`), otherwise `gen`'s columns are copied in.
 */
function sparseColumnsWasm(gen: ColumnGenerator, hashed: ((p: Prepared) => HashedEntries) | undefined, p: Prepared, c0: number, k: number, wk: WasmKernels, place: (nz: number) => WasmColumnsArea): number {
  const e = hashed?.(p);
  if (e !== undefined) {
    const nz = k * e.z;
    const a = place(nz);
    fillUniformInto(e.rowStream, c0 * e.z, nz, wk, a.u);
    hashedRowsInto(wk, e, k, p.m, 8 * a.rows, 8 * a.u);
    fillRademacherInto(e.signStream, c0 * e.z, nz, e.scale, wk, a.vals, a.words);
    return e.z;
  }
  const { colptr, rows, vals } = gen(p, c0, c0 + k);
  const a = place(colptr[k]);
  const mem = wk.f64();
  const words = new Int32Array(mem.buffer);
  mem.set(vals.subarray(0, colptr[k]), a.vals);
  words.set(rows.subarray(0, colptr[k]), 2 * a.rows);
  words.set(colptr, 2 * a.colptr);
  return 0;
}

function sparseLeafCsr(gen: ColumnGenerator, hashed: ((p: Prepared) => HashedEntries) | undefined, p: Prepared, c0: number, X: CsrMatrix, out: Float64Array): void {
  out.fill(0);
  sparseLeafCsrInto(sparseColumns(gen, hashed, p, c0, X.rows), p.m, X, out);
}

function sparseBlock(gen: ColumnGenerator, p: Prepared, r0: number, r1: number, c0: number, c1: number): Float64Array {
  const nr = r1 - r0;
  const out = new Float64Array(nr * (c1 - c0));
  const { colptr, rows, vals } = gen(p, c0, c1);
  for (let t = 0; t < c1 - c0; t++) {
    for (let q = colptr[t]; q < colptr[t + 1]; q++) {
      const h = rows[q];
      if (h >= r0 && h < r1) out[t * nr + h - r0] += vals[q];
    }
  }
  return out;
}

function sparseKind(prepare: (op: SketchOperator) => Prepared, gen: ColumnGenerator, hashed?: (p: Prepared) => HashedEntries): KindImpl {
  return {
    prepare,
    block: (p, r0, r1, c0, c1) => sparseBlock(gen, p, r0, r1, c0, c1),
    leafDense: (p, c0, X, out) => void sparseLeaf(gen, hashed, p, c0, X, out, false),
    leafDenseChecked: (p, c0, X, out) => sparseLeaf(gen, hashed, p, c0, X, out, true),
    leafCsr: (p, c0, X, out) => sparseLeafCsr(gen, hashed, p, c0, X, out),
    csrColumns: (p, c0, k) => sparseColumns(gen, hashed, p, c0, k),
    csrColumnsWasm: (p, c0, k, wk, place) => sparseColumnsWasm(gen, hashed, p, c0, k, wk, place),
    columnEntries: (p) => hashed?.(p).z ?? p.m / (p.s as number),
    denseLeavesWasm: (p, wk, B, d) => denseLeavesWasm(gen, wk, p, hashed?.(p), B, d),
  };
}

function fixedColptr(k: number, z: number): Int32Array {
  const colptr = new Int32Array(k + 1);
  for (let t = 0; t <= k; t++) colptr[t] = t * z;
  return colptr;
}

function denseKind(prepare: (op: SketchOperator) => Prepared, block: KindImpl['block']): KindImpl {
  const self = { block };
  return {
    prepare,
    block,
    leafDense: (p, c0, X, out) => denseLeaf(self, p, c0, X, out),
    leafCsr: (p, c0, X, out) => denseLeafCsr(self, p, c0, X, out),
  };
}

// ---------------------------------------------------------------------------------------------
// gaussian and rademacher: entry (i, j) is the value at position j·m + i of substream 0.

/**
 * The dense kind whose entry (i, j) is `fill`'s value at position j·m + i of substream 0, times
 * 1/√m: Gaussian (fillNormal) and Rademacher (fillRademacher).
 */
function scaledFillKind(fill: typeof fillNormal): KindImpl {
  return denseKind(
    (op) => ({ ...basePrepared(op), s0: substream(toRngState(op.seed, 'sketch'), 0) }),
    (p, r0, r1, c0, c1, into) => {
      const rows = r1 - r0;
      const len = rows * (c1 - c0);
      const out = into !== undefined && into.length >= len ? into.subarray(0, len) : new Float64Array(len);
      const scale = 1 / Math.sqrt(p.m);
      const s0 = p.s0 as RngState;
      // Whole columns are consecutive positions: one fill (one run of the WebAssembly generator).
      if (rows === p.m) fill(s0, c0 * p.m, out, 0, out.length, scale);
      else for (let j = c0; j < c1; j++) fill(s0, j * p.m + r0, out, (j - c0) * rows, rows, scale);
      return out;
    },
  );
}

const gaussian = scaledFillKind(fillNormal);
const rademacher = scaledFillKind(fillRademacher);

// ---------------------------------------------------------------------------------------------
// countsketch: column j has s(j) = sign at position j of substream 2 in row h(j) = integer at
// position j of substream 0.

function prepareHashed(op: SketchOperator): Prepared {
  const st = toRngState(op.seed, 'sketch');
  return { ...basePrepared(op), s0: substream(st, 0), s2: substream(st, 2) };
}

const countsketch = sparseKind(prepareHashed, (p, c0, c1) => {
  const k = c1 - c0;
  const rows = new Int32Array(k);
  const vals = new Float64Array(k);
  fillIntegers(p.s0 as RngState, c0, p.m, rows, 0, k);
  fillRademacher(p.s2 as RngState, c0, vals, 0, k, 1);
  return { z: 1, colptr: fixedColptr(k, 1), rows, vals };
}, (p) => ({ z: 1, scale: 1, stacked: false, rowStream: p.s0 as RngState, signStream: p.s2 as RngState }));

/**
 * Floyd's algorithm on k columns of z rows out of m: for column t and i = m − z … m − 1, row
 * ⌊u·(i + 1)⌋ (u the uniform at t·z + i − m + z), replaced by i if the column has it already.
 * z distinct rows, every z-subset equally likely. The TypeScript twin of the module's `sparseRows`.
 */
function floydRows(k: number, z: number, m: number, u: Float64Array, rows: Int32Array): void {
  for (let t = 0; t < k; t++) {
    const base = t * z;
    let cnt = 0;
    for (let i = m - z; i < m; i++) {
      const r = Math.floor(u[base + cnt] * (i + 1));
      let dup = false;
      for (let q = 0; q < cnt; q++) if (rows[base + q] === r) { dup = true; break; }
      rows[base + cnt] = dup ? i : r;
      cnt++;
    }
  }
}

/**
 * SparseStack's rows of k columns: entry q of column t is row lo_q + ⌊u·(lo_{q+1} − lo_q)⌋ with
 * lo_q = ⌊q·m/z⌋ and u the uniform at t·z + q: one uniformly random row in each of the z blocks.
 * (q·m/z is exact or its floor is, since q·m < 2⁵³.) The twin of the module's `stackRows`.
 */
function stackRows(k: number, z: number, m: number, u: Float64Array, rows: Int32Array): void {
  for (let q = 0; q < z; q++) {
    const lo = Math.floor((q * m) / z);
    const size = Math.floor(((q + 1) * m) / z) - lo;
    for (let t = 0, i = q; t < k; t++, i += z) rows[i] = lo + Math.floor(u[i] * size);
  }
}

/**
 * The kinds with ζ nonzeros ±1/√ζ per column: the rows from the uniforms at positions
 * j·ζ … j·ζ+ζ−1 of substream 0 (by `rowsOf`), the signs at the same positions of substream 2.
 */
function zetaKind(stacked: boolean): KindImpl {
  const rowsOf = stacked ? stackRows : floydRows;
  return sparseKind(
    (op) => {
      const zeta = (op as { zeta: number }).zeta;
      return { ...prepareHashed(op), zeta, val: 1 / Math.sqrt(zeta) };
    },
    (p, c0, c1) => {
      const zeta = p.zeta as number;
      const k = c1 - c0;
      const u = new Float64Array(k * zeta);
      fillUniform(p.s0 as RngState, c0 * zeta, u, 0, k * zeta);
      const vals = new Float64Array(k * zeta);
      fillRademacher(p.s2 as RngState, c0 * zeta, vals, 0, k * zeta, p.val as number);
      const rows = new Int32Array(k * zeta);
      rowsOf(k, zeta, p.m, u, rows);
      return { z: zeta, colptr: fixedColptr(k, zeta), rows, vals };
    },
    (p) => ({ z: p.zeta as number, scale: p.val as number, stacked, rowStream: p.s0 as RngState, signStream: p.s2 as RngState }),
  );
}

// sparse-sign: column j has ζ distinct rows chosen by Floyd's algorithm.
const sparseSign = zetaKind(false);

// sparse-stack: column j has one row in each of ζ blocks of rows (ζ stacked CountSketches).
const sparseStack = zetaKind(true);

// very-sparse: column j reads its own substream (substream j of substream 0). Its nonzero rows
// are found by geometric skips: skip k = ⌊ln(1 − u_k)/ln(1 − 1/s)⌋ with u_k the uniform at
// position k; the sign of the k-th nonzero is the sign at position 2³⁸ + k. The logarithms are
// randnla's own (`lnOneMinus`), so the rows are the same in every engine.
/** Columns per batch of {@link verySparseColumns} (its planes: 16 × this many u32). */
const VS_BATCH = 4096;
/** The planes of the TypeScript path (the WebAssembly path keeps them in the kernel memory). */
const vsPlanes = new Uint32Array(16 * VS_BATCH);
const vsBlock = new Uint32Array(4);

/**
 * Philox with key (k0, k1) on the counters of planes i0 … i0+3 of P (stride `str`), to planes
 * o0 … o0+3: the TypeScript twin of the module's `philoxLanes`.
 */
function philoxLanesJs(P: Uint32Array, str: number, k0: number, k1: number, i0: number, o0: number, cnt: number): void {
  for (let j = 0; j < cnt; j++) {
    philox4x32_10(k0, k1, P[i0 * str + j], P[(i0 + 1) * str + j], P[(i0 + 2) * str + j], P[(i0 + 3) * str + j], vsBlock, 0);
    for (let q = 0; q < 4; q++) P[(o0 + q) * str + j] = vsBlock[q];
  }
}

/**
 * The first blocks of the substreams of columns j0 … j0+cnt−1 of stream st, as planes of u32
 * (stride str, a multiple of 4): 4, 5: the substream's stream words (`substream(st, j)`);
 * 8 … 11: its block 0 (the uniforms at positions 0 and 1); 12 … 15: its block 2³¹ (the signs
 * at positions 2³⁸ … 2³⁸ + 127). Three batched Philox calls, in SIMD when the module is here.
 */
function verySparseBlocks(st: RngState, j0: number, cnt: number, str: number): Uint32Array {
  const sp = activeWasmSparse();
  let P: Uint32Array = vsPlanes;
  let at = 0;
  if (sp !== null) {
    at = sp.wk.reserve([REGION_SCATTER_X], [8 * str])[0];
    P = new Uint32Array(sp.wk.f64().buffer, 8 * at, 16 * str);
  }
  const k0 = st.key[0], k1 = st.key[1];
  for (let j = 0; j < cnt; j++) {
    P[j] = (j0 + j) >>> 0;
    P[str + j] = Math.floor((j0 + j) / 2 ** 32);
  }
  P.fill(st.stream[0], 2 * str, 3 * str);
  P.fill(st.stream[1], 3 * str, 4 * str);
  const run = (ka: number, kb: number, i0: number, o0: number): void => {
    if (sp === null) philoxLanesJs(P, str, ka, kb, i0, o0, cnt);
    else sp.exports.philoxLanes(ka, kb, 8 * at + 4 * i0 * str, 8 * at + 4 * o0 * str, str, cnt);
  };
  // substream(st, j): key XOR SUBSTREAM_KEY_XOR, counter (j, parent stream).
  run((k0 ^ SUBSTREAM_KEY_XOR[0]) >>> 0, (k1 ^ SUBSTREAM_KEY_XOR[1]) >>> 0, 0, 4);
  // Blocks 0 and 2³¹ of each substream: counter (block, 0, stream words) from planes 2 … 5.
  P.fill(0, 2 * str, 4 * str);
  run(k0, k1, 2, 8);
  P.fill(2 ** 31, 2 * str, 3 * str);
  run(k0, k1, 2, 12);
  return P;
}

/**
 * The nonzeros of columns c0 … c1−1 of a very sparse S, by batches of {@link VS_BATCH}
 * columns: the blocks every column needs (its substream, the block of its first two uniforms,
 * the block of its first 128 signs) come from {@link verySparseBlocks}; a column with more
 * draws computes its further blocks one at a time. Same entries as drawing each column with
 * `substream`, `uniformAt` and `signAt`: 65536 columns, m = 256, s = 256 in 13 ms against 39 ms
 * for that (30 ms on the TypeScript backend; Node 20, Zen 2, median of 15 runs). On the
 * WebAssembly backend the module draws the columns too (assembly/columns.ts: the skips of the
 * first two uniforms in SIMD, then the entries): 4.8 ms in all against 9.3 (Intel Xeon).
 */
function verySparseColumns(p: Prepared, c0: number, c1: number): SparseColumns {
  const logq = p.logq as number;
  const val = p.val as number;
  const m = p.m;
  const k = c1 - c0;
  const st = p.s0 as RngState;
  const k0 = st.key[0], k1 = st.key[1];
  const colptr = new Int32Array(k + 1);
  let rows = new Int32Array(Math.ceil((k * m) / (p.s as number)) + 16);
  let vals = new Float64Array(rows.length);
  let nnz = 0;
  for (let a = 0; a < k; a += VS_BATCH) {
    const cnt = Math.min(VS_BATCH, k - a);
    const str = (cnt + 3) & ~3;
    const P = verySparseBlocks(st, c0 + a, cnt, str);
    const sp = activeWasmSparse();
    if (sp !== null) {
      // The module draws the batch's columns from the planes (in the kernel memory, region
      // REGION_SCATTER_X) and the skips of their first two uniforms (computed in SIMD first,
      // after the planes), into region REGION_SCATTER_S: rows, values, running counts. It stops
      // before a column that might not fit in `cap` (fewer than m places left), which happens in
      // about half the batches (cap is the expected count plus m); the entries so far are copied
      // out and it resumes there.
      const cap = Math.ceil((cnt * m) / (p.s as number)) + m;
      // The skips of every column's first two uniforms, after the planes.
      const xa0 = sp.wk.reserve([REGION_SCATTER_X], [10 * str])[0];
      sp.exports.verySparseSkips(8 * xa0, str, cnt, logq, 8 * (xa0 + 8 * str));
      for (let t0 = 0; t0 < cnt; ) {
        const [xa, sa] = sp.wk.reserve([REGION_SCATTER_X, REGION_SCATTER_S], [10 * str, cap + Math.ceil((cap + cnt) / 2)]);
        const done = sp.exports.verySparseColumns(k0, k1, 8 * xa, str, 8 * (xa + 8 * str), t0, cnt, m, logq, val, 8 * (sa + cap), 8 * sa, 4 * (2 * (sa + cap) + cap), cap);
        const mem = sp.wk.f64();
        const words = new Int32Array(mem.buffer);
        const ends = 2 * (sa + cap) + cap;
        const got = done > 0 ? words[ends + done - 1] : 0;
        if (nnz + got > rows.length) {
          const len = Math.max(2 * rows.length, nnz + got);
          const r2 = new Int32Array(len);
          r2.set(rows.subarray(0, nnz));
          rows = r2;
          const v2 = new Float64Array(len);
          v2.set(vals.subarray(0, nnz));
          vals = v2;
        }
        rows.set(words.subarray(2 * (sa + cap), 2 * (sa + cap) + got), nnz);
        vals.set(mem.subarray(sa, sa + got), nnz);
        for (let i = 0; i < done; i++) colptr[a + t0 + i + 1] = nnz + words[ends + i];
        nnz += got;
        t0 += done;
      }
      continue;
    }
    for (let t = 0; t < cnt; t++) {
      const w0 = P[4 * str + t], w1 = P[5 * str + t];
      let row = -1;
      for (let q = 0; ; q++) {
        // Uniform q: words (0, 1) or (2, 3) of block ⌊q/2⌋.
        let a0: number, a1: number;
        if (q < 2) {
          a0 = P[(8 + 2 * q) * str + t];
          a1 = P[(9 + 2 * q) * str + t];
        } else {
          philox4x32_10(k0, k1, q >>> 1, 0, w0, w1, vsBlock, 0);
          a0 = vsBlock[2 * (q & 1)];
          a1 = vsBlock[2 * (q & 1) + 1];
        }
        const u = ((a0 >>> 5) * 67108864 + (a1 >>> 6)) * 1.1102230246251565e-16;
        const skip = logq === -Infinity ? 0 : Math.floor(lnOneMinus(u) / logq);
        row += skip + 1;
        if (row >= m || !(skip >= 0)) break;
        if (nnz === rows.length) {
          const r2 = new Int32Array(2 * nnz);
          r2.set(rows);
          rows = r2;
          const v2 = new Float64Array(2 * nnz);
          v2.set(vals);
          vals = v2;
        }
        // Sign q: bit q mod 128 of block 2³¹ + ⌊q/128⌋ (position 2³⁸ + q).
        let word: number;
        if (q < 128) word = P[(12 + ((q & 127) >>> 5)) * str + t];
        else {
          philox4x32_10(k0, k1, 2 ** 31 + Math.floor(q / 128), 0, w0, w1, vsBlock, 0);
          word = vsBlock[(q & 127) >>> 5];
        }
        rows[nnz] = row;
        vals[nnz] = ((word >>> (q & 31)) & 1 ? -1 : 1) * val;
        nnz++;
      }
      colptr[a + t + 1] = nnz;
    }
  }
  return { colptr, rows, vals };
}

const verySparse = sparseKind(
  (op) => {
    const s = (op as { s: number }).s;
    return { ...basePrepared(op), s0: substream(toRngState(op.seed, 'sketch'), 0), s, logq: s === 1 ? -Infinity : lnOneMinus(1 / s), val: Math.sqrt(s / op.rows) };
  },
  verySparseColumns,
);

// ---------------------------------------------------------------------------------------------
// srht: S = √(N/m)·R·H_N·D with H_N orthonormal, so S[k, j] = D_j·(−1)^{popcount(R_k & j)}/√m.
// R = the m rows sampled without replacement from substream 1, sorted; D_j = sign at position j
// of substream 2. A row block starting at c0 = b·B (B = min(blockRows, N)) is applied with
// H_N = H_{N/B} ⊗ H_B: one FWHT of length B per column, then row R_k & (B−1) of the result
// times (−1)^{popcount((R_k >> log₂B) & b)}.

function popParity(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

function prepareSrht(op: SketchOperator): Prepared {
  const st = toRngState(op.seed, 'sketch');
  const N = nextPow2(op.cols);
  const R = sampleWithoutReplacement(substream(st, 1), N, op.rows).slice().sort();
  const B = Math.min(op.blockRows, N);
  return { ...basePrepared(op), N, R, B, logB: roundLog2(B), s2: substream(st, 2), scale: 1 / Math.sqrt(op.rows) };
}

const srht: KindImpl = {
  prepare: prepareSrht,
  block(p, r0, r1, c0, c1) {
    const rows = r1 - r0;
    const out = new Float64Array(rows * (c1 - c0));
    const R = p.R as Int32Array;
    const s2 = p.s2 as RngState;
    const scale = p.scale as number;
    for (let j = c0; j < c1; j++) {
      const dj = signAt(s2, j) * scale;
      const o = (j - c0) * rows;
      for (let k = r0; k < r1; k++) out[o + k - r0] = popParity(R[k] & j) ? -dj : dj;
    }
    return out;
  },
  leafDense(p, c0, X, out) {
    const B = p.B as number;
    const d = X.cols;
    const k = X.rows;
    const W = new Float64Array(B * d);
    const sg = new Float64Array(k);
    fillRademacher(p.s2 as RngState, c0, sg, 0, k, 1);
    const { data, offset, rowStride, colStride } = X;
    for (let c = 0; c < d; c++) {
      const wo = c * B;
      let xi = offset + c * colStride;
      for (let t = 0; t < k; t++, xi += rowStride) W[wo + t] = sg[t] * data[xi];
    }
    srhtFinish(p, c0, W, d, out);
  },
  leafCsr(p, c0, X, out) {
    const B = p.B as number;
    const d = X.cols;
    const W = new Float64Array(B * d);
    const sg = new Float64Array(X.rows);
    fillRademacher(p.s2 as RngState, c0, sg, 0, X.rows, 1);
    for (let t = 0; t < X.rows; t++) {
      for (let q = X.indptr[t]; q < X.indptr[t + 1]; q++) W[X.indices[q] * B + t] = sg[t] * X.values[q];
    }
    srhtFinish(p, c0, W, d, out);
  },
};

function srhtFinish(p: Prepared, c0: number, W: Float64Array, d: number, out: Float64Array): void {
  const B = p.B as number;
  const logB = p.logB as number;
  const R = p.R as Int32Array;
  const m = p.m;
  const scale = p.scale as number;
  fwhtColumnsKernel(fromColMajor(B, d, W));
  const b = Math.floor(c0 / B);
  for (let k = 0; k < m; k++) {
    const rk = R[k];
    const sgn = popParity(Math.floor(rk / B) & b) ? -scale : scale;
    const src = rk & (B - 1);
    void logB;
    for (let c = 0; c < d; c++) out[c * m + k] = sgn * W[c * B + src];
  }
}

// ---------------------------------------------------------------------------------------------
// orthogonal: Q = the Q factor (with R's diagonal made positive, so Q is Haar distributed) of an
// n×m Gaussian matrix G (entry (j, k) at position k·n + j of substream 0); S = √(n/m)·Qᵀ.

function prepareOrthogonal(op: SketchOperator): Prepared {
  const st = toRngState(op.seed, 'sketch');
  const n = op.cols;
  const m = op.rows;
  const G = new Float64Array(n * m);
  fillNormal(substream(st, 0), 0, G, 0, n * m);
  const F = qr(fromColMajor(n, m, G));
  const Q = qrQ(F);
  // Haar: flip column k of Q when R_kk < 0.
  const q = Q.data;
  for (let k = 0; k < m; k++) {
    if (F.qr[k * n + k] < 0) for (let j = 0; j < n; j++) q[Q.offset + k * Q.colStride + j * Q.rowStride] *= -1;
  }
  return { ...basePrepared(op), Q, scale: Math.sqrt(n / m) };
}

const orthogonal: KindImpl = {
  prepare: prepareOrthogonal,
  block(p, r0, r1, c0, c1) {
    const Q = p.Q as DenseMatrix;
    const scale = p.scale as number;
    const rows = r1 - r0;
    const out = new Float64Array(rows * (c1 - c0));
    for (let j = c0; j < c1; j++) {
      for (let k = r0; k < r1; k++) out[(j - c0) * rows + k - r0] = scale * Q.data[Q.offset + j * Q.rowStride + k * Q.colStride];
    }
    return out;
  },
  leafDense(p, c0, X, out) {
    const Q = p.Q as DenseMatrix;
    const Qt = transpose(subMatrix(Q, c0, c0 + X.rows, 0, p.m));
    gemmInto(fromColMajor(p.m, X.cols, out), Qt, X, p.scale as number, 0);
  },
  leafCsr(p, c0, X, out) {
    denseLeafCsr(orthogonal, p, c0, X, out);
  },
};

// ---------------------------------------------------------------------------------------------
// tensor SRHT: pairs (a_k, b_k) are the integers at positions 2k, 2k+1 of substream 1 (in
// [0, N₁) and [0, N₂), N_i the next power of two ≥ n_i); D₁ and D₂ are the signs of substreams
// 2 and 3. Entry (k, j₁·n₂ + j₂) = H[a_k, j₁]·D₁[j₁]·H[b_k, j₂]·D₂[j₂]/√m with H[a, j] = (−1)^{popcount(a & j)}.

function prepareTensor(op: SketchOperator): Prepared {
  const st = toRngState(op.seed, 'sketch');
  const [n1, n2] = (op as { factors: readonly [number, number] }).factors;
  const N1 = nextPow2(n1);
  const N2 = nextPow2(n2);
  const m = op.rows;
  const s1 = substream(st, 1);
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    a[k] = integerAt(s1, 2 * k, N1);
    b[k] = integerAt(s1, 2 * k + 1, N2);
  }
  const D1 = new Float64Array(n1);
  const D2 = new Float64Array(n2);
  const s2 = substream(st, 2);
  const s3 = substream(st, 3);
  for (let j = 0; j < n1; j++) D1[j] = signAt(s2, j);
  for (let j = 0; j < n2; j++) D2[j] = signAt(s3, j);
  return { ...basePrepared(op), n1, n2, N1, N2, a, b, D1, D2, scale: 1 / Math.sqrt(m) };
}

const tensor = denseKind(prepareTensor, (p, r0, r1, c0, c1) => {
  const rows = r1 - r0;
  const out = new Float64Array(rows * (c1 - c0));
  const n2 = p.n2 as number;
  const a = p.a as Int32Array;
  const b = p.b as Int32Array;
  const D1 = p.D1 as Float64Array;
  const D2 = p.D2 as Float64Array;
  const scale = p.scale as number;
  for (let j = c0; j < c1; j++) {
    const j1 = Math.floor(j / n2);
    const j2 = j - j1 * n2;
    const dd = D1[j1] * D2[j2] * scale;
    const o = (j - c0) * rows;
    for (let k = r0; k < r1; k++) out[o + k - r0] = popParity((a[k] & j1) ^ (b[k] & j2)) ? -dd : dd;
  }
  return out;
});

// ---------------------------------------------------------------------------------------------
// monarch: M = randomMonarch(N×N, rBlocks = 2^⌈log₂N/2⌉, lBlocks = N/rBlocks, family from
// `blocks`, seed = substream 0); R = m rows of N sampled without replacement from substream 1,
// sorted; S[k, j] = √(N/m)·M[R_k, j]. With M[p·K + q, r·S + s] = L_q[p, r]·R_r[q, s], a row
// block of X is applied as Y_r[q, :] = Σ_s R_r[q, s]·X[r·S + s, :] for the r it touches, then
// out[k, :] = √(N/m)·Σ_r L_q[p, r]·Y_r[q, :] for the sampled rows (p, q) only.

function prepareMonarch(op: SketchOperator): Prepared {
  const st = toRngState(op.seed, 'sketch');
  const N = nextPow2(op.cols);
  const lg = roundLog2(N);
  const Rn = 2 ** Math.ceil(lg / 2);
  const K = N / Rn;
  const family = (op as { blocks: 'hadsign' | 'haar' }).blocks === 'haar' ? 'orthogonal' : 'hadsign';
  const M = randomMonarch({ n: N, rBlocks: Rn, lBlocks: K, family, seed: substream(st, 0) });
  const R = sampleWithoutReplacement(substream(st, 1), N, op.rows).slice().sort();
  return { ...basePrepared(op), N, M, R, K, Rn, S: N / Rn, P: N / K, scale: Math.sqrt(N / op.rows) };
}

function monarchEntry(p: Prepared, i: number, j: number): number {
  const M = p.M as MonarchMatrix;
  const K = p.K as number, Rn = p.Rn as number, S = p.S as number, P = p.P as number;
  const pp = Math.floor(i / K), q = i - pp * K;
  const r = Math.floor(j / S), s = j - r * S;
  return M.L[(q * P + pp) * Rn + r] * M.R[(r * K + q) * S + s];
}

function monarchLeaf(p: Prepared, c0: number, X: DenseMatrix, out: Float64Array): void {
  const M = p.M as MonarchMatrix;
  const K = p.K as number, Rn = p.Rn as number, S = p.S as number, P = p.P as number;
  const R = p.R as Int32Array;
  const m = p.m;
  const d = X.cols;
  const k = X.rows;
  out.fill(0);
  if (k === 0) return;
  const rFirst = Math.floor(c0 / S);
  const rLast = Math.floor((c0 + k - 1) / S);
  const nr = rLast - rFirst + 1;
  // Y[(r − rFirst), q, c] = Σ_s R_r[q, s]·X[r·S + s − c0, c]
  const Y = new Float64Array(nr * K * d);
  const { data, offset, rowStride, colStride } = X;
  for (let r = rFirst; r <= rLast; r++) {
    const sLo = Math.max(0, c0 - r * S);
    const sHi = Math.min(S, c0 + k - r * S);
    const yBase = (r - rFirst) * K * d;
    if (sLo === 0 && sHi === S && S * K * d >= 32768) {
      // A whole R block: Y_r (K×d, row-major) = R_r (K×S, row-major)·X[r·S − c0 …, :] by gemm.
      const Yr: DenseMatrix = { kind: 'dense', rows: K, cols: d, data: Y, offset: yBase, rowStride: d, colStride: 1 };
      const Rr: DenseMatrix = { kind: 'dense', rows: K, cols: S, data: M.R, offset: r * K * S, rowStride: S, colStride: 1 };
      gemmInto(Yr, Rr, subMatrix(X, r * S - c0, r * S - c0 + S, 0, d), 1, 0);
      continue;
    }
    for (let s = sLo; s < sHi; s++) {
      const xo = offset + (r * S + s - c0) * rowStride;
      for (let q = 0; q < K; q++) {
        const w = M.R[(r * K + q) * S + s];
        if (w === 0) continue;
        const yo = yBase + q * d;
        for (let c = 0, xi = xo; c < d; c++, xi += colStride) Y[yo + c] += w * data[xi];
      }
    }
  }
  const scale = p.scale as number;
  for (let t = 0; t < m; t++) {
    const i = R[t];
    const pp = Math.floor(i / K), q = i - pp * K;
    const lBase = (q * P + pp) * Rn;
    for (let r = rFirst; r <= rLast; r++) {
      const w = scale * M.L[lBase + r];
      const yo = ((r - rFirst) * K + q) * d;
      for (let c = 0; c < d; c++) out[c * m + t] += w * Y[yo + c];
    }
  }
}

const monarchKind: KindImpl = {
  prepare: prepareMonarch,
  block(p, r0, r1, c0, c1) {
    const rows = r1 - r0;
    const out = new Float64Array(rows * (c1 - c0));
    const R = p.R as Int32Array;
    const scale = p.scale as number;
    for (let j = c0; j < c1; j++) for (let k = r0; k < r1; k++) out[(j - c0) * rows + k - r0] = scale * monarchEntry(p, R[k], j);
    return out;
  },
  leafDense: monarchLeaf,
  leafCsr(p, c0, X, out) {
    const d = X.cols;
    const W = new Float64Array(X.rows * d);
    for (let t = 0; t < X.rows; t++) for (let q = X.indptr[t]; q < X.indptr[t + 1]; q++) W[X.indices[q] * X.rows + t] = X.values[q];
    monarchLeaf(p, c0, fromColMajor(X.rows, d, W), out);
  },
};

/** The kernels of every kind. */
export const KIND_IMPLS: Readonly<Record<SketchOperator['kind'], KindImpl>> = {
  gaussian,
  rademacher,
  srht,
  countsketch,
  'sparse-sign': sparseSign,
  'sparse-stack': sparseStack,
  'very-sparse': verySparse,
  orthogonal,
  tensor,
  monarch: monarchKind,
};

/** Sign of the Walsh–Hadamard entry H[a, j] = (−1)^{popcount(a & j)} (exported for the tensor fast path). */
export function hadamardSign(a: number, j: number): 1 | -1 {
  return popParity(a & j) ? -1 : 1;
}
