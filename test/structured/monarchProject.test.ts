import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { fromRowMajor, transpose } from '../../src/core/matrix.js';
import {
  monarch,
  monarchProject,
  monarchToDense,
  randomMonarch,
  reshapeTransposePermutation,
  type MonarchMatrix,
} from '../../src/structured/index.js';
import { tripletWorkspace, topSingularTriplet } from '../../src/structured/topTriplet.js';
import { frobenius, jacobiSingularValues, naiveMatmul, testRandom } from '../helpers/reference.js';
import { kron, permMatrix, randn, rowsFromDense, sub, sylvester } from './helpers.js';

/** Slice (q, r) of A for blocks (R, K): T[p][s] = A[p·K + q][r·S + s]. */
function slice(A: number[][], R: number, K: number, q: number, r: number): number[][] {
  const P = A.length / K, S = A[0].length / R;
  return Array.from({ length: P }, (_, p) => Array.from({ length: S }, (_, s) => A[p * K + q][r * S + s]));
}

/** Closed form of the optimal error: sqrt of the sum over slices of the non-leading σᵢ². */
function closedFormError(A: number[][], R: number, K: number): number {
  let e = 0;
  for (let q = 0; q < K; q++) for (let r = 0; r < R; r++) {
    const sv = jacobiSingularValues(slice(A, R, K, q, r));
    for (let i = 1; i < sv.length; i++) e += sv[i] * sv[i];
  }
  return Math.sqrt(e);
}

const dense = (M: MonarchMatrix) => rowsFromDense(monarchToDense(M));

describe.each(['gram', 'svd'] as const)('monarchProject (slice method %s)', (method) => {
  const proj = (A: Parameters<typeof monarchProject>[0], o: Parameters<typeof monarchProject>[1] = {}) => monarchProject(A, { ...o, method });
  it('check 2 (idempotence): reconstructs Monarch inputs to ≤ 1e-12 relative, for many shapes and families', () => {
    const cases: Array<[number, number, number, number]> = [[4, 4, 4, 4], [3, 4, 5, 6], [8, 8, 8, 8], [2, 5, 3, 1], [6, 2, 1, 4], [1, 3, 4, 2]];
    for (const [R, K, S, P] of cases) {
      const M = randomMonarch({ rows: P * K, cols: R * S, rBlocks: R, lBlocks: K, seed: R * 1000 + K * 100 + S * 10 + P });
      const A = dense(M);
      const { monarch: N, error, relativeError } = proj(A, { rBlocks: R, lBlocks: K });
      expect(relativeError).toBeLessThanOrEqual(1e-12);
      expect(error / frobenius(A)).toBeLessThanOrEqual(1e-12);
      expect(frobenius(sub(dense(N), A)) / frobenius(A)).toBeLessThanOrEqual(1e-12);
    }
    const O = randomMonarch({ n: 256, family: 'orthogonal', seed: 3 });
    expect(proj(dense(O), { blocks: 16 }).relativeError).toBeLessThanOrEqual(1e-12);
  });

  it('check 3 (optimality): error equals the slice-SVD closed form to 1e-10 and matches the returned factors', () => {
    const shapes: Array<[number, number, number, number]> = [[3, 4, 5, 6], [4, 4, 4, 4], [2, 3, 7, 2], [5, 2, 3, 3]];
    for (const [R, K, S, P] of shapes) {
      const A = randn(P * K, R * S, R + 10 * K + 100 * S + 1000 * P);
      const { monarch: M, error } = proj(A, { rBlocks: R, lBlocks: K });
      const cf = closedFormError(A, R, K);
      expect(Math.abs(error - cf)).toBeLessThanOrEqual(1e-10 * cf);
      expect(Math.abs(frobenius(sub(A, dense(M))) - error)).toBeLessThanOrEqual(1e-12 * frobenius(A));
    }
  });

  it('check 3 (optimality): no larger than 100 random perturbations of the optimum nor 100 random Monarch matrices', () => {
    const [R, K, S, P] = [3, 4, 5, 6];
    const A = randn(P * K, R * S, 77);
    const { monarch: M, error } = proj(A, { rBlocks: R, lBlocks: K });
    const rnd = testRandom(5);
    for (let t = 0; t < 100; t++) {
      const scale = [1e-6, 1e-3, 1e-1, 1][t % 4];
      const R2 = Float64Array.from(M.R, (v) => v + scale * (2 * rnd() - 1));
      const L2 = Float64Array.from(M.L, (v) => v + scale * (2 * rnd() - 1));
      const Mp = monarch({ rows: M.rows, cols: M.cols, rBlocks: R, lBlocks: K, R: R2, L: L2 });
      expect(frobenius(sub(A, dense(Mp)))).toBeGreaterThanOrEqual(error * (1 - 1e-12));
      const Mr = randomMonarch({ rows: M.rows, cols: M.cols, rBlocks: R, lBlocks: K, seed: t });
      expect(frobenius(sub(A, dense(Mr)))).toBeGreaterThanOrEqual(error);
    }
  });

  it('check 3 (stationarity): the gradient of ‖A − M(L, R)‖² vanishes at the projection', () => {
    const [R, K, S, P] = [4, 3, 6, 5];
    const A = randn(P * K, R * S, 91);
    const { monarch: M } = proj(A, { rBlocks: R, lBlocks: K });
    const D = dense(M);
    const E = sub(A, D); // residual
    // ∂/∂L_q[p, r] = −2 Σ_s E[pK+q, rS+s]·R_r[q, s];  ∂/∂R_r[q, s] = −2 Σ_p E[pK+q, rS+s]·L_q[p, r]
    let g = 0;
    for (let q = 0; q < K; q++) for (let r = 0; r < R; r++) {
      for (let p = 0; p < P; p++) {
        let s1 = 0;
        for (let s = 0; s < S; s++) s1 += E[p * K + q][r * S + s] * M.R[(r * K + q) * S + s];
        g = Math.max(g, Math.abs(2 * s1));
      }
      for (let s = 0; s < S; s++) {
        let s2 = 0;
        for (let p = 0; p < P; p++) s2 += E[p * K + q][r * S + s] * M.L[(q * P + p) * R + r];
        g = Math.max(g, Math.abs(2 * s2));
      }
    }
    expect(g).toBeLessThanOrEqual(1e-10 * frobenius(A));
  });

  it('check 4: exact on Kronecker products B⊗C (B P×R, C K×S)', () => {
    for (const [R, K, S, P] of [[3, 4, 5, 6], [2, 2, 2, 2], [4, 3, 1, 5], [1, 6, 2, 3]]) {
      const B = randn(P, R, R + K), C = randn(K, S, S + P);
      const A = kron(B, C);
      const { relativeError, monarch: M } = proj(A, { rBlocks: R, lBlocks: K });
      expect(relativeError).toBeLessThanOrEqual(1e-10);
      expect(frobenius(sub(dense(M), A)) / frobenius(A)).toBeLessThanOrEqual(1e-10);
    }
  });

  it('check 4: exact on the Sylvester Hadamard H_n and on permuted Hadamard matrices Π_r·H_n·Π_c', () => {
    const rnd = testRandom(17);
    const shuffle = (k: number): number[] => {
      const a = Array.from({ length: k }, (_, i) => i);
      for (let i = k - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    };
    for (const [n, K] of [[16, 4], [64, 8], [64, 4], [64, 16], [256, 16], [32, 8], [32, 2]] as const) {
      const P = n / K;
      const H = sylvester(n);
      // H_n = H_P ⊗ H_K (index bits split high/low), so it is Monarch with lBlocks = K, rBlocks = P.
      expect(proj(H, { rBlocks: P, lBlocks: K }).relativeError).toBeLessThanOrEqual(1e-10);
      // Permutations that preserve the class: columns r·K + s → σ(r)·K + τ_r(s) (blocks moved,
      // columns shuffled within blocks); rows p·K + q → a_q(p)·K + b(q). Random ones of that form:
      const sigma = shuffle(P), b = shuffle(K);
      const tau = Array.from({ length: P }, () => shuffle(K));
      const a = Array.from({ length: K }, () => shuffle(P));
      const HP = Array.from({ length: n }, (_, i) => {
        const p = Math.floor(i / K), q = i % K;
        const row = H[a[q][p] * K + b[q]];
        return Array.from({ length: n }, (_, j) => row[sigma[Math.floor(j / K)] * K + tau[Math.floor(j / K)][j % K]]);
      });
      expect(proj(HP, { rBlocks: P, lBlocks: K }).relativeError).toBeLessThanOrEqual(1e-10);
    }
  });

  it('the DFT-style reshape-transpose Π does not make H_n·Π Monarch (documented limit of the analogy)', () => {
    // F_n·Π is Monarch because ω^n = 1 cancels the cross term; for H_n the cross term is
    // H_P[p, s] itself, so every slice of H_n·Π is a full-rank Hadamard block.
    const n = 16, K = 4;
    const HP = naiveMatmul(sylvester(n), permMatrix(reshapeTransposePermutation(K, n / K)));
    expect(proj(HP, { rBlocks: K, lBlocks: K }).relativeError).toBeGreaterThan(0.5);
  });

  it('a generic matrix is not Monarch; default blocks; strided input; input untouched', () => {
    const A = randn(36, 36, 4);
    const res = proj(A);
    expect([res.monarch.rBlocks, res.monarch.lBlocks]).toEqual([6, 6]);
    expect(res.relativeError).toBeGreaterThan(0.3);
    expect(Math.abs(res.error - closedFormError(A, 6, 6))).toBeLessThanOrEqual(1e-10 * res.error);
    // the same matrix stored row-major and as a transpose view gives the same result
    const flat = Float64Array.from(A.flat());
    const before = Float64Array.from(flat);
    const r2 = proj(fromRowMajor(36, 36, flat));
    expect(r2.error).toBe(res.error);
    expect(flat).toEqual(before);
    const At = transpose(fromRowMajor(36, 36, flat)); // = Aᵀ
    const r3 = proj(At, { blocks: 6 });
    expect(Math.abs(r3.error - closedFormError(rowsFromDense(At), 6, 6))).toBeLessThanOrEqual(1e-10 * r3.error);
    // the zero matrix
    const Z = proj(Array.from({ length: 4 }, () => [0, 0, 0, 0]), { blocks: 2 });
    expect([Z.error, Z.relativeError]).toEqual([0, 0]);
    expect(Array.from(monarchToDense(Z.monarch).data).every((v) => v === 0)).toBe(true);
  });

  it('rejects non-dividing block counts, NaN and malformed input', () => {
    const A = randn(12, 10, 1);
    expect(() => proj(A, { rBlocks: 3 })).toThrow(InvalidArgumentError);
    expect(() => proj(A, { rBlocks: 2, lBlocks: 5 })).toThrow(InvalidArgumentError);
    expect(() => proj(A, { blocks: 0 })).toThrow(InvalidArgumentError);
    expect(() => proj(A, { blocks: 2.5 })).toThrow(InvalidArgumentError);
    const B = A.map((r) => r.slice());
    B[3][4] = NaN;
    expect(() => proj(B, { rBlocks: 2, lBlocks: 3 })).toThrow(NonFiniteError);
    expect(() => monarchProject('A' as unknown as number[][])).toThrow(InvalidArgumentError);
    expect(() => monarchProject(A, 3 as unknown as { blocks: number })).toThrow(InvalidArgumentError);
    expect(() => monarchProject(A, { blocks: 2, method: 'qr' as 'svd' })).toThrow(InvalidArgumentError);
  });
});

describe('top singular triplet of a slice (internal)', () => {
  // `scale` multiplies B after the oracle ran (the oracle squares entries, so it cannot take
  // entries near 1e±200 itself): σ scales exactly, the residual is checked on unscaled values.
  const check = (B: number[][], scale = 1) => {
    const m = B.length, n = B[0].length;
    const flat = Float64Array.from(B.flat(), (x) => x * scale);
    const u = new Float64Array(m), v = new Float64Array(n);
    const s = topSingularTriplet(flat, 0, m, n, n, 1, u, v, tripletWorkspace(m, n)) / scale;
    const sv = jacobiSingularValues(B);
    const total = sv.reduce((a, x) => a + x * x, 0);
    const optimal = Math.sqrt(Math.max(0, total - sv[0] * sv[0]));
    let res = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) res += (B[i][j] - s * u[i] * v[j]) ** 2;
    expect(Math.abs(s - sv[0])).toBeLessThanOrEqual(1e-13 * (sv[0] || 1));
    expect(Math.sqrt(res)).toBeLessThanOrEqual(optimal + 1e-13 * Math.sqrt(total));
    let nu = 0, nv = 0;
    for (const x of u) nu += x * x;
    for (const x of v) nv += x * x;
    expect(Math.abs(nu - 1)).toBeLessThan(1e-14);
    expect(Math.abs(nv - 1)).toBeLessThan(1e-14);
  };
  it('matches the Jacobi SVD on tall, wide, square, rank-deficient, near-degenerate and scaled matrices', () => {
    for (const [m, n] of [[1, 1], [1, 7], [7, 1], [2, 2], [5, 3], [3, 5], [16, 16], [40, 33]]) check(randn(m, n, m * 100 + n));
    // rank 1 and rank 2
    const u = randn(9, 1, 1), v = randn(1, 6, 2);
    check(naiveMatmul(u, v));
    check(naiveMatmul(randn(9, 2, 3), randn(2, 6, 4)));
    // σ1 = σ2 (orthogonal matrix) and nearly so
    check(sylvester(8).map((r) => r.map((x) => x / Math.sqrt(8))));
    check([[1, 0, 0], [0, 1 - 1e-9, 0], [0, 0, 0.5]]);
    // extreme scales
    check(randn(6, 4, 9), 1e-200);
    check(randn(6, 4, 10), 1e200);
    check(randn(4, 6, 11), 1e-300);
    // zero
    const z = topSingularTriplet(new Float64Array(6), 0, 2, 3, 3, 1, new Float64Array(2), new Float64Array(3), tripletWorkspace(2, 3));
    expect(z).toBe(0);
  });
});
