/**
 * `randnla/regression`: least squares by exact QR, sketch-and-solve and sketch-and-precondition
 * (Blendenpik/LSRN with iterative refinement), regression with an ℓ∞ guarantee by dense
 * sketching, and ℓp regression by IRLS/Newton, an exact ℓ1 solver and row-sampling reductions.
 *
 * @module
 */
export { lstsq, chooseLeastSquaresMethod } from './lstsq.js';
export type { LeastSquaresMethod, LeastSquaresOptions, LeastSquaresResult, LeastSquaresMatrixResult } from './lstsq.js';
export { sketchedPreconditioner, defaultPreconditionRows, choosePreconditionOversampling } from './precondition.js';
export type { SketchedPreconditioner, SketchedPreconditionerOptions } from './precondition.js';
export { linfRegression, linfSketchRows } from './linf.js';
export type { LinfRegressionOptions, LinfRegressionResult, LinfSketchKind } from './linf.js';
export { lpRegression } from './lp.js';
export type { LpRegressionMethod, LpRegressionOptions, LpRegressionResult } from './lp.js';
export type { DesignMatrix, SketchChoice, PartialSketchSpec } from './internal.js';
