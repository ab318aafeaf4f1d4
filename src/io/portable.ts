/**
 * The parts of the file formats that need no Node API: parse and format Matrix Market, `.npy`
 * and CSV contents held in memory (strings and `Uint8Array`s). For browsers, workers and
 * bundles that must not pull in `node:fs`; `./index.ts` adds the file helpers and the
 * row-block readers on top.
 *
 * @module
 */
export { DEFAULT_MAX_ENTRIES } from './common.js';
export type { ReadLimitOptions } from './common.js';
export { parseMatrixMarket, parseMatrixMarketHeader, formatMatrixMarket } from './matrixMarket.js';
export type {
  MatrixMarketFormat,
  MatrixMarketField,
  MatrixMarketSymmetry,
  MatrixMarketHeader,
  MatrixMarketReadOptions,
  MatrixMarketWriteOptions,
} from './matrixMarket.js';
export { parseNpy, parseNpyArray, parseNpyHeader, npyToMatrix, formatNpy } from './npy.js';
export type { NpyArray, NpyHeader, NpyReadOptions, NpyWriteOptions, NpyWriteDtype } from './npy.js';
export { parseCsv, formatCsv } from './csv.js';
export type { CsvReadOptions, CsvResult, CsvWriteOptions } from './csv.js';
