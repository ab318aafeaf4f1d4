/**
 * Matrix file formats: Matrix Market (NIST), NumPy `.npy` (NEP 1) and CSV.
 *
 * - `parse…` / `format…`: strings and bytes in memory, no Node APIs (browsers, workers); also
 *   re-exported alone by `./portable.ts`, which imports nothing from Node.
 * - `read…` / `write…`: whole files with `node:fs` (the readers also take contents).
 * - `readRowBlocks` and the per-format `…RowBlocks`: async iterables over row blocks that read
 *   a file incrementally, for `sketchStream` on files larger than memory.
 *
 * Every reader checks declared sizes against `maxEntries` (default 2²⁸) before allocating,
 * throws ParseError naming the file (or `<text>`/`<bytes>`), the line or byte offset and what
 * was expected, and by default rejects NaN/±Infinity with a NonFiniteError naming the
 * position (`checkFinite: false` reads them as they are). Writers never modify their input and
 * round-trip float64 exactly.
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
export {
  readMatrixMarket,
  readMatrixMarketHeader,
  writeMatrixMarket,
  readNpy,
  readNpyArray,
  readNpyHeader,
  writeNpy,
  readCsv,
  writeCsv,
} from './files.js';
export type { SourceKind, SourceOption } from './files.js';
export { readRowBlocks, npyRowBlocks, matrixMarketRowBlocks, csvRowBlocks } from './stream.js';
export type { RowBlock, RowBlockInfo, RowBlockOptions, RowBlockReader, RowBlockStats } from './stream.js';
