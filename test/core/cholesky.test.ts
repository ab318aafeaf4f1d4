import { describe, expect, it } from 'vitest';
import { cholesky } from '../../src/core/cholesky.js';
import { DimensionError, InvalidArgumentError, NonFiniteError, NumericalError } from '../../src/core/errors.js';
import type { DenseMatrix } from '../../src/core/matrix.js';
import { denseFromRows, frobenius, naiveMatmul, naiveTranspose, randnArray, rowsOf } from '../helpers/reference.js';

const EPS = Number.EPSILON;

/** SPD matrix GᵀG/m + δI (well conditioned for m ≥ 2n). */
function spd(n: number, seed: number, delta = 0.1): number[][] {
  const G = randnArray(2 * n + 1, n, seed);
  const M = naiveMatmul(naiveTranspose(G), G).map((r) => r.map((v) => v / (2 * n + 1)));
  for (let i = 0; i < n; i++) M[i][i] += delta;
  return M;
}

describe('cholesky', () => {
  for (const n of [1, 2, 5, 20, 80]) {
    it(`L·Lᵀ = A for a random SPD ${n}×${n}`, () => {
      const A = spd(n, 10 + n);
      const L = rowsOf(cholesky(denseFromRows(A)));
      for (let i = 0; i < n; i++) {
        expect(L[i][i]).toBeGreaterThan(0);
        for (let j = i + 1; j < n; j++) expect(L[i][j]).toBe(0);
      }
      // ‖LLᵀ − A‖₂ ≤ n·γ_{n+1}·‖A‖₂ (Higham Thm. 10.3), γ_{n+1} ≈ (n+1)ε; checked in the
      // Frobenius norm, which is ≤ √n times larger: bound √n·n·(n+1)·ε·‖A‖_F.
      const E = naiveMatmul(L, naiveTranspose(L)).map((r, i) => r.map((v, j) => v - A[i][j]));
      expect(frobenius(E)).toBeLessThanOrEqual(Math.sqrt(n) * n * (n + 1) * EPS * frobenius(A));
    });
  }

  it('known 2×2 and 3×3 examples', () => {
    expect(rowsOf(cholesky(denseFromRows([[4, 2], [2, 5]])))).toEqual([[2, 0], [1, 2]]);
    // A = L·Lᵀ with L = [[1,0,0],[2,3,0],[4,5,6]] (all exact in binary).
    const L = [[1, 0, 0], [2, 3, 0], [4, 5, 6]];
    const A = naiveMatmul(L, naiveTranspose(L));
    expect(rowsOf(cholesky(denseFromRows(A)))).toEqual(L);
  });

  it('reads only the lower triangle', () => {
    const A = spd(6, 3);
    const garbage = A.map((r, i) => r.map((v, j) => (j > i ? 1e300 * (i + 1) : v)));
    expect(rowsOf(cholesky(denseFromRows(garbage)))).toEqual(rowsOf(cholesky(denseFromRows(A))));
    // Even NaN above the diagonal is never read.
    const withNaN = A.map((r, i) => r.map((v, j) => (j > i ? NaN : v)));
    expect(rowsOf(cholesky(denseFromRows(withNaN)))).toEqual(rowsOf(cholesky(denseFromRows(A))));
  });

  it('row-major and offset views give the same factor', () => {
    const A = spd(7, 8);
    const rm: DenseMatrix = { kind: 'dense', rows: 7, cols: 7, data: Float64Array.from(A.flat()), offset: 0, rowStride: 7, colStride: 1 };
    expect(rowsOf(cholesky(rm))).toEqual(rowsOf(cholesky(denseFromRows(A))));
  });

  it('0×0 gives 0×0', () => {
    const L = cholesky({ kind: 'dense', rows: 0, cols: 0, data: new Float64Array(0), offset: 0, rowStride: 1, colStride: 0 });
    expect(L.rows).toBe(0);
    expect(L.cols).toBe(0);
  });

  it('does not mutate A', () => {
    const A = denseFromRows(spd(5, 4));
    const before = A.data.slice();
    cholesky(A);
    expect(Array.from(A.data)).toEqual(Array.from(before));
  });

  it('indefinite, negative definite, singular and semidefinite input → NumericalError naming the pivot', () => {
    expect(() => cholesky(denseFromRows([[1, 2], [2, 1]]))).toThrow(NumericalError);
    expect(() => cholesky(denseFromRows([[1, 2], [2, 1]]))).toThrow(/pivot 1 is -3/);
    expect(() => cholesky(denseFromRows([[-1]]))).toThrow(/pivot 0 is -1/);
    expect(() => cholesky(denseFromRows([[0, 0], [0, 1]]))).toThrow(/pivot 0 is 0/);
    // Exactly singular PSD (rank 1): pivot 1 is exactly 0.
    expect(() => cholesky(denseFromRows([[1, 1], [1, 1]]))).toThrow(NumericalError);
    // Indefinite 3×3 with positive diagonal.
    expect(() => cholesky(denseFromRows([[2, -1, 3], [-1, 2, -1], [3, -1, 2]]))).toThrow(/pivot 2/);
  });

  it('error classes for bad input', () => {
    expect(() => cholesky(denseFromRows([[1, 2, 3], [4, 5, 6]]))).toThrow(DimensionError);
    expect(() => cholesky(denseFromRows([[1, 2, 3], [4, 5, 6]]))).toThrow('cholesky: A must be square (got 2×3)');
    expect(() => cholesky(denseFromRows([[1, 0], [Infinity, 1]]))).toThrow(NonFiniteError);
    expect(() => cholesky(denseFromRows([[1, 0], [Infinity, 1]]))).toThrow(/\(1, 0\)/);
    expect(() => cholesky([[1]] as unknown as DenseMatrix)).toThrow(InvalidArgumentError);
  });
});
