/**
 * `randnla proofs-check [--quick] [--only names] [--seed s] [--matrix file] [--out dir] [--list]`.
 *
 * proofs-check lives in the repository's `proofs-check/` folder, outside `src/`: it is neither
 * compiled by the package build nor shipped in the npm package, so this command cannot import
 * it. It runs the compiled runner, `proofs-check/dist/proofs-check/cli.js` (what
 * `npm run proofs-check` builds), in a child process with the same Node, forwarding the options
 * and returning its exit code. When the runner has not been built, or its sources are newer than
 * the build, it says how to build it; it never runs the TypeScript compiler itself (that is a
 * development dependency, and a user command should not rewrite the build tree).
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { setAction, withCommonOptions, type CommandContext, type CommonOptions } from '../command.js';
import { CliError } from '../errors.js';

interface ProofsCheckCliOptions extends CommonOptions {
  quick?: boolean;
  only: string[];
  seed?: string;
  matrix?: string;
  out?: string;
  list?: boolean;
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

/** Newest modification time (ms) of the .ts files under `dir`, skipping dist/report/node_modules and `skip`. */
function newestSource(dir: string, skip: readonly string[] = []): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'report' || e.name === 'node_modules' || e.name.startsWith('.') || skip.includes(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Where the compiled proofs-check runner is expected in a repository checkout. */
export function proofsCheckEntry(root: string): string {
  return join(root, 'proofs-check', 'dist', 'proofs-check', 'cli.js');
}

/** Runs `node <entry> <args>`; output goes to the terminal, or through `sink` when given. */
function runChild(entry: string, args: string[], sink: { stdout(s: string): void; stderr(s: string): void } | null): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [entry, ...args], { stdio: sink === null ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    if (sink !== null) {
      child.stdout?.setEncoding('utf8').on('data', (s: string) => sink.stdout(s));
      child.stderr?.setEncoding('utf8').on('data', (s: string) => sink.stderr(s));
    }
    child.on('error', fail);
    child.on('close', (code) => done(code ?? 1));
  });
}

/** Registers `proofs-check`. */
export function registerProofsCheck(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('proofs-check')
    .summary('run the theorems behind randnla as executable checks (repository checkout)')
    .description(
      'Runs proofs-check (proofs-check/README.md): each guarantee as a seeded experiment with a pass rule, ' +
        'writing report.md, results.json and one SVG per check. Needs a repository checkout with the runner ' +
        'built (`npm run proofs-check` builds and runs it); exit code 0 when every check passes, 1 when one ' +
        'fails, 2 on a usage error. With --json the runner\'s own output goes to stderr and stdout gets ' +
        '{ exitCode, report, results } (results: the parsed results.json).',
    )
    .option('--quick', 'CI mode: fewer trials and sweep points, same bounds and α')
    .option('--only <names>', 'check or module names, comma-separated (repeatable)', collect, [] as string[])
    .option('--seed <s>', 'base seed (integer or string)')
    .option('--matrix <file>', 'run the checks on a matrix file')
    .option('--out <dir>', 'output directory (default proofs-check/report)')
    .option('--list', 'list the checks');
  withCommonOptions(cmd);
  setAction<ProofsCheckCliOptions>(cmd, ctx, async (_args, o, out) => {
    const root = ctx.packageRoot;
    const entry = ctx.proofsCheckCli ?? proofsCheckEntry(root);
    if (!existsSync(entry)) {
      if (existsSync(join(root, 'proofs-check', 'cli.ts'))) {
        throw new CliError(`proofs-check is not built (no ${entry}): run \`npm run proofs-check -- <options>\` in ${root}, which compiles proofs-check/ and runs it`);
      }
      throw new CliError('proofs-check ships with the source repository, not with the npm package: clone the repository and run `npm run proofs-check`');
    }
    if (ctx.proofsCheckCli === undefined) {
      const built = statSync(entry).mtimeMs;
      if (Math.max(newestSource(join(root, 'proofs-check')), newestSource(join(root, 'src'), ['cli'])) > built) {
        out.note(`proofs-check/dist is older than its sources; \`npm run proofs-check\` rebuilds it`);
      }
    }
    const args: string[] = [];
    if (o.quick) args.push('--quick');
    for (const n of o.only) args.push('--only', n);
    if (o.seed !== undefined) args.push('--seed', o.seed);
    if (o.matrix !== undefined) args.push('--matrix', resolve(o.matrix));
    if (o.list) args.push('--list');
    const report = o.out !== undefined ? resolve(o.out) : join(root, 'proofs-check', 'report');
    if (o.out !== undefined || (o.json && !o.list)) args.push('--out', report);
    const inTerminal = ctx.io.stdout === process.stdout && ctx.io.stderr === process.stderr;
    if (!o.json) {
      return runChild(entry, args, inTerminal ? null : { stdout: (s) => ctx.io.stdout.write(s), stderr: (s) => ctx.io.stderr.write(s) });
    }
    let listing = '';
    const code = await runChild(entry, args, {
      stdout: (s) => (o.list ? (listing += s) : ctx.io.stderr.write(s)),
      stderr: (s) => ctx.io.stderr.write(s),
    });
    if (o.list) {
      const checks = listing
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => {
          const [name, module, ...title] = l.trim().split(/\s+/);
          return { name, module, title: title.join(' ') };
        });
      out.result({ command: 'proofs-check', exitCode: code, checks });
      return code;
    }
    const resultsPath = join(report, 'results.json');
    const results = code !== 2 && existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as unknown) : null;
    out.result({ command: 'proofs-check', exitCode: code, report: code !== 2 ? report : null, results });
    return code;
  });
}
