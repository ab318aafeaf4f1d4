/**
 * What every subcommand shares: the context of a run, the common options (`--json`,
 * `--no-progress`) and the action wrapper that gives each action its {@link Output}.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { Output, type CliIo } from './output.js';

/** The context of one CLI run. */
export interface CommandContext {
  /** The output streams. */
  readonly io: CliIo;
  /** Sets the exit code of the run (default 0). */
  setExitCode(code: number): void;
  /** The package's root folder (holds package.json; `proofs-check/` in a repository checkout). */
  readonly packageRoot: string;
  /** Overrides the proofs-check entry point (tests). */
  readonly proofsCheckCli?: string;
}

/** The options every subcommand has. */
export interface CommonOptions {
  /** `--json`: the result as one JSON document on stdout. */
  readonly json?: boolean;
  /** False with `--no-progress`. */
  readonly progress: boolean;
}

/** The package's root: two levels above this file, in `src/cli/` and in `dist/cli/` alike. */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** The version in the package's package.json (null when it cannot be read). */
export function packageVersion(root = packageRoot()): string | null {
  try {
    const v = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Adds `--json` and `--no-progress` to a subcommand. */
export function withCommonOptions(cmd: Command): Command {
  return cmd.option('--json', 'print the result as one JSON document on stdout').option('--no-progress', 'never draw the progress line on stderr');
}

/**
 * Sets the action of a subcommand: `fn(args, options, out)` with the parsed positional
 * arguments, the options and an {@link Output}; its return value (default 0) is the exit code.
 * The progress line is erased however the action ends.
 */
export function setAction<O extends CommonOptions>(
  cmd: Command,
  ctx: CommandContext,
  fn: (args: string[], opts: O, out: Output) => Promise<number | void> | number | void,
): Command {
  return cmd.action(async (...xs: unknown[]) => {
    const command = xs[xs.length - 1] as Command;
    const opts = command.opts() as O;
    const out = new Output(ctx.io, opts.json === true, opts.progress !== false);
    try {
      const code = await fn(command.processedArgs as string[], opts, out);
      ctx.setExitCode(code ?? 0);
    } finally {
      out.progress.done();
    }
  });
}
