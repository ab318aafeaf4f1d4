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
