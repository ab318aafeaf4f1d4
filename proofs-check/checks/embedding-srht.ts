/**
 * SRHT: the subspace-embedding distortion falls like m^(−1/2) (EMPIRICAL rate claim).
 *
 * Sources: Tropp, "Improved analysis of the subsampled randomized Hadamard transform" (Adv.
 * Adapt. Data Anal. 2011), Thm 3.1: m ≥ 4(√d + √(8 ln(dn)))² ln d rows give singular values in
 * [0.40, 1.48] with constant probability — a rigorous but loose constant, and no clean ε(m);
 * Ailon & Chazelle (STOC 2006) for the construction. In practice the SRHT behaves like a Gaussian
 * sketch of the same size (ALGORITHMS.md §1.3), i.e. ε ≈ c·√(d/m); that rate is what is checked.
 */
import { coherentMatrix } from '../data.js';
import { makeRateCheck } from './embedding-rate.js';

export const embeddingSrht = makeRateCheck({
  name: 'sketch-embedding-srht',
  title: 'SRHT: subspace-embedding distortion against m (rate)',
  kind: 'srht',
  kindLabel: 'SRHT',
  extra: {},
  statement:
    'For a fixed n×d matrix with orthonormal range basis U, the distortion of the subsampled randomized Hadamard transform S = √(N/m)·R·H·D on range(U) decreases like m^(−1/2), as for a Gaussian sketch of the same size.',
  source:
    'Tropp (2011), "Improved analysis of the subsampled randomized Hadamard transform", Thm 3.1 (loose proven constant); Ailon & Chazelle (2006). The m^(−1/2) rate of the median is an empirical claim (ALGORITHMS.md §1.3).',
  constants: [
    { name: 'median distortion ∝ m^(−1/2)', value: 'slope −1/2 ± 0.15', status: 'empirical', source: 'ALGORITHMS.md §0.3 scaling assertion, §1.3' },
    { name: 'Gaussian reference curve', value: '(√d + √(2 ln(2/δ)))/√m', status: 'empirical', source: 'proven for Gaussian only (Vershynin Cor. 5.35); shown for comparison' },
  ],
  dataLabel: 'coherent(4096, 10)',
  dataNote: 'A = coherent(4096, 10): gauss(4096, 10) with its first 10 rows scaled by 50 (leverage ≈ 1), the case the Hadamard mixing is for. N = 4096, so m/N ≤ 1/6 and the finite-population correction stays small.',
  makeData: (ctx) => coherentMatrix(4096, 10, ctx.seedFor('data')),
  ks: [2, 3, 4, 5, 6],
  ksQuick: [2, 4, 6],
  trials: 200,
  trialsQuick: 40,
});
