import { describe, expect, it } from 'vitest';
import { type LsqrIterationInfo, lsqr } from '../../src/core/lsqr.js';
import { type LinearOperator, asOperator, linearOperator } from '../../src/core/operator.js';
import { csrFromDense } from '../../src/core/csr.js';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import {
  denseFromRows,
  frobenius,
  gaussSolve,
  naiveMatmul,
  naiveTranspose,
  norm2,
  normalEquationsSolve,
  randnArray,
  testNormals,
} from '../helpers/reference.js';

function relErr(x: ArrayLike<number>, ref: ArrayLike<number>): number {
  let d = 0, s = 0;
  for (let i = 0; i < ref.length; i++) { d += (x[i] - ref[i]) ** 2; s += ref[i] ** 2; }
  return Math.sqrt(d / s);
}

function matvec(A: number[][], x: ArrayLike<number>): number[] {
  return A.map((r) => r.reduce((s, a, j) => s + a * x[j], 0));
}

/** Upper-triangular R with RᵀR = M (test-only Cholesky, M symmetric positive definite). */
function cholUpper(M: number[][]): number[][] {
  const n = M.length;
  const R = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let s = M[j][j];
    for (let k = 0; k < j; k++) s -= R[k][j] ** 2;
    R[j][j] = Math.sqrt(s);
    for (let i = j + 1; i < n; i++) {
      let t = M[j][i];
      for (let k = 0; k < j; k++) t -= R[k][j] * R[k][i];
      R[j][i] = t / R[j][j];
    }
  }
  return R;
}

/** N = R⁻¹ as an operator: apply solves R·x = y (back substitution), applyT solves Rᵀ·w = z. */
function invUpperOperator(R: number[][]): LinearOperator {
  const n = R.length;
  return linearOperator({
    rows: n,
    cols: n,
    apply(y) {
      const x = new Float64Array(n);
      for (let i = n - 1; i >= 0; i--) {
        let s = y[i];
        for (let k = i + 1; k < n; k++) s -= R[i][k] * x[k];
        x[i] = s / R[i][i];
      }
      return x;
    },
    applyT(z) {
      const w = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = z[i];
        for (let k = 0; k < i; k++) s -= R[k][i] * w[k];
        w[i] = s / R[i][i];
      }
      return w;
    },
  });
}

/** m×n matrix with orthonormal columns (modified Gram–Schmidt, twice) from the test generator. */
function orthonormalColumns(m: number, n: number, seed: number): number[][] {
  const Q = naiveTranspose(randnArray(m, n, seed)); // columns as rows
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < j; k++) {
        const c = Q[j].reduce((s, v, i) => s + v * Q[k][i], 0);
        for (let i = 0; i < m; i++) Q[j][i] -= c * Q[k][i];
      }
      const nr = norm2(Q[j]);
      for (let i = 0; i < m; i++) Q[j][i] /= nr;
    }
  }
  return naiveTranspose(Q);
}

/** A = U·diag(σ)·Vᵀ with σ geometric from 1 down to 1/κ: cond₂(A) = κ exactly (up to rounding). */
function conditioned(m: number, n: number, kappa: number, seed: number): number[][] {
  const U = orthonormalColumns(m, n, seed), V = orthonormalColumns(n, n, seed + 1);
  const sigma = Array.from({ length: n }, (_, j) => kappa ** (-j / (n - 1)));
  const US = U.map((r) => r.map((v, j) => v * sigma[j]));
  return naiveMatmul(US, naiveTranspose(V));
}

const A200 = randnArray(200, 20, 1);
const b200 = randnArray(200, 1, 2).flat();
const xNE = normalEquationsSolve(A200, b200);

describe('lsqr on well-conditioned problems', () => {
  it('matches the normal-equations solution (200×20 Gaussian) to 1e-10, for dense, CSR and operator input', () => {
    const D = denseFromRows(A200);
    for (const A of [D, csrFromDense(D), asOperator(D), A200]) {
      const res = lsqr(A, b200);
      expect(res.converged).toBe(true);
      expect(res.stopReason).toBe('normal-residual');
      expect(relErr(res.x, xNE)).toBeLessThan(1e-10);
      // The reported residuals are those of the returned x on the original A.
      const r = b200.map((bi, i) => bi - matvec(A200, res.x)[i]);
      expect(Math.abs(res.residualNorm - norm2(r))).toBeLessThan(1e-12 * norm2(b200));
      const g = matvec(naiveTranspose(A200), r);
      expect(Math.abs(res.normalResidualNorm - norm2(g))).toBeLessThan(1e-10 * norm2(g) + 1e-13);
      expect(res.history.length).toBe(res.iterations);
      expect(res.iterations).toBeLessThanOrEqual(40); // 2n, the default limit
    }
  });

  it('converges in ≤ 3 iterations with the right preconditioner N = R⁻¹, RᵀR = AᵀA (κ(AN) ≈ 1)', () => {
    const R = cholUpper(naiveMatmul(naiveTranspose(A200), A200));
    const res = lsqr(denseFromRows(A200), b200, { precond: invUpperOperator(R) });
    expect(res.converged).toBe(true);
    expect(res.iterations).toBeLessThanOrEqual(3);
    expect(relErr(res.x, xNE)).toBeLessThan(1e-10);
    expect(res.acond).toBeLessThan(1 + 1e-6); // estimate of cond(A·N) on the Krylov space
  });

  it('reaches a consistent system with stop reason "residual"', () => {
    const xs = randnArray(20, 1, 5).flat();
    const b = matvec(A200, xs);
    const res = lsqr(denseFromRows(A200), b);
    expect(res.stopReason).toBe('residual');
    expect(relErr(res.x, xs)).toBeLessThan(1e-10);
    expect(res.residualNorm).toBeLessThan(1e-10 * norm2(b));
  });

  it('returns x = 0 for a zero right-hand side', () => {
    const res = lsqr(denseFromRows(A200), new Float64Array(200));
    expect(res.converged).toBe(true);
    expect(res.iterations).toBe(0);
    expect(res.stopReason).toBe('residual');
    expect(Array.from(res.x)).toEqual(new Array(20).fill(0));
    expect(res.residualNorm).toBe(0);
    expect(res.normalResidualNorm).toBe(0);
  });

  it('stops at once when Aᵀb = 0', () => {
    const res = lsqr([[1, 0], [0, 1], [0, 0]], [0, 0, 5]);
    expect(res.iterations).toBe(0);
    expect(res.stopReason).toBe('normal-residual');
    expect(Array.from(res.x)).toEqual([0, 0]);
    expect(res.residualNorm).toBe(5);
  });

  it('warm start gives the cold result; starting at the solution takes ≤ 2 iterations', () => {
    const cold = lsqr(denseFromRows(A200), b200);
    const x0 = randnArray(20, 1, 9).flat();
    const warm = lsqr(denseFromRows(A200), b200, { x0 });
    expect(warm.converged).toBe(true);
    expect(relErr(warm.x, cold.x)).toBeLessThan(1e-10);
    const again = lsqr(denseFromRows(A200), b200, { x0: cold.x });
    expect(again.iterations).toBeLessThanOrEqual(2);
    expect(relErr(again.x, cold.x)).toBeLessThan(1e-10);
    // Warm start with a preconditioner.
    const R = cholUpper(naiveMatmul(naiveTranspose(A200), A200));
    const both = lsqr(denseFromRows(A200), b200, { x0, precond: invUpperOperator(R) });
    expect(both.iterations).toBeLessThanOrEqual(3);
    expect(relErr(both.x, xNE)).toBeLessThan(1e-10);
  });

  it('does not modify b or x0', () => {
    const b = Float64Array.from(b200), x0 = new Float64Array(20).fill(1);
    lsqr(denseFromRows(A200), b, { x0, damp: 0.5 });
    expect(Array.from(b)).toEqual(b200);
    expect(Array.from(x0)).toEqual(new Array(20).fill(1));
  });

  it('returns the minimum-norm solution for a rank-deficient A (duplicated column)', () => {
    const a = randnArray(30, 1, 3).flat();
    const A = a.map((v) => [v, v]);
    const b = randnArray(30, 1, 4).flat();
    const t = a.reduce((s, v, i) => s + v * b[i], 0) / a.reduce((s, v) => s + v * v, 0);
    const res = lsqr(A, b);
    expect(res.converged).toBe(true);
    expect(relErr(res.x, [t / 2, t / 2])).toBeLessThan(1e-12);
  });
});

describe('lsqr with damping', () => {
  const damp = 3;
  const ridge = (() => {
    const At = naiveTranspose(A200);
    const M = naiveMatmul(At, A200).map((r, i) => r.map((v, j) => v + (i === j ? damp * damp : 0)));
    return { M, x: gaussSolve(M, naiveMatmul(At, b200.map((v) => [v]))).map((r) => r[0]) };
  })();

  it('solves the ridge normal equations (AᵀA + δ²I)x = Aᵀb to 1e-10', () => {
    const res = lsqr(denseFromRows(A200), b200, { damp });
    expect(res.converged).toBe(true);
    expect(relErr(res.x, ridge.x)).toBeLessThan(1e-10);
    // normalResidualNorm = ‖Aᵀr − δ²x‖, the gradient of the ridge objective, ≈ 0.
    expect(res.normalResidualNorm).toBeLessThan(1e-9 * norm2(matvec(naiveTranspose(A200), b200)));
  });

  it('gives the same ridge solution with a warm start', () => {
    const res = lsqr(denseFromRows(A200), b200, { damp, x0: randnArray(20, 1, 12).flat() });
    expect(res.converged).toBe(true);
    expect(relErr(res.x, ridge.x)).toBeLessThan(1e-10);
  });

  it('gives the same ridge solution with a preconditioner for [A; δI] in ≤ 3 iterations', () => {
    const res = lsqr(denseFromRows(A200), b200, { damp, precond: invUpperOperator(cholUpper(ridge.M)) });
    expect(res.converged).toBe(true);
    expect(res.iterations).toBeLessThanOrEqual(3);
    expect(relErr(res.x, ridge.x)).toBeLessThan(1e-10);
  });
});

describe('lsqr iteration counts and stopping rules', () => {
  it('κ = 1e4: converges within the Chebyshev bound k ≤ ⌈ln(2/tol)/2·κ⌉', () => {
    // LSQR ≡ CG on AᵀA (condition κ²): ‖r_k − r*‖ ≤ 2((κ−1)/(κ+1))^k ‖r_0 − r*‖, so reducing the
    // residual of a consistent system by tol = btol takes at most ⌈ln(2/tol)·κ/2⌉ iterations
    // (118 600 for tol = 1e-10, κ = 1e4). Finite termination (n = 40) makes it far fewer here.
    const kappa = 1e4, tol = 1e-10;
    const A = conditioned(120, 40, kappa, 21);
    const xs = randnArray(40, 1, 22).flat();
    const b = matvec(A, xs);
    const bound = Math.ceil((Math.log(2 / tol) / 2) * kappa);
    const res = lsqr(A, b, { btol: tol, atol: 0, conlim: Infinity, maxIter: bound });
    expect(res.converged).toBe(true);
    expect(res.iterations).toBeLessThanOrEqual(bound);
    expect(res.residualNorm).toBeLessThanOrEqual(2 * tol * norm2(b));
    // Forward error ≤ κ·‖r‖/‖b‖ relative, up to rounding: 1e4·2e-10 = 2e-6.
    expect(relErr(res.x, xs)).toBeLessThan(2e-6);
  });

  it('κ = 100, n = 5 000 (diagonal operator, σ uniform in [0.01, 1]): iterations ≤ ⌈ln(2/tol)/2·κ⌉', () => {
    // Here the bound (956 for tol = 1e-8) is below n, so finite termination does not help; LSQR
    // needs about 850 iterations: the bound is nearly tight for a uniformly spread spectrum.
    const n = 5_000, kappa = 100, tol = 1e-8;
    const d = Float64Array.from({ length: n }, (_, i) => 1 / kappa + (1 - 1 / kappa) * (i / (n - 1)));
    const D = linearOperator({ rows: n, cols: n, apply: (x) => d.map((v, i) => v * x[i]), applyT: (y) => d.map((v, i) => v * y[i]) });
    const g = testNormals(31);
    const b = Float64Array.from({ length: n }, () => g());
    const bound = Math.ceil((Math.log(2 / tol) / 2) * kappa);
    const res = lsqr(D, b, { btol: tol, atol: 0, conlim: Infinity, maxIter: 10 * bound });
    expect(res.stopReason).toBe('residual');
    expect(res.iterations).toBeLessThanOrEqual(bound);
    expect(res.residualNorm).toBeLessThanOrEqual(2 * tol * norm2(b));
  });

  it('stops at maxIter, and on the condition estimate', () => {
    const A = conditioned(60, 20, 1e4, 41);
    const b = randnArray(60, 1, 42).flat();
    const r1 = lsqr(A, b, { maxIter: 2 });
    expect(r1.stopReason).toBe('max-iterations');
    expect(r1.converged).toBe(false);
    expect(r1.iterations).toBe(2);
    expect(r1.history.length).toBe(2);
    const r2 = lsqr(A, b, { conlim: 100 });
    expect(r2.stopReason).toBe('condition');
    expect(r2.converged).toBe(false);
    expect(r2.acond).toBeGreaterThanOrEqual(100);
    const r0 = lsqr(A, b, { maxIter: 0 });
    expect(r0.iterations).toBe(0);
    expect(Array.from(r0.x)).toEqual(new Array(20).fill(0));
  });

  it('reports monotone ‖A‖ and cond estimates to onIteration; history holds ‖Āᵀr̄_k‖', () => {
    const seen: LsqrIterationInfo[] = [];
    const res = lsqr(conditioned(80, 15, 100, 51), randnArray(80, 1, 52).flat(), { onIteration: (info) => seen.push(info) });
    expect(seen.length).toBe(res.iterations);
    seen.forEach((s, k) => {
      expect(s.iteration).toBe(k + 1);
      expect(s.normalResidualNorm).toBe(res.history[k]);
      if (k > 0) {
        expect(s.anorm).toBeGreaterThanOrEqual(seen[k - 1].anorm);
        expect(s.acond).toBeGreaterThanOrEqual(seen[k - 1].acond);
        expect(s.residualNorm).toBeLessThanOrEqual(seen[k - 1].residualNorm * (1 + 1e-12)); // ‖r_k‖ is monotone
      }
    });
  });

  it('anorm is ‖B_k‖_F, which reaches ‖A‖_F after n iterations when orthogonality holds (Gaussian A)', () => {
    // In exact arithmetic B_n = U_{n+1}ᵀ·A·V_n, so ‖B_n‖_F ≤ ‖A‖_F with equality for m > n and
    // generic b. (With loss of orthogonality, e.g. κ = 100 above, more iterations run and the
    // estimate can exceed ‖A‖_F.)
    const A = randnArray(80, 15, 51);
    const res = lsqr(A, randnArray(80, 1, 52).flat());
    expect(res.iterations).toBe(15);
    expect(Math.abs(res.anorm - frobenius(A))).toBeLessThan(1e-12 * frobenius(A));
  });
});

describe('lsqr edge cases and validation', () => {
  it('handles A with no columns or no rows', () => {
    const r1 = lsqr({ data: new Float64Array(0), rows: 3, cols: 0 }, [1, 2, 2]);
    expect(r1.x.length).toBe(0);
    expect(r1.converged).toBe(true);
    expect(r1.residualNorm).toBe(3);
    const r2 = lsqr({ data: new Float64Array(0), rows: 0, cols: 2 }, []);
    expect(Array.from(r2.x)).toEqual([0, 0]);
    expect(r2.converged).toBe(true);
  });

  it('validates its arguments', () => {
    const A = denseFromRows(A200);
    expect(() => lsqr(A, b200.slice(1))).toThrow(DimensionError);
    expect(() => lsqr(A, b200, { x0: [1, 2] })).toThrow(DimensionError);
    expect(() => lsqr(A, b200, { precond: denseFromRows(randnArray(3, 3, 1)) })).toThrow(DimensionError);
    expect(() => lsqr(A, b200.map((v, i) => (i === 7 ? NaN : v)))).toThrow(NonFiniteError);
    expect(() => lsqr(A, b200, { x0: new Array(20).fill(Infinity) })).toThrow(NonFiniteError);
    expect(() => lsqr(A, b200, { atol: -1 })).toThrow(InvalidArgumentError);
    expect(() => lsqr(A, b200, { btol: 1 })).toThrow(InvalidArgumentError);
    expect(() => lsqr(A, b200, { conlim: 1 })).toThrow(InvalidArgumentError);
    expect(() => lsqr(A, b200, { maxIter: -1 })).toThrow(InvalidArgumentError);
    expect(() => lsqr(A, b200, { maxIter: 2.5 })).toThrow(InvalidArgumentError);
    expect(() => lsqr(A, b200, { damp: -1 })).toThrow(InvalidArgumentError);
    expect(() => lsqr(A, b200, { damp: NaN })).toThrow(InvalidArgumentError);
    expect(() => lsqr(A, b200, { onIteration: 5 as never })).toThrow(InvalidArgumentError);
    expect(() => lsqr('A' as never, b200)).toThrow(InvalidArgumentError);
    expect(() => lsqr(A, 'b' as never)).toThrow(InvalidArgumentError);
  });
});
