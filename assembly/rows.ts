/**
 * WebAssembly kernels of the sparse sketches of CSR input in the row-major layout, and the rows
 * of S of the kinds that draw them from uniforms (CountSketch, sparse sign, SparseStack), compiled
 * by `scripts/build-wasm.mjs` into `src/core/kernels/wasm-rows-binary.ts`. A fourth module,
 * beside assembly/sparse.ts (which would pass 4 KB with them): it imports the memory of the
 * kernel module and has no static data (its only state: the globals of {@link scaledFloors}).
 *
 * Why a second layout. `csrScatter` (assembly/sparse.ts) adds each stored x of A into the column
 * of its index j in a column-major m×d node: with one or two entries per column of S, every
 * update lands on a random line of a 2 MiB node, which misses L1 (1.3 ns per update against
 * 0.54 ns inside an 8 KB block, bench machine). Here the entries of S are first bucketed by row
 * h, and row h of a row-major node (d doubles, in L1) receives, for each entry (t, s) of its
 * bucket in increasing t, s·x for every stored (j, x) of row t of A. An entry (h, j) of the node
 * thus receives the same rounded products s·x in the same order (t increasing, then the entries
 * of S's column t in their order) as in `csrScatter` and `sparseLeafCsrInto`: the same bits,
 * transposed. With eight entries per column the column-major scatter stays faster (every
 * row of A is then read eight times), so src/sketch/apply.ts takes this layout for the kinds
 * with at most three entries per column of S on average.
 */

/**
 * Buckets the entries of S[:, c0:c0+k] by row, stably: column t holds the entries u = t·z …
 * t·z+z−1 when z > 0, else colptr[t] … colptr[t+1]−1 (i32 at colptr), with rows (i32 at rows)
 * and values (doubles at vals), rows in [0, m). Writes, for each row h, the start of its bucket
 * to cur[h] and its end to hend[h] (m i32 each), and for each position e of a bucket the column
 * t (i32 at bt) and the value (double at bv) of the entry placed there; entries keep their
 * order (t increasing, then u) within a bucket. O(nz + m).
 */
export function bucketRows(k: i32, z: i32, m: i32, colptr: usize, rows: usize, vals: usize, cur: usize, hend: usize, bt: usize, bv: usize): void {
  const nz = z > 0 ? k * z : load<i32>(colptr + (<usize>k << 2));
  for (let h = 0; h < m; h++) store<i32>(hend + (<usize>h << 2), 0);
  for (let u = 0; u < nz; u++) {
    const p = hend + (<usize>load<i32>(rows + (<usize>u << 2)) << 2);
    store<i32>(p, load<i32>(p) + 1);
  }
  // cur[h] ← start of bucket h; hend[h] is the write position while placing, then the end.
  let acc = 0;
  for (let h = 0; h < m; h++) {
    const o = <usize>h << 2;
    const c = load<i32>(hend + o);
    store<i32>(cur + o, acc);
    store<i32>(hend + o, acc);
    acc += c;
  }
  let u = 0;
  for (let t = 0; t < k; t++) {
    const u1 = z > 0 ? u + z : load<i32>(colptr + (<usize>t << 2), 4);
    for (; u < u1; u++) {
      const p = hend + (<usize>load<i32>(rows + (<usize>u << 2)) << 2);
      const e = load<i32>(p);
      store<i32>(p, e + 1);
      store<i32>(bt + (<usize>e << 2), t);
      store<f64>(bv + (<usize>e << 3), load<f64>(vals + (<usize>u << 3)));
    }
  }
}

/**
 * node ← node + S[:, rows t0 … t0+k−1 of the leaf]·X for a staged CSR chunk X of k rows (rows
 * t0 … t0+k−1 of the leaf; indptr, indices and values as in `csrScatter`, the chunk assumed
 * checked), node row-major m×d (row h at node + 8·h·d). The buckets of {@link bucketRows}: for
 * each row h, the entries e = cur[h], … with bt[e] < t0 + k are applied in order and cur[h]
 * moves past them, so the chunks of a leaf, taken in order, apply every entry once, t
 * increasing. O(m + the updates).
 */
export function rowScatter(k: i32, t0: i32, d: i32, m: i32, indptr: usize, indices: usize, values: usize, cur: usize, hend: usize, bt: usize, bv: usize, node: usize): void {
  const qb = load<i32>(indptr);
  const t1 = t0 + k;
  const rowBytes = <usize>d << 3;
  for (let h = 0; h < m; h++) {
    const row = node + <usize>h * rowBytes;
    const e1 = load<i32>(hend + (<usize>h << 2));
    let e = load<i32>(cur + (<usize>h << 2));
    for (; e < e1; e++) {
      const t = load<i32>(bt + (<usize>e << 2));
      if (t >= t1) break;
      const s = load<f64>(bv + (<usize>e << 3));
      const tp = indptr + (<usize>(t - t0) << 2);
      const q1 = load<i32>(tp, 4) - qb;
      for (let q = load<i32>(tp) - qb; q < q1; q++) {
        const p = row + (<usize>load<i32>(indices + (<usize>q << 2)) << 3);
        store<f64>(p, load<f64>(p) + s * load<f64>(values + (<usize>q << 3)));
      }
    }
    store<i32>(cur + (<usize>h << 2), e);
  }
}

/**
 * dst ← the column-major copy of the row-major m×d block at src (entry (h, j) from
 * src + 8(h·d + j) to dst + 8(j·m + h)); the blocks must not overlap. Pairs of rows and columns
 * move as 2×2 tiles of two f64x2 loads, two shuffles and two stores, in bands of eight rows by
 * 256 columns so that the written lines stay in L1; an odd m or d is copied one entry at a time.
 * Copies only, so the values keep their bits. O(m·d).
 */
export function transposeRows(m: i32, d: i32, src: usize, dst: usize): void {
  const colBytes = <usize>m << 3;
  if ((m & 1) != 0 || (d & 1) != 0) {
    for (let h = 0; h < m; h++) {
      const s = src + (<usize>(h * d) << 3);
      for (let j = 0; j < d; j++) store<f64>(dst + <usize>j * colBytes + (<usize>h << 3), load<f64>(s + (<usize>j << 3)));
    }
    return;
  }
  const rowBytes = <usize>d << 3;
  for (let h0 = 0; h0 < m; h0 += 8) {
    const h1 = min(m, h0 + 8);
    for (let j0 = 0; j0 < d; j0 += 256) {
      const j1 = min(d, j0 + 256);
      for (let h = h0; h < h1; h += 2) {
        const a = src + <usize>h * rowBytes;
        const o = dst + (<usize>h << 3);
        for (let j = j0; j < j1; j += 2) {
          const x = v128.load(a + (<usize>j << 3));
          const y = v128.load(a + rowBytes + (<usize>j << 3));
          const c = o + <usize>j * colBytes;
          v128.store(c, v128.shuffle<i64>(x, y, 0, 2));
          v128.store(c + colBytes, v128.shuffle<i64>(x, y, 1, 3));
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The rows of S for the kinds with z entries per column drawn from uniforms (CountSketch, sparse
// sign, SparseStack): `fillUniformInto` writes the uniform of entry i = t·z + q (column t,
// entry q < z) at ubuf + 8i, these kernels write its row, an i32, at rows + 4i.

// The factors (f64x2) and offsets (i32x4) of the eight lanes of a step of {@link scaledFloors}:
// module globals, so that the loop loads them (V8's TurboFan rebuilt constants made of computed
// lanes inside the loop: 0.55 against 0.18 ms for 16 leaves of 4096 columns, z = 8).
let F01 = f64x2.splat(0);
let F23 = f64x2.splat(0);
let F45 = f64x2.splat(0);
let F67 = f64x2.splat(0);
let L03 = i32x4.splat(0);
let L47 = i32x4.splat(0);

/** Factor of entry q of a column: SparseStack: its block's size; Floyd: m − z + q + 1. */
// @ts-ignore: decorator
@inline
function factorOf(q: i32, z: i32, m: i32, stacked: bool): f64 {
  return stacked ? <f64>(blockStart(q + 1, z, m) - blockStart(q, z, m)) : <f64>(m - z + q + 1);
}

/** Offset of entry q of a column: SparseStack: its block's first row ⌊q·m/z⌋; Floyd: 0. */
// @ts-ignore: decorator
@inline
function offsetOf(q: i32, z: i32, m: i32, stacked: bool): i32 {
  return stacked ? blockStart(q, z, m) : 0;
}

// @ts-ignore: decorator
@inline
function blockStart(q: i32, z: i32, m: i32): i32 {
  return <i32>((<i64>q * <i64>m) / <i64>z);
}

/** Sets lane l of the step's factors and offsets. */
function setLane(l: i32, f: f64, lo: i32): void {
  switch (l) {
    case 0: F01 = f64x2.replace_lane(F01, 0, f); L03 = i32x4.replace_lane(L03, 0, lo); break;
    case 1: F01 = f64x2.replace_lane(F01, 1, f); L03 = i32x4.replace_lane(L03, 1, lo); break;
    case 2: F23 = f64x2.replace_lane(F23, 0, f); L03 = i32x4.replace_lane(L03, 2, lo); break;
    case 3: F23 = f64x2.replace_lane(F23, 1, f); L03 = i32x4.replace_lane(L03, 3, lo); break;
    case 4: F45 = f64x2.replace_lane(F45, 0, f); L47 = i32x4.replace_lane(L47, 0, lo); break;
    case 5: F45 = f64x2.replace_lane(F45, 1, f); L47 = i32x4.replace_lane(L47, 1, lo); break;
    case 6: F67 = f64x2.replace_lane(F67, 0, f); L47 = i32x4.replace_lane(L47, 2, lo); break;
    default: F67 = f64x2.replace_lane(F67, 1, f); L47 = i32x4.replace_lane(L47, 3, lo);
  }
}

/**
 * rows[i] ← offsetOf(q) + ⌊u_i·factorOf(q)⌋ for the k·z entries i = t·z + q: Floyd's candidate
 * rows ⌊u·(i + 1)⌋ or SparseStack's rows. The product is rounded once and is ≥ 0, so truncation
 * is the floor (`Math.floor` in TypeScript), the same rows. For z ≤ 8, eight lanes per step of
 * four f64x2 products: a step covers 8 entries when z divides 8 (lane l is entry l mod z),
 * else one column (its lanes past z are overwritten by the next step); the entries a step
 * cannot cover without reading or writing past the end go one at a time. Larger z: one entry
 * of every column at a time, its factor computed once.
 */
function scaledFloors(k: i32, z: i32, m: i32, stacked: bool, rows: usize, ubuf: usize): void {
  const nz = k * z;
  let i = 0;
  if (z <= 8) {
    for (let l = 0; l < 8; l++) {
      const q = l % z;
      setLane(l, factorOf(q, z, m, stacked), offsetOf(q, z, m, stacked));
    }
    const span = 8 % z == 0 ? 8 : z;
    for (; i + 8 <= nz; i += span) {
      const u = ubuf + (<usize>i << 3);
      const a = i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(v128.load(u), F01));
      const b = i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(v128.load(u, 16), F23));
      const c = i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(v128.load(u, 32), F45));
      const d = i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(v128.load(u, 48), F67));
      const r = rows + (<usize>i << 2);
      v128.store(r, i32x4.add(i8x16.shuffle(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23), L03));
      v128.store(r, i32x4.add(i8x16.shuffle(c, d, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23), L47), 16);
    }
    for (; i < nz; i++) {
      const q = i % z;
      store<i32>(rows + (<usize>i << 2), offsetOf(q, z, m, stacked) + <i32>(load<f64>(ubuf + (<usize>i << 3)) * factorOf(q, z, m, stacked)));
    }
    return;
  }
  for (let q = 0; q < z; q++) {
    const f = factorOf(q, z, m, stacked);
    const lo = offsetOf(q, z, m, stacked);
    for (let j = q; j < nz; j += z) store<i32>(rows + (<usize>j << 2), lo + <i32>(load<f64>(ubuf + (<usize>j << 3)) * f));
  }
}

/**
 * Whether the eight i32 at p are distinct: each compared with the others through rotations of
 * the two i32x4 that hold them (8 comparisons of four lanes). About nine columns in ten of
 * sparse sign at m = 256 (a repeat among eight candidates has probability ≈ 28/256) then skip
 * the serial replacement chain: 65536 columns 1.01 → 0.6 ms.
 */
// @ts-ignore: decorator
@inline
function distinct8(p: usize): bool {
  const a = v128.load(p);
  const b = v128.load(p, 16);
  const a1 = i8x16.shuffle(a, a, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3);
  const a2 = i8x16.shuffle(a, a, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
  const b1 = i8x16.shuffle(b, b, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3);
  const b2 = i8x16.shuffle(b, b, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
  const b3 = i8x16.shuffle(b, b, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
  const within = v128.or(v128.or(i32x4.eq(a, a1), i32x4.eq(a, a2)), v128.or(i32x4.eq(b, b1), i32x4.eq(b, b2)));
  const across = v128.or(v128.or(i32x4.eq(a, b), i32x4.eq(a, b1)), v128.or(i32x4.eq(a, b2), i32x4.eq(a, b3)));
  return !v128.any_true(v128.or(within, across));
}

/**
 * The rows of S for k consecutive columns with z nonzeros each, chosen by Floyd's algorithm:
 * for entry q of column t and i = m − z + q, r = ⌊u·(i + 1)⌋, replaced by i if an earlier row of
 * the column equals it (z distinct rows, every z-subset equally likely). With z = 1 this is
 * ⌊u·m⌋ (CountSketch's `fillIntegers`). Every step is exact or correctly rounded, so the rows
 * equal those of `floydRows` (src/sketch/kinds.ts).
 *
 * The candidates ⌊u·(i + 1)⌋ of all columns come first, eight per step ({@link scaledFloors}),
 * then each column replaces its repeats. For z ≤ 8 the rows chosen so far sit in two i32x4
 * registers (−1 where none yet) and each candidate is compared with all eight at once,
 * branch-free; larger z compares one earlier row at a time. A column of eight distinct
 * candidates skips the chain ({@link distinct8}). 65536 columns, z = 8, m = 256: 1.38 ms with a
 * truncation per draw in the chain, 1.01 ms with the candidates first, 0.57 ms with the skip
 * (Node 20, Xeon).
 */
export function sparseRows(k: i32, z: i32, m: i32, rows: usize, ubuf: usize): void {
  scaledFloors(k, z, m, false, rows, ubuf);
  if (z <= 8) {
    const none = i32x4.splat(-1);
    for (let t = 0; t < k; t++) {
      if (z == 8 && distinct8(rows)) {
        // Floyd keeps distinct candidates as they are (none is ever in the set before it).
        rows += 32;
        continue;
      }
      let lo = none;
      let hi = none;
      for (let i = m - z; i < m; i++) {
        let r = load<i32>(rows);
        const R = i32x4.splat(r);
        r = select<i32>(i, r, v128.any_true(v128.or(i32x4.eq(lo, R), i32x4.eq(hi, R))));
        // Shift r in: lo ← [r, lo₀, lo₁, lo₂], hi ← [lo₃, hi₀, hi₁, hi₂] (order is irrelevant).
        hi = i8x16.shuffle(lo, hi, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27);
        lo = i32x4.replace_lane(i8x16.shuffle(lo, lo, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 0, r);
        store<i32>(rows, r);
        rows += 4;
      }
    }
    return;
  }
  for (let t = 0; t < k; t++) {
    for (let i = m - z, cnt = 0; i < m; i++, cnt++) {
      let r = load<i32>(rows + (<usize>cnt << 2));
      for (let q = 0; q < cnt; q++) {
        if (load<i32>(rows + (<usize>q << 2)) == r) {
          r = i;
          break;
        }
      }
      store<i32>(rows + (<usize>cnt << 2), r);
    }
    rows += <usize>z << 2;
  }
}

/**
 * The rows of S for k consecutive columns of a SparseStack with z blocks of its m rows (block
 * q: rows ⌊q·m/z⌋ … ⌊(q+1)·m/z⌋ − 1): entry q of column t is row ⌊q·m/z⌋ + ⌊u·size_q⌋. The
 * product is below the block's size (u ≤ 1 − 2⁻⁵³), so the row is in the block; the rows equal
 * those of `stackRows` (src/sketch/kinds.ts). 65536 columns, z = 8: 0.28 ms ({@link scaledFloors}).
 */
export function stackRows(k: i32, z: i32, m: i32, rows: usize, ubuf: usize): void {
  scaledFloors(k, z, m, true, rows, ubuf);
}
