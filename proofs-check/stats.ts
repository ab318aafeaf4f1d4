/**
 * Exact statistics behind the pass rules: binomial tails, Clopper–Pearson bounds, χ² tails
 * (through the regularized incomplete gamma function), empirical quantiles and the log–log
 * slope fit.
 *
 * Everything here is written for this folder and checked in `test/proofs-check/stats.test.ts`
 * against values computed with scipy (`scipy.stats.beta.ppf`, `scipy.stats.chi2.sf`).
 *
 * @module
 */

// ------------------------------------------------------------------------------------------------
// log-factorials and log-gamma

const LOG_FACT_TABLE_SIZE = 256;
const logFactTable = new Float64Array(LOG_FACT_TABLE_SIZE);
for (let i = 2; i < LOG_FACT_TABLE_SIZE; i++) logFactTable[i] = logFactTable[i - 1] + Math.log(i);

/**
 * log Γ(x) for x > 0: the recurrence Γ(x) = Γ(x + k)/(x(x+1)…(x+k−1)) moves the argument
 * above 16, where the Stirling series with terms up to x⁻⁹ is accurate to ~1e−16 relative.
 */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma: x must be > 0 (got ${x})`);
  let shift = 0;
  while (x < 16) {
    shift += Math.log(x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // Stirling: ln Γ(x) = (x − 1/2) ln x − x + ln(2π)/2 + Σ B_{2k}/(2k(2k−1)x^{2k−1})
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** ln(n!) for an integer n ≥ 0 (a summed table below 256, Stirling above). */
export function lnFactorial(n: number): number {
  if (n < LOG_FACT_TABLE_SIZE) return logFactTable[n];
  return lnGamma(n + 1);
}

/** ln C(n, k). */
export function lnChoose(n: number, k: number): number {
  return lnFactorial(n) - lnFactorial(k) - lnFactorial(n - k);
}

// ------------------------------------------------------------------------------------------------
// binomial tails

function checkCount(fn: string, k: number, T: number): void {
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`${fn}: trials must be an integer ≥ 1 (got ${T})`);
  if (!Number.isInteger(k) || k < 0 || k > T) throw new RangeError(`${fn}: count must be an integer in [0, ${T}] (got ${k})`);
}

/** Sum of exp(terms) without overflow. */
function logSumExp(terms: number[]): number {
  let max = -Infinity;
  for (const t of terms) if (t > max) max = t;
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (const t of terms) s += Math.exp(t - max);
  return max + Math.log(s);
}

function logPmf(T: number, i: number, lp: number, lq: number, lc: number[]): number {
  return lc[i] + (i === 0 ? 0 : i * lp) + (i === T ? 0 : (T - i) * lq);
}

function lnChooseRow(T: number): number[] {
  const out = new Array<number>(T + 1);
  for (let i = 0; i <= T; i++) out[i] = lnChoose(T, i);
  return out;
}

/**
 * P(Bin(T, p) ≥ k), summed exactly over the shorter side (k ≤ i ≤ T, or 1 − P(X ≤ k−1) when
 * that side has fewer terms and the result is not tiny).
 */
export function binomialSf(k: number, T: number, p: number): number {
  checkCount('binomialSf', k, T);
  if (k === 0) return 1;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const lc = lnChooseRow(T);
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  const terms: number[] = [];
  for (let i = k; i <= T; i++) terms.push(logPmf(T, i, lp, lq, lc));
  return Math.min(1, Math.exp(logSumExp(terms)));
}

/** P(Bin(T, p) ≤ k). */
export function binomialCdf(k: number, T: number, p: number): number {
  checkCount('binomialCdf', k, T);
  if (k === T) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const lc = lnChooseRow(T);
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  const terms: number[] = [];
  for (let i = 0; i <= k; i++) terms.push(logPmf(T, i, lp, lq, lc));
  return Math.min(1, Math.exp(logSumExp(terms)));
}

/**
 * Root of a monotone function of p on (0, 1), by bisection on ln p: relative precision ~1e−15
 * however small the root (tiny failure rates matter here).
 */
function bisect(f: (p: number) => number, target: number, increasing: boolean): number {
  let lo = -745;
  let hi = 0;
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    const v = f(Math.exp(mid));
    if (increasing ? v < target : v > target) lo = mid;
    else hi = mid;
    if (hi - lo < 1e-15) break;
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * One-sided Clopper–Pearson lower confidence bound on a binomial proportion at level α:
 * the p with P(Bin(T, p) ≥ F) = α (0 when F = 0). Equal to `scipy.stats.beta.ppf(α, F, T−F+1)`.
 * If the true rate is p, P(lower > p) ≤ α (Clopper & Pearson, Biometrika 1934).
 */
export function clopperPearsonLower(F: number, T: number, alpha: number): number {
  checkCount('clopperPearsonLower', F, T);
  checkAlpha('clopperPearsonLower', alpha);
  if (F === 0) return 0;
  if (F === T) return alpha ** (1 / T);
  return bisect((p) => binomialSf(F, T, p), alpha, true);
}

/**
 * One-sided Clopper–Pearson upper confidence bound at level α: the p with P(Bin(T, p) ≤ F) = α
 * (1 when F = T). Equal to `scipy.stats.beta.ppf(1−α, F+1, T−F)`.
 */
export function clopperPearsonUpper(F: number, T: number, alpha: number): number {
  checkCount('clopperPearsonUpper', F, T);
  checkAlpha('clopperPearsonUpper', alpha);
  if (F === T) return 1;
  if (F === 0) return 1 - alpha ** (1 / T);
  return bisect((p) => binomialCdf(F, T, p), alpha, false);
}

/**
 * The largest failure count F whose one-sided Clopper–Pearson lower bound at level α is still
 * ≤ δ, i.e. the most failures the rule "reject when the lower bound exceeds δ" tolerates.
 * (lower(F) > δ ⇔ P(Bin(T, δ) ≥ F) < α, since P(Bin(T, p) ≥ F) increases with p.)
 */
export function maxAllowedFailures(T: number, delta: number, alpha: number): number {
  for (let F = 1; F <= T; F++) if (binomialSf(F, T, delta) < alpha) return F - 1;
  return T;
}

function checkAlpha(fn: string, alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`${fn}: alpha must be in (0, 1) (got ${alpha})`);
}

// ------------------------------------------------------------------------------------------------
// incomplete gamma and χ² tails

/** Series for the regularized lower incomplete gamma P(a, x), good for x < a + 1. */
function gammaPSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 100000; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

/** Continued fraction (modified Lentz) for the regularized upper incomplete gamma Q(a, x), x ≥ a + 1. */
function gammaQFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  return x < a + 1 ? gammaPSeries(a, x) : 1 - gammaQFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly in its tail. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQFraction(a, x);
}

/** P(χ²_k ≤ x). */
export function chi2Cdf(x: number, k: number): number {
  return gammaP(k / 2, x / 2);
}

/** P(χ²_k ≥ x). */
export function chi2Sf(x: number, k: number): number {
  return gammaQ(k / 2, x / 2);
}

// ------------------------------------------------------------------------------------------------
// order statistics

/** Ascending copy. */
export function sorted(values: ArrayLike<number>): number[] {
  return Array.from(values).sort((a, b) => a - b);
}

/** Median (mean of the two middle values for an even count). */
export function median(values: ArrayLike<number>): number {
  const s = sorted(values);
  if (s.length === 0) return NaN;
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * The empirical (1 − δ) upper quantile used as the "measured" value of a probabilistic claim:
 * the (T − ⌊δT⌋)-th smallest of T values. At most ⌊δT⌋ values exceed it, so it is ≤ a bound b
 * exactly when the observed failure rate (values > b) is ≤ ⌊δT⌋/T ≤ δ.
 */
export function upperQuantile(values: ArrayLike<number>, delta: number): number {
  const s = sorted(values);
  if (s.length === 0) return NaN;
  const k = Math.floor(delta * s.length + 1e-9);
  return s[Math.max(0, s.length - 1 - k)];
}

// ------------------------------------------------------------------------------------------------
// log–log slope

/** Result of {@link logLogSlope}. */
export interface SlopeFit {
  /** Fitted exponent s in y ≈ C·x^s. */
  readonly slope: number;
  /** ln C. */
  readonly intercept: number;
  /** Standard error of the slope (NaN with fewer than 3 points). */
  readonly stderr: number;
  /** Coefficient of determination of the fit in log–log space. */
  readonly r2: number;
  /** Number of points used. */
  readonly points: number;
}

/**
 * Ordinary least squares fit of ln y = ln C + s·ln x. Needs at least two distinct positive x and
 * positive y; throws otherwise.
 */
export function logLogSlope(x: ArrayLike<number>, y: ArrayLike<number>): SlopeFit {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`logLogSlope: x has ${n} values but y has ${y.length}`);
  if (n < 2) throw new RangeError(`logLogSlope: needs at least 2 points (got ${n})`);
  const lx: number[] = [];
  const ly: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!(x[i] > 0) || !(y[i] > 0)) throw new RangeError(`logLogSlope: values must be positive (got x=${x[i]}, y=${y[i]} at ${i})`);
    lx.push(Math.log(x[i]));
    ly.push(Math.log(y[i]));
  }
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) { mx += lx[i]; my += ly[i]; }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (lx[i] - mx) ** 2;
    sxy += (lx[i] - mx) * (ly[i] - my);
    syy += (ly[i] - my) ** 2;
  }
  if (sxx === 0) throw new RangeError('logLogSlope: needs two distinct x values');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ly[i] - intercept - slope * lx[i]) ** 2;
  const stderr = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : NaN;
  const r2 = syy === 0 ? 1 : 1 - sse / syy;
  return { slope, intercept, stderr, r2, points: n };
}
