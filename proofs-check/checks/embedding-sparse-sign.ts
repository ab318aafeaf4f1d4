/**
 * Sparse sign (OSNAP / SJLT, ζ = 8 nonzeros per column): the subspace-embedding distortion falls
 * like m^(−1/2) (EMPIRICAL rate claim).
 *
 * Sources: Nelson & Nguyên, "OSNAP: faster numerical linear algebra algorithms via sparser
 * subspace embeddings" (FOCS 2013); Cohen, "Nearly tight oblivious subspace embeddings by trace
 * inequalities" (SODA 2016), Thm 4.2: m = O(d log(d/δ)/ε²) with ζ = O(log(d/δ)/ε) gives an
 * ε-embedding — constants unspecified, so only the rate is checked (ALGORITHMS.md §1.5).
 */
import { makeRateCheck, SPARSE_RATE_SWEEP } from './embedding-rate.js';

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
  ...SPARSE_RATE_SWEEP,
});
