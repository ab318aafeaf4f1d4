/**
 * WebAssembly generator of the very sparse sketch's columns, compiled by
 * `scripts/build-wasm.mjs` into `src/core/kernels/wasm-columns-binary.ts`. A fifth module, beside
 * assembly/sparse.ts (which would pass 4 KB with it): it imports the memory of the kernel module
 * and has no static data (its globals, the last Philox block of {@link block}, are not in the
 * memory). Three steps per batch of columns: `philoxLanes` (the first blocks of every column,
 * in SIMD), `verySparseSkips` (the skips of the first two uniforms, in SIMD), then
 * `verySparseColumns` (the entries, column by column: the draws past the second, about 0.37
 * per column at the default density, compute their block and logarithm one at a time).
 *
 * Reproducibility contract: the entries of `verySparseColumns` in src/sketch/kinds.ts, bit for
 * bit. The geometric skips take ln(1 − u) by the steps of `lnOneMinus` and `lnPositive`
 * (src/rng/elementary.ts: IEEE basic operations in a fixed order, separate multiply and add,
 * exact bit manipulations), the further Philox blocks are the rounds of `philox4x32_10`
 * (src/rng/philox.ts; the 32×32→64-bit products are exact in i64), and every comparison and
 * rounding is the TypeScript one.
 */

import { M0, M1, W0, W1, philoxRounds8 } from './philox8';

// ln: the coefficients 2/(2k+1) of 2·atanh(s), ln 2 in two parts, √2 (src/rng/elementary.ts).
const L1 = 0.6666666666666666;
const L2 = 0.4;
const L3 = 0.2857142857142857;
const L4 = 0.2222222222222222;
const L5 = 0.18181818181818182;
const L6 = 0.15384615384615385;
const L7 = 0.13333333333333333;
const L8 = 0.11764705882352941;
const L9 = 0.10526315789473684;
const L10 = 0.09523809523809523;
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const SQRT2 = 1.4142135623730951;

/**
 * Philox4x32-10 with key (k0, k1) on `count` counters given as four planes of u32 (word w of
 * counter j at inp + 4(w·stride + j)), to four planes at out (stride a multiple of 4; the lanes
 * past count up to a multiple of 4 are computed and ignored). Eight counters per step, two sets
 * of four side by side so that the rounds of one fill the latency of the other's; a last odd
 * set of four runs twice over the same lanes (same words). The very sparse sketch draws the
 * first blocks of every column's substream with it.
 */
export function philoxLanes(k0: u32, k1: u32, inp: usize, out: usize, stride: i32, count: i32): void {
  const plane = <usize>stride << 2;
  for (let j = 0; j < count; j += 8) {
    const o = <usize>j << 2;
    const o2 = j + 4 < count ? o + 16 : o;
    philoxRounds8(k0, k1, v128.load(inp + o), v128.load(inp + o + plane), v128.load(inp + o + 2 * plane), v128.load(inp + o + 3 * plane),
      v128.load(inp + o2), v128.load(inp + o2 + plane), v128.load(inp + o2 + 2 * plane), v128.load(inp + o2 + 3 * plane), out + o, out + o2, plane);
  }
}

/** Words of the last block computed by {@link block} (b0 … b3) and which block it was. */
let b0: u32 = 0;
let b1: u32 = 0;
let b2: u32 = 0;
let b3: u32 = 0;
let bCounter: u32 = 0;
let bValid = false;

/** Philox4x32-10 with key (k0, k1) on the counter (c, 0, w0, w1), to b0 … b3. */
function block(k0: u32, k1: u32, c: u32, w0: u32, w1: u32): void {
  let x0 = c;
  let x1: u32 = 0;
  let x2 = w0;
  let x3 = w1;
  let a = k0;
  let b = k1;
  for (let r = 0; r < 10; r++) {
    const p0 = <u64>M0 * <u64>x0;
    const p1 = <u64>M1 * <u64>x2;
    x0 = <u32>(p1 >>> 32) ^ x1 ^ a;
    x1 = <u32>p1;
    x2 = <u32>(p0 >>> 32) ^ x3 ^ b;
    x3 = <u32>p0;
    a += W0;
    b += W1;
  }
  b0 = x0;
  b1 = x1;
  b2 = x2;
  b3 = x3;
}

/**
 * ln(1 − y) for a uniform y (a multiple of 2⁻⁵³ in [0, 1)): `lnOneMinus` of
 * src/rng/elementary.ts, its ln w by the steps of `lnPositive` (w = 1 − y is a normal double in
 * [2⁻⁵³, 1]; its mantissa f ∈ [1, 2) is read from the bits, the value x·2⁻ᵉ that TypeScript
 * forms by an exact scaling). For such y, w = 1 − y is exact (y < ½: w ∈ (½, 1] has the ulp
 * 2⁻⁵³; y ≥ ½: Sterbenz), so 1 − w = y and `lnOneMinus`'s correction ln w·y/(1 − w) never
 * applies: it is left out here and in {@link verySparseSkips}.
 */
function lnOneMinus(y: f64): f64 {
  const w = 1.0 - y;
  if (w == 1.0) return -y;
  const bits = reinterpret<u64>(w);
  let e = <f64>(<i32>(bits >>> 52) - 1023);
  let f = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  if (f > SQRT2) {
    f *= 0.5;
    e += 1.0;
  }
  const t = f - 1.0;
  const s = t / (2.0 + t);
  const z = s * s;
  const q = ((((((((L10 * z + L9) * z + L8) * z + L7) * z + L6) * z + L5) * z + L4) * z + L3) * z + L2) * z + L1;
  return e * LN2_HI + (e * LN2_LO + (2.0 * s + s * (z * q)));
}

/**
 * The nonzeros of columns t0, t0+1, … of a batch of `cnt` very sparse columns whose first
 * blocks are the u32 planes at `planes` (stride `str` words; the layout of `verySparseBlocks`
 * in src/sketch/kinds.ts: planes 4, 5 the substream's stream words, 8 … 11 its block 0, 12 … 15
 * its block 2³¹), key (k0, k1), the skips of the first two uniforms at `skips`
 * ({@link verySparseSkips}): for each column, row ← −1, then for q = 0, 1, …: u = uniform q
 * (words 2(q mod 2), 2(q mod 2)+1 of block ⌊q/2⌋), skip = ⌊ln(1 − u)/logq⌋ (0 when logq is
 * −Infinity), row ← row + skip + 1, stop when row ≥ m or skip is not ≥ 0, else the entry (row,
 * ±val) with the sign bit q mod 32 of word (q mod 128)/32 of block 2³¹ + ⌊q/128⌋. Writes the
 * rows (i32 at rows), values (doubles at vals) from index 0, and after each column the number
 * of entries so far (i32 at ends + 4(t − t0)). Stops before a column whose entries might not
 * fit in `cap` (fewer than m places left) and returns the number of columns done.
 */
export function verySparseColumns(k0: u32, k1: u32, planes: usize, str: i32, skips: usize, t0: i32, cnt: i32, m: i32, logq: f64, val: f64, rows: usize, vals: usize, ends: usize, cap: i32): i32 {
  const plane = <usize>str << 2;
  const fm = <f64>m;
  let nnz = 0;
  let t = t0;
  for (; t < cnt; t++) {
    if (cap - nnz < m) break;
    const col = planes + (<usize>t << 2);
    const w0 = load<u32>(col + 4 * plane);
    const w1 = load<u32>(col + 5 * plane);
    bValid = false;
    let row = -1.0;
    for (let q = 0; ; q++) {
      let skip: f64;
      if (q < 2) skip = load<f64>(skips + (<usize>(q * str + t) << 3));
      else {
        const c = <u32>q >>> 1;
        if (!bValid || bCounter != c) {
          block(k0, k1, c, w0, w1);
          bCounter = c;
          bValid = true;
        }
        const a0 = (q & 1) != 0 ? b2 : b0;
        const a1 = (q & 1) != 0 ? b3 : b1;
        const u = (<f64>(a0 >>> 5) * 67108864.0 + <f64>(a1 >>> 6)) * 1.1102230246251565e-16;
        skip = logq == -Infinity ? 0.0 : Math.floor(lnOneMinus(u) / logq);
      }
      row += skip + 1.0;
      if (row >= fm || !(skip >= 0.0)) break;
      let word: u32;
      if (q < 128) word = load<u32>(col + <usize>(12 + ((q & 127) >>> 5)) * plane);
      else {
        // A sign block (counter 2³¹ + ⌊q/128⌋) never coincides with a uniform block (counter
        // ⌊q/2⌋ < 2³¹), so the one cached block serves both.
        const c = 0x80000000 + (<u32>q >>> 7);
        if (!bValid || bCounter != c) {
          block(k0, k1, c, w0, w1);
          bCounter = c;
          bValid = true;
        }
        const wi = (q & 127) >>> 5;
        word = wi == 0 ? b0 : wi == 1 ? b1 : wi == 2 ? b2 : b3;
      }
      store<i32>(rows + (<usize>nnz << 2), <i32>row);
      store<f64>(vals + (<usize>nnz << 3), ((word >>> (q & 31)) & 1) != 0 ? -val : val);
      nnz++;
    }
    store<i32>(ends + (<usize>(t - t0) << 2), nnz);
  }
  return t - t0;
}

/**
 * The skips ⌊ln(1 − u)/logq⌋ (+0 when logq is −Infinity) of the first two uniforms of each
 * column of a batch (the words of planes 8, 9 and 10, 11 at `planes`, stride `str`, a multiple
 * of 4), as doubles: uniform q of column t at skips + 8(q·str + t). Two columns per SIMD step,
 * with the operations of `lnOneMinus` and `lnPositive` in their order (as the normals of
 * assembly/random.ts), so the same doubles as {@link verySparseColumns} computes one at a time:
 * the columns' serial chains of logarithms and divisions were their cost (4.4 ms for 65536
 * columns, m = s = 256).
 */
export function verySparseSkips(planes: usize, str: i32, cnt: i32, logq: f64, skips: usize): void {
  const plane = <usize>str << 2;
  const one = f64x2.splat(1.0);
  const two52 = f64x2.splat(4503599627370496.0);
  const two26 = f64x2.splat(67108864.0);
  const inv53 = f64x2.splat(1.1102230246251565e-16);
  const lq = f64x2.splat(logq);
  const zero = f64x2.splat(0.0);
  const flat = logq == -Infinity;
  for (let q = 0; q < 2; q++) {
    const pa = planes + <usize>(8 + 2 * q) * plane;
    const pb = pa + plane;
    const dst = skips + (<usize>(q * str) << 3);
    for (let t = 0; t < cnt; t += 2) {
      if (flat) {
        v128.store(dst + (<usize>t << 3), zero);
        continue;
      }
      // a >>> 5 and b >>> 6 are below 2²⁷, so the signed conversion is exact.
      const a = i32x4.shr_u(v128.load64_zero(pa + (<usize>t << 2)), 5);
      const b = i32x4.shr_u(v128.load64_zero(pb + (<usize>t << 2)), 6);
      const y = f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(a), two26), f64x2.convert_low_i32x4_s(b)), inv53);
      const w = f64x2.sub(one, y);
      // The exponent field as a double (the 11-bit integer in the mantissa of 2⁵², minus 2⁵²).
      let e = f64x2.sub(f64x2.sub(v128.or(i64x2.shr_u(w, 52), i64x2.splat(0x4330000000000000)), two52), f64x2.splat(1023.0));
      let f = v128.or(v128.and(w, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
      const big = f64x2.gt(f, f64x2.splat(SQRT2));
      f = v128.bitselect(f64x2.mul(f, f64x2.splat(0.5)), f, big);
      e = f64x2.add(e, v128.and(big, one));
      const tt = f64x2.sub(f, one);
      const s = f64x2.div(tt, f64x2.add(f64x2.splat(2.0), tt));
      const z = f64x2.mul(s, s);
      let p = f64x2.add(f64x2.mul(f64x2.splat(L10), z), f64x2.splat(L9));
      p = f64x2.add(f64x2.mul(p, z), f64x2.splat(L8));
      p = f64x2.add(f64x2.mul(p, z), f64x2.splat(L7));
      p = f64x2.add(f64x2.mul(p, z), f64x2.splat(L6));
      p = f64x2.add(f64x2.mul(p, z), f64x2.splat(L5));
      p = f64x2.add(f64x2.mul(p, z), f64x2.splat(L4));
      p = f64x2.add(f64x2.mul(p, z), f64x2.splat(L3));
      p = f64x2.add(f64x2.mul(p, z), f64x2.splat(L2));
      p = f64x2.add(f64x2.mul(p, z), f64x2.splat(L1));
      const lnf = f64x2.add(f64x2.mul(f64x2.splat(2.0), s), f64x2.mul(s, f64x2.mul(z, p)));
      const l = f64x2.add(f64x2.mul(e, f64x2.splat(LN2_HI)), f64x2.add(f64x2.mul(e, f64x2.splat(LN2_LO)), lnf));
      // lnOneMinus: −y when w = 1, else ln w (1 − w = y for every uniform: see lnOneMinus above).
      const ln1m = v128.bitselect(f64x2.neg(y), l, f64x2.eq(w, one));
      v128.store(dst + (<usize>t << 3), f64x2.floor(f64x2.div(ln1m, lq)));
    }
  }
}
