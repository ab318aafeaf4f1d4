/**
 * Exact binomial tail rules for failure-rate assertions (the probabilistic pass rule of the
 * test suite): a theorem says P(fail) ≤ δ; T independent trials give F failures; we accept when
 * F ≤ c, with c the smallest count such that P(Bin(T, δ) > c) ≤ α. If the theorem holds, the
 * assertion fails with probability at most α (the false-alarm level), whatever the seeds.
 */

/** log of the binomial coefficient C(n, k), via log-gamma-free summation (n up to ~1e6). */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** P(Bin(T, p) > c). */
export function binomialUpperTail(T: number, p: number, c: number): number {
  if (c >= T) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let tail = 0;
  for (let k = c + 1; k <= T; k++) tail += Math.exp(logChoose(T, k) + k * Math.log(p) + (T - k) * Math.log1p(-p));
  return Math.min(1, tail);
}

/** Smallest c with P(Bin(T, δ) > c) ≤ α. */
export function binomialCritical(T: number, delta: number, alpha: number): number {
  for (let c = 0; c <= T; c++) if (binomialUpperTail(T, delta, c) <= alpha) return c;
  return T;
}

/** Sample mean and standard error of the mean. */
export function meanAndSe(xs: ArrayLike<number>): { mean: number; se: number } {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i];
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i] - mean) ** 2;
  return { mean, se: Math.sqrt(v / (n - 1) / n) };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Regularized lower incomplete gamma P(a, x) (series for x < a + 1, continued fraction
 * otherwise; both to ~1e-14). Used for exact χ² tails: P(χ²_k ≤ x) = P(k/2, x/2).
 */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnGammaA = lnGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - lnGammaA);
  }
  // Lentz's continued fraction for Q(a, x).
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - lnGammaA) * h;
}

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
export function lnGamma(x: number): number {
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61503916999185,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
