/**
 * Choice of the kernel backend: the WebAssembly SIMD kernels or the TypeScript kernels.
 *
 * Both backends give bit-identical results (see {@link setKernelBackend}), so the choice only
 * affects speed. The initial choice is `auto` unless the environment variable
 * `RANDNLA_KERNELS=js` is set (read through `globalThis.process`, so browsers are unaffected).
 *
 * @module
 */
import { InvalidArgumentError } from '../errors.js';
import { wasmKernels, wasmRandom, wasmSparse, type WasmKernels, type WasmNormals, type WasmSparseExports } from './wasm.js';

/** The kernel backend that runs the dense products and the Walsh–Hadamard transform. */
export type KernelBackend = 'wasm' | 'js';

type Choice = KernelBackend | 'auto';

function initialChoice(): Choice {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    const v = env?.RANDNLA_KERNELS;
    if (v === 'js') return 'js';
  } catch {
    // An environment without a readable process.env: keep the default.
  }
  return 'auto';
}

let choice: Choice = initialChoice();

/**
 * Selects the backend of the dense kernels: the blocked matrix product behind `matmul`,
 * `gram` and the factorizations and sketches built on it, and the fast Walsh–Hadamard
 * transform behind `fwht` and the SRHT sketch.
 *
 * - `'auto'` (the default): WebAssembly 128-bit SIMD when the engine supports it (Node ≥ 16.4,
 *   Chrome ≥ 91, Firefox ≥ 89, Safari ≥ 16.4), otherwise TypeScript.
 * - `'wasm'`: WebAssembly SIMD; throws if the engine cannot run it.
 * - `'js'`: the TypeScript kernels (also selected at start-up by `RANDNLA_KERNELS=js`).
 *
 * Both backends give bit-identical results: the WebAssembly kernels perform, for every output
 * element, the same floating-point operations in the same order as the TypeScript kernels
 * (same inner-dimension slices, each sum taken in increasing index order from +0, separate
 * multiply and add — no fused multiply–add —, the same update of C and the same
 * Walsh–Hadamard butterflies). SIMD only runs independent elements side by side. The backend
 * therefore changes speed, never the output, and seeded results stay reproducible across
 * machines and environments.
 *
 * Cost: O(1); the first use of WebAssembly compiles the 4.0 KB kernel module (and, at the first
 * normal fill, the 4.0 KB generator module; at the first uniform fill or sparse sketch, the 3.4 KB
 * sparse module, the 1.0 KB row-wise one and the 2.9 KB column one) synchronously, about 1 ms
 * each.
 *
 * @param backend - `'auto'`, `'wasm'` or `'js'`.
 * @throws {@link InvalidArgumentError} for any other value, or for `'wasm'` when this engine
 *   has no WebAssembly SIMD.
 * @example
 * ```ts
 * setKernelBackend('js');   // pure TypeScript from here on
 * getKernelBackend();       // 'js'
 * setKernelBackend('auto'); // WebAssembly SIMD where available
 * ```
 */
export function setKernelBackend(backend: KernelBackend | 'auto'): void {
  const fn = 'setKernelBackend';
  if (backend !== 'auto' && backend !== 'wasm' && backend !== 'js') {
    throw new InvalidArgumentError(fn, `backend must be 'auto', 'wasm' or 'js' (got ${String(backend)})`);
  }
  if (backend === 'wasm' && wasmKernels() === null) {
    throw new InvalidArgumentError(fn, `backend 'wasm' needs WebAssembly with 128-bit SIMD, which this engine lacks (got 'wasm'; expected 'auto' or 'js' here)`);
  }
  choice = backend;
}

/**
 * The backend the dense kernels use now: `'wasm'` (WebAssembly SIMD) or `'js'` (TypeScript).
 * Under `'auto'` this is `'wasm'` exactly when the engine can run the WebAssembly module (the
 * first call compiles it). Results are bit-identical either way ({@link setKernelBackend}).
 *
 * Cost: O(1) after the first call.
 *
 * @example
 * ```ts
 * if (getKernelBackend() === 'js') console.log('no WebAssembly SIMD here');
 * ```
 */
export function getKernelBackend(): KernelBackend {
  return activeWasmKernels() === null ? 'js' : 'wasm';
}

/**
 * The loaded WebAssembly kernels if the current backend is WebAssembly, else null (the caller
 * then runs its TypeScript kernel). @internal
 */
export function activeWasmKernels(): WasmKernels | null {
  return choice === 'js' ? null : wasmKernels();
}

/**
 * The WebAssembly normal generator and the kernel memory it writes to, if the current backend is
 * WebAssembly and the engine runs both modules, else null (the caller then runs the TypeScript
 * generator, which gives the same values). @internal
 */
export function activeWasmRandom(): { wk: WasmKernels; normals: WasmNormals } | null {
  return choice === 'js' ? null : wasmRandom();
}

/**
 * The WebAssembly sparse sketch kernels and uniform generator and the kernel memory they work
 * in, if the current backend is WebAssembly and the engine runs both modules, else null (the
 * caller then runs the TypeScript kernels, which give the same bits). @internal
 */
export function activeWasmSparse(): { wk: WasmKernels; exports: WasmSparseExports } | null {
  return choice === 'js' ? null : wasmSparse();
}
