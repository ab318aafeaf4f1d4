// Matrix completion: robust alternating minimisation (GSYZ24: sketch-preconditioned CG row
// solves, Õ(|Ω|k) per sweep) against exact alternating minimisation (JNS13: Cholesky row
// solves, O(|Ω|k²) per sweep), same process, same data, same seed.
//
// Synthetic problem: M = A·Bᵀ of rank k with Gaussian factors, m = n = 20000·SCALE,
// |Ω| = 2·10⁶·SCALE observed positions drawn uniformly (so ≈ 100 observations per row and per
// column at every scale), 2 % held out. Reported:
//   1. k = 10: seconds per sweep (median over the sweeps), modelled flops per sweep, and the
//      final relative train residual and held-out RMSE of both methods;
//   2. k ∈ {8, 16, 32, 64} (|Ω| fixed): median seconds and flops per sweep, and the log–log
//      slopes of both against k (theory: ≈ 1 for robust, ≈ 2 for exact, while |Ω_t| ≫ k);
//   2b. the regime of the theory, |Ω_t| ≫ k: |Ω| = 2·10⁶·SCALE·k/8 for k ∈ BENCH_COMPLETION_KS2
//      (default "8,16,32"; "" skips it): time and flops per observation per sweep and slopes;
//   3. Benchmark.js timing of one sweep (random init, so no spectral SVD) at k = 10.
//
// Run: npx tsc -p tsconfig.build.json && node bench/completion.bench.mjs
// Env: BENCH_COMPLETION_SCALE (default 1; 0.1 gives 2000×2000 with 2·10⁵ observations),
//      BENCH_COMPLETION_KS (default "8,16,32,64"; "" skips part 2), BENCH_COMPLETION_SWEEPS (default 8).
import { runBench, sink } from './harness.mjs';
import { gaussian, uniform } from './problems.mjs';
import { observations, splitObservations, completeMatrix } from '../dist/completion/index.js';

const JSON_MODE = process.argv.includes('--json');
const log = JSON_MODE ? (s) => process.stderr.write(`${s}\n`) : (s) => console.log(s);
const SCALE = Number(process.env.BENCH_COMPLETION_SCALE ?? 1);
const KS = (process.env.BENCH_COMPLETION_KS ?? '8,16,32,64').split(',').filter(Boolean).map(Number);
const SWEEPS = Number(process.env.BENCH_COMPLETION_SWEEPS ?? 8);
const m = Math.max(100, Math.round(20000 * SCALE));
const n = m;
const N_BASE = Math.round(2e6 * SCALE);
const KS2 = (process.env.BENCH_COMPLETION_KS2 ?? '8,16,32').split(',').filter(Boolean).map(Number);

/** Rank-k observations of A·Bᵀ (entries of variance 1) at N uniform positions; 2 % held out. */
function problem(k, seed, N = N_BASE) {
  const g = gaussian(seed);
  const A = new Float64Array(m * k), B = new Float64Array(n * k);
  const s = 1 / Math.sqrt(k);
  for (let t = 0; t < A.length; t++) A[t] = g() * s;
  for (let t = 0; t < B.length; t++) B[t] = g();
  const u = uniform(seed + 1);
  const I = new Int32Array(N), J = new Int32Array(N), V = new Float64Array(N);
  for (let t = 0; t < N; t++) {
    const i = Math.floor(u() * m), j = Math.floor(u() * n);
    let x = 0;
    for (let c = 0; c < k; c++) x += A[i * k + c] * B[j * k + c];
    I[t] = i;
    J[t] = j;
    V[t] = x;
  }
  const obs = observations(m, n, I, J, V); // repeated positions (same value) merged
  return splitObservations(obs, 0.02, { seed: seed + 2 });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

/** Least-squares slope of log y against log x. */
function slope(xs, ys) {
  const lx = xs.map(Math.log), ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / lx.length, my = ly.reduce((a, b) => a + b) / ly.length;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  return sxy / sxx;
}

const METHODS = ['robust-altmin', 'altmin'];
log(`completion bench: m = n = ${m}, |Ω| = ${N_BASE} (≈ ${(N_BASE / m).toFixed(0)} per row and column), scale ${SCALE}`);

// 1. Accuracy and time per sweep at k = 10.
{
  const k = 10;
  const { train, test } = problem(k, 100);
  let rms = 0;
  for (let t = 0; t < test.v.length; t++) rms += test.v[t] ** 2;
  rms = Math.sqrt(rms / test.v.length);
  log(`\nk = ${k}: ${SWEEPS} sweeps (spectral init), held-out entries' rms ${rms.toFixed(3)}`);
  log('| method | s/sweep (median) | flops/sweep | CG its/row | rel. train residual | test RMSE / rms |');
  log('|---|---|---|---|---|---|');
  const variants = [
    ['robust-altmin', {}],
    ['robust-altmin', { preconditioner: 'sketch' }],
    ['altmin', {}],
  ];
  for (const [method, extra] of variants) {
    const fit = completeMatrix(train, k, { method, seed: 7, maxIter: SWEEPS, tol: 1e-12, testObs: test, ...extra });
    const h = fit.history;
    const last = h[h.length - 1];
    const label = Object.keys(extra).length ? `${method} ${JSON.stringify(extra)}` : method;
    log(
      `| ${label} | ${median(h.map((e) => e.seconds)).toFixed(3)} | ${median(h.map((e) => e.flops)).toExponential(2)} | ${(median(h.map((e) => e.innerIterations)) / (m + n)).toFixed(2)} | ${last.relativeResidual.toExponential(2)} | ${(last.testRmse / rms).toExponential(2)} |`,
    );
  }
}

// 2. Time and flops per sweep against k.
if (KS.length > 0) {
  log(`\nper-sweep cost against k (|Ω| fixed; median over sweeps 2–3 of a spectral-init run)`);
  log('| k | robust s | exact s | robust flops | exact flops | robust CG its/row |');
  log('|---|---|---|---|---|---|');
  const rows = { 'robust-altmin': { sec: [], flops: [] }, altmin: { sec: [], flops: [] } };
  const its = [];
  for (const k of KS) {
    const { train } = problem(k, 200 + k);
    for (const method of METHODS) {
      const fit = completeMatrix(train, k, { method, seed: 7, maxIter: 3, tol: 1e-12 });
      const h = fit.history.slice(1);
      rows[method].sec.push(median(h.map((e) => e.seconds)));
      rows[method].flops.push(median(h.map((e) => e.flops)));
      if (method === 'robust-altmin') its.push(median(h.map((e) => e.innerIterations)) / (m + n));
    }
    const i = rows.altmin.sec.length - 1;
    log(`| ${k} | ${rows['robust-altmin'].sec[i].toFixed(3)} | ${rows.altmin.sec[i].toFixed(3)} | ${rows['robust-altmin'].flops[i].toExponential(2)} | ${rows.altmin.flops[i].toExponential(2)} | ${its[i].toFixed(2)} |`);
  }
  if (KS.length >= 2) {
    log(
      `log–log slope against k: robust time ${slope(KS, rows['robust-altmin'].sec).toFixed(2)}, flops ${slope(KS, rows['robust-altmin'].flops).toFixed(2)}; ` +
        `exact time ${slope(KS, rows.altmin.sec).toFixed(2)}, flops ${slope(KS, rows.altmin.flops).toFixed(2)}`,
    );
  }
}

// 2b. The regime of the theory, |Ω_t| ≫ k: |Ω| grows with k (|Ω| = N·k/8, ≈ 12.5·k per row), so
// the cost per observation should grow like k (robust) and k² (exact).
if (KS2.length > 0) {
  log(`\nper-sweep cost per observation against k, |Ω| = ${N_BASE}·k/8 (≈ ${(N_BASE / m / 8).toFixed(1)}·k observations per row)`);
  log('| k | |Ω| | robust µs/obs | exact µs/obs | robust flops/obs | exact flops/obs | robust CG its/row |');
  log('|---|---|---|---|---|---|---|');
  const per = { 'robust-altmin': { sec: [], flops: [] }, altmin: { sec: [], flops: [] } };
  for (const k of KS2) {
    const { train } = problem(k, 400 + k, Math.round((N_BASE * k) / 8));
    const Nk = train.v.length;
    let its = 0;
    for (const method of METHODS) {
      const fit = completeMatrix(train, k, { method, seed: 7, maxIter: 3, tol: 1e-12 });
      const h = fit.history.slice(1);
      per[method].sec.push(median(h.map((e) => e.seconds)) / Nk);
      per[method].flops.push(median(h.map((e) => e.flops)) / Nk);
      if (method === 'robust-altmin') its = median(h.map((e) => e.innerIterations)) / (m + n);
    }
    const i = per.altmin.sec.length - 1;
    log(`| ${k} | ${Nk} | ${(per['robust-altmin'].sec[i] * 1e6).toFixed(3)} | ${(per.altmin.sec[i] * 1e6).toFixed(3)} | ${per['robust-altmin'].flops[i].toFixed(0)} | ${per.altmin.flops[i].toFixed(0)} | ${its.toFixed(2)} |`);
  }
  if (KS2.length >= 2) {
    log(
      `log–log slope against k: robust time/obs ${slope(KS2, per['robust-altmin'].sec).toFixed(2)}, flops/obs ${slope(KS2, per['robust-altmin'].flops).toFixed(2)}; ` +
        `exact time/obs ${slope(KS2, per.altmin.sec).toFixed(2)}, flops/obs ${slope(KS2, per.altmin.flops).toFixed(2)}`,
    );
  }
}

// 3. One sweep, timed by the harness.
{
  const k = 10;
  const { train } = problem(k, 300);
  const sweep = (method) => () => sink(completeMatrix(train, k, { method, seed: 7, maxIter: 1, init: 'random', tol: 1e-12 }).history[0].trainRmse);
  await runBench('completion', [
    {
      name: `one sweep, k = ${k}, ${m}×${n}, |Ω| = ${train.v.length}`,
      ours: { label: 'randnla completeMatrix robust-altmin', fn: sweep('robust-altmin') },
      peers: [{ label: 'randnla completeMatrix altmin (exact)', fn: sweep('altmin') }],
      items: train.v.length,
      note: 'items = observations; includes the O(|Ω|) grouping by row and column',
    },
  ]);
}
