/**
 * Statistical helpers for the rng tests, written independently of src/rng: the normal CDF,
 * the Kolmogorov–Smirnov statistic and its critical value, chi-square statistics and their
 * critical values, and a BigInt reference Philox4x32 used as an oracle.
 */

/**
 * erf by Abramowitz & Stegun 7.1.26 (max absolute error 1.5e-7): ample for a KS test at
 * n = 1e5, whose critical value (~7e-3) is 4.7e4 times larger.
 */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-a * a));
}

/** Standard normal CDF Φ(x) = (1 + erf(x/√2))/2, absolute error ≤ 7.5e-8. */
export function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}

/** The one-sample Kolmogorov–Smirnov statistic D = sup |F_n − F| of `xs` against `cdf`. */
export function ksStatistic(xs: ArrayLike<number>, cdf: (x: number) => number): number {
  const s = Float64Array.from(xs).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * KS critical value at false-alarm level α: `sqrt(ln(2/α)/2)/sqrt(n)`. By the
 * Dvoretzky–Kiefer–Wolfowitz inequality with Massart's constant (1990),
 * P(D > ε) ≤ 2·exp(−2nε²) for every n, so this value has false-alarm probability ≤ α exactly
 * (not only asymptotically). For α = 1e-4 it is 2.2252/√n.
 */
export function ksCritical(n: number, alpha: number): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) / Math.sqrt(n);
}

/** Upper quantiles z with 1 − Φ(z) = p of the standard normal (standard tables). */
export const Z_UPPER: Readonly<Record<string, number>> = {
  '1e-3': 3.090232,
  '1e-4': 3.719016,
  '1e-5': 4.264891,
  '1e-6': 4.753424,
};

/**
 * Chi-square critical value χ²_{k, 1−α} by the Wilson–Hilferty approximation
 * `k·(1 − 2/(9k) + z_α·sqrt(2/(9k)))³`, with z_α the upper α normal quantile. It errs on the
 * safe side in the far tail: helpers.test.ts checks against the exact χ² tail (even k) that
 * the true false-alarm probability at this value lies in [0.4α, α] for k ∈ [4, 128].
 */
export function chiSquareCritical(k: number, alpha: '1e-3' | '1e-4' | '1e-5' | '1e-6'): number {
  const z = Z_UPPER[alpha];
  const c = 2 / (9 * k);
  return k * (1 - c + z * Math.sqrt(c)) ** 3;
}

/** Pearson's chi-square statistic Σ (observed − expected)² / expected. */
export function chiSquareStat(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let x = 0;
  for (let i = 0; i < observed.length; i++) x += (observed[i] - expected[i]) ** 2 / expected[i];
  return x;
}

/** Mean and sample standard deviation. */
export function meanSd(xs: ArrayLike<number>): { mean: number; sd: number } {
  const n = xs.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += xs[i];
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i] - m) ** 2;
  return { mean: m, sd: Math.sqrt(v / (n - 1)) };
}

/**
 * Reference Philox4x32-R in BigInt arithmetic, straight from the paper's description
 * (Salmon et al., SC'11): round i (1-based) uses the key bumped i−1 times by the Weyl
 * constants; each round maps (x0, x1, x2, x3) to
 * (hi(M1·x2) ⊕ x1 ⊕ k0, lo(M1·x2), hi(M0·x0) ⊕ x3 ⊕ k1, lo(M0·x0)).
 */
export function philoxRef(rounds: number, ctr: readonly number[], key: readonly number[]): number[] {
  const MASK = 0xffffffffn;
  const M0 = 0xd2511f53n, M1 = 0xcd9e8d57n, W0 = 0x9e3779b9n, W1 = 0xbb67ae85n;
  let [x0, x1, x2, x3] = ctr.map((v) => BigInt(v >>> 0));
  let [k0, k1] = key.map((v) => BigInt(v >>> 0));
  for (let r = 0; r < rounds; r++) {
    const p0 = M0 * x0;
    const p1 = M1 * x2;
    const n0 = ((p1 >> 32n) ^ x1 ^ k0) & MASK;
    const n2 = ((p0 >> 32n) ^ x3 ^ k1) & MASK;
    x1 = p1 & MASK;
    x3 = p0 & MASK;
    x0 = n0;
    x2 = n2;
    k0 = (k0 + W0) & MASK;
    k1 = (k1 + W1) & MASK;
  }
  return [x0, x1, x2, x3].map(Number);
}
