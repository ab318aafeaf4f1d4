/**
 * Shared pieces of the matrix file formats: error construction with positions, size limits
 * checked before allocation, number parsing and formatting that round-trip float64 exactly, a
 * pull-style line reader that works on whole texts and on chunked input alike, and a
 * COO → CSR builder that keeps non-finite values (the readers check finiteness themselves).
 *
 * Nothing here uses Node APIs.
 *
 * @internal
 * @module
 */
import { cooToCsrKernel, type CsrMatrix } from '../core/csr.js';
import { DimensionError, InvalidArgumentError, NonFiniteError, ParseError } from '../core/errors.js';
import { fmt } from '../core/validate.js';

/** Default cap on the number of entries a reader allocates for (2²⁸, i.e. 2 GiB of doubles). */
export const DEFAULT_MAX_ENTRIES = 2 ** 28;
/** Hard cap: typed-array and Int32 index limits (2³¹ − 1). */
export const HARD_MAX_ENTRIES = 2 ** 31 - 1;

/** Options every reader takes. */
export interface ReadLimitOptions {
  /**
   * Largest number of stored entries (rows·cols for dense data, nnz for sparse data, also
   * rows + 1 for CSR row pointers) a reader may allocate for. Declared sizes are checked
   * against it before anything is allocated. Default 2²⁸; never more than 2³¹ − 1.
   */
  maxEntries?: number;
  /**
   * Throw {@link NonFiniteError} (naming the position) on NaN or ±Infinity in the data.
   * Default true. With false, such values are read as they are (randnla's computing
   * functions will still reject them).
   */
  checkFinite?: boolean;
}

/** Resolves and validates `maxEntries`. */
export function resolveMaxEntries(fn: string, x: unknown): number {
  if (x === undefined) return DEFAULT_MAX_ENTRIES;
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > HARD_MAX_ENTRIES) {
    throw new InvalidArgumentError(fn, `maxEntries must be an integer in [0, ${HARD_MAX_ENTRIES}] (got ${fmt(x)})`);
  }
  return x;
}

/** Resolves and validates a boolean option. */
export function resolveBool(fn: string, name: string, x: unknown, dflt: boolean): boolean {
  if (x === undefined) return dflt;
  if (typeof x !== 'boolean') throw new InvalidArgumentError(fn, `${name} must be a boolean (got ${fmt(x)})`);
  return x;
}

/** A position in an input: a 1-based line number or a 0-based byte offset. */
export type Position = { line: number } | { byte: number };

/** `<src>, line 3` or `<src>, byte 128`. */
export function where(src: string, pos: Position): string {
  return 'line' in pos ? `${src}, line ${pos.line}` : `${src}, byte ${pos.byte}`;
}

/** A {@link ParseError} whose message reads `fn: <src>, line N: what`. */
export function parseError(fn: string, src: string, pos: Position, what: string): ParseError {
  return new ParseError(fn, `${where(src, pos)}: ${what}`);
}

/** A {@link NonFiniteError} naming the position of a NaN/±Infinity read from a file. */
export function nonFiniteError(fn: string, src: string, pos: Position, v: number, at: string): NonFiniteError {
  return new NonFiniteError(
    fn,
    `${where(src, pos)}: non-finite value ${v} at ${at} (expected a finite number; pass { checkFinite: false } to read it as is)`,
  );
}

/** Shortens a piece of input for an error message. */
export function quote(s: string, max = 40): string {
  const t = s.length > max ? `${s.slice(0, max)}…` : s;
  return `'${t.replace(/\r/g, '\\r').replace(/\n/g, '\\n')}'`;
}

/**
 * Checks a declared entry count against the limits before any allocation.
 *
 * @param what - e.g. `'1000000×1000000 array'`.
 */
export function checkEntries(fn: string, src: string, pos: Position, what: string, count: number, maxEntries: number): void {
  if (!(count <= maxEntries)) {
    const rule =
      maxEntries < HARD_MAX_ENTRIES
        ? `at most maxEntries = ${maxEntries}; raise the maxEntries option to read it`
        : `at most ${maxEntries}`;
    throw parseError(fn, src, pos, `${what} declares ${count} entries (expected ${rule})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Numbers

const NON_FINITE = new Map<string, number>([
  ['nan', NaN],
  ['+nan', NaN],
  ['-nan', NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity],
]);
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const FORTRAN_REAL = /^[+-]?(\d+\.?\d*|\.\d+)[dD][+-]?\d+$/;

/**
 * Parses a decimal real: `[+-]digits[.digits][e[+-]digits]`, also `nan`, `inf`, `infinity`
 * (any case, optionally signed) and a Fortran `D` exponent. Returns undefined for anything
 * else (hexadecimal, binary, octal and empty tokens included). Exact: the result is the
 * double nearest to the decimal value, so `parseReal(formatReal(x)) === x` bit for bit.
 */
export function parseReal(tok: string): number | undefined {
  if (DECIMAL.test(tok)) return +tok;
  const special = tok.length <= 9 ? NON_FINITE.get(tok.toLowerCase()) : undefined;
  if (special !== undefined) return special;
  if (FORTRAN_REAL.test(tok)) return +tok.replace(/[dD]/, 'e');
  return undefined;
}

const INTEGER = /^[+-]?\d+$/;

/**
 * Parses a decimal integer token. Returns undefined when the token is not an integer, and
 * `Infinity` when its magnitude exceeds 2⁵³ (it would not be represented exactly).
 */
export function parseIntegerToken(tok: string): number | undefined {
  if (!INTEGER.test(tok)) return undefined;
  const digits = tok.replace(/^[+-]?0*/, '');
  if (digits.length > 16 || (digits.length === 16 && digits > '9007199254740992')) return Infinity;
  return +tok;
}

/**
 * Parses a non-negative decimal integer in s[a, b) without allocating. Returns -1 when the
 * characters are not all digits (or there are none), and Infinity past 2⁵³.
 */
export function parseIndex(s: string, a: number, b: number): number {
  if (b <= a) return -1;
  let v = 0;
  for (let k = a; k < b; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v <= 2 ** 53 ? v : Infinity;
}

/**
 * The shortest decimal string that reads back to exactly x (ECMAScript `Number::toString`),
 * with `-0` kept (`String(-0)` is `'0'`). NaN and ±Infinity give `NaN`, `Infinity`, `-Infinity`,
 * which {@link parseReal} (and Python's `float`) read back.
 */
export function formatReal(x: number): string {
  return x === 0 && 1 / x < 0 ? '-0' : String(x);
}

/**
 * Splits s[a, b) at runs of spaces and tabs (and a trailing carriage return). Writes token
 * boundaries into `bounds` (start, end pairs) and returns the number of tokens, stopping after
 * `max` tokens (a return value of `max + 1` means there were more).
 */
export function splitWs(s: string, a: number, b: number, bounds: Int32Array, max: number): number {
  let n = 0;
  let k = a;
  while (k < b) {
    let c = s.charCodeAt(k);
    while (k < b && (c === 32 || c === 9 || c === 13)) c = s.charCodeAt(++k);
    if (k >= b) break;
    if (n === max) return max + 1;
    const start = k;
    while (k < b && c !== 32 && c !== 9 && c !== 13) c = s.charCodeAt(++k);
    bounds[2 * n] = start;
    bounds[2 * n + 1] = k;
    n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Text

/**
 * Decodes bytes one character per byte (ISO-8859-1), so that string indices are byte offsets.
 * Used for formats whose data is ASCII (Matrix Market, the .npy header). Pure JS.
 */
export function bytesToBinaryString(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const CH = 8192;
  let out = '';
  for (let k = start; k < end; k += CH) {
    out += String.fromCharCode.apply(null, bytes.subarray(k, Math.min(end, k + CH)) as unknown as number[]);
  }
  return out;
}

/**
 * A pull-style line reader over text that arrives whole or in chunks. Feed chunks with
 * {@link LineReader.feed}; {@link LineReader.next} advances to the next complete line and
 * exposes it as `text.slice(start, end)` (without the line break and a trailing `\r`), its
 * 1-based number `line` and its offset `offset` (a byte offset when the chunks are binary
 * strings). With `final`, the last line may lack a line break.
 */
export class LineReader {
  /** Buffered text. The current line is `text.slice(start, end)`. */
  text = '';
  start = 0;
  end = 0;
  /** 1-based number of the current line. */
  line: number;
  /** Offset (in input units) of the current line's first character. */
  offset = 0;
  private pos = 0;
  private base: number;
  private nextLine: number;

  constructor(firstLine = 1, firstOffset = 0) {
    this.nextLine = firstLine;
    this.line = firstLine - 1;
    this.base = firstOffset;
  }

  /** Appends a chunk (dropping what has already been consumed). */
  feed(chunk: string): void {
    if (this.pos > 0) {
      this.base += this.pos;
      this.text = this.text.slice(this.pos) + chunk;
      this.start -= this.pos;
      this.end -= this.pos;
      this.pos = 0;
    } else {
      this.text += chunk;
    }
  }

  /** Offset just past everything consumed so far. */
  get consumed(): number {
    return this.base + this.pos;
  }

  /** Number the next line will get. */
  get upcomingLine(): number {
    return this.nextLine;
  }

  /** Advances to the next line; false when no complete line is buffered (or at the end, if final). */
  next(final: boolean): boolean {
    const t = this.text;
    if (this.pos >= t.length) return false;
    let nl = t.indexOf('\n', this.pos);
    let after: number;
    if (nl < 0) {
      if (!final) return false;
      nl = t.length;
      after = nl;
    } else {
      after = nl + 1;
    }
    let e = nl;
    if (e > this.pos && t.charCodeAt(e - 1) === 13) e--;
    this.start = this.pos;
    this.end = e;
    this.offset = this.base + this.pos;
    this.line = this.nextLine++;
    this.pos = after;
    return true;
  }

  /** The current line as a string. */
  current(): string {
    return this.text.slice(this.start, this.end);
  }
}

/** True when s[a, b) holds only spaces, tabs and carriage returns. */
export function isBlank(s: string, a: number, b: number): boolean {
  for (let k = a; k < b; k++) {
    const c = s.charCodeAt(k);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// COO → CSR

/**
 * Builds a canonical CSR matrix from the first `n` triplets (ri, ci, v) with the same kernel as
 * `csrFromCoo` (stable grouping by row, stable sort by column, duplicates summed in input order,
 * zeros dropped unless `keepZeros`), without validation: the readers validate indices while
 * parsing and check finiteness themselves, so NaN/±Infinity pass through here.
 */
export function buildCsr(
  rows: number,
  cols: number,
  ri: Int32Array,
  ci: Int32Array,
  v: Float64Array,
  n: number,
  keepZeros: boolean,
): CsrMatrix {
  return cooToCsrKernel('buildCsr', rows, cols, ri, ci, v, n, keepZeros, undefined, false);
}

/** CSR of the entries of a column-major dense block that are nonzero (or all stored if keepZeros). */
export function denseToCsr(rows: number, cols: number, data: Float64Array, keepZeros: boolean): CsrMatrix {
  // data is column-major rows×cols.
  const indptr = new Int32Array(rows + 1);
  for (let j = 0; j < cols; j++) {
    const base = j * rows;
    for (let i = 0; i < rows; i++) if (keepZeros || data[base + i] !== 0) indptr[i + 1]++;
  }
  for (let r = 0; r < rows; r++) indptr[r + 1] += indptr[r];
  const nnz = indptr[rows];
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const next = indptr.slice(0, rows);
  for (let j = 0; j < cols; j++) {
    const base = j * rows;
    for (let i = 0; i < rows; i++) {
      const x = data[base + i];
      if (keepZeros || x !== 0) {
        const p = next[i]++;
        indices[p] = j;
        values[p] = x;
      }
    }
  }
  return { kind: 'csr', rows, cols, indptr, indices, values };
}

/** Describes an input for error messages: the path, `<bytes>` or `<text>`. */
export function describeInput(x: unknown): string {
  return x instanceof Uint8Array ? '<bytes>' : '<text>';
}

/**
 * Structural check of a CSR matrix (as `assertCsr`, without the finiteness check), for writers
 * called with `checkFinite: false`. Cost O(nnz + rows).
 */
export function assertCsrStructure(fn: string, name: string, S: unknown): asserts S is CsrMatrix {
  const s = S as Record<string, unknown> | null;
  if (typeof s !== 'object' || s === null || s.kind !== 'csr') throw new InvalidArgumentError(fn, `${name} must be a CsrMatrix (got ${fmt(S)})`);
  const { rows, cols, indptr, indices, values } = s;
  for (const [k, v] of [['rows', rows], ['cols', cols]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > HARD_MAX_ENTRIES) {
      throw new InvalidArgumentError(fn, `${name}.${k} must be an integer in [0, ${HARD_MAX_ENTRIES}] (got ${fmt(v)})`);
    }
  }
  if (!(indptr instanceof Int32Array) || !(indices instanceof Int32Array) || !(values instanceof Float64Array)) {
    throw new InvalidArgumentError(fn, `${name} must have Int32Array indptr and indices and a Float64Array values`);
  }
  const m = rows as number, n = cols as number;
  if (indptr.length !== m + 1) throw new DimensionError(fn, `${name}.indptr has length ${indptr.length} but rows + 1 is ${m + 1}`);
  if (indptr[0] !== 0) throw new InvalidArgumentError(fn, `${name}.indptr[0] must be 0 (got ${indptr[0]})`);
  const nnz = indptr[m];
  if (indices.length !== nnz || values.length !== nnz) {
    throw new DimensionError(fn, `${name}.indices and ${name}.values must have length indptr[rows] = ${nnz} (got ${indices.length} and ${values.length})`);
  }
  for (let i = 0; i < m; i++) {
    const a = indptr[i], b = indptr[i + 1];
    if (b < a) throw new InvalidArgumentError(fn, `${name}.indptr must be non-decreasing (got indptr[${i + 1}] = ${b} < indptr[${i}] = ${a})`);
    let prev = -1;
    for (let t = a; t < b; t++) {
      const j = indices[t];
      if (j < 0 || j >= n || j <= prev) {
        throw new InvalidArgumentError(fn, `${name} row ${i} has a column index out of range or out of order at entry ${t} (got ${j}; expected strictly increasing in [0, ${n - 1}])`);
      }
      prev = j;
    }
  }
}
