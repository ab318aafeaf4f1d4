/**
 * Regression with an ℓ∞ guarantee (Song, Ye, Yin & Zhang 2023): ‖x′ − x*‖∞ ≤ (ε/√d)·‖Ax* − b‖·‖A†‖.
 *
 * Pass rule for "P(fail) ≤ δ": over T seeded trials, failures F ≤ c with c the smallest count
 * such that P(Bin(T, δ) > c) ≤ α = 1e-3 (false alarm ≤ 1e-3 if the claim holds). Two-sided
 * rate checks use the same α on each side. PROVEN / DERIVED / EMPIRICAL as marked.
 */
import { describe, expect, it } from 'vitest';
import { linfRegression, linfSketchRows, lstsq } from '../../src/regression/index.js';
import { fromColMajor, type DenseMatrix } from '../../src/core/matrix.js';
import { embeddingDistortion } from '../../src/sketch/index.js';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { jacobiSingularValues, normalEquationsSolve, rowsOf, testNormals } from '../helpers/reference.js';
import { binomialCritical, binomialUpperTail } from '../helpers/stats.js';
import { trials } from '../helpers/quick.js';

const ALPHA = 1e-3;

/** Largest c_lo with P(Bin(T, p) < c_lo) ≤ α. */
function binomialLowerCritical(T: number, p: number, alpha: number): number {
  let c = 0;
  while (c < T && 1 - binomialUpperTail(T, p, c) <= alpha) c++;
  return c;
}

interface Instance {
  A: DenseMatrix;
  b: Float64Array;
  xStar: number[];
  /** (1/√d)·‖Ax* − b‖·‖A†‖, to be multiplied by ε. */
  unitBound: number;
}

/** Gaussian A (n×d) with x* known: b = A·x + r, r ⟂ range(A) of norm `resid`; reference by normal equations + Jacobi SVD. */
function instance(n: number, d: number, seed: number, resid: number): Instance {
  const g = testNormals(seed);
  const a = new Float64Array(n * d);
  for (let i = 0; i < a.length; i++) a[i] = g();
  const A = fromColMajor(n, d, a);
  const rows = rowsOf(A);
  const x = Array.from({ length: d }, () => g());
  const z = Array.from({ length: n }, () => g());
  // r = z − A(AᵀA)⁻¹Aᵀz, scaled to norm resid.
  const c = normalEquationsSolve(rows, z);
  const r = z.map((v, i) => v - rows[i].reduce((t, aij, j) => t + aij * c[j], 0));
  const rn = Math.hypot(...r);
  const b = Float64Array.from(rows.map((row, i) => row.reduce((t, aij, j) => t + aij * x[j], 0) + (resid * r[i]) / rn));
  const xStar = normalEquationsSolve(rows, Array.from(b));
  const res = Math.hypot(...rows.map((row, i) => b[i] - row.reduce((t, aij, j) => t + aij * xStar[j], 0)));
  const sv = jacobiSingularValues(rows);
  return { A, b, xStar, unitBound: (res / sv[d - 1]) / Math.sqrt(d) };
}

function linfErr(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

describe('linfSketchRows', () => {
  it('Gaussian: the closed form is the smallest m satisfying the sufficient condition of ALGORITHMS.md §3.2', () => {
    for (const [d, eps, delta] of [[16, 0.5, 0.1], [8, 0.9, 0.01], [3, 0.2, 0.05], [40, 0.7, 1e-4]] as const) {
      const ok = (m: number) =>
        Math.sqrt((2 * Math.log((4 * d) / delta)) / m) <= (eps / Math.sqrt(d)) * (1 - Math.sqrt(d / m) - Math.sqrt((2 * Math.log(4 / delta)) / m));
      let m = 1;
      while (!ok(m)) m++;
      expect(linfSketchRows('gaussian', 10_000, d, eps, delta)).toBe(m);
      expect(linfSketchRows('rademacher', 10_000, d, eps, delta)).toBe(m);
    }
  });

  it('SRHT: ⌈ε⁻²d·ln³(n/δ)⌉ capped at the padded size N', () => {
    expect(linfSketchRows('srht', 16384, 2, 0.9, 0.1)).toBe(Math.ceil((2 * Math.log(163840) ** 3) / 0.81));
    expect(linfSketchRows('srht', 1000, 4, 0.5, 0.1)).toBe(1024);
    expect(() => linfSketchRows('countsketch' as never, 100, 2, 0.5, 0.1)).toThrow(InvalidArgumentError);
    expect(() => linfSketchRows('gaussian', 100, 2, 1, 0.1)).toThrow(InvalidArgumentError);
  });
});

describe('linfRegression: the guarantee', () => {
  const n = 1024, d = 8, eps = 0.5, delta = 0.1;
  const P = instance(n, d, 1, 10);

  it('Gaussian, size from the rigorous formula: failure rate ≤ δ (PROVEN, ALGORITHMS.md §3.2)', () => {
    // PROVEN: S Gaussian, r ⟂ range(A) ⇒ S·U and S·r independent; each x′_j − x*_j is Gaussian
    // given S·U with sd ≤ ‖r‖‖A†‖/(√m σmin(SU)); union bound + Davidson–Szarek (see linfSketchRows).
    const T = trials(200, 40);
    let F = 0;
    for (let t = 0; t < T; t++) {
      const out = linfRegression(P.A, P.b, { eps, delta, seed: 1000 + t, computeExact: t === 0 });
      if (t === 0) {
        expect(out.boundKind).toBe('exact');
        expect(Math.abs(out.bound / (eps * P.unitBound) - 1)).toBeLessThan(1e-8);
        expect(linfErr(out.exact!.x, P.xStar)).toBeLessThan(1e-10);
        expect(Math.abs(out.exact!.linfError - linfErr(out.x, out.exact!.x))).toBe(0);
      }
      if (linfErr(out.x, P.xStar) > eps * P.unitBound) F++;
    }
    expect(F).toBeLessThanOrEqual(binomialCritical(T, delta, ALPHA));
  });

  it('SRHT at the paper’s size m = ε⁻²d·ln³(n/δ): failure rate ≤ δ (published theorem, constants and proof disputed; EMPIRICAL here)', () => {
    const n2 = 16384, d2 = 2, eps2 = 0.9;
    const Q = instance(n2, d2, 2, 5);
    const m = linfSketchRows('srht', n2, d2, eps2, delta);
    expect(m).toBeLessThan(n2);
    const T = trials(60, 15);
    let F = 0;
    for (let t = 0; t < T; t++) {
      const out = linfRegression(Q.A, Q.b, { eps: eps2, delta, sketch: 'srht', seed: 2000 + t });
      expect(out.sketchRows).toBe(m);
      if (linfErr(out.x, Q.xStar) > eps2 * Q.unitBound) F++;
    }
    expect(F).toBeLessThanOrEqual(binomialCritical(T, delta, ALPHA));
  });

  it('SRHT and Rademacher at the Gaussian size: failure rate ≤ δ (EMPIRICAL: no certificate for these sizes)', () => {
    const m = linfSketchRows('gaussian', n, d, eps, delta);
    expect(m).toBeLessThanOrEqual(1024);
    const T = trials(200, 40);
    for (const sketch of ['srht', 'rademacher'] as const) {
      let F = 0;
      for (let t = 0; t < T; t++) {
        const out = linfRegression(P.A, P.b, { eps, delta, sketch, seed: 3000 + t, sketchRows: m });
        if (linfErr(out.x, P.xStar) > eps * P.unitBound) F++;
      }
      expect(F).toBeLessThanOrEqual(binomialCritical(T, delta, ALPHA));
    }
  });

  it('SRHT with m = N (the paper’s size exceeds the padded length) is an orthogonal transform: x′ = x*', () => {
    const Q = instance(1000, 4, 3, 2);
    const out = linfRegression(Q.A, Q.b, { eps: 0.5, delta: 0.1, sketch: 'srht', seed: 1 });
    expect(out.sketchRows).toBe(1024);
    expect(linfErr(out.x, Q.xStar)).toBeLessThan(1e-12);
  });

  it('the sketched bound estimate is within (1 ± ε₀)/(1 ∓ ε₀) of the exact bound, ε₀ the distortion of S on span([A, b]) (DERIVED)', () => {
    // DERIVED: ‖S(Ax′ − b)‖ = min‖S(Ax − b)‖ ∈ [(1 − ε₀)‖r*‖, (1 + ε₀)‖r*‖] and
    // σmin(SA) ∈ [(1 − ε₀)σmin(A), (1 + ε₀)σmin(A)] when every singular value of S·W lies in
    // [1 − ε₀, 1 + ε₀] for an orthonormal basis W of span([A, b]).
    for (let t = 0; t < 5; t++) {
      const est = linfRegression(P.A, P.b, { eps, delta, seed: 50 + t });
      expect(est.boundKind).toBe('sketched');
      const Ab = fromColMajor(n, d + 1, Float64Array.from([...P.A.data, ...P.b]));
      const dist = embeddingDistortion(est.sketch, Ab);
      const e0 = Math.max(1 - dist.sigmaMin, dist.sigmaMax - 1);
      const ratio = est.bound / (eps * P.unitBound);
      expect(ratio).toBeLessThanOrEqual(((1 + e0) / (1 - e0)) * (1 + 1e-9));
      expect(ratio).toBeGreaterThanOrEqual(((1 - e0) / (1 + e0)) * (1 - 1e-9));
    }
  });
});

describe('why sparse sketches are refused: the CountSketch counterexample (ALGORITHMS.md §3.2)', () => {
  // A = [I_d; 0], b = 10·e_{d+1}: x* = 0 and ‖r‖ = 10 sits in one coordinate. CountSketch fails
  // (x′_j = ±10 for the identity row j sharing the bucket of row d+1, or ±5 when two identity
  // rows share it) exactly when h(d+1) ∈ {h(1), …, h(d)}: probability 1 − (1 − 1/m)^d ≈ d/m
  // (DERIVED, exact law).
  const d = 16;
  const n = 2 * d;
  const a = new Float64Array(n * d);
  for (let j = 0; j < d; j++) a[j * n + j] = 1;
  const A = fromColMajor(n, d, a);
  const b = new Float64Array(n);
  b[d] = 10;
  const fails = (x: Float64Array, eps: number) => linfErr(x, new Float64Array(d)) > (eps / Math.sqrt(d)) * 10;

  it('at m = 25d the failure rate is within two-sided binomial limits of 1 − (1 − 1/m)^d; Gaussian never fails there', () => {
    const m = 25 * d, eps = 0.9;
    const p = 1 - (1 - 1 / m) ** d;
    const T = trials(4000, 1200);
    let F = 0;
    for (let t = 0; t < T; t++) {
      const s = lstsq(A, b, { method: 'sketch-and-solve', sketch: { kind: 'countsketch', rows: m }, seed: 10_000 + t });
      if (fails(s.x, eps)) F++;
    }
    expect(F).toBeLessThanOrEqual(binomialCritical(T, p, ALPHA));
    expect(F).toBeGreaterThanOrEqual(binomialLowerCritical(T, p, ALPHA));
    // Gaussian at the same m: each x′_j ~ N(0, 100/(m − d − 1)) given SU (sd ≈ 0.51), threshold
    // 0.9·10/4 = 2.25 ≈ 4.4 sd: P(fail) ≤ 2d·Φ(−4.4) < 2e-4 (PROVEN, same argument as linfSketchRows).
    const TG = trials(300, 60);
    let FG = 0;
    for (let t = 0; t < TG; t++) {
      const s = lstsq(A, b, { method: 'sketch-and-solve', sketch: { kind: 'gaussian', rows: m }, seed: 20_000 + t });
      if (fails(s.x, eps)) FG++;
    }
    expect(FG).toBeLessThanOrEqual(binomialCritical(TG, 2e-4, ALPHA));
  });

  it('at the Gaussian-certified size for δ = 1e-4, CountSketch still fails at rate ≈ d/m ≫ δ', () => {
    const eps = 0.5, delta = 1e-4;
    const m = linfSketchRows('gaussian', n, d, eps, delta);
    const p = 1 - (1 - 1 / m) ** d;
    expect(p).toBeGreaterThan(50 * delta);
    const T = trials(3000, 1500);
    let F = 0;
    for (let t = 0; t < T; t++) {
      const s = lstsq(A, b, { method: 'sketch-and-solve', sketch: { kind: 'countsketch', rows: m }, seed: 30_000 + t });
      if (fails(s.x, eps)) F++;
    }
    // More failures than a δ-guarantee allows, and consistent with the exact law.
    expect(F).toBeGreaterThan(binomialCritical(T, delta, ALPHA));
    expect(F).toBeLessThanOrEqual(binomialCritical(T, p, ALPHA));
    // linfRegression refuses sparse sketches, explaining why.
    for (const sketch of ['countsketch', 'sparse-sign', 'very-sparse'] as const) {
      expect(() => linfRegression(A, b, { eps, delta, seed: 1, sketch: sketch as never })).toThrow(/d\/m/);
    }
  });
});

describe('linfRegression: bad input', () => {
  const P = instance(200, 4, 9, 1);
  it('rejects eps/delta outside (0, 1), missing seed, unknown sketches, shapes, NaN, n < d', () => {
    expect(() => linfRegression(P.A, P.b, { eps: 0, delta: 0.1, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => linfRegression(P.A, P.b, { eps: 1, delta: 0.1, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => linfRegression(P.A, P.b, { eps: 0.5, delta: 1, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => linfRegression(P.A, P.b, { eps: 0.5, delta: 0.1 } as never)).toThrow(/seed/);
    expect(() => linfRegression(P.A, P.b, undefined as never)).toThrow(InvalidArgumentError);
    expect(() => linfRegression(P.A, P.b, { eps: 0.5, delta: 0.1, seed: 1, sketch: 'orthogonal' as never })).toThrow(InvalidArgumentError);
    expect(() => linfRegression(P.A, P.b.subarray(1), { eps: 0.5, delta: 0.1, seed: 1 })).toThrow(DimensionError);
    const bad = P.b.slice();
    bad[0] = NaN;
    expect(() => linfRegression(P.A, bad, { eps: 0.5, delta: 0.1, seed: 1 })).toThrow(NonFiniteError);
    expect(() => linfRegression(fromColMajor(2, 3, new Float64Array(6).fill(1)), [1, 2], { eps: 0.5, delta: 0.1, seed: 1 })).toThrow(/at least as many rows/);
    expect(() => linfRegression(P.A, P.b, { eps: 0.5, delta: 0.1, seed: 1, sketchRows: 2 })).toThrow(InvalidArgumentError);
  });
});
