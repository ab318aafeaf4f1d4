import { afterEach, describe, expect, it } from 'vitest';
import { setKernelBackend } from '../../src/core/index.js';
import { lnOneMinus } from '../../src/rng/elementary.js';
import { signAt, substream, toRngState, uniformAt } from '../../src/rng/index.js';
import { materializeBlock, type SketchSpec } from '../../src/sketch/index.js';

// The very sparse sketch draws its columns in batches (the first Philox blocks of thousands of
// column substreams at once, in SIMD when the WebAssembly module is here). Reference: each
// column drawn on its own from the definition, with the public stream functions (substream,
// uniformAt, signAt) and the logarithm the generator promises (lnOneMinus): row skips
// ⌊ln(1 − u_q)/ln(1 − 1/s)⌋, sign of the q-th nonzero at position 2³⁸ + q.

afterEach(() => {
  setKernelBackend('auto');
});

function column(seed: number, m: number, s: number, j: number): Float64Array {
  const col = substream(substream(toRngState(seed, 'sketch'), 0), j);
  const logq = s === 1 ? -Infinity : lnOneMinus(1 / s);
  const out = new Float64Array(m);
  let row = -1;
  for (let q = 0; ; q++) {
    const skip = logq === -Infinity ? 0 : Math.floor(lnOneMinus(uniformAt(col, q)) / logq);
    row += skip + 1;
    if (row >= m || !(skip >= 0)) break;
    out[row] = signAt(col, 2 ** 38 + q) * Math.sqrt(s / m);
  }
  return out;
}

function expectColumns(sp: SketchSpec & { s: number }, c0: number, c1: number, what: string): number {
  const S = materializeBlock(sp, 0, sp.rows, c0, c1).data;
  let nonzeros = 0;
  for (let j = c0; j < c1; j++) {
    const want = column(sp.seed as number, sp.rows, sp.s, j);
    for (let h = 0; h < sp.rows; h++) {
      const got = S[(j - c0) * sp.rows + h];
      if (!Object.is(got, want[h])) throw new Error(`${what}: S[${h}, ${j}] is ${got}, the definition gives ${want[h]}`);
      if (got !== 0) nonzeros++;
    }
  }
  return nonzeros;
}

describe('very sparse columns, drawn in batches, equal the definition column by column', () => {
  for (const backend of ['auto', 'js'] as const) {
    it(`across batch boundaries, with many draws per column, s = 1 and column ids past 2³² (${backend})`, () => {
      setKernelBackend(backend);
      // 9000 columns: three batches of 4096, the first starting off zero.
      const nz = expectColumns({ kind: 'very-sparse', rows: 20, cols: 10000, seed: 3, s: 6 } as SketchSpec & { s: number }, 777, 9777, 'batches');
      expect(nz).toBeGreaterThan(9000 * 2); // about 20/6 per column: the path of draws past the first block
      // s slightly above 1 and m = 300: nearly every row is a nonzero, so draws go past 128 (signs past the first block).
      expectColumns({ kind: 'very-sparse', rows: 300, cols: 40, seed: 5, s: 1.01 } as SketchSpec & { s: number }, 0, 40, 'dense columns');
      // s = 1: every entry is nonzero.
      expect(expectColumns({ kind: 'very-sparse', rows: 7, cols: 30, seed: 8, s: 1 } as SketchSpec & { s: number }, 3, 30, 's = 1')).toBe(27 * 7);
      // Column ids whose high word is not zero.
      expectColumns({ kind: 'very-sparse', rows: 16, cols: 2 ** 33, seed: 9, s: 4 } as SketchSpec & { s: number }, 2 ** 32 - 5, 2 ** 32 + 7, 'ids past 2³²');
    });
  }

  it('the default density s = √n and m = 256 (the benchmark operator), both backends the same bits', () => {
    const sp = { kind: 'very-sparse', rows: 256, cols: 65536, seed: 7, s: 256 } as SketchSpec & { s: number };
    expectColumns(sp, 60000, 61000, 'bench operator');
    setKernelBackend('js');
    const js = materializeBlock(sp, 0, 256, 0, 5000).data;
    setKernelBackend('auto');
    const wasm = materializeBlock(sp, 0, 256, 0, 5000).data;
    expect(wasm.every((v, i) => Object.is(v, js[i]))).toBe(true);
  });
});
