/**
 * `npm run demo`: the main job on built-in data. An exact least-squares solve on a generated
 * 100000×50 problem: A has i.i.d. N(0, 1) entries, b = A·x_true + 0.01·noise, all drawn from one
 * seed, so every run prints the same residual.
 *
 * @module
 */
import { lstsqDense } from '../core/lstsq.js';
import { fromColMajor } from '../core/matrix.js';
import { fillNormal, rngFromSeed, substream } from '../rng/index.js';

function main(): void {
  const seed = Number(process.env.RANDNLA_SEED ?? 2026);
  const m = 100_000;
  const n = 50;
  const rng = rngFromSeed(seed);

  const t0 = performance.now();
  const A = new Float64Array(m * n);
  fillNormal(substream(rng, 0), 0, A);
  const xTrue = new Float64Array(n);
  fillNormal(substream(rng, 1), 0, xTrue);
  const noise = new Float64Array(m);
  fillNormal(substream(rng, 2), 0, noise, 0, m, 0.01);
  const b = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    const xj = xTrue[j];
    const col = j * m;
    for (let i = 0; i < m; i++) b[i] += A[col + i] * xj;
  }
  for (let i = 0; i < m; i++) b[i] += noise[i];
  const tGen = performance.now() - t0;

  const t1 = performance.now();
  const { x, rank, residualNorm } = lstsqDense(fromColMajor(m, n, A), b);
  const tSolve = performance.now() - t1;

  let err = 0;
  let nx = 0;
  for (let j = 0; j < n; j++) {
    err += (x[j] - xTrue[j]) ** 2;
    nx += xTrue[j] ** 2;
  }
  const rows: Array<[string, string]> = [
    ['problem', `least squares, A ${m}×${n} Gaussian, b = A·x + 0.01·noise`],
    ['seed', String(seed)],
    ['method', 'lstsqDense (Householder QR)'],
    ['rank', String(rank)],
    ['residual ‖Ax − b‖₂', residualNorm.toPrecision(8)],
    ['expected residual ≈ 0.01·√(m − n)', (0.01 * Math.sqrt(m - n)).toPrecision(8)],
    ['‖x − x_true‖/‖x_true‖', Math.sqrt(err / nx).toExponential(3)],
    ['time to generate', `${tGen.toFixed(0)} ms`],
    ['time to solve', `${tSolve.toFixed(0)} ms`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write('randnla demo\n\n');
  for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(w)}  ${v}\n`);
}

main();
