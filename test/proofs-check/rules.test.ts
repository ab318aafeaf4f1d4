/**
 * The pass rules: verdict boundaries, margins and recorded details.
 */
import { describe, expect, it } from 'vitest';
import {
  countClaim,
  exactRateClaim,
  exceedsClaim,
  inequalityClaim,
  infoClaim,
  probabilityClaim,
  relMargin,
  slopeClaim,
} from '../../proofs-check/rules.js';
import { maxAllowedFailures } from '../../proofs-check/stats.js';

const base = { id: 'x', claim: 'test', status: 'proven' as const };

describe('probabilistic claims (one-sided Clopper–Pearson)', () => {
  it('passes up to maxAllowedFailures failures and fails one above', () => {
    const T = 200, delta = 0.05, alpha = 1e-3;
    const c = maxAllowedFailures(T, delta, alpha); // 21 (scipy)
    expect(countClaim({ ...base, failures: c, trials: T, delta, alpha }).verdict).toBe('pass');
    const r = countClaim({ ...base, failures: c + 1, trials: T, delta, alpha });
    expect(r.verdict).toBe('fail');
    expect(r.details.cpLower as number).toBeGreaterThan(delta);
    expect(r.details.maxAllowedFailures).toBe(c);
  });

  it('from values: failures are values above the bound; measured is the (1 − δ) quantile', () => {
    const values = Array.from({ length: 100 }, (_, i) => i / 100); // 0 … 0.99
    const r = probabilityClaim({ ...base, values, bound: 0.9, delta: 0.1, alpha: 1e-3, quantity: 'q' });
    expect(r.details.failures).toBe(9); // 0.91 … 0.99
    expect(r.measured).toBe(0.89); // ⌊0.1·100⌋ = 10 values above it
    expect(r.margin).toBeCloseTo((0.9 - 0.89) / 0.9, 12);
    expect(r.verdict).toBe('pass');
    expect(r.rule).toBe('binomial-upper');
    // a bound 10× too tight fails
    const tight = probabilityClaim({ ...base, values, bound: 0.09, delta: 0.1, alpha: 1e-3, quantity: 'q' });
    expect(tight.verdict).toBe('fail');
    expect(tight.margin).toBeLessThan(0);
  });

  it('NaN values count as failures', () => {
    const r = probabilityClaim({ ...base, values: [NaN, NaN, NaN, 0, 0], bound: 1, delta: 0.01, alpha: 1e-3, quantity: 'q' });
    expect(r.details.failures).toBe(3);
    expect(r.verdict).toBe('fail');
  });
});

describe('counterexamples and exact laws', () => {
  it('exceedsClaim is confirmed only when the lower bound clears δ', () => {
    expect(exceedsClaim({ ...base, failures: 30, trials: 100, delta: 0.05, alpha: 1e-3 }).verdict).toBe('pass');
    expect(exceedsClaim({ ...base, failures: 6, trials: 100, delta: 0.05, alpha: 1e-3 }).verdict).toBe('fail');
  });

  it('exactRateClaim: p₀ inside the two-sided interval passes, outside fails', () => {
    const ok = exactRateClaim({ ...base, events: 50, trials: 100, p0: 0.5, alpha: 1e-3 });
    expect(ok.verdict).toBe('pass');
    expect(ok.margin).toBeCloseTo(1, 6); // symmetric interval, p₀ at its centre
    expect(Math.abs((ok.details.cpLower as number) - 0.3355819371905234)).toBeLessThan(1e-9); // scipy beta.ppf(5e-4, 50, 51)
    const bad = exactRateClaim({ ...base, events: 50, trials: 100, p0: 0.2, alpha: 1e-3 });
    expect(bad.verdict).toBe('fail');
    expect(bad.margin).toBeLessThan(0);
  });
});

describe('rate and deterministic claims', () => {
  it('slopeClaim passes within the tolerance and fails outside it', () => {
    const x = [10, 20, 40, 80];
    const good = slopeClaim({ ...base, status: 'empirical', x, y: x.map((t) => t ** -0.55), target: -0.5, tol: 0.15 });
    expect(good.verdict).toBe('pass');
    expect(good.margin).toBeCloseTo(1 - 0.05 / 0.15, 10);
    const bad = slopeClaim({ ...base, status: 'empirical', x, y: x.map((t) => t ** -0.3), target: -0.5, tol: 0.15 });
    expect(bad.verdict).toBe('fail');
    expect(bad.margin).toBeLessThan(0);
  });

  it('inequalityClaim honours the rounding tolerance', () => {
    const mk = (measured: number) => inequalityClaim({ ...base, measured, bound: 1, direction: '<=', atol: 1e-12, rtol: 0, measuredLabel: 'm' });
    expect(mk(1 + 5e-13).verdict).toBe('pass');
    expect(mk(1 + 5e-12).verdict).toBe('fail');
    const ge = inequalityClaim({ ...base, measured: 0.5, bound: 1, direction: '>=', atol: 0, rtol: 0.1, measuredLabel: 'm' });
    expect(ge.verdict).toBe('fail');
    expect(ge.margin).toBeCloseTo(-0.5, 12);
  });

  it('info claims never fail', () => {
    expect(infoClaim({ ...base, measured: 10, bound: 1, direction: '<=', measuredLabel: 'm' }).verdict).toBe('info');
  });

  it('relMargin signs', () => {
    expect(relMargin(0.5, 1, '<=')).toBe(0.5);
    expect(relMargin(1.5, 1, '<=')).toBe(-0.5);
    expect(relMargin(1.5, 1, '>=')).toBe(0.5);
    expect(relMargin(0, 0, '<=')).toBe(0);
  });
});
