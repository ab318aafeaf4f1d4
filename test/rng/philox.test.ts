import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { philox4x32_10 } from '../../src/rng/philox.js';
import { philoxRef } from './helpers.js';

/**
 * Random123 known-answer vectors (`tests/kat_vectors` of D. E. Shaw Research's Random123,
 * the "philox4x32 10" lines; the same file ships with RandBLAS as r123_kat_vectors.txt).
 * Format: counter[4] key[2] -> output[4], uint32 words in hex.
 */
const KAT: Array<[number[], number[], number[]]> = [
  [[0x00000000, 0x00000000, 0x00000000, 0x00000000], [0x00000000, 0x00000000], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
];

/** The 7-round lines of the same file: they pin the BigInt oracle's round/key schedule. */
const KAT7: Array<[number[], number[], number[]]> = [
  [[0, 0, 0, 0], [0, 0], [0x5f6fb709, 0x0d893f64, 0x4f121f81, 0x4f730a48]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x5207ddc2, 0x45165e59, 0x4d8ee751, 0x8c52f662]],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0x4dfccaba, 0x190a87f0, 0xc47362ba, 0xb6b5242a]],
];

const u32 = fc.integer({ min: 0, max: 0xffffffff });

describe('philox4x32_10', () => {
  it.each(KAT)('matches the Random123 known-answer vector ctr=%j key=%j', (ctr, key, expected) => {
    const out = new Uint32Array(4);
    philox4x32_10(key[0], key[1], ctr[0], ctr[1], ctr[2], ctr[3], out, 0);
    expect(Array.from(out)).toEqual(expected);
  });

  it('writes at an offset and leaves the rest of the buffer alone', () => {
    const out = new Uint32Array(7).fill(7);
    const [ctr, key, expected] = KAT[2];
    philox4x32_10(key[0], key[1], ctr[0], ctr[1], ctr[2], ctr[3], out, 2);
    expect(Array.from(out)).toEqual([7, 7, ...expected, 7]);
  });

  it('the BigInt reference reproduces the 7- and 10-round known answers', () => {
    for (const [ctr, key, expected] of KAT7) expect(philoxRef(7, ctr, key)).toEqual(expected);
    for (const [ctr, key, expected] of KAT) expect(philoxRef(10, ctr, key)).toEqual(expected);
  });

  it('agrees with the BigInt reference on random inputs (exact 32x32->64 products)', () => {
    const out = new Uint32Array(4);
    fc.assert(
      fc.property(fc.tuple(u32, u32, u32, u32), fc.tuple(u32, u32), (ctr, key) => {
        philox4x32_10(key[0], key[1], ctr[0], ctr[1], ctr[2], ctr[3], out, 0);
        expect(Array.from(out)).toEqual(philoxRef(10, ctr, key));
      }),
      { numRuns: 500 },
    );
  });

  it('reads its integer inputs modulo 2^32 (signed and unsigned spellings agree)', () => {
    const a = new Uint32Array(4);
    const b = new Uint32Array(4);
    philox4x32_10(-1, -2, -3, -4, -5, -6, a, 0);
    philox4x32_10(0xffffffff, 0xfffffffe, 0xfffffffd, 0xfffffffc, 0xfffffffb, 0xfffffffa, b, 0);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
