/**
 * Matrix and vector files of the CLI, chosen by extension: `.mtx` (Matrix Market), `.npy`
 * (NumPy) and `.csv` for inputs and outputs, plus `.json` for outputs.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { csrToDense, type CsrMatrix } from '../core/csr.js';
import { fromColMajor, toArray, type DenseMatrix } from '../core/matrix.js';
import { readCsv, readMatrixMarket, readNpy, writeCsv, writeMatrixMarket, writeNpy } from '../io/index.js';
import { CliError, UsageError } from './errors.js';
import { toJson } from './output.js';

/** Formats the CLI reads. */
export type InputFormat = 'mtx' | 'npy' | 'csv';
/** Formats the CLI writes. */
export type OutputFormat = InputFormat | 'json';

const INPUTS: Readonly<Record<string, InputFormat>> = { '.mtx': 'mtx', '.npy': 'npy', '.csv': 'csv' };
const OUTPUTS: Readonly<Record<string, OutputFormat>> = { ...INPUTS, '.json': 'json' };

/** The input format of a path by its extension. @throws UsageError for another extension. */
export function inputFormat(path: string): InputFormat {
  const f = INPUTS[extname(path).toLowerCase()];
  if (f === undefined) throw new UsageError(`${path}: unknown matrix file extension '${extname(path)}' (expected .mtx, .npy or .csv)`);
  return f;
}

/** The output format of a path by its extension. @throws UsageError for another extension. */
export function outputFormat(path: string): OutputFormat {
  const f = OUTPUTS[extname(path).toLowerCase()];
  if (f === undefined) throw new UsageError(`${path}: unknown output file extension '${extname(path)}' (expected .npy, .mtx, .csv or .json)`);
  return f;
}

/**
 * Reads a matrix file: .npy (2-D, or 1-D as one column) and dense Matrix Market files give a
 * DenseMatrix, coordinate Matrix Market files a CsrMatrix, CSV a DenseMatrix (a header row of
 * names is skipped).
 */
export function readMatrixFile(path: string): DenseMatrix | CsrMatrix {
  switch (inputFormat(path)) {
    case 'npy':
      return readNpy(path, { as: 'matrix' });
    case 'mtx':
      return readMatrixMarket(path, { source: 'path' });
    case 'csv':
      return readCsv(path, { source: 'path' }).matrix;
  }
}

/** {@link readMatrixFile}, densified. */
export function readDenseMatrixFile(path: string): DenseMatrix {
  const A = readMatrixFile(path);
  return A.kind === 'csr' ? csrToDense(A) : A;
}

/**
 * Reads a vector: a 1-D .npy array, or a matrix file with one column (or one row).
 * @throws CliError when the file holds a matrix with several rows and columns.
 */
export function readVectorFile(path: string): Float64Array {
  if (inputFormat(path) === 'npy') {
    const v = readNpy(path);
    if (v instanceof Float64Array) return v;
    return vectorOf(path, v);
  }
  return vectorOf(path, readDenseMatrixFile(path));
}

function vectorOf(path: string, A: DenseMatrix | CsrMatrix): Float64Array {
  const M = A.kind === 'csr' ? csrToDense(A) : A;
  if (M.cols !== 1 && M.rows !== 1) throw new CliError(`${path}: expected a vector (one column or one row), got a ${M.rows}×${M.cols} matrix`);
  const n = M.cols === 1 ? M.rows : M.cols;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = M.cols === 1 ? M.data[M.offset + t * M.rowStride] : M.data[M.offset + t * M.colStride];
  return out;
}

/** Writes a matrix by extension (.json: `{ rows, cols, data }` with `data` row by row). */
export function writeMatrixFile(path: string, A: DenseMatrix): void {
  switch (outputFormat(path)) {
    case 'npy':
      return writeNpy(path, A);
    case 'mtx':
      return writeMatrixMarket(path, A);
    case 'csv':
      return writeCsv(path, A);
    case 'json':
      return writeFileSync(path, `${toJson({ rows: A.rows, cols: A.cols, data: toArray(A) })}\n`);
  }
}

/** Writes a vector by extension: 1-D .npy, one-column .mtx/.csv, or a JSON array. */
export function writeVectorFile(path: string, v: Float64Array): void {
  switch (outputFormat(path)) {
    case 'npy':
      return writeNpy(path, v);
    case 'mtx':
      return writeMatrixMarket(path, fromColMajor(v.length, 1, v));
    case 'csv':
      return writeCsv(path, fromColMajor(v.length, 1, v));
    case 'json':
      return writeFileSync(path, `${toJson(v)}\n`);
  }
}

/** Writes a JSON document (typed arrays as arrays). @throws UsageError unless the path ends in .json. */
export function writeJsonFile(path: string, value: unknown): void {
  if (outputFormat(path) !== 'json') throw new UsageError(`${path}: this output is a JSON document (expected a .json file)`);
  writeFileSync(path, `${toJson(value)}\n`);
}

/** The SHA-256 of a file's bytes, in hex, read in 1 MiB pieces. */
export function sha256File(path: string): string {
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const got = readSync(fd, buf, 0, buf.length, null);
      if (got === 0) break;
      h.update(buf.subarray(0, got));
    }
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

/** The SHA-256 of a string (UTF-8), in hex. */
export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A short description of a matrix for results: `{ rows, cols, storage }`. */
export function describeMatrix(A: DenseMatrix | CsrMatrix): { rows: number; cols: number; storage: 'dense' | 'csr'; nnz?: number } {
  return A.kind === 'csr' ? { rows: A.rows, cols: A.cols, storage: 'csr', nnz: A.values.length } : { rows: A.rows, cols: A.cols, storage: 'dense' };
}
