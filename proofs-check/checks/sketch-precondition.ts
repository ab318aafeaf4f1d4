/**
 * Sketch-and-precondition least squares (Blendenpik / LSRN): the preconditioned matrix's
 * condition number is exactly σmax(SU)/σmin(SU), a Gaussian sketch bounds it, and LSQR then
 * contracts the error by (κ − 1)/(κ + 1) per iteration.
 *
 * Sources: Avron, Maymounkov & Toledo, "Blendenpik" (SISC 2010); Meng, Saunders & Mahoney,
 * "LSRN" (SISC 2014); tchen-research/RandNLA sketch-and-precondition notes; ALGORITHMS.md §3.3.
 *
 * κ identity (DERIVED, ALGORITHMS.md §3.3): A = UΣVᵀ (full column rank), S·A = QR (thin QR).
 * Then R = QᵀSU·ΣVᵀ, so A·R⁻¹ = U·(QᵀSU)⁻¹ and the singular values of A·R⁻¹ are the reciprocals
 * of those of QᵀSU, which are those of SU (Q spans range(SU)): κ(A·R⁻¹) = σmax(SU)/σmin(SU),
 * for every sketch draw, whatever κ(A).
 * κ bound (PROVEN via the identity): for a Gaussian S (m×n, N(0, 1/m)), Vershynin (2012),
 * Cor. 5.35 gives 1 − ε(m) ≤ σmin(SU) ≤ σmax(SU) ≤ 1 + ε(m), ε(m) = (√d + √(2 ln(2/δ)))/√m,
 * with probability ≥ 1 − δ, so κ(A·R⁻¹) ≤ (1 + ε(m))/(1 − ε(m)) when ε(m) < 1.
 * LSQR bound (PROVEN in exact arithmetic): LSQR on min ‖(A·R⁻¹)y − r₀‖ is mathematically CG on
 * the normal equations (Paige & Saunders, ACM TOMS 1982), whose error in the ‖A·R⁻¹·(·)‖ norm
 * after t steps is at most 2·((κ − 1)/(κ + 1))^t times the initial one (the Chebyshev bound for
 * CG with condition number κ²; e.g. Saad, "Iterative methods for sparse linear systems", 2003,
 * Thm 6.29). In the original variables: ‖A(x_t − x*)‖ ≤ 2ρ^t‖A(x₀ − x*)‖, ρ = (κ − 1)/(κ + 1).
 * Floating point is allowed for by the floor 100·u·κ(A)·‖b‖ of ALGORITHMS.md §3.3 check 2.
 */
import { fromColMajor, type DenseMatrix } from '../../src/core/matrix.js';
import { svd } from '../../src/core/svd.js';
import { fillNormal, rngFromSeed } from '../../src/rng/index.js';
import { lstsq, sketchedPreconditioner } from '../../src/regression/index.js';
import { applySketch } from '../../src/sketch/index.js';
import { illCondMatrix, rangeBasis } from '../data.js';
import { DEFAULT_ALPHA, inequalityClaim, infoClaim, probabilityClaim } from '../rules.js';
import { median, upperQuantile } from '../stats.js';
import type { PlotSeries } from '../svg.js';
import type { CheckDefinition, ClaimResult, Json } from '../types.js';
import { gaussianEpsilon } from './embedding-gaussian.js';

const DELTA = 0.05;
const GAMMAS = [2, 4, 8] as const;
const T_MAX = 30;
const TOL_IDENTITY = 1e-8;
const U_ROUND = 2 ** -53;

/** κ bound from Vershynin Cor. 5.35 (∞ when ε(m) ≥ 1). */
export function gaussianKappaBound(m: number, d: number, delta: number): number {
  const e = gaussianEpsilon(m, d, delta);
  return e < 1 ? (1 + e) / (1 - e) : Infinity;
}

/** y = A·x for a column-major A. */
function matVec(A: DenseMatrix, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(A.rows);
  for (let j = 0; j < A.cols; j++) {
    const xj = x[j];
    const base = A.offset + j * A.colStride;
    for (let i = 0; i < A.rows; i++) y[i] += A.data[base + i * A.rowStride] * xj;
  }
  return y;
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** ‖A(x − y)‖₂. */
function aNorm(A: DenseMatrix, x: ArrayLike<number>, y: ArrayLike<number>): number {
  const diff = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) diff[j] = x[j] - y[j];
  return norm(matVec(A, diff));
}

/** A·R⁻¹ (n×d) for an upper-triangular d×d R: row i is (R⁻ᵀa_i)ᵀ, by forward substitution. */
function rightSolve(A: DenseMatrix, R: DenseMatrix): DenseMatrix {
  const n = A.rows;
  const d = A.cols;
  const r = (i: number, j: number): number => R.data[R.offset + i * R.rowStride + j * R.colStride];
  const out = new Float64Array(n * d);
  const y = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    // Solve Rᵀy = a_i: y_j = (a_ij − Σ_{k<j} R_kj y_k)/R_jj.
    for (let j = 0; j < d; j++) {
      let s = A.data[A.offset + i * A.rowStride + j * A.colStride];
      for (let k = 0; k < j; k++) s -= r(k, j) * y[k];
      y[j] = s / r(j, j);
      out[j * n + i] = y[j];
    }
  }
  return fromColMajor(n, d, out);
}

function cond(M: DenseMatrix): number {
  const s = svd(M, { vectors: false }).s;
  return s[0] / s[M.cols - 1];
}

export const sketchPrecondition: CheckDefinition = {
  name: 'regression-sketch-precondition',
  module: 'regression',
  title: 'Sketch-and-precondition: κ(AR⁻¹) = σmax(SU)/σmin(SU) and the LSQR rate',
  statement:
    'With S·A = QR for a sketch S, the preconditioned matrix A·R⁻¹ has condition number exactly σmax(SU)/σmin(SU) (U an orthonormal basis of range(A)), independent of κ(A); for a Gaussian S with m rows this is ≤ (1 + ε(m))/(1 − ε(m)) with probability ≥ 1 − δ; and LSQR started at the sketch-and-solve solution x₀ satisfies ‖A(x_t − x*)‖ ≤ 2((κ − 1)/(κ + 1))^t·‖A(x₀ − x*)‖.',
  formula:
    'κ(AR⁻¹) = σmax(SU)/σmin(SU);  P[κ(AR⁻¹) > (1 + ε(m))/(1 − ε(m))] ≤ δ, ε(m) = (√d + √(2 ln(2/δ)))/√m;  ‖A(x_t − x*)‖ ≤ 2ρ^t‖A(x₀ − x*)‖ + 100·u·κ(A)·‖b‖, ρ = (κ − 1)/(κ + 1)',
  source:
    'Avron, Maymounkov & Toledo (Blendenpik, SISC 2010); Meng, Saunders & Mahoney (LSRN, SISC 2014); Vershynin (2012) Cor. 5.35; Paige & Saunders (LSQR, ACM TOMS 1982) with the CG Chebyshev bound (Saad 2003, Thm 6.29); ALGORITHMS.md §3.3 (identity [DER], rate [SRC/MEM]).',
  constants: [
    { name: 'κ identity', value: `exact; tolerance ${TOL_IDENTITY} relative (rounding: forming A·R⁻¹ costs ≈ u·κ(R))`, status: 'derived', source: 'ALGORITHMS.md §3.3 (derivation in the check source)' },
    { name: 'κ bound', value: '(1 + ε(m))/(1 − ε(m)), ε(m) = (√d + √(2 ln(2/δ)))/√m', status: 'proven', source: 'Vershynin (2012) Cor. 5.35, through the identity' },
    { name: 'LSQR contraction', value: '2·((κ − 1)/(κ + 1))^t, floor 100·u·κ(A)·‖b‖', status: 'proven', source: 'CG Chebyshev bound (exact arithmetic); floor from ALGORITHMS.md §3.3 check 2' },
  ],
  measured:
    'Per γ = m/d and sketch seed: `sketchedPreconditioner(A, { sketch: { kind: "gaussian", rows: m }, seed })`; κ(A·R⁻¹) from the SVD of A·R⁻¹ (formed by triangular solves) and κ(SU) from the SVD of applySketch(sketch, U). For the first seeds, x_t = `lstsq(A, b, { method: "sketch-and-precondition", sketch: { kind: "gaussian", rows: m }, seed, refine: 0, maxIter: t })` for t = 0…30 (quick: a subset), and x* = `lstsq(A, b, { method: "qr" })`.',
  data: 'A = illCond(2000, 20, 1e6) (singular values 1 … 1e−6), b = gauss(2000) (a large residual); γ ∈ {2, 4, 8}.',
  userMatrix: 'A = the user matrix (full column rank), b seeded Gaussian; same γ sweep.',
  passRule: `Deterministic per γ: max over seeds of |κ(AR⁻¹)/κ(SU) − 1| ≤ ${TOL_IDENTITY}; per (γ, seed), max over 1 ≤ t ≤ ${T_MAX} (quick mode: t ∈ {1, 2, 3, 5, 8, 12, 17, 23, 30}) of ‖A(x_t − x*)‖/(2ρ^t‖A(x₀ − x*)‖ + 100·u·κ(A)·‖b‖) ≤ 1 with ρ from the measured κ. Probabilistic per γ with ε(m) < 1: P(κ > (1 + ε(m))/(1 − ε(m))) ≤ δ = ${DELTA}, rejected when the one-sided Clopper–Pearson lower bound at level α exceeds δ.`,
  run(ctx) {
    const A = ctx.matrix ?? illCondMatrix(2000, 20, 1e6, ctx.seedFor('data', 'A'));
    const n = A.rows;
    const d = A.cols;
    const b = new Float64Array(n);
    fillNormal(rngFromSeed(ctx.seedFor('data', 'b')), 0, b);
    const U = rangeBasis(A);
    if (U.cols < d) throw new RangeError(`regression-sketch-precondition needs A of full column rank (rank ${U.cols} < ${d})`);
    const sA = svd(A, { vectors: false }).s;
    const kappaA = sA[0] / sA[d - 1];
    const xStar = lstsq(A, b, { method: 'qr' }).x;
    const floor = 100 * U_ROUND * kappaA * norm(b);
    const T = ctx.quick ? 40 : 200;
    const Tid = ctx.quick ? 5 : 20;
    const Tlsqr = ctx.quick ? 1 : 5;
    // Iterations at which x_t is formed (each is a separate lstsq run): all t ≤ 30 in full mode.
    const ts = ctx.quick ? [0, 1, 2, 3, 5, 8, 12, 17, 23, 30] : Array.from({ length: T_MAX + 1 }, (_, t) => t);
    const alpha = DEFAULT_ALPHA;
    const claims: ClaimResult[] = [];
    const perGamma: Record<string, Json> = {};
    const kappaSeries: PlotSeries[] = [];
    const rateSeries: PlotSeries[] = [];
    const colors = ['#0072B2', '#D55E00', '#009E73'];
    const work = GAMMAS.length * (T + Tlsqr * ts.length);
    let done = 0;
    const ms: number[] = [];
    GAMMAS.forEach((gamma, gi) => {
      const m = Math.min(n, Math.ceil(gamma * d));
      ms.push(m);
      const kSU: number[] = [];
      const kAR: number[] = [];
      let worstId = 0;
      for (let t = 0; t < T; t++) {
        const seed = ctx.seedFor(`gamma=${gamma}`, t);
        const pre = sketchedPreconditioner(A, { sketch: { kind: 'gaussian', rows: m }, seed });
        const k1 = cond(applySketch(pre.sketch, U));
        kSU.push(k1);
        if (t < Tid && pre.R) {
          const k2 = cond(rightSolve(A, pre.R));
          kAR.push(k2);
          worstId = Math.max(worstId, Math.abs(k2 / k1 - 1));
        }
        ctx.progress(++done, work);
      }
      claims.push(
        inequalityClaim({
          id: `gamma=${gamma}-identity`,
          claim: `γ = ${gamma} (m = ${m}): κ(AR⁻¹) = σmax(SU)/σmin(SU) for ${kAR.length} sketch draws (relative ${TOL_IDENTITY}), κ(A) = ${kappaA.toPrecision(3)}`,
          status: 'derived',
          measuredLabel: 'max |κ(AR⁻¹)/κ(SU) − 1|',
          measured: worstId,
          bound: TOL_IDENTITY,
          direction: '<=',
          atol: 0,
          rtol: 0,
        }),
      );
      const kb = gaussianKappaBound(m, d, DELTA);
      if (Number.isFinite(kb)) {
        claims.push(
          probabilityClaim({
            id: `gamma=${gamma}-kappa`,
            claim: `γ = ${gamma} (m = ${m}): P(κ(AR⁻¹) > (1 + ε(m))/(1 − ε(m)) = ${kb.toPrecision(4)}) ≤ δ = ${DELTA}`,
            status: 'proven',
            values: kSU,
            bound: kb,
            delta: DELTA,
            alpha,
            quantity: 'κ(AR⁻¹)',
          }),
        );
      } else {
        claims.push(
          infoClaim({
            id: `gamma=${gamma}-kappa`,
            claim: `γ = ${gamma} (m = ${m}): ε(m) ≥ 1, so the Gaussian bound on κ is vacuous; median κ against the asymptotic (1 + √(d/m))/(1 − √(d/m))`,
            status: 'derived',
            measuredLabel: 'median κ(AR⁻¹)',
            measured: median(kSU),
            bound: (1 + Math.sqrt(d / m)) / (1 - Math.sqrt(d / m)),
            direction: '<=',
          }),
        );
      }
      // LSQR iterates.
      const lsqrRatios: number[][] = [];
      const lsqrErrors: number[][] = [];
      const lsqrKappa: number[] = [];
      for (let s = 0; s < Tlsqr; s++) {
        const seed = ctx.seedFor(`gamma=${gamma}`, s);
        const kappa = kSU[s];
        const rho = (kappa - 1) / (kappa + 1);
        const errs: number[] = [];
        for (const t of ts) {
          const x = lstsq(A, b, { method: 'sketch-and-precondition', sketch: { kind: 'gaussian', rows: m }, seed, refine: 0, maxIter: t }).x;
          errs.push(aNorm(A, x, xStar));
          ctx.progress(++done, work);
        }
        const e0 = errs[0];
        const ratios = errs.map((e, i) => e / (2 * rho ** ts[i] * e0 + floor));
        const worst = Math.max(...ratios.slice(1));
        claims.push(
          inequalityClaim({
            id: `gamma=${gamma}-lsqr-${s}`,
            claim: `γ = ${gamma}, sketch ${s}: ‖A(x_t − x*)‖ ≤ 2ρ^t‖A(x₀ − x*)‖ + 100uκ(A)‖b‖ for t ∈ {${ts.length === T_MAX + 1 ? `1, …, ${T_MAX}` : ts.slice(1).join(', ')}}, ρ = (κ − 1)/(κ + 1) = ${rho.toPrecision(4)}`,
            status: 'proven',
            measuredLabel: 'max_t error / bound',
            measured: worst,
            bound: 1,
            direction: '<=',
            atol: 0,
            rtol: 0,
          }),
        );
        lsqrRatios.push(ratios);
        lsqrErrors.push(errs);
        lsqrKappa.push(kappa);
        if (s === 0) {
          rateSeries.push({ label: `γ = ${gamma}: ‖A(x_t − x*)‖/‖A(x₀ − x*)‖`, style: 'line', color: colors[gi % colors.length], points: errs.map((e, i) => [ts[i], Math.max(e / e0, 1e-17)] as const) });
          rateSeries.push({ label: `γ = ${gamma}: 2ρ^t + floor (κ = ${kappa.toPrecision(3)})`, style: 'dashed', color: colors[gi % colors.length], points: ts.map((t) => [t, 2 * rho ** t + floor / e0] as const) });
        }
      }
      perGamma[`gamma=${gamma}`] = { gamma, m, kappaSU: kSU, kappaAR: kAR, identityWorst: worstId, kappaBound: Number.isFinite(kb) ? kb : null, lsqrKappa, lsqrIterations: ts, lsqrError: lsqrErrors, lsqrRatio: lsqrRatios };
      kappaSeries.push({ label: `γ = ${gamma}: per draw`, style: 'dots', color: colors[gi % colors.length], points: kSU.map((k) => [gamma, k] as const) });
    });
    kappaSeries.push({ label: 'median κ', style: 'line', color: '#000000', points: GAMMAS.map((g) => [g, median((perGamma[`gamma=${g}`] as { kappaSU: number[] }).kappaSU)] as const) });
    kappaSeries.push({ label: `${100 * (1 - DELTA)}% quantile`, style: 'line', color: '#009E73', points: GAMMAS.map((g) => [g, upperQuantile((perGamma[`gamma=${g}`] as { kappaSU: number[] }).kappaSU, DELTA)] as const) });
    kappaSeries.push({ label: 'bound (1 + ε(m))/(1 − ε(m)) (proven)', style: 'dashed', color: '#D55E00', points: GAMMAS.map((g, i) => [g, gaussianKappaBound(ms[i], d, DELTA)] as const).filter(([, v]) => Number.isFinite(v)) });
    kappaSeries.push({ label: 'asymptotic (1 + √(d/m))/(1 − √(d/m))', style: 'dashed', color: '#56B4E9', points: GAMMAS.map((g, i) => [g, (1 + Math.sqrt(d / ms[i])) / (1 - Math.sqrt(d / ms[i]))] as const) });
    return {
      parameters: { n, d, kappaA, data: ctx.matrix ? `user matrix ${n}×${d}` : 'illCond(2000, 20, 1e6)', gammas: [...GAMMAS], m: ms, delta: DELTA, alpha, trials: T, identityTrials: Tid, lsqrTrials: Tlsqr, tMax: T_MAX, floor },
      sweep: { name: 'γ = m/d', values: [...GAMMAS] },
      claims,
      data: { kappaA, floor, perGamma },
      plot: {
        title: `Sketch-and-precondition, ${ctx.matrix ? 'user matrix' : 'illCond(2000, 20, 1e6)'}: κ(AR⁻¹) and LSQR`,
        panels: [
          { title: 'κ(AR⁻¹) = σmax(SU)/σmin(SU), Gaussian sketch', xLabel: 'oversampling γ = m/d', yLabel: 'κ(AR⁻¹)', xLog: true, yLog: true, xTicks: [...GAMMAS], series: kappaSeries },
          { title: 'LSQR from the sketch-and-solve start (first sketch per γ)', xLabel: 'iteration t', yLabel: '‖A(x_t − x*)‖/‖A(x₀ − x*)‖', xLog: false, yLog: true, series: rateSeries },
        ],
      },
      notes: [
        `The floor 100·u·κ(A)·‖b‖ = ${floor.toPrecision(3)} is the accuracy attainable in floating point (x* itself is computed by QR); the curves flatten there.`,
        ...GAMMAS.filter((_, i) => !Number.isFinite(gaussianKappaBound(ms[i], d, DELTA))).map(
          (g) => `ε(m) ≥ 1 at γ = ${g} (d = ${d}), where the non-asymptotic Gaussian bound says nothing; the measured κ is reported against the asymptotic value instead.`,
        ),
      ],
    };
  },
};
