/**
 * Root-leverage sampling against ℓ1 sensitivity sampling at equal sample size (an experimental
 * sampler, compared empirically).
 *
 * Source: Woodruff & Yasuda, "Sharper bounds for ℓp sensitivity sampling" (ICML 2023; arXiv
 * 2306.00732, abstract): "the root leverage score sampling algorithm achieves a bound of roughly
 * d for 1 ≤ p < 2", against roughly 𝔖^{2/p} for sensitivity sampling (v1; v2: Chen–Dereziński's
 * d^{1−p/2}𝔖). Since 𝔖 ≥ d^{p/2} (ALGORITHMS.md §2.4), d ≤ 𝔖^{2/p}, so root-leverage sampling
 * should need no more rows than sensitivity sampling, up to constants and log factors.
 * The scores s_i = τ_i^{p/2} are the reading of ALGORITHMS.md §2.6 [INF]: the paper body and its
 * normalisation were not checked, which is why the library marks `rootLeverageSample` as
 * experimental and why this check makes an EMPIRICAL claim with a stated factor, not a theorem.
 * Both samplers keep row i with q_i = min(1, m·s_i/Σs) and rescale by q_i^{−1}; σ_i ≤ τ_i^{1/2}
 * (DERIVED, §2.6), so root leverage scores are valid sensitivity upper bounds.
 *
 * Measurement: lpDistortion's random search is a LOWER bound on the true distortion; both
 * samplers are measured with the same search settings and the same search seed in each trial.
 */
import type { DenseMatrix } from '../../src/core/matrix.js';
import { lpDistortion, lpSensitivities, rootLeverageSample, sampledRows, sensitivitySample } from '../../src/sampling/index.js';
import { coherentMatrix, gaussMatrix, heavyRowsMatrix } from '../data.js';
import { inequalityClaim, infoClaim } from '../rules.js';
import { median } from '../stats.js';
import type { PlotPanel } from '../svg.js';
import type { CheckDefinition, ClaimResult, Json } from '../types.js';

const P = 1;
const FACTOR = 1.5;
const N = 1000;
const D = 4;
const MS = [40, 80, 160] as const;

export const rootLeverageVsSensitivity: CheckDefinition = {
  name: 'sampling-root-leverage',
  module: 'sampling',
  title: 'Root-leverage sampling (experimental) against ℓ1 sensitivity sampling at equal m',
  statement:
    `Woodruff & Yasuda show that root-leverage sampling (scores τ_i^{p/2}) needs roughly d rows for an ℓp subspace embedding when 1 ≤ p < 2, no more than sensitivity sampling's roughly 𝔖^{2/p} ≥ d. Empirically, at p = 1 and equal expected sample size m, the median distortion of root-leverage sampling is at most ${FACTOR} times that of sensitivity sampling with exact sensitivities.`,
  formula: `median_t D(root-leverage, m) ≤ ${FACTOR} · median_t D(sensitivity, m),  D = sup_x |‖SAx‖₁/‖Ax‖₁ − 1| (estimated from below)`,
  source:
    'Woodruff & Yasuda, "Sharper bounds for ℓp sensitivity sampling" (ICML 2023; arXiv 2306.00732, abstract: root leverage score sampling "achieves a bound of roughly d for 1 ≤ p < 2"); scores τ^{p/2}: ALGORITHMS.md §2.6 [INF].',
  constants: [
    { name: `factor ${FACTOR}`, value: `median ratio ≤ ${FACTOR} at every (matrix, m)`, status: 'empirical', source: 'stated before the first run; no theorem gives a constant' },
  ],
  measured:
    'Per matrix, m and trial: D for `rootLeverageSample(A, 1, m, { seed })` and for `sensitivitySample(A, 1, m, { seed, sensitivities })` (exact ℓ1 sensitivities, computed once), each by `lpDistortion(A, SA, 1, { method: "random", directions: 100, refine: 4 })` with the same search seed — a LOWER bound on the true distortion.',
  data: `gauss(${N}, ${D}), coherent(${N}, ${D}) and heavyRows(${N}, ${D}, 1.5); m ∈ {${MS.join(', ')}}.`,
  userMatrix: `The same comparison on the user matrix (m ∈ {${MS.join(', ')}}, capped at the number of rows).`,
  passRule: `Per (matrix, m): median D(root-leverage) ≤ ${FACTOR} · median D(sensitivity) (an empirical inequality, no rounding slack). The score totals Σ τ_i^{1/2} and 𝔖 are reported without a verdict.`,
  run(ctx) {
    const T = ctx.quick ? 9 : 25;
    const datasets: { key: string; label: string; A: DenseMatrix }[] = ctx.matrix
      ? [{ key: 'user', label: `user matrix ${ctx.matrix.rows}×${ctx.matrix.cols}`, A: ctx.matrix }]
      : [
          { key: 'gauss', label: `gauss(${N}, ${D})`, A: gaussMatrix(N, D, ctx.seedFor('data', 'gauss')) },
          { key: 'coherent', label: `coherent(${N}, ${D})`, A: coherentMatrix(N, D, ctx.seedFor('data', 'coherent')) },
          { key: 'heavyRows', label: `heavyRows(${N}, ${D}, 1.5)`, A: heavyRowsMatrix(N, D, 1.5, ctx.seedFor('data', 'heavyRows')) },
        ];
    const claims: ClaimResult[] = [];
    const results: Record<string, Json> = {};
    const panels: PlotPanel[] = [];
    const work = datasets.length * MS.length * T;
    let done = 0;
    let sweep: number[] = [];
    for (const ds of datasets) {
      const sens = lpSensitivities(ds.A, P);
      const r = sens.rank;
      const ms = [...new Set(MS.map((m) => Math.min(m, ds.A.rows)))];
      if (sweep.length === 0) sweep = ms;
      const dirs = 25 * r;
      const Dsens: number[][] = [];
      const Droot: number[][] = [];
      let rootTotal = 0;
      for (const m of ms) {
        const a: number[] = [];
        const b: number[] = [];
        for (let t = 0; t < T; t++) {
          const search = { method: 'random' as const, seed: ctx.seedFor(ds.key, `m=${m}`, t, 'search'), directions: dirs, refine: 4 };
          const Ss = sensitivitySample(ds.A, P, m, { seed: ctx.seedFor(ds.key, `m=${m}`, t, 'sensitivity'), sensitivities: sens.sensitivities });
          const Sr = rootLeverageSample(ds.A, P, m, { seed: ctx.seedFor(ds.key, `m=${m}`, t, 'root') });
          rootTotal = Sr.total;
          a.push(lpDistortion(ds.A, sampledRows(ds.A, Ss), P, search).distortion);
          b.push(lpDistortion(ds.A, sampledRows(ds.A, Sr), P, search).distortion);
          ctx.progress(++done, work);
        }
        Dsens.push(a);
        Droot.push(b);
      }
      const medS = Dsens.map((v) => median(v));
      const medR = Droot.map((v) => median(v));
      ms.forEach((m, i) => {
        claims.push(
          inequalityClaim({
            id: `${ds.key}-m=${m}`,
            claim: `${ds.label}, m = ${m}: median D(root-leverage) ≤ ${FACTOR} × median D(sensitivity)`,
            status: 'empirical',
            measuredLabel: 'median D ratio (root / sensitivity)',
            measured: medR[i] / medS[i],
            bound: FACTOR,
            direction: '<=',
            atol: 0,
            rtol: 0,
          }),
        );
      });
      claims.push(
        infoClaim({
          id: `${ds.key}-score-totals`,
          claim: `${ds.label}: total of the root-leverage scores Σ τ_i^{1/2} against 𝔖 (rank ${r})`,
          status: 'derived',
          measuredLabel: 'Σ τ_i^{1/2} / 𝔖',
          measured: rootTotal / sens.total,
          bound: 1,
          direction: '>=',
          details: { rootTotal, sensitivityTotal: sens.total, rank: r },
        }),
      );
      results[ds.key] = { label: ds.label, rank: r, m: ms, sensitivityTotal: sens.total, rootLeverageTotal: rootTotal, distortionSensitivity: Dsens, distortionRootLeverage: Droot, medianSensitivity: medS, medianRootLeverage: medR, ratio: medR.map((v, i) => v / medS[i]) };
      panels.push({
        title: `${ds.label} (𝔖 = ${sens.total.toPrecision(3)}, Σ τ^{1/2} = ${rootTotal.toPrecision(3)})`,
        xLabel: 'sample size m',
        yLabel: 'distortion D (lower bound)',
        xLog: true,
        yLog: true,
        xTicks: ms,
        series: [
          { label: 'sensitivity: per trial', style: 'dots', color: '#0072B2', points: ms.flatMap((m, i) => Dsens[i].map((v) => [m * 0.97, v] as const)) },
          { label: 'sensitivity: median', style: 'line', color: '#0072B2', points: ms.map((m, i) => [m, medS[i]] as const) },
          { label: 'root-leverage: per trial', style: 'dots', color: '#D55E00', points: ms.flatMap((m, i) => Droot[i].map((v) => [m * 1.03, v] as const)) },
          { label: 'root-leverage: median', style: 'line', color: '#D55E00', points: ms.map((m, i) => [m, medR[i]] as const) },
          { label: `${FACTOR} × sensitivity median`, style: 'dashed', color: '#000000', points: ms.map((m, i) => [m, FACTOR * medS[i]] as const) },
        ],
      });
    }
    return {
      parameters: { p: P, factor: FACTOR, trials: T, m: [...MS], data: datasets.map((x) => x.label).join('; '), search: 'lpDistortion random, directions 25·rank, refine 4, maxEvaluations 150·rank (default)' },
      sweep: { name: 'm', values: sweep },
      claims,
      data: results,
      plot: { title: 'Root-leverage against ℓ1 sensitivity sampling: distortion at equal m', panels },
      notes: [
        'Per-trial dots are drawn slightly left (sensitivity) and right (root-leverage) of their m.',
        'Both distortions are lower bounds from the same search; the ratio compares like with like but is not a certified ratio of the true distortions.',
      ],
    };
  },
};
