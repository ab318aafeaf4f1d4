/**
 * SRHT: the subspace-embedding distortion falls like m^(−1/2) (EMPIRICAL rate claim).
 *
 * Sources: Tropp, "Improved analysis of the subsampled randomized Hadamard transform" (Adv.
 * Adapt. Data Anal. 2011), Thm 3.1: m ≥ 4(√d + √(8 ln(dn)))² ln d rows give singular values in
 * [0.40, 1.48] with constant probability — a rigorous but loose constant, and no clean ε(m);
 * Ailon & Chazelle (STOC 2006) for the construction. In practice the SRHT behaves like a Gaussian
 * sketch of the same size (ALGORITHMS.md §1.3), i.e. ε ≈ c·√(d/m); that rate is what is checked.
 */
import { coherentRateSweep, makeRateCheck } from './embedding-rate.js';

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
  ...coherentRateSweep('§1.3', 'the case the Hadamard mixing is for. N = 4096, so m/N ≤ 1/6 and the finite-population correction stays small.'),
});
