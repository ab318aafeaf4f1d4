import { describeAttachedModule, rejectModule } from '../helpers/wasm-module.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { setKernelBackend } from '../../src/core/index.js';
import { WASM_RANDOM_BASE64, WASM_RANDOM_SHA256 } from '../../src/core/kernels/wasm-random-binary.js';
import { fillNormal, fillRademacher, fillRademacherInto, fillUniform, normalAt, signAt, uniformAt, SIGN_WORDS_DOUBLES } from '../../src/rng/draw.js';
import { resetWasmKernels, wasmKernels, wasmRandom, REGION_NORMALS, REGION_SCATTER_S } from '../../src/core/kernels/wasm.js';
import type { RngState } from '../../src/rng/state.js';

// The WebAssembly normal generator (assembly/random.ts) against the TypeScript one: the same
// bits for every position, count, scale and stream (Object.is, so +0 and −0 differ).

afterEach(() => {
  vi.unstubAllGlobals();
  resetWasmKernels();
  setKernelBackend('auto');
});

function fill(backend: 'wasm' | 'js', s: RngState, start: number, count: number, scale: number): Float64Array {
  setKernelBackend(backend);
  const out = new Float64Array(count + 2).fill(7);
  fillNormal(s, start, out, 1, count, scale);
  return out;
}

function firstDifference(a: Float64Array, b: Float64Array): number {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

const word = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const state = fc.tuple(word, word, word, word).map(([a, b, c, d]): RngState => ({ key: [a, b], stream: [c, d] }));

describe('WebAssembly normals', () => {
  it('loads (this Node has WebAssembly SIMD)', () => {
    expect(wasmRandom()).not.toBeNull();
  });

  it('equal the TypeScript normals bit for bit, for any start, count and scale', () => {
    fc.assert(
      fc.property(
        state,
        fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 2 ** 53 - 20000 })),
        fc.integer({ min: 0, max: 9000 }),
        fc.oneof(fc.constant(1), fc.double({ min: -3, max: 3, noNaN: true })),
        (s, start, count, scale) => {
          const a = fill('wasm', s, start, count, scale);
          const b = fill('js', s, start, count, scale);
          expect(firstDifference(a, b)).toBe(-1);
          expect([a[0], a[count + 1]]).toEqual([7, 7]); // nothing written outside the range
        },
      ),
      { numRuns: 150 },
    );
  });

  it('carry the block counter across 2^32 blocks and match normalAt', () => {
    const s: RngState = { key: [0x12345678, 0x9abcdef0], stream: [3, 4] };
    for (const start of [2 * (2 ** 32 - 3), 2 * (2 ** 32 - 2) + 1, 2 * (2 ** 33 - 5)]) {
      const a = fill('wasm', s, start, 4099, 1);
      expect(firstDifference(a, fill('js', s, start, 4099, 1))).toBe(-1);
      for (let t = 0; t < 4099; t += 97) expect(a[1 + t]).toBe(normalAt(s, start + t));
    }
  });

  it('uniforms equal the TypeScript uniforms bit for bit, for any start and count', () => {
    const uni = (backend: 'wasm' | 'js', s: RngState, start: number, count: number): Float64Array => {
      setKernelBackend(backend);
      const out = new Float64Array(count + 2).fill(7);
      fillUniform(s, start, out, 1, count);
      return out;
    };
    fc.assert(
      fc.property(state, fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 2 ** 53 - 20000 })), fc.integer({ min: 0, max: 9000 }), (s, start, count) => {
        const a = uni('wasm', s, start, count);
        expect(firstDifference(a, uni('js', s, start, count))).toBe(-1);
        expect([a[0], a[count + 1]]).toEqual([7, 7]);
        for (let t = 0; t < count; t += 211) expect(a[1 + t]).toBe(uniformAt(s, start + t));
      }),
      { numRuns: 100 },
    );
    const s: RngState = { key: [9, 8], stream: [7, 6] };
    const start = 2 * (2 ** 32 - 5) + 1; // an odd start just before the counter carry
    expect(firstDifference(uni('wasm', s, start, 70001), uni('js', s, start, 70001))).toBe(-1);
  });

  it('Rademacher values from the WebAssembly bit expansion equal the TypeScript ones, for any start, count and scale', () => {
    const rad = (backend: 'wasm' | 'js', s: RngState, start: number, count: number, scale: number): Float64Array => {
      setKernelBackend(backend);
      const out = new Float64Array(count + 2).fill(7);
      fillRademacher(s, start, out, 1, count, scale);
      return out;
    };
    fc.assert(
      fc.property(
        state,
        fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 2 ** 53 - 100000 })),
        fc.integer({ min: 0, max: 70000 }),
        fc.oneof(fc.constant(1), fc.constant(0), fc.double({ min: -3, max: 3, noNaN: true })),
        (s, start, count, scale) => {
          const a = rad('wasm', s, start, count, scale);
          expect(firstDifference(a, rad('js', s, start, count, scale))).toBe(-1);
          expect([a[0], a[count + 1]]).toEqual([7, 7]);
          for (let t = 0; t < count; t += 331) expect(a[1 + t]).toBe(scale * signAt(s, start + t));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('fillRademacherInto writes the same values into the kernel memory, at any start', () => {
    const wk = wasmKernels();
    expect(wk).not.toBeNull();
    if (wk === null) return;
    const s: RngState = { key: [3, 1], stream: [4, 1] };
    for (const [start, count] of [[0, 1], [5, 31], [31, 33], [128 * 255 + 7, 70000], [2 ** 45 + 3, 40000]]) {
      const [at, words] = wk.reserve([REGION_SCATTER_S, REGION_NORMALS], [count, SIGN_WORDS_DOUBLES]);
      fillRademacherInto(s, start, count, -0.25, wk, at, words);
      const got = wk.f64().slice(at, at + count);
      setKernelBackend('js');
      const want = new Float64Array(count);
      fillRademacher(s, start, want, 0, count, -0.25);
      setKernelBackend('auto');
      expect(firstDifference(got, want)).toBe(-1);
    }
  });

  it('long fills (several chunks) equal the TypeScript fill', () => {
    const s: RngState = { key: [1, 2], stream: [0, 9] };
    expect(firstDifference(fill('wasm', s, 3, 50001, 0.125), fill('js', s, 3, 50001, 0.125))).toBe(-1);
  });

  it('fall back to TypeScript, with the same values, when the random module cannot be compiled', () => {
    const s: RngState = { key: [5, 6], stream: [7, 8] };
    const want = fill('js', s, 11, 3000, 1);
    setKernelBackend('auto');
    rejectModule(WASM_RANDOM_BASE64);
    expect(wasmKernels()).not.toBeNull();
    expect(wasmRandom()).toBeNull();
    const got = new Float64Array(3002).fill(7);
    fillNormal(s, 11, got, 1, 3000, 1);
    expect(firstDifference(got, want)).toBe(-1);
  });
});

describeAttachedModule('assembly/random.ts', WASM_RANDOM_BASE64, WASM_RANDOM_SHA256);

