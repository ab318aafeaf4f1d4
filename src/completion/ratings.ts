/**
 * Readers for rating data (user, item, rating triples) from text: whitespace- or
 * separator-delimited lines (MovieLens `u.data`, `ratings.dat`), CSV with a header
 * (`ratings.csv`), and Matrix Market coordinate files. No Node API: `readRatings` in `./files.ts`
 * adds the file system.
 *
 * @module
 */
import type { CsrMatrix } from '../core/csr.js';
import { InvalidArgumentError } from '../core/errors.js';
import { fmt } from '../core/validate.js';
import { nonFiniteError, parseError, parseIntegerToken, parseReal, quote, resolveMaxEntries } from '../io/common.js';
import { CsvTokenizer } from '../io/csv.js';
import { parseMatrixMarketText, resolveMmReadOptions } from '../io/matrixMarket.js';
import { observations, type DuplicatePolicy, type Observations } from './observations.js';

/** Input layouts understood by {@link parseRatings}. */
export type RatingsFormat = 'auto' | 'whitespace' | 'csv' | 'matrix-market';

/** Options of {@link parseRatings} and `readRatings`. */
export interface ParseRatingsOptions {
  /**
   * `'auto'` (default): Matrix Market when the text starts with `%%MatrixMarket`; otherwise
   * `'csv'` when the first data line holds a comma, `'whitespace'` with separator `'::'` when it
   * holds `::` (MovieLens 1M), else `'whitespace'`.
   * - `'whitespace'`: one rating per line, fields separated by runs of spaces and tabs (or by
   *   `delimiter`); extra fields (timestamps) are ignored; lines starting with `#` or `%` and
   *   blank lines are skipped.
   * - `'csv'`: RFC 4180 CSV (quoted fields allowed), `#` comments, `delimiter` one character.
   * - `'matrix-market'`: a coordinate (or array) Matrix Market file; indices are the file's
   *   1-based indices, the shape is the declared one, `pattern` entries are 1, symmetric files
   *   are expanded, and repeated entries are summed (as `parseMatrixMarket` does).
   */
  readonly format?: RatingsFormat;
  /** Field separator: any non-empty string for `'whitespace'` (default: runs of blanks), one character for `'csv'` (default `,`). */
  readonly delimiter?: string;
  /**
   * Whether the first record is a header: `'auto'` (default) decides by the rating field
   * (not a number → header), `true`, or `false`. Column names in `columns` need a header.
   */
  readonly header?: 'auto' | boolean;
  /** The user, item and rating fields, by 0-based position or (with a header) by name. Default `[0, 1, 2]`. */
  readonly columns?: readonly [string | number, string | number, string | number];
  /**
   * `'map'` (default): ids are strings, numbered 0, 1, … in order of first appearance
   * (`rowIds`/`colIds` give them back). `'index'`: ids are integers used as indices after
   * subtracting `indexBase`.
   */
  readonly ids?: 'map' | 'index';
  /** With `ids: 'index'`: the id of the first row and column (default 0; 1 for MovieLens-style ids). */
  readonly indexBase?: number;
  /** Shape override: at least the number of distinct (or largest) user / item ids. */
  readonly rows?: number;
  readonly cols?: number;
  /** Policy for a user rating an item twice (default `'average'`; see {@link DuplicatePolicy}). */
  readonly duplicates?: DuplicatePolicy;
  /** Largest number of ratings read (default 2²⁸). */
  readonly maxEntries?: number;
}

/** Result of {@link parseRatings}. */
export interface RatingsResult {
  /** The ratings as canonical observations (users are rows, items are columns). */
  readonly observations: Observations;
  /** Row index → user id (`ids: 'map'`), else null. */
  readonly rowIds: readonly string[] | null;
  /** Column index → item id (`ids: 'map'`), else null. */
  readonly colIds: readonly string[] | null;
  /** User id → row index (`ids: 'map'`), else null. */
  readonly rowIndex: ReadonlyMap<string, number> | null;
  /** Item id → column index (`ids: 'map'`), else null. */
  readonly colIndex: ReadonlyMap<string, number> | null;
}

interface Config {
  format: RatingsFormat;
  delimiter: string | undefined;
  header: 'auto' | boolean;
  columns: readonly [string | number, string | number, string | number];
  ids: 'map' | 'index';
  indexBase: number;
  rows: number | undefined;
  cols: number | undefined;
  duplicates: DuplicatePolicy;
  maxEntries: number;
}

function resolve(fn: string, o: ParseRatingsOptions | undefined): Config {
  const opts = o ?? {};
  if (typeof opts !== 'object' || opts === null) throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(opts)})`);
  const format = opts.format ?? 'auto';
  if (!['auto', 'whitespace', 'csv', 'matrix-market'].includes(format)) {
    throw new InvalidArgumentError(fn, `options.format must be one of 'auto', 'whitespace', 'csv', 'matrix-market' (got ${fmt(format)})`);
  }
  const delimiter = opts.delimiter;
  if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter.length === 0 || /[\r\n]/.test(delimiter))) {
    throw new InvalidArgumentError(fn, `options.delimiter must be a non-empty string without line breaks (got ${fmt(delimiter)})`);
  }
  const header = opts.header ?? 'auto';
  if (header !== 'auto' && header !== true && header !== false) throw new InvalidArgumentError(fn, `options.header must be 'auto', true or false (got ${fmt(header)})`);
  const columns = opts.columns ?? [0, 1, 2];
  if (!Array.isArray(columns) || columns.length !== 3 || !columns.every((c) => (typeof c === 'number' && Number.isInteger(c) && c >= 0) || typeof c === 'string')) {
    throw new InvalidArgumentError(fn, `options.columns must be three field positions (integers ≥ 0) or names [user, item, rating] (got ${fmt(columns)})`);
  }
  const ids = opts.ids ?? 'map';
  if (ids !== 'map' && ids !== 'index') throw new InvalidArgumentError(fn, `options.ids must be 'map' or 'index' (got ${fmt(ids)})`);
  const indexBase = opts.indexBase ?? 0;
  if (typeof indexBase !== 'number' || !Number.isInteger(indexBase)) throw new InvalidArgumentError(fn, `options.indexBase must be an integer (got ${fmt(indexBase)})`);
  for (const key of ['rows', 'cols'] as const) {
    const x = opts[key];
    if (x !== undefined && (typeof x !== 'number' || !Number.isInteger(x) || x < 1 || x > 2 ** 31 - 1)) {
      throw new InvalidArgumentError(fn, `options.${key} must be an integer in [1, ${2 ** 31 - 1}] (got ${fmt(x)})`);
    }
  }
  return {
    format,
    delimiter,
    header,
    columns,
    ids,
    indexBase,
    rows: opts.rows,
    cols: opts.cols,
    duplicates: opts.duplicates ?? 'average',
    maxEntries: resolveMaxEntries(fn, opts.maxEntries),
  };
}

/** Growable coordinate lists plus the id maps. */
class Collector {
  readonly rowMap = new Map<string, number>();
  readonly colMap = new Map<string, number>();
  readonly rowIds: string[] = [];
  readonly colIds: string[] = [];
  i = new Int32Array(1024);
  j = new Int32Array(1024);
  v = new Float64Array(1024);
  n = 0;
  maxRow = -1;
  maxCol = -1;

  constructor(private readonly fn: string, private readonly src: string, private readonly cfg: Config) {}

  private index(tok: string, map: Map<string, number>, list: string[], line: number, what: string): number {
    if (this.cfg.ids === 'map') {
      let x = map.get(tok);
      if (x === undefined) {
        x = list.length;
        map.set(tok, x);
        list.push(tok);
      }
      return x;
    }
    const id = parseIntegerToken(tok);
    const x = id === undefined ? -1 : id - this.cfg.indexBase;
    if (id === undefined || !(x >= 0 && x <= 2 ** 31 - 2)) {
      throw parseError(this.fn, this.src, { line }, `${what} id ${quote(tok)} is not an integer ≥ indexBase = ${this.cfg.indexBase} (ids: 'index')`);
    }
    return x;
  }

  add(userTok: string, itemTok: string, ratingTok: string, line: number): void {
    if (this.n >= this.cfg.maxEntries) {
      throw parseError(this.fn, this.src, { line }, `more than maxEntries = ${this.cfg.maxEntries} ratings (raise the maxEntries option to read them)`);
    }
    const r = parseReal(ratingTok);
    if (r === undefined) throw parseError(this.fn, this.src, { line }, `the rating ${quote(ratingTok)} is not a number`);
    if (r - r !== 0) throw nonFiniteError(this.fn, this.src, { line }, r, 'the rating field');
    const a = this.index(userTok, this.rowMap, this.rowIds, line, 'user');
    const b = this.index(itemTok, this.colMap, this.colIds, line, 'item');
    if (this.n === this.i.length) {
      const grow = <T extends Int32Array | Float64Array>(x: T, make: (len: number) => T): T => {
        const y = make(2 * x.length);
        y.set(x);
        return y;
      };
      this.i = grow(this.i, (l) => new Int32Array(l));
      this.j = grow(this.j, (l) => new Int32Array(l));
      this.v = grow(this.v, (l) => new Float64Array(l));
    }
    this.i[this.n] = a;
    this.j[this.n] = b;
    this.v[this.n++] = r;
    if (a > this.maxRow) this.maxRow = a;
    if (b > this.maxCol) this.maxCol = b;
  }

  finish(): RatingsResult {
    const cfg = this.cfg;
    const needRows = this.maxRow + 1, needCols = this.maxCol + 1;
    if (this.n === 0) throw parseError(this.fn, this.src, { line: 1 }, `no ratings found (expected lines 'user item rating')`);
    const rows = cfg.rows ?? needRows, cols = cfg.cols ?? needCols;
    if (rows < needRows) throw new InvalidArgumentError(this.fn, `options.rows is ${rows} but the data has ${needRows} users (expected rows ≥ ${needRows})`);
    if (cols < needCols) throw new InvalidArgumentError(this.fn, `options.cols is ${cols} but the data has ${needCols} items (expected cols ≥ ${needCols})`);
    const obs = observations(rows, cols, this.i.subarray(0, this.n), this.j.subarray(0, this.n), this.v.subarray(0, this.n), { duplicates: cfg.duplicates });
    const map = cfg.ids === 'map';
    return {
      observations: obs,
      rowIds: map ? this.rowIds : null,
      colIds: map ? this.colIds : null,
      rowIndex: map ? this.rowMap : null,
      colIndex: map ? this.colMap : null,
    };
  }
}

function fieldIndex(fn: string, src: string, col: string | number, header: string[] | null, line: number): number {
  if (typeof col === 'number') return col;
  if (header === null) throw new InvalidArgumentError(fn, `options.columns names the field '${col}' but the input has no header (expected positions, or header: true)`);
  const k = header.indexOf(col);
  if (k < 0) throw parseError(fn, src, { line }, `no field named '${col}' in the header (got ${header.map((h) => `'${h}'`).join(', ')})`);
  return k;
}

function firstDataLine(text: string): string {
  let a = 0;
  while (a < text.length) {
    let b = text.indexOf('\n', a);
    if (b < 0) b = text.length;
    const line = text.slice(a, b).trim();
    if (line.length > 0 && line[0] !== '#' && line[0] !== '%') return line;
    a = b + 1;
  }
  return '';
}

/** @internal parseRatings with the function name and source name given. */
export function parseRatingsText(fn: string, text: string, src: string, options: ParseRatingsOptions | undefined): RatingsResult {
  const cfg = resolve(fn, options);
  let format = cfg.format;
  let delimiter = cfg.delimiter;
  if (format === 'auto') {
    if (/^\s*%%matrixmarket/i.test(text.slice(0, 64))) format = 'matrix-market';
    else {
      const first = firstDataLine(text);
      if (delimiter !== undefined) format = delimiter.length === 1 && delimiter !== ' ' ? 'csv' : 'whitespace';
      else if (first.includes('::')) {
        format = 'whitespace';
        delimiter = '::';
      } else format = first.includes(',') ? 'csv' : 'whitespace';
    }
  }
  if (format === 'matrix-market') return fromMatrixMarket(fn, text, src, cfg);
  const out = new Collector(fn, src, cfg);
  if (format === 'csv') {
    const d = delimiter ?? ',';
    if (d.length !== 1 || d === '"') throw new InvalidArgumentError(fn, `options.delimiter must be one character other than a quote for CSV (got ${fmt(d)})`);
    const tok = new CsvTokenizer(fn, src, d.charCodeAt(0), 35 /* # */);
    tok.feed(text);
    readRecords(fn, src, cfg, () => {
      const r = tok.next(true);
      return r === null ? null : { fields: r, line: tok.line };
    }, out);
  } else {
    let a = 0;
    let lineNo = 0;
    readRecords(fn, src, cfg, () => {
      while (a < text.length) {
        let b = text.indexOf('\n', a);
        if (b < 0) b = text.length;
        lineNo++;
        const line = text.slice(a, b).trim();
        a = b + 1;
        if (line.length === 0 || line[0] === '#' || line[0] === '%') continue;
        const fields = delimiter === undefined ? line.split(/[ \t]+/) : line.split(delimiter).map((f) => f.trim());
        return { fields, line: lineNo };
      }
      return null;
    }, out);
  }
  return out.finish();
}

function readRecords(
  fn: string,
  src: string,
  cfg: Config,
  next: () => { fields: string[]; line: number } | null,
  out: Collector,
): void {
  let rec = next();
  if (rec === null) throw parseError(fn, src, { line: 1 }, `no ratings found (expected lines 'user item rating')`);
  let header: string[] | null = null;
  const named = cfg.columns.some((c) => typeof c === 'string');
  if (cfg.header === true || named) header = rec.fields;
  else if (cfg.header === 'auto') {
    const rc = cfg.columns[2] as number;
    if (rc < rec.fields.length && parseReal(rec.fields[rc]) === undefined) header = rec.fields;
  }
  if (named && cfg.header === false) throw new InvalidArgumentError(fn, `options.columns names fields but header is false (expected positions, or a header)`);
  const cu = fieldIndex(fn, src, cfg.columns[0], header, rec.line);
  const ci = fieldIndex(fn, src, cfg.columns[1], header, rec.line);
  const cr = fieldIndex(fn, src, cfg.columns[2], header, rec.line);
  const need = Math.max(cu, ci, cr) + 1;
  if (header !== null) rec = next();
  for (; rec !== null; rec = next()) {
    const f = rec.fields;
    if (f.length < need) throw parseError(fn, src, { line: rec.line }, `expected at least ${need} fields (got ${f.length})`);
    const u = f[cu], it = f[ci];
    if (u.length === 0 || it.length === 0) throw parseError(fn, src, { line: rec.line }, `empty user or item id`);
    out.add(u, it, f[cr], rec.line);
  }
}

function fromMatrixMarket(fn: string, text: string, src: string, cfg: Config): RatingsResult {
  const S = parseMatrixMarketText(fn, text, src, resolveMmReadOptions(fn, { as: 'csr', keepZeros: true, maxEntries: cfg.maxEntries })) as CsrMatrix;
  const nnz = S.indptr[S.rows];
  if (nnz === 0) throw parseError(fn, src, { line: 1 }, `no entries found (expected a coordinate file with at least one entry)`);
  const i = new Int32Array(nnz);
  for (let r = 0; r < S.rows; r++) for (let t = S.indptr[r]; t < S.indptr[r + 1]; t++) i[t] = r;
  const rows = cfg.rows ?? S.rows, cols = cfg.cols ?? S.cols;
  if (rows < S.rows || cols < S.cols) throw new InvalidArgumentError(fn, `options.rows/cols (${rows}×${cols}) are smaller than the declared ${S.rows}×${S.cols}`);
  return {
    observations: observations(rows, cols, i, S.indices, S.values, { duplicates: cfg.duplicates }),
    rowIds: null,
    colIds: null,
    rowIndex: null,
    colIndex: null,
  };
}

/**
 * Reads rating triples from text into {@link Observations} (users as rows, items as columns)
 * plus the maps between string ids and indices. Formats: whitespace/separator-delimited lines
 * (`user item rating [more fields]`, e.g. MovieLens `u.data` or `ratings.dat` with `::`), CSV
 * with a header (`userId,movieId,rating,timestamp`), and Matrix Market coordinate files (see
 * {@link ParseRatingsOptions.format}). Repeated (user, item) pairs are merged by
 * `duplicates` (default averaged; Matrix Market repeats are summed by the reader first).
 *
 * Cost O(length of the text + |Ω| + users + items); memory O(|Ω| + ids).
 *
 * @param text - the file contents.
 * @param options - {@link ParseRatingsOptions}.
 * @returns {@link RatingsResult} `{ observations, rowIds, colIds, rowIndex, colIndex }`.
 * @throws ParseError naming the line for malformed input (a non-numeric rating, too few fields,
 *   an unknown column name, no ratings at all, a bad integer id with `ids: 'index'`);
 *   NonFiniteError for a NaN or infinite rating; InvalidArgumentError for bad options.
 * @example
 * ```ts
 * const { observations, rowIds, colIndex } = parseRatings('u1 i1 5\nu1 i2 3\nu2 i1 4\n');
 * // observations: 2×2; rowIds = ['u1', 'u2']; colIndex.get('i2') = 1
 * ```
 */
export function parseRatings(text: string, options?: ParseRatingsOptions): RatingsResult {
  const fn = 'parseRatings';
  if (typeof text !== 'string') throw new InvalidArgumentError(fn, `text must be a string (got ${fmt(text)})`);
  return parseRatingsText(fn, text, '<text>', options);
}
