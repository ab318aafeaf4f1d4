import { describe, expect, it } from 'vitest';
import { eigSym } from '../../src/core/eig.js';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import type { DenseMatrix } from '../../src/core/matrix.js';
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

function symmetric(n: number, seed: number): number[][] {
  const G = randnArray(n, n, seed);
  return G.map((r, i) => r.map((v, j) => (v + G[j][i]) / 2));
}

/**
 * Residual checks: ‖AV − VΛ‖_F ≤ c·n·ε·‖A‖_F and ‖VᵀV − I‖_F ≤ c·n·ε. Householder
 * tridiagonalization plus Givens QR sweeps is backward stable with ‖E‖ ≈ n·ε·‖A‖
 * (Golub & Van Loan §8.3.5); we allow c = 10 (TUNED; observed errors are far smaller).
 */
function checkEig(A: number[][]) {
  const n = A.length;
  const { values, vectors } = eigSym(denseFromRows(A));
  const V = rowsOf(vectors);
  expect(values.length).toBe(n);
  for (let i = 0; i + 1 < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i + 1]);
  const AV = naiveMatmul(A, V);
  const VL = V.map((r) => r.map((v, j) => v * values[j]));
  const nA = Math.max(frobenius(A), Number.MIN_VALUE);
  expect(frobenius(AV.map((r, i) => r.map((v, j) => v - VL[i][j])))).toBeLessThanOrEqual(10 * n * EPS * nA);
  const VtV = naiveMatmul(naiveTranspose(V), V);
  expect(frobenius(VtV.map((r, i) => r.map((v, j) => v - (i === j ? 1 : 0))))).toBeLessThanOrEqual(10 * n * EPS);
  // Sign convention: largest-|entry| of each column positive.
  for (let j = 0; j < n; j++) {
    let best = 0, bi = 0;
    for (let i = 0; i < n; i++) if (Math.abs(V[i][j]) > best) { best = Math.abs(V[i][j]); bi = i; }
    expect(V[bi][j]).toBeGreaterThan(0);
  }
  return { values, V };
}

describe('eigSym', () => {
  for (const n of [1, 2, 3, 10, 50, 120]) {
    it(`random symmetric ${n}×${n}: AV = VΛ, VᵀV = I, descending`, () => {
      const A = symmetric(n, 200 + n);
      const { values } = checkEig(A);
      // Trace = Σλ (≤ c·n·ε·‖A‖_F·√n).
      const tr = A.reduce((s, r, i) => s + r[i], 0);
      const sum = values.reduce((s, v) => s + v, 0);
      expect(Math.abs(tr - sum)).toBeLessThanOrEqual(10 * n * Math.sqrt(n) * EPS * frobenius(A));
    });
  }

  for (const n of [1, 2, 8, 33, 100]) {
    it(`tridiagonal Toeplitz (2, −1) of order ${n}: λ_k = 2 − 2cos(kπ/(n+1))`, () => {
      const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)));
      const { values, V } = checkEig(A);
      for (let i = 0; i < n; i++) {
        const k = n - i; // descending
        const exact = 2 - 2 * Math.cos((k * Math.PI) / (n + 1));
        // |λ̂ − λ| ≤ c·n·ε·‖A‖₂ with ‖A‖₂ ≤ 4; c = 10 (TUNED).
        expect(Math.abs(values[i] - exact)).toBeLessThanOrEqual(10 * n * EPS * 4);
      }
      // Eigenvectors are known too: v_k(j) ∝ sin(jkπ/(n+1)); |cos angle| = 1 up to gap-scaled error.
      const k = n; // λ largest ↔ k = n
      const ex = Array.from({ length: n }, (_, j) => Math.sin(((j + 1) * k * Math.PI) / (n + 1)));
      const nrm = Math.sqrt(ex.reduce((s, v) => s + v * v, 0));
      const cos = Math.abs(ex.reduce((s, v, j) => s + v * V[j][0], 0)) / nrm;
      // The gap λ_n − λ_{n−1} ≈ 3π²/(n+1)²·… ; sin θ ≤ ‖E‖/gap (Davis–Kahan) with ‖E‖ ≤ 40nε.
      const gap = n > 1 ? values[0] - values[1] : 1;
      expect(1 - cos).toBeLessThanOrEqual(((40 * n * EPS) / gap) ** 2 + 4 * EPS);
    });
  }

  it('diagonal input: values are the sorted diagonal, vectors a signed permutation', () => {
    const d = [3, -1, 7, 0, 2.5];
    const A = d.map((v, i) => d.map((_, j) => (i === j ? v : 0)));
    const { values, V } = checkEig(A);
    expect(Array.from(values)).toEqual([7, 3, 2.5, 0, -1]);
    expect(V.map((r) => r.map((v) => Math.abs(v)))).toEqual([
      [0, 1, 0, 0, 0],
      [0, 0, 0, 0, 1],
      [1, 0, 0, 0, 0],
      [0, 0, 0, 1, 0],
      [0, 0, 1, 0, 0],
    ]);
  });

  it('repeated eigenvalues: identity, zero matrix, I + rank-1', () => {
    const n = 6;
    const I = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
    expect(Array.from(checkEig(I).values)).toEqual(new Array(n).fill(1));
    expect(Array.from(checkEig(I.map((r) => r.map(() => 0))).values)).toEqual(new Array(n).fill(0));
    const u = [1, 2, -1, 0.5, 3, -2];
    const uu = u.reduce((s, v) => s + v * v, 0);
    const A = I.map((r, i) => r.map((v, j) => v + u[i] * u[j]));
    const { values } = checkEig(A);
    expect(Math.abs(values[0] - (1 + uu))).toBeLessThanOrEqual(10 * n * EPS * (1 + uu));
    for (let i = 1; i < n; i++) expect(Math.abs(values[i] - 1)).toBeLessThanOrEqual(10 * n * EPS * (1 + uu));
  });

  it('SPD input: eigenvalues equal the singular values of the reference Jacobi oracle', () => {
    const G = randnArray(30, 12, 5);
    const A = naiveMatmul(naiveTranspose(G), G);
    const { values } = checkEig(A);
    const sv = jacobiSingularValues(A);
    for (let i = 0; i < 12; i++) expect(Math.abs(values[i] - sv[i])).toBeLessThanOrEqual(100 * 12 * EPS * sv[0]);
  });

  it('reads only the lower triangle', () => {
    const A = symmetric(7, 9);
    const junk = A.map((r, i) => r.map((v, j) => (j > i ? NaN : v)));
    const a = eigSym(denseFromRows(A));
    const b = eigSym(denseFromRows(junk));
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    expect(Array.from(b.vectors.data)).toEqual(Array.from(a.vectors.data));
  });

  it('extreme scales', () => {
    for (const s of [1e-300, 1e300]) {
      const A = symmetric(5, 77);
      const ref = eigSym(denseFromRows(A)).values;
      const got = eigSym(denseFromRows(A.map((r) => r.map((v) => v * s)))).values;
      for (let i = 0; i < 5; i++) expect(Math.abs(got[i] / s - ref[i])).toBeLessThanOrEqual(100 * EPS * Math.abs(ref[0]));
    }
  });

  it('deterministic, does not mutate A, 0×0 works', () => {
    const A = denseFromRows(symmetric(9, 1));
    const before = A.data.slice();
    const r1 = eigSym(A);
    const r2 = eigSym(A);
    expect(Array.from(r1.vectors.data)).toEqual(Array.from(r2.vectors.data));
    expect(Array.from(A.data)).toEqual(Array.from(before));
    const e = eigSym({ kind: 'dense', rows: 0, cols: 0, data: new Float64Array(0), offset: 0, rowStride: 1, colStride: 0 });
    expect(e.values.length).toBe(0);
    expect(e.vectors.rows).toBe(0);
  });

  it('error classes', () => {
    expect(() => eigSym(denseFromRows([[1, 2]]))).toThrow(DimensionError);
    expect(() => eigSym(denseFromRows([[1, 0], [NaN, 1]]))).toThrow(NonFiniteError);
    expect(() => eigSym({} as DenseMatrix)).toThrow(InvalidArgumentError);
  });
});
