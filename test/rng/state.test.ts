import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, RandNLAError } from '../../src/core/errors.js';
import { philox4x32_10 } from '../../src/rng/philox.js';
import { normalAt, rngFromSeed, substream, toRngState, uint32At, type RngState } from '../../src/rng/index.js';
import { SUBSTREAM_KEY_XOR } from '../../src/rng/state.js';

const isUint32 = (x: number) => Number.isInteger(x) && x >= 0 && x < 2 ** 32;
const same = (a: RngState, b: RngState) => a.key[0] === b.key[0] && a.key[1] === b.key[1] && a.stream[0] === b.stream[0] && a.stream[1] === b.stream[1];

describe('rngFromSeed', () => {
  it('seed 0 is valid and differs from seed 1', () => {
    const s0 = rngFromSeed(0);
    const s1 = rngFromSeed(1);
    expect(s0.key.every(isUint32)).toBe(true);
    expect(s0.stream).toEqual([0, 0]);
    expect(same(s0, s1)).toBe(false);
    expect(uint32At(s0, 0)).not.toBe(uint32At(s1, 0));
  });

  it('5 and 5n give the same state; the string "5" a different one', () => {
    expect(rngFromSeed(5)).toEqual(rngFromSeed(5n));
    expect(rngFromSeed(-0)).toEqual(rngFromSeed(0n));
    expect(rngFromSeed(Number.MAX_SAFE_INTEGER)).toEqual(rngFromSeed(BigInt(Number.MAX_SAFE_INTEGER)));
    expect(same(rngFromSeed('5'), rngFromSeed(5))).toBe(false);
  });

  it('number and bigint seeds agree on every safe integer (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
      expect(rngFromSeed(n)).toEqual(rngFromSeed(BigInt(n)));
    }), { numRuns: 50 });
  });

  it('accepts the whole bigint range [0, 2^64) and string seeds, including the empty string', () => {
    for (const seed of [0n, 2n ** 53n, 2n ** 64n - 1n, '', 'randnla', 'ünïcødé ✓', 'x'.repeat(1000)]) {
      const s = rngFromSeed(seed);
      expect(s.key.every(isUint32) && s.stream[0] === 0 && s.stream[1] === 0).toBe(true);
    }
    expect(same(rngFromSeed(''), rngFromSeed(' '))).toBe(false);
    expect(same(rngFromSeed('a'), rngFromSeed('b'))).toBe(false);
  });

  it('is deterministic and returns plain data that survives a JSON round trip', () => {
    const s = rngFromSeed('stable');
    expect(rngFromSeed('stable')).toEqual(s);
    const back = JSON.parse(JSON.stringify(s)) as RngState;
    expect(back).toEqual(s);
    expect(normalAt(back, 7)).toBe(normalAt(s, 7));
  });

  it('pins the seed-to-key mapping (changing it is a breaking change of every stream)', () => {
    // Computed once with seedrandom 3.0.5 ARC4 on 'u64:0', 'u64:42', 'str:randnla'.
    expect(rngFromSeed(0)).toEqual({ key: [4149849855, 3454639801], stream: [0, 0] });
    expect(rngFromSeed(42)).toEqual({ key: [3278399328, 2252817426], stream: [0, 0] });
    expect(rngFromSeed('randnla')).toEqual({ key: [683100897, 1565878372], stream: [0, 0] });
  });

  it.each<[string, unknown, RegExp]>([
    ['negative', -1, /got -1\)/],
    ['non-integer', 1.5, /got 1\.5\)/],
    ['NaN', NaN, /got NaN\)/],
    ['Infinity', Infinity, /got Infinity\)/],
    ['-Infinity', -Infinity, /got -Infinity\)/],
    ['unsafe integer 2^53', 2 ** 53, /got 9007199254740992\)/],
    ['2^64 as bigint', 2n ** 64n, /got 18446744073709551616n\)/],
    ['negative bigint', -1n, /got -1n\)/],
    ['object', {}, /got object\)/],
    ['undefined', undefined, /got undefined\)/],
    ['null', null, /got null\)/],
    ['boolean', true, /got boolean\)/],
    ['array', [1, 2], /got array of length 2\)/],
  ])('throws InvalidArgumentError for a %s seed, quoting the value', (_name, seed, msg) => {
    let err: unknown;
    try {
      rngFromSeed(seed as never);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toBeInstanceOf(RandNLAError);
    expect((err as InvalidArgumentError).code).toBe('ERR_INVALID_ARGUMENT');
    expect((err as InvalidArgumentError).fn).toBe('rngFromSeed');
    expect((err as Error).message).toMatch(/^rngFromSeed: seed must be/);
    expect((err as Error).message).toMatch(msg);
  });
});

describe('toRngState', () => {
  it('turns a seed into rngFromSeed(seed)', () => {
    expect(toRngState(0, 'f')).toEqual(rngFromSeed(0));
    expect(toRngState(7n, 'f')).toEqual(rngFromSeed(7));
    expect(toRngState('abc', 'f')).toEqual(rngFromSeed('abc'));
  });

  it('validates and copies a state', () => {
    const s = { key: [1, 2], stream: [3, 4] } as const;
    const t = toRngState(s, 'f');
    expect(t).toEqual(s);
    expect(t).not.toBe(s);
    expect(toRngState({ key: [0xffffffff, 0], stream: [0, 0xffffffff] }, 'f').key[0]).toBe(0xffffffff);
  });

  it('names the calling function in seed errors', () => {
    expect(() => toRngState(-3, 'sketchGaussian')).toThrow(/^sketchGaussian: seed must be .*\(got -3\)/);
  });

  it.each<[string, unknown]>([
    ['key too long', { key: [1, 2, 3], stream: [0, 0] }],
    ['negative word', { key: [-1, 2], stream: [0, 0] }],
    ['word 2^32', { key: [1, 2], stream: [2 ** 32, 0] }],
    ['fractional word', { key: [1.5, 2], stream: [0, 0] }],
    ['string word', { key: ['1', 2], stream: [0, 0] }],
    ['missing stream', { key: [1, 2] }],
    ['missing key', { stream: [1, 2] }],
    ['null key', { key: null, stream: [0, 0] }],
    ['NaN word', { key: [1, 2], stream: [NaN, 0] }],
    ['not a state', { foo: 1 }],
    ['null', null],
    ['undefined', undefined],
  ])('throws InvalidArgumentError for a malformed state (%s)', (_name, bad) => {
    expect(() => toRngState(bad as never, 'myFn')).toThrow(InvalidArgumentError);
    expect(() => toRngState(bad as never, 'myFn')).toThrow(/^myFn: /);
  });
});

describe('substream', () => {
  const parent = rngFromSeed(2024);

  it('follows design.md §3.1: stream = Philox(key XOR constant, [id_lo, id_hi, s0, s1]) words 0, 1', () => {
    const out = new Uint32Array(4);
    for (const id of [0, 1, 12345, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER]) {
      const p = substream(parent, 3);
      const c = substream(p, id);
      philox4x32_10(
        (p.key[0] ^ SUBSTREAM_KEY_XOR[0]) >>> 0,
        (p.key[1] ^ SUBSTREAM_KEY_XOR[1]) >>> 0,
        id % 2 ** 32,
        Math.floor(id / 2 ** 32),
        p.stream[0],
        p.stream[1],
        out,
        0,
      );
      expect(c).toEqual({ key: p.key, stream: [out[0], out[1]] });
    }
  });

  it('substreams are deterministic, differ from each other and from the parent', () => {
    const seen = new Set<string>([parent.stream.join(',')]);
    for (let id = 0; id < 2000; id++) {
      const s = substream(parent, id);
      expect(substream(parent, id)).toEqual(s);
      expect(s.key).toEqual(parent.key);
      seen.add(s.stream.join(','));
    }
    expect(seen.size).toBe(2001);
    // the high word of the id matters
    expect(same(substream(parent, 2 ** 32), substream(parent, 0))).toBe(false);
    // nesting: (1 then 2) differs from (2 then 1) and from both levels
    const a = substream(substream(parent, 1), 2);
    const b = substream(substream(parent, 2), 1);
    expect(same(a, b)).toBe(false);
    expect(same(a, substream(parent, 1))).toBe(false);
    // the first values of different substreams differ
    expect(uint32At(substream(parent, 0), 0)).not.toBe(uint32At(substream(parent, 1), 0));
  });

  it('does not mutate the parent', () => {
    const p = Object.freeze({ key: Object.freeze([5, 6] as const), stream: Object.freeze([7, 8] as const) });
    const c = substream(p, 9);
    expect(p).toEqual({ key: [5, 6], stream: [7, 8] });
    expect(c.stream).not.toEqual([7, 8]);
  });

  it('values of a substream are uncorrelated with the parent (5 standard errors)', () => {
    // Sample correlation of n pairs of independent N(0,1) has sd ≈ 1/sqrt(n); 5 sd bound,
    // two-sided false-alarm ≈ 5.7e-7.
    const n = 20000;
    const child = substream(parent, 1);
    let sxy = 0;
    for (let k = 0; k < n; k++) sxy += normalAt(parent, k) * normalAt(child, k);
    expect(Math.abs(sxy / n)).toBeLessThan(5 / Math.sqrt(n));
  });

  it.each<[string, unknown]>([
    ['negative', -1],
    ['fractional', 1.5],
    ['NaN', NaN],
    ['unsafe', 2 ** 53],
    ['string', '1'],
    ['bigint', 1n],
  ])('throws InvalidArgumentError for a %s id', (_n, id) => {
    expect(() => substream(parent, id as never)).toThrow(InvalidArgumentError);
    expect(() => substream(parent, id as never)).toThrow(/^substream: id must be/);
  });

  it('throws InvalidArgumentError for a malformed state', () => {
    expect(() => substream({ key: [1], stream: [0, 0] } as never, 1)).toThrow(InvalidArgumentError);
    expect(() => substream(5 as never, 1)).toThrow(/^substream: state must be an RngState/);
  });
});
