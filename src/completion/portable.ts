/**
 * `randnla/completion` without the file helpers: every export of the completion module except
 * `readRatings`, so that browser bundles never import `node:fs`.
 *
 * @module
 */
export { observations, observationsFromDense, assertObservations, splitObservations } from './observations.js';
export type { Observations, DuplicatePolicy, ObservationsOptions, SplitOptions, ObservationSplit } from './observations.js';
export { rsvd } from './rsvd.js';
export type { RsvdOptions, RsvdResult, RsvdInput } from './rsvd.js';
export { completeMatrix } from './altmin.js';
export type {
  CompletionMethod,
  CompleteMatrixOptions,
  CompletionResult,
  CompletionIteration,
  CompletionDiagnostics,
} from './altmin.js';
export type { Preconditioner } from './rowsolve.js';
export { parseRatings } from './ratings.js';
export type { ParseRatingsOptions, RatingsResult, RatingsFormat } from './ratings.js';
