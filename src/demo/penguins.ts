/**
 * Demo step 1b: body mass of the Palmer penguins regressed on bill and flipper measurements,
 * species and sex; QR against sketch-and-precondition, R², and the highest-leverage penguins.
 *
 * @module
 */
import { lstsqDense } from '../core/lstsq.js';
import { fromColMajor } from '../core/matrix.js';
import { lstsq } from '../regression/lstsq.js';
import { substream } from '../rng/index.js';
import { leverageScores } from '../sampling/leverage.js';
import { arr, colMajorMatvec, relDiff, sci, timed, type StepContext, type StepOutcome, type TableRow } from './common.js';
import { loadPenguins, SPECIES } from './data.js';

/**
 * Step 1b: reads data/penguins.csv and regresses body mass on bill length and depth, flipper length,
 * species and sex dummies (333×7); QR against sketch-and-precondition, R², and the three
 * highest exact leverage scores. Cost: a few milliseconds.
 */
export function penguinsStep(ctx: StepContext): StepOutcome {
  const P = loadPenguins();
  const n = P.n;
  const names = ['intercept', 'bill length (mm)', 'bill depth (mm)', 'flipper length (mm)', 'Chinstrap', 'Gentoo', 'male'];
  const d = names.length;
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    X[i] = 1;
    X[n + i] = P.billLength[i];
    X[2 * n + i] = P.billDepth[i];
    X[3 * n + i] = P.flipperLength[i];
    X[4 * n + i] = P.species[i] === 1 ? 1 : 0;
    X[5 * n + i] = P.species[i] === 2 ? 1 : 0;
    X[6 * n + i] = P.sex[i];
  }
  const A = fromColMajor(n, d, X);
  const y = P.bodyMass;
  const [qr, tQr] = timed(() => lstsqDense(A, y));
  const [sp, tSp] = timed(() => lstsq(A, y, { method: 'sketch-and-precondition', seed: substream(ctx.rng, 0) }));
  const agreement = relDiff(sp.x, qr.x);
  const fit = colMajorMatvec(A, qr.x);
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += y[i] / n;
  let rss = 0, tss = 0;
  for (let i = 0; i < n; i++) {
    rss += (y[i] - fit[i]) ** 2;
    tss += (y[i] - ybar) ** 2;
  }
  const rSquared = 1 - rss / tss;
  const residualSd = Math.sqrt(rss / (n - d));

  const [lev, tLev] = timed(() => leverageScores(A));
  const h = lev.scores;
  let sumH = 0;
  for (let i = 0; i < n; i++) sumH += h[i];
  const order = Array.from(h.keys()).sort((a, b) => h[b] - h[a] || a - b);
  const top = order.slice(0, 3).map((i) => ({
    row: i,
    id: P.id[i],
    species: SPECIES[P.species[i]],
    sex: P.sex[i] === 1 ? 'male' : 'female',
    billLength: P.billLength[i],
    billDepth: P.billDepth[i],
    flipperLength: P.flipperLength[i],
    bodyMass: P.bodyMass[i],
    leverage: h[i],
  }));
  const avg = d / n;
  const describe = (t: (typeof top)[number]) =>
    `h = ${t.leverage.toFixed(3)}: #${t.id} ${t.species} ${t.sex}, bill ${t.billLength}×${t.billDepth} mm, flipper ${t.flipperLength} mm`;

  const step = `1b Palmer penguins, ${n}×${d}`;
  const rows: TableRow[] = [
    [step, 'body mass ~ bill, flipper, species, sex: R²; resid. SD', `${rSquared.toFixed(4)}; ${residualSd.toFixed(1)} g`, ''],
    ['', `‖x_sketch − x_QR‖/‖x_QR‖ (${sp.iterations} LSQR iterations)`, sci(agreement), `${tQr.toFixed(1)} ms / ${tSp.toFixed(1)} ms`],
    ['', 'g per mm of bill length, bill depth, flipper', `${qr.x[1].toFixed(2)}, ${qr.x[2].toFixed(2)}, ${qr.x[3].toFixed(2)}`, ''],
    ['', 'g for Chinstrap, Gentoo (vs Adelie), male', `${qr.x[4].toFixed(1)}, ${qr.x[5].toFixed(1)}, ${qr.x[6].toFixed(1)}`, ''],
    ['', `top leverage (exact; mean d/n = ${avg.toFixed(3)}, Σh = ${sumH.toFixed(6)})`, describe(top[0]), `${tLev.toFixed(1)} ms`],
    ['', '', describe(top[1]), ''],
    ['', '', describe(top[2]), ''],
  ];

  const bySpecies = SPECIES.map((name, code) => ({
    label: name,
    style: 'markers' as const,
    points: Array.from(h.keys())
      .filter((i) => P.species[i] === code)
      .map((i) => [P.flipperLength[i], h[i]] as const),
  }));
  const figure = {
    file: 'penguins-leverage.svg',
    caption: 'Penguins: exact leverage score of each bird against its flipper length',
    spec: {
      title: 'Palmer penguins: leverage scores of the body-mass regression',
      panels: [
        {
          xLabel: 'flipper length (mm)',
          yLabel: 'leverage score h_i',
          yLog: true,
          series: [...bySpecies, { label: `average d/n = ${avg.toFixed(3)}`, style: 'dashed' as const, points: [[Math.min(...P.flipperLength), avg], [Math.max(...P.flipperLength), avg]] as const }],
        },
      ],
    },
  };

  const paragraph =
    `Body mass of ${n} penguins regressed on bill length and depth, flipper length, species and sex (${d} columns with the ` +
    `intercept) explains R² = ${rSquared.toFixed(3)} of the variance. Sketch-and-precondition (a ${sp.sketch?.rows ?? '?'}-row sparse sign ` +
    `sketch, LSQR with refinement) agrees with Householder QR to ${sci(agreement)}. The figure shows the exact leverage scores ` +
    `h_i = ‖e_iᵀQ‖² (Q from a thin QR of the design; Σh_i = rank = ${d}), the sampling probabilities of leverage-score ` +
    `sampling (Drineas, Mahoney & Muthukrishnan 2006): a row with high leverage pulls the fit toward itself. The largest ` +
    `belong to birds whose measurements are unusual for their species and sex; #${top[0].id} (${top[0].species}, ${top[0].sex}) ` +
    `has h = ${top[0].leverage.toFixed(3)}, ${(top[0].leverage / avg).toFixed(1)}× the average.`;

  return {
    key: 'penguins',
    title: '1b. Palmer penguins: regression and leverage on real data',
    rows,
    results: {
      n,
      d,
      columns: names,
      qr: arr(qr.x),
      sketchAndPrecondition: arr(sp.x),
      agreement,
      iterations: sp.iterations,
      rSquared,
      residualSd,
      leverageSum: sumH,
      leverageAverage: avg,
      topLeverage: top,
      leverage: arr(h),
    },
    timing: { qrMs: tQr, sketchAndPreconditionMs: tSp, leverageMs: tLev },
    figures: [figure],
    paragraph,
  };
}
