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
import { coherentMatrix } from '../data.js';
import { makeRateCheck } from './embedding-rate.js';

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
