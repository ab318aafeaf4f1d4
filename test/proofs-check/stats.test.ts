/**
 * The statistics behind the pass rules, against reference values computed with scipy 1.17
 * (`scipy.stats.beta.ppf`, `binom.sf`/`binom.cdf`, `chi2.sf`/`chi2.cdf`), and closed forms.
 *
 * Clopper–Pearson one-sided bounds at level α: lower = beta.ppf(α, F, T−F+1),
 * upper = beta.ppf(1−α, F+1, T−F) — the exact binomial inversion P(Bin(T, lower) ≥ F) = α,
 * P(Bin(T, upper) ≤ F) = α.
 */
import { describe, expect, it } from 'vitest';
import {
  binomialCdf,
  binomialSf,
  chi2Cdf,
  chi2Sf,
  clopperPearsonLower,
  clopperPearsonUpper,
  lnGamma,
  logLogSlope,
  maxAllowedFailures,
  median,
  upperQuantile,
} from '../../proofs-check/stats.js';
import { fillNormal, rngFromSeed } from '../../src/rng/index.js';

const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

// [F, T, alpha, scipy lower, scipy upper]
const CP: [number, number, number, number, number][] = [
  [0, 40, 0.001, 0.0, 0.1586048583548049],
  [1, 40, 0.001, 2.5012195529409677e-05, 0.2085065477354303],
  [5, 40, 0.001, 0.01928394939765496, 0.35617295054935183],
  [39, 40, 0.001, 0.7914934522645697, 0.9999749878044706],
  [40, 40, 0.001, 0.8413951416451951, 1.0],
  [3, 200, 0.05, 0.00410061333506991, 0.03830970849856934],
  [10, 100, 0.025, 0.04900468922148595, 0.17622259774002266],
  [50, 100, 0.001, 0.34479800642531777, 0.6552019935746822],
  [1, 10000, 0.001, 1.0005002835334893e-07, 0.0009229613306605122],
  [7, 1000, 0.001, 0.0015237525531233294, 0.01950259100237206],
];

describe('Clopper–Pearson bounds', () => {
  it.each(CP)('F = %i of T = %i at α = %f matches scipy beta.ppf', (F, T, a, lo, up) => {
    expect(rel(clopperPearsonLower(F, T, a), lo)).toBeLessThan(1e-9);
    expect(rel(clopperPearsonUpper(F, T, a), up)).toBeLessThan(1e-9);
  });

  it('closed forms: F = 0 upper = 1 − α^(1/T); F = 1 lower = 1 − (1 − α)^(1/T); F = T lower = α^(1/T)', () => {
    for (const [T, a] of [[20, 1e-3], [200, 0.05], [1000, 1e-2]] as const) {
      expect(rel(clopperPearsonUpper(0, T, a), 1 - a ** (1 / T))).toBeLessThan(1e-12);
      expect(rel(clopperPearsonLower(1, T, a), 1 - (1 - a) ** (1 / T))).toBeLessThan(1e-9);
      expect(rel(clopperPearsonLower(T, T, a), a ** (1 / T))).toBeLessThan(1e-12);
      expect(clopperPearsonLower(0, T, a)).toBe(0);
      expect(clopperPearsonUpper(T, T, a)).toBe(1);
    }
  });

  it('the bounds invert the exact binomial tails', () => {
    for (const [F, T, a] of [[3, 50, 0.01], [12, 80, 0.001], [1, 7, 0.1]] as const) {
      expect(rel(binomialSf(F, T, clopperPearsonLower(F, T, a)), a)).toBeLessThan(1e-8);
      expect(rel(binomialCdf(F, T, clopperPearsonUpper(F, T, a)), a)).toBeLessThan(1e-8);
    }
  });

  it('maxAllowedFailures is the largest F whose lower bound stays ≤ δ (scipy: 7, 21, 34, 3)', () => {
    expect(maxAllowedFailures(40, 0.05, 1e-3)).toBe(7);
    expect(maxAllowedFailures(200, 0.05, 1e-3)).toBe(21);
    expect(maxAllowedFailures(200, 0.1, 1e-3)).toBe(34);
    expect(maxAllowedFailures(20, 0.0145, 1e-3)).toBe(3);
    for (const [T, d, a] of [[40, 0.05, 1e-3], [200, 0.1, 1e-3]] as const) {
      const c = maxAllowedFailures(T, d, a);
      expect(clopperPearsonLower(c, T, a)).toBeLessThanOrEqual(d);
      expect(clopperPearsonLower(c + 1, T, a)).toBeGreaterThan(d);
    }
  });

  it('rejects bad arguments', () => {
    expect(() => clopperPearsonLower(5, 4, 0.1)).toThrow(RangeError);
    expect(() => clopperPearsonUpper(1, 4, 0)).toThrow(RangeError);
    expect(() => clopperPearsonLower(1.5, 4, 0.1)).toThrow(RangeError);
  });
});

describe('binomial and χ² tails', () => {
  // [k, T, p, scipy P(X ≥ k), scipy P(X ≤ k)]
  const BIN: [number, number, number, number, number][] = [
    [3, 40, 0.05, 0.3232642392513527, 0.8618502244989343],
    [10, 200, 0.05, 0.5452901913191844, 0.5830671820811717],
    [0, 10, 0.3, 1.0, 0.028247524900000005],
    [17, 20, 0.5, 0.0012884140014648438, 0.9997987747192383],
    [5, 1000, 0.001, 0.003636878029521792, 0.999411929898237],
  ];
  it.each(BIN)('Bin: k = %i, T = %i, p = %f', (k, T, p, sf, cdf) => {
    expect(rel(binomialSf(k, T, p), sf)).toBeLessThan(1e-10);
    expect(rel(binomialCdf(k, T, p), cdf)).toBeLessThan(1e-10);
  });

  // [x, k, scipy chi2.sf, scipy chi2.cdf]
  const CHI2: [number, number, number, number][] = [
    [265.5, 177, 1.8559681389253794e-05, 0.9999814403186107],
    [88.5, 177, 0.9999999968717316, 3.1282684636816363e-09],
    [531.7, 409, 3.9705433373949865e-05, 0.999960294566626],
    [286.29999999999995, 409, 0.9999991686203942, 8.313796059266803e-07],
    [3.0, 1, 0.08326451666355042, 0.9167354833364496],
    [10.0, 4, 0.04042768199451279, 0.9595723180054873],
    [1272.6, 851, 2.4973208159044575e-19, 1.0],
  ];
  it.each(CHI2)('χ²: x = %f, k = %i', (x, k, sf, cdf) => {
    expect(rel(chi2Sf(x, k), sf)).toBeLessThan(1e-9);
    expect(rel(chi2Cdf(x, k), cdf)).toBeLessThan(1e-9);
  });

  it('lnGamma at known points', () => {
    expect(rel(lnGamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    expect(rel(lnGamma(10), Math.log(362880))).toBeLessThan(1e-14);
    expect(rel(lnGamma(100.5), 361.43554046777757)).toBeLessThan(1e-14); // scipy.special.gammaln(100.5)
    expect(Math.abs(lnGamma(1))).toBeLessThan(1e-15);
  });
});

describe('order statistics and the log–log slope fit', () => {
  it('upperQuantile: at most ⌊δT⌋ values exceed it', () => {
    const v = Array.from({ length: 40 }, (_, i) => i + 1); // 1..40
    expect(upperQuantile(v, 0.05)).toBe(38); // 39 and 40 exceed it: ⌊0.05·40⌋ = 2
    expect(upperQuantile(v, 0.0145)).toBe(40); // ⌊0.58⌋ = 0: the maximum
    expect(upperQuantile(v, 0.1)).toBe(36);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('recovers an exact power law', () => {
    const x = [10, 20, 40, 80, 160];
    const y = x.map((t) => 3 * t ** -0.5);
    const f = logLogSlope(x, y);
    expect(Math.abs(f.slope + 0.5)).toBeLessThan(1e-12);
    expect(Math.abs(f.intercept - Math.log(3))).toBeLessThan(1e-12);
    expect(f.r2).toBeCloseTo(1, 12);
    expect(f.stderr).toBeLessThan(1e-12);
  });

  it('on noisy synthetic data the slope is within a few standard errors of the truth', () => {
    // y = 2·x^(−1/2)·exp(0.05 z), z i.i.d. N(0, 1) from a fixed seed; 8 points over 2 decades.
    const x = [10, 20, 40, 80, 160, 320, 640, 1280];
    const z = new Float64Array(x.length);
    fillNormal(rngFromSeed('slope-test'), 0, z);
    const y = x.map((t, i) => 2 * t ** -0.5 * Math.exp(0.05 * z[i]));
    const f = logLogSlope(x, y);
    expect(Math.abs(f.slope + 0.5)).toBeLessThan(4 * f.stderr + 1e-9);
    expect(Math.abs(f.slope + 0.5)).toBeLessThan(0.05);
    expect(f.stderr).toBeGreaterThan(0);
  });

  it('rejects non-positive values and a single distinct x', () => {
    expect(() => logLogSlope([1, 2], [1, 0])).toThrow(RangeError);
    expect(() => logLogSlope([2, 2], [1, 3])).toThrow(RangeError);
  });
});
