/**
 * Philox4x32-10 on eight blocks at a time, shared by the generator modules (assembly/random.ts:
 * normals; assembly/sparse.ts: uniforms; assembly/columns.ts: the very sparse sketch's planes of
 * counters), which compile their own copy of it. Not a module of its own:
 * `scripts/build-wasm.mjs` compiles only the files that import it.
 *
 * Two independent sets of four blocks, one block per i32x4 lane, so that the rounds of one set
 * fill the latency of the other's (10⁶ normals 11.2 → 10.0 ms, uniforms 5.9 → 4.8 ms against one
 * set, Node 20, Zen 2). Each round is that of `philox4x32_10` (src/rng/philox.ts): the
 * 32×32→64-bit products are exact (`extmul`), so the words are the same.
 */

// Philox constants (src/rng/philox.ts).
export const M0: u32 = 0xd2511f53;
export const M1: u32 = 0xcd9e8d57;
export const W0: u32 = 0x9e3779b9;
export const W1: u32 = 0xbb67ae85;

/**
 * The words of blocks c … c+7 of the stream (k0, k1, s0, s1), c the 64-bit counter (lo, hi), to
 * the 128 bytes at dst as eight i32x4 vectors: words 0, 1, 2, 3 of blocks c … c+3, then of
 * blocks c+4 … c+7 (lane j: block c+j, resp. c+4+j). The caller converts them in place.
 */
// @ts-ignore: decorator
@inline
export function philox8(k0: u32, k1: u32, s0: u32, s1: u32, lo: u32, hi: u32, dst: usize): void {
  const iota = i32x4(0, 1, 2, 3);
  const four = i32x4.splat(4);
  // Lanes whose low word wrapped past 2³² carry into the high word (the mask is −1 there).
  const x0 = i32x4.add(i32x4.splat(lo), iota);
  const x1 = i32x4.sub(i32x4.splat(hi), i32x4.lt_u(x0, iota));
  const y0 = i32x4.add(x0, four);
  const y1 = i32x4.sub(x1, i32x4.lt_u(y0, four));
  const x2 = i32x4.splat(s0);
  const x3 = i32x4.splat(s1);
  philoxRounds8(k0, k1, x0, x1, x2, x3, y0, y1, x2, x3, dst, dst + 64, 16);
}

/**
 * The ten rounds of `philox4x32_10` (src/rng/philox.ts) on two sets of four counters, one per
 * i32x4 lane (words x0 … x3 and y0 … y3), side by side so that the rounds of one set fill the
 * latency of the other's; the 32×32→64-bit products are exact (`extmul`), so the words are the
 * same. Stores word w of the first set at dx + w·step and of the second at dy + w·step.
 */
// @ts-ignore: decorator
@inline
export function philoxRounds8(k0: u32, k1: u32, x0: v128, x1: v128, x2: v128, x3: v128, y0: v128, y1: v128, y2: v128, y3: v128, dx: usize, dy: usize, step: usize): void {
  const m0 = i32x4.splat(M0);
  const m1 = i32x4.splat(M1);
  let ka = k0;
  let kb = k1;
  for (let r = 0; r < 10; r++) {
    const KA = i32x4.splat(ka);
    const KB = i32x4.splat(kb);
    const p0l = i64x2.extmul_low_i32x4_u(x0, m0);
    const p0h = i64x2.extmul_high_i32x4_u(x0, m0);
    const p1l = i64x2.extmul_low_i32x4_u(x2, m1);
    const p1h = i64x2.extmul_high_i32x4_u(x2, m1);
    const q0l = i64x2.extmul_low_i32x4_u(y0, m0);
    const q0h = i64x2.extmul_high_i32x4_u(y0, m0);
    const q1l = i64x2.extmul_low_i32x4_u(y2, m1);
    const q1h = i64x2.extmul_high_i32x4_u(y2, m1);
    x0 = v128.xor(v128.xor(v128.shuffle<i32>(p1l, p1h, 1, 3, 5, 7), x1), KA);
    x1 = v128.shuffle<i32>(p1l, p1h, 0, 2, 4, 6);
    x2 = v128.xor(v128.xor(v128.shuffle<i32>(p0l, p0h, 1, 3, 5, 7), x3), KB);
    x3 = v128.shuffle<i32>(p0l, p0h, 0, 2, 4, 6);
    y0 = v128.xor(v128.xor(v128.shuffle<i32>(q1l, q1h, 1, 3, 5, 7), y1), KA);
    y1 = v128.shuffle<i32>(q1l, q1h, 0, 2, 4, 6);
    y2 = v128.xor(v128.xor(v128.shuffle<i32>(q0l, q0h, 1, 3, 5, 7), y3), KB);
    y3 = v128.shuffle<i32>(q0l, q0h, 0, 2, 4, 6);
    ka += W0;
    kb += W1;
  }
  v128.store(dx, x0);
  v128.store(dx + step, x1);
  v128.store(dx + 2 * step, x2);
  v128.store(dx + 3 * step, x3);
  v128.store(dy, y0);
  v128.store(dy + step, y1);
  v128.store(dy + 2 * step, y2);
  v128.store(dy + 3 * step, y3);
}
