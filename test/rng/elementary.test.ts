import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ulps } from '../helpers/reference.js';
import { COS_K, LN2_HI, LN2_LO, LOG_K, SIN_K, SQRT2, boxMuller, expDet, lnOneMinus, lnPositive, powPositive, sinCos2Pi } from '../../src/rng/elementary.js';

// randnla's own logarithm, sine and cosine (src/rng/elementary.ts). References are independent
// of the code under test: the constants are re-derived by the exact rational script, the
// functions are compared with Math.log / Math.sin / Math.cos (each within 1 ulp in V8), and
// the inlined Box–Muller is compared with the composition of the separate functions.


/** A multiple of 2⁻⁵³ in [0, 1), as the generator's uniforms. */
const u53 = fc.integer({ min: 0, max: 2 ** 26 - 1 }).chain((hi) => fc.integer({ min: 0, max: 2 ** 27 - 1 }).map((lo) => (hi * 2 ** 27 + lo) * 2 ** -53));

describe('constants', () => {
  it('equal the exact rational derivation of scripts/elementary-coefficients.mjs, rounded once', async () => {
    const script = new URL('../../scripts/elementary-coefficients.mjs', import.meta.url).href;
    const { elementaryCoefficients } = (await import(script)) as {
      elementaryCoefficients(): { LOG_K: number[]; SIN_K: number[]; COS_K: number[]; LN2_HI: number; LN2_LO: number; SQRT2: number };
    };
    const c = elementaryCoefficients();
    expect([...LOG_K]).toEqual(c.LOG_K);
    expect([...SIN_K]).toEqual(c.SIN_K);
    expect([...COS_K]).toEqual(c.COS_K);
    expect([LN2_HI, LN2_LO, SQRT2]).toEqual([c.LN2_HI, c.LN2_LO, c.SQRT2]);
    // Cross-checks against the engine's own constants and closed forms.
    expect(LN2_HI + LN2_LO).toBe(Math.LN2);
    expect(SQRT2).toBe(Math.SQRT2);
    expect(SIN_K[0]).toBe(Math.PI / 2);
    expect(Number.isInteger(LN2_HI * 2 ** 32)).toBe(true);
  });

  it('the WebAssembly generator uses the same constants (every literal of assembly/random.ts is one of them)', () => {
    const src = readFileSync(new URL('../../assembly/random.ts', import.meta.url), 'utf8');
    const literals = [...src.matchAll(/f64x2\.splat\((-?[0-9.e-]+)\)/g)].map((m) => Number(m[1]));
    const known = new Set<number>([...LOG_K, ...SIN_K, ...COS_K, LN2_HI, LN2_LO, SQRT2, 1, 2, -2, 4, 0.5, 1023, 2 ** 26, 2 ** -53, 2 ** 52]);
    expect(literals.length).toBeGreaterThan(30);
    for (const x of literals) expect(known.has(x), `literal ${x}`).toBe(true);
    for (const x of [...LOG_K, ...SIN_K, ...COS_K.slice(1)]) expect(literals, `coefficient ${x}`).toContain(x);
  });
});

describe('lnPositive', () => {
  it('is within 2 ulp of Math.log on the Box–Muller inputs 1 − u (u a multiple of 2^-53)', () => {
    fc.assert(
      fc.property(u53, (u) => {
        const x = 1 - u;
        expect(ulps(lnPositive(x), Math.log(x))).toBeLessThanOrEqual(2);
      }),
      { numRuns: 20000 },
    );
  });

  it('is within 2 ulp of Math.log near 1, at powers of two and across the normal range', () => {
    const xs: number[] = [1, 2, 0.5, 2 ** -53, 1 - 2 ** -53, 1 - 2 ** -30, Math.SQRT2, Math.SQRT1_2, 1e-300, 1e300, Number.MIN_VALUE * 2 ** 52, Number.MAX_VALUE];
    for (let e = -1022; e <= 1023; e += 7) xs.push(2 ** e, 1.3 * 2 ** e);
    for (const x of xs) expect(ulps(lnPositive(x), Math.log(x)), `x = ${x}`).toBeLessThanOrEqual(2);
    expect(lnPositive(1)).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 2 ** -1022, max: 1e308, noNaN: true }), (x) => {
        expect(ulps(lnPositive(x), Math.log(x))).toBeLessThanOrEqual(2);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('sinCos2Pi', () => {
  const out = new Float64Array(2);
  it('is within 1e-15 of Math.sin / Math.cos of 2πu (those carry the rounding of 2πu, up to 4.4e-16) and s² + c² = 1 within 2.5 ulp', () => {
    fc.assert(
      fc.property(u53, (u) => {
        sinCos2Pi(u, out, 0);
        const [s, c] = out;
        expect(Math.abs(s - Math.sin(2 * Math.PI * u))).toBeLessThanOrEqual(1e-15);
        expect(Math.abs(c - Math.cos(2 * Math.PI * u))).toBeLessThanOrEqual(1e-15);
        expect(Math.abs(s * s + c * c - 1)).toBeLessThanOrEqual(2.5 * 2 ** -52);
      }),
      { numRuns: 20000 },
    );
  });

  it('is exact at the quarter turns and odd-symmetric in the reduced argument', () => {
    const at = (u: number): [number, number] => {
      sinCos2Pi(u, out, 0);
      return [out[0], out[1]];
    };
    expect(at(0)).toEqual([0, 1]);
    expect(at(0.25)[0]).toBe(1);
    expect(Math.abs(at(0.25)[1])).toBe(0);
    expect(at(0.5)[1]).toBe(-1);
    expect(at(0.75)[0]).toBe(-1);
    // sin(2π(k/4 + δ)) and sin(2π(k/4 − δ)) mirror exactly: the reduction is exact.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (m) => {
        const d = m * 2 ** -45;
        const [s1, c1] = at(d);
        const [s2, c2] = at(1 - d);
        expect(s2).toBe(-s1);
        expect(c2).toBe(c1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('boxMuller', () => {
  it('equals the composition of lnPositive, √ and sinCos2Pi, bit for bit (its inlined copy cannot drift)', () => {
    const word = fc.integer({ min: 0, max: 2 ** 32 - 1 });
    const out = new Float64Array(2);
    const sc = new Float64Array(2);
    fc.assert(
      fc.property(word, word, word, word, fc.double({ min: -4, max: 4, noNaN: true }), (w0, w1, w2, w3, scale) => {
        boxMuller(w0, w1, w2, w3, scale, out, 0);
        const u1 = (Math.floor(w0 / 32) * 2 ** 26 + Math.floor(w1 / 64)) / 2 ** 53;
        const u2 = (Math.floor(w2 / 32) * 2 ** 26 + Math.floor(w3 / 64)) / 2 ** 53;
        const r = Math.sqrt(-2 * lnPositive(1 - u1));
        sinCos2Pi(u2, sc, 0);
        expect(Object.is(out[0], scale * (r * sc[1]))).toBe(true);
        expect(Object.is(out[1], scale * (r * sc[0]))).toBe(true);
        // And close to the textbook formula with Math functions (scale 1).
        boxMuller(w0, w1, w2, w3, 1, out, 0);
        const rm = Math.sqrt(-2 * Math.log(1 - u1));
        expect(Math.abs(r - rm)).toBeLessThanOrEqual(4.5e-16 * Math.max(1, rm));
        expect(Math.abs(out[0] - rm * Math.cos(2 * Math.PI * u2))).toBeLessThanOrEqual(2e-15 * Math.max(1, rm));
        expect(Math.abs(out[1] - rm * Math.sin(2 * Math.PI * u2))).toBeLessThanOrEqual(2e-15 * Math.max(1, rm));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('lnOneMinus', () => {
  it('is lnPositive(1 − u) on the generator\'s uniforms (1 − u is exact there) and within 2 ulp of Math.log1p(−u)', () => {
    fc.assert(
      fc.property(u53, (u) => {
        expect(Object.is(lnOneMinus(u), u === 0 ? -0 : lnPositive(1 - u))).toBe(true);
        if (u > 0) expect(ulps(lnOneMinus(u), Math.log1p(-u))).toBeLessThanOrEqual(2);
      }),
      { numRuns: 5000, seed: 31 },
    );
  });

  it('corrects the rounding of 1 − y: within 3 ulp of Math.log1p(−y) for any y in (0, 1), down to y = 1e-300', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1, maxExcluded: true, noNaN: true }), (y) => {
        expect(ulps(lnOneMinus(y), Math.log1p(-y))).toBeLessThanOrEqual(3);
      }),
      { numRuns: 5000, seed: 32 },
    );
    // 1/s for the densities of the very sparse sketch: s = 3 (Achlioptas), √n, 10⁶, 10¹².
    for (const s of [3, 1.5, 10, Math.sqrt(1e5), 1e6, 1e12]) expect(ulps(lnOneMinus(1 / s), Math.log1p(-1 / s))).toBeLessThanOrEqual(2);
    expect(Object.is(lnOneMinus(0), -0)).toBe(true);
    expect(lnOneMinus(2 ** -60)).toBe(-(2 ** -60));
  });
});

describe('expDet', () => {
  it('is within 2 ulp of Math.exp over the whole range, subnormal results included', () => {
    const xs = [0, -0, 1, -1, 2 ** -60, -(2 ** -60), 0.34657359027997264, 709.78, 709.782712893384, -708.39, -745.1, -740, 1e-10];
    for (const x of xs) expect(ulps(expDet(x), Math.exp(x)), `x = ${x}`).toBeLessThanOrEqual(2);
    fc.assert(
      fc.property(fc.double({ min: -745, max: 709.78, noNaN: true }), (x) => {
        const want = Math.exp(x);
        // subnormal results: within 2 units of 2⁻¹⁰⁷⁴
        expect(want < 2.2250738585072014e-308 ? Math.abs(expDet(x) - want) / Number.MIN_VALUE : ulps(expDet(x), want)).toBeLessThanOrEqual(2);
      }),
      { numRuns: 20000 },
    );
    expect(expDet(710)).toBe(Infinity);
    expect(expDet(-746)).toBe(0);
    expect(expDet(Infinity)).toBe(Infinity);
    expect(expDet(-Infinity)).toBe(0);
    expect(expDet(NaN)).toBeNaN();
  });
});

describe('powPositive', () => {
  it('is within 2 + |y|/2 ulp of Math.pow for x > 0 over the range and |y| ≤ 20', () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: 700, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }), (lx, y) => {
        const x = Math.exp(lx);
        const want = Math.pow(x, y);
        fc.pre(want > 2.2250738585072014e-308 && want < Infinity);
        expect(ulps(powPositive(x, y), want)).toBeLessThanOrEqual(2 + Math.abs(y) / 2);
      }),
      { numRuns: 20000 },
    );
    // The exponents of the ℓp code: p, 1/p, p − 1, p − 2, p/2 for p in [1, 8].
    for (const p of [1, 1.1, 1.5, 2.5, 3, 4, 7.9]) {
      for (const y of [p, 1 / p, p - 1, p - 2, p / 2]) {
        for (const x of [1e-300, 1e-9, 0.3, 0.999, 1.7, 3, 1e5, 1e200]) {
          const want = Math.pow(x, y);
          if (want > 2.2250738585072014e-308 && want < Infinity) expect(ulps(powPositive(x, y), want), `${x}^${y}`).toBeLessThanOrEqual(2 + Math.abs(y) / 2);
        }
      }
    }
  });

  it('gives Math.pow\'s value at the edges: 0, Infinity, 1, subnormal x, y ∈ {0, ±1, 2, ½, ±Infinity}, and NaN for x < 0', () => {
    const xs = [0, 5e-324, 3e-310, 0.5, 1, 2, 1e308, Infinity];
    const ys = [0, 1, -1, 2, 0.5, -0.5, 3, 1.5, Infinity, -Infinity];
    for (const x of xs) {
      for (const y of ys) {
        const want = Math.pow(x, y);
        const got = powPositive(x, y);
        if (want === 0 || !Number.isFinite(want) || want < 2.2250738585072014e-308) expect(got, `${x}^${y}`).toBe(want);
        else expect(ulps(got, want), `${x}^${y}`).toBeLessThanOrEqual(2);
      }
    }
    expect(powPositive(2, 0.5)).toBe(Math.SQRT2);
    expect(powPositive(3, 2)).toBe(9);
    expect(powPositive(-1, 2)).toBeNaN();
    expect(powPositive(NaN, 2)).toBeNaN();
    expect(powPositive(2, NaN)).toBeNaN();
    expect(powPositive(NaN, 0)).toBe(1);
  });
});
