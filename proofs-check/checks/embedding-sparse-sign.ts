/**
 * Sparse sign (OSNAP / SJLT, ζ = 8 nonzeros per column): the subspace-embedding distortion falls
 * like m^(−1/2) (EMPIRICAL rate claim).
 *
 * Sources: Nelson & Nguyên, "OSNAP: faster numerical linear algebra algorithms via sparser
 * subspace embeddings" (FOCS 2013); Cohen, "Nearly tight oblivious subspace embeddings by trace
 * inequalities" (SODA 2016), Thm 4.2: m = O(d log(d/δ)/ε²) with ζ = O(log(d/δ)/ε) gives an
 * ε-embedding — constants unspecified, so only the rate is checked (ALGORITHMS.md §1.5).
 */
import { coherentMatrix } from '../data.js';
import { makeRateCheck } from './embedding-rate.js';

export const embeddingSparseSign = makeRateCheck({
  name: 'sketch-embedding-sparse-sign',
  title: 'Sparse sign (ζ = 8): subspace-embedding distortion against m (rate)',
  kind: 'sparse-sign',
  kindLabel: 'sparse sign (ζ = 8)',
  extra: { zeta: 8 },
  statement:
    'For a fixed n×d matrix with orthonormal range basis U, the distortion of a sparse sign sketch with ζ = 8 nonzeros ±1/√ζ per column on range(U) decreases like m^(−1/2).',
  source:
    'Nelson & Nguyên (FOCS 2013), OSNAP; Cohen (SODA 2016), Thm 4.2: m = O(d log(d/δ)/ε²), ζ = O(log(d/δ)/ε) (constants unspecified). The m^(−1/2) rate of the median is an empirical claim (ALGORITHMS.md §1.5).',
  constants: [
    { name: 'median distortion ∝ m^(−1/2)', value: 'slope −1/2 ± 0.15', status: 'empirical', source: 'ALGORITHMS.md §0.3 scaling assertion, §1.5' },
    { name: 'Gaussian reference curve', value: '(√d + √(2 ln(2/δ)))/√m', status: 'empirical', source: 'proven for Gaussian only (Vershynin Cor. 5.35); shown for comparison' },
  ],
  dataLabel: 'coherent(4096, 10)',
  dataNote: 'A = coherent(4096, 10): gauss(4096, 10) with its first 10 rows scaled by 50 (leverage ≈ 1), where sparse sketches are weakest.',
  makeData: (ctx) => coherentMatrix(4096, 10, ctx.seedFor('data')),
  ks: [2, 3, 4, 5, 6],
  ksQuick: [2, 4, 6],
  trials: 200,
  trialsQuick: 40,
});
