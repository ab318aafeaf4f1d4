/**
 * Helpers shared by the experiments: seeded test matrices, parameter checks and small
 * statistics.
 *
 * @module
 */
import { fromColMajor, type DenseMatrix } from '../../core/matrix.js';
import { matmul } from '../../core/ops.js';
import { qr, qrQ } from '../../core/qr.js';
import { fillNormal, rngFromSeed } from '../../rng/index.js';
import { CliError } from '../errors.js';
import type { ExperimentRecord } from '../experiment.js';
import { powPositive } from '../../rng/elementary.js';
import { gaussMatrix as gaussianMatrix } from '../../problems/index.js';

/** Colour of reference curves (bounds, rates) in the plots. */
export const REFERENCE = '#555555';

/** n×d with i.i.d. N(0, 1) entries (column-major), and the same with its first d rows scaled by 50 (`randnla/problems`). */
export { gaussMatrix as gaussianMatrix, coherentMatrix } from '../../problems/index.js';

/** n i.i.d. N(0, 1) values. */
export function gaussianVector(n: number, seed: string): Float64Array {
  const v = new Float64Array(n);
  fillNormal(rngFromSeed(seed), 0, v);
  return v;
}

/** An orthonormal n×k basis: the thin Q of a Gaussian matrix. */
export function orthonormalMatrix(n: number, k: number, seed: string): DenseMatrix {
  return qrQ(qr(gaussianMatrix(n, k, seed)));
}

/**
 * n×d matrix U·diag(σ)·Vᵀ with U, V Haar-like orthonormal and σ_j = κ^{−j/(d−1)}: singular values
 * from 1 down to 1/κ, condition number κ.
 */
export function conditionedMatrix(n: number, d: number, kappa: number, seed: string): DenseMatrix {
  const U = orthonormalMatrix(n, d, `${seed}/U`);
  const V = orthonormalMatrix(d, d, `${seed}/V`);
  const Us = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    const s = d === 1 ? 1 : powPositive(kappa, -j / (d - 1));
    for (let i = 0; i < n; i++) Us[j * n + i] = U.data[U.offset + i * U.rowStride + j * U.colStride] * s;
  }
  return matmul(fromColMajor(n, d, Us), V, { transB: true });
}

/** ‖v‖₂. */
export function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** max |v_i|. */
export function normInf(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s = Math.max(s, Math.abs(v[i]));
  return s;
}

/** The q-quantile (linear interpolation between order statistics) of finite values; NaN if none. */
export function quantile(values: readonly number[], q: number): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = (v.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < v.length ? v[lo] + (h - lo) * (v[lo + 1] - v[lo]) : v[lo];
}

/** The median of finite values. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The numeric field `key` of the records matching `where`. */
export function pick(records: readonly ExperimentRecord[], key: string, where: Readonly<Record<string, unknown>>): number[] {
  return records.filter((r) => Object.entries(where).every(([k, v]) => r[k] === v)).map((r) => r[key] as number);
}

/** A number for a summary table: 3 significant digits (exponent form below 10⁻³). */
export function sig(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}

/** Formats rows of cells as an aligned text table. */
export function textTable(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}

/** @throws CliError unless x is an integer in [lo, hi]. */
export function checkInt(id: string, name: string, x: number, lo: number, hi = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(x) || x < lo || x > hi) throw new CliError(`${id}: parameter '${name}' must be an integer in [${lo}, ${hi}] (got ${x})`);
}

/** @throws CliError unless every element is an integer in [lo, hi] and the list is not empty. */
export function checkInts(id: string, name: string, xs: readonly number[], lo: number, hi = Number.MAX_SAFE_INTEGER): void {
  if (xs.length === 0) throw new CliError(`${id}: parameter '${name}' must not be empty`);
  for (const x of xs) checkInt(id, name, x, lo, hi);
}

/** @throws CliError unless every element is a finite number in (lo, hi) and the list is not empty. */
export function checkReals(id: string, name: string, xs: readonly number[], lo: number, hi: number): void {
  if (xs.length === 0) throw new CliError(`${id}: parameter '${name}' must not be empty`);
  for (const x of xs) {
    if (!Number.isFinite(x) || x <= lo || x >= hi) throw new CliError(`${id}: parameter '${name}' must hold numbers in (${lo}, ${hi}) (got ${x})`);
  }
}

/** @throws CliError unless every element of xs is one of `allowed` and the list is not empty. */
export function checkChoices(id: string, name: string, xs: readonly string[], allowed: readonly string[]): void {
  if (xs.length === 0) throw new CliError(`${id}: parameter '${name}' must not be empty`);
  for (const x of xs) {
    if (!allowed.includes(x)) throw new CliError(`${id}: parameter '${name}' has '${x}' (expected one of ${allowed.join(', ')})`);
  }
}
