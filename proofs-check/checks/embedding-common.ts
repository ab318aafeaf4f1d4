/**
 * Shared machinery of the subspace-embedding checks: the data (default or the user's matrix),
 * the sweep over m with one fresh sketch seed per trial, and the standard plot.
 *
 * @module
 */
import type { DenseMatrix } from '../../src/core/matrix.js';
import { nextPow2, type SketchKind, type SketchSpec } from '../../src/sketch/spec.js';
import { basisDistortion, rangeBasis, type Distortion } from '../data.js';
import { median, upperQuantile } from '../stats.js';
import type { PlotPanel, PlotSeries } from '../svg.js';
import type { CheckContext } from '../types.js';

/** The matrix a check runs on and its orthonormal range basis. */
export interface EmbeddingData {
  readonly A: DenseMatrix;
  readonly U: DenseMatrix;
  readonly n: number;
  readonly d: number;
  readonly label: string;
}

/** The user's matrix when given, else the check's default. */
export function embeddingData(ctx: CheckContext, label: string, make: () => DenseMatrix): EmbeddingData {
  const A = ctx.matrix ?? make();
  const U = rangeBasis(A);
  return { A, U, n: A.rows, d: U.cols, label: ctx.matrix ? `user matrix ${A.rows}×${A.cols} (rank ${U.cols})` : label };
}

/**
 * Sketch sizes for a user matrix: d·2^k for the given k, restricted to [1, maxM] (SRHT needs
 * m ≤ N), deduplicated.
 */
export function userSweep(d: number, ks: readonly number[], maxM: number): number[] {
  const out: number[] = [];
  for (const k of ks) {
    const m = Math.min(maxM, Math.max(1, d * 2 ** k));
    if (!out.includes(m)) out.push(m);
  }
  return out;
}

/** The largest m a kind accepts for ambient dimension n (row-sampling kinds: m ≤ N; orthogonal: m ≤ n). */
export function maxRows(kind: SketchKind, n: number): number {
  const k: string = kind;
  return k === 'srht' || k === 'monarch' ? nextPow2(n) : k === 'orthogonal' ? n : Number.MAX_SAFE_INTEGER;
}

/** Per-trial σmin and σmax at each m. */
export interface EmbeddingSweep {
  readonly ms: readonly number[];
  readonly trials: number;
  /** sigmaMin[i][t]: trial t at ms[i]. */
  readonly sigmaMin: readonly number[][];
  readonly sigmaMax: readonly number[][];
}

/**
 * Runs T trials at each m: sketch `{ kind, rows: m, cols: n, seed: <seed>:<check>:m=<m>:<t>, ...extra }`
 * applied to the basis U; records σmin and σmax of S·U.
 */
export function sweepEmbedding(
  ctx: CheckContext,
  data: EmbeddingData,
  kind: SketchKind,
  extra: Record<string, number>,
  ms: readonly number[],
  T: number,
): EmbeddingSweep {
  const sigmaMin: number[][] = [];
  const sigmaMax: number[][] = [];
  const total = ms.length * T;
  let done = 0;
  for (const m of ms) {
    const lo: number[] = [];
    const hi: number[] = [];
    for (let t = 0; t < T; t++) {
      const spec = { kind, rows: m, cols: data.n, seed: ctx.seedFor(`m=${m}`, t), ...extra } as SketchSpec;
      const r: Distortion = basisDistortion(spec, data.U);
      lo.push(r.sigmaMin);
      hi.push(r.sigmaMax);
      ctx.progress(++done, total);
    }
    sigmaMin.push(lo);
    sigmaMax.push(hi);
  }
  return { ms, trials: T, sigmaMin, sigmaMax };
}

/** Applies a per-trial distortion measure to a sweep. */
export function distortions(sw: EmbeddingSweep, f: (d: Distortion) => number): number[][] {
  return sw.ms.map((_, i) => sw.sigmaMin[i].map((lo, t) => f({ sigmaMin: lo, sigmaMax: sw.sigmaMax[i][t] })));
}

/**
 * The standard panel: per-trial values as dots, the median and the (1 − δ) quantile as lines,
 * and optionally the bound as a dashed line, on log–log axes.
 */
export function distortionPanel(
  ms: readonly number[],
  values: readonly number[][],
  delta: number,
  yLabel: string,
  bound: ((m: number) => number) | null,
  boundLabel: string,
  title?: string,
): PlotPanel {
  const series: PlotSeries[] = [
    { label: 'per trial', style: 'dots', color: '#0072B2', points: ms.flatMap((m, i) => values[i].map((v) => [m, v] as const)) },
    { label: 'median', style: 'line', color: '#0072B2', points: ms.map((m, i) => [m, median(values[i])] as const) },
    { label: `${Number((100 * (1 - delta)).toPrecision(6))}% quantile`, style: 'line', color: '#009E73', points: ms.map((m, i) => [m, upperQuantile(values[i], delta)] as const) },
  ];
  if (bound) series.push({ label: boundLabel, style: 'dashed', color: '#D55E00', points: ms.map((m) => [m, bound(m)] as const) });
  return { title, xLabel: 'sketch size m', yLabel, xLog: true, yLog: true, xTicks: ms, series };
}
