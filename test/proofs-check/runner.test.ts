/**
 * The runner and the CLI: reproducibility (same seed ⇒ identical results.json, timings aside,
 * and byte-identical report.md and SVGs), `--only` filtering, exit codes, a deliberately false
 * claim failing, user matrices, and the registry contract.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddingGaussian, gaussianEpsilon } from '../../proofs-check/checks/embedding-gaussian.js';
import { _identityDeviations, _matrixDeviations } from '../../proofs-check/checks/oce-dense-vs-countsketch.js';
import { main, parseArgs, UsageError } from '../../proofs-check/cli.js';
import { basisDistortion, gaussMatrix, rangeBasis, svDistortion } from '../../proofs-check/data.js';
import { CHECKS } from '../../proofs-check/registry.js';
import { probabilityClaim } from '../../proofs-check/rules.js';
import { runCheck, runChecks, selectChecks, SelectionError } from '../../proofs-check/runner.js';
import type { CheckDefinition } from '../../proofs-check/types.js';
import { fromColMajor } from '../../src/core/matrix.js';
import { embeddingDistortion, oceDeviation } from '../../src/sketch/measures.js';
import type { SketchSpec } from '../../src/sketch/spec.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'proofs-check-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const silent = { stdout: { write: () => true }, stderr: { write: () => true, isTTY: false } };
function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s), isTTY: false } }, out, err };
}

function readResults(dir: string): { meta: Record<string, unknown>; checks: Record<string, unknown>[]; timings?: unknown } {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
}

const CHEAP = 'sketch-embedding-countsketch';

describe('reproducibility', () => {
  it('the same seed gives identical results.json (timings stripped) and byte-identical report.md and SVG', () => {
    const a = tmp();
    const b = tmp();
    expect(main(['--quick', '--only', CHEAP, '--seed', '11', '--out', a], { io: silent })).toBe(0);
    expect(main(['--quick', '--only', CHEAP, '--seed', '11', '--out', b], { io: silent })).toBe(0);
    const ra = readResults(a);
    const rb = readResults(b);
    expect(ra.timings).toBeDefined();
    delete ra.timings;
    delete rb.timings;
    expect(JSON.stringify(ra)).toBe(JSON.stringify(rb));
    expect(readdirSync(a).sort()).toEqual(['report.md', 'results.json', `${CHEAP}.svg`]);
    for (const f of ['report.md', `${CHEAP}.svg`]) expect(readFileSync(join(a, f))).toEqual(readFileSync(join(b, f)));
    // every number is there, with the seeds and the environment
    const c = ra.checks[0] as { seeds: { base: string; pattern: string }; results: { sigmaMin: number[][] }; claims: unknown[] };
    expect(c.seeds.base).toBe('11');
    expect(c.seeds.pattern).toBe(`11:${CHEAP}:<sweep point>:<trial>`);
    expect(c.results.sigmaMin.length).toBeGreaterThan(0);
    expect(c.results.sigmaMin[0].length).toBe(40);
    const meta = ra.meta as { package: { name: string; version: string }; node: string; commit: string | null; seed: string; quick: boolean };
    expect(meta.package.name).toBe('randnla');
    expect(meta.node).toBe(process.version);
    expect(meta.commit === null || /^[0-9a-f]{40}$/.test(meta.commit)).toBe(true);
    expect(meta.quick).toBe(true);
  });

  it('another seed gives other numbers', () => {
    const r1 = runChecks({ quick: true, only: [CHEAP], seed: 1 });
    const r2 = runChecks({ quick: true, only: [CHEAP], seed: 2 });
    expect(JSON.stringify(r1.checks[0].results)).not.toBe(JSON.stringify(r2.checks[0].results));
  });
});

describe('selection and exit codes', () => {
  it('--only runs exactly the named checks; a module name selects its checks', () => {
    const d = tmp();
    expect(main(['--quick', '--only', CHEAP, '--out', d], { io: silent })).toBe(0);
    const r = readResults(d);
    expect(r.checks.map((c) => c.name)).toEqual([CHEAP]);
    expect((r.meta as { only: string[] }).only).toEqual([CHEAP]);
    expect(selectChecks(CHECKS, ['sketch']).length).toBe(CHECKS.filter((c) => c.module === 'sketch').length);
    expect(selectChecks(CHECKS, [CHEAP, 'sketch-jl-dimension']).map((c) => c.name)).toEqual(
      CHECKS.filter((c) => c.name === CHEAP || c.name === 'sketch-jl-dimension').map((c) => c.name),
    );
    expect(selectChecks(CHECKS, null).length).toBe(CHECKS.length);
  });

  it('an unknown --only name, an unknown option and an unreadable --matrix file exit with 2', () => {
    const c1 = capture();
    expect(main(['--only', 'no-such-check'], { io: c1.io })).toBe(2);
    expect(c1.err.join('')).toMatch(/unknown check 'no-such-check'/);
    expect(main(['--bogus'], { io: silent })).toBe(2);
    const c2 = capture();
    expect(main(['--matrix', 'no-such-file.mtx'], { io: c2.io })).toBe(2);
    expect(c2.err.join('')).toMatch(/--matrix no-such-file\.mtx: /);
    expect(() => selectChecks(CHECKS, ['nope'])).toThrow(SelectionError);
  });

  it('parses options', () => {
    expect(parseArgs(['--quick', '--only', 'a,b', '--only=c', '--seed=abc', '--out', 'x'])).toMatchObject({
      quick: true,
      only: ['a', 'b', 'c'],
      seed: 'abc',
      out: 'x',
    });
    expect(() => parseArgs(['--seed'])).toThrow(UsageError);
    const c = capture();
    expect(main(['--list'], { io: c.io })).toBe(0);
    expect(c.out.join('').split('\n').filter(Boolean).length).toBe(CHECKS.length);
  });
});

/**
 * The Gaussian embedding measurement at one m, with the proven bound ε(m) multiplied by `scale`:
 * scale = 1 is Vershynin Cor. 5.35 (must pass); scale = 0.1 is a bound 10× too tight (must fail).
 */
function gaussianCheckWithBound(name: string, scale: number): CheckDefinition {
  return {
    ...embeddingGaussian,
    name,
    run(ctx) {
      const n = 256, d = 5, m = 80, T = 30, delta = 0.05;
      const U = rangeBasis(gaussMatrix(n, d, ctx.seedFor('data')));
      const values: number[] = [];
      for (let t = 0; t < T; t++) values.push(svDistortion(basisDistortion({ kind: 'gaussian', rows: m, cols: n, seed: ctx.seedFor(`m=${m}`, t) }, U)));
      const bound = scale * gaussianEpsilon(m, d, delta);
      return {
        parameters: { n, d, m, delta, trials: T, scale },
        sweep: { name: 'm', values: [m] },
        claims: [probabilityClaim({ id: `m=${m}`, claim: `P(ε > ${scale}·ε(m)) ≤ δ`, status: 'proven', values, bound, delta, alpha: 1e-3, quantity: 'ε' })],
        data: { eps: values },
        plot: { title: name, panels: [{ xLabel: 'm', yLabel: 'ε', series: [{ label: 'ε', style: 'markers', points: values.map((v) => [m, v] as const) }] }] },
      };
    },
  };
}

describe('a deliberately false claim fails', () => {
  it('the Gaussian bound 10× too tight: verdict fail, exit code 1; the true bound passes', () => {
    const d = tmp();
    const c = capture();
    const code = main(['--quick', '--out', d], { checks: [gaussianCheckWithBound('gaussian-bound-true', 1), gaussianCheckWithBound('gaussian-bound-10x-tight', 0.1)], io: c.io });
    expect(code).toBe(1);
    const r = readResults(d);
    const byName = Object.fromEntries(r.checks.map((k) => [k.name, k as { verdict: string; claims: { verdict: string; margin: number; details: { failures: number } }[] }]));
    expect(byName['gaussian-bound-true'].verdict).toBe('pass');
    expect(byName['gaussian-bound-true'].claims[0].margin).toBeGreaterThan(0);
    expect(byName['gaussian-bound-10x-tight'].verdict).toBe('fail');
    expect(byName['gaussian-bound-10x-tight'].claims[0].details.failures).toBe(30);
    expect(byName['gaussian-bound-10x-tight'].claims[0].margin).toBeLessThan(0);
    expect(c.out.join('')).toMatch(/FAIL\s+gaussian-bound-10x-tight/);
    expect(readFileSync(join(d, 'report.md'), 'utf8')).toMatch(/\*\*FAIL\*\*/);
    expect(main(['--quick', '--out', tmp()], { checks: [gaussianCheckWithBound('gaussian-bound-true', 1)], io: silent })).toBe(0);
  });

  it('a check that throws is an error and fails the run', () => {
    const broken: CheckDefinition = { ...embeddingGaussian, name: 'broken', run: () => { throw new Error('boom'); } };
    const d = tmp();
    expect(main(['--out', d], { checks: [broken], io: silent })).toBe(1);
    const r = readResults(d);
    expect(r.checks[0].verdict).toBe('error');
    expect(r.checks[0].error).toBe('Error: boom');
  });
});

describe('user matrices (runCheck)', () => {
  it('runs the Gaussian embedding check on a given matrix', () => {
    // 300×4 with one heavy row: number[][] input, as users have it
    const A = Array.from({ length: 300 }, (_, i) => [Math.sin(i + 1), Math.cos(3 * i), (i % 7) - 3, i === 0 ? 100 : Math.sin(i * i)]);
    const r = runCheck('sketch-embedding-gaussian', { matrix: A, quick: true, seed: 5 });
    expect(r.verdict).toBe('pass');
    expect(r.seeds.userMatrix).toBe(true);
    expect(r.parameters.d).toBe(4);
    expect(String(r.parameters.data)).toMatch(/user matrix 300×4/);
    expect(r.sweep.values).toEqual([8, 32, 128]);
    const again = runCheck('sketch-embedding-gaussian', { matrix: A, quick: true, seed: 5 });
    expect(JSON.stringify(again.results)).toBe(JSON.stringify(r.results));
  });

  it('the OCE check on a user matrix keeps the Gaussian verdict and reports the rest as info', () => {
    const n = 256, p = 4;
    const data = new Float64Array(n * p);
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) data[j * n + i] = Math.cos((i + 1) * (j + 2));
    const r = runCheck('sketch-oce-dense-vs-countsketch', { matrix: fromColMajor(n, p, data), quick: true });
    expect(r.verdict).toBe('pass');
    expect(r.parameters.pairs).toBe(10);
    expect(r.claims.filter((c) => c.id.startsWith('gaussian-m=')).every((c) => c.rule === 'binomial-upper')).toBe(true);
    expect(r.claims.filter((c) => c.id.startsWith('countsketch')).every((c) => c.verdict === 'info')).toBe(true);
  });

  it('rejects unknown checks', () => {
    expect(() => runCheck('nope')).toThrow(SelectionError);
  });
});

describe('measurements agree with the library measures', () => {
  it('basisDistortion on a once-computed basis equals embeddingDistortion', () => {
    const A = gaussMatrix(300, 6, 'agree');
    const U = rangeBasis(A);
    for (const kind of ['gaussian', 'srht', 'countsketch', 'sparse-sign', 'sparse-stack'] as const) {
      const spec = { kind, rows: 48, cols: 300, seed: `agree-${kind}` } as SketchSpec;
      const a = basisDistortion(spec, U);
      const b = embeddingDistortion(spec, A);
      expect(Math.abs(a.sigmaMin - b.sigmaMin)).toBeLessThan(1e-12);
      expect(Math.abs(a.sigmaMax - b.sigmaMax)).toBeLessThan(1e-12);
    }
  });

  it('the OCE identity-column deviations equal oceDeviation on e₀ against e₁…e_q', () => {
    const n = 64, q = 15, m = 32;
    const X = new Float64Array(n);
    X[0] = 1;
    const Y = new Float64Array(n * q);
    for (let j = 0; j < q; j++) Y[j * n + j + 1] = 1;
    for (const kind of ['gaussian', 'srht', 'countsketch'] as const) {
      const mine = _identityDeviations(kind, m, n, q, `oce-${kind}`);
      const lib = oceDeviation({ kind, rows: m, cols: n, seed: `oce-${kind}` } as SketchSpec, fromColMajor(n, 1, X), fromColMajor(n, q, Y));
      for (let j = 0; j < q; j++) expect(Math.abs(mine[j] - lib.values[j])).toBeLessThan(1e-14);
    }
  });
});

describe('the OCE user-matrix path', () => {
  it('equals oceDeviation on the pairs i ≤ j', () => {
    const n = 100, p = 5;
    const data = new Float64Array(n * p);
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) data[j * n + i] = j === 3 ? 0 : Math.sin((i + 1) * (j + 1)) + (i === j ? 5 : 0);
    const A = fromColMajor(n, p, data);
    for (const kind of ['gaussian', 'srht', 'countsketch'] as const) {
      const mine = _matrixDeviations(kind, 40, A, `mat-${kind}`);
      const lib = oceDeviation({ kind, rows: 40, cols: n, seed: `mat-${kind}` } as SketchSpec, A, A);
      let t = 0;
      for (let i = 0; i < p; i++) for (let j = i; j < p; j++) expect(Math.abs(mine[t++] - lib.values[i * p + j])).toBeLessThan(1e-12);
    }
  });
});

describe('registry contract', () => {
  it('every check is documented and uniquely named', () => {
    const names = CHECKS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of CHECKS) {
      expect(c.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const f of [c.title, c.statement, c.formula, c.source, c.measured, c.data, c.passRule]) expect(f.length).toBeGreaterThan(10);
      expect(c.constants.length).toBeGreaterThan(0);
      for (const k of c.constants) expect(['proven', 'derived', 'empirical']).toContain(k.status);
    }
  });
});
