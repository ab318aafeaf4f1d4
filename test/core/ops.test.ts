import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { add, copyMatrix, frobeniusNorm, gram, matmul, matvec, scale, sub } from '../../src/core/ops.js';
import { DimensionError, InvalidArgumentError, RandNLAError } from '../../src/core/errors.js';
import { type DenseMatrix, fromRowMajor, subMatrix, transpose } from '../../src/core/matrix.js';
import { denseFromRows, frobenius, naiveMatmul, naiveTranspose, randnArray, rowsOf } from '../helpers/reference.js';

const EPS = 2 ** -52;
const gamma = (n: number) => (n * EPS) / (1 - n * EPS);

/** Column-major m×n matrix from rows with an explicit shape (so 0×k keeps its k). */
function colMajor(rows: number[][], m: number, n: number): DenseMatrix {
  const data = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[j * m + i] = rows[i][j];
  return { kind: 'dense', rows: m, cols: n, data, offset: 0, rowStride: 1, colStride: m };
}

/** The same matrix as column-major, row-major, a transpose view and an offset sub-block view. */
function layouts(rows: number[][], seed: number, m = rows.length, n = rows[0]?.length ?? 0): DenseMatrix[] {
  const big = randnArray(m + 3, n + 2, seed);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) big[i + 1][j + 2] = rows[i][j];
  const t = Array.from({ length: n }, (_, j) => Array.from({ length: m }, (_, i) => rows[i][j]));
  return [
    colMajor(rows, m, n),
    fromRowMajor(m, n, Float64Array.from(rows.flat())),
    transpose(colMajor(t, n, m)),
    subMatrix(colMajor(big, m + 3, n + 2), 1, m + 1, 2, n + 2),
  ];
}

const isColMajor = (C: DenseMatrix) => C.offset === 0 && C.rowStride === 1 && C.colStride === C.rows && C.data.length === C.rows * C.cols;

/** |X − Y| ≤ c·γ_k·|Z| entrywise, with c = 2 (ours and the naive reference both within γ_k). */
function expectClose(X: number[][], Y: number[][], absBound: number[][], k: number): void {
  const g = 2 * gamma(k);
  for (let i = 0; i < X.length; i++) {
    for (let j = 0; j < X[i].length; j++) {
      const err = Math.abs(X[i][j] - Y[i][j]);
      if (!(err <= g * absBound[i][j])) throw new Error(`(${i}, ${j}): |diff| ${err} > ${g * absBound[i][j]}`);
    }
  }
}

const abs = (X: number[][]) => X.map((r) => r.map(Math.abs));

const sameBytes = (a: Float64Array, b: Float64Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Calls f and returns the thrown error (fails when nothing is thrown). */
function thrown(f: () => unknown): RandNLAError {
  try {
    f();
  } catch (e) {
    return e as RandNLAError;
  }
  throw new Error('expected a throw');
}

describe('matmul', () => {
  it('equals the naive product for all transpose options and layouts; new column-major result', () => {
    for (const [m, k, n, seed] of [[7, 5, 3, 1], [1, 1, 1, 2], [31, 33, 29, 3], [0, 4, 3, 4], [3, 0, 2, 5], [6, 1, 9, 6], [1, 7, 8, 7]] as const) {
      const Ar = randnArray(m, k, seed), Br = randnArray(k, n, seed + 100);
      const ref = k === 0 ? Array.from({ length: m }, () => new Array<number>(n).fill(0)) : naiveMatmul(Ar, Br);
      const bound = k === 0 ? ref : naiveMatmul(abs(Ar), abs(Br));
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const At = Array.from({ length: k }, (_, p) => Array.from({ length: m }, (_, i) => Ar[i][p]));
          const Bt = Array.from({ length: n }, (_, j) => Array.from({ length: k }, (_, p) => Br[p][j]));
          const As = transA ? layouts(At, seed + 200, k, m) : layouts(Ar, seed + 200, m, k);
          const Bs = transB ? layouts(Bt, seed + 300, n, k) : layouts(Br, seed + 300, k, n);
          for (const A of As) {
            for (const B of Bs) {
              const aCopy = A.data.slice(), bCopy = B.data.slice();
              const C = matmul(A, B, { transA, transB });
              expect([C.rows, C.cols]).toEqual([m, n]);
              expect(isColMajor(C)).toBe(true);
              expect(C.data).not.toBe(A.data);
              expectClose(rowsOf(C), ref, bound, k);
              expect(sameBytes(A.data, aCopy)).toBe(true);
              expect(sameBytes(B.data, bCopy)).toBe(true);
            }
          }
        }
      }
    }
  });

  it('matmul(A, A, { transA: true }) equals gram(A) exactly', () => {
    const A = denseFromRows(randnArray(90, 20, 7));
    expect(matmul(A, A, { transA: true }).data).toEqual(gram(A).data);
  });

  it('shape mismatch throws DimensionError naming the function and both shapes', () => {
    const A = denseFromRows(randnArray(2, 3, 1)), B = denseFromRows(randnArray(4, 5, 2));
    const e = thrown(() => matmul(A, B));
    expect(e).toBeInstanceOf(DimensionError);
    expect(e.code).toBe('ERR_DIMENSION_MISMATCH');
    expect(e.fn).toBe('matmul');
    expect(e.message).toBe('matmul: A has 3 columns but B has 4 rows (A is 2×3, B is 4×5)');
    expect(thrown(() => matmul(A, B, { transA: true })).message).toContain('Aᵀ has 2 columns but B has 4 rows');
    expect(thrown(() => matmul(A, B, { transB: true })).message).toContain('A has 3 columns but Bᵀ has 5 rows');
    expect(thrown(() => matmul(A, denseFromRows([[1]]))).message).toContain('B has 1 row (');
  });

  it('bad arguments throw InvalidArgumentError', () => {
    const A = denseFromRows(randnArray(2, 2, 1));
    const bad: unknown[] = [null, undefined, 3, [[1, 2], [3, 4]], { kind: 'dense', rows: 2, cols: 2, data: [1, 2, 3, 4], offset: 0, rowStride: 1, colStride: 2 }];
    bad.push({ ...A, data: new Float64Array(3) }); // addresses outside its buffer
    bad.push({ ...A, rows: -1 });
    bad.push({ ...A, rowStride: 0.5 });
    for (const X of bad) {
      expect(thrown(() => matmul(X as DenseMatrix, A))).toBeInstanceOf(InvalidArgumentError);
      expect(thrown(() => matmul(A, X as DenseMatrix))).toBeInstanceOf(InvalidArgumentError);
    }
    const badOptions: unknown[] = [null, 5, 'transA', [true], { transA: 1 }, { transB: 'yes' }, { transpose: true }];
    for (const o of badOptions) {
      const e = thrown(() => matmul(A, A, o as never));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.fn).toBe('matmul');
    }
    expect(thrown(() => matmul(A, A, { transpose: true } as never)).message).toContain("unknown option 'transpose'");
  });

  it('NaN propagates by IEEE rules (no finiteness check)', () => {
    const A = denseFromRows([[1, NaN], [2, 3]]), B = denseFromRows([[1, 0], [0, 1]]);
    const C = rowsOf(matmul(A, B));
    expect(Number.isNaN(C[0][0]) && Number.isNaN(C[0][1])).toBe(true);
    expect(C[1]).toEqual([2, 3]);
  });
});

describe('matvec', () => {
  it('equals the naive product, both orientations, any layout, number[] or Float64Array (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), fc.integer({ min: 1, max: 1e6 }), (m, n, trans, seed) => {
        const Ar = randnArray(m, n, seed);
        const opA = trans ? naiveTranspose(Ar) : Ar;
        const xv = randnArray(opA[0].length, 1, seed + 1).map((r) => r[0]);
        const ref = naiveMatmul(opA, xv.map((v) => [v])).map((r) => r[0]);
        const bound = naiveMatmul(abs(opA), xv.map((v) => [Math.abs(v)])).map((r) => r[0]);
        for (const A of layouts(Ar, seed + 2)) {
          for (const x of [xv, Float64Array.from(xv)]) {
            const xCopy = Array.from(x), aCopy = A.data.slice();
            const y = matvec(A, x, { trans });
            expect(y).toBeInstanceOf(Float64Array);
            expect(y.length).toBe(opA.length);
            for (let i = 0; i < y.length; i++) expect(Math.abs(y[i] - ref[i])).toBeLessThanOrEqual(2 * gamma(xv.length) * bound[i]);
            expect(Array.from(x)).toEqual(xCopy);
            expect(A.data).toEqual(aCopy);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('validation: wrong length → DimensionError; bad x or options → InvalidArgumentError', () => {
    const A = denseFromRows(randnArray(3, 4, 1));
    const e = thrown(() => matvec(A, [1, 2, 3]));
    expect(e).toBeInstanceOf(DimensionError);
    expect(e.message).toBe('matvec: A has 4 columns but x has length 3 (A is 3×4)');
    expect(thrown(() => matvec(A, [1, 2, 3, 4], { trans: true })).message).toContain('Aᵀ has 3 columns but x has length 4');
    expect(matvec(A, [1, 2, 3], { trans: true }).length).toBe(4);
    for (const x of [null, 'abc', new Float32Array(4), [1, 2, '3', 4], { length: 4 }]) {
      expect(thrown(() => matvec(A, x as never))).toBeInstanceOf(InvalidArgumentError);
    }
    for (const o of [null, 1, { trans: 'no' }, { transA: true }]) {
      expect(thrown(() => matvec(A, [1, 2, 3, 4], o as never))).toBeInstanceOf(InvalidArgumentError);
    }
    expect(thrown(() => matvec({} as DenseMatrix, [1]))).toBeInstanceOf(InvalidArgumentError);
  });
});

describe('gram', () => {
  it('equals AᵀA, is exactly symmetric and column-major, for any layout', () => {
    for (const [m, n, seed] of [[50, 7, 1], [1, 1, 2], [7, 50, 3], [300, 40, 4], [0, 3, 5]] as const) {
      const Ar = randnArray(m, n, seed);
      const As = layouts(Ar, seed + 9, m, n);
      const ref = m === 0 ? Array.from({ length: n }, () => new Array<number>(n).fill(0)) : naiveMatmul(naiveTranspose(Ar), Ar);
      const bound = m === 0 ? ref : naiveMatmul(abs(naiveTranspose(Ar)), abs(Ar));
      for (const A of As) {
        const aCopy = A.data.slice();
        const G = gram(A);
        expect([G.rows, G.cols]).toEqual([n, n]);
        expect(isColMajor(G)).toBe(true);
        const g = rowsOf(G);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Object.is(g[i][j], g[j][i])).toBe(true);
        expectClose(g, ref, bound, Math.max(m, 1));
        expect(A.data).toEqual(aCopy);
      }
    }
  });

  it('bad input throws InvalidArgumentError', () => {
    expect(thrown(() => gram([[1, 2]] as never))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => gram({ kind: 'csr' } as never))).toBeInstanceOf(InvalidArgumentError);
  });
});

describe('add, sub, scale', () => {
  it('elementwise results for any layouts, inputs untouched', () => {
    const Ar = randnArray(6, 5, 1), Br = randnArray(6, 5, 2);
    for (const A of layouts(Ar, 3)) {
      for (const B of layouts(Br, 4)) {
        const aCopy = A.data.slice(), bCopy = B.data.slice();
        const S = add(A, B), D = sub(A, B), T = scale(A, -2.5);
        for (const X of [S, D, T]) expect(isColMajor(X)).toBe(true);
        expect(rowsOf(S)).toEqual(Ar.map((r, i) => r.map((v, j) => v + Br[i][j])));
        expect(rowsOf(D)).toEqual(Ar.map((r, i) => r.map((v, j) => v - Br[i][j])));
        expect(rowsOf(T)).toEqual(Ar.map((r) => r.map((v) => -2.5 * v)));
        expect(A.data).toEqual(aCopy);
        expect(B.data).toEqual(bCopy);
      }
    }
    expect(add(denseFromRows([]), denseFromRows([])).rows).toBe(0);
  });

  it('shape mismatch → DimensionError; bad arguments → InvalidArgumentError', () => {
    const A = denseFromRows(randnArray(2, 3, 1)), B = denseFromRows(randnArray(3, 2, 2));
    for (const f of [add, sub]) {
      const e = thrown(() => f(A, B));
      expect(e).toBeInstanceOf(DimensionError);
      expect(e.message).toMatch(/^(add|sub): A is 2×3 but B is 3×2/);
      expect(thrown(() => f(A, null as never))).toBeInstanceOf(InvalidArgumentError);
      expect(thrown(() => f([[1]] as never, A))).toBeInstanceOf(InvalidArgumentError);
    }
    for (const alpha of [NaN, Infinity, -Infinity, '2', undefined, null]) {
      const e = thrown(() => scale(A, alpha as never));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.fn).toBe('scale');
    }
    expect(thrown(() => scale(null as never, 2))).toBeInstanceOf(InvalidArgumentError);
  });
});

describe('frobeniusNorm', () => {
  it('matches √Σa² for any layout', () => {
    const Ar = randnArray(9, 4, 1);
    for (const A of layouts(Ar, 2)) expect(Math.abs(frobeniusNorm(A) - frobenius(Ar))).toBeLessThanOrEqual(40 * EPS * frobenius(Ar));
  });

  it('does not overflow or underflow; empty → 0; NaN → NaN; Infinity → Infinity', () => {
    const big = denseFromRows([[3e200, 4e200], [0, 0]]);
    expect(frobeniusNorm(big) / 5e200).toBeCloseTo(1, 14);
    const tiny = fromRowMajor(2, 2, Float64Array.from([3e-200, 0, 0, 4e-200]));
    expect(frobeniusNorm(tiny) / 5e-200).toBeCloseTo(1, 14);
    expect(frobeniusNorm(denseFromRows([]))).toBe(0);
    expect(frobeniusNorm(denseFromRows([[0, 0]]))).toBe(0);
    expect(frobeniusNorm(denseFromRows([[1, NaN], [Infinity, 2]]))).toBeNaN();
    expect(frobeniusNorm(denseFromRows([[1, -Infinity]]))).toBe(Infinity);
    expect(thrown(() => frobeniusNorm(undefined as never))).toBeInstanceOf(InvalidArgumentError);
  });
});

describe('copyMatrix', () => {
  it('returns an independent column-major copy of any view', () => {
    const Ar = randnArray(5, 3, 1);
    for (const A of layouts(Ar, 2)) {
      const C = copyMatrix(A);
      expect(isColMajor(C)).toBe(true);
      expect(C.data).not.toBe(A.data);
      expect(rowsOf(C)).toEqual(Ar);
    }
    expect(thrown(() => copyMatrix({ kind: 'dense' } as never))).toBeInstanceOf(InvalidArgumentError);
  });
});
