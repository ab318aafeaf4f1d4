/**
 * Delimited text (CSV, TSV): parse and format, without the file system.
 *
 * Reading follows RFC 4180 for quoting (fields may be wrapped in double quotes, a quote inside
 * is doubled, quoted fields may hold delimiters and line breaks), plus:
 * - a delimiter option (default `,`; any single character other than a quote or a line break,
 *   e.g. `\t` or `;`);
 * - comments: from the comment character (default `#`) outside quotes to the end of the line;
 *   blank and comment-only lines are skipped;
 * - header detection: with `header: 'auto'` (default) the first record is a header when any of
 *   its fields is not a number; the names come back in `header`;
 * - numbers in the syntax of {@link parseReal}: decimal reals, `nan`, `inf`, `Infinity` (any
 *   case), surrounding spaces ignored. Empty fields are errors.
 * Line breaks are `\n` or `\r\n`.
 *
 * @module
 */
import { InvalidArgumentError } from '../core/errors.js';
import { assertDenseMatrix } from '../core/interop.js';
import { fromColMajor, type DenseMatrix } from '../core/matrix.js';
import { assertFiniteMatrix, fmt } from '../core/validate.js';
import { HARD_MAX_ENTRIES, type ReadLimitOptions, formatReal, nonFiniteError, parseError, parseReal, quote, resolveBool, resolveMaxEntries } from './common.js';

/** Options of {@link parseCsv} and `readCsv`. */
export interface CsvReadOptions extends ReadLimitOptions {
  /** Field separator, one character (default `','`). */
  delimiter?: string;
  /** Comment character (default `'#'`); `null` turns comments off. */
  comment?: string | null;
  /**
   * `'auto'` (default): the first record is a header when one of its fields is not a number.
   * `true`: the first record is always a header. `false`: there is no header.
   */
  header?: 'auto' | boolean;
}

/** What {@link parseCsv} returns. */
export interface CsvResult {
  /** The numbers, rows × columns, column-major. */
  readonly matrix: DenseMatrix;
  /** The column names when the input has a header, else null. */
  readonly header: string[] | null;
}

/** Options of {@link formatCsv} and `writeCsv`. */
export interface CsvWriteOptions {
  /** Field separator, one character (default `','`). */
  delimiter?: string;
  /** Column names, written as the first line (quoted when needed). Length must equal cols. */
  header?: readonly string[];
  /** Comment text, written first as lines starting with `# `. */
  comment?: string;
  /** Reject NaN/±Infinity (default true). With false they are written as `NaN`, `Infinity`, `-Infinity`. */
  checkFinite?: boolean;
}

/** @internal Resolved reader options. */
export interface CsvConfig {
  delimiter: number;
  comment: number;
  header: 'auto' | boolean;
  maxEntries: number;
  checkFinite: boolean;
}

function charOption(fn: string, name: string, x: unknown): number {
  if (typeof x !== 'string' || x.length !== 1 || x === '"' || x === '\n' || x === '\r') {
    throw new InvalidArgumentError(fn, `${name} must be a single character other than a quote or a line break (got ${fmt(x)})`);
  }
  return x.charCodeAt(0);
}

/** @internal */
export function resolveCsvOptions(fn: string, o: CsvReadOptions | undefined): CsvConfig {
  const opts = o ?? {};
  if (typeof opts !== 'object') throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(opts)})`);
  const delimiter = charOption(fn, 'delimiter', opts.delimiter ?? ',');
  const comment = opts.comment === null ? -1 : charOption(fn, 'comment', opts.comment ?? '#');
  if (comment === delimiter) throw new InvalidArgumentError(fn, `comment and delimiter must differ (got ${fmt(opts.comment)} for both)`);
  const header = opts.header ?? 'auto';
  if (header !== 'auto' && header !== true && header !== false) {
    throw new InvalidArgumentError(fn, `header must be 'auto', true or false (got ${fmt(header)})`);
  }
  return {
    delimiter,
    comment,
    header,
    maxEntries: resolveMaxEntries(fn, opts.maxEntries),
    checkFinite: resolveBool(fn, 'checkFinite', opts.checkFinite, true),
  };
}

/**
 * @internal A pull-style CSV tokenizer over text fed in chunks. {@link CsvTokenizer.next}
 * returns the next record's fields (blank and comment lines skipped), or null when more input
 * is needed (or at the end, with `final`). `line` is the line where the record starts.
 */
export class CsvTokenizer {
  private buf = '';
  private pos = 0;
  private lineAtPos = 1;
  /** Line where the last returned record starts. */
  line = 0;
  /** For each field of the last record: true when it was quoted. */
  quoted: boolean[] = [];

  constructor(
    private readonly fn: string,
    private readonly src: string,
    private readonly delim: number,
    private readonly comment: number,
  ) {}

  feed(chunk: string): void {
    this.buf = this.pos > 0 ? this.buf.slice(this.pos) + chunk : this.buf + chunk;
    this.pos = 0;
  }

  /** Next record, or null when a complete record is not buffered (with `final`: at the end). */
  next(final: boolean): string[] | null {
    for (;;) {
      const r = this.record(final);
      if (r === null) return null;
      if (r.length > 0) return r;
    }
  }

  /** One physical record: [] for a blank/comment line, null when more input is needed. */
  private record(final: boolean): string[] | null {
    const s = this.buf;
    const n = s.length;
    const D = this.delim, C = this.comment;
    let k = this.pos;
    if (k >= n) return null;
    let line = this.lineAtPos;
    const startLine = line;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    let sawContent = false;
    for (;;) {
      // At the start of a field: skip leading spaces (unless they are the delimiter).
      let c = s.charCodeAt(k);
      while (k < n && (c === 32 || c === 9) && c !== D) c = s.charCodeAt(++k);
      if (k < n && c === 34 /* " */) {
        const openLine = line;
        let val = '';
        let from = k + 1;
        k++;
        for (;;) {
          const q = s.indexOf('"', k);
          if (q < 0) {
            if (!final) return null;
            throw parseError(this.fn, this.src, { line: openLine }, `unterminated quoted field (expected a closing '"' before the end of the input)`);
          }
          for (let t = s.indexOf('\n', k); t >= 0 && t < q; t = s.indexOf('\n', t + 1)) line++;
          if (q + 1 < n && s.charCodeAt(q + 1) === 34) {
            val += s.slice(from, q + 1);
            k = q + 2;
            from = k;
            continue;
          }
          if (q + 1 >= n && !final) return null; // a quote at the chunk end may be the first of a doubled pair
          val += s.slice(from, q);
          k = q + 1;
          break;
        }
        // After the closing quote: spaces, then a delimiter, a line break, a comment or the end.
        c = s.charCodeAt(k);
        while (k < n && (c === 32 || c === 9 || c === 13) && c !== D) c = s.charCodeAt(++k);
        if (k >= n && !final) return null; // the record may go on in the next chunk
        if (k < n && c !== D && c !== 10 && c !== C) {
          throw parseError(this.fn, this.src, { line }, `unexpected text after a closing quote (got ${quote(s.slice(k, k + 10))}; expected a delimiter or the end of the line)`);
        }
        fields.push(val);
        quoted.push(true);
        sawContent = true;
      } else {
        let e = k;
        while (e < n) {
          const d = s.charCodeAt(e);
          if (d === D || d === 10 || d === C) break;
          if (d === 34) {
            throw parseError(this.fn, this.src, { line }, `quote inside an unquoted field (got ${quote(s.slice(k, e + 1))}; expected quotes only around a whole field)`);
          }
          e++;
        }
        if (e >= n && !final) return null;
        const val = s.slice(k, e).trim();
        if (val.length > 0) sawContent = true;
        fields.push(val);
        quoted.push(false);
        k = e;
      }
      // k is at a delimiter, a line break, a comment character or the end.
      if (k < n && s.charCodeAt(k) === D) {
        k++;
        continue;
      }
      if (k < n && s.charCodeAt(k) === C) {
        const nl = s.indexOf('\n', k);
        if (nl < 0 && !final) return null;
        k = nl < 0 ? n : nl;
      }
      if (k < n) {
        k++; // the line break
        line++;
      }
      break;
    }
    this.pos = k;
    this.lineAtPos = line;
    this.line = startLine;
    this.quoted = quoted;
    const blank = !sawContent && fields.length === 1;
    return blank ? [] : fields;
  }
}

/** @internal True when every field reads as a number. */
export function allNumeric(fields: readonly string[]): boolean {
  for (const f of fields) if (parseReal(f) === undefined) return false;
  return true;
}

/**
 * @internal Decides whether the first record is a header and returns the column count. The
 * caller passes the first record; returns the header names or null.
 */
export function headerOf(cfg: CsvConfig, first: string[]): string[] | null {
  if (cfg.header === true) return first;
  if (cfg.header === false) return null;
  return allNumeric(first) ? null : first;
}

/** @internal Parses a data record into out[at…] (row-major), with its errors. */
export function parseRecordInto(
  fn: string,
  src: string,
  fields: readonly string[],
  line: number,
  row: number,
  cols: number,
  out: Float64Array,
  at: number,
  checkFinite: boolean,
): void {
  if (fields.length !== cols) {
    throw parseError(fn, src, { line }, `row ${row} has ${fields.length} field${fields.length === 1 ? '' : 's'} (expected ${cols}, as in the first row)`);
  }
  for (let c = 0; c < cols; c++) {
    const f = fields[c];
    const v = parseReal(f);
    if (v === undefined) {
      throw parseError(fn, src, { line }, `field ${c + 1} of row ${row} is not a number (got ${quote(f)}; expected a decimal real${f === '' ? ', not an empty field' : ''})`);
    }
    if (checkFinite && v - v !== 0) throw nonFiniteError(fn, src, { line }, v, `(${row}, ${c})`);
    out[at + c] = v;
  }
}

function checkInput(fn: string, input: unknown): void {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new InvalidArgumentError(fn, `input must be a string or a Uint8Array (got ${fmt(input)})`);
  }
}

/**
 * Parses delimited text (a string, or UTF-8 bytes) into a matrix and, when present, the header.
 * No file system: usable in browsers and workers.
 *
 * Cost O(length of the input); the matrix grows by doubling (at most `maxEntries` entries,
 * default 2²⁸) and is returned column-major.
 *
 * @throws ParseError naming `<text>`/`<bytes>`, the line and what was expected: a record whose
 *   field count differs from the first row's, a field that is not a number (after the header),
 *   a quote inside an unquoted field or text after a closing quote, an unterminated quoted
 *   field (naming the line where it opens), more than `maxEntries` values; NonFiniteError (with
 *   `checkFinite`, the default) naming the line and (row, column) of a NaN/±Infinity.
 * @example
 * ```ts
 * const { matrix, header } = parseCsv('x,y\n1,2\n3,4\n'); // header ['x', 'y'], matrix 2×2
 * ```
 */
export function parseCsv(input: string | Uint8Array, options?: CsvReadOptions): CsvResult {
  const fn = 'parseCsv';
  checkInput(fn, input);
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  return parseCsvText(fn, text, input instanceof Uint8Array ? '<bytes>' : '<text>', resolveCsvOptions(fn, options));
}

/** @internal */
export function parseCsvText(fn: string, text: string, src: string, cfg: CsvConfig): CsvResult {
  const tok = new CsvTokenizer(fn, src, cfg.delimiter, cfg.comment);
  tok.feed(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  let header: string[] | null = null;
  let cols = -1;
  let rows = 0;
  let buf = new Float64Array(0);
  const limit = Math.min(cfg.maxEntries, HARD_MAX_ENTRIES);
  for (let rec = tok.next(true); rec !== null; rec = tok.next(true)) {
    if (cols < 0) {
      cols = rec.length;
      header = headerOf(cfg, rec);
      if (header) continue;
    }
    if ((rows + 1) * cols > limit) {
      throw parseError(fn, src, { line: tok.line }, `more than ${limit} values (expected at most maxEntries = ${cfg.maxEntries}; raise the maxEntries option to read it)`);
    }
    if ((rows + 1) * cols > buf.length) {
      const grown = new Float64Array(Math.min(limit, Math.max(2 * buf.length, 1024, cols)));
      grown.set(buf);
      buf = grown;
    }
    parseRecordInto(fn, src, rec, tok.line, rows, cols, buf, rows * cols, cfg.checkFinite);
    rows++;
  }
  if (cols < 0) cols = 0;
  // Row-major buffer → column-major matrix.
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = buf[i * cols + j];
  return { matrix: fromColMajor(rows, cols, out), header };
}

// ---------------------------------------------------------------------------------------------
// Writing

function quoteField(name: string, delim: string): string {
  const needs =
    name.includes(delim) || name.includes('"') || name.includes('\n') || name.includes('\r') || name.includes('#') || name !== name.trim() || name === '';
  return needs ? `"${name.replace(/"/g, '""')}"` : name;
}

/** @internal The text in chunks of about 64 Ki lines. */
export function* csvChunks(fn: string, A: DenseMatrix, options?: CsvWriteOptions): Generator<string> {
  const opts = options ?? {};
  if (typeof opts !== 'object') throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(opts)})`);
  const delim = opts.delimiter ?? ',';
  charOption(fn, 'delimiter', delim);
  if (delim === '#' || delim === '-' || delim === '+' || delim === '.' || delim === 'e' || delim === 'E' || /\d/.test(delim)) {
    throw new InvalidArgumentError(fn, `delimiter ${fmt(delim)} can occur inside numbers or comments (expected e.g. ',', ';', '\\t' or ' ')`);
  }
  assertDenseMatrix(fn, 'A', A, false);
  if (resolveBool(fn, 'checkFinite', opts.checkFinite, true)) assertFiniteMatrix(fn, 'A', A);
  const { rows, cols, data, offset, rowStride, colStride } = A;
  let head = '';
  if (opts.comment !== undefined) {
    if (typeof opts.comment !== 'string') throw new InvalidArgumentError(fn, `comment must be a string (got ${fmt(opts.comment)})`);
    for (const line of opts.comment.split(/\r?\n/)) head += `# ${line}\n`;
  }
  if (opts.header !== undefined) {
    const h = opts.header;
    if (!Array.isArray(h) || h.some((x) => typeof x !== 'string')) throw new InvalidArgumentError(fn, `header must be an array of strings (got ${fmt(h)})`);
    if (h.length !== cols) throw new InvalidArgumentError(fn, `header has ${h.length} names but A has ${cols} columns`);
    head += `${h.map((x) => quoteField(x, delim)).join(delim)}\n`;
  }
  if (head) yield head;
  const out: string[] = [];
  const row: string[] = new Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) row[j] = formatReal(data[offset + i * rowStride + j * colStride]);
    out.push(row.join(delim), '\n');
    if (out.length >= 1 << 16) yield out.splice(0).join('');
  }
  if (out.length) yield out.join('');
}

/**
 * Formats a DenseMatrix as delimited text, one row per line, every value printed with the
 * shortest decimal that reads back to the same double (`-0` kept), so
 * `parseCsv(formatCsv(A)).matrix` equals A bit for bit. An optional header line (names quoted
 * when they contain the delimiter, a quote, `#`, a line break or surrounding spaces) and
 * comment lines come first. The input is never modified. Cost O(mn).
 *
 * Note: a header whose names all look like numbers is read back as data by `header: 'auto'`;
 * read such files with `header: true`.
 *
 * @throws InvalidArgumentError for a malformed matrix, header or delimiter (one that can occur
 *   in a number, such as `.` or `e`, is refused); NonFiniteError for NaN/±Infinity unless
 *   `checkFinite: false`.
 */
export function formatCsv(A: DenseMatrix, options?: CsvWriteOptions): string {
  let s = '';
  for (const c of csvChunks('formatCsv', A, options)) s += c;
  return s;
}
