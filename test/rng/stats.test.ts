import { describe, expect, it } from 'vitest';
import { fillNormal, fillRademacher, fillUniform, rngFromSeed, substream } from '../../src/rng/index.js';
import { trials } from '../helpers/quick.js';
import { chiSquareCritical, ksCritical, ksStatistic, normalCdf } from './helpers.js';

// Every assertion below is a fixed-seed check whose bound would be exceeded by a correct
// generator with the stated false-alarm probability; with fixed seeds the outcome is
// deterministic, so the probability bounds how unlucky a seed could have been.
const N = trials(200_000, 100_000);
const base = rngFromSeed('randnla-stats');

/** |sample mean − target| ≤ 5 standard errors: two-sided false alarm ≈ 5.7e-7 (CLT). */
function expectMean(xs: ArrayLike<number>, f: (x: number) => number, target: number, sd: number): void {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += f(xs[i]);
  m /= xs.length;
  expect(Math.abs(m - target)).toBeLessThanOrEqual((5 * sd) / Math.sqrt(xs.length));
}

describe('uniforms', () => {
  const u = new Float64Array(N);
  fillUniform(substream(base, 1), 0, u);

  it('moments: E u = 1/2 (sd 1/√12), E u² = 1/3 (sd √(4/45)), E u³ = 1/4 (sd √(1/7 − 1/16)); 5 SE each', () => {
    expectMean(u, (x) => x, 1 / 2, Math.sqrt(1 / 12));
    expectMean(u, (x) => x * x, 1 / 3, Math.sqrt(4 / 45));
    expectMean(u, (x) => x ** 3, 1 / 4, Math.sqrt(1 / 7 - 1 / 16));
  });

  it('lag-1 and lag-2 products have mean 1/4 (sd √(1/9 − 1/16)); 5 SE', () => {
    for (const lag of [1, 2]) {
      const p = new Float64Array(N - lag);
      for (let i = 0; i < p.length; i++) p[i] = u[i] * u[i + lag];
      expectMean(p, (x) => x, 1 / 4, Math.sqrt(1 / 9 - 1 / 16));
    }
  });

  it('Kolmogorov–Smirnov against U(0,1): D ≤ sqrt(ln(2/α)/2)/√n with α = 1e-4 (DKW–Massart, exact)', () => {
    expect(ksStatistic(u, (x) => x)).toBeLessThanOrEqual(ksCritical(N, 1e-4));
  });

  it('chi-square over 256 equal bins: ≤ χ²_{255, 1−1e-4} (Wilson–Hilferty; false alarm ≤ 1e-4)', () => {
    const counts = new Float64Array(256);
    for (let i = 0; i < N; i++) counts[Math.floor(u[i] * 256)]++;
    let x2 = 0;
    for (const c of counts) x2 += (c - N / 256) ** 2 / (N / 256);
    expect(x2).toBeLessThanOrEqual(chiSquareCritical(255, '1e-4'));
  });

  it('the low bits are random too: chi-square of (u·2^53) mod 64 over 64 bins (false alarm ≤ 1e-4)', () => {
    const counts = new Float64Array(64);
    for (let i = 0; i < N; i++) counts[(u[i] * 2 ** 53) % 64]++;
    let x2 = 0;
    for (const c of counts) x2 += (c - N / 64) ** 2 / (N / 64);
    expect(x2).toBeLessThanOrEqual(chiSquareCritical(63, '1e-4'));
  });
});

describe('normals', () => {
  const z = new Float64Array(N);
  fillNormal(substream(base, 2), 0, z);

  it('moments: E z = 0 (sd 1), E z² = 1 (sd √2), E z³ = 0 (sd √15), E z⁴ = 3 (sd √96); 5 SE each', () => {
    expectMean(z, (x) => x, 0, 1);
    expectMean(z, (x) => x * x, 1, Math.SQRT2);
    expectMean(z, (x) => x ** 3, 0, Math.sqrt(15));
    expectMean(z, (x) => x ** 4, 3, Math.sqrt(96));
  });

  it('the two normals of a Box–Muller pair and neighbouring pairs are uncorrelated: E z_k z_{k+1} = 0 (sd 1); 5 SE', () => {
    for (const parity of [0, 1]) {
      const p = new Float64Array(Math.floor((N - 1 - parity) / 2));
      for (let i = 0; i < p.length; i++) p[i] = z[2 * i + parity] * z[2 * i + parity + 1];
      expectMean(p, (x) => x, 0, 1);
    }
  });

  it('Kolmogorov–Smirnov against Φ: D ≤ sqrt(ln(2/α)/2)/√n with α = 1e-4 (DKW–Massart; Φ error 7.5e-8 ≪ bound)', () => {
    expect(ksStatistic(z, normalCdf)).toBeLessThanOrEqual(ksCritical(N, 1e-4));
    // even and odd positions (cos and sin branches) separately, same level each
    const even = z.filter((_, i) => i % 2 === 0);
    const odd = z.filter((_, i) => i % 2 === 1);
    expect(ksStatistic(even, normalCdf)).toBeLessThanOrEqual(ksCritical(even.length, 1e-4));
    expect(ksStatistic(odd, normalCdf)).toBeLessThanOrEqual(ksCritical(odd.length, 1e-4));
  });

  it('scale multiplies: fillNormal(…, scale) has sd |scale| (E (z/scale)² = 1 ± 5 SE)', () => {
    const y = new Float64Array(20000);
    fillNormal(substream(base, 3), 0, y, 0, y.length, 0.125);
    expectMean(y, (x) => (x / 0.125) ** 2, 1, Math.SQRT2);
  });
});

describe('Rademacher signs', () => {
  const n = trials(128 * 2000, 128 * 400);
  const r = new Float64Array(n);
  fillRademacher(substream(base, 4), 0, r);

  it('values are ±1 with mean 0 (sd 1); 5 SE', () => {
    expect(r.every((x) => x === 1 || x === -1)).toBe(true);
    expectMean(r, (x) => x, 0, 1);
  });

  it('every bit position of a block is fair: chi-square of the 128 per-position counts (false alarm ≤ 1e-4)', () => {
    // For bit position b, the number of −1s over n/128 blocks is Binomial(n/128, 1/2); the sum
    // of the 128 squared standardised counts is χ²_128 (asymptotically).
    const per = n / 128;
    const neg = new Float64Array(128);
    for (let i = 0; i < n; i++) if (r[i] < 0) neg[i % 128]++;
    let x2 = 0;
    for (const c of neg) x2 += (c - per / 2) ** 2 / (per / 4);
    expect(x2).toBeLessThanOrEqual(chiSquareCritical(128, '1e-4'));
  });

  it('neighbouring signs are uncorrelated: E r_k r_{k+1} = 0 (sd 1); 5 SE', () => {
    const p = new Float64Array(n - 1);
    for (let i = 0; i < p.length; i++) p[i] = r[i] * r[i + 1];
    expectMean(p, (x) => x, 0, 1);
  });
});
