/**
 * Matrix Market exchange format: parse and format, without the file system.
 *
 * Reference: R. F. Boisvert, R. Pozo, K. A. Remington, "The Matrix Market Exchange Formats:
 * Initial Design", NIST IR 5935, 1996 (https://math.nist.gov/MatrixMarket/formats.html).
 *
 * A file is a banner `%%MatrixMarket matrix <format> <field> <symmetry>`, comment lines
 * starting with `%`, a size line, and one entry per line:
 * - `array` (dense): size line `M N`; the entries in column-major order (for `symmetric` only
 *   the lower triangle with the diagonal, for `skew-symmetric` the strict lower triangle);
 * - `coordinate` (sparse): size line `M N NNZ`; NNZ lines `i j value` (1-based; `i j` for the
 *   `pattern` field, whose entries are 1). Duplicates are summed. For `symmetric` and
 *   `skew-symmetric`, each off-diagonal entry (i, j) also stands for (j, i) (with the opposite
 *   sign when skew); the spec asks for lower-triangle entries, and an upper-triangle entry is
 *   mirrored the same way.
 *
 * Supported: formats `array` and `coordinate`; fields `real` (and its synonym `double`),
 * `integer` and `pattern`; symmetries `general`, `symmetric` and `skew-symmetric`. Not
 * supported (ParseError): `complex` and `hermitian`, and `vector` objects. Keywords are read
 * case-insensitively; blank lines and `%` lines are skipped anywhere after the banner; values
 * may be written `nan`, `inf`, `Infinity` and with a Fortran `D` exponent.
 *
 * Writers print every double with the shortest decimal that reads back to the same double
 * (`String(x)`, with `-0` kept), so text round trips are exact.
 *
 * @module
 */
import { assertCsr, csrTransposeKernel, type CsrMatrix } from '../core/csr.js';
import { InvalidArgumentError } from '../core/errors.js';
import { assertDenseMatrix } from '../core/interop.js';
import { fromColMajor, type DenseMatrix } from '../core/matrix.js';
import { assertFiniteMatrix, fmt } from '../core/validate.js';
import {
  HARD_MAX_ENTRIES,
  LineReader,
  type Position,
  type ReadLimitOptions,
  assertCsrStructure,
  buildCsr,
  bytesToBinaryString,
  checkEntries,
  denseToCsr,
  formatReal,
  nonFiniteError,
  parseError,
  parseIndex,
  parseIntegerToken,
  parseReal,
  quote,
  resolveBool,
  resolveMaxEntries,
  splitWs,
} from './common.js';

/** Storage format of a Matrix Market file. */
export type MatrixMarketFormat = 'array' | 'coordinate';
/** Entry type of a Matrix Market file (`double` is read as `real`). */
export type MatrixMarketField = 'real' | 'integer' | 'pattern';
/** Symmetry of a Matrix Market file. */
export type MatrixMarketSymmetry = 'general' | 'symmetric' | 'skew-symmetric';

/** What the banner, the comments and the size line of a Matrix Market file say. */
export interface MatrixMarketHeader {
  readonly format: MatrixMarketFormat;
  readonly field: MatrixMarketField;
  readonly symmetry: MatrixMarketSymmetry;
  /** Rows M. */
  readonly rows: number;
  /** Columns N. */
  readonly cols: number;
  /**
   * Entry lines that follow the size line: NNZ for `coordinate`; M·N, N(N+1)/2 or N(N−1)/2 for
   * a general, symmetric or skew-symmetric `array`.
   */
  readonly entries: number;
  /** Comment lines between the banner and the size line, without their leading `%` (bytes decoded as UTF-8). */
  readonly comments: readonly string[];
  /** 1-based number of the line after the size line. */
  readonly dataLine: number;
  /** Offset of the line after the size line (a byte offset for bytes and files). */
  readonly dataOffset: number;
}

/** Options of {@link parseMatrixMarket} and `readMatrixMarket`. */
export interface MatrixMarketReadOptions extends ReadLimitOptions {
  /**
   * Result type: `'auto'` (default) gives a DenseMatrix for `array` files and a CsrMatrix for
   * `coordinate` files; `'dense'` and `'csr'` convert.
   */
  as?: 'auto' | 'dense' | 'csr';
  /**
   * CSR results keep explicitly stored zeros (and duplicates summing to zero). Default false:
   * the CSR matrix is canonical, as `csrFromCoo` builds it.
   */
  keepZeros?: boolean;
}

/** Options of {@link formatMatrixMarket} and `writeMatrixMarket`. */
export interface MatrixMarketWriteOptions {
  /** `'array'` (default for a DenseMatrix) or `'coordinate'` (default for a CsrMatrix). */
  format?: MatrixMarketFormat;
  /**
   * `'real'` (default), `'integer'` (every value must be an integer of magnitude ≤ 2⁵³) or
   * `'pattern'` (coordinate only: positions without values).
   */
  field?: MatrixMarketField;
  /**
   * `'general'` (default), `'symmetric'` or `'skew-symmetric'`: only the lower triangle is
   * written (strict for skew). A is checked to be exactly (skew-)symmetric first.
   */
  symmetry?: MatrixMarketSymmetry;
  /** Comment text, written after the banner as `%` lines (one per line of the text). */
  comment?: string;
  /**
   * Order of coordinate entries: `'row'` (default; row by row, which lets row-block readers
   * stream the file in one pass) or `'col'` (column by column, the common convention).
   */
  entryOrder?: 'row' | 'col';
  /**
   * Reject NaN/±Infinity (default true; {@link NonFiniteError}). With false, they are written
   * as `NaN`, `Infinity`, `-Infinity` (dense input only; a CsrMatrix is always checked).
   */
  checkFinite?: boolean;
}

const FORMATS = ['array', 'coordinate'] as const;
const FIELDS = ['real', 'integer', 'pattern'] as const;
const SYMMETRIES = ['general', 'symmetric', 'skew-symmetric'] as const;
const BANNER = '%%matrixmarket';
const BANNER_RULE = `the banner '%%MatrixMarket matrix <array|coordinate> <real|integer|pattern> <general|symmetric|skew-symmetric>'`;

/** @internal Resolved reader options. */
export interface MmReadConfig {
  maxEntries: number;
  checkFinite: boolean;
  as: 'auto' | 'dense' | 'csr';
  keepZeros: boolean;
}

/** @internal Validates reader options. */
export function resolveMmReadOptions(fn: string, o: MatrixMarketReadOptions | undefined): MmReadConfig {
  const opts = o ?? {};
  if (typeof opts !== 'object') throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(opts)})`);
  const as = opts.as ?? 'auto';
  if (as !== 'auto' && as !== 'dense' && as !== 'csr') {
    throw new InvalidArgumentError(fn, `as must be one of 'auto', 'dense', 'csr' (got ${fmt(as)})`);
  }
  return {
    maxEntries: resolveMaxEntries(fn, opts.maxEntries),
    checkFinite: resolveBool(fn, 'checkFinite', opts.checkFinite, true),
    as,
    keepZeros: resolveBool(fn, 'keepZeros', opts.keepZeros, false),
  };
}

/**
 * @internal Parses the banner, the comments and the size line, one line at a time. Feed lines
 * with {@link MmPreamble.line} until it returns true; `header` is then complete.
 */
export class MmPreamble {
  private format: MatrixMarketFormat = 'array';
  private field: MatrixMarketField = 'real';
  private symmetry: MatrixMarketSymmetry = 'general';
  private sawBanner = false;
  private readonly comments: string[] = [];
  private readonly bounds = new Int32Array(16);
  header: MatrixMarketHeader | null = null;
  /** Line number of the size line (for later errors about the declared sizes). */
  sizeLine = 0;

  /**
   * @param binary - lines are binary strings (one character per byte, from bytes or a file):
   *   comments are then decoded as UTF-8.
   */
  constructor(
    private readonly fn: string,
    private readonly src: string,
    private readonly maxEntries: number,
    private readonly binary = false,
  ) {}

  /** Consumes line `s[a, b)` (number `line`, starting at `offset`); true once the size line is read. */
  line(s: string, a: number, b: number, line: number, offset: number, nextLine: number, nextOffset: number): boolean {
    const pos: Position = { line };
    if (!this.sawBanner) {
      let a2 = a;
      if (s.charCodeAt(a2) === 0xfeff) a2++;
      else if (s.startsWith('\u00ef\u00bb\u00bf', a2)) a2 += 3; // UTF-8 BOM read byte-wise
      const n = splitWs(s, a2, b, this.bounds, 6);
      const tok = (k: number): string => s.slice(this.bounds[2 * k], this.bounds[2 * k + 1]);
      if (n < 1 || tok(0).toLowerCase() !== BANNER) {
        throw parseError(this.fn, this.src, pos, `not a Matrix Market file (got ${quote(s.slice(a2, b))}; expected ${BANNER_RULE})`);
      }
      if (n !== 5) throw parseError(this.fn, this.src, pos, `banner has ${n - 1} keywords (got ${quote(s.slice(a2, b))}; expected ${BANNER_RULE})`);
      const object = tok(1).toLowerCase();
      if (object !== 'matrix') throw parseError(this.fn, this.src, pos, `unsupported object (got '${tok(1)}'; expected 'matrix')`);
      const format = tok(2).toLowerCase();
      if (format !== 'array' && format !== 'coordinate') {
        throw parseError(this.fn, this.src, pos, `unknown format (got '${tok(2)}'; expected 'array' or 'coordinate')`);
      }
      let field = tok(3).toLowerCase();
      if (field === 'double') field = 'real';
      if (field !== 'real' && field !== 'integer' && field !== 'pattern') {
        const why = field === 'complex' ? 'complex matrices are not supported; ' : '';
        throw parseError(this.fn, this.src, pos, `unsupported field (got '${tok(3)}'; ${why}expected 'real', 'double', 'integer' or 'pattern')`);
      }
      const symmetry = tok(4).toLowerCase();
      if (symmetry !== 'general' && symmetry !== 'symmetric' && symmetry !== 'skew-symmetric') {
        const why = symmetry === 'hermitian' ? 'hermitian needs complex entries, which are not supported; ' : '';
        throw parseError(
          this.fn,
          this.src,
          pos,
          `unsupported symmetry (got '${tok(4)}'; ${why}expected 'general', 'symmetric' or 'skew-symmetric')`,
        );
      }
      if (format === 'array' && field === 'pattern') {
        throw parseError(this.fn, this.src, pos, `the pattern field needs the coordinate format (got 'array pattern'; expected 'coordinate pattern')`);
      }
      this.format = format;
      this.field = field;
      this.symmetry = symmetry;
      this.sawBanner = true;
      return false;
    }
    const n = splitWs(s, a, b, this.bounds, 4);
    if (n === 0) return false;
    if (s.charCodeAt(this.bounds[0]) === 37 /* % */) {
      const c = s.slice(this.bounds[0] + 1, b);
      this.comments.push(this.binary && /[^\x00-\x7f]/.test(c) ? new TextDecoder('utf-8').decode(Uint8Array.from(c, (ch) => ch.charCodeAt(0))) : c);
      return false;
    }
    const want = this.format === 'array' ? 2 : 3;
    const rule = this.format === 'array' ? "'rows cols'" : "'rows cols nnz'";
    if (n !== want) {
      throw parseError(this.fn, this.src, pos, `size line has ${n > 3 ? 'more than 3' : n} fields (got ${quote(s.slice(a, b))}; expected ${rule})`);
    }
    const vals: number[] = [];
    for (let k = 0; k < n; k++) {
      const v = parseIndex(s, this.bounds[2 * k], this.bounds[2 * k + 1]);
      if (v < 0) throw parseError(this.fn, this.src, pos, `size line field ${k + 1} is not a non-negative integer (got ${quote(s.slice(a, b))}; expected ${rule})`);
      vals.push(v);
    }
    const [M, N] = vals;
    if (M > HARD_MAX_ENTRIES || N > HARD_MAX_ENTRIES) {
      throw parseError(this.fn, this.src, pos, `size ${M}×${N} is too large (expected rows and cols at most ${HARD_MAX_ENTRIES})`);
    }
    if (this.symmetry !== 'general' && M !== N) {
      throw parseError(this.fn, this.src, pos, `a ${this.symmetry} matrix must be square (got ${M}×${N})`);
    }
    let entries: number;
    if (this.format === 'array') {
      entries = this.symmetry === 'general' ? M * N : this.symmetry === 'symmetric' ? (N * (N + 1)) / 2 : (N * (N - 1)) / 2;
      checkEntries(this.fn, this.src, pos, `the ${M}×${N} array`, M * N, this.maxEntries);
    } else {
      entries = vals[2];
      const mirrored = this.symmetry !== 'general';
      checkEntries(
        this.fn,
        this.src,
        pos,
        mirrored ? `the ${M}×${N} ${this.symmetry} coordinate matrix (nnz ${entries}, up to twice that after mirroring)` : `the ${M}×${N} coordinate matrix (nnz)`,
        mirrored ? 2 * entries : entries,
        this.maxEntries,
      );
      checkEntries(this.fn, this.src, pos, `the ${M}×${N} coordinate matrix (rows + 1 row pointers)`, M + 1, this.maxEntries);
    }
    this.sizeLine = line;
    this.header = {
      format: this.format,
      field: this.field,
      symmetry: this.symmetry,
      rows: M,
      cols: N,
      entries,
      comments: this.comments,
      dataLine: nextLine,
      dataOffset: nextOffset,
    };
    return true;
  }

  /** The error for input that ends before the size line. */
  endError(line: number): Error {
    return parseError(
      this.fn,
      this.src,
      { line },
      this.sawBanner ? `unexpected end of input (expected the size line)` : `empty input (expected ${BANNER_RULE})`,
    );
  }
}

/**
 * @internal Smallest input length that can hold `entries` entry lines (each line is at least
 * one character per field plus separators; the last may lack its line break). Used to reject a
 * truncated input before allocating for its declared size.
 */
export function minDataLength(h: MatrixMarketHeader): number {
  if (h.entries === 0) return 0;
  const perLine = h.format === 'array' ? 2 : h.field === 'pattern' ? 4 : 6;
  return h.entries * perLine - 1;
}

/** @internal Throws when fewer characters remain than the declared entries need. */
export function checkPlausible(fn: string, src: string, pre: MmPreamble, h: MatrixMarketHeader, available: number): void {
  const need = minDataLength(h);
  if (available < need) {
    throw parseError(
      fn,
      src,
      { line: pre.sizeLine },
      `input is truncated: ${h.entries} entries need at least ${need} more characters but only ${available} remain`,
    );
  }
}

/**
 * @internal Per-line entry parser shared by the one-shot and streaming readers. Each call
 * parses one data line (non-blank, not a comment) and reports the entry.
 */
export class MmEntryParser {
  private readonly bounds = new Int32Array(8);
  /** Row (0-based) of the last parsed coordinate entry. */
  i = 0;
  /** Column (0-based) of the last parsed coordinate entry. */
  j = 0;
  /** Value of the last parsed entry. */
  v = 0;

  constructor(
    private readonly fn: string,
    private readonly src: string,
    readonly h: MatrixMarketHeader,
    private readonly checkFinite: boolean,
  ) {}

  /** 0 for a blank or comment line, 1 for an entry (then `i`, `j`, `v` are set for coordinate, `v` for array). */
  parse(s: string, a: number, b: number, line: number): 0 | 1 {
    const h = this.h;
    const bd = this.bounds;
    const want = h.format === 'array' ? 1 : h.field === 'pattern' ? 2 : 3;
    const n = splitWs(s, a, b, bd, 3);
    if (n === 0 || s.charCodeAt(bd[0]) === 37) return 0;
    const rule =
      h.format === 'array' ? 'one value per line' : h.field === 'pattern' ? "'row col' (pattern)" : `'row col value' (${h.field})`;
    if (n !== want) {
      throw parseError(this.fn, this.src, { line }, `entry has ${n > 3 ? 'more than 3' : n} field${n === 1 ? '' : 's'} (got ${quote(s.slice(a, b))}; expected ${rule})`);
    }
    if (h.format === 'coordinate') {
      const i = parseIndex(s, bd[0], bd[1]);
      const j = parseIndex(s, bd[2], bd[3]);
      if (i < 1 || i > h.rows) {
        throw parseError(this.fn, this.src, { line }, `row index out of range (got ${quote(s.slice(bd[0], bd[1]))}; expected an integer in 1..${h.rows})`);
      }
      if (j < 1 || j > h.cols) {
        throw parseError(this.fn, this.src, { line }, `column index out of range (got ${quote(s.slice(bd[2], bd[3]))}; expected an integer in 1..${h.cols})`);
      }
      this.i = i - 1;
      this.j = j - 1;
      if (h.field === 'pattern') {
        this.v = 1;
        return 1;
      }
      this.v = this.value(s.slice(bd[4], bd[5]), line);
      if (h.symmetry === 'skew-symmetric' && i === j && this.v !== 0) {
        throw parseError(this.fn, this.src, { line }, `skew-symmetric matrix has a nonzero diagonal entry (got ${quote(s.slice(a, b))}; expected 0 or no entry)`);
      }
      if (this.checkFinite && this.v - this.v !== 0) throw nonFiniteError(this.fn, this.src, { line }, this.v, `(${i - 1}, ${j - 1})`);
      return 1;
    }
    this.v = this.value(s.slice(bd[0], bd[1]), line);
    return 1;
  }

  private value(tok: string, line: number): number {
    if (this.h.field === 'integer') {
      const v = parseIntegerToken(tok);
      if (v === undefined) throw parseError(this.fn, this.src, { line }, `not an integer (got ${quote(tok)}; expected a decimal integer for the integer field)`);
      if (v === Infinity) throw parseError(this.fn, this.src, { line }, `integer too large (got ${quote(tok)}; expected magnitude at most 2^53, so that it is exact as a double)`);
      return v;
    }
    const v = parseReal(tok);
    if (v === undefined) throw parseError(this.fn, this.src, { line }, `not a number (got ${quote(tok)}; expected a decimal real such as -1.5e-3)`);
    return v;
  }
}

/** @internal (i, j) of array entry number k (0-based, in file order) for the header's symmetry. */
export function arrayFirstRow(h: MatrixMarketHeader, j: number): number {
  return h.symmetry === 'general' ? 0 : h.symmetry === 'symmetric' ? j : j + 1;
}

function toText(input: string | Uint8Array): string {
  return typeof input === 'string' ? input : bytesToBinaryString(input);
}

function srcOf(input: unknown, src?: string): string {
  return src ?? (input instanceof Uint8Array ? '<bytes>' : '<text>');
}

function checkInput(fn: string, input: unknown): void {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new InvalidArgumentError(fn, `input must be a string or a Uint8Array (got ${fmt(input)})`);
  }
}

/**
 * Reads the banner, comments and size line of Matrix Market text or bytes, without reading
 * (or allocating for) the entries. Cost O(length of the preamble).
 *
 * @throws ParseError (naming `<text>`/`<bytes>` and the line) on a malformed or unsupported
 *   banner or size line, or declared sizes beyond `maxEntries` (default 2²⁸).
 */
export function parseMatrixMarketHeader(input: string | Uint8Array, options: Pick<ReadLimitOptions, 'maxEntries'> = {}): MatrixMarketHeader {
  return mmHeaderImpl('parseMatrixMarketHeader', input, srcOf(input), resolveMaxEntries('parseMatrixMarketHeader', options.maxEntries));
}

/** @internal */
export function mmHeaderImpl(fn: string, input: string | Uint8Array, src: string, maxEntries: number): MatrixMarketHeader {
  checkInput(fn, input);
  const reader = new LineReader();
  const pre = new MmPreamble(fn, src, maxEntries, typeof input !== 'string');
  const CH = 1 << 16;
  const total = input.length;
  for (let at = 0; ; ) {
    const final = at >= total;
    while (reader.next(final)) {
      if (pre.line(reader.text, reader.start, reader.end, reader.line, reader.offset, reader.upcomingLine, reader.consumed)) {
        return pre.header as MatrixMarketHeader;
      }
    }
    if (final) throw pre.endError(reader.upcomingLine);
    const end = Math.min(total, at + CH);
    reader.feed(typeof input === 'string' ? input.slice(at, end) : bytesToBinaryString(input, at, end));
    at = end;
  }
}

/**
 * Parses Matrix Market text (a string) or bytes (a `Uint8Array`, read as ASCII) into a
 * DenseMatrix (`array` files) or a CsrMatrix (`coordinate` files); `as` converts. No file
 * system: this is the function to use in browsers and workers.
 *
 * Declared sizes are checked against `maxEntries` (default 2²⁸) and against the length of the
 * input before anything is allocated, so a header claiming 10¹² entries fails at once.
 *
 * Cost O(length of the input) to parse, plus for coordinate files O(nnz + rows) to build the
 * CSR matrix (duplicates summed in file order, columns sorted per row; see `csrFromCoo`).
 * Dense results are column-major.
 *
 * @param input - the file contents.
 * @param options - `as`, `keepZeros`, `checkFinite` (default true), `maxEntries`.
 * @throws ParseError naming `<text>` or `<bytes>`, the line, and what was expected, on any
 *   malformed, unsupported or truncated input; NonFiniteError (with `checkFinite`) naming the
 *   line and (i, j) of a NaN/±Infinity.
 * @example
 * ```ts
 * const A = parseMatrixMarket('%%MatrixMarket matrix coordinate real general\n2 2 1\n1 2 3.5\n');
 * // A is a 2×2 CsrMatrix with A(0, 1) = 3.5
 * ```
 */
export function parseMatrixMarket(input: string | Uint8Array, options: MatrixMarketReadOptions & { as: 'dense' }): DenseMatrix;
export function parseMatrixMarket(input: string | Uint8Array, options: MatrixMarketReadOptions & { as: 'csr' }): CsrMatrix;
export function parseMatrixMarket(input: string | Uint8Array, options?: MatrixMarketReadOptions): DenseMatrix | CsrMatrix;
export function parseMatrixMarket(input: string | Uint8Array, options?: MatrixMarketReadOptions): DenseMatrix | CsrMatrix {
  const fn = 'parseMatrixMarket';
  checkInput(fn, input);
  return parseMatrixMarketText(fn, toText(input), srcOf(input), resolveMmReadOptions(fn, options), typeof input !== 'string');
}

/** @internal The one-shot reader over a whole text (string indices = byte offsets for binary strings). */
export function parseMatrixMarketText(fn: string, text: string, src: string, cfg: MmReadConfig, binary = false): DenseMatrix | CsrMatrix {
  const reader = new LineReader();
  reader.feed(text);
  const pre = new MmPreamble(fn, src, cfg.maxEntries, binary);
  let done = false;
  while (reader.next(true)) {
    if (pre.line(reader.text, reader.start, reader.end, reader.line, reader.offset, reader.upcomingLine, reader.consumed)) {
      done = true;
      break;
    }
  }
  if (!done) throw pre.endError(reader.upcomingLine);
  const h = pre.header as MatrixMarketHeader;
  checkPlausible(fn, src, pre, h, text.length - reader.consumed);
  const asDense = cfg.as === 'dense' || (cfg.as === 'auto' && h.format === 'array');
  if (asDense && h.format === 'coordinate') {
    checkEntries(fn, src, { line: pre.sizeLine }, `the ${h.rows}×${h.cols} matrix (as: 'dense')`, h.rows * h.cols, cfg.maxEntries);
  }
  const parser = new MmEntryParser(fn, src, h, cfg.checkFinite);
  const M = h.rows, N = h.cols;
  let count = 0;
  const tooMany = (line: number): never => {
    throw parseError(fn, src, { line }, `more entries than declared (expected ${h.entries} after the size line on line ${pre.sizeLine})`);
  };
  const tooFew = (): never => {
    throw parseError(
      fn,
      src,
      { line: reader.upcomingLine },
      `unexpected end of input after ${count} entries (expected ${h.entries}, as declared on line ${pre.sizeLine})`,
    );
  };

  if (h.format === 'array') {
    const data = new Float64Array(M * N);
    const sym = h.symmetry;
    let j = 0;
    let i = arrayFirstRow(h, 0);
    while (j < N && i >= M) i = arrayFirstRow(h, ++j);
    while (reader.next(true)) {
      if (parser.parse(reader.text, reader.start, reader.end, reader.line) === 0) continue;
      if (count === h.entries) tooMany(reader.line);
      const v = parser.v;
      if (cfg.checkFinite && v - v !== 0) throw nonFiniteError(fn, src, { line: reader.line }, v, `(${i}, ${j})`);
      data[j * M + i] = v;
      if (i !== j && sym !== 'general') data[i * M + j] = sym === 'symmetric' ? v : -v;
      count++;
      if (++i >= M) {
        j++;
        i = arrayFirstRow(h, j);
        while (j < N && i >= M) i = arrayFirstRow(h, ++j);
      }
    }
    if (count < h.entries) tooFew();
    const D = fromColMajor(M, N, data);
    return asDense ? D : denseToCsr(M, N, data, cfg.keepZeros);
  }

  const mirrored = h.symmetry !== 'general';
  const skew = h.symmetry === 'skew-symmetric';
  if (asDense) {
    const data = new Float64Array(M * N);
    while (reader.next(true)) {
      if (parser.parse(reader.text, reader.start, reader.end, reader.line) === 0) continue;
      if (count === h.entries) tooMany(reader.line);
      count++;
      const { i, j, v } = parser;
      data[j * M + i] += v;
      if (mirrored && i !== j) data[i * M + j] += skew ? -v : v;
    }
    if (count < h.entries) tooFew();
    return fromColMajor(M, N, data);
  }
  const cap = mirrored ? 2 * h.entries : h.entries;
  const ri = new Int32Array(cap);
  const ci = new Int32Array(cap);
  const vv = new Float64Array(cap);
  let t = 0;
  while (reader.next(true)) {
    if (parser.parse(reader.text, reader.start, reader.end, reader.line) === 0) continue;
    if (count === h.entries) tooMany(reader.line);
    count++;
    const { i, j, v } = parser;
    ri[t] = i;
    ci[t] = j;
    vv[t++] = v;
    if (mirrored && i !== j) {
      ri[t] = j;
      ci[t] = i;
      vv[t++] = skew ? -v : v;
    }
  }
  if (count < h.entries) tooFew();
  return buildCsr(M, N, ri, ci, vv, t, cfg.keepZeros);
}

// ---------------------------------------------------------------------------------------------
// Writing

interface MmWriteConfig {
  format: MatrixMarketFormat;
  field: MatrixMarketField;
  symmetry: MatrixMarketSymmetry;
  comment: string | undefined;
  entryOrder: 'row' | 'col';
  checkFinite: boolean;
}

function choose<T extends string>(fn: string, name: string, x: unknown, choices: readonly T[], dflt: T): T {
  if (x === undefined) return dflt;
  if (typeof x !== 'string' || !(choices as readonly string[]).includes(x)) {
    throw new InvalidArgumentError(fn, `${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')} (got ${fmt(x)})`);
  }
  return x as T;
}

function resolveWrite(fn: string, A: unknown, o: MatrixMarketWriteOptions | undefined): MmWriteConfig {
  const opts = o ?? {};
  if (typeof opts !== 'object') throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(opts)})`);
  const isCsr = (A as { kind?: unknown } | null)?.kind === 'csr';
  const format = choose(fn, 'format', opts.format, FORMATS, isCsr ? 'coordinate' : 'array');
  const field = choose(fn, 'field', opts.field, FIELDS, 'real');
  const symmetry = choose(fn, 'symmetry', opts.symmetry, SYMMETRIES, 'general');
  const entryOrder = choose(fn, 'entryOrder', opts.entryOrder, ['row', 'col'] as const, 'row');
  if (format === 'array' && field === 'pattern') {
    throw new InvalidArgumentError(fn, `field 'pattern' needs format 'coordinate' (got format 'array')`);
  }
  if (opts.comment !== undefined && typeof opts.comment !== 'string') {
    throw new InvalidArgumentError(fn, `comment must be a string (got ${fmt(opts.comment)})`);
  }
  return { format, field, symmetry, comment: opts.comment, entryOrder, checkFinite: resolveBool(fn, 'checkFinite', opts.checkFinite, true) };
}

/** Entry access common to dense and CSR inputs. */
interface Source {
  rows: number;
  cols: number;
  /** Dense element (i, j), or undefined for a CSR input. */
  get?: (i: number, j: number) => number;
  csr?: CsrMatrix;
}

function sourceOf(fn: string, A: DenseMatrix | CsrMatrix, checkFinite: boolean): Source {
  if ((A as { kind?: unknown } | null)?.kind === 'csr') {
    if (checkFinite) assertCsr(fn, 'A', A);
    else assertCsrStructure(fn, 'A', A);
    const S = A as CsrMatrix;
    return { rows: S.rows, cols: S.cols, csr: S };
  }
  assertDenseMatrix(fn, 'A', A, false);
  if (checkFinite) assertFiniteMatrix(fn, 'A', A as DenseMatrix);
  const { data, offset, rowStride, colStride, rows, cols } = A as DenseMatrix;
  return { rows, cols, get: (i, j) => data[offset + i * rowStride + j * colStride] };
}

function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

function checkSymmetry(fn: string, s: Source, symmetry: MatrixMarketSymmetry): void {
  if (symmetry === 'general') return;
  if (s.rows !== s.cols) throw new InvalidArgumentError(fn, `A must be square for symmetry '${symmetry}' (got ${s.rows}×${s.cols})`);
  const skew = symmetry === 'skew-symmetric';
  const bad = (i: number, j: number, a: number, b: number): never => {
    const rule = skew ? (i === j ? 'a zero diagonal' : `A[${j}][${i}] = -A[${i}][${j}]`) : `A[${j}][${i}] = A[${i}][${j}]`;
    throw new InvalidArgumentError(fn, `A is not ${symmetry}: A[${i}][${j}] = ${a} and A[${j}][${i}] = ${b} (expected ${rule})`);
  };
  if (s.get) {
    const n = s.rows;
    for (let j = 0; j < n; j++) {
      if (skew && s.get(j, j) !== 0) bad(j, j, s.get(j, j), s.get(j, j));
      for (let i = j + 1; i < n; i++) {
        const a = s.get(i, j), b = s.get(j, i);
        if (!same(a, skew ? -b : b)) bad(i, j, a, b);
      }
    }
    return;
  }
  const S = s.csr as CsrMatrix;
  const T = csrTransposeKernel(S);
  for (let r = 0; r < S.rows; r++) {
    let p = S.indptr[r];
    const pe = S.indptr[r + 1];
    let q = T.indptr[r];
    const qe = T.indptr[r + 1];
    while (p < pe || q < qe) {
      const cp = p < pe ? S.indices[p] : Infinity;
      const cq = q < qe ? T.indices[q] : Infinity;
      const c = Math.min(cp, cq);
      const a = cp === c ? S.values[p++] : 0; // A[r][c]
      const b = cq === c ? T.values[q++] : 0; // A[c][r]
      if (skew && r === c && a !== 0) bad(r, r, a, a);
      if (!same(a, skew ? -b : b)) bad(r, c, a, b);
    }
  }
}

function formatValue(fn: string, field: MatrixMarketField, v: number, i: number, j: number): string {
  if (field === 'integer' && !(Number.isInteger(v) && Math.abs(v) <= 2 ** 53)) {
    throw new InvalidArgumentError(fn, `A[${i}][${j}] is not an integer of magnitude ≤ 2^53 (got ${v}; expected one for field 'integer')`);
  }
  return formatReal(v);
}

/**
 * @internal The file as a sequence of text chunks (each up to about 64 Ki lines), so that
 * large matrices can be written without building one huge string.
 */
export function* matrixMarketChunks(fn: string, A: DenseMatrix | CsrMatrix, options?: MatrixMarketWriteOptions): Generator<string> {
  const cfg = resolveWrite(fn, A, options);
  const s = sourceOf(fn, A, cfg.checkFinite);
  checkSymmetry(fn, s, cfg.symmetry);
  const { rows: M, cols: N } = s;
  const sym = cfg.symmetry;
  const lower = sym === 'general' ? -Infinity : sym === 'symmetric' ? 0 : 1; // keep entries with i − j ≥ lower
  // Validate every value first (integer field), so that nothing is produced for a bad input.
  let head = `%%MatrixMarket matrix ${cfg.format} ${cfg.field} ${sym}\n`;
  if (cfg.comment !== undefined) for (const line of cfg.comment.split(/\r?\n/)) head += `%${line.replace(/\r/g, '')}\n`;
  const out: string[] = [];
  const LINES = 1 << 16;

  if (cfg.format === 'array') {
    const get = s.get ?? csrGetter(s.csr as CsrMatrix);
    if (cfg.field === 'integer') for (let j = 0; j < N; j++) for (let i = sym === 'general' ? 0 : j + lower; i < M; i++) formatValue(fn, 'integer', get(i, j), i, j);
    yield `${head}${M} ${N}\n`;
    for (let j = 0; j < N; j++) {
      for (let i = sym === 'general' ? 0 : j + lower; i < M; i++) {
        out.push(formatReal(get(i, j)), '\n');
        if (out.length >= 2 * LINES) yield out.splice(0).join('');
      }
    }
    if (out.length) yield out.join('');
    return;
  }

  // Coordinate: collect the stored entries of the kept triangle, in the requested order.
  const entries = coordinateEntries(s, lower, cfg.entryOrder);
  if (cfg.field === 'integer') for (let t = 0; t < entries.count; t++) formatValue(fn, 'integer', entries.v(t), entries.i(t), entries.j(t));
  yield `${head}${M} ${N} ${entries.count}\n`;
  const pattern = cfg.field === 'pattern';
  for (let t = 0; t < entries.count; t++) {
    const i = entries.i(t), j = entries.j(t);
    if (pattern) out.push(`${i + 1} ${j + 1}\n`);
    else out.push(`${i + 1} ${j + 1} ${formatReal(entries.v(t))}\n`);
    if (out.length >= LINES) yield out.splice(0).join('');
  }
  if (out.length) yield out.join('');
}

/** Element getter over a CSR matrix (binary search in the row). */
function csrGetter(S: CsrMatrix): (i: number, j: number) => number {
  return (i, j) => {
    let lo = S.indptr[i], hi = S.indptr[i + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = S.indices[mid];
      if (c === j) return S.values[mid];
      if (c < j) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  };
}

interface EntryList {
  count: number;
  i(t: number): number;
  j(t: number): number;
  v(t: number): number;
}

function coordinateEntries(s: Source, lower: number, order: 'row' | 'col'): EntryList {
  const { rows: M, cols: N } = s;
  if (s.csr) {
    // Row order: A's own CSR; column order: the CSR of Aᵀ (rows of Aᵀ are columns of A).
    const byRow = order === 'row';
    const S = byRow ? s.csr : csrTransposeKernel(s.csr);
    const ii: number[] = [], jj: number[] = [], vv: number[] = [];
    for (let r = 0; r < S.rows; r++) {
      for (let t = S.indptr[r]; t < S.indptr[r + 1]; t++) {
        const i = byRow ? r : S.indices[t];
        const j = byRow ? S.indices[t] : r;
        if (i - j >= lower) {
          ii.push(i);
          jj.push(j);
          vv.push(S.values[t]);
        }
      }
    }
    return { count: ii.length, i: (t) => ii[t], j: (t) => jj[t], v: (t) => vv[t] };
  }
  const get = s.get as (i: number, j: number) => number;
  const ii: number[] = [], jj: number[] = [];
  const keep = (i: number, j: number): void => {
    const x = get(i, j);
    if (i - j >= lower && x !== 0) {
      ii.push(i);
      jj.push(j);
    }
  };
  if (order === 'row') for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) keep(i, j);
  else for (let j = 0; j < N; j++) for (let i = 0; i < M; i++) keep(i, j);
  return { count: ii.length, i: (t) => ii[t], j: (t) => jj[t], v: (t) => get(ii[t], jj[t]) };
}

/**
 * Formats a DenseMatrix or CsrMatrix as Matrix Market text. The input is never modified.
 *
 * - `array` writes every entry (the lower triangle for symmetric, the strict lower triangle
 *   for skew-symmetric), column by column.
 * - `coordinate` writes the nonzeros of a DenseMatrix, or the stored entries of a CsrMatrix
 *   (explicit zeros included), row by row (`entryOrder: 'col'` for column by column).
 *   Entries equal to −0 are zeros and are not written by a dense → coordinate conversion.
 * - `pattern` writes positions only; reading them back gives ones.
 *
 * Values are printed with the shortest decimal that reads back to the same double
 * (`String(x)`, `-0` kept), so `parseMatrixMarket(formatMatrixMarket(A))` equals A bit for bit
 * for real fields. Cost O(mn) for dense input, O(nnz + rows + cols) for CSR input (plus
 * O(n²) binary searches for a CSR written as an array).
 *
 * @throws InvalidArgumentError for a malformed matrix or option, a non-(skew-)symmetric A with
 *   a `symmetry` that says otherwise, or a non-integer value with `field: 'integer'`;
 *   NonFiniteError for NaN/±Infinity unless `checkFinite: false`.
 * @example
 * ```ts
 * formatMatrixMarket(csrFromCoo(2, 2, [0], [1], [3.5]));
 * // '%%MatrixMarket matrix coordinate real general\n2 2 1\n1 2 3.5\n'
 * ```
 */
export function formatMatrixMarket(A: DenseMatrix | CsrMatrix, options?: MatrixMarketWriteOptions): string {
  let s = '';
  for (const chunk of matrixMarketChunks('formatMatrixMarket', A, options)) s += chunk;
  return s;
}
