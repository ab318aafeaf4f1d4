/**
 * `randnla monarch-project <A> --blocks <b> [--out M.json]`.
 *
 * @module
 */
import { Option, type Command } from 'commander';
import { monarchProject } from '../../structured/index.js';
import { setAction, withCommonOptions, type CommandContext, type CommonOptions } from '../command.js';
import { describeMatrix, readDenseMatrixFile } from '../files.js';
import { intValue } from '../options.js';
import { emitDocument } from './emit.js';

interface MonarchCliOptions extends CommonOptions {
  blocks?: number;
  lBlocks?: number;
  rBlocks?: number;
  method: 'gram' | 'svd';
  out?: string;
}

/** Registers `monarch-project`. */
export function registerMonarchProject(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('monarch-project')
    .summary('the Frobenius-closest Monarch matrix to a dense matrix')
    .description(
      'Projects A onto Monarch matrices M = P·L·Pᵀ·R (Dao et al., ICML 2022) in closed form: one best ' +
        'rank-1 approximation per slice. Writes M as JSON { kind, rows, cols, rBlocks, lBlocks, R, L, error, ' +
        'relativeError }; `monarch(JSON.parse(text))` rebuilds it in code.',
    )
    .argument('<A>', 'matrix file (.npy, .mtx or .csv)')
    .option('--blocks <b>', 'number of blocks of both factors', intValue(1))
    .option('--l-blocks <k>', 'blocks of L (must divide the rows)', intValue(1))
    .option('--r-blocks <k>', 'blocks of R (must divide the columns)', intValue(1))
    .addOption(new Option('--method <m>', 'top singular triplet per slice: gram (fast) or svd').choices(['gram', 'svd']).default('gram'))
    .option('--out <file>', 'write M to a .json file (default: print it)');
  withCommonOptions(cmd);
  setAction<MonarchCliOptions>(cmd, ctx, ([path], o, out) => {
    out.progress.status(`reading ${path}`);
    const A = readDenseMatrixFile(path);
    out.progress.status(`projecting a ${A.rows}×${A.cols} matrix onto Monarch matrices`);
    const r = monarchProject(A, {
      method: o.method,
      ...(o.blocks !== undefined ? { blocks: o.blocks } : {}),
      ...(o.lBlocks !== undefined ? { lBlocks: o.lBlocks } : {}),
      ...(o.rBlocks !== undefined ? { rBlocks: o.rBlocks } : {}),
    });
    const M = r.monarch;
    const summary = {
      command: 'monarch-project',
      input: { path, ...describeMatrix(A) },
      lBlocks: M.lBlocks,
      rBlocks: M.rBlocks,
      parameters: M.R.length + M.L.length,
      error: r.error,
      relativeError: r.relativeError,
    };
    emitDocument(out, o.out, { ...M, error: r.error, relativeError: r.relativeError }, summary);
  });
}
