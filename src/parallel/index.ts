/**
 * `randnla/parallel`: the sketch (and gemm) kernels on a pool of `node:worker_threads`
 * workers, with results bit-identical to the serial functions for any number of workers.
 * Node only; not re-exported from the package root, which stays browser-safe. The kernels the
 * workers run are the serial, Node-free ones.
 *
 * @module
 */
export { createWorkerPool, WorkerPool, defaultWorkerCount } from './pool.js';
export type { WorkerPoolOptions } from './pool.js';
export { applySketchParallel, toSharedMatrix } from './sketch.js';
export type { ParallelOptions } from './sketch.js';
export { gemmParallel } from './gemm.js';
