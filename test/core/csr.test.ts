import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type CsrMatrix,
  assertCsr,
  csrFromCoo,
  csrFromDense,
  csrMatmulDense,
  csrMatvec,
  csrMatvecT,
  csrNnz,
  csrRowSlice,
  csrToDense,
  csrTranspose,
  denseMatmulCsr,
} from '../../src/core/csr.js';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { type DenseMatrix, fromRowMajor, subMatrix, transpose } from '../../src/core/matrix.js';
import { denseFromRows, naiveMatmul, naiveTranspose, randnArray, rowsOf, testRandom } from '../helpers/reference.js';

const EPS = 2 ** -52;

/** Reference COO → sorted, summed triplets (plain JS Map; independent of csr.ts). */
function cooReference(rows: number, cols: number, I: number[], J: number[], V: number[], keepZeros = false) {
  const sums = new Map<number, number>();
  for (let k = 0; k < I.length; k++) {
    const key = I[k] * cols + J[k];
    sums.set(key, (sums.get(key) ?? 0) + V[k]);
  }
  const keys = [...sums.keys()].sort((a, b) => a - b).filter((k) => keepZeros || sums.get(k) !== 0);
  const indptr = new Array<number>(rows + 1).fill(0);
  for (const k of keys) indptr[Math.floor(k / cols) + 1]++;
  for (let r = 0; r < rows; r++) indptr[r + 1] += indptr[r];
  return { indptr, indices: keys.map((k) => k % cols), values: keys.map((k) => sums.get(k)!) };
}

function denseOfCoo(rows: number, cols: number, I: number[], J: number[], V: number[]): number[][] {
  const D = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (let k = 0; k < I.length; k++) D[I[k]][J[k]] += V[k];
  return D;
}

/** A random m×n sparse matrix with about density·m·n entries (test-only generator). */
function randomCsr(m: number, n: number, density: number, seed: number): { S: CsrMatrix; D: number[][] } {
  const u = testRandom(seed);
  const I: number[] = [], J: number[] = [], V: number[] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) if (u() < density) { I.push(i); J.push(j); V.push(2 * u() - 1); }
  // Shuffle so that the constructor sees unsorted input.
  for (let k = I.length - 1; k > 0; k--) {
    const r = Math.floor(u() * (k + 1));
    [I[k], I[r]] = [I[r], I[k]]; [J[k], J[r]] = [J[r], J[k]]; [V[k], V[r]] = [V[r], V[k]];
  }
  return { S: csrFromCoo(m, n, I, J, V), D: denseOfCoo(m, n, I, J, V) };
}

/** Entrywise rounding bound c·k·ε·(|A||B|)_ij for a product with inner dimension k. */
function expectProductClose(got: DenseMatrix, A: number[][], B: number[][]): void {
  const C = naiveMatmul(A, B);
  const absA = A.map((r) => r.map(Math.abs)), absB = B.map((r) => r.map(Math.abs));
  const AB = naiveMatmul(absA, absB);
  const k = B.length;
  const G = rowsOf(got);
  expect(got.rows).toBe(C.length);
  if (C.length > 0) expect(got.cols).toBe(C[0].length);
  for (let i = 0; i < C.length; i++) for (let j = 0; j < C[i].length; j++) {
    const tol = 2 * Math.max(k, 1) * EPS * AB[i][j];
    expect(Math.abs(G[i][j] - C[i][j])).toBeLessThanOrEqual(tol);
  }
}

function isCanonical(S: CsrMatrix): boolean {
  for (let r = 0; r < S.rows; r++) for (let t = S.indptr[r] + 1; t < S.indptr[r + 1]; t++) if (S.indices[t] <= S.indices[t - 1]) return false;
  return true;
}

const cooArb = fc
  .record({ rows: fc.integer({ min: 0, max: 7 }), cols: fc.integer({ min: 0, max: 7 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      entries:
        rows === 0 || cols === 0
          ? fc.constant([] as [number, number, number][])
          : fc.array(fc.tuple(fc.integer({ min: 0, max: rows - 1 }), fc.integer({ min: 0, max: cols - 1 }), fc.integer({ min: -3, max: 3 })), { maxLength: 40 }),
    }),
  );

describe('csrFromCoo', () => {
  it('sums duplicates, sorts columns and drops zeros (vs a Map reference and the dense sum)', () => {
    fc.assert(
      fc.property(cooArb, ({ rows, cols, entries }) => {
        const I = entries.map((e) => e[0]), J = entries.map((e) => e[1]), V = entries.map((e) => e[2] + 0.25 * (e[2] % 2));
        const S = csrFromCoo(rows, cols, I, J, V);
        const ref = cooReference(rows, cols, I, J, V);
        expect(Array.from(S.indptr)).toEqual(ref.indptr);
        expect(Array.from(S.indices)).toEqual(ref.indices);
        expect(Array.from(S.values)).toEqual(ref.values);
        expect(rowsOf(csrToDense(S))).toEqual(denseOfCoo(rows, cols, I, J, V).map((r) => r.map((x) => x + 0)));
        expect(csrNnz(S)).toBe(ref.indices.length);
        assertCsr('test', 'S', S);
      }),
    );
  });

  it('is canonical: any order of the triplets gives identical arrays (exact integer values)', () => {
    fc.assert(
      fc.property(cooArb, fc.integer(), ({ rows, cols, entries }, seed) => {
        const u = testRandom(seed);
        const shuffled = entries.slice();
        for (let k = shuffled.length - 1; k > 0; k--) {
          const r = Math.floor(u() * (k + 1));
          [shuffled[k], shuffled[r]] = [shuffled[r], shuffled[k]];
        }
        const a = csrFromCoo(rows, cols, entries.map((e) => e[0]), entries.map((e) => e[1]), entries.map((e) => e[2]));
        const b = csrFromCoo(rows, cols, shuffled.map((e) => e[0]), shuffled.map((e) => e[1]), shuffled.map((e) => e[2]));
        expect(b).toEqual(a);
      }),
    );
  });

  it('covers each construction path: sorted input, long rows (counting sorts), short rows', () => {
    // Sorted input with consecutive duplicates.
    const A = csrFromCoo(2, 3, [0, 0, 0, 1], [0, 0, 2, 1], [1, 2, 3, 4]);
    expect(Array.from(A.indptr)).toEqual([0, 2, 3]);
    expect(Array.from(A.indices)).toEqual([0, 2, 1]);
    expect(Array.from(A.values)).toEqual([3, 3, 4]);
    const u = testRandom(99);
    for (const [rows, cols, nnz] of [[3, 40, 200], [50, 30, 200], [4, 10_000, 300]]) {
      const I = Array.from({ length: nnz }, () => Math.floor(u() * rows));
      const J = Array.from({ length: nnz }, () => Math.floor(u() * cols));
      const V = Array.from({ length: nnz }, () => Math.round(10 * u()) - 5);
      const S = csrFromCoo(rows, cols, I, J, V);
      const ref = cooReference(rows, cols, I, J, V);
      expect(Array.from(S.indptr)).toEqual(ref.indptr);
      expect(Array.from(S.indices)).toEqual(ref.indices);
      expect(Array.from(S.values)).toEqual(ref.values);
    }
  });

  it('keepZeros keeps explicit zeros and cancelling duplicates', () => {
    const S = csrFromCoo(2, 3, [1, 0, 0, 1], [2, 1, 1, 0], [0, 1, -1, 5], { keepZeros: true });
    expect(Array.from(S.indptr)).toEqual([0, 1, 3]);
    expect(Array.from(S.indices)).toEqual([1, 0, 2]);
    expect(Array.from(S.values)).toEqual([0, 5, 0]);
    const T = csrFromCoo(2, 3, [1, 0, 0, 1], [2, 1, 1, 0], [0, 1, -1, 5]);
    expect(Array.from(T.indptr)).toEqual([0, 0, 1]);
    expect(Array.from(T.indices)).toEqual([0]);
  });

  it('sums duplicates in input order', () => {
    // (1e16 + 1) + 1 = 1e16 in floating point but 1e16 + (1 + 1) = 1e16 + 2.
    const S = csrFromCoo(1, 2, [0, 0, 0], [1, 1, 1], [1e16, 1, 1]);
    expect(S.values[0]).toBe(1e16 + 1 + 1);
    const T = csrFromCoo(1, 2, [0, 0, 0], [1, 1, 1], [1, 1, 1e16]);
    expect(T.values[0]).toBe(1 + 1 + 1e16);
  });

  it('accepts typed arrays and handles hypersparse wide matrices (per-row sort path, long rows)', () => {
    const u = testRandom(7);
    const rows = 5, cols = 1_000_000;
    const I: number[] = [], J: number[] = [], V: number[] = [];
    for (let k = 0; k < 300; k++) {
      I.push(k % 2 === 0 ? 2 : Math.floor(u() * rows)); // row 2 gets > 150 entries
      J.push(Math.floor(u() * 50) * 20_000 + (k % 3)); // many duplicates
      V.push(Math.round(8 * u()) - 4);
    }
    const S = csrFromCoo(rows, cols, Int32Array.from(I), Uint32Array.from(J), Float64Array.from(V));
    const ref = cooReference(rows, cols, I, J, V);
    expect(Array.from(S.indptr)).toEqual(ref.indptr);
    expect(Array.from(S.indices)).toEqual(ref.indices);
    expect(Array.from(S.values)).toEqual(ref.values);
    expect(isCanonical(S)).toBe(true);
  });

  it('handles empty shapes and empty rows', () => {
    const A = csrFromCoo(0, 4, [], [], []);
    expect(A.indptr).toEqual(new Int32Array([0]));
    expect(csrToDense(A).rows).toBe(0);
    const B = csrFromCoo(3, 0, [], [], []);
    expect(Array.from(B.indptr)).toEqual([0, 0, 0, 0]);
    expect(csrToDense(B).cols).toBe(0);
    const C = csrFromCoo(4, 3, [3, 0], [2, 1], [1, 2]);
    expect(Array.from(C.indptr)).toEqual([0, 1, 1, 1, 2]);
    expect(rowsOf(csrToDense(C))).toEqual([[0, 2, 0], [0, 0, 0], [0, 0, 0], [0, 0, 1]]);
  });

  it('validates its arguments', () => {
    expect(() => csrFromCoo(2, 2, [0, 1], [0], [1, 2])).toThrow(DimensionError);
    expect(() => csrFromCoo(2, 2, [0], [0], [1, 2])).toThrow(DimensionError);
    expect(() => csrFromCoo(2, 2, [0, 2], [0, 0], [1, 2])).toThrow(/entry 1: row index/);
    expect(() => csrFromCoo(2, 2, [0, -1], [0, 0], [1, 2])).toThrow(InvalidArgumentError);
    expect(() => csrFromCoo(2, 2, [0, 0.5], [0, 0], [1, 2])).toThrow(InvalidArgumentError);
    expect(() => csrFromCoo(2, 2, [0, 1], [0, 2], [1, 2])).toThrow(/entry 1: column index/);
    expect(() => csrFromCoo(2, 2, [0, 1], [0, 1], [1, NaN])).toThrow(NonFiniteError);
    expect(() => csrFromCoo(2, 2, [0, 1], [0, 1], [Infinity, 1])).toThrow(/entry 0/);
    expect(() => csrFromCoo(1, 1, [0, 0], [0, 0], [1.5e308, 1.5e308])).toThrow(NonFiniteError);
    expect(() => csrFromCoo(-1, 2, [], [], [])).toThrow(InvalidArgumentError);
    expect(() => csrFromCoo(2, 1.5, [], [], [])).toThrow(InvalidArgumentError);
    expect(() => csrFromCoo(2, 2, 'abc' as unknown as number[], [], [])).toThrow(InvalidArgumentError);
    expect(() => csrFromCoo(2, 2, [0], ['0'] as unknown as number[], [1])).toThrow(InvalidArgumentError);
  });
});

describe('assertCsr', () => {
  const good = (): CsrMatrix => csrFromCoo(3, 4, [0, 0, 2], [1, 3, 0], [1, 2, 3]);
  const mut = (patch: Partial<Record<keyof CsrMatrix, unknown>>): unknown => ({ ...good(), ...patch });
  it('accepts a well-formed matrix', () => {
    expect(() => assertCsr('f', 'S', good())).not.toThrow();
  });
  it('rejects each malformation with the right class', () => {
    expect(() => assertCsr('f', 'S', { ...good(), kind: 'dense' })).toThrow(InvalidArgumentError);
    expect(() => assertCsr('f', 'S', null)).toThrow(InvalidArgumentError);
    expect(() => assertCsr('f', 'S', mut({ rows: -1 }))).toThrow(InvalidArgumentError);
    expect(() => assertCsr('f', 'S', mut({ indptr: [0, 2, 2, 3] }))).toThrow(/Int32Array/);
    expect(() => assertCsr('f', 'S', mut({ indices: new Float64Array([1, 3, 0]) }))).toThrow(/Int32Array/);
    expect(() => assertCsr('f', 'S', mut({ values: [1, 2, 3] }))).toThrow(/Float64Array/);
    expect(() => assertCsr('f', 'S', mut({ indptr: new Int32Array([0, 2, 3]) }))).toThrow(DimensionError);
    expect(() => assertCsr('f', 'S', mut({ indptr: new Int32Array([1, 2, 2, 3]) }))).toThrow(/indptr\[0\]/);
    expect(() => assertCsr('f', 'S', mut({ indptr: new Int32Array([0, 2, 1, 3]) }))).toThrow(/non-decreasing/);
    expect(() => assertCsr('f', 'S', mut({ indices: new Int32Array([1, 3]) }))).toThrow(DimensionError);
    expect(() => assertCsr('f', 'S', mut({ values: new Float64Array([1, 2]) }))).toThrow(DimensionError);
    expect(() => assertCsr('f', 'S', mut({ indices: new Int32Array([1, 4, 0]) }))).toThrow(/must be in \[0, 3\]/);
    expect(() => assertCsr('f', 'S', mut({ indices: new Int32Array([3, 1, 0]) }))).toThrow(/out of order or duplicated/);
    expect(() => assertCsr('f', 'S', mut({ indices: new Int32Array([1, 1, 0]) }))).toThrow(/out of order or duplicated/);
    expect(() => assertCsr('f', 'S', mut({ values: new Float64Array([1, NaN, 3]) }))).toThrow(NonFiniteError);
  });
  it('the branch-free first pass misses nothing: random faults give the error of an entry-by-entry check', () => {
    // Reference: the ordered loop (indptr, then each entry's range, order and value, row by row)
    // that assertCsr runs when its branch-free pass finds a fault.
    const reference = (S: CsrMatrix): string => {
      for (let i = 0; i < S.rows; i++) {
        const a = S.indptr[i], b = S.indptr[i + 1];
        if (b < a) return `non-decreasing (got indptr[${i + 1}] = ${b} < indptr[${i}] = ${a})`;
        let prev = -1;
        for (let t = a; t < b; t++) {
          const j = S.indices[t];
          if (j < 0 || j >= S.cols) return `S.indices[${t}] (row ${i}) must be in [0, ${S.cols - 1}] (got ${j})`;
          if (j <= prev) return `S row ${i} has column indices out of order or duplicated at entry ${t} (got ${j} after ${prev}; expected strictly increasing)`;
          prev = j;
          if (!Number.isFinite(S.values[t])) return `S has a non-finite value ${S.values[t]} at (${i}, ${j}) (entry ${t})`;
        }
      }
      return 'ok';
    };
    const u = testRandom(31);
    const specials = [NaN, Infinity, -Infinity, -1, 2 ** 31 - 1, -(2 ** 31), 0];
    for (let trial = 0; trial < 400; trial++) {
      const rows = 1 + Math.floor(u() * 12), cols = 1 + Math.floor(u() * 9);
      const I: number[] = [], J: number[] = [];
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (u() < 0.5) { I.push(i); J.push(j); }
      const S = csrFromCoo(rows, cols, I, J, I.map(() => u() - 0.5), { keepZeros: true });
      const nnz = S.values.length;
      for (let f = Math.floor(u() * 3); f > 0 && nnz > 0; f--) {
        const q = Math.floor(u() * nnz);
        const r = u();
        if (r < 0.3) S.values[q] = specials[Math.floor(u() * 3)];
        else if (r < 0.6) S.indices[q] = specials[3 + Math.floor(u() * 4)];
        else if (r < 0.8) S.indices[q] = Math.floor(u() * (cols + 2)) - 1;
        else if (rows > 1) S.indptr[1 + Math.floor(u() * (rows - 1))] = Math.floor(u() * (nnz + 1));
      }
      const want = reference(S);
      if (want === 'ok') expect(() => assertCsr('f', 'S', S)).not.toThrow();
      else expect(() => assertCsr('f', 'S', S)).toThrow(want);
    }
  });
  it('public functions validate user-built CSR objects', () => {
    const bad = mut({ indices: new Int32Array([1, 9, 0]) }) as CsrMatrix;
    expect(() => csrToDense(bad)).toThrow(InvalidArgumentError);
    expect(() => csrTranspose(bad)).toThrow(InvalidArgumentError);
    expect(() => csrMatvec(bad, [1, 2, 3, 4])).toThrow(InvalidArgumentError);
    expect(() => csrNnz({} as CsrMatrix)).toThrow(InvalidArgumentError);
  });
});

describe('csrFromDense / csrToDense', () => {
  it('round-trips a dense matrix in every layout', () => {
    const rows = randnArray(7, 5, 11).map((r, i) => r.map((x, j) => ((i + j) % 3 === 0 ? 0 : x)));
    const D = denseFromRows(rows);
    const R = fromRowMajor(7, 5, Float64Array.from(rows.flat()));
    const S1 = csrFromDense(D), S2 = csrFromDense(R), S3 = csrFromDense(rows);
    expect(S2).toEqual(S1);
    expect(S3).toEqual(S1);
    expect(isCanonical(S1)).toBe(true);
    expect(rowsOf(csrToDense(S1))).toEqual(rows);
    // Transposed and sub-matrix views.
    expect(rowsOf(csrToDense(csrFromDense(transpose(D))))).toEqual(naiveTranspose(rows));
    expect(rowsOf(csrToDense(csrFromDense(subMatrix(D, 1, 6, 2, 4))))).toEqual(rows.slice(1, 6).map((r) => r.slice(2, 4)));
    expect(csrNnz(S1)).toBe(rows.flat().filter((x) => x !== 0).length);
  });
  it('drops entries with |a| ≤ dropTol', () => {
    const S = csrFromDense([[1, 0.1, -0.2], [0.05, -3, 0]], { dropTol: 0.1 });
    expect(Array.from(S.indptr)).toEqual([0, 2, 3]);
    expect(Array.from(S.indices)).toEqual([0, 2, 1]);
    expect(Array.from(S.values)).toEqual([1, -0.2, -3]);
    expect(() => csrFromDense([[1]], { dropTol: -1 })).toThrow(InvalidArgumentError);
    expect(() => csrFromDense([[1, NaN]])).toThrow(NonFiniteError);
  });
  it('handles 0×n and n×0', () => {
    expect(csrFromDense(denseFromRows([])).rows).toBe(0);
    const S = csrFromDense({ data: new Float64Array(0), rows: 3, cols: 0 });
    expect(Array.from(S.indptr)).toEqual([0, 0, 0, 0]);
  });
});

describe('csrTranspose', () => {
  it('matches the dense transpose and is an involution', () => {
    for (const [m, n, d, seed] of [[9, 6, 0.3, 1], [1, 12, 0.5, 2], [12, 1, 0.5, 3], [5, 5, 0, 4], [0, 3, 0.5, 5], [3, 0, 0.5, 6]] as const) {
      const { S, D } = randomCsr(m, n, d, seed);
      const T = csrTranspose(S);
      expect(T.rows).toBe(n);
      expect(T.cols).toBe(m);
      expect(isCanonical(T)).toBe(true);
      expect(rowsOf(csrToDense(T))).toEqual(m === 0 ? Array.from({ length: n }, () => []) : naiveTranspose(D));
      expect(csrTranspose(T)).toEqual(S);
    }
  });
});

describe('products', () => {
  it('csrMatmulDense matches the naive product for column-major, row-major and strided B', () => {
    for (const [m, k, n, d, seed] of [[8, 6, 5, 0.4, 1], [20, 15, 70, 0.2, 2], [5, 40, 3, 0.02, 3], [6, 4, 1, 0.5, 4], [7, 50, 33, 0.01, 5], [10, 9, 16, 0.3, 6], [10, 9, 8, 0.3, 7]] as const) {
      const { S, D } = randomCsr(m, k, d, seed);
      const Brows = randnArray(k, n, seed + 100);
      expectProductClose(csrMatmulDense(S, denseFromRows(Brows)), D, Brows);
      expectProductClose(csrMatmulDense(S, fromRowMajor(k, n, Float64Array.from(Brows.flat()))), D, Brows);
      expectProductClose(csrMatmulDense(S, Brows), D, Brows);
      // A strided view: the transpose of a column-major (n+2)×(k+1) matrix, cropped.
      const big = randnArray(n + 2, k + 1, seed + 200);
      const view = subMatrix(transpose(denseFromRows(big)), 1, k + 1, 2, n + 2);
      expectProductClose(csrMatmulDense(S, view), D, rowsOf(view));
    }
  });
  it('csrMatmulDense handles empty dimensions', () => {
    const { S } = randomCsr(4, 3, 0.5, 9);
    expect(csrMatmulDense(S, denseFromRows([[], [], []])).cols).toBe(0);
    const Z = csrFromCoo(0, 3, [], [], []);
    const C = csrMatmulDense(Z, denseFromRows(randnArray(3, 2, 1)));
    expect([C.rows, C.cols]).toEqual([0, 2]);
    const E = csrFromCoo(3, 0, [], [], []);
    const F = csrMatmulDense(E, { data: new Float64Array(0), rows: 0, cols: 4 });
    expect(rowsOf(F)).toEqual([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
  });
  it('denseMatmulCsr matches the naive product for column-major and row-major A', () => {
    for (const [m, k, n, d, seed] of [[5, 8, 6, 0.4, 1], [30, 12, 17, 0.2, 2], [1, 6, 4, 0.5, 3], [4, 60, 5, 0.01, 4], [6, 3, 0, 0.5, 5]] as const) {
      const { S, D } = randomCsr(k, n, d, seed);
      const Arows = randnArray(m, k, seed + 50);
      expectProductClose(denseMatmulCsr(denseFromRows(Arows), S), Arows, D.length ? D : Array.from({ length: k }, () => []));
      expectProductClose(denseMatmulCsr(fromRowMajor(m, k, Float64Array.from(Arows.flat())), S), Arows, D.length ? D : Array.from({ length: k }, () => []));
    }
  });
  it('csrMatvec and csrMatvecT match the dense products and accept number[]', () => {
    const { S, D } = randomCsr(9, 7, 0.3, 21);
    const x = randnArray(7, 1, 22), y = randnArray(9, 1, 23);
    expectProductClose(denseFromRows(Array.from(csrMatvec(S, x.flat()), (v) => [v])), D, x);
    expectProductClose(denseFromRows(Array.from(csrMatvecT(S, Float64Array.from(y.flat())), (v) => [v])), naiveTranspose(D), y);
  });
  it('products validate their arguments', () => {
    const { S } = randomCsr(4, 3, 0.5, 31);
    expect(() => csrMatvec(S, [1, 2])).toThrow(DimensionError);
    expect(() => csrMatvecT(S, [1, 2, 3])).toThrow(DimensionError);
    expect(() => csrMatvec(S, [1, NaN, 2])).toThrow(NonFiniteError);
    expect(() => csrMatmulDense(S, denseFromRows(randnArray(4, 2, 1)))).toThrow(DimensionError);
    expect(() => denseMatmulCsr(denseFromRows(randnArray(2, 3, 1)), S)).toThrow(DimensionError);
    expect(() => csrMatmulDense(S, [[1], [2], [NaN]])).toThrow(NonFiniteError);
  });
});

describe('csrRowSlice', () => {
  it('returns the requested rows', () => {
    const { S, D } = randomCsr(10, 6, 0.3, 41);
    for (const [r0, r1] of [[0, 10], [2, 7], [4, 4], [9, 10], [0, 0]]) {
      const T = csrRowSlice(S, r0, r1);
      expect(T.rows).toBe(r1 - r0);
      expect(T.indptr[0]).toBe(0);
      expect(rowsOf(csrToDense(T))).toEqual(D.slice(r0, r1));
      assertCsr('test', 'T', T);
    }
  });
  it('rejects bad ranges', () => {
    const { S } = randomCsr(4, 3, 0.5, 42);
    expect(() => csrRowSlice(S, 3, 2)).toThrow(InvalidArgumentError);
    expect(() => csrRowSlice(S, -1, 2)).toThrow(InvalidArgumentError);
    expect(() => csrRowSlice(S, 0, 5)).toThrow(InvalidArgumentError);
  });
});

describe('inputs are not mutated', () => {
  it('leaves COO arrays and CSR inputs untouched', () => {
    const I = [2, 0, 2, 1], J = [1, 1, 1, 0], V = [1, 2, 3, 4];
    const copies = [I.slice(), J.slice(), V.slice()];
    const S = csrFromCoo(3, 2, I, J, V);
    expect([I, J, V]).toEqual(copies);
    const snap = JSON.stringify({ p: Array.from(S.indptr), i: Array.from(S.indices), v: Array.from(S.values) });
    csrTranspose(S); csrToDense(S); csrMatvec(S, [1, 2]); csrMatvecT(S, [1, 2, 3]); csrRowSlice(S, 1, 3);
    csrMatmulDense(S, [[1, 2], [3, 4]]); denseMatmulCsr([[1, 2, 3]], S);
    expect(JSON.stringify({ p: Array.from(S.indptr), i: Array.from(S.indices), v: Array.from(S.values) })).toBe(snap);
  });
});
