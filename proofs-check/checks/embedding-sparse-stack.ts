/**
 * SparseStack (ζ = 8 stacked CountSketches): the subspace-embedding distortion falls like
 * m^(−1/2) (EMPIRICAL rate claim).
 *
 * Sources: Chenakkod, Dereziński & Dong (2025), via the tchen-research RandNLA notes
 * (ALGORITHMS.md §1.5): m = Õ(d/ε²) with ζ = Õ(log d/ε) gives an ε-embedding; Camaño, Epperly,
 * Meyer & Tropp, "Faster linear algebra algorithms with structured random matrices" (2025):
 * an oblivious subspace injection with m = Θ(d) and ζ = Θ(log d). Constants unspecified, so
 * only the rate is checked, on the data of the sparse sign check for comparison.
 */
import { makeRateCheck, SPARSE_RATE_SWEEP } from './embedding-rate.js';

export const embeddingSparseStack = makeRateCheck({
  name: 'sketch-embedding-sparse-stack',
  title: 'SparseStack (ζ = 8): subspace-embedding distortion against m (rate)',
  kind: 'sparse-stack',
  kindLabel: 'SparseStack (ζ = 8)',
  extra: { zeta: 8 },
  statement:
    'For a fixed n×d matrix with orthonormal range basis U, the distortion of a SparseStack sketch (ζ = 8 CountSketches of m/8 rows stacked, entries ±1/√ζ) on range(U) decreases like m^(−1/2).',
  source:
    'Chenakkod, Dereziński & Dong (2025): m = Õ(d/ε²), ζ = Õ(log d/ε) (via ALGORITHMS.md §1.5); Camaño, Epperly, Meyer & Tropp (2025): an oblivious subspace injection at m = Θ(d), ζ = Θ(log d). Constants unspecified; the m^(−1/2) rate of the median is an empirical claim.',
  ...SPARSE_RATE_SWEEP,
});
