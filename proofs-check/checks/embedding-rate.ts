/**
 * Factory for the rate checks of sketches without a usable proven constant (SRHT, sparse sign):
 * the median distortion must fall like m^(−1/2) (log–log slope −1/2 ± 0.15, EMPIRICAL), and the
 * (1 − δ) quantile is reported against the Gaussian bound of Vershynin Cor. 5.35 as a reference
 * (no verdict: that bound is not a theorem for these sketches).
 *
 * @module
 */
import type { DenseMatrix } from '../../src/core/matrix.js';
import type { SketchKind } from '../../src/sketch/spec.js';
import { coherentMatrix, svDistortion } from '../data.js';
import { DEFAULT_ALPHA, infoClaim, slopeClaim } from '../rules.js';
import { median, upperQuantile } from '../stats.js';
import type { CheckContext, CheckDefinition, ClaimResult, ConstantNote } from '../types.js';
import { distortionPanel, distortions, embeddingData, maxRows, sweepEmbedding, userSweep } from './embedding-common.js';
import { gaussianEpsilon } from './embedding-gaussian.js';

/** What a rate check needs. */
export interface RateCheckOptions {
  readonly name: string;
  readonly title: string;
  readonly kind: SketchKind;
  readonly kindLabel: string;
  readonly extra: Record<string, number>;
  readonly statement: string;
  readonly source: string;
  readonly constants: readonly ConstantNote[];
  readonly dataLabel: string;
  readonly dataNote: string;
  readonly makeData: (ctx: CheckContext) => DenseMatrix;
  /** Doublings k of m = d·2^k, full and quick. */
  readonly ks: readonly number[];
  readonly ksQuick: readonly number[];
  readonly trials: number;
  readonly trialsQuick: number;
  readonly notes?: readonly string[];
}

/** What varies between the rate checks on coherent(4096, 10): the ALGORITHMS.md section, the data note's end. */
const COHERENT_LEVERAGE =
  'A = coherent(4096, 10): gauss(4096, 10) with its first 10 rows scaled by 50, which hold most of the leverage (0.58–0.72 each on average over 20 seeds, against d/n ≈ 0.002 for a Gaussian row), ';

/**
 * The sweep the rate checks on coherent data share (sparse sign, SparseStack, SRHT):
 * coherent(4096, 10), m = d·2^k, the trials, and the constants they state, with the section of
 * ALGORITHMS.md the kind is in and what the data note adds for it.
 */
export function coherentRateSweep(section: string, why: string): Pick<RateCheckOptions, 'constants' | 'dataLabel' | 'dataNote' | 'makeData' | 'ks' | 'ksQuick' | 'trials' | 'trialsQuick'> {
  return {
    constants: [
      { name: 'median distortion ∝ m^(−1/2)', value: 'slope −1/2 ± 0.15', status: 'empirical', source: `ALGORITHMS.md §0.3 scaling assertion, ${section}` },
      { name: 'Gaussian reference curve', value: '(√d + √(2 ln(2/δ)))/√m', status: 'empirical', source: 'proven for Gaussian only (Vershynin Cor. 5.35); shown for comparison' },
    ],
    dataLabel: 'coherent(4096, 10)',
    dataNote: COHERENT_LEVERAGE + why,
    makeData: (ctx) => coherentMatrix(4096, 10, ctx.seedFor('data')),
    ks: [2, 3, 4, 5, 6],
    ksQuick: [2, 4, 6],
    trials: 200,
    trialsQuick: 40,
  };
}

/** {@link coherentRateSweep} for the sparse kinds (sparse sign, SparseStack). */
export const SPARSE_RATE_SWEEP = coherentRateSweep('§1.5', 'where sparse sketches are weakest.');

const DELTA = 0.05;
const TARGET = -0.5;
const TOL = 0.15;

/** Builds a rate check (one theorem-shaped claim: median ε ∝ m^(−1/2)). */
export function makeRateCheck(o: RateCheckOptions): CheckDefinition {
  return {
    name: o.name,
    module: 'sketch',
    title: o.title,
    statement: o.statement,
    formula: 'median ε(m) ∝ m^(−1/2), ε = max(1 − σmin(SU), σmax(SU) − 1)',
    source: o.source,
    constants: o.constants,
    measured: 'ε = max(1 − σmin(SU), σmax(SU) − 1) per trial, one fresh sketch seed per trial; the median over trials at each m.',
    data: o.dataNote,
    userMatrix: 'U = orthonormal basis of range(A) (numerical rank d); m = d·2^k (SRHT: m ≤ N).',
    passRule: `Rate claim: the least-squares slope of ln(median ε) on ln m must be within ${TARGET} ± ${TOL}. Per m, the ${100 * (1 - DELTA)}% quantile of ε is reported against the Gaussian bound (√d + √(2 ln(2/δ)))/√m as a reference, without a verdict.`,
    run(ctx) {
      const data = embeddingData(ctx, o.dataLabel, () => o.makeData(ctx));
      const { d } = data;
      const T = ctx.quick ? o.trialsQuick : o.trials;
      const ms = userSweep(d, ctx.quick ? o.ksQuick : o.ks, maxRows(o.kind, data.n)).filter((m) => o.kind !== 'sparse-sign' || m >= (o.extra.zeta ?? 1));
      const sw = sweepEmbedding(ctx, data, o.kind, o.extra, ms, T);
      const eps = distortions(sw, svDistortion);
      const med = eps.map((v) => median(v));
      const claims: ClaimResult[] = [
        slopeClaim({ id: 'rate', claim: `median ε ∝ m^(−1/2): log–log slope ${TARGET} ± ${TOL}`, status: 'empirical', x: ms, y: med, target: TARGET, tol: TOL }),
      ];
      ms.forEach((m, i) => {
        const q = upperQuantile(eps[i], DELTA);
        claims.push(
          infoClaim({
            id: `m=${m}`,
            claim: `${o.kindLabel} at m = ${m} against the Gaussian bound (reference, not a theorem for this sketch)`,
            status: 'empirical',
            measuredLabel: `${100 * (1 - DELTA)}% quantile of ε`,
            measured: q,
            bound: gaussianEpsilon(m, d, DELTA),
            direction: '<=',
            details: { median: med[i], delta: DELTA },
          }),
        );
      });
      return {
        parameters: { n: data.n, d, data: data.label, ...o.extra, delta: DELTA, alpha: DEFAULT_ALPHA, trials: T },
        sweep: { name: 'm', values: ms },
        claims,
        data: { sigmaMin: sw.sigmaMin, sigmaMax: sw.sigmaMax, eps, medianEps: med, gaussianReference: ms.map((m) => gaussianEpsilon(m, d, DELTA)) },
        plot: {
          title: `${o.kindLabel} on ${data.label}: distortion ε against m`,
          panels: [distortionPanel(ms, eps, DELTA, 'ε = max(1 − σmin, σmax − 1)', (m) => gaussianEpsilon(m, d, DELTA), 'Gaussian bound (reference)')],
        },
        notes: o.notes,
      };
    },
  };
}
