/**
 * The experiments the runner knows, by id. Each has a folder `experiments/<id>/` with a
 * README.md (question, hypothesis, paper, how to run) and a config.json.
 *
 * @module
 */
import type { Experiment } from '../experiment.js';
import { E001 } from './e001.js';
import { E002 } from './e002.js';
import { E003 } from './e003.js';
import { E004 } from './e004.js';
import { E005 } from './e005.js';

export { E001, E002, E003, E004, E005 };
export type { E001Params } from './e001.js';
export type { E002Params } from './e002.js';
export type { E003Params } from './e003.js';
export type { E004Params } from './e004.js';
export type { E005Params } from './e005.js';

/** Every experiment, by id. */
export const EXPERIMENTS: ReadonlyMap<string, Experiment<unknown>> = new Map(
  ([E001, E002, E003, E004, E005] as ReadonlyArray<Experiment<unknown>>).map((e) => [e.id, e]),
);
