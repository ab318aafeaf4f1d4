/**
 * `randnla leverage <A>` and `randnla sensitivities <A> --p <p>`.
 *
 * @module
 */
import { Option, type Command } from 'commander';
import type { Seed } from '../../rng/index.js';
import { LEVERAGE_SKETCH_KINDS, leverageScores, lpSensitivities, type LeverageSketchKind } from '../../sampling/index.js';
import { setAction, withCommonOptions, type CommandContext, type CommonOptions } from '../command.js';
import { describeMatrix, outputFormat, readMatrixFile } from '../files.js';
import { intValue, realValue, seedJson, seedValue } from '../options.js';
import { emitDocument, emitVector } from './emit.js';

interface LeverageCliOptions extends CommonOptions {
  method: 'exact' | 'approx';
  eps?: number;
  delta?: number;
  seed: Seed;
  lambda?: number;
  sketch?: LeverageSketchKind;
  sketchRows?: number;
  jlDim?: number;
  out?: string;
}

interface SensitivityCliOptions extends CommonOptions {
  p: number;
  method: 'exact' | 'lewis' | 'approx';
  seed: Seed;
  tol?: number;
  maxIterations?: number;
  sampleSize?: number;
  out?: string;
}

function sum(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}

/** Registers `leverage`. */
export function registerLeverage(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('leverage')
    .summary('statistical leverage scores of the rows of a matrix')
    .description(
      'Leverage scores τ_i = ‖e_iᵀU‖² (U an orthonormal basis of range(A)): exact by Householder QR (SVD when ' +
        'A is rank deficient), ridge with --lambda, or approximate by the random projections of Drineas, ' +
        'Magdon-Ismail, Mahoney & Woodruff (JMLR 2012) with --method approx (each score within 1 ± eps with ' +
        'probability ≥ 1 − delta).',
    )
    .argument('<A>', 'n×d matrix file (.npy, .mtx or .csv)')
    .addOption(new Option('--method <m>', 'exact or approx').choices(['exact', 'approx']).default('exact'))
    .option('--eps <ε>', 'approx: relative accuracy in (0, 1) (default 0.5)', realValue)
    .option('--delta <δ>', 'approx: failure probability in (0, 1) (default 0.01)', realValue)
    .option('--seed <s>', 'approx: seed, an integer or a string', seedValue, 0 as Seed)
    .option('--lambda <λ>', 'ridge parameter λ ≥ 0 (default 0)', realValue)
    .addOption(new Option('--sketch <kind>', 'approx: kind of the first projection').choices(LEVERAGE_SKETCH_KINDS))
    .option('--sketch-rows <r1>', 'approx: rows of the first projection', intValue(1))
    .option('--jl-dim <r2>', 'approx: columns of the JL projection (0: none)', intValue(0))
    .option('--out <file>', 'write the n scores to a .npy, .mtx, .csv or .json file (default: print them)');
  withCommonOptions(cmd);
  setAction<LeverageCliOptions>(cmd, ctx, ([path], o, out) => {
    out.progress.status(`reading ${path}`);
    const A = readMatrixFile(path);
    out.progress.status(`computing ${o.method} leverage scores of a ${A.rows}×${A.cols} matrix`);
    const approx = o.method === 'approx';
    const r = leverageScores(A, {
      method: o.method,
      ...(o.lambda !== undefined ? { lambda: o.lambda } : {}),
      ...(approx ? { seed: o.seed } : {}),
      ...(o.eps !== undefined ? { eps: o.eps } : {}),
      ...(o.delta !== undefined ? { delta: o.delta } : {}),
      ...(o.sketch !== undefined ? { sketch: o.sketch } : {}),
      ...(o.sketchRows !== undefined ? { sketchRows: o.sketchRows } : {}),
      ...(o.jlDim !== undefined ? { jlDim: o.jlDim } : {}),
    });
    emitVector(out, o.out, r.scores, 'scores', {
      command: 'leverage',
      input: { path, ...describeMatrix(A) },
      method: r.method,
      rank: r.rank,
      lambda: r.lambda,
      sum: sum(r.scores),
      ...(approx ? { seed: seedJson(o.seed), eps: o.eps ?? 0.5, delta: o.delta ?? 0.01, sketch: r.sketch, sketchRows: r.sketchRows, jlDim: r.jlDim } : {}),
    });
  });
}

/** Registers `sensitivities`. */
export function registerSensitivities(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('sensitivities')
    .summary('ℓp sensitivities of the rows of a matrix')
    .description(
      'ℓp sensitivities σ_i = sup_x |a_iᵀx|^p / ‖Ax‖_p^p: exact (one convex program per row, certified by ' +
        'duality; an LP for p = 1), the Lewis-weight upper bounds (--method lewis, fast), or approximate ' +
        '(--method approx: exact programs on a Lewis-weight row sample, clamped into certified bounds). ' +
        'A .json --out also gets the certified lower and upper bounds.',
    )
    .argument('<A>', 'n×d matrix file (.npy, .mtx or .csv)')
    .requiredOption('--p <p>', 'the exponent p ≥ 1', realValue)
    .addOption(new Option('--method <m>', 'exact, lewis or approx').choices(['exact', 'lewis', 'approx']).default('exact'))
    .option('--seed <s>', 'approx: seed, an integer or a string', seedValue, 0 as Seed)
    .option('--tol <t>', 'exact/approx: relative width of each certified bracket', realValue)
    .option('--max-iterations <k>', 'exact/approx: per-row iteration cap', intValue(1))
    .option('--sample-size <m>', 'approx: expected rows of the Lewis-weight sample', intValue(1))
    .option('--out <file>', 'write the n sensitivities to a .npy, .mtx, .csv or .json file (default: print them)');
  withCommonOptions(cmd);
  setAction<SensitivityCliOptions>(cmd, ctx, ([path], o, out) => {
    out.progress.status(`reading ${path}`);
    const A = readMatrixFile(path);
    out.progress.status(`computing ${o.method} ℓ${o.p} sensitivities of a ${A.rows}×${A.cols} matrix`);
    const r = lpSensitivities(A, o.p, {
      method: o.method,
      ...(o.method === 'approx' ? { seed: o.seed } : {}),
      ...(o.tol !== undefined ? { tol: o.tol } : {}),
      ...(o.maxIterations !== undefined ? { maxIterations: o.maxIterations } : {}),
      ...(o.sampleSize !== undefined ? { sampleSize: o.sampleSize } : {}),
    });
    const summary = {
      command: 'sensitivities',
      input: { path, ...describeMatrix(A) },
      p: o.p,
      method: r.method,
      total: r.total,
      rank: r.rank,
      converged: r.converged,
      maxGap: r.maxGap,
      iterations: r.iterations,
      ...(o.method === 'approx' ? { seed: seedJson(o.seed), sampleRows: r.sampleRows } : {}),
    };
    if (o.out !== undefined && outputFormat(o.out) === 'json') {
      emitDocument(out, o.out, { ...summary, sensitivities: r.sensitivities, lower: r.lower, upper: r.upper }, summary);
      return;
    }
    emitVector(out, o.out, r.sensitivities, 'sensitivities', summary);
  });
}
