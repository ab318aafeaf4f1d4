/**
 * completeMatrix: exact recovery by both methods, the robust method's accuracy against the exact
 * one, a negative control, noise proportionality, bias and ridge terms on rating-like data,
 * determinism, memory O((m + n)k + |Ω|), the history and callback, and validation.
 *
 * Rules (each stated next to its assertion):
 * - EXACT RECOVERY: rank k = 5, m = n = 500, M = U*·diag(σ)·V*ᵀ with U*, V* the Q factors of
 *   Gaussian matrices (μ ≈ 2, ALGORITHMS.md §0.3 `lowRank`), σ = linspace(5, 1, k) scaled so the
 *   entries have rms 1 (κ = 5); each entry observed with probability p so that
 *   E|Ω| = C·n·k·ln n with C = 3 (|Ω| ≈ 46 350, 9.3·nk). Pass: ‖U·Vᵀ − M‖_F/‖M‖_F ≤ 1e-6 on
 *   the full matrix and `converged`. EMPIRICAL: measured 4.8e-9 for both methods.
 * - ROBUST vs EXACT: err(robust) ≤ err(exact) + 10·κ·ε₀, with ε₀ = 1e-2·tol = 1e-10 the floor
 *   of the inner tolerance (ALGORITHMS.md §4.3 check 3); here 5e-9.
 * - NEGATIVE CONTROL: C = 0.5 (|Ω| ≈ 3.1·nk) must not be reported as converged.
 * - NOISE: observations M + σ·Z, σ ∈ {1e-3, 1e-2, 1e-1} (entry rms 1), 300×300, k = 5,
 *   p = 0.2. The full-matrix RMSE must have log–log slope 1 ± 0.2 against σ, and lie in
 *   [0.5, 3]·σ·√(k(m + n − k)/|Ω|) (the degrees of freedom of a rank-k fit over the number of
 *   observations; EMPIRICAL, measured ratio 1.13 at all three levels, slope 1.0006).
 */
import { describe, expect, it } from 'vitest';
import { completeMatrix, observations, splitObservations, type CompletionIteration, type CompletionResult, type Observations } from '../../src/completion/index.js';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { fromColMajor } from '../../src/core/matrix.js';
import { qr, qrQ } from '../../src/core/qr.js';
import { testNormals, testRandom } from '../helpers/reference.js';
import { trials } from '../helpers/quick.js';

interface Truth {
  m: number;
  n: number;
  k: number;
  A: Float64Array; // m×k row-major (left factor with the singular values)
  B: Float64Array; // n×k row-major
  entry(i: number, j: number): number;
}

function orth(m: number, k: number, seed: number): Float64Array {
  const g = testNormals(seed);
  const d = new Float64Array(m * k);
  for (let t = 0; t < d.length; t++) d[t] = g();
  return qrQ(qr(fromColMajor(m, k, d))).data; // column-major m×k
}

function lowRank(m: number, n: number, k: number, kappa: number, seed: number): Truth {
  const U = orth(m, k, seed), V = orth(n, k, seed + 1);
  const sig = Array.from({ length: k }, (_, c) => (k === 1 ? kappa : kappa - ((kappa - 1) * c) / (k - 1)));
  const scale = Math.sqrt(m * n) / Math.hypot(...sig); // entries of rms 1
  const A = new Float64Array(m * k), B = new Float64Array(n * k);
  for (let r = 0; r < m; r++) for (let c = 0; c < k; c++) A[r * k + c] = U[c * m + r] * sig[c] * scale;
  for (let r = 0; r < n; r++) for (let c = 0; c < k; c++) B[r * k + c] = V[c * n + r];
  return {
    m, n, k, A, B,
    entry(i, j) {
      let x = 0;
      for (let c = 0; c < k; c++) x += A[i * k + c] * B[j * k + c];
      return x;
    },
  };
}

function sample(M: Truth, p: number, seed: number, sigma = 0): Observations {
  const u = testRandom(seed), g = testNormals(seed + 7);
  const I: number[] = [], J: number[] = [], V: number[] = [];
  for (let i = 0; i < M.m; i++) {
    for (let j = 0; j < M.n; j++) {
      if (u() < p) {
        I.push(i);
        J.push(j);
        V.push(M.entry(i, j) + sigma * g());
      }
    }
  }
  return observations(M.m, M.n, I, J, V);
}

/** ‖U·Vᵀ (+ biases) − M‖_F / ‖M‖_F over the full matrix, row by row (no m×n array). */
function fullError(M: Truth, fit: CompletionResult): { rel: number; rmse: number } {
  let num = 0, den = 0;
  const row = new Float64Array(M.n);
  for (let i = 0; i < M.m; i++) {
    const js = Array.from({ length: M.n }, (_, j) => j);
    row.set(fit.predictMany(new Array(M.n).fill(i), js));
    for (let j = 0; j < M.n; j++) {
      const x = M.entry(i, j);
      num += (row[j] - x) ** 2;
      den += x * x;
    }
  }
  return { rel: Math.sqrt(num / den), rmse: Math.sqrt(num / (M.m * M.n)) };
}

describe('completeMatrix: exact recovery (m = n = 500, k = 5, |Ω| ≈ 3·n·k·ln n)', () => {
  const m = 500, n = 500, k = 5;
  const M = lowRank(m, n, k, 5, 11);
  const C = 3;
  const obs = sample(M, (C * n * k * Math.log(n)) / (m * n), 3);
  const tol = 1e-8;
  const errs: Record<string, number> = {};

  it('altmin (JNS13, exact row solves) recovers M to 1e-6', () => {
    expect(obs.v.length).toBeGreaterThan(45000);
    const fit = completeMatrix(obs, k, { method: 'altmin', seed: 1, tol });
    errs.exact = fullError(M, fit).rel;
    expect(fit.converged).toBe(true);
    expect(errs.exact).toBeLessThanOrEqual(1e-6);
    expect(fit.diagnostics.innerIterations).toBe(0);
    expect(fit.diagnostics.exactSolves).toBe(fit.iterations * (m + n));
    // linear convergence (ALGORITHMS.md §4.3 check 1): median per-sweep residual ratio ≤ 0.6
    const h = fit.history;
    const ratios = h.slice(1).map((e, t) => e.relativeResidual / h[t].relativeResidual).sort((a, b) => a - b);
    expect(ratios[ratios.length >> 1]).toBeLessThanOrEqual(0.6);
  });

  it('robust-altmin (GSYZ24, sketch-preconditioned CG) recovers M, within err(exact) + 10·κ·ε₀', () => {
    const fit = completeMatrix(obs, k, { method: 'robust-altmin', seed: 1, tol });
    errs.robust = fullError(M, fit).rel;
    expect(fit.converged).toBe(true);
    expect(errs.robust).toBeLessThanOrEqual(1e-6);
    expect(errs.robust).toBeLessThanOrEqual(errs.exact + 10 * 5 * 1e-2 * tol);
    // the approximate solver really ran: CG iterations, (almost) no exact solves
    expect(fit.diagnostics.innerIterations).toBeGreaterThan(0);
    expect(fit.diagnostics.exactSolves).toBe(fit.diagnostics.fallbacks);
    expect(fit.diagnostics.fallbacks).toBeLessThanOrEqual(0.01 * fit.iterations * (m + n));
    expect(fit.diagnostics.sketchedSolves + fit.diagnostics.gramSolves).toBe(fit.iterations * (m + n));
  });

  it('each robust preconditioner recovers M: per-row sketches (ALGORITHMS §3.4) and the shared Gram', () => {
    for (const preconditioner of ['sketch', 'gram'] as const) {
      const fit = completeMatrix(obs, k, { seed: 1, tol, preconditioner });
      const e = fullError(M, fit).rel;
      expect(e).toBeLessThanOrEqual(errs.exact + 10 * 5 * 1e-2 * tol);
      if (preconditioner === 'sketch') expect(fit.diagnostics.sketchedSolves).toBe(fit.iterations * (m + n));
      else expect(fit.diagnostics.gramSolves).toBe(fit.iterations * (m + n));
    }
  });

  it('negative control: too few samples (C = 0.5) is not reported as converged', () => {
    const few = sample(M, (0.5 * n * k * Math.log(n)) / (m * n), 4);
    for (const method of ['altmin', 'robust-altmin'] as const) {
      const fit = completeMatrix(few, k, { method, seed: 1, maxIter: 25, tol });
      expect(fit.converged).toBe(false);
      expect(fit.stopReason).toBe('maxIter');
      expect(fullError(M, fit).rel).toBeGreaterThan(1e-2);
    }
  });
});

describe('completeMatrix: recovery over independent problems', () => {
  // ALGORITHMS.md §4.3 check 1 set-up: lowRank(300, 300, 5, κ = 5), p = 0.2 (|Ω| ≈ 12·nk).
  // Every trial (a new matrix and a new sample) must recover M to 1e-6 relative error with both
  // methods. Deterministic seeds; trials(6, 1) problems (quick mode: 1).
  it('recovers every trial with both methods', () => {
    const T = trials(6, 1);
    for (let trial = 0; trial < T; trial++) {
      const M = lowRank(300, 300, 5, 5, 1000 + 17 * trial);
      const obs = sample(M, 0.2, 2000 + 31 * trial);
      for (const method of ['altmin', 'robust-altmin'] as const) {
        const fit = completeMatrix(obs, 5, { method, seed: trial });
        expect(fit.converged).toBe(true);
        expect(fullError(M, fit).rel).toBeLessThanOrEqual(1e-6);
      }
    }
  });
});

describe('completeMatrix: noise', () => {
  it('the error is proportional to σ (slope 1 ± 0.2; within [0.5, 3]·σ·√(k(m+n−k)/|Ω|))', () => {
    const m = 300, n = 300, k = 5;
    const M = lowRank(m, n, k, 5, 21);
    const sigmas = [1e-3, 1e-2, 1e-1];
    const rmse: number[] = [];
    for (const sigma of sigmas) {
      const obs = sample(M, 0.2, 8, sigma);
      const fit = completeMatrix(obs, k, { seed: 2, tol: 1e-7 });
      const e = fullError(M, fit).rmse;
      rmse.push(e);
      const predicted = sigma * Math.sqrt((k * (m + n - k)) / obs.v.length);
      expect(e / predicted).toBeGreaterThanOrEqual(0.5);
      expect(e / predicted).toBeLessThanOrEqual(3);
    }
    const slope = Math.log(rmse[2] / rmse[0]) / Math.log(sigmas[2] / sigmas[0]);
    expect(Math.abs(slope - 1)).toBeLessThanOrEqual(0.2);
  });
});

describe('completeMatrix: rating-like data (bias and ridge)', () => {
  // r_ij = 3.5 + b_i + c_j + U_i·V_j + 0.3·z, 300 users × 200 items, 15 % observed, 10 % held out.
  const m = 300, n = 200, k = 3, sigma = 0.3;
  const g = testNormals(3), u = testRandom(4);
  const bu = Array.from({ length: m }, () => 0.5 * g());
  const bv = Array.from({ length: n }, () => 0.7 * g());
  const A = Array.from({ length: m * k }, () => 0.5 * g());
  const B = Array.from({ length: n * k }, () => 0.5 * g());
  const I: number[] = [], J: number[] = [], V: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      if (u() < 0.15) {
        let x = 3.5 + bu[i] + bv[j];
        for (let c = 0; c < k; c++) x += A[i * k + c] * B[j * k + c];
        I.push(i);
        J.push(j);
        V.push(x + sigma * g());
      }
    }
  }
  const { train, test } = splitObservations(observations(m, n, I, J, V), 0.1, { seed: 1 });

  it('fits the global mean and the biases, and the bias model predicts held-out ratings better', () => {
    const plain = completeMatrix(train, k, { seed: 1, testObs: test, tol: 1e-6, lambda: 0.05 });
    const biased = completeMatrix(train, k, { seed: 1, testObs: test, tol: 1e-6, lambda: 0.05, bias: true });
    let s = 0;
    for (let t = 0; t < train.v.length; t++) s += train.v[t];
    expect(biased.mean).toBeCloseTo(s / train.v.length, 12);
    expect(plain.mean).toBe(0);
    const testPlain = plain.history.at(-1)?.testRmse as number;
    const testBiased = biased.history.at(-1)?.testRmse as number;
    expect(testBiased).toBeLessThan(0.9 * testPlain); // measured 0.356 vs 0.437
    expect(testBiased).toBeLessThan(1.3 * sigma); // noise floor σ = 0.3; measured 0.356
    // the fitted row biases track the true ones (correlation; measured 0.99)
    const mb = bu.reduce((a, b) => a + b) / m;
    let sxy = 0, sxx = 0, syy = 0;
    for (let i = 0; i < m; i++) {
      sxy += biased.rowBias[i] * (bu[i] - mb);
      sxx += biased.rowBias[i] ** 2;
      syy += (bu[i] - mb) ** 2;
    }
    expect(sxy / Math.sqrt(sxx * syy)).toBeGreaterThan(0.95);
    // predict includes the bias terms
    const i0 = test.i[0], j0 = test.j[0];
    let x = biased.mean + biased.rowBias[i0] + biased.colBias[j0];
    for (let c = 0; c < k; c++) x += biased.U.data[c * m + i0] * biased.V.data[c * n + j0];
    expect(biased.predict(i0, j0)).toBeCloseTo(x, 12);
  });

  it('the ridge λ·|Ω_t| shrinks the factors (to zero for large λ) and both methods agree', () => {
    const sv = (lambda: number, method: 'altmin' | 'robust-altmin') =>
      completeMatrix(train, k, { method, seed: 1, tol: 1e-9, lambda, bias: true, maxIter: 200 }).singularValues;
    const a = sv(0.01, 'altmin'), b = sv(0.1, 'altmin'), c = sv(2, 'altmin');
    expect(b[0]).toBeLessThan(a[0]);
    expect(c[0]).toBeLessThan(1e-6 * a[0]);
    const r = sv(0.1, 'robust-altmin');
    for (let t = 0; t < k; t++) expect(Math.abs(r[t] - b[t]) / b[0]).toBeLessThan(1e-5);
  });
});

describe('completeMatrix: determinism, memory, history, edge cases', () => {
  const M = lowRank(200, 150, 4, 3, 31);
  const obs = sample(M, 0.25, 5);

  it('is bit-identical for a seed (U, V, history), for every robust preconditioner and init', () => {
    for (const options of [
      { method: 'robust-altmin' as const, preconditioner: 'sketch' as const },
      { method: 'robust-altmin' as const, init: 'random' as const },
      { method: 'altmin' as const, bias: true },
    ]) {
      const a = completeMatrix(obs, 4, { seed: 77, maxIter: 6, ...options });
      const b = completeMatrix(obs, 4, { seed: 77, maxIter: 6, ...options });
      expect(Buffer.from(a.U.data.buffer).equals(Buffer.from(b.U.data.buffer))).toBe(true);
      expect(Buffer.from(a.V.data.buffer).equals(Buffer.from(b.V.data.buffer))).toBe(true);
      expect(a.history.map((h) => h.trainRmse)).toEqual(b.history.map((h) => h.trainRmse));
    }
    const c = completeMatrix(obs, 4, { seed: 78, maxIter: 6, preconditioner: 'sketch' });
    const a = completeMatrix(obs, 4, { seed: 77, maxIter: 6, preconditioner: 'sketch' });
    expect(Buffer.from(a.U.data.buffer).equals(Buffer.from(c.U.data.buffer))).toBe(false);
  });

  it('returns balanced factors: UᵀU = VᵀV = diag(singularValues)', () => {
    const fit = completeMatrix(obs, 4, { seed: 1, method: 'altmin' });
    const gram = (X: Float64Array, rows: number, a: number, b: number) => {
      let s = 0;
      for (let r = 0; r < rows; r++) s += X[a * rows + r] * X[b * rows + r];
      return s;
    };
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        const want = a === b ? fit.singularValues[a] : 0;
        expect(Math.abs(gram(fit.U.data, 200, a, b) - want)).toBeLessThan(1e-9 * fit.singularValues[0]);
        expect(Math.abs(gram(fit.V.data, 150, a, b) - want)).toBeLessThan(1e-9 * fit.singularValues[0]);
      }
      if (a > 0) expect(fit.singularValues[a]).toBeLessThanOrEqual(fit.singularValues[a - 1]);
    }
  });

  it('records one history entry per sweep and calls onIteration; returning false stops', () => {
    const { train, test } = splitObservations(obs, 0.1, { seed: 3 });
    const seen: CompletionIteration[] = [];
    const fit = completeMatrix(train, 4, { seed: 1, testObs: test, onIteration: (e) => void seen.push(e) });
    expect(seen).toEqual(fit.history);
    expect(fit.history.map((h) => h.iteration)).toEqual(Array.from({ length: fit.iterations }, (_, t) => t + 1));
    for (const h of fit.history) {
      expect(h.seconds).toBeGreaterThanOrEqual(0);
      expect(h.testRmse).toBeGreaterThanOrEqual(0);
      expect(h.flops).toBeGreaterThan(0);
    }
    const stopped = completeMatrix(train, 4, { seed: 1, onIteration: (e) => e.iteration < 3 });
    expect(stopped.iterations).toBe(3);
    expect(stopped.stopReason).toBe('callback');
    expect(stopped.converged).toBe(false);
    expect(fit.history[0].testRmse).toBeDefined();
    expect(stopped.history[0].testRmse).toBeUndefined();
  });

  it('leaves rows and columns without observations at zero and reports them', () => {
    // rows 0 and 7 and column 3 unobserved; row 5 has a single observation (< k unknowns)
    const I: number[] = [], J: number[] = [], V: number[] = [];
    const u = testRandom(9);
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 30; j++) {
        if (i === 0 || i === 7 || j === 3 || (i === 5 && j !== 11) || u() > 0.5) continue;
        I.push(i);
        J.push(j);
        V.push(2 + Math.sin(i) * Math.cos(j));
      }
    }
    const o = observations(40, 30, I, J, V);
    for (const method of ['altmin', 'robust-altmin'] as const) {
      const fit = completeMatrix(o, 2, { seed: 1, method, bias: true, maxIter: 5 });
      expect(fit.diagnostics.emptyRows).toBe(2);
      expect(fit.diagnostics.emptyCols).toBe(1);
      expect(fit.diagnostics.regularizedSolves).toBeGreaterThan(0);
      for (let c = 0; c < 2; c++) expect(fit.U.data[c * 40 + 0]).toBe(0);
      expect(fit.predict(0, 5)).toBeCloseTo(fit.mean + fit.colBias[5], 12);
      expect(fit.rowBias[7]).toBe(0);
      expect(fit.colBias[3]).toBe(0);
      expect(Number.isFinite(fit.predict(5, 11))).toBe(true);
    }
  });

  it('averages repeated positions in hand-built observations', () => {
    const I = [0, 1, 2, 0, 1, 2, 0], J = [0, 1, 2, 1, 2, 0, 2], V = [1, 2, 1, 3, 1, 2, 1];
    const dup: Observations = {
      rows: 3,
      cols: 3,
      i: Int32Array.from([...I, 0, 0]),
      j: Int32Array.from([...J, 0, 0]),
      v: Float64Array.from([...V, 3, 2]), // (0, 0) observed as 1, 3 and 2
    };
    const averaged = observations(3, 3, I, J, [2, ...V.slice(1)]);
    const a = completeMatrix(dup, 1, { seed: 1, maxIter: 5 });
    const b = completeMatrix(averaged, 1, { seed: 1, maxIter: 5 });
    expect(Array.from(a.U.data)).toEqual(Array.from(b.U.data));
    expect(a.history.map((h) => h.trainRmse)).toEqual(b.history.map((h) => h.trainRmse));
  });

  it('never forms an m×n array: m = n = 20000 with |Ω| = 60000 (allocations instrumented)', () => {
    const G = globalThis as unknown as { Float64Array: Float64ArrayConstructor; Int32Array: Int32ArrayConstructor };
    const OrigF = G.Float64Array, OrigI = G.Int32Array;
    let maxLen = 0, total = 0;
    const note = (len: number) => {
      maxLen = Math.max(maxLen, len);
      total += len;
    };
    class TrackF extends OrigF {
      constructor(...args: unknown[]) {
        super(...(args as [number]));
        // A view over an existing buffer (e.g. WebAssembly memory) allocates nothing.
        if (!(args[0] instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && args[0] instanceof SharedArrayBuffer))) note(this.length);
      }
    }
    class TrackI extends OrigI {
      constructor(...args: unknown[]) {
        super(...(args as [number]));
        // A view over an existing buffer (e.g. WebAssembly memory) allocates nothing.
        if (!(args[0] instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && args[0] instanceof SharedArrayBuffer))) note(this.length);
      }
    }
    const m = 20000, n = 20000, k = 2, N = 60000;
    G.Float64Array = TrackF as unknown as Float64ArrayConstructor;
    G.Int32Array = TrackI as unknown as Int32ArrayConstructor;
    let fit: CompletionResult;
    try {
      const u = testRandom(12);
      const I = new Int32Array(N), J = new Int32Array(N), V = new Float64Array(N);
      for (let t = 0; t < N; t++) {
        I[t] = Math.floor(u() * m);
        J[t] = Math.floor(u() * n);
        V[t] = Math.cos(I[t]) + Math.sin(J[t]);
      }
      const o = observations(m, n, I, J, V);
      fit = completeMatrix(o, k, { seed: 1, maxIter: 2 });
      fit = completeMatrix(o, k, { seed: 1, maxIter: 2, method: 'altmin' });
    } finally {
      G.Float64Array = OrigF;
      G.Int32Array = OrigI;
    }
    expect(fit.U.rows).toBe(m);
    // The largest array: the rsvd sample (max(m, n)×(k + 10)); everything is O((m + n)k + |Ω|).
    expect(maxLen).toBeLessThanOrEqual(Math.max(m, n) * (k + 10));
    expect(maxLen).toBeLessThan((m * n) / 1000);
    // all allocations of both runs together (measured 1.2e7 elements, 0.4·m·n·8 bytes would be one dense copy)
    expect(total).toBeLessThan(40 * ((m + n) * (k + 10) + N));
  });
});

describe('completeMatrix: validation (typed errors before any work)', () => {
  const obs = observations(4, 3, [0, 1, 2, 3], [0, 1, 2, 0], [1, 2, 3, 4]);
  const never = () => {
    throw new Error('onIteration must not run');
  };
  const call = (o: unknown, rank: unknown, options: Record<string, unknown> = {}) => () =>
    completeMatrix(o as Observations, rank as number, { seed: 1, onIteration: never, ...options } as never);

  it('rejects bad ranks, observations and options with the right class', () => {
    expect(call(obs, 0)).toThrow(InvalidArgumentError);
    expect(call(obs, 4)).toThrow(InvalidArgumentError); // > min(m, n) = 3
    expect(call(obs, 1.5)).toThrow(InvalidArgumentError);
    expect(call({ ...obs, i: Int32Array.of(0, 1, 2, 9) }, 1)).toThrow(InvalidArgumentError);
    expect(call({ ...obs, v: Float64Array.of(1, NaN, 3, 4) }, 1)).toThrow(NonFiniteError);
    expect(call({ ...obs, i: new Int32Array(0), j: new Int32Array(0), v: new Float64Array(0) }, 1)).toThrow(/no observations/);
    expect(call(obs, 1, { maxIter: 0 })).toThrow(InvalidArgumentError);
    expect(call(obs, 1, { tol: 0 })).toThrow(InvalidArgumentError);
    expect(call(obs, 1, { tol: -1 })).toThrow(InvalidArgumentError);
    expect(call(obs, 1, { method: 'svt' })).toThrow(InvalidArgumentError);
    expect(call(obs, 1, { seed: undefined })).toThrow(/seed is required/);
    expect(call(obs, 1, { lambda: -0.1 })).toThrow(InvalidArgumentError);
    expect(call(obs, 1, { clip: 0.5 })).toThrow(InvalidArgumentError);
    expect(call(obs, 1, { init: 'zeros' })).toThrow(InvalidArgumentError);
    expect(call(obs, 1, { bias: 'yes' })).toThrow(InvalidArgumentError);
    expect(call(obs, 1, { innerTol: 0 })).toThrow(InvalidArgumentError);
    expect(call(obs, 1, { innerMaxIter: 0 })).toThrow(InvalidArgumentError);
    expect(call(obs, 1, { preconditioner: 'ilu' })).toThrow(InvalidArgumentError);
    expect(call(obs, 1, { onIteration: 3 })).toThrow(InvalidArgumentError);
    expect(call(obs, 1, { testObs: observations(5, 3, [0], [0], [1]) })).toThrow(DimensionError);
    expect(call(obs, 1, { testObs: { ...obs, v: Float64Array.of(1, 2, Infinity, 4) } })).toThrow(NonFiniteError);
    expect(call(null, 1)).toThrow(InvalidArgumentError);
  });

  it('predict and predictMany check their indices', () => {
    const fit = completeMatrix(obs, 1, { seed: 1, maxIter: 2 });
    expect(() => fit.predict(4, 0)).toThrow(InvalidArgumentError);
    expect(() => fit.predict(0, -1)).toThrow(InvalidArgumentError);
    expect(() => fit.predictMany([0, 1], [0])).toThrow(DimensionError);
    expect(() => fit.predictMany([0, 1.5], [0, 0])).toThrow(InvalidArgumentError);
    expect(Array.from(fit.predictMany([0, 3], [0, 0]))).toEqual([fit.predict(0, 0), fit.predict(3, 0)]);
  });
});
