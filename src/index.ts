/**
 * randnla: randomized numerical linear algebra with reproducible seeds.
 *
 * Every public function of every module is re-exported here; each module is also importable on
 * its own (`randnla/core`, `randnla/rng`, `randnla/sketch`, `randnla/structured`,
 * `randnla/problems`, …).
 *
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './rng/index.js';
export * from './sketch/index.js';
export * from './structured/index.js';
export * from './sampling/index.js';
export * from './regression/index.js';
export * from './completion/portable.js';
export * from './io/portable.js';
export * from './problems/index.js';
