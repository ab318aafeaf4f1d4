/**
 * WebAssembly kernels of the sparse sketches (CSR input; the uniforms), compiled by `scripts/build-wasm.mjs`
 * into `src/core/kernels/wasm-sparse-binary.ts`. Like the generator module (assembly/random.ts)
 * it imports the linear memory of the kernel module (assembly/kernels.ts) and has no static
 * data: it reads and writes only where the JavaScript side (`src/sketch/apply.ts`) tells it to.
 *
 * Reproducibility contract: bit-identical to `sparseLeafCsrInto` and to the reduction tree of
 * src/sketch (`addAndClear`, `combineChain`): every output entry receives the same rounded products s·x in the
 * same order (rows increasing), and every node is left + right, left first; `uniforms` gives
 * the values of `fillUniform`. SIMD lanes only compute independent values side by side. (The
 * lane-parallel Philox of the very sparse sketch is in assembly/columns.ts.)
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
 * Bands: with `band` < d the columns of out are taken `band` at a time (their m·band doubles
 * stay in L2 while the rows of the block are read again for each band): every row contributes
 * its entries with j in the band, found from a cursor per row (k i32 at `cur`; the indices of a
 * row increase). Each entry of out still receives its terms in increasing t, so the bits do not
 * change. On the bench's input (65536×1024, 10⁶ entries, m = 256, ζ = 8; 16 leaves, caches
 * evicted) bands of 512 columns (1 MiB of the 2 MiB node): 9.96 → 8.34 ms.
 *
 * The block is checked first ({@link csrBlockFaults}, the rules of `assertCsr`); if it breaks
 * one, nothing is scattered (so no write leaves out) and the result is 1, else 0.
 */
export function csrScatter(k: i32, d: i32, m: i32, z: i32, indptr: usize, indices: usize, values: usize, colptr: usize, rows: usize, vals: usize, out: usize, band: i32, cur: usize): i32 {
  if (csrBlockFaults(k, d, indptr, indices, values)) return 1;
  const qb = load<i32>(indptr);
  if (band >= d) {
    csrRows(k, m, z, qb, d, indptr, indices, values, colptr, rows, vals, out, 0);
    return 0;
  }
  for (let t = 0; t < k; t++) store<i32>(cur + (<usize>t << 2), load<i32>(indptr + (<usize>t << 2)) - qb);
  for (let j1 = band; j1 - band < d; j1 += band) csrRows(k, m, z, qb, j1, indptr, indices, values, colptr, rows, vals, out, cur);
  return 0;
}

/**
 * The updates of {@link csrScatter} from the entries with j < j1 of every row, from its
 * cursor (cur ≠ 0: cur[t], which moves past them) or from its start (cur = 0, j1 = d: all).
 */
function csrRows(k: i32, m: i32, z: i32, qb: i32, j1: i32, indptr: usize, indices: usize, values: usize, colptr: usize, rows: usize, vals: usize, out: usize, cur: usize): void {
  let q0 = 0;
  for (let t = 0; t < k; t++) {
    let q1 = load<i32>(indptr + (<usize>t << 2), 4) - qb;
    if (cur != 0) {
      const cp = cur + (<usize>t << 2);
      q0 = load<i32>(cp);
      let e = q0;
      while (e < q1 && load<i32>(indices + (<usize>e << 2)) < j1) e++;
      store<i32>(cp, e);
      q1 = e;
    }
    if (q0 == q1) continue;
    let u0 = t * z;
    let u1 = u0 + z;
    if (z == 0) {
      u0 = load<i32>(colptr + (<usize>t << 2));
      u1 = load<i32>(colptr + (<usize>t << 2), 4);
    }
    const c = u1 - u0;
    const ub = rows + (<usize>u0 << 2);
    const vb = vals + (<usize>u0 << 3);
    if (c == 1) {
      // One entry in the column of S (CountSketch): the row's entries in the inner loop.
      const o = out + (<usize>load<i32>(ub) << 3);
      const s = load<f64>(vb);
      for (let q = q0; q < q1; q++) {
        const p = o + (<usize>(load<i32>(indices + (<usize>q << 2)) * m) << 3);
        store<f64>(p, load<f64>(p) + s * load<f64>(values + (<usize>q << 3)));
      }
    } else if (c == 8) {
      // Eight entries (sparse sign and SparseStack at ζ = 8): the column of S in registers,
      // straight from memory. (Values computed from it, such as the masked registers below,
      // V8's TurboFan recomputes inside the loop: 9.95 → 8.4 ms for this case alone.)
      const r0 = i32x4.shl(v128.load(ub), 3);
      const r1 = i32x4.shl(v128.load(ub, 16), 3);
      const s01 = v128.load(vb), s23 = v128.load(vb, 16), s45 = v128.load(vb, 32), s67 = v128.load(vb, 48);
      for (let q = q0; q < q1; q++) {
        const o = out + (<usize>(load<i32>(indices + (<usize>q << 2)) * m) << 3);
        const x = f64x2.splat(load<f64>(values + (<usize>q << 3)));
        add4(o, r0, f64x2.mul(s01, x), f64x2.mul(s23, x));
        add4(o, r1, f64x2.mul(s45, x), f64x2.mul(s67, x));
      }
    } else if (c > 1 && c < 8) {
      // Two to seven entries: the column of S is held in registers, rows as byte offsets and
      // values, its lanes past c masked to row 0 and value +0. A masked lane adds (+0)·x = ±0 to
      // an entry, which is never −0 (entries start at +0 and are sums), so it changes no bit.
      const cv = i32x4.splat(c);
      const mk0 = i32x4.gt_s(cv, i32x4(0, 1, 2, 3));
      const mk1 = i32x4.gt_s(cv, i32x4(4, 5, 6, 7));
      const r0 = v128.and(i32x4.shl(v128.load(ub), 3), mk0);
      const s01 = v128.and(v128.load(vb), i64x2.extend_low_i32x4_s(mk0));
      const s23 = v128.and(v128.load(vb, 16), i64x2.extend_high_i32x4_s(mk0));
      if (c <= 4) {
        for (let q = q0; q < q1; q++) {
          const o = out + (<usize>(load<i32>(indices + (<usize>q << 2)) * m) << 3);
          const x = f64x2.splat(load<f64>(values + (<usize>q << 3)));
          add4(o, r0, f64x2.mul(s01, x), f64x2.mul(s23, x));
        }
      } else {
        const r1 = v128.and(i32x4.shl(v128.load(ub, 16), 3), mk1);
        const s45 = v128.and(v128.load(vb, 32), i64x2.extend_low_i32x4_s(mk1));
        const s67 = v128.and(v128.load(vb, 48), i64x2.extend_high_i32x4_s(mk1));
        for (let q = q0; q < q1; q++) {
          const o = out + (<usize>(load<i32>(indices + (<usize>q << 2)) * m) << 3);
          const x = f64x2.splat(load<f64>(values + (<usize>q << 3)));
          add4(o, r0, f64x2.mul(s01, x), f64x2.mul(s23, x));
          add4(o, r1, f64x2.mul(s45, x), f64x2.mul(s67, x));
        }
      }
    } else if (c > 8) {
      for (let q = q0; q < q1; q++) {
        const o = out + (<usize>(load<i32>(indices + (<usize>q << 2)) * m) << 3);
        const x = load<f64>(values + (<usize>q << 3));
        for (let u = u0; u < u1; u++) {
          const p = o + (<usize>load<i32>(rows + (<usize>u << 2)) << 3);
          store<f64>(p, load<f64>(p) + load<f64>(vals + (<usize>u << 3)) * x);
        }
      }
    }
    q0 = load<i32>(indptr + (<usize>t << 2), 4) - qb;
  }
}

/**
 * Four scalar updates of one column of out (byte address o): out[o + r_i] += t_i for the byte
 * offsets r (i32x4) and the terms a = (t₀, t₁), b = (t₂, t₃).
 */
@inline
function add4(o: usize, r: v128, a: v128, b: v128): void {
  const p0 = o + <usize>i32x4.extract_lane(r, 0);
  store<f64>(p0, load<f64>(p0) + f64x2.extract_lane(a, 0));
  const p1 = o + <usize>i32x4.extract_lane(r, 1);
  store<f64>(p1, load<f64>(p1) + f64x2.extract_lane(a, 1));
  const p2 = o + <usize>i32x4.extract_lane(r, 2);
  store<f64>(p2, load<f64>(p2) + f64x2.extract_lane(b, 0));
  const p3 = o + <usize>i32x4.extract_lane(r, 3);
  store<f64>(p3, load<f64>(p3) + f64x2.extract_lane(b, 1));
}

/**
 * 1 when the staged CSR block (k rows, d columns; addresses as in {@link csrScatter}) breaks a
 * rule of `assertCsr`, else 0 ({@link csrBlockFaults}): the check of the row-major scatter
 * (assembly/rows.ts), which runs it before scattering the block.
 */
export function csrFaults(k: i32, d: i32, indptr: usize, indices: usize, values: usize): i32 {
  return csrBlockFaults(k, d, indptr, indices, values) ? 1 : 0;
}

/**
 * Whether the CSR block (k rows, d columns; addresses as in {@link csrScatter}) breaks a rule
 * of `assertCsr`: a value that is NaN or ±Infinity (exponent field all ones), a column index
 * outside [0, d), or a row whose indices do not strictly increase. In SIMD over the whole
 * block, not row by row: the places q > 0 where j_q ≤ j_{q−1} are counted, and the rows are
 * valid iff every such place is the first entry of a row (counted by a pass over the rows).
 * A check inside the scatter's loop cost as much as the scatter.
 */
function csrBlockFaults(k: i32, d: i32, indptr: usize, indices: usize, values: usize): bool {
  const qb = load<i32>(indptr);
  const len = load<i32>(indptr + (<usize>k << 2)) - qb;
  const expo = i64x2.splat(0x7ff0000000000000);
  const dv = i32x4.splat(d);
  let bad = i32x4.splat(0);
  let q = 0;
  for (; q + 2 <= len; q += 2) bad = v128.or(bad, i64x2.eq(v128.and(v128.load(values + (<usize>q << 3)), expo), expo));
  if (q < len && (load<u64>(values + (<usize>q << 3)) & 0x7ff0000000000000) == 0x7ff0000000000000) return true;
  for (q = 0; q + 4 <= len; q += 4) bad = v128.or(bad, i32x4.ge_u(v128.load(indices + (<usize>q << 2)), dv));
  for (; q < len; q++) if (<u32>load<i32>(indices + (<usize>q << 2)) >= <u32>d) return true;
  if (v128.any_true(bad)) return true;
  // Places q ≥ 1 with j_q ≤ j_{q−1} (each counted as −1 in a lane).
  let down = i32x4.splat(0);
  for (q = 1; q + 4 <= len; q += 4) down = i32x4.add(down, i32x4.le_s(v128.load(indices + (<usize>q << 2)), v128.load(indices + (<usize>(q - 1) << 2))));
  let drops = -(i32x4.extract_lane(down, 0) + i32x4.extract_lane(down, 1) + i32x4.extract_lane(down, 2) + i32x4.extract_lane(down, 3));
  for (; q < len; q++) if (load<i32>(indices + (<usize>q << 2)) <= load<i32>(indices + (<usize>(q - 1) << 2))) drops++;
  // Those at the first entry of a (nonempty) row.
  for (let t = 0; t < k; t++) {
    const a = load<i32>(indptr + (<usize>t << 2)) - qb;
    if (a > 0 && load<i32>(indptr + (<usize>t << 2), 4) - qb > a && load<i32>(indices + (<usize>a << 2)) <= load<i32>(indices + (<usize>(a - 1) << 2))) drops--;
  }
  return drops != 0;
}

/**
 * Up to four steps of the reduction tree at once, on `count` doubles (count even, addresses
 * 16-byte aligned): a0 is a node that has just completed, a1 … a_levels the left siblings
 * waiting at the levels it climbs through (1 ≤ levels ≤ 4). For each entry,
 * t ← a1 + a0, t ← a2 + t, …, a_levels ← a_levels + t: the additions of `levels` separate
 * steps (left + right, left first), in their order, so the same bits; a0 … a_{levels−1} are then
 * +0, ready for the next leaves. One pass reads levels + 1 nodes and writes as many, where
 * separate steps read and wrote 4·levels.
 */
export function combineChain(a0: usize, a1: usize, a2: usize, a3: usize, a4: usize, levels: i32, count: i32): void {
  const zero = f64x2.splat(0.0);
  const end = <usize>count << 3;
  if (levels == 1) {
    for (let i: usize = 0; i < end; i += 16) {
      v128.store(a1 + i, f64x2.add(v128.load(a1 + i), v128.load(a0 + i)));
      v128.store(a0 + i, zero);
    }
  } else if (levels == 2) {
    for (let i: usize = 0; i < end; i += 16) {
      const t = f64x2.add(v128.load(a1 + i), v128.load(a0 + i));
      v128.store(a2 + i, f64x2.add(v128.load(a2 + i), t));
      v128.store(a0 + i, zero);
      v128.store(a1 + i, zero);
    }
  } else if (levels == 3) {
    for (let i: usize = 0; i < end; i += 16) {
      const t = f64x2.add(v128.load(a2 + i), f64x2.add(v128.load(a1 + i), v128.load(a0 + i)));
      v128.store(a3 + i, f64x2.add(v128.load(a3 + i), t));
      v128.store(a0 + i, zero);
      v128.store(a1 + i, zero);
      v128.store(a2 + i, zero);
    }
  } else {
    for (let i: usize = 0; i < end; i += 16) {
      const t = f64x2.add(v128.load(a3 + i), f64x2.add(v128.load(a2 + i), f64x2.add(v128.load(a1 + i), v128.load(a0 + i))));
      v128.store(a4 + i, f64x2.add(v128.load(a4 + i), t));
      v128.store(a0 + i, zero);
      v128.store(a1 + i, zero);
      v128.store(a2 + i, zero);
      v128.store(a3 + i, zero);
    }
  }
}

import { philox8 } from './philox8';

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
