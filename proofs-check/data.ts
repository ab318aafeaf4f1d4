/**
 * Seeded test data (ALGORITHMS.md §0.3 standard generators) and small helpers shared by the
 * checks. All randomness comes from randnla's own generator (`src/rng`), seeded by strings.
 *
 * @module
 */
import { fromColMajor, subMatrix, type DenseMatrix } from '../src/core/matrix.js';
import { qr, qrQ } from '../src/core/qr.js';
import { svd } from '../src/core/svd.js';
import { numericalRank } from '../src/core/tolerance.js';
import { fillNormal, rngFromSeed, substream } from '../src/rng/index.js';
import { applySketch } from '../src/sketch/apply.js';
import type { SketchSpec } from '../src/sketch/spec.js';

/** `gauss(n, d)`: n×d with i.i.d. N(0, 1) entries (column-major). */
export function gaussMatrix(n: number, d: number, seed: string): DenseMatrix {
  const data = new Float64Array(n * d);
  fillNormal(rngFromSeed(seed), 0, data);
  return fromColMajor(n, d, data);
}

/** `coherent(n, d)`: `gauss(n, d)` with the first d rows scaled by 50 (their leverage is close to 1). */
export function coherentMatrix(n: number, d: number, seed: string): DenseMatrix {
  const A = gaussMatrix(n, d, seed);
  for (let j = 0; j < d; j++) for (let i = 0; i < d; i++) A.data[j * n + i] *= 50;
  return A;
}

/**
 * An orthonormal basis of range(A) (n×r, column-major): the left singular vectors whose
 * singular values pass the library's rank rule (docs/design.md §2.7) — the same basis
 * `embeddingDistortion` measures on.
 */
export function rangeBasis(A: DenseMatrix): DenseMatrix {
  const F = svd(A);
  const r = numericalRank(F.s, A.rows, A.cols);
  const U = subMatrix(F.U, 0, A.rows, 0, r);
  const out = new Float64Array(A.rows * r);
  for (let j = 0; j < r; j++) for (let i = 0; i < A.rows; i++) out[j * A.rows + i] = U.data[U.offset + i * U.rowStride + j * U.colStride];
  return fromColMajor(A.rows, r, out);
}

/** Extreme singular values of S·U for an orthonormal U (n×r). */
export interface Distortion {
  readonly sigmaMin: number;
  readonly sigmaMax: number;
}

/**
 * σmin and σmax of S·U, U orthonormal: exactly what `embeddingDistortion(S, A)` computes after
 * its SVD of A, without redoing that SVD in every trial (the basis is computed once per check;
 * `test/proofs-check` checks that the two agree). σmin = 0 when m < r.
 */
export function basisDistortion(spec: SketchSpec, U: DenseMatrix): Distortion {
  const SU = applySketch(spec, U);
  const s = svd(SU, { vectors: false }).s;
  return { sigmaMax: s[0], sigmaMin: U.cols > spec.rows ? 0 : s[U.cols - 1] };
}

/** ε in the singular-value sense (SV): max(1 − σmin, σmax − 1). */
export function svDistortion(d: Distortion): number {
  return Math.max(1 - d.sigmaMin, d.sigmaMax - 1);
}

/** ε in the Gram sense (GRAM): ‖UᵀSᵀSU − I‖₂ = max(σmax² − 1, 1 − σmin²). */
export function gramDistortion(d: Distortion): number {
  return Math.max(d.sigmaMax * d.sigmaMax - 1, 1 - d.sigmaMin * d.sigmaMin);
}

/**
 * `heavyRows(n, d, s)`: `gauss(n, d)` with row i scaled by exp(s·z_i), z_i ~ N(0, 1) drawn from
 * substream 1 of the seed (ALGORITHMS.md §0.3; s = 1 to 1.5).
 */
export function heavyRowsMatrix(n: number, d: number, s: number, seed: string): DenseMatrix {
  const A = gaussMatrix(n, d, seed);
  const z = new Float64Array(n);
  fillNormal(substream(rngFromSeed(seed), 1), 0, z);
  for (let i = 0; i < n; i++) {
    const f = Math.exp(s * z[i]);
    for (let j = 0; j < d; j++) A.data[j * n + i] *= f;
  }
  return A;
}

/** `circle(n)`: rows (cos 2πj/n, sin 2πj/n), j = 0…n−1 (d = 2; ℓ1 total sensitivity → π/2). */
export function circleMatrix(n: number): DenseMatrix {
  const data = new Float64Array(2 * n);
  for (let j = 0; j < n; j++) {
    data[j] = Math.cos((2 * Math.PI * j) / n);
    data[n + j] = Math.sin((2 * Math.PI * j) / n);
  }
  return fromColMajor(n, 2, data);
}

/**
 * `illCond(n, d, κ)`: Q₁·diag(logspace(0, −log₁₀ κ, d))·Q₂ᵀ with Q₁ (n×d) and Q₂ (d×d) the Q
 * factors of Gaussian matrices drawn from substreams of the seed (ALGORITHMS.md §0.3): singular
 * values exactly 1 … 1/κ (up to rounding).
 */
export function illCondMatrix(n: number, d: number, kappa: number, seed: string): DenseMatrix {
  const Q1 = qrQ(qr(gaussMatrix(n, d, `${seed}:Q1`)));
  const Q2 = qrQ(qr(gaussMatrix(d, d, `${seed}:Q2`)));
  const s = new Float64Array(d);
  for (let k = 0; k < d; k++) s[k] = d === 1 ? 1 : 10 ** (-(Math.log10(kappa) * k) / (d - 1));
  const out = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < d; k++) {
      const c = s[k] * Q2.data[Q2.offset + j * Q2.rowStride + k * Q2.colStride];
      if (c === 0) continue;
      for (let i = 0; i < n; i++) out[j * n + i] += Q1.data[Q1.offset + i * Q1.rowStride + k * Q1.colStride] * c;
    }
  }
  return fromColMajor(n, d, out);
}

/** `idPad(n, d)`: [I_d; 0] (n×d), the failure instance of sparse sketches (ALGORITHMS.md §0.3, §3.2). */
export function idPadMatrix(n: number, d: number): DenseMatrix {
  const out = new Float64Array(n * d);
  for (let j = 0; j < d; j++) out[j * n + j] = 1;
  return fromColMajor(n, d, out);
}
