/**
 * The check interface. A check is one theorem: its statement in words and as a formula, its
 * source, the constants it relies on (each marked proven, derived or empirical), and a `run`
 * that sweeps parameters, runs seeded trials, and turns measurements into evaluated claims with
 * the pass rules of `rules.ts`.
 *
 * Adding a check is one file under `checks/` exporting a {@link CheckDefinition} and one line in
 * `registry.ts`.
 *
 * @module
 */
import type { DenseMatrix } from '../src/core/matrix.js';
import type { PlotSpec } from './svg.js';

/**
 * How far a constant is established:
 * - `proven`: a theorem in the literature (the source says which);
 * - `derived`: a short derivation from proven inequalities, written out next to the check
 *   (reviewable, not peer-reviewed);
 * - `empirical`: a measured behaviour, not a theorem.
 */
export type ConstantStatus = 'proven' | 'derived' | 'empirical';

/** A constant (or the form of a bound) a check relies on. */
export interface ConstantNote {
  readonly name: string;
  readonly value: string;
  readonly status: ConstantStatus;
  readonly source: string;
}

/**
 * The pass rules:
 * - `binomial-upper`: "P(fail) ≤ δ"; rejected when the one-sided Clopper–Pearson lower bound on
 *   the failure rate at level α exceeds δ;
 * - `binomial-exceeds`: "P(fail) > δ" (a counterexample); confirmed when the one-sided
 *   Clopper–Pearson lower bound at level α exceeds δ;
 * - `binomial-equal`: "P(event) = p₀" (an exact law); rejected when p₀ is outside the two-sided
 *   Clopper–Pearson interval at level α (α/2 in each tail);
 * - `slope`: "quantity ∝ x^s"; the log–log least-squares slope must be within ±tol of s;
 * - `inequality`: a deterministic inequality, with a rounding tolerance;
 * - `info`: a measurement reported without a verdict (for example a bound that does not apply
 *   to a user's matrix).
 */
export type RuleName = 'binomial-upper' | 'binomial-exceeds' | 'binomial-equal' | 'slope' | 'inequality' | 'info';

/** Verdict of a claim or a check. `info` claims never fail a check. */
export type Verdict = 'pass' | 'fail' | 'info';

/** JSON-serialisable values (results.json holds nothing else). */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

/** One evaluated claim. */
export interface ClaimResult {
  /** Unique within the check, e.g. `m=40` or `rate`. */
  readonly id: string;
  /** The claim in words, with its parameters. */
  readonly claim: string;
  readonly rule: RuleName;
  /** How far the constant in the bound is established. */
  readonly status: ConstantStatus;
  /** What `measured` is (e.g. "95% quantile of ε", "failure rate", "slope"). */
  readonly measuredLabel: string;
  readonly measured: number;
  readonly bound: number;
  /**
   * Relative room, signed: ≥ 0 when the measurement is on the right side of the bound.
   * - `≤` claims: (bound − measured)/|bound|;  `≥` claims: (measured − bound)/|bound|;
   * - slope: 1 − |slope − target|/tol (the unused fraction of the tolerance);
   * - binomial-equal: how deep p₀ sits inside the interval, min(p₀ − L, U − p₀)/((U − L)/2).
   */
  readonly margin: number;
  readonly verdict: Verdict;
  /** Every number the rule used (counts, α, Clopper–Pearson bounds, fit statistics …). */
  readonly details: { readonly [k: string]: Json };
}

/** What a check's `run` receives. */
export interface CheckContext {
  readonly name: string;
  readonly quick: boolean;
  /** Base seed of the run, as a string. */
  readonly seed: string;
  /**
   * A user-supplied matrix (dense, column-major), or null for the check's default data.
   * Hook for the CLI `--matrix data.mtx` (comes with the IO module) and for {@link runCheck}.
   */
  readonly matrix: DenseMatrix | null;
  /**
   * The seed of one consumer of randomness: `<seed>:<check>:<parts joined by ':'>`, a string
   * seed that reproduces that trial alone (randnla seeds may be strings).
   */
  seedFor(...parts: readonly (string | number)[]): string;
  /** Reports progress in trial units (drives the terminal progress bar). */
  progress(done: number, total: number): void;
}

/** What a check's `run` returns. */
export interface CheckRun {
  /** Fixed parameters (sizes, δ, α, trials …). */
  readonly parameters: { readonly [k: string]: Json };
  /** The swept parameter. */
  readonly sweep: { readonly name: string; readonly values: readonly number[] };
  /** Evaluated claims; the check fails when any non-info claim fails. */
  readonly claims: readonly ClaimResult[];
  /** Every measured number (per sweep point, per trial), for results.json. */
  readonly data: { readonly [k: string]: Json };
  /** The plot: measured against bound. */
  readonly plot: PlotSpec;
  /** Remarks printed in the report. */
  readonly notes?: readonly string[];
}

/** One theorem, checked. */
export interface CheckDefinition {
  /** Kebab-case id, unique: used by `--only`, for the SVG file name and in seeds. */
  readonly name: string;
  /** Library module the theorem is about ('sketch', later 'sampling', 'regression' …); `--only <module>` selects all. */
  readonly module: string;
  readonly title: string;
  /** The statement in words. */
  readonly statement: string;
  /** The statement as a formula (plain text with Unicode). */
  readonly formula: string;
  /** Paper and theorem. */
  readonly source: string;
  readonly constants: readonly ConstantNote[];
  /** What is measured in each trial. */
  readonly measured: string;
  /** The default data. */
  readonly data: string;
  /** How a user's matrix is used (`runCheck(name, { matrix })`), or null when the check takes none. */
  readonly userMatrix: string | null;
  /** The pass rule in words. */
  readonly passRule: string;
  run(ctx: CheckContext): CheckRun;
}

/** A check's entry in results.json: its definition's fields, then what the run gave. */
export interface CheckResult extends Omit<CheckDefinition, 'run'> {
  /** `pass`, `fail`, or `error` (the check threw; counts as a failure). */
  readonly verdict: 'pass' | 'fail' | 'error';
  /** The error message when verdict is `error`. */
  readonly error: string | null;
  readonly quick: boolean;
  /** Seed scheme: the base seed and the pattern of the per-trial seeds. */
  readonly seeds: { readonly base: string; readonly pattern: string; readonly userMatrix: boolean };
  readonly parameters: { readonly [k: string]: Json };
  readonly sweep: { readonly name: string; readonly values: readonly number[] };
  readonly claims: readonly ClaimResult[];
  readonly results: { readonly [k: string]: Json };
  readonly notes: readonly string[];
  /** The plot spec (rendered to `<name>.svg`); not written to results.json. */
  readonly plot: PlotSpec | null;
}

/** Metadata of a run. */
export interface RunMeta {
  readonly tool: 'randnla proofs-check';
  readonly package: { readonly name: string; readonly version: string };
  /** `git rev-parse HEAD`, or null outside a git checkout. */
  readonly commit: string | null;
  readonly node: string;
  readonly seed: string;
  readonly quick: boolean;
  readonly only: readonly string[] | null;
  readonly summary: { readonly checks: number; readonly passed: number; readonly failed: number; readonly claims: number; readonly probabilisticClaims: number };
}

/** A whole run; results.json is `{ meta, checks, timings }` (timings kept apart so that the rest is reproducible). */
export interface RunResult {
  readonly meta: RunMeta;
  readonly checks: readonly CheckResult[];
  readonly timings: { readonly totalMs: number; readonly checks: { readonly [name: string]: number } };
}
