/**
 * WebAssembly kernels of the sparse sketches of CSR input in the row-major layout, compiled by
 * `scripts/build-wasm.mjs` into `src/core/kernels/wasm-rows-binary.ts`. A fourth module, beside
 * assembly/sparse.ts (which would pass 4 KB with them): it imports the memory of the kernel
 * module and has no static data.
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
