import { describe, expect, it } from 'vitest';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { fromColMajor, fromRowMajor, transpose } from '../../src/core/matrix.js';
import {
  blockDiagOperator,
  hadamardOperator,
  householderProduct,
  kroneckerOperator,
  permutationOperator,
  randomOrthogonalOperator,
  reshapeTransposePermutation,
  type LinearOperator,
} from '../../src/structured/index.js';
import { naiveMatmul, naiveTranspose } from '../helpers/reference.js';
import { trials } from '../helpers/quick.js';
import { blockDiag, denseOf, denseOfT, dotp, kron, maxAbs, permMatrix, randn, randvec, sub, sylvester } from './helpers.js';

/** Checks apply against a dense oracle, applyT against its transpose, and the adjoint identity. */
function checkOperator(op: LinearOperator, ref: number[][], tol: number, seed = 1): void {
  expect(op.kind).toBe('operator');
  expect(op.rows).toBe(ref.length);
  expect(op.cols).toBe(ref[0].length);
  expect(maxAbs(sub(denseOf(op), ref))).toBeLessThanOrEqual(tol);
  expect(maxAbs(sub(denseOfT(op), ref))).toBeLessThanOrEqual(tol);
  const x = randvec(op.cols, seed), y = randvec(op.rows, seed + 1);
  const lhs = dotp(op.apply(x), y), rhs = dotp(x, op.applyT(y));
  // rounding of two different summation orders: ≤ c·n·ε·Σ|terms|
  expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(Math.max(tol, 1e-14) * (1 + Math.abs(lhs)) * Math.max(op.rows, op.cols));
}

describe('permutationOperator', () => {
  it('gathers (Px)[i] = x[perm[i]] and scatters back with applyT', () => {
    const perm = [3, 0, 4, 1, 2];
    const P = permutationOperator(perm);
    checkOperator(P, permMatrix(perm), 0);
    expect(Array.from(P.apply(new Float64Array([10, 11, 12, 13, 14])))).toEqual([13, 10, 14, 11, 12]);
    expect(Array.from(permutationOperator(new Int32Array([2, 0, 1])).apply(new Float64Array([10, 20, 30])))).toEqual([30, 10, 20]);
  });
  it('copies its index array', () => {
    const perm = [1, 0];
    const P = permutationOperator(perm);
    perm[0] = 0;
    perm[1] = 1;
    expect(Array.from(P.apply(new Float64Array([5, 6])))).toEqual([6, 5]);
  });
  it('rejects non-permutations', () => {
    expect(() => permutationOperator([0, 0])).toThrow(InvalidArgumentError);
    expect(() => permutationOperator([0, 2])).toThrow(InvalidArgumentError);
    expect(() => permutationOperator([0, 1.5])).toThrow(InvalidArgumentError);
    expect(() => permutationOperator([-1, 0])).toThrow(InvalidArgumentError);
    expect(() => permutationOperator('01' as unknown as number[])).toThrow(InvalidArgumentError);
    expect(() => permutationOperator([1, 0]).apply(new Float64Array(3))).toThrow(DimensionError);
    expect(() => permutationOperator([1, 0]).applyT(new Float64Array([NaN, 1]))).toThrow(NonFiniteError);
  });
});

describe('reshapeTransposePermutation', () => {
  it('reads x as a×b row-major, transposes, flattens; (a,b) and (b,a) are inverse; (b,b) is an involution', () => {
    expect(Array.from(reshapeTransposePermutation(2, 3))).toEqual([0, 3, 1, 4, 2, 5]);
    const p = reshapeTransposePermutation(3, 5), q = reshapeTransposePermutation(5, 3);
    for (let i = 0; i < 15; i++) expect(p[q[i]]).toBe(i);
    const s = reshapeTransposePermutation(4, 4);
    for (let i = 0; i < 16; i++) expect(s[s[i]]).toBe(i);
    expect(() => reshapeTransposePermutation(0, 3)).toThrow(InvalidArgumentError);
    expect(() => reshapeTransposePermutation(2, 1.5)).toThrow(InvalidArgumentError);
  });
});

describe('blockDiagOperator', () => {
  it('equals the dense block-diagonal matrix (rectangular blocks, mixed inputs)', () => {
    const B0 = randn(3, 2, 1), B1 = randn(1, 4, 2), B2 = randn(2, 2, 3);
    const rowMajorB2 = fromRowMajor(2, 2, Float64Array.from(B2.flat()));
    const op = blockDiagOperator([B0, B1, rowMajorB2]);
    checkOperator(op, blockDiag([B0, B1, B2]), 1e-14);
  });
  it('accepts operator blocks', () => {
    const B0 = randn(2, 3, 4);
    const op = blockDiagOperator([hadamardOperator(4), B0, permutationOperator([1, 0])]);
    checkOperator(op, blockDiag([sylvester(4), B0, [[0, 1], [1, 0]]]), 1e-14);
  });
  it('copies dense blocks and never mutates the input vector', () => {
    const data = new Float64Array([1, 2, 3, 4]);
    const op = blockDiagOperator([fromColMajor(2, 2, data)]);
    data[0] = 100;
    const x = new Float64Array([1, 1]);
    expect(Array.from(op.apply(x))).toEqual([4, 6]);
    expect(Array.from(x)).toEqual([1, 1]);
  });
  it('rejects bad input', () => {
    expect(() => blockDiagOperator([])).toThrow(InvalidArgumentError);
    expect(() => blockDiagOperator([[[1, NaN]]])).toThrow(NonFiniteError);
    expect(() => blockDiagOperator([[[1, 2]]]).apply(new Float64Array(3))).toThrow(DimensionError);
    expect(() => blockDiagOperator(['x' as unknown as number[][]])).toThrow(InvalidArgumentError);
  });
});

describe('kroneckerOperator', () => {
  it('two rectangular factors: equals kron(B, C) and (B⊗C)vec(X) = vec(C X Bᵀ)', () => {
    const B = randn(3, 4, 5), C = randn(5, 2, 6);
    const K = kroneckerOperator([B, C]);
    checkOperator(K, kron(B, C), 1e-13);
    // vec stacks columns of X (n_C × n_B = 2 × 4)
    const x = randvec(8, 7);
    const X = Array.from({ length: 2 }, (_, i) => Array.from({ length: 4 }, (_, j) => x[j * 2 + i]));
    const Y = naiveMatmul(naiveMatmul(C, X), naiveTranspose(B)); // 5 × 3
    const y = K.apply(x);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 3; j++) expect(Math.abs(y[j * 5 + i] - Y[i][j])).toBeLessThan(1e-13);
  });
  it('three factors, growing and shrinking, and an operator factor', () => {
    const A = randn(2, 3, 8), B = randn(4, 1, 9), C = randn(2, 5, 10);
    checkOperator(kroneckerOperator([A, B, C]), kron(kron(A, B), C), 1e-13);
    const D = randn(3, 2, 11);
    checkOperator(kroneckerOperator([hadamardOperator(4), D]), kron(sylvester(4), D), 1e-13);
    checkOperator(kroneckerOperator([D, hadamardOperator(2), D]), kron(kron(D, sylvester(2)), D), 1e-13);
    checkOperator(kroneckerOperator([D]), D, 1e-15);
  });
  it('Sylvester Hadamard is a Kronecker power of H₂', () => {
    const H2 = [[1, 1], [1, -1]];
    checkOperator(kroneckerOperator([H2, H2, H2, H2]), sylvester(16), 0);
  });
  it('rejects bad input', () => {
    expect(() => kroneckerOperator([])).toThrow(InvalidArgumentError);
    expect(() => kroneckerOperator([[[1]], [[NaN]]])).toThrow(NonFiniteError);
    expect(() => kroneckerOperator([[[1, 2]], [[3], [4]]]).apply(new Float64Array(3))).toThrow(DimensionError);
    expect(() => kroneckerOperator([fromColMajor(0, 2, new Float64Array(0))])).toThrow(InvalidArgumentError);
  });
});

describe('householderProduct', () => {
  const reflector = (v: number[]) => {
    const n = v.length, s = dotp(v, v);
    return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / s));
  };
  it('equals the dense product H(v0)·H(v1)⋯ and is orthogonal', () => {
    const vs = randn(4, 6, 21);
    const ref = vs.map(reflector).reduce((acc, H) => naiveMatmul(acc, H));
    const Q = householderProduct(vs);
    checkOperator(Q, ref, 1e-14);
    const D = denseOf(Q);
    const I = naiveMatmul(naiveTranspose(D), D);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) expect(Math.abs(I[i][j] - (i === j ? 1 : 0))).toBeLessThan(1e-14);
    // the columns of a DenseMatrix are the vectors
    const V = transpose(fromRowMajor(4, 6, Float64Array.from(vs.flat())));
    checkOperator(householderProduct(V), ref, 1e-14);
  });
  it('rejects zero vectors, ragged lengths, NaN and empty input', () => {
    expect(() => householderProduct([[0, 0, 0]])).toThrow(InvalidArgumentError);
    expect(() => householderProduct([[1, 2], [1, 2, 3]])).toThrow(DimensionError);
    expect(() => householderProduct([[1, NaN]])).toThrow(NonFiniteError);
    expect(() => householderProduct([])).toThrow(InvalidArgumentError);
    expect(() => householderProduct([[1, 2]]).apply(new Float64Array(3))).toThrow(DimensionError);
  });
});

describe('randomOrthogonalOperator', () => {
  it('is orthogonal to rounding, reproducible from the seed, and seed-dependent', () => {
    for (const n of [1, 2, 5, 40]) {
      const Q = randomOrthogonalOperator(n, 42);
      const D = denseOf(Q);
      const G = naiveMatmul(naiveTranspose(D), D);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(G[i][j] - (i === j ? 1 : 0))).toBeLessThan(1e-13);
      expect(maxAbs(sub(denseOfT(Q), D))).toBeLessThan(1e-14);
      expect(denseOf(randomOrthogonalOperator(n, 42))).toEqual(D);
      if (n > 1) expect(maxAbs(sub(denseOf(randomOrthogonalOperator(n, 43)), D))).toBeGreaterThan(1e-3);
    }
  });
  it('Haar moments: E[tr Q] = 0 and E[Q₀₀²] = 1/n (the sign fix matters)', () => {
    // For Haar Q (n ≥ 2): E[tr Q] = 0, Var[tr Q] = 1; E[Q00²] = 1/n, Var[Q00²] = 2(n−1)/(n²(n+2)).
    // Mean assertion |mean − target| ≤ 5·sd/√T: false-alarm probability ≈ 6e-7 each.
    const n = 4, T = trials(4000, 1500);
    let tr = 0, q00 = 0;
    for (let t = 0; t < T; t++) {
      const D = denseOf(randomOrthogonalOperator(n, t));
      tr += D[0][0] + D[1][1] + D[2][2] + D[3][3];
      q00 += D[0][0] * D[0][0];
    }
    expect(Math.abs(tr / T)).toBeLessThanOrEqual(5 / Math.sqrt(T));
    const sd = Math.sqrt((2 * (n - 1)) / (n * n * (n + 2)));
    expect(Math.abs(q00 / T - 1 / n)).toBeLessThanOrEqual((5 * sd) / Math.sqrt(T));
  });
  it('rejects bad n or seed', () => {
    expect(() => randomOrthogonalOperator(0, 1)).toThrow(InvalidArgumentError);
    expect(() => randomOrthogonalOperator(3, -1)).toThrow(InvalidArgumentError);
    expect(() => randomOrthogonalOperator(3, undefined as unknown as number)).toThrow(InvalidArgumentError);
    expect(() => randomOrthogonalOperator(3, 1).apply(new Float64Array(2))).toThrow(DimensionError);
  });
});

describe('every structured operator leaves its argument untouched', () => {
  it('apply and applyT never write into x or y', () => {
    const ops: LinearOperator[] = [
      permutationOperator([2, 0, 3, 1]),
      blockDiagOperator([randn(2, 3, 1), hadamardOperator(2)]),
      kroneckerOperator([randn(2, 2, 2), hadamardOperator(2)]),
      householderProduct([[1, 2, 3, 4], [0, 1, 0, 1]]),
      randomOrthogonalOperator(4, 9),
      hadamardOperator(4, { normalize: true }),
    ];
    for (const op of ops) {
      const x = randvec(op.cols, 3), y = randvec(op.rows, 4);
      const x0 = Float64Array.from(x), y0 = Float64Array.from(y);
      const ax = op.apply(x), aty = op.applyT(y);
      expect(x).toEqual(x0);
      expect(y).toEqual(y0);
      expect(ax).not.toBe(x);
      expect(aty).not.toBe(y);
    }
  });
});
