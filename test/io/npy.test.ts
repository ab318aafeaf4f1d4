import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { csrFromDense } from '../../src/core/csr.js';
import { InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { expectParseError } from '../helpers/parse.js';
import { type DenseMatrix, fromColMajor, fromRowMajor, transpose } from '../../src/core/matrix.js';
import { formatNpy, parseNpy, parseNpyArray, parseNpyHeader, readNpy, readNpyArray, readNpyHeader, writeNpy } from '../../src/io/index.js';
import { rowsOf, testRandom } from '../helpers/reference.js';

const FIX = fileURLToPath(new URL('../fixtures/io/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'randnla-npy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIX, name)));

/** The fixtures' matrix (see make-npy-fixtures.py): A[i][j] = 4i + j − 5, F = A/8 + 0.1. */
const A = Array.from({ length: 3 }, (_, i) => Array.from({ length: 4 }, (_, j) => 4 * i + j - 5));
const F = A.map((r) => r.map((x) => x / 8 + 0.1));

function bitsEqual(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.every((v, k) => v === y[k]);
}

/** A hand-made .npy: header dict text (padded to 64) + data bytes. */
function npyBytes(dict: string, data: Uint8Array = new Uint8Array(0), version = 1): Uint8Array {
  const pre = version === 1 ? 10 : 12;
  const len = Math.ceil((pre + dict.length + 1) / 64) * 64 - pre;
  const out = new Uint8Array(pre + len + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  if (version === 1) {
    out[8] = len & 0xff;
    out[9] = len >> 8;
  } else new DataView(out.buffer).setUint32(8, len, true);
  for (let k = 0; k < dict.length; k++) out[pre + k] = dict.charCodeAt(k);
  out.fill(0x20, pre + dict.length, pre + len - 1);
  out[pre + len - 1] = 0x0a;
  out.set(data, pre + len);
  return out;
}

describe('files written by NumPy', () => {
  const cases: Array<[string, number[][], 'C' | 'F']> = [
    ['f8_c.npy', F, 'C'],
    ['f8_f.npy', F, 'F'],
    ['f8_be.npy', F, 'C'],
    ['v2_f8.npy', F, 'C'],
    ['v3_f8.npy', F, 'C'],
    ['f4_le.npy', F.map((r) => r.map(Math.fround)), 'C'],
    ['f4_be_f.npy', F.map((r) => r.map(Math.fround)), 'F'],
    ['i1.npy', A, 'C'],
    ['i2_be.npy', A, 'C'],
    ['i4_f.npy', A, 'F'],
    ['i8.npy', A, 'C'],
    ['i8_be.npy', A, 'C'],
    ['u1.npy', A.map((r) => r.map((x) => x + 5)), 'C'],
    ['u2.npy', A.map((r) => r.map((x) => x + 5)), 'C'],
    ['u4_be.npy', A.map((r) => r.map((x) => x + 5)), 'C'],
    ['u8.npy', A.map((r) => r.map((x) => x + 5)), 'C'],
    ['bool.npy', A.map((r) => r.map((x) => (x % 2 === 0 ? 1 : 0))), 'C'],
  ];
  for (const [name, expected, order] of cases) {
    it(`${name}: values exact, ${order} order kept as the view's layout`, () => {
      const M = parseNpy(fixture(name)) as DenseMatrix;
      expect(M.kind).toBe('dense');
      expect(rowsOf(M)).toEqual(expected);
      expect(order === 'F' ? M.rowStride : M.colStride).toBe(1);
      const arr = parseNpyArray(fixture(name));
      expect(arr.shape).toEqual([3, 4]);
      expect(arr.fortranOrder).toBe(order === 'F');
    });
  }

  it('float64 bits are exactly the file bits; headers report version, dtype and offset', () => {
    const bytes = fixture('f8_c.npy');
    const h = parseNpyHeader(bytes);
    expect(h).toMatchObject({ version: '1.0', dtype: '<f8', kind: 'f', itemSize: 8, littleEndian: true, fortranOrder: false, shape: [3, 4], count: 12, dataOffset: 128 });
    const arr = parseNpyArray(bytes);
    expect(bitsEqual(arr.data, new Float64Array(bytes.slice(128).buffer))).toBe(true);
    expect(parseNpyHeader(fixture('v2_f8.npy')).version).toBe('2.0');
    expect(parseNpyHeader(fixture('v3_f8.npy')).version).toBe('3.0');
    expect(parseNpyHeader(fixture('f8_be.npy')).littleEndian).toBe(false);
  });

  it('1-D arrays: a Float64Array, or an n×1 matrix with as: matrix', () => {
    const v = parseNpy(fixture('vec_f8.npy'));
    expect(v).toBeInstanceOf(Float64Array);
    expect(Array.from(v as Float64Array)).toEqual(F[0]);
    const M = parseNpy(fixture('vec_f8.npy'), { as: 'matrix' });
    expect([M.rows, M.cols]).toEqual([4, 1]);
    expect(readNpy(join(FIX, 'vec_f8.npy'))).toEqual(v);
  });

  it('int64 beyond 2^53, complex and 3-D arrays are rejected with the reason', () => {
    expectParseError(() => parseNpy(fixture('i8_big.npy')), '<bytes>, byte 136', 'int64 element (0, 1) is 9007199254740993', 'at most 2^53');
    expectParseError(() => parseNpy(fixture('c16.npy')), "unsupported dtype (got '<c16'");
    expectParseError(() => parseNpy(fixture('f8_3d.npy')), 'shape has 3 dimensions (got (2, 2, 2); expected a 1-D or 2-D array)');
    expectParseError(() => readNpy(join(FIX, 'i8_big.npy')), `readNpy: ${join(FIX, 'i8_big.npy')}, byte 136`);
  });
});

describe('round trips', () => {
  const m = 5, n = 3;
  const u = testRandom(7);
  const ints = Array.from({ length: m * n }, (_, k) => (k % 7) - 3);
  const reals = Array.from({ length: m * n }, () => (u() - 0.5) * 10 ** Math.floor(u() * 40 - 20));
  reals[3] = -0;
  reals[5] = 5e-324;
  reals[6] = 1.7976931348623157e308;
  const dtypes: Array<[string, number[]]> = [
    ['<f8', reals],
    ['>f8', reals],
    ['<f4', reals.map(Math.fround)],
    ['>f4', reals.map((x) => Math.fround(x / 1e300))],
    ['|i1', ints],
    ['<i2', ints],
    ['>i2', ints],
    ['<i4', ints],
    ['>i4', ints],
    ['<i8', [...ints.slice(1), -(2 ** 53)]],
    ['>i8', [...ints.slice(1), 2 ** 53]],
    ['|u1', ints.map((x) => x + 3)],
    ['<u2', ints.map((x) => x + 3)],
    ['>u4', ints.map((x) => x + 3 + 2 ** 31)],
    ['<u8', ints.map((x) => x + 3 + 2 ** 40)],
    ['>u8', ints.map((x) => x + 3)],
    ['|b1', ints.map((x) => (x > 0 ? 1 : 0))],
  ];
  for (const [dtype, values] of dtypes) {
    for (const order of ['C', 'F'] as const) {
      it(`${dtype}, ${order} order, from row- and column-major matrices`, () => {
        const vals = dtype.endsWith('f4') ? values.map((x) => (Number.isFinite(Math.fround(x)) ? x : 0)) : values;
        const R = fromRowMajor(m, n, Float64Array.from(vals));
        for (const Ain of [R, fromColMajor(m, n, Float64Array.from(rowsOf(transpose(R)).flat()))]) {
          const copy = Ain.data.slice();
          const bytes = formatNpy(Ain, { dtype, order });
          expect(Ain.data).toEqual(copy);
          expect(bytes.length % 64).toBe((m * n * Number(dtype.slice(2))) % 64);
          const h = parseNpyHeader(bytes);
          expect([h.dtype, h.fortranOrder, h.version]).toEqual([dtype, order === 'F', '1.0']);
          const back = parseNpy(bytes) as DenseMatrix;
          const expected = rowsOf(R).map((r) => r.map((x) => (dtype.endsWith('f4') ? Math.fround(x) : x)));
          const got = rowsOf(back);
          for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) expect(Object.is(got[i][j], expected[i][j])).toBe(true);
        }
      });
    }
  }

  it('float64 round trip is bit for bit, NaN payloads and −0 included; version 2 on request', () => {
    const data = new Float64Array([1, -0, NaN, Infinity, 5e-324, -1.5]);
    new DataView(data.buffer).setUint32(2 * 8 + 4, 0x7ff80000 | 0xbeef, true); // a NaN with a payload
    new DataView(data.buffer).setUint32(2 * 8, 0x12345678, true);
    const M = fromColMajor(2, 3, data);
    for (const order of ['C', 'F'] as const) {
      for (const version of [1, 2, 3] as const) {
        const bytes = formatNpy(M, { order, version, checkFinite: false });
        expect(bytes[6]).toBe(version);
        const back = parseNpyArray(bytes, { checkFinite: false });
        expect(bitsEqual(order === 'F' ? back.data : fromColMajorOf(back.data, 2, 3), data)).toBe(true);
      }
    }
    expect(() => formatNpy(M)).toThrow(NonFiniteError);
  });

  it('vectors, empty arrays and property-based random matrices', () => {
    const v = new Float64Array([0.1, 0.2, 0.30000000000000004]);
    const bytes = formatNpy(v);
    expect(new TextDecoder().decode(bytes.subarray(10, 70))).toContain("'shape': (3,)");
    expect(bitsEqual(parseNpy(bytes) as Float64Array, v)).toBe(true);
    const E = parseNpy(formatNpy(fromColMajor(0, 4, new Float64Array(0)))) as DenseMatrix;
    expect([E.rows, E.cols]).toEqual([0, 4]);
    expect((parseNpy(formatNpy(new Float64Array(0))) as Float64Array).length).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 25, maxLength: 25 }), (r, c, xs) => {
        const Mx = fromRowMajor(r, c, Float64Array.from(xs.slice(0, r * c)));
        for (const order of ['C', 'F'] as const) {
          const back = parseNpy(formatNpy(Mx, { order }), { as: 'matrix' });
          expect(bitsEqual(Float64Array.from(rowsOf(back).flat()), Mx.data)).toBe(true);
        }
      }),
    );
  });

  it('writeNpy / readNpy / readNpyArray / readNpyHeader on files', () => {
    const M = fromRowMajor(2, 2, new Float64Array([1.1, 2.2, 3.3, 4.4]));
    const p = join(dir, 'm.npy');
    writeNpy(p, M, { order: 'F', dtype: '>f8' });
    expect(rowsOf(readNpy(p) as DenseMatrix)).toEqual([
      [1.1, 2.2],
      [3.3, 4.4],
    ]);
    expect(readNpyHeader(p)).toMatchObject({ dtype: '>f8', fortranOrder: true, shape: [2, 2] });
    expect(readNpyArray(p).data).toEqual(new Float64Array([1.1, 3.3, 2.2, 4.4]));
    expect(readNpy(readFileSync(p))).toEqual(readNpy(p));
  });
});

function fromColMajorOf(rowMajor: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  const src = new Uint8Array(rowMajor.buffer);
  const dst = new Uint8Array(out.buffer);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) dst.set(src.subarray((i * n + j) * 8, (i * n + j) * 8 + 8), (j * m + i) * 8);
  return out;
}

describe('ParseError branches name the input, the byte offset and what was expected', () => {
  const good = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }";
  const two = new Uint8Array(new Float64Array([1, 2]).buffer);
  it('preamble', () => {
    expect(parseNpy(npyBytes(good, two))).toBeDefined();
    expectParseError(() => parseNpy(new Uint8Array(5)), '<bytes>, byte 0', 'file too short for a .npy header (got 5 bytes; expected at least 10)');
    expectParseError(() => parseNpy(new TextEncoder().encode('PK\u0003\u0004 this is a zip')), '<bytes>, byte 0', 'not a .npy file', '\\x93NUMPY');
    const v9 = npyBytes(good, two);
    v9[6] = 9;
    expectParseError(() => parseNpy(v9), '<bytes>, byte 6', 'unsupported format version (got 9.0; expected 1.0, 2.0 or 3.0)');
    const v2 = npyBytes(good, two, 2);
    expectParseError(() => parseNpy(v2.subarray(0, 11)), 'byte 8', 'file ends inside the header length');
    expectParseError(() => parseNpy(npyBytes(good, two).subarray(0, 40)), '<bytes>, byte 40', 'file ends inside the header (expected a header up to byte 128; the input has 40 bytes)');
  });

  it('header dict', () => {
    expectParseError(() => parseNpy(npyBytes("('descr', '<f8')")), 'byte 10', "header dict: expected '{'");
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8', 'shape': (1, 2), }")), 'byte 10', 'header dict has keys descr, shape (expected exactly descr, fortran_order, shape)');
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), 'x': 1, }")), 'byte 73', 'unexpected value');
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), 'x': True, }")), 'header dict has keys descr, fortran_order, shape, x');
    expectParseError(() => parseNpy(npyBytes("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }")), 'descr is a structured dtype (a list)');
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': 0, 'shape': (1, 2), }")), 'byte 44', 'unexpected value');
    expectParseError(() => parseNpy(npyBytes("{'descr': True, 'fortran_order': False, 'shape': (1, 2), }")), 'descr is not a string');
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': 'no', 'shape': (1, 2), }")), 'fortran_order is not a boolean');
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, -2), }")), 'shape must be a tuple of non-negative integers');
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1 2), }")), "expected ',' or ')' in the shape tuple");
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': 'x', }")), 'shape is not a tuple');
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (), }")), 'shape has 0 dimensions');
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2) }garbage")), "unexpected text after the header dict (got 'garbage");
    expectParseError(() => parseNpy(npyBytes("{'descr: '<f8'}")), "expected ':'");
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8")), 'byte 20', 'header dict: unterminated string');
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3000000000, 0), }")), 'has a dimension above 2147483647');
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8', 'descr': '<f8'}")), "duplicate key 'descr'");
    // Python 2 long suffixes and double quotes are accepted.
    expect(parseNpy(npyBytes('{"descr": "<f8", "fortran_order": False, "shape": (1L, 2L)}', two))).toBeDefined();
  });

  it('dtypes', () => {
    const d = (descr: string): Uint8Array => npyBytes(`{'descr': '${descr}', 'fortran_order': False, 'shape': (0,), }`);
    expectParseError(() => parseNpy(d('<f2')), "unsupported dtype (got '<f2'");
    expectParseError(() => parseNpy(d('<U8')), "unsupported dtype (got '<U8'");
    expectParseError(() => parseNpy(d('|f8')), "byte order '|' on a 8-byte dtype");
    expectParseError(() => parseNpy(d('f8')), 'without an explicit byte order');
    expectParseError(() => parseNpy(d('=i4')), 'without an explicit byte order');
    expect(parseNpy(d('<i1'))).toEqual(new Float64Array(0));
  });

  it('data: truncated, trailing bytes, non-finite; sizes checked before allocation', () => {
    expectParseError(() => parseNpy(npyBytes(good, two.subarray(0, 12))), '<bytes>, byte 140', 'data is truncated (expected 2·8 = 16 bytes of data from byte 128, up to byte 144; the input has 140 bytes)');
    expectParseError(() => parseNpy(npyBytes(good, new Uint8Array(17))), '<bytes>, byte 144', 'unexpected 1 bytes after the data (expected the input to end at byte 144)');
    const nan = new Uint8Array(new Float64Array([1, NaN]).buffer);
    expect(() => parseNpy(npyBytes(good, nan))).toThrow(/<bytes>, byte 136: non-finite value NaN at element \(0, 1\)/);
    expect(Number.isNaN((parseNpy(npyBytes(good, nan), { checkFinite: false }) as DenseMatrix).data[1])).toBe(true);
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    const huge = npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }", two);
    expectParseError(() => parseNpy(huge), '<bytes>, byte 10', 'the array of shape (1000000, 1000000) declares 1000000000000 entries (expected at most maxEntries = 268435456');
    expectParseError(() => parseNpy(huge, { maxEntries: 2 ** 31 - 1 }), 'declares 1000000000000 entries (expected at most 2147483647)');
    // Within the limits but longer than the input: rejected as truncated before allocating 16 GB.
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (40000, 50000), }", two), { maxEntries: 2 ** 31 - 1 }), 'data is truncated');
    expectParseError(() => parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (10, 10), }"), { maxEntries: 99 }), 'declares 100 entries (expected at most maxEntries = 99');
    expect(performance.now() - t0).toBeLessThan(200);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 2 ** 20);
  });

  it('a file path is named in the message; the header is checked before the data is read', () => {
    const p = join(dir, 'trunc.npy');
    writeFileSync(p, npyBytes(good, two.subarray(0, 8)));
    expectParseError(() => readNpy(p), `readNpy: ${p}, byte 136: data is truncated`);
    expectParseError(() => readNpyArray(p), `readNpyArray: ${p}, byte 136`);
  });
});

describe('writer errors', () => {
  it('rejects values that do not fit the dtype, bad options and CSR input, without writing', () => {
    const M = fromRowMajor(1, 3, new Float64Array([1, 300, -2]));
    expect(() => formatNpy(M, { dtype: '|u1' })).toThrow(/A\(0, 1\) = 300 does not fit dtype '\|u1' \(expected an integer in \[0, 255\]\)/);
    expect(() => formatNpy(M, { dtype: '<u2' })).toThrow(/A\(0, 2\) = -2/);
    expect(() => formatNpy(fromRowMajor(1, 1, new Float64Array([0.5])), { dtype: '<i4' })).toThrow(InvalidArgumentError);
    expect(() => formatNpy(fromRowMajor(1, 1, new Float64Array([2 ** 53 + 2])), { dtype: '<i8' })).toThrow(/does not fit/);
    expect(() => formatNpy(fromRowMajor(1, 1, new Float64Array([1e39])), { dtype: '<f4' })).toThrow(/overflows float32/);
    expect(() => formatNpy(M, { dtype: '<c16' })).toThrow(InvalidArgumentError);
    expect(() => formatNpy(M, { order: 'K' as never })).toThrow(InvalidArgumentError);
    expect(() => formatNpy(M, { version: 4 as never })).toThrow(InvalidArgumentError);
    expect(() => formatNpy(csrFromDense(M) as never)).toThrow(/convert with csrToDense/);
    const p = join(dir, 'never.npy');
    expect(() => writeNpy(p, M, { dtype: '|i1' })).toThrow(InvalidArgumentError);
    expect(() => readFileSync(p)).toThrow(/ENOENT/);
  });
});
