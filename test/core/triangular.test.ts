import { describe, expect, it } from 'vitest';
import {
  solveLowerBlockInPlace,
  solveLowerInPlace,
  solveLowerTransBlockInPlace,
  solveLowerTransInPlace,
  solveUpperBlockInPlace,
  solveUpperInPlace,
  solveUpperTransBlockInPlace,
  solveUpperTransInPlace,
} from '../../src/core/kernels/triangular.js';
import { norm2, testNormals } from '../helpers/reference.js';

const EPS = Number.EPSILON;

/**
 * A well-conditioned n×n triangle, column-major with leading dimension ld ≥ n, with garbage
 * (1e300) in the other triangle and in the padding rows so that reading it would show.
 */
function triangle(n: number, ld: number, upper: boolean, seed: number): Float64Array {
  const g = testNormals(seed);
  const t = new Float64Array(ld * n).fill(1e300);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const inside = upper ? i <= j : i >= j;
      if (inside) t[j * ld + i] = i === j ? (g() > 0 ? 1 : -1) * (2 + Math.abs(g())) : g() / Math.sqrt(n);
    }
  }
  return t;
}

/** y = op(T)·x for the triangle (reads only the triangle). */
function triMul(n: number, t: Float64Array, ld: number, upper: boolean, trans: boolean, x: number[]): number[] {
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const [r, c] = trans ? [j, i] : [i, j];
      const inside = upper ? r <= c : r >= c;
      if (inside) y[i] += t[c * ld + r] * x[j];
    }
  }
  return y;
}

const cases = [
  { name: 'R x = b', upper: true, trans: false, vec: solveUpperInPlace, blk: solveUpperBlockInPlace },
  { name: 'Rᵀ x = b', upper: true, trans: true, vec: solveUpperTransInPlace, blk: solveUpperTransBlockInPlace },
  { name: 'L x = b', upper: false, trans: false, vec: solveLowerInPlace, blk: solveLowerBlockInPlace },
  { name: 'Lᵀ x = b', upper: false, trans: true, vec: solveLowerTransInPlace, blk: solveLowerTransBlockInPlace },
];

describe('triangular solves', () => {
  for (const c of cases) {
    for (const n of [1, 2, 7, 40]) {
      it(`${c.name}, n = ${n}, strided vector and offsets`, () => {
        const ld = n + 3;
        const off = 2;
        const t0 = triangle(n, ld, c.upper, 100 + n);
        const t = new Float64Array(off + t0.length);
        t.set(t0, off);
        const g = testNormals(7 + n);
        const xTrue = Array.from({ length: n }, () => g());
        const b = triMul(n, t0, ld, c.upper, c.trans, xTrue);
        // Vector with stride 3 and offset 1, filler entries must stay untouched.
        const inc = 3;
        const buf = new Float64Array(1 + n * inc).fill(-7);
        for (let i = 0; i < n; i++) buf[1 + i * inc] = b[i];
        c.vec(n, t, off, ld, buf, 1, inc);
        const x = Array.from({ length: n }, (_, i) => buf[1 + i * inc]);
        // Backward-stable solve: ‖x − x*‖ ≤ c·n·ε·κ·‖x*‖; the triangles here have κ ≤ ~10
        // (unit-size off-diagonal noise scaled by 1/√n, |diag| ≥ 2); c = 10 (TUNED).
        const err = norm2(x.map((v, i) => v - xTrue[i]));
        expect(err).toBeLessThanOrEqual(10 * 10 * n * EPS * norm2(xTrue));
        expect(buf[0]).toBe(-7);
        for (let i = 0; i < n; i++) for (let s = 1; s < inc; s++) if (1 + i * inc + s < buf.length) expect(buf[1 + i * inc + s]).toBe(-7);
      });
    }
    it(`${c.name}: block version = column-by-column vector version (bitwise)`, () => {
      const n = 9, nrhs = 4, ld = 11, ldb = 12;
      const t = triangle(n, ld, c.upper, 5);
      const g = testNormals(3);
      const B = new Float64Array(ldb * nrhs).map(() => g());
      const B2 = B.slice();
      c.blk(n, nrhs, t, 0, ld, B, 0, ldb);
      for (let k = 0; k < nrhs; k++) c.vec(n, t, 0, ld, B2, k * ldb, 1);
      expect(Array.from(B)).toEqual(Array.from(B2));
    });
  }
  it('n = 0 is a no-op', () => {
    const x = new Float64Array([5]);
    solveUpperInPlace(0, new Float64Array(0), 0, 1, x, 0, 1);
    solveLowerTransInPlace(0, new Float64Array(0), 0, 1, x, 0, 1);
    expect(x[0]).toBe(5);
  });
});
