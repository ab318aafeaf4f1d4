/**
 * File helpers for the three formats: whole-file reads and writes with `node:fs`
 * (synchronous; for files larger than memory use the row-block readers of `./stream.ts`).
 * The parse and format functions they wrap work without the file system.
 *
 * Paths versus inline text: `readMatrixMarket` and `readCsv` also take the file contents as
 * a string. A string is taken as contents when it starts with `%%MatrixMarket` (Matrix
 * Market) or contains a line break (CSV), and as a path otherwise; `source: 'path'` or
 * `'text'` decides explicitly. A `Uint8Array` is always contents.
 *
 * @module
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import type { CsrMatrix } from '../core/csr.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { DenseMatrix } from '../core/matrix.js';
import { fmt } from '../core/validate.js';
import { LineReader, bytesToBinaryString } from './common.js';
import { type CsvReadOptions, type CsvResult, type CsvWriteOptions, csvChunks, parseCsvText, resolveCsvOptions } from './csv.js';
import {
  type MatrixMarketHeader,
  type MatrixMarketReadOptions,
  type MatrixMarketWriteOptions,
  matrixMarketChunks,
  MmPreamble,
  parseMatrixMarketText,
  resolveMmReadOptions,
} from './matrixMarket.js';
import {
  type NpyArray,
  type NpyHeader,
  type NpyReadOptions,
  type NpyWriteOptions,
  decodeChecked,
  npyChunks,
  npyHeaderEnd,
  npyToMatrix,
  parseNpyHeaderImpl,
  resolveNpyReadOptions,
} from './npy.js';
import { resolveMaxEntries } from './common.js';

/** How a string argument is read: as a path, as the contents, or decided by its shape. */
export type SourceKind = 'auto' | 'path' | 'text';

/** Options shared by the readers that take a path or contents. */
export interface SourceOption {
  /** `'auto'` (default), `'path'` or `'text'`; see the module comment. */
  source?: SourceKind;
}

function sourceKind(fn: string, x: unknown): SourceKind {
  const s = x ?? 'auto';
  if (s !== 'auto' && s !== 'path' && s !== 'text') throw new InvalidArgumentError(fn, `source must be 'auto', 'path' or 'text' (got ${fmt(s)})`);
  return s;
}

function checkPathOrContents(fn: string, x: unknown): void {
  if (typeof x !== 'string' && !(x instanceof Uint8Array)) {
    throw new InvalidArgumentError(fn, `input must be a path, a string of contents or a Uint8Array (got ${fmt(x)})`);
  }
}

/** Writes chunks to a file, creating or truncating it; the first chunk is produced before the file is opened. */
function writeChunks(fn: string, path: string, chunks: Iterator<string | Uint8Array>): void {
  if (typeof path !== 'string' || path === '') throw new InvalidArgumentError(fn, `path must be a non-empty string (got ${fmt(path)})`);
  let r = chunks.next(); // validation happens here, before the file is touched
  const fd = openSync(path, 'w');
  try {
    while (!r.done) {
      const c = r.value;
      const bytes = typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      r = chunks.next();
    }
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------
// Matrix Market

/**
 * Reads a Matrix Market file (or contents; see the module comment) into a DenseMatrix
 * (`array`) or a CsrMatrix (`coordinate`); `as` converts. Errors name the path. See
 * `parseMatrixMarket` for the format, the checks and the cost; the whole file is read into
 * memory (use `readRowBlocks` to stream).
 *
 * @throws ParseError naming the file, the line and what was expected; NonFiniteError (with
 *   `checkFinite`) naming the position; the `node:fs` error when the file cannot be read.
 */
export function readMatrixMarket(input: string | Uint8Array, options: MatrixMarketReadOptions & SourceOption & { as: 'dense' }): DenseMatrix;
export function readMatrixMarket(input: string | Uint8Array, options: MatrixMarketReadOptions & SourceOption & { as: 'csr' }): CsrMatrix;
export function readMatrixMarket(input: string | Uint8Array, options?: MatrixMarketReadOptions & SourceOption): DenseMatrix | CsrMatrix;
export function readMatrixMarket(input: string | Uint8Array, options?: MatrixMarketReadOptions & SourceOption): DenseMatrix | CsrMatrix {
  const fn = 'readMatrixMarket';
  checkPathOrContents(fn, input);
  const cfg = resolveMmReadOptions(fn, options);
  const kind = sourceKind(fn, options?.source);
  if (input instanceof Uint8Array) return parseMatrixMarketText(fn, bytesToBinaryString(input), '<bytes>', cfg, true);
  const isText = kind === 'text' || (kind === 'auto' && /^\uFEFF?\s*%%MatrixMarket/i.test(input.slice(0, 64)));
  if (isText) return parseMatrixMarketText(fn, input, '<text>', cfg);
  return parseMatrixMarketText(fn, readFileSync(input).toString('latin1'), input, cfg, true);
}

/**
 * Reads only the banner, comments and size line of a Matrix Market file (a few kilobytes),
 * e.g. to size a sketch before streaming the rows. Cost O(preamble).
 *
 * @throws ParseError naming the file and line.
 */
export function readMatrixMarketHeader(path: string, options: { maxEntries?: number } = {}): MatrixMarketHeader {
  const fn = 'readMatrixMarketHeader';
  const pre = new MmPreamble(fn, path, resolveMaxEntries(fn, options.maxEntries), true);
  const reader = new LineReader();
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    let pos = 0;
    for (;;) {
      const got = readSync(fd, buf, 0, buf.length, pos);
      pos += got;
      const final = got === 0;
      if (!final) reader.feed(buf.toString('latin1', 0, got));
      while (reader.next(final)) {
        if (pre.line(reader.text, reader.start, reader.end, reader.line, reader.offset, reader.upcomingLine, reader.consumed)) {
          return pre.header as MatrixMarketHeader;
        }
      }
      if (final) throw pre.endError(reader.upcomingLine);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a DenseMatrix or CsrMatrix to a Matrix Market file (created or truncated). Options as
 * `formatMatrixMarket`; the matrix is validated before the file is opened, and the text is
 * written in chunks, so no single huge string is built. The input is never modified.
 * Cost O(mn) for dense input, O(nnz + rows + cols) for CSR input.
 *
 * @throws as `formatMatrixMarket`; the `node:fs` error when the file cannot be written.
 */
export function writeMatrixMarket(path: string, A: DenseMatrix | CsrMatrix, options?: MatrixMarketWriteOptions): void {
  const fn = 'writeMatrixMarket';
  writeChunks(fn, path, matrixMarketChunks(fn, A, options));
}

// ---------------------------------------------------------------------------------------------
// NumPy

/** Reads the header of a .npy file and checks it against the file size and the limits, before any data is read. */
function npyOpen(fn: string, path: string, maxEntries: number): { fd: number; h: NpyHeader } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const first = Buffer.alloc(Math.min(size, 12));
    readSync(fd, first, 0, first.length, 0);
    const end = npyHeaderEnd(fn, path, first, size);
    const headLen = Math.min(size, end);
    const head = Buffer.alloc(headLen);
    readSync(fd, head, 0, headLen, 0);
    return { fd, h: parseNpyHeaderImpl(fn, path, head, size, maxEntries) };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

function npyArrayFromFile(fn: string, path: string, options: NpyReadOptions | undefined): { a: NpyArray; as: 'auto' | 'matrix' } {
  const cfg = resolveNpyReadOptions(fn, options);
  const { fd, h } = npyOpen(fn, path, cfg.maxEntries);
  try {
    const bytes = Buffer.alloc(h.count * h.itemSize);
    let at = 0;
    while (at < bytes.length) {
      const got = readSync(fd, bytes, at, bytes.length - at, h.dataOffset + at);
      if (got === 0) break;
      at += got;
    }
    const data = new Float64Array(h.count);
    decodeChecked(fn, path, h, bytes, 0, 0, h.count, data, 0, cfg.checkFinite);
    return { a: { shape: h.shape, dtype: h.dtype, fortranOrder: h.fortranOrder, version: h.version, data }, as: cfg.as };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a .npy file (or bytes): a 2-D array gives a DenseMatrix (zero-copy over the decoded
 * values, in the file's order: row-major for C order, column-major for Fortran order), a 1-D
 * array a Float64Array (an n×1 DenseMatrix with `as: 'matrix'`). The header is read and
 * checked (limits, file size) before the data is read. Cost O(file size).
 *
 * @throws ParseError naming the file and byte offset (see `parseNpyArray`); NonFiniteError
 *   (with `checkFinite`); the `node:fs` error when the file cannot be read.
 */
export function readNpy(input: string | Uint8Array, options: NpyReadOptions & { as: 'matrix' }): DenseMatrix;
export function readNpy(input: string | Uint8Array, options?: NpyReadOptions): DenseMatrix | Float64Array;
export function readNpy(input: string | Uint8Array, options?: NpyReadOptions): DenseMatrix | Float64Array {
  const fn = 'readNpy';
  checkPathOrContents(fn, input);
  let a: NpyArray, as: 'auto' | 'matrix';
  if (input instanceof Uint8Array) {
    const cfg = resolveNpyReadOptions(fn, options);
    const h = parseNpyHeaderImpl(fn, '<bytes>', input, input.length, cfg.maxEntries);
    const data = new Float64Array(h.count);
    decodeChecked(fn, '<bytes>', h, input, h.dataOffset, 0, h.count, data, 0, cfg.checkFinite);
    a = { shape: h.shape, dtype: h.dtype, fortranOrder: h.fortranOrder, version: h.version, data };
    as = cfg.as;
  } else {
    ({ a, as } = npyArrayFromFile(fn, input, options));
  }
  return a.shape.length === 1 && as === 'auto' ? a.data : npyToMatrix(a);
}

/**
 * Reads a .npy file into its shape, dtype, order and values (file order); see `parseNpyArray`.
 *
 * @throws as {@link readNpy}.
 */
export function readNpyArray(path: string, options?: NpyReadOptions): NpyArray {
  return npyArrayFromFile('readNpyArray', path, options).a;
}

/**
 * Reads and checks only the header of a .npy file (a few hundred bytes). Cost O(header).
 *
 * @throws ParseError naming the file and byte offset.
 */
export function readNpyHeader(path: string, options: { maxEntries?: number } = {}): NpyHeader {
  const fn = 'readNpyHeader';
  const { fd, h } = npyOpen(fn, path, resolveMaxEntries(fn, options.maxEntries));
  closeSync(fd);
  return h;
}

/**
 * Writes a DenseMatrix (2-D) or Float64Array (1-D) to a .npy file (created or truncated), in
 * pieces of about 1 MiB. Options as `formatNpy` (dtype default `'<f8'`, written bit for bit;
 * order default `'C'`). The input is validated before the file is opened and never modified.
 * Cost O(mn).
 *
 * @throws as `formatNpy`; the `node:fs` error when the file cannot be written.
 */
export function writeNpy(path: string, A: DenseMatrix | Float64Array, options?: NpyWriteOptions): void {
  const fn = 'writeNpy';
  writeChunks(fn, path, npyChunks(fn, A, options));
}

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * Reads a delimited text file (or contents; see the module comment) into
 * `{ matrix, header }`. See `parseCsv` for the dialect, the checks and the cost; the whole
 * file is read into memory (use `readRowBlocks` to stream).
 *
 * @throws ParseError naming the file, the line and what was expected; NonFiniteError (with
 *   `checkFinite`); the `node:fs` error when the file cannot be read.
 */
export function readCsv(input: string | Uint8Array, options?: CsvReadOptions & SourceOption): CsvResult {
  const fn = 'readCsv';
  checkPathOrContents(fn, input);
  const cfg = resolveCsvOptions(fn, options);
  const kind = sourceKind(fn, options?.source);
  if (input instanceof Uint8Array) return parseCsvText(fn, new TextDecoder('utf-8').decode(input), '<bytes>', cfg);
  const isText = kind === 'text' || (kind === 'auto' && /[\r\n]/.test(input));
  if (isText) return parseCsvText(fn, input, '<text>', cfg);
  return parseCsvText(fn, readFileSync(input, 'utf8'), input, cfg);
}

/**
 * Writes a DenseMatrix as delimited text (created or truncated), in chunks. Options as
 * `formatCsv`; the input is validated before the file is opened and never modified. Cost O(mn).
 *
 * @throws as `formatCsv`; the `node:fs` error when the file cannot be written.
 */
export function writeCsv(path: string, A: DenseMatrix, options?: CsvWriteOptions): void {
  const fn = 'writeCsv';
  writeChunks(fn, path, csvChunks(fn, A, options));
}
