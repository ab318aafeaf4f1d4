/**
 * Sketching operators: dense (Gaussian, Rademacher, SRHT, orthogonal), sparse (CountSketch,
 * sparse sign, very sparse) and tensor sketches, as reproducible plain-data specs; one-shot,
 * right and streaming application; and measures of embedding quality.
 *
 * @module
 */
export { SKETCH_KINDS, DEFAULT_BLOCK_ROWS, sketchOperator, nextPow2, suggestedBlockRows } from './spec.js';
export type {
  SketchKind,
  SketchSpec,
  SketchSpecBase,
  SketchOperator,
  GaussianSpec,
  RademacherSpec,
  SrhtSpec,
  CountSketchSpec,
  SparseSignSpec,
  SparseStackSpec,
  VerySparseSpec,
  OrthogonalSpec,
  TensorSpec,
  MonarchSpec,
} from './spec.js';
export { applySketch, applySketchRight, materialize, materializeBlock } from './apply.js';
export type { SketchInput } from './apply.js';
export { sketchStream, SketchAccumulator } from './stream.js';
export type { SketchStreamState } from './stream.js';
export { embeddingDistortion, oceDeviation, jlMinDim, applyTensorSketch } from './measures.js';
export type { EmbeddingDistortion, OceDeviation } from './measures.js';
