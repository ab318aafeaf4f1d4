/**
 * E003: ℓ1 regression by row sampling against the full problem.
 *
 * @module
 */
import { fromColMajor, type DenseMatrix } from '../../core/matrix.js';
import { matvec } from '../../core/ops.js';
import { lpRegression } from '../../regression/index.js';
import { rngFromSeed, sampleWithoutReplacement } from '../../rng/index.js';
import { CliError } from '../errors.js';
import type { Experiment } from '../experiment.js';
import { PALETTE } from '../../plot/svg.js';
import { checkChoices, checkInt, checkInts, checkReals, gaussianMatrix, gaussianVector, median, pick, quantile, sig, textTable } from './util.js';
import { expDet } from '../../rng/elementary.js';

/** Parameters of E003. */
export interface E003Params {
  readonly n: number;
  readonly d: number;
  /** Expected numbers of sampled rows. */
  readonly sampleSizes: number[];
  /** `lewis-sampling`, `sensitivity-sampling` (lpRegression) and `uniform` (a baseline: m rows uniformly, unweighted). */
  readonly methods: string[];
  readonly trials: number;
  /**
   * Rows in which the last column of A is nonzero (a rare feature, entries rareScale·N(0, 1)):
   * together they hold the rare column's leverage, about 1, and a uniform sample of m rows misses
   * all of them with probability about (1 − m/n)^rareRows, leaving that coefficient undetermined.
   */
  readonly rareRows: number;
  /** Scale of the rare feature's entries (rareScale·N(0, 1)). */
  readonly rareScale: number;
}

const METHODS = ['lewis-sampling', 'sensitivity-sampling', 'uniform'];

/** Rows `idx` of A (column-major copy) and of b. */
function takeRows(A: DenseMatrix, b: Float64Array, idx: Int32Array | number[]): { A: DenseMatrix; b: Float64Array } {
  const m = idx.length, d = A.cols;
  const out = new Float64Array(m * d);
  const bb = new Float64Array(m);
  for (let t = 0; t < m; t++) {
    const i = idx[t];
    bb[t] = b[i];
    for (let j = 0; j < d; j++) out[j * m + t] = A.data[A.offset + i * A.rowStride + j * A.colStride];
  }
  return { A: fromColMajor(m, d, out), b: bb };
}

function l1Objective(A: DenseMatrix, b: Float64Array, x: Float64Array): number {
  const Ax = matvec(A, x);
  let s = 0;
  for (let i = 0; i < b.length; i++) s += Math.abs(Ax[i] - b[i]);
  return s;
}

/** E003. */
export const E003: Experiment<E003Params> = {
  id: 'E003',
  title: 'ℓ1 regression by sampling against the full problem',
  question: 'How close to the optimal ℓ1 objective does sample-and-solve get, as a function of the sample size, with Lewis-weight and sensitivity sampling against uniform sampling, when a few rows carry information no other row has?',
  defaults: {
    n: 4000,
    d: 8,
    sampleSizes: [50, 100, 200, 400, 800, 1600],
    methods: [...METHODS],
    trials: 10,
    rareRows: 8,
    rareScale: 300,
  },
  validate(p) {
    checkInt('E003', 'n', p.n, 2, 1 << 22);
    checkInt('E003', 'd', p.d, 1, p.n);
    checkInts('E003', 'sampleSizes', p.sampleSizes, 1, p.n);
    checkChoices('E003', 'methods', p.methods, METHODS);
    checkInt('E003', 'trials', p.trials, 1, 1000);
    checkInt('E003', 'rareRows', p.rareRows, 1, p.n);
    checkReals('E003', 'rareScale', [p.rareScale], 0, 1e12);
    if (p.d < 2) throw new CliError('E003: parameter \'d\' must be at least 2 (the last column is the rare feature)');
    return p;
  },
  *run(p, ctx) {
    // Data: Gaussian A whose last column is rareScale·N(0, 1) on the first `rareRows` rows and 0 elsewhere;
    // b = A·x + heavy-tailed noise z₁·exp(z₂) (a log-normal scale mixture of normals).
    const A = gaussianMatrix(p.n, p.d, ctx.seed('data', 'A'));
    const last = (p.d - 1) * p.n;
    for (let i = 0; i < p.n; i++) A.data[last + i] = i < p.rareRows ? p.rareScale * A.data[last + i] : 0;
    const b = matvec(A, gaussianVector(p.d, ctx.seed('data', 'x')));
    const z1 = gaussianVector(p.n, ctx.seed('data', 'noise', 1));
    const z2 = gaussianVector(p.n, ctx.seed('data', 'noise', 2));
    for (let i = 0; i < p.n; i++) b[i] += z1[i] * expDet(z2[i]);
    const { value: full, ms: fullMs } = ctx.time(() => lpRegression(A, b, 1));
    yield { method: 'full', sampleSize: p.n, trial: 0, seed: null, objective: full.objective, ratio: 1, rowsSolved: p.n, converged: full.converged, timing: { ms: fullMs } };
    const total = p.sampleSizes.length * p.methods.length * p.trials;
    let done = 0;
    for (const m of p.sampleSizes) {
      for (const method of p.methods) {
        for (let trial = 0; trial < p.trials; trial++) {
          const seed = ctx.seed('sample', method, m, trial);
          const { value, ms } = ctx.time(() => {
            if (method === 'uniform') {
              const idx = sampleWithoutReplacement(rngFromSeed(seed), p.n, m);
              const S = takeRows(A, b, Array.from(idx));
              const r = lpRegression(S.A, S.b, 1);
              return { x: r.x, rows: m, converged: r.converged };
            }
            const r = lpRegression(A, b, 1, { method: method as 'lewis-sampling' | 'sensitivity-sampling', sampleSize: m, seed });
            return { x: r.x, rows: r.sampleSize ?? m, converged: r.converged };
          });
          const objective = l1Objective(A, b, value.x);
          yield { method, sampleSize: m, trial, seed, objective, ratio: objective / full.objective, rowsSolved: value.rows, converged: value.converged, timing: { ms } };
          ctx.progress(++done, total, `${method} m=${m}`);
        }
      }
    }
  },
  plot(records, p) {
    return {
      title: 'E003: ℓ1 regression by sampling',
      panels: [
        {
          title: `f(x̂)/f(x*) − 1 (median and 90% quantile of ${p.trials}), n = ${p.n}, d = ${p.d}, ${p.rareRows} rows with a rare feature`,
          xLabel: 'expected sample size m',
          yLabel: 'excess objective',
          xLog: true,
          yLog: true,
          xTicks: p.sampleSizes,
          series: p.methods.flatMap((method, k) => [
            { label: `${method} median`, points: p.sampleSizes.map((m) => [m, median(pick(records, 'ratio', { method, sampleSize: m })) - 1] as const), color: PALETTE[k] },
            { label: `${method} 90%`, points: p.sampleSizes.map((m) => [m, quantile(pick(records, 'ratio', { method, sampleSize: m }), 0.9) - 1] as const), style: 'dashed' as const, color: PALETTE[k] },
          ]),
        },
      ],
    };
  },
  summarize(records, p) {
    const rows: string[][] = [['method', ...p.sampleSizes.map((m) => `m=${m}`)]];
    for (const method of p.methods) rows.push([method, ...p.sampleSizes.map((m) => sig(median(pick(records, 'ratio', { method, sampleSize: m })) - 1))]);
    return ['median excess objective f(x̂)/f(x*) − 1:', ...textTable(rows)];
  },
};
