/**
 * `randnla sketch <A> --kind <kind> --rows <m> [--seed s] [--stream] [--out SA.npy]`.
 *
 * @module
 */
import { Option, type Command } from 'commander';
import type { CsrMatrix } from '../../core/csr.js';
import type { DenseMatrix } from '../../core/matrix.js';
import { readRowBlocks } from '../../io/index.js';
import type { Seed } from '../../rng/index.js';
import { applySketch, SKETCH_KINDS, sketchOperator, sketchStream, type SketchKind, type SketchOperator, type SketchSpec } from '../../sketch/index.js';
import { setAction, withCommonOptions, type CommandContext, type CommonOptions } from '../command.js';
import { describeMatrix, inputFormat, readMatrixFile } from '../files.js';
import { intPairValue, intValue, realValue, seedJson, seedValue } from '../options.js';
import { emitMatrix } from './emit.js';

interface SketchOptions extends CommonOptions {
  kind: SketchKind;
  rows: number;
  seed: Seed;
  zeta?: number;
  sparsity?: number;
  factors?: [number, number];
  family?: 'hadsign' | 'haar';
  blockRows?: number;
  stream?: boolean;
  readRows?: number;
  out?: string;
}

/** The sketch spec the options describe, for an input with n rows. */
export function sketchSpecFromOptions(o: Omit<SketchOptions, keyof CommonOptions>, n: number): SketchOperator {
  const base: Record<string, unknown> = { kind: o.kind, rows: o.rows, cols: n, seed: o.seed };
  if (o.blockRows !== undefined) base.blockRows = o.blockRows;
  if (o.zeta !== undefined) base.zeta = o.zeta;
  if (o.sparsity !== undefined) base.s = o.sparsity;
  if (o.factors !== undefined) base.factors = o.factors;
  if (o.family !== undefined) base.blocks = o.family;
  return sketchOperator(base as unknown as SketchSpec);
}

/** Registers `sketch`. */
export function registerSketch(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('sketch')
    .summary('compute S·A for a reproducible random sketch S')
    .description(
      'Computes S·A for an m×n sketch S (n = the rows of A) and writes the m×d result. The sketch is a pure ' +
        'function of (kind, m, n, seed, parameters): the same command gives the same bits on any machine. ' +
        'With --stream, A is read in row blocks and S·A accumulated (memory O(m·d) plus one block); the ' +
        'result is bit-identical to the one-shot product.',
    )
    .argument('<A>', 'n×d matrix file (.npy, .mtx or .csv)')
    .addOption(new Option('--kind <kind>', 'sketch kind').choices(SKETCH_KINDS).makeOptionMandatory())
    .requiredOption('--rows <m>', 'sketch size m (rows of S)', intValue(1))
    .option('--seed <s>', 'seed: an integer or a string', seedValue, 0 as Seed)
    .option('--zeta <k>', 'sparse-sign, sparse-stack: nonzeros per column (default min(8, m))', intValue(1))
    .option('--sparsity <s>', 'very-sparse: density 1/s (default √n)', realValue)
    .option('--factors <n1,n2>', 'tensor: factor dimensions with n1·n2 = n', intPairValue)
    .addOption(new Option('--family <f>', 'monarch: block family').choices(['hadsign', 'haar']))
    .option('--block-rows <B>', 'canonical block size of the sketch spec, a power of two (default 4096; part of the reproducibility contract)', intValue(1))
    .option('--stream', 'read A in row blocks instead of whole')
    .option('--read-rows <k>', 'with --stream: rows per block read (default 4096; does not change the result)', intValue(1))
    .option('--out <file>', 'write S·A to a .npy, .mtx, .csv or .json file (default: print it)');
  withCommonOptions(cmd);
  setAction<SketchOptions>(cmd, ctx, async ([path], o, out) => {
    const format = inputFormat(path);
    let SA: DenseMatrix;
    let input: ReturnType<typeof describeMatrix> | { rows: number; cols: number; storage: 'stream' };
    let spec: SketchOperator;
    if (o.stream) {
      const reader = readRowBlocks(path, { format, blockRows: o.readRows ?? 4096 });
      out.progress.status(`reading the header of ${path}`);
      const info = await reader.info();
      spec = sketchSpecFromOptions(o, info.rows);
      const acc = sketchStream(spec);
      for await (const { rows, offset } of reader) {
        acc.push(rows, offset);
        out.progress.update(offset + rows.rows, info.rows, 'rows');
      }
      SA = acc.result();
      input = { rows: info.rows, cols: info.cols, storage: 'stream' };
    } else {
      out.progress.status(`reading ${path}`);
      const A: DenseMatrix | CsrMatrix = readMatrixFile(path);
      spec = sketchSpecFromOptions(o, A.rows);
      out.progress.status(`computing the ${spec.kind} sketch (${spec.rows}×${A.rows}) of a ${A.rows}×${A.cols} matrix`);
      SA = applySketch(spec, A);
      input = describeMatrix(A);
    }
    emitMatrix(out, o.out, SA, 'SA', {
      command: 'sketch',
      input: { path, ...input },
      sketch: { ...spec, seed: seedJson(o.seed) },
      stream: o.stream === true,
    });
  });
}
