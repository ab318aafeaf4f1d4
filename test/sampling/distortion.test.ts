/**
 * lpDistortion: the ℓp subspace-embedding distortion sup_x |‖SAx‖_p^p/‖Ax‖_p^p − 1| of a sample.
 * Cases with a known distortion, the exact vertex method (p = 1, rank ≤ 3) against an independent
 * dense angle scan, the lower-bound property of the searches, and validation.
 *
 * All inputs and seeds are fixed; tolerances are rounding or stated search-resolution allowances.
 */
import { describe, expect, it } from 'vitest';
import { lpDistortion } from '../../src/sampling/distortion.js';
import { sampleByScores, sampledRows } from '../../src/sampling/sample.js';
import { sensitivitySample } from '../../src/sampling/sensitivitySampling.js';
import { csrFromDense } from '../../src/core/csr.js';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { heavyRows, randnArray, rowsOf } from '../helpers/reference.js';

const powNorm = (A: number[][], x: number[], p: number): number =>
  A.reduce((s, a) => s + Math.abs(a.reduce((t, v, j) => t + v * x[j], 0)) ** p, 0);

/** Independent oracle for d = 2: max over N equally spaced angles of |R(θ) − 1|. */
function angleScan(A: number[][], SA: number[][], p: number, N: number): number {
  let best = 0;
  for (let t = 0; t < N; t++) {
    const x = [Math.cos((Math.PI * t) / N), Math.sin((Math.PI * t) / N)];
    best = Math.max(best, Math.abs(powNorm(SA, x, p) / powNorm(A, x, p) - 1));
  }
  return best;
}

describe('lpDistortion: known values', () => {
  it('SA = 2A has distortion 2^p − 1 exactly, for every method', () => {
    for (const [d, methods] of [[2, ['vertices', 'grid', 'random']], [3, ['vertices', 'grid', 'random']], [5, ['random']]] as const) {
      const A = randnArray(40, d, 1);
      const SA = A.map((r) => r.map((v) => 2 * v));
      for (const p of [1, 1.5, 3]) {
        for (const method of methods) {
          if (method === 'vertices' && p !== 1) continue;
          const r = lpDistortion(A, SA, p, { method, seed: 2 });
          expect(r.distortion, `d = ${d}, p = ${p}, ${method}`).toBeCloseTo(2 ** p - 1, 10);
          expect(r.ratioMin).toBeCloseTo(2 ** p, 10);
          expect(r.ratioMax).toBeCloseTo(2 ** p, 10);
        }
      }
    }
  });

  it('SA = A has distortion 0; an empty SA has distortion 1', () => {
    const A = randnArray(30, 3, 3);
    expect(lpDistortion(A, A, 1).distortion).toBeLessThanOrEqual(1e-12);
    const empty = { kind: 'dense' as const, rows: 0, cols: 3, data: new Float64Array(0), offset: 0, rowStride: 1, colStride: 0 };
    const r = lpDistortion(A, empty, 2);
    expect(r.distortion).toBeCloseTo(1, 12);
    expect(r.ratioMax).toBe(0);
  });

  it('A = I, SA = diag(1, …, 1, c): distortion c^p − 1 at x = e_d (found by every method; random never exceeds it)', () => {
    // R(x) = 1 + (c^p − 1)|x_d|^p/‖x‖_p^p ∈ [1, c^p], maximised at e_d.
    for (const d of [2, 3, 6]) {
      const A = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
      const SA = A.map((r, i) => r.map((v) => (i === d - 1 ? 1.5 * v : v)));
      for (const p of [1, 2, 3]) {
        const exact = 1.5 ** p - 1;
        const r = lpDistortion(A, SA, p, { seed: 4 });
        expect(r.distortion).toBeLessThanOrEqual(exact + 1e-12); // a lower bound, never above
        expect(r.distortion).toBeGreaterThanOrEqual(exact * (1 - 1e-6));
        expect(Math.abs(r.worstDirection[d - 1])).toBeCloseTo(1, 4);
      }
    }
  });
});

describe('lpDistortion: the exact vertex method (p = 1, rank ≤ 3)', () => {
  it('rank 2: equals an independent 200 000-angle scan to its resolution, and is never below it', () => {
    // DERIVED (TSDoc): R is linear-fractional on each cone of the kink arrangement, so its
    // extremes are at the kink directions; the scan (spacing π/2e5) can only be lower, by at
    // most L·h (L the Lipschitz constant of R; here L·h < 1e-4).
    for (const seed of [5, 6, 7]) {
      const A = heavyRows(200, 2, 1, seed);
      const S = sensitivitySample(A, 1, 30, { seed });
      const SA = sampledRows(A, S);
      const v = lpDistortion(A, SA, 1, { method: 'vertices' });
      expect(v.method).toBe('vertices');
      const scan = angleScan(A, rowsOf(SA), 1, 200_000);
      expect(v.distortion).toBeGreaterThanOrEqual(scan - 1e-12);
      expect(v.distortion - scan).toBeLessThanOrEqual(1e-4);
      // The grid (3600 angles + Nelder–Mead) and the random search are lower bounds that reach it.
      for (const method of ['grid', 'random'] as const) {
        const g = lpDistortion(A, SA, 1, { method, seed: 8 });
        expect(g.distortion).toBeLessThanOrEqual(v.distortion + 1e-12);
        expect(g.distortion).toBeGreaterThanOrEqual(v.distortion - 1e-6);
      }
    }
  });

  it('rank 3: the searches never exceed the vertex value and come within 1e-4 of it', () => {
    const A = heavyRows(120, 3, 1, 9);
    const U = sampleByScores(new Float64Array(120).fill(1), 30, { seed: 3, p: 1 });
    const SA = sampledRows(A, U);
    const v = lpDistortion(A, SA, 1);
    expect(v.method).toBe('vertices');
    for (const method of ['grid', 'random'] as const) {
      const g = lpDistortion(A, SA, 1, { method, seed: 10 });
      expect(g.distortion).toBeLessThanOrEqual(v.distortion + 1e-12);
      expect(g.distortion).toBeGreaterThanOrEqual(v.distortion - 1e-4);
    }
    // The reported direction attains the reported value.
    const x = Array.from(v.worstDirection);
    const R = powNorm(rowsOf(SA), x, 1) / powNorm(A, x, 1);
    expect(Math.abs(Math.abs(R - 1) - v.distortion)).toBeLessThanOrEqual(1e-12);
  });
});

describe('lpDistortion: behaviour', () => {
  it('is reproducible from its seed, counts evaluations, and accepts CSR input', () => {
    const A = randnArray(50, 4, 11);
    const SA = A.slice(0, 25).map((r) => r.map((v) => 2 ** (1 / 1.5) * v));
    const a = lpDistortion(A, SA, 1.5, { seed: 12 });
    const b = lpDistortion(csrFromDense(A), csrFromDense(SA), 1.5, { seed: 12 });
    expect(a.method).toBe('random');
    expect(b.distortion).toBe(a.distortion);
    expect(Array.from(b.worstDirection)).toEqual(Array.from(a.worstDirection));
    expect(a.evaluations).toBeGreaterThanOrEqual(200);
    expect(a.rank).toBe(4);
  });

  it('searches the row space of A only (rank-deficient A; rank 1 is exact)', () => {
    const base = randnArray(30, 2, 13);
    const A = base.map((r) => [r[0], r[1], r[0] + r[1]]);
    const SA = A.map((r) => r.map((v) => 3 * v));
    const r = lpDistortion(A, SA, 1);
    expect(r.rank).toBe(2);
    expect(r.distortion).toBeCloseTo(2, 10);
    const one = lpDistortion([[1], [2], [-1]], [[2]], 1);
    expect(one.distortion).toBeCloseTo(1 - 2 / 4, 12);
  });

  it('validates its arguments', () => {
    const A = randnArray(20, 4, 14);
    expect(() => lpDistortion(A, A, 0.5, { seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => lpDistortion(A, A, NaN, { seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => lpDistortion(A, A.map((r) => r.slice(0, 3)), 1, { seed: 1 })).toThrow(DimensionError);
    expect(() => lpDistortion(A, [[1, 2, NaN, 4]], 1, { seed: 1 })).toThrow(NonFiniteError);
    expect(() => lpDistortion(A, A, 1)).toThrow(/seed is required/);
    expect(() => lpDistortion(A, A, 1, { method: 'grid' })).toThrow(InvalidArgumentError);
    expect(() => lpDistortion(A, A, 1, { method: 'vertices' })).toThrow(InvalidArgumentError);
    expect(() => lpDistortion(A.map((r) => r.slice(0, 2)), A.map((r) => r.slice(0, 2)), 2, { method: 'vertices' })).toThrow(InvalidArgumentError);
    expect(() => lpDistortion(A, A, 1, { method: 'best' as never, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => lpDistortion(A, A, 1, { seed: 1, directions: 0 })).toThrow(InvalidArgumentError);
    expect(() => lpDistortion(A, A, 1, { seed: 1, refine: -1 })).toThrow(InvalidArgumentError);
    expect(() => lpDistortion(A, A, 1, { seed: 1, gridSize: 1.5 })).toThrow(InvalidArgumentError);
  });
});
