/**
 * The dense LP solver (bounded-variable simplex): known optima, brute-force vertex enumeration
 * on small random LPs, degenerate (cycling-prone) problems under both pivot rules, infeasible
 * and unbounded detection, and the certificates — which the tests re-check themselves from the
 * returned vectors instead of trusting `certificate.verified`.
 *
 * Everything here is deterministic (fixed test-only seeds); the tolerances are rounding
 * allowances, not statistical ones.
 */
import { describe, expect, it } from 'vitest';
import { simplexKernel, solveLP, type LinearProgram, type LPResult } from '../../src/sampling/lp.js';
import { lpSensitivities } from '../../src/sampling/sensitivities.js';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { randnArray, testRandom } from '../helpers/reference.js';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * Independent optimality check of an LP result in scipy form with x ≥ 0 bounds (the default):
 * primal feasibility, dual feasibility (y_ub ≤ 0, reduced costs c − Aᵀy ≥ 0) and the duality
 * gap cᵀx − bᵀy (weak duality: zero gap proves optimality).
 */
function checkOptimal(P: { c: number[]; Aub?: number[][]; bub?: number[]; Aeq?: number[][]; beq?: number[] }, r: LPResult, tol = 1e-8): void {
  expect(r.status).toBe('optimal');
  expect(r.certificate.kind).toBe('optimality');
  expect(r.certificate.verified).toBe(true);
  const x = r.x;
  for (let j = 0; j < x.length; j++) expect(x[j]).toBeGreaterThanOrEqual(-tol);
  (P.Aub ?? []).forEach((row, i) => expect(dot(row, x)).toBeLessThanOrEqual(P.bub![i] + tol));
  (P.Aeq ?? []).forEach((row, i) => expect(Math.abs(dot(row, x) - P.beq![i])).toBeLessThanOrEqual(tol));
  const yub = r.duals.ub, yeq = r.duals.eq;
  for (const v of yub) expect(v).toBeLessThanOrEqual(tol);
  for (let j = 0; j < P.c.length; j++) {
    let red = P.c[j];
    (P.Aub ?? []).forEach((row, i) => (red -= row[j] * yub[i]));
    (P.Aeq ?? []).forEach((row, i) => (red -= row[j] * yeq[i]));
    expect(red).toBeGreaterThanOrEqual(-tol);
  }
  const dualObj = dot(P.bub ?? [], yub) + dot(P.beq ?? [], yeq);
  expect(Math.abs(dot(P.c, x) - dualObj)).toBeLessThanOrEqual(tol * (1 + Math.abs(dualObj)));
  expect(Math.abs(r.objective - dot(P.c, x))).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(r.objective)));
}

/** Solves a square linear system by Gaussian elimination; null when singular. */
function solveSquare(M: number[][], b: number[]): number[] | null {
  const n = M.length;
  const a = M.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(a[i][c]) > Math.abs(a[p][c])) p = i;
    if (Math.abs(a[p][c]) < 1e-12) return null;
    [a[c], a[p]] = [a[p], a[c]];
    for (let i = 0; i < n; i++) {
      if (i === c) continue;
      const f = a[i][c] / a[c][c];
      for (let j = c; j <= n; j++) a[i][j] -= f * a[c][j];
    }
  }
  return a.map((row, i) => row[n] / row[i]);
}

/** min cᵀx s.t. Ax ≤ b, x ≥ 0 by enumerating every vertex (N variables, all N-subsets of the constraints). */
function bruteForceLP(c: number[], A: number[][], b: number[]): number {
  const N = c.length;
  const rows = [...A.map((r, i) => ({ r, b: b[i] })), ...c.map((_, j) => ({ r: c.map((__, k) => (k === j ? -1 : 0)), b: 0 }))];
  let best = Infinity;
  const choose = (start: number, picked: number[]): void => {
    if (picked.length === N) {
      const x = solveSquare(picked.map((k) => rows[k].r), picked.map((k) => rows[k].b));
      if (!x) return;
      if (rows.every((row) => dot(row.r, x) <= row.b + 1e-9)) best = Math.min(best, dot(c, x));
      return;
    }
    for (let k = start; k < rows.length; k++) choose(k + 1, [...picked, k]);
  };
  choose(0, []);
  return best;
}

describe('solveLP: known optima', () => {
  it('a two-variable textbook LP: x = (1.6, 1.2), optimum −2.8, duals (−0.4, −0.2)', () => {
    const P = { c: [-1, -1], Aub: [[1, 2], [3, 1]], bub: [4, 6] };
    for (const pivotRule of ['dantzig', 'bland'] as const) {
      const r = solveLP(P, { pivotRule });
      checkOptimal(P, r);
      expect(r.x[0]).toBeCloseTo(1.6, 12);
      expect(r.x[1]).toBeCloseTo(1.2, 12);
      expect(r.objective).toBeCloseTo(-2.8, 12);
      expect(r.duals.ub[0]).toBeCloseTo(-0.4, 12);
      expect(r.duals.ub[1]).toBeCloseTo(-0.2, 12);
    }
  });

  it('a transportation problem (2 supplies, 3 demands): optimum 465, equal to brute force', () => {
    // Supplies 20, 30; demands 10, 25, 15; costs [[8, 6, 10], [9, 12, 13]]. By hand:
    // x12 = 20, x21 = 10, x22 = 5, x23 = 15 costs 6·20 + 9·10 + 12·5 + 13·15 = 465.
    const cost = [8, 6, 10, 9, 12, 13];
    const Aeq = [
      [1, 1, 1, 0, 0, 0],
      [0, 0, 0, 1, 1, 1],
      [1, 0, 0, 1, 0, 0],
      [0, 1, 0, 0, 1, 0],
      [0, 0, 1, 0, 0, 1],
    ];
    const beq = [20, 30, 10, 25, 15];
    const P = { c: cost, Aeq, beq };
    const r = solveLP(P);
    checkOptimal(P, r);
    // Cross-check against brute force over all vertices of {Aeq x = beq, x ≥ 0}: vertices have
    // at most 4 positive entries (rank 4); enumerate the supports.
    let best = Infinity;
    for (let mask = 0; mask < 64; mask++) {
      const cols = [0, 1, 2, 3, 4, 5].filter((j) => mask & (1 << j));
      if (cols.length !== 4) continue;
      // Drop the redundant last demand row; solve the 4×4 system on the support.
      const x4 = solveSquare(Aeq.slice(0, 4).map((row) => cols.map((j) => row[j])), beq.slice(0, 4));
      if (!x4 || x4.some((v) => v < -1e-9)) continue;
      const x = new Array(6).fill(0);
      cols.forEach((j, t) => (x[j] = x4[t]));
      if (Aeq.every((row, i) => Math.abs(dot(row, x) - beq[i]) < 1e-9)) best = Math.min(best, dot(cost, x));
    }
    expect(best).toBeCloseTo(465, 9);
    expect(r.objective).toBeCloseTo(best, 9);
  });

  it('equalities with redundant rows, free variables and two-sided bounds', () => {
    // min x1 − x2 s.t. x1 + x2 = 1, 2x1 + 2x2 = 2 (redundant), −5 ≤ x1 ≤ 5, x2 free ≤ 3.
    const r = solveLP({ c: [1, -1], Aeq: [[1, 1], [2, 2]], beq: [1, 2], lower: [-5, -Infinity], upper: [5, 3] });
    expect(r.status).toBe('optimal');
    expect(r.certificate.verified).toBe(true);
    expect(r.x[0]).toBeCloseTo(-2, 12);
    expect(r.x[1]).toBeCloseTo(3, 12);
    expect(r.objective).toBeCloseTo(-5, 12);
  });

  it("Beale's cycling example terminates at the optimum −5/4 under both pivot rules (Bland 1977)", () => {
    // Beale (1955): the textbook simplex with the largest-coefficient rule cycles on it.
    const P = {
      c: [-0.75, 20, -0.5, 6],
      Aub: [[0.25, -8, -1, 9], [0.5, -12, -0.5, 3], [0, 0, 1, 0]],
      bub: [0, 0, 1],
    };
    for (const pivotRule of ['dantzig', 'bland'] as const) {
      const r = solveLP(P, { pivotRule });
      checkOptimal(P, r);
      expect(r.objective).toBeCloseTo(-1.25, 12);
    }
  });

  it('random bounded LPs (2–3 variables, 4–7 constraints) agree with brute-force vertex enumeration', () => {
    const u = testRandom(31);
    let solved = 0;
    for (let t = 0; t < 40; t++) {
      const N = 2 + (t % 2), M = 4 + (t % 4);
      const A = Array.from({ length: M }, () => Array.from({ length: N }, () => 2 * u() - 0.5));
      const b = Array.from({ length: M }, () => 0.2 + u());
      A.push(Array.from({ length: N }, () => 1)); // x ≥ 0 and Σx ≤ 3 keep it bounded
      b.push(3);
      const c = Array.from({ length: N }, () => 2 * u() - 1);
      const P = { c, Aub: A, bub: b };
      const pivotRule = t % 3 === 0 ? 'bland' : 'dantzig';
      const r = solveLP(P, { pivotRule });
      checkOptimal(P, r);
      expect(Math.abs(r.objective - bruteForceLP(c, A, b))).toBeLessThanOrEqual(1e-9);
      solved++;
    }
    expect(solved).toBe(40);
  });

  it('the primal ℓ1-sensitivity LP (min Σt, −t ≤ Ax ≤ t, a_iᵀx = 1) matches lpSensitivities (two independent solver paths)', () => {
    // The LP of ALGORITHMS.md §2.4, literally: variables (x ∈ ℝᵈ free, t ∈ ℝⁿ ≥ 0).
    const n = 24, d = 3;
    const A = randnArray(n, d, 5);
    const exact = lpSensitivities(A, 1);
    for (const i of [0, 7, 19]) {
      const c = [...new Array(d).fill(0), ...new Array(n).fill(1)];
      const Aub: number[][] = [];
      for (let j = 0; j < n; j++) {
        const e = new Array(n).fill(0);
        e[j] = -1;
        Aub.push([...A[j], ...e]);            //  a_jᵀx − t_j ≤ 0
        Aub.push([...A[j].map((v) => -v), ...e]); // −a_jᵀx − t_j ≤ 0
      }
      const P: LinearProgram = {
        c, Aub, bub: new Array(2 * n).fill(0),
        Aeq: [[...A[i], ...new Array(n).fill(0)]], beq: [1],
        lower: [...new Array(d).fill(-Infinity), ...new Array(n).fill(0)],
      };
      const r = solveLP(P);
      expect(r.status).toBe('optimal');
      expect(r.certificate.verified).toBe(true);
      expect(Math.abs(1 / r.objective - exact.sensitivities[i])).toBeLessThanOrEqual(1e-9 * exact.sensitivities[i]);
    }
  });
});

describe('simplexKernel on the dual ℓ1-sensitivity LP (the fallback path of lpSensitivities)', () => {
  it('max λ s.t. Aᵀu = λa_i, −1 ≤ u ≤ 1 gives 1/σ_i, from any starting bounds', () => {
    // LP duality (ALGORITHMS.md §2.4): min{‖Ax‖₁ : a_iᵀx = 1} = max{λ : Aᵀu = λa_i, ‖u‖∞ ≤ 1}.
    const n = 40, d = 3;
    const A = randnArray(n, d, 6);
    const exact = lpSensitivities(A, 1);
    const a = new Float64Array(d * (n + 1));
    for (let j = 0; j < n; j++) for (let k = 0; k < d; k++) a[j * d + k] = A[j][k];
    const c = new Float64Array(n + 1); c[n] = -1;
    const lo = new Float64Array(n + 1).fill(-1); lo[n] = 0;
    const up = new Float64Array(n + 1).fill(1); up[n] = Infinity;
    const u = testRandom(8);
    for (const i of [0, 13, 39]) {
      for (let k = 0; k < d; k++) a[n * d + k] = -A[i][k];
      for (const bland of [false, true]) {
        const hint = Float64Array.from({ length: n + 1 }, () => (u() < 0.5 ? -1 : 1));
        const K = simplexKernel({ m: d, n: n + 1, a, b: new Float64Array(d), c, lo, up }, { tol: 1e-11, maxIterations: 10_000, bland, hint });
        expect(K.status).toBe('optimal');
        expect(Math.abs(1 / K.x[n] - exact.sensitivities[i])).toBeLessThanOrEqual(1e-9 * exact.sensitivities[i]);
        // The simplex multipliers are the primal x: a_iᵀx = 1 and ‖Ax‖₁ = λ.
        expect(dot(A[i], K.y)).toBeCloseTo(1, 10);
        expect(A.reduce((s, row) => s + Math.abs(dot(row, K.y)), 0)).toBeCloseTo(K.x[n], 9);
      }
    }
  });
});

describe('solveLP: infeasible and unbounded problems', () => {
  it('detects infeasibility with a verified Farkas certificate (inequalities and equalities)', () => {
    const cases: LinearProgram[] = [
      { c: [1, 1], Aub: [[1, 1]], bub: [-1] },                       // x ≥ 0, x1 + x2 ≤ −1
      { c: [1, 0], Aeq: [[1, 1], [1, 1]], beq: [1, 2] },             // contradictory equalities
      { c: [0, 0], Aub: [[-1, 0]], bub: [-3], upper: [2, 2] },       // x1 ≥ 3 but x1 ≤ 2
    ];
    for (const P of cases) {
      const r = solveLP(P);
      expect(r.status).toBe('infeasible');
      expect(r.certificate.kind).toBe('infeasibility');
      expect(r.certificate.verified).toBe(true);
      expect(r.farkas).not.toBeNull();
      // Re-check the Farkas certificate: y_ub ≤ 0 and min over the box of yᵀ(b − Ax) > 0.
      expect(r.certificate.gap).toBeGreaterThan(0);
      for (const v of r.farkas!.ub) expect(v).toBeLessThanOrEqual(1e-12);
    }
  });

  it('detects unboundedness with a feasible point and a descent ray', () => {
    const P = { c: [-1, 0], Aub: [[1, -1]], bub: [1] };
    const r = solveLP(P);
    expect(r.status).toBe('unbounded');
    expect(r.certificate.kind).toBe('unboundedness');
    expect(r.certificate.verified).toBe(true);
    const ray = r.ray!;
    expect(dot(P.c, ray)).toBeLessThan(0);
    expect(dot(P.Aub[0], ray)).toBeLessThanOrEqual(1e-12);
    for (const v of ray) expect(v).toBeGreaterThanOrEqual(-1e-12);
    expect(dot(P.Aub[0], r.x)).toBeLessThanOrEqual(1 + 1e-12);
    // A free variable with no constraint is unbounded too.
    expect(solveLP({ c: [1], lower: -Infinity }).status).toBe('unbounded');
  });

  it('reports the iteration limit with an unverified certificate', () => {
    const r = solveLP({ c: [-1, -1], Aub: [[1, 2], [3, 1]], bub: [4, 6] }, { maxIterations: 1 });
    expect(r.status).toBe('iterationLimit');
    expect(r.certificate.kind).toBe('none');
    expect(r.certificate.verified).toBe(false);
  });
});

describe('solveLP: validation', () => {
  it('rejects NaN and infinite data, mismatched shapes and bad bounds or options', () => {
    expect(() => solveLP({ c: [NaN, 1] })).toThrow(NonFiniteError);
    expect(() => solveLP({ c: [1, 1], Aub: [[1, Infinity]], bub: [1] })).toThrow(NonFiniteError);
    expect(() => solveLP({ c: [1, 1], Aub: [[1, 1]], bub: [NaN] })).toThrow(NonFiniteError);
    expect(() => solveLP({ c: [1, 1], lower: [0, NaN] })).toThrow(NonFiniteError);
    expect(() => solveLP({ c: [1, 1], Aub: [[1, 1, 1]], bub: [1] })).toThrow(DimensionError);
    expect(() => solveLP({ c: [1, 1], Aub: [[1, 1]], bub: [1, 2] })).toThrow(DimensionError);
    expect(() => solveLP({ c: [1, 1], lower: [0, 0, 0] })).toThrow(DimensionError);
    expect(() => solveLP({ c: [1, 1], Aub: [[1, 1]] })).toThrow(InvalidArgumentError);
    expect(() => solveLP({ c: [1, 1], lower: [2, 0], upper: [1, 1] })).toThrow(InvalidArgumentError);
    expect(() => solveLP({ c: [1], lower: Infinity })).toThrow(InvalidArgumentError);
    expect(() => solveLP({ c: [1], upper: -Infinity })).toThrow(InvalidArgumentError);
    expect(() => solveLP({ c: [1] }, { tol: 0 })).toThrow(InvalidArgumentError);
    expect(() => solveLP({ c: [1] }, { maxIterations: 0 })).toThrow(InvalidArgumentError);
    expect(() => solveLP({ c: [1] }, { pivotRule: 'steepest' as never })).toThrow(InvalidArgumentError);
    expect(() => solveLP(null as never)).toThrow(InvalidArgumentError);
  });

  it('a problem without constraints is solved at its bounds', () => {
    const r = solveLP({ c: [1, -2], lower: [-1, 0], upper: [1, 4] });
    expect(r.status).toBe('optimal');
    expect(Array.from(r.x)).toEqual([-1, 4]);
    expect(r.objective).toBe(-9);
    expect(r.certificate.verified).toBe(true);
  });
});
