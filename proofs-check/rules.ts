/**
 * Pass rules: the only place where measurements become verdicts.
 *
 * - Probabilistic claims ("P(fail) ≤ δ"): F failures in T independent trials. The claim is
 *   rejected when the one-sided Clopper–Pearson lower confidence bound on the failure rate at
 *   level α exceeds δ. If the claim holds, a rejection happens with probability ≤ α whatever the
 *   seeds (exact binomial, no normal approximation); the seeds are fixed, so a run is
 *   deterministic. With K probabilistic claims in a run, the chance of any false alarm is ≤ K·α.
 * - Rate claims ("y ∝ x^s"): least-squares slope of ln y on ln x within ±tol of s.
 * - Deterministic claims: the inequality itself, with a stated rounding tolerance.
 *
 * @module
 */
import {
  clopperPearsonLower,
  clopperPearsonUpper,
  logLogSlope,
  maxAllowedFailures,
  upperQuantile,
} from './stats.js';
import type { ClaimResult, ConstantStatus, Json } from './types.js';

/** The default per-claim false-alarm level. */
export const DEFAULT_ALPHA = 1e-3;

interface ClaimBase {
  readonly id: string;
  readonly claim: string;
  readonly status: ConstantStatus;
}

/**
 * "Q ≤ bound with probability ≥ 1 − δ", from T trial values of Q (one per independent seed).
 * A trial fails when its value exceeds the bound. Measured = the empirical (1 − δ) quantile of
 * Q, so the margin (bound − quantile)/bound says how much the bound could shrink before the
 * observed failure rate would pass δ; the verdict is the Clopper–Pearson rule on F.
 */
export function probabilityClaim(
  c: ClaimBase & { readonly values: ArrayLike<number>; readonly bound: number; readonly delta: number; readonly alpha: number; readonly quantity: string },
): ClaimResult {
  const T = c.values.length;
  let F = 0;
  for (let i = 0; i < T; i++) if (!(c.values[i] <= c.bound)) F++;
  const q = upperQuantile(c.values, c.delta);
  const base = countClaim({ ...c, failures: F, trials: T });
  return {
    ...base,
    measuredLabel: `${fmtPct(1 - c.delta)} quantile of ${c.quantity}`,
    measured: q,
    bound: c.bound,
    margin: relMargin(q, c.bound, '<='),
    details: { ...base.details, quantity: c.quantity, bound: c.bound },
  };
}

/** "P(fail) ≤ δ" from a failure count (F of T independent trials). Measured = F/T against δ. */
export function countClaim(
  c: ClaimBase & { readonly failures: number; readonly trials: number; readonly delta: number; readonly alpha: number },
): ClaimResult {
  const { failures: F, trials: T, delta, alpha } = c;
  const lower = clopperPearsonLower(F, T, alpha);
  const upper = clopperPearsonUpper(F, T, alpha);
  const rate = F / T;
  return {
    id: c.id,
    claim: c.claim,
    rule: 'binomial-upper',
    status: c.status,
    measuredLabel: 'failure rate',
    measured: rate,
    bound: delta,
    margin: relMargin(rate, delta, '<='),
    verdict: lower > delta ? 'fail' : 'pass',
    details: {
      failures: F,
      trials: T,
      delta,
      alpha,
      cpLower: lower,
      cpUpper: upper,
      maxAllowedFailures: maxAllowedFailures(T, delta, alpha),
      rule: `reject when the one-sided Clopper–Pearson lower bound at level α = ${alpha} exceeds δ = ${delta}`,
    },
  };
}

/**
 * "P(fail) > δ": a counterexample, confirmed when the one-sided Clopper–Pearson lower bound at
 * level α exceeds δ (so a confirmation is wrong with probability ≤ α).
 */
export function exceedsClaim(
  c: ClaimBase & { readonly failures: number; readonly trials: number; readonly delta: number; readonly alpha: number },
): ClaimResult {
  const { failures: F, trials: T, delta, alpha } = c;
  const lower = clopperPearsonLower(F, T, alpha);
  const rate = F / T;
  return {
    id: c.id,
    claim: c.claim,
    rule: 'binomial-exceeds',
    status: c.status,
    measuredLabel: 'failure rate',
    measured: rate,
    bound: delta,
    margin: relMargin(rate, delta, '>='),
    verdict: lower > delta ? 'pass' : 'fail',
    details: {
      failures: F,
      trials: T,
      delta,
      alpha,
      cpLower: lower,
      cpUpper: clopperPearsonUpper(F, T, alpha),
      rule: `confirmed when the one-sided Clopper–Pearson lower bound at level α = ${alpha} exceeds δ = ${delta}`,
    },
  };
}

/**
 * "P(event) = p₀" exactly: k events in T independent trials; rejected when p₀ lies outside the
 * two-sided Clopper–Pearson interval at level α (each one-sided bound at α/2).
 */
export function exactRateClaim(
  c: ClaimBase & { readonly events: number; readonly trials: number; readonly p0: number; readonly alpha: number },
): ClaimResult {
  const { events: k, trials: T, p0, alpha } = c;
  const L = clopperPearsonLower(k, T, alpha / 2);
  const U = clopperPearsonUpper(k, T, alpha / 2);
  const half = (U - L) / 2;
  const inside = Math.min(p0 - L, U - p0);
  return {
    id: c.id,
    claim: c.claim,
    rule: 'binomial-equal',
    status: c.status,
    measuredLabel: 'event rate',
    measured: k / T,
    bound: p0,
    margin: half > 0 ? inside / half : inside >= 0 ? 1 : -Infinity,
    verdict: p0 >= L && p0 <= U ? 'pass' : 'fail',
    details: {
      events: k,
      trials: T,
      p0,
      alpha,
      cpLower: L,
      cpUpper: U,
      rule: `reject when p₀ is outside the two-sided Clopper–Pearson interval at level α = ${alpha}`,
    },
  };
}

/**
 * "y ∝ x^target": the least-squares slope of ln y on ln x must lie within ±tol of target.
 */
export function slopeClaim(
  c: ClaimBase & { readonly x: ArrayLike<number>; readonly y: ArrayLike<number>; readonly target: number; readonly tol: number },
): ClaimResult {
  const fit = logLogSlope(c.x, c.y);
  const dev = Math.abs(fit.slope - c.target);
  return {
    id: c.id,
    claim: c.claim,
    rule: 'slope',
    status: c.status,
    measuredLabel: 'log–log slope',
    measured: fit.slope,
    bound: c.target,
    margin: 1 - dev / c.tol,
    verdict: dev <= c.tol ? 'pass' : 'fail',
    details: {
      target: c.target,
      tolerance: c.tol,
      slope: fit.slope,
      intercept: fit.intercept,
      stderr: fit.stderr,
      r2: fit.r2,
      points: fit.points,
      x: Array.from(c.x),
      y: Array.from(c.y),
      rule: `pass when |slope − (${c.target})| ≤ ${c.tol}`,
    },
  };
}

/**
 * A deterministic inequality `measured ≤ bound` (or ≥), accepted up to a rounding tolerance:
 * measured ≤ bound + atol + rtol·|bound|.
 */
export function inequalityClaim(
  c: ClaimBase & {
    readonly measured: number;
    readonly bound: number;
    readonly direction: '<=' | '>=';
    readonly atol: number;
    readonly rtol: number;
    readonly measuredLabel: string;
  },
): ClaimResult {
  const slack = c.atol + c.rtol * Math.abs(c.bound);
  const ok = c.direction === '<=' ? c.measured <= c.bound + slack : c.measured >= c.bound - slack;
  return {
    id: c.id,
    claim: c.claim,
    rule: 'inequality',
    status: c.status,
    measuredLabel: c.measuredLabel,
    measured: c.measured,
    bound: c.bound,
    margin: relMargin(c.measured, c.bound, c.direction),
    verdict: ok ? 'pass' : 'fail',
    details: { direction: c.direction, atol: c.atol, rtol: c.rtol, rule: `pass when measured ${c.direction} bound ${c.direction === '<=' ? '+' : '−'} (atol + rtol·|bound|)` },
  };
}

/** A measurement reported without a verdict (it never fails a check). */
export function infoClaim(
  c: ClaimBase & { readonly measured: number; readonly bound: number; readonly measuredLabel: string; readonly direction: '<=' | '>='; readonly details?: { readonly [k: string]: Json } },
): ClaimResult {
  return {
    id: c.id,
    claim: c.claim,
    rule: 'info',
    status: c.status,
    measuredLabel: c.measuredLabel,
    measured: c.measured,
    bound: c.bound,
    margin: relMargin(c.measured, c.bound, c.direction),
    verdict: 'info',
    details: c.details ?? {},
  };
}

/** Signed relative room of `measured` against `bound`. */
export function relMargin(measured: number, bound: number, direction: '<=' | '>='): number {
  const diff = direction === '<=' ? bound - measured : measured - bound;
  if (bound === 0) return diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
  return diff / Math.abs(bound);
}

function fmtPct(x: number): string {
  return `${Number((100 * x).toPrecision(6))}%`;
}
