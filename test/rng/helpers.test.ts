import { describe, expect, it } from 'vitest';
import { chiSquareCritical, erf, ksCritical, ksStatistic, normalCdf, Z_UPPER } from './helpers.js';

/** Exact upper tail of χ² with an even number 2m of degrees of freedom (Poisson sum). */
function chiSquareTailEven(k: number, x: number): number {
  let term = Math.exp(-x / 2);
  let sum = term;
  for (let i = 1; i < k / 2; i++) {
    term *= x / 2 / i;
    sum += term;
  }
  return sum;
}

describe('statistical test helpers (sanity of the oracles themselves)', () => {
  it('erf matches reference values to the A&S 7.1.26 accuracy (1.5e-7)', () => {
    // erf values from standard tables (Abramowitz & Stegun Table 7.1).
    const table: Array<[number, number]> = [
      [0, 0],
      [0.5, 0.5204998778],
      [1, 0.8427007929],
      [2, 0.995322265],
      [-1, -0.8427007929],
    ];
    for (const [x, v] of table) expect(Math.abs(erf(x) - v)).toBeLessThan(1.5e-7);
    expect(Math.abs(normalCdf(1.959963985) - 0.975)).toBeLessThan(1e-7);
  });

  it('normal quantile table agrees with the CDF', () => {
    for (const [p, z] of Object.entries(Z_UPPER)) {
      expect(Math.abs(1 - normalCdf(z) - Number(p))).toBeLessThan(1e-7);
    }
  });

  it('Wilson–Hilferty critical values are conservative: exact tail in [0.4α, α] (even df)', () => {
    for (const k of [4, 10, 20, 50, 128]) {
      for (const a of ['1e-3', '1e-4', '1e-6'] as const) {
        const tail = chiSquareTailEven(k, chiSquareCritical(k, a));
        expect(tail / Number(a)).toBeGreaterThan(0.4);
        expect(tail / Number(a)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('KS statistic of a perfect grid is 1/(2n), and the critical value formula', () => {
    const n = 1000;
    const xs = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
    expect(ksStatistic(xs, (x) => x)).toBeCloseTo(0.5 / n, 12);
    expect(ksCritical(1e5, 1e-4) * Math.sqrt(1e5)).toBeCloseTo(2.2253, 3);
  });
});
