import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { getKernelBackend, setKernelBackend, InvalidArgumentError } from '../../src/core/index.js';
import { gemmInto, gemmPackedInto, gramInto, GEMM_KC, GEMM_MC, GEMM_NC } from '../../src/core/kernels/gemm.js';
import { decodeBase64, resetWasmKernels, wasmKernels } from '../../src/core/kernels/wasm.js';
import { WASM_KERNELS_BASE64, WASM_KERNELS_SHA256 } from '../../src/core/kernels/wasm-binary.js';
import { transpose, type DenseMatrix } from '../../src/core/matrix.js';
import { testNormals, testRandom } from '../helpers/reference.js';

// The reproducibility contract: the WebAssembly SIMD backend and the TypeScript backend give
// the same bits. Every check here runs the same call on both backends and compares the outputs
// element by element with Object.is (which tells +0 from −0; all NaNs compare equal, since
// JavaScript does not expose NaN payloads through arithmetic).

/** A number for a message, with −0 shown as such. */
const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

afterEach(() => {
  vi.unstubAllGlobals();
  resetWasmKernels();
  setKernelBackend('auto');
});

/** Index of the first element where the two arrays differ in the sense of Object.is, or −1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

type Special = 'none' | 'zeros' | 'ints' | 'nan' | 'inf';

/**
 * Entries: standard normals, with (depending on `special`) exact ±0 and small integers (so that
 * products and sums hit exact zeros of either sign), a NaN, or ±Infinity at random places.
 */
function fillEntries(out: Float64Array, seed: number, special: Special): void {
  const z = testNormals(seed);
  const u = testRandom(seed + 7);
  for (let i = 0; i < out.length; i++) {
    out[i] = z();
    if (special === 'zeros') {
      const r = u();
      if (r < 0.15) out[i] = 0;
      else if (r < 0.3) out[i] = -0;
      else if (r < 0.6) out[i] = Math.round(4 * out[i]);
    } else if (special === 'ints') {
      // Only −2 … 2 and ±0: sums cancel exactly, so signed zeros reach the output.
      const r = u();
      out[i] = r < 0.2 ? 0 : r < 0.4 ? -0 : Math.floor(5 * u()) - 2;
    }
  }
  if (out.length > 0 && (special === 'nan' || special === 'inf')) {
    const hits = 1 + Math.floor(u() * 3);
    for (let h = 0; h < hits; h++) {
      const q = Math.floor(u() * out.length);
      out[q] = special === 'nan' ? NaN : u() < 0.5 ? Infinity : -Infinity;
    }
  }
}

type Layout = 'col' | 'row' | 'colView' | 'rowView' | 'negative';

/**
 * An m×n matrix in the given layout: column- or row-major, a sub-block (offset, padded leading
 * dimension) of a larger buffer, or a view with negative row stride. Buffer slots outside the
 * view hold a sentinel so that stray reads would show.
 */
function makeMatrix(m: number, n: number, layout: Layout, seed: number, special: Special): DenseMatrix {
  const vals = new Float64Array(m * n);
  fillEntries(vals, seed, special);
  const pad = layout === 'colView' || layout === 'rowView' || layout === 'negative' ? 3 : 0;
  const lead = pad === 0 ? 0 : 5;
  const colMajor = layout === 'col' || layout === 'colView' || layout === 'negative';
  const ld = (colMajor ? m : n) + pad;
  const size = lead + ld * (colMajor ? n : m) + pad + 1;
  const data = new Float64Array(size).fill(12345.678);
  let rs = colMajor ? 1 : ld, cs = colMajor ? ld : 1, offset = lead;
  if (layout === 'negative') {
    offset += Math.max(0, m - 1);
    rs = -1;
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[offset + i * rs + j * cs] = vals[i * n + j];
  return { kind: 'dense', rows: m, cols: n, data, offset, rowStride: rs, colStride: cs };
}

function cloneMatrix(M: DenseMatrix): DenseMatrix {
  return { ...M, data: M.data.slice() };
}

/** Runs `run` on a copy of C under each backend and returns both results. */
function bothBackends(C: DenseMatrix, run: (C: DenseMatrix) => void): { js: Float64Array; wasm: Float64Array } {
  setKernelBackend('js');
  const Cjs = cloneMatrix(C);
  run(Cjs);
  setKernelBackend('wasm');
  expect(getKernelBackend()).toBe('wasm');
  const Cw = cloneMatrix(C);
  run(Cw);
  setKernelBackend('auto');
  return { js: Cjs.data, wasm: Cw.data };
}

function expectSameBits(r: { js: Float64Array; wasm: Float64Array }, what: string): void {
  const d = firstDifference(r.js, r.wasm);
  if (d >= 0) throw new Error(`${what}: element ${d} differs: js ${show(r.js[d])}, wasm ${show(r.wasm[d])}`);
}

interface GemmCase {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  la: Layout;
  lb: Layout;
  lc: Layout;
  alpha: number;
  beta: number;
  special: Special;
  nanC: boolean;
  seed: number;
}

const layoutArb = fc.constantFrom<Layout>('col', 'row', 'colView', 'rowView', 'negative');

const gemmCaseArb = (maxMN: number, maxK: number): fc.Arbitrary<GemmCase> =>
  fc.record({
    m: fc.integer({ min: 1, max: maxMN }),
    n: fc.integer({ min: 1, max: maxMN }),
    k: fc.integer({ min: 1, max: maxK }),
    transA: fc.boolean(),
    transB: fc.boolean(),
    la: layoutArb,
    lb: layoutArb,
    lc: layoutArb,
    alpha: fc.constantFrom(1, -0.5, 0),
    beta: fc.constantFrom(0, 1, 2.5),
    special: fc.constantFrom<Special>('none', 'zeros', 'ints', 'nan', 'inf'),
    nanC: fc.boolean(),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  });

function checkGemm(c: GemmCase, gemm: typeof gemmInto): void {
  const Ast = c.transA ? makeMatrix(c.k, c.m, c.la, c.seed, c.special) : makeMatrix(c.m, c.k, c.la, c.seed, c.special);
  const Bst = c.transB ? makeMatrix(c.n, c.k, c.lb, c.seed + 1, c.special) : makeMatrix(c.k, c.n, c.lb, c.seed + 1, c.special);
  const A = c.transA ? transpose(Ast) : Ast;
  const B = c.transB ? transpose(Bst) : Bst;
  const C = makeMatrix(c.m, c.n, c.lc, c.seed + 2, 'zeros');
  if (c.nanC) for (let i = 0; i < c.m; i++) C.data[C.offset + i * C.rowStride] = NaN;
  const r = bothBackends(C, (X) => gemm(X, A, B, c.alpha, c.beta));
  expectSameBits(r, `gemm ${JSON.stringify(c)}`);
}

describe('WebAssembly gemm is bit-identical to the TypeScript gemm', () => {
  it('packed path: ragged shapes, k across several KC slices, any layout, α ∈ {1, −0.5, 0}, β ∈ {0, 1, 2.5} (property)', () => {
    fc.assert(fc.property(gemmCaseArb(23, 600), (c) => checkGemm(c, gemmPackedInto)));
  });

  it('gemmInto dispatch (small, gemv and packed paths) on random shapes (property)', () => {
    fc.assert(fc.property(gemmCaseArb(40, 90), (c) => checkGemm(c, gemmInto)));
  });

  it('shapes that cross the MC, KC and NC block sizes', () => {
    const shapes: Array<[number, number, number]> = [
      [GEMM_MC + 5, 67, 2 * GEMM_KC + 13], // two MC blocks, three KC slices, two 64-column chunks + 3
      [2 * GEMM_MC + 3, 9, 301], // balanced KC split 151 + 150
      [6, GEMM_NC + 7, 257], // two NC slices
      [131, 129, 1], // k = 1: C = α·(a·b), sums of one product
      [200, 67, 5000], // staging windows of several KC slices roll over (A and B with unit step stride)
    ];
    let seed = 11;
    for (const [m, n, k] of shapes) {
      for (const [transA, transB, la, lb, lc] of [
        [false, false, 'col', 'col', 'col'],
        [true, false, 'colView', 'col', 'rowView'],
        [false, true, 'row', 'negative', 'colView'],
      ] as const) {
        for (const beta of [0, 2.5]) {
          checkGemm({ m, n, k, transA, transB, la, lb, lc, alpha: -0.5, beta, special: 'zeros', nanC: false, seed: seed++ }, gemmPackedInto);
        }
      }
    }
  });

  it('NaN and ±Infinity propagate identically (NaN in A, Inf in B, NaN in C with β = 0 and β = 1)', () => {
    for (const special of ['nan', 'inf'] as const) {
      for (const beta of [0, 1]) {
        for (const nanC of [false, true]) {
          checkGemm({ m: 13, n: 11, k: 300, transA: false, transB: true, la: 'col', lb: 'row', lc: 'col', alpha: 1, beta, special, nanC, seed: 5 }, gemmPackedInto);
        }
      }
    }
  });

  it('signed zeros: a product of one −0 term gives +0 on both backends (sums start from +0)', () => {
    const A: DenseMatrix = { kind: 'dense', rows: 4, cols: 1, data: new Float64Array([-0, 0, -1, 1]), offset: 0, rowStride: 1, colStride: 4 };
    const B: DenseMatrix = { kind: 'dense', rows: 1, cols: 4, data: new Float64Array([1, -1, 0, -0]), offset: 0, rowStride: 1, colStride: 1 };
    const C: DenseMatrix = { kind: 'dense', rows: 4, cols: 4, data: new Float64Array(16), offset: 0, rowStride: 1, colStride: 4 };
    const r = bothBackends(C, (X) => gemmPackedInto(X, A, B, 1, 0));
    expectSameBits(r, 'signed zeros');
    // 0 + (−0·1) = +0, so no −0 can come out of a sum that starts from +0.
    for (const v of r.wasm) expect(Object.is(v, -0)).toBe(false);
  });

  it('gramInto (upper tiles only, then mirrored) on random shapes and layouts (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 45 }),
        layoutArb,
        fc.constantFrom<Special>('none', 'zeros', 'ints', 'nan', 'inf'),
        fc.integer({ min: 1, max: 1_000_000 }),
        (m, n, la, special, seed) => {
          const A = makeMatrix(m, n, la, seed, special);
          const C = makeMatrix(n, n, 'col', seed + 1, 'none');
          expectSameBits(bothBackends(C, (X) => gramInto(X, A)), `gram ${m}×${n} ${la} ${special}`);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('gramInto with n crossing an MC block and the 64-column chunks (n = 261, m = 300)', () => {
    const A = makeMatrix(300, 261, 'colView', 3, 'zeros');
    const C = makeMatrix(261, 261, 'rowView', 4, 'none');
    expectSameBits(bothBackends(C, (X) => gramInto(X, A)), 'gram 300×261');
  });
});

describe('kernel backend switch', () => {
  it('auto selects WebAssembly in Node 20; js and wasm can be forced; bad values throw', () => {
    setKernelBackend('auto');
    expect(getKernelBackend()).toBe('wasm');
    setKernelBackend('js');
    expect(getKernelBackend()).toBe('js');
    setKernelBackend('wasm');
    expect(getKernelBackend()).toBe('wasm');
    expect(() => setKernelBackend('gpu' as 'js')).toThrow(InvalidArgumentError);
    expect(getKernelBackend()).toBe('wasm');
  });

  it('RANDNLA_KERNELS=js selects TypeScript at start-up; other values leave auto', async () => {
    try {
      vi.stubEnv('RANDNLA_KERNELS', 'js');
      vi.resetModules();
      const fresh = await import('../../src/core/kernels/backend.js');
      expect(fresh.getKernelBackend()).toBe('js');
      fresh.setKernelBackend('auto');
      expect(fresh.getKernelBackend()).toBe('wasm');
      vi.stubEnv('RANDNLA_KERNELS', 'whatever');
      vi.resetModules();
      const again = await import('../../src/core/kernels/backend.js');
      expect(again.getKernelBackend()).toBe('wasm');
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it('loader and backend use no Node API (browser-safe): no Buffer, no node: imports, process only via globalThis', () => {
    for (const f of ['wasm.ts', 'backend.ts', 'wasm-binary.ts']) {
      const text = readFileSync(new URL(`../../src/core/kernels/${f}`, import.meta.url), 'utf8');
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      expect(code).not.toMatch(/\bBuffer\b|from 'node:|require\(|\batob\b/);
      // The one allowed form: (globalThis as { process?: … }).process?.env
      expect(code.replace(/globalThis as \{ process\?:/g, '').replace(/\}\)\.process\?\./g, '')).not.toMatch(/\bprocess\b/);
    }
  });

  it('falls back to TypeScript silently when WebAssembly is missing, with the same results', () => {
    const A = makeMatrix(37, 300, 'col', 1, 'zeros');
    const B = makeMatrix(300, 29, 'row', 2, 'zeros');
    const C0 = makeMatrix(37, 29, 'col', 3, 'none');
    const reference = cloneMatrix(C0);
    gemmPackedInto(reference, A, B, -0.5, 2.5); // auto: WebAssembly here
    expect(getKernelBackend()).toBe('wasm');

    resetWasmKernels();
    vi.stubGlobal('WebAssembly', undefined);
    expect(wasmKernels()).toBeNull();
    expect(getKernelBackend()).toBe('js');
    expect(() => setKernelBackend('wasm')).toThrow(InvalidArgumentError);
    const C = cloneMatrix(C0);
    gemmPackedInto(C, A, B, -0.5, 2.5);
    expect(firstDifference(C.data, reference.data)).toBe(-1);

    vi.unstubAllGlobals();
    resetWasmKernels();
    expect(getKernelBackend()).toBe('wasm');
  });

  it('falls back when the engine rejects the module (as an engine without SIMD does)', () => {
    const real = (globalThis as unknown as { WebAssembly: Record<string, unknown> & { CompileError: new (msg: string) => Error } }).WebAssembly;
    class RejectingModule {
      constructor() {
        throw new real.CompileError('SIMD unsupported');
      }
    }
    resetWasmKernels();
    vi.stubGlobal('WebAssembly', { ...real, Module: RejectingModule, Instance: real.Instance });
    expect(getKernelBackend()).toBe('js');
    const A = makeMatrix(9, 10, 'col', 1, 'none');
    const C = makeMatrix(10, 10, 'col', 2, 'none');
    gramInto(C, A);
    for (const v of C.data) expect(Number.isFinite(v)).toBe(true);
  });

  it('keeps working after its memory grows (views over the old buffer are re-created)', () => {
    const wk = wasmKernels();
    expect(wk).not.toBeNull();
    const before = wk!.f64().length;
    const A = makeMatrix(GEMM_MC, 700, 'col', 1, 'none');
    const B = makeMatrix(700, 300, 'col', 2, 'none');
    const C = makeMatrix(GEMM_MC, 300, 'col', 3, 'none');
    expectSameBits(bothBackends(C, (X) => gemmPackedInto(X, A, B, 1, 1)), 'after growth');
    expect(wk!.f64().length).toBeGreaterThanOrEqual(before);
    expect(wasmKernels()!.f64().buffer).toBe(wasmKernels()!.exports.memory.buffer);
  });
});

describe('the committed WebAssembly binary', () => {
  it('decodes to bytes whose SHA-256 is the recorded one', () => {
    const bytes = decodeBase64(WASM_KERNELS_BASE64);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(WASM_KERNELS_SHA256);
    expect(Buffer.from(bytes).equals(Buffer.from(WASM_KERNELS_BASE64, 'base64'))).toBe(true);
  });

  it('stays below 4096 bytes, the largest module Chrome compiles synchronously on the main thread', () => {
    expect(decodeBase64(WASM_KERNELS_BASE64).length).toBeLessThan(4096);
  });

  it('matches a fresh in-memory compile of assembly/kernels.ts (the binary cannot drift from its source)', async () => {
    const script = new URL('../../scripts/build-wasm.mjs', import.meta.url).href;
    const build = (await import(script)) as {
      compileKernels(): Promise<Uint8Array>;
      sha256Hex(b: Uint8Array): string;
      renderBinaryModule(b: Uint8Array): string;
      TARGET: string;
    };
    const bytes = await build.compileKernels();
    expect(build.sha256Hex(bytes)).toBe(WASM_KERNELS_SHA256);
    const committed = readFileSync(new URL(`../../${build.TARGET}`, import.meta.url), 'utf8');
    expect(committed).toBe(build.renderBinaryModule(bytes));
  });
});
