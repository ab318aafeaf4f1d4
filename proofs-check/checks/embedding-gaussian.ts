/**
 * Gaussian sketch: subspace-embedding distortion against m, with the proven bound.
 *
 * Source: Davidson & Szarek (2001), Thm II.13; Vershynin, "Introduction to the non-asymptotic
 * analysis of random matrices" (2012), Corollary 5.35: for an m×d matrix G with i.i.d. N(0, 1)
 * entries and t ≥ 0, √m − √d − t ≤ σmin(G) ≤ σmax(G) ≤ √m + √d + t with probability at least
 * 1 − 2e^{−t²/2}. For S with N(0, 1/m) entries and U orthonormal (n×d), S·U is such a G/√m, so
 * with t = √(2 ln(2/δ)) every singular value of S·U is within ε(m) = (√d + √(2 ln(2/δ)))/√m of 1
 * with probability ≥ 1 − δ (ALGORITHMS.md §1.1).
 */
import { gaussMatrix, svDistortion } from '../data.js';
import { DEFAULT_ALPHA, probabilityClaim, slopeClaim } from '../rules.js';
import { median } from '../stats.js';
import type { CheckDefinition, ClaimResult } from '../types.js';
import { distortionPanel, distortions, embeddingData, sweepEmbedding, userSweep } from './embedding-common.js';

const DELTA = 0.05;

/** ε(m) of Vershynin Cor. 5.35 at failure probability δ. */
export function gaussianEpsilon(m: number, d: number, delta: number): number {
  return (Math.sqrt(d) + Math.sqrt(2 * Math.log(2 / delta))) / Math.sqrt(m);
}

export const embeddingGaussian: CheckDefinition = {
  name: 'sketch-embedding-gaussian',
  module: 'sketch',
  title: 'Gaussian sketch: subspace-embedding distortion against m',
  statement:
    'For any fixed n×d matrix A with orthonormal range basis U and S with i.i.d. N(0, 1/m) entries, every singular value of S·U lies within ε(m) = (√d + √(2 ln(2/δ)))/√m of 1 with probability at least 1 − δ.',
  formula: 'P[ max(1 − σmin(SU), σmax(SU) − 1) ≤ (√d + √(2 ln(2/δ)))/√m ] ≥ 1 − δ',
  source:
    'Davidson & Szarek (2001), Thm II.13; Vershynin, "Introduction to the non-asymptotic analysis of random matrices" (2012), Corollary 5.35, with t = √(2 ln(2/δ)).',
  constants: [
    { name: 'ε(m)', value: '(√d + √(2 ln(2/δ)))/√m, constant 1', status: 'proven', source: 'Vershynin (2012), Cor. 5.35' },
    { name: 'median distortion ∝ m^(−1/2)', value: 'slope −1/2 ± 0.15', status: 'empirical', source: 'follows the form of the bound; measured' },
  ],
  measured: 'ε = max(1 − σmin(SU), σmax(SU) − 1) per trial, one fresh sketch seed per trial.',
  data: 'A = gauss(1024, 10) (the law of SU does not depend on A: the Gaussian ensemble is orthogonally invariant).',
  userMatrix: 'U = orthonormal basis of range(A) (numerical rank d); m = d·2^k.',
  passRule:
    'Per m: the claim P(ε > ε(m)) ≤ δ is rejected when the one-sided Clopper–Pearson lower bound on the failure rate at level α exceeds δ. Rate: log–log slope of the median ε against m within −1/2 ± 0.15.',
  run(ctx) {
    const data = embeddingData(ctx, 'gauss(1024, 10)', () => gaussMatrix(1024, 10, ctx.seedFor('data')));
    const { d } = data;
    const T = ctx.quick ? 40 : 200;
    const ks = ctx.quick ? [1, 3, 5] : [1, 2, 3, 4, 5, 6];
    const ms = userSweep(d, ks, Number.MAX_SAFE_INTEGER);
    const alpha = DEFAULT_ALPHA;
    const sw = sweepEmbedding(ctx, data, 'gaussian', {}, ms, T);
    const eps = distortions(sw, svDistortion);
    const claims: ClaimResult[] = ms.map((m, i) =>
      probabilityClaim({
        id: `m=${m}`,
        claim: `P(ε > ε(m)) ≤ δ = ${DELTA} at m = ${m}, ε(m) = ${gaussianEpsilon(m, d, DELTA).toPrecision(4)}`,
        status: 'proven',
        values: eps[i],
        bound: gaussianEpsilon(m, d, DELTA),
        delta: DELTA,
        alpha,
        quantity: 'ε',
      }),
    );
    const med = eps.map((v) => median(v));
    claims.push(
      slopeClaim({ id: 'rate', claim: 'median ε ∝ m^(−1/2): log–log slope −1/2 ± 0.15', status: 'empirical', x: ms, y: med, target: -0.5, tol: 0.15 }),
    );
    return {
      parameters: { n: data.n, d, data: data.label, delta: DELTA, alpha, trials: T },
      sweep: { name: 'm', values: ms },
      claims,
      data: { sigmaMin: sw.sigmaMin, sigmaMax: sw.sigmaMax, eps, medianEps: med, bound: ms.map((m) => gaussianEpsilon(m, d, DELTA)) },
      plot: {
        title: `Gaussian sketch on ${data.label}: distortion ε against m`,
        panels: [distortionPanel(ms, eps, DELTA, 'ε = max(1 − σmin, σmax − 1)', (m) => gaussianEpsilon(m, d, DELTA), 'bound ε(m) (proven)')],
      },
    };
  },
};
