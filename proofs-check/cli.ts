/**
 * `npm run proofs-check [-- options]`: runs the checks and writes the report.
 *
 * Options:
 *   --quick            CI mode: fewer trials and sweep points (same bounds and α)
 *   --only <names>     check names or module names, comma-separated or repeated
 *   --seed <s>         base seed (integer or string; default 20261204)
 *   --out <dir>        output directory (default proofs-check/report)
 *   --list             list the checks and exit
 *   --matrix <file>    run the checks that take a matrix on this file (.mtx, .npy or .csv)
 *   --help
 *
 * Exit code: 0 when every check passes, 1 when a check fails or errors, 2 on a usage error.
 * A progress bar is drawn on stderr when it is a terminal; nothing is drawn otherwise.
 *
 * @module
 */
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { csrToDense } from '../src/core/csr.js';
import type { DenseMatrix } from '../src/core/matrix.js';
import { readCsv, readMatrixMarket, readNpy } from '../src/io/files.js';
import { CHECKS } from './registry.js';
import { writeReport } from './report.js';
import { DEFAULT_SEED, runChecks, SelectionError, type ProgressEvent } from './runner.js';
import type { CheckDefinition } from './types.js';

/** Parsed command line. */
export interface CliOptions {
  quick: boolean;
  only: string[];
  seed: string;
  out: string | null;
  list: boolean;
  help: boolean;
  matrix: string | null;
}

/** Thrown on a bad command line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const USAGE = `usage: npm run proofs-check -- [--quick] [--only <name,...>] [--seed <s>] [--out <dir>] [--list]
  --quick          CI mode (fewer trials, same bounds)
  --only <names>   check or module names, comma-separated or repeated
  --seed <s>       base seed (default ${DEFAULT_SEED})
  --out <dir>      output directory (default proofs-check/report)
  --list           list the checks
  --matrix <file>  run the checks that take a matrix on this file (.mtx, .npy or .csv)`;

/** Parses argv (without node and the script). */
export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = { quick: false, only: [], seed: DEFAULT_SEED, out: null, list: false, help: false, matrix: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : null;
    const value = (): string => {
      if (inline !== null) return inline;
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--quick': o.quick = true; break;
      case '--full': o.quick = false; break;
      case '--only': o.only.push(...value().split(',').map((s) => s.trim()).filter(Boolean)); break;
      case '--seed': {
        const s = value();
        if (s.length === 0) throw new UsageError('--seed needs a non-empty value');
        o.seed = s;
        break;
      }
      case '--out': o.out = value(); break;
      case '--list': o.list = true; break;
      case '--matrix': o.matrix = value(); break;
      case '--help': case '-h': o.help = true; break;
      default: throw new UsageError(`unknown option '${a}'`);
    }
  }
  return o;
}

/**
 * Reads `--matrix <file>` by extension: Matrix Market (`.mtx`, sparse files densified), NumPy
 * (`.npy`, 2-D) or CSV (`.csv`, header detected). Errors in the file are reported as usage
 * errors naming the file.
 */
export function loadMatrixFile(path: string): DenseMatrix {
  const ext = extname(path).toLowerCase();
  try {
    if (ext === '.mtx') {
      const A = readMatrixMarket(path, { source: 'path' });
      return A.kind === 'csr' ? csrToDense(A) : A;
    }
    if (ext === '.npy') return readNpy(path, { as: 'matrix' });
    if (ext === '.csv') return readCsv(path, { source: 'path' }).matrix;
  } catch (e) {
    if (e instanceof Error) throw new UsageError(`--matrix ${path}: ${e.message}`);
    throw e;
  }
  throw new UsageError(`--matrix ${path}: unknown extension '${ext}' (expected .mtx, .npy or .csv)`);
}

/** Default output directory: proofs-check/report next to this file's source folder. */
function defaultOut(): string {
  // this file is proofs-check/cli.ts (vitest) or proofs-check/dist/proofs-check/cli.js (compiled)
  let dir = dirname(fileURLToPath(import.meta.url));
  if (dir.endsWith(join('dist', 'proofs-check'))) dir = resolve(dir, '..', '..');
  return join(dir, 'report');
}

/** A one-line progress bar on a terminal stream (redrawn at most every 100 ms). */
export function progressBar(stream: NodeJS.WriteStream): { update(e: ProgressEvent): void; done(): void } {
  let last = 0;
  let drawn = false;
  return {
    update(e) {
      const now = Date.now();
      if (now - last < 100 && e.done !== e.total) return;
      last = now;
      const width = 28;
      const part = e.total > 0 ? e.done / e.total : 1;
      const frac = (e.index + part) / Math.max(1, e.count); // overall, checks weighted equally
      const fill = Math.round(frac * width);
      const line = `[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${String(Math.round(frac * 100)).padStart(3)}%  check ${e.index + 1}/${e.count} ${e.check} ${Math.round(part * 100)}%`;
      const cols = stream.columns || 100;
      stream.write(`\r${line.slice(0, cols - 1).padEnd(Math.min(cols - 1, line.length + 2))}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

function displayPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r === '' ? '.' : r.startsWith('..') ? p : r;
}

/** Output sinks (injectable for tests). */
export interface CliIo {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
}

/**
 * Runs the CLI and returns the exit code. `checks` replaces the registry (tests use it to run a
 * deliberately false claim).
 */
export function main(argv: readonly string[], opts: { checks?: readonly CheckDefinition[]; io?: CliIo } = {}): number {
  const io: CliIo = opts.io ?? { stdout: process.stdout, stderr: process.stderr };
  const checks = opts.checks ?? CHECKS;
  let o: CliOptions;
  let userMatrix: DenseMatrix | null = null;
  try {
    o = parseArgs(argv);
    if (o.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (o.list) {
      for (const c of checks) io.stdout.write(`${c.name.padEnd(36)} ${c.module.padEnd(10)} ${c.title}\n`);
      return 0;
    }
    if (o.matrix !== null) userMatrix = loadMatrixFile(o.matrix);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`proofs-check: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const bar = io.stderr.isTTY && io.stderr === process.stderr ? progressBar(process.stderr) : null;
  let run;
  try {
    run = runChecks({ quick: o.quick, seed: o.seed, only: o.only, checks, matrix: userMatrix, onProgress: bar ? (e) => bar.update(e) : undefined });
  } catch (e) {
    bar?.done();
    if (e instanceof SelectionError) {
      io.stderr.write(`proofs-check: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  bar?.done();
  const out = resolve(o.out ?? defaultOut());
  writeReport(run, out);
  for (const c of run.checks) {
    const claims = c.claims.filter((k) => k.verdict !== 'info');
    const failed = claims.filter((k) => k.verdict === 'fail').length;
    const tag = c.verdict === 'pass' ? 'PASS ' : c.verdict === 'error' ? 'ERROR' : 'FAIL ';
    const detail = c.verdict === 'error' ? c.error : `${claims.length - failed}/${claims.length} claims`;
    io.stdout.write(`${tag} ${c.name.padEnd(36)} ${detail}  (${(run.timings.checks[c.name] / 1000).toFixed(1)} s)\n`);
  }
  const s = run.meta.summary;
  io.stdout.write(
    `${s.passed}/${s.checks} checks pass (${o.quick ? 'quick' : 'full'} mode, seed ${run.meta.seed}, ${(run.timings.totalMs / 1000).toFixed(1)} s); report in ${displayPath(out)}\n`,
  );
  return s.failed === 0 ? 0 : 1;
}

const invokedPath = process.argv[1] ? pathToFileURL(resolve(process.argv[1])).href : '';
if (import.meta.url === invokedPath) {
  process.exitCode = main(process.argv.slice(2));
}
