/**
 * `randnla lstsq <A> <b>`, `randnla lpregress <A> <b> --p <p>` and
 * `randnla linf-regress <A> <b> --eps <ε> --delta <δ>`.
 *
 * @module
 */
import { Option, type Command } from 'commander';
import { linfRegression, lpRegression, lstsq, type LinfSketchKind, type LpRegressionMethod, type SketchChoice } from '../../regression/index.js';
import type { Seed } from '../../rng/index.js';
import { SKETCH_KINDS, type SketchKind } from '../../sketch/index.js';
import { setAction, withCommonOptions, type CommandContext, type CommonOptions } from '../command.js';
import { describeMatrix, readMatrixFile, readVectorFile } from '../files.js';
import { intValue, realValue, seedJson, seedValue } from '../options.js';
import { emitVector } from './emit.js';

interface LstsqCliOptions extends CommonOptions {
  method: 'auto' | 'qr' | 'sketch-and-solve' | 'sketch-and-precondition';
  seed: Seed;
  sketch?: SketchKind;
  sketchRows?: number;
  oversampling?: number;
  rtol?: number;
  maxIter?: number;
  refine?: number;
  lambda?: number;
  out?: string;
}

interface LpCliOptions extends CommonOptions {
  p: number;
  method: LpRegressionMethod;
  seed: Seed;
  eps?: number;
  delta?: number;
  tol?: number;
  maxIter?: number;
  sampleSize?: number;
  sensitivityMethod?: 'lewis' | 'approx' | 'exact';
  out?: string;
}

interface LinfCliOptions extends CommonOptions {
  eps: number;
  delta: number;
  seed: Seed;
  sketch: LinfSketchKind;
  sketchRows?: number;
  exact?: boolean;
  out?: string;
}

function load(out: { progress: { status(s: string): void } }, pathA: string, pathB: string) {
  out.progress.status(`reading ${pathA}`);
  const A = readMatrixFile(pathA);
  out.progress.status(`reading ${pathB}`);
  const b = readVectorFile(pathB);
  return { A, b };
}

/** Registers `lstsq`. */
export function registerLstsq(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('lstsq')
    .summary('least squares min ‖Ax − b‖₂: exact QR, sketch-and-solve or sketch-and-precondition')
    .description(
      'Solves min ‖A·x − b‖₂ (+ λ‖x‖² with --lambda). Methods: qr (exact, Householder QR with pivoting), ' +
        'sketch-and-solve (approximate, (1 + ε)/(1 − ε) residual), sketch-and-precondition (Blendenpik/LSRN ' +
        'with iterative refinement, accurate to working precision), auto (chosen from the shape).',
    )
    .argument('<A>', 'n×d design matrix file (.npy, .mtx or .csv)')
    .argument('<b>', 'right-hand side: a vector file (1-D .npy, or one column)')
    .addOption(new Option('--method <m>', 'solver').choices(['auto', 'qr', 'sketch-and-solve', 'sketch-and-precondition']).default('auto'))
    .option('--seed <s>', 'seed of the sketch, an integer or a string', seedValue, 0 as Seed)
    .addOption(new Option('--sketch <kind>', 'sketch kind (default sparse-sign)').choices(SKETCH_KINDS.filter((k) => k !== 'tensor')))
    .option('--sketch-rows <m>', 'sketch size (default from --oversampling)', intValue(1))
    .option('--oversampling <γ>', 'sketch rows per column of A (default 4, or 20 for sketch-and-solve)', realValue)
    .option('--rtol <t>', 'sketch-and-precondition: LSQR tolerance (default ε)', realValue)
    .option('--max-iter <k>', 'sketch-and-precondition: LSQR iteration limit per solve', intValue(0))
    .option('--refine <k>', 'sketch-and-precondition: iterative-refinement steps', intValue(0))
    .option('--lambda <λ>', 'ridge parameter λ ≥ 0', realValue)
    .option('--out <file>', 'write x to a .npy, .mtx, .csv or .json file (default: print it)');
  withCommonOptions(cmd);
  setAction<LstsqCliOptions>(cmd, ctx, ([pathA, pathB], o, out) => {
    const { A, b } = load(out, pathA, pathB);
    out.progress.status(`solving a ${A.rows}×${A.cols} least-squares problem (${o.method})`);
    const kind: SketchKind = o.sketch ?? 'sparse-sign';
    const sketch: SketchChoice | undefined = o.sketchRows !== undefined ? ({ kind, rows: o.sketchRows } as SketchChoice) : o.sketch;
    const r = lstsq(A, b, {
      method: o.method,
      seed: o.seed,
      ...(sketch !== undefined ? { sketch } : {}),
      ...(o.oversampling !== undefined ? { oversampling: o.oversampling } : {}),
      ...(o.rtol !== undefined ? { rtol: o.rtol } : {}),
      ...(o.maxIter !== undefined ? { maxIter: o.maxIter } : {}),
      ...(o.refine !== undefined ? { refine: o.refine } : {}),
      ...(o.lambda !== undefined ? { lambda: o.lambda } : {}),
    });
    emitVector(out, o.out, r.x, 'x', {
      command: 'lstsq',
      input: { A: pathA, b: pathB, ...describeMatrix(A) },
      method: r.method,
      seed: r.method === 'qr' ? null : seedJson(o.seed),
      sketch: r.sketch === null ? null : { kind: r.sketch.kind, rows: r.sketch.rows },
      rank: r.rank,
      residualNorm: r.residualNorm,
      normalResidualNorm: r.normalResidualNorm,
      iterations: r.iterations,
      refinementSteps: r.refinementSteps,
      converged: r.converged,
      preconditioner: r.preconditioner,
    });
  });
}

/** Registers `lpregress`. */
export function registerLpRegress(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('lpregress')
    .summary('ℓp regression min ‖Ax − b‖ₚ, exact (IRLS / certified LAD) or by row sampling')
    .description(
      'Solves min ‖A·x − b‖ₚ for 1 ≤ p < ∞: irls on the full data (p = 1 ends with an exact vertex walk and ' +
        'an LP duality certificate), or lewis-sampling / sensitivity-sampling (sample rows of [A, b] by ' +
        'Lewis weights or sensitivities, solve the small problem; f(x̂) ≤ (1 + eps)·f(x*) w.p. 1 − delta).',
    )
    .argument('<A>', 'n×d design matrix file (.npy, .mtx or .csv)')
    .argument('<b>', 'right-hand side: a vector file')
    .requiredOption('--p <p>', 'the exponent, 1 ≤ p < ∞', realValue)
    .addOption(new Option('--method <m>', 'solver').choices(['irls', 'lewis-sampling', 'sensitivity-sampling']).default('irls'))
    .option('--seed <s>', 'sampling: seed, an integer or a string', seedValue, 0 as Seed)
    .option('--eps <ε>', 'sampling: target accuracy in (0, 1) (default 0.5)', realValue)
    .option('--delta <δ>', 'sampling: failure probability in (0, 1) (default 0.1)', realValue)
    .option('--sample-size <m>', 'sampling: expected sampled rows (overrides the formula)', intValue(1))
    .addOption(new Option('--sensitivity-method <m>', 'sensitivity-sampling: how sensitivities are computed').choices(['lewis', 'approx', 'exact']))
    .option('--tol <t>', 'IRLS tolerance (default 1e-10)', realValue)
    .option('--max-iter <k>', 'IRLS iteration limit (default 200)', intValue(1))
    .option('--out <file>', 'write x to a .npy, .mtx, .csv or .json file (default: print it)');
  withCommonOptions(cmd);
  setAction<LpCliOptions>(cmd, ctx, ([pathA, pathB], o, out) => {
    const { A, b } = load(out, pathA, pathB);
    out.progress.status(`solving a ${A.rows}×${A.cols} ℓ${o.p} regression (${o.method})`);
    const sampling = o.method !== 'irls';
    const r = lpRegression(A, b, o.p, {
      method: o.method,
      ...(sampling ? { seed: o.seed } : {}),
      ...(o.eps !== undefined ? { eps: o.eps } : {}),
      ...(o.delta !== undefined ? { delta: o.delta } : {}),
      ...(o.sampleSize !== undefined ? { sampleSize: o.sampleSize } : {}),
      ...(o.sensitivityMethod !== undefined ? { sensitivityMethod: o.sensitivityMethod } : {}),
      ...(o.tol !== undefined ? { tol: o.tol } : {}),
      ...(o.maxIter !== undefined ? { maxIter: o.maxIter } : {}),
    });
    emitVector(out, o.out, r.x, 'x', {
      command: 'lpregress',
      input: { A: pathA, b: pathB, ...describeMatrix(A) },
      p: o.p,
      method: r.method,
      ...(sampling ? { seed: seedJson(o.seed), sampleSize: r.sampleSize, targetSampleSize: r.targetSampleSize } : {}),
      objective: r.objective,
      residualNorm: r.residualNorm,
      iterations: r.iterations,
      converged: r.converged,
      gradientNorm: r.gradientNorm,
      dualMax: r.dualMax,
    });
  });
}

/** Registers `linf-regress`. */
export function registerLinfRegress(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('linf-regress')
    .summary('least squares with a per-coordinate (ℓ∞) guarantee by a dense sketch')
    .description(
      "Sketch-and-solve with a dense sketch sized so that ‖x′ − x*‖∞ ≤ (eps/√d)·‖Ax* − b‖₂·‖A†‖₂ with " +
        'probability ≥ 1 − delta (Song, Ye, Yin & Zhang, ICML 2023). Sparse sketches are refused: they fail ' +
        'this guarantee with probability about d/m (see experiments/E005).',
    )
    .argument('<A>', 'n×d design matrix file (.npy, .mtx or .csv)')
    .argument('<b>', 'right-hand side: a vector file')
    .requiredOption('--eps <ε>', 'accuracy in (0, 1)', realValue)
    .requiredOption('--delta <δ>', 'failure probability in (0, 1)', realValue)
    .option('--seed <s>', 'seed of the sketch, an integer or a string', seedValue, 0 as Seed)
    .addOption(new Option('--sketch <kind>', 'dense sketch').choices(['gaussian', 'srht', 'rademacher']).default('gaussian'))
    .option('--sketch-rows <m>', 'override the sketch size (the guarantee is then not certified)', intValue(1))
    .option('--exact', 'also solve exactly and report ‖x′ − x*‖∞ against the exact bound')
    .option('--out <file>', 'write x′ to a .npy, .mtx, .csv or .json file (default: print it)');
  withCommonOptions(cmd);
  setAction<LinfCliOptions>(cmd, ctx, ([pathA, pathB], o, out) => {
    const { A, b } = load(out, pathA, pathB);
    out.progress.status(`solving a ${A.rows}×${A.cols} least-squares problem with a ${o.sketch} sketch`);
    const r = linfRegression(A, b, {
      eps: o.eps,
      delta: o.delta,
      seed: o.seed,
      sketch: o.sketch,
      computeExact: o.exact === true,
      ...(o.sketchRows !== undefined ? { sketchRows: o.sketchRows } : {}),
    });
    emitVector(out, o.out, r.x, 'x', {
      command: 'linf-regress',
      input: { A: pathA, b: pathB, ...describeMatrix(A) },
      seed: seedJson(o.seed),
      sketch: r.sketch.kind,
      sketchRows: r.sketchRows,
      bound: r.bound,
      boundKind: r.boundKind,
      sketchedResidualNorm: r.sketchedResidualNorm,
      ...(r.exact !== undefined ? { linfError: r.exact.linfError, exactResidualNorm: r.exact.residualNorm, sigmaMin: r.exact.sigmaMin, holds: r.exact.linfError <= r.bound } : {}),
    });
  });
}
