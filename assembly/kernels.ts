/**
 * WebAssembly SIMD (128-bit) kernels of randnla, compiled by `scripts/build-wasm.mjs` into
 * `src/core/kernels/wasm-binary.ts`. The JavaScript side (`src/core/kernels/wasm.ts`) owns the
 * linear memory: it copies operands into it (packed here, or by the TypeScript packers for
 * general strides), passes byte addresses, and copies the results back.
 * Nothing here allocates (the runtime is `stub`), so all memory above `heapBase()` is scratch.
 *
 * Reproducibility contract: every kernel performs, for every output element, exactly the
 * floating-point operations of its TypeScript counterpart in the same order: separate
 * multiply and add (never a fused multiply–add, never relaxed SIMD), sums over the inner index
 * in increasing order starting from +0, and the same butterfly expression tree. SIMD lanes only
 * run independent elements side by side, so the results are bit-identical to the TypeScript
 * kernels.
 */

/** First byte of linear memory not used by static data: the start of the scratch area. */
export function heapBase(): usize {
  return __heap_base;
}

// ---------------------------------------------------------------------------------------------
// gemm

/**
 * One 4×4 tile of T = Σ_p a_p b_pᵀ over kc packed steps: a_p = the 4 doubles at pa + 32p
 * (rows of a row panel), b_p = the 4 doubles at pb + 32p (columns of a column panel). The sum
 * starts from +0 and adds one product per step, like the TypeScript micro-kernel. The tile then
 * updates the column-major 4×4 block of C at t (column stride ldtB bytes), see
 * {@link updateColumn}.
 *
 * Registers: 8 f64x2 accumulators, 2 for the A column and 1 broadcast B value. Measured in
 * Node 20 (V8 TurboFan, AMD EPYC Zen 4, one 256×256·256×64 block, CPU time): 4×4 at
 * 19–21 GFLOP/s, 8×2 at 20–21, 6×2 at 19.6, 2×4 at 15.5, while 6×4 (13.0), 4×6 (12.5) and 4×5
 * (11–12) spill (V8 keeps one of the 16 xmm registers as scratch) and unrolling the p loop by 2
 * or 4 costs 30–40% (14.2 and 12.7). 4×4 is kept: as fast as 8×2 and the same shape as the
 * TypeScript kernel, so the packed panels are laid out identically.
 */
// @ts-ignore: decorator
@inline
function tile4x4(kc: i32, pa: usize, pb: usize, t: usize, ldtB: usize, alpha: v128, beta: v128, mode: i32): void {
  let c00 = f64x2.splat(0.0), c10 = f64x2.splat(0.0);
  let c01 = f64x2.splat(0.0), c11 = f64x2.splat(0.0);
  let c02 = f64x2.splat(0.0), c12 = f64x2.splat(0.0);
  let c03 = f64x2.splat(0.0), c13 = f64x2.splat(0.0);
  for (let p = 0; p < kc; p++) {
    const a0 = v128.load(pa);
    const a1 = v128.load(pa, 16);
    const b0 = v128.load64_splat(pb);
    c00 = f64x2.add(c00, f64x2.mul(a0, b0));
    c10 = f64x2.add(c10, f64x2.mul(a1, b0));
    const b1 = v128.load64_splat(pb, 8);
    c01 = f64x2.add(c01, f64x2.mul(a0, b1));
    c11 = f64x2.add(c11, f64x2.mul(a1, b1));
    const b2 = v128.load64_splat(pb, 16);
    c02 = f64x2.add(c02, f64x2.mul(a0, b2));
    c12 = f64x2.add(c12, f64x2.mul(a1, b2));
    const b3 = v128.load64_splat(pb, 24);
    c03 = f64x2.add(c03, f64x2.mul(a0, b3));
    c13 = f64x2.add(c13, f64x2.mul(a1, b3));
    pa += 32;
    pb += 32;
  }
  updateColumn(t, c00, c10, alpha, beta, mode);
  t += ldtB;
  updateColumn(t, c01, c11, alpha, beta, mode);
  t += ldtB;
  updateColumn(t, c02, c12, alpha, beta, mode);
  t += ldtB;
  updateColumn(t, c03, c13, alpha, beta, mode);
}

/**
 * C ← α·T (mode 0), C ← C + α·T (mode 1) or C ← β·C + α·T (mode 2) on the 4 doubles at c,
 * T = (lo, hi): the products α·T and β·C are rounded, then added, exactly as the TypeScript
 * micro-kernel writes `alpha * c00`, `c[q] += alpha * c00` and `beta * c[q] + alpha * c00`.
 */
// @ts-ignore: decorator
@inline
function updateColumn(c: usize, lo: v128, hi: v128, alpha: v128, beta: v128, mode: i32): void {
  let u0 = f64x2.mul(alpha, lo);
  let u1 = f64x2.mul(alpha, hi);
  if (mode == 1) {
    u0 = f64x2.add(v128.load(c), u0);
    u1 = f64x2.add(v128.load(c, 16), u1);
  } else if (mode == 2) {
    u0 = f64x2.add(f64x2.mul(beta, v128.load(c)), u0);
    u1 = f64x2.add(f64x2.mul(beta, v128.load(c, 16)), u1);
  }
  v128.store(c, u0);
  v128.store(c, u1, 16);
}

/**
 * Macro-kernel: the mc×nc block T = Ã·B̃ of one KC slice, from packed A (row panels 4 high,
 * panel r at pa + 32·kc·r) and packed B (column panels 4 wide, panel s at pb + 32·kc·s),
 * applied to the column-major block C at c (leading dimension ldc, a multiple of 4; C must have
 * room for mc rounded up to 4 rows and nc rounded up to 4 columns: ragged tiles update the
 * padding too) as C ← α·T if β = 0, C + α·T if β = 1, β·C + α·T otherwise (the TypeScript
 * formula; β = 0 does not read C). Tiles are visited column panel by column panel, so one
 * 4-wide panel of B stays in L1 while the A block streams from L2.
 *
 * Tiles whose first row ir exceeds diag + (last column of the tile) are skipped: with
 * diag = jc − ic this computes only the tiles touching the upper triangle of the full product
 * (the Gram matrix case); a huge diag computes every tile.
 */
export function gemmBlock(
  kc: i32,
  mc: i32,
  nc: i32,
  pa: usize,
  pb: usize,
  c: usize,
  ldc: i32,
  diag: i32,
  alpha: f64,
  beta: f64,
): void {
  const ldcB = <usize>ldc << 3;
  const panelB = <usize>kc << 5;
  const mode = beta == 0.0 ? 0 : beta == 1.0 ? 1 : 2;
  const av = f64x2.splat(alpha);
  const bv = f64x2.splat(beta);
  for (let jr = 0; jr < nc; jr += 4) {
    const nr = min(4, nc - jr);
    const lim = diag + jr + nr - 1;
    const cj = c + <usize>jr * ldcB;
    let pai = pa;
    for (let ir = 0; ir < mc && ir <= lim; ir += 4) {
      tile4x4(kc, pai, pb, cj + (<usize>ir << 3), ldcB, av, bv, mode);
      pai += panelB;
    }
    pb += panelB;
  }
}

/**
 * Packs an ng×kc block whose group index g is contiguous (element (g, p) at src + 8·(p·ld + g):
 * a column-major block of A, or a row-major block of B) into panels 4 wide: panel r holds
 * (g, p) at dst + 8·(4·kc·r + 4p + g − 4r). The last panel is zero-padded to 4. Pure copies:
 * no arithmetic, so packing here or in TypeScript gives the same panels.
 */
export function packContiguousGroups(src: usize, ld: i32, ng: i32, kc: i32, dst: usize): void {
  const ldB = <usize>ld << 3;
  const full = ng & ~3;
  // Eight steps at a time: a 256×256 block packs in 18 µs this way, against 45 µs panel by
  // panel (which re-reads every cache line of the source twice, half of it each time).
  for (let p0 = 0; p0 < kc; p0 += 8) {
    const pe = min(kc, p0 + 8);
    for (let r = 0; r < full; r += 4) {
      let s = src + ((<usize>p0 * <usize>ld + <usize>r) << 3);
      let d = dst + ((<usize>r * <usize>kc + (<usize>p0 << 2)) << 3);
      for (let p = p0; p < pe; p++) {
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
        s += ldB;
        d += 32;
      }
    }
  }
  if (full < ng) {
    const rem = ng - full;
    let s = src + (<usize>full << 3);
    let d = dst + ((<usize>full * <usize>kc) << 3);
    for (let p = 0; p < kc; p++) {
      for (let g = 0; g < 4; g++) store<f64>(d + (<usize>g << 3), g < rem ? load<f64>(s + (<usize>g << 3)) : 0.0);
      s += ldB;
      d += 32;
    }
  }
}

/**
 * Packs an ng×kc block whose inner index p is contiguous (element (g, p) at
 * src + 8·(g·ld + p): a row-major block of A such as the transpose of a column-major matrix,
 * or a column-major block of B) into the same panels as {@link packContiguousGroups}.
 */
export function packContiguousSteps(src: usize, ld: i32, ng: i32, kc: i32, dst: usize): void {
  const ldB = <usize>ld << 3;
  const full = ng & ~3;
  const kc2 = kc & ~1;
  for (let r = 0; r < full; r += 4) {
    const s0 = src + ((<usize>r * <usize>ld) << 3);
    const s1 = s0 + ldB, s2 = s1 + ldB, s3 = s2 + ldB;
    let d = dst + ((<usize>r * <usize>kc) << 3);
    for (let p = 0; p < kc2; p += 2) {
      const o = <usize>p << 3;
      const v0 = v128.load(s0 + o), v1 = v128.load(s1 + o);
      const v2 = v128.load(s2 + o), v3 = v128.load(s3 + o);
      v128.store(d, v128.shuffle<f64>(v0, v1, 0, 2));
      v128.store(d, v128.shuffle<f64>(v2, v3, 0, 2), 16);
      v128.store(d, v128.shuffle<f64>(v0, v1, 1, 3), 32);
      v128.store(d, v128.shuffle<f64>(v2, v3, 1, 3), 48);
      d += 64;
    }
    if (kc2 < kc) {
      const o = <usize>kc2 << 3;
      store<f64>(d, load<f64>(s0 + o));
      store<f64>(d, load<f64>(s1 + o), 8);
      store<f64>(d, load<f64>(s2 + o), 16);
      store<f64>(d, load<f64>(s3 + o), 24);
    }
  }
  if (full < ng) {
    const rem = ng - full;
    const d0 = dst + ((<usize>full * <usize>kc) << 3);
    for (let g = 0; g < 4; g++) {
      let d = d0 + (<usize>g << 3);
      if (g < rem) {
        let s = src + ((<usize>(full + g) * <usize>ld) << 3);
        for (let p = 0; p < kc; p++) {
          store<f64>(d, load<f64>(s));
          s += 8;
          d += 32;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          store<f64>(d, 0.0);
          d += 32;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Fast Walsh–Hadamard transform

/**
 * Stages h = 1 and h = 2 on n doubles at x (n a multiple of 4): the 4-point transform
 * (a, b, c, d) → (s0 + s1, d0 + d1, s0 − s1, d0 − d1) with s0 = a + b, d0 = a − b,
 * s1 = c + d, d1 = c − d.
 */
function fwhtFirst4(x: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (let p = x; p < end; p += 32) {
    const v0 = v128.load(p); // (a, b)
    const v1 = v128.load(p, 16); // (c, d)
    const u = v128.shuffle<f64>(v0, v1, 0, 2); // (a, c)
    const w = v128.shuffle<f64>(v0, v1, 1, 3); // (b, d)
    const s = f64x2.add(u, w); // (s0, s1)
    const d = f64x2.sub(u, w); // (d0, d1)
    const e = v128.shuffle<f64>(s, d, 0, 2); // (s0, d0)
    const f = v128.shuffle<f64>(s, d, 1, 3); // (s1, d1)
    v128.store(p, f64x2.add(e, f));
    v128.store(p, f64x2.sub(e, f), 16);
  }
}

/** Stages h and 2h fused (radix 4) on n doubles at x; h ≥ 2 even, 4h divides n. */
function fwhtRadix4(x: usize, n: i32, h: i32): void {
  const end = x + (<usize>n << 3);
  const s1 = <usize>h << 3;
  const s2 = s1 << 1;
  const s3 = s1 + s2;
  const s4 = s2 << 1;
  for (let base = x; base < end; base += s4) {
    const stop = base + s1;
    for (let p = base; p < stop; p += 16) {
      const a = v128.load(p);
      const b = v128.load(p + s1);
      const c = v128.load(p + s2);
      const d = v128.load(p + s3);
      const u0 = f64x2.add(a, b);
      const v0 = f64x2.sub(a, b);
      const u1 = f64x2.add(c, d);
      const v1 = f64x2.sub(c, d);
      v128.store(p, f64x2.add(u0, u1));
      v128.store(p + s1, f64x2.add(v0, v1));
      v128.store(p + s2, f64x2.sub(u0, u1));
      v128.store(p + s3, f64x2.sub(v0, v1));
    }
  }
}

/** Stage h alone (radix 2) on n doubles at x; h ≥ 2 even, 2h divides n. */
function fwhtRadix2(x: usize, n: i32, h: i32): void {
  const end = x + (<usize>n << 3);
  const s1 = <usize>h << 3;
  const s2 = s1 << 1;
  for (let base = x; base < end; base += s2) {
    const stop = base + s1;
    for (let p = base; p < stop; p += 16) {
      const a = v128.load(p);
      const b = v128.load(p + s1);
      v128.store(p, f64x2.add(a, b));
      v128.store(p + s1, f64x2.sub(a, b));
    }
  }
}

/** Doubles per cache block: stages within a block run block by block (32 KiB, half of L1). */
const FWHT_BLOCK: i32 = 4096;

/**
 * Unnormalised in-place FWHT (Sylvester order) of the n doubles at x, n a power of two ≥ 4.
 * Runs the stages h = 1, 2, 4, …, n/2 of butterflies (u, v) → (u + v, u − v): the stages with
 * h < FWHT_BLOCK block by block while the block is in L1, the rest over the whole vector; two
 * stages per pass (radix 4). Neither the blocking nor the fusion changes any output's
 * expression tree, so the result is bit-identical to the TypeScript kernel.
 *
 * Measured (Node 20, Zen 4, CPU time, median of 3 processes, copies in and out included),
 * time of the TypeScript kernel / this one: n = 1024: 2.5, 2¹⁴: 3.0, 2¹⁶: 4.4, 2¹⁸: 4.5,
 * 2²⁰: 4.2; batched over contiguous columns 5–6.6.
 */
export function fwht(x: usize, n: i32): void {
  const bk = min(n, FWHT_BLOCK);
  const end = x + (<usize>n << 3);
  const bkB = <usize>bk << 3;
  for (let b = x; b < end; b += bkB) {
    fwhtFirst4(b, bk);
    let h = 4;
    for (; h * 4 <= bk; h <<= 2) fwhtRadix4(b, bk, h);
    if (h < bk) fwhtRadix2(b, bk, h);
  }
  let h = bk;
  for (; h * 4 <= n; h <<= 2) fwhtRadix4(x, n, h);
  if (h < n) fwhtRadix2(x, n, h);
}

/** {@link fwht} of `count` consecutive vectors of n doubles each, starting at x. */
export function fwhtBatch(x: usize, n: i32, count: i32): void {
  const step = <usize>n << 3;
  for (let c = 0; c < count; c++) {
    fwht(x, n);
    x += step;
  }
}

// ---------------------------------------------------------------------------------------------
// Sparse scatter (CountSketch, sparse sign)

/**
 * Scatter-add of eight columns of a row block X (k rows) through a sparse S with z nonzeros
 * per column: for each row i in increasing order and each of its z entries u = i·z … i·z+z−1
 * in increasing order, out[h_u, j] += s_u · X[i, j] for the eight columns j at once. With
 * z = 0 row i has colptr[i+1] − colptr[i] entries (i32 at colptr, colptr[0] = 0: the very
 * sparse sketch), still consecutive in h and s.
 *
 * X[i, j] is the double at x + i·rsB + col_j (col_0 … col_7: eight i32 byte offsets at cols;
 * a group of fewer columns repeats one, its lanes are then ignored). h_u is the i32 at
 * h + 4u (a row of S, 0 ≤ h_u < m), s_u the double at s + 8u. out is bucket-major: entry
 * (h, j) at out + 64h + 8j, so the eight updates of one entry of S are four f64x2 additions
 * on one cache line. Every sum gets its terms in the order of the TypeScript kernel (rows
 * increasing, the z entries of a row increasing, each term the rounded product s_u·X[i, j]),
 * so the result is bit-identical to it.
 *
 * Returns the sum over the rows of ((x₀ + x₁) + (x₂ + x₃) + …)·0 for the eight X[i, j] it
 * reads: ±0 when they are all finite, NaN when one is NaN or ±Infinity (the row sum is then NaN
 * or ±Infinity, times 0 NaN, and NaN stays NaN). This is the finiteness check of A, fused into
 * the scatter; the caller runs the full, ordered check to name the entry. A false alarm needs a
 * row sum of finite values to overflow (entries ≳ 4.5·10³⁰⁷) and only costs that check. (x·0
 * per value would rule it out at 63 more bytes of module.)
 */
export function scatter8(x: usize, rsB: usize, cols: usize, k: i32, z: i32, h: usize, s: usize, out: usize, colptr: usize): f64 {
  const c0 = <usize>load<i32>(cols), c1 = <usize>load<i32>(cols, 4);
  const c2 = <usize>load<i32>(cols, 8), c3 = <usize>load<i32>(cols, 12);
  const c4 = <usize>load<i32>(cols, 16), c5 = <usize>load<i32>(cols, 20);
  const c6 = <usize>load<i32>(cols, 24), c7 = <usize>load<i32>(cols, 28);
  const zero = f64x2.splat(0.0);
  let chk = zero;
  for (let i = 0; i < k; i++) {
    const x01 = v128.load64_lane(x + c1, v128.load64_splat(x + c0), 1);
    const x23 = v128.load64_lane(x + c3, v128.load64_splat(x + c2), 1);
    const x45 = v128.load64_lane(x + c5, v128.load64_splat(x + c4), 1);
    const x67 = v128.load64_lane(x + c7, v128.load64_splat(x + c6), 1);
    chk = f64x2.add(chk, f64x2.mul(f64x2.add(f64x2.add(x01, x23), f64x2.add(x45, x67)), zero));
    const cnt = z > 0 ? z : load<i32>(colptr + (<usize>i << 2), 4) - load<i32>(colptr + (<usize>i << 2));
    for (let u = 0; u < cnt; u++) {
      const o = out + (<usize>load<i32>(h) << 6);
      const v = v128.load64_splat(s);
      v128.store(o, f64x2.add(v128.load(o), f64x2.mul(v, x01)));
      v128.store(o, f64x2.add(v128.load(o, 16), f64x2.mul(v, x23)), 16);
      v128.store(o, f64x2.add(v128.load(o, 32), f64x2.mul(v, x45)), 32);
      v128.store(o, f64x2.add(v128.load(o, 48), f64x2.mul(v, x67)), 48);
      h += 4;
      s += 8;
    }
    x += rsB;
  }
  return f64x2.extract_lane(chk, 0) + f64x2.extract_lane(chk, 1);
}

// ---------------------------------------------------------------------------------------------
// Signs of CountSketch, sparse sign and SparseStack from the Philox streams (src/rng, docs/design.md §3.2;
// their rows: assembly/rows.ts)

/**
 * Rademacher values from Philox words: writes scale·(1 − 2·bit) for the count bits b0 … b0 +
 * count − 1 of the uint32 words at w (bit j is bit j mod 32 of word ⌊j/32⌋, the layout of
 * `fillRademacher`) to the doubles at dst. Each value is exactly ±scale, as in TypeScript. Whole
 * words go two bits per f64x2 step (a mask pair shifted by 2 selects ±scale), the rest one at a
 * time.
 */
export function expandSigns(w: usize, b0: i32, count: i32, scale: f64, dst: usize): void {
  let j = 0;
  // Single bits up to a word boundary, and whole words two bits at a time, then the tail.
  while (j < count && ((b0 + j) & 31) != 0) {
    const b = b0 + j;
    store<f64>(dst + (<usize>j << 3), scale * <f64>(1 - 2 * <i32>((load<u32>(w + (<usize>(b >>> 5) << 2)) >>> (b & 31)) & 1)));
    j++;
  }
  const pos = f64x2.splat(scale);
  const neg = f64x2.splat(-scale);
  for (; j + 32 <= count; j += 32) {
    const word = i64x2.splat(<i64>load<u32>(w + (<usize>((b0 + j) >>> 5) << 2)));
    let mk = i64x2(1, 2);
    const d = dst + (<usize>j << 3);
    for (let q = 0; q < 16; q++) {
      v128.store(d + (<usize>q << 4), v128.bitselect(pos, neg, i64x2.eq(v128.and(word, mk), i64x2.splat(0))));
      mk = i64x2.shl(mk, 2);
    }
  }
  for (; j < count; j++) {
    const b = b0 + j;
    store<f64>(dst + (<usize>j << 3), scale * <f64>(1 - 2 * <i32>((load<u32>(w + (<usize>(b >>> 5) << 2)) >>> (b & 31)) & 1)));
  }
}
