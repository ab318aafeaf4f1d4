/**
 * The shared runner: selects checks, gives each a seeded context, catches errors, and collects
 * a {@link RunResult} (written out by `report.ts`).
 *
 * Reproducibility: every random draw of a check comes from a string seed
 * `<seed>:<check>:<parts>` (see {@link CheckContext.seedFor}), so the same base seed gives the
 * same numbers bit for bit, and quick mode runs a subset of the trials of full mode with the same
 * seeds. Wall-clock timings are kept in `timings`, apart from everything else.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asMatrix, type MatrixLike } from '../src/core/interop.js';
import { toColMajor, type DenseMatrix } from '../src/core/matrix.js';
import { CHECKS } from './registry.js';
import type { CheckContext, CheckDefinition, CheckResult, RunMeta, RunResult } from './types.js';

/** Default base seed. */
export const DEFAULT_SEED = '20261204';

/** Progress of a run, in trial units of the current check. */
export interface ProgressEvent {
  readonly check: string;
  /** 0-based index of the check in the run, and the number of checks. */
  readonly index: number;
  readonly count: number;
  readonly done: number;
  readonly total: number;
}

/** Options of {@link runChecks}. */
export interface RunOptions {
  /** Quick mode (CI): fewer trials and sweep points, same bounds and α. Default false. */
  readonly quick?: boolean;
  /** Base seed (non-negative integer or string). Default {@link DEFAULT_SEED}. */
  readonly seed?: string | number;
  /** Names or module names to run (`--only`); null or empty for all. */
  readonly only?: readonly string[] | null;
  /** Run the checks on this matrix instead of their default data (checks that take none are skipped). */
  readonly matrix?: MatrixLike | null;
  /** The checks to choose from (default: the registry). */
  readonly checks?: readonly CheckDefinition[];
  readonly onProgress?: (e: ProgressEvent) => void;
}

/** Thrown for a bad selection (an unknown `--only` name). */
export class SelectionError extends Error {
  override readonly name = 'SelectionError';
}

/**
 * The checks matching `only`: each entry is a check name or a module name ('sketch' selects
 * every sketch check). Registry order is kept. Throws {@link SelectionError} on an unknown entry.
 */
export function selectChecks(checks: readonly CheckDefinition[], only: readonly string[] | null | undefined): CheckDefinition[] {
  if (!only || only.length === 0) return [...checks];
  for (const o of only) {
    if (!checks.some((c) => c.name === o || c.module === o)) {
      throw new SelectionError(`unknown check '${o}'; known: ${checks.map((c) => c.name).join(', ')} (or a module: ${[...new Set(checks.map((c) => c.module))].join(', ')})`);
    }
  }
  return checks.filter((c) => only.some((o) => c.name === o || c.module === o));
}

let cachedMeta: { name: string; version: string; commit: string | null } | null = null;

/** Package name and version (from the package.json above this folder) and the git commit. */
export function packageInfo(): { name: string; version: string; commit: string | null } {
  if (cachedMeta) return cachedMeta;
  let dir = dirname(fileURLToPath(import.meta.url));
  let name = 'randnla';
  let version = 'unknown';
  let root: string | null = null;
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'randnla') {
        name = pkg.name;
        version = pkg.version ?? 'unknown';
        root = dir;
        break;
      }
    }
    dir = dirname(dir);
  }
  let commit: string | null = null;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root ?? process.cwd(), stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim() || null;
  } catch {
    commit = null;
  }
  cachedMeta = { name, version, commit };
  return cachedMeta;
}

function canonicalSeed(seed: string | number | undefined): string {
  if (seed === undefined) return DEFAULT_SEED;
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer or a string (got ${seed})`);
    return String(seed);
  }
  if (seed.length === 0) throw new RangeError('seed must not be empty');
  return seed;
}

function toUserMatrix(matrix: MatrixLike | null | undefined): DenseMatrix | null {
  if (matrix === null || matrix === undefined) return null;
  return toColMajor(asMatrix(matrix, 'runCheck'));
}

/** Runs one check in a fresh context; an exception becomes verdict 'error'. */
function runOne(
  def: CheckDefinition,
  opts: { quick: boolean; seed: string; matrix: DenseMatrix | null },
  progress: (done: number, total: number) => void,
): CheckResult {
  const ctx: CheckContext = {
    name: def.name,
    quick: opts.quick,
    seed: opts.seed,
    matrix: opts.matrix,
    seedFor: (...parts) => [opts.seed, def.name, ...parts.map(String)].join(':'),
    progress,
  };
  const head = {
    name: def.name,
    module: def.module,
    title: def.title,
    statement: def.statement,
    formula: def.formula,
    source: def.source,
    constants: def.constants,
    measured: def.measured,
    data: def.data,
    userMatrix: def.userMatrix,
    passRule: def.passRule,
  };
  const seeds = { base: opts.seed, pattern: `${opts.seed}:${def.name}:<sweep point>:<trial>`, userMatrix: opts.matrix !== null };
  try {
    const r = def.run(ctx);
    const failed = r.claims.some((c) => c.verdict === 'fail');
    return {
      ...head,
      verdict: failed ? 'fail' : 'pass',
      error: null,
      quick: opts.quick,
      seeds,
      parameters: r.parameters,
      sweep: r.sweep,
      claims: r.claims,
      results: r.data,
      notes: r.notes ?? [],
      plot: r.plot,
    };
  } catch (e) {
    return {
      ...head,
      verdict: 'error',
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      quick: opts.quick,
      seeds,
      parameters: {},
      sweep: { name: '', values: [] },
      claims: [],
      results: {},
      notes: [],
      plot: null,
    };
  }
}

/** Runs the selected checks and returns the whole result (nothing is written). */
export function runChecks(options: RunOptions = {}): RunResult {
  const quick = options.quick ?? false;
  const seed = canonicalSeed(options.seed);
  const matrix = toUserMatrix(options.matrix);
  let selected = selectChecks(options.checks ?? CHECKS, options.only);
  if (matrix) selected = selected.filter((c) => c.userMatrix !== null);
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const checks: CheckResult[] = [];
  selected.forEach((def, index) => {
    const t = performance.now();
    const r = runOne(def, { quick, seed, matrix }, (done, total) =>
      options.onProgress?.({ check: def.name, index, count: selected.length, done, total }),
    );
    timings[def.name] = Math.round(performance.now() - t);
    checks.push(r);
  });
  const info = packageInfo();
  const claims = checks.flatMap((c) => c.claims);
  const meta: RunMeta = {
    tool: 'randnla proofs-check',
    package: { name: info.name, version: info.version },
    commit: info.commit,
    node: process.version,
    seed,
    quick,
    only: options.only && options.only.length ? [...options.only] : null,
    summary: {
      checks: checks.length,
      passed: checks.filter((c) => c.verdict === 'pass').length,
      failed: checks.filter((c) => c.verdict !== 'pass').length,
      claims: claims.length,
      probabilisticClaims: claims.filter((c) => c.rule.startsWith('binomial')).length,
    },
  };
  return { meta, checks, timings: { totalMs: Math.round(performance.now() - t0), checks: timings } };
}

/** Options of {@link runCheck}. */
export interface RunCheckOptions {
  /** The user's matrix (any randnla MatrixLike: number[][], DenseMatrix, ml-matrix, mathjs). Default: the check's own data. */
  readonly matrix?: MatrixLike | null;
  readonly quick?: boolean;
  readonly seed?: string | number;
}

/**
 * Runs one check, optionally on your own matrix: "does the theorem hold on my kind of data, and
 * with how much room?". Returns the check's result (claims with measured, bound, margin and
 * verdict; every measured number in `results`). Write it out with `writeReport`.
 *
 * @example
 * ```ts
 * import { runCheck } from './proofs-check/index.js';
 * const r = runCheck('sketch-embedding-gaussian', { matrix: A, quick: true, seed: 7 });
 * r.verdict;                       // 'pass' | 'fail' | 'error'
 * r.claims.map((c) => c.margin);   // relative room per claim
 * ```
 * @throws SelectionError for an unknown name or a check that takes no matrix when one is given.
 */
export function runCheck(name: string, options: RunCheckOptions = {}): CheckResult {
  const def = CHECKS.find((c) => c.name === name);
  if (!def) throw new SelectionError(`unknown check '${name}'; known: ${CHECKS.map((c) => c.name).join(', ')}`);
  if (options.matrix != null && def.userMatrix === null) throw new SelectionError(`check '${name}' does not run on a user matrix`);
  const matrix = toUserMatrix(options.matrix);
  return runOne(def, { quick: options.quick ?? false, seed: canonicalSeed(options.seed), matrix }, () => {});
}
