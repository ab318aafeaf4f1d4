/**
 * The plot writer lives in `src/plot/svg.ts` (shared with the experiment runner of the CLI);
 * proofs-check re-exports it.
 *
 * @module
 */
export * from '../src/plot/svg.js';
