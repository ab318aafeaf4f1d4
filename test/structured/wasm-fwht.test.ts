import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { getKernelBackend, setKernelBackend } from '../../src/core/index.js';
import { resetWasmKernels } from '../../src/core/kernels/wasm.js';
import type { DenseMatrix } from '../../src/core/matrix.js';
import { FWHT_WASM_MIN, fwhtColumnsKernel, fwhtContiguous } from '../../src/structured/fwht.js';
import { fwht, fwhtColumnsInPlace, fwhtInPlace, hadamardOperator } from '../../src/structured/index.js';
import { testNormals, testRandom } from '../helpers/reference.js';
import { sylvester } from './helpers.js';

// The WebAssembly FWHT must give the same bits as the TypeScript FWHT: every check runs one
// call on both backends and compares element by element with Object.is (+0 and −0 differ,
// NaNs compare equal since JavaScript does not expose NaN payloads through arithmetic).

/** A number for a message, with −0 shown as such. */
const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

afterEach(() => {
  vi.unstubAllGlobals();
  resetWasmKernels();
  setKernelBackend('auto');
});

type Special = 'none' | 'zeros' | 'ints' | 'nan' | 'inf';

/**
 * Normals; with 'zeros', many exact ±0 and small integers; with 'ints', only integers in
 * −2 … 2 and ±0, so that partial sums cancel exactly at every stage and signed zeros reach the
 * output (a kernel computing −(v − u) instead of u − v would show).
 */
function entries(len: number, seed: number, special: Special): Float64Array {
  const z = testNormals(seed);
  const u = testRandom(seed + 3);
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    out[i] = z();
    if (special === 'zeros') {
      const r = u();
      out[i] = r < 0.25 ? 0 : r < 0.5 ? -0 : r < 0.8 ? Math.round(2 * out[i]) : out[i];
    } else if (special === 'ints') {
      const r = u();
      out[i] = r < 0.3 ? 0 : r < 0.6 ? -0 : Math.floor(5 * u()) - 2;
    }
  }
  if (len > 0 && (special === 'nan' || special === 'inf')) {
    out[Math.floor(u() * len)] = special === 'nan' ? NaN : -Infinity;
    out[Math.floor(u() * len)] = special === 'nan' ? NaN : Infinity;
  }
  return out;
}

/** Runs `run` on a copy of `data` under each backend; throws at the first differing element. */
function expectSameOnBothBackends(data: Float64Array, run: (d: Float64Array) => void, what: string): void {
  setKernelBackend('js');
  const js = data.slice();
  run(js);
  setKernelBackend('wasm');
  expect(getKernelBackend()).toBe('wasm');
  const wasm = data.slice();
  run(wasm);
  setKernelBackend('auto');
  for (let i = 0; i < js.length; i++) {
    if (!Object.is(js[i], wasm[i])) throw new Error(`${what}: element ${i} differs: js ${show(js[i])}, wasm ${show(wasm[i])}`);
  }
}

describe('WebAssembly FWHT is bit-identical to the TypeScript FWHT', () => {
  it('one vector, n = 2^L for L = 1 … 20 (odd and even L, below and above the 4096-double block), with an offset', () => {
    let seed = 1;
    for (let L = 1; L <= 20; L++) {
      const n = 2 ** L;
      for (const special of ['none', 'zeros', 'ints'] as const) {
        const lead = 3;
        const data = entries(n + lead + 2, seed++, special);
        expectSameOnBothBackends(data, (d) => fwhtContiguous(d, lead, n), `fwhtContiguous n=${n} ${special}`);
      }
    }
  });

  it('random lengths, offsets and special values through fwhtInPlace (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom<Special>('none', 'zeros', 'ints', 'nan', 'inf'),
        fc.integer({ min: 1, max: 1_000_000 }),
        (L, lead, special, seed) => {
          const n = 2 ** L;
          const data = entries(n + lead + 1, seed, special);
          expectSameOnBothBackends(data, (d) => fwhtInPlace(d, lead, n), `fwhtInPlace n=${n} lead=${lead} ${special}`);
        },
      ),
    );
  });

  it('contiguous columns (the batched path of the SRHT), including several batches, random shapes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom<Special>('none', 'zeros', 'ints', 'nan', 'inf'),
        fc.integer({ min: 1, max: 1_000_000 }),
        (L, cols, special, seed) => {
          const rows = 2 ** L;
          const data = entries(rows * cols + 5, seed, special);
          const X = (d: Float64Array): DenseMatrix => ({ kind: 'dense', rows, cols, data: d, offset: 5, rowStride: 1, colStride: rows });
          expectSameOnBothBackends(data, (d) => fwhtColumnsKernel(X(d)), `columns ${rows}×${cols} ${special}`);
        },
      ),
    );
    // 64 × 3000 contiguous doubles: two batches of at most 2^17 doubles.
    const data = entries(64 * 3000, 99, 'zeros');
    expectSameOnBothBackends(
      data,
      (d) => fwhtColumnsKernel({ kind: 'dense', rows: 64, cols: 3000, data: d, offset: 0, rowStride: 1, colStride: 64 }),
      'columns 64×3000',
    );
  });

  it('column-major views with padding, row-major blocks and the public fwht / hadamardOperator', () => {
    const rows = 512, cols = 6, ld = rows + 7;
    const data = entries(ld * cols + 3, 5, 'ints');
    expectSameOnBothBackends(
      data,
      (d) => fwhtColumnsInPlace({ kind: 'dense', rows, cols, data: d, offset: 3, rowStride: 1, colStride: ld }),
      'padded column-major view',
    );
    const rowMajor = entries(rows * cols, 6, 'none');
    expectSameOnBothBackends(
      rowMajor,
      (d) => fwhtColumnsInPlace({ kind: 'dense', rows, cols, data: d, offset: 0, rowStride: cols, colStride: 1 }),
      'row-major block',
    );
    const x = entries(FWHT_WASM_MIN * 8, 7, 'zeros');
    expectSameOnBothBackends(x, (d) => d.set(fwht(d, { normalize: true })), 'fwht vector');
    expectSameOnBothBackends(x, (d) => d.set(hadamardOperator(d.length).apply(d)), 'hadamardOperator');
    const M = entries(256 * 5, 8, 'none');
    expectSameOnBothBackends(
      M,
      (d) => d.set(fwht({ kind: 'dense', rows: 256, cols: 5, data: d, offset: 0, rowStride: 1, colStride: 256 }).data),
      'fwht matrix',
    );
  });

  it('equals the dense Sylvester matrix product exactly on small integers (WebAssembly backend)', () => {
    // Integer inputs of size ≤ 4 and n ≤ 1024: every partial sum is an integer below 2^53, so
    // the transform is exact and must equal H·x computed by integer arithmetic.
    setKernelBackend('wasm');
    for (const n of [128, 256, 1024]) {
      const u = testRandom(n);
      const x = Float64Array.from({ length: n }, () => Math.floor(9 * u()) - 4);
      const H = sylvester(n);
      const y = x.slice();
      fwhtContiguous(y, 0, n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += H[i][j] * x[j];
        expect(y[i]).toBe(s);
      }
    }
  });

  it('falls back to TypeScript when WebAssembly is missing', () => {
    const x = entries(4096, 11, 'none');
    const ref = x.slice();
    fwhtContiguous(ref, 0, 4096);
    resetWasmKernels();
    vi.stubGlobal('WebAssembly', undefined);
    expect(getKernelBackend()).toBe('js');
    const y = x.slice();
    fwhtContiguous(y, 0, 4096);
    for (let i = 0; i < y.length; i++) expect(Object.is(y[i], ref[i])).toBe(true);
  });
});
