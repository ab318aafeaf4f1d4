/**
 * The `randnla` command line: {@link run} parses the arguments with commander, runs a
 * subcommand and returns the exit code. `main.ts` is the executable; tests call `run` in-process
 * with recording streams.
 *
 * Exit codes: 0 success; 1 an expected failure (bad data, a failed check or replay); 2 a usage
 * error; 70 an internal error (with its stack trace).
 *
 * @module
 */
import { Command, CommanderError } from 'commander';
import { packageRoot, packageVersion, type CommandContext } from './command.js';
import { registerComplete } from './commands/complete.js';
import { registerExperiment } from './commands/experiment.js';
import { registerMonarchProject } from './commands/monarch.js';
import { registerProofsCheck } from './commands/proofsCheck.js';
import { registerLinfRegress, registerLpRegress, registerLstsq } from './commands/regression.js';
import { registerLeverage, registerSensitivities } from './commands/sampling.js';
import { registerSketch } from './commands/sketch.js';
import { classifyError, EXIT_INTERNAL, EXIT_USAGE } from './errors.js';
import { processIo, writeError, writeInternalError, type CliIo } from './output.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** Output streams (default: the process's). */
  readonly io?: CliIo;
  /** Path of the compiled proofs-check runner (default: `proofs-check/dist/proofs-check/cli.js` of the checkout). */
  readonly proofsCheckCli?: string;
}

/** Builds the command tree for one run. */
export function buildProgram(ctx: CommandContext): Command {
  const io = ctx.io;
  const program = new Command('randnla');
  program
    .description('Randomized numerical linear algebra from the command line: sketches, leverage scores, sensitivities, sketched regression, completion, Monarch projection, proofs-check and reproducible experiments.')
    .version(packageVersion(ctx.packageRoot) ?? 'unknown', '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'randnla: ')),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      [
        '',
        'Matrices are read by extension (.npy, .mtx, .csv); outputs are written by',
        'extension (.npy, .mtx, .csv, .json). Every subcommand takes --help and --json',
        '(one JSON document on stdout). Seeds default to 0; --seed 5 is the integer 5.',
        'Exit codes: 0 success, 1 failure (bad data, failed check), 2 usage error.',
      ].join('\n'),
    );
  registerLstsq(program, ctx);
  registerSketch(program, ctx);
  registerLeverage(program, ctx);
  registerSensitivities(program, ctx);
  registerLpRegress(program, ctx);
  registerLinfRegress(program, ctx);
  registerComplete(program, ctx);
  registerMonarchProject(program, ctx);
  registerProofsCheck(program, ctx);
  registerExperiment(program, ctx);
  return program;
}

/**
 * Runs the CLI on `argv` (the arguments after `randnla`) and resolves to the exit code. Never
 * throws and never calls `process.exit`: expected errors are printed as `randnla: <message>`
 * on stderr.
 *
 * @example
 * ```ts
 * const code = await run(['sketch', 'A.npy', '--kind', 'srht', '--rows', '256', '--out', 'SA.npy']);
 * ```
 */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const io = options.io ?? processIo();
  let exitCode = 0;
  const ctx: CommandContext = {
    io,
    setExitCode: (c) => {
      exitCode = c;
    },
    packageRoot: packageRoot(),
    ...(options.proofsCheckCli !== undefined ? { proofsCheckCli: options.proofsCheckCli } : {}),
  };
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE; // commander printed the message
    const c = classifyError(e);
    if (c !== null) {
      writeError(io, c.message);
      return c.exitCode;
    }
    writeInternalError(io, e);
    return EXIT_INTERNAL;
  }
}
