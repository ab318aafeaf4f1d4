/**
 * Level-3 kernel: general matrix–matrix product C ← α·A·B + β·C on strided views.
 *
 * The blocked path follows the GotoBLAS / BLIS layering:
 *
 * - K. Goto and R. A. van de Geijn, "Anatomy of high-performance matrix multiplication",
 *   ACM Trans. Math. Softw. 34(3), 2008.
 * - F. G. Van Zee and R. A. van de Geijn, "BLIS: A framework for rapidly instantiating BLAS
 *   functionality", ACM Trans. Math. Softw. 41(3), 2015.
 *
 * Five loops around a register micro-kernel. The outermost loop cuts B and C into column
 * blocks of width `NC`; the next cuts the inner dimension into slices of depth `KC` and packs the
 * KC×NC slice of B into contiguous column panels `NR` wide; the third cuts A into row blocks of
 * height `MC` and packs each MC×KC block into row panels `MR` high. The two innermost loops walk
 * the packed panels and call the MR×NR micro-kernel, which keeps the whole C tile in local
 * variables (registers, as far as the JIT allows) and reads both panels strictly sequentially.
 * Because packing reads the operands through their strides, the kernel does not care whether A
 * or B is column-major, row-major, a transpose view or an offset sub-block; ragged edges are
 * zero-padded in the packed panels, so the micro-kernel always runs a full tile.
 *
 * Block sizes and the micro-kernel shape were chosen by measurement in Node 20 (V8 TurboFan,
 * AMD EPYC Zen 4, scalar doubles; CPU time of 3–4 processes per variant, on 1024³, 256×65536×64
 * and Aᵀ·B with A, B 65536×64). The loop is bound by instruction count (V8 emits a bounds check
 * per typed-array load and has 16 xmm registers, so any tile of 16+ accumulators spills):
 * 4×4 ran at 4.6 / 4.4 / 4.4 GFLOP/s; 6×4 at +1% on the square case but −3% on the tall-skinny
 * ones (and −4% on the Gram matrix); 4×8 and 8×4 at −2 to −4% everywhere. Blocks (KC, MC) of
 * (128, 128), (256, 128), (512, 128), (512, 256) and (256, 512) were all within ±2% of the
 * chosen (256, 256); NC only matters once n > NC.
 *
 * Products with fewer than {@link GEMM_SMALL} multiply–adds take a plain loop, since packing
 * does not pay off there, and products with one row or one column of C go to `gemvInto`.
 *
 * Backends. When the WebAssembly backend is active (`backend.ts`), the packed path packs the
 * panels into the module's memory and runs the 4×4 f64x2 macro-kernel of `assembly/kernels.ts`
 * there, which updates a copy of each C block with the same formula as {@link kernel4x4}; the
 * KC slices and every element's order of operations are those of the TypeScript path, so the
 * two backends give bit-identical results (see {@link gemmPackedWasm}). Measured (Node 20,
 * Zen 4, CPU time, median of 3 processes, load 0.8 on 2 cores), TypeScript → WebAssembly:
 * 1024³ 4.5 → 18.3 GFLOP/s, 256×65536·65536×64 3.7 → 18.0, Aᵀ·B with A, B 65536×64
 * 3.6 → 15.7, AᵀA of that A 6.3 → 25.5 (general-product flops; it does half of them); the
 * 4×4 kernel alone runs a 256×256·256×64 block at 20–21.
 *
 * The unpacked loop and the gemv dispatches stay in TypeScript: they are memory-bound, and
 * their operands live in the JavaScript heap, so WebAssembly would first have to copy them;
 * copying a 65536×64 A into the module's memory alone takes 2.5–2.7 ms, against 3.4–3.7 ms for
 * the whole TypeScript gemv (A·x or Aᵀ·y) on it.
 *
 * Internal: no validation. C must not overlap A or B, and distinct (i, j) of C must address
 * distinct elements of its buffer.
 *
 * @internal
 * @module
 */
import { transpose, type DenseMatrix } from '../matrix.js';
import { activeWasmKernels } from './backend.js';
import { gemvInto } from './gemv.js';
import { REGION_PACK_A, REGION_PACK_B, REGION_STAGE_A, REGION_STAGE_B, REGION_TILE, type WasmKernels } from './wasm.js';

/** Micro-kernel tile height (rows of C per micro-kernel call). */
export const GEMM_MR = 4;
/** Micro-kernel tile width (columns of C per micro-kernel call). */
export const GEMM_NR = 4;
/** Depth of one packed slice of the inner dimension (a KC×NR panel of B is 8 KiB: L1). */
export const GEMM_KC = 256;
/** Height of one packed block of A (an MC×KC block is 512 KiB: L2). */
export const GEMM_MC = 256;
/** Width of one packed slice of B (a KC×NC slice is 4 MiB: L3). */
export const GEMM_NC = 2048;
/**
 * Products with m·n·k below this take the unpacked loop. Measured: the packed path is already
 * about twice as fast at 8×8×8 (its overhead is a few hundred nanoseconds), the plain loop wins
 * only on tiny ragged shapes such as 3×5×7.
 */
export const GEMM_SMALL = 8 * 8 * 8;

/** Packed-panel scratch, kept across calls and grown on demand (kernels are synchronous). */
let packA = new Float64Array(GEMM_MR * GEMM_KC);
let packB = new Float64Array(GEMM_NR * GEMM_KC);
/** Tile buffer for ragged edge tiles (column-major MR×NR). */
const tile = new Float64Array(GEMM_MR * GEMM_NR);

/**
 * C ← α·A·B + β·C for an m×k matrix A, a k×n matrix B and an m×n matrix C with any strides
 * (2mnk flops). β = 0 overwrites C without reading it (NaN in C does not propagate). As in the
 * reference BLAS, α = 0 or k = 0 reduces to C ← β·C and A, B are not read; otherwise NaN and
 * ±Infinity in A or B propagate by IEEE rules.
 *
 * Shapes are taken from C (m×n) and A (k = A.cols) and are not checked. The packed path runs
 * on the active kernel backend (WebAssembly SIMD or TypeScript, bit-identical); the small and
 * gemv paths always run in TypeScript (see the module notes).
 */
export function gemmInto(C: DenseMatrix, A: DenseMatrix, B: DenseMatrix, alpha = 1, beta = 0): void {
  const m = C.rows, n = C.cols, k = A.cols;
  if (degenerate(C, k, alpha, beta)) return;
  if (n === 1 && C.rowStride === 1 && B.rowStride === 1) {
    // A matrix–vector product: the packed path would waste 3/4 of each 4×4 tile.
    gemvInto(C.data, A, B.data, alpha, beta, C.offset, B.offset);
  } else if (m === 1 && C.colStride === 1 && A.colStride === 1) {
    // A row-vector–matrix product: Cᵀ = Bᵀ·Aᵀ.
    gemvInto(C.data, transpose(B), A.data, alpha, beta, C.offset, A.offset);
  } else if (m * n * k < GEMM_SMALL) {
    gemmSmallInto(C, A, B, alpha, beta);
  } else {
    gemmPacked(C, A, B, alpha, beta, false);
  }
}

/**
 * The packed (blocked) path of {@link gemmInto} whatever the size. Exposed for tests, which
 * run it on small ragged shapes to exercise every edge case of packing and tiling.
 */
export function gemmPackedInto(C: DenseMatrix, A: DenseMatrix, B: DenseMatrix, alpha = 1, beta = 0): void {
  if (degenerate(C, A.cols, alpha, beta)) return;
  gemmPacked(C, A, B, alpha, beta, false);
}

/**
 * The unpacked path of {@link gemmInto}: a plain triple loop whose order follows A's layout
 * (columns of A scaled into columns of C when A is column-major-like, dot products of rows of
 * A with columns of B otherwise). Same contract as {@link gemmInto}. TypeScript on every
 * backend: at these sizes copying into WebAssembly memory would cost more than the loop.
 */
export function gemmSmallInto(C: DenseMatrix, A: DenseMatrix, B: DenseMatrix, alpha = 1, beta = 0): void {
  const m = C.rows, n = C.cols, k = A.cols;
  if (degenerate(C, k, alpha, beta)) return;
  const a = A.data, ao = A.offset, ars = A.rowStride, acs = A.colStride;
  const b = B.data, bo = B.offset, brs = B.rowStride, bcs = B.colStride;
  const c = C.data, co = C.offset, crs = C.rowStride, ccs = C.colStride;
  if (Math.abs(ars) <= Math.abs(acs)) {
    // C[:, j] = β·C[:, j] + Σ_p A[:, p]·(α·B[p, j]): unit-stride sweeps when A is column-major.
    for (let j = 0; j < n; j++) {
      const cj = co + j * ccs;
      if (beta === 0) for (let i = 0, q = cj; i < m; i++, q += crs) c[q] = 0;
      else if (beta !== 1) for (let i = 0, q = cj; i < m; i++, q += crs) c[q] *= beta;
      for (let p = 0; p < k; p++) {
        const t = alpha * b[bo + p * brs + j * bcs];
        for (let i = 0, q = cj, s = ao + p * acs; i < m; i++, q += crs, s += ars) c[q] += a[s] * t;
      }
    }
  } else {
    // C[i, j] = α·(A[i, :]·B[:, j]) + β·C[i, j]: unit-stride dots when A is row-major.
    for (let j = 0; j < n; j++) {
      const bj = bo + j * bcs;
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let p = 0, x = ao + i * ars, y = bj; p < k; p++, x += acs, y += brs) s += a[x] * b[y];
        const q = co + i * crs + j * ccs;
        c[q] = beta === 0 ? alpha * s : alpha * s + beta * c[q];
      }
    }
  }
}

/**
 * C ← AᵀA for an m×n matrix A of any strides and an n×n matrix C (overwritten; β = 0
 * semantics). Computes only the 4×4 tiles on and above the diagonal (about mn² + 4mn flops
 * instead of 2mn²) and then copies the upper triangle onto the lower, so C is exactly
 * symmetric. Tiny problems and n ≤ 2 (where 4×4 tiles would be mostly padding) take plain dot
 * products of the columns.
 */
export function gramInto(C: DenseMatrix, A: DenseMatrix): void {
  const n = A.cols, m = A.rows;
  if (n === 0) return;
  const c = C.data, co = C.offset, crs = C.rowStride, ccs = C.colStride;
  if (m === 0) {
    scaleMatrixInPlace(C, 0);
    return;
  }
  if (n <= 2 || m * n * n < GEMM_SMALL) {
    const a = A.data, ao = A.offset, ars = A.rowStride, acs = A.colStride;
    for (let j = 0; j < n; j++) {
      for (let i = 0; i <= j; i++) {
        let s = 0;
        for (let p = 0, x = ao + i * acs, y = ao + j * acs; p < m; p++, x += ars, y += ars) s += a[x] * a[y];
        c[co + i * crs + j * ccs] = s;
      }
    }
  } else {
    gemmPacked(C, transpose(A), A, 1, 0, true);
  }
  for (let j = 0; j < n; j++) {
    for (let i = j + 1; i < n; i++) c[co + i * crs + j * ccs] = c[co + j * crs + i * ccs];
  }
}

/**
 * The BLAS conventions every entry point shares: an empty C needs nothing, and α = 0 or k = 0
 * reduces the product to C ← β·C without reading A or B. Returns true when that settled it.
 */
function degenerate(C: DenseMatrix, k: number, alpha: number, beta: number): boolean {
  if (C.rows === 0 || C.cols === 0) return true;
  if (alpha === 0 || k === 0) {
    scaleMatrixInPlace(C, beta);
    return true;
  }
  return false;
}

/** C ← β·C (β = 0 writes zeros, so NaN in C does not survive). */
function scaleMatrixInPlace(C: DenseMatrix, beta: number): void {
  if (beta === 1) return;
  const { rows, cols, data, offset, rowStride, colStride } = C;
  for (let j = 0; j < cols; j++) {
    for (let i = 0, q = offset + j * colStride; i < rows; i++, q += rowStride) {
      data[q] = beta === 0 ? 0 : beta * data[q];
    }
  }
}

/** ⌈x / d⌉·d for positive integers. */
function roundUp(x: number, d: number): number {
  return Math.ceil(x / d) * d;
}

/**
 * The five-loop blocked product. Block sizes are balanced (k = 300 is cut 150 + 150, not
 * 256 + 44) so that no slice is needlessly thin. `upper` restricts work to tiles that touch
 * the diagonal or lie above it (used by {@link gramInto}; the caller fills the rest).
 */
function gemmPacked(C: DenseMatrix, A: DenseMatrix, B: DenseMatrix, alpha: number, beta: number, upper: boolean): void {
  const wk = activeWasmKernels();
  if (wk !== null) {
    gemmPackedWasm(wk, C, A, B, alpha, beta, upper);
    return;
  }
  const m = C.rows, n = C.cols, k = A.cols;
  const KCb = Math.ceil(k / Math.ceil(k / GEMM_KC));
  const MCb = roundUp(Math.ceil(m / Math.ceil(m / GEMM_MC)), GEMM_MR);
  const NCb = roundUp(Math.ceil(n / Math.ceil(n / GEMM_NC)), GEMM_NR);
  if (packA.length < MCb * KCb) packA = new Float64Array(MCb * KCb);
  if (packB.length < NCb * KCb) packB = new Float64Array(NCb * KCb);
  const pa = packA, pb = packB;
  const c = C.data, crs = C.rowStride, ccs = C.colStride, co = C.offset;
  for (let jc = 0; jc < n; jc += NCb) {
    const nc = Math.min(NCb, n - jc);
    for (let pc = 0; pc < k; pc += KCb) {
      const kc = Math.min(KCb, k - pc);
      const bt = pc === 0 ? beta : 1;
      packPanelsB(B, pc, kc, jc, nc, pb);
      for (let ic = 0; ic < m; ic += MCb) {
        if (upper && ic > jc + nc - 1) break;
        const mc = Math.min(MCb, m - ic);
        packPanelsA(A, ic, mc, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += GEMM_NR) {
          const nr = Math.min(GEMM_NR, nc - jr);
          const ib = jr * kc;
          const cj = co + (jc + jr) * ccs;
          const lastCol = jc + jr + nr - 1;
          for (let ir = 0; ir < mc; ir += GEMM_MR) {
            if (upper && ic + ir > lastCol) break;
            const mr = Math.min(GEMM_MR, mc - ir);
            kernel4x4(kc, pa, ir * kc, pb, ib, c, cj + (ic + ir) * crs, crs, ccs, alpha, bt, mr, nr);
          }
        }
      }
    }
  }
}

/**
 * Columns of C per call of the WebAssembly macro-kernel: the C block it updates in the module's
 * memory (MC×64 doubles, 128 KiB) stays in L2 between the copy in and the copy out.
 */
const WASM_NCHUNK = 64;

/**
 * {@link gemmPacked} on the WebAssembly SIMD backend, bit-identical to the TypeScript path.
 *
 * The inner dimension is cut into exactly the same KC slices (KCb = ⌈k / ⌈k/KC⌉⌉), the
 * operands are packed into the same 4×4 panels in the module's memory, and the macro-kernel
 * computes each slice's sums T(i, j) = Σ_p a_ip·b_pj in increasing p from +0 with separate
 * multiply and add, like {@link kernel4x4}, then updates a copy of the C block with the same
 * formula (α·T, c + α·T or β·c + α·T), so every element of C goes through the same operations
 * in the same order. With `upper`, only elements on or above the diagonal are written back (the
 * caller overwrites the rest).
 *
 * Measured (CPU profile of Aᵀ·B, A, B 65536×64): updating C from JavaScript element by element
 * took 8% of the time (2.8 ns per element), against about 1% for the copies in and out with
 * `set` and the update inside the module.
 */
function gemmPackedWasm(
  wk: WasmKernels,
  C: DenseMatrix,
  A: DenseMatrix,
  B: DenseMatrix,
  alpha: number,
  beta: number,
  upper: boolean,
): void {
  const m = C.rows, n = C.cols, k = A.cols;
  const KCb = Math.ceil(k / Math.ceil(k / GEMM_KC));
  const MCb = roundUp(Math.ceil(m / Math.ceil(m / GEMM_MC)), GEMM_MR);
  const NCb = roundUp(Math.ceil(n / Math.ceil(n / GEMM_NC)), GEMM_NR);
  const ldt = MCb;
  // Staging windows (see packWasm): several KC slices of a "contiguous steps" operand are
  // copied at once when its block spans the whole operand (one row block of A; B always).
  const wA = m <= MCb ? KCb * Math.max(1, Math.floor(WASM_STAGE / (MCb * KCb))) : KCb;
  const wB = KCb * Math.max(1, Math.floor(WASM_STAGE / (NCb * KCb)));
  // ot: the C block (ldt×64, column-major) that the macro-kernel updates.
  const [oa, ob, ot, osa, osb] = wk.reserve(
    [REGION_PACK_A, REGION_PACK_B, REGION_TILE, REGION_STAGE_A, REGION_STAGE_B],
    [MCb * KCb, NCb * KCb, ldt * WASM_NCHUNK, MCb * wA, NCb * wB],
  );
  const stA: Stage = { at: osa, width: wA, g0: -1, ng: 0, w0: 0, w1: 0 };
  const stB: Stage = { at: osb, width: wB, g0: -1, ng: 0, w0: 0, w1: 0 };
  const mem = wk.f64();
  const gemmBlock = wk.exports.gemmBlock;
  const c = C.data, crs = C.rowStride, ccs = C.colStride, co = C.offset;
  for (let jc = 0; jc < n; jc += NCb) {
    const nc = Math.min(NCb, n - jc);
    for (let pc = 0; pc < k; pc += KCb) {
      const kc = Math.min(KCb, k - pc);
      const bt = pc === 0 ? beta : 1;
      packWasm(wk, mem, B, B.colStride, B.rowStride, jc, nc, pc, kc, k, stB, ob, false);
      for (let ic = 0; ic < m; ic += MCb) {
        if (upper && ic > jc + nc - 1) break;
        const mc = Math.min(MCb, m - ic);
        packWasm(wk, mem, A, A.rowStride, A.colStride, ic, mc, pc, kc, k, stA, oa, true);
        for (let jh = 0; jh < nc; jh += WASM_NCHUNK) {
          const nh = Math.min(WASM_NCHUNK, nc - jh);
          const j0 = jc + jh;
          if (upper && ic > j0 + nh - 1) continue;
          // The C block goes through the module's memory: copied in (unless β = 0 for this
          // slice), updated there by the macro-kernel with the TypeScript formula, copied out.
          const q0 = co + ic * crs + j0 * ccs;
          const contiguous = crs === 1 && ccs === ldt && mc === ldt;
          if (bt !== 0) {
            if (contiguous) mem.set(c.subarray(q0, q0 + ldt * nh), ot);
            else if (crs === 1) for (let j = 0; j < nh; j++) mem.set(c.subarray(q0 + j * ccs, q0 + j * ccs + mc), ot + j * ldt);
            else for (let j = 0; j < nh; j++) for (let i = 0, q = q0 + j * ccs, t = ot + j * ldt; i < mc; i++, q += crs, t++) mem[t] = c[q];
          }
          gemmBlock(kc, mc, nh, oa * 8, (ob + jh * kc) * 8, ot * 8, ldt, upper ? j0 - ic : 0x3fffffff, alpha, bt);
          if (contiguous && !upper) {
            c.set(mem.subarray(ot, ot + ldt * nh), q0);
          } else {
            for (let j = 0; j < nh; j++) {
              // With `upper`, only rows on or above the diagonal (the caller mirrors them).
              const iEnd = upper ? Math.min(mc, j0 + j - ic + 1) : mc;
              if (iEnd <= 0) continue;
              const t0 = ot + j * ldt, qj = q0 + j * ccs;
              if (crs === 1) c.set(mem.subarray(t0, t0 + iEnd), qj);
              else for (let i = 0, q = qj; i < iEnd; i++, q += crs) c[q] = mem[t0 + i];
            }
          }
        }
      }
    }
  }
}

/**
 * Doubles of one staging window (1 MiB). Copying 64 columns 2048 steps at a time runs at about
 * 9 µs per 256 steps, against 24 µs when each KC slice (256 steps) is copied on its own: long
 * runs keep the hardware prefetchers busy.
 */
const WASM_STAGE = 1 << 17;

/** A staging area and the window of the operand it holds (groups g0.., steps w0..w1−1). */
interface Stage {
  readonly at: number;
  /** Capacity in steps: the leading dimension of the staged copy when steps are contiguous. */
  readonly width: number;
  g0: number;
  ng: number;
  w0: number;
  w1: number;
}

/**
 * Packs the ng×kc block of X whose element (g, p) is X.data[X.offset + (g0+g)·gs + (p0+p)·ps]
 * (0 ≤ p0, p0 + kc ≤ kTotal) into 4-wide panels at mem[dst] (the layout of {@link packPanelsA}
 * with g = row, and of {@link packPanelsB} with g = column).
 *
 * When either stride is 1 the block is copied into the staging area with `set` and the module
 * packs it with 128-bit loads and shuffles, about twice as fast as packing element by element
 * from JavaScript. Groups contiguous (gs = 1): the ng×kc block is copied (in one `set` if it is
 * contiguous). Steps contiguous (ps = 1): the copy covers a window of up to `st.width` steps
 * from p0 on, and later calls for the same groups and steps inside the window reuse it. Other
 * strides use the TypeScript packers. Either way the panels hold the same values: packing only
 * moves numbers.
 */
function packWasm(
  wk: WasmKernels,
  mem: Float64Array,
  X: DenseMatrix,
  gs: number,
  ps: number,
  g0: number,
  ng: number,
  p0: number,
  kc: number,
  kTotal: number,
  st: Stage,
  dst: number,
  isA: boolean,
): void {
  const data = X.data;
  if (gs === 1) {
    const base = X.offset + g0 + p0 * ps;
    if (ps === ng || kc === 1) mem.set(data.subarray(base, base + ng * kc), st.at);
    else for (let p = 0, s = base, d = st.at; p < kc; p++, s += ps, d += ng) mem.set(data.subarray(s, s + ng), d);
    wk.exports.packContiguousGroups(st.at * 8, ng, ng, kc, dst * 8);
  } else if (ps === 1) {
    const W = st.width;
    if (st.g0 !== g0 || st.ng !== ng || p0 < st.w0 || p0 + kc > st.w1) {
      const w1 = Math.min(kTotal, p0 + W);
      const len = w1 - p0;
      const base = X.offset + g0 * gs + p0;
      for (let g = 0, s = base, d = st.at; g < ng; g++, s += gs, d += W) mem.set(data.subarray(s, s + len), d);
      st.g0 = g0;
      st.ng = ng;
      st.w0 = p0;
      st.w1 = w1;
    }
    wk.exports.packContiguousSteps((st.at + p0 - st.w0) * 8, W, ng, kc, dst * 8);
  } else if (isA) {
    packPanelsA(X, g0, ng, p0, kc, mem.subarray(dst));
  } else {
    packPanelsB(X, p0, kc, g0, ng, mem.subarray(dst));
  }
}

/**
 * Packs rows i0..i0+mc−1, columns p0..p0+kc−1 of A into row panels MR high: panel r holds
 * entry (i, p) at r·MR·kc + p·MR + (i − r·MR). The last panel is zero-padded to MR rows.
 */
function packPanelsA(A: DenseMatrix, i0: number, mc: number, p0: number, kc: number, pa: Float64Array): void {
  const { data, offset, rowStride: rs, colStride: cs } = A;
  const full = mc - (mc % GEMM_MR);
  if (rs === 1) {
    // Column-major A: read each column segment contiguously, scatter 4 at a time.
    const panel = GEMM_MR * kc;
    for (let p = 0; p < kc; p++) {
      const s0 = offset + i0 + (p0 + p) * cs;
      for (let ir = 0, d = p * GEMM_MR; ir < full; ir += GEMM_MR, d += panel) {
        const s = s0 + ir;
        pa[d] = data[s];
        pa[d + 1] = data[s + 1];
        pa[d + 2] = data[s + 2];
        pa[d + 3] = data[s + 3];
      }
    }
  } else {
    // Row-major-like A (e.g. the transpose of a column-major matrix): walk four rows at once,
    // each read in order (unit stride when cs = 1), and write the panel sequentially.
    for (let ir = 0; ir < full; ir += GEMM_MR) {
      const s0 = offset + (i0 + ir) * rs + p0 * cs, s1 = s0 + rs, s2 = s1 + rs, s3 = s2 + rs;
      for (let p = 0, t = 0, d = ir * kc; p < kc; p++, t += cs, d += GEMM_MR) {
        pa[d] = data[s0 + t];
        pa[d + 1] = data[s1 + t];
        pa[d + 2] = data[s2 + t];
        pa[d + 3] = data[s3 + t];
      }
    }
  }
  if (full < mc) {
    const mr = mc - full;
    const base = offset + (i0 + full) * rs + p0 * cs;
    const q = full * kc;
    for (let i = 0; i < GEMM_MR; i++) {
      if (i < mr) {
        for (let p = 0, s = base + i * rs, d = q + i; p < kc; p++, s += cs, d += GEMM_MR) pa[d] = data[s];
      } else {
        for (let p = 0, d = q + i; p < kc; p++, d += GEMM_MR) pa[d] = 0;
      }
    }
  }
}

/**
 * Packs rows p0..p0+kc−1, columns j0..j0+nc−1 of B into column panels NR wide: panel r holds
 * entry (p, j) at r·NR·kc + p·NR + (j − r·NR). The last panel is zero-padded to NR columns.
 */
function packPanelsB(B: DenseMatrix, p0: number, kc: number, j0: number, nc: number, pb: Float64Array): void {
  const { data, offset, rowStride: rs, colStride: cs } = B;
  const full = nc - (nc % GEMM_NR);
  if (cs === 1) {
    // Row-major B: read each row segment contiguously, scatter 4 at a time.
    const panel = GEMM_NR * kc;
    for (let p = 0; p < kc; p++) {
      const s0 = offset + (p0 + p) * rs + j0;
      for (let jr = 0, d = p * GEMM_NR; jr < full; jr += GEMM_NR, d += panel) {
        const s = s0 + jr;
        pb[d] = data[s];
        pb[d + 1] = data[s + 1];
        pb[d + 2] = data[s + 2];
        pb[d + 3] = data[s + 3];
      }
    }
  } else {
    // Column-major-like B: walk four columns at once, each read in order (unit stride when
    // rs = 1), and write the panel sequentially.
    for (let jr = 0; jr < full; jr += GEMM_NR) {
      const s0 = offset + p0 * rs + (j0 + jr) * cs, s1 = s0 + cs, s2 = s1 + cs, s3 = s2 + cs;
      for (let p = 0, t = 0, d = jr * kc; p < kc; p++, t += rs, d += GEMM_NR) {
        pb[d] = data[s0 + t];
        pb[d + 1] = data[s1 + t];
        pb[d + 2] = data[s2 + t];
        pb[d + 3] = data[s3 + t];
      }
    }
  }
  if (full < nc) {
    const nr = nc - full;
    const base = offset + p0 * rs + (j0 + full) * cs;
    const q = full * kc;
    for (let j = 0; j < GEMM_NR; j++) {
      if (j < nr) {
        for (let p = 0, s = base + j * cs, d = q + j; p < kc; p++, s += rs, d += GEMM_NR) pb[d] = data[s];
      } else {
        for (let p = 0, d = q + j; p < kc; p++, d += GEMM_NR) pb[d] = 0;
      }
    }
  }
}

/**
 * The 4×4 register micro-kernel: T = Σ_p a_p b_pᵀ over kc packed steps (a_p = pa[ia+4p..+3],
 * b_p = pb[ib+4p..+3]), then C_tile ← α·T + β·C_tile for the top-left mr×nr part of the tile
 * at c[co] (strides rs, cs). β = 0 overwrites; β = 1 accumulates (later KC slices).
 */
function kernel4x4(
  kc: number,
  pa: Float64Array,
  ia: number,
  pb: Float64Array,
  ib: number,
  c: Float64Array,
  co: number,
  rs: number,
  cs: number,
  alpha: number,
  beta: number,
  mr: number,
  nr: number,
): void {
  let c00 = 0, c10 = 0, c20 = 0, c30 = 0;
  let c01 = 0, c11 = 0, c21 = 0, c31 = 0;
  let c02 = 0, c12 = 0, c22 = 0, c32 = 0;
  let c03 = 0, c13 = 0, c23 = 0, c33 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = pa[ia], a1 = pa[ia + 1], a2 = pa[ia + 2], a3 = pa[ia + 3];
    const b0 = pb[ib], b1 = pb[ib + 1], b2 = pb[ib + 2], b3 = pb[ib + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    ia += 4;
    ib += 4;
  }
  if (mr === 4 && nr === 4) {
    const r1 = rs, r2 = 2 * rs, r3 = 3 * rs;
    const q0 = co, q1 = co + cs, q2 = q1 + cs, q3 = q2 + cs;
    if (beta === 0) {
      c[q0] = alpha * c00; c[q0 + r1] = alpha * c10; c[q0 + r2] = alpha * c20; c[q0 + r3] = alpha * c30;
      c[q1] = alpha * c01; c[q1 + r1] = alpha * c11; c[q1 + r2] = alpha * c21; c[q1 + r3] = alpha * c31;
      c[q2] = alpha * c02; c[q2 + r1] = alpha * c12; c[q2 + r2] = alpha * c22; c[q2 + r3] = alpha * c32;
      c[q3] = alpha * c03; c[q3 + r1] = alpha * c13; c[q3 + r2] = alpha * c23; c[q3 + r3] = alpha * c33;
    } else if (beta === 1) {
      c[q0] += alpha * c00; c[q0 + r1] += alpha * c10; c[q0 + r2] += alpha * c20; c[q0 + r3] += alpha * c30;
      c[q1] += alpha * c01; c[q1 + r1] += alpha * c11; c[q1 + r2] += alpha * c21; c[q1 + r3] += alpha * c31;
      c[q2] += alpha * c02; c[q2 + r1] += alpha * c12; c[q2 + r2] += alpha * c22; c[q2 + r3] += alpha * c32;
      c[q3] += alpha * c03; c[q3 + r1] += alpha * c13; c[q3 + r2] += alpha * c23; c[q3 + r3] += alpha * c33;
    } else {
      c[q0] = beta * c[q0] + alpha * c00; c[q0 + r1] = beta * c[q0 + r1] + alpha * c10;
      c[q0 + r2] = beta * c[q0 + r2] + alpha * c20; c[q0 + r3] = beta * c[q0 + r3] + alpha * c30;
      c[q1] = beta * c[q1] + alpha * c01; c[q1 + r1] = beta * c[q1 + r1] + alpha * c11;
      c[q1 + r2] = beta * c[q1 + r2] + alpha * c21; c[q1 + r3] = beta * c[q1 + r3] + alpha * c31;
      c[q2] = beta * c[q2] + alpha * c02; c[q2 + r1] = beta * c[q2 + r1] + alpha * c12;
      c[q2 + r2] = beta * c[q2 + r2] + alpha * c22; c[q2 + r3] = beta * c[q2 + r3] + alpha * c32;
      c[q3] = beta * c[q3] + alpha * c03; c[q3 + r1] = beta * c[q3 + r1] + alpha * c13;
      c[q3 + r2] = beta * c[q3 + r2] + alpha * c23; c[q3 + r3] = beta * c[q3 + r3] + alpha * c33;
    }
    return;
  }
  // Ragged edge tile: spill to the tile buffer and write only the mr×nr part that exists.
  const T = tile;
  T[0] = c00; T[1] = c10; T[2] = c20; T[3] = c30;
  T[4] = c01; T[5] = c11; T[6] = c21; T[7] = c31;
  T[8] = c02; T[9] = c12; T[10] = c22; T[11] = c32;
  T[12] = c03; T[13] = c13; T[14] = c23; T[15] = c33;
  for (let j = 0; j < nr; j++) {
    for (let i = 0; i < mr; i++) {
      const q = co + i * rs + j * cs;
      const v = alpha * T[i + 4 * j];
      c[q] = beta === 0 ? v : beta === 1 ? c[q] + v : beta * c[q] + v;
    }
  }
}
