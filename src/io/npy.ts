/**
 * NumPy `.npy` files: parse and format, without the file system.
 *
 * Reference: NumPy Enhancement Proposal 1, "A Simple File Format for NumPy Arrays"
 * (https://numpy.org/neps/nep-0001-npy-format.html), and the `numpy.lib.format` module
 * documentation. A file is the magic `\x93NUMPY`, a major and minor version byte, the header
 * length (uint16 little-endian for version 1.0, uint32 for 2.0 and 3.0), an ASCII (1.0, 2.0)
 * or UTF-8 (3.0) header holding a Python dict literal
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` padded with spaces and a
 * newline so that the data starts at a multiple of 64 bytes, then the raw data.
 *
 * Supported dtypes (`descr`): float64 `f8`, float32 `f4`, signed integers `i1 i2 i4 i8`,
 * unsigned integers `u1 u2 u4 u8` and bool `b1`, little-endian `<`, big-endian `>` or `|`
 * (one-byte types); C (row-major) or Fortran (column-major) order; 1-D and 2-D shapes. Values
 * are converted to float64: exactly for every supported dtype, except that 64-bit integers of
 * magnitude above 2⁵³ are rejected with a ParseError instead of being rounded.
 *
 * @module
 */
import { InvalidArgumentError } from '../core/errors.js';
import { assertDenseMatrix } from '../core/interop.js';
import { fromColMajor, fromRowMajor, type DenseMatrix } from '../core/matrix.js';
import { assertFiniteMatrix, assertFiniteVector, fmt } from '../core/validate.js';
import {
  HARD_MAX_ENTRIES,
  type ReadLimitOptions,
  bytesToBinaryString,
  checkEntries,
  nonFiniteError,
  parseError,
  quote,
  resolveBool,
  resolveMaxEntries,
} from './common.js';

/** What the header of a `.npy` file says, and where its data lies. */
export interface NpyHeader {
  /** Format version, `'1.0'`, `'2.0'` or `'3.0'`. */
  readonly version: string;
  /** The dtype string of the file, e.g. `'<f8'`, `'>i4'`, `'|u1'`. */
  readonly dtype: string;
  /** Kind letter: `'f'` float, `'i'` signed integer, `'u'` unsigned integer, `'b'` bool. */
  readonly kind: 'f' | 'i' | 'u' | 'b';
  /** Bytes per element. */
  readonly itemSize: number;
  /** Byte order of the data (one-byte types report true). */
  readonly littleEndian: boolean;
  /** True for Fortran (column-major) order, false for C (row-major) order. */
  readonly fortranOrder: boolean;
  /** `[n]` or `[rows, cols]`. */
  readonly shape: readonly [number] | readonly [number, number];
  /** Number of elements (product of the shape). */
  readonly count: number;
  /** Byte offset of the first data byte. */
  readonly dataOffset: number;
}

/** A parsed `.npy` array: its header and its values, converted to float64, in file order. */
export interface NpyArray {
  /** `[n]` or `[rows, cols]`. */
  readonly shape: readonly [number] | readonly [number, number];
  /** The file's dtype string (e.g. `'<f8'`). */
  readonly dtype: string;
  /** True when the data is in Fortran (column-major) order. */
  readonly fortranOrder: boolean;
  /** Format version of the file. */
  readonly version: string;
  /**
   * The values in file order: row-major for C order, column-major for Fortran order. For
   * float64 data these are the file's bits.
   */
  readonly data: Float64Array;
}

/** Options of {@link parseNpy}, {@link parseNpyArray} and `readNpy`. */
export interface NpyReadOptions extends ReadLimitOptions {
  /**
   * `'auto'` (default): a DenseMatrix for 2-D arrays, a Float64Array for 1-D ones.
   * `'matrix'`: always a DenseMatrix (a 1-D array of length n becomes n×1).
   */
  as?: 'auto' | 'matrix';
}

/** Dtypes {@link formatNpy} writes (any byte order prefix: `<`, `>`, or `|` for one-byte types). */
export type NpyWriteDtype = string;

/** Options of {@link formatNpy} and `writeNpy`. */
export interface NpyWriteOptions {
  /**
   * Element type, a NumPy dtype string: `'<f8'` (default), `'>f8'`, `'<f4'`, `'<i4'`, `'|u1'`,
   * `'<i8'`, `'|b1'`, …. float64 is written bit for bit; float32 rounds to nearest (a finite
   * value beyond the float32 range is an error); integer and bool dtypes need every value to
   * be an integer in the dtype's range (int64/uint64: magnitude ≤ 2⁵³).
   */
  dtype?: string;
  /** `'C'` (default; row-major, streams by rows) or `'F'` (column-major). Ignored for vectors. */
  order?: 'C' | 'F';
  /** Header version: 1 (default), 2 or 3. A header longer than 65535 bytes needs 2. */
  version?: 1 | 2 | 3;
  /** Reject NaN/±Infinity (default true). With false, float dtypes write them as they are. */
  checkFinite?: boolean;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const DTYPE_RULE = "a dtype among float64, float32, int8..int64, uint8..uint64 and bool (e.g. '<f8', '>i4', '|u1')";
const LITTLE_PLATFORM = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** @internal A parsed dtype. */
export interface DtypeSpec {
  readonly kind: 'f' | 'i' | 'u' | 'b';
  readonly itemSize: number;
  readonly littleEndian: boolean;
}

/** @internal Parses a dtype string; returns a reason string when unsupported. */
export function parseDtype(descr: string): DtypeSpec | string {
  const m = /^([<>|=]?)([fiub])(\d+)$/.exec(descr);
  if (!m) return `unsupported dtype (got ${quote(descr)}; expected ${DTYPE_RULE})`;
  const [, order, kind, sizeStr] = m;
  const size = Number(sizeStr);
  const ok = kind === 'f' ? size === 4 || size === 8 : kind === 'b' ? size === 1 : size === 1 || size === 2 || size === 4 || size === 8;
  if (!ok) return `unsupported dtype (got ${quote(descr)}; expected ${DTYPE_RULE})`;
  if (order === '' || order === '=') return `dtype without an explicit byte order (got ${quote(descr)}; expected '<', '>' or '|')`;
  if (order === '|' && size !== 1) return `byte order '|' on a ${size}-byte dtype (got ${quote(descr)}; expected '<' or '>')`;
  return { kind: kind as DtypeSpec['kind'], itemSize: size, littleEndian: order !== '>' };
}

// ---------------------------------------------------------------------------------------------
// Header

type PyValue = string | boolean | number[];

/** A tiny parser for the Python dict literal of the header. */
class HeaderParser {
  k = 0;
  constructor(
    private readonly s: string,
    private readonly fail: (at: number, what: string) => never,
  ) {}

  ws(): void {
    while (this.k < this.s.length && /\s/.test(this.s[this.k])) this.k++;
  }

  expect(c: string): void {
    this.ws();
    if (this.s[this.k] !== c) this.fail(this.k, `header dict: expected '${c}' (got ${quote(this.s.slice(this.k, this.k + 10))})`);
    this.k++;
  }

  string(): string {
    const q = this.s[this.k];
    if (q !== "'" && q !== '"') this.fail(this.k, `header dict: expected a quoted string (got ${quote(this.s.slice(this.k, this.k + 10))})`);
    const start = this.k;
    let out = '';
    this.k++;
    while (this.k < this.s.length && this.s[this.k] !== q) {
      if (this.s[this.k] === '\\') this.k++;
      out += this.s[this.k++] ?? '';
    }
    if (this.k >= this.s.length) this.fail(start, 'header dict: unterminated string');
    this.k++;
    return out;
  }

  value(): PyValue {
    this.ws();
    const c = this.s[this.k];
    if (c === "'" || c === '"') return this.string();
    if (this.s.startsWith('True', this.k)) {
      this.k += 4;
      return true;
    }
    if (this.s.startsWith('False', this.k)) {
      this.k += 5;
      return false;
    }
    if (c === '(') {
      this.k++;
      const items: number[] = [];
      for (;;) {
        this.ws();
        if (this.s[this.k] === ')') {
          this.k++;
          return items;
        }
        const m = /^\d+L?/.exec(this.s.slice(this.k, this.k + 24));
        if (!m) this.fail(this.k, `header dict: shape must be a tuple of non-negative integers (got ${quote(this.s.slice(this.k, this.k + 10))})`);
        items.push(Number(m[0].replace('L', '')));
        this.k += m[0].length;
        this.ws();
        if (this.s[this.k] === ',') this.k++;
        else if (this.s[this.k] !== ')') this.fail(this.k, `header dict: expected ',' or ')' in the shape tuple (got ${quote(this.s.slice(this.k, this.k + 10))})`);
      }
    }
    if (c === '[') this.fail(this.k, `descr is a structured dtype (a list), which is not supported (expected ${DTYPE_RULE})`);
    return this.fail(this.k, `header dict: unexpected value (got ${quote(this.s.slice(this.k, this.k + 10))}; expected a string, True, False or a tuple)`);
  }
}

/** @internal Bytes needed to hold the preamble and header, read from the first 12 bytes. */
export function npyHeaderEnd(fn: string, src: string, bytes: Uint8Array, total: number): number {
  if (total < 10 || bytes.length < Math.min(total, 10)) {
    throw parseError(fn, src, { byte: 0 }, `file too short for a .npy header (got ${total} bytes; expected at least 10)`);
  }
  for (let k = 0; k < 6; k++) {
    if (bytes[k] !== MAGIC[k]) {
      throw parseError(fn, src, { byte: k }, `not a .npy file (got ${quote(bytesToBinaryString(bytes, 0, 6))}; expected the magic string '\\x93NUMPY')`);
    }
  }
  const major = bytes[6], minor = bytes[7];
  if (major < 1 || major > 3 || minor !== 0) {
    throw parseError(fn, src, { byte: 6 }, `unsupported format version (got ${major}.${minor}; expected 1.0, 2.0 or 3.0)`);
  }
  if (major === 1) return 10 + (bytes[8] | (bytes[9] << 8));
  if (total < 12) throw parseError(fn, src, { byte: 8 }, `file ends inside the header length (got ${total} bytes; expected at least 12 for version ${major}.0)`);
  return 12 + (bytes[8] | (bytes[9] << 8) | (bytes[10] << 16)) + bytes[11] * 2 ** 24;
}

/**
 * @internal Parses the header from `bytes` (at least the first `npyHeaderEnd` bytes of the
 * input) and checks the declared size against the limits and against `total`, the length of
 * the whole input, before anything is allocated.
 */
export function parseNpyHeaderImpl(fn: string, src: string, bytes: Uint8Array, total: number, maxEntries: number): NpyHeader {
  const end = npyHeaderEnd(fn, src, bytes, total);
  const major = bytes[6];
  const start = major === 1 ? 10 : 12;
  if (end > total) {
    throw parseError(fn, src, { byte: total }, `file ends inside the header (expected a header up to byte ${end}; the input has ${total} bytes)`);
  }
  const raw = bytes.subarray(start, end);
  const text = major === 3 ? new TextDecoder('utf-8').decode(raw) : bytesToBinaryString(raw);
  const fail = (at: number, what: string): never => {
    throw parseError(fn, src, { byte: start + at }, what);
  };
  const p = new HeaderParser(text, fail);
  const dict = new Map<string, PyValue>();
  p.expect('{');
  for (;;) {
    p.ws();
    if (text[p.k] === '}') {
      p.k++;
      break;
    }
    const at = p.k;
    const key = p.string();
    p.expect(':');
    if (dict.has(key)) fail(at, `header dict: duplicate key '${key}'`);
    dict.set(key, p.value());
    p.ws();
    if (text[p.k] === ',') p.k++;
    else if (text[p.k] !== '}') fail(p.k, `header dict: expected ',' or '}' (got ${quote(text.slice(p.k, p.k + 10))})`);
  }
  p.ws();
  if (p.k < text.length) fail(p.k, `unexpected text after the header dict (got ${quote(text.slice(p.k, p.k + 10))}; expected spaces and a newline)`);
  const keys = [...dict.keys()].sort().join(', ');
  if (keys !== 'descr, fortran_order, shape') {
    fail(0, `header dict has keys ${keys || '(none)'} (expected exactly descr, fortran_order, shape)`);
  }
  const descr = dict.get('descr');
  if (typeof descr !== 'string') {
    fail(0, `descr is not a string (expected ${DTYPE_RULE})`);
  }
  const dt = parseDtype(descr as string);
  if (typeof dt === 'string') fail(0, dt);
  const spec = dt as DtypeSpec;
  const fortran = dict.get('fortran_order');
  if (typeof fortran !== 'boolean') fail(0, `fortran_order is not a boolean (got ${String(fortran)}; expected True or False)`);
  const shape = dict.get('shape');
  if (!Array.isArray(shape)) fail(0, `shape is not a tuple (expected a tuple of non-negative integers)`);
  const sh = shape as number[];
  if (sh.length !== 1 && sh.length !== 2) {
    fail(0, `shape has ${sh.length} dimension${sh.length === 1 ? '' : 's'} (got (${sh.join(', ')}); expected a 1-D or 2-D array)`);
  }
  let count = 1;
  for (const d of sh) {
    if (d > HARD_MAX_ENTRIES) fail(0, `shape (${sh.join(', ')}) has a dimension above ${HARD_MAX_ENTRIES} (expected each dimension at most ${HARD_MAX_ENTRIES})`);
    count *= d;
  }
  checkEntries(fn, src, { byte: start }, `the array of shape (${sh.join(', ')})`, count, maxEntries);
  const need = end + count * spec.itemSize;
  if (total < need) {
    throw parseError(
      fn,
      src,
      { byte: total },
      `data is truncated (expected ${count}·${spec.itemSize} = ${count * spec.itemSize} bytes of data from byte ${end}, up to byte ${need}; the input has ${total} bytes)`,
    );
  }
  if (total > need) {
    throw parseError(fn, src, { byte: need }, `unexpected ${total - need} bytes after the data (expected the input to end at byte ${need})`);
  }
  return {
    version: `${major}.0`,
    dtype: descr as string,
    kind: spec.kind,
    itemSize: spec.itemSize,
    littleEndian: spec.littleEndian,
    fortranOrder: fortran as boolean,
    shape: (sh.length === 1 ? [sh[0]] : [sh[0], sh[1]]) as NpyHeader['shape'],
    count,
    dataOffset: end,
  };
}

// ---------------------------------------------------------------------------------------------
// Data

/**
 * @internal Decodes `count` elements from `bytes[start…]` into `out[outStart…]`. Returns -1, or
 * the index (relative to `start`) of the first 64-bit integer of magnitude above 2⁵³.
 */
export function decodeNpyInto(dt: DtypeSpec, bytes: Uint8Array, start: number, count: number, out: Float64Array, outStart: number): number {
  const le = dt.littleEndian;
  if (dt.kind === 'f' && dt.itemSize === 8 && le === LITTLE_PLATFORM) {
    new Uint8Array(out.buffer, out.byteOffset + outStart * 8, count * 8).set(bytes.subarray(start, start + count * 8));
    return -1;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset + start, count * dt.itemSize);
  const size = dt.itemSize;
  switch (dt.kind + size) {
    case 'f8':
      for (let k = 0; k < count; k++) out[outStart + k] = dv.getFloat64(8 * k, le);
      return -1;
    case 'f4':
      for (let k = 0; k < count; k++) out[outStart + k] = dv.getFloat32(4 * k, le);
      return -1;
    case 'i1':
      for (let k = 0; k < count; k++) out[outStart + k] = dv.getInt8(k);
      return -1;
    case 'u1':
      for (let k = 0; k < count; k++) out[outStart + k] = dv.getUint8(k);
      return -1;
    case 'b1':
      for (let k = 0; k < count; k++) out[outStart + k] = dv.getUint8(k) === 0 ? 0 : 1;
      return -1;
    case 'i2':
      for (let k = 0; k < count; k++) out[outStart + k] = dv.getInt16(2 * k, le);
      return -1;
    case 'u2':
      for (let k = 0; k < count; k++) out[outStart + k] = dv.getUint16(2 * k, le);
      return -1;
    case 'i4':
      for (let k = 0; k < count; k++) out[outStart + k] = dv.getInt32(4 * k, le);
      return -1;
    case 'u4':
      for (let k = 0; k < count; k++) out[outStart + k] = dv.getUint32(4 * k, le);
      return -1;
    default: {
      // 64-bit integers: exact when |v| ≤ 2^53, i.e. hi word in [−2^21, 2^21] (and lo = 0 at 2^21).
      const signed = dt.kind === 'i';
      const LIM = 2 ** 21;
      for (let k = 0; k < count; k++) {
        const p = 8 * k;
        const lo = dv.getUint32(le ? p : p + 4, le);
        const hi = signed ? dv.getInt32(le ? p + 4 : p, le) : dv.getUint32(le ? p + 4 : p, le);
        if (hi > LIM || hi < -LIM || (hi === LIM && lo !== 0)) return k;
        out[outStart + k] = hi * 4294967296 + lo;
      }
      return -1;
    }
  }
}

/** @internal The exact value of a 64-bit integer element, for error messages. */
export function int64Text(dt: DtypeSpec, bytes: Uint8Array, at: number): string {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
  return (dt.kind === 'i' ? dv.getBigInt64(0, dt.littleEndian) : dv.getBigUint64(0, dt.littleEndian)).toString();
}

/** @internal (i, j) (or [k]) of element k in file order. */
export function npyPosition(h: NpyHeader, k: number): string {
  if (h.shape.length === 1) return `[${k}]`;
  const [m, n] = h.shape;
  return h.fortranOrder ? `(${k % m}, ${Math.floor(k / m)})` : `(${Math.floor(k / n)}, ${k % n})`;
}

/** @internal Resolved reader options. */
export interface NpyReadConfig {
  maxEntries: number;
  checkFinite: boolean;
  as: 'auto' | 'matrix';
}

/** @internal */
export function resolveNpyReadOptions(fn: string, o: NpyReadOptions | undefined): NpyReadConfig {
  const opts = o ?? {};
  if (typeof opts !== 'object') throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(opts)})`);
  const as = opts.as ?? 'auto';
  if (as !== 'auto' && as !== 'matrix') throw new InvalidArgumentError(fn, `as must be 'auto' or 'matrix' (got ${fmt(as)})`);
  return { maxEntries: resolveMaxEntries(fn, opts.maxEntries), checkFinite: resolveBool(fn, 'checkFinite', opts.checkFinite, true), as };
}

/**
 * @internal Decodes `count` elements starting at element `k0` (file order) of a file whose
 * bytes `bytes[start…]` hold them, with the int64 and finiteness checks and their messages.
 */
export function decodeChecked(
  fn: string,
  src: string,
  h: NpyHeader,
  bytes: Uint8Array,
  start: number,
  k0: number,
  count: number,
  out: Float64Array,
  outStart: number,
  checkFinite: boolean,
): void {
  const bad = decodeNpyInto(h, bytes, start, count, out, outStart);
  if (bad >= 0) {
    const k = k0 + bad;
    throw parseError(
      fn,
      src,
      { byte: h.dataOffset + k * 8 },
      `${h.kind === 'i' ? 'int64' : 'uint64'} element ${npyPosition(h, k)} is ${int64Text(h, bytes, start + bad * 8)} (expected magnitude at most 2^53, so that it is exact as a double)`,
    );
  }
  if (checkFinite && h.kind === 'f') {
    for (let t = 0; t < count; t++) {
      const v = out[outStart + t];
      if (v - v !== 0) throw nonFiniteError(fn, src, { byte: h.dataOffset + (k0 + t) * h.itemSize }, v, `element ${npyPosition(h, k0 + t)}`);
    }
  }
}

function checkBytes(fn: string, bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError(fn, `bytes must be a Uint8Array (got ${fmt(bytes)})`);
}

/**
 * Reads the header of `.npy` bytes (dtype, order, shape, data offset) without decoding the
 * data. Checks the declared size against `maxEntries` and the length of the input.
 * Cost O(header length).
 *
 * @throws ParseError naming `<bytes>`, the byte offset and what was expected.
 */
export function parseNpyHeader(bytes: Uint8Array, options: Pick<ReadLimitOptions, 'maxEntries'> = {}): NpyHeader {
  const fn = 'parseNpyHeader';
  checkBytes(fn, bytes);
  return parseNpyHeaderImpl(fn, '<bytes>', bytes, bytes.length, resolveMaxEntries(fn, options.maxEntries));
}

/**
 * Parses `.npy` bytes into their shape, dtype, order and float64 values (in file order).
 * Declared sizes are checked (against `maxEntries`, default 2²⁸, and against the length of the
 * input) before anything is allocated. Cost O(bytes): one copy for little-endian float64, one
 * pass through a DataView otherwise.
 *
 * @throws ParseError naming `<bytes>`, the byte offset and what was expected: bad magic,
 *   version, header, unsupported dtype or rank, truncated data, trailing bytes, an int64 of
 *   magnitude above 2⁵³; NonFiniteError (with `checkFinite`, the default) naming the element
 *   and byte offset of a NaN/±Infinity.
 */
export function parseNpyArray(bytes: Uint8Array, options?: NpyReadOptions): NpyArray {
  const fn = 'parseNpyArray';
  checkBytes(fn, bytes);
  return npyArrayImpl(fn, '<bytes>', bytes, resolveNpyReadOptions(fn, options));
}

/** @internal */
export function npyArrayImpl(fn: string, src: string, bytes: Uint8Array, cfg: NpyReadConfig): NpyArray {
  const h = parseNpyHeaderImpl(fn, src, bytes, bytes.length, cfg.maxEntries);
  const data = new Float64Array(h.count);
  decodeChecked(fn, src, h, bytes, h.dataOffset, 0, h.count, data, 0, cfg.checkFinite);
  return { shape: h.shape, dtype: h.dtype, fortranOrder: h.fortranOrder, version: h.version, data };
}

/**
 * The matrix of a parsed array, without copying: a 2-D C-order array becomes a row-major
 * DenseMatrix view (`rowStride = cols`), a Fortran-order one a column-major one; a 1-D array
 * of length n becomes an n×1 matrix. Cost O(1).
 */
export function npyToMatrix(a: NpyArray): DenseMatrix {
  if (a.shape.length === 1) return fromColMajor(a.shape[0], 1, a.data);
  const [m, n] = a.shape;
  return a.fortranOrder ? fromColMajor(m, n, a.data) : fromRowMajor(m, n, a.data);
}

/**
 * Parses `.npy` bytes: a 2-D array gives a DenseMatrix (a zero-copy view in the file's order:
 * row-major for C order, column-major for Fortran order; randnla accepts any strides), a 1-D
 * array a Float64Array (or an n×1 DenseMatrix with `as: 'matrix'`). See
 * {@link parseNpyArray} for the checks, the errors and the cost.
 *
 * @example
 * ```ts
 * const A = parseNpy(formatNpy(B)); // equals B bit for bit
 * ```
 */
export function parseNpy(bytes: Uint8Array, options: NpyReadOptions & { as: 'matrix' }): DenseMatrix;
export function parseNpy(bytes: Uint8Array, options?: NpyReadOptions): DenseMatrix | Float64Array;
export function parseNpy(bytes: Uint8Array, options?: NpyReadOptions): DenseMatrix | Float64Array {
  const fn = 'parseNpy';
  checkBytes(fn, bytes);
  const cfg = resolveNpyReadOptions(fn, options);
  const a = npyArrayImpl(fn, '<bytes>', bytes, cfg);
  return a.shape.length === 1 && cfg.as === 'auto' ? a.data : npyToMatrix(a);
}

// ---------------------------------------------------------------------------------------------
// Writing

interface NpyWritePlan {
  dt: DtypeSpec;
  dtype: string;
  fortran: boolean;
  shape: number[];
  header: Uint8Array;
  /** Element k (file order). */
  get: (k: number) => number;
  count: number;
  position: (k: number) => string;
}

function planWrite(fn: string, A: DenseMatrix | Float64Array, o: NpyWriteOptions | undefined): NpyWritePlan {
  const opts = o ?? {};
  if (typeof opts !== 'object') throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(opts)})`);
  const dtype = opts.dtype ?? '<f8';
  if (typeof dtype !== 'string') throw new InvalidArgumentError(fn, `dtype must be a string (got ${fmt(dtype)})`);
  const dt = parseDtype(dtype);
  if (typeof dt === 'string') throw new InvalidArgumentError(fn, dt);
  const order = opts.order ?? 'C';
  if (order !== 'C' && order !== 'F') throw new InvalidArgumentError(fn, `order must be 'C' or 'F' (got ${fmt(order)})`);
  const version = opts.version ?? 1;
  if (version !== 1 && version !== 2 && version !== 3) throw new InvalidArgumentError(fn, `version must be 1, 2 or 3 (got ${fmt(version)})`);
  const checkFinite = resolveBool(fn, 'checkFinite', opts.checkFinite, true);
  let get: (k: number) => number;
  let shape: number[];
  let fortran = false;
  let position: (k: number) => string;
  if (A instanceof Float64Array) {
    if (checkFinite) assertFiniteVector(fn, 'A', A);
    shape = [A.length];
    get = (k) => A[k];
    position = (k) => `[${k}]`;
  } else {
    if ((A as { kind?: unknown } | null)?.kind === 'csr') {
      throw new InvalidArgumentError(fn, `A must be a DenseMatrix or a Float64Array (got a CsrMatrix; convert with csrToDense)`);
    }
    assertDenseMatrix(fn, 'A', A, false);
    if (checkFinite) assertFiniteMatrix(fn, 'A', A);
    const { rows: m, cols: n, data, offset, rowStride, colStride } = A;
    shape = [m, n];
    fortran = order === 'F';
    get = fortran
      ? (k) => data[offset + (k % m) * rowStride + Math.floor(k / m) * colStride]
      : (k) => data[offset + Math.floor(k / n) * rowStride + (k % n) * colStride];
    position = fortran ? (k) => `(${k % m}, ${Math.floor(k / m)})` : (k) => `(${Math.floor(k / n)}, ${k % n})`;
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape[0]}, ${shape[1]})`;
  const dict = `{'descr': '${dtype}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  let v = version;
  let pre = v === 1 ? 10 : 12;
  let len = Math.ceil((pre + dict.length + 1) / 64) * 64 - pre;
  if (v === 1 && len > 65535) {
    v = 2;
    pre = 12;
    len = Math.ceil((pre + dict.length + 1) / 64) * 64 - pre;
  }
  const header = new Uint8Array(pre + len);
  header.set(MAGIC, 0);
  header[6] = v;
  header[7] = 0;
  if (v === 1) {
    header[8] = len & 0xff;
    header[9] = len >>> 8;
  } else {
    new DataView(header.buffer).setUint32(8, len, true);
  }
  for (let k = 0; k < dict.length; k++) header[pre + k] = dict.charCodeAt(k);
  header.fill(0x20, pre + dict.length, pre + len - 1);
  header[pre + len - 1] = 0x0a;
  return { dt: dt as DtypeSpec, dtype, fortran, shape, header, get, count, position };
}

const INT_RANGE: Record<string, [number, number]> = {
  i1: [-128, 127],
  u1: [0, 255],
  b1: [0, 1],
  i2: [-32768, 32767],
  u2: [0, 65535],
  i4: [-(2 ** 31), 2 ** 31 - 1],
  u4: [0, 2 ** 32 - 1],
  i8: [-(2 ** 53), 2 ** 53],
  u8: [0, 2 ** 53],
};

/** Encodes elements [k0, k1) into `out` (length (k1 − k0)·itemSize). */
function encodeRange(fn: string, p: NpyWritePlan, k0: number, k1: number, out: Uint8Array): void {
  const { dt, get } = p;
  const le = dt.littleEndian;
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const key = dt.kind + dt.itemSize;
  const range = INT_RANGE[key];
  for (let k = k0; k < k1; k++) {
    const x = get(k);
    const q = (k - k0) * dt.itemSize;
    if (range) {
      if (!Number.isInteger(x) || x < range[0] || x > range[1]) {
        throw new InvalidArgumentError(fn, `A${p.position(k)} = ${x} does not fit dtype '${p.dtype}' (expected an integer in [${range[0]}, ${range[1]}])`);
      }
    }
    switch (key) {
      case 'f8':
        dv.setFloat64(q, x, le);
        break;
      case 'f4': {
        const y = Math.fround(x);
        if (Number.isFinite(x) && !Number.isFinite(y)) {
          throw new InvalidArgumentError(fn, `A${p.position(k)} = ${x} overflows float32 (expected magnitude below 3.4028235e38 for dtype '${p.dtype}')`);
        }
        dv.setFloat32(q, y, le);
        break;
      }
      case 'i1':
        dv.setInt8(q, x);
        break;
      case 'u1':
      case 'b1':
        dv.setUint8(q, x);
        break;
      case 'i2':
        dv.setInt16(q, x, le);
        break;
      case 'u2':
        dv.setUint16(q, x, le);
        break;
      case 'i4':
        dv.setInt32(q, x, le);
        break;
      case 'u4':
        dv.setUint32(q, x, le);
        break;
      case 'i8':
        dv.setBigInt64(q, BigInt(x), le);
        break;
      default:
        dv.setBigUint64(q, BigInt(x), le);
    }
  }
}

/**
 * @internal The file as chunks: the header, then the data in pieces of about 1 MiB. Every
 * value is validated before the first chunk is produced.
 */
export function* npyChunks(fn: string, A: DenseMatrix | Float64Array, options?: NpyWriteOptions): Generator<Uint8Array> {
  const p = planWrite(fn, A, options);
  const size = p.dt.itemSize;
  const per = Math.max(1, Math.floor((1 << 20) / size));
  if (p.dt.kind !== 'f' || p.dt.itemSize === 4) {
    // Validate the whole input first (integer ranges, float32 overflow), so that a writer
    // never leaves a partial file behind for a bad input.
    const scratch = new Uint8Array(Math.min(per, Math.max(p.count, 1)) * size);
    for (let k0 = 0; k0 < p.count; k0 += per) {
      const k1 = Math.min(p.count, k0 + per);
      encodeRange(fn, p, k0, k1, scratch.subarray(0, (k1 - k0) * size));
    }
  }
  yield p.header;
  for (let k0 = 0; k0 < p.count; k0 += per) {
    const k1 = Math.min(p.count, k0 + per);
    const out = new Uint8Array((k1 - k0) * size);
    if (p.dt.kind === 'f' && size === 8 && p.dt.littleEndian === LITTLE_PLATFORM) {
      const f = new Float64Array(out.buffer);
      for (let k = k0; k < k1; k++) f[k - k0] = p.get(k);
    } else {
      encodeRange(fn, p, k0, k1, out);
    }
    yield out;
  }
}

/**
 * Formats a DenseMatrix (as a 2-D array) or a Float64Array (as a 1-D array) as `.npy` bytes.
 * float64 values are written bit for bit (NaN payloads and −0 included); the input is never
 * modified. The header is version 1.0 unless `version` asks for more or the header needs 2.0,
 * padded so that the data starts at a multiple of 64 bytes. Cost O(mn).
 *
 * @throws InvalidArgumentError for a malformed matrix, an unsupported dtype or option, or a
 *   value that does not fit the dtype; NonFiniteError for NaN/±Infinity unless
 *   `checkFinite: false`.
 * @example
 * ```ts
 * const bytes = formatNpy(A, { order: 'F' }); // numpy.load reads it back
 * ```
 */
export function formatNpy(A: DenseMatrix | Float64Array, options?: NpyWriteOptions): Uint8Array {
  const chunks = [...npyChunks('formatNpy', A, options)];
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
