/**
 * E005: dense against sparse sketches for the ℓ∞ (per-coordinate) least-squares guarantee.
 *
 * @module
 */
import { lstsqDense } from '../../core/lstsq.js';
import { fromColMajor, type DenseMatrix } from '../../core/matrix.js';
import { matvec } from '../../core/ops.js';
import { svd } from '../../core/svd.js';
import { linfSketchRows, lstsq, type SketchChoice } from '../../regression/index.js';
import { nextPow2, type SketchKind } from '../../sketch/index.js';
import type { Experiment } from '../experiment.js';
import type { PlotPanel, PlotSeries } from '../../plot/svg.js';
import { REFERENCE, checkChoices, checkInt, checkInts, checkReals, gaussianMatrix, gaussianVector, median, norm2, normInf, pick, sig, textTable } from './util.js';

/** Parameters of E005. */
export interface E005Params {
  readonly n: number;
  readonly d: number;
  readonly kinds: string[];
  /** Sketch sizes m. */
  readonly rows: number[];
  readonly trials: number;
  /** The accuracy ε of the guarantee checked. */
  readonly eps: number;
  /** `hard`: A = [I_d; 0], b = e_{d+1} (x* = 0, the whole residual on one row); `gaussian`: Gaussian A, b = A·x + noise. */
  readonly instances: string[];
}

const KINDS = ['gaussian', 'rademacher', 'srht', 'sparse-sign', 'countsketch', 'very-sparse'];

interface Instance {
  readonly A: DenseMatrix;
  readonly b: Float64Array;
  readonly xStar: Float64Array;
  /** ‖A·x* − b‖₂·‖A†‖₂/√d: the guarantee reads ‖x′ − x*‖∞ ≤ ε·scale. */
  readonly scale: number;
}

function hardInstance(n: number, d: number): Instance {
  const a = new Float64Array(n * d);
  for (let j = 0; j < d; j++) a[j * n + j] = 1;
  const b = new Float64Array(n);
  b[d] = 1;
  return { A: fromColMajor(n, d, a), b, xStar: new Float64Array(d), scale: 1 / Math.sqrt(d) };
}

function gaussianInstance(n: number, d: number, seed: string): Instance {
  const A = gaussianMatrix(n, d, `${seed}/A`);
  const b = matvec(A, gaussianVector(d, `${seed}/x`));
  const z = gaussianVector(n, `${seed}/noise`);
  for (let i = 0; i < n; i++) b[i] += z[i];
  const ref = lstsqDense(A, b);
  const s = svd(A, { vectors: false }).s;
  return { A, b, xStar: ref.x, scale: (ref.residualNorm / s[d - 1]) / Math.sqrt(d) };
}

/** E005. */
export const E005: Experiment<E005Params> = {
  id: 'E005',
  title: 'Dense against sparse sketches for the ℓ∞ guarantee',
  question: 'Do sparse sketches (CountSketch, sparse sign) fail the per-coordinate guarantee ‖x′ − x*‖∞ ≤ (ε/√d)·‖Ax* − b‖·‖A†‖ at a rate of about d/m, whatever m, while dense sketches meet it once m is large enough?',
  defaults: {
    n: 512,
    d: 16,
    kinds: ['gaussian', 'srht', 'rademacher', 'sparse-sign', 'countsketch'],
    rows: [64, 128, 256, 384],
    trials: 80,
    eps: 0.9,
    instances: ['hard', 'gaussian'],
  },
  validate(p) {
    checkInt('E005', 'n', p.n, 2, 1 << 20);
    checkInt('E005', 'd', p.d, 1, p.n - 1);
    checkChoices('E005', 'kinds', p.kinds, KINDS);
    checkInts('E005', 'rows', p.rows, p.d, p.n);
    checkInt('E005', 'trials', p.trials, 1, 100_000);
    checkReals('E005', 'eps', [p.eps], 0, 1e6);
    checkChoices('E005', 'instances', p.instances, ['hard', 'gaussian']);
    return p;
  },
  *run(p, ctx) {
    const total = p.instances.length * p.kinds.length * p.rows.length * p.trials;
    let done = 0;
    for (const instance of p.instances) {
      const I = instance === 'hard' ? hardInstance(p.n, p.d) : gaussianInstance(p.n, p.d, ctx.seed('data', instance));
      for (const kind of p.kinds) {
        for (const m of p.rows) {
          if (kind === 'srht' && m > nextPow2(p.n)) continue;
          for (let trial = 0; trial < p.trials; trial++) {
            const seed = ctx.seed('sketch', instance, kind, m, trial);
            const { value: r, ms } = ctx.time(() => lstsq(I.A, I.b, { method: 'sketch-and-solve', sketch: { kind: kind as SketchKind, rows: m } as SketchChoice, seed }));
            const diff = new Float64Array(p.d);
            for (let j = 0; j < p.d; j++) diff[j] = r.x[j] - I.xStar[j];
            const achieved = normInf(diff) / I.scale; // the ε this trial achieved
            yield { instance, kind, rows: m, trial, seed, achieved, l2Error: norm2(diff), fails: achieved > p.eps, timing: { ms } };
            ctx.progress(++done, total, `${instance} ${kind} m=${m}`);
          }
        }
      }
    }
  },
  plot(records, p) {
    const rate = (instance: string, kind: string, m: number): number => {
      const f = records.filter((r) => r.instance === instance && r.kind === kind && r.rows === m);
      return f.length ? f.filter((r) => r.fails === true).length / f.length : NaN;
    };
    const panels: PlotPanel[] = p.instances.map((instance) => {
      const series: PlotSeries[] = p.kinds.map((kind) => ({ label: kind, points: p.rows.map((m) => [m, rate(instance, kind, m)] as const) }));
      if (instance === 'hard') series.push({ label: 'collision 1 − (1 − 1/m)^d', points: p.rows.map((m) => [m, 1 - (1 - 1 / m) ** p.d] as const), style: 'dashed', color: REFERENCE });
      return {
        title: `${instance} instance: fraction of ${p.trials} trials with ‖x′ − x*‖∞ > ε·‖r‖·‖A†‖/√d, ε = ${p.eps}`,
        xLabel: 'sketch size m',
        yLabel: 'failure rate',
        xLog: true,
        xTicks: p.rows,
        series,
      };
    });
    if (p.instances.includes('gaussian')) {
      panels.push({
        title: 'gaussian instance: median achieved ε = √d·‖x′ − x*‖∞/(‖r‖·‖A†‖)',
        xLabel: 'sketch size m',
        yLabel: 'achieved ε',
        xLog: true,
        yLog: true,
        xTicks: p.rows,
        series: p.kinds.map((kind) => ({ label: kind, points: p.rows.map((m) => [m, median(pick(records, 'achieved', { instance: 'gaussian', kind, rows: m }))] as const) })),
      });
    }
    return { title: 'E005: dense against sparse sketches, ℓ∞ guarantee', panels };
  },
  summarize(records, p) {
    const lines: string[] = p.eps < 1 ? [`Gaussian size rule of linfRegression for ε = ${p.eps}, δ = 0.1: m = ${linfSketchRows('gaussian', p.n, p.d, p.eps, 0.1)}`] : [];
    for (const instance of p.instances) {
      const rows: string[][] = [['kind', ...p.rows.map((m) => `m=${m}`)]];
      for (const kind of p.kinds) {
        rows.push([
          kind,
          ...p.rows.map((m) => {
            const f = records.filter((r) => r.instance === instance && r.kind === kind && r.rows === m);
            return f.length ? sig(f.filter((r) => r.fails === true).length / f.length) : '-';
          }),
        ]);
      }
      lines.push(`failure rate (achieved ε > ${p.eps}), ${instance} instance:`, ...textTable(rows));
    }
    return lines;
  },
};
