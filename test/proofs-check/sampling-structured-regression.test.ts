/**
 * The sampling, structured and regression checks: their helpers agree with independent
 * computations (plain-array oracles, the library's own measures), the generators have the
 * stated properties, and the cheap checks run on a user matrix.
 */
import { describe, expect, it } from 'vitest';
import { leverageEpsilon, leverageSampleSize } from '../../proofs-check/checks/leverage-embedding.js';
import { lewisMapOracle, logResidual } from '../../proofs-check/checks/lewis-weights.js';
import { _plantedRhs } from '../../proofs-check/checks/linf-regression.js';
import { closedFormError } from '../../proofs-check/checks/monarch-projection.js';
import { sampleDistortion } from '../../proofs-check/checks/sampling-common.js';
import { requiredSize } from '../../proofs-check/checks/sensitivity-exponent.js';
import { sensitivityLower, sensitivityUpper } from '../../proofs-check/checks/sensitivity-total.js';
import { gaussianKappaBound } from '../../proofs-check/checks/sketch-precondition.js';
import { circleMatrix, coherentMatrix, gaussMatrix, heavyRowsMatrix, idPadMatrix, illCondMatrix, rangeBasis } from '../../proofs-check/data.js';
import { CHECKS } from '../../proofs-check/registry.js';
import { runCheck } from '../../proofs-check/runner.js';
import { svd } from '../../src/core/svd.js';
import { leverageScores, leverageSample, lewisWeights, sampledRows, suggestSampleSize } from '../../src/sampling/index.js';
import { monarchProject } from '../../src/structured/index.js';
import { jacobiSingularValues, rowsOf } from '../helpers/reference.js';

describe('generators', () => {
  it('heavyRows scales whole rows of gauss; circle has unit rows; idPad is [I; 0]', () => {
    const G = rowsOf(gaussMatrix(50, 3, 'g'));
    const H = rowsOf(heavyRowsMatrix(50, 3, 1.5, 'g'));
    for (let i = 0; i < 50; i++) {
      const f = H[i][0] / G[i][0];
      expect(f).toBeGreaterThan(0);
      for (let j = 1; j < 3; j++) expect(Math.abs(H[i][j] / G[i][j] - f)).toBeLessThan(1e-12 * f);
    }
    const C = rowsOf(circleMatrix(12));
    for (const r of C) expect(Math.abs(Math.hypot(r[0], r[1]) - 1)).toBeLessThan(1e-15);
    expect(rowsOf(idPadMatrix(5, 2))).toEqual([[1, 0], [0, 1], [0, 0], [0, 0], [0, 0]]);
  });

  it('illCond(n, d, κ) has singular values logspace(0, −log10 κ, d)', () => {
    const s = jacobiSingularValues(rowsOf(illCondMatrix(60, 5, 1e4, 'ic')));
    const want = [1, 1e-1, 1e-2, 1e-3, 1e-4];
    s.forEach((v, k) => expect(Math.abs(v / want[k] - 1)).toBeLessThan(1e-10));
  });
});

describe('sampling helpers', () => {
  it('sampleDistortion equals the singular values of sampledRows(U, S)', () => {
    const A = coherentMatrix(400, 4, 'sd');
    const U = rangeBasis(A);
    const S = leverageSample(A, 60, { seed: 3 });
    const mine = sampleDistortion(U, S);
    const sv = jacobiSingularValues(rowsOf(sampledRows(U, S)));
    expect(Math.abs(mine.sigmaMax - sv[0])).toBeLessThan(1e-12);
    expect(Math.abs(mine.sigmaMin - sv[3])).toBeLessThan(1e-12);
  });

  it('m(ε) is the derived size, the one suggestSampleSize returns, and ε(m(ε)) ≤ ε', () => {
    for (const d of [3, 10, 25]) {
      for (const eps of [0.9, 0.5, 0.2]) {
        const m = leverageSampleSize(d, eps, 0.1);
        expect(m).toBe(suggestSampleSize(d, 2, eps, { delta: 0.1 }).m);
        expect(leverageEpsilon(m, d, 0.1)).toBeLessThanOrEqual(eps);
        expect(leverageEpsilon(m - 1, d, 0.1)).toBeGreaterThan(eps);
      }
    }
    expect(leverageSampleSize(10, 0.5, 0.1)).toBe(636); // ALGORITHMS.md §2.3
  });

  it('the Lewis-map oracle reproduces the leverage scores at p = 2 and certifies converged weights', () => {
    const A = heavyRowsMatrix(120, 4, 1, 'lw');
    const U = rangeBasis(A);
    const tau = leverageScores(A).scores;
    const phi = lewisMapOracle(U, new Float64Array(120).fill(0.5), 2);
    for (let i = 0; i < 120; i++) expect(Math.abs(phi[i] / tau[i] - 1)).toBeLessThan(1e-10);
    const w = lewisWeights(A, 3).weights;
    expect(logResidual(lewisMapOracle(U, w, 3), w)).toBeLessThan(1e-9);
    // A wrong vector is not a fixed point.
    const wrong = Float64Array.from(w, (v, i) => v * (i % 2 ? 1.1 : 0.9));
    expect(logResidual(lewisMapOracle(U, wrong, 3), wrong)).toBeGreaterThan(1e-3);
  });

  it('the sensitivity bounds meet at p = 2 and cross over there', () => {
    expect(sensitivityUpper(6, 2)).toBe(6);
    expect(sensitivityLower(6, 2)).toBe(6);
    expect(sensitivityUpper(4, 1)).toBe(4);
    expect(sensitivityLower(4, 1)).toBe(2);
    expect(sensitivityUpper(4, 4)).toBe(16);
    expect(sensitivityLower(4, 4)).toBe(4);
  });

  it('requiredSize inverts an exact power law', () => {
    const ms = [10, 20, 40, 80];
    const med = ms.map((m) => 2 / Math.sqrt(m));
    const r = requiredSize(ms, med, 0.3);
    expect(Math.abs(r.slope + 0.5)).toBeLessThan(1e-12);
    expect(Math.abs(r.mStar - (2 / 0.3) ** 2)).toBeLessThan(1e-9);
  });
});

describe('structured and regression helpers', () => {
  it('closedFormError equals the projection error and the plain-array slice SVDs', () => {
    const A = gaussMatrix(24, 15, 'mp');
    const cf = closedFormError(A, 3, 4);
    expect(Math.abs(monarchProject(A, { rBlocks: 3, lBlocks: 4 }).error - cf)).toBeLessThan(1e-12 * cf);
    const rows = rowsOf(A);
    let e = 0;
    for (let q = 0; q < 4; q++) {
      for (let r = 0; r < 3; r++) {
        const sl = Array.from({ length: 6 }, (_, p) => Array.from({ length: 5 }, (_, s) => rows[p * 4 + q][r * 5 + s]));
        const sv = jacobiSingularValues(sl);
        for (let i = 1; i < sv.length; i++) e += sv[i] ** 2;
      }
    }
    expect(Math.abs(Math.sqrt(e) - cf)).toBeLessThan(1e-12 * cf);
  });

  it('the planted right-hand side has a residual of norm 10 orthogonal to range(A)', () => {
    const A = gaussMatrix(200, 5, 'pr');
    const b = _plantedRhs(A, 'pr-b');
    const U = rangeBasis(A);
    const r = Float64Array.from(b);
    for (let k = 0; k < 5; k++) {
      let c = 0;
      for (let i = 0; i < 200; i++) c += U.data[k * 200 + i] * b[i];
      for (let i = 0; i < 200; i++) r[i] -= c * U.data[k * 200 + i];
    }
    expect(Math.abs(Math.hypot(...r) - 10)).toBeLessThan(1e-10);
    expect(svd(A, { vectors: false }).s.length).toBe(5);
  });

  it('the Gaussian κ bound is vacuous when ε(m) ≥ 1', () => {
    expect(gaussianKappaBound(40, 20, 0.05)).toBe(Infinity);
    expect(gaussianKappaBound(160, 20, 0.05)).toBeGreaterThan(1);
  });
});

describe('registry and user matrices', () => {
  it('the new checks are registered under their modules', () => {
    const byName = Object.fromEntries(CHECKS.map((c) => [c.name, c.module]));
    expect(byName['sampling-leverage-embedding']).toBe('sampling');
    expect(byName['sampling-sensitivity-total']).toBe('sampling');
    expect(byName['sampling-lewis-weights']).toBe('sampling');
    expect(byName['sampling-sensitivity-exponent']).toBe('sampling');
    expect(byName['sampling-root-leverage']).toBe('sampling');
    expect(byName['structured-monarch-projection']).toBe('structured');
    expect(byName['regression-sketch-precondition']).toBe('regression');
    expect(byName['regression-linf-guarantee']).toBe('regression');
  });

  it('the deterministic checks pass on a small user matrix (number[][] input)', () => {
    const A = Array.from({ length: 60 }, (_, i) => [Math.sin(i + 1), Math.cos(3 * i), (i % 7) - 3, i === 0 ? 40 : Math.sin(i * i)]);
    for (const name of ['sampling-sensitivity-total', 'sampling-lewis-weights', 'structured-monarch-projection']) {
      const r = runCheck(name, { matrix: A, quick: true, seed: 5 });
      expect(r.error, name).toBeNull();
      expect(r.verdict, name).toBe('pass');
      expect(r.seeds.userMatrix).toBe(true);
    }
    expect(() => runCheck('sampling-sensitivity-exponent', { matrix: A })).toThrow(/does not run on a user matrix/);
  });
});
