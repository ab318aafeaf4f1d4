/**
 * Seeded test data and small helpers shared by the checks. The ALGORITHMS.md §0.3 standard
 * generators are randnla's own (`randnla/problems`), seeded here by strings.
 *
 * @module
 */
import { fromColMajor, subMatrix, type DenseMatrix } from '../src/core/matrix.js';
import { svd } from '../src/core/svd.js';
import { numericalRank } from '../src/core/tolerance.js';
import { applySketch } from '../src/sketch/apply.js';
import type { SketchSpec } from '../src/sketch/spec.js';

export { gaussMatrix, coherentMatrix, heavyRowsMatrix, illCondMatrix, idPadMatrix, circleMatrix } from '../src/problems/index.js';

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

