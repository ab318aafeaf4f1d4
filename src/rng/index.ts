/**
 * `randnla/rng`: reproducible counter-based randomness (Philox4x32-10). Every value is a pure
 * function of (seed, stream, position), so results never depend on chunking, order or the
 * number of workers. See `docs/design.md` §3.
 *
 * @module
 */
export type { Seed, RngState } from './state.js';
export { rngFromSeed, toRngState, substream } from './state.js';
export {
  uint32At,
  uniformAt,
  normalAt,
  signAt,
  integerAt,
  fillUniform,
  fillNormal,
  fillRademacher,
  fillIntegers,
} from './draw.js';
export type { AliasTable } from './sample.js';
export { permutation, sampleWithoutReplacement, aliasTable, sampleAlias, sampleWeighted } from './sample.js';
