/**
 * Random values at fixed positions of a stream (`docs/design.md` §3.2).
 *
 * Every value is a pure function of (key, stream, position): block `c` of a stream is
 * `philox4x32_10(key, [c_lo, c_hi, s0, s1])` with `c_lo`, `c_hi` the low and high 32 bits of
 * `c`, and position `k` (a non-negative integer up to 2⁵³) reads
 *
 * | value | position k uses |
 * |---|---|
 * | uint32 | word `k mod 4` of block `⌊k/4⌋` |
 * | uniform in [0, 1) | words (0, 1) (k even) or (2, 3) (k odd) of block `⌊k/2⌋`: 53 bits |
 * | standard normal | Box–Muller on the two uniforms of block `⌊k/2⌋`; even k: r·cos θ, odd k: r·sin θ (randnla's own ln, sin, cos: `elementary.ts`) |
 * | Rademacher sign | bit `k mod 32` of word `⌊k/32⌋ mod 4` of block `⌊k/128⌋`; bit set → −1 |
 * | integer in [0, n) | `⌊u_k · n⌋` with `u_k` the uniform at k |
 *
 * so any slice of a random vector or matrix can be generated on its own, and the result never
 * depends on chunking, order or the number of workers.
 *
 * These functions are the hot path: they do **not** validate their arguments. Public
 * randomized functions validate once at their edge (`toRngState`) and then call these.
 *
 * Reference: Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11;
 * Box & Muller, "A note on the generation of random normal deviates", Ann. Math. Stat. 1958.
 *
 * @module
 */
import { activeWasmKernels, activeWasmRandom, activeWasmSparse } from '../core/kernels/backend.js';
import { REGION_NORMALS, type WasmKernels } from '../core/kernels/wasm.js';
import { boxMuller } from './elementary.js';
import { philox4x32_10, philoxBlocks } from './philox.js';
import type { RngState } from './state.js';

const TWO_32 = 4294967296;
/** 2⁻⁵³. */
const INV_2_53 = 1.1102230246251565e-16;
/** 2²⁶. */
const TWO_26 = 67108864;

/** One Philox block of scratch, reused by every function here (no allocation per value). */
const w = new Uint32Array(4);

/**
 * Blocks generated per batch by the `fill…` functions: a 4 KiB scratch buffer of words,
 * reused by every call (no allocation per call), filled by {@link philoxBlocks} four blocks
 * at a time.
 */
const BATCH = 256;
const wb = new Uint32Array(4 * BATCH);

/** Fills `wb` with `nb` ≤ BATCH consecutive blocks of stream `s`, starting at block `c`. */
function batchInto(k0: number, k1: number, s0: number, s1: number, c: number, nb: number): void {
  philoxBlocks(k0, k1, c >>> 0, Math.floor(c / TWO_32), s0, s1, nb, wb, 0);
}

/** Computes block `c` of stream `s` into the scratch `w`. */
function blockInto(s: RngState, c: number): void {
  philox4x32_10(s.key[0], s.key[1], c >>> 0, Math.floor(c / TWO_32), s.stream[0], s.stream[1], w, 0);
}

/** The 53-bit uniform `((a >>> 5)·2²⁶ + (b >>> 6))·2⁻⁵³` from a high word a and a low word b. */
function u53(a: number, b: number): number {
  return ((a >>> 5) * TWO_26 + (b >>> 6)) * INV_2_53;
}

/**
 * The uint32 at position `k`: word `k mod 4` of block `⌊k/4⌋`.
 *
 * Cost: one Philox block. Not validated (hot path).
 *
 * @param s stream state
 * @param k position, a non-negative integer ≤ 2⁵³
 * @returns an integer in [0, 2³²)
 */
export function uint32At(s: RngState, k: number): number {
  blockInto(s, Math.floor(k / 4));
  return w[k % 4];
}

/**
 * The uniform double in [0, 1) at position `k`, with 53 random bits: from words
 * `(a, b) = (0, 1)` (k even) or `(2, 3)` (k odd) of block `⌊k/2⌋`,
 * `u = ((a >>> 5)·2²⁶ + (b >>> 6))·2⁻⁵³`, a multiple of 2⁻⁵³ in [0, 1 − 2⁻⁵³].
 *
 * Cost: one Philox block. Not validated (hot path).
 *
 * Reference: Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11.
 *
 * @param s stream state
 * @param k position, a non-negative integer ≤ 2⁵³
 */
export function uniformAt(s: RngState, k: number): number {
  blockInto(s, Math.floor(k / 2));
  return k % 2 === 0 ? u53(w[0], w[1]) : u53(w[2], w[3]);
}

/** One Box–Muller pair of scratch (normalAt, and the odd head / even tail of fillNormal). */
const pair = new Float64Array(2);

/**
 * The standard normal at position `k`, by Box–Muller on the two uniforms `u₁` (words 0, 1) and
 * `u₂` (words 2, 3) of block `⌊k/2⌋`: `r = √(−2 ln(1 − u₁))` (1 − u₁ ∈ (0, 1], so log 0 never
 * occurs; |value| ≤ √(106 ln 2) ≈ 8.57), `θ = 2π·u₂`; even k gives `r·cos θ`, odd k `r·sin θ`.
 * Positions 2j and 2j+1 are the two independent normals of one Box–Muller pair.
 *
 * The logarithm, sine and cosine are randnla's own (`elementary.ts`: IEEE basic operations
 * only, within 2 ulp of the true values), not `Math.log`, `Math.cos` and `Math.sin`, whose last
 * bit the language leaves to each engine: so the values are bit-identical on every engine and
 * equal to those of the WebAssembly generator.
 *
 * Cost: one Philox block, a logarithm, a square root, a sine and a cosine. Not validated.
 *
 * Reference: Box & Muller (1958); Salmon, Moraes, Dror, Shaw, SC'11.
 *
 * @param s stream state
 * @param k position, a non-negative integer ≤ 2⁵³
 */
export function normalAt(s: RngState, k: number): number {
  blockInto(s, Math.floor(k / 2));
  boxMuller(w[0], w[1], w[2], w[3], 1, pair, 0);
  return k % 2 === 0 ? pair[0] : pair[1];
}

/**
 * The Rademacher sign at position `k`: bit `k mod 32` of word `⌊k/32⌋ mod 4` of block
 * `⌊k/128⌋`; a set bit gives −1, a clear bit +1 (like an IEEE sign bit).
 *
 * Cost: one Philox block (128 signs per block when filled with {@link fillRademacher}).
 * Not validated.
 *
 * @param s stream state
 * @param k position, a non-negative integer ≤ 2⁵³
 */
export function signAt(s: RngState, k: number): 1 | -1 {
  blockInto(s, Math.floor(k / 128));
  const i = k % 128;
  return (w[i >>> 5] >>> (i & 31)) & 1 ? -1 : 1;
}

/**
 * The integer `⌊u_k · n⌋` in [0, n) at position `k`, with `u_k = uniformAt(s, k)`. No
 * rejection, so the bias of each value is at most n·2⁻⁵³ (below 2⁻²² for n < 2³¹). The result
 * is < n for every integer 1 ≤ n ≤ 2⁵³ (the product u·n rounds below n).
 *
 * Cost: one Philox block. Not validated.
 *
 * @param s stream state
 * @param k position, a non-negative integer ≤ 2⁵³
 * @param n number of outcomes, a positive integer
 */
export function integerAt(s: RngState, k: number, n: number): number {
  return Math.floor(uniformAt(s, k) * n);
}

/**
 * Writes the uniforms at positions `start, …, start+count−1` to `out[outOff …]`: the same
 * values as {@link uniformAt}, bit for bit, for any `start` (aligned or not) and any chunking.
 *
 * Cost: ⌈count/2⌉ (+1) Philox blocks, each computed once. With the WebAssembly backend, runs of
 * at least 32 values come from the SIMD generator (Philox on four blocks per instruction, the
 * same words, so the same bits): about 5 ns per value (Node 20, AMD EPYC, CPU time); otherwise
 * TypeScript, in batches of {@link philoxBlocks}: about 25 ns per value. No allocation. Not
 * validated.
 *
 * @param s stream state
 * @param start position of the first value
 * @param out destination
 * @param outOff index of the first value in `out` (default 0)
 * @param count number of values (default `out.length − outOff`)
 */
export function fillUniform(s: RngState, start: number, out: Float64Array, outOff = 0, count = out.length - outOff): void {
  if (!(count > 0)) return;
  fillPairs(MODE_UNIFORM, s, start, out, outOff, count, 1);
}

/** {@link fillUniform} in TypeScript (`scale` is unused: the signature of {@link fillPairs}' fallbacks). */
function fillUniformJs(s: RngState, start: number, out: Float64Array, outOff: number, count: number): void {
  const k0 = s.key[0], k1 = s.key[1], s0 = s.stream[0], s1 = s.stream[1];
  // Position k reads words 2(k − 2c) and 2(k − 2c) + 1 of a batch that starts at block c.
  const kEnd = start + count;
  const cLast = Math.floor((kEnd - 1) / 2);
  let c = Math.floor(start / 2);
  let k = start;
  let o = outOff;
  while (k < kEnd) {
    const nb = Math.min(BATCH, cLast - c + 1);
    batchInto(k0, k1, s0, s1, c, nb);
    const cnt = Math.min(kEnd, 2 * (c + nb)) - k;
    let wi = 2 * (k - 2 * c);
    for (let t = 0; t < cnt; t++, wi += 2) out[o + t] = u53(wb[wi], wb[wi + 1]);
    o += cnt;
    k += cnt;
    c += nb;
  }
}

/** Below this many values, {@link fillNormal} and {@link fillUniform} stay in TypeScript (a WebAssembly call costs more). */
const WASM_MIN_VALUES = 32;
/** Philox blocks per call of the WebAssembly generator: 32 KiB of output, copied out at once. */
const WASM_CHUNK = 2048;

/**
 * Writes `scale ·` the standard normals at positions `start, …, start+count−1` to
 * `out[outOff …]`: `out[outOff+t] = scale * normalAt(s, start+t)`, bit for bit, for any `start`
 * and any chunking. Each Philox block and each logarithm, square root, sine and cosine is
 * computed once per Box–Muller pair.
 *
 * With the WebAssembly backend (`setKernelBackend`), runs of at least 32 values are generated
 * by the SIMD generator (Philox on four blocks per instruction, Box–Muller on two pairs per
 * instruction, the same operations as the TypeScript path, so the same bits); otherwise, and
 * for the odd first and even last positions, by TypeScript.
 *
 * Cost: ⌈count/2⌉ (+1) Philox blocks and as many Box–Muller pairs; no allocation. Not
 * validated. Measured (Node 20, x86-64, AMD EPYC, 2²² to 2²⁴ values, CPU time): about 12 ns per
 * value with WebAssembly (Philox ≈ 4.6 ns of it), 60 ns with TypeScript (the same loop with
 * `Math.log`, `Math.cos` and `Math.sin`, which do not give the same bits on every engine: 49 ns).
 *
 * Reference: Box & Muller (1958); Salmon, Moraes, Dror, Shaw, SC'11.
 *
 * @param s stream state
 * @param start position of the first value
 * @param out destination
 * @param outOff index of the first value in `out` (default 0)
 * @param count number of values (default `out.length − outOff`)
 * @param scale multiplier applied to every value (default 1), e.g. `1/√m` for a sketch
 * @example
 * ```ts
 * // column j of an m×n Gaussian sketch, scaled by 1/√m: entries j·m … j·m + m − 1
 * const col = new Float64Array(m);
 * fillNormal(state, j * m, col, 0, m, 1 / Math.sqrt(m));
 * ```
 */
export function fillNormal(
  s: RngState,
  start: number,
  out: Float64Array,
  outOff = 0,
  count = out.length - outOff,
  scale = 1,
): void {
  if (!(count > 0)) return;
  fillPairs(MODE_NORMAL, s, start, out, outOff, count, scale);
}

/** What {@link fillPairs} draws: normals (assembly/random.ts) or uniforms (assembly/sparse.ts). */
const MODE_NORMAL = 0;
const MODE_UNIFORM = 1;

/**
 * The WebAssembly generator of a mode and the kernel memory it writes to, or null when it is not
 * available (or the TypeScript backend is selected). Its arguments: the stream (k0, k1, s0, s1),
 * the block counter (cLo, cHi), nb blocks (a multiple of 4), the scale (normals only) and a
 * byte address.
 */
function wasmPairs(mode: number): { wk: WasmKernels; fill: (k0: number, k1: number, s0: number, s1: number, cLo: number, cHi: number, nb: number, scale: number, dst: number) => void } | null {
  if (mode === MODE_NORMAL) {
    const rnd = activeWasmRandom();
    return rnd === null ? null : { wk: rnd.wk, fill: rnd.normals };
  }
  const sp = activeWasmSparse();
  if (sp === null) return null;
  const uniforms = sp.exports.uniforms;
  return { wk: sp.wk, fill: (k0, k1, s0, s1, cLo, cHi, nb, _scale, dst) => uniforms(k0, k1, s0, s1, cLo, cHi, nb, dst) };
}

/**
 * The values at positions start … start+count−1 of a kind that takes two per Philox block
 * (normals: a Box–Muller pair; uniforms: words (0, 1) and (2, 3)), scaled for normals: whole
 * groups of four blocks on the WebAssembly generator when it is active and the run is long
 * enough, everything else (an odd first position, the last 1–7 values, short runs, no
 * WebAssembly) in TypeScript. Both give the same bits, so the split never shows in the output.
 */
function fillPairs(mode: number, s: RngState, start: number, out: Float64Array, outOff: number, count: number, scale: number): void {
  const js = mode === MODE_NORMAL ? fillNormalJs : fillUniformJs;
  const rnd = count >= WASM_MIN_VALUES ? wasmPairs(mode) : null;
  if (rnd === null) {
    js(s, start, out, outOff, count, scale);
    return;
  }
  let k = start;
  let o = outOff;
  const kEnd = start + count;
  if (k % 2 === 1) {
    js(s, k, out, o, 1, scale);
    k++;
    o++;
  }
  // Whole blocks in groups of four, in chunks of WASM_CHUNK blocks.
  const bulk = blockGroups(k, kEnd);
  if (bulk > 0) {
    const { wk, fill } = rnd;
    const [base] = wk.reserve([REGION_NORMALS], [2 * Math.min(bulk, WASM_CHUNK)]);
    const mem = wk.f64();
    const k0 = s.key[0], k1 = s.key[1], s0 = s.stream[0], s1 = s.stream[1];
    let c = k / 2;
    for (let done = 0; done < bulk; ) {
      const nb = Math.min(WASM_CHUNK, bulk - done);
      fill(k0, k1, s0, s1, c >>> 0, Math.floor(c / TWO_32), nb, scale, 8 * base);
      out.set(mem.subarray(base, base + 2 * nb), o);
      o += 2 * nb;
      c += nb;
      done += nb;
    }
    k += 2 * bulk;
  }
  if (k < kEnd) js(s, k, out, o, kEnd - k, scale);
}

/**
 * The number of Philox blocks, in whole groups of four, that positions [k, kEnd) cover from an
 * even k: the part the WebAssembly generator writes (two values per block); the rest, at most
 * seven values, is left to TypeScript.
 */
function blockGroups(k: number, kEnd: number): number {
  const blocks = Math.floor((kEnd - k) / 2);
  return blocks - (blocks % 4);
}

/**
 * The uniforms at positions start … start+count−1 written straight into the WebAssembly kernel
 * memory of `wk`, at double index `at` (internal: the sparse sketches draw the rows of S there):
 * the same values as {@link fillUniform}. The uniform generator (assembly/sparse.ts) writes whole
 * groups of four blocks in place (no staging copy); the odd first position and the last 1–7 come
 * from {@link uniformAt}. Without that module (or with the TypeScript backend selected)
 * the values come from {@link fillUniform} and one copy. Reserves nothing, so views of the
 * memory taken before the call stay valid.
 *
 * @internal
 */
export function fillUniformInto(s: RngState, start: number, count: number, wk: WasmKernels, at: number): void {
  if (!(count > 0)) return;
  const sp = activeWasmSparse();
  if (sp === null || sp.wk !== wk) {
    const tmp = new Float64Array(count);
    fillUniform(s, start, tmp);
    wk.f64().set(tmp, at);
    return;
  }
  const mem = wk.f64();
  let k = start;
  let o = at;
  const kEnd = start + count;
  if (k % 2 === 1) mem[o++] = uniformAt(s, k++);
  const bulk = blockGroups(k, kEnd);
  if (bulk > 0) {
    const c = k / 2;
    sp.exports.uniforms(s.key[0], s.key[1], s.stream[0], s.stream[1], c >>> 0, Math.floor(c / TWO_32), bulk, 8 * o);
    k += 2 * bulk;
    o += 2 * bulk;
  }
  while (k < kEnd) mem[o++] = uniformAt(s, k++);
}

/** {@link fillNormal} in TypeScript. */
function fillNormalJs(s: RngState, start: number, out: Float64Array, outOff: number, count: number, scale: number): void {
  const k0 = s.key[0], k1 = s.key[1], s0 = s.stream[0], s1 = s.stream[1];
  const kEnd = start + count;
  const cLast = Math.floor((kEnd - 1) / 2);
  let c = Math.floor(start / 2);
  let k = start;
  let o = outOff;
  while (k < kEnd) {
    const nb = Math.min(BATCH, cLast - c + 1);
    batchInto(k0, k1, s0, s1, c, nb);
    const stop = Math.min(kEnd, 2 * (c + nb)); // positions [k, stop) come from this batch
    let wi = 0;
    if (k % 2 === 1) {
      // An odd first position: the sine of its pair only.
      wi = 2 * (k - 1 - 2 * c);
      boxMuller(wb[wi], wb[wi + 1], wb[wi + 2], wb[wi + 3], scale, pair, 0);
      out[o++] = pair[1];
      k++;
      wi += 4;
    } else {
      wi = 2 * (k - 2 * c);
    }
    const pairs = (stop - k) >>> 1;
    for (let q = 0; q < pairs; q++, wi += 4) {
      boxMuller(wb[wi], wb[wi + 1], wb[wi + 2], wb[wi + 3], scale, out, o);
      o += 2;
    }
    k += 2 * pairs;
    if (k < stop) {
      // An even last position: the cosine of its pair only.
      boxMuller(wb[wi], wb[wi + 1], wb[wi + 2], wb[wi + 3], scale, pair, 0);
      out[o++] = pair[0];
      k++;
    }
    c += nb;
  }
}

/**
 * Writes `±scale`, the Rademacher signs at positions `start, …, start+count−1` times `scale`,
 * to `out[outOff …]`: `out[outOff+t] = scale * signAt(s, start+t)`, for any `start` and any
 * chunking.
 *
 * Cost: ⌈count/128⌉ (+1) Philox blocks (one bit per value); no allocation. Not validated.
 * Branch-free: the value is `scale·(1 − 2·bit)` (exactly ±scale), since random bits defeat
 * branch prediction (≈ 2.8 ns per value against 5 ns with a conditional, Node 20, x86-64).
 *
 * @param s stream state
 * @param start position of the first value
 * @param out destination
 * @param outOff index of the first value in `out` (default 0)
 * @param count number of values (default `out.length − outOff`)
 * @param scale magnitude of every value (default 1)
 */
export function fillRademacher(
  s: RngState,
  start: number,
  out: Float64Array,
  outOff = 0,
  count = out.length - outOff,
  scale = 1,
): void {
  if (!(count > 0)) return;
  const wk = count >= WASM_MIN_SIGNS ? activeWasmKernels() : null;
  if (wk === null) {
    fillRademacherJs(s, start, out, outOff, count, scale);
    return;
  }
  const [wordsAt] = wk.reserve([REGION_NORMALS], [2 * BATCH + SIGN_CHUNK]);
  const outAt = wordsAt + 2 * BATCH;
  const mem = wk.f64();
  for (let done = 0; done < count; ) {
    const cnt = Math.min(SIGN_CHUNK, count - done);
    signsToWasm(wk, s, start + done, cnt, scale, outAt, wordsAt);
    out.set(mem.subarray(outAt, outAt + cnt), outOff + done);
    done += cnt;
  }
}

/** Below this many values, {@link fillRademacher} stays in TypeScript. */
const WASM_MIN_SIGNS = 256;
/** Doubles of kernel memory that {@link fillRademacherInto} needs at `wordsAt` (4·BATCH words). @internal */
export const SIGN_WORDS_DOUBLES = 2 * BATCH;
/** Values per kernel call of {@link fillRademacher}: at most BATCH Philox blocks, for any start. */
const SIGN_CHUNK = 128 * (BATCH - 1);

/**
 * The Rademacher values `scale·signAt(s, k)` for k = start … start+count−1 written into the
 * WebAssembly kernel memory of `wk` at double index `at` (internal: the sparse sketches keep
 * their signs there): Philox words (TypeScript, {@link philoxBlocks}) go to `wordsAt` (room for
 * 4·BATCH words, i.e. 2·BATCH doubles), the module's `expandSigns` turns each bit into ±scale.
 * The same values as {@link fillRademacher}. Reserves nothing, so views of the memory and
 * addresses taken before the call stay valid.
 *
 * @internal
 */
export function fillRademacherInto(s: RngState, start: number, count: number, scale: number, wk: WasmKernels, at: number, wordsAt: number): void {
  for (let done = 0; done < count; ) {
    const cnt = Math.min(SIGN_CHUNK, count - done);
    signsToWasm(wk, s, start + done, cnt, scale, at + done, wordsAt);
    done += cnt;
  }
}

/** `count` ≤ SIGN_CHUNK Rademacher values into the kernel memory at `at` (words at `wordsAt`). */
function signsToWasm(wk: WasmKernels, s: RngState, start: number, count: number, scale: number, at: number, wordsAt: number): void {
  const c = Math.floor(start / 128);
  const nb = Math.floor((start + count - 1) / 128) - c + 1;
  philoxBlocks(s.key[0], s.key[1], c >>> 0, Math.floor(c / TWO_32), s.stream[0], s.stream[1], nb, new Uint32Array(wk.f64().buffer), 2 * wordsAt);
  wk.exports.expandSigns(8 * wordsAt, start - 128 * c, count, scale, 8 * at);
}

/** {@link fillRademacher} in TypeScript. */
function fillRademacherJs(s: RngState, start: number, out: Float64Array, outOff: number, count: number, scale: number): void {
  const k0 = s.key[0], k1 = s.key[1], s0 = s.stream[0], s1 = s.stream[1];
  // Position k is bit (k − 128c) & 31 of word (k − 128c) >>> 5 of a batch that starts at block c.
  const kEnd = start + count;
  const cLast = Math.floor((kEnd - 1) / 128);
  let c = Math.floor(start / 128);
  let k = start;
  let o = outOff;
  while (k < kEnd) {
    const nb = Math.min(BATCH, cLast - c + 1);
    batchInto(k0, k1, s0, s1, c, nb);
    const rel0 = k - 128 * c;
    const cnt = Math.min(kEnd, 128 * (c + nb)) - k;
    for (let t = 0, rel = rel0; t < cnt; t++, rel++) {
      out[o + t] = scale * (1 - 2 * ((wb[rel >>> 5] >>> (rel & 31)) & 1));
    }
    o += cnt;
    k += cnt;
    c += nb;
  }
}

/** The uniforms of {@link fillIntegers}, a batch at a time (module scratch: no allocation per call). */
const INTEGER_SCRATCH = new Float64Array(2 * BATCH);

/**
 * Writes the integers `⌊u_k · n⌋` in [0, n) at positions `k = start, …, start+count−1` to
 * `out[outOff …]`: the same values as {@link integerAt}, for any `start` and any chunking
 * (the uniforms u_k of {@link fillUniform}, a batch at a time, each scaled and floored).
 *
 * Cost: ⌈count/2⌉ (+1 per batch) Philox blocks, in batches of 2·{@link philoxBlocks} values; no
 * allocation. Not validated.
 *
 * @param s stream state
 * @param start position of the first value
 * @param n number of outcomes, an integer in [1, 2³¹]
 * @param out destination
 * @param outOff index of the first value in `out` (default 0)
 * @param count number of values (default `out.length − outOff`)
 */
export function fillIntegers(
  s: RngState,
  start: number,
  n: number,
  out: Int32Array,
  outOff = 0,
  count = out.length - outOff,
): void {
  for (let done = 0; done < count; ) {
    const cnt = Math.min(count - done, INTEGER_SCRATCH.length);
    fillUniform(s, start + done, INTEGER_SCRATCH, 0, cnt);
    const o = outOff + done;
    for (let t = 0; t < cnt; t++) out[o + t] = Math.floor(INTEGER_SCRATCH[t] * n);
    done += cnt;
  }
}
