/**
 * `randnla/sampling`: leverage scores (exact, ridge, approximate), ℓp Lewis weights, ℓp
 * sensitivities, and importance row sampling (leverage, Lewis, sensitivity, root-leverage and
 * combined) with ℓp rescaling and suggested sample sizes.
 *
 * @module
 */
export { LEVERAGE_SKETCH_KINDS, leverageScores, approxLeverageSizes } from './leverage.js';
export type { LeverageOptions, LeverageResult, LeverageMethod, LeverageSketchKind, SamplingMatrix } from './leverage.js';
export { lewisWeights } from './lewis.js';
export type { LewisOptions, LewisResult } from './lewis.js';
export { sampleByScores, sampledRows, sampledVector, leverageSample, lewisSample } from './sample.js';
export type {
  SamplingMode,
  SampleOptions,
  RowSample,
  ScoredRowSample,
  LeverageSampleOptions,
  LewisSampleOptions,
  LewisRowSample,
} from './sample.js';
export { SAMPLE_SIZE_SCHEMES, suggestSampleSize } from './sampleSize.js';
export type { SampleSizeScheme, SampleSizeLogFactor, SampleSizeOptions, SampleSizeSuggestion } from './sampleSize.js';
export { solveLP } from './lp.js';
export type { LinearProgram, LPOptions, LPStatus, LPCertificate, LPResult } from './lp.js';
export { lpSensitivities } from './sensitivities.js';
export type { SensitivityMethod, LpSensitivityOptions, LpSensitivityResult } from './sensitivities.js';
export { sensitivitySample, rootLeverageSample, combinedSample } from './sensitivitySampling.js';
export type { SensitivitySampleOptions, SensitivityRowSample, RootLeverageSampleOptions, CombinedSampleOptions } from './sensitivitySampling.js';
export { lpDistortion } from './distortion.js';
export type { DistortionMethod, LpDistortionOptions, LpDistortionResult } from './distortion.js';
