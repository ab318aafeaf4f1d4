/**
 * Leverage-score row sampling as an ℓ2 subspace embedding (GRAM normalisation), at the sample
 * size m(ε) = ⌈3d·ln(2d/δ)/(βε²)⌉ of `suggestSampleSize`.
 *
 * Sources: Drineas, Mahoney & Muthukrishnan (SODA 2006) for the scheme; Tropp, "User-friendly
 * tail bounds for sums of random matrices" (FoCM 2012), Theorem 1.1 (matrix Chernoff);
 * ALGORITHMS.md §2.3 [SRC for the O-form, DER for the constant].
 *
 * Derivation of the constant (DERIVED, written out here for review). Let U (n×d) be an
 * orthonormal basis of range(A), τ_i = ‖e_iᵀU‖², and suppose the sampling scores satisfy
 * s_i/Σs ≥ β·τ_i/d (β = 1 for exact scores).
 * - iid mode: S·U has rows u_{i_k}ᵀ/√(m p_{i_k}), k = 1…m, so UᵀSᵀSU = Σ_k X_k with independent
 *   PSD X_k = u_{i_k}u_{i_k}ᵀ/(m p_{i_k}), Σ E X_k = I and ‖X_k‖ = τ_{i_k}/(m p_{i_k}) ≤ d/(mβ) =: L.
 * - Bernoulli mode: UᵀSᵀSU = Σ_i ξ_i u_iu_iᵀ/q_i with independent ξ_i ~ Bernoulli(q_i),
 *   q_i = min(1, m s_i/Σs); uncapped summands have norm ≤ τ_i/q_i ≤ L; a capped row (q_i = 1) is
 *   deterministic and is split into ⌈τ_i/L⌉ equal deterministic pieces of norm ≤ L (Tropp's
 *   theorem allows constant summands), so again every summand has norm ≤ L and Σ E = I.
 * Tropp's Theorem 1.1 with μ_min = μ_max = 1 gives, for ε ∈ (0, 1],
 * P(λ_max ≥ 1 + ε) ≤ d·(e^ε/(1+ε)^{1+ε})^{1/L} ≤ d·e^{−ε²/(3L)} and
 * P(λ_min ≤ 1 − ε) ≤ d·(e^{−ε}/(1−ε)^{1−ε})^{1/L} ≤ d·e^{−ε²/(2L)}, so
 * P(‖UᵀSᵀSU − I‖₂ > ε) ≤ 2d·exp(−ε²mβ/(3d)) ≤ δ as soon as m ≥ 3d·ln(2d/δ)/(βε²).
 */
import { leverageSample, sampleByScores, suggestSampleSize } from '../../src/sampling/index.js';
import { coherentMatrix, gramDistortion, heavyRowsMatrix, rangeBasis } from '../data.js';
import { DEFAULT_ALPHA, inequalityClaim, infoClaim, probabilityClaim, slopeClaim } from '../rules.js';
import { median, upperQuantile } from '../stats.js';
import type { PlotPanel } from '../svg.js';
import type { CheckDefinition, ClaimResult, Json } from '../types.js';
import { distortionPanel } from './embedding-common.js';
import { sampleDistortion } from './sampling-common.js';

const DELTA = 0.1;
const EPS = [0.9, 0.7, 0.5, 0.35] as const;
const MODES = ['bernoulli', 'iid'] as const;

/** m(ε) = ⌈3d·ln(2d/δ)/(βε²)⌉ (the DERIVED matrix-Chernoff size). */
export function leverageSampleSize(d: number, eps: number, delta: number, beta = 1): number {
  return Math.ceil(((3 * d * Math.log((2 * d) / delta)) / (beta * eps * eps)) * (1 - 1e-12));
}

/** The ε that m rows guarantee: √(3d·ln(2d/δ)/(βm)). */
export function leverageEpsilon(m: number, d: number, delta: number, beta = 1): number {
  return Math.sqrt((3 * d * Math.log((2 * d) / delta)) / (beta * m));
}

export const leverageEmbedding: CheckDefinition = {
  name: 'sampling-leverage-embedding',
  module: 'sampling',
  title: 'Leverage-score sampling: ℓ2 subspace embedding at m = ⌈3d ln(2d/δ)/(βε²)⌉',
  statement:
    'Sampling rows of A with probabilities proportional to its leverage scores (Bernoulli with q_i = min(1, mτ_i/d), or m i.i.d. draws from τ/d) and rescaling them by q_i^(−1/2) gives ‖UᵀSᵀSU − I‖₂ ≤ ε, i.e. (1 − ε)‖Ax‖² ≤ ‖SAx‖² ≤ (1 + ε)‖Ax‖² for all x, with probability at least 1 − δ once m ≥ 3d·ln(2d/δ)/(βε²) (β = 1 for exact scores).',
  formula: 'm ≥ 3d·ln(2d/δ)/(βε²)  ⟹  P[ ‖UᵀSᵀSU − I‖₂ > ε ] ≤ 2d·exp(−ε²mβ/(3d)) ≤ δ',
  source:
    'Tropp, "User-friendly tail bounds for sums of random matrices" (FoCM 2012), Thm 1.1 (matrix Chernoff), applied to the leverage-score sampling of Drineas, Mahoney & Muthukrishnan (SODA 2006); ALGORITHMS.md §2.3 (O-form [SRC], constant 3 [DER], derivation in the check source).',
  constants: [
    { name: 'm(ε)', value: '⌈3d·ln(2d/δ)/(βε²)⌉, β = 1 (exact scores)', status: 'derived', source: 'Tropp (2012) Thm 1.1 with summand norm ≤ d/(mβ); derivation in the check source' },
    { name: 'median distortion ∝ m^(−1/2)', value: 'slope −1/2 ± 0.15', status: 'empirical', source: 'the form of the bound; measured' },
  ],
  measured:
    'ε_gram = ‖UᵀSᵀSU − I‖₂ = max(σmax(SU)² − 1, 1 − σmin(SU)²) per trial (U an orthonormal basis of range(A), computed once), for a fresh `leverageSample(A, m, { seed, mode })` per trial.',
  data:
    'coherent(4096, 10) (first 10 rows ×50: leverage 0.58–0.72 each on average over 20 seeds) and heavyRows(4096, 10, 1.5) (rows scaled by e^{1.5 z}); uniform row sampling at m(0.5) as a reference.',
  userMatrix: 'Sampled by its own leverage scores; d = numerical rank; the same ε sweep (m may exceed the number of rows: Bernoulli caps q_i at 1).',
  passRule:
    'Per (matrix, mode, ε): the claim P(ε_gram > ε) ≤ δ at m = m(ε) is rejected when the one-sided Clopper–Pearson lower bound on the failure rate at level α exceeds δ. Deterministic: `suggestSampleSize(d, 2, ε, { delta })` returns m(ε) exactly. Rate (iid mode, where no row is kept with certainty): log–log slope of the median ε_gram against m within −1/2 ± 0.15; the Bernoulli slope is reported without a verdict.',
  run(ctx) {
    const T = ctx.quick ? 40 : 200;
    const alpha = DEFAULT_ALPHA;
    const datasets = ctx.matrix
      ? [{ key: 'user', label: `user matrix ${ctx.matrix.rows}×${ctx.matrix.cols}`, A: ctx.matrix }]
      : [
          { key: 'coherent', label: 'coherent(4096, 10)', A: coherentMatrix(4096, 10, ctx.seedFor('data', 'coherent')) },
          { key: 'heavyRows', label: 'heavyRows(4096, 10, 1.5)', A: heavyRowsMatrix(4096, 10, 1.5, ctx.seedFor('data', 'heavyRows')) },
        ];
    const claims: ClaimResult[] = [];
    const panels: PlotPanel[] = [];
    const results: Record<string, Json> = {};
    let sweepMs: number[] = [];
    const totalWork = datasets.length * (MODES.length * EPS.length * T + (ctx.matrix ? 0 : T));
    let done = 0;
    for (const ds of datasets) {
      const U = rangeBasis(ds.A);
      const d = U.cols;
      const ms = EPS.map((e) => leverageSampleSize(d, e, DELTA));
      if (sweepMs.length === 0) sweepMs = ms;
      // The library's suggested size is the derived one.
      const suggested = EPS.map((e) => suggestSampleSize(d, 2, e, { delta: DELTA }).m);
      const worstGap = Math.max(...suggested.map((m, i) => Math.abs(m - ms[i])));
      claims.push(
        inequalityClaim({
          id: `${ds.key}-suggested-size`,
          claim: `${ds.label}: suggestSampleSize(d = ${d}, 2, ε, { delta: ${DELTA} }).m = ⌈3d ln(2d/δ)/ε²⌉ for ε ∈ {${EPS.join(', ')}}`,
          status: 'derived',
          measuredLabel: 'max |suggested − m(ε)|',
          measured: worstGap,
          bound: 0,
          direction: '<=',
          atol: 0,
          rtol: 0,
        }),
      );
      const gram: Record<string, number[][]> = {};
      const kept: Record<string, number[][]> = {};
      for (const mode of MODES) {
        gram[mode] = [];
        kept[mode] = [];
        ms.forEach((m, i) => {
          const vals: number[] = [];
          const rows: number[] = [];
          for (let t = 0; t < T; t++) {
            const S = leverageSample(ds.A, m, { seed: ctx.seedFor(ds.key, mode, `m=${m}`, t), mode });
            vals.push(gramDistortion(sampleDistortion(U, S)));
            rows.push(S.indices.length);
            ctx.progress(++done, totalWork);
          }
          gram[mode].push(vals);
          kept[mode].push(rows);
          claims.push(
            probabilityClaim({
              id: `${ds.key}-${mode}-m=${m}`,
              claim: `${ds.label}, ${mode}: P(ε_gram > ${EPS[i]}) ≤ δ = ${DELTA} at m = m(${EPS[i]}) = ${m}`,
              status: 'derived',
              values: vals,
              bound: EPS[i],
              delta: DELTA,
              alpha,
              quantity: 'ε_gram',
            }),
          );
        });
      }
      const med = gram.bernoulli.map((v) => median(v));
      const medIid = gram.iid.map((v) => median(v));
      claims.push(
        slopeClaim({
          id: `${ds.key}-rate`,
          claim: `${ds.label}, iid: median ε_gram ∝ m^(−1/2): log–log slope −1/2 ± 0.15`,
          status: 'empirical',
          x: ms,
          y: medIid,
          target: -0.5,
          tol: 0.15,
        }),
      );
      const bern = slopeClaim({ id: `${ds.key}-rate-bernoulli`, claim: '', status: 'empirical', x: ms, y: med, target: -0.5, tol: 0.15 });
      claims.push(
        infoClaim({
          id: `${ds.key}-rate-bernoulli`,
          claim: `${ds.label}, Bernoulli: log–log slope of the median ε_gram (capped rows, q_i = 1, are kept exactly, which steepens the curve; no verdict)`,
          status: 'empirical',
          measuredLabel: 'log–log slope',
          measured: bern.measured,
          bound: -0.5,
          direction: '<=',
          details: bern.details,
        }),
      );
      const res: Record<string, Json> = { d, n: ds.A.rows, eps: [...EPS], m: ms, suggested, epsGram: gram, rowsKept: kept, medianBernoulli: med, medianIid: medIid };
      let uniform: number[] | null = null;
      if (!ctx.matrix) {
        // Reference: uniform sampling at m(0.5), same rescaling rule (q_i = m/n).
        const m = ms[EPS.indexOf(0.5)];
        const ones = new Float64Array(ds.A.rows).fill(1);
        uniform = [];
        for (let t = 0; t < T; t++) {
          uniform.push(gramDistortion(sampleDistortion(U, sampleByScores(ones, m, { seed: ctx.seedFor(ds.key, 'uniform', `m=${m}`, t) }))));
          ctx.progress(++done, totalWork);
        }
        const F = uniform.filter((v) => !(v <= 0.5)).length;
        claims.push(
          infoClaim({
            id: `${ds.key}-uniform-m=${m}`,
            claim: `${ds.label}: uniform sampling at the same m = ${m} against ε = 0.5 (no theorem: reference)`,
            status: 'empirical',
            measuredLabel: 'failure rate',
            measured: F / T,
            bound: DELTA,
            direction: '<=',
            details: { failures: F, trials: T, median: median(uniform) },
          }),
        );
        res.uniformAtEps05 = uniform;
      }
      results[ds.key] = res;
      const panel = distortionPanel(
        ms,
        gram.bernoulli,
        DELTA,
        'ε_gram = ‖UᵀSᵀSU − I‖₂',
        (m) => leverageEpsilon(m, d, DELTA),
        'ε(m) = √(3d ln(2d/δ)/m) (derived)',
        `${ds.label}: Bernoulli per trial, iid median`,
      );
      const extra = [
        { label: 'iid: median', style: 'markers' as const, color: '#CC79A7', points: ms.map((m, i) => [m, median(gram.iid[i])] as const) },
        { label: `iid: ${100 * (1 - DELTA)}% quantile`, style: 'markers' as const, color: '#E69F00', points: ms.map((m, i) => [m, upperQuantile(gram.iid[i], DELTA)] as const) },
      ];
      if (uniform) {
        const m = ms[EPS.indexOf(0.5)];
        extra.push({ label: 'uniform sampling: median', style: 'markers' as const, color: '#000000', points: [[m, median(uniform)] as const] });
      }
      panels.push({ ...panel, series: [...panel.series.map((s) => (s.style === 'dashed' ? s : { ...s, label: `Bernoulli: ${s.label}` })), ...extra] });
    }
    return {
      parameters: { delta: DELTA, alpha, trials: T, beta: 1, eps: [...EPS], modes: [...MODES], data: datasets.map((d) => d.label).join('; ') },
      sweep: { name: 'm', values: sweepMs },
      claims,
      data: results,
      plot: { title: 'Leverage-score sampling: ‖UᵀSᵀSU − I‖₂ against m, with the derived bound', panels },
      notes: [
        `m(ε) for d = 10, δ = ${DELTA}: ${EPS.map((e) => `ε = ${e} → ${leverageSampleSize(10, e, DELTA)}`).join(', ')}. The bound ε(m) is the ε that m rows guarantee, √(3d ln(2d/δ)/m).`,
        'Uniform sampling at the same m is reported without a verdict: on coherent data it misses the heavy rows and fails far more often than δ.',
        'The rate claim is stated on the iid mode. It was first stated on the Bernoulli mode, whose median fell faster than m^(−1/2) on heavyRows (slope ≈ −0.74 in quick mode): rows with m·τ_i/d ≥ 1 are kept with certainty, and more of them are as m grows. The Bernoulli slope is kept as an info row.',
      ],
    };
  },
};
