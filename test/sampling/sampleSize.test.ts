/**
 * suggestSampleSize: the DERIVED ℓ2 leverage size (matrix Chernoff, ALGORITHMS.md §2.3) and the
 * Woodruff–Yasuda (ICML 2023) / Cohen–Peng (STOC 2015) sizes, whose exponents come from the
 * papers and whose constants (C) and log factors are documented defaults, not theorems.
 */
import { describe, expect, it } from 'vitest';
import { suggestSampleSize, type SampleSizeOptions } from '../../src/sampling/index.js';
import { InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { csrFromDense } from '../../src/core/csr.js';
import { randnArray } from '../helpers/reference.js';

describe('suggestSampleSize', () => {
  it("'leverage' (p = 2): m = ⌈3d·ln(2d/δ)/(βε²)⌉, status 'derived'", () => {
    // DERIVED (ALGORITHMS.md §2.3): [NUM there] coherent(1024, 10), ε = 0.5, δ = 0.1 → 636.
    const r = suggestSampleSize(10, 2, 0.5, { delta: 0.1 });
    expect(r.m).toBe(636);
    expect(r.scheme).toBe('leverage');
    expect(r.status).toBe('derived');
    expect(r.d).toBe(10);
    expect(r.total).toBe(10);
    expect(r.logFactor).toBeCloseTo(Math.log(200), 14);
    expect(suggestSampleSize(randnArray(1024, 10, 1), 2, 0.5, { delta: 0.1 }).m).toBe(636);
    expect(suggestSampleSize(10, 2, 0.5, { delta: 0.1, beta: 0.25 }).m).toBe(Math.ceil((3 * 10 * Math.log(200)) / (0.25 * 0.25)));
    // C scales the size; C < 1 is no longer the proven constant.
    expect(suggestSampleSize(10, 2, 0.5, { delta: 0.1, C: 2 }).m).toBe(Math.ceil((2 * 3 * 10 * Math.log(200)) / 0.25));
    expect(suggestSampleSize(10, 2, 0.5, { delta: 0.1, C: 0.5 }).status).toBe('default');
    // Default δ = 0.01.
    expect(suggestSampleSize(4, 2, 0.5).m).toBe(Math.ceil((3 * 4 * Math.log(800)) / 0.25));
  });

  it("'sensitivity': 𝔖^(2/p) for p < 2, 𝔖 at p = 2, 𝔖^(2−2/p) for p > 2 (Woodruff–Yasuda), status 'default'", () => {
    const none: SampleSizeOptions = { logFactor: 'none' };
    expect(suggestSampleSize(4, 1, 0.5, none).m).toBe(64); // 4² / 0.25
    expect(suggestSampleSize(4, 1.5, 0.5, none).m).toBe(Math.ceil(4 ** (4 / 3) / 0.25));
    expect(suggestSampleSize(8, 3, 0.5, none).m).toBe(64); // 8^(4/3) = 16
    expect(suggestSampleSize(6, 2, 0.5, { ...none, scheme: 'sensitivity' }).m).toBe(24);
    const r = suggestSampleSize(4, 1, 0.5, none);
    expect(r.scheme).toBe('sensitivity');
    expect(r.status).toBe('default');
    expect(r.logFactor).toBe(1);
    expect(r.formula).toBe('C·𝔖^(2/p)/ε²');
    // The two exponents meet at p = 2 (continuity).
    const below = suggestSampleSize(5, 2 - 1e-13, 0.5, none).m;
    const above = suggestSampleSize(5, 2 + 1e-13, 0.5, none).m;
    expect(below).toBe(20);
    expect(above).toBe(20);
    // Monotone: smaller ε or larger 𝔖 → more rows; C scales linearly.
    expect(suggestSampleSize(4, 1, 0.25, none).m).toBeGreaterThan(64);
    expect(suggestSampleSize(5, 1, 0.5, none).m).toBeGreaterThan(64);
    expect(suggestSampleSize(4, 1, 0.5, { ...none, C: 3 }).m).toBe(192);
  });

  it("'root-leverage' (d) and 'combined' (d^(2/p)·𝔖^(2−4/p))", () => {
    const none: SampleSizeOptions = { logFactor: 'none' };
    expect(suggestSampleSize(3, 1, 0.5, { ...none, scheme: 'root-leverage', d: 5 }).m).toBe(20);
    expect(suggestSampleSize(8, 4, 0.5, { ...none, scheme: 'combined', d: 4 }).m).toBe(64); // 4^(1/2)·8 / 0.25
    expect(suggestSampleSize(8, 3, 0.5, { ...none, scheme: 'combined', d: 4 }).m).toBe(Math.ceil((4 ** (2 / 3) * 8 ** (2 / 3)) / 0.25));
    // The combined size never exceeds the sensitivity size when 𝔖 ≥ d (p > 2).
    for (const p of [2.5, 3, 4, 6]) {
      const S = 20, d = 5;
      const c = suggestSampleSize(S, p, 0.5, { ...none, scheme: 'combined', d }).m;
      const s = suggestSampleSize(S, p, 0.5, { ...none, d }).m;
      expect(c).toBeLessThanOrEqual(s);
    }
  });

  it("'lewis': Cohen–Peng sizes d·ln(d/δ) (p = 1), d·ln(d/ε)(ln ln(d/ε))² (1 < p < 2), d^(p/2)·ln d/ε⁵ (p > 2)", () => {
    const d = 20;
    expect(suggestSampleSize(d, 1, 0.5, { scheme: 'lewis', d }).m).toBe(Math.ceil((d * Math.log(d / 0.01)) / 0.25));
    const l1 = Math.log(d / 0.5);
    expect(suggestSampleSize(d, 1.5, 0.5, { scheme: 'lewis', d }).m).toBe(Math.ceil((d * l1 * Math.log(l1) ** 2) / 0.25));
    expect(suggestSampleSize(d, 3, 0.5, { scheme: 'lewis', d }).m).toBe(Math.ceil((d ** 1.5 * Math.log(d)) / 0.5 ** 5));
  });

  it('a matrix gives d, n and the total bound 𝔖 ≤ d (p ≤ 2) or d^(p/2) (p > 2); `total` overrides', () => {
    const A = randnArray(500, 4, 2);
    const r1 = suggestSampleSize(A, 1, 0.5);
    expect(r1.total).toBe(4);
    expect(r1.d).toBe(4);
    expect(r1.logFactor).toBeCloseTo(Math.log(500 / 0.01), 14); // 'auto' → ln(n/δ)
    expect(r1.m).toBe(Math.ceil((16 * Math.log(500 / 0.01)) / 0.25));
    const r3 = suggestSampleSize(csrFromDense(A), 3, 0.5, { logFactor: 'none' });
    expect(r3.total).toBe(8);
    expect(r3.m).toBe(64);
    expect(suggestSampleSize(A, 3, 0.5, { logFactor: 'none', total: 5 }).total).toBe(5);
    // 'auto' with a total and d → ln(d/δ); with a total only → 1.
    expect(suggestSampleSize(4, 1, 0.5, { d: 4 }).logFactor).toBeCloseTo(Math.log(400), 14);
    expect(suggestSampleSize(4, 1, 0.5).logFactor).toBe(1);
    expect(suggestSampleSize(4, 1, 0.5, { n: 1000 }).logFactor).toBeCloseTo(Math.log(1e5), 14);
    expect(suggestSampleSize(4, 1, 0.5, { logFactor: 'd', d: 4 }).formula).toBe('C·𝔖^(2/p)·ln(d/δ)/ε²');
  });

  const cases: [string, () => unknown, typeof InvalidArgumentError | typeof NonFiniteError, RegExp][] = [
    ['p < 1', () => suggestSampleSize(4, 0.5, 0.5), InvalidArgumentError, /p must be/],
    ['p NaN', () => suggestSampleSize(4, NaN, 0.5), InvalidArgumentError, /p must be/],
    ['eps = 0', () => suggestSampleSize(4, 1, 0), InvalidArgumentError, /eps must be a finite number in \(0, 1\)/],
    ['eps = 1', () => suggestSampleSize(4, 1, 1), InvalidArgumentError, /eps/],
    ['delta = 1', () => suggestSampleSize(4, 1, 0.5, { delta: 1 }), InvalidArgumentError, /delta/],
    ['beta = 0', () => suggestSampleSize(4, 2, 0.5, { beta: 0 }), InvalidArgumentError, /beta/],
    ['beta > 1', () => suggestSampleSize(4, 2, 0.5, { beta: 1.5 }), InvalidArgumentError, /beta/],
    ['C = 0', () => suggestSampleSize(4, 1, 0.5, { C: 0 }), InvalidArgumentError, /options\.C/],
    ['total ≤ 0', () => suggestSampleSize(0, 1, 0.5), InvalidArgumentError, /total sensitivity/],
    ['total NaN', () => suggestSampleSize(NaN, 1, 0.5), InvalidArgumentError, /total sensitivity/],
    ['options.total ≤ 0', () => suggestSampleSize(4, 1, 0.5, { total: -1 }), InvalidArgumentError, /options\.total/],
    ['unknown scheme', () => suggestSampleSize(4, 1, 0.5, { scheme: 'uniform' as 'lewis' }), InvalidArgumentError, /scheme must be one of/],
    ['leverage with p ≠ 2', () => suggestSampleSize(4, 3, 0.5, { scheme: 'leverage' }), InvalidArgumentError, /'leverage' is for p = 2/],
    ['root-leverage with p > 2', () => suggestSampleSize(4, 3, 0.5, { scheme: 'root-leverage', d: 4 }), InvalidArgumentError, /'root-leverage' is for 1 ≤ p ≤ 2/],
    ['combined with p < 2', () => suggestSampleSize(4, 1, 0.5, { scheme: 'combined', d: 4 }), InvalidArgumentError, /'combined' is for p ≥ 2/],
    ['combined without d', () => suggestSampleSize(4, 3, 0.5, { scheme: 'combined' }), InvalidArgumentError, /needs the dimension d/],
    ['lewis without d', () => suggestSampleSize(4, 1, 0.5, { scheme: 'lewis' }), InvalidArgumentError, /needs the dimension d/],
    ["logFactor 'n' without n", () => suggestSampleSize(4, 1, 0.5, { logFactor: 'n' }), InvalidArgumentError, /needs the number of rows/],
    ["logFactor 'd' without d", () => suggestSampleSize(4, 1, 0.5, { logFactor: 'd' }), InvalidArgumentError, /needs the dimension/],
    ['unknown logFactor', () => suggestSampleSize(4, 1, 0.5, { logFactor: 'e' as 'd' }), InvalidArgumentError, /logFactor must be one of/],
    ['d non-integer', () => suggestSampleSize(4, 1, 0.5, { d: 2.5 }), InvalidArgumentError, /options\.d/],
    ['n = 0', () => suggestSampleSize(4, 1, 0.5, { n: 0 }), InvalidArgumentError, /options\.n/],
    ['empty matrix', () => suggestSampleSize({ data: [], rows: 0, cols: 3 }, 1, 0.5), InvalidArgumentError, /empty/],
    ['NaN in matrix', () => suggestSampleSize([[1, NaN]], 1, 0.5), NonFiniteError, /non-finite/],
    ['options not an object', () => suggestSampleSize(4, 1, 0.5, 7 as unknown as SampleSizeOptions), InvalidArgumentError, /options must be an object/],
    ['overflow', () => suggestSampleSize(1e300, 1, 0.5), InvalidArgumentError, /overflows/],
  ];
  for (const [name, f, E, msg] of cases) {
    it(`rejects ${name}`, () => {
      expect(f).toThrow(E);
      expect(f).toThrow(msg);
      expect(f).toThrow(/^suggestSampleSize: /);
    });
  }
});
