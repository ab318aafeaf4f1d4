/**
 * `npm run demo`: a tour of randnla on built-in data, every step from one seed (`RANDNLA_SEED`
 * or `--seed`, default 2026), so every run prints the same numbers (timings aside).
 *
 *  1. least squares on real data: the NIST StRD Longley problem (correct digits of QR,
 *     sketch-and-precondition and the normal equations) and the Palmer penguins (agreement, R²,
 *     the highest-leverage birds);
 *  2. least squares, A 100000×50 with κ = 10⁶: QR against sketch-and-precondition, LSQR convergence;
 *  3. ℓ2 regression with an ℓ∞ guarantee from a Gaussian sketch, against its bound;
 *  4. ℓ1 sensitivity sampling with its measured distortion, against uniform sampling;
 *  5. completion of a 1000×1000 rank-5 matrix from a few percent of its entries;
 *  6. the optimal Monarch approximation of a noisy Monarch matrix;
 *  7. a bound check: Gaussian subspace-embedding distortion against its proven bound.
 *
 * Prints a table and writes a report folder (report.md, results.json, SVG plots) into
 * `--out <dir>`, else `RANDNLA_DEMO_OUT`, else `demo-output/` in the current directory.
 *
 * @module
 */
import type { Seed } from '../rng/index.js';
import { DEFAULT_SEED, formatTable, runDemo } from './run.js';

const USAGE = `usage: node dist/demo/main.js [--out <dir>] [--seed <seed>] [--quick]

  --out <dir>    report folder (default: $RANDNLA_DEMO_OUT, else ./demo-output)
  --seed <seed>  seed of the whole tour (default: $RANDNLA_SEED, else ${DEFAULT_SEED})
  --quick        smaller generated problems (the real-data steps are unchanged)
`;

function parseSeed(s: string): Seed {
  return /^\d+$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : s;
}

class UsageError extends Error {}

function main(argv: readonly string[]): number {
  let out = process.env.RANDNLA_DEMO_OUT || 'demo-output';
  let seed: Seed = process.env.RANDNLA_SEED ? parseSeed(process.env.RANDNLA_SEED) : DEFAULT_SEED;
  let quick = false;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--quick') {
      quick = true;
      continue;
    }
    const value = (name: string): string => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = argv[++k];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (a === '--out' || a.startsWith('--out=')) out = value('--out');
    else if (a === '--seed' || a.startsWith('--seed=')) seed = parseSeed(value('--seed'));
    else {
      process.stderr.write(`unknown argument ${a}\n\n${USAGE}`);
      return 2;
    }
  }
  const tty = process.stderr.isTTY;
  const t0 = performance.now();
  const r = runDemo({ out, seed, quick, onStep: (key) => tty && process.stderr.write(`  … ${key}${' '.repeat(20)}\r`) });
  const seconds = (performance.now() - t0) / 1000;
  if (tty) process.stderr.write(' '.repeat(40) + '\r');
  process.stdout.write(`randnla demo (seed ${String(seed)}${quick ? ', quick' : ''})\n\n${formatTable(r.rows)}\n\n`);
  process.stdout.write(
    'Every number above is reproduced exactly by the same seed (timings aside). Run `npm run proofs-check` for the full bound report.\n' +
      `Report folder: ${r.outDir} (report.md, results.json, ${r.files.filter((f) => f.endsWith('.svg')).length} SVG plots); ${seconds.toFixed(1)} s.\n`,
  );
  return 0;
}

// A closed pipe (`… | head`) ends the output quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  process.stderr.write(`${e.message}\n\n${USAGE}`);
  process.exitCode = 2;
}
