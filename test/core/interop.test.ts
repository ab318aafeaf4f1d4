import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Matrix, MatrixTransposeView } from 'ml-matrix';
import { matrix as mathjsMatrix, sparse as mathjsSparse, bignumber } from 'mathjs';
import { asMatrix, asVector, assertDenseMatrix, fromMathjs, fromMlMatrix } from '../../src/core/interop.js';
import { toMlMatrix } from '../../src/core/ml-matrix.js';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { fromColMajor, fromRowMajor, subMatrix, toArray, transpose } from '../../src/core/matrix.js';
import { csrFromCoo } from '../../src/core/csr.js';
import { denseFromRows, randnArray, rowsOf } from '../helpers/reference.js';

/** Arbitrary rectangular number[][] (including 0×0 and m×0), with awkward finite doubles. */
const rectArb = fc
  .record({ m: fc.integer({ min: 0, max: 6 }), n: fc.integer({ min: 0, max: 6 }) })
  .chain(({ m, n }) => fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n }), { minLength: m, maxLength: m }));

/** Bitwise comparison, so that -0 vs 0 and every bit of every double count. */
function sameBits(a: number[][], b: number[][]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].length !== b[i].length) return false;
    for (let j = 0; j < a[i].length; j++) if (!Object.is(a[i][j], b[i][j])) return false;
  }
  return true;
}

describe('asMatrix', () => {
  it('round-trips number[][] → DenseMatrix → number[][] exactly', () => {
    fc.assert(
      fc.property(rectArb, (rows) => {
        const A = asMatrix(rows);
        expect(A.kind).toBe('dense');
        expect(A.rows).toBe(rows.length);
        expect(sameBits(toArray(A), rows)).toBe(true);
      }),
    );
  });

  it('keeps the column count of m×0 input', () => {
    const A = asMatrix([[], [], []]);
    expect([A.rows, A.cols]).toEqual([3, 0]);
    const B = asMatrix([]);
    expect([B.rows, B.cols]).toEqual([0, 0]);
  });

  it('returns a DenseMatrix as is (no copy) for any strides', () => {
    const D = denseFromRows(randnArray(4, 3, 1));
    expect(asMatrix(D)).toBe(D);
    const T = transpose(D);
    expect(asMatrix(T)).toBe(T);
    const V = subMatrix(D, 1, 3, 1, 3);
    expect(asMatrix(V)).toBe(V);
  });

  it('copies number[][] input: no aliasing and no mutation', () => {
    const rows = [[1, 2], [3, 4], [5, 6]];
    const A = asMatrix(rows);
    A.data[0] = 99;
    expect(rows).toEqual([[1, 2], [3, 4], [5, 6]]);
    rows[1][1] = -1;
    expect(toArray(A)[1][1]).toBe(4);
  });

  it('accepts rows given as typed arrays', () => {
    const A = asMatrix([Float64Array.of(1, 2), Float64Array.of(3, 4)]);
    expect(toArray(A)).toEqual([[1, 2], [3, 4]]);
  });

  it('reads { data, rows, cols } row-major by default and column-major with order: "col"', () => {
    const data = Float64Array.of(1, 2, 3, 4, 5, 6);
    expect(toArray(asMatrix({ data, rows: 2, cols: 3 }))).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(toArray(asMatrix({ data, rows: 2, cols: 3, order: 'row' }))).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(toArray(asMatrix({ data, rows: 2, cols: 3, order: 'col' }))).toEqual([[1, 3, 5], [2, 4, 6]]);
    expect(toArray(asMatrix({ data: [1, 2, 3, 4], rows: 2, cols: 2 }))).toEqual([[1, 2], [3, 4]]);
    const A = asMatrix({ data, rows: 2, cols: 3 });
    A.data[0] = 42;
    expect(data[0]).toBe(1);
    expect(A.data).not.toBe(data);
  });

  it('round-trips ml-matrix exactly (both directions, views included)', () => {
    fc.assert(
      fc.property(rectArb, (rows) => {
        if (rows.length === 0) return; // ml-matrix cannot express 0×n from number[][]
        const M = new Matrix(rows);
        const A = asMatrix(M);
        expect(sameBits(toArray(A), rows)).toBe(true);
        expect(sameBits(toMlMatrix(A).to2DArray(), rows)).toBe(true);
        expect(sameBits(toArray(fromMlMatrix(toMlMatrix(A))), rows)).toBe(true);
      }),
    );
    const M = new Matrix([[1, 2, 3], [4, 5, 6]]);
    expect(toArray(asMatrix(new MatrixTransposeView(M)))).toEqual([[1, 4], [2, 5], [3, 6]]);
    // toMlMatrix of a strided view.
    const D = denseFromRows([[1, 2, 3], [4, 5, 6]]);
    expect(toMlMatrix(transpose(D)).to2DArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(toMlMatrix(fromRowMajor(2, 2, Float64Array.of(1, 2, 3, 4))).to2DArray()).toEqual([[1, 2], [3, 4]]);
    const E = toMlMatrix(fromColMajor(0, 3, new Float64Array(0)));
    expect([E.rows, E.columns]).toEqual([0, 3]);
    const F = asMatrix(new Matrix(0, 3));
    expect([F.rows, F.cols]).toEqual([0, 3]);
  });

  it('does not alias or mutate an ml-matrix input', () => {
    const M = new Matrix([[1, 2], [3, 4]]);
    const A = asMatrix(M);
    A.data[0] = 7;
    expect(M.get(0, 0)).toBe(1);
    M.set(1, 1, 9);
    expect(toArray(A)[1][1]).toBe(4);
  });

  it('accepts duck-typed ml-matrix objects that only have to2DArray', () => {
    const like = { rows: 2, columns: 2, to2DArray: () => [[1, 2], [3, 4]] };
    expect(toArray(asMatrix(like))).toEqual([[1, 2], [3, 4]]);
    const wrong = { rows: 2, columns: 3, to2DArray: () => [[1, 2], [3, 4]] };
    expect(() => asMatrix(wrong)).toThrow(DimensionError);
  });

  it('round-trips mathjs dense and sparse matrices exactly', () => {
    fc.assert(
      fc.property(rectArb, (rows) => {
        if (rows.length === 0) return; // mathjs gives 1-D size [0] for []
        const A = asMatrix(mathjsMatrix(rows));
        expect(sameBits(toArray(A), rows)).toBe(true);
        const back = mathjsMatrix(toArray(A)).toArray() as number[][];
        expect(sameBits(back, rows)).toBe(true);
      }),
    );
    expect(toArray(asMatrix(mathjsSparse([[1, 0], [0, 2]])))).toEqual([[1, 0], [0, 2]]);
    expect(toArray(fromMathjs(mathjsMatrix([[1, 2, 3]])))).toEqual([[1, 2, 3]]);
    const m0 = asMatrix(mathjsMatrix([[]]));
    expect([m0.rows, m0.cols]).toEqual([1, 0]);
  });

  it('does not alias a mathjs input', () => {
    const M = mathjsMatrix([[1, 2], [3, 4]]);
    const A = asMatrix(M);
    A.data[0] = 7;
    expect((M.toArray() as number[][])[0][0]).toBe(1);
  });

  it('rejects ragged arrays naming the row', () => {
    expect(() => asMatrix([[1, 2], [3]])).toThrow(DimensionError);
    expect(() => asMatrix([[1, 2], [3, 4], [5, 6, 7]])).toThrow(/row 2 has length 3/);
  });

  it('rejects wrong lengths, shapes and non-numbers', () => {
    expect(() => asMatrix({ data: Float64Array.of(1, 2, 3), rows: 2, cols: 2 })).toThrow(DimensionError);
    expect(() => asMatrix({ data: Float64Array.of(1, 2), rows: -1, cols: -2 })).toThrow(InvalidArgumentError);
    expect(() => asMatrix({ data: Float64Array.of(1, 2), rows: 1, cols: 2, order: 'F' as 'row' })).toThrow(InvalidArgumentError);
    expect(() => asMatrix({ data: 'ab' as unknown as number[], rows: 1, cols: 2 })).toThrow(InvalidArgumentError);
    expect(() => asMatrix([[1, '2' as unknown as number]])).toThrow(/A\[0\]\[1\] must be a number/);
    expect(() => asMatrix([1, 2] as unknown as number[][])).toThrow(InvalidArgumentError);
    expect(() => asMatrix(mathjsMatrix([1, 2, 3]))).toThrow(DimensionError);
    expect(() => asMatrix(mathjsMatrix([[bignumber(1)]]) as never)).toThrow(InvalidArgumentError);
  });

  it('rejects other types naming the type', () => {
    expect(() => asMatrix(42 as never)).toThrow(/got number/);
    expect(() => asMatrix('abc' as never)).toThrow(InvalidArgumentError);
    expect(() => asMatrix(null as never)).toThrow(/got null/);
    expect(() => asMatrix(new Map() as never)).toThrow(/Map/);
    expect(() => asMatrix(Float64Array.of(1, 2) as never)).toThrow(/Float64Array/);
    expect(() => asMatrix(csrFromCoo(2, 2, [0], [0], [1]) as never)).toThrow(/CsrMatrix/);
  });

  it('checks finiteness, reporting the first (i, j), unless checkFinite is false', () => {
    expect(() => asMatrix([[1, 2], [3, NaN]])).toThrow(NonFiniteError);
    expect(() => asMatrix([[1, 2], [Infinity, NaN]])).toThrow(/at \(1, 0\)/);
    expect(() => asMatrix({ data: [1, 2, 3, -Infinity], rows: 2, cols: 2, order: 'col' })).toThrow(/at \(1, 1\)/);
    expect(() => asMatrix(new Matrix([[1, NaN]]))).toThrow(/at \(0, 1\)/);
    expect(() => asMatrix(mathjsMatrix([[1], [NaN]]))).toThrow(/at \(1, 0\)/);
    expect(() => asMatrix(denseFromRows([[1, NaN]]))).toThrow(NonFiniteError);
    const A = asMatrix([[NaN, 1]], 'myFn', { checkFinite: false });
    expect(Number.isNaN(A.data[0])).toBe(true);
    expect(() => asMatrix([[NaN]], 'myFn', { name: 'B' })).toThrow(/^myFn: B has a non-finite/);
  });

  it('checks the structure of a DenseMatrix', () => {
    const D = denseFromRows([[1, 2], [3, 4]]);
    expect(() => asMatrix({ ...D, data: [1, 2, 3, 4] } as never)).toThrow(/Float64Array/);
    expect(() => asMatrix({ ...D, rows: 3 })).toThrow(/outside its buffer/);
    expect(() => asMatrix({ ...D, offset: -1 })).toThrow(InvalidArgumentError);
    expect(() => asMatrix({ ...D, colStride: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => asMatrix({ ...D, rows: 2.5 })).toThrow(InvalidArgumentError);
    expect(() => assertDenseMatrix('f', 'A', { ...D, kind: 'sparse' })).toThrow(InvalidArgumentError);
    // Negative strides inside the buffer are fine (a reversed view).
    const R = { ...D, offset: 3, rowStride: -1, colStride: -2 };
    expect(toArray(asMatrix(R))).toEqual([[4, 3], [2, 1]]);
  });
});

describe('asVector', () => {
  it('returns a Float64Array as is and copies a number[]', () => {
    const f = Float64Array.of(1, 2, 3);
    expect(asVector(f)).toBe(f);
    const a = [1, 2, 3];
    const v = asVector(a);
    expect(Array.from(v)).toEqual(a);
    v[0] = 9;
    expect(a[0]).toBe(1);
  });
  it('validates type and finiteness', () => {
    expect(() => asVector([1, NaN], 'f', 'b')).toThrow(/^f: b has a non-finite entry NaN at index 1/);
    expect(() => asVector(Float64Array.of(Infinity))).toThrow(NonFiniteError);
    expect(() => asVector(Int32Array.of(1) as never)).toThrow(InvalidArgumentError);
    expect(() => asVector([1, '2'] as never)).toThrow(InvalidArgumentError);
    expect(() => asVector('12' as never)).toThrow(InvalidArgumentError);
    expect(Number.isNaN(asVector([NaN], 'f', 'x', { checkFinite: false })[0])).toBe(true);
  });
});

describe('rowsOf agrees with toArray on converted input', () => {
  it('row and column layouts agree', () => {
    const rows = randnArray(5, 4, 3);
    const A = asMatrix({ data: Float64Array.from(rows.flat()), rows: 5, cols: 4 });
    expect(rowsOf(A)).toEqual(rows);
  });
});
