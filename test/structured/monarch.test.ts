import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { fromRowMajor, subMatrix, transpose } from '../../src/core/matrix.js';
import {
  monarch,
  monarchMultiply,
  monarchMultiplyT,
  monarchOperator,
  monarchToDense,
  randomMonarch,
  type MonarchMatrix,
} from '../../src/structured/index.js';
import { monarchApplyBatched, monarchApplyTBatched } from '../../src/structured/monarch.js';
import { naiveMatmul, naiveTranspose } from '../helpers/reference.js';
import { trials } from '../helpers/quick.js';
import { blockDiag, denseOf, denseOfT, dotp, gridTranspose, kron, maxAbs, permMatrix, randn, randvec, rowsFromDense, sub } from './helpers.js';

/** Random blocks for (R, K, S, P): R blocks K×S, L blocks P×R. */
function randomBlocks(R: number, K: number, S: number, P: number, seed: number) {
  return {
    R: Array.from({ length: R }, (_, r) => randn(K, S, seed + r)),
    L: Array.from({ length: K }, (_, q) => randn(P, R, seed + 1000 + q)),
  };
}

/** Closed-form entries (ALGORITHMS.md §5.1): M[p·K + q, r·S + s] = L_q[p, r]·R_r[q, s]. */
function closedForm(b: { R: number[][][]; L: number[][][] }): number[][] {
  const R = b.R.length, K = b.L.length, S = b.R[0][0].length, P = b.L[0].length;
  const out = Array.from({ length: P * K }, () => new Array<number>(R * S).fill(0));
  for (let p = 0; p < P; p++) for (let q = 0; q < K; q++) for (let r = 0; r < R; r++) for (let s = 0; s < S; s++) {
    out[p * K + q][r * S + s] = b.L[q][p][r] * b.R[r][q][s];
  }
  return out;
}

/** The paper's form as a product of dense matrices: P_out · blockdiag(L) · P_mid · blockdiag(R). */
function paperForm(b: { R: number[][][]; L: number[][][] }): number[][] {
  const R = b.R.length, K = b.L.length, P = b.L[0].length;
  const Pmid = permMatrix(gridTranspose(R, K)); // (r major, q minor) → (q major, r minor)
  const Pout = permMatrix(gridTranspose(K, P)); // (q major, p minor) → (p major, q minor)
  return naiveMatmul(naiveMatmul(naiveMatmul(Pout, blockDiag(b.L)), Pmid), blockDiag(b.R));
}

const identityCols = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

describe('Monarch products (ALGORITHMS.md §5 check 1: entry formula)', () => {
  const shapes: Array<[number, number, number, number]> = [
    [3, 4, 5, 6], // non-square, non-equal block counts
    [4, 4, 4, 4], // square n = b², b = 4
    [2, 5, 3, 1],
    [1, 1, 7, 3],
    [6, 2, 1, 4],
    [5, 3, 2, 2],
  ];
  it('fast product applied to I equals the closed-form dense matrix and the paper-form product', () => {
    for (const [R, K, S, P] of shapes) {
      const b = randomBlocks(R, K, S, P, R * 100 + K * 10 + S);
      const M = monarch(b);
      expect([M.rows, M.cols, M.rBlocks, M.lBlocks]).toEqual([P * K, R * S, R, K]);
      const ref = closedForm(b);
      const viaI = rowsFromDense(monarchMultiply(M, identityCols(R * S)));
      expect(maxAbs(sub(viaI, ref))).toBeLessThanOrEqual(1e-14 * Math.max(1, maxAbs(ref)));
      expect(maxAbs(sub(rowsFromDense(monarchToDense(M)), ref))).toBe(0);
      expect(maxAbs(sub(paperForm(b), ref))).toBeLessThanOrEqual(1e-14 * Math.max(1, maxAbs(ref)));
    }
  });

  it('square case is M = P·L·Pᵀ·R with P the involutive reshape-transpose (Px)[i·b+j] = x[j·b+i]', () => {
    const b = 4;
    const blocks = randomBlocks(b, b, b, b, 5);
    const Pm = permMatrix(gridTranspose(b, b));
    const ref = naiveMatmul(naiveMatmul(naiveMatmul(Pm, blockDiag(blocks.L)), naiveTranspose(Pm)), blockDiag(blocks.R));
    expect(maxAbs(sub(rowsFromDense(monarchToDense(monarch(blocks))), ref))).toBeLessThan(1e-13);
  });

  it('transpose product equals the dense transpose; ⟨Mx, y⟩ = ⟨x, Mᵀy⟩ (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 1e6 }),
        (R, K, S, P, seed) => {
          const b = randomBlocks(R, K, S, P, seed);
          const M = monarch(b);
          const ref = closedForm(b);
          const x = randvec(M.cols, seed + 7), y = randvec(M.rows, seed + 8);
          const Mx = monarchMultiply(M, x), Mty = monarchMultiplyT(M, y);
          const refMx = naiveMatmul(ref, Array.from(x, (v) => [v])).map((r) => r[0]);
          const refMty = naiveMatmul(naiveTranspose(ref), Array.from(y, (v) => [v])).map((r) => r[0]);
          const scale = 1e-13 * (1 + maxAbs(ref)) * (R + K + S + P);
          for (let i = 0; i < M.rows; i++) expect(Math.abs(Mx[i] - refMx[i])).toBeLessThanOrEqual(scale * 10);
          for (let j = 0; j < M.cols; j++) expect(Math.abs(Mty[j] - refMty[j])).toBeLessThanOrEqual(scale * 10);
          expect(Math.abs(dotp(Mx, y) - dotp(x, Mty))).toBeLessThanOrEqual(scale * 100 * (1 + Math.abs(dotp(Mx, y))));
        },
      ),
    );
  });

  it('matrix inputs (column-by-column and batched GEMM paths, any strides) equal the dense products', () => {
    const b = randomBlocks(3, 4, 5, 6, 9);
    const M = monarch(b);
    const ref = closedForm(b); // 24 × 15
    const refT = naiveTranspose(ref);
    for (const k of [1, 3, 4, 9]) {
      const X = randn(15, k, k); // 15 × k
      const Yref = naiveMatmul(ref, X);
      const Wt = randn(24, k, k + 50);
      const Zref = naiveMatmul(refT, Wt);
      const layouts = [
        X,
        fromRowMajor(15, k, Float64Array.from(X.flat())),
        transpose(fromRowMajor(k, 15, Float64Array.from(naiveTranspose(X).flat()))), // column-major
        subMatrix(fromRowMajor(17, k + 2, Float64Array.from({ length: 17 * (k + 2) }, (_, i) => { const r = Math.floor(i / (k + 2)), c = i % (k + 2); return r >= 1 && r < 16 && c >= 2 ? X[r - 1][c - 2] : 99; })), 1, 16, 2, k + 2),
      ];
      for (const L of layouts) {
        const Y = monarchMultiply(M, L);
        expect([Y.rows, Y.cols, Y.rowStride, Y.colStride]).toEqual([24, k, 1, 24]);
        expect(maxAbs(sub(rowsFromDense(Y), Yref))).toBeLessThan(1e-12);
      }
      const Z = monarchMultiplyT(M, fromRowMajor(24, k, Float64Array.from(Wt.flat())));
      expect([Z.rows, Z.cols]).toEqual([15, k]);
      expect(maxAbs(sub(rowsFromDense(Z), Zref))).toBeLessThan(1e-12);
      expect(maxAbs(sub(rowsFromDense(monarchMultiplyT(M, Wt)), Zref))).toBeLessThan(1e-12);
    }
    // the batched GEMM kernels directly, on the same small shape and layouts
    for (const k of [1, 5]) {
      const X = randn(15, k, 60 + k), W = randn(24, k, 70 + k);
      const Yb = monarchApplyBatched(M, transpose(fromRowMajor(k, 15, Float64Array.from(naiveTranspose(X).flat()))));
      expect(maxAbs(sub(rowsFromDense(Yb), naiveMatmul(ref, X)))).toBeLessThan(1e-12);
      const Zb = monarchApplyTBatched(M, fromRowMajor(24, k, Float64Array.from(W.flat())));
      expect(maxAbs(sub(rowsFromDense(Zb), naiveMatmul(refT, W)))).toBeLessThan(1e-12);
    }
    // vector and one-column matrix agree exactly
    const x = randvec(15, 3);
    const y1 = monarchMultiply(M, x), y2 = monarchMultiply(M, Array.from(x, (v) => [v]));
    expect(Array.from(y2.data)).toEqual(Array.from(y1));
  });

  it('public products switch to the batched path for large blocks and many columns, with the same results', () => {
    const M = randomMonarch({ n: 48 * 48, seed: 12 }); // 48×48 blocks: batched from k = 8 on
    const k = 8;
    const X = fromRowMajor(M.cols, k, randvec(M.cols * k, 13));
    const Y = monarchMultiply(M, X), Z = monarchMultiplyT(M, X);
    for (let j = 0; j < k; j++) {
      const col = Float64Array.from({ length: M.cols }, (_, i) => X.data[i * k + j]);
      const y = monarchMultiply(M, col), z = monarchMultiplyT(M, col);
      for (let i = 0; i < M.rows; i++) {
        expect(Math.abs(Y.data[j * M.rows + i] - y[i])).toBeLessThan(1e-12);
        expect(Math.abs(Z.data[j * M.cols + i] - z[i])).toBeLessThan(1e-12);
      }
    }
  });

  it('never mutates its inputs', () => {
    const M = randomMonarch({ rows: 12, cols: 10, rBlocks: 2, lBlocks: 3, seed: 1 });
    const R0 = Float64Array.from(M.R), L0 = Float64Array.from(M.L);
    const x = randvec(10, 1), y = randvec(12, 2);
    const x0 = Float64Array.from(x), y0 = Float64Array.from(y);
    monarchMultiply(M, x);
    monarchMultiplyT(M, y);
    monarchToDense(M);
    monarchOperator(M).apply(x);
    expect(x).toEqual(x0);
    expect(y).toEqual(y0);
    expect(M.R).toEqual(R0);
    expect(M.L).toEqual(L0);
  });

  it('a Kronecker product B⊗C is the Monarch matrix with all L blocks B and all R blocks C', () => {
    const B = randn(6, 3, 31), C = randn(4, 5, 32); // P×R and K×S
    const M = monarch({ R: [C, C, C], L: [B, B, B, B] });
    expect(maxAbs(sub(rowsFromDense(monarchToDense(M)), kron(B, C)))).toBeLessThan(1e-14);
  });
});

describe('monarch (constructor)', () => {
  it('round-trips through the flat form and copies its data', () => {
    const b = randomBlocks(3, 4, 5, 6, 40);
    const M = monarch(b);
    const json = JSON.parse(JSON.stringify({ ...M, R: Array.from(M.R), L: Array.from(M.L) }));
    const M2 = monarch(json);
    expect(M2).toEqual(M);
    const flatR = Float64Array.from(M.R);
    const M3 = monarch({ rows: 24, cols: 15, rBlocks: 3, lBlocks: 4, R: flatR, L: M.L });
    flatR[0] = 1e9;
    expect(M3.R[0]).toBe(M.R[0]);
    b.R[0][0][0] = 1e9;
    expect(M.R[0]).not.toBe(1e9);
  });

  it('rejects inconsistent shapes, non-dividing block counts and non-finite entries with typed errors', () => {
    const b = randomBlocks(3, 4, 5, 6, 41);
    expect(() => monarch({ R: b.R, L: b.L.slice(0, 3) })).toThrow(DimensionError); // R blocks have 4 rows
    expect(() => monarch({ R: [...b.R.slice(0, 2), randn(4, 4, 1)], L: b.L })).toThrow(DimensionError);
    expect(() => monarch({ R: b.R, L: [...b.L.slice(0, 3), randn(6, 2, 1)] })).toThrow(DimensionError);
    expect(() => monarch({ R: b.R, L: [...b.L.slice(0, 3), randn(5, 3, 1)] })).toThrow(DimensionError);
    const bad = b.R.map((B) => B.map((r) => r.slice()));
    bad[1][2][3] = NaN;
    expect(() => monarch({ R: bad, L: b.L })).toThrow(NonFiniteError);
    expect(() => monarch({ rows: 24, cols: 15, rBlocks: 4, lBlocks: 4, R: new Float64Array(60), L: new Float64Array(96) })).toThrow(InvalidArgumentError);
    expect(() => monarch({ rows: 24, cols: 15, rBlocks: 3, lBlocks: 5, R: new Float64Array(75), L: new Float64Array(72) })).toThrow(InvalidArgumentError);
    expect(() => monarch({ rows: 24, cols: 15, rBlocks: 3, lBlocks: 4, R: new Float64Array(59), L: new Float64Array(72) })).toThrow(DimensionError);
    expect(() => monarch({ R: [], L: [] })).toThrow(InvalidArgumentError);
    expect(() => monarch(null as unknown as MonarchMatrix)).toThrow(InvalidArgumentError);
  });

  it('products reject malformed matrices, length mismatches and NaN', () => {
    const M = monarch(randomBlocks(3, 4, 5, 6, 42));
    expect(() => monarchMultiply(M, new Float64Array(24))).toThrow(DimensionError);
    expect(() => monarchMultiplyT(M, new Float64Array(15))).toThrow(DimensionError);
    expect(() => monarchMultiply(M, randn(14, 2, 1))).toThrow(DimensionError);
    const x = randvec(15, 1);
    x[3] = NaN;
    expect(() => monarchMultiply(M, x)).toThrow(NonFiniteError);
    expect(() => monarchMultiply({ ...M, R: new Float64Array(3) }, randvec(15, 1))).toThrow(DimensionError);
    expect(() => monarchMultiply({ ...M, kind: 'dense' } as unknown as MonarchMatrix, randvec(15, 1))).toThrow(InvalidArgumentError);
    expect(() => monarchOperator({ ...M, R: Float64Array.from(M.R, (v, i) => (i === 0 ? Infinity : v)) })).toThrow(NonFiniteError);
    expect(() => monarchOperator(M).apply(new Float64Array(3))).toThrow(DimensionError);
  });
});

describe('monarchOperator', () => {
  it('apply/applyT equal the dense matrix and its transpose', () => {
    const M = monarch(randomBlocks(3, 4, 5, 6, 50));
    const op = monarchOperator(M);
    const ref = rowsFromDense(monarchToDense(M));
    expect([op.kind, op.rows, op.cols]).toEqual(['operator', 24, 15]);
    expect(maxAbs(sub(denseOf(op), ref))).toBeLessThan(1e-13);
    expect(maxAbs(sub(denseOfT(op), ref))).toBeLessThan(1e-13);
  });
});

describe('randomMonarch', () => {
  const gram = (M: MonarchMatrix) => {
    const D = rowsFromDense(monarchToDense(M));
    return naiveMatmul(naiveTranspose(D), D);
  };
  const offI = (G: number[][]) => {
    let e = 0;
    for (let i = 0; i < G.length; i++) for (let j = 0; j < G.length; j++) e = Math.max(e, Math.abs(G[i][j] - (i === j ? 1 : 0)));
    return e;
  };

  it('is reproducible from the seed and seed-dependent; defaults give square b×b blocks for n = b²', () => {
    const a = randomMonarch({ n: 64, seed: 7 });
    expect([a.rBlocks, a.lBlocks]).toEqual([8, 8]);
    expect(randomMonarch({ n: 64, seed: 7 })).toEqual(a);
    expect(randomMonarch({ n: 64, seed: 8 }).R).not.toEqual(a.R);
    const r = randomMonarch({ n: 12, seed: 7 });
    expect(r.rBlocks * r.lBlocks).toBe(12); // square blocks by default
    const w = randomMonarch({ rows: 24, cols: 15, rBlocks: 3, lBlocks: 4, seed: 'w' });
    expect([w.rows, w.cols, w.R.length, w.L.length]).toEqual([24, 15, 60, 72]);
  });

  it('orthogonal family: MᵀM = I to 1e-12 with square blocks, also with unequal block sizes (§5.3 check 1)', () => {
    for (const [R, K] of [[8, 8], [3, 4], [4, 2], [1, 5]]) {
      const M = randomMonarch({ n: R * K, rBlocks: R, lBlocks: K, family: 'orthogonal', seed: R * 10 + K });
      expect(offI(gram(M))).toBeLessThanOrEqual(1e-12);
    }
    // tall blocks everywhere (R blocks K×S with K ≥ S, L blocks P×R with P ≥ R): orthonormal columns
    const T = randomMonarch({ rows: 36, cols: 8, rBlocks: 2, lBlocks: 6, family: 'orthogonal', seed: 3 });
    expect(offI(gram(T))).toBeLessThanOrEqual(1e-12);
  });

  it("hadsign family: orthogonal with every entry ±1/√n", () => {
    for (const [R, K] of [[8, 8], [4, 16], [2, 2]]) {
      const M = randomMonarch({ n: R * K, rBlocks: R, lBlocks: K, family: 'hadsign', seed: 5 });
      expect(offI(gram(M))).toBeLessThanOrEqual(1e-12);
      const D = monarchToDense(M);
      for (const v of D.data) expect(Math.abs(Math.abs(v) * Math.sqrt(R * K) - 1)).toBeLessThan(1e-12);
    }
  });

  it('gaussian family: E[MᵀM] = I (mean assertion over seeds)', () => {
    // (R, K, S, P) = (2, 3, 2, 2): 4 columns. E[(MᵀM)_jj] = 1 and E[(MᵀM)_jk] = 0 (j ≠ k).
    // Per-trial values have sd ≤ ~1.3 (computed from Gaussian fourth moments, rounded up);
    // bound 5·sd/√T, false-alarm ≈ 6e-7 per entry.
    const T = trials(4000, 1500);
    const acc = Array.from({ length: 4 }, () => new Array<number>(4).fill(0));
    for (let t = 0; t < T; t++) {
      const G = gram(randomMonarch({ rows: 6, cols: 4, rBlocks: 2, lBlocks: 3, seed: t }));
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) acc[i][j] += G[i][j] / T;
    }
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(Math.abs(acc[i][j] - (i === j ? 1 : 0))).toBeLessThanOrEqual((5 * 1.3) / Math.sqrt(T));
  });

  it('rejects bad options with typed errors', () => {
    expect(() => randomMonarch({ n: 12, rBlocks: 5, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => randomMonarch({ rows: 12, cols: 10, lBlocks: 5, rBlocks: 3, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => randomMonarch({ n: 12, family: 'hadsign', seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => randomMonarch({ rows: 16, cols: 8, family: 'hadsign', seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => randomMonarch({ n: 16, family: 'cauchy' as 'gaussian', seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => randomMonarch({ n: 16 } as unknown as { n: number; seed: number })).toThrow(InvalidArgumentError);
    expect(() => randomMonarch({ seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => randomMonarch({ n: 16, rows: 8, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => randomMonarch({ n: 0, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => randomMonarch({ n: 16, seed: -2 })).toThrow(InvalidArgumentError);
  });
});
