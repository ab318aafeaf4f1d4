import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { asOperator, composeOperators, linearOperator, operatorToDense, transposeOperator } from '../../src/core/operator.js';
import { csrFromCoo } from '../../src/core/csr.js';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { type DenseMatrix, fromRowMajor, subMatrix, transpose } from '../../src/core/matrix.js';
import { denseFromRows, maxAbsDiff, naiveMatmul, naiveTranspose, randnArray, rowsOf, testRandom } from '../helpers/reference.js';

const EPS = 2 ** -52;

function dotp(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function sumAbsProd(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] * b[i]);
  return s;
}

function vec(n: number, seed: number): Float64Array {
  return Float64Array.from(randnArray(n, 1, seed).flat());
}

/** The dense matrix in four layouts: column-major, row-major, transpose view, sub-block view. */
function layouts(rows: number[][], seed: number): DenseMatrix[] {
  const m = rows.length, n = rows[0]?.length ?? 0;
  const big = randnArray(m + 3, n + 2, seed);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) big[i + 1][j + 2] = rows[i][j];
  return [
    denseFromRows(rows),
    fromRowMajor(m, n, Float64Array.from(rows.flat())),
    transpose(denseFromRows(naiveTranspose(rows).length ? naiveTranspose(rows) : [])),
    subMatrix(denseFromRows(big), 1, m + 1, 2, n + 2),
  ];
}

describe('asOperator', () => {
  it('dense and CSR wrappers equal the matrix (any layout)', () => {
    for (const [m, n, seed] of [[7, 4, 1], [3, 9, 2], [1, 1, 3], [6, 1, 4]] as const) {
      const rows = randnArray(m, n, seed);
      for (const D of [...layouts(rows, seed + 10), csrFromCoo(m, n, rows.flatMap((r, i) => r.map(() => i)), rows.flatMap((r) => r.map((_, j) => j)), rows.flat())]) {
        const op = asOperator(D);
        expect([op.rows, op.cols]).toEqual([m, n]);
        const M = operatorToDense(op);
        expect(maxAbsDiff(rowsOf(M), rows)).toBe(0); // A·e_j reproduces column j exactly
        const x = vec(n, seed + 20), y = vec(m, seed + 30);
        const Ax = op.apply(x), Aty = op.applyT(y);
        const refAx = naiveMatmul(rows, Array.from(x, (v) => [v])).map((r) => r[0]);
        const refAty = naiveMatmul(naiveTranspose(rows), Array.from(y, (v) => [v])).map((r) => r[0]);
        for (let i = 0; i < m; i++) expect(Math.abs(Ax[i] - refAx[i])).toBeLessThanOrEqual(2 * n * EPS * sumAbsProd(rows[i], x));
        for (let j = 0; j < n; j++) expect(Math.abs(Aty[j] - refAty[j])).toBeLessThanOrEqual(2 * m * EPS * sumAbsProd(rows.map((r) => r[j]), y));
      }
    }
  });

  it('satisfies ⟨Ax, y⟩ = ⟨x, Aᵀy⟩ (property, dense and CSR)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 1e6 }), (m, n, seed) => {
        const rows = randnArray(m, n, seed);
        const u = testRandom(seed + 1);
        const sparseRows = rows.map((r) => r.map((v) => (u() < 0.6 ? 0 : v)));
        const ops = [
          asOperator(denseFromRows(rows)),
          asOperator(fromRowMajor(m, n, Float64Array.from(rows.flat()))),
          asOperator(csrFromCoo(m, n, sparseRows.flatMap((r, i) => r.map(() => i)), sparseRows.flatMap((r) => r.map((_, j) => j)), sparseRows.flat())),
        ];
        const x = vec(n, seed + 2), y = vec(m, seed + 3);
        for (const op of ops) {
          const Ax = op.apply(x), Aty = op.applyT(y);
          // Both sides are Σ a_ij x_j y_i in different orders: |diff| ≤ 2(m + n)ε Σ|a_ij x_j y_i|.
          let bound = 0;
          for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) bound += Math.abs(rows[i][j] * x[j] * y[i]);
          expect(Math.abs(dotp(Ax, y) - dotp(x, Aty))).toBeLessThanOrEqual(2 * (m + n) * EPS * bound);
        }
      }),
    );
  });

  it('returns an operator as is and does not modify its arguments', () => {
    const op = asOperator(denseFromRows([[1, 2], [3, 4], [5, 6]]));
    expect(asOperator(op)).toBe(op);
    const x = Float64Array.of(1, -1), y = Float64Array.of(1, 2, 3);
    op.apply(x); op.applyT(y);
    expect(Array.from(x)).toEqual([1, -1]);
    expect(Array.from(y)).toEqual([1, 2, 3]);
  });

  it('handles empty shapes', () => {
    const Z = asOperator(denseFromRows([[], []]));
    expect(Array.from(Z.apply(new Float64Array(0)))).toEqual([0, 0]);
    expect(Z.applyT(Float64Array.of(1, 2)).length).toBe(0);
    const E = asOperator(csrFromCoo(0, 3, [], [], []));
    expect(Array.from(E.applyT(new Float64Array(0)))).toEqual([0, 0, 0]);
  });

  it('validates', () => {
    expect(() => asOperator([[1, 2]] as never)).toThrow(InvalidArgumentError);
    expect(() => asOperator(null as never)).toThrow(InvalidArgumentError);
    expect(() => asOperator(denseFromRows([[NaN]]))).toThrow(NonFiniteError);
    expect(() => asOperator({ ...csrFromCoo(2, 2, [0], [0], [1]), indices: new Int32Array([5]) })).toThrow(InvalidArgumentError);
    expect(() => asOperator({ kind: 'operator', rows: 2, cols: 2 } as never)).toThrow(/apply and applyT/);
    const op = asOperator(denseFromRows([[1, 2], [3, 4], [5, 6]]));
    expect(() => op.apply(new Float64Array(3))).toThrow(DimensionError);
    expect(() => op.applyT(new Float64Array(2))).toThrow(DimensionError);
  });
});

describe('linearOperator', () => {
  const rows = [[1, 2], [3, 4], [5, 6]];
  const spec = {
    rows: 3,
    cols: 2,
    apply: (x: Float64Array) => Float64Array.from(rows, (r) => r[0] * x[0] + r[1] * x[1]),
    applyT: (y: Float64Array) => [0, 1].map((j) => rows.reduce((s, r, i) => s + r[j] * y[i], 0)),
  };
  it('wraps user functions and converts plain-array results', () => {
    const op = linearOperator(spec);
    expect(op.kind).toBe('operator');
    expect(rowsOf(operatorToDense(op))).toEqual(rows);
    const t = op.applyT(Float64Array.of(1, 0, 0));
    expect(t).toBeInstanceOf(Float64Array);
    expect(Array.from(t)).toEqual([1, 2]);
  });
  it('checks argument and result lengths', () => {
    const op = linearOperator(spec);
    expect(() => op.apply(new Float64Array(3))).toThrow(DimensionError);
    expect(() => op.applyT(new Float64Array(2))).toThrow(DimensionError);
    const bad = linearOperator({ ...spec, apply: () => new Float64Array(2) });
    expect(() => bad.apply(new Float64Array(2))).toThrow(/the result has length 2/);
    const bad2 = linearOperator({ ...spec, applyT: () => 3 as never });
    expect(() => bad2.applyT(new Float64Array(3))).toThrow(InvalidArgumentError);
  });
  it('validates the spec', () => {
    expect(() => linearOperator({ ...spec, rows: -1 })).toThrow(InvalidArgumentError);
    expect(() => linearOperator({ ...spec, cols: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => linearOperator({ ...spec, apply: undefined as never })).toThrow(/apply must be a function/);
    expect(() => linearOperator({ ...spec, applyT: 1 as never })).toThrow(/applyT must be a function/);
    expect(() => linearOperator(null as never)).toThrow(InvalidArgumentError);
  });
});

describe('composeOperators / transposeOperator', () => {
  it('composes dense, CSR and operator factors', () => {
    const A = randnArray(5, 4, 1), B = randnArray(4, 6, 2), C = randnArray(6, 3, 3);
    const Bs = csrFromCoo(4, 6, B.flatMap((r, i) => r.map(() => i)), B.flatMap((r) => r.map((_, j) => j)), B.flat());
    const op = composeOperators(denseFromRows(A), Bs, asOperator(denseFromRows(C)));
    expect([op.rows, op.cols]).toEqual([5, 3]);
    const ref = naiveMatmul(naiveMatmul(A, B), C);
    expect(maxAbsDiff(rowsOf(operatorToDense(op)), ref)).toBeLessThan(1e-12);
    expect(maxAbsDiff(rowsOf(operatorToDense(transposeOperator(op))), naiveTranspose(ref))).toBeLessThan(1e-12);
    const y = vec(5, 9);
    const refT = naiveMatmul(naiveTranspose(ref), Array.from(y, (v) => [v])).map((r) => r[0]);
    expect(maxAbsDiff(op.applyT(y), refT)).toBeLessThan(1e-12);
    const single = asOperator(denseFromRows(A));
    expect(composeOperators(single)).toBe(single);
  });
  it('rejects shapes that do not chain and empty lists', () => {
    expect(() => composeOperators(denseFromRows(randnArray(3, 2, 1)), denseFromRows(randnArray(3, 2, 2)))).toThrow(DimensionError);
    expect(() => composeOperators()).toThrow(InvalidArgumentError);
  });
  it('transposes a dense matrix', () => {
    const A = randnArray(4, 2, 5);
    const T = transposeOperator(denseFromRows(A));
    expect([T.rows, T.cols]).toEqual([2, 4]);
    expect(rowsOf(operatorToDense(T))).toEqual(naiveTranspose(A));
  });
});

describe('operatorToDense', () => {
  it('rejects operators that return the wrong length', () => {
    const op = { kind: 'operator' as const, rows: 2, cols: 2, apply: () => new Float64Array(3), applyT: () => new Float64Array(2) };
    expect(() => operatorToDense(op)).toThrow(DimensionError);
  });
});
