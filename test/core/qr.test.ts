import { describe, expect, it } from 'vitest';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import type { DenseMatrix } from '../../src/core/matrix.js';
import { applyQ, applyQt, qr, qrQ, qrR, QR_BLOCK, QR_CROSSOVER } from '../../src/core/qr.js';
import { setKernelBackend } from '../../src/core/kernels/backend.js';
import {
  denseFromRows,
  frobenius,
  naiveMatmul,
  naiveTranspose,
  norm2,
  randnArray,
  rowsOf,
} from '../helpers/reference.js';

const EPS = Number.EPSILON;

function eyeRows(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}
function sub(A: number[][], B: number[][]): number[][] {
  return A.map((r, i) => r.map((v, j) => v - B[i][j]));
}
/** Columns of A permuted: column j of the result is column perm[j] of A. */
function permuteCols(A: number[][], perm: ArrayLike<number> | null): number[][] {
  if (!perm) return A;
  return A.map((r) => Array.from(perm, (p) => r[p]));
}
function rankDeficient(m: number, n: number, r: number, seed: number): number[][] {
  return naiveMatmul(randnArray(m, r, seed), randnArray(r, n, seed + 1));
}

/** Checks the QR invariants with the tolerances stated below. */
function checkQR(Arows: number[][], pivoting: boolean) {
  const A = denseFromRows(Arows);
  const m = A.rows, n = A.cols, k = Math.min(m, n);
  const F = qr(A, { pivoting });
  const Q = rowsOf(qrQ(F));
  const R = rowsOf(qrR(F));
  expect(Q.length).toBe(m);
  expect(R.length).toBe(k);
  // R upper triangular (exactly: qrR writes explicit zeros).
  for (let i = 0; i < k; i++) for (let j = 0; j < Math.min(i, n); j++) expect(R[i][j]).toBe(0);
  // ‖QᵀQ − I‖_F ≤ 10·m·ε: Higham (Accuracy & Stability, Lemma 19.3) bounds the loss of
  // orthogonality of a product of k Householder reflectors by O(k·m·ε) in the worst case; in
  // practice it grows like √m·ε. c = 10 with the factor m (TUNED, well above observed).
  if (k > 0) expect(frobenius(sub(naiveMatmul(naiveTranspose(Q), Q), eyeRows(k)))).toBeLessThanOrEqual(10 * m * EPS);
  // ‖QR − AP‖_F ≤ 2·m·n·ε·‖A‖_F: Householder QR is normwise backward stable with
  // ‖ΔA‖_F ≤ γ̃_{mn}·‖A‖_F (Higham Thm. 19.4); c = 2 (TUNED).
  if (k > 0) {
    const QR = naiveMatmul(Q, R);
    const AP = permuteCols(Arows, F.perm);
    expect(frobenius(sub(QR, AP))).toBeLessThanOrEqual(2 * m * n * EPS * Math.max(frobenius(Arows), Number.MIN_VALUE));
  }
  if (pivoting) {
    // perm is a permutation.
    expect(Array.from(F.perm as Int32Array).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, j) => j));
    // |R_ii| non-increasing. The downdated column norms used to choose pivots are exact up to a
    // relative error of about √ε (below that they are recomputed: LAPACK dlaqp2, LAWN 176), so
    // allow |R_{i+1,i+1}| ≤ (1 + 4√ε)·|R_ii|.
    for (let i = 0; i + 1 < k; i++) {
      expect(Math.abs(R[i + 1][i + 1])).toBeLessThanOrEqual(Math.abs(R[i][i]) * (1 + 4 * Math.sqrt(EPS)) + 1e-300);
    }
  }
  return F;
}

describe('qr', () => {
  const shapes: Array<[number, number]> = [
    [1, 1], [5, 5], [7, 4], [4, 7], [30, 10], [10, 30], [3, 1], [1, 3], [64, 64], [200, 13],
  ];
  for (const pivoting of [false, true]) {
    for (const [m, n] of shapes) {
      it(`invariants on a random ${m}×${n} matrix (pivoting: ${pivoting})`, () => {
        const F = checkQR(randnArray(m, n, 1000 + 31 * m + n), pivoting);
        expect(F.rank).toBe(Math.min(m, n));
        expect(F.tau.length).toBe(Math.min(m, n));
        expect(F.perm === null).toBe(!pivoting);
      });
    }
    it(`rank-deficient 20×12 of rank 5 (pivoting: ${pivoting})`, () => {
      const F = checkQR(rankDeficient(20, 12, 5, 77), pivoting);
      if (pivoting) expect(F.rank).toBe(5);
    });
    it(`rank-deficient wide 6×15 of rank 3 (pivoting: ${pivoting})`, () => {
      const F = checkQR(rankDeficient(6, 15, 3, 78), pivoting);
      if (pivoting) expect(F.rank).toBe(3);
    });
    it(`zero columns (pivoting: ${pivoting})`, () => {
      const A = randnArray(9, 6, 5);
      for (const r of A) {
        r[1] = 0;
        r[4] = 0;
      }
      const F = checkQR(A, pivoting);
      if (pivoting) {
        expect(F.rank).toBe(4);
        expect(Array.from(F.perm as Int32Array).slice(4).sort()).toEqual([1, 4]);
      }
    });
    it(`all-zero matrix (pivoting: ${pivoting})`, () => {
      const F = checkQR(Array.from({ length: 4 }, () => [0, 0, 0]), pivoting);
      expect(F.rank).toBe(0);
      expect(Array.from(F.tau)).toEqual([0, 0, 0]);
    });
    it(`duplicate column (pivoting: ${pivoting})`, () => {
      const A = randnArray(10, 4, 9).map((r) => [...r, r[2]]);
      const F = checkQR(A, pivoting);
      if (pivoting) expect(F.rank).toBe(4);
    });
  }

  it('1×1: R = ±|a|, Q = ∓1 consistent', () => {
    const F = qr(denseFromRows([[-3]]));
    expect(Math.abs(rowsOf(qrR(F))[0][0])).toBe(3);
    expect(rowsOf(qrQ(F))[0][0] * rowsOf(qrR(F))[0][0]).toBe(-3);
    expect(F.rank).toBe(1);
  });

  it('empty shapes give empty results', () => {
    for (const [m, n] of [[0, 0], [0, 3], [3, 0]] as const) {
      const A: DenseMatrix = { kind: 'dense', rows: m, cols: n, data: new Float64Array(0), offset: 0, rowStride: 1, colStride: m };
      for (const pivoting of [false, true]) {
        const F = qr(A, { pivoting });
        expect(F.rank).toBe(0);
        expect(F.tau.length).toBe(0);
        expect(F.qr.length).toBe(0);
        expect(qrR(F).rows).toBe(0);
        expect(qrR(F).cols).toBe(n);
        expect(qrQ(F).rows).toBe(m);
        expect(qrQ(F).cols).toBe(0);
        if (pivoting) expect(Array.from(F.perm as Int32Array)).toEqual(Array.from({ length: n }, (_, j) => j));
        const b = new Float64Array(m).fill(2);
        expect(Array.from(applyQt(F, b))).toEqual(Array.from(b));
      }
    }
  });

  it('applyQ(applyQt(b)) = b and applyQt(applyQ(b)) = b, for vectors and blocks', () => {
    for (const [m, n] of [[30, 10], [10, 30], [17, 17]] as const) {
      for (const pivoting of [false, true]) {
        const F = qr(denseFromRows(randnArray(m, n, 3 + m)), { pivoting });
        const b = Float64Array.from(randnArray(1, m, 9)[0]);
        const k = Math.min(m, n);
        // Each reflector application is backward stable; k of them perturb b by ≤ c·k·m·ε·‖b‖
        // (Higham Lemma 19.3); c = 2 (TUNED).
        const tol = 2 * k * m * EPS * norm2(b);
        const y = applyQ(F, applyQt(F, b));
        expect(norm2(Array.from(y, (v, i) => v - b[i]))).toBeLessThanOrEqual(tol);
        const y2 = applyQt(F, applyQ(F, Array.from(b)));
        expect(norm2(Array.from(y2, (v, i) => v - b[i]))).toBeLessThanOrEqual(tol);
        // Orthogonal: norms preserved.
        expect(Math.abs(norm2(applyQt(F, b)) - norm2(b))).toBeLessThanOrEqual(tol);
        // Block = column by column (bitwise).
        const Brows = randnArray(m, 3, 11);
        const B = denseFromRows(Brows);
        const QtB = applyQt(F, B);
        const QB = applyQ(F, B);
        for (let j = 0; j < 3; j++) {
          const col = Float64Array.from(Brows.map((r) => r[j]));
          expect(rowsOf(QtB).map((r) => r[j])).toEqual(Array.from(applyQt(F, col)));
          expect(rowsOf(QB).map((r) => r[j])).toEqual(Array.from(applyQ(F, col)));
        }
      }
    }
  });

  it('the first k entries of Qᵀb are (thin Q)ᵀb', () => {
    const Arows = randnArray(25, 6, 21);
    const F = qr(denseFromRows(Arows), { pivoting: true });
    const Q = rowsOf(qrQ(F));
    const b = randnArray(1, 25, 22)[0];
    const c = applyQt(F, b);
    const ref = naiveMatmul(naiveTranspose(Q), b.map((v) => [v])).map((r) => r[0]);
    for (let i = 0; i < 6; i++) expect(Math.abs(c[i] - ref[i])).toBeLessThanOrEqual(50 * 25 * EPS * norm2(b));
  });

  it('any input strides give the same factorization (row-major, transpose view, offset view)', () => {
    const Arows = randnArray(12, 5, 31);
    const colMajor = denseFromRows(Arows);
    const rowMajorData = Float64Array.from(Arows.flat());
    const rowMajor: DenseMatrix = { kind: 'dense', rows: 12, cols: 5, data: rowMajorData, offset: 0, rowStride: 5, colStride: 1 };
    // An offset, padded view: data with 2 leading junk entries and leading dimension 14.
    const padded = new Float64Array(2 + 14 * 5).fill(99);
    for (let j = 0; j < 5; j++) for (let i = 0; i < 12; i++) padded[2 + j * 14 + i] = Arows[i][j];
    const view: DenseMatrix = { kind: 'dense', rows: 12, cols: 5, data: padded, offset: 2, rowStride: 1, colStride: 14 };
    const ref = qr(colMajor, { pivoting: true });
    for (const V of [rowMajor, view]) {
      const F = qr(V, { pivoting: true });
      expect(Array.from(F.qr)).toEqual(Array.from(ref.qr));
      expect(Array.from(F.tau)).toEqual(Array.from(ref.tau));
      expect(Array.from(F.perm as Int32Array)).toEqual(Array.from(ref.perm as Int32Array));
    }
  });

  it('does not mutate its inputs', () => {
    const A = denseFromRows(randnArray(8, 5, 41));
    const before = A.data.slice();
    const F = qr(A, { pivoting: true });
    expect(Array.from(A.data)).toEqual(Array.from(before));
    const b = Float64Array.from(randnArray(1, 8, 42)[0]);
    const bBefore = b.slice();
    const qrBefore = F.qr.slice();
    applyQt(F, b);
    applyQ(F, b);
    qrQ(F);
    qrR(F);
    expect(Array.from(b)).toEqual(Array.from(bBefore));
    expect(Array.from(F.qr)).toEqual(Array.from(qrBefore));
  });

  it('tiny and huge scales: reflectors are scaled safely', () => {
    for (const s of [1e-300, 1e-160, 1e150, 1e300]) {
      const Arows = randnArray(6, 3, 51).map((r) => r.map((v) => v * s));
      const F = qr(denseFromRows(Arows));
      const R = rowsOf(qrR(F));
      const Q = rowsOf(qrQ(F));
      for (const v of F.qr) expect(Number.isFinite(v)).toBe(true);
      // Relative reconstruction, computed on the rescaled factors to avoid overflow in the check.
      const QR = naiveMatmul(Q, R.map((r) => r.map((v) => v / s)));
      const A1 = Arows.map((r) => r.map((v) => v / s));
      expect(frobenius(sub(QR, A1))).toBeLessThanOrEqual(2 * 6 * 3 * EPS * frobenius(A1));
    }
  });

  it('rank option: rtol and atol follow the library rule', () => {
    // diag(1, 1e-6, 1e-12) mixed by an orthogonal-ish transform keeps |R_ii| graded.
    const A = denseFromRows([[1, 0, 0], [0, 1e-6, 0], [0, 0, 1e-12], [0, 0, 0]]);
    expect(qr(A, { pivoting: true }).rank).toBe(3);
    expect(qr(A, { pivoting: true, rtol: 1e-9 }).rank).toBe(2);
    expect(qr(A, { pivoting: true, atol: 1e-3 }).rank).toBe(1);
    expect(qr(A, { pivoting: true, atol: 0, rtol: 0 }).rank).toBe(3);
  });

  describe(`blocked, above ${QR_CROSSOVER} reflectors (panels of ${QR_BLOCK}, compact WY updates through gemm)`, () => {
    // The same invariants and tolerances as the unblocked loop (the blocked form has the same
    // backward-error bound, Golub & Van Loan §5.2.3): full panels, a partial last panel, a wide
    // matrix (columns past the last reflector), one reflector past the crossover.
    const big: Array<[number, number]> = [[400, 160], [300, 150], [140, 500], [129, 129], [100, 65]];
    for (const [m, n] of big) {
      it(`invariants on a random ${m}×${n} matrix`, () => {
        const F = checkQR(randnArray(m, n, 7000 + m + n), false);
        expect(F.rank).toBe(Math.min(m, n));
      });
    }
    it('rank-deficient 260×200 of rank 40, and exact zero columns inside a panel (τ = 0)', () => {
      const A = rankDeficient(260, 200, 40, 77);
      expect(checkQR(A, false).rank).toBe(40);
      const Z = randnArray(220, 170, 78);
      for (const r of Z) for (let j = 35; j < 41; j++) r[j] = 0;
      const F = checkQR(Z, false);
      for (let j = 35; j < 41; j++) expect(F.tau[j]).toBe(0);
    });
    it('applyQt / applyQ on a block of columns (by blocks of reflectors) agree with the columns one by one, and invert each other', () => {
      const F = qr(denseFromRows(randnArray(300, 170, 80)));
      const Brows = randnArray(300, 6, 81);
      const B = denseFromRows(Brows);
      for (const [f, what] of [[applyQt, 'Qᵀ'], [applyQ, 'Q']] as const) {
        const blockwise = f(F, B) as DenseMatrix;
        for (let j = 0; j < 6; j++) {
          const one = f(F, Float64Array.from(Brows.map((r) => r[j]))) as Float64Array;
          // Both backward stable: within c·m·ε·‖b‖ (c = 10) of each other.
          for (let i = 0; i < 300; i++) expect(Math.abs(blockwise.data[j * 300 + i] - one[i]), `${what} column ${j}`).toBeLessThanOrEqual(10 * 300 * EPS * norm2(one));
        }
      }
      const back = applyQ(F, applyQt(F, B) as DenseMatrix) as DenseMatrix;
      for (let j = 0; j < 6; j++) {
        const bj = Brows.map((r) => r[j]);
        for (let i = 0; i < 300; i++) expect(Math.abs(back.data[j * 300 + i] - bj[i])).toBeLessThanOrEqual(10 * 300 * EPS * norm2(bj));
      }
    });
    it('Qᵀ and Q applied reflector by reflector agree with the blocked qrQ; both kernel backends give the same bits', () => {
      const Arows = randnArray(300, 170, 79);
      const A = denseFromRows(Arows);
      const F = qr(A);
      const Q = qrQ(F);
      // Column j of Q is Q·e_j (applyQ applies one reflector at a time, unblocked).
      for (const j of [0, 31, 32, 100, 169]) {
        const e = new Float64Array(300);
        e[j] = 1;
        const q = applyQ(F, e);
        for (let i = 0; i < 300; i++) expect(Math.abs(q[i] - Q.data[j * 300 + i])).toBeLessThanOrEqual(100 * EPS);
      }
      setKernelBackend('js');
      try {
        const Fj = qr(A);
        const Qj = qrQ(Fj);
        expect(Fj.qr.every((v, i) => Object.is(v, F.qr[i]))).toBe(true);
        expect(Fj.tau.every((v, i) => Object.is(v, F.tau[i]))).toBe(true);
        expect(Qj.data.every((v, i) => Object.is(v, Q.data[i]))).toBe(true);
      } finally {
        setKernelBackend('auto');
      }
    });
  });

  describe('validation', () => {
    const A = denseFromRows(randnArray(4, 3, 1));
    it('NaN / Infinity in A → NonFiniteError naming the entry', () => {
      const bad = denseFromRows([[1, 2], [3, NaN]]);
      expect(() => qr(bad)).toThrow(NonFiniteError);
      expect(() => qr(bad)).toThrow(/\(1, 1\)/);
      expect(() => qr(denseFromRows([[Infinity]]))).toThrow(NonFiniteError);
    });
    it('not a DenseMatrix → InvalidArgumentError', () => {
      expect(() => qr([[1, 2]] as unknown as DenseMatrix)).toThrow(InvalidArgumentError);
      expect(() => qr(null as unknown as DenseMatrix)).toThrow(InvalidArgumentError);
      expect(() => qr({ ...A, data: new Float64Array(2) })).toThrow(InvalidArgumentError);
    });
    it('bad options → InvalidArgumentError', () => {
      expect(() => qr(A, { pivoting: 'yes' as unknown as boolean })).toThrow(InvalidArgumentError);
      expect(() => qr(A, { rtol: -1 })).toThrow(InvalidArgumentError);
      expect(() => qr(A, { atol: NaN })).toThrow(InvalidArgumentError);
      expect(() => qr(A, 5 as unknown as object)).toThrow(InvalidArgumentError);
    });
    it('applyQt/applyQ: wrong length or rows → DimensionError; NaN → NonFiniteError; bad type → InvalidArgumentError', () => {
      const F = qr(A);
      expect(() => applyQt(F, new Float64Array(3))).toThrow(DimensionError);
      expect(() => applyQt(F, new Float64Array(3))).toThrow('applyQt: b has 3 rows but Q has 4');
      expect(() => applyQ(F, denseFromRows([[1], [2]]))).toThrow(DimensionError);
      expect(() => applyQt(F, [1, 2, NaN, 4])).toThrow(NonFiniteError);
      expect(() => applyQ(F, 'abcd' as unknown as number[])).toThrow(InvalidArgumentError);
      expect(() => applyQ({ ...F, tau: new Float64Array(1) }, [1, 2, 3, 4])).toThrow(InvalidArgumentError);
    });
  });
});
