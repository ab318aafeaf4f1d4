/**
 * Shared machinery of the row-sampling checks: the distortion of a row sample on an orthonormal
 * range basis, and the ℓp distortion search settings.
 *
 * @module
 */
import { fromColMajor, type DenseMatrix } from '../../src/core/matrix.js';
import { svd } from '../../src/core/svd.js';
import type { RowSample } from '../../src/sampling/sample.js';
import type { Distortion } from '../data.js';

/**
 * σmin and σmax of S·U for a row sample S (row k = weights[k]·e_{indices[k]}ᵀ) and an
 * orthonormal U (n×r, column-major): the same numbers as the SVD of `sampledRows(U, sample)`,
 * so ‖UᵀSᵀSU − I‖₂ = max(σmax² − 1, 1 − σmin²). σmin = 0 when fewer than r rows were kept.
 */
export function sampleDistortion(U: DenseMatrix, sample: Pick<RowSample, 'indices' | 'weights'>): Distortion {
  const k = sample.indices.length;
  const r = U.cols;
  if (k === 0) return { sigmaMin: 0, sigmaMax: 0 };
  const out = new Float64Array(k * r);
  for (let j = 0; j < r; j++) {
    const col = U.offset + j * U.colStride;
    for (let t = 0; t < k; t++) out[j * k + t] = sample.weights[t] * U.data[col + sample.indices[t] * U.rowStride];
  }
  const s = svd(fromColMajor(k, r, out), { vectors: false }).s;
  return { sigmaMax: s[0], sigmaMin: k < r ? 0 : s[r - 1] };
}

/** Sum of an array. */
export function total(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}

/** Rounds to `digits` significant digits (for labels). */
export function sig(x: number, digits = 4): string {
  return Number(x.toPrecision(digits)).toString();
}
