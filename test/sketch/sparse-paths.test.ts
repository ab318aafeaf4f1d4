import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { getKernelBackend, setKernelBackend } from '../../src/core/index.js';
import { assertCsr, csrFromCoo, type CsrMatrix } from '../../src/core/csr.js';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import type { DenseMatrix } from '../../src/core/matrix.js';
import { assertFiniteMatrix } from '../../src/core/validate.js';
import { applySketch, materializeBlock, sketchStream, type SketchSpec } from '../../src/sketch/index.js';
import { testNormals, testRandom } from '../helpers/reference.js';

// The sparse kinds (CountSketch, sparse sign, very sparse) have their own paths in applySketch:
// the finiteness check of a dense A and the index/value checks of a CSR A run inside the
// kernels (fused, no pass of their own), and CSR input is reduced with reused buffers. These
// tests pin (1) the bits, against a reference written here from the definition (leaf = S[:,
// block]·A[block] summed over increasing rows from +0, leaves summed in the fixed binary tree,
// left + right), for both kernel backends, and (2) the errors, which must be exactly those of
// the up-front checks (the same class and message, naming the same entry), with no result.

afterEach(() => {
  setKernelBackend('auto');
});

const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

type Kind = 'countsketch' | 'sparse-sign' | 'sparse-stack' | 'very-sparse';

function spec(kind: Kind, m: number, n: number, seed: number, blockRows: number, zeta = 3): SketchSpec {
  if (kind === 'sparse-sign' || kind === 'sparse-stack') return { kind, rows: m, cols: n, seed, blockRows, zeta: Math.min(zeta, m) } as SketchSpec;
  if (kind === 'very-sparse') return { kind, rows: m, cols: n, seed, blockRows } as SketchSpec;
  return { kind, rows: m, cols: n, seed, blockRows };
}

/** S·A from the definition: dense leaves from materializeBlock, summed in the fixed tree. */
function reference(sp: SketchSpec, get: (i: number, j: number) => number, d: number): Float64Array {
  const m = sp.rows;
  const n = sp.cols;
  const B = sp.blockRows as number;
  const nb = Math.ceil(n / B);
  const leaf = (b: number): Float64Array => {
    const c0 = b * B;
    const c1 = Math.min(n, c0 + B);
    const S = materializeBlock(sp, 0, m, c0, c1);
    const out = new Float64Array(m * d);
    for (let j = 0; j < d; j++) {
      for (let h = 0; h < m; h++) {
        let s = 0;
        for (let t = c0; t < c1; t++) s += S.data[(t - c0) * m + h] * get(t, j);
        out[j * m + h] = s;
      }
    }
    return out;
  };
  let height = 0;
  while (2 ** height < nb) height++;
  const node = (L: number, i: number): Float64Array => {
    if (L === 0) return leaf(i);
    const left = node(L - 1, 2 * i);
    if ((2 * i + 1) * 2 ** (L - 1) >= nb) return left;
    const right = node(L - 1, 2 * i + 1);
    return left.map((x, t) => x + right[t]);
  };
  return nb === 0 ? new Float64Array(m * d) : node(height, 0);
}

function expectBits(got: Float64Array, want: Float64Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) throw new Error(`${what}: element ${i} is ${show(got[i])}, expected ${show(want[i])}`);
  }
}

/** Small integers and ±0 (so that sums cancel exactly and a wrong order or start shows), or normals. */
function values(len: number, seed: number, ints: boolean): Float64Array {
  const z = testNormals(seed);
  const u = testRandom(seed + 1);
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const r = u();
    out[i] = ints ? (r < 0.2 ? 0 : r < 0.4 ? -0 : Math.floor(5 * u()) - 2) : z();
  }
  return out;
}

/** A random CSR matrix (density p, some empty rows) with its entries as a function. */
function randomCsr(n: number, d: number, p: number, seed: number, ints: boolean, empty = 0.15): { A: CsrMatrix; get: (i: number, j: number) => number } {
  const u = testRandom(seed);
  const I: number[] = [], J: number[] = [];
  for (let i = 0; i < n; i++) {
    if (u() < empty) continue; // an empty row
    for (let j = 0; j < d; j++) if (u() < p) { I.push(i); J.push(j); }
  }
  const V = values(I.length, seed + 5, ints);
  // keepZeros: stored ±0 entries are part of the input too.
  const A = csrFromCoo(n, d, I, J, V, { keepZeros: true });
  const dense = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let q = A.indptr[i]; q < A.indptr[i + 1]; q++) dense[A.indices[q] * n + i] = A.values[q];
  return { A, get: (i, j) => dense[j * n + i] };
}

describe('sparse kinds on CSR input: bit-identical to the definition, to the dense copy and to sketchStream', () => {
  it('random shapes, block sizes, densities and both backends (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          kind: fc.constantFrom<Kind>('countsketch', 'sparse-sign', 'sparse-stack', 'very-sparse'),
          zeta: fc.constantFrom(1, 2, 3, 8),
          m: fc.integer({ min: 1, max: 12 }),
          n: fc.integer({ min: 1, max: 300 }),
          d: fc.integer({ min: 1, max: 9 }),
          logB: fc.integer({ min: 0, max: 7 }),
          p: fc.constantFrom(0.05, 0.3, 0.9),
          ints: fc.boolean(),
          wasm: fc.boolean(),
          seed: fc.integer({ min: 0, max: 1e6 }),
        }),
        ({ kind, zeta, m, n, d, logB, p, ints, wasm, seed }) => {
          setKernelBackend(wasm ? 'auto' : 'js');
          const sp = spec(kind, m, n, seed, 2 ** logB, zeta);
          const { A, get } = randomCsr(n, d, p, seed, ints);
          const before = [A.indptr.slice(), A.indices.slice(), A.values.slice()];
          const got = applySketch(sp, A).data;
          const what = `${kind} ζ=${zeta} m=${m} ${n}×${d} B=${2 ** logB} p=${p} ${wasm ? getKernelBackend() : 'js'}`;
          expectBits(got, reference(sp, get, d), what);
          // The dense copy (column-major) gives the same bits.
          const D: DenseMatrix = { kind: 'dense', rows: n, cols: d, data: Float64Array.from({ length: n * d }, (_, t) => get(t % n, Math.floor(t / n))), offset: 0, rowStride: 1, colStride: n };
          expectBits(applySketch(sp, D).data, got, `${what} dense copy`);
          // The caller's arrays are not written.
          expectBits(A.indptr as unknown as Float64Array, before[0] as unknown as Float64Array, `${what} indptr`);
          expectBits(A.values, before[2] as Float64Array, `${what} values`);
          expect(Array.from(A.indices)).toEqual(Array.from(before[1]));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('the bench shape in miniature (many blocks, a non-power-of-two count), streamed in pieces', () => {
    const n = 1000, d = 40, m = 16;
    const { A, get } = randomCsr(n, d, 0.2, 11, false);
    for (const kind of ['countsketch', 'sparse-sign', 'sparse-stack', 'very-sparse'] as const) {
      const sp = spec(kind, m, n, 3, 64, 8); // 16 blocks, the last one short
      const got = applySketch(sp, A).data;
      expectBits(got, reference(sp, get, d), kind);
      const acc = sketchStream(sp);
      for (const [a, b] of [[500, 1000], [0, 130], [130, 500]] as const) {
        const rows = { kind: 'csr' as const, rows: b - a, cols: d, indptr: A.indptr.slice(a, b + 1).map((x) => x - A.indptr[a]), indices: A.indices.slice(A.indptr[a], A.indptr[b]), values: A.values.slice(A.indptr[a], A.indptr[b]) };
        acc.push(rows, a);
      }
      expectBits(acc.result().data, got, `${kind} streamed`);
    }
  });
});

describe('sparse kinds on CSR input: shapes around blocks and column groups', () => {
  // Shapes a column-blocked or tiled CSR reduction would have to get right: d below, at and
  // just past multiples of 8, 16 and 64 columns, empty rows, whole blocks without entries (at
  // the start, in the middle, at the end), n not a multiple of blockRows, a single block, m
  // small and m larger than a block, on both kernel backends, against the definition, the dense
  // copy and sketchStream.
  const cases: Array<{ n: number; d: number; m: number; B: number; emptyBlocks: number[] }> = [
    { n: 130, d: 17, m: 3, B: 16, emptyBlocks: [0, 4] },
    { n: 97, d: 33, m: 40, B: 8, emptyBlocks: [1, 2, 12] },
    { n: 256, d: 16, m: 7, B: 32, emptyBlocks: [7] },
    { n: 200, d: 65, m: 1, B: 64, emptyBlocks: [] },
    { n: 45, d: 9, m: 64, B: 64, emptyBlocks: [] },
    { n: 300, d: 31, m: 300, B: 16, emptyBlocks: [3, 18] },
  ];
  it.each(cases)('n=$n d=$d m=$m blockRows=$B empty blocks $emptyBlocks', ({ n, d, m, B, emptyBlocks }) => {
    const { A: A0 } = randomCsr(n, d, 0.25, n + d + m, false, 0.2);
    // Drop the entries of the empty blocks.
    const I: number[] = [], J: number[] = [], V: number[] = [];
    for (let i = 0; i < n; i++) {
      if (emptyBlocks.includes(Math.floor(i / B))) continue;
      for (let q = A0.indptr[i]; q < A0.indptr[i + 1]; q++) { I.push(i); J.push(A0.indices[q]); V.push(A0.values[q]); }
    }
    const A = csrFromCoo(n, d, I, J, V, { keepZeros: true });
    const dense = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let q = A.indptr[i]; q < A.indptr[i + 1]; q++) dense[A.indices[q] * n + i] = A.values[q];
    const get = (i: number, j: number): number => dense[j * n + i];
    const D: DenseMatrix = { kind: 'dense', rows: n, cols: d, data: dense, offset: 0, rowStride: 1, colStride: n };
    for (const backend of ['js', 'auto'] as const) {
      setKernelBackend(backend);
      for (const kind of ['countsketch', 'sparse-sign', 'sparse-stack', 'very-sparse'] as const) {
        for (const zeta of kind === 'sparse-sign' || kind === 'sparse-stack' ? [2, 8] : [1]) {
          const sp = spec(kind, m, n, 17, B, zeta);
          const what = `${kind} ζ=${zeta} ${backend}`;
          const got = applySketch(sp, A).data;
          expectBits(got, reference(sp, get, d), what);
          expectBits(applySketch(sp, D).data, got, `${what} dense copy`);
          const acc = sketchStream(sp);
          const cut = Math.floor(n / 3);
          for (const [a, b] of [[cut, n], [0, cut]] as const) {
            acc.push({ kind: 'csr', rows: b - a, cols: d, indptr: A.indptr.slice(a, b + 1).map((x) => x - A.indptr[a]), indices: A.indices.slice(A.indptr[a], A.indptr[b]), values: A.values.slice(A.indptr[a], A.indptr[b]) }, a);
          }
          expectBits(acc.result().data, got, `${what} streamed`);
        }
      }
    }
  });
});

/** Dense views: column-major, row-major, strided inside a larger buffer, and wide row-major (TypeScript path). */
type Layout = 'col' | 'row' | 'offset' | 'rowWide';
function view(n: number, d: number, layout: Layout, seed: number): { A: DenseMatrix; set: (i: number, j: number, v: number) => void } {
  const vals = values(n * d, seed, false);
  const lead = 5;
  const ld = layout === 'col' ? n : layout === 'offset' ? n + 3 : layout === 'row' ? d : 3 * d + 1;
  const colMajor = layout === 'col' || layout === 'offset';
  const data = new Float64Array(lead + ld * (colMajor ? d : n) + 4).fill(NaN); // NaN outside the view
  const rs = colMajor ? 1 : ld;
  const cs = colMajor ? ld : 1;
  for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) data[lead + i * rs + j * cs] = vals[j * n + i];
  return { A: { kind: 'dense', rows: n, cols: d, data, offset: lead, rowStride: rs, colStride: cs }, set: (i, j, v) => { data[lead + i * rs + j * cs] = v; } };
}

/** The error the up-front check gives (assertFiniteMatrix names the first entry in column-major order). */
function upFrontError(A: DenseMatrix): string {
  try {
    assertFiniteMatrix('applySketch', 'A', A);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('dense input: the finiteness check fused into the sparse kernels', () => {
  // n = 300, blockRows 64, m = 8: the full blocks run the WebAssembly scatter for every kind
  // with k·z ≥ 8m (ζ = 3: 192 ≥ 64), the 44-row last block too for ζ = 3; d = 11 is one group
  // of eight columns, then three (TypeScript: an 8-, a 4- and a 1-column sweep).
  const n = 300, d = 11;
  const kinds: SketchSpec[] = [spec('countsketch', 8, n, 2, 64), spec('sparse-sign', 8, n, 2, 64, 3), spec('sparse-stack', 8, n, 2, 64, 3), spec('very-sparse', 8, n, 2, 64)];

  it.each(['col', 'row', 'offset', 'rowWide'] as const)('%s layout: every bad entry gives the up-front error, on both backends', (layout) => {
    const spots: Array<[number, number, number]> = [[0, 0, NaN], [299, 10, Infinity], [130, 8, -Infinity], [64, 3, NaN], [263, 7, Infinity]];
    for (const backend of ['js', 'auto'] as const) {
      setKernelBackend(backend);
      for (const sp of kinds) {
        expect(() => applySketch(sp, view(n, d, layout, 1).A)).not.toThrow();
        for (const [i, j, v] of spots) {
          const w = view(n, d, layout, 1);
          w.set(i, j, v);
          const msg = upFrontError(w.A);
          expect(msg).toBe(`applySketch: A has a non-finite entry ${v} at (${i}, ${j})`);
          expect(() => applySketch(sp, w.A)).toThrow(NonFiniteError);
          expect(() => applySketch(sp, w.A)).toThrow(msg);
        }
        // Two bad entries: the one first in column-major order is named, as before.
        const w = view(n, d, layout, 1);
        w.set(250, 2, Infinity);
        w.set(3, 9, NaN);
        expect(() => applySketch(sp, w.A)).toThrow('A has a non-finite entry Infinity at (250, 2)');
      }
    }
  });

  it('huge finite entries are not rejected and give the same bits on both backends', () => {
    // Rows of 1.7e308: the WebAssembly check's row sums overflow (a false alarm), the ordered
    // check then finds every entry finite and the product goes on.
    const w = view(n, d, 'col', 2);
    for (let i = 0; i < n; i += 7) for (let j = 0; j < d; j++) w.set(i, j, (j % 2 ? -1 : 1) * 1.7e308);
    for (const sp of kinds) {
      setKernelBackend('js');
      const js = applySketch(sp, w.A).data;
      setKernelBackend('auto');
      expectBits(applySketch(sp, w.A).data, js, `${sp.kind} huge values`);
    }
  });

  it('a non-finite entry is reported before a wrong number of rows, as by the up-front check', () => {
    const w = view(n, d, 'col', 3);
    w.set(5, 5, NaN);
    const sp = spec('countsketch', 8, n + 1, 2, 64);
    expect(() => applySketch(sp, w.A)).toThrow(NonFiniteError);
    expect(() => applySketch(sp, view(n, d, 'col', 3).A)).toThrow(DimensionError);
  });
});

describe('CSR input: the index and value checks fused into the sparse kernels', () => {
  const n = 200, d = 7;
  const base = (): CsrMatrix => randomCsr(n, d, 0.8, 21, false, 0).A;
  const upFront = (A: CsrMatrix): string => {
    try {
      assertCsr('applySketch', 'A', A);
    } catch (e) {
      return `${(e as Error).constructor.name}: ${(e as Error).message}`;
    }
    return 'no error';
  };
  const thrown = (sp: SketchSpec, A: CsrMatrix): string => {
    try {
      applySketch(sp, A);
    } catch (e) {
      return `${(e as Error).constructor.name}: ${(e as Error).message}`;
    }
    return 'no error';
  };

  it('every kind of fault gives the error of assertCsr (class, message, entry), in row order', () => {
    const faults: Array<[string, (A: CsrMatrix) => void]> = [
      ['index out of range', (A) => { A.indices[A.indptr[150] + 1] = d; }],
      ['negative index', (A) => { A.indices[A.indptr[3]] = -1; }],
      ['indices out of order', (A) => { const q = A.indptr[90]; [A.indices[q], A.indices[q + 1]] = [A.indices[q + 1], A.indices[q]]; }],
      ['duplicated index', (A) => { const q = A.indptr[199]; A.indices[q + 1] = A.indices[q]; }],
      ['NaN value', (A) => { A.values[A.indptr[64]] = NaN; }],
      ['-Infinity value', (A) => { A.values[A.values.length - 1] = -Infinity; }],
      ['two faults, the earlier row named', (A) => { A.values[A.indptr[120]] = Infinity; A.indices[A.indptr[40]] = 99; }],
    ];
    for (const backend of ['js', 'auto'] as const) {
      setKernelBackend(backend);
      for (const kind of ['countsketch', 'sparse-sign', 'sparse-stack', 'very-sparse'] as const) {
        const sp = spec(kind, 6, n, 4, 32);
        for (const [what, hurt] of faults) {
          const A = base();
          // Rows 3, 40, 64, 90, 120, 150 and 199 must hold at least two entries for the faults above.
          for (const r of [3, 40, 64, 90, 120, 150, 199]) expect(A.indptr[r + 1] - A.indptr[r]).toBeGreaterThan(1);
          hurt(A);
          const want = upFront(A);
          expect(want, what).not.toBe('no error');
          expect(thrown(sp, A), `${kind} ${what}`).toBe(want);
        }
      }
    }
  });

  it('a fault is reported before a wrong number of rows; structural faults are caught up front', () => {
    const A = base();
    A.values[A.indptr[10]] = NaN;
    expect(() => applySketch(spec('countsketch', 6, n + 1, 4, 32), A)).toThrow(NonFiniteError);
    expect(() => applySketch(spec('countsketch', 6, n + 1, 4, 32), base())).toThrow(DimensionError);
    const B = base();
    const indptr = B.indptr.slice();
    [indptr[50], indptr[51]] = [indptr[51], indptr[50]]; // decreasing at row 50
    expect(thrown(spec('sparse-sign', 6, n, 4, 32), { ...B, indptr })).toBe(upFront({ ...B, indptr }));
    expect(() => applySketch(spec('sparse-sign', 6, n, 4, 32), { ...B, indptr })).toThrow(InvalidArgumentError);
  });
});
