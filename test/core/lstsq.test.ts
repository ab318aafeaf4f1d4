import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DimensionError, InvalidArgumentError, NonFiniteError, NumericalError } from '../../src/core/errors.js';
import { lstsqDense } from '../../src/core/lstsq.js';
import { checkToleranceOptions, defaultRtol, numericalRank, rankTolerance } from '../../src/core/tolerance.js';
import type { DenseMatrix } from '../../src/core/matrix.js';
import {
  denseFromRows,
  gaussSolve,
  jacobiSingularValues,
  naiveMatmul,
  naiveTranspose,
  norm2,
  normalEquationsSolve,
  randnArray,
  rowsOf,
} from '../helpers/reference.js';

const EPS = Number.EPSILON;

const matvec = (A: number[][], x: ArrayLike<number>) => A.map((r) => r.reduce((s, v, j) => s + v * x[j], 0));
const diff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a, (v, i) => v - b[i]);
const col = (rows: number[][], j: number) => rows.map((r) => r[j]);
const empty = (m: number, n: number): DenseMatrix => ({ kind: 'dense', rows: m, cols: n, data: new Float64Array(m * n), offset: 0, rowStride: 1, colStride: m });

/**
 * Minimum-norm least-squares oracle through a full-rank factorization A = C·D (C m×r full column
 * rank, D r×n full row rank): A⁺ = Dᵀ(DDᵀ)⁻¹(CᵀC)⁻¹Cᵀ (Penrose; Golub & Van Loan §5.5.4),
 * evaluated with the naive reference routines. Fine when C and D are well conditioned.
 */
function minNormOracle(C: number[][], D: number[][], b: number[]): number[] {
  const Ct = naiveTranspose(C);
  const y = gaussSolve(naiveMatmul(Ct, C), naiveMatmul(Ct, b.map((v) => [v])));
  const z = gaussSolve(naiveMatmul(D, naiveTranspose(D)), y);
  return naiveMatmul(naiveTranspose(D), z).map((r) => r[0]);
}

function allFinite(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

describe('lstsqDense', () => {
  describe('full column rank (QR path)', () => {
    // 300×70: above 64 columns with m ≥ 2n, the pivoted QR runs on the factor of a blocked QR.
    for (const [m, n] of [[50, 5], [200, 20], [8, 8], [30, 1], [1, 1], [300, 70]] as const) {
      it(`${m}×${n} Gaussian: matches the normal equations; residual and optimality`, () => {
        const Arows = randnArray(m, n, 500 + m + n);
        const b = randnArray(1, m, 600 + m)[0];
        const res = lstsqDense(denseFromRows(Arows), b);
        expect(res.method).toBe('qr');
        expect(res.rank).toBe(n);
        expect(res.singularValues).toBeUndefined();
        expect(allFinite(res.x)).toBe(true);
        const sv = jacobiSingularValues(Arows);
        const kappa = sv[0] / sv[n - 1];
        const xne = normalEquationsSolve(Arows, b);
        // The normal-equations oracle itself has forward error ≈ κ²·ε (G&VL §5.3.7), QR ≈ κ·ε
        // (+ κ²·ε·‖r‖/(‖A‖‖x‖)); both within c·n·κ²·ε·‖x‖ with c = 10 (TUNED).
        expect(norm2(diff(res.x, xne))).toBeLessThanOrEqual(10 * n * kappa * kappa * EPS * norm2(xne));
        // residualNorm = ‖b − A·x‖ up to rounding: |Δ| ≤ c·m·n·ε·(‖A‖‖x‖ + ‖b‖), c = 2.
        const r = diff(b, matvec(Arows, res.x));
        const scale = sv[0] * norm2(res.x) + norm2(b);
        expect(Math.abs(res.residualNorm - norm2(r))).toBeLessThanOrEqual(2 * m * n * EPS * scale);
        // Optimality (STYLE §2.9): ‖Aᵀ(b − Ax)‖ ≤ c·m·n·ε·‖A‖·(‖A‖‖x‖ + ‖b‖), c = 2.
        const g = matvec(naiveTranspose(Arows), r);
        expect(norm2(g)).toBeLessThanOrEqual(2 * m * n * EPS * sv[0] * scale);
      });
    }

    it('consistent system: exact solution recovered, residual ≈ 0', () => {
      const Arows = randnArray(40, 6, 1);
      const x0 = [1, -2, 3, 0.5, 0, 7];
      const res = lstsqDense(denseFromRows(Arows), matvec(Arows, x0));
      const sv = jacobiSingularValues(Arows);
      expect(norm2(diff(res.x, x0))).toBeLessThanOrEqual(10 * 40 * 6 * EPS * (sv[0] / sv[5]) * norm2(x0));
      expect(res.residualNorm).toBeLessThanOrEqual(10 * 40 * 6 * EPS * sv[0] * norm2(x0));
    });
  });

  describe('κ = 1e10 against an 80-digit reference (test/fixtures/lstsq-kappa1e10.json)', () => {
    const fx = JSON.parse(readFileSync(new URL('../fixtures/lstsq-kappa1e10.json', import.meta.url), 'utf8')) as {
      provenance: { script: string; precision: number; date: string };
      m: number; n: number; kappa: number; residualNorm: number; singularValues: number[];
      A: number[][]; b: number[]; xStar: number[];
    };
    it('fixture provenance and shape', () => {
      expect(fx.provenance.script).toBe('test/fixtures/make-lstsq-kappa1e10.mjs');
      expect(fx.provenance.precision).toBe(80);
      expect(fx.A.length).toBe(fx.m);
      expect(fx.A[0].length).toBe(fx.n);
      expect(fx.kappa).toBeGreaterThan(0.9e10);
      expect(fx.kappa).toBeLessThan(1.1e10);
    });
    it('forward error ≤ c·κ·ε with c = 10 (residual is of rounding size)', () => {
      const res = lstsqDense(denseFromRows(fx.A), fx.b);
      expect(res.method).toBe('qr');
      expect(res.rank).toBe(fx.n);
      // G&VL Thm. 5.3.1 with Householder QR's backward error (Higham Thm. 20.3):
      // ‖x − x*‖/‖x*‖ ≲ c·ε·(κ + κ²·‖r‖/(‖A‖‖x*‖)). Here ‖r‖ ≈ 4e-18, ‖A‖ = 1, ‖x*‖ ≈ 3, so the
      // κ² term is 1e20·4e-18/3 ≈ 1.4e2 times ε, negligible next to κ = 1e10. The worst-case
      // constant grows like m·n; c = 10 (TUNED: observed ‖x − x*‖/‖x*‖/(κε) is about 0.1–1).
      const rel = norm2(diff(res.x, fx.xStar)) / norm2(fx.xStar);
      const bound = 10 * (fx.kappa + (fx.kappa ** 2 * fx.residualNorm) / (fx.singularValues[0] * norm2(fx.xStar))) * EPS;
      expect(rel).toBeLessThanOrEqual(bound);
      // The naive normal-equations oracle, for contrast, has forward error ≈ κ²ε ≫ 1 here; the
      // QR solution is not merely "close to" such an oracle but to the 80-digit truth.
      expect(res.residualNorm).toBeLessThanOrEqual(10 * fx.m * fx.n * EPS * norm2(fx.b));
    });
  });

  describe('several right-hand sides', () => {
    const cases: Array<[string, number[][]]> = [
      ['tall full rank 30×6', randnArray(30, 6, 11)],
      ['wide 5×12', randnArray(5, 12, 12)],
      ['rank-deficient 20×8 of rank 3', naiveMatmul(randnArray(20, 3, 13), randnArray(3, 8, 14))],
      // Through the blocked QR first (more than 64 columns, m ≥ 2n; wide: the transpose).
      ['tall full rank 160×70', randnArray(160, 70, 16)],
      ['wide 70×150', randnArray(70, 150, 17)],
      ['rank-deficient 150×70 of rank 30', naiveMatmul(randnArray(150, 30, 18), randnArray(30, 70, 19))],
    ];
    for (const [name, Arows] of cases) {
      it(`${name}: matrix B gives the column-by-column solutions (bitwise)`, () => {
        const m = Arows.length;
        const Brows = randnArray(m, 4, 15).map((r, i) => r.map((v, j) => v * 10 ** (j - 2) * (i + 1)));
        const A = denseFromRows(Arows);
        const multi = lstsqDense(A, denseFromRows(Brows));
        expect(multi.x.rows).toBe(Arows[0].length);
        expect(multi.x.cols).toBe(4);
        expect(multi.residualNorm.length).toBe(4);
        const X = rowsOf(multi.x);
        for (let j = 0; j < 4; j++) {
          const one = lstsqDense(A, col(Brows, j));
          expect(col(X, j)).toEqual(Array.from(one.x));
          expect(multi.residualNorm[j]).toBe(one.residualNorm);
          expect(multi.rank).toBe(one.rank);
          expect(multi.method).toBe(one.method);
        }
      });
    }
  });

  describe('rank deficient: minimum-norm solution (SVD path)', () => {
    it('duplicated column: x ⟂ null vector, and the fit equals the reduced full-rank problem', () => {
      const m = 25, n = 5;
      const B = randnArray(m, n, 21);
      const Arows = B.map((r) => [...r, r[1]]); // column 5 = column 1: null vector e1 − e5
      const b = randnArray(1, m, 22)[0];
      const res = lstsqDense(denseFromRows(Arows), b);
      expect(res.method).toBe('svd');
      expect(res.rank).toBe(n);
      expect(res.singularValues?.length).toBe(n + 1);
      const sv = jacobiSingularValues(B);
      const kappa = sv[0] / sv[n - 1];
      // Null vector z = (e1 − e5)/√2: x·z ≈ 0 relative to ‖x‖ (c·n·ε·κ, c = 10).
      expect(Math.abs(res.x[1] - res.x[5]) / Math.SQRT2).toBeLessThanOrEqual(10 * n * EPS * kappa * norm2(res.x));
      // Reduced problem: B·y ≈ b; the min-norm x splits y₁ evenly between columns 1 and 5.
      const reduced = lstsqDense(denseFromRows(B), b);
      const expected = [reduced.x[0], reduced.x[1] / 2, reduced.x[2], reduced.x[3], reduced.x[4], reduced.x[1] / 2];
      expect(norm2(diff(res.x, expected))).toBeLessThanOrEqual(10 * n * EPS * kappa * kappa * norm2(expected));
      expect(Math.abs(res.residualNorm - reduced.residualNorm)).toBeLessThanOrEqual(10 * m * n * EPS * kappa * norm2(b));
      const r = diff(b, matvec(Arows, res.x));
      expect(Math.abs(res.residualNorm - norm2(r))).toBeLessThanOrEqual(10 * m * n * EPS * norm2(b) * kappa);
    });

    it('zero column: its coefficient is exactly 0, the rest solves the reduced problem', () => {
      const B = randnArray(15, 3, 23);
      const Arows = B.map((r) => [r[0], 0, r[1], r[2]]);
      const b = randnArray(1, 15, 24)[0];
      const res = lstsqDense(denseFromRows(Arows), b);
      expect(res.rank).toBe(3);
      expect(Math.abs(res.x[1])).toBeLessThanOrEqual(10 * EPS * norm2(res.x));
      const reduced = lstsqDense(denseFromRows(B), b);
      expect(norm2(diff([res.x[0], res.x[2], res.x[3]], reduced.x))).toBeLessThanOrEqual(1e3 * EPS * norm2(reduced.x));
    });

    // 200×80 and 80×200: the blocked QR first (k = 80 > 64 and the long side ≥ 2k).
    for (const [m, n, r] of [[30, 8, 3], [8, 30, 3], [12, 12, 11], [6, 6, 1], [200, 80, 40], [80, 200, 40]] as const) {
      it(`A = C·D of rank ${r}, ${m}×${n}: x = A⁺b (oracle Dᵀ(DDᵀ)⁻¹(CᵀC)⁻¹Cᵀb)`, () => {
        const C = randnArray(m, r, 31 + m);
        const D = randnArray(r, n, 32 + n);
        const Arows = naiveMatmul(C, D);
        const b = randnArray(1, m, 33)[0];
        const res = lstsqDense(denseFromRows(Arows), b);
        expect(res.rank).toBe(r);
        expect(res.method).toBe('svd');
        expect(allFinite(res.x)).toBe(true);
        const x = minNormOracle(C, D, b);
        const sc = jacobiSingularValues(C), sd = jacobiSingularValues(D);
        const kappa = (sc[0] / sc[r - 1]) * (sd[0] / sd[r - 1]);
        // Both sides are accurate to ≈ κ(C)²κ(D)²·ε (normal equations in the oracle); c·max(m,n)
        // with c = 10 (TUNED).
        expect(norm2(diff(res.x, x))).toBeLessThanOrEqual(10 * Math.max(m, n) * EPS * kappa * kappa * norm2(x));
      });
    }

    it('rtol / atol move the cut-off (one rule): truncated-SVD solution', () => {
      // A = diag(1, 1e-8) padded with a zero row: singular values 1 and 1e-8.
      const A = denseFromRows([[1, 0], [0, 1e-8], [0, 0]]);
      const b = [1, 1, 1];
      const full = lstsqDense(A, b);
      expect(full.rank).toBe(2);
      expect(full.x[1]).toBeCloseTo(1e8, 0);
      const cut = lstsqDense(A, b, { rtol: 1e-6 });
      expect(cut.rank).toBe(1);
      expect(Array.from(cut.x)).toEqual([1, 0]);
      expect(cut.residualNorm).toBeCloseTo(Math.SQRT2, 14);
      expect(Array.from(cut.singularValues as Float64Array)).toEqual([1, 1e-8]);
      expect(lstsqDense(A, b, { atol: 1e-7 }).rank).toBe(1);
      expect(lstsqDense(A, b, { atol: 1e-9 }).rank).toBe(2);
      expect(lstsqDense(A, b, { atol: 0, rtol: 0 }).rank).toBe(2);
    });

    it('Kahan matrix: the rank decision follows the singular values, not |R_ii| alone', () => {
      // Kahan (1966): upper triangular, row i scaled by sⁱ, −c above the diagonal; with a tiny
      // perturbation of the diagonal, column pivoting does not move it and |R_nn| overestimates
      // σ_min by a large factor. The rank certificate fails and the SVD decides.
      for (const n of [30, 90]) {
        const th = 1.2, sn = Math.sin(th), cs = Math.cos(th);
        const K = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) =>
          j < i ? 0 : sn ** i * (i === j ? 1 - 25 * EPS * (n - i) : -cs)));
        const sv = jacobiSingularValues(K);
        const expectedRank = sv.filter((v) => v > defaultRtol(n, n) * sv[0]).length;
        const res = lstsqDense(denseFromRows(K), new Array(n).fill(1));
        expect(res.rank).toBe(expectedRank);
        expect(allFinite(res.x)).toBe(true);
      }
    });

    it('a numerically rank-deficient matrix (rank 4 + 1e-17 noise) has rank 4 by the default rule', () => {
      const Arows = naiveMatmul(randnArray(40, 4, 41), randnArray(4, 7, 42)).map((r, i) => r.map((v, j) => v + 1e-17 * Math.sin(i + 3 * j)));
      const res = lstsqDense(denseFromRows(Arows), randnArray(1, 40, 43)[0]);
      expect(res.rank).toBe(4);
      expect(res.method).toBe('svd');
    });
  });

  describe('underdetermined (m < n)', () => {
    it('full row rank: A·x = b and x = Aᵀ(AAᵀ)⁻¹b (the minimum-norm solution)', () => {
      // 70×150: x = Q₁·Q₂·[y; 0] through the blocked QR of Aᵀ.
      for (const [m, n] of [[3, 10], [8, 9], [1, 4], [70, 150]] as const) {
        const Arows = randnArray(m, n, 51 + m);
        const b = randnArray(1, m, 52)[0];
        const res = lstsqDense(denseFromRows(Arows), b);
        expect(res.rank).toBe(m);
        expect(res.method).toBe('qr');
        const y = gaussSolve(naiveMatmul(Arows, naiveTranspose(Arows)), b.map((v) => [v]));
        const x = naiveMatmul(naiveTranspose(Arows), y).map((r) => r[0]);
        const sv = jacobiSingularValues(Arows);
        const kappa = sv[0] / sv[m - 1];
        expect(norm2(diff(res.x, x))).toBeLessThanOrEqual(10 * n * EPS * kappa * kappa * norm2(x));
        expect(res.residualNorm).toBeLessThanOrEqual(10 * n * EPS * kappa * norm2(b));
        expect(norm2(diff(matvec(Arows, res.x), b))).toBeLessThanOrEqual(10 * m * n * EPS * kappa * norm2(b));
      }
    });
  });

  describe('shapes, layouts, scaling', () => {
    it('m = 0 or n = 0: well-formed empty results (scipy convention)', () => {
      const r0 = lstsqDense(empty(0, 3), []);
      expect(Array.from(r0.x)).toEqual([0, 0, 0]);
      expect(r0.rank).toBe(0);
      expect(r0.residualNorm).toBe(0);
      expect(r0.singularValues?.length).toBe(0);
      const r1 = lstsqDense(empty(2, 0), [3, 4]);
      expect(r1.x.length).toBe(0);
      expect(r1.residualNorm).toBe(5);
      const r2 = lstsqDense(empty(2, 0), denseFromRows([[3, 1], [4, 0]]));
      expect([r2.x.rows, r2.x.cols]).toEqual([0, 2]);
      expect(Array.from(r2.residualNorm)).toEqual([5, 1]);
      const r3 = lstsqDense(empty(0, 0), empty(0, 3));
      expect([r3.x.rows, r3.x.cols]).toEqual([0, 3]);
    });

    it('number[], Float64Array, row-major and offset views of A give the same answer', () => {
      const Arows = randnArray(12, 4, 61);
      const b = randnArray(1, 12, 62)[0];
      const ref = lstsqDense(denseFromRows(Arows), Float64Array.from(b));
      const rm: DenseMatrix = { kind: 'dense', rows: 12, cols: 4, data: Float64Array.from(Arows.flat()), offset: 0, rowStride: 4, colStride: 1 };
      expect(Array.from(lstsqDense(rm, b).x)).toEqual(Array.from(ref.x));
      expect(Array.from(lstsqDense(denseFromRows(Arows), b).x)).toEqual(Array.from(ref.x));
      // b as a 12×1 DenseMatrix.
      const bm = lstsqDense(denseFromRows(Arows), denseFromRows(b.map((v) => [v])));
      expect(Array.from(bm.x.data)).toEqual(Array.from(ref.x));
    });

    it('power-of-two scaling of A and b changes x exactly; extreme magnitudes stay accurate', () => {
      const Arows = randnArray(10, 3, 71);
      const b = randnArray(1, 10, 72)[0];
      const ref = lstsqDense(denseFromRows(Arows), b);
      const s = lstsqDense(denseFromRows(Arows.map((r) => r.map((v) => v * 2 ** 900))), b.map((v) => v * 2 ** -50));
      expect(Array.from(s.x)).toEqual(Array.from(ref.x, (v) => v * 2 ** -950));
      const t = lstsqDense(denseFromRows(Arows.map((r) => r.map((v) => v * 1e-300))), b.map((v) => v * 1e-300));
      expect(norm2(diff(t.x, ref.x))).toBeLessThanOrEqual(1e3 * EPS * norm2(ref.x));
    });

    it('a solution beyond the double range → NumericalError, never Infinity or NaN', () => {
      // Full rank (the rule is relative: σ = 1e-300 is σ_max here), x = 1e600.
      const A = denseFromRows([[1e-300], [0]]);
      expect(() => lstsqDense(A, [1e300, 1])).toThrow(NumericalError);
      expect(() => lstsqDense(A, [1e300, 1])).toThrow(/overflows/);
      // In a 2×2 with σ_max = 1, σ = 1e-300 is below the rank threshold: that direction is
      // dropped and the answer is finite.
      const B = denseFromRows([[1e-300, 0], [0, 1]]);
      const r = lstsqDense(B, [1, 1]);
      expect(r.rank).toBe(1);
      expect(Array.from(r.x)).toEqual([0, 1]);
    });

    it('inputs are not mutated', () => {
      const A = denseFromRows(randnArray(9, 4, 81));
      const b = Float64Array.from(randnArray(1, 9, 82)[0]);
      const B = denseFromRows(randnArray(9, 2, 83));
      const [a0, b0, B0] = [A.data.slice(), b.slice(), B.data.slice()];
      lstsqDense(A, b);
      lstsqDense(A, B);
      const Ad = denseFromRows(naiveMatmul(randnArray(9, 2, 84), randnArray(2, 4, 85)));
      const ad0 = Ad.data.slice();
      lstsqDense(Ad, b);
      expect(Array.from(A.data)).toEqual(Array.from(a0));
      expect(Array.from(b)).toEqual(Array.from(b0));
      expect(Array.from(B.data)).toEqual(Array.from(B0));
      expect(Array.from(Ad.data)).toEqual(Array.from(ad0));
    });
  });

  describe('tolerance rule (tolerance.ts)', () => {
    it('rankTolerance = max(atol, rtol·σmax), rtol default max(m, n)·ε', () => {
      expect(defaultRtol(100, 10)).toBe(100 * EPS);
      expect(defaultRtol(0, 0)).toBe(EPS);
      expect(rankTolerance(100, 10, 2)).toBe(200 * EPS);
      expect(rankTolerance(3, 4, 2, { rtol: 0.1 })).toBe(0.2);
      expect(rankTolerance(3, 4, 2, { atol: 0.5, rtol: 0.1 })).toBe(0.5);
      expect(rankTolerance(3, 4, 2, { atol: 0.1, rtol: 0.1 })).toBe(0.2);
    });
    it('numericalRank counts |values| strictly above the threshold; zero and empty lists have rank 0', () => {
      expect(numericalRank([3, 1, 1e-17], 3, 3)).toBe(2);
      expect(numericalRank([-3, 1e-15], 3, 3)).toBe(1);
      expect(numericalRank([3, -1, 1e-3], 3, 3, { rtol: 1e-3 })).toBe(2);
      expect(numericalRank([0, 0], 2, 2)).toBe(0);
      expect(numericalRank([], 0, 0)).toBe(0);
      expect(numericalRank([1, 1e-300], 2, 2, { atol: 0, rtol: 0 })).toBe(2);
      expect(numericalRank([0.5, 0.5], 2, 2, { atol: 0.5 })).toBe(0);
    });
    it('checkToleranceOptions rejects negative, non-finite and non-number values', () => {
      expect(checkToleranceOptions('f', { atol: 0, rtol: 1 })).toEqual({ atol: 0, rtol: 1 });
      for (const bad of [-1e-300, NaN, Infinity, '1', null]) {
        expect(() => checkToleranceOptions('f', { atol: bad as number })).toThrow(InvalidArgumentError);
        expect(() => checkToleranceOptions('f', { rtol: bad as number })).toThrow(InvalidArgumentError);
      }
    });
  });

  describe('validation', () => {
    const A = denseFromRows(randnArray(100, 3, 91));
    const b = new Float64Array(100);
    it('b with the wrong number of rows → DimensionError with both numbers', () => {
      expect(() => lstsqDense(A, new Float64Array(99))).toThrow(DimensionError);
      expect(() => lstsqDense(A, new Float64Array(99))).toThrow('lstsqDense: b has 99 rows but A has 100');
      expect(() => lstsqDense(A, new Array(101).fill(0))).toThrow('lstsqDense: b has 101 rows but A has 100');
      expect(() => lstsqDense(A, empty(99, 2))).toThrow('lstsqDense: b has 99 rows but A has 100');
    });
    it('NaN / Infinity in A or b → NonFiniteError naming the first position', () => {
      const bad = denseFromRows([[1, 2], [3, 4], [NaN, 6]]);
      expect(() => lstsqDense(bad, [1, 2, 3])).toThrow(NonFiniteError);
      expect(() => lstsqDense(bad, [1, 2, 3])).toThrow(/A has a non-finite entry NaN at \(2, 0\)/);
      const good = denseFromRows([[1, 2], [3, 4], [5, 6]]);
      expect(() => lstsqDense(good, [1, Infinity, 3])).toThrow(/b has a non-finite entry Infinity at index 1/);
      expect(() => lstsqDense(good, denseFromRows([[1], [2], [-Infinity]]))).toThrow(NonFiniteError);
    });
    it('bad rtol / atol / options / types → InvalidArgumentError', () => {
      expect(() => lstsqDense(A, b, { rtol: -1 })).toThrow(InvalidArgumentError);
      expect(() => lstsqDense(A, b, { rtol: -1 })).toThrow(/options\.rtol must be a finite number ≥ 0 \(got -1\)/);
      expect(() => lstsqDense(A, b, { atol: NaN })).toThrow(InvalidArgumentError);
      expect(() => lstsqDense(A, b, { atol: Infinity })).toThrow(InvalidArgumentError);
      expect(() => lstsqDense(A, b, { rtol: '1e-3' as unknown as number })).toThrow(InvalidArgumentError);
      expect(() => lstsqDense(A, b, 3 as unknown as object)).toThrow(InvalidArgumentError);
      expect(() => lstsqDense([[1]] as unknown as DenseMatrix, [1])).toThrow(InvalidArgumentError);
      expect(() => lstsqDense(A, 'b' as unknown as number[])).toThrow(InvalidArgumentError);
      expect(() => lstsqDense(A, new Float32Array(100) as unknown as Float64Array)).toThrow(InvalidArgumentError);
      // A malformed DenseMatrix b (buffer too short for its shape).
      expect(() => lstsqDense(A, { ...empty(100, 2), data: new Float64Array(3) })).toThrow(InvalidArgumentError);
    });
  });
});
