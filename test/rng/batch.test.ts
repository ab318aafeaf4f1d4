import { describe, expect, it } from 'vitest';
import { philox4x32_10, philoxBlocks } from '../../src/rng/philox.js';
import {
  fillIntegers,
  fillNormal,
  fillRademacher,
  fillUniform,
  integerAt,
  normalAt,
  rngFromSeed,
  signAt,
  substream,
  uniformAt,
  type RngState,
} from '../../src/rng/index.js';

// The fill functions generate Philox blocks in batches of 256 (four blocks at a time): these
// checks cover counts that cross batch boundaries, starts that are not aligned to a block or a
// batch, and the carry of the low counter word, against the one-value-at-a-time definitions.

const states: RngState[] = [rngFromSeed(5), substream(rngFromSeed('batch'), 9), { key: [0xffffffff, 0x80000000], stream: [0xffffffff, 7] }];

describe('philoxBlocks', () => {
  it('equals one philox4x32_10 call per counter, with the carry into the second word', () => {
    const cases: Array<[number, number]> = [[0, 0], [0xfffffffe, 5], [0xfffffffd, 0xffffffff], [0xffffffc0, 2], [12345, 0]];
    for (const [lo, hi] of cases) {
      for (const count of [0, 1, 3, 4, 5, 8, 67]) {
        const got = new Uint32Array(4 * count + 8).fill(7);
        philoxBlocks(0x1234, 0xabcdef01, lo, hi, 0x80000000, 3, count, got, 4);
        const want = new Uint32Array(4);
        let l = lo, h = hi;
        for (let b = 0; b < count; b++) {
          philox4x32_10(0x1234, 0xabcdef01, l, h, 0x80000000, 3, want, 0);
          expect(Array.from(got.subarray(4 + 4 * b, 8 + 4 * b))).toEqual(Array.from(want));
          l = (l + 1) >>> 0;
          if (l === 0) h = (h + 1) >>> 0;
        }
        // Nothing outside the requested words is written.
        expect(got[3]).toBe(7);
        expect(got[4 + 4 * count]).toBe(7);
      }
    }
  });
});

describe('fill functions across batch boundaries equal the single-position values bit for bit', () => {
  // Starts: aligned, odd, just before a batch boundary (256 blocks = 512 uniforms or normals,
  // 32768 signs) and just before the low counter word wraps.
  const starts = [0, 1, 511, 513, 32767, 2 * 2 ** 32 - 5, 128 * 2 ** 32 - 300];
  const counts = [1, 2, 513, 1100];

  it('fillUniform, fillNormal (with a scale), fillIntegers', () => {
    for (const s of states) {
      for (const start of starts) {
        for (const count of counts) {
          const u = new Float64Array(count + 2);
          fillUniform(s, start, u, 1, count);
          const z = new Float64Array(count + 2);
          fillNormal(s, start, z, 1, count, 0.25);
          const q = new Int32Array(count + 2);
          fillIntegers(s, start, 1000, q, 1, count);
          let bad = 0;
          for (let t = 0; t < count; t++) {
            if (!Object.is(u[1 + t], uniformAt(s, start + t))) bad++;
            if (!Object.is(z[1 + t], 0.25 * normalAt(s, start + t))) bad++;
            if (q[1 + t] !== integerAt(s, start + t, 1000)) bad++;
          }
          expect(bad, `start ${start}, count ${count}`).toBe(0);
          expect([u[0], u[count + 1], z[0], z[count + 1], q[0], q[count + 1]]).toEqual([0, 0, 0, 0, 0, 0]);
        }
      }
    }
  });

  it('fillRademacher, including counts over one batch (32768 signs) and a zero or negative scale', () => {
    for (const s of states) {
      for (const start of [0, 5, 32700, 128 * 2 ** 32 - 300]) {
        for (const count of [1, 127, 129, 40000]) {
          const v = new Float64Array(count);
          fillRademacher(s, start, v, 0, count, 0.5);
          let bad = 0;
          for (let t = 0; t < count; t++) if (v[t] !== 0.5 * signAt(s, start + t)) bad++;
          expect(bad, `start ${start}, count ${count}`).toBe(0);
        }
      }
    }
    for (const scale of [0, -2]) {
      const v = new Float64Array(300);
      fillRademacher(states[0], 3, v, 0, 300, scale);
      // ±scale exactly, with the sign of scale·sign (so −0 where the sign is −1 and scale is 0).
      for (let t = 0; t < 300; t++) expect(Object.is(v[t], signAt(states[0], 3 + t) === 1 ? scale : -scale)).toBe(true);
    }
  });
});
