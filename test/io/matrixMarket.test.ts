import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type CsrMatrix, csrFromCoo, csrFromDense } from '../../src/core/csr.js';
import { InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { expectParseError } from '../helpers/parse.js';
import { type DenseMatrix, fromColMajor, fromRowMajor, transpose } from '../../src/core/matrix.js';
import {
  formatMatrixMarket,
  parseMatrixMarket,
  parseMatrixMarketHeader,
  readMatrixMarket,
  readMatrixMarketHeader,
  writeMatrixMarket,
} from '../../src/io/index.js';
import { denseFromRows, rowsOf, testRandom } from '../helpers/reference.js';

const FIX = fileURLToPath(new URL('../fixtures/io/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'randnla-mtx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rows of a CSR matrix as dense number[][] (independent of src/core converters). */
function csrRows(S: CsrMatrix): number[][] {
  const out = Array.from({ length: S.rows }, () => new Array<number>(S.cols).fill(0));
  for (let i = 0; i < S.rows; i++) for (let t = S.indptr[i]; t < S.indptr[i + 1]; t++) out[i][S.indices[t]] = S.values[t];
  return out;
}

function asRows(A: DenseMatrix | CsrMatrix): number[][] {
  return A.kind === 'csr' ? csrRows(A) : rowsOf(A);
}

/** Bit-level equality of two number[][] (−0 ≠ 0, NaN = NaN). */
function expectSameBits(a: number[][], b: number[][]): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    expect(a[i].length).toBe(b[i].length);
    for (let j = 0; j < a[i].length; j++) {
      if (!Object.is(a[i][j], b[i][j])) throw new Error(`(${i}, ${j}): ${a[i][j]} vs ${b[i][j]}`);
    }
  }
}

/** Random m×n rows with awkward doubles (inexact decimals, huge, tiny, subnormal, −0). */
function awkward(m: number, n: number, seed: number): number[][] {
  const u = testRandom(seed);
  const pick = (): number => {
    const r = u();
    if (r < 0.05) return -0;
    if (r < 0.1) return 5e-324 * Math.floor(1 + u() * 1000);
    if (r < 0.15) return (u() - 0.5) * 1e300;
    if (r < 0.2) return (u() - 0.5) * 1e-300;
    return (u() - 0.5) * 10 ** Math.floor(u() * 20 - 10);
  };
  return Array.from({ length: m }, () => Array.from({ length: n }, pick));
}

function symmetricRows(n: number, seed: number, skew = false): number[][] {
  const r = awkward(n, n, seed);
  for (let i = 0; i < n; i++) {
    if (skew) r[i][i] = 0;
    for (let j = 0; j < i; j++) r[j][i] = skew ? -r[i][j] : r[i][j];
  }
  return r;
}

const H = (format: string, field: string, symmetry: string): string => `%%MatrixMarket matrix ${format} ${field} ${symmetry}\n`;

describe('hand-written files', () => {
  it('symmetric coordinate: mirrored lower triangle, comments, varied number syntax', () => {
    const A = readMatrixMarket(join(FIX, 'sym-coord.mtx'));
    expect(A.kind).toBe('csr');
    expect(asRows(A)).toEqual([
      [4, 1, 0, 0],
      [1, 5, 0, -2],
      [0, 0, 6, 0.5],
      [0, -2, 0.5, 7],
    ]);
    // Canonical CSR: sorted columns per row, no zeros.
    const S = A as CsrMatrix;
    expect(Array.from(S.indptr)).toEqual([0, 2, 5, 7, 10]);
    expect(Array.from(S.indices)).toEqual([0, 1, 0, 1, 3, 2, 3, 1, 2, 3]);
    const h = readMatrixMarketHeader(join(FIX, 'sym-coord.mtx'));
    expect(h).toMatchObject({ format: 'coordinate', field: 'real', symmetry: 'symmetric', rows: 4, cols: 4, entries: 7, dataLine: 9 });
    expect(h.comments[0]).toContain('A 4x4 symmetric matrix');
    const D = readMatrixMarket(join(FIX, 'sym-coord.mtx'), { as: 'dense' });
    expect(D.kind).toBe('dense');
    expect(rowsOf(D)).toEqual(asRows(A));
  });

  it('pattern coordinate: ones at the listed positions', () => {
    const A = readMatrixMarket(join(FIX, 'pattern.mtx')) as CsrMatrix;
    expect([A.rows, A.cols]).toEqual([3, 5]);
    expect(csrRows(A)).toEqual([
      [0, 1, 0, 0, 0],
      [1, 0, 0, 0, 1],
      [0, 0, 1, 0, 0],
    ]);
  });

  it('skew-symmetric array: strict lower triangle, negated above', () => {
    const A = readMatrixMarket(join(FIX, 'skew-array.mtx'));
    expect(A.kind).toBe('dense');
    expectSameBits(rowsOf(A as DenseMatrix), [
      [0, -1, -2],
      [1, 0, -3],
      [2, 3, 0],
    ]);
  });

  it('integer array, column-major; as: csr converts', () => {
    const A = readMatrixMarket(join(FIX, 'integer-general.mtx'));
    expect(rowsOf(A as DenseMatrix)).toEqual([
      [1, 2, -3],
      [-4, 5, 6],
    ]);
    const S = readMatrixMarket(join(FIX, 'integer-general.mtx'), { as: 'csr' });
    expect(S.kind).toBe('csr');
    expect(csrRows(S)).toEqual([
      [1, 2, -3],
      [-4, 5, 6],
    ]);
  });

  it('accepts keywords in any case, double, blank and comment lines, CRLF, nan/inf/D exponents with checkFinite off', () => {
    const t = '%%matrixmarket MATRIX Coordinate DOUBLE General\r\n%c\r\n\r\n2 2 3\r\n1 1 1.5D+01\r\n\r\n% mid comment\r\n2 1 -inf\r\n2 2 NaN';
    const A = parseMatrixMarket(t, { checkFinite: false, as: 'dense' });
    expectSameBits(rowsOf(A), [
      [15, 0],
      [-Infinity, NaN],
    ]);
  });

  it('duplicates are summed in file order; explicit zeros dropped unless keepZeros', () => {
    const t = `${H('coordinate', 'real', 'general')}2 2 4\n1 1 0.1\n1 1 0.2\n2 2 0\n1 2 1\n`;
    const A = parseMatrixMarket(t, { as: 'csr' });
    expect(Array.from(A.values)).toEqual([0.1 + 0.2, 1]);
    const B = parseMatrixMarket(t, { as: 'csr', keepZeros: true });
    expect(Array.from(B.indptr)).toEqual([0, 2, 3]);
    expect(Object.is(B.values[2], 0)).toBe(true);
    // Same arrays as csrFromCoo on the same triplets.
    const C = csrFromCoo(2, 2, [0, 0, 1, 0], [0, 0, 1, 1], [0.1, 0.2, 0, 1]);
    expect(A).toEqual(C);
  });

  it('a symmetric upper-triangle entry is mirrored like a lower one', () => {
    const t = `${H('coordinate', 'integer', 'skew-symmetric')}3 3 1\n1 3 4\n`;
    expect(asRows(parseMatrixMarket(t))).toEqual([
      [0, 0, 4],
      [0, 0, 0],
      [-4, 0, 0],
    ]);
  });

  it('parses bytes and reports <bytes>; parseMatrixMarketHeader reads only the preamble', () => {
    const t = `${H('array', 'real', 'general')}% hi\n1 3\n30\n40\n`;
    const bytes = new TextEncoder().encode(t);
    expect(() => parseMatrixMarket(bytes)).toThrow(/<bytes>, line 6: unexpected end of input after 2 entries/);
    const full = new TextEncoder().encode(`${t}50`);
    expect(rowsOf(parseMatrixMarket(full) as DenseMatrix)).toEqual([[30, 40, 50]]);
    const h = parseMatrixMarketHeader(bytes);
    expect(h).toMatchObject({ format: 'array', rows: 1, cols: 3, entries: 3, comments: [' hi'], dataLine: 4, dataOffset: t.indexOf('30\n') });
    expectParseError(() => parseMatrixMarket(bytes.subarray(0, bytes.length - 3)), '<bytes>, line 3', 'input is truncated: 3 entries need at least 5 more characters but only 3 remain');
  });

  it('empty matrices', () => {
    const a = parseMatrixMarket(`${H('array', 'real', 'general')}0 3\n`);
    expect([a.rows, a.cols]).toEqual([0, 3]);
    const c = parseMatrixMarket(`${H('coordinate', 'real', 'general')}2 0 0\n`) as CsrMatrix;
    expect([c.rows, c.cols, c.indptr.length]).toEqual([2, 0, 3]);
    expect(formatMatrixMarket(c)).toBe(`${H('coordinate', 'real', 'general')}2 0 0\n`);
  });
});

describe('round trips', () => {
  const cases: Array<{ name: string; rows: number[][]; symmetry: 'general' | 'symmetric' | 'skew-symmetric' }> = [
    { name: 'general 7×5', rows: awkward(7, 5, 1), symmetry: 'general' },
    { name: 'general 1×9', rows: awkward(1, 9, 2), symmetry: 'general' },
    { name: 'symmetric 6×6', rows: symmetricRows(6, 3), symmetry: 'symmetric' },
    { name: 'skew-symmetric 5×5', rows: symmetricRows(5, 4, true), symmetry: 'skew-symmetric' },
  ];
  for (const c of cases) {
    it(`array real ${c.name}: bit for bit, from row- and column-major input`, () => {
      const rowMajor = fromRowMajor(c.rows.length, c.rows[0].length, Float64Array.from(c.rows.flat()));
      for (const A of [denseFromRows(c.rows), rowMajor]) {
        const text = formatMatrixMarket(A, { symmetry: c.symmetry });
        expect(text.startsWith(`%%MatrixMarket matrix array real ${c.symmetry}\n`)).toBe(true);
        const B = parseMatrixMarket(text);
        expect(B.kind).toBe('dense');
        expectSameBits(rowsOf(B as DenseMatrix), c.rows);
      }
    });

    it(`coordinate real ${c.name}: from dense and from CSR, row and column entry order`, () => {
      const A = denseFromRows(c.rows);
      const S = csrFromDense(A);
      const expected = c.rows.map((r) => r.map((x) => (x === 0 ? 0 : x))); // −0 is a zero in coordinate form
      for (const src of [A, S]) {
        for (const entryOrder of ['row', 'col'] as const) {
          const text = formatMatrixMarket(src, { format: 'coordinate', symmetry: c.symmetry, entryOrder });
          const B = parseMatrixMarket(text);
          expect(B.kind).toBe('csr');
          expectSameBits(csrRows(B as CsrMatrix), expected);
          expect(B).toEqual(S);
        }
      }
    });

    it(`integer ${c.name}, array and coordinate`, () => {
      const ints = c.rows.map((r) => r.map((x) => (Math.round(x * 1e3) % 1000) + 0));
      if (c.symmetry !== 'general') for (let i = 0; i < ints.length; i++) for (let j = 0; j < i; j++) ints[j][i] = c.symmetry === 'symmetric' ? ints[i][j] : -ints[i][j];
      if (c.symmetry === 'skew-symmetric') ints.forEach((r, i) => (r[i] = 0));
      const A = denseFromRows(ints);
      for (const format of ['array', 'coordinate'] as const) {
        const text = formatMatrixMarket(A, { format, field: 'integer', symmetry: c.symmetry });
        expect(text).toContain(`${format} integer ${c.symmetry}`);
        expect(asRows(parseMatrixMarket(text)).map((r) => r.map((x) => x + 0))).toEqual(ints.map((r) => r.map((x) => x + 0)));
      }
    });
  }

  it('pattern: positions of nonzeros, read back as ones (general and symmetric)', () => {
    const P = [
      [1, 0, 1],
      [0, 0, 1],
      [1, 1, 0],
    ];
    for (const src of [denseFromRows(P), csrFromDense(denseFromRows(P))]) {
      const text = formatMatrixMarket(src, { format: 'coordinate', field: 'pattern' });
      expect(text).toBe(`${H('coordinate', 'pattern', 'general')}3 3 5\n1 1\n1 3\n2 3\n3 1\n3 2\n`);
      expect(asRows(parseMatrixMarket(text))).toEqual(P);
    }
    const Q = [
      [0, 1, 1],
      [1, 1, 0],
      [1, 0, 0],
    ];
    const text = formatMatrixMarket(denseFromRows(Q), { format: 'coordinate', field: 'pattern', symmetry: 'symmetric' });
    expect(text).toBe(`${H('coordinate', 'pattern', 'symmetric')}3 3 3\n2 1\n2 2\n3 1\n`);
    expect(asRows(parseMatrixMarket(text))).toEqual(Q);
  });

  it('CSR written as an array, dense read as CSR and back', () => {
    const rows = awkward(4, 6, 9).map((r) => r.map((x, j) => (j % 2 ? 0 : x)));
    const S = csrFromDense(denseFromRows(rows));
    const text = formatMatrixMarket(S, { format: 'array' });
    expect(parseMatrixMarket(text, { as: 'csr' })).toEqual(S);
    expectSameBits(rowsOf(parseMatrixMarket(text, { as: 'dense' })), rows.map((r) => r.map((x) => (x === 0 ? 0 : x))));
  });

  it('non-finite values with checkFinite: false, and comments', () => {
    const rows = [
      [NaN, 1],
      [-Infinity, Infinity],
    ];
    const text = formatMatrixMarket(denseFromRows(rows), { checkFinite: false, comment: 'line one\nline two' });
    expect(text).toBe(`${H('array', 'real', 'general')}%line one\n%line two\n2 2\nNaN\n-Infinity\n1\nInfinity\n`);
    expectSameBits(rowsOf(parseMatrixMarket(text, { checkFinite: false }) as DenseMatrix), rows);
    expect(() => parseMatrixMarket(text)).toThrow(NonFiniteError);
  });

  it('property: random doubles round-trip exactly through array and coordinate text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 36, maxLength: 36 }),
        (m, n, xs) => {
          const A = fromRowMajor(m, n, Float64Array.from(xs.slice(0, m * n)));
          expectSameBits(rowsOf(parseMatrixMarket(formatMatrixMarket(A)) as DenseMatrix), rowsOf(A));
          const S = parseMatrixMarket(formatMatrixMarket(A, { format: 'coordinate' }));
          expect(S).toEqual(csrFromDense(A));
        },
      ),
    );
  });

  it('writers do not mutate their input; files round-trip through writeMatrixMarket/readMatrixMarket', () => {
    const A = denseFromRows(symmetricRows(5, 11));
    const S = csrFromDense(A);
    const copyA = A.data.slice();
    const copyS = { p: S.indptr.slice(), i: S.indices.slice(), v: S.values.slice() };
    const p1 = join(dir, 'a.mtx');
    const p2 = join(dir, 's.mtx');
    writeMatrixMarket(p1, A, { symmetry: 'symmetric', comment: 'written by a test' });
    writeMatrixMarket(p2, S, { symmetry: 'symmetric', entryOrder: 'col' });
    expect(A.data).toEqual(copyA);
    expect([S.indptr, S.indices, S.values]).toEqual([copyS.p, copyS.i, copyS.v]);
    expectSameBits(rowsOf(readMatrixMarket(p1) as DenseMatrix), rowsOf(A));
    expect(readMatrixMarket(p2)).toEqual(S);
    expect(readFileSync(p1, 'utf8')).toContain('%written by a test\n5 5\n');
    // Contents passed as a string are recognised by the banner; source: 'text' forces it.
    expect(readMatrixMarket(readFileSync(p2, 'utf8'))).toEqual(S);
    expect(readMatrixMarket(`\n${readFileSync(p2, 'utf8')}`.slice(1), { source: 'text' })).toEqual(S);
  });
});

describe('comments', () => {
  it('non-ASCII comments survive files, bytes and text', () => {
    const p = join(dir, 'utf8.mtx');
    writeMatrixMarket(p, denseFromRows([[1]]), { comment: 'Grüße, 行列' });
    expect(readMatrixMarketHeader(p).comments).toEqual(['Grüße, 行列']);
    expect(parseMatrixMarketHeader(readFileSync(p)).comments).toEqual(['Grüße, 行列']);
    expect(parseMatrixMarketHeader(readFileSync(p, 'utf8')).comments).toEqual(['Grüße, 行列']);
    expect(rowsOf(readMatrixMarket(p) as DenseMatrix)).toEqual([[1]]);
  });
});

describe('ParseError branches name the input, the line and what was expected', () => {
  const G = H('coordinate', 'real', 'general');
  it('banner', () => {
    expectParseError(() => parseMatrixMarket(''), '<text>, line 1', 'empty input', '%%MatrixMarket matrix');
    expectParseError(() => parseMatrixMarket('hello\n1 1\n'), '<text>, line 1', "not a Matrix Market file (got 'hello'");
    expectParseError(() => parseMatrixMarket('%%MatrixMarket matrix array real\n'), 'line 1', 'banner has 3 keywords');
    expectParseError(() => parseMatrixMarket('%%MatrixMarket vector array real general\n'), 'line 1', "unsupported object (got 'vector'; expected 'matrix')");
    expectParseError(() => parseMatrixMarket('%%MatrixMarket matrix dense real general\n'), 'line 1', "unknown format (got 'dense'");
    expectParseError(() => parseMatrixMarket('%%MatrixMarket matrix array complex general\n'), 'line 1', 'complex matrices are not supported');
    expectParseError(() => parseMatrixMarket('%%MatrixMarket matrix array real hermitian\n'), 'line 1', 'hermitian needs complex');
    expectParseError(() => parseMatrixMarket('%%MatrixMarket matrix array real upper\n'), 'line 1', "unsupported symmetry (got 'upper'");
    expectParseError(() => parseMatrixMarket('%%MatrixMarket matrix array pattern general\n'), 'line 1', 'pattern field needs the coordinate format');
  });

  it('size line', () => {
    expectParseError(() => parseMatrixMarket(`${G}% only comments\n`), '<text>, line 3', 'expected the size line');
    expectParseError(() => parseMatrixMarket(`${G}3 3\n`), 'line 2', "size line has 2 fields (got '3 3'; expected 'rows cols nnz')");
    expectParseError(() => parseMatrixMarket(`${H('array', 'real', 'general')}3 3 3\n`), 'line 2', "expected 'rows cols'");
    expectParseError(() => parseMatrixMarket(`${G}3 x 1\n`), 'line 2', 'field 2 is not a non-negative integer');
    expectParseError(() => parseMatrixMarket(`${G}-3 3 1\n`), 'line 2', 'field 1 is not a non-negative integer');
    expectParseError(() => parseMatrixMarket(`${H('array', 'real', 'symmetric')}3 4\n`), 'line 2', 'must be square (got 3×4)');
    expectParseError(() => parseMatrixMarket(`${G}3000000000 1 0\n`), 'line 2', 'too large');
  });

  it('declared sizes are checked before any allocation', () => {
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    // 10^12 entries: beyond maxEntries (default 2^28).
    expectParseError(() => parseMatrixMarket(`${H('array', 'real', 'general')}1000000 1000000\n1\n`), '<text>, line 2', 'declares 1000000000000 entries', 'maxEntries = 268435456');
    expectParseError(() => parseMatrixMarket(`${G}10 10 1000000000000\n1 1 1\n`), 'line 2', 'declares 1000000000000 entries');
    expectParseError(() => parseMatrixMarket(`${H('coordinate', 'real', 'symmetric')}10 10 200000000\n1 1 1\n`), 'up to twice that after mirroring', 'declares 400000000');
    expectParseError(() => parseMatrixMarket(`${G}300000000 1 1\n1 1 1\n`), 'rows + 1 row pointers');
    expectParseError(() => parseMatrixMarket(`${H('array', 'real', 'general')}10 10\n`, { maxEntries: 99 }), 'declares 100 entries', 'maxEntries = 99');
    expectParseError(() => parseMatrixMarket(`${G}1000 1000 1\n1 1 1\n`, { as: 'dense', maxEntries: 10000 }), "(as: 'dense') declares 1000000 entries");
    // Within the limits but far longer than the input: rejected as truncated, still without allocating (40000² doubles = 12.8 GB).
    expectParseError(
      () => parseMatrixMarket(`${H('array', 'real', 'general')}40000 40000\n1\n2\n`, { maxEntries: 2 ** 31 - 1 }),
      'line 2',
      'input is truncated: 1600000000 entries need at least',
    );
    expectParseError(() => parseMatrixMarket(`${G}100000 100000 100000000\n1 1 1\n`), 'input is truncated');
    expect(performance.now() - t0).toBeLessThan(200);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 2 ** 20);
    expect(() => parseMatrixMarket('', { maxEntries: -1 })).toThrow(InvalidArgumentError);
  });

  it('entries', () => {
    expectParseError(() => parseMatrixMarket(`${G}3 3 2\n1 1 1.0\n2  2\n`), '<text>, line 4', "entry has 2 fields (got '2  2'; expected 'row col value' (real))");
    expectParseError(() => parseMatrixMarket(`${H('coordinate', 'pattern', 'general')}3 3 1\n1 1 1\n`), 'line 3', "expected 'row col' (pattern)");
    expectParseError(() => parseMatrixMarket(`${H('array', 'real', 'general')}1 2\n1 2\n3\n`), 'line 3', 'entry has 2 fields', 'one value per line');
    expectParseError(() => parseMatrixMarket(`${G}3 3 1\n1 1 1 1\n`), 'line 3', 'more than 3 fields');
    expectParseError(() => parseMatrixMarket(`${G}3 3 1\n4 1 1\n`), 'line 3', "row index out of range (got '4'; expected an integer in 1..3)");
    expectParseError(() => parseMatrixMarket(`${G}3 3 1\n0 1 1\n`), 'line 3', 'row index out of range');
    expectParseError(() => parseMatrixMarket(`${G}3 3 1\n1 1.5 1\n`), 'line 3', "column index out of range (got '1.5'");
    expectParseError(() => parseMatrixMarket(`${G}3 3 1\n1 1 abc\n`), 'line 3', "not a number (got 'abc'");
    expectParseError(() => parseMatrixMarket(`${G}3 3 1\n1 1 0x10\n`), 'line 3', "not a number (got '0x10'");
    expectParseError(() => parseMatrixMarket(`${H('array', 'integer', 'general')}1 1\n1.5\n`), 'line 3', "not an integer (got '1.5'");
    expectParseError(() => parseMatrixMarket(`${H('array', 'integer', 'general')}1 1\n9007199254740993\n`), 'line 3', 'integer too large');
    expect(rowsOf(parseMatrixMarket(`${H('array', 'integer', 'general')}1 1\n-9007199254740992\n`) as DenseMatrix)).toEqual([[-(2 ** 53)]]);
    expectParseError(() => parseMatrixMarket(`${H('coordinate', 'real', 'skew-symmetric')}2 2 1\n1 1 3\n`), 'line 3', 'nonzero diagonal entry');
    expectParseError(() => parseMatrixMarket(`${G}3 3 1\n1 1 1\n2 2 2\n`), 'line 4', 'more entries than declared (expected 1 after the size line on line 2)');
    expectParseError(() => parseMatrixMarket(`${H('array', 'real', 'general')}1 1\n1\n2\n`), 'line 4', 'more entries than declared');
    expectParseError(() => parseMatrixMarket(`${G}3 3 3\n1 1 1.000\n2 2 2.000\n`), 'line 5', 'unexpected end of input after 2 entries (expected 3, as declared on line 2)');
    expectParseError(() => parseMatrixMarket(`${H('array', 'real', 'symmetric')}3 3\n10\n20\n30\n40\n50\n`), 'line 8', 'after 5 entries (expected 6');
  });

  it('non-finite values: NonFiniteError with the line and (i, j)', () => {
    expect(() => parseMatrixMarket(`${G}3 3 1\n2 3 nan\n`)).toThrow(/<text>, line 3: non-finite value NaN at \(1, 2\)/);
    expect(() => parseMatrixMarket(`${H('array', 'real', 'general')}2 2\n1\n2\ninf\n4\n`)).toThrow(/line 5: non-finite value Infinity at \(0, 1\)/);
    expect(() => parseMatrixMarket(`${G}3 3 1\n2 3 1e999\n`)).toThrow(NonFiniteError);
  });

  it('a file path is named in the message', () => {
    const p = join(dir, 'bad.mtx');
    writeFileSync(p, `${G}2 2 1\n1 3 1\n`);
    expectParseError(() => readMatrixMarket(p), `readMatrixMarket: ${p}, line 3: column index out of range`);
  });
});

describe('writer errors', () => {
  it('rejects bad options and inputs before writing anything', () => {
    const A = denseFromRows([
      [1, 2],
      [3, 4],
    ]);
    expect(() => formatMatrixMarket(A, { symmetry: 'symmetric' })).toThrow(/A is not symmetric: A\[1\]\[0\] = 3 and A\[0\]\[1\] = 2/);
    expect(() => formatMatrixMarket(csrFromDense(A), { symmetry: 'skew-symmetric' })).toThrow(InvalidArgumentError);
    expect(() => formatMatrixMarket(denseFromRows([[1, 2]]), { symmetry: 'symmetric' })).toThrow(/must be square/);
    expect(() => formatMatrixMarket(denseFromRows([[1.5]]), { field: 'integer' })).toThrow(/A\[0\]\[0\] is not an integer/);
    expect(() => formatMatrixMarket(A, { field: 'pattern' })).toThrow(/needs format 'coordinate'/);
    expect(() => formatMatrixMarket(A, { format: 'dense' as never })).toThrow(InvalidArgumentError);
    expect(() => formatMatrixMarket(denseFromRows([[NaN]]))).toThrow(NonFiniteError);
    expect(() => formatMatrixMarket({ kind: 'csr' } as never)).toThrow(InvalidArgumentError);
    const p = join(dir, 'never.mtx');
    expect(() => writeMatrixMarket(p, A, { symmetry: 'symmetric' })).toThrow(InvalidArgumentError);
    expect(() => readFileSync(p)).toThrow(/ENOENT/);
    // A non-finite CSR can be written with checkFinite: false.
    const S: CsrMatrix = { kind: 'csr', rows: 1, cols: 2, indptr: new Int32Array([0, 1]), indices: new Int32Array([1]), values: new Float64Array([NaN]) };
    expect(formatMatrixMarket(S, { checkFinite: false })).toBe(`${H('coordinate', 'real', 'general')}1 2 1\n1 2 NaN\n`);
    expect(() => formatMatrixMarket(S)).toThrow(NonFiniteError);
    // Strided views are written by element, not by buffer.
    const V = fromColMajor(2, 2, new Float64Array([1, 2, 3, 4]));
    expect(formatMatrixMarket(transpose(V))).toBe(`${H('array', 'real', 'general')}2 2\n1\n3\n2\n4\n`);
  });
});
