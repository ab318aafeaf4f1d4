import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { decodeBase64, resetWasmKernels } from '../../src/core/kernels/wasm.js';

// Checks shared by the tests of the WebAssembly modules that import the kernel module's memory
// (assembly/random.ts, assembly/sparse.ts).

/** The ids of the sections of a module binary, in order (past the 8-byte header). */
export function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  for (let p = 8; p < bytes.length; ) {
    ids.push(bytes[p++]);
    let n = 0, shift = 0, c = 0;
    do {
      c = bytes[p++];
      n += (c & 127) * 2 ** shift;
      shift += 7;
    } while (c & 128);
    p += n;
  }
  return ids;
}

/**
 * A module that attaches to the kernel memory: below 4096 bytes (synchronous compilation on a
 * browser main thread), importing only `env.memory`, and without a data section (id 11), which
 * would write into memory the kernel module owns.
 */
export function expectAttachedModule(bytes: Uint8Array): void {
  expect(bytes.length).toBeLessThan(4096);
  const WA = (globalThis as unknown as { WebAssembly: { Module: { new (b: Uint8Array): object; imports(m: object): unknown } } }).WebAssembly;
  expect(WA.Module.imports(new WA.Module(bytes))).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
  expect(sectionIds(bytes)).not.toContain(11);
}

/**
 * The committed binary of `source` (its SHA-256 and its generated file) equals a fresh in-memory
 * compile by scripts/build-wasm.mjs, so it cannot drift from its source.
 */
export async function expectBuiltFrom(source: string, bytes: Uint8Array, sha256: string): Promise<void> {
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
  const script = new URL('../../scripts/build-wasm.mjs', import.meta.url).href;
  const build = (await import(script)) as {
    MODULES: Array<{ source: string; target: string }>;
    compileModule(m: unknown): Promise<Uint8Array>;
    renderBinaryModule(b: Uint8Array, m: unknown): string;
  };
  const mod = build.MODULES.find((m) => m.source === source);
  expect(mod).toBeDefined();
  const fresh = await build.compileModule(mod);
  const committed = readFileSync(new URL(`../../${mod!.target}`, import.meta.url), 'utf8');
  expect(committed).toBe(build.renderBinaryModule(fresh, mod));
}

/**
 * Stubs the global `WebAssembly` so that compiling exactly the module `rejected` (base64) throws,
 * as an engine or a Content-Security-Policy might, while every other module loads; the loader's
 * memory of what loaded is reset first. Undo with `vi.unstubAllGlobals()` and `resetWasmKernels()`.
 */
export function rejectModule(rejected: string): void {
  const real = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Instance: unknown } }).WebAssembly;
  const bad = decodeBase64(rejected);
  class PickyModule {
    constructor(bytes: Uint8Array) {
      if (bytes.length === bad.length && bytes.every((b, i) => b === bad[i])) throw new Error('rejected');
      return new real.Module(bytes);
    }
  }
  resetWasmKernels();
  // The namespace's members are not enumerable: name the two the loader uses.
  vi.stubGlobal('WebAssembly', { Module: PickyModule, Instance: real.Instance });
}

/** The tests of a module binary that attaches to the kernel memory (see the two checks above). */
export function describeAttachedModule(source: string, base64: string, sha256: string): void {
  describe(`the binary of ${source}`, () => {
    const bytes = decodeBase64(base64);
    it('stays below 4096 bytes, imports only the kernel memory and has no data segment', () => {
      expectAttachedModule(bytes);
    });
    it('matches a fresh in-memory compile of its source (the binary cannot drift from it)', async () => {
      await expectBuiltFrom(source, bytes, sha256);
    });
  });
}
