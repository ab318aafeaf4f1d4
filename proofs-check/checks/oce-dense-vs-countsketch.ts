/**
 * The oblivious coordinate-wise embedding (OCE) property: dense sketches keep every fixed inner
 * product to within O(√(log(pairs/δ)/m)); CountSketch does not — on sparse vectors its deviation
 * is exactly 1 on any hash collision.
 *
 * Sources: Song & Yu (ICML 2021) introduced the coordinate-wise embedding; Song, Ye, Yin & Zhang,
 * "A nearly-optimal bound for fast regression with ℓ∞ guarantee" (ICML 2023), Def. 2.1 (OCE) and
 * the claim that dense sketches are necessary for the ℓ∞ guarantee; Price, Song & Woodruff
 * (ICALP 2017) for the CountSketch counterexample. ALGORITHMS.md §1.9 and §3.2.
 *
 * Data: the sparse vectors g = e₀ and h_j = e_j (j = 1…q) in ℝⁿ, so ⟨g, h_j⟩ = 0 and
 * dev_j = |⟨Sg, Sh_j⟩|, and the trial's deviation is max_j dev_j.
 *
 * Bounds (all DERIVED here from proven inequalities):
 * - Gaussian, any fixed unit g, h with ρ = gᵀh: m·(gᵀSᵀSh − ρ) = ((1+ρ)/2)(χ²_m − m) −
 *   ((1−ρ)/2)(χ'²_m − m) with independent χ²'s (X_kY_k = ((X_k+Y_k)² − (X_k−Y_k)²)/4). The
 *   Laurent–Massart bounds (Ann. Statist. 2000, Lemma 1) give |χ²_m − m| ≤ 2√(mx) + 2x with
 *   probability ≥ 1 − 2e^{−x} each, so |gᵀ(SᵀS − I)h| ≤ 2√(x/m) + 2x/m with probability ≥ 1 − 4e^{−x}.
 *   With x = ln(4q/δ) and a union bound over q pairs: P(max_j dev_j > β_G(m)) ≤ δ,
 *   β_G(m) = 2√(x/m) + 2x/m. (Holds for any fixed vectors, so also on a user's matrix.)
 * - SRHT on identity columns: S[k, j] = D_j·(−1)^{popcount(r_k & j)}/√m, so ⟨Se₀, Se_j⟩ =
 *   (D₀D_j/m)·Σ_{k<m} (−1)^{popcount(r_k & j)}: ±(1/m) times a sum of m values ±1 drawn without
 *   replacement from column j of the unnormalised Hadamard matrix, which sums to 0 (j ≠ 0). Hoeffding's inequality holds for sampling without replacement (Hoeffding 1963,
 *   Thm 4), so P(dev_j > t) ≤ 2e^{−mt²/2}; with a union bound, β_H(m) = √(2 ln(2q/δ)/m).
 * - CountSketch on identity columns: Se_j = s(j)·e_{h(j)}, so dev_j = 1 if h(j) = h(0) and 0
 *   otherwise (exactly); with independent uniform buckets, P(max_j dev_j = 1) =
 *   1 − (1 − 1/m)^q (PROVEN, elementary). Whenever β_G(m) < 1 every collision violates the
 *   dense bound, so CountSketch fails it at rate ≈ q/m instead of δ.
 */
import { fromColMajor, type DenseMatrix } from '../../src/core/matrix.js';
import { applySketch, materializeBlock } from '../../src/sketch/apply.js';
import { nextPow2, type SketchSpec } from '../../src/sketch/spec.js';

/** The sketches compared. */
type SketchKind = 'gaussian' | 'srht' | 'countsketch';
import { DEFAULT_ALPHA, exactRateClaim, exceedsClaim, inequalityClaim, infoClaim, probabilityClaim, slopeClaim } from '../rules.js';
import { median, upperQuantile } from '../stats.js';
import type { PlotSeries } from '../svg.js';
import type { CheckContext, CheckDefinition, ClaimResult } from '../types.js';

const DELTA = 0.05;

/** β_G(m): Gaussian bound on the max deviation over q fixed pairs at failure probability δ. */
export function gaussianOceBound(m: number, q: number, delta: number): number {
  const x = Math.log((4 * q) / delta);
  return 2 * Math.sqrt(x / m) + (2 * x) / m;
}

/** β_H(m): Hoeffding bound for the SRHT on identity columns, q pairs, failure probability δ. */
export function srhtIdentityOceBound(m: number, q: number, delta: number): number {
  return Math.sqrt((2 * Math.log((2 * q) / delta)) / m);
}

/** P(some of q identity columns collides with column 0) for a CountSketch with m buckets. */
export function countSketchCollisionRate(m: number, q: number): number {
  return -Math.expm1(q * Math.log1p(-1 / m));
}

/** Per-trial deviations on identity columns: |⟨S e₀, S e_j⟩| for j = 1…q, from the block S[:, 0..q]. */
function identityDeviations(kind: SketchKind, m: number, n: number, q: number, seed: string): Float64Array {
  const B = materializeBlock({ kind, rows: m, cols: n, seed } as SketchSpec, 0, m, 0, q + 1);
  const S = B.data; // column-major m×(q+1), contiguous
  const out = new Float64Array(q);
  for (let j = 1; j <= q; j++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += S[k] * S[j * m + k];
    out[j - 1] = Math.abs(s);
  }
  return out;
}

/**
 * Per-trial deviations on the user's columns: every pair i ≤ j, |⟨Sa_i, Sa_j⟩ − ⟨a_i, a_j⟩|/(‖a_i‖‖a_j‖)
 * (0 for a zero column) — what `oceDeviation(S, A, A)` returns for those pairs (checked in
 * test/proofs-check), with S·A computed once instead of twice.
 */
function matrixDeviations(kind: SketchKind, m: number, A: DenseMatrix, gram: Float64Array, seed: string): Float64Array {
  const SA = applySketch({ kind, rows: m, cols: A.rows, seed } as SketchSpec, A).data; // m×p column-major
  const p = A.cols;
  const out: number[] = [];
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      const denom = Math.sqrt(gram[i * p + i] * gram[j * p + j]);
      if (denom === 0) {
        out.push(0);
        continue;
      }
      let s = 0;
      for (let k = 0; k < m; k++) s += SA[i * m + k] * SA[j * m + k];
      out.push(Math.abs(s - gram[i * p + j]) / denom);
    }
  }
  return Float64Array.from(out);
}

/** AᵀA (p×p, row-major) by plain loops. */
function gramOf(A: DenseMatrix): Float64Array {
  const p = A.cols;
  const G = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let t = 0; t < A.rows; t++) s += A.data[A.offset + t * A.rowStride + i * A.colStride] * A.data[A.offset + t * A.rowStride + j * A.colStride];
      G[i * p + j] = s;
    }
  }
  return G;
}

function maxOf(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) if (v[i] > m) m = v[i];
  return m;
}

const KINDS: readonly SketchKind[] = ['gaussian', 'srht', 'countsketch'];

export const oceDenseVsCountSketch: CheckDefinition = {
  name: 'sketch-oce-dense-vs-countsketch',
  module: 'sketch',
  title: 'OCE: dense sketches keep fixed inner products, CountSketch does not',
  statement:
    'Dense sketches are oblivious coordinate-wise embeddings: for q fixed pairs (g, h), max |gᵀ(SᵀS − I)h|/(‖g‖‖h‖) = O(√(log(q/δ)/m)) with probability ≥ 1 − δ. CountSketch is not: on sparse vectors the deviation is exactly 1 on any hash collision, which happens with probability 1 − (1 − 1/m)^q ≈ q/m, not δ.',
  formula:
    'Gaussian: P[max_j |⟨Sg, Sh_j⟩ − ⟨g, h_j⟩| > 2√(x/m) + 2x/m] ≤ δ, x = ln(4q/δ); SRHT (identity columns): P[max_j dev_j > √(2 ln(2q/δ)/m)] ≤ δ; CountSketch (identity columns): dev_j ∈ {0, 1}, P[max_j dev_j = 1] = 1 − (1 − 1/m)^q',
  source:
    'Song, Ye, Yin & Zhang (ICML 2023), Def. 2.1 (OCE); Song & Yu (ICML 2021); Price, Song & Woodruff (ICALP 2017) for the sparse counterexample; Laurent & Massart (2000), Lemma 1; Hoeffding (1963), Thm 4 (sampling without replacement). Derivations in this check\'s header comment and ALGORITHMS.md §1.9, §3.2.',
  constants: [
    { name: 'β_G(m)', value: '2√(x/m) + 2x/m, x = ln(4q/δ)', status: 'derived', source: 'Laurent–Massart χ² tails + union bound' },
    { name: 'β_H(m) (SRHT, identity columns)', value: '√(2 ln(2q/δ)/m)', status: 'derived', source: 'Hoeffding without replacement + union bound' },
    { name: 'CountSketch collision law', value: '1 − (1 − 1/m)^q, deviations exactly 0 or 1', status: 'proven', source: 'elementary: independent uniform buckets and signs' },
    { name: 'dense max deviation ∝ m^(−1/2)', value: 'slope −1/2 ± 0.15', status: 'empirical', source: 'measured' },
  ],
  measured: 'Per trial (fresh sketch seed): max over the q pairs of |⟨Sg, Sh⟩ − ⟨g, h⟩|/(‖g‖‖h‖).',
  data: 'g = e₀ and h_j = e_j, j = 1…255, in ℝ^4096 (q = 255 pairs), the sparse vectors of the ℓ∞-regression counterexample.',
  userMatrix:
    'All pairs (i ≤ j) of columns of the matrix (oceDeviation). The Gaussian bound holds for any vectors; the SRHT and CountSketch laws are specific to identity columns, so on a user matrix they are reported without a verdict.',
  passRule:
    'Per m: the Gaussian and SRHT claims P(max dev > β(m)) ≤ δ are rejected when the one-sided Clopper–Pearson lower bound on the failure rate at level α exceeds δ; CountSketch deviations must be exactly 0 or 1 (tolerance 1e−12) and the collision rate must match 1 − (1 − 1/m)^q (two-sided Clopper–Pearson at α); pooled over m, CountSketch must be shown to violate the Gaussian bound at a rate > δ (lower Clopper–Pearson bound > δ). Rate: slope of the Gaussian median max deviation −1/2 ± 0.15.',
  run(ctx: CheckContext) {
    const user = ctx.matrix;
    const n = user ? user.rows : 4096;
    const q = user ? (user.cols * (user.cols + 1)) / 2 : 255;
    const ms = ctx.quick ? [128, 512, 2048] : [128, 256, 512, 1024, 2048];
    const T = ctx.quick ? 40 : 200;
    const alpha = DEFAULT_ALPHA;
    const N = nextPow2(n);
    const msFor = (kind: SketchKind) => (kind === 'srht' ? ms.filter((m) => m <= N) : ms);
    const gram = user ? gramOf(user) : null;
    const maxDev: Record<string, number[][]> = {};
    const csOffInteger: number[] = []; // per m: max over trials and pairs of the distance of dev to {0, 1}
    const total = KINDS.reduce((s, k) => s + msFor(k).length * T, 0);
    let done = 0;
    for (const kind of KINDS) {
      maxDev[kind] = [];
      for (const m of msFor(kind)) {
        const row: number[] = [];
        let off = 0;
        for (let t = 0; t < T; t++) {
          const seed = ctx.seedFor(kind, `m=${m}`, t);
          const dev = user && gram ? matrixDeviations(kind, m, user, gram, seed) : identityDeviations(kind, m, n, q, seed);
          row.push(maxOf(dev));
          if (kind === 'countsketch') for (let i = 0; i < dev.length; i++) off = Math.max(off, Math.min(dev[i], Math.abs(dev[i] - 1)));
          ctx.progress(++done, total);
        }
        maxDev[kind].push(row);
        if (kind === 'countsketch') csOffInteger.push(off);
      }
    }
    const claims: ClaimResult[] = [];
    ms.forEach((m, i) => {
      claims.push(
        probabilityClaim({
          id: `gaussian-m=${m}`,
          claim: `Gaussian, m = ${m}: P(max dev > β_G(m) = ${gaussianOceBound(m, q, DELTA).toPrecision(4)}) ≤ δ = ${DELTA}`,
          status: 'derived',
          values: maxDev.gaussian[i],
          bound: gaussianOceBound(m, q, DELTA),
          delta: DELTA,
          alpha,
          quantity: 'max deviation',
        }),
      );
    });
    msFor('srht').forEach((m, i) => {
      const bound = srhtIdentityOceBound(m, q, DELTA);
      if (user) {
        claims.push(
          infoClaim({
            id: `srht-m=${m}`,
            claim: `SRHT, m = ${m}: max deviation against the identity-column Hoeffding form √(2 ln(2q/δ)/m) (reference only on a user matrix)`,
            status: 'empirical',
            measuredLabel: `${100 * (1 - DELTA)}% quantile of max deviation`,
            measured: upperQuantile(maxDev.srht[i], DELTA),
            bound,
            direction: '<=',
          }),
        );
      } else {
        claims.push(
          probabilityClaim({
            id: `srht-m=${m}`,
            claim: `SRHT, m = ${m}: P(max dev > β_H(m) = ${bound.toPrecision(4)}) ≤ δ = ${DELTA}`,
            status: 'derived',
            values: maxDev.srht[i],
            bound,
            delta: DELTA,
            alpha,
            quantity: 'max deviation',
          }),
        );
      }
    });
    const gMed = maxDev.gaussian.map((v) => median(v));
    claims.push(
      slopeClaim({ id: 'gaussian-rate', claim: 'Gaussian median max deviation ∝ m^(−1/2): log–log slope −1/2 ± 0.15', status: 'empirical', x: ms, y: gMed, target: -0.5, tol: 0.15 }),
    );
    // CountSketch
    let csViolations = 0;
    const csRates: number[] = [];
    ms.forEach((m, i) => {
      const vals = maxDev.countsketch[i];
      const beta = gaussianOceBound(m, q, DELTA);
      const viol = vals.filter((v) => v > beta).length;
      csViolations += viol;
      if (user) {
        claims.push(
          infoClaim({
            id: `countsketch-m=${m}`,
            claim: `CountSketch, m = ${m}: rate of exceeding the Gaussian bound β_G(m) on this matrix (no theorem either way)`,
            status: 'empirical',
            measuredLabel: 'failure rate',
            measured: viol / T,
            bound: DELTA,
            direction: '<=',
          }),
        );
        csRates.push(viol / T);
        return;
      }
      const collisions = vals.filter((v) => v >= 0.5).length;
      csRates.push(collisions / T);
      claims.push(
        inequalityClaim({
          id: `countsketch-exact-m=${m}`,
          claim: `CountSketch, m = ${m}: every deviation is exactly 0 or 1`,
          status: 'proven',
          measuredLabel: 'max distance of a deviation to {0, 1}',
          measured: csOffInteger[i],
          bound: 0,
          direction: '<=',
          atol: 1e-12,
          rtol: 0,
        }),
      );
      claims.push(
        exactRateClaim({
          id: `countsketch-collisions-m=${m}`,
          claim: `CountSketch, m = ${m}: P(max dev = 1) = 1 − (1 − 1/m)^${q} = ${countSketchCollisionRate(m, q).toPrecision(4)}`,
          status: 'proven',
          events: collisions,
          trials: T,
          p0: countSketchCollisionRate(m, q),
          alpha,
        }),
      );
    });
    if (!user) {
      claims.push(
        exceedsClaim({
          id: 'countsketch-violates',
          claim: `CountSketch violates the dense bound: pooled over m, P(max dev > β_G(m)) > δ = ${DELTA}`,
          status: 'proven',
          failures: csViolations,
          trials: T * ms.length,
          delta: DELTA,
          alpha,
        }),
      );
    }
    const series: PlotSeries[] = [
      { label: `Gaussian, ${100 * (1 - DELTA)}% quantile`, style: 'line', color: '#0072B2', points: ms.map((m, i) => [m, upperQuantile(maxDev.gaussian[i], DELTA)] as const) },
      { label: 'Gaussian bound β_G(m) (derived)', style: 'dashed', color: '#0072B2', points: ms.map((m) => [m, gaussianOceBound(m, q, DELTA)] as const) },
      { label: `SRHT, ${100 * (1 - DELTA)}% quantile`, style: 'line', color: '#009E73', points: msFor('srht').map((m, i) => [m, upperQuantile(maxDev.srht[i], DELTA)] as const) },
      { label: `SRHT ${user ? 'reference' : 'bound'} β_H(m)${user ? '' : ' (derived)'}`, style: 'dashed', color: '#009E73', points: msFor('srht').map((m) => [m, srhtIdentityOceBound(m, q, DELTA)] as const) },
      { label: `CountSketch, ${100 * (1 - DELTA)}% quantile`, style: 'line', color: '#D55E00', points: ms.map((m, i) => [m, upperQuantile(maxDev.countsketch[i], DELTA)] as const) },
      { label: 'Gaussian median', style: 'markers', color: '#56B4E9', points: ms.map((m, i) => [m, gMed[i]] as const) },
    ];
    const ratePanel: PlotSeries[] = [
      { label: user ? 'CountSketch: rate above β_G(m)' : 'CountSketch: collision rate (measured)', style: 'markers', color: '#D55E00', points: ms.map((m, i) => [m, csRates[i]] as const) },
      { label: 'δ', style: 'dashed', color: '#000000', points: ms.map((m) => [m, DELTA] as const) },
    ];
    if (!user) ratePanel.splice(1, 0, { label: '1 − (1 − 1/m)^q (proven)', style: 'dashed', color: '#D55E00', points: ms.map((m) => [m, countSketchCollisionRate(m, q)] as const) });
    return {
      parameters: { n, pairs: q, delta: DELTA, alpha, trials: T, data: user ? `user matrix ${user.rows}×${user.cols}, column pairs i ≤ j` : 'e₀ against e₁…e₂₅₅ in ℝ^4096' },
      sweep: { name: 'm', values: ms },
      claims,
      data: {
        maxDeviation: maxDev,
        gaussianBound: ms.map((m) => gaussianOceBound(m, q, DELTA)),
        srhtBound: msFor('srht').map((m) => srhtIdentityOceBound(m, q, DELTA)),
        countSketchRate: csRates,
        countSketchPredicted: user ? null : ms.map((m) => countSketchCollisionRate(m, q)),
        countSketchOffInteger: user ? null : csOffInteger,
      },
      plot: {
        title: `OCE on ${user ? 'the user matrix' : 'sparse vectors'}: dense sketches against CountSketch (q = ${q} pairs)`,
        panels: [
          { title: 'max inner-product deviation', xLabel: 'sketch size m', yLabel: 'max_j |⟨Sg, Sh_j⟩ − ⟨g, h_j⟩|', xLog: true, yLog: true, xTicks: ms, series },
          { title: user ? 'CountSketch: failure rate against the Gaussian bound' : 'CountSketch: a collision gives deviation exactly 1', xLabel: 'sketch size m', yLabel: 'rate', xLog: true, yLog: true, xTicks: ms, series: ratePanel },
        ],
      },
      notes: user
        ? []
        : [
            `At δ = ${DELTA} the dense sketches need m ≈ log(q/δ)/ε² for deviation ε; CountSketch needs m ≥ q/δ just to avoid collisions (${Math.ceil(q / DELTA)} here), whatever ε.`,
          ],
    };
  },
};

/** For tests: the identity-column deviations of one trial (same computation as the check). */
export const _identityDeviations = identityDeviations;
/** For tests: the user-matrix deviations of one trial (same computation as the check). */
export function _matrixDeviations(kind: SketchKind, m: number, A: DenseMatrix, seed: string): Float64Array {
  return matrixDeviations(kind, m, A, gramOf(A), seed);
}
/** For tests: the block S[:, 0..q] as a matrix. */
export function _identityBlock(kind: SketchKind, m: number, n: number, q: number, seed: string): DenseMatrix {
  const B = materializeBlock({ kind, rows: m, cols: n, seed } as SketchSpec, 0, m, 0, q + 1);
  return fromColMajor(m, q + 1, B.data);
}
