import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { fromColMajor, fromRowMajor, subMatrix, transpose, type DenseMatrix } from '../../src/core/matrix.js';
import { fwht, fwhtColumnsInPlace, fwhtInPlace, hadamardOperator } from '../../src/structured/index.js';
import { naiveMatmul } from '../helpers/reference.js';
import { denseOf, dotp, randn, randvec, rowsFromDense, sylvester } from './helpers.js';

const POWERS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

describe('fwht', () => {
  it('equals the dense Sylvester Hadamard matrix H[i][j] = (-1)^popcount(i&j) for n = 1 … 1024', () => {
    for (const n of POWERS) {
      const x = randvec(n, n);
      const H = sylvester(n);
      const ref = naiveMatmul(H, Array.from(x, (v) => [v])).map((r) => r[0]);
      const y = fwht(x);
      let err = 0;
      for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(y[i] - ref[i]));
      // n·log2(n) additions on O(1) data: rounding ≤ log2(n)·ε·Σ|x| per entry
      expect(err).toBeLessThanOrEqual(1e-13 * n);
    }
  });

  it('is its own inverse up to n: fwht(fwht(x)) = n·x; normalised version is an involution', () => {
    for (const n of POWERS) {
      const x = randvec(n, 100 + n);
      const y = fwht(fwht(x));
      const z = fwht(fwht(x, { normalize: true }), { normalize: true });
      for (let i = 0; i < n; i++) {
        expect(Math.abs(y[i] - n * x[i])).toBeLessThanOrEqual(1e-12 * n);
        expect(Math.abs(z[i] - x[i])).toBeLessThanOrEqual(1e-13 * Math.log2(2 * n));
      }
    }
  });

  it('property: the normalised transform preserves the norm, and is linear', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 1e6 }), (k, seed) => {
        const n = 2 ** k;
        const x = randvec(n, seed), y = randvec(n, seed + 1);
        const hx = fwht(x, { normalize: true });
        expect(Math.abs(dotp(hx, hx) - dotp(x, x))).toBeLessThanOrEqual(1e-12 * dotp(x, x) + 1e-300);
        const s = fwht(Float64Array.from(x, (v, i) => 2 * v - 3 * y[i]));
        const a = fwht(x), b = fwht(y);
        for (let i = 0; i < n; i++) expect(Math.abs(s[i] - (2 * a[i] - 3 * b[i]))).toBeLessThanOrEqual(1e-11 * n);
      }),
    );
  });

  it('worked example and number[] input', () => {
    expect(Array.from(fwht([1, 2, 3, 4]))).toEqual([10, -2, -4, 0]);
    expect(Array.from(fwht([1, 2, 3, 4], { normalize: true }))).toEqual([5, -1, -2, 0]);
    expect(Array.from(fwht([7]))).toEqual([7]);
  });

  it('matrix input: each column transformed, any strides, input untouched', () => {
    const rows = randn(16, 5, 3);
    const H = sylvester(16);
    const ref = naiveMatmul(H, rows);
    const data = new Float64Array(16 * 5);
    for (let i = 0; i < 16; i++) for (let j = 0; j < 5; j++) data[i * 5 + j] = rows[i][j];
    const A = fromRowMajor(16, 5, data);
    const before = Float64Array.from(data);
    const Y = fwht(A);
    expect(Y.rowStride).toBe(1);
    const got = rowsFromDense(Y);
    for (let i = 0; i < 16; i++) for (let j = 0; j < 5; j++) expect(Math.abs(got[i][j] - ref[i][j])).toBeLessThan(1e-12);
    expect(data).toEqual(before);
    const Yn = rowsFromDense(fwht(rows, { normalize: true }));
    for (let i = 0; i < 16; i++) for (let j = 0; j < 5; j++) expect(Math.abs(Yn[i][j] - ref[i][j] / 4)).toBeLessThan(1e-12);
  });

  it('never mutates its input', () => {
    const x = randvec(64, 9);
    const copy = Float64Array.from(x);
    fwht(x);
    fwht(x, { normalize: true });
    expect(x).toEqual(copy);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => fwht([1, 2, 3])).toThrow(DimensionError);
    expect(() => fwht(new Float64Array(0))).toThrow(DimensionError);
    expect(() => fwht([[1, 2], [3, 4], [5, 6]])).toThrow(DimensionError);
    expect(() => fwht([1, NaN, 3, 4])).toThrow(NonFiniteError);
    expect(() => fwht([1, 2, Infinity, 4])).toThrow(NonFiniteError);
    expect(() => fwht([1, 2], { normalize: 'yes' as unknown as boolean })).toThrow(InvalidArgumentError);
    expect(() => fwht('abc' as unknown as number[])).toThrow(InvalidArgumentError);
  });
});

describe('fwhtInPlace', () => {
  it('transforms exactly the addressed strided entries (positive and negative strides, offset)', () => {
    const n = 32;
    for (const stride of [1, 3, -2]) {
      const len = 5 + Math.abs(stride) * n + 5;
      const data = randvec(len, 77 + stride);
      const orig = Float64Array.from(data);
      const offset = stride > 0 ? 4 : 4 + (n - 1) * -stride;
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = orig[offset + i * stride];
      const ref = fwht(x);
      fwhtInPlace(data, offset, n, stride);
      const touched = new Set<number>();
      for (let i = 0; i < n; i++) {
        touched.add(offset + i * stride);
        expect(Math.abs(data[offset + i * stride] - ref[i])).toBeLessThan(1e-12);
      }
      for (let k = 0; k < len; k++) if (!touched.has(k)) expect(data[k]).toBe(orig[k]);
    }
  });

  it('n = 1 is a no-op; rejects non-powers of two and out-of-range views', () => {
    const d = new Float64Array([3, 4]);
    fwhtInPlace(d, 1, 1);
    expect(Array.from(d)).toEqual([3, 4]);
    expect(() => fwhtInPlace(new Float64Array(12), 0, 12)).toThrow(DimensionError);
    expect(() => fwhtInPlace(new Float64Array(12), 0, 0)).toThrow(DimensionError);
    expect(() => fwhtInPlace(new Float64Array(12), 0, 4.5)).toThrow(InvalidArgumentError);
    expect(() => fwhtInPlace(new Float64Array(8), 1, 8)).toThrow(InvalidArgumentError);
    expect(() => fwhtInPlace(new Float64Array(8), 0, 4, 3)).toThrow(InvalidArgumentError);
    expect(() => fwhtInPlace(new Float64Array(8), 0, 4, 0)).toThrow(InvalidArgumentError);
    expect(() => fwhtInPlace(new Float64Array(8), 0.5, 4)).toThrow(InvalidArgumentError);
    expect(() => fwhtInPlace([1, 2] as unknown as Float64Array, 0, 2)).toThrow(InvalidArgumentError);
  });
});

describe('fwhtColumnsInPlace', () => {
  const check = (make: (data: number[][]) => DenseMatrix, m: number, k: number, seed: number) => {
    const rows = randn(m, k, seed);
    const X = make(rows);
    fwhtColumnsInPlace(X);
    const ref = naiveMatmul(sylvester(m), rows);
    const got = rowsFromDense(X);
    let err = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) err = Math.max(err, Math.abs(got[i][j] - ref[i][j]));
    expect(err).toBeLessThan(1e-12 * m);
  };
  const colMajor = (r: number[][]) => {
    const m = r.length, k = r[0].length, d = new Float64Array(m * k);
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) d[j * m + i] = r[i][j];
    return fromColMajor(m, k, d);
  };
  const rowMajor = (r: number[][]) => {
    const m = r.length, k = r[0].length, d = new Float64Array(m * k);
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) d[i * k + j] = r[i][j];
    return fromRowMajor(m, k, d);
  };
  // A view inside a larger matrix, with a general stride pattern.
  const view = (r: number[][]) => {
    const m = r.length, k = r[0].length;
    const big = fromColMajor(m + 3, k + 2, new Float64Array((m + 3) * (k + 2)));
    const V = subMatrix(big, 2, 2 + m, 1, 1 + k);
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) V.data[V.offset + i * V.rowStride + j * V.colStride] = r[i][j];
    return V;
  };
  // Transpose view of a column-major k×m matrix: rowStride = k, colStride = 1 but not contiguous rows.
  const tview = (r: number[][]) => {
    const m = r.length, k = r[0].length;
    const base = fromColMajor(k + 1, m, new Float64Array((k + 1) * m));
    const V = transpose(subMatrix(base, 1, 1 + k, 0, m));
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) V.data[V.offset + i * V.rowStride + j * V.colStride] = r[i][j];
    return V;
  };

  it('equals H·X for column-major, row-major, strided views and transposes (m = 1 … 512)', () => {
    for (const m of [1, 2, 4, 8, 32, 64, 512]) {
      for (const k of [1, 3, 8]) {
        check(colMajor, m, k, m * 10 + k);
        check(rowMajor, m, k, m * 10 + k + 1);
        check(view, m, k, m * 10 + k + 2);
        check(tview, m, k, m * 10 + k + 3);
      }
    }
  });

  it('touches nothing outside a view; 4096×64 block agrees with the vector transform', () => {
    const big = fromColMajor(10, 6, randvec(60, 5));
    const orig = Float64Array.from(big.data);
    const V = subMatrix(big, 1, 9, 2, 5);
    fwhtColumnsInPlace(V);
    for (let i = 0; i < 10; i++) for (let j = 0; j < 6; j++) {
      if (i >= 1 && i < 9 && j >= 2 && j < 5) continue;
      expect(big.data[j * 10 + i]).toBe(orig[j * 10 + i]);
    }
    const m = 4096, k = 64;
    const X = fromColMajor(m, k, randvec(m * k, 11));
    const col7 = X.data.slice(7 * m, 8 * m);
    fwhtColumnsInPlace(X);
    const ref = fwht(col7);
    for (let i = 0; i < m; i++) expect(X.data[7 * m + i]).toBe(ref[i]);
  });

  it('rejects non-power-of-two row counts and malformed matrices', () => {
    expect(() => fwhtColumnsInPlace(fromColMajor(6, 2, new Float64Array(12)))).toThrow(DimensionError);
    expect(() => fwhtColumnsInPlace({ kind: 'dense', rows: 4, cols: 2, data: new Float64Array(4), offset: 0, rowStride: 1, colStride: 4 })).toThrow(InvalidArgumentError);
    expect(() => fwhtColumnsInPlace([[1]] as unknown as DenseMatrix)).toThrow(InvalidArgumentError);
    // zero columns is a no-op regardless of rows
    fwhtColumnsInPlace(fromColMajor(3, 0, new Float64Array(0)));
  });
});

describe('hadamardOperator', () => {
  it('apply equals H (or H/√n), is symmetric and satisfies ⟨Hx, y⟩ = ⟨x, Hᵀy⟩', () => {
    for (const n of [1, 2, 8, 64]) {
      const H = hadamardOperator(n);
      const D = denseOf(H);
      const S = sylvester(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(D[i][j]).toBe(S[i][j]);
      const Hn = hadamardOperator(n, { normalize: true });
      const x = randvec(n, 1), y = randvec(n, 2);
      expect(Math.abs(dotp(Hn.apply(x), y) - dotp(x, Hn.applyT(y)))).toBeLessThan(1e-12);
      const back = Hn.apply(Hn.apply(x));
      for (let i = 0; i < n; i++) expect(Math.abs(back[i] - x[i])).toBeLessThan(1e-13);
    }
  });
  it('rejects bad n and wrong-length vectors', () => {
    expect(() => hadamardOperator(12)).toThrow(DimensionError);
    expect(() => hadamardOperator(2.5)).toThrow(InvalidArgumentError);
    expect(() => hadamardOperator(-4)).toThrow(InvalidArgumentError);
    expect(() => hadamardOperator(8).apply(new Float64Array(4))).toThrow(DimensionError);
    expect(() => hadamardOperator(4).apply(new Float64Array([1, NaN, 0, 0]))).toThrow(NonFiniteError);
  });
});
