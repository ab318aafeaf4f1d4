/**
 * The standard test matrices of ALGORITHMS.md §0.3, seeded: the inputs on which the bounds of
 * the RandNLA literature are usually checked, and on which they fail when they can (coherent
 * rows for uniform sampling, `idPad` for very sparse sketches, heavy rows for leverage
 * estimates). Every generator is a pure function of its arguments and its seed, with the same
 * bits in every JavaScript engine: the random values are randnla's Philox normals, and the
 * elementary functions randnla's own (`expDet`, `powPositive`, `sinCos2Pi`), not `Math.exp`,
 * `Math.pow` or `Math.cos`, whose last bits differ between engines.
 *
 * @module
 */
import { InvalidArgumentError } from '../core/errors.js';
import { fromColMajor, type DenseMatrix } from '../core/matrix.js';
import { qr, qrQ } from '../core/qr.js';
import { assertInt, assertReal } from '../core/validate.js';
import { expDet, powPositive, sinCos2Pi } from '../rng/elementary.js';
import type { CsrMatrix } from '../core/csr.js';
import { fillNormal, sampleWithoutReplacement, substream, toRngState, type RngState, type Seed } from '../rng/index.js';

/** The most entries a generated matrix may have (the length limit of one `Float64Array` we allow). */
const MAX_ENTRIES = 2 ** 31 - 1;

/** Checks n ≥ 1, d ≥ 1 and n·d ≤ {@link MAX_ENTRIES} under the caller's name. */
function assertShape(fn: string, n: unknown, d: unknown, nName = 'n', dName = 'd'): void {
  assertInt(fn, nName, n, 1);
  assertInt(fn, dName, d, 1);
  if ((n as number) * (d as number) > MAX_ENTRIES) {
    throw new InvalidArgumentError(fn, `${nName}·${dName} must be at most ${MAX_ENTRIES} entries (got ${nName} = ${n as number}, ${dName} = ${d as number})`);
  }
}

/** An n×d matrix of N(0, 1) values from the stream `st`, column-major (positions 0 … nd − 1). */
function gaussFrom(st: RngState, n: number, d: number): DenseMatrix {
  const data = new Float64Array(n * d);
  fillNormal(st, 0, data);
  return fromColMajor(n, d, data);
}

/**
 * `gauss(n, d)`: an n×d matrix of i.i.d. N(0, 1) entries, the values at positions 0 … nd − 1
 * of the seed's stream in column-major order (entry (i, j) is `normalAt(seed, j·n + i)`).
 *
 * Cost: O(n·d).
 *
 * @param n rows (≥ 1)
 * @param d columns (≥ 1; n·d at most 2³¹ − 1)
 * @param seed a seed or a state (`randnla/rng`)
 * @throws {InvalidArgumentError} for a bad n, d or seed
 */
export function gaussMatrix(n: number, d: number, seed: Seed | RngState): DenseMatrix {
  const fn = 'gaussMatrix';
  assertShape(fn, n, d);
  return gaussFrom(toRngState(seed, fn), n, d);
}

/**
 * `coherent(n, d)`: {@link gaussMatrix} with its first min(n, d) rows multiplied by 50
 * (ALGORITHMS.md §0.3), which gives those rows most of the leverage: 0.74–0.83 each on
 * average at n = 1024, d = 10, against d/n ≈ 0.01 for the others (10 seeds). Uniform row
 * sampling misses them and fails on it; leverage-score sampling and subspace embeddings do not.
 *
 * Cost: O(n·d).
 *
 * @param n rows (≥ 1)
 * @param d columns (≥ 1)
 * @param seed a seed or a state; the Gaussian part is `gaussMatrix(n, d, seed)`
 * @throws {InvalidArgumentError} for a bad n, d or seed
 */
export function coherentMatrix(n: number, d: number, seed: Seed | RngState): DenseMatrix {
  const fn = 'coherentMatrix';
  assertShape(fn, n, d);
  const A = gaussFrom(toRngState(seed, fn), n, d);
  const k = Math.min(n, d);
  for (let j = 0; j < d; j++) for (let i = 0; i < k; i++) A.data[j * n + i] *= 50;
  return A;
}

/**
 * `heavyRows(n, d, s)`: {@link gaussMatrix} with row i multiplied by e^(s·z_i), z_i ~ N(0, 1)
 * i.i.d. (ALGORITHMS.md §0.3; s = 1 to 1.5 there): row norms spread over several orders of
 * magnitude, the case where approximate leverage scores and sensitivities are tested hardest.
 * z is substream 1 of the seed (positions 0 … n − 1); the exponential is randnla's `expDet`.
 *
 * Cost: O(n·d).
 *
 * @param n rows (≥ 1)
 * @param d columns (≥ 1)
 * @param s spread (finite, |s| ≤ 20 so that the factors stay finite)
 * @param seed a seed or a state; the Gaussian part is `gaussMatrix(n, d, seed)`
 * @throws {InvalidArgumentError} for a bad n, d, s or seed
 */
export function heavyRowsMatrix(n: number, d: number, s: number, seed: Seed | RngState): DenseMatrix {
  const fn = 'heavyRowsMatrix';
  assertShape(fn, n, d);
  assertReal(fn, 's', s, -20, 20);
  const st = toRngState(seed, fn);
  const A = gaussFrom(st, n, d);
  const z = new Float64Array(n);
  fillNormal(substream(st, 1), 0, z);
  for (let i = 0; i < n; i++) {
    const f = expDet(s * z[i]);
    for (let j = 0; j < d; j++) A.data[j * n + i] *= f;
  }
  return A;
}

/**
 * `illCond(n, d, κ)`: Q₁·diag(σ)·Q₂ᵀ with σ_k = κ^(−k/(d−1)), k = 0 … d − 1 (logspace(0,
 * −log₁₀ κ, d)), and Q₁ (n×d), Q₂ (d×d) the Q factors of Gaussian matrices drawn from
 * substreams 1 and 2 of the seed (ALGORITHMS.md §0.3). Its singular values are σ up to
 * rounding (a few ulps times d), so its condition number is κ: the input of the
 * preconditioning and conditioning checks.
 *
 * Cost: O(n·d²) (two QR factorisations and the product).
 *
 * @param n rows (≥ d)
 * @param d columns (≥ 1)
 * @param kappa condition number (finite, ≥ 1)
 * @param seed a seed or a state
 * @throws {InvalidArgumentError} for a bad n, d, κ or seed, or d > n
 */
export function illCondMatrix(n: number, d: number, kappa: number, seed: Seed | RngState): DenseMatrix {
  const fn = 'illCondMatrix';
  assertShape(fn, n, d);
  if (d > n) throw new InvalidArgumentError(fn, `d must be at most n (got n = ${n}, d = ${d})`);
  assertReal(fn, 'kappa', kappa, 1);
  const st = toRngState(seed, fn);
  const sigma = new Float64Array(d);
  for (let k = 0; k < d; k++) sigma[k] = d === 1 ? 1 : powPositive(kappa, -k / (d - 1));
  return productUSVt(qrQ(qr(gaussFrom(substream(st, 1), n, d))), sigma, qrQ(qr(gaussFrom(substream(st, 2), d, d))));
}

/**
 * `lowRank(m, n, k, κ)`: U·diag(σ)·Vᵀ with σ = linspace(κ, 1, k) and U (m×k), V (n×k) the Q
 * factors of Gaussian matrices drawn from substreams 1 and 2 of the seed (ALGORITHMS.md §0.3):
 * an m×n matrix of rank k whose singular vectors are spread out, the kind of ground truth
 * matrix completion recovers. Its coherence μ = max over the rows of U and V of (m/k)·‖U_i‖²
 * and (n/k)·‖V_j‖² is about the largest of m + n draws of χ²_k/k: 3.3–4.8 over 20 seeds at
 * m = n = 300, k = 5 (ALGORITHMS.md's μ ≈ 2 is not what we measure; design.md §9).
 *
 * Cost: O((m + n)·k² + m·n·k).
 *
 * @param m rows (≥ 1)
 * @param n columns (≥ 1)
 * @param k rank (1 ≤ k ≤ min(m, n))
 * @param kappa the largest singular value over the smallest (finite, ≥ 1)
 * @param seed a seed or a state
 * @throws {InvalidArgumentError} for a bad m, n, k, κ or seed
 */
export function lowRankMatrix(m: number, n: number, k: number, kappa: number, seed: Seed | RngState): DenseMatrix {
  const fn = 'lowRankMatrix';
  assertShape(fn, m, n, 'm', 'n');
  assertInt(fn, 'k', k, 1, Math.min(m, n));
  assertReal(fn, 'kappa', kappa, 1);
  const st = toRngState(seed, fn);
  const sigma = new Float64Array(k);
  // linspace(κ, 1, k): κ − (κ − 1)·t/(k − 1), exact at both ends.
  for (let t = 0; t < k; t++) sigma[t] = k === 1 ? kappa : t === k - 1 ? 1 : kappa - ((kappa - 1) * t) / (k - 1);
  return productUSVt(qrQ(qr(gaussFrom(substream(st, 1), m, k))), sigma, qrQ(qr(gaussFrom(substream(st, 2), n, k))));
}

/**
 * `idPad(n, d)`: [I_d; 0], the n×d matrix whose first d rows are the identity (ALGORITHMS.md
 * §0.3, §3.2). Every leverage score is 1 or 0 and each column has one nonzero, so a sparse
 * sketch with too few nonzeros per column misses a column: the failure instance of sparse and
 * very sparse sketches.
 *
 * Cost: O(n·d) (the zeros are written).
 *
 * @param n rows (≥ d)
 * @param d columns (≥ 1)
 * @throws {InvalidArgumentError} for a bad n or d, or d > n
 */
export function idPadMatrix(n: number, d: number): DenseMatrix {
  const fn = 'idPadMatrix';
  assertShape(fn, n, d);
  if (d > n) throw new InvalidArgumentError(fn, `d must be at most n (got n = ${n}, d = ${d})`);
  const data = new Float64Array(n * d);
  for (let j = 0; j < d; j++) data[j * n + j] = 1;
  return fromColMajor(n, d, data);
}

/**
 * `circle(n)`: the n×2 matrix with rows (cos 2πj/n, sin 2πj/n), j = 0 … n − 1 (ALGORITHMS.md
 * §0.3): points evenly spread on the unit circle, whose ℓ1 sensitivities are known in closed
 * form (their total tends to π/2; ALGORITHMS.md §2.4). Not random.
 *
 * Cost: O(n).
 *
 * @param n rows (≥ 1)
 * @throws {InvalidArgumentError} for a bad n
 */
export function circleMatrix(n: number): DenseMatrix {
  const fn = 'circleMatrix';
  assertShape(fn, n, 2);
  const data = new Float64Array(2 * n);
  const sc = new Float64Array(2);
  for (let j = 0; j < n; j++) {
    sinCos2Pi(j / n, sc, 0);
    // + 0 turns a −0 (cos π/2) into +0 and changes nothing else.
    data[j] = sc[1] + 0;
    data[n + j] = sc[0] + 0;
  }
  return fromColMajor(n, 2, data);
}

/**
 * A sparse m×n matrix in CSR form with k = round(density·m·n) stored entries: their positions
 * a uniformly random k-subset of the m·n cells (without replacement, as scipy's
 * `sparse.random`), drawn by `sampleWithoutReplacement` on substream 1 of the seed, and their
 * values N(0, 1), the normals at positions 0 … k − 1 of the seed's stream in row-major order of
 * the cells. The input of the CSR paths of the sketches, samplers and solvers.
 *
 * Cost: O(k log k + m) (the positions are sorted).
 *
 * @param m rows (≥ 1)
 * @param n columns (≥ 1; m·n at most 2³¹ − 1)
 * @param density the fraction of stored cells, in [0, 1]
 * @param seed a seed or a state
 * @throws {InvalidArgumentError} for a bad m, n, density or seed
 */
export function sparseGaussMatrix(m: number, n: number, density: number, seed: Seed | RngState): CsrMatrix {
  const fn = 'sparseGaussMatrix';
  assertShape(fn, m, n, 'm', 'n');
  assertReal(fn, 'density', density, 0, 1);
  const st = toRngState(seed, fn);
  const k = Math.round(density * m * n);
  const cells = sampleWithoutReplacement(substream(st, 1), m * n, k).sort();
  const values = new Float64Array(k);
  fillNormal(st, 0, values);
  const indptr = new Int32Array(m + 1);
  const indices = new Int32Array(k);
  for (let t = 0; t < k; t++) {
    const c = cells[t];
    const i = Math.floor(c / n);
    indices[t] = c - i * n;
    indptr[i + 1]++;
  }
  for (let i = 0; i < m; i++) indptr[i + 1] += indptr[i];
  return { kind: 'csr', rows: m, cols: n, indptr, indices, values };
}

/** U·diag(σ)·Vᵀ (U m×k, V n×k column-major, σ of length k), as an m×n dense matrix. */
function productUSVt(U: DenseMatrix, sigma: Float64Array, V: DenseMatrix): DenseMatrix {
  const m = U.rows, n = V.rows, k = sigma.length;
  const out = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    const o = j * m;
    for (let t = 0; t < k; t++) {
      const c = sigma[t] * V.data[V.offset + j * V.rowStride + t * V.colStride];
      if (c === 0) continue;
      const u = U.offset + t * U.colStride;
      for (let i = 0; i < m; i++) out[o + i] += U.data[u + i * U.rowStride] * c;
    }
  }
  return fromColMajor(m, n, out);
}
