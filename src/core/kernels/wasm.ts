/**
 * Loader of the WebAssembly SIMD kernels (source: `assembly/kernels.ts`; bytes: the generated
 * `wasm-binary.ts`), of the normal generator (`assembly/random.ts`, `wasm-random-binary.ts`:
 * {@link wasmRandom}) and of the module of the sparse sketches and the uniform generator
 * (`assembly/sparse.ts`, `wasm-sparse-binary.ts`: {@link wasmSparse}), which both import the
 * kernels' memory, and owner of that linear memory.
 *
 * - Browser-safe: no Node API. The module bytes are embedded as base64 and decoded here; the
 *   module is compiled and instantiated synchronously (`new WebAssembly.Module`,
 *   `new WebAssembly.Instance`) on first use, so kernels stay synchronous functions. The module
 *   is kept below 4 KB (a test checks it): Chrome long refused synchronous compilation of larger
 *   modules on the main thread (recent versions allow 8 MB). Decoding, compiling and
 *   instantiating it takes under 1 ms in Node 20.
 * - Fallback: if `WebAssembly` is missing, or the engine rejects the module (no 128-bit SIMD:
 *   Safari before 16.4, old Node; or a Content-Security-Policy without 'wasm-unsafe-eval'),
 *   or instantiation fails for any reason, {@link wasmKernels} returns null and every caller
 *   runs its TypeScript kernel. Nothing is thrown or logged.
 * - Memory: the kernels allocate nothing. The JavaScript side lays out scratch regions above
 *   the module's static data (packed A, packed B, the C tile block of gemm, FWHT data, staging
 *   areas for operand blocks, the sparse scatter's block, entries of S and output), grows the
 *   memory on demand and hands byte addresses to the kernels. Memory never shrinks: it stays
 *   at the high-water mark of the largest call (at most about 15 MiB for gemm; 8n bytes for an
 *   FWHT of length n, which is why transforms longer than 2²² run in TypeScript; about
 *   (64 + 12ζ)·blockRows + 64m bytes for the sparse scatter, ζ ≤ 8; 32 KiB for a chunk of
 *   normals or uniforms, 260 KiB for Rademacher values; for a sparse sketch of CSR input, at
 *   most `KERNEL_TREE_MAX_BYTES` of src/sketch/apply.ts). A new layout keeps the contents of every
 *   region (they move up, and are copied), so a caller may keep data in a region across
 *   calls that reserve other regions. Growing detaches every view of the old buffer, so {@link WasmKernels.f64} re-creates its view when the buffer changes;
 *   callers take the view after their last {@link WasmKernels.reserve} call.
 *
 * @internal
 * @module
 */
import { WASM_KERNELS_BASE64 } from './wasm-binary.js';
import { WASM_RANDOM_BASE64 } from './wasm-random-binary.js';
import { WASM_SPARSE_BASE64 } from './wasm-sparse-binary.js';
import { WASM_ROWS_BASE64 } from './wasm-rows-binary.js';
import { WASM_COLUMNS_BASE64 } from './wasm-columns-binary.js';

/** The functions exported by the module (addresses in bytes, sizes in doubles). */
export interface WasmKernelExports {
  readonly memory: WasmMemory;
  heapBase(): number;
  gemmBlock(kc: number, mc: number, nc: number, pa: number, pb: number, c: number, ldc: number, diag: number, alpha: number, beta: number): void;
  fwht(x: number, n: number): void;
  fwhtBatch(x: number, n: number, count: number): void;
  packContiguousGroups(src: number, ld: number, ng: number, kc: number, dst: number): void;
  packContiguousSteps(src: number, ld: number, ng: number, kc: number, dst: number): void;
  scatter8(x: number, rsB: number, cols: number, k: number, z: number, h: number, s: number, out: number, colptr: number): number;
  expandSigns(w: number, b0: number, count: number, scale: number, dst: number): void;
}

/**
 * The function exported by the generator module (assembly/random.ts): the scaled normals of nb
 * Philox blocks (a multiple of 4), two per block, from the block counter (cLo, cHi); dst is a
 * byte address.
 */
export type WasmNormals = (k0: number, k1: number, s0: number, s1: number, cLo: number, cHi: number, nb: number, scale: number, dst: number) => void;

/**
 * The functions exported by the sparse sketch module (assembly/sparse.ts; byte addresses):
 * `csrScatter` adds S·X for the rows of a CSR block into a column-major m×d block and returns 1
 * when the block breaks a rule of `assertCsr` (then nothing is written), else 0; `combineChain`
 * runs 1 to 4 consecutive steps of the reduction tree in one pass (a0 is added into a1, that
 * into a2, …, up to a_levels; a0 … a_{levels−1} are then cleared);
 * `uniforms` writes the two uniforms of each of nb Philox blocks (a multiple of 4) from the block
 * counter (cLo, cHi); `csrFaults` returns 1 when a staged CSR block breaks a rule of
 * `assertCsr`, else 0. From the row-major module (assembly/rows.ts): `bucketRows` buckets the
 * entries of S by row (starts to cur, ends to hend, columns to bt, values to bv), and
 * `rowScatter` adds S·X for a checked chunk of rows t0 … t0+k−1 of a leaf into a row-major
 * m×d node, advancing cur; `transposeRows` copies a row-major m×d block into column-major
 * order. From the column module (assembly/columns.ts): `philoxLanes` runs Philox4x32-10 with one
 * key on `count` counters given as four planes of u32 (plane stride `stride` words, a multiple of
 * 4) and writes four planes; `verySparseSkips` computes the row skips
 * of the first two uniforms of a batch of very sparse columns (two columns per SIMD step), and
 * `verySparseColumns` draws the batch's entries from them and the columns' first Philox blocks
 * (rows, values, and the running count after each column; returns the number of columns done,
 * fewer when `cap` runs short).
 */
export interface WasmSparseExports {
  csrScatter(k: number, d: number, m: number, z: number, indptr: number, indices: number, values: number, colptr: number, rows: number, vals: number, out: number, band: number, cur: number): number;
  csrFaults(k: number, d: number, indptr: number, indices: number, values: number): number;
  bucketRows(k: number, z: number, m: number, colptr: number, rows: number, vals: number, cur: number, hend: number, bt: number, bv: number): void;
  rowScatter(k: number, t0: number, d: number, m: number, indptr: number, indices: number, values: number, cur: number, hend: number, bt: number, bv: number, node: number): void;
  transposeRows(m: number, d: number, src: number, dst: number): void;
  sparseRows(k: number, z: number, m: number, rows: number, ubuf: number): void;
  stackRows(k: number, z: number, m: number, rows: number, ubuf: number): void;
  combineChain(a0: number, a1: number, a2: number, a3: number, a4: number, levels: number, count: number): void;
  philoxLanes(k0: number, k1: number, inp: number, out: number, stride: number, count: number): void;
  uniforms(k0: number, k1: number, s0: number, s1: number, cLo: number, cHi: number, nb: number, dst: number): void;
  verySparseColumns(k0: number, k1: number, planes: number, str: number, skips: number, t0: number, cnt: number, m: number, logq: number, val: number, rows: number, vals: number, ends: number, cap: number): number;
  verySparseSkips(planes: number, str: number, cnt: number, logq: number, skips: number): void;
}

/** The subset of `WebAssembly.Memory` used here. */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The subset of the `WebAssembly` namespace used here (it is not in the ES lib types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** Scratch regions of linear memory, laid out in this order (see the REGION_* constants). */
export type ScratchRegion = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;
/** Region of the packed row panels of A (gemm). */
export const REGION_PACK_A: ScratchRegion = 0;
/** Region of the packed column panels of B (gemm). */
export const REGION_PACK_B: ScratchRegion = 1;
/** Region of the block of slice sums T written by the gemm macro-kernel (C is updated from it). */
export const REGION_TILE: ScratchRegion = 2;
/** Region of the vectors transformed by the FWHT. */
export const REGION_FWHT: ScratchRegion = 3;
/** Region where blocks of A are copied before the module packs them. */
export const REGION_STAGE_A: ScratchRegion = 4;
/** Region where blocks of B are copied before the module packs them. */
export const REGION_STAGE_B: ScratchRegion = 5;
/** Region where columns of a row block are copied for the sparse scatter (CountSketch, sparse sign). */
export const REGION_SCATTER_X: ScratchRegion = 6;
/** Region of the sparse scatter's entries of S: the values (doubles), then the rows and column offsets (i32). */
export const REGION_SCATTER_S: ScratchRegion = 7;
/** Region of the sparse scatter's bucket-major output block. */
export const REGION_SCATTER_OUT: ScratchRegion = 8;
/** Region where the generator writes a chunk of normals or uniforms before they are copied out. */
export const REGION_NORMALS: ScratchRegion = 9;
/**
 * Region of a sparse sketch on the WebAssembly backend: the nodes of its reduction tree, which
 * live across the leaves, then the scratch of one leaf (its rows of S and of A; see
 * `reduceInKernelMemory` in src/sketch/apply.ts).
 */
export const REGION_TREE: ScratchRegion = 10;
const REGIONS = 11;
const PAGE = 65536;
/** Region starts are aligned to 64 bytes (a cache line; the kernels need 16). */
const ALIGN = 64;

/** A loaded kernel module with its memory manager. */
export interface WasmKernels {
  readonly exports: WasmKernelExports;
  /**
   * Ensures that the given regions hold at least the given numbers of doubles and returns the
   * index (in doubles, i.e. the byte address / 8) of each region's first element, in the
   * order of `regions`. Any call may move every region and grow the memory; a region's
   * contents move with it (up to its old capacity), so addresses must be asked again after
   * each call, but data survive.
   */
  reserve(regions: readonly ScratchRegion[], doubles: readonly number[]): number[];
  /** A Float64Array over the whole linear memory (re-created after the memory grows). */
  f64(): Float64Array;
}

/** Standard base64 (with or without padding) to bytes; no Node `Buffer`, no `atob` needed. */
export function decodeBase64(s: string): Uint8Array {
  const table = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) table[alphabet.charCodeAt(i)] = i;
  let len = s.length;
  while (len > 0 && s.charCodeAt(len - 1) === 61 /* '=' */) len--;
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let acc = 0, bits = 0, o = 0;
  for (let i = 0; i < len; i++) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? table[code] : -1;
    if (v < 0) throw new Error(`invalid base64 character at ${i}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}

function createKernels(ex: WasmKernelExports): WasmKernels {
  const memory = ex.memory;
  const base = Math.ceil(ex.heapBase() / ALIGN) * ALIGN;
  const capacity = new Array<number>(REGIONS).fill(0); // bytes
  const start = new Array<number>(REGIONS).fill(base); // bytes
  let view = new Float64Array(memory.buffer);
  const layout = (old: readonly number[]): void => {
    const oldStart = start.slice();
    let p = base;
    for (let r = 0; r < REGIONS; r++) {
      start[r] = p;
      p += capacity[r];
    }
    const need = p - memory.buffer.byteLength;
    if (need > 0) memory.grow(Math.ceil(need / PAGE));
    // Capacities only grow, so regions only move up: copying the last one first never
    // overwrites data not yet moved (copyWithin handles a region overlapping its old place).
    const bytes = new Uint8Array(memory.buffer);
    for (let r = REGIONS - 1; r >= 0; r--) {
      if (old[r] > 0 && start[r] !== oldStart[r]) bytes.copyWithin(start[r], oldStart[r], oldStart[r] + old[r]);
    }
  };
  return {
    exports: ex,
    reserve(regions, doubles) {
      let changed = false;
      const old = capacity.slice();
      for (let i = 0; i < regions.length; i++) {
        const bytes = Math.ceil((doubles[i] * 8) / ALIGN) * ALIGN;
        const r = regions[i];
        if (bytes > capacity[r]) {
          // Grow by at least half again, so that slowly increasing sizes do not re-layout each call.
          capacity[r] = Math.max(bytes, Math.ceil((capacity[r] * 1.5) / ALIGN) * ALIGN);
          changed = true;
        }
      }
      if (changed) layout(old);
      return regions.map((r) => start[r] / 8);
    },
    f64() {
      if (view.buffer !== memory.buffer) view = new Float64Array(memory.buffer);
      return view;
    },
  };
}

/** undefined: not tried yet; null: unavailable. */
let loaded: WasmKernels | null | undefined;

/**
 * The kernel module, instantiated on first call, or null if this engine cannot run it
 * (no WebAssembly, no SIMD, or any failure while compiling or instantiating: the failure is
 * remembered and the TypeScript kernels are used from then on).
 */
export function wasmKernels(): WasmKernels | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  try {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (api === undefined || typeof api.Module !== 'function' || typeof api.Instance !== 'function') return null;
    const module = new api.Module(decodeBase64(WASM_KERNELS_BASE64));
    const instance = new api.Instance(module, {});
    const ex = instance.exports as WasmKernelExports;
    if (typeof ex.gemmBlock !== 'function' || typeof ex.fwht !== 'function' || typeof ex.heapBase !== 'function') return null;
    loaded = createKernels(ex);
  } catch {
    loaded = null;
  }
  return loaded;
}

/**
 * Instantiates a module that imports the kernel module's memory (`env.memory`) and returns its
 * exports, or null when the engine rejects it or an export in `names` is missing.
 */
function attachModule(wk: WasmKernels, base64: string, names: readonly string[]): Record<string, unknown> | null {
  try {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly as WasmApi;
    const module = new api.Module(decodeBase64(base64));
    const ex = new api.Instance(module, { env: { memory: wk.exports.memory } }).exports as Record<string, unknown>;
    return names.every((n) => typeof ex[n] === 'function') ? ex : null;
  } catch {
    return null;
  }
}

/** undefined: not tried yet; null: unavailable. */
let loadedRandom: { wk: WasmKernels; normals: WasmNormals } | null | undefined;

/**
 * The normal generator (assembly/random.ts, a second module of 4.0 KB that imports the kernel
 * module's memory), instantiated on first call together with the kernel module, or null when
 * either cannot run here (the TypeScript generator, which gives the same values, is used then).
 */
export function wasmRandom(): { wk: WasmKernels; normals: WasmNormals } | null {
  if (loadedRandom !== undefined) return loadedRandom;
  const wk = wasmKernels();
  const ex = wk === null ? null : attachModule(wk, WASM_RANDOM_BASE64, ['normals']);
  loadedRandom = wk === null || ex === null ? null : { wk, normals: ex.normals as WasmNormals };
  return loadedRandom;
}

/** undefined: not tried yet; null: unavailable. */
let loadedSparse: { wk: WasmKernels; exports: WasmSparseExports } | null | undefined;

/**
 * The sparse sketch kernels and the uniform generator (assembly/sparse.ts, a third module of
 * 3.7 KB, assembly/rows.ts, a fourth of 1.0 KB with the row-major scatter, and
 * assembly/columns.ts, a fifth of 1.2 KB with the very sparse columns; all import the
 * kernel module's memory), instantiated on first call together with the kernel module, or null
 * when any of them cannot run here (the TypeScript kernels, which give the same bits, are used
 * then).
 */
export function wasmSparse(): { wk: WasmKernels; exports: WasmSparseExports } | null {
  if (loadedSparse !== undefined) return loadedSparse;
  const wk = wasmKernels();
  const ex = wk === null ? null : attachModule(wk, WASM_SPARSE_BASE64, ['csrScatter', 'csrFaults', 'combineChain', 'uniforms']);
  const rows = ex === null || wk === null ? null : attachModule(wk, WASM_ROWS_BASE64, ['bucketRows', 'rowScatter', 'transposeRows', 'sparseRows', 'stackRows']);
  const cols = rows === null || wk === null ? null : attachModule(wk, WASM_COLUMNS_BASE64, ['philoxLanes', 'verySparseSkips', 'verySparseColumns']);
  loadedSparse = wk === null || ex === null || rows === null || cols === null ? null : { wk, exports: { ...ex, ...rows, ...cols } as unknown as WasmSparseExports };
  return loadedSparse;
}

/**
 * Forgets the loaded module, so that the next {@link wasmKernels} call instantiates it again
 * (tests use it to exercise the fallback with a stubbed `WebAssembly`).
 */
export function resetWasmKernels(): void {
  loaded = undefined;
  loadedRandom = undefined;
  loadedSparse = undefined;
}
