/**
 * Total ℓp sensitivity: d^{p/2} ≤ 𝔖 ≤ d for p ≤ 2 and d ≤ 𝔖 ≤ d^{p/2} for p ≥ 2 (d = rank).
 *
 * Upper bounds (PROVEN): a classical consequence of ℓp Lewis weights (Lewis 1978; Cohen & Peng,
 * "ℓp row sampling by Lewis weights", STOC 2015): σ_i ≤ w_i for p ≤ 2 and σ_i ≤ d^{p/2−1}·w_i
 * for p ≥ 2, with Σw_i = d; quoted as the range of 𝔖 by Woodruff & Yasuda, "Sharper bounds for
 * ℓp sensitivity sampling" (ICML 2023), §4 [MEM: lemma number not checked]. Proof sketch in
 * ALGORITHMS.md §2.4: with M = (AᵀW^{1−2/p}A)⁻¹ and Z² = Σ_j w_j^{1−2/p}(a_jᵀx)², Cauchy–Schwarz
 * in the M-norm gives |a_iᵀx| ≤ w_i^{1/p}·Z; for p ≤ 2, Z^p ≤ ‖Ax‖_p^p; for p ≥ 2, Hölder gives
 * Z² ≤ d^{1−2/p}‖Ax‖_p².
 * Lower bounds (DERIVED, ALGORITHMS.md §2.4): testing x = M·a_i in the definition of σ_i gives
 * σ_i ≥ d^{p/2−1}·w_i (p ≤ 2) and σ_i ≥ w_i (p ≥ 2); summing, 𝔖 ≥ d^{p/2} resp. 𝔖 ≥ d. (For
 * p ≤ 2 this is the Chen–Dereziński (2021) inequality w_i ≤ d^{1−p/2}σ_i quoted by Woodruff–Yasuda.)
 * Circle (DERIVED, ALGORITHMS.md §2.4): for circle(n) and p = 1, ‖Ax‖₁ ≈ (2n/π)‖x‖₂, so every
 * σ_i ≈ π/(2n) and 𝔖 → π/2 (1.57093 at n = 200 [NUM there]); checked to ±0.02.
 *
 * Measured: the exact sensitivities of `lpSensitivities(A, p)` (one convex program per row,
 * bracketed by duality): the sum of the certified upper ends is compared with the upper bound,
 * the sum of the certified lower ends (primal witnesses) with the lower bound, so neither side
 * relies on the solver having converged.
 */
import type { DenseMatrix } from '../../src/core/matrix.js';
import { lpSensitivities } from '../../src/sampling/index.js';
import { circleMatrix, coherentMatrix, gaussMatrix, heavyRowsMatrix } from '../data.js';
import { inequalityClaim, infoClaim } from '../rules.js';
import type { PlotSeries } from '../svg.js';
import type { CheckDefinition, ClaimResult, Json } from '../types.js';
import { sig, total } from './sampling-common.js';

const PS = [1, 1.5, 2, 3, 4] as const;
/** Rounding tolerance: the per-row certificates are exact up to floating-point rounding. */
const RTOL = 1e-9;

/** Upper bound on 𝔖 (PROVEN): d for p ≤ 2, d^{p/2} for p ≥ 2. */
export function sensitivityUpper(d: number, p: number): number {
  return p <= 2 ? d : d ** (p / 2);
}

/** Lower bound on 𝔖 (DERIVED): d^{p/2} for p ≤ 2, d for p ≥ 2. */
export function sensitivityLower(d: number, p: number): number {
  return p <= 2 ? d ** (p / 2) : d;
}

const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00'];

export const sensitivityTotal: CheckDefinition = {
  name: 'sampling-sensitivity-total',
  module: 'sampling',
  title: 'Total ℓp sensitivity: ≤ d for p ≤ 2, ≤ d^(p/2) for p > 2',
  statement:
    'The ℓp sensitivities σ_i = sup_x |a_iᵀx|^p/‖Ax‖_p^p of an n×d matrix of rank d sum to at most d when p ≤ 2 and at most d^{p/2} when p > 2; they sum to at least d^{p/2} (p ≤ 2) and at least d (p ≥ 2); for the regular polygon circle(n) and p = 1 the total tends to π/2.',
  formula: 'p ≤ 2: d^{p/2} ≤ 𝔖 = Σ_i σ_i ≤ d;   p ≥ 2: d ≤ 𝔖 ≤ d^{p/2};   𝔖₁(circle(n)) → π/2',
  source:
    'Upper bounds: ℓp Lewis weights (Lewis 1978; Cohen & Peng, STOC 2015), as quoted by Woodruff & Yasuda (ICML 2023); lower bounds and the circle limit: ALGORITHMS.md §2.4 [DER] (the p ≤ 2 lower bound is Chen & Dereziński 2021, quoted by Woodruff–Yasuda).',
  constants: [
    { name: 'upper bound', value: 'd (p ≤ 2), d^{p/2} (p > 2)', status: 'proven', source: 'Lewis weights: σ_i ≤ w_i (p ≤ 2), σ_i ≤ d^{p/2−1}w_i (p ≥ 2), Σw = d' },
    { name: 'lower bound', value: 'd^{p/2} (p ≤ 2), d (p ≥ 2)', status: 'derived', source: 'ALGORITHMS.md §2.4: x = M·a_i in the definition of σ_i' },
    { name: 'circle(n), p = 1', value: '|𝔖 − π/2| ≤ 0.02 at n = 200', status: 'derived', source: 'ALGORITHMS.md §2.4: ‖Ax‖₁ ≈ (2n/π)‖x‖' },
  ],
  measured:
    'Per matrix and p: Σ_i upper_i and Σ_i lower_i of `lpSensitivities(A, p)` (method exact: an LP per row for p = 1, Newton per row for p > 1, each row bracketed by a primal witness and a dual certificate to relative width ≤ 1e−9/1e−8).',
  data: 'gauss(300, 6), coherent(300, 6), heavyRows(300, 6, 1.5) and circle(200) (d = 2); p ∈ {1, 1.5, 2, 3, 4}.',
  userMatrix: 'Its sensitivities for each p; d = numerical rank (the circle claim is not run).',
  passRule: `Deterministic: Σ upper_i ≤ bound·(1 + ${RTOL}) and Σ lower_i ≥ lower bound·(1 − ${RTOL}) for every matrix and p (rounding tolerance ${RTOL} relative); circle: |𝔖 − π/2| ≤ 0.02.`,
  run(ctx) {
    const datasets: { key: string; label: string; A: DenseMatrix }[] = ctx.matrix
      ? [{ key: 'user', label: `user matrix ${ctx.matrix.rows}×${ctx.matrix.cols}`, A: ctx.matrix }]
      : [
          { key: 'gauss', label: 'gauss(300, 6)', A: gaussMatrix(300, 6, ctx.seedFor('data', 'gauss')) },
          { key: 'coherent', label: 'coherent(300, 6)', A: coherentMatrix(300, 6, ctx.seedFor('data', 'coherent')) },
          { key: 'heavyRows', label: 'heavyRows(300, 6, 1.5)', A: heavyRowsMatrix(300, 6, 1.5, ctx.seedFor('data', 'heavyRows')) },
          { key: 'circle', label: 'circle(200)', A: circleMatrix(200) },
        ];
    const claims: ClaimResult[] = [];
    const results: Record<string, Json> = {};
    const series: PlotSeries[] = [];
    const work = datasets.length * PS.length;
    let done = 0;
    datasets.forEach((ds, di) => {
      const upperTotals: number[] = [];
      const lowerTotals: number[] = [];
      const gaps: number[] = [];
      const conv: boolean[] = [];
      let d = 0;
      for (const p of PS) {
        const r = lpSensitivities(ds.A, p);
        d = r.rank;
        const up = total(r.upper);
        const lo = total(r.lower);
        upperTotals.push(up);
        lowerTotals.push(lo);
        gaps.push(r.maxGap);
        conv.push(r.converged);
        claims.push(
          inequalityClaim({
            id: `${ds.key}-p=${p}-upper`,
            claim: `${ds.label}, p = ${p}: 𝔖 ≤ ${p <= 2 ? 'd' : 'd^(p/2)'} = ${sig(sensitivityUpper(d, p))}`,
            status: 'proven',
            measuredLabel: 'Σ certified upper ends',
            measured: up,
            bound: sensitivityUpper(d, p),
            direction: '<=',
            atol: 0,
            rtol: RTOL,
          }),
        );
        claims.push(
          inequalityClaim({
            id: `${ds.key}-p=${p}-lower`,
            claim: `${ds.label}, p = ${p}: 𝔖 ≥ ${p <= 2 ? 'd^(p/2)' : 'd'} = ${sig(sensitivityLower(d, p))}`,
            status: 'derived',
            measuredLabel: 'Σ certified lower ends',
            measured: lo,
            bound: sensitivityLower(d, p),
            direction: '>=',
            atol: 0,
            rtol: RTOL,
          }),
        );
        ctx.progress(++done, work);
      }
      if (ds.key === 'circle') {
        const i1 = PS.indexOf(1);
        const dev = Math.max(Math.abs(upperTotals[i1] - Math.PI / 2), Math.abs(lowerTotals[i1] - Math.PI / 2));
        claims.push(
          inequalityClaim({
            id: 'circle-p=1-limit',
            claim: 'circle(200), p = 1: |𝔖 − π/2| ≤ 0.02',
            status: 'derived',
            measuredLabel: '|𝔖 − π/2| (both certified ends)',
            measured: dev,
            bound: 0.02,
            direction: '<=',
            atol: 0,
            rtol: 0,
          }),
        );
      }
      if (conv.some((c) => !c)) {
        const worst = Math.max(...gaps);
        claims.push(
          infoClaim({
            id: `${ds.key}-solver`,
            claim: `${ds.label}: some row bracket stopped above the solver tolerance (p = ${PS.filter((_, i) => !conv[i]).join(', ')}); the certified ends used above stay valid`,
            status: 'proven',
            measuredLabel: 'largest relative bracket width',
            measured: worst,
            bound: 1e-8,
            direction: '<=',
          }),
        );
      }
      results[ds.key] = { label: ds.label, n: ds.A.rows, d, p: [...PS], totalUpper: upperTotals, totalLower: lowerTotals, maxGap: gaps, converged: conv };
      series.push({ label: `${ds.label}: 𝔖/d`, style: 'line', color: COLORS[di % COLORS.length], points: PS.map((p, i) => [p, upperTotals[i] / d] as const) });
    });
    // Bounds over a finer p grid, for each distinct d.
    const pGrid = [1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4];
    const dims = [...new Set(Object.values(results).map((r) => (r as { d: number }).d))].sort((a, b) => b - a);
    dims.forEach((d, k) => {
      series.push({ label: `upper bound, d = ${d} (proven)`, style: 'dashed', color: k === 0 ? '#000000' : '#56B4E9', points: pGrid.map((p) => [p, sensitivityUpper(d, p) / d] as const) });
      series.push({ label: `lower bound, d = ${d} (derived)`, style: 'dashed', color: k === 0 ? '#999999' : '#9ACFEA', points: pGrid.map((p) => [p, sensitivityLower(d, p) / d] as const) });
    });
    return {
      parameters: { p: [...PS], rtol: RTOL, data: datasets.map((x) => x.label).join('; '), method: 'exact' },
      sweep: { name: 'p', values: [...PS] },
      claims,
      data: results,
      plot: {
        title: 'Total ℓp sensitivity 𝔖/d against p, with the bounds',
        panels: [{ title: 'bounds on 𝔖/d: max(1, d^(p/2−1)) above, min(1, d^(p/2−1)) below', xLabel: 'p', yLabel: '𝔖/d', xLog: false, yLog: true, xTicks: [...PS], series }],
      },
      notes: [
        'At p = 2 the sensitivities are the leverage scores and both bounds are equalities (𝔖 = d).',
        'Gaussian matrices sit near the lower bound for p ≤ 2 (𝔖 ≈ √(πd/2) for p = 1) and between the bounds for p > 2; coherent rows (sensitivity ≈ 1 each) push 𝔖 towards d.',
      ],
    };
  },
};
