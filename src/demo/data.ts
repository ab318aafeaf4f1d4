/**
 * The real data sets shipped under `data/` (see data/README.md), read with the package's own CSV
 * reader. Paths resolve from this module's location: `dist/demo/data.js` and `src/demo/data.ts`
 * are both two folders below the package root, so `../../data` is the shipped folder in an
 * installed package, a build and the source tree alike.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '../core/errors.js';
import { fromColMajor, type DenseMatrix } from '../core/matrix.js';
import { readCsv } from '../io/files.js';

/** Absolute path of the package's `data/` folder. */
export function dataDir(): string {
  return fileURLToPath(new URL('../../data/', import.meta.url));
}

/** One column of a CSV read by `readCsv`, by header name. */
function column(fn: string, header: readonly string[] | null, M: DenseMatrix, name: string): Float64Array {
  const j = header === null ? -1 : header.indexOf(name);
  if (j < 0) throw new InvalidArgumentError(fn, `column ${name} is missing (got header ${JSON.stringify(header)})`);
  const out = new Float64Array(M.rows);
  for (let i = 0; i < M.rows; i++) out[i] = M.data[M.offset + i * M.rowStride + j * M.colStride];
  return out;
}

/** The NIST StRD Longley problem: the 16×7 design [1, x1, …, x6], y, and the certified values. */
export interface LongleyData {
  /** 16×7 design matrix, the intercept column first, column-major. */
  readonly X: DenseMatrix;
  readonly y: Float64Array;
  /** Certified coefficients B0…B6. */
  readonly certified: Float64Array;
  /** Certified standard deviations of B0…B6. */
  readonly certifiedStdDev: Float64Array;
  readonly certifiedResidualSd: number;
  readonly certifiedRSquared: number;
}

interface CertifiedFile {
  coefficients: Record<string, { estimate: string; stdDev: string }>;
  residualStandardDeviation: string;
  rSquared: string;
}

/** Reads data/longley.csv and data/longley-certified.json. */
export function loadLongley(dir = dataDir()): LongleyData {
  const fn = 'loadLongley';
  const { matrix, header } = readCsv(`${dir}longley.csv`, { header: true });
  const n = matrix.rows;
  const names = ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'];
  const X = new Float64Array(n * 7);
  X.fill(1, 0, n);
  names.forEach((name, k) => X.set(column(fn, header, matrix, name), (k + 1) * n));
  const cert = JSON.parse(readFileSync(`${dir}longley-certified.json`, 'utf8')) as CertifiedFile;
  const coef = ['B0', 'B1', 'B2', 'B3', 'B4', 'B5', 'B6'].map((b) => {
    const c = cert.coefficients[b];
    if (c === undefined) throw new InvalidArgumentError(fn, `longley-certified.json lacks ${b}`);
    return c;
  });
  return {
    X: fromColMajor(n, 7, X),
    y: column(fn, header, matrix, 'y'),
    certified: Float64Array.from(coef, (c) => Number(c.estimate)),
    certifiedStdDev: Float64Array.from(coef, (c) => Number(c.stdDev)),
    certifiedResidualSd: Number(cert.residualStandardDeviation),
    certifiedRSquared: Number(cert.rSquared),
  };
}

/** Species names by the code used in data/penguins.csv. */
export const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'] as const;

/** The Palmer penguins with complete measurements, as columns. */
export interface PenguinData {
  readonly n: number;
  /** 1-based row in the 344-row source table. */
  readonly id: Float64Array;
  /** 0 Adelie, 1 Chinstrap, 2 Gentoo. */
  readonly species: Float64Array;
  readonly billLength: Float64Array;
  readonly billDepth: Float64Array;
  readonly flipperLength: Float64Array;
  readonly bodyMass: Float64Array;
  /** 0 female, 1 male. */
  readonly sex: Float64Array;
}

/** Reads data/penguins.csv. */
export function loadPenguins(dir = dataDir()): PenguinData {
  const fn = 'loadPenguins';
  const { matrix, header } = readCsv(`${dir}penguins.csv`, { header: true });
  const col = (name: string) => column(fn, header, matrix, name);
  return {
    n: matrix.rows,
    id: col('id'),
    species: col('species'),
    billLength: col('bill_length_mm'),
    billDepth: col('bill_depth_mm'),
    flipperLength: col('flipper_length_mm'),
    bodyMass: col('body_mass_g'),
    sex: col('sex'),
  };
}
