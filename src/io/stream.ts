/**
 * Row-block readers: async iterables that read a matrix file incrementally with `node:fs`
 * (read streams and positioned reads, never `readFile`) and hand out its rows in blocks, so
 * that a file larger than memory can be fed to `sketchStream` with memory
 * O(sketch + block):
 *
 * ```ts
 * const reader = readRowBlocks('A.npy', { blockRows: 4096 });
 * const { rows: n, cols: d } = await reader.info();
 * const acc = sketchStream({ kind: 'sparse-sign', rows: 8 * d, cols: n, seed: 1 });
 * for await (const { rows, offset } of reader) acc.push(rows, offset);
 * const SA = acc.result(); // bit-identical to applySketch(S, readNpy('A.npy'))
 * ```
 *
 * Blocks come in order: `offset` 0, blockRows, 2·blockRows, …; each holds `blockRows` rows
 * (the last one fewer). What each format costs:
 * - **.npy, C order** (and 1-D or single-column arrays): one sequential read stream; each block
 *   is decoded from the bytes of its rows. Memory O(blockRows·cols + chunkBytes).
 * - **.npy, Fortran order**: the rows of a block are strided in the file, so each block costs
 *   one positioned read (`FileHandle.read` at an offset) per column, of blockRows·itemSize
 *   contiguous bytes: cols·⌈rows/blockRows⌉ reads in all. Efficient when blockRows·itemSize is
 *   large (≥ a few KiB); with tiny blocks and many columns, prefer converting the file to C
 *   order once.
 * - **Matrix Market array**: the file is column-major text. A first sequential pass records
 *   where each column starts (O(cols) memory); each block then reads blockRows lines of each
 *   column with positioned reads from a per-column cursor (cols reads per block). For
 *   symmetric and skew-symmetric files, the upper part of row i is column i of the stored
 *   lower triangle, so the block containing i also reads that whole column: about twice the
 *   file in bytes.
 * - **Matrix Market coordinate**: entries may come in any order (column-major is usual), so a
 *   row block is only known to be complete at the end of the file. A first sequential pass
 *   validates every entry and counts the entries of each row block (O(rows/blockRows)
 *   memory). If the entries' row blocks never decrease in file order (a row-sorted file, such
 *   as `writeMatrixMarket` writes), one more sequential pass yields the blocks as they
 *   complete. Otherwise consecutive row blocks are grouped so that a group holds at most
 *   `maxBufferedEntries` entries (default 2²², or one block if larger), and each group costs
 *   one sequential pass over the file: about 1 + nnz/maxBufferedEntries passes. Symmetric
 *   files usually take this path (the mirror of a lower-triangle entry lies in an earlier row).
 * - **CSV**: one sequential pass (the text is row-major). `info()` costs a counting pass.
 *
 * The `stats` of a reader count what it did: the peak number of matrix rows it held at once
 * (assembled or handed out and not yet released: ≤ blockRows), the peak number of buffered
 * coordinate entries, the sequential passes, the positioned reads and the bytes read.
 *
 * Node only (`node:fs`).
 *
 * @module
 */
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { CsrMatrix } from '../core/csr.js';
import { InvalidArgumentError } from '../core/errors.js';
import { fromColMajor, fromRowMajor, type DenseMatrix } from '../core/matrix.js';
import { fmt } from '../core/validate.js';
import { LineReader, type ReadLimitOptions, buildCsr, checkEntries, denseToCsr, nonFiniteError, parseError, resolveBool, resolveMaxEntries, splitWs } from './common.js';
import { type CsvConfig, CsvTokenizer, headerOf, parseRecordInto, resolveCsvOptions } from './csv.js';
import { type MatrixMarketHeader, MmEntryParser, MmPreamble, arrayFirstRow, checkPlausible } from './matrixMarket.js';
import { type NpyHeader, decodeChecked, npyHeaderEnd, parseNpyHeaderImpl } from './npy.js';

/** One block of rows: rows [offset, offset + rows.rows) of the matrix. */
export interface RowBlock {
  /** The rows: a DenseMatrix, or a CsrMatrix for Matrix Market coordinate files (by default). */
  readonly rows: DenseMatrix | CsrMatrix;
  /** Index of the block's first row in the matrix. */
  readonly offset: number;
}

/** Counters of what a reader did during its latest iteration (reset when an iteration starts). */
export interface RowBlockStats {
  /** Blocks handed out. */
  blocks: number;
  /** Rows handed out. */
  rowsRead: number;
  /** Matrix rows currently held by the reader (being assembled, or handed out and not yet released). */
  rowsHeld: number;
  /** Peak of `rowsHeld`: at most `blockRows`. */
  peakRowsHeld: number;
  /** Coordinate entries currently buffered (Matrix Market coordinate files). */
  entriesBuffered: number;
  /** Peak of `entriesBuffered`. */
  peakEntriesBuffered: number;
  /** Sequential passes over the file (read streams opened). */
  passes: number;
  /** Positioned reads (`FileHandle.read` at an offset). */
  positionedReads: number;
  /** Bytes read from the file. */
  bytesRead: number;
}

/** What a reader's file holds. */
export interface RowBlockInfo {
  readonly format: 'npy' | 'mtx' | 'csv';
  /** Rows of the matrix (the length of a 1-D .npy array). */
  readonly rows: number;
  /** Columns of the matrix (1 for a 1-D .npy array). */
  readonly cols: number;
  /** CSV column names when the file has a header, else null. */
  readonly columnNames: string[] | null;
  /** The .npy header, for .npy files. */
  readonly npy?: NpyHeader;
  /** The Matrix Market header, for Matrix Market files. */
  readonly matrixMarket?: MatrixMarketHeader;
}

/** An async iterable over the row blocks of a file, with its counters. */
export interface RowBlockReader extends AsyncIterable<RowBlock> {
  /** The file. */
  readonly path: string;
  /** Counters of the latest iteration (the same object throughout; reset when an iteration starts). */
  readonly stats: Readonly<RowBlockStats>;
  /**
   * Format, shape (and CSV header) of the file. Reads only the header for .npy and Matrix
   * Market files; for CSV it costs one counting pass over the file.
   */
  info(): Promise<RowBlockInfo>;
}

/** Options of {@link readRowBlocks}. */
export interface RowBlockOptions extends ReadLimitOptions {
  /** Rows per block (default 4096). `blockRows · cols` must not exceed `maxEntries`. */
  blockRows?: number;
  /**
   * File format: `'auto'` (default) recognises .npy by its magic bytes and Matrix Market by
   * its banner, and reads anything else as CSV.
   */
  format?: 'auto' | 'npy' | 'mtx' | 'csv';
  /** Matrix Market: block type, `'auto'` (default: dense for array, CSR for coordinate), `'dense'` or `'csr'`. */
  as?: 'auto' | 'dense' | 'csr';
  /** Matrix Market: CSR blocks keep explicit zeros (default false). */
  keepZeros?: boolean;
  /** Matrix Market coordinate: entries buffered per pass for files not sorted by row (default 2²²). */
  maxBufferedEntries?: number;
  /** Bytes per read of the read streams (default 64 KiB). */
  chunkBytes?: number;
  /** CSV: field separator (default `','`). */
  delimiter?: string;
  /** CSV: comment character (default `'#'`, null for none). */
  comment?: string | null;
  /** CSV: header detection, `'auto'` (default), true or false. */
  header?: 'auto' | boolean;
}

interface Ctx {
  fn: string;
  path: string;
  blockRows: number;
  maxEntries: number;
  checkFinite: boolean;
  as: 'auto' | 'dense' | 'csr';
  keepZeros: boolean;
  maxBuffered: number;
  chunkBytes: number;
  csv: CsvConfig;
  stats: RowBlockStats;
}

/** No limit on the declared total size for streaming: only blocks are allocated. */
const STREAM_TOTAL = Number.MAX_SAFE_INTEGER;

function freshStats(): RowBlockStats {
  return { blocks: 0, rowsRead: 0, rowsHeld: 0, peakRowsHeld: 0, entriesBuffered: 0, peakEntriesBuffered: 0, passes: 0, positionedReads: 0, bytesRead: 0 };
}

function hold(st: RowBlockStats, rows: number): void {
  st.rowsHeld += rows;
  if (st.rowsHeld > st.peakRowsHeld) st.peakRowsHeld = st.rowsHeld;
}

function buffer(st: RowBlockStats, entries: number): void {
  st.entriesBuffered += entries;
  if (st.entriesBuffered > st.peakEntriesBuffered) st.peakEntriesBuffered = st.entriesBuffered;
}

function intOption(fn: string, name: string, x: unknown, dflt: number, lo: number, hi: number): number {
  if (x === undefined) return dflt;
  if (typeof x !== 'number' || !Number.isInteger(x) || x < lo || x > hi) {
    throw new InvalidArgumentError(fn, `${name} must be an integer in [${lo}, ${hi}] (got ${fmt(x)})`);
  }
  return x;
}

/** Sequential chunks of a file from `start`, through a read stream. */
class Chunks {
  private readonly it: AsyncIterator<Buffer>;
  final = false;

  constructor(
    private readonly ctx: Ctx,
    start: number,
  ) {
    ctx.stats.passes++;
    this.it = createReadStream(ctx.path, { start, highWaterMark: ctx.chunkBytes })[Symbol.asyncIterator]();
  }

  /** The next chunk, or null at the end (then `final` is set). */
  async next(): Promise<Buffer | null> {
    const r = await this.it.next();
    if (r.done) {
      this.final = true;
      return null;
    }
    this.ctx.stats.bytesRead += r.value.length;
    return r.value;
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}

/** Lines of a file from byte `start` (line number `line`), as a pull-style reader. */
class FileLines {
  readonly reader: LineReader;
  private readonly chunks: Chunks;

  constructor(ctx: Ctx, start: number, line: number) {
    this.reader = new LineReader(line, start);
    this.chunks = new Chunks(ctx, start);
  }

  get final(): boolean {
    return this.chunks.final;
  }

  /** Advances to the next line, reading more of the file as needed; false at the end. */
  async next(): Promise<boolean> {
    for (;;) {
      if (this.reader.next(this.chunks.final)) return true;
      if (this.chunks.final) return false;
      const c = await this.chunks.next();
      if (c) this.reader.feed(c.toString('latin1'));
    }
  }

  close(): Promise<void> {
    return this.chunks.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Format detection

async function detect(ctx: Ctx, format: RowBlockOptions['format']): Promise<'npy' | 'mtx' | 'csv'> {
  if (format && format !== 'auto') return format;
  const fh = await open(ctx.path, 'r');
  try {
    const buf = Buffer.alloc(32);
    const { bytesRead } = await fh.read(buf, 0, 32, 0);
    const head = buf.subarray(0, bytesRead);
    if (head[0] === 0x93 && head.subarray(1, 6).toString('latin1') === 'NUMPY') return 'npy';
    if (/^(\u00ef\u00bb\u00bf)?\s*%%matrixmarket/i.test(head.toString('latin1'))) return 'mtx';
    return 'csv';
  } finally {
    await fh.close();
  }
}

// ---------------------------------------------------------------------------------------------
// .npy

async function npyHeader(ctx: Ctx): Promise<NpyHeader> {
  const fh = await open(ctx.path, 'r');
  try {
    const size = (await fh.stat()).size;
    const first = Buffer.alloc(Math.min(size, 12));
    await fh.read(first, 0, first.length, 0);
    const end = Math.min(size, npyHeaderEnd(ctx.fn, ctx.path, first, size));
    const head = Buffer.alloc(end);
    await fh.read(head, 0, end, 0);
    return parseNpyHeaderImpl(ctx.fn, ctx.path, head, size, STREAM_TOTAL);
  } finally {
    await fh.close();
  }
}

async function* npyBlocks(ctx: Ctx): AsyncGenerator<RowBlock> {
  const { fn, path, stats: st } = ctx;
  const h = await npyHeader(ctx);
  const m = h.shape[0];
  const n = h.shape.length === 2 ? h.shape[1] : 1;
  const B = ctx.blockRows;
  checkEntries(fn, path, { byte: 0 }, `a block of ${Math.min(B, m)} rows of the ${m}×${n} array`, Math.min(B, m) * n, ctx.maxEntries);
  const isz = h.itemSize;
  if (n === 0) {
    for (let r0 = 0; r0 < m; r0 += B) {
      const k = Math.min(B, m - r0);
      hold(st, k);
      st.blocks++;
      st.rowsRead += k;
      yield { rows: fromColMajor(k, 0, new Float64Array(0)), offset: r0 };
      st.rowsHeld -= k;
    }
    return;
  }
  if (!h.fortranOrder || n === 1) {
    // Rows are contiguous: one read stream, each block decoded from its rows' bytes.
    const rowBytes = n * isz;
    const scratch = new Uint8Array(Math.min(B, m) * rowBytes);
    const chunks = new Chunks(ctx, h.dataOffset);
    try {
      let r0 = 0;
      let fill = 0;
      let k = Math.min(B, m);
      if (m > 0) hold(st, k);
      while (r0 < m) {
        const c = await chunks.next();
        if (c === null) {
          throw parseError(fn, path, { byte: h.dataOffset + r0 * rowBytes + fill }, `data ended early (expected ${m} rows of ${rowBytes} bytes; the file changed while being read?)`);
        }
        let at = 0;
        while (at < c.length && r0 < m) {
          const need = k * rowBytes - fill;
          const take = Math.min(need, c.length - at);
          scratch.set(c.subarray(at, at + take), fill);
          fill += take;
          at += take;
          if (fill === k * rowBytes) {
            const data = new Float64Array(k * n);
            decodeChecked(fn, path, h, scratch, 0, r0 * n, k * n, data, 0, ctx.checkFinite);
            st.blocks++;
            st.rowsRead += k;
            yield { rows: n === 1 ? fromColMajor(k, 1, data) : fromRowMajor(k, n, data), offset: r0 };
            st.rowsHeld -= k;
            r0 += k;
            fill = 0;
            k = Math.min(B, m - r0);
            if (r0 < m) hold(st, k);
          }
        }
      }
    } finally {
      await chunks.close();
    }
    return;
  }
  // Fortran order: one positioned read per column per block.
  const fh = await open(path, 'r');
  try {
    const scratch = Buffer.alloc(Math.min(B, m) * isz);
    for (let r0 = 0; r0 < m; r0 += B) {
      const k = Math.min(B, m - r0);
      hold(st, k);
      const data = new Float64Array(k * n);
      for (let j = 0; j < n; j++) {
        const pos = h.dataOffset + (j * m + r0) * isz;
        let got = 0;
        while (got < k * isz) {
          const { bytesRead } = await fh.read(scratch, got, k * isz - got, pos + got);
          st.positionedReads++;
          if (bytesRead === 0) throw parseError(fn, path, { byte: pos + got }, `data ended early (expected ${k * isz} bytes of column ${j}; the file changed while being read?)`);
          got += bytesRead;
          st.bytesRead += bytesRead;
        }
        decodeChecked(fn, path, h, scratch, 0, j * m + r0, k, data, j * k, ctx.checkFinite);
      }
      st.blocks++;
      st.rowsRead += k;
      yield { rows: fromColMajor(k, n, data), offset: r0 };
      st.rowsHeld -= k;
    }
  } finally {
    await fh.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Matrix Market

interface MtxStart {
  h: MatrixMarketHeader;
  pre: MmPreamble;
  size: number;
}

/** Reads the preamble through `lines` (left positioned on the size line). */
async function mtxPreamble(ctx: Ctx, lines: FileLines): Promise<MtxStart> {
  const pre = new MmPreamble(ctx.fn, ctx.path, STREAM_TOTAL, true);
  const r = lines.reader;
  for (;;) {
    if (!(await lines.next())) throw pre.endError(r.upcomingLine);
    if (pre.line(r.text, r.start, r.end, r.line, r.offset, r.upcomingLine, r.consumed)) break;
  }
  const h = pre.header as MatrixMarketHeader;
  const size = (await stat(ctx.path)).size;
  checkPlausible(ctx.fn, ctx.path, pre, h, size - h.dataOffset);
  return { h, pre, size };
}

async function mtxHeader(ctx: Ctx): Promise<MatrixMarketHeader> {
  const lines = new FileLines(ctx, 0, 1);
  try {
    return (await mtxPreamble(ctx, lines)).h;
  } finally {
    await lines.close();
  }
}

function changed(ctx: Ctx, line: number): Error {
  return parseError(ctx.fn, ctx.path, { line }, 'the file changed between passes (expected the same entries as in the first pass)');
}

async function* mtxBlocks(ctx: Ctx): AsyncGenerator<RowBlock> {
  const lines = new FileLines(ctx, 0, 1);
  let start: MtxStart | null = null;
  try {
    start = await mtxPreamble(ctx, lines);
    if (start.h.format === 'coordinate') {
      yield* coordinateBlocks(ctx, start, lines);
      return;
    }
  } finally {
    await lines.close();
  }
  yield* arrayBlocks(ctx, start);
}

async function* coordinateBlocks(ctx: Ctx, { h, pre }: MtxStart, lines: FileLines): AsyncGenerator<RowBlock> {
  const { fn, path, stats: st } = ctx;
  const B = ctx.blockRows;
  const M = h.rows, N = h.cols;
  const nb = Math.ceil(M / B);
  const dense = ctx.as === 'dense';
  checkEntries(fn, path, { line: pre.sizeLine }, `the per-block counters (${nb} blocks of ${B} rows)`, nb, ctx.maxEntries);
  if (dense) checkEntries(fn, path, { line: pre.sizeLine }, `a block of ${Math.min(B, M)} rows of the ${M}×${N} matrix (as: 'dense')`, Math.min(B, M) * N, ctx.maxEntries);
  const mirrored = h.symmetry !== 'general';
  const skew = h.symmetry === 'skew-symmetric';
  const parser = new MmEntryParser(fn, path, h, ctx.checkFinite);
  const r = lines.reader;

  // Pass 1: validate every entry and count the entries of each row block.
  const counts = new Float64Array(nb);
  let monotone = true;
  let last = 0;
  let count = 0;
  while (await lines.next()) {
    if (parser.parse(r.text, r.start, r.end, r.line) === 0) continue;
    if (count === h.entries) throw parseError(fn, path, { line: r.line }, `more entries than declared (expected ${h.entries} after the size line on line ${pre.sizeLine})`);
    count++;
    const bi = Math.floor(parser.i / B);
    counts[bi]++;
    if (bi < last) monotone = false;
    last = bi;
    if (mirrored && parser.i !== parser.j) {
      const bj = Math.floor(parser.j / B);
      counts[bj]++;
      if (bj < last) monotone = false;
      last = bj;
    }
  }
  if (count < h.entries) {
    throw parseError(fn, path, { line: r.upcomingLine }, `unexpected end of input after ${count} entries (expected ${h.entries}, as declared on line ${pre.sizeLine})`);
  }

  // Block buffers.
  type Buf = { ri: Int32Array; ci: Int32Array; v: Float64Array; n: number };
  const alloc = (b: number): Buf => {
    const c = counts[b];
    buffer(st, c);
    return { ri: new Int32Array(c), ci: new Int32Array(c), v: new Float64Array(c), n: 0 };
  };
  const build = (b: number, buf: Buf): DenseMatrix | CsrMatrix => {
    const r0 = b * B;
    const k = Math.min(B, M - r0);
    if (buf.n !== counts[b]) throw changed(ctx, h.dataLine);
    if (dense) {
      const data = new Float64Array(k * N);
      for (let t = 0; t < buf.n; t++) data[buf.ci[t] * k + buf.ri[t]] += buf.v[t];
      return fromColMajor(k, N, data);
    }
    return buildCsr(k, N, buf.ri, buf.ci, buf.v, buf.n, ctx.keepZeros);
  };
  const emit = (buf: Buf, b: number, i: number, j: number, v: number): void => {
    const t = buf.n++;
    if (t >= buf.ri.length) throw changed(ctx, r.line);
    buf.ri[t] = i - b * B;
    buf.ci[t] = j;
    buf.v[t] = v;
  };

  if (monotone) {
    // Pass 2: one sequential pass; a block is handed out once an entry of a later block arrives.
    const scan = new FileLines(ctx, h.dataOffset, h.dataLine);
    const sr = scan.reader;
    const te = [0, 0, 0, 0, 0, 0];
    let cur = 0;
    let buf: Buf | null = null;
    try {
      for (;;) {
        const more = await scan.next();
        let ne = 1;
        if (more) {
          if (parser.parse(sr.text, sr.start, sr.end, sr.line) === 0) continue;
          const { i, j, v } = parser;
          te[0] = i;
          te[1] = j;
          te[2] = v;
          if (mirrored && i !== j) {
            te[3] = j;
            te[4] = i;
            te[5] = skew ? -v : v;
            ne = 2;
          }
        }
        for (let e = 0; e < ne; e++) {
          const tb = more ? Math.floor(te[3 * e] / B) : nb;
          if (tb < cur) throw changed(ctx, sr.line);
          while (cur < tb) {
            const k = Math.min(B, M - cur * B);
            hold(st, k);
            const blk = build(cur, buf ?? alloc(cur));
            st.entriesBuffered -= counts[cur];
            buf = null;
            st.blocks++;
            st.rowsRead += k;
            yield { rows: blk, offset: cur * B };
            st.rowsHeld -= k;
            cur++;
          }
          if (more) {
            if (buf === null) buf = alloc(cur);
            emit(buf, cur, te[3 * e], te[3 * e + 1], te[3 * e + 2]);
          }
        }
        if (!more) break;
      }
    } finally {
      await scan.close();
    }
    return;
  }

  // Unsorted: groups of consecutive blocks holding at most maxBuffered entries, one pass each.
  for (let g0 = 0; g0 < nb; ) {
    let g1 = g0 + 1;
    let total = counts[g0];
    while (g1 < nb && total + counts[g1] <= ctx.maxBuffered) total += counts[g1++];
    const bufs: Array<Buf | null> = [];
    for (let b = g0; b < g1; b++) bufs.push(alloc(b));
    if (total > 0) {
      const scan = new FileLines(ctx, h.dataOffset, h.dataLine);
      const sr = scan.reader;
      const lo = g0 * B, hi = Math.min(M, g1 * B);
      try {
        while (await scan.next()) {
          if (parser.parse(sr.text, sr.start, sr.end, sr.line) === 0) continue;
          const { i, j, v } = parser;
          if (i >= lo && i < hi) {
            const b = Math.floor(i / B);
            emit(bufs[b - g0] as Buf, b, i, j, v);
          }
          if (mirrored && i !== j && j >= lo && j < hi) {
            const b = Math.floor(j / B);
            emit(bufs[b - g0] as Buf, b, j, i, skew ? -v : v);
          }
        }
      } finally {
        await scan.close();
      }
    }
    for (let b = g0; b < g1; b++) {
      const k = Math.min(B, M - b * B);
      hold(st, k);
      const blk = build(b, bufs[b - g0] as Buf);
      bufs[b - g0] = null;
      st.entriesBuffered -= counts[b];
      st.blocks++;
      st.rowsRead += k;
      yield { rows: blk, offset: b * B };
      st.rowsHeld -= k;
    }
    g0 = g1;
  }
}

/**
 * Reads `count` data lines of an array-format file starting at byte `pos` (line `line`) with
 * positioned reads, calling `onValue(t, v, line)` for each; returns the byte offset and line
 * number after the last one.
 */
async function readArrayLines(
  ctx: Ctx,
  fh: FileHandle,
  parser: MmEntryParser,
  pos: number,
  line: number,
  count: number,
  bytesPerLine: number,
  onValue: (t: number, v: number, line: number) => void,
): Promise<[number, number]> {
  const st = ctx.stats;
  const reader = new LineReader(line, pos);
  let filePos = pos;
  let final = false;
  let got = 0;
  while (got < count) {
    if (!reader.next(final)) {
      if (final) throw changed(ctx, reader.upcomingLine);
      const len = Math.max(256, Math.min(1 << 22, Math.ceil((count - got) * bytesPerLine * 1.1) + 64));
      const buf = Buffer.allocUnsafe(len);
      const { bytesRead } = await fh.read(buf, 0, len, filePos);
      st.positionedReads++;
      st.bytesRead += bytesRead;
      if (bytesRead === 0) final = true;
      else {
        reader.feed(buf.toString('latin1', 0, bytesRead));
        filePos += bytesRead;
      }
      continue;
    }
    if (parser.parse(reader.text, reader.start, reader.end, reader.line) === 0) continue;
    onValue(got++, parser.v, reader.line);
  }
  return [reader.consumed, reader.upcomingLine];
}

async function* arrayBlocks(ctx: Ctx, { h, pre, size }: MtxStart): AsyncGenerator<RowBlock> {
  const { fn, path, stats: st } = ctx;
  const B = ctx.blockRows;
  const M = h.rows, N = h.cols;
  const sym = h.symmetry;
  checkEntries(fn, path, { line: pre.sizeLine }, `the column cursors of the ${M}×${N} array`, 2 * N, ctx.maxEntries);
  checkEntries(fn, path, { line: pre.sizeLine }, `a block of ${Math.min(B, M)} rows of the ${M}×${N} array`, Math.min(B, M) * N, ctx.maxEntries);
  const first = (j: number): number => Math.min(M, arrayFirstRow(h, j));

  // Pass 1: where each column's entries start (byte offset and line number).
  const colPos = new Float64Array(N);
  const colLine = new Float64Array(N);
  {
    const scan = new FileLines(ctx, h.dataOffset, h.dataLine);
    const r = scan.reader;
    const bounds = new Int32Array(2);
    let j = 0;
    let i = 0;
    let count = 0;
    const advanceEmpty = (): void => {
      while (j < N && i === 0 && first(j) >= M) {
        colPos[j] = r.consumed;
        colLine[j] = r.upcomingLine;
        j++;
      }
    };
    try {
      colPos.fill(h.dataOffset);
      colLine.fill(h.dataLine);
      advanceEmpty();
      while (await scan.next()) {
        const n = splitWs(r.text, r.start, r.end, bounds, 1);
        if (n === 0 || r.text.charCodeAt(bounds[0]) === 37) continue;
        if (count === h.entries) throw parseError(fn, path, { line: r.line }, `more entries than declared (expected ${h.entries} after the size line on line ${pre.sizeLine})`);
        if (i === 0) {
          colPos[j] = r.offset;
          colLine[j] = r.line;
        }
        count++;
        if (++i >= M - first(j)) {
          i = 0;
          j++;
          advanceEmpty();
        }
      }
      if (count < h.entries) {
        throw parseError(fn, path, { line: r.upcomingLine }, `unexpected end of input after ${count} entries (expected ${h.entries}, as declared on line ${pre.sizeLine})`);
      }
    } finally {
      await scan.close();
    }
  }
  const bytesPerLine = h.entries > 0 ? (size - h.dataOffset) / h.entries : 1;
  const parser = new MmEntryParser(fn, path, h, false);
  const curPos = Float64Array.from(colPos);
  const curLine = Float64Array.from(colLine);
  const fh = await open(path, 'r');
  try {
    for (let r0 = 0; r0 < M; r0 += B) {
      const r1 = Math.min(M, r0 + B);
      const k = r1 - r0;
      hold(st, k);
      const data = new Float64Array(k * N);
      for (let j = 0; j < N; j++) {
        const f = first(j);
        if (sym === 'general' || j < r0) {
          // Rows r0..r1−1 of column j, from its cursor.
          const lo = Math.max(r0, f);
          if (lo >= r1) continue;
          const [p, l] = await readArrayLines(ctx, fh, parser, curPos[j], curLine[j], r1 - lo, bytesPerLine, (t, v, line) => {
            const i = lo + t;
            if (ctx.checkFinite && v - v !== 0) throw nonFiniteError(fn, path, { line }, v, `(${i}, ${j})`);
            data[j * k + (i - r0)] = v;
          });
          curPos[j] = p;
          curLine[j] = l;
        } else if (j < r1) {
          // Symmetric, j in the block: the whole stored column j gives column j inside the block
          // and, mirrored, row j. The cursor is left at row r1 of the column.
          const seg = M - f;
          let cutPos = curPos[j], cutLine = curLine[j];
          const inBlock = r1 - f; // lines of the segment above row r1
          let t0 = 0;
          if (seg > 0) {
            if (inBlock > 0) {
              [cutPos, cutLine] = await readArrayLines(ctx, fh, parser, curPos[j], curLine[j], inBlock, bytesPerLine, (t, v, line) => {
                const i = f + t;
                if (ctx.checkFinite && v - v !== 0) throw nonFiniteError(fn, path, { line }, v, `(${i}, ${j})`);
                data[j * k + (i - r0)] = v;
                if (i !== j) data[i * k + (j - r0)] = sym === 'symmetric' ? v : -v;
              });
              t0 = inBlock;
            }
            if (seg > t0) {
              await readArrayLines(ctx, fh, parser, cutPos, cutLine, seg - t0, bytesPerLine, (t, v, line) => {
                const i = f + t0 + t; // i ≥ r1: entry (i, j) mirrored to (j, i), row j of the block
                if (ctx.checkFinite && v - v !== 0) throw nonFiniteError(fn, path, { line }, v, `(${i}, ${j})`);
                data[i * k + (j - r0)] = sym === 'symmetric' ? v : -v;
              });
            }
          }
          curPos[j] = cutPos;
          curLine[j] = cutLine;
        }
      }
      const rows = ctx.as === 'csr' ? denseToCsr(k, N, data, ctx.keepZeros) : fromColMajor(k, N, data);
      st.blocks++;
      st.rowsRead += k;
      yield { rows, offset: r0 };
      st.rowsHeld -= k;
    }
  } finally {
    await fh.close();
  }
}

// ---------------------------------------------------------------------------------------------
// CSV

async function* csvRecords(ctx: Ctx): AsyncGenerator<{ fields: string[]; line: number }> {
  const tok = new CsvTokenizer(ctx.fn, ctx.path, ctx.csv.delimiter, ctx.csv.comment);
  const chunks = new Chunks(ctx, 0);
  const dec = new TextDecoder('utf-8');
  let firstChunk = true;
  try {
    for (;;) {
      const rec = tok.next(chunks.final);
      if (rec) {
        yield { fields: rec, line: tok.line };
        continue;
      }
      if (chunks.final) return;
      const c = await chunks.next();
      let text = c ? dec.decode(c, { stream: true }) : dec.decode();
      if (firstChunk && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      firstChunk = false;
      tok.feed(text);
    }
  } finally {
    await chunks.close();
  }
}

async function csvInfo(ctx: Ctx): Promise<RowBlockInfo> {
  let cols = 0, rows = 0;
  let names: string[] | null = null;
  let firstRec = true;
  for await (const { fields, line } of csvRecords(ctx)) {
    if (firstRec) {
      firstRec = false;
      cols = fields.length;
      names = headerOf(ctx.csv, fields);
      if (names) continue;
    }
    if (fields.length !== cols) throw parseError(ctx.fn, ctx.path, { line }, `row ${rows} has ${fields.length} fields (expected ${cols}, as in the first row)`);
    rows++;
  }
  return { format: 'csv', rows, cols, columnNames: names };
}

async function* csvBlocks(ctx: Ctx): AsyncGenerator<RowBlock> {
  const { fn, path, stats: st } = ctx;
  const B = ctx.blockRows;
  let cols = -1;
  let row = 0;
  let buf: Float64Array | null = null;
  let t = 0;
  for await (const { fields, line } of csvRecords(ctx)) {
    if (cols < 0) {
      cols = fields.length;
      checkEntries(fn, path, { line }, `a block of ${B} rows of ${cols} columns`, B * cols, ctx.maxEntries);
      if (headerOf(ctx.csv, fields)) continue;
    }
    if (buf === null) {
      buf = new Float64Array(B * cols);
      hold(st, B);
      t = 0;
    }
    parseRecordInto(fn, path, fields, line, row, cols, buf, t * cols, ctx.checkFinite);
    row++;
    if (++t === B) {
      st.blocks++;
      st.rowsRead += B;
      yield { rows: fromRowMajor(B, cols, buf), offset: row - B };
      st.rowsHeld -= B;
      buf = null;
    }
  }
  if (buf !== null && t > 0) {
    st.blocks++;
    st.rowsRead += t;
    yield { rows: fromRowMajor(t, cols, buf.subarray(0, t * cols)), offset: row - t };
    st.rowsHeld -= B;
  }
}

// ---------------------------------------------------------------------------------------------
// Public

class Reader implements RowBlockReader {
  readonly stats: RowBlockStats = freshStats();

  constructor(
    readonly path: string,
    private readonly ctx: Ctx,
    private readonly format: RowBlockOptions['format'],
  ) {}

  private context(): Ctx {
    return { ...this.ctx, stats: this.stats };
  }

  async info(): Promise<RowBlockInfo> {
    const ctx = { ...this.ctx, stats: freshStats() };
    const f = await detect(ctx, this.format);
    if (f === 'npy') {
      const h = await npyHeader(ctx);
      return { format: f, rows: h.shape[0], cols: h.shape.length === 2 ? h.shape[1] : 1, columnNames: null, npy: h };
    }
    if (f === 'mtx') {
      const h = await mtxHeader(ctx);
      return { format: f, rows: h.rows, cols: h.cols, columnNames: null, matrixMarket: h };
    }
    return csvInfo(ctx);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RowBlock> {
    Object.assign(this.stats, freshStats());
    const ctx = this.context();
    const f = await detect(ctx, this.format);
    if (f === 'npy') yield* npyBlocks(ctx);
    else if (f === 'mtx') yield* mtxBlocks(ctx);
    else yield* csvBlocks(ctx);
  }
}

/**
 * Streams the rows of a .npy, Matrix Market or CSV file in blocks of `blockRows` rows, in
 * order, reading the file incrementally (see the module comment for what each format costs).
 * Nothing is read until the iteration starts; each `for await` reads the file afresh.
 * Validation errors surface from the iteration: ParseError (naming the file and the line or
 * byte offset) and NonFiniteError (with `checkFinite`, the default) as in the one-shot readers.
 * The whole matrix is never allocated, so `maxEntries` bounds the blocks (blockRows·cols), not
 * the file.
 *
 * @param path - the file.
 * @param options - `blockRows` (default 4096), `format`, `checkFinite`, `maxEntries`; Matrix
 *   Market `as`, `keepZeros`, `maxBufferedEntries`; CSV `delimiter`, `comment`, `header`;
 *   `chunkBytes`.
 * @throws InvalidArgumentError at once for bad options.
 */
export function readRowBlocks(path: string, options: RowBlockOptions = {}): RowBlockReader {
  return makeReader('readRowBlocks', path, options, options?.format ?? 'auto');
}

/** {@link readRowBlocks} for a .npy file. */
export function npyRowBlocks(path: string, options: Omit<RowBlockOptions, 'format'> = {}): RowBlockReader {
  return makeReader('npyRowBlocks', path, options, 'npy');
}

/** {@link readRowBlocks} for a Matrix Market file. */
export function matrixMarketRowBlocks(path: string, options: Omit<RowBlockOptions, 'format'> = {}): RowBlockReader {
  return makeReader('matrixMarketRowBlocks', path, options, 'mtx');
}

/** {@link readRowBlocks} for a CSV file. */
export function csvRowBlocks(path: string, options: Omit<RowBlockOptions, 'format'> = {}): RowBlockReader {
  return makeReader('csvRowBlocks', path, options, 'csv');
}

function makeReader(fn: string, path: string, options: RowBlockOptions, format: RowBlockOptions['format']): RowBlockReader {
  if (typeof path !== 'string' || path === '') throw new InvalidArgumentError(fn, `path must be a non-empty string (got ${fmt(path)})`);
  const o = options ?? {};
  if (typeof o !== 'object') throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(o)})`);
  if (format !== 'auto' && format !== 'npy' && format !== 'mtx' && format !== 'csv') {
    throw new InvalidArgumentError(fn, `format must be one of 'auto', 'npy', 'mtx', 'csv' (got ${fmt(format)})`);
  }
  const as = o.as ?? 'auto';
  if (as !== 'auto' && as !== 'dense' && as !== 'csr') throw new InvalidArgumentError(fn, `as must be one of 'auto', 'dense', 'csr' (got ${fmt(as)})`);
  const ctx: Ctx = {
    fn,
    path,
    blockRows: intOption(fn, 'blockRows', o.blockRows, 4096, 1, 2 ** 31 - 1),
    maxEntries: resolveMaxEntries(fn, o.maxEntries),
    checkFinite: resolveBool(fn, 'checkFinite', o.checkFinite, true),
    as,
    keepZeros: resolveBool(fn, 'keepZeros', o.keepZeros, false),
    maxBuffered: intOption(fn, 'maxBufferedEntries', o.maxBufferedEntries, 2 ** 22, 1, 2 ** 31 - 1),
    chunkBytes: intOption(fn, 'chunkBytes', o.chunkBytes, 1 << 16, 16, 1 << 30),
    csv: resolveCsvOptions(fn, { delimiter: o.delimiter, comment: o.comment, header: o.header }),
    stats: freshStats(),
  };
  return new Reader(path, ctx, format);
}
