/**
 * E001: sketch size against subspace-embedding distortion, for every sketch kind.
 *
 * @module
 */
import { csrToDense } from '../../core/csr.js';
import { subMatrix, type DenseMatrix } from '../../core/matrix.js';
import { svd } from '../../core/svd.js';
import { numericalRank } from '../../core/tolerance.js';
import { applySketch, nextPow2, SKETCH_KINDS, type SketchSpec } from '../../sketch/index.js';
import { CliError } from '../errors.js';
import type { Experiment, ExperimentRecord } from '../experiment.js';
import type { PlotPanel, PlotSeries } from '../../plot/svg.js';
import { REFERENCE } from './util.js';
import { checkChoices, checkInt, checkInts, coherentMatrix, gaussianMatrix, median, pick, sig, textTable } from './util.js';

/** Parameters of E001. */
export interface E001Params {
  /** Rows of the test matrices (the sketches' n). */
  readonly n: number;
  /** Columns d (the subspace dimension). */
  readonly d: number;
  /** Sketch kinds. */
  readonly kinds: string[];
  /** Sketch sizes m. */
  readonly rows: number[];
  /** Independent sketches per (kind, m, data set). */
  readonly trials: number;
  /** Data sets: `gaussian` (incoherent) and `coherent` (first d rows scaled by 50). Ignored with an input matrix. */
  readonly data: string[];
}

/** The two factors of n closest to √n (for the tensor sketch). */
function tensorFactors(n: number): [number, number] {
  let a = Math.floor(Math.sqrt(n));
  while (n % a !== 0) a--;
  return [a, n / a];
}

/** An orthonormal basis of range(A) by the library's rank rule (what `embeddingDistortion` measures on). */
function rangeBasis(A: DenseMatrix): DenseMatrix {
  const F = svd(A);
  const r = numericalRank(F.s, A.rows, A.cols);
  return subMatrix(F.U, 0, A.rows, 0, r);
}

/** The sketch sizes of a kind that are valid for n (SRHT and Monarch need m ≤ next power of two, orthogonal m ≤ n). */
function validRows(kind: string, rows: readonly number[], n: number): number[] {
  const cap = kind === 'orthogonal' ? n : kind === 'srht' || kind === 'monarch' ? nextPow2(n) : Infinity;
  return rows.filter((m) => m <= cap);
}

/** E001. */
export const E001: Experiment<E001Params> = {
  id: 'E001',
  title: 'Sketch size against subspace-embedding distortion, every sketch kind',
  question: 'How does the distortion ε of S on a d-dimensional subspace fall with the sketch size m, for each sketch kind, on incoherent and coherent data?',
  defaults: {
    n: 2048,
    d: 10,
    kinds: [...SKETCH_KINDS],
    rows: [20, 40, 80, 160, 320],
    trials: 5,
    data: ['gaussian', 'coherent'],
  },
  inputs: ['A'],
  validate(p) {
    checkInt('E001', 'n', p.n, 2, 1 << 20);
    checkInt('E001', 'd', p.d, 1, p.n);
    checkInts('E001', 'rows', p.rows, 1, 1 << 20);
    checkInt('E001', 'trials', p.trials, 1, 10_000);
    checkChoices('E001', 'kinds', p.kinds, SKETCH_KINDS);
    checkChoices('E001', 'data', p.data, ['gaussian', 'coherent']);
    return p;
  },
  *run(p, ctx) {
    const input = ctx.inputs.A;
    const sets: Array<[string, DenseMatrix]> = input
      ? [['input', input.kind === 'csr' ? csrToDense(input) : input]]
      : p.data.map((name) => [name, name === 'gaussian' ? gaussianMatrix(p.n, p.d, ctx.seed('data', name)) : coherentMatrix(p.n, p.d, ctx.seed('data', name))]);
    const total = sets.length * p.kinds.reduce((s, k) => s + validRows(k, p.rows, sets[0][1].rows).length, 0) * p.trials;
    let done = 0;
    for (const [data, A] of sets) {
      const n = A.rows;
      const U = rangeBasis(A);
      if (U.cols === 0) throw new CliError(`E001: the ${data} matrix is zero (rank 0)`);
      for (const kind of p.kinds) {
        for (const m of validRows(kind, p.rows, n)) {
          for (let trial = 0; trial < p.trials; trial++) {
            const seed = ctx.seed('sketch', data, kind, m, trial);
            const spec = (kind === 'tensor' ? { kind, rows: m, cols: n, seed, factors: tensorFactors(n) } : { kind, rows: m, cols: n, seed }) as SketchSpec;
            const { value: s, ms } = ctx.time(() => svd(applySketch(spec, U), { vectors: false }).s);
            const sigmaMax = s[0];
            const sigmaMin = U.cols > m ? 0 : s[U.cols - 1];
            yield { data, n, kind, rows: m, trial, seed, rank: U.cols, sigmaMin, sigmaMax, eps: Math.max(1 - sigmaMin, sigmaMax - 1), timing: { ms } };
            ctx.progress(++done, total, `${data} ${kind} m=${m}`);
          }
        }
      }
    }
  },
  plot(records, p) {
    const sets = [...new Set(records.map((r) => r.data as string))];
    const panels: PlotPanel[] = sets.map((data) => {
      const first = records.find((r) => r.data === data) as ExperimentRecord;
      const rank = first.rank as number;
      const series: PlotSeries[] = p.kinds.map((kind) => ({
        label: kind,
        points: [...new Set(pick(records, 'rows', { data, kind }))].map((m) => [m, median(pick(records, 'eps', { data, kind, rows: m }))] as const),
      }));
      series.push({ label: '√(d/m)', points: p.rows.map((m) => [m, Math.sqrt(rank / m)] as const), style: 'dashed', color: REFERENCE });
      return { title: `${data} data (n = ${String(first.n)}, d = ${rank}): median ε over ${p.trials} sketches`, xLabel: 'sketch size m', yLabel: 'distortion ε', xLog: true, yLog: true, xTicks: p.rows, series };
    });
    return { title: 'E001: sketch size against distortion', panels };
  },
  summarize(records, p) {
    const lines: string[] = [];
    for (const data of [...new Set(records.map((r) => r.data as string))]) {
      lines.push(`median distortion ε, ${data} data:`);
      const rows: string[][] = [['kind', ...p.rows.map((m) => `m=${m}`)]];
      for (const kind of p.kinds) rows.push([kind, ...p.rows.map((m) => sig(median(pick(records as ExperimentRecord[], 'eps', { data, kind, rows: m }))))]);
      lines.push(...textTable(rows));
    }
    return lines;
  },
};
