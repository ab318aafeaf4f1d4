/**
 * Leverage scores: exact (QR / SVD), ridge, and approximate (Drineas, Magdon-Ismail, Mahoney &
 * Woodruff 2012), checked against independent oracles (Gauss–Jordan solves of the normal
 * equations, a hand-rolled Jacobi SVD) and against the bounds of ALGORITHMS.md §2.1–2.2.
 *
 * Pass rule for a probabilistic claim "P(fail) ≤ δ" (ALGORITHMS.md §0.3): over T independent
 * seeds, the failure count F must satisfy F ≤ c(T, δ, α), the smallest count with
 * P(Bin(T, δ) > c) ≤ α = 1e-3 (exact binomial tail). If the claim holds, the assertion fails
 * with probability ≤ α. Seeds are fixed, so CI is deterministic. Each constant is marked
 * PROVEN (a theorem), DERIVED (a short derivation in ALGORITHMS.md) or EMPIRICAL (measured).
 */
import { describe, expect, it } from 'vitest';
import { Matrix } from 'ml-matrix';
import { approxLeverageSizes, leverageScores, type LeverageOptions } from '../../src/sampling/index.js';
import { InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { csrFromDense } from '../../src/core/csr.js';
import { fromRowMajor, type DenseMatrix } from '../../src/core/matrix.js';
import { svd } from '../../src/core/svd.js';
import { materialize, type SketchSpec } from '../../src/sketch/index.js';
import { substream, toRngState } from '../../src/rng/index.js';
import { coherent, denseFromRows, gaussSolve, heavyRows, jacobiSingularValues, naiveMatmul, naiveTranspose, randnArray, rowsOf } from '../helpers/reference.js';
import { trials } from '../helpers/quick.js';
import { binomialCritical, meanAndSe } from '../helpers/stats.js';

const ALPHA = 1e-3;

/** Q factor (n×k) of a Gaussian matrix, by classical Gram–Schmidt twice (test-only). */
function orthonormal(n: number, k: number, seed: number): number[][] {
  const G = randnArray(n, k, seed);
  const cols: number[][] = [];
  for (let j = 0; j < k; j++) {
    let v = G.map((r) => r[j]);
    for (let pass = 0; pass < 2; pass++) {
      for (const c of cols) {
        const dotp = c.reduce((s, x, i) => s + x * v[i], 0);
        v = v.map((x, i) => x - dotp * c[i]);
      }
    }
    const nv = Math.hypot(...v);
    cols.push(v.map((x) => x / nv));
  }
  return Array.from({ length: n }, (_, i) => cols.map((c) => c[i]));
}

/** ALGORITHMS.md §0.3 `illCond(n, d, κ)`: Q₁·diag(logspace(0, −log10 κ, d))·Q₂ᵀ. */
function illCond(n: number, d: number, kappa: number, seed: number): number[][] {
  const Q1 = orthonormal(n, d, seed);
  const Q2 = orthonormal(d, d, seed + 1);
  const s = Array.from({ length: d }, (_, j) => 10 ** (-(Math.log10(kappa) * j) / (d - 1)));
  const Q1S = Q1.map((r) => r.map((v, j) => v * s[j]));
  return naiveMatmul(Q1S, naiveTranspose(Q2));
}

/** Independent oracle: τ_i = a_iᵀ(AᵀA + λI)⁻¹a_i by Gauss–Jordan on the normal equations. */
function normalEquationScores(A: number[][], lambda = 0): number[] {
  const G = naiveMatmul(naiveTranspose(A), A).map((r, i) => r.map((v, j) => v + (i === j ? lambda : 0)));
  const X = gaussSolve(G, naiveTranspose(A)); // d×n: columns (AᵀA+λI)⁻¹a_i
  return A.map((a, i) => a.reduce((s, v, j) => s + v * X[j][i], 0));
}

function sum(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300));
  return m;
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('leverageScores (exact)', () => {
  it('matches an independent normal-equations oracle on a well-conditioned matrix', () => {
    const A = randnArray(40, 5, 1);
    const r = leverageScores(A);
    expect(r.method).toBe('qr');
    expect(r.rank).toBe(5);
    expect(r.lambda).toBe(0);
    expect(maxAbs(r.scores, normalEquationScores(A))).toBeLessThan(1e-13);
  });

  it('lies in [0, 1], sums to rank(A), and equals ‖U[i,:]‖² from the SVD (illCond(200, 6, 1e6))', () => {
    // ALGORITHMS.md §2.1 check: Σ τ = 6 to 1e−10, QR and SVD agree to 1e−8.
    const A = denseFromRows(illCond(200, 6, 1e6, 3));
    const r = leverageScores(A);
    expect(r.rank).toBe(6);
    expect(Math.abs(sum(r.scores) - 6)).toBeLessThan(1e-10);
    for (const t of r.scores) {
      expect(t).toBeGreaterThanOrEqual(-1e-15);
      expect(t).toBeLessThanOrEqual(1 + 1e-12);
    }
    const U = rowsOf(svd(A).U);
    const viaSvd = U.map((row) => row.reduce((s, v) => s + v * v, 0));
    expect(maxAbs(r.scores, viaSvd)).toBeLessThan(1e-8);
  });

  it('is invariant under A → A·T (κ(T) ≈ 1e3) and equivariant under row permutations', () => {
    const A = randnArray(120, 5, 4);
    const base = leverageScores(A).scores;
    // T = Q·diag(logspace(0, −3))·Qᵀ: κ(T) = 1e3.
    const T = illCond(5, 5, 1e3, 5);
    expect(maxAbs(leverageScores(naiveMatmul(A, T)).scores, base)).toBeLessThan(1e-8);
    const perm = Array.from({ length: 120 }, (_, i) => (i * 37) % 120);
    const permuted = leverageScores(perm.map((i) => A[i])).scores;
    for (let k = 0; k < 120; k++) expect(Math.abs(permuted[k] - base[perm[k]])).toBeLessThan(1e-13);
  });

  it('gives 1 to rows whose removal drops the rank, and ≤ 1/k to k identical copies of a row', () => {
    // idPad(n, d) = [I_d; 0]: τ = 1 on the identity rows, 0 elsewhere.
    const idPad = Array.from({ length: 10 }, (_, i) => [0, 1, 2].map((j) => (i === j ? 1 : 0)));
    const r = leverageScores(idPad).scores;
    expect(Array.from(r)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0].map((v) => expect.closeTo(v, 14)));
    // Three copies of one row among Gaussian rows: each gets ≤ 1/3 (and they are equal).
    const A = randnArray(30, 3, 6);
    A[10] = A[3].slice();
    A[20] = A[3].slice();
    const s = leverageScores(A).scores;
    expect(s[3]).toBeLessThanOrEqual(1 / 3 + 1e-14);
    expect(Math.abs(s[3] - s[10])).toBeLessThan(1e-14);
    expect(Math.abs(s[3] - s[20])).toBeLessThan(1e-14);
  });

  it('rank-deficient A (duplicate columns): SVD path, Σ τ = numerical rank, equal to the scores of the reduced matrix', () => {
    const B = randnArray(50, 4, 7);
    const A = B.map((r) => [r[0], r[1], r[2], r[3], r[1], 2 * r[0] - r[3]]); // rank 4
    const res = leverageScores(A);
    expect(res.method).toBe('svd');
    expect(res.rank).toBe(4);
    expect(Math.abs(sum(res.scores) - 4)).toBeLessThan(1e-12);
    // range(A) = range(B), so the scores are those of B (independent oracle on B).
    expect(maxAbs(res.scores, normalEquationScores(B))).toBeLessThan(1e-12);
  });

  it('wide A: full row rank gives all ones; rank-deficient wide A sums to its rank', () => {
    const W = randnArray(3, 7, 8);
    const r = leverageScores(W);
    expect(r.rank).toBe(3);
    for (const t of r.scores) expect(Math.abs(t - 1)).toBeLessThan(1e-13);
    // 5×8 of rank 2: B (5×2)·C (2×8); scores are those of B.
    const B = randnArray(5, 2, 9);
    const C = randnArray(2, 8, 10);
    const r2 = leverageScores(naiveMatmul(B, C));
    expect(r2.rank).toBe(2);
    expect(r2.method).toBe('svd');
    expect(maxAbs(r2.scores, normalEquationScores(B))).toBeLessThan(1e-12);
  });

  it('zero matrix and empty shapes', () => {
    const Z = leverageScores([[0, 0], [0, 0], [0, 0]]);
    expect(Z.rank).toBe(0);
    expect(Array.from(Z.scores)).toEqual([0, 0, 0]);
    const E = leverageScores({ data: new Float64Array(0), rows: 0, cols: 3 });
    expect(E.scores.length).toBe(0);
    const F = leverageScores({ data: new Float64Array(0), rows: 4, cols: 0 });
    expect(Array.from(F.scores)).toEqual([0, 0, 0, 0]);
    expect(F.rank).toBe(0);
  });

  it('accepts every matrix form: number[][], row-major and strided DenseMatrix, ml-matrix, CSR', () => {
    const A = randnArray(25, 4, 11);
    const ref = leverageScores(A).scores;
    const rm = fromRowMajor(25, 4, Float64Array.from(A.flat()));
    expect(maxAbs(leverageScores(rm).scores, ref)).toBeLessThan(1e-14);
    // A strided view: every other row of a 50×4 buffer.
    const big = new Float64Array(50 * 4);
    A.forEach((r, i) => r.forEach((v, j) => (big[2 * i * 4 + j] = v)));
    const view: DenseMatrix = { kind: 'dense', rows: 25, cols: 4, data: big, offset: 0, rowStride: 8, colStride: 1 };
    expect(maxAbs(leverageScores(view).scores, ref)).toBeLessThan(1e-14);
    expect(maxAbs(leverageScores(new Matrix(A)).scores, ref)).toBeLessThan(1e-14);
    expect(maxAbs(leverageScores(csrFromDense(A)).scores, ref)).toBeLessThan(1e-14);
  });

  it('ridge scores match a Gauss–Jordan solve of (AᵀA + λI) and sum to Σσ²/(σ² + λ)', () => {
    const A = heavyRows(60, 4, 1, 12);
    for (const lambda of [1e-3, 0.5, 10]) {
      const r = leverageScores(A, { lambda });
      expect(r.lambda).toBe(lambda);
      expect(maxRelDiff(r.scores, normalEquationScores(A, lambda))).toBeLessThan(1e-10);
      const sv = jacobiSingularValues(A);
      const deff = sv.reduce((s, x) => s + (x * x) / (x * x + lambda), 0);
      expect(Math.abs(sum(r.scores) - deff)).toBeLessThan(1e-11);
    }
    // λ = 0 is the ordinary computation, bit for bit.
    expect(Array.from(leverageScores(A, { lambda: 0 }).scores)).toEqual(Array.from(leverageScores(A).scores));
    // Ridge regularises a rank-deficient A: [A; √λI] has full column rank.
    const D = A.map((r) => [r[0], r[1], r[0]]);
    const rd = leverageScores(D, { lambda: 0.1 });
    expect(rd.rank).toBe(3);
    expect(maxRelDiff(rd.scores, normalEquationScores(D, 0.1))).toBeLessThan(1e-10);
  });
});

describe('leverageScores (approximate, Drineas–Magdon-Ismail–Mahoney–Woodruff 2012)', () => {
  /** Does every score lie within (1 ± ε) of the exact one? */
  const allWithin = (approx: Float64Array, exact: Float64Array, eps: number): boolean => {
    for (let i = 0; i < exact.length; i++) if (Math.abs(approx[i] - exact[i]) > eps * exact[i]) return false;
    return true;
  };

  it('Gaussian Π₁: every score within (1 ± ε) with probability ≥ 1 − δ', () => {
    // PROVEN: deterministic sandwich (ALGORITHMS.md §2.2, DERIVED, exact algebra) + Davidson–Szarek
    // for the Gaussian Π₁ at r₁ = ⌈(√d + √(2 ln(2/δ)))²/η²⌉, η = √(1 + ε/(1+ε)) − 1 (no JL step
    // at this size since r₂ ≥ d).
    const n = 1000, d = 3, eps = 0.5, delta = 0.1;
    const A = coherent(n, d, 13);
    const exact = leverageScores(A).scores;
    const sizes = approxLeverageSizes(n, d, eps, delta);
    expect(sizes.jlDim).toBe(0);
    expect(sizes.sketchRows).toBeLessThan(n);
    const T = trials(100, 20);
    let F = 0;
    for (let t = 0; t < T; t++) {
      const r = leverageScores(A, { method: 'approx', eps, delta, seed: 100 + t, sketch: 'gaussian' });
      expect(r.method).toBe('approx');
      expect(r.sketchRows).toBe(sizes.sketchRows);
      if (!allWithin(r.scores, exact, eps)) F++;
    }
    if (process.env.SHOWF) console.log('gauss F', F, T);
    expect(F).toBeLessThanOrEqual(binomialCritical(T, delta, ALPHA));
  });

  it('SRHT (default for dense input), sparse-sign (default for CSR) and SparseStack Π₁ at the same r₁: every score within (1 ± ε) at rate ≥ 1 − δ', () => {
    // EMPIRICAL: the Gaussian size applied to sparse sign and SparseStack (ζ = 8) and SRHT;
    // ALGORITHMS.md §1.3/§1.5 measured them to match the Gaussian distortion at equal m.
    // Heavy-row and coherent inputs.
    const n = 4000, d = 8, eps = 0.5, delta = 0.1;
    for (const [name, A] of [['coherent', coherent(n, d, 14)], ['heavyRows', heavyRows(n, d, 1.5, 15)]] as const) {
      const X = denseFromRows(A as number[][]);
      const exact = leverageScores(X).scores;
      for (const sketch of ['sparse-sign', 'srht', 'sparse-stack'] as const) {
        const T = trials(60, 12);
        let F = 0;
        for (let t = 0; t < T; t++) {
          const r = leverageScores(X, { method: 'approx', eps, delta, seed: 1000 + t, sketch });
          if (!allWithin(r.scores, exact, eps)) F++;
        }
        if (process.env.SHOWF) console.log(name, sketch, F, T);
        expect(F, `${name}/${sketch}`).toBeLessThanOrEqual(binomialCritical(T, delta, ALPHA));
      }
    }
  });

  it('deterministic sandwich τ/σ_max(Π₁U)² ≤ τ̂ ≤ τ/σ_min(Π₁U)² for every draw, even at r₁ = 3d', () => {
    // DERIVED (ALGORITHMS.md §2.2, check 1): A·R⁻¹ = U·(Q_sᵀΠ₁U)⁻¹ and σ(Q_sᵀΠ₁U) = σ(Π₁U).
    // Π₁ is regenerated from the documented stream: substream 0 of the seed.
    const n = 300, d = 6;
    const A = denseFromRows(heavyRows(n, d, 1, 16));
    const exact = leverageScores(A).scores;
    const U = rowsOf(svd(A).U);
    for (const sketch of ['sparse-sign', 'gaussian', 'countsketch', 'sparse-stack'] as const) {
      for (const seed of [1, 2, 3]) {
        const r1 = 3 * d;
        const r = leverageScores(A, { method: 'approx', seed, sketch, sketchRows: r1, jlDim: 0 });
        expect(r.jlDim).toBe(0);
        const P = rowsOf(materialize({ kind: sketch, rows: r1, cols: n, seed: substream(toRngState(seed, 't'), 0) } as SketchSpec));
        const sv = jacobiSingularValues(naiveMatmul(P, U));
        const lo = 1 / sv[0] ** 2, hi = 1 / sv[d - 1] ** 2;
        for (let i = 0; i < n; i++) {
          expect(r.scores[i]).toBeGreaterThanOrEqual(exact[i] * lo * (1 - 1e-10));
          expect(r.scores[i]).toBeLessThanOrEqual(exact[i] * hi * (1 + 1e-10));
        }
      }
    }
  });

  it('JL stage: with Π₁ fixed, τ̃_i/τ̂_i ~ χ²_{r₂}/r₂, outside [0.5, 1.5] at rate ≤ 2·exp(−r₂/32)', () => {
    // PROVEN: Chernoff bound for χ²_k, P(|χ²_k/k − 1| > ε) ≤ 2·exp(−kε²/8), ε ≤ 1 (ALGORITHMS.md
    // §2.2 check 2). Π₁ is the same in both calls (substream 0); Π₂ uses substream 1. One row per
    // seed keeps the trials independent. Also the mean of the ratio is 1 (5-SE rule).
    const n = 400, d = 5, r2 = 100;
    const A = denseFromRows(heavyRows(n, d, 1, 17));
    const bound = 2 * Math.exp((-r2 * 0.25) / 8);
    const T = trials(400, 100);
    let F = 0;
    const ratios: number[] = [];
    for (let t = 0; t < T; t++) {
      const opts: LeverageOptions = { method: 'approx', seed: 5000 + t, sketchRows: 4 * d };
      const hat = leverageScores(A, { ...opts, jlDim: 0 }).scores;
      const tilde = leverageScores(A, { ...opts, jlDim: r2 });
      expect(tilde.jlDim).toBe(r2);
      const i = (t * 7) % n;
      const q = tilde.scores[i] / hat[i];
      ratios.push(q);
      if (Math.abs(q - 1) > 0.5) F++;
    }
    if (process.env.SHOWF) console.log('jl F', F, T, bound);
    expect(F).toBeLessThanOrEqual(binomialCritical(T, bound, ALPHA));
    const { mean, se } = meanAndSe(ratios);
    expect(Math.abs(mean - 1)).toBeLessThanOrEqual(5 * se);
  });

  it('the default sizes follow the documented rule, with the JL step only when r₂ < d', () => {
    const s = approxLeverageSizes(262144, 32, 0.5, 0.01);
    const t = Math.sqrt(2 * Math.log(2 / 0.01));
    const eta = Math.sqrt(1 + 0.5 / 1.5) - 1;
    expect(s.sketchRows).toBe(Math.ceil((Math.sqrt(32) + t) ** 2 / eta ** 2));
    expect(s.jlDim).toBe(0);
    const big = approxLeverageSizes(1e6, 8000, 0.5, 0.01);
    expect(big.jlDim).toBe(Math.ceil((8 * Math.log((2 * 1e6) / 0.005)) / (0.5 / 3) ** 2));
    expect(big.jlDim).toBeLessThan(8000);
    expect(big.eps1).toBeCloseTo(0.5 / 3, 15);
    // (1 + ε/3)/(1 − ε/3) ≤ 1 + ε and (1 − ε/3)/(1 + ε/3) ≥ 1 − ε for ε ≤ 1.
    for (const e of [0.1, 0.5, 0.99]) {
      expect((1 + e / 3) / (1 - e / 3)).toBeLessThanOrEqual(1 + e);
      expect((1 - e / 3) / (1 + e / 3)).toBeGreaterThanOrEqual(1 - e);
    }
  });

  it('is deterministic for a seed, CSR input agrees with dense, and r₁ ≥ n falls back to the exact method', () => {
    const n = 3000, d = 4;
    const A = heavyRows(n, d, 1, 18);
    const X = denseFromRows(A);
    const a = leverageScores(X, { method: 'approx', seed: 'abc' });
    const b = leverageScores(X, { method: 'approx', seed: 'abc' });
    expect(Array.from(a.scores)).toEqual(Array.from(b.scores));
    const c = leverageScores(X, { method: 'approx', seed: 'abd' });
    expect(Array.from(a.scores)).not.toEqual(Array.from(c.scores));
    // Defaults: SRHT for dense input, sparse sign for CSR input; with the same kind, CSR = dense.
    expect(a.sketch).toBe('srht');
    const s = leverageScores(csrFromDense(A), { method: 'approx', seed: 'abc' });
    expect(s.sketch).toBe('sparse-sign');
    const ds = leverageScores(X, { method: 'approx', seed: 'abc', sketch: 'sparse-sign' });
    expect(maxRelDiff(s.scores, ds.scores)).toBeLessThan(1e-10);
    const small = leverageScores(A.slice(0, 200), { method: 'approx', seed: 1 });
    expect(small.method).toBe('qr');
    expect(small.sketchRows).toBeUndefined();
  });

  it('handles rank-deficient A (rank of Π₁A reported, Σ τ̃ ≈ rank) and ridge', () => {
    const B = randnArray(3000, 4, 19);
    const A = B.map((r) => [r[0], r[1], r[2], r[3], r[0] + r[1]]);
    const exact = leverageScores(A);
    expect(exact.rank).toBe(4);
    const r = leverageScores(A, { method: 'approx', seed: 3, eps: 0.5 });
    expect(r.rank).toBe(4);
    for (let i = 0; i < 3000; i++) expect(Math.abs(r.scores[i] / exact.scores[i] - 1)).toBeLessThan(0.5);
    // Ridge: τ̃(λ) within (1 ± ε) of the exact ridge scores (one seed; holds w.p. ≥ 1 − δ).
    const lambda = 200;
    const er = leverageScores(B, { lambda });
    const ar = leverageScores(B, { lambda, method: 'approx', seed: 4, eps: 0.5, sketch: 'gaussian' });
    expect(ar.method).toBe('approx');
    for (let i = 0; i < 3000; i++) expect(Math.abs(ar.scores[i] / er.scores[i] - 1)).toBeLessThan(0.5);
  });
});

describe('leverageScores validation', () => {
  const A = randnArray(20, 3, 20);
  const cases: [string, () => unknown, typeof InvalidArgumentError | typeof NonFiniteError, RegExp][] = [
    ['NaN entry', () => leverageScores([[1, 2], [NaN, 1], [0, 1]]), NonFiniteError, /non-finite/],
    ['Infinity in CSR', () => leverageScores({ kind: 'csr', rows: 1, cols: 1, indptr: Int32Array.of(0, 1), indices: Int32Array.of(0), values: Float64Array.of(Infinity) }), NonFiniteError, /non-finite/],
    ['eps = 0', () => leverageScores(A, { method: 'approx', seed: 1, eps: 0 }), InvalidArgumentError, /eps must be a finite number in \(0, 1\)/],
    ['eps = 1', () => leverageScores(A, { method: 'approx', seed: 1, eps: 1 }), InvalidArgumentError, /eps/],
    ['eps = 1.5', () => leverageScores(A, { method: 'approx', seed: 1, eps: 1.5 }), InvalidArgumentError, /eps/],
    ['eps NaN', () => leverageScores(A, { method: 'approx', seed: 1, eps: NaN }), InvalidArgumentError, /eps/],
    ['eps negative (exact too)', () => leverageScores(A, { eps: -0.1 }), InvalidArgumentError, /eps/],
    ['delta = 0', () => leverageScores(A, { method: 'approx', seed: 1, delta: 0 }), InvalidArgumentError, /delta/],
    ['lambda < 0', () => leverageScores(A, { lambda: -1 }), InvalidArgumentError, /lambda must be a finite number in \[0, Infinity\)/],
    ['lambda NaN', () => leverageScores(A, { lambda: NaN }), InvalidArgumentError, /lambda/],
    ['lambda Infinity', () => leverageScores(A, { lambda: Infinity }), InvalidArgumentError, /lambda/],
    ['approx without seed', () => leverageScores(A, { method: 'approx' }), InvalidArgumentError, /seed is required/],
    ['bad seed', () => leverageScores(A, { method: 'approx', seed: -1 }), InvalidArgumentError, /seed/],
    ['bad seed even for exact', () => leverageScores(A, { seed: 1.5 }), InvalidArgumentError, /seed/],
    ['unknown method', () => leverageScores(A, { method: 'fast' as 'exact' }), InvalidArgumentError, /method must be one of/],
    ['unknown sketch', () => leverageScores(A, { method: 'approx', seed: 1, sketch: 'tensor' as 'srht' }), InvalidArgumentError, /sketch must be one of/],
    ['sketchRows < d', () => leverageScores(A, { method: 'approx', seed: 1, sketchRows: 2 }), InvalidArgumentError, /sketchRows must be at least d = 3/],
    ['sketchRows non-integer', () => leverageScores(A, { method: 'approx', seed: 1, sketchRows: 4.5 }), InvalidArgumentError, /sketchRows/],
    ['jlDim negative', () => leverageScores(A, { method: 'approx', seed: 1, jlDim: -1 }), InvalidArgumentError, /jlDim/],
    ['negative rtol', () => leverageScores(A, { rtol: -1 }), InvalidArgumentError, /rtol/],
    ['options not an object', () => leverageScores(A, 3 as unknown as LeverageOptions), InvalidArgumentError, /options must be an object/],
    ['not a matrix', () => leverageScores('A' as unknown as number[][]), InvalidArgumentError, /must be a matrix/],
  ];
  for (const [name, f, E, msg] of cases) {
    it(`rejects ${name}`, () => {
      expect(f).toThrow(E);
      expect(f).toThrow(msg);
      expect(f).toThrow(/^leverageScores: /);
    });
  }
});
