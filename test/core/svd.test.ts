import { create, all, type BigNumber } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import type { DenseMatrix } from '../../src/core/matrix.js';
import { svd } from '../../src/core/svd.js';
import {
  denseFromRows,
  frobenius,
  jacobiSingularValues,
  naiveMatmul,
  naiveTranspose,
  randnArray,
  rowsOf,
} from '../helpers/reference.js';

const EPS = Number.EPSILON;

/**
 * Singular values of a double matrix in 80-digit BigNumber arithmetic: one-sided Jacobi (as in
 * reference.ts, but in mathjs BigNumber), columns rotated until pairwise orthogonal to 1e-70.
 * (mathjs's own `eigs` is not accurate enough for this: it returns the Hilbert eigenvalues
 * with 1e-5 relative errors.)
 */
function bigSingularValues(A: number[][]): number[] {
  const math = create(all, { number: 'BigNumber', precision: 80 });
  const bn = (v: number | string): BigNumber => math.bignumber(v) as BigNumber;
  type Big = BigNumber;
  const m = A.length, n = A[0].length;
  const X: Big[][] = Array.from({ length: n }, (_, j) => A.map((r) => bn(r[j])));
  const dot = (p: Big[], q: Big[]) => p.reduce((acc, v, i) => acc.plus(v.times(q[i])), bn(0));
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) {
      const al = dot(X[p], X[p]), be = dot(X[q], X[q]), ga = dot(X[p], X[q]);
      if (ga.abs().lte(al.times(be).sqrt().times(bn('1e-70')))) continue;
      rotated = true;
      const zeta = be.minus(al).div(ga.times(2));
      const t = bn(zeta.gte(0) ? 1 : -1).div(zeta.abs().plus(zeta.times(zeta).plus(1).sqrt()));
      const c = bn(1).div(t.times(t).plus(1).sqrt()), sn = c.times(t);
      for (let i = 0; i < m; i++) {
        const xp = X[p][i], xq = X[q][i];
        X[p][i] = c.times(xp).minus(sn.times(xq));
        X[q][i] = sn.times(xp).plus(c.times(xq));
      }
    }
    if (!rotated) break;
  }
  return X.map((col) => Number(dot(col, col).sqrt().toString())).sort((a, b) => b - a);
}

function orthErr(Q: number[][]): number {
  const k = Q[0]?.length ?? 0;
  const G = naiveMatmul(naiveTranspose(Q), Q);
  let s = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) s += (G[i][j] - (i === j ? 1 : 0)) ** 2;
  return Math.sqrt(s);
}

/**
 * Checks U·diag(s)·Vᵀ = A, UᵀU = VᵀV = I, s descending ≥ 0, shapes, sign convention.
 * Bounds: backward stability of pivoted QR + one-sided Jacobi gives ‖USVᵀ − A‖_F ≤ c·m·n·ε·‖A‖_F
 * and orthogonality ≤ c·max(m,n)·ε (G&VL §5.2.2 and §8.6.4); c = 2 and 10 respectively (TUNED;
 * observed errors are a few ε·√n).
 */
function checkSvd(A: number[][]) {
  const m = A.length, n = A[0]?.length ?? 0, k = Math.min(m, n);
  const { U, s, V } = svd(denseFromRows(A));
  expect([U.rows, U.cols, V.rows, V.cols, s.length]).toEqual([m, k, n, k, k]);
  for (let i = 0; i < k; i++) expect(s[i]).toBeGreaterThanOrEqual(0);
  for (let i = 0; i + 1 < k; i++) expect(s[i]).toBeGreaterThanOrEqual(s[i + 1]);
  const Ur = rowsOf(U), Vr = rowsOf(V);
  if (k > 0) {
    const USVt = naiveMatmul(Ur.map((r) => r.map((v, j) => v * s[j])), naiveTranspose(Vr));
    const E = USVt.map((r, i) => r.map((v, j) => v - A[i][j]));
    expect(frobenius(E)).toBeLessThanOrEqual(2 * m * n * EPS * Math.max(frobenius(A), Number.MIN_VALUE));
    expect(orthErr(Ur)).toBeLessThanOrEqual(10 * Math.max(m, n) * EPS);
    expect(orthErr(Vr)).toBeLessThanOrEqual(10 * Math.max(m, n) * EPS);
  }
  for (let j = 0; j < k; j++) {
    let best = 0, bi = 0;
    for (let i = 0; i < m; i++) if (Math.abs(Ur[i][j]) > best) { best = Math.abs(Ur[i][j]); bi = i; }
    expect(Ur[bi][j]).toBeGreaterThan(0);
  }
  return { U: Ur, s, V: Vr };
}

describe('svd', () => {
  // From 16 columns U is formed by blocks of reflectors ([120, 24], [40, 40]).
  const shapes: Array<[number, number]> = [[1, 1], [1, 5], [5, 1], [6, 6], [20, 7], [7, 20], [100, 12], [12, 100], [40, 40], [120, 24], [24, 120]];
  for (const [m, n] of shapes) {
    it(`random ${m}×${n}: reconstruction, orthonormality, values = Jacobi oracle`, () => {
      const A = randnArray(m, n, 300 + m * 7 + n);
      const { s } = checkSvd(A);
      const ref = jacobiSingularValues(A);
      // Each σ_i within c·max(m,n)·ε·σ_max of the oracle (both backward stable; Weyl); c = 10.
      for (let i = 0; i < s.length; i++) expect(Math.abs(s[i] - ref[i])).toBeLessThanOrEqual(10 * Math.max(m, n) * EPS * ref[0]);
    });
  }

  it('diagonal input (unsorted, signed, with zeros): s = sorted |d|', () => {
    const d = [-2, 0, 5, 1e-3, 0, 3];
    const A = d.map((v, i) => d.map((_, j) => (i === j ? v : 0)));
    const { s } = checkSvd(A);
    expect(Array.from(s)).toEqual([5, 3, 2, 1e-3, 0, 0]);
    // Rectangular diagonal: 8×3 and 3×8.
    const T = Array.from({ length: 8 }, (_, i) => [0, 1, 2].map((j) => (i === j ? [4, -9, 0.5][j] : 0)));
    expect(Array.from(checkSvd(T).s)).toEqual([9, 4, 0.5]);
    expect(Array.from(checkSvd(naiveTranspose(T)).s)).toEqual([9, 4, 0.5]);
  });

  it('rank-1 outer product u·vᵀ: σ₁ = ‖u‖‖v‖, the rest ≈ 0; singular vectors ±u/‖u‖, ±v/‖v‖', () => {
    for (const [m, n] of [[9, 5], [5, 9], [30, 30]] as const) {
      const u = randnArray(1, m, 61)[0];
      const v = randnArray(1, n, 62)[0];
      const A = u.map((ui) => v.map((vj) => ui * vj));
      const { U, s, V } = checkSvd(A);
      const nu = Math.hypot(...u), nv = Math.hypot(...v);
      expect(Math.abs(s[0] - nu * nv)).toBeLessThanOrEqual(10 * Math.max(m, n) * EPS * nu * nv);
      for (let i = 1; i < s.length; i++) expect(s[i]).toBeLessThanOrEqual(10 * Math.max(m, n) * EPS * nu * nv);
      const cu = Math.abs(u.reduce((acc, x, i) => acc + (x / nu) * U[i][0], 0));
      const cv = Math.abs(v.reduce((acc, x, i) => acc + (x / nv) * V[i][0], 0));
      expect(cu).toBeCloseTo(1, 13);
      expect(cv).toBeCloseTo(1, 13);
    }
  });

  it('Hilbert matrix n = 5: singular values against 80-digit eigenvalues (mathjs) and det = Π σ', () => {
    const n = 5;
    const H = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 1 / (i + j + 1)));
    const { s } = checkSvd(H);
    // Reference: singular values of the double-rounded H in 80-digit arithmetic.
    const ev = bigSingularValues(H);
    // Backward stability gives |σ̂_i − σ_i| ≤ c·n·ε·σ_max (Weyl); c = 10 (TUNED). Jacobi does
    // better (relative accuracy), which the det check below exercises.
    for (let i = 0; i < n; i++) expect(Math.abs(s[i] - ev[i])).toBeLessThanOrEqual(10 * n * EPS * ev[0]);
    // det(H₅) = 1/266716800000 exactly for the exact Hilbert matrix (Hilbert 1894:
    // det H_n = c_n⁴/c_{2n}, c_n = Π_{i<n} i!). The rounding of H to doubles moves det by a
    // relative ≤ κ·n·ε; the computed Πσ_i has relative error ≤ Σ_i |δσ_i|/σ_i ≤ c·n²·ε·κ with
    // κ = σ₁/σ₅ ≈ 4.8e5. With c = 10: bound 10·25·ε·κ ≈ 2.6e-8.
    const det = s.reduce((p, v) => p * v, 1);
    const kappa = s[0] / s[n - 1];
    expect(Math.abs(det * 266716800000 - 1)).toBeLessThanOrEqual(10 * n * n * EPS * kappa);
  });

  it('rank-deficient (tall and wide): trailing σ ≈ 0, vectors still orthonormal', () => {
    for (const [m, n, r] of [[30, 10, 4], [10, 30, 4], [12, 12, 1], [8, 8, 7]] as const) {
      const A = naiveMatmul(randnArray(m, r, 71 + m), randnArray(r, n, 72 + n));
      const { s } = checkSvd(A);
      const ref = jacobiSingularValues(A);
      expect(s[r - 1]).toBeGreaterThan(1e-6 * s[0]);
      for (let i = r; i < Math.min(m, n); i++) expect(s[i]).toBeLessThanOrEqual(10 * Math.max(m, n) * EPS * ref[0]);
    }
  });

  it('exactly zero columns / rows and the zero matrix: completed orthonormal vectors', () => {
    const A = randnArray(7, 5, 81);
    for (const r of A) { r[0] = 0; r[3] = 0; }
    const { s } = checkSvd(A);
    expect(s[3]).toBe(0);
    expect(s[4]).toBe(0);
    const Z = checkSvd(Array.from({ length: 4 }, () => [0, 0, 0]));
    expect(Array.from(Z.s)).toEqual([0, 0, 0]);
    const Zw = checkSvd(Array.from({ length: 3 }, () => [0, 0, 0, 0, 0]));
    expect(Array.from(Zw.s)).toEqual([0, 0, 0]);
  });

  it('duplicate columns', () => {
    const B = randnArray(15, 4, 91);
    const A = B.map((r) => [...r, r[1], r[1]]);
    const { s } = checkSvd(A);
    expect(s[4]).toBeLessThanOrEqual(100 * EPS * s[0]);
    expect(s[5]).toBeLessThanOrEqual(100 * EPS * s[0]);
  });

  it('graded columns A = B·D: small singular values to high relative accuracy', () => {
    // A = B·D with B well conditioned and D = diag(1, 1e-4, …, 1e-16): one-sided Jacobi
    // computes every σ_i with relative error ≈ c·ε·κ(B) (Demmel & Veselić 1992), whereas a
    // normwise-stable method only gets absolute error ε·σ_max (relative 1e0 at σ ≈ 1e-16).
    // Reference: σ of the exact A (doubles) in 80-digit arithmetic.
    const B = randnArray(12, 5, 95);
    const d = [1, 1e-4, 1e-8, 1e-12, 1e-16];
    const A = B.map((r) => r.map((v, j) => v * d[j]));
    const { s } = checkSvd(A);
    const ev = bigSingularValues(A);
    // Relative error ≤ c·n·ε·κ(B), c = 10 (TUNED; observed: 0, i.e. below the rounding of the
    // reference to doubles). A normwise bound would allow relative errors of order 1 for σ₅.
    const sb = jacobiSingularValues(B);
    const kappaB = sb[0] / sb[4];
    for (let i = 0; i < 5; i++) expect(Math.abs(s[i] - ev[i]) / ev[i]).toBeLessThanOrEqual(10 * 5 * EPS * kappaB);
  });

  describe('tall, more than 64 columns and m ≥ 2n: blocked QR first, pivoted QR of its R', () => {
    for (const [m, n] of [[300, 90], [400, 65], [130, 65]] as Array<[number, number]>) {
      it(`random ${m}×${n}: reconstruction, orthonormality, values = Jacobi oracle`, () => {
        const A = randnArray(m, n, 900 + m + n);
        const { s } = checkSvd(A);
        const ref = jacobiSingularValues(A);
        for (let i = 0; i < s.length; i++) expect(Math.abs(s[i] - ref[i])).toBeLessThanOrEqual(10 * Math.max(m, n) * EPS * ref[0]);
      });
    }
    it('graded columns A = B·D (σ from 1 to about 1e-12): relative accuracy as the direct one-sided Jacobi', () => {
      // Householder QR is columnwise backward stable (Higham Thm. 19.4), so the factor R₁ of
      // A = B·D is R_B·D up to columnwise-small errors and the pivoted QR and Jacobi on it keep
      // the relative accuracy of Demmel & Veselić. Oracle: one-sided Jacobi on A itself, which has
      // it too; both within c·n·ε·κ(B) relative, so their difference within twice that (c = 10).
      const n = 70;
      const B = randnArray(160, n, 96);
      const d = Array.from({ length: n }, (_, j) => 10 ** (-12 * j / (n - 1)));
      const A = B.map((r) => r.map((v, j) => v * d[j]));
      const { s } = checkSvd(A);
      const ref = jacobiSingularValues(A);
      const sb = jacobiSingularValues(B);
      const kappaB = sb[0] / sb[n - 1];
      for (let i = 0; i < n; i++) expect(Math.abs(s[i] - ref[i]) / ref[i]).toBeLessThanOrEqual(2 * 10 * n * EPS * kappaB);
      expect(s[n - 1]).toBeLessThan(1e-10);
    });
  });

  it('vectors: false gives the same s (bitwise) and null U, V', () => {
    for (const [m, n] of [[20, 6], [6, 20]] as const) {
      const A = denseFromRows(randnArray(m, n, 99));
      const full = svd(A);
      const vals = svd(A, { vectors: false });
      expect(vals.U).toBeNull();
      expect(vals.V).toBeNull();
      expect(Array.from(vals.s)).toEqual(Array.from(full.s));
    }
  });

  it('transpose view: svd(Aᵀ) swaps U and V', () => {
    const A = denseFromRows(randnArray(9, 4, 101));
    const At: DenseMatrix = { ...A, rows: A.cols, cols: A.rows, rowStride: A.colStride, colStride: A.rowStride };
    const a = svd(A), b = svd(At);
    for (let i = 0; i < 4; i++) expect(Math.abs(a.s[i] - b.s[i])).toBeLessThanOrEqual(20 * EPS * a.s[0]);
  });

  it('empty shapes', () => {
    for (const [m, n] of [[0, 0], [0, 4], [4, 0]] as const) {
      const r = svd({ kind: 'dense', rows: m, cols: n, data: new Float64Array(0), offset: 0, rowStride: 1, colStride: m });
      expect([r.U.rows, r.U.cols, r.V.rows, r.V.cols, r.s.length]).toEqual([m, 0, n, 0, 0]);
    }
  });

  it('extreme scales: s scales exactly with A (power-of-two scaling inside)', () => {
    const A = randnArray(6, 4, 111);
    const ref = svd(denseFromRows(A)).s;
    for (const f of [2 ** -1000, 2 ** 1000]) {
      const s = svd(denseFromRows(A.map((r) => r.map((v) => v * f)))).s;
      for (let i = 0; i < 4; i++) expect(s[i]).toBe(ref[i] * f);
    }
    const s = svd(denseFromRows(A.map((r) => r.map((v) => v * 1e300)))).s;
    for (let i = 0; i < 4; i++) expect(Math.abs(s[i] / 1e300 - ref[i])).toBeLessThanOrEqual(10 * EPS * ref[0]);
  });

  it('deterministic and does not mutate A', () => {
    const A = denseFromRows(randnArray(10, 7, 121));
    const before = A.data.slice();
    const a = svd(A), b = svd(A);
    expect(Array.from(a.U.data)).toEqual(Array.from(b.U.data));
    expect(Array.from(a.V.data)).toEqual(Array.from(b.V.data));
    expect(Array.from(A.data)).toEqual(Array.from(before));
  });

  it('error classes', () => {
    expect(() => svd(denseFromRows([[1, NaN]]))).toThrow(NonFiniteError);
    expect(() => svd(denseFromRows([[1, NaN]]))).toThrow(/\(0, 1\)/);
    expect(() => svd([[1]] as unknown as DenseMatrix)).toThrow(InvalidArgumentError);
    expect(() => svd(denseFromRows([[1]]), { vectors: 1 as unknown as boolean })).toThrow(InvalidArgumentError);
    expect(() => svd(denseFromRows([[1]]), 'vectors' as unknown as object)).toThrow(InvalidArgumentError);
  });
});
