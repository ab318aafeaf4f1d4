/**
 * proofs-check: the theorems behind randnla, run as executable checks.
 *
 * From code: `runCheck(name, { matrix, quick, seed })` runs one check, on your own matrix if you
 * pass one, and tells you whether the theorem holds on it and with how much room;
 * `runChecks(options)` runs a selection and `writeReport(run, dir)` writes report.md,
 * results.json and the SVG plots.
 *
 * @module
 */
export { runCheck, runChecks, selectChecks, DEFAULT_SEED, SelectionError } from './runner.js';
export type { RunOptions, RunCheckOptions, ProgressEvent } from './runner.js';
export { writeReport, renderMarkdown, resultsJson } from './report.js';
export { CHECKS } from './registry.js';
export { main } from './cli.js';
export {
  probabilityClaim,
  countClaim,
  exceedsClaim,
  exactRateClaim,
  slopeClaim,
  inequalityClaim,
  infoClaim,
  DEFAULT_ALPHA,
} from './rules.js';
export type * from './types.js';
