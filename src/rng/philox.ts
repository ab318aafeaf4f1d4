/**
 * The Philox4x32-10 counter-based block function (internal core of `src/rng`).
 *
 * Philox maps a 128-bit counter and a 64-bit key to 128 pseudo-random bits with ten rounds of
 * a Feistel-like network built from 32×32→64-bit multiplications ("Product HI, LO, XOR"). It is
 * a pure function, so every random value in randnla is a function of (key, stream, position)
 * and can be computed on its own (see `docs/design.md` §3.2).
 *
 * Reference: J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel random numbers: as
 * easy as 1, 2, 3", SC'11 (2011), doi:10.1145/2063384.2063405. Checked against the Random123
 * known-answer vectors (`tests/kat_vectors`) in `test/rng/philox.test.ts`.
 *
 * Not re-exported from `src/rng/index.ts`: it is the engine under the public draw functions.
 *
 * @module
 */

/** Round multiplier applied to counter word 0 (Salmon et al., Table 2). */
export const PHILOX_M0 = 0xd2511f53;
/** Round multiplier applied to counter word 2. */
export const PHILOX_M1 = 0xcd9e8d57;
/** Weyl increment of key word 0 between rounds (golden ratio). */
export const PHILOX_W0 = 0x9e3779b9;
/** Weyl increment of key word 1 between rounds (√3 − 1). */
export const PHILOX_W1 = 0xbb67ae85;

// 16-bit halves of the multipliers, for the high half of the 64-bit product; int32 forms of
// the constants for the int32 fast path of the JIT.
const M0_HI = PHILOX_M0 >>> 16;
const M0_LO = PHILOX_M0 & 0xffff;
const M1_HI = PHILOX_M1 >>> 16;
const M1_LO = PHILOX_M1 & 0xffff;
const M0_I32 = PHILOX_M0 | 0;
const M1_I32 = PHILOX_M1 | 0;
const W0_I32 = PHILOX_W0 | 0;
const W1_I32 = PHILOX_W1 | 0;

/**
 * One Philox4x32-10 block: writes the four output words of
 * `philox(key = [k0, k1], counter = [c0, c1, c2, c3])` to `out[outOff … outOff+3]`.
 *
 * Each round computes the 64-bit products M0·x0 and M1·x2. The low half comes from
 * `Math.imul`; the high half from a 16-bit split of both factors: the four 16×16-bit partial
 * products are exact `Math.imul` results, combined with shifts and one carry, so every
 * operation stays on 32-bit integers. Inputs are read modulo 2³² (any integer-valued number
 * works); nothing is validated (hot path).
 *
 * Cost: 10 rounds of 2 products, about 60 arithmetic operations per 128 bits; no allocation.
 *
 * Reference: Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11.
 *
 * @param k0 key word 0
 * @param k1 key word 1
 * @param c0 counter word 0 (least significant)
 * @param c1 counter word 1
 * @param c2 counter word 2
 * @param c3 counter word 3
 * @param out destination; receives four uint32 words
 * @param outOff index in `out` of the first output word
 */
export function philox4x32_10(
  k0: number,
  k1: number,
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  out: Uint32Array,
  outOff: number,
): void {
  // Words are carried as int32 (same bits as the uint32 words) so that every operation stays
  // on the JIT's 32-bit integer path; the Uint32Array store reinterprets them as uint32.
  let x0 = c0 | 0;
  let x1 = c1 | 0;
  let x2 = c2 | 0;
  let x3 = c3 | 0;
  let a = k0 | 0;
  let b = k1 | 0;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      a = (a + W0_I32) | 0;
      b = (b + W1_I32) | 0;
    }
    // hi(M0·x0) from the four 16×16-bit partial products (each < 2³², exact via Math.imul
    // read as uint32): hi = hh + ⌊lh/2¹⁶⌋ + ⌊hl/2¹⁶⌋ + carry of the middle column.
    let xl = x0 & 0xffff;
    let xh = x0 >>> 16;
    let ll = Math.imul(M0_LO, xl);
    let lh = Math.imul(M0_LO, xh);
    let hl = Math.imul(M0_HI, xl);
    let mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
    const hi0 = (Math.imul(M0_HI, xh) + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) | 0;
    const lo0 = Math.imul(M0_I32, x0);
    xl = x2 & 0xffff;
    xh = x2 >>> 16;
    ll = Math.imul(M1_LO, xl);
    lh = Math.imul(M1_LO, xh);
    hl = Math.imul(M1_HI, xl);
    mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
    const hi1 = (Math.imul(M1_HI, xh) + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) | 0;
    const lo1 = Math.imul(M1_I32, x2);
    x0 = hi1 ^ x1 ^ a;
    x1 = lo1;
    x2 = hi0 ^ x3 ^ b;
    x3 = lo0;
  }
  out[outOff] = x0;
  out[outOff + 1] = x1;
  out[outOff + 2] = x2;
  out[outOff + 3] = x3;
}

/** 2⁻³², for the high word of a 64-bit product computed in double precision. */
const INV_2_32 = 2.3283064365386963e-10;
/** The int32 with only the sign bit set: `x ^ SIGN_BIT` is `(x >>> 0) − 2³¹` as an int32. */
const SIGN_BIT = -2147483648;

/**
 * Philox4x32-10 on `count` consecutive counters: block t (0 ≤ t < count) is
 * `philox4x32_10(k0, k1, c0 + t, c1 + carry, c2, c3)` with the 64-bit counter (c0, c1)
 * incremented with carry, written to `out[outOff + 4t … outOff + 4t + 3]`. Bit for bit the
 * same words as `count` calls of {@link philox4x32_10}; inputs are read modulo 2³².
 *
 * Four blocks go through the ten rounds together, so the products of one block overlap with
 * those of the others (one block alone is bound by the latency of its chain of products).
 * Three of the four take the high word of each 64-bit product M·x from double precision,
 * the fourth from 16-bit halves, so that the floating-point and the integer units share the
 * work:
 * - low word `lo = Math.imul(M, x)` (exact);
 * - high word `hi = ⌊(fl(M·x) − (lo − 2³¹))·2⁻³²⌋`: M·x = hi·2³² + lo exactly; fl(M·x) and
 *   the subtraction each round by at most 2¹⁰ (the operands are below 2⁶⁴, so their spacing
 *   is at most 2¹¹), so the scaled value is hi + ½ + δ with |δ| ≤ 2⁻²¹ and truncation gives
 *   hi exactly. `lo − 2³¹` is the int32 `lo ^ 0x80000000`, which converts to double directly.
 *
 * Cost: about 30 ns per block against 52 ns for single calls (Node 20, x86-64); no allocation.
 * Not validated (hot path).
 *
 * Reference: Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11.
 *
 * @param k0 key word 0
 * @param k1 key word 1
 * @param c0 counter word 0 of the first block (least significant; incremented per block)
 * @param c1 counter word 1 of the first block (receives the carry out of c0)
 * @param c2 counter word 2 (the same for every block)
 * @param c3 counter word 3 (the same for every block)
 * @param count number of blocks
 * @param out destination; receives 4·count uint32 words
 * @param outOff index in `out` of the first word
 */
export function philoxBlocks(
  k0: number,
  k1: number,
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  count: number,
  out: Uint32Array,
  outOff: number,
): void {
  let lo = c0 | 0;
  let hi = c1 | 0;
  const s0 = c2 | 0;
  const s1 = c3 | 0;
  const key0 = k0 | 0;
  const key1 = k1 | 0;
  let o = outOff;
  let n = 0;
  for (; n + 4 <= count; n += 4) {
    // Block j has counter (lo + j, hi + carry); the carry occurs when lo + j wraps past 2³².
    let a0 = lo, b0 = hi, e0 = s0, d0 = s1;
    let a1 = (lo + 1) | 0, b1 = (a1 >>> 0) < 1 ? (hi + 1) | 0 : hi, e1 = s0, d1 = s1;
    let a2 = (lo + 2) | 0, b2 = (a2 >>> 0) < 2 ? (hi + 1) | 0 : hi, e2 = s0, d2 = s1;
    let a3 = (lo + 3) | 0, b3 = (a3 >>> 0) < 3 ? (hi + 1) | 0 : hi, e3 = s0, d3 = s1;
    let ka = key0;
    let kb = key1;
    for (let r = 0; r < 10; r++) {
      // Blocks 0–2: high words in double precision.
      const l00 = Math.imul(M0_I32, a0);
      const h00 = ((PHILOX_M0 * (a0 >>> 0) - (l00 ^ SIGN_BIT)) * INV_2_32) | 0;
      const l10 = Math.imul(M1_I32, e0);
      const h10 = ((PHILOX_M1 * (e0 >>> 0) - (l10 ^ SIGN_BIT)) * INV_2_32) | 0;
      const l01 = Math.imul(M0_I32, a1);
      const h01 = ((PHILOX_M0 * (a1 >>> 0) - (l01 ^ SIGN_BIT)) * INV_2_32) | 0;
      const l11 = Math.imul(M1_I32, e1);
      const h11 = ((PHILOX_M1 * (e1 >>> 0) - (l11 ^ SIGN_BIT)) * INV_2_32) | 0;
      const l02 = Math.imul(M0_I32, a2);
      const h02 = ((PHILOX_M0 * (a2 >>> 0) - (l02 ^ SIGN_BIT)) * INV_2_32) | 0;
      const l12 = Math.imul(M1_I32, e2);
      const h12 = ((PHILOX_M1 * (e2 >>> 0) - (l12 ^ SIGN_BIT)) * INV_2_32) | 0;
      // Block 3: high words from 16-bit halves, as in philox4x32_10.
      const l03 = Math.imul(M0_I32, a3);
      const xl = a3 & 0xffff, xh = a3 >>> 16;
      const lh = Math.imul(M0_LO, xh), hl = Math.imul(M0_HI, xl);
      const h03 = (Math.imul(M0_HI, xh) + (lh >>> 16) + (hl >>> 16) + (((Math.imul(M0_LO, xl) >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)) | 0;
      const l13 = Math.imul(M1_I32, e3);
      const yl = e3 & 0xffff, yh = e3 >>> 16;
      const mh = Math.imul(M1_LO, yh), ml = Math.imul(M1_HI, yl);
      const h13 = (Math.imul(M1_HI, yh) + (mh >>> 16) + (ml >>> 16) + (((Math.imul(M1_LO, yl) >>> 16) + (mh & 0xffff) + (ml & 0xffff)) >>> 16)) | 0;
      a0 = h10 ^ b0 ^ ka; b0 = l10; e0 = h00 ^ d0 ^ kb; d0 = l00;
      a1 = h11 ^ b1 ^ ka; b1 = l11; e1 = h01 ^ d1 ^ kb; d1 = l01;
      a2 = h12 ^ b2 ^ ka; b2 = l12; e2 = h02 ^ d2 ^ kb; d2 = l02;
      a3 = h13 ^ b3 ^ ka; b3 = l13; e3 = h03 ^ d3 ^ kb; d3 = l03;
      ka = (ka + W0_I32) | 0;
      kb = (kb + W1_I32) | 0;
    }
    out[o] = a0; out[o + 1] = b0; out[o + 2] = e0; out[o + 3] = d0;
    out[o + 4] = a1; out[o + 5] = b1; out[o + 6] = e1; out[o + 7] = d1;
    out[o + 8] = a2; out[o + 9] = b2; out[o + 10] = e2; out[o + 11] = d2;
    out[o + 12] = a3; out[o + 13] = b3; out[o + 14] = e3; out[o + 15] = d3;
    o += 16;
    lo = (lo + 4) | 0;
    if ((lo >>> 0) < 4) hi = (hi + 1) | 0;
  }
  for (; n < count; n++) {
    philox4x32_10(key0, key1, lo, hi, s0, s1, out, o);
    o += 4;
    lo = (lo + 1) | 0;
    if (lo === 0) hi = (hi + 1) | 0;
  }
}
