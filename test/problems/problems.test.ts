/**
 * randnla/problems: the ALGORITHMS.md §0.3 generators. Definitions are checked entry by entry
 * against the stream they are documented to read; the properties the checks rely on
 * (singular values, leverage, norms, angles) against independent oracles from
 * test/helpers/reference.ts (one-sided Jacobi, Gauss–Jordan on the normal equations, Math).
 */
import { describe, expect, it } from 'vitest';
import {
  circleMatrix,
  coherentMatrix,
  gaussMatrix,
  heavyRowsMatrix,
  idPadMatrix,
  illCondMatrix,
  lowRankMatrix,
  sparseGaussMatrix,
} from '../../src/problems/index.js';
import { assertCsr, csrToDense } from '../../src/core/csr.js';
import * as root from '../../src/index.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import type { DenseMatrix } from '../../src/core/matrix.js';
import { expDet } from '../../src/rng/elementary.js';
import { normalAt, rngFromSeed, substream } from '../../src/rng/index.js';
import { gaussSolve, jacobiSingularValues, naiveMatmul, naiveTranspose, randnArray, rowsOf } from '../helpers/reference.js';
import { meanAndSe } from '../helpers/stats.js';

const at = (A: DenseMatrix, i: number, j: number): number => A.data[A.offset + i * A.rowStride + j * A.colStride];

/** Leverage scores of a full-column-rank B by Gauss–Jordan on the normal equations (oracle). */
function leverage(B: number[][]): number[] {
  const X = gaussSolve(naiveMatmul(naiveTranspose(B), B), naiveTranspose(B));
  return B.map((r, i) => r.reduce((t, v, j) => t + v * X[j][i], 0));
}

describe('randnla/problems', () => {
  it('is a subpath of its own and re-exported from the root', () => {
    for (const f of [gaussMatrix, coherentMatrix, heavyRowsMatrix, illCondMatrix, lowRankMatrix, idPadMatrix, circleMatrix, sparseGaussMatrix]) {
      expect((root as Record<string, unknown>)[f.name]).toBe(f);
    }
  });

  it('gaussMatrix: entry (i, j) is normalAt(seed, j·n + i); a seed and its state give the same bits', () => {
    const n = 37, d = 5;
    const A = gaussMatrix(n, d, 'g');
    const st = rngFromSeed('g');
    expect([A.rows, A.cols]).toEqual([n, d]);
    for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) expect(Object.is(at(A, i, j), normalAt(st, j * n + i))).toBe(true);
    expect(gaussMatrix(n, d, st).data).toEqual(A.data);
    expect(gaussMatrix(n, d, 5).data).toEqual(gaussMatrix(n, d, 5n).data);
    expect(gaussMatrix(n, d, 5).data).not.toEqual(gaussMatrix(n, d, 6).data);
  });

  it('gaussMatrix: mean 0 and variance 1 within 5 standard errors (20000 entries)', () => {
    const A = gaussMatrix(400, 50, 2026);
    const x = Array.from(A.data);
    const m = meanAndSe(x);
    expect(Math.abs(m.mean)).toBeLessThan(5 * m.se);
    const v = meanAndSe(x.map((t) => t * t));
    expect(Math.abs(v.mean - 1)).toBeLessThan(5 * v.se);
  });

  it('coherentMatrix: the first min(n, d) rows of gaussMatrix times 50, holding most of the leverage', () => {
    const n = 1024, d = 10;
    const A = coherentMatrix(n, d, 3);
    const G = gaussMatrix(n, d, 3);
    for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) expect(Object.is(at(A, i, j), i < d ? 50 * at(G, i, j) : at(G, i, j))).toBe(true);
    // Measured over 10 seeds: the first d rows average 0.74–0.83 each (of a total d), the
    // others d/n ≈ 0.01 on average; the bounds below leave a wide margin for this seed.
    const tau = leverage(rowsOf(A));
    const head = tau.slice(0, d).reduce((t, v) => t + v, 0) / d;
    expect(head).toBeGreaterThan(0.6);
    expect(Math.max(...tau.slice(d))).toBeLessThan(0.05);
    // A wide request scales every row.
    const W = coherentMatrix(3, 6, 3), GW = gaussMatrix(3, 6, 3);
    expect(Array.from(W.data)).toEqual(Array.from(GW.data, (v) => 50 * v));
  });

  it('heavyRowsMatrix: row i of gaussMatrix times expDet(s·z_i), z from substream 1; ln of the factors ~ N(0, s²)', () => {
    const n = 4000, d = 3, s = 1.25;
    const A = heavyRowsMatrix(n, d, s, 'h');
    const G = gaussMatrix(n, d, 'h');
    const z1 = substream(rngFromSeed('h'), 1);
    const logs: number[] = [];
    for (let i = 0; i < n; i++) {
      const f = expDet(s * normalAt(z1, i));
      for (let j = 0; j < d; j++) expect(Object.is(at(A, i, j), at(G, i, j) * f)).toBe(true);
      logs.push(Math.log(f) / s);
    }
    const m = meanAndSe(logs);
    expect(Math.abs(m.mean)).toBeLessThan(5 * m.se);
    const v = meanAndSe(logs.map((t) => t * t));
    expect(Math.abs(v.mean - 1)).toBeLessThan(5 * v.se);
    // s = 0 is gaussMatrix itself.
    expect(heavyRowsMatrix(50, 2, 0, 'h').data).toEqual(gaussMatrix(50, 2, 'h').data);
  });

  it('illCondMatrix: singular values κ^(−k/(d−1)) to 1e-12 relative (one-sided Jacobi oracle)', () => {
    for (const [n, d, kappa] of [[200, 8, 1e6], [60, 12, 1e10], [30, 1, 50], [9, 9, 100]] as const) {
      const A = illCondMatrix(n, d, kappa, `ic-${n}`);
      expect([A.rows, A.cols]).toEqual([n, d]);
      const sv = jacobiSingularValues(rowsOf(A));
      for (let k = 0; k < d; k++) {
        const want = d === 1 ? 1 : Math.pow(kappa, -k / (d - 1));
        expect(Math.abs(sv[k] - want) / want, `n=${n} d=${d} κ=${kappa} k=${k}`).toBeLessThan(1e-12 * (d === 1 ? 1 : Math.max(1, kappa * 1e-4)));
      }
    }
  });

  it('lowRankMatrix: singular values linspace(κ, 1, k), the rest below 1e-13·κ; incoherent (μ ≤ 6 at 300×300, k = 5)', () => {
    const m = 60, n = 40, k = 5, kappa = 10;
    const A = lowRankMatrix(m, n, k, kappa, 'lr');
    expect([A.rows, A.cols]).toEqual([m, n]);
    const sv = jacobiSingularValues(rowsOf(A));
    for (let t = 0; t < k; t++) expect(Math.abs(sv[t] - (kappa - ((kappa - 1) * t) / (k - 1)))).toBeLessThan(1e-12 * kappa);
    for (let t = k; t < n; t++) expect(sv[t]).toBeLessThan(1e-13 * kappa);
    // μ = (m/k)·max_i τ_i over the rows of U and of V; range(A) = range(A·G) and range(Aᵀ) =
    // range(Aᵀ·G) for a Gaussian n×k G (test-only). For Haar bases (m/k)·τ_i ≈ χ²₅/5, and
    // P(χ²₅ > 30) ≈ 1.5e-5, so μ > 6 has probability below 1% over the 600 rows (fixed seed).
    const B = rowsOf(lowRankMatrix(300, 300, 5, 5, 'mu'));
    const G = randnArray(300, 5, 11);
    const mu = (300 / 5) * Math.max(...leverage(naiveMatmul(B, G)), ...leverage(naiveMatmul(naiveTranspose(B), G)));
    expect(mu).toBeLessThan(6);
    expect(mu).toBeGreaterThanOrEqual(1);
    // k = 1: the one singular value is κ.
    expect(jacobiSingularValues(rowsOf(lowRankMatrix(7, 4, 1, 3, 'one')))[0]).toBeCloseTo(3, 13);
  });

  it('idPadMatrix: [I_d; 0]', () => {
    const A = idPadMatrix(6, 3);
    expect(rowsOf(A)).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0], [0, 0, 0]]);
  });

  it('circleMatrix: rows on the unit circle at angles 2πj/n (within 2e-15 of Math.cos and Math.sin)', () => {
    const n = 1000;
    const C = circleMatrix(n);
    expect([C.rows, C.cols]).toEqual([n, 2]);
    for (let j = 0; j < n; j++) {
      const c = at(C, j, 0), s = at(C, j, 1);
      expect(Math.abs(c * c + s * s - 1)).toBeLessThan(5e-16);
      // The reference's argument 2πj/n is itself rounded, by up to 2π·2⁻⁵³ ≈ 7e-16.
      expect(Math.abs(c - Math.cos((2 * Math.PI * j) / n))).toBeLessThan(2e-15);
      expect(Math.abs(s - Math.sin((2 * Math.PI * j) / n))).toBeLessThan(2e-15);
    }
    expect(rowsOf(circleMatrix(4))).toEqual([[1, 0], [0, 1], [-1, 0], [0, -1]]);
  });

  it('sparseGaussMatrix: round(density·m·n) entries in valid CSR, values the normals of the seed in row-major order', () => {
    const S = sparseGaussMatrix(50, 37, 0.123, 'sp');
    assertCsr('test', 'S', S);
    expect([S.rows, S.cols, S.values.length]).toEqual([50, 37, Math.round(0.123 * 50 * 37)]);
    const st = rngFromSeed('sp');
    for (let t = 0; t < S.values.length; t++) expect(Object.is(S.values[t], normalAt(st, t))).toBe(true);
    expect(sparseGaussMatrix(4, 5, 0, 1).values.length).toBe(0);
    const full = csrToDense(sparseGaussMatrix(4, 5, 1, 1));
    for (let t = 0; t < 20; t++) expect(full.data[t]).not.toBe(0);
  });

  it('sparseGaussMatrix: every cell is stored with probability density (400 seeds, each of 100 cells within 5 sd of 80)', () => {
    // Each cell's count over 400 independent draws of 20 of 100 cells is Binomial(400, 0.2):
    // mean 80, sd 8. P(some cell beyond 5 sd) < 100 · 5.8e-7 (normal tail; fixed seeds).
    const counts = new Float64Array(100);
    for (let r = 0; r < 400; r++) {
      const S = sparseGaussMatrix(10, 10, 0.2, r);
      for (let i = 0; i < 10; i++) for (let q = S.indptr[i]; q < S.indptr[i + 1]; q++) counts[i * 10 + S.indices[q]]++;
    }
    for (const c of counts) expect(Math.abs(c - 80)).toBeLessThan(40);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(400 * 20);
  });

  it('rejects bad arguments before any work, naming the function and quoting the value', () => {
    const bad: Array<[() => unknown, RegExp]> = [
      [() => gaussMatrix(0, 3, 1), /gaussMatrix: n must be an integer ≥ 1 \(got 0\)/],
      [() => gaussMatrix(3, 1.5, 1), /gaussMatrix: d must be an integer ≥ 1 \(got 1\.5\)/],
      [() => gaussMatrix(65536, 65536, 1), /gaussMatrix: n·d must be at most 2147483647 entries \(got n = 65536, d = 65536\)/],
      [() => gaussMatrix(3, 3, -1), /gaussMatrix: seed/],
      [() => coherentMatrix(NaN, 3, 1), /coherentMatrix: n must be an integer ≥ 1 \(got NaN\)/],
      [() => heavyRowsMatrix(5, 2, NaN, 1), /heavyRowsMatrix: s must be a finite number in \[-20, 20\] \(got NaN\)/],
      [() => heavyRowsMatrix(5, 2, 30, 1), /heavyRowsMatrix: s must be a finite number in \[-20, 20\] \(got 30\)/],
      [() => illCondMatrix(3, 4, 10, 1), /illCondMatrix: d must be at most n \(got n = 3, d = 4\)/],
      [() => illCondMatrix(5, 4, 0.5, 1), /illCondMatrix: kappa must be a finite number in \[1, Infinity\] \(got 0\.5\)/],
      [() => illCondMatrix(5, 4, Infinity, 1), /illCondMatrix: kappa must be a finite number/],
      [() => lowRankMatrix(5, 4, 5, 2, 1), /lowRankMatrix: k must be an integer in \[1, 4\] \(got 5\)/],
      [() => lowRankMatrix(5, 4, 0, 2, 1), /lowRankMatrix: k must be an integer in \[1, 4\] \(got 0\)/],
      [() => lowRankMatrix(5, 0, 1, 2, 1), /lowRankMatrix: n must be an integer ≥ 1 \(got 0\)/],
      [() => idPadMatrix(2, 3), /idPadMatrix: d must be at most n \(got n = 2, d = 3\)/],
      [() => circleMatrix(-4), /circleMatrix: n must be an integer ≥ 1 \(got -4\)/],
      [() => sparseGaussMatrix(5, 5, 1.5, 1), /sparseGaussMatrix: density must be a finite number in \[0, 1\] \(got 1\.5\)/],
      [() => sparseGaussMatrix(5, 5, NaN, 1), /sparseGaussMatrix: density must be a finite number in \[0, 1\] \(got NaN\)/],
      [() => sparseGaussMatrix(65536, 65536, 0.001, 1), /sparseGaussMatrix: m·n must be at most 2147483647 entries/],
    ];
    for (const [f, re] of bad) {
      expect(f).toThrow(InvalidArgumentError);
      expect(f).toThrow(re);
    }
  });

  it('leaves a state given as the seed untouched', () => {
    const st = rngFromSeed('keep');
    const copy = JSON.parse(JSON.stringify(st));
    illCondMatrix(20, 4, 100, st);
    heavyRowsMatrix(20, 4, 1, st);
    expect(st).toEqual(copy);
  });
});
