// randnla against numpy on the same machine (issue: sketch-and-precondition within 2× of
// numpy.linalg.lstsq). Runs when a python3 with numpy is on the PATH (Debian's python3-numpy;
// not a project dependency) and says it is skipped otherwise.
//
//   npm run bench:numpy                 # 65536×64, κ ≈ 1e6, relative error target 1e-10
//   BENCH_PROCS=5 npm run bench:numpy   # more randnla processes
//
// The problem is bench/problems.mjs's κ ≈ 1e6 matrix (A = G·diag(logspace(0, −6, d))·Vᵀ), written to
// .npy files so numpy solves exactly the same data. numpy runs twice: with its BLAS's default
// threads (all cores) and with one thread (OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=MKL_NUM_THREADS=1).
// randnla runs single-threaded in BENCH_PROCS separate processes; the figure is the median of
// their medians (JIT quality varies per process). The relative differences of both randnla
// solutions from numpy's are printed under the table, so equal speed comes with equal accuracy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatNpy, parseNpyArray } from '../dist/io/index.js';
import { lstsq } from '../dist/regression/index.js';
import { lstsqDense } from '../dist/core/lstsq.js';
import { matmul } from '../dist/core/ops.js';
import { dense, gaussian, illConditioned, relDiff } from './problems.mjs';

const N = Number(process.env.BENCH_N ?? 65536);
const D = Number(process.env.BENCH_D ?? 64);
const PROCS = Number(process.env.BENCH_PROCS ?? 3);
const REPS = Number(process.env.BENCH_REPS ?? 9);
/** The sketch-and-precondition configuration measured (the `lstsq` defaults plus the tolerance). */
const SP = { method: 'sketch-and-precondition', rtol: 1e-10, seed: 1 };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function medianTime(fn, reps) {
  fn();
  const ts = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    ts.push((performance.now() - t0) / 1e3);
  }
  return median(ts);
}

/** Child mode: time randnla on the problem and print one JSON line. */
function child() {
  const { A, b } = illConditioned(N, D, N + D);
  const g = gaussian(5);
  const X = new Float64Array(1024 * 1024).map(() => g());
  const Y = new Float64Array(1024 * 1024).map(() => g());
  const out = {
    sp: medianTime(() => lstsq(A, b, SP), REPS),
    qr: medianTime(() => lstsqDense(A, b), Math.max(3, REPS >> 1)),
    gemm: medianTime(() => matmul(dense(1024, 1024, X), dense(1024, 1024, Y)), Math.max(3, REPS >> 1)),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function pythonNumpy() {
  const r = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function main() {
  const npv = pythonNumpy();
  if (!npv) {
    console.log('vs-numpy: skipped (no python3 with numpy on the PATH; on Debian: apt install python3-numpy)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'randnla-vs-numpy-'));
  try {
    const { A, b } = illConditioned(N, D, N + D);
    writeFileSync(join(dir, 'A.npy'), formatNpy(A, { order: 'F' }));
    writeFileSync(join(dir, 'b.npy'), formatNpy(b));
    const py = fileURLToPath(new URL('./vs_numpy.py', import.meta.url));
    const runPy = (env) => {
      const r = spawnSync('python3', [py, dir, String(REPS)], { encoding: 'utf8', env: { ...process.env, ...env } });
      if (r.status !== 0) throw new Error(`python3 failed:\n${r.stderr}`);
      return Object.fromEntries(r.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((o) => [o.case, o.seconds]));
    };
    const npAll = runPy({});
    const one = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const npOne = runPy(one);
    const xNumpy = parseNpyArray(new Uint8Array(readFileSync(join(dir, 'x_numpy.npy')))).data;
    const xSp = lstsq(A, b, SP).x;
    const xQr = lstsqDense(A, b).x;

    const runs = [];
    for (let p = 0; p < PROCS; p++) {
      process.stderr.write(`randnla: process ${p + 1}/${PROCS}\r`);
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(`child failed:\n${r.stderr}`);
      runs.push(JSON.parse(r.stdout.trim()));
    }
    process.stderr.write(' '.repeat(40) + '\r');
    const ours = { sp: median(runs.map((r) => r.sp)), qr: median(runs.map((r) => r.qr)), gemm: median(runs.map((r) => r.gemm)) };
    const ms = (s) => `${(s * 1e3).toFixed(1)} ms`;
    const gf = (s) => `${((2 * 1024 ** 3) / s / 1e9).toFixed(1)} GFLOP/s`;
    console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, Node ${process.version}, numpy ${npv}; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    console.log(`problem: ${N}×${D}, κ ≈ 1e6; randnla median of ${PROCS} processes × ${REPS} runs, numpy median of ${REPS} runs\n`);
    console.log('| task | randnla (1 thread) | numpy (all cores) | numpy (1 thread) | randnla / numpy all | randnla / numpy 1 |');
    console.log('|---|---|---|---|---|---|');
    console.log(`| lstsq, sketch-and-precondition (rtol 1e-10) vs numpy.linalg.lstsq | ${ms(ours.sp)} | ${ms(npAll.lstsq)} | ${ms(npOne.lstsq)} | ${(ours.sp / npAll.lstsq).toFixed(2)} | ${(ours.sp / npOne.lstsq).toFixed(2)} |`);
    console.log(`| lstsq, exact QR (lstsqDense) vs numpy.linalg.lstsq | ${ms(ours.qr)} | ${ms(npAll.lstsq)} | ${ms(npOne.lstsq)} | ${(ours.qr / npAll.lstsq).toFixed(2)} | ${(ours.qr / npOne.lstsq).toFixed(2)} |`);
    console.log(`| gemm 1024³ | ${gf(ours.gemm)} | ${gf(npAll.gemm1024)} | ${gf(npOne.gemm1024)} | ${(ours.gemm / npAll.gemm1024).toFixed(2)} | ${(ours.gemm / npOne.gemm1024).toFixed(2)} |`);
    console.log(`\naccuracy: ‖x_sp − x_numpy‖/‖x_numpy‖ = ${relDiff(xSp, xNumpy).toExponential(2)}, ‖x_qr − x_numpy‖/‖x_numpy‖ = ${relDiff(xQr, xNumpy).toExponential(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child')) child();
else main();
