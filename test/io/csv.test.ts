import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { expectParseError } from '../helpers/parse.js';
import { type DenseMatrix, fromColMajor, fromRowMajor } from '../../src/core/matrix.js';
import { formatCsv, parseCsv, readCsv, writeCsv } from '../../src/io/index.js';
import { denseFromRows, rowsOf } from '../helpers/reference.js';

const FIX = fileURLToPath(new URL('../fixtures/io/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'randnla-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sameBits(A: DenseMatrix, rows: number[][]): boolean {
  const got = rowsOf(A);
  return got.length === rows.length && got.every((r, i) => r.length === rows[i].length && r.every((x, j) => Object.is(x, rows[i][j])));
}

describe('reading', () => {
  it('the sample file: header with quoted names, comments, blank lines, CRLF, spaces around numbers', () => {
    const { matrix, header } = readCsv(join(FIX, 'header.csv'));
    expect(header).toEqual(['x, first', 'y', 'z "q"']);
    expect(rowsOf(matrix)).toEqual([
      [1, 2.5, -3],
      [4, 0.5, 6],
      [7, 8, 9],
    ]);
    expect(matrix.rowStride).toBe(1); // column-major
  });

  it('header detection: auto, forced, none', () => {
    expect(parseCsv('1,2\n3,4\n').header).toBeNull();
    expect(parseCsv('a,2\n3,4\n').header).toEqual(['a', '2']);
    const forced = parseCsv('1,2\n3,4\n', { header: true });
    expect(forced.header).toEqual(['1', '2']);
    expect(rowsOf(forced.matrix)).toEqual([[3, 4]]);
    expectParseError(() => parseCsv('a,b\n1,2\n', { header: false }), '<text>, line 1', "field 1 of row 0 is not a number (got 'a'");
    const only = parseCsv('p,q,r\n');
    expect(only.header).toEqual(['p', 'q', 'r']);
    expect([only.matrix.rows, only.matrix.cols]).toEqual([0, 3]);
    const empty = parseCsv('# nothing\n\n');
    expect([empty.matrix.rows, empty.matrix.cols, empty.header]).toEqual([0, 0, null]);
  });

  it('delimiters, comment option, quoted numbers, quoted line breaks, no final newline, BOM, bytes', () => {
    expect(rowsOf(parseCsv('1\t2\n3\t4', { delimiter: '\t' }).matrix)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(rowsOf(parseCsv('1;2\n3;4\n', { delimiter: ';' }).matrix)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const r = parseCsv('"a\nb",c\n"1",2\n3,"4" \n');
    expect(r.header).toEqual(['a\nb', 'c']);
    expect(rowsOf(r.matrix)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(parseCsv('%h,x\n1,2\n', { comment: '%' }).header).toBeNull();
    expect(parseCsv('#h,x\n1,2\n', { comment: null }).header).toEqual(['#h', 'x']);
    expect(parseCsv('\uFEFFa,b\n1,2').header).toEqual(['a', 'b']);
    const bytes = new TextEncoder().encode('é,ü\n1,2\n');
    expect(parseCsv(bytes).header).toEqual(['é', 'ü']);
    const nf = parseCsv('nan,-inf\nInfinity,NaN\n', { checkFinite: false }).matrix;
    expect(sameBits(nf, [[NaN, -Infinity], [Infinity, NaN]])).toBe(true);
  });

  it('readCsv takes a path or contents (a string with a line break, or source: text)', () => {
    const p = join(dir, 'in.csv');
    writeFileSync(p, 'u,v\n1,2\n');
    expect(readCsv(p).header).toEqual(['u', 'v']);
    expect(readCsv('u,v\n1,2\n').header).toEqual(['u', 'v']);
    expect(rowsOf(readCsv('1,2', { source: 'text' }).matrix)).toEqual([[1, 2]]);
    expect(() => readCsv(join(dir, 'missing.csv'))).toThrow(/ENOENT/);
  });
});

describe('round trips', () => {
  it('bit for bit, with and without a header, any layout, −0 and extremes', () => {
    const rows = [
      [0.1, -0, 5e-324, 1.7976931348623157e308],
      [-1e-300, 123456789.123, 2 ** 53 + 2, -2.5e-7],
    ];
    const R = fromRowMajor(2, 4, Float64Array.from(rows.flat()));
    const C = denseFromRows(rows);
    for (const A of [R, C]) {
      const copy = A.data.slice();
      const t = formatCsv(A, { header: ['a', 'b,c', ' spaced ', 'q"uote'], comment: 'made by a test\nsecond line' });
      expect(A.data).toEqual(copy);
      expect(t.startsWith('# made by a test\n# second line\na,"b,c"," spaced ","q""uote"\n')).toBe(true);
      const back = parseCsv(t);
      expect(back.header).toEqual(['a', 'b,c', ' spaced ', 'q"uote']);
      expect(sameBits(back.matrix, rows)).toBe(true);
      expect(sameBits(parseCsv(formatCsv(A, { delimiter: '\t' }), { delimiter: '\t' }).matrix, rows)).toBe(true);
    }
  });

  it('property: random doubles round-trip exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 25, maxLength: 25 }), (m, n, xs) => {
        const A = fromRowMajor(m, n, Float64Array.from(xs.slice(0, m * n)));
        expect(sameBits(parseCsv(formatCsv(A)).matrix, rowsOf(A))).toBe(true);
      }),
    );
  });

  it('non-finite values with checkFinite: false; writeCsv/readCsv on a file', () => {
    const A = fromColMajor(1, 3, new Float64Array([NaN, Infinity, -Infinity]));
    expect(() => formatCsv(A)).toThrow(NonFiniteError);
    const t = formatCsv(A, { checkFinite: false });
    expect(t).toBe('NaN,Infinity,-Infinity\n');
    expect(sameBits(parseCsv(t, { checkFinite: false }).matrix, [[NaN, Infinity, -Infinity]])).toBe(true);
    const p = join(dir, 'out.csv');
    const B = denseFromRows([
      [1, 2],
      [3, 4.5],
    ]);
    writeCsv(p, B, { header: ['x', 'y'] });
    expect(readFileSync(p, 'utf8')).toBe('x,y\n1,2\n3,4.5\n');
    expect(rowsOf(readCsv(p).matrix)).toEqual(rowsOf(B));
  });
});

describe('ParseError branches name the input, the line and what was expected', () => {
  it('structure', () => {
    expectParseError(() => parseCsv('1,2\n3\n'), '<text>, line 2', 'row 1 has 1 field (expected 2, as in the first row)');
    expectParseError(() => parseCsv('a,b\n1,2,3\n'), 'line 2', 'row 0 has 3 fields (expected 2');
    expectParseError(() => parseCsv('a,b\n1,x\n'), 'line 2', "field 2 of row 0 is not a number (got 'x'");
    expectParseError(() => parseCsv('a,b\n1,\n'), 'line 2', "field 2 of row 0 is not a number (got ''; expected a decimal real, not an empty field)");
    expectParseError(() => parseCsv('a,b\n1,0x1F\n'), 'line 2', "(got '0x1F'");
    expectParseError(() => parseCsv('a,b\n1,2\n"3,4\n5,6\n'), '<text>, line 3', "unterminated quoted field (expected a closing '\"' before the end of the input)");
    expectParseError(() => parseCsv('"a"b,c\n'), 'line 1', "unexpected text after a closing quote (got 'b,c");
    expectParseError(() => parseCsv('a,b"c\n'), 'line 1', `quote inside an unquoted field (got 'b"'`);
    expectParseError(() => parseCsv('"multi\nline",b\n1,2\n3\n'), '<text>, line 4', 'row 1 has 1 field');
    expectParseError(() => parseCsv(new TextEncoder().encode('1\n2,3\n')), '<bytes>, line 2');
    expectParseError(() => parseCsv('1,2\n3,4\n5,6\n', { maxEntries: 5 }), 'line 3', 'more than 5 values (expected at most maxEntries = 5');
    expect(() => parseCsv('1,inf\n')).toThrow(/<text>, line 1: non-finite value Infinity at \(0, 1\)/);
    const p = join(dir, 'bad.csv');
    writeFileSync(p, 'a,b\n1,2\n3,zz\n');
    expectParseError(() => readCsv(p), `readCsv: ${p}, line 3: field 2 of row 1 is not a number (got 'zz'`);
  });

  it('options and writer errors are InvalidArgumentError', () => {
    expect(() => parseCsv('1', { delimiter: ',,' })).toThrow(InvalidArgumentError);
    expect(() => parseCsv('1', { delimiter: '"' })).toThrow(InvalidArgumentError);
    expect(() => parseCsv('1', { comment: ',' })).toThrow(/comment and delimiter must differ/);
    expect(() => parseCsv('1', { header: 'yes' as never })).toThrow(InvalidArgumentError);
    expect(() => parseCsv(5 as never)).toThrow(InvalidArgumentError);
    const A = denseFromRows([[1, 2]]);
    expect(() => formatCsv(A, { header: ['a'] })).toThrow(/header has 1 names but A has 2 columns/);
    expect(() => formatCsv(A, { delimiter: '.' })).toThrow(/can occur inside numbers/);
    expect(() => writeCsv(join(dir, 'x.csv'), { kind: 'csr' } as never)).toThrow(InvalidArgumentError);
  });
});
