/**
 * `randnla complete <ratings> --rank <k>`.
 *
 * @module
 */
import { Option, type Command } from 'commander';
import { completeMatrix, readRatings, splitObservations, type CompletionMethod, type Observations, type RatingsFormat } from '../../completion/index.js';
import { toArray } from '../../core/matrix.js';
import type { Seed } from '../../rng/index.js';
import { setAction, withCommonOptions, type CommandContext, type CommonOptions } from '../command.js';
import { intValue, realValue, seedJson, seedValue } from '../options.js';
import { emitDocument, emitSummary } from './emit.js';

interface CompleteCliOptions extends CommonOptions {
  rank: number;
  method: CompletionMethod;
  seed: Seed;
  maxIter?: number;
  tol?: number;
  lambda?: number;
  bias?: boolean;
  testFraction: number;
  format: RatingsFormat;
  ids: 'map' | 'index';
  indexBase?: number;
  out?: string;
}

/** Root mean square of the prediction errors on `obs`. */
function rmse(predict: (i: ArrayLike<number>, j: ArrayLike<number>) => Float64Array, obs: Observations): number {
  if (obs.v.length === 0) return NaN;
  const p = predict(obs.i, obs.j);
  let s = 0;
  for (let t = 0; t < p.length; t++) s += (p[t] - obs.v[t]) ** 2;
  return Math.sqrt(s / p.length);
}

/** Registers `complete`. */
export function registerComplete(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('complete')
    .summary('low-rank matrix completion of a ratings file')
    .description(
      'Fits M ≈ U·Vᵀ (+ mean and biases with --bias) of rank k to the observed ratings by alternating ' +
        'minimisation: robust-altmin (sketch-preconditioned row solves; Gu, Song, Yin & Zhang, ICLR 2024) or ' +
        'altmin (exact row solves; Jain, Netrapalli & Sanghavi, STOC 2013). Ratings files: user item rating ' +
        'lines (whitespace, "::" or CSV, extra fields ignored) or a Matrix Market coordinate file. ' +
        '--test-fraction holds out a seeded random part of the ratings and reports its RMSE. --out writes the ' +
        'model as JSON { rank, mean, rowBias, colBias, singularValues, U, V, rowIds, colIds }.',
    )
    .argument('<ratings>', 'ratings file (.csv, .dat, .data, .txt, .mtx, …)')
    .requiredOption('--rank <k>', 'rank k ≥ 1', intValue(1))
    .addOption(new Option('--method <m>', 'algorithm').choices(['robust-altmin', 'altmin']).default('robust-altmin'))
    .option('--seed <s>', 'seed of the initialisation, the sketches and the split', seedValue, 0 as Seed)
    .option('--max-iter <k>', 'largest number of sweeps (default 50)', intValue(1))
    .option('--tol <t>', 'stopping tolerance in (0, 1) (default 1e-8)', realValue)
    .option('--lambda <λ>', 'ridge weight λ ≥ 0 (ALS-WR style)', realValue)
    .option('--bias', 'fit the global mean and row and column biases')
    .option('--test-fraction <f>', 'fraction of the ratings held out for a test RMSE, in [0, 1)', realValue, 0)
    .addOption(new Option('--format <f>', 'ratings format').choices(['auto', 'whitespace', 'csv', 'matrix-market']).default('auto'))
    .addOption(new Option('--ids <mode>', 'map: ids are labels; index: ids are integer indices').choices(['map', 'index']).default('map'))
    .option('--index-base <b>', 'with --ids index: the first index (e.g. 1)', intValue(0))
    .option('--out <file>', 'write the model to a .json file');
  withCommonOptions(cmd);
  setAction<CompleteCliOptions>(cmd, ctx, ([path], o, out) => {
    out.progress.status(`reading ${path}`);
    const ratings = readRatings(path, { format: o.format, ids: o.ids, ...(o.indexBase !== undefined ? { indexBase: o.indexBase } : {}) });
    const all = ratings.observations;
    const { train, test } = o.testFraction > 0 ? splitObservations(all, o.testFraction, { seed: o.seed }) : { train: all, test: null };
    const maxIter = o.maxIter ?? 50;
    const r = completeMatrix(train, o.rank, {
      method: o.method,
      seed: o.seed,
      maxIter,
      ...(o.tol !== undefined ? { tol: o.tol } : {}),
      ...(o.lambda !== undefined ? { lambda: o.lambda } : {}),
      ...(o.bias ? { bias: true } : {}),
      ...(test !== null && test.v.length > 0 ? { testObs: test } : {}),
      onIteration: (e) => out.progress.update(e.iteration, maxIter, `sweeps, train RMSE ${e.trainRmse.toPrecision(4)}`),
    });
    const predict = (i: ArrayLike<number>, j: ArrayLike<number>): Float64Array => r.predictMany(i, j);
    const summary = {
      command: 'complete',
      input: { path, rows: all.rows, cols: all.cols, ratings: all.v.length },
      rank: o.rank,
      method: r.method,
      seed: seedJson(o.seed),
      train: train.v.length,
      test: test?.v.length ?? 0,
      iterations: r.iterations,
      converged: r.converged,
      stopReason: r.stopReason,
      trainRmse: rmse(predict, train),
      testRmse: test !== null ? rmse(predict, test) : null,
      emptyRows: r.diagnostics.emptyRows,
      emptyCols: r.diagnostics.emptyCols,
    };
    const model = {
      rank: o.rank,
      rows: all.rows,
      cols: all.cols,
      mean: r.mean,
      rowBias: r.rowBias,
      colBias: r.colBias,
      singularValues: r.singularValues,
      U: toArray(r.U),
      V: toArray(r.V),
      rowIds: ratings.rowIds,
      colIds: ratings.colIds,
    };
    if (o.out === undefined && !out.json) emitSummary(out, summary);
    else emitDocument(out, o.out, o.out !== undefined ? model : { ...summary, model }, summary);
  });
}
