/**
 * ℓp sensitivities σ_i = sup_x |a_iᵀx|^p/‖Ax‖_p^p (ALGORITHMS.md §2.4, §2.8): the exact
 * per-row programs against brute-force vertex enumeration (p = 1), the circle example, the
 * total-sensitivity bounds, the sandwich inequalities against Lewis weights and leverage scores,
 * the Lewis and approximate methods, invariances and validation.
 *
 * Provenance of each claim: PROVEN (a theorem), DERIVED (a derivation in ALGORITHMS.md,
 * reviewed), EMPIRICAL (measured here; not a theorem). Everything is deterministic: the inputs
 * come from fixed test-only seeds and the `'approx'` sample from a fixed seed.
 */
import { describe, expect, it } from 'vitest';
import { lpSensitivities } from '../../src/sampling/sensitivities.js';
import { leverageScores } from '../../src/sampling/leverage.js';
import { lewisWeights } from '../../src/sampling/lewis.js';
import { csrFromDense } from '../../src/core/csr.js';
import { InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { circle, coherent, denseFromRows, heavyRows, naiveMatmul, randnArray } from '../helpers/reference.js';

const dot = (a: number[], x: number[]): number => a.reduce((s, v, j) => s + v * x[j], 0);
const l1 = (A: number[][], x: number[]): number => A.reduce((s, a) => s + Math.abs(dot(a, x)), 0);

/** Solves the k×k system M·x = b by Gaussian elimination with partial pivoting; null if singular. */
function solve(M: number[][], b: number[]): number[] | null {
  const k = M.length;
  const a = M.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let i = c + 1; i < k; i++) if (Math.abs(a[i][c]) > Math.abs(a[p][c])) p = i;
    if (Math.abs(a[p][c]) < 1e-12) return null;
    [a[c], a[p]] = [a[p], a[c]];
    for (let i = 0; i < k; i++) {
      if (i === c) continue;
      const f = a[i][c] / a[c][c];
      for (let j = c; j <= k; j++) a[i][j] -= f * a[c][j];
    }
  }
  return a.map((row, i) => row[k] / row[i]);
}

/**
 * Brute-force ℓ1 sensitivity of row i (ALGORITHMS.md §2.4, "p = 1 without an LP solver"): the
 * objective ‖Ax‖₁ on the line/plane a_iᵀx = 1 is piecewise linear, so its minimum is at a vertex
 * where d − 1 other rows vanish; enumerate the (d−1)-subsets J, solve [a_i; A_J]x = e₁, keep the
 * smallest ‖Ax‖₁. σ_i = 1/min. Written for d = 2 (pairs) and d = 3 (triples).
 */
function bruteForceL1(A: number[][], i: number): number {
  const n = A.length, d = A[0].length;
  let best = Infinity;
  const rhs = [1, ...new Array(d - 1).fill(0)];
  if (d === 2) {
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const x = solve([A[i], A[j]], rhs);
      if (x) best = Math.min(best, l1(A, x));
    }
  } else if (d === 3) {
    for (let j = 0; j < n; j++) for (let k = j + 1; k < n; k++) {
      if (j === i || k === i) continue;
      const x = solve([A[i], A[j], A[k]], rhs);
      if (x) best = Math.min(best, l1(A, x));
    }
  } else throw new Error('bruteForceL1: d must be 2 or 3');
  return 1 / best;
}

describe('lpSensitivities exact, p = 1', () => {
  it('d = 2: agrees with brute-force vertex enumeration (pairs of rows) to 1e-9', () => {
    // DERIVED (ALGORITHMS.md §2.4): the LP optimum is attained where the constraint line meets a
    // kink a_jᵀx = 0, so the brute force is exact.
    for (const A of [randnArray(40, 2, 1), heavyRows(40, 2, 1, 2), coherent(30, 2, 3)]) {
      const r = lpSensitivities(A, 1);
      expect(r.converged).toBe(true);
      for (let i = 0; i < A.length; i++) {
        const bf = bruteForceL1(A, i);
        expect(Math.abs(r.sensitivities[i] - bf)).toBeLessThanOrEqual(1e-9 * bf);
        // The certified bracket contains the brute-force value.
        expect(r.lower[i]).toBeLessThanOrEqual(bf * (1 + 1e-12));
        expect(r.upper[i]).toBeGreaterThanOrEqual(bf * (1 - 1e-12));
      }
    }
  });

  it('d = 3: agrees with brute-force enumeration of row triples to 1e-8 (ALGORITHMS.md §2.4 check 1)', () => {
    const A = heavyRows(30, 3, 1, 4);
    const r = lpSensitivities(A, 1);
    for (let i = 0; i < A.length; i++) {
      const bf = bruteForceL1(A, i);
      expect(Math.abs(r.sensitivities[i] - bf)).toBeLessThanOrEqual(1e-8 * bf);
    }
  });

  it('the circle example: 𝔖(circle(200)) = π/2 ± 0.02, all σ_i equal', () => {
    // DERIVED (ALGORITHMS.md §2.4): ‖Ax‖₁ ≈ (2n/π)‖x‖ on circle(n), so σ_i ≈ π/(2n) and 𝔖 → π/2;
    // tolerance 0.02 from §2.4 check 3 (NUM there: 1.57093 at n = 200). Here it is also exact:
    // for n = 200, 𝔖 = n / Σ_j |cos(2πj/n − θ*)| at the best θ*, which is 1.5709255…
    const r = lpSensitivities(circle(200), 1);
    expect(Math.abs(r.total - Math.PI / 2)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(r.total - 1.57093)).toBeLessThanOrEqual(1e-5);
    const s0 = r.sensitivities[0];
    for (const s of r.sensitivities) expect(Math.abs(s - s0)).toBeLessThanOrEqual(1e-12);
  });

  it('certificate: lower ≤ upper, gap ≤ tol, and the bracket holds for other tolerances', () => {
    const A = heavyRows(80, 4, 1, 5);
    const tight = lpSensitivities(A, 1);
    expect(tight.maxGap).toBeLessThanOrEqual(1e-9);
    for (let i = 0; i < A.length; i++) expect(tight.lower[i]).toBeLessThanOrEqual(tight.upper[i]);
    const loose = lpSensitivities(A, 1, { tol: 1e-3 });
    for (let i = 0; i < A.length; i++) {
      expect(loose.lower[i]).toBeLessThanOrEqual(tight.upper[i] * (1 + 1e-12));
      expect(loose.upper[i]).toBeGreaterThanOrEqual(tight.lower[i] * (1 - 1e-12));
    }
  });
});

describe('lpSensitivities exact, general p', () => {
  it('p = 2 gives the leverage scores', () => {
    // DERIVED (§2.4): for p = 2, sup (a_iᵀx)²/‖Ax‖² = a_iᵀ(AᵀA)⁻¹a_i.
    const A = heavyRows(50, 4, 1, 6);
    const r = lpSensitivities(A, 2);
    const tau = leverageScores(A).scores;
    for (let i = 0; i < A.length; i++) expect(Math.abs(r.sensitivities[i] - tau[i])).toBeLessThanOrEqual(1e-12);
  });

  it('every row is certified: the dual bound meets the primal witness (default tol 1e-8, and 1e-10 on request)', () => {
    for (const p of [1.5, 3, 4, 6]) {
      const r = lpSensitivities(heavyRows(60, 4, 1, 7), p);
      expect(r.converged).toBe(true);
      expect(r.maxGap).toBeLessThanOrEqual(1e-8);
      const t = lpSensitivities(heavyRows(60, 4, 1, 7), p, { tol: 1e-10 });
      expect(t.converged).toBe(true);
      expect(t.maxGap).toBeLessThanOrEqual(1e-10);
    }
  });

  it('an iteration cap leaves a valid (wider) bracket and converged: false', () => {
    const A = heavyRows(40, 3, 1, 21);
    for (const p of [1, 3]) {
      const E = lpSensitivities(A, p);
      const C = lpSensitivities(A, p, { maxIterations: 1 });
      expect(C.converged).toBe(false);
      for (let i = 0; i < A.length; i++) {
        expect(C.lower[i]).toBeLessThanOrEqual(E.upper[i] * (1 + 1e-9));
        expect(C.upper[i]).toBeGreaterThanOrEqual(E.lower[i] * (1 - 1e-9));
      }
    }
  });

  it('p close to 1 (1.1): the bracket stays valid even where the certificate stalls above tol', () => {
    // The Newton path converges slowly as p → 1 (TSDoc); whatever it reports, lower ≤ upper and the
    // p = 1.1 sensitivities lie between those of p = 1 and p = 1.5 in total (monotone in p is not
    // claimed row-wise; only the bracket is asserted).
    const A = heavyRows(60, 4, 1, 7);
    const r = lpSensitivities(A, 1.1);
    for (let i = 0; i < A.length; i++) expect(r.lower[i]).toBeLessThanOrEqual(r.upper[i]);
    expect(r.maxGap).toBeLessThanOrEqual(1e-2);
    expect(r.total).toBeLessThanOrEqual(4 * (1 + 1e-9)); // PROVEN: 𝔖 ≤ d for p ≤ 2 (upper ends)
  });

  it('σ(A·T) = σ(A) for invertible T, and σ(ΠA) = Πσ(A) (DERIVED, §2.4)', () => {
    const A = randnArray(40, 3, 8);
    const T = [[2, -1, 0.5], [0.3, 1, -2], [1, 1, 1]];
    const AT = naiveMatmul(A, T);
    const perm = A.map((_, i) => (i * 7) % 40);
    const PA = perm.map((i) => A[i]);
    for (const p of [1, 3]) {
      const s = lpSensitivities(A, p).sensitivities;
      const sT = lpSensitivities(AT, p).sensitivities;
      const sP = lpSensitivities(PA, p).sensitivities;
      for (let i = 0; i < 40; i++) {
        expect(Math.abs(sT[i] - s[i])).toBeLessThanOrEqual(1e-7 * s[i]);
        expect(Math.abs(sP[i] - s[perm[i]])).toBeLessThanOrEqual(1e-9 * s[perm[i]]);
      }
    }
  });

  it('zero rows have σ = 0; k copies of a row share it (each ≤ 1/k); rank-deficient A works on its range', () => {
    const base = randnArray(30, 3, 9);
    const A = [...base, [0, 0, 0], base[0], base[0]]; // row 0 now has three copies
    for (const p of [1, 1.5, 3]) {
      const r = lpSensitivities(A, p);
      expect(r.sensitivities[30]).toBe(0);
      // DERIVED: for copies, |a_iᵀx|^p appears k times in ‖Ax‖_p^p, so each σ ≤ 1/k; equal by symmetry.
      expect(r.sensitivities[0]).toBeLessThanOrEqual(1 / 3 + 1e-12);
      expect(Math.abs(r.sensitivities[31] - r.sensitivities[0])).toBeLessThanOrEqual(1e-9);
      // A duplicated column does not change the range: same sensitivities, rank 3.
      const wide = A.map((row) => [...row, row[1]]);
      const rw = lpSensitivities(wide, p);
      expect(rw.rank).toBe(3);
      for (let i = 0; i < A.length; i++) expect(Math.abs(rw.sensitivities[i] - r.sensitivities[i])).toBeLessThanOrEqual(1e-8);
    }
  });

  it('d = 1: σ_i = |a_i|^p/Σ|a_j|^p; n = rank (wide A): every σ_i = 1', () => {
    const col = [[1], [-2], [3], [0.5]];
    for (const p of [1, 1.5, 3]) {
      const r = lpSensitivities(col, p);
      const tot = col.reduce((s, [v]) => s + Math.abs(v) ** p, 0);
      col.forEach(([v], i) => expect(r.sensitivities[i]).toBeCloseTo(Math.abs(v) ** p / tot, 12));
      const wide = lpSensitivities(randnArray(3, 5, 20), p);
      expect(wide.rank).toBe(3);
      for (const s of wide.sensitivities) expect(s).toBeCloseTo(1, 9);
    }
  });

  it('the zero matrix has all sensitivities 0; CSR input gives the dense result', () => {
    const Z = lpSensitivities([[0, 0], [0, 0], [0, 0]], 1);
    expect(Array.from(Z.sensitivities)).toEqual([0, 0, 0]);
    expect(Z.total).toBe(0);
    expect(Z.rank).toBe(0);
    const A = randnArray(20, 3, 10);
    const dense = lpSensitivities(A, 1).sensitivities;
    const sparse = lpSensitivities(csrFromDense(A), 1).sensitivities;
    for (let i = 0; i < 20; i++) expect(sparse[i]).toBe(dense[i]);
  });
});

describe('total sensitivity and the sandwich bounds', () => {
  const mats: Array<[string, number[][]]> = [
    ['gauss(80, 4)', randnArray(80, 4, 11)],
    ['coherent(80, 4)', coherent(80, 4, 12)],
    ['heavyRows(80, 4, 1)', heavyRows(80, 4, 1, 13)],
  ];

  it('𝔖 ≤ d for p ≤ 2 and 𝔖 ≤ d^{p/2} for p > 2; 𝔖 ≥ d^{p/2} (p ≤ 2), 𝔖 ≥ d (p ≥ 2)', () => {
    // PROVEN (upper bounds): 𝔖 ≤ d for 1 ≤ p ≤ 2 and 𝔖 ≤ d^{p/2} for p > 2 (well-conditioned
    // bases / Lewis weights; quoted in Woodruff & Yasuda 2023; ALGORITHMS.md §2.4). The lower
    // bounds are DERIVED in §2.4 from the Lewis sandwich. Checked on the certified upper ends
    // (which over-estimate σ), with 1e-9 relative slack for the solver tolerance.
    const d = 4;
    for (const [name, A] of mats) {
      for (const p of [1, 1.5, 3, 4]) {
        const r = lpSensitivities(A, p);
        const lowerTotal = r.lower.reduce((s, v) => s + v, 0);
        const upperBound = p <= 2 ? d : d ** (p / 2);
        const lowerBound = p <= 2 ? d ** (p / 2) : d;
        expect(r.total, `${name}, p = ${p}`).toBeLessThanOrEqual(upperBound * (1 + 1e-9));
        expect(lowerTotal, `${name}, p = ${p}`).toBeGreaterThanOrEqual(lowerBound * (1 - 1e-9));
      }
    }
  });

  it('the sandwich of ALGORITHMS.md §2.4 against Lewis weights w and leverage scores τ holds row by row', () => {
    // DERIVED (§2.4 proof sketch; NUM there on heavyRows(60, 4)):
    //   p ≤ 2: d^{p/2−1}·w_i ≤ σ_i ≤ w_i and σ_i ≤ τ_i^{p/2};
    //   p ≥ 2: w_i ≤ σ_i ≤ d^{p/2−1}·w_i and σ_i ≥ τ_i^{p/2}.
    // Exact σ (certified bracket), w from lewisWeights (tol 1e-12): 1e-6 relative slack.
    const d = 4, slack = 1e-6;
    for (const A of [heavyRows(60, 4, 1, 14), randnArray(60, 4, 15)]) {
      const tau = leverageScores(A).scores;
      for (const p of [1, 1.5, 3, 5]) {
        const r = lpSensitivities(A, p);
        const w = lewisWeights(A, p, { tol: 1e-12 }).weights;
        const c = d ** (p / 2 - 1);
        for (let i = 0; i < A.length; i++) {
          const lo = r.lower[i], hi = r.upper[i];
          if (p <= 2) {
            expect(lo).toBeGreaterThanOrEqual(c * w[i] * (1 - slack));
            expect(hi).toBeLessThanOrEqual(w[i] * (1 + slack));
            expect(hi).toBeLessThanOrEqual(tau[i] ** (p / 2) * (1 + slack));
          } else {
            expect(lo).toBeGreaterThanOrEqual(w[i] * (1 - slack));
            expect(hi).toBeLessThanOrEqual(c * w[i] * (1 + slack));
            expect(lo).toBeGreaterThanOrEqual(tau[i] ** (p / 2) * (1 - slack));
          }
        }
      }
    }
  });

  it("method 'lewis' returns the upper bounds, and its [lower, upper] contains the exact σ", () => {
    const A = heavyRows(60, 4, 1, 16);
    for (const p of [1, 1.5, 3, 5]) {
      const L = lpSensitivities(A, p, { method: 'lewis' });
      const E = lpSensitivities(A, p);
      expect(L.method).toBe('lewis');
      expect(Array.from(L.sensitivities)).toEqual(Array.from(L.upper));
      for (let i = 0; i < A.length; i++) {
        expect(L.lower[i]).toBeLessThanOrEqual(E.sensitivities[i] * (1 + 1e-6));
        expect(L.upper[i]).toBeGreaterThanOrEqual(E.sensitivities[i] * (1 - 1e-6));
      }
      // PROVEN totals of the bound itself: Σw = d, so Σupper ≤ d (p ≤ 2) or ≤ d^{p/2} (p ≥ 2).
      expect(L.total).toBeLessThanOrEqual((p <= 2 ? 4 : 4 ** (p / 2)) * (1 + 1e-9));
    }
  });

  it('the circle: all Lewis weights are 2/n and σ_i/w_i ≈ π/4 (DERIVED, §2.4)', () => {
    const n = 200;
    const L = lpSensitivities(circle(n), 1, { method: 'lewis' });
    const E = lpSensitivities(circle(n), 1);
    for (let i = 0; i < n; i++) {
      expect(Math.abs(L.upper[i] - 2 / n)).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(E.sensitivities[i] / L.upper[i] - Math.PI / 4)).toBeLessThanOrEqual(1e-3);
    }
  });
});

describe("lpSensitivities 'approx'", () => {
  it('the witness lower bound and the Lewis upper bound bracket the exact σ (deterministic)', () => {
    // DERIVED (§2.8): lower_i is |a_iᵀx̂|^p/‖Ax̂‖_p^p for an explicit x̂, so lower_i ≤ σ_i always;
    // upper_i is the Lewis bound, ≥ σ_i (checked above); the estimate is clamped between them.
    const A = heavyRows(400, 3, 1, 17);
    for (const p of [1, 3]) {
      const E = lpSensitivities(A, p);
      const X = lpSensitivities(A, p, { method: 'approx', seed: 1, sampleSize: 150 });
      expect(X.method).toBe('approx');
      expect(X.sampleRows).toBeGreaterThanOrEqual(3); // full rank (else the size is doubled)
      for (let i = 0; i < A.length; i++) {
        expect(X.lower[i]).toBeLessThanOrEqual(E.upper[i] * (1 + 1e-9));
        expect(X.upper[i]).toBeGreaterThanOrEqual(E.lower[i] * (1 - 1e-6));
        expect(X.sensitivities[i]).toBeGreaterThanOrEqual(X.lower[i]);
        expect(X.sensitivities[i]).toBeLessThanOrEqual(X.upper[i]);
      }
    }
  });

  it('EMPIRICAL quality: max_i |σ̂_i/σ_i − 1| ≤ 0.5 at m = 150 on heavyRows(400, 3, 1), p = 1 (§2.8 check 1)', () => {
    // EMPIRICAL: the guarantee is conditional on S being an ε-embedding (Cohen–Peng sizes, constants
    // unverified); ALGORITHMS.md §2.8 check 1 asks for ≤ 0.5 at this size. Fixed seeds 1–3.
    const A = heavyRows(400, 3, 1, 17);
    const E = lpSensitivities(A, 1);
    for (const seed of [1, 2, 3]) {
      const X = lpSensitivities(A, 1, { method: 'approx', seed, sampleSize: 150 });
      let worst = 0;
      for (let i = 0; i < A.length; i++) worst = Math.max(worst, Math.abs(X.sensitivities[i] / E.sensitivities[i] - 1));
      expect(worst).toBeLessThanOrEqual(0.5);
      // The total is then within a factor 1.5 as well.
      expect(Math.abs(X.total / E.total - 1)).toBeLessThanOrEqual(0.5);
    }
  });

  it('is reproducible from its seed, and sampleSize ≥ n runs the exact programs', () => {
    const A = heavyRows(120, 3, 1, 18);
    const a = lpSensitivities(A, 1, { method: 'approx', seed: 'abc', sampleSize: 60 });
    const b = lpSensitivities(A, 1, { method: 'approx', seed: 'abc', sampleSize: 60 });
    expect(Array.from(a.sensitivities)).toEqual(Array.from(b.sensitivities));
    const full = lpSensitivities(A, 1, { method: 'approx', seed: 1, sampleSize: 1000 });
    const E = lpSensitivities(A, 1);
    expect(full.sampleRows).toBe(120);
    for (let i = 0; i < 120; i++) expect(full.sensitivities[i]).toBeCloseTo(E.sensitivities[i], 12);
  });
});

describe('lpSensitivities validation', () => {
  const A = randnArray(10, 2, 19);
  it('rejects p < 1, NaN or infinite p, unknown methods and bad options', () => {
    expect(() => lpSensitivities(A, 0.5)).toThrow(InvalidArgumentError);
    expect(() => lpSensitivities(A, NaN)).toThrow(InvalidArgumentError);
    expect(() => lpSensitivities(A, Infinity)).toThrow(InvalidArgumentError);
    expect(() => lpSensitivities(A, 1, { method: 'fast' as never })).toThrow(InvalidArgumentError);
    expect(() => lpSensitivities(A, 1, { method: 'approx' })).toThrow(/seed is required/);
    expect(() => lpSensitivities(A, 1, { method: 'approx', seed: -1 })).toThrow(InvalidArgumentError);
    expect(() => lpSensitivities(A, 1, { tol: 0 })).toThrow(InvalidArgumentError);
    expect(() => lpSensitivities(A, 1, { maxIterations: 0 })).toThrow(InvalidArgumentError);
    expect(() => lpSensitivities(A, 1, { method: 'approx', seed: 1, sampleSize: 0.5 })).toThrow(InvalidArgumentError);
    expect(() => lpSensitivities(A, 1, { rtol: -1 })).toThrow(InvalidArgumentError);
  });

  it('rejects NaN entries and non-matrices', () => {
    expect(() => lpSensitivities([[1, NaN], [0, 1]], 1)).toThrow(NonFiniteError);
    expect(() => lpSensitivities(denseFromRows([[1, Infinity]]), 1)).toThrow(NonFiniteError);
    expect(() => lpSensitivities('A' as never, 1)).toThrow(InvalidArgumentError);
  });
});
