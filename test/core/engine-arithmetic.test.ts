import { describe, expect, it } from 'vitest';
import { hypot } from '../../src/core/kernels/blas1.js';
import { roundLog2 } from '../../src/core/qr.js';
import { testRandom } from '../helpers/reference.js';

// randnla's own hypot and round(log₂), which replace Math.hypot and Math.log2 (both
// implementation-approximated, so their last bit depends on the engine) wherever the result
// feeds arithmetic. References: exact rational arithmetic on the doubles (BigInt), not Math.

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
/** A finite double as n·2^p exactly (n an integer, |n| < 2⁵³). */
function exact(x: number): { n: bigint; p: number } {
  f64[0] = x;
  const bits = u64[0];
  const e = Number((bits >> 52n) & 0x7ffn);
  const mant = e === 0 ? bits & ((1n << 52n) - 1n) : (bits & ((1n << 52n) - 1n)) | (1n << 52n);
  return { n: bits >> 63n === 1n ? -mant : mant, p: e === 0 ? -1074 : e - 1075 };
}

/** |got − √(Σx²)| in units of got's last place, from exact integer arithmetic. */
function ulpError(got: number, xs: number[]): number {
  const terms = xs.map(exact);
  const g = exact(got);
  // Everything as integers in units of 2^Q, 16 bits finer than the finest input or result.
  const Q = Math.min(g.p, ...terms.map((t) => t.p)) - 16;
  let N = 0n;
  for (const t of terms) {
    const v = t.n << BigInt(t.p - Q);
    N += v * v;
  }
  const gotInt = g.n << BigInt(g.p - Q);
  const exactInt = sqrtFloor(N);
  const diff = gotInt > exactInt ? gotInt - exactInt : exactInt - gotInt;
  return Number((diff * 1000n) >> BigInt(g.p - Q)) / 1000;
}

/** ⌊√n⌋ for n ≥ 0 (Newton's method on integers). */
function sqrtFloor(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((n.toString(2).length >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

describe('hypot (randnla own: IEEE basic operations and √ only)', () => {
  it('is within 1.5 ulp of the exact √(a² + b² + c² + d²), across the whole exponent range', () => {
    // The measure itself: the double after 5 is one ulp from √(3² + 4²).
    expect(ulpError(5.000000000000001, [3, 4])).toBeCloseTo(1, 2);
    const u = testRandom(31);
    let worst = 0;
    for (let t = 0; t < 3000; t++) {
      const e = Math.floor(u() * 2000) - 1000;
      const args = [0, 1, 2, 3].map((i) => (i < 2 || u() < 0.5 ? (u() - 0.5) * 2 ** (e - Math.floor(u() * 60)) : 0));
      const got = hypot(args[0], args[1], args[2], args[3]);
      worst = Math.max(worst, ulpError(got, args));
    }
    expect(worst).toBeLessThanOrEqual(1.5);
  });

  it('handles zeros, subnormals, the edges of the range, Infinity and NaN as Math.hypot does', () => {
    expect(hypot(0, 0)).toBe(0);
    expect(Object.is(hypot(-0, -0), 0)).toBe(true);
    expect(hypot(3, 4)).toBe(5);
    expect(hypot(-3, 4, 12)).toBe(13);
    expect(hypot(5e-324, 0)).toBe(5e-324);
    expect(hypot(1.7976931348623157e308, 0)).toBe(1.7976931348623157e308);
    expect(ulpError(hypot(1e308, 1e308), [1e308, 1e308])).toBeLessThanOrEqual(1.5);
    expect(ulpError(hypot(3e-320, 4e-320), [3e-320, 4e-320])).toBeLessThanOrEqual(1.5);
    expect(hypot(1e308, 1e308, 1e308, 1e308)).toBe(Infinity);
    expect(hypot(Infinity, NaN)).toBe(Infinity);
    expect(hypot(NaN, -Infinity, 1)).toBe(Infinity);
    expect(hypot(NaN, 1)).toBeNaN();
  });
});

describe('roundLog2', () => {
  it('is the integer nearest to log₂ x, exactly, for every binade and both sides of √2', () => {
    for (let e = -1074; e <= 1023; e++) {
      const p = 2 ** e;
      expect(roundLog2(p)).toBe(e);
      if (e >= -1022) {
        // the largest double below √2·2^e rounds down, √2·2^e (rounded up) rounds up
        const below = 1.414213562373095 * p, above = Math.SQRT2 * p;
        if (Number.isFinite(above)) {
          expect(roundLog2(below), `below √2·2^${e}`).toBe(e);
          expect(roundLog2(above), `above √2·2^${e}`).toBe(e + 1);
        }
      }
    }
    expect(roundLog2(Number.MAX_VALUE)).toBe(1024);
  });
});
