/**
 * The default sketch size of sketch-and-precondition (`choosePreconditionOversampling`): the
 * model's argmin is checked against a brute-force minimisation of the same cost model written out
 * independently here, and `lstsq` is checked to use it and to stay accurate with it.
 */
import { describe, expect, it } from 'vitest';
import { choosePreconditionOversampling, lstsq } from '../../src/regression/index.js';
import { lstsqDense } from '../../src/core/lstsq.js';
import { fromColMajor } from '../../src/core/matrix.js';
import { testNormals } from '../helpers/reference.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { suggestedBlockRows } from '../../src/sketch/index.js';

/** The documented model: 1.7·2γd³ + ln(2/rtol)/ln√γ · 4·nnz, γ in the candidate list, γd ≤ n/4 unless γ = 4. */
function bruteForce(n: number, d: number, rtol: number): number {
  let best = 4, bestCost = Infinity;
  for (const g of [4, 6, 8, 12, 16, 24, 32, 48, 64]) {
    if (g !== 4 && g * d > n / 4) continue;
    const cost = 1.7 * 2 * g * d ** 3 + (Math.log(2 / rtol) / (0.5 * Math.log(g))) * 4 * n * d;
    if (cost < bestCost) [best, bestCost] = [g, cost];
  }
  return best;
}

describe('choosePreconditionOversampling', () => {
  it('is the argmin of the documented cost model over the candidates (brute force), for m-free sketches', () => {
    for (const n of [500, 4096, 65536, 1_000_000]) {
      for (const d of [2, 16, 64, 300, 1000]) {
        for (const rtol of [1e-6, 1e-10, 2 ** -52]) {
          for (const kind of ['sparse-sign', 'countsketch', 'srht']) {
            expect(choosePreconditionOversampling(n, d, { kind, rtol })).toBe(bruteForce(n, d, rtol));
          }
        }
      }
    }
  });

  it('keeps γ = 4 for sketches whose cost grows with m, and for wide A', () => {
    for (const kind of ['gaussian', 'rademacher', 'orthogonal', 'very-sparse', 'monarch']) {
      expect(choosePreconditionOversampling(65536, 64, { kind })).toBe(4);
    }
    expect(choosePreconditionOversampling(100_000, 1000)).toBe(4);
    expect(choosePreconditionOversampling(65536, 64, { rtol: 1e-10 })).toBe(48);
  });

  it('lstsq uses it by default, and the solution agrees with exact QR to 1e-9 at κ ≈ 1e4', () => {
    const n = 4096, d = 16;
    const g = testNormals(7);
    const a = new Float64Array(n * d);
    for (let j = 0; j < d; j++) {
      const s = 10 ** ((-4 * j) / (d - 1));
      for (let i = 0; i < n; i++) a[j * n + i] = s * g();
    }
    const A = fromColMajor(n, d, a);
    const b = new Float64Array(n).map(() => g());
    const r = lstsq(A, b, { method: 'sketch-and-precondition', seed: 3 });
    const gamma = choosePreconditionOversampling(n, d, { rtol: 2 ** -52 });
    expect(gamma).toBeGreaterThan(4);
    expect(r.sketch?.rows).toBe(gamma * d);
    const x = lstsqDense(A, b).x;
    let num = 0, den = 0;
    for (let j = 0; j < d; j++) {
      num += (r.x[j] - x[j]) ** 2;
      den += x[j] ** 2;
    }
    // Both solvers are backward stable: forward errors ≤ c·κ·ε ≈ 1e4·2.2e-16·c; 1e-9 leaves c ≈ 450.
    expect(Math.sqrt(num / den)).toBeLessThan(1e-9);
  });

  it('rejects bad sizes and tolerances with InvalidArgumentError', () => {
    expect(() => choosePreconditionOversampling(0, 5)).toThrow(InvalidArgumentError);
    expect(() => choosePreconditionOversampling(100, 2.5)).toThrow(InvalidArgumentError);
    expect(() => choosePreconditionOversampling(100, 5, { rtol: 0 })).toThrow(InvalidArgumentError);
    expect(() => choosePreconditionOversampling(100, 5, { rtol: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => choosePreconditionOversampling(100, 5, { nnz: -1 })).toThrow(InvalidArgumentError);
  });
});

describe('suggestedBlockRows', () => {
  it('is the smallest power of two ≥ 4m, clamped to [4096, 65536]; bad m is rejected', () => {
    for (const [m, B] of [[1, 4096], [256, 4096], [1024, 4096], [1025, 8192], [3072, 16384], [20000, 65536], [10 ** 6, 65536]]) {
      expect(suggestedBlockRows(m)).toBe(B);
    }
    for (const m of [0, -3, 1.5, Number.NaN, Infinity]) expect(() => suggestedBlockRows(m)).toThrow(InvalidArgumentError);
  });
});
