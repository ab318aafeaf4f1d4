/**
 * Demo step 4: ℓ1 sensitivity sampling of a tall matrix with a rare group of rows, its measured
 * ℓ1 distortion against the sample size, next to uniform sampling.
 *
 * @module
 */
import { fromColMajor } from '../core/matrix.js';
import { fillNormal, substream } from '../rng/index.js';
import { lpDistortion } from '../sampling/distortion.js';
import { sampleByScores, sampledRows } from '../sampling/sample.js';
import { lpSensitivities } from '../sampling/sensitivities.js';
import { sensitivitySample } from '../sampling/sensitivitySampling.js';
import { PALETTE } from '../plot/svg.js';
import { ms, timed, type StepContext, type StepOutcome, type TableRow } from './common.js';

/**
 * Step 4: ℓ1 sensitivity sampling (scores: Lewis upper bounds) and uniform sampling of a 10000×4
 * matrix with a rare group of rows, at several sample sizes, each scored by `lpDistortion`
 * (random search, a lower bound on the sup). Cost: dominated by the distortion searches, about
 * 6 s on one core at full size.
 */
export function samplingStep(ctx: StepContext): StepOutcome {
  const { rng, quick } = ctx;
  const n = quick ? 5000 : 10_000, d = 4, group = n / 500;
  const sizes = quick ? [100, 400] : [50, 100, 200, 400, 800, 1600];
  // Three Gaussian columns, and a fourth that is the indicator of a rare group of rows (0.2% of
  // them; think of a rare category's dummy column). Uniform sampling misses the group; the group
  // rows have ℓ1 sensitivity about 1/group each, far above the average d/n.
  const a = new Float64Array(n * d);
  fillNormal(substream(rng, 0), 0, a, 0, n * (d - 1));
  for (let k = 0; k < group; k++) a[(d - 1) * n + Math.floor((k * n) / group) + 7] = 1;
  const A = fromColMajor(n, d, a);
  const [sens, tSens] = timed(() => lpSensitivities(A, 1, { method: 'lewis' }));
  const uniform = new Float64Array(n).fill(1);
  // The distortion search: random directions refined by Nelder–Mead (a lower bound on the sup).
  const search = { directions: 100, refine: 4, maxEvaluations: 300 };
  let tDist = 0;
  const runs = sizes.map((m, k) => {
    const S = sensitivitySample(A, 1, m, { seed: substream(rng, 10 + k), sensitivities: sens.sensitivities });
    const U = sampleByScores(uniform, m, { seed: substream(rng, 100 + k), p: 1 });
    const [ds, t1] = timed(() => lpDistortion(A, sampledRows(A, S), 1, { ...search, seed: substream(rng, 200 + k) }));
    const [du, t2] = timed(() => lpDistortion(A, sampledRows(A, U), 1, { ...search, seed: substream(rng, 300 + k) }));
    tDist += t1 + t2;
    let groupKept = 0;
    for (const i of S.indices) if (a[(d - 1) * n + i] !== 0) groupKept++;
    let groupUniform = 0;
    for (const i of U.indices) if (a[(d - 1) * n + i] !== 0) groupUniform++;
    return {
      m,
      sensitivity: { rows: S.indices.length, distortion: ds.distortion, ratioMin: ds.ratioMin, ratioMax: ds.ratioMax, groupRows: groupKept },
      uniform: { rows: U.indices.length, distortion: du.distortion, ratioMin: du.ratioMin, ratioMax: du.ratioMax, groupRows: groupUniform },
      fixedXStdBound: Math.sqrt(sens.total / m),
    };
  });
  const mid = runs[Math.min(runs.length - 1, sizes.indexOf(400) >= 0 ? sizes.indexOf(400) : runs.length - 1)];
  const step = `4 ℓ1 sensitivity sampling ${n}×${d}`;
  const rows: TableRow[] = [
    [step, `sensitivity bounds (Lewis): total 𝔖̃; a group row; mean`, `${sens.total.toFixed(3)}; ${sens.sensitivities[7].toFixed(4)}; ${(sens.total / n).toExponential(1)}`, ms(tSens)],
    ['', `m = ${mid.m}, sensitivity: rows (group rows); distortion found`, `${mid.sensitivity.rows} (${mid.sensitivity.groupRows} of ${group}); ${mid.sensitivity.distortion.toFixed(3)}`, ''],
    ['', `m = ${mid.m}, uniform: the same`, `${mid.uniform.rows} (${mid.uniform.groupRows} of ${group}); ${mid.uniform.distortion.toFixed(3)}`, ''],
    ['', `distortion, m = ${sizes.join(', ')}: sensitivity`, runs.map((r) => r.sensitivity.distortion.toFixed(2)).join(', '), ms(tDist)],
    ['', 'the same, uniform sampling', runs.map((r) => r.uniform.distortion.toFixed(2)).join(', '), ''],
  ];

  const figure = {
    file: 'sampling-distortion.svg',
    caption: 'ℓ1 row sampling: measured distortion against the sample size, sensitivity against uniform',
    spec: {
      title: `ℓ1 distortion of row samples, ${n}×${d} with a rare group of ${group} rows`,
      panels: [
        {
          xLabel: 'target sample size m',
          yLabel: 'sup_x |‖SAx‖₁/‖Ax‖₁ − 1| (found)',
          xLog: true,
          yLog: true,
          xTicks: sizes,
          series: [
            { label: 'sensitivity sampling (Lewis upper bounds)', color: PALETTE[0], points: runs.map((r) => [r.m, r.sensitivity.distortion] as const) },
            { label: 'uniform sampling', color: PALETTE[1], points: runs.map((r) => [r.m, r.uniform.distortion] as const) },
            { label: '√(𝔖̃/m): std. dev. bound for one fixed x', style: 'dashed' as const, color: PALETTE[0], points: runs.map((r) => [r.m, r.fixedXStdBound] as const) },
          ],
        },
      ],
    },
  };

  const sensD = runs.map((r) => r.sensitivity.distortion);
  const unifD = runs.map((r) => r.uniform.distortion);
  const paragraph =
    `ℓ1 sensitivity sampling (Woodruff & Yasuda, ICML 2023) keeps row i with probability q_i = min(1, m·σ̃_i/𝔖̃) and ` +
    `rescales it by 1/q_i, so E‖SAx‖₁ = ‖Ax‖₁ for every x; here σ̃ are the certified upper bounds of the ℓ1 sensitivities ` +
    `from ℓ1 Lewis weights (total 𝔖̃ = ${sens.total.toFixed(2)} ≤ d). For a fixed x, Var(‖SAx‖₁/‖Ax‖₁) ≤ 𝔖̃/m (dashed: its ` +
    `square root); for all x at once (a subspace embedding) Woodruff & Yasuda show that about 𝔖̃²/ε² samples suffice, up to ` +
    `logarithmic factors. ` +
    `The ${n}×${d} matrix has a rare group of ${group} rows (0.2%), the only rows with a nonzero last column. The figure shows the largest ` +
    `deviation of ‖SAx‖₁/‖Ax‖₁ from 1 that a search over directions finds (a lower bound on the true sup): sensitivity ` +
    `sampling keeps the group (a group row has σ̃ = ${sens.sensitivities[7].toFixed(3)}, ${(sens.sensitivities[7] / (sens.total / n)).toFixed(0)}× the mean) and its ` +
    `distortion falls from ${sensD[0].toFixed(2)} to ${sensD[sensD.length - 1].toFixed(2)}, while uniform sampling keeps a small random number of ` +
    `group rows, each weighted n/m, so its distortion stays erratic and large (${Math.min(...unifD).toFixed(2)}–${Math.max(...unifD).toFixed(2)} here; ` +
    `1 means the sample missed the group).`;

  return {
    key: 'sampling',
    title: '4. ℓ1 sensitivity sampling and its distortion',
    rows,
    results: { n, d, group, sensitivityTotal: sens.total, groupRowBound: sens.sensitivities[7], runs },
    timing: { sensitivitiesMs: tSens, distortionMs: tDist },
    figures: [figure],
    paragraph,
  };
}
