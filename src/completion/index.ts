/**
 * `randnla/completion`: low-rank matrix completion by alternating minimisation, exact (Jain,
 * Netrapalli & Sanghavi, STOC 2013) and sketch-preconditioned (Gu, Song, Yin & Zhang, ICLR
 * 2024); randomized SVD (Halko, Martinsson & Tropp 2011); observation sets, train/test splits and
 * rating-file readers. `./portable.ts` is the same without `readRatings` (no `node:fs`).
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
export { readRatings } from './files.js';
