/**
 * Shared pieces of the demo tour: the shape of a step's outcome, and small helpers (random
 * matrices, products, timers, number formatting, correct significant digits).
 *
 * @module
 */
import { fromColMajor, type DenseMatrix } from '../core/matrix.js';
import type { PlotSpec } from '../plot/svg.js';
import { fillNormal, type RngState } from '../rng/index.js';

/** One line of the demo's table: the step, what is measured, the value, and the wall time (or ''). */
export type TableRow = readonly [step: string, quantity: string, value: string, time: string];

/** A figure of a step: written as `<file>` (SVG) into the output folder. */
export interface DemoFigure {
  /** File name, e.g. `longley-digits.svg`. */
  readonly file: string;
  readonly spec: PlotSpec;
  /** One-line caption for report.md. */
  readonly caption: string;
}

/** What a step of the tour returns. Plain data. */
export interface StepOutcome {
  /** Key of the step in results.json, e.g. `longley`. */
  readonly key: string;
  /** Heading of the step in report.md. */
  readonly title: string;
  /** Its lines of the table. */
  readonly rows: readonly TableRow[];
  /** Every number the step measured (deterministic for a seed: no timings here). */
  readonly results: Record<string, unknown>;
  /** Wall times in milliseconds (machine dependent; kept apart from `results`). */
  readonly timing: Record<string, number | number[]>;
  readonly figures: readonly DemoFigure[];
  /** Markdown paragraph for report.md: what the figure shows and the theorem or bound behind it. */
  readonly paragraph: string;
}

/** Settings shared by the steps. */
export interface StepContext {
  /** The step's own generator state (a substream of the tour's seed). */
  readonly rng: RngState;
  /** Smaller generated problems (for the test suite); the real data steps are unchanged. */
  readonly quick: boolean;
}

/** m×n matrix of independent N(0, scale²) entries, column-major. O(mn). */
export function gaussian(st: RngState, m: number, n: number, scale = 1): DenseMatrix {
  const a = new Float64Array(m * n);
  fillNormal(st, 0, a, 0, m * n, scale);
  return fromColMajor(m, n, a);
}

/** y = A·x for a column-major A (plain loops; the demo's reference products). O(mn). */
export function colMajorMatvec(A: DenseMatrix, x: ArrayLike<number>): Float64Array {
  const m = A.rows;
  const y = new Float64Array(m);
  for (let j = 0; j < A.cols; j++) {
    const xj = x[j];
    const off = A.offset + j * A.colStride;
    for (let i = 0; i < m; i++) y[i] += A.data[off + i * A.rowStride] * xj;
  }
  return y;
}

/** Euclidean norm of a vector. */
export function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** ‖a − b‖₂/‖b‖₂. */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, s = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] * b[i];
  }
  return Math.sqrt(d / s);
}

/** max_i |a_i − b_i|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < b.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/**
 * Number of correct significant digits of `value` against a reference (the "log relative error"
 * of McCullough's accuracy studies): −log₁₀(|value − ref|/|ref|), capped at `cap` (15 by default:
 * float64 holds about 15.95 digits, NIST certifies 15) and floored at 0. An exact match gives the cap.
 */
export function correctDigits(value: number, ref: number, cap = 15): number {
  if (!Number.isFinite(value)) return 0;
  const rel = Math.abs(value - ref) / Math.abs(ref);
  if (rel === 0) return cap;
  return Math.min(cap, Math.max(0, -Math.log10(rel)));
}

/** Runs f and returns its value and the wall time in milliseconds. */
export function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
}

/** Wall time for the table: `123 ms`. */
export const ms = (t: number): string => `${t.toFixed(0)} ms`;

/** Exponent notation with `digits` decimals: `1.23e-4`. */
export const sci = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toExponential(digits) : String(x));

/** Rounds to `digits` decimals for results.json (keeps the file readable; the values stay deterministic). */
export function round(x: number, digits = 4): number {
  return Number(x.toFixed(digits));
}

/** A typed array as a plain array (for JSON). */
export function arr(v: ArrayLike<number>): number[] {
  return Array.from(v);
}
