/**
 * WebAssembly SIMD (128-bit) generator of standard normals, compiled by
 * `scripts/build-wasm.mjs` into `src/core/kernels/wasm-random-binary.ts`. It imports the linear memory of
 * the kernel module (assembly/kernels.ts) and has no static data, so it writes only where the
 * JavaScript side (`src/core/kernels/wasm.ts`) tells it to.
 *
 * Reproducibility contract: bit-identical to `fillNormal` of src/rng/draw.ts. Philox4x32-10
 * runs on eight consecutive blocks per step, two sets of four side by side (one block per 32-bit
 * lane; the 32×32→64-bit products are exact), and the Box–Muller transform runs two blocks side by side, with the same
 * IEEE operations in the same order as `boxMuller`, `lnPositive` and `sinCos2Pi` of
 * src/rng/elementary.ts (separate multiply and add, no fused multiply–add, no relaxed SIMD;
 * the exponent, mantissa and quadrant bit manipulations are exact), so every value is the same
 * double. (The uniforms are in assembly/sparse.ts: this module stays below 4 KB.)
 */

import { philox8 } from './philox8';

/**
 * The Box–Muller pairs of two Philox blocks whose words are lanes (l, l+1) of the four word
 * vectors (already moved to lanes 0 and 1 by the caller), scaled: writes
 * [scale·r₀cos θ₀, scale·r₀sin θ₀, scale·r₁cos θ₁, scale·r₁sin θ₁] to dst.
 */
// @ts-ignore: decorator
@inline
function boxMuller2(a: v128, b: v128, c: v128, d: v128, scale: v128, dst: usize): void {
  // a >>> 5 and b >>> 6 are below 2²⁷, so the signed conversion (one instruction) is exact.
  const two26 = f64x2.splat(67108864.0);
  const inv53 = f64x2.splat(1.1102230246251565e-16);
  const one = f64x2.splat(1.0);
  const u1 = f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(i32x4.shr_u(a, 5)), two26), f64x2.convert_low_i32x4_s(i32x4.shr_u(b, 6))), inv53);
  const u2 = f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(i32x4.shr_u(c, 5)), two26), f64x2.convert_low_i32x4_s(i32x4.shr_u(d, 6))), inv53);

  // ln x, x = 1 − u₁ ∈ [2⁻⁵³, 1]: exponent and mantissa from the bits.
  const x = f64x2.sub(one, u1);
  // The exponent field as a double: the 11-bit integer placed in the mantissa of 2⁵², minus 2⁵².
  const two52 = f64x2.splat(4503599627370496.0);
  let e = f64x2.sub(f64x2.sub(v128.or(i64x2.shr_u(x, 52), i64x2.splat(0x4330000000000000)), two52), f64x2.splat(1023.0));
  let f = v128.or(v128.and(x, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  const big = f64x2.gt(f, f64x2.splat(1.4142135623730951));
  f = v128.bitselect(f64x2.mul(f, f64x2.splat(0.5)), f, big);
  e = f64x2.add(e, v128.and(big, one));
  const t = f64x2.sub(f, one);
  const s = f64x2.div(t, f64x2.add(f64x2.splat(2.0), t));
  const z = f64x2.mul(s, s);
  let q = f64x2.add(f64x2.mul(f64x2.splat(0.09523809523809523), z), f64x2.splat(0.10526315789473684));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(0.11764705882352941));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(0.13333333333333333));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(0.15384615384615385));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(0.18181818181818182));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(0.2222222222222222));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(0.2857142857142857));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(0.4));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(0.6666666666666666));
  const lnf = f64x2.add(f64x2.mul(f64x2.splat(2.0), s), f64x2.mul(s, f64x2.mul(z, q)));
  const lnx = f64x2.add(f64x2.mul(e, f64x2.splat(0.6931471803691238)), f64x2.add(f64x2.mul(e, f64x2.splat(1.9082149292705877e-10)), lnf));
  const r = f64x2.sqrt(f64x2.mul(f64x2.splat(-2.0), lnx));

  // sin and cos of 2π·u₂: exact reduction to a quarter turn and |πr/2| ≤ π/4.
  const y = f64x2.mul(f64x2.splat(4.0), u2);
  let qf = f64x2.floor(y);
  let rr = f64x2.sub(y, qf);
  const ge = f64x2.ge(rr, f64x2.splat(0.5));
  rr = v128.bitselect(f64x2.sub(rr, one), rr, ge);
  qf = f64x2.add(qf, v128.and(ge, one));
  const w = f64x2.mul(rr, rr);
  let sp = f64x2.add(f64x2.mul(f64x2.splat(6.0669357311061955e-12), w), f64x2.splat(-6.688035109811468e-10));
  sp = f64x2.add(f64x2.mul(sp, w), f64x2.splat(5.692172921967927e-8));
  sp = f64x2.add(f64x2.mul(sp, w), f64x2.splat(-0.000003598843235212085));
  sp = f64x2.add(f64x2.mul(sp, w), f64x2.splat(0.00016044118478735983));
  sp = f64x2.add(f64x2.mul(sp, w), f64x2.splat(-0.004681754135318688));
  sp = f64x2.add(f64x2.mul(sp, w), f64x2.splat(0.07969262624616705));
  sp = f64x2.add(f64x2.mul(sp, w), f64x2.splat(-0.6459640975062463));
  sp = f64x2.add(f64x2.mul(sp, w), f64x2.splat(1.5707963267948966));
  const sn = f64x2.mul(rr, sp);
  let cp = f64x2.add(f64x2.mul(f64x2.splat(6.565963114979473e-11), w), f64x2.splat(-6.386603083791852e-9));
  cp = f64x2.add(f64x2.mul(cp, w), f64x2.splat(4.710874778818172e-7));
  cp = f64x2.add(f64x2.mul(cp, w), f64x2.splat(-0.000025202042373060607));
  cp = f64x2.add(f64x2.mul(cp, w), f64x2.splat(0.0009192602748394266));
  cp = f64x2.add(f64x2.mul(cp, w), f64x2.splat(-0.02086348076335296));
  cp = f64x2.add(f64x2.mul(cp, w), f64x2.splat(0.25366950790104803));
  cp = f64x2.add(f64x2.mul(cp, w), f64x2.splat(-1.2337005501361697));
  const cs = f64x2.add(f64x2.mul(cp, w), one);
  // The quadrant q ∈ {0, …, 4} in the low bits of q + 2⁵²: odd swaps sin and cos; bit 1 of q
  // negates sin, bit 1 of q + 1 negates cos (exact sign flips, as the ±1 factors in TypeScript).
  const qb = f64x2.add(qf, two52);
  const odd = i64x2.neg(v128.and(qb, i64x2.splat(1)));
  const sgnS = i64x2.shl(v128.and(qb, i64x2.splat(2)), 62);
  const sgnC = i64x2.shl(v128.and(i64x2.add(qb, i64x2.splat(1)), i64x2.splat(2)), 62);
  const sinT = v128.xor(v128.bitselect(cs, sn, odd), sgnS);
  const cosT = v128.xor(v128.bitselect(sn, cs, odd), sgnC);
  const zc = f64x2.mul(scale, f64x2.mul(r, cosT));
  const zs = f64x2.mul(scale, f64x2.mul(r, sinT));
  v128.store(dst, v128.shuffle<i64>(zc, zs, 0, 2));
  v128.store(dst, v128.shuffle<i64>(zc, zs, 1, 3), 16);
}

/**
 * The Box–Muller pairs of four blocks whose words are the four i32x4 vectors at src (lane j:
 * block j), to dst (8 doubles; dst may be src: the words are read first).
 */
function boxMuller4(src: usize, scale: v128, dst: usize): void {
  const a = v128.load(src), b = v128.load(src, 16), c = v128.load(src, 32), d = v128.load(src, 48);
  boxMuller2(a, b, c, d, scale, dst);
  boxMuller2(v128.shuffle<i32>(a, a, 2, 3, 0, 1), v128.shuffle<i32>(b, b, 2, 3, 0, 1), v128.shuffle<i32>(c, c, 2, 3, 0, 1), v128.shuffle<i32>(d, d, 2, 3, 0, 1), scale, dst + 32);
}

/**
 * Writes the scaled Box–Muller pairs of `nb` consecutive Philox blocks (nb a multiple of 4) of
 * the stream (k0, k1, s0, s1), starting at the 64-bit block counter (cLo, cHi), to the 2·nb
 * doubles at dst: block t gives `scale·(r cos θ)` at dst + 16t and `scale·(r sin θ)` at
 * dst + 16t + 8, the values of `fillNormal` at positions 2(c + t) and 2(c + t) + 1.
 *
 * Eight blocks per step ({@link philox8}). The Box–Muller step is a function of its own holding
 * two inlined copies (3.2 KB): inlined four times the module would pass 4 KB, and a loop over
 * one copy ran slower (14 against 10 ms for 10⁶ normals).
 */
export function normals(k0: u32, k1: u32, s0: u32, s1: u32, cLo: u32, cHi: u32, nb: i32, scale: f64, dst: usize): void {
  const sc = f64x2.splat(scale);
  let lo = cLo;
  let hi = cHi;
  for (let b = 0; b < nb; b += 8) {
    // The words of eight blocks land where their normals go: each half is read, then written.
    philox8(k0, k1, s0, s1, lo, hi, dst);
    boxMuller4(dst, sc, dst);
    if (b + 4 < nb) boxMuller4(dst + 64, sc, dst + 64);
    dst += 128;
    lo += 8;
    if (lo < 8) hi += 1;
  }
}
