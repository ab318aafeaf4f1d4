/**
 * E004: matrix-completion error against the number of observed entries.
 *
 * @module
 */
import { completeMatrix, observations, type CompletionMethod } from '../../completion/index.js';
import { rngFromSeed, sampleWithoutReplacement } from '../../rng/index.js';
import type { Experiment } from '../experiment.js';
import { checkChoices, checkInt, checkReals, gaussianVector, median, pick, sig, textTable } from './util.js';

/** Parameters of E004. */
export interface E004Params {
  /** Rows m of the matrix. */
  readonly m: number;
  /** Columns n. */
  readonly n: number;
  /** True rank r (and the rank fitted). */
  readonly rank: number;
  /** Numbers of observed entries, as multiples of the degrees of freedom r·(m + n − r). */
  readonly oversampling: number[];
  readonly methods: string[];
  readonly trials: number;
  /** Sweep limit of the alternating minimisation. */
  readonly maxIter: number;
  /** Entries, uniform over the whole matrix (observed or not), on which the error is measured. */
  readonly testEntries: number;
}

const METHODS = ['altmin', 'robust-altmin'];

/** E004. */
export const E004: Experiment<E004Params> = {
  id: 'E004',
  title: 'Completion error against the number of samples',
  question: 'How many uniformly sampled entries does alternating minimisation need to recover a random rank-r matrix, and does the sketch-preconditioned variant need more?',
  defaults: {
    m: 300,
    n: 200,
    rank: 3,
    oversampling: [1.25, 1.5, 2, 3, 4, 6, 8],
    methods: [...METHODS],
    trials: 3,
    maxIter: 40,
    testEntries: 2000,
  },
  validate(p) {
    checkInt('E004', 'm', p.m, 1, 1 << 16);
    checkInt('E004', 'n', p.n, 1, 1 << 16);
    checkInt('E004', 'rank', p.rank, 1, Math.min(p.m, p.n));
    const dof = p.rank * (p.m + p.n - p.rank);
    checkReals('E004', 'oversampling', p.oversampling, 0, (p.m * p.n) / dof + 1e-9);
    checkChoices('E004', 'methods', p.methods, METHODS);
    checkInt('E004', 'trials', p.trials, 1, 1000);
    checkInt('E004', 'maxIter', p.maxIter, 1, 10_000);
    checkInt('E004', 'testEntries', p.testEntries, 1, p.m * p.n);
    return p;
  },
  *run(p, ctx) {
    const { m, n, rank: r } = p;
    const dof = r * (m + n - r);
    const total = p.oversampling.length * p.methods.length * p.trials;
    let done = 0;
    for (let trial = 0; trial < p.trials; trial++) {
      // M = U·Vᵀ/√r with Gaussian factors: entries of variance 1.
      const U = gaussianVector(m * r, ctx.seed('data', trial, 'U'));
      const V = gaussianVector(n * r, ctx.seed('data', trial, 'V'));
      const entry = (i: number, j: number): number => {
        let s = 0;
        for (let k = 0; k < r; k++) s += U[i * r + k] * V[j * r + k];
        return s / Math.sqrt(r);
      };
      const testPos = sampleWithoutReplacement(rngFromSeed(ctx.seed('test', trial)), m * n, p.testEntries);
      const ti = Int32Array.from(testPos, (t) => Math.floor(t / n));
      const tj = Int32Array.from(testPos, (t) => t % n);
      let testNorm = 0;
      for (let t = 0; t < ti.length; t++) testNorm += entry(ti[t], tj[t]) ** 2;
      for (const c of p.oversampling) {
        const count = Math.min(m * n, Math.round(c * dof));
        const pos = sampleWithoutReplacement(rngFromSeed(ctx.seed('observe', trial, c)), m * n, count);
        const oi = Array.from(pos, (t) => Math.floor(t / n));
        const oj = Array.from(pos, (t) => t % n);
        const obs = observations(m, n, oi, oj, oi.map((i, t) => entry(i, oj[t])));
        for (const method of p.methods) {
          const seed = ctx.seed('fit', trial, c, method);
          const { value: res, ms } = ctx.time(() => completeMatrix(obs, r, { method: method as CompletionMethod, seed, maxIter: p.maxIter, tol: 1e-10 }));
          const pred = res.predictMany(ti, tj);
          let err = 0;
          for (let t = 0; t < ti.length; t++) err += (pred[t] - entry(ti[t], tj[t])) ** 2;
          yield {
            trial,
            oversampling: c,
            observed: count,
            fraction: count / (m * n),
            method,
            seed,
            testError: Math.sqrt(err / testNorm),
            iterations: res.iterations,
            converged: res.converged,
            stopReason: res.stopReason,
            flops: res.diagnostics.flops,
            timing: { ms },
          };
          ctx.progress(++done, total, `${method} |Ω|=${count}`);
        }
      }
    }
  },
  plot(records, p) {
    const dof = p.rank * (p.m + p.n - p.rank);
    return {
      title: 'E004: completion error against the number of samples',
      panels: [
        {
          title: `‖P_T(X − M)‖/‖P_T(M)‖ on ${p.testEntries} random entries (median of ${p.trials}), ${p.m}×${p.n}, rank ${p.rank}`,
          xLabel: `observed entries |Ω| (degrees of freedom ${dof})`,
          yLabel: 'relative test error',
          xLog: true,
          yLog: true,
          xTicks: p.oversampling.map((c) => Math.round(c * dof)),
          series: p.methods.map((method) => ({ label: method, points: p.oversampling.map((c) => [Math.round(c * dof), median(pick(records, 'testError', { method, oversampling: c }))] as const) })),
        },
      ],
    };
  },
  summarize(records, p) {
    const rows: string[][] = [['method', ...p.oversampling.map((c) => `${c}×dof`)]];
    for (const method of p.methods) rows.push([method, ...p.oversampling.map((c) => sig(median(pick(records, 'testError', { method, oversampling: c }))))]);
    return ['median relative test error:', ...textTable(rows)];
  },
};
