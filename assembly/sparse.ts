/**
 * WebAssembly kernels of the sparse sketches (CSR input; the very sparse generator), compiled by `scripts/build-wasm.mjs`
 * into `src/core/kernels/wasm-sparse-binary.ts`. Like the generator module (assembly/random.ts)
 * it imports the linear memory of the kernel module (assembly/kernels.ts) and has no static
 * data: it reads and writes only where the JavaScript side (`src/sketch/apply.ts`) tells it to.
 *
 * Reproducibility contract: bit-identical to `sparseLeafCsrInto` and to the reduction tree of
 * src/sketch (`addAndClear`): every output entry receives the same rounded products s·x in the
 * same order (rows increasing), and every node is left + right, left first; `philoxLanes` gives
 * the words of `philox4x32_10`. SIMD lanes only compute independent values side by side.
 */

/**
 * out ← out + S[:, c0:c0+k]·X for the rows of a CSR block X (k rows, d columns) and a sparse S
 * with m rows, out column-major m×d at byte address out. Row t of X holds the entries
 * q = indptr[t] − indptr[0] … indptr[t+1] − indptr[0] − 1 of the i32 column indices at `indices`
 * and the doubles at `values`. Column t of S holds the entries u = t·z … t·z+z−1 when z > 0,
 * else colptr[t] … colptr[t+1]−1 (i32 at colptr), with rows (i32 at rows) and values (doubles at
 * vals). For each row t in increasing order and each stored (j, x) of it, out[j·m + h_u] += s_u·x:
 * the loops of `sparseLeafCsrInto` (src/sketch/kinds.ts), so the same bits.
 *
 * Each row is checked before it is scattered, with the rules of `assertCsr`: column indices
 * strictly increasing in [0, d), values finite (their x·0 sum is ±0, NaN once one is NaN or
 * ±Infinity). A row that breaks one is not scattered (so no write leaves out), and the result
 * is then 1; it is 0 when every row passed.
 */
export function csrScatter(k: i32, d: i32, m: i32, z: i32, indptr: usize, indices: usize, values: usize, colptr: usize, rows: usize, vals: usize, out: usize): i32 {
  let fault: i32 = 0;
  const dm1 = d - 1;
  const qb = load<i32>(indptr);
  let q0 = 0;
  for (let t = 0; t < k; t++) {
    const q1 = load<i32>(indptr + (<usize>t << 2), 4) - qb;
    if (q0 == q1) continue;
    // The checks: (j − prev − 1) | (d − 1 − j) is negative iff a rule fails.
    let bad: i32 = 0;
    let fin: f64 = 0;
    let prev = -1;
    for (let q = q0; q < q1; q++) {
      const j = load<i32>(indices + (<usize>q << 2));
      bad |= (j - prev - 1) | (dm1 - j);
      prev = j;
      fin += load<f64>(values + (<usize>q << 3)) * 0;
    }
    if (bad < 0 || fin != 0) {
      fault = 1;
      q0 = q1;
      continue;
    }
    let u0 = t * z;
    let u1 = u0 + z;
    if (z == 0) {
      u0 = load<i32>(colptr + (<usize>t << 2));
      u1 = load<i32>(colptr + (<usize>t << 2), 4);
    }
    if (u1 - u0 == 1) {
      // One entry in the column of S (CountSketch): the row's entries in the inner loop.
      const o = out + (<usize>load<i32>(rows + (<usize>u0 << 2)) << 3);
      const s = load<f64>(vals + (<usize>u0 << 3));
      for (let q = q0; q < q1; q++) {
        const p = o + (<usize>(load<i32>(indices + (<usize>q << 2)) * m) << 3);
        store<f64>(p, load<f64>(p) + s * load<f64>(values + (<usize>q << 3)));
      }
    } else {
      for (let q = q0; q < q1; q++) {
        const o = out + (<usize>(load<i32>(indices + (<usize>q << 2)) * m) << 3);
        const x = load<f64>(values + (<usize>q << 3));
        for (let u = u0; u < u1; u++) {
          const p = o + (<usize>load<i32>(rows + (<usize>u << 2)) << 3);
          store<f64>(p, load<f64>(p) + load<f64>(vals + (<usize>u << 3)) * x);
        }
      }
    }
    q0 = q1;
  }
  return fault;
}

/**
 * One step of the reduction tree on `count` doubles (count even, addresses 16-byte aligned):
 * left ← left + right (left first), then right ← +0, so that the right operand is ready for the
 * next leaf.
 */
export function combineClear(left: usize, right: usize, count: i32): void {
  const zero = f64x2.splat(0.0);
  const end = left + (<usize>count << 3);
  for (; left < end; left += 16, right += 16) {
    v128.store(left, f64x2.add(v128.load(left), v128.load(right)));
    v128.store(right, zero);
  }
}

import { M0, M1, W0, W1, philox8 } from './philox8';

/**
 * Philox4x32-10 with key (k0, k1) on `count` counters given as four planes of u32 (word w of
 * counter j at inp + 4(w·stride + j)), to four planes at out (stride a multiple of 4; the lanes
 * past count are computed and ignored). Four counters per step, one per i32x4 lane, with the
 * rounds of `philox4x32_10` (src/rng/philox.ts: the 32×32→64-bit products are exact), so the
 * same words. The very sparse sketch draws the first blocks of every column's substream with it.
 */
export function philoxLanes(k0: u32, k1: u32, inp: usize, out: usize, stride: i32, count: i32): void {
  const m0 = i32x4.splat(M0);
  const m1 = i32x4.splat(M1);
  const plane = <usize>stride << 2;
  for (let j = 0; j < count; j += 4) {
    const o = <usize>j << 2;
    let x0 = v128.load(inp + o);
    let x1 = v128.load(inp + o + plane);
    let x2 = v128.load(inp + o + 2 * plane);
    let x3 = v128.load(inp + o + 3 * plane);
    let ka = k0;
    let kb = k1;
    for (let r = 0; r < 10; r++) {
      const p0l = i64x2.extmul_low_i32x4_u(x0, m0);
      const p0h = i64x2.extmul_high_i32x4_u(x0, m0);
      const p1l = i64x2.extmul_low_i32x4_u(x2, m1);
      const p1h = i64x2.extmul_high_i32x4_u(x2, m1);
      x0 = v128.xor(v128.xor(v128.shuffle<i32>(p1l, p1h, 1, 3, 5, 7), x1), i32x4.splat(ka));
      x1 = v128.shuffle<i32>(p1l, p1h, 0, 2, 4, 6);
      x2 = v128.xor(v128.xor(v128.shuffle<i32>(p0l, p0h, 1, 3, 5, 7), x3), i32x4.splat(kb));
      x3 = v128.shuffle<i32>(p0l, p0h, 0, 2, 4, 6);
      ka += W0;
      kb += W1;
    }
    v128.store(out + o, x0);
    v128.store(out + o + plane, x1);
    v128.store(out + o + 2 * plane, x2);
    v128.store(out + o + 3 * plane, x3);
  }
}

/**
 * The uniforms of the four blocks whose words are the four i32x4 vectors a, b, c, d at src, to
 * dst (8 doubles; dst may be src: the words are read first): block t gives u(a_t, b_t) at
 * dst + 16t and u(c_t, d_t) at dst + 16t + 8, with u(x, y) = ((x >>> 5)·2²⁶ + (y >>> 6))·2⁻⁵³
 * (exact), as `fillUniform`.
 */
function uniforms4(src: usize, dst: usize): void {
  let a = v128.load(src), b = v128.load(src, 16), c = v128.load(src, 32), d = v128.load(src, 48);
  const two26 = f64x2.splat(67108864.0);
  const inv53 = f64x2.splat(1.1102230246251565e-16);
  for (let h = 0; h < 2; h++) {
    // x >>> 5 and y >>> 6 are below 2²⁷, so the signed conversion is exact.
    const e = f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(i32x4.shr_u(a, 5)), two26), f64x2.convert_low_i32x4_s(i32x4.shr_u(b, 6))), inv53);
    const o = f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(i32x4.shr_u(c, 5)), two26), f64x2.convert_low_i32x4_s(i32x4.shr_u(d, 6))), inv53);
    v128.store(dst, v128.shuffle<i64>(e, o, 0, 2));
    v128.store(dst, v128.shuffle<i64>(e, o, 1, 3), 16);
    a = v128.shuffle<i32>(a, a, 2, 3, 0, 1);
    b = v128.shuffle<i32>(b, b, 2, 3, 0, 1);
    c = v128.shuffle<i32>(c, c, 2, 3, 0, 1);
    d = v128.shuffle<i32>(d, d, 2, 3, 0, 1);
    dst += 32;
  }
}

/**
 * Writes the two uniforms of each of `nb` consecutive Philox blocks (nb a multiple of 4) of the
 * stream (k0, k1, s0, s1), starting at the 64-bit block counter (cLo, cHi), to the 2·nb doubles
 * at dst: the values of `fillUniform` at positions 2(c + t) and 2(c + t) + 1. Eight blocks per
 * step ({@link philox8}).
 */
export function uniforms(k0: u32, k1: u32, s0: u32, s1: u32, cLo: u32, cHi: u32, nb: i32, dst: usize): void {
  let lo = cLo;
  let hi = cHi;
  for (let b = 0; b < nb; b += 8) {
    // The words of eight blocks land where their uniforms go: each half is read, then written.
    philox8(k0, k1, s0, s1, lo, hi, dst);
    uniforms4(dst, dst);
    if (b + 4 < nb) uniforms4(dst + 64, dst + 64);
    dst += 128;
    lo += 8;
    if (lo < 8) hi += 1;
  }
}
