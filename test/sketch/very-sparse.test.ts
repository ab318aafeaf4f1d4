import { afterEach, describe, expect, it } from 'vitest';
import { setKernelBackend } from '../../src/core/index.js';
import { lnOneMinus } from '../../src/rng/elementary.js';
import { signAt, substream, toRngState, uniformAt } from '../../src/rng/index.js';
import { materializeBlock, type SketchSpec } from '../../src/sketch/index.js';
import { wasmSparse, REGION_SCATTER_S, REGION_SCATTER_X } from '../../src/core/kernels/wasm.js';
import { testRandom } from '../helpers/reference.js';

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

// The column module (assembly/columns.ts) on planes of arbitrary words: the kernels do not care
// where the words come from, so the corners (edge uniforms, a capacity that runs short) can be
// reached directly.
describe('the very sparse column kernels', () => {
  /** A batch's 16 planes of u32 (stride str) in the kernel memory, random words, with `plant` applied. */
  function planes(str: number, seed: number, plant?: (w: Uint32Array) => void): { wk: NonNullable<ReturnType<typeof wasmSparse>>['wk']; at: number } {
    const { wk } = wasmSparse()!;
    const [at] = wk.reserve([REGION_SCATTER_X], [10 * str]);
    const w = new Uint32Array(wk.f64().buffer, 8 * at, 16 * str);
    const u = testRandom(seed);
    for (let i = 0; i < 16 * str; i++) w[i] = Math.floor(u() * 2 ** 32);
    plant?.(w);
    return { wk, at };
  }
  const uniform = (a0: number, a1: number): number => ((a0 >>> 5) * 67108864 + (a1 >>> 6)) * 1.1102230246251565e-16;

  it('verySparseSkips gives ⌊lnOneMinus(u)/logq⌋ of the first two uniforms, edge uniforms included', () => {
    const ex = wasmSparse()!.exports;
    for (const cnt of [1, 9, 64]) {
      const str = (cnt + 3) & ~3;
      // Column 0: u = 0 (w = 1); column 1: u = 1 − 2⁻⁵³; column 2: u = 2⁻⁵³ (the second uniform of each too).
      const { wk, at } = planes(str, 40 + cnt, (w) => {
        for (const q of [0, 1]) {
          const a = (8 + 2 * q) * str, b = a + str;
          w[a] = 0; w[b] = 0;
          if (cnt > 1) { w[a + 1] = 0xffffffff; w[b + 1] = 0xffffffff; }
          if (cnt > 2) { w[a + 2] = 0; w[b + 2] = 64; }
        }
      });
      for (const s of [1, 1.01, 3, 256, 1e6]) {
        const logq = s === 1 ? -Infinity : lnOneMinus(1 / s);
        ex.verySparseSkips(8 * at, str, cnt, logq, 8 * (at + 8 * str));
        const mem = wk.f64();
        const w = new Uint32Array(mem.buffer, 8 * at, 16 * str);
        for (const q of [0, 1]) {
          for (let t = 0; t < cnt; t++) {
            const u = uniform(w[(8 + 2 * q) * str + t], w[(9 + 2 * q) * str + t]);
            const want = logq === -Infinity ? 0 : Math.floor(lnOneMinus(u) / logq);
            const got = mem[at + 8 * str + q * str + t];
            if (!Object.is(got, want)) throw new Error(`cnt ${cnt}, s ${s}, uniform ${q} of column ${t} (u = ${u}): ${got}, want ${want}`);
          }
        }
      }
    }
  });

  it('verySparseColumns stops before a column that might not fit, and resuming there gives the same entries', () => {
    const ex = wasmSparse()!.exports;
    const cnt = 300, str = 300, m = 40, s = 3, val = Math.sqrt(s / m);
    const logq = lnOneMinus(1 / s);
    const { wk, at } = planes(str, 9);
    ex.verySparseSkips(8 * at, str, cnt, logq, 8 * (at + 8 * str));
    // One call with room for every entry, then calls with room for m + 3 entries at a time.
    const run = (cap: number): { rows: number[]; vals: number[]; ends: number[]; calls: number } => {
      const out = { rows: [] as number[], vals: [] as number[], ends: [] as number[], calls: 0 };
      for (let t0 = 0; t0 < cnt; out.calls++) {
        const [sa] = wk.reserve([REGION_SCATTER_S], [2 * cap + cnt]);
        const done = ex.verySparseColumns(1234, 5678, 8 * at, str, 8 * (at + 8 * str), t0, cnt, m, logq, val, 8 * (sa + cap), 8 * sa, 8 * (sa + 2 * cap), cap);
        expect(done).toBeGreaterThan(0);
        const mem = wk.f64();
        const words = new Int32Array(mem.buffer);
        const ends = Array.from(words.subarray(2 * (sa + 2 * cap), 2 * (sa + 2 * cap) + done));
        const got = ends[done - 1];
        expect(got).toBeLessThanOrEqual(cap);
        const base = out.rows.length;
        out.rows.push(...words.subarray(2 * (sa + cap), 2 * (sa + cap) + got));
        out.vals.push(...mem.subarray(sa, sa + got));
        out.ends.push(...ends.map((e) => base + e));
        t0 += done;
      }
      return out;
    };
    const whole = run(cnt * m);
    const pieces = run(m + 3);
    expect(whole.calls).toBe(1);
    expect(pieces.calls).toBeGreaterThan(20);
    expect(pieces.rows).toEqual(whole.rows);
    expect(pieces.vals).toEqual(whole.vals);
    expect(pieces.ends).toEqual(whole.ends);
    // Every column's rows increase within [0, m); about m/s entries a column, some past the
    // second draw (so the module's own Philox blocks and logarithms ran).
    let prev = 0, past2 = 0;
    for (const e of whole.ends) {
      for (let i = prev + 1; i < e; i++) expect(whole.rows[i]).toBeGreaterThan(whole.rows[i - 1]);
      if (e - prev >= 2) past2++;
      prev = e;
    }
    expect(whole.rows.every((r) => r >= 0 && r < m)).toBe(true);
    expect(whole.vals.every((v) => v === val || v === -val)).toBe(true);
    expect(whole.rows.length).toBeGreaterThan((cnt * m) / s / 2);
    expect(past2).toBeGreaterThan(cnt / 2);
  });
});
