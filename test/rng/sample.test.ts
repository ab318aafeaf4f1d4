import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import {
  aliasTable,
  permutation,
  rngFromSeed,
  sampleAlias,
  sampleWeighted,
  sampleWithoutReplacement,
  substream,
  uniformAt,
  type AliasTable,
} from '../../src/rng/index.js';
import { trials } from '../helpers/quick.js';
import { testRandom } from '../helpers/reference.js';
import { chiSquareCritical, chiSquareStat, Z_UPPER } from './helpers.js';

const base = rngFromSeed('randnla-sample');

function isPermutation(p: Int32Array, n: number): boolean {
  if (p.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const v of p) {
    if (v < 0 || v >= n || seen[v]) return false;
    seen[v] = 1;
  }
  return true;
}

/** Probability of each index implied by an alias table: (prob_i + Σ_{alias_j = i} (1 − prob_j)) / n. */
function impliedProbabilities(t: AliasTable): Float64Array {
  const p = new Float64Array(t.n);
  for (let j = 0; j < t.n; j++) {
    p[j] += t.prob[j] / t.n;
    p[t.alias[j]] += (1 - t.prob[j]) / t.n;
  }
  return p;
}

describe('permutation', () => {
  it('is a permutation of [0, n), deterministic, and starts with the without-replacement sample', () => {
    for (const n of [0, 1, 2, 3, 17, 1000, 5000]) {
      const s = substream(base, n);
      const p = permutation(s, n);
      expect(isPermutation(p, n)).toBe(true);
      expect(Array.from(permutation(s, n))).toEqual(Array.from(p));
      expect(Array.from(sampleWithoutReplacement(s, n, Math.floor(n / 3)))).toEqual(Array.from(p.subarray(0, Math.floor(n / 3))));
    }
  });

  it('pins the first values (stream contract; changing it is a breaking change)', () => {
    expect(Array.from(permutation(rngFromSeed(0), 10))).toEqual([4, 0, 6, 9, 5, 1, 2, 3, 7, 8]);
  });

  it('follows the documented forward Fisher–Yates rule with the uniform at position i', () => {
    const s = rngFromSeed(99);
    const n = 50;
    const a = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(uniformAt(s, i) * (n - i));
      [a[i], a[j]] = [a[j], a[i]];
    }
    expect(Array.from(permutation(s, n))).toEqual(a);
  });

  it('all 24 permutations of 4 are equally likely: chi-square, 23 df, false alarm ≤ 1e-4 (Wilson–Hilferty)', () => {
    const T = trials(24_000, 4_800);
    const counts = new Float64Array(24);
    for (let t = 0; t < T; t++) {
      const p = permutation(substream(base, 10_000 + t), 4);
      // Lehmer code → index in [0, 24)
      let code = 0;
      const rest = [0, 1, 2, 3];
      for (let i = 0; i < 4; i++) {
        const r = rest.indexOf(p[i]);
        code = code * (4 - i) + r;
        rest.splice(r, 1);
      }
      counts[code]++;
    }
    expect(chiSquareStat(counts, new Float64Array(24).fill(T / 24))).toBeLessThanOrEqual(chiSquareCritical(23, '1e-4'));
  });

  it.each<[string, unknown]>([
    ['negative', -1],
    ['fractional', 2.5],
    ['NaN', NaN],
    ['too large for Int32Array', 2 ** 31],
    ['string', '5'],
  ])('throws InvalidArgumentError for a %s n', (_name, n) => {
    expect(() => permutation(base, n as never)).toThrow(InvalidArgumentError);
    expect(() => permutation(base, n as never)).toThrow(/^permutation: n must be/);
  });

  it('throws InvalidArgumentError for a malformed state', () => {
    expect(() => permutation({ key: [1, 2] } as never, 3)).toThrow(InvalidArgumentError);
    expect(() => permutation(7 as never, 3)).toThrow(/^permutation: s must be an RngState/);
  });
});

describe('sampleWithoutReplacement', () => {
  it('gives m distinct values in [0, n) for small and large populations (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 1e6 }), (n, mRaw, id) => {
        const m = Math.min(n, mRaw);
        const out = sampleWithoutReplacement(substream(base, id), n, m);
        expect(out.length).toBe(m);
        expect(new Set(out).size).toBe(m);
        for (const v of out) expect(v >= 0 && v < n).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('the hashed (m ≪ n) and the dense path give identical output: prefixes agree across m', () => {
    // n = 5000: m = 10 uses the hash map (n > 8m + 1024), m = 4000 the Int32Array.
    for (const id of [1, 2, 3]) {
      const s = substream(base, id);
      const small = sampleWithoutReplacement(s, 5000, 10);
      const large = sampleWithoutReplacement(s, 5000, 4000);
      expect(Array.from(small)).toEqual(Array.from(large.subarray(0, 10)));
    }
    // a huge population: only the hash path is feasible; prefix property still holds
    const s = substream(base, 4);
    const a = sampleWithoutReplacement(s, 2 ** 31 - 1, 1000);
    expect(Array.from(sampleWithoutReplacement(s, 2 ** 31 - 1, 10))).toEqual(Array.from(a.subarray(0, 10)));
    expect(new Set(a).size).toBe(1000);
    // many collisions-free draws through the hash table
    const big = sampleWithoutReplacement(substream(base, 5), 2 ** 31 - 1, 100_000);
    expect(new Set(big).size).toBe(100_000);
    expect(Array.from(big.subarray(0, 1000))).toEqual(Array.from(sampleWithoutReplacement(substream(base, 5), 2 ** 31 - 1, 1000)));
  });

  it('hashed path under heavy collisions (n just above 8m + 1024) matches the dense path', () => {
    // n = 8m + 1025 takes the hash path for m, and the dense path for m' = m + 1.
    for (const m of [1, 2, 50, 700]) {
      const n = 8 * m + 1025;
      const s = substream(base, 300 + m);
      const hashed = sampleWithoutReplacement(s, n, m);
      const dense = sampleWithoutReplacement(s, n, m + 1);
      expect(Array.from(hashed)).toEqual(Array.from(dense.subarray(0, m)));
    }
  });

  it('pins the first values of a large-population sample (stream contract)', () => {
    expect(Array.from(sampleWithoutReplacement(rngFromSeed(0), 1e9, 5))).toEqual([466788910, 430798515, 590627756, 882084562, 191060330]);
  });

  it('m = n is a permutation and m = 0 is empty', () => {
    expect(isPermutation(sampleWithoutReplacement(base, 300, 300), 300)).toBe(true);
    expect(sampleWithoutReplacement(base, 300, 0).length).toBe(0);
    expect(sampleWithoutReplacement(base, 0, 0).length).toBe(0);
  });

  it('each element is included with probability m/n: per-cell binomial bound, union false alarm ≤ 4e-5', () => {
    // n = 20, m = 5, T trials: the inclusion count of element i is Binomial(T, 1/4) exactly.
    // Per cell, |count − T/4| ≤ z·sd with z = 4.7534 (one-sided 1e-6 per side) → two-sided
    // 2e-6 per cell; union over 20 cells → 4e-5.
    const T = trials(20_000, 4_000);
    const n = 20;
    const m = 5;
    const counts = new Float64Array(n);
    for (let t = 0; t < T; t++) for (const v of sampleWithoutReplacement(substream(base, 50_000 + t), n, m)) counts[v]++;
    const p = m / n;
    const sd = Math.sqrt(T * p * (1 - p));
    for (const c of counts) expect(Math.abs(c - T * p)).toBeLessThanOrEqual(Z_UPPER['1e-6'] * sd);
  });

  it('ordered pairs of a 2-sample from 5 are uniform: chi-square, 19 df, false alarm ≤ 1e-4', () => {
    const T = trials(20_000, 4_000);
    const counts = new Float64Array(25);
    for (let t = 0; t < T; t++) {
      const [a, b] = sampleWithoutReplacement(substream(base, 90_000 + t), 5, 2);
      counts[a * 5 + b]++;
    }
    const obs: number[] = [];
    for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) {
      if (a === b) expect(counts[a * 5 + b]).toBe(0);
      else obs.push(counts[a * 5 + b]);
    }
    expect(chiSquareStat(obs, new Float64Array(20).fill(T / 20))).toBeLessThanOrEqual(chiSquareCritical(19, '1e-4'));
  });

  it('hashed path: draws 0 and 2 of a 3-sample from 10^6 are each uniform over 10 bins (chi-square, 9 df, 1e-4 each)', () => {
    const T = trials(20_000, 4_000);
    const n = 1_000_000;
    for (const d of [0, 2]) {
      const counts = new Float64Array(10);
      for (let t = 0; t < T; t++) counts[Math.floor(sampleWithoutReplacement(substream(base, 200_000 + t), n, 3)[d] / (n / 10))]++;
      expect(chiSquareStat(counts, new Float64Array(10).fill(T / 10))).toBeLessThanOrEqual(chiSquareCritical(9, '1e-4'));
    }
  });

  it.each<[string, number, number, RegExp]>([
    ['negative n', -1, 0, /n must be/],
    ['fractional n', 3.5, 1, /n must be/],
    ['m > n', 3, 4, /m must be an integer in \[0, 3\] \(got 4\)/],
    ['negative m', 3, -1, /m must be/],
    ['NaN m', 3, NaN, /m must be/],
  ])('throws InvalidArgumentError for %s', (_name, n, m, msg) => {
    expect(() => sampleWithoutReplacement(base, n, m)).toThrow(InvalidArgumentError);
    expect(() => sampleWithoutReplacement(base, n, m)).toThrow(msg);
  });

  it('throws InvalidArgumentError for a malformed state', () => {
    expect(() => sampleWithoutReplacement({ key: [0, 0], stream: [0, -1] } as never, 3, 1)).toThrow(InvalidArgumentError);
  });
});

describe('alias tables', () => {
  const weightArrays = fc.oneof(
    fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
    fc.array(fc.constantFrom(0, 1e-300, 1, 1e300, Number.MAX_VALUE), { minLength: 1, maxLength: 30 }),
  ).filter((w) => w.some((x) => x > 0));

  it('the table implies exactly the normalised weights; zero weights get probability exactly 0 (property)', () => {
    fc.assert(
      fc.property(weightArrays, (w) => {
        const t = aliasTable(w);
        expect(t.n).toBe(w.length);
        const max = Math.max(...w);
        const total = w.reduce((a, x) => a + x / max, 0);
        const p = impliedProbabilities(t);
        for (let i = 0; i < w.length; i++) {
          expect(t.prob[i] >= 0 && t.prob[i] <= 1).toBe(true);
          expect(t.alias[i] >= 0 && t.alias[i] < w.length).toBe(true);
          expect(Math.abs(p[i] - w[i] / max / total)).toBeLessThanOrEqual(1e-12);
          if (w[i] === 0) expect(p[i]).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('accepts typed arrays and is deterministic', () => {
    const w = new Float64Array([3, 1, 4, 1, 5, 9, 2, 6]);
    const a = aliasTable(w);
    const b = aliasTable(Array.from(w));
    expect(Array.from(a.prob)).toEqual(Array.from(b.prob));
    expect(Array.from(a.alias)).toEqual(Array.from(b.alias));
  });

  it('draw k uses only the uniform at position start + k (documented column/coin rule; any chunking)', () => {
    const t = aliasTable([1, 2, 3, 4, 0, 10]);
    const s = substream(base, 5);
    const all = sampleAlias(t, s, 100, 2000);
    for (let k = 0; k < all.length; k++) {
      const x = uniformAt(s, 100 + k) * t.n;
      const i = Math.floor(x);
      expect(all[k]).toBe(x - i < t.prob[i] ? i : t.alias[i]);
    }
    expect(Array.from(sampleAlias(t, s, 1100, 37))).toEqual(Array.from(all.subarray(1000, 1037)));
  });

  it('sampling frequencies match the weights: chi-square, 4 df, false alarm ≤ 1e-4; zero weight never drawn', () => {
    const w = [1, 2, 3, 4, 0, 10];
    const N = trials(200_000, 40_000);
    const draws = sampleWeighted(w, substream(base, 6), N);
    const counts = new Float64Array(6);
    for (const d of draws) counts[d]++;
    expect(counts[4]).toBe(0);
    const obs = [0, 1, 2, 3, 5].map((i) => counts[i]);
    const exp = [0, 1, 2, 3, 5].map((i) => (N * w[i]) / 20);
    expect(chiSquareStat(obs, exp)).toBeLessThanOrEqual(chiSquareCritical(4, '1e-4'));
  });

  it('random weights over 50 outcomes: chi-square, 49 df, false alarm ≤ 1e-4', () => {
    const g = testRandom(7);
    const w = Array.from({ length: 50 }, () => 0.5 + g());
    const sum = w.reduce((a, b) => a + b, 0);
    const N = trials(200_000, 40_000);
    const t = aliasTable(w);
    const counts = new Float64Array(50);
    for (const d of sampleAlias(t, substream(base, 7), 0, N)) counts[d]++;
    expect(chiSquareStat(counts, w.map((x) => (N * x) / sum))).toBeLessThanOrEqual(chiSquareCritical(49, '1e-4'));
  });

  it('sampleWeighted equals sampleAlias(aliasTable(w), s, 0, count)', () => {
    const w = [0.2, 0.5, 0.3];
    const s = substream(base, 8);
    expect(Array.from(sampleWeighted(w, s, 500))).toEqual(Array.from(sampleAlias(aliasTable(w), s, 0, 500)));
    expect(sampleWeighted(w, s, 0).length).toBe(0);
  });

  it.each<[string, unknown, typeof InvalidArgumentError | typeof NonFiniteError, RegExp]>([
    ['empty', [], InvalidArgumentError, /between 1 and/],
    ['negative entry', [1, -1], InvalidArgumentError, /weights\[1\] must be ≥ 0 \(got -1\)/],
    ['NaN entry', [1, NaN], NonFiniteError, /non-finite entry NaN at index 1/],
    ['Infinity entry', [Infinity], NonFiniteError, /non-finite entry Infinity at index 0/],
    ['all zero', [0, 0, 0], InvalidArgumentError, /positive sum/],
    ['string entry', [1, '2'], InvalidArgumentError, /weights\[1\] must be a number/],
    ['a string', 'abc', InvalidArgumentError, /array or typed array/],
    ['null', null, InvalidArgumentError, /array or typed array/],
    ['undefined', undefined, InvalidArgumentError, /array or typed array/],
  ])('aliasTable throws for %s', (_name, w, cls, msg) => {
    expect(() => aliasTable(w as never)).toThrow(cls);
    expect(() => aliasTable(w as never)).toThrow(msg);
    expect(() => sampleWeighted(w as never, base, 3)).toThrow(cls);
  });

  it('sampleWeighted validates its state and count', () => {
    expect(() => sampleWeighted([1], base, -1)).toThrow(/^sampleWeighted: count must be/);
    expect(() => sampleWeighted([1], base, 1.5)).toThrow(InvalidArgumentError);
    expect(() => sampleWeighted([1], 'seed' as never, 1)).toThrow(/^sampleWeighted: s must be an RngState/);
  });
});
