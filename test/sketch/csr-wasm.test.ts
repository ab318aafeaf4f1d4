import { describeAttachedModule, rejectModule } from '../helpers/wasm-module.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setKernelBackend } from '../../src/core/index.js';
import { csrFromCoo, csrToDense, type CsrMatrix } from '../../src/core/csr.js';
import { fromColMajor } from '../../src/core/matrix.js';
import { WASM_SPARSE_BASE64, WASM_SPARSE_SHA256 } from '../../src/core/kernels/wasm-sparse-binary.js';
import { WASM_ROWS_BASE64, WASM_ROWS_SHA256 } from '../../src/core/kernels/wasm-rows-binary.js';
import { WASM_COLUMNS_BASE64, WASM_COLUMNS_SHA256 } from '../../src/core/kernels/wasm-columns-binary.js';
import { resetWasmKernels, wasmKernels, wasmSparse, REGION_TREE, REGION_PACK_A, REGION_NORMALS } from '../../src/core/kernels/wasm.js';
import { applySketch, sketchStream, type SketchSpec } from '../../src/sketch/index.js';
import { CSR_STAGE_ENTRIES, csrScatterBand } from '../../src/sketch/apply.js';
import { sparseLeafCsrInto } from '../../src/sketch/kinds.js';
import { philox4x32_10 } from '../../src/rng/philox.js';
import { fillUniform, uniformAt } from '../../src/rng/draw.js';
import { testNormals, testRandom } from '../helpers/reference.js';

// The CSR path of the sparse sketches on the WebAssembly backend (assembly/sparse.ts and
// sketchCsrLeavesWasm in src/sketch/apply.ts) against the TypeScript path: the same bits
// (Object.is) for shapes that reach its corners (chunked staging, a row longer than a chunk,
// one leaf, empty leaves, an odd m·d, a variable number of entries per column of S), the
// kernels themselves against sparseLeafCsrInto, the kernel memory keeping region contents when
// it is laid out again, and the module binary. sparse-paths.test.ts checks both paths against
// a reference written from the definition and checks their errors.

afterEach(() => {
  vi.unstubAllGlobals();
  resetWasmKernels();
  setKernelBackend('auto');
});

const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

function expectBits(got: Float64Array, want: Float64Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) throw new Error(`${what}: element ${i} is ${show(got[i])}, expected ${show(want[i])}`);
  }
}

/** A CSR matrix whose row i has `len(i)` entries at distinct random columns, normal values. */
function csr(n: number, d: number, len: (i: number) => number, seed: number): CsrMatrix {
  const u = testRandom(seed);
  const z = testNormals(seed + 1);
  const I: number[] = [], J: number[] = [], V: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.min(d, len(i));
    const cols = new Set<number>();
    if (k === d) for (let j = 0; j < d; j++) cols.add(j);
    while (cols.size < k) cols.add(Math.floor(u() * d));
    for (const j of cols) {
      I.push(i);
      J.push(j);
      V.push(z());
    }
  }
  return csrFromCoo(n, d, I, J, V);
}

function bothBackends(sp: SketchSpec, A: CsrMatrix, what: string): void {
  setKernelBackend('auto');
  expect(wasmSparse(), 'the CSR module loads here').not.toBeNull();
  const viaWasm = applySketch(sp, A).data;
  setKernelBackend('js');
  const viaJs = applySketch(sp, A).data;
  expectBits(viaWasm, viaJs, what);
}

const kinds = (m: number, n: number, B: number, seed: number): SketchSpec[] => [
  { kind: 'countsketch', rows: m, cols: n, seed, blockRows: B },
  { kind: 'sparse-sign', rows: m, cols: n, seed, blockRows: B, zeta: Math.min(8, m) } as SketchSpec,
  { kind: 'sparse-stack', rows: m, cols: n, seed, blockRows: B, zeta: Math.min(8, m) } as SketchSpec,
  { kind: 'very-sparse', rows: m, cols: n, seed, blockRows: B } as SketchSpec,
];

describe('sparse sketches of CSR input on the WebAssembly backend', () => {
  it('give the bits of the TypeScript path: leaves staged in several chunks, and a row longer than a chunk', () => {
    // 300 rows of 400 entries: a leaf of 256 rows holds 102400 > CSR_STAGE_ENTRIES entries;
    // row 7 holds 70000 > CSR_STAGE_ENTRIES on its own.
    const d = 70000;
    const A = csr(300, d, (i) => (i === 7 ? 70000 : 400), 3);
    expect(A.indptr[256]).toBeGreaterThan(CSR_STAGE_ENTRIES);
    for (const sp of kinds(3, 300, 256, 5)) bothBackends(sp, A, `${sp.kind} chunked`);
  });

  it('give the bits of the TypeScript path: one leaf, empty leaves, odd m·d, m = 1, 17 leaves', () => {
    const cases: Array<[string, number, number, number, number, (i: number) => number]> = [
      // what, m, n, d, blockRows, row length
      ['one leaf (a tree of height 0)', 5, 40, 9, 64, (i) => i % 4],
      ['empty leaves', 7, 400, 11, 32, (i) => (i >= 64 && i < 160 ? 0 : (i * 7) % 5)],
      ['odd m·d', 7, 300, 13, 16, (i) => 1 + (i % 6)],
      ['m = 1', 1, 200, 5, 8, (i) => i % 3],
      ['17 leaves, the last one short', 16, 1030, 40, 64, (i) => (i * 13) % 9],
      ['every row empty', 6, 100, 4, 16, () => 0],
    ];
    for (const [what, m, n, d, B, len] of cases) {
      const A = csr(n, d, len, m + n);
      for (const sp of kinds(m, n, B, 17)) bothBackends(sp, A, `${sp.kind} ${what}`);
    }
  });

  it('give the bits of the TypeScript path when the node is scattered in column bands (above 1 MiB), one-shot and streamed', () => {
    // m = 1024, d = 300: a 2.4 MiB node, three bands of 100 columns (csrScatterBand); rows of
    // 0 to 40 entries, leaves of 256 rows, one of them in two chunks of staging.
    const m = 1024, n = 700, d = 300;
    expect(csrScatterBand(m, d)).toBe(100);
    expect(csrScatterBand(256, 1024)).toBe(512);
    expect(csrScatterBand(256, 64)).toBe(64);
    const A = csr(n, d, (i) => (i * 7) % 41, 31);
    for (const sp of kinds(m, n, 256, 33)) {
      bothBackends(sp, A, `${sp.kind} in bands`);
      setKernelBackend('auto');
      const acc = sketchStream(sp);
      for (const [a, b] of [[300, 700], [0, 300]] as const) {
        acc.push({ kind: 'csr', rows: b - a, cols: d, indptr: A.indptr.slice(a, b + 1).map((x) => x - A.indptr[a]), indices: A.indices.slice(A.indptr[a], A.indptr[b]), values: A.values.slice(A.indptr[a], A.indptr[b]) }, a);
      }
      expectBits(acc.result().data, applySketch(sp, A).data, `${sp.kind} in bands, streamed`);
    }
  });

  /**
   * With the module `base64` refused, the CSR sketches fall back to TypeScript with the same
   * bits, and so do those of a dense copy (whose leaves still scatter in the kernel module, with
   * the rows of S drawn by the TypeScript twins on views of its memory).
   */
  function expectFallbackWithout(base64: string, label: string, seed: number): void {
    const A = csr(500, 30, (i) => i % 7, seed);
    const D = fromColMajor(500, 30, csrToDense(A).data);
    const want = kinds(12, 500, 64, seed).map((sp) => {
      setKernelBackend('js');
      return [applySketch(sp, A).data, applySketch(sp, D).data];
    });
    rejectModule(base64);
    setKernelBackend('auto');
    expect(wasmKernels()).not.toBeNull();
    expect(wasmSparse()).toBeNull();
    kinds(12, 500, 64, seed).forEach((sp, i) => {
      expectBits(applySketch(sp, A).data, want[i][0], `${sp.kind} without the ${label} module`);
      expectBits(applySketch(sp, D).data, want[i][1], `${sp.kind}, dense, without the ${label} module`);
    });
  }

  it('give the bits of the TypeScript path when the sparse module alone fails to load (sketches and uniforms)', () => {
    expectFallbackWithout(WASM_SPARSE_BASE64, 'sparse', 9);
    // The uniforms (generated by this module too) fall back to TypeScript, with the same values.
    const s = { key: [4, 5] as [number, number], stream: [6, 7] as [number, number] };
    const u = new Float64Array(5001);
    fillUniform(s, 3, u);
    for (let t = 0; t < 5001; t += 101) expect(u[t]).toBe(uniformAt(s, 3 + t));
  });

  it('give the bits of the TypeScript path when the row-wise module alone fails to load', () => {
    expectFallbackWithout(WASM_ROWS_BASE64, 'row-wise', 10);
  });

  it('give the bits of the TypeScript path when the column module (very sparse draws) alone fails to load', () => {
    expectFallbackWithout(WASM_COLUMNS_BASE64, 'column', 11);
  });
});

describe('sparse sketches of dense input, with the tree in the kernel memory', () => {
  it('give the bits of the TypeScript path: widths around the groups of eight columns, a short last leaf, every kind', () => {
    const z = testNormals(12);
    for (const d of [1, 7, 8, 9, 20]) {
      for (const [m, n, B] of [[8, 700, 64], [16, 1000, 256], [3, 100, 128]] as const) {
        const data = Float64Array.from({ length: n * d }, () => z());
        const A = { kind: 'dense' as const, rows: n, cols: d, data, offset: 0, rowStride: 1, colStride: n };
        for (const sp of kinds(m, n, B, 21)) {
          // very sparse at a density that gives the WebAssembly scatter enough entries per leaf
          const spec = sp.kind === 'very-sparse' ? ({ ...sp, s: 2 } as SketchSpec) : sp;
          setKernelBackend('auto');
          const viaWasm = applySketch(spec, A).data;
          setKernelBackend('js');
          expectBits(viaWasm, applySketch(spec, A).data, `${spec.kind} m=${m} ${n}×${d} B=${B}`);
        }
      }
    }
  });
});

/** The byte addresses of a CSR block and the columns of S staged by {@link stageScatter}. */
interface Staged {
  readonly ip: number;
  readonly ix: number;
  readonly vx: number;
  readonly rs: number;
  readonly vs: number;
  readonly cp: number;
  readonly out: number;
  /** Scratch for the bands' cursors (k i32). */
  readonly cur: number;
  /** Rewrites every input and clears out. */
  write(): void;
  /** The m×d output. */
  read(): Float64Array;
}

/**
 * Copies a CSR block X (its row pointers shifted by `shift`, as in a chunk staged from inside
 * A), the columns of S (rows, vals, colptr) and a cleared m×d output into the kernel memory.
 */
function stageScatter(X: CsrMatrix, rows: Int32Array, vals: Float64Array, colptr: Int32Array, m: number, shift = 0): Staged {
  const { wk } = wasmSparse()!;
  const k = X.rows, d = X.cols, nnz = X.indptr[k], nz = rows.length;
  const [base] = wk.reserve([REGION_TREE], [m * d + 18 + Math.ceil((k + 1) / 2) + 2 * nnz + 2 * nz + Math.ceil(colptr.length / 2) + Math.ceil(k / 2)]);
  const out = base, ip = out + m * d + 2, ix = ip + Math.ceil((k + 1) / 2) + 2, vx = ix + Math.ceil(nnz / 2) + 2;
  const rs = vx + nnz + 2, vs = rs + Math.ceil(nz / 2) + 2, cp = vs + nz + 2, cur = cp + Math.ceil(colptr.length / 2) + 2;
  const write = (): void => {
    const mem = wk.f64();
    const i32 = new Int32Array(mem.buffer);
    mem.fill(0, out, out + m * d);
    i32.set(X.indptr.map((v) => v + shift), 2 * ip);
    i32.set(X.indices, 2 * ix);
    mem.set(X.values, vx);
    i32.set(rows, 2 * rs);
    mem.set(vals, vs);
    i32.set(colptr, 2 * cp);
  };
  write();
  return { ip: 8 * ip, ix: 8 * ix, vx: 8 * vx, rs: 8 * rs, vs: 8 * vs, cp: 8 * cp, out: 8 * out, cur: 8 * cur, write, read: () => wk.f64().slice(out, out + m * d) };
}

describe('the sparse module kernels', () => {
  it('csrScatter adds S·X like sparseLeafCsrInto, and reports a bad block without writing', () => {
    const sp = wasmSparse();
    expect(sp).not.toBeNull();
    const { wk, exports: ex } = sp!;
    const m = 5, d = 6, k = 4, z = 2;
    const X = csr(k, d, (i) => [3, 0, 6, 2][i], 4);
    const rows = Int32Array.from([0, 3, 4, 1, 2, 0, 1, 4]);
    const vals = Float64Array.from([0.5, -0.5, 0.25, -1.5, 2, 3, -0.125, 1]);
    const colptr = Int32Array.from([0, 2, 4, 6, 8]);
    const want = new Float64Array(m * d).fill(0);
    sparseLeafCsrInto({ z, colptr, rows, vals }, m, X, want);
    const st = stageScatter(X, rows, vals, colptr, m);
    const scatter = (zz: number): number => ex.csrScatter(k, d, m, zz, st.ip, st.ix, st.vx, st.cp, st.rs, st.vs, st.out, d, st.cur);
    for (const zz of [z, 0]) {
      st.write();
      expect(scatter(zz)).toBe(0);
      expectBits(st.read(), want, `csrScatter z=${zz}`);
    }
    // Row 2 (entries 3 … 8) gets a column index out of range: the block is reported and
    // nothing of it is written.
    st.write();
    new Int32Array(wk.f64().buffer)[st.ix / 4 + 4] = d;
    expect(scatter(z)).toBe(1);
    expectBits(st.read(), new Float64Array(m * d), 'csrScatter with a bad row');
    // A NaN value is reported too.
    st.write();
    wk.f64()[st.vx / 8 + 1] = NaN;
    expect(scatter(z)).toBe(1);
  });

  it('csrScatter gives the bits of sparseLeafCsrInto for 0 to 12 entries in a column of S (each path of its loop), in bands of any width', () => {
    const sp = wasmSparse();
    expect(sp).not.toBeNull();
    const { exports: ex } = sp!;
    const m = 13, d = 9, k = 40;
    const u = testRandom(5);
    const X = csr(k, d, (i) => i % 10, 6);
    // Column t of S has t % 13 entries (0 … 12) on distinct rows, with values of either sign.
    const colptr = new Int32Array(k + 1);
    const rowList: number[] = [], valList: number[] = [];
    for (let t = 0; t < k; t++) {
      const c = t % 13;
      const picked = new Set<number>();
      while (picked.size < c) picked.add(Math.floor(u() * m));
      for (const r of picked) { rowList.push(r); valList.push((u() < 0.5 ? -1 : 1) * (0.25 + u())); }
      colptr[t + 1] = rowList.length;
    }
    const rows = Int32Array.from(rowList), vals = Float64Array.from(valList);
    const want = new Float64Array(m * d);
    sparseLeafCsrInto({ z: 0, colptr, rows, vals }, m, X, want);
    const st = stageScatter(X, rows, vals, colptr, m);
    // Bands of 1 … d columns (d: one pass; 1: a pass per column; 4: a last band of one).
    for (const band of [d, 1, 2, 3, 4, d - 1]) {
      st.write();
      expect(ex.csrScatter(k, d, m, 0, st.ip, st.ix, st.vx, st.cp, st.rs, st.vs, st.out, band, st.cur)).toBe(0);
      expectBits(st.read(), want, `csrScatter, 0 to 12 entries per column, bands of ${band}`);
    }
    // Eight entries in every column (the path of ζ = 8), in bands, with the row pointers of a
    // chunk that starts inside A.
    const rows8 = new Int32Array(8 * k), vals8 = new Float64Array(8 * k);
    for (let t = 0; t < k; t++) {
      const picked = new Set<number>();
      while (picked.size < 8) picked.add(Math.floor(u() * m));
      [...picked].forEach((r, i) => { rows8[8 * t + i] = r; vals8[8 * t + i] = (u() < 0.5 ? -1 : 1) * (0.25 + u()); });
    }
    const want8 = new Float64Array(m * d);
    sparseLeafCsrInto({ z: 8, colptr: Int32Array.from({ length: k + 1 }, (_, t) => 8 * t), rows: rows8, vals: vals8 }, m, X, want8);
    const st8 = stageScatter(X, rows8, vals8, new Int32Array(0), m, 7);
    for (const band of [d, 1, 4]) {
      st8.write();
      expect(ex.csrScatter(k, d, m, 8, st8.ip, st8.ix, st8.vx, 0, st8.rs, st8.vs, st8.out, band, st8.cur)).toBe(0);
      expectBits(st8.read(), want8, `csrScatter, eight entries per column, bands of ${band}`);
    }
  });

  it('csrScatter reports exactly the blocks that break a rule of assertCsr (random blocks and faults)', () => {
    const sp = wasmSparse();
    expect(sp).not.toBeNull();
    const { exports: ex } = sp!;
    // The rules, row by row, written from assertCsr's definition.
    const faulty = (k: number, d: number, indptr: Int32Array, indices: Int32Array, values: Float64Array): boolean => {
      for (let t = 0; t < k; t++) {
        for (let q = indptr[t]; q < indptr[t + 1]; q++) {
          if (!Number.isFinite(values[q]) || indices[q] < 0 || indices[q] >= d) return true;
          if (q > indptr[t] && indices[q] <= indices[q - 1]) return true;
        }
      }
      return false;
    };
    const u = testRandom(11);
    const m = 4, z = 1;
    let reported = 0;
    for (let trial = 0; trial < 400; trial++) {
      const k = 1 + Math.floor(u() * 9), d = 1 + Math.floor(u() * 12);
      const X = csr(k, d, () => Math.floor(u() * (d + 1)), 100 + trial);
      const indices = X.indices.slice(), values = X.values.slice();
      const nnz = indices.length;
      // One fault in three trials: a value NaN or ±Infinity, an index out of range, a repeated
      // or decreasing index (anywhere, also at a row's first entry, where it is allowed).
      if (nnz > 0 && trial % 3 !== 0) {
        const q = Math.floor(u() * nnz), f = Math.floor(u() * 6);
        if (f === 0) values[q] = NaN;
        else if (f === 1) values[q] = u() < 0.5 ? Infinity : -Infinity;
        else if (f === 2) indices[q] = u() < 0.5 ? d : -1 - Math.floor(u() * 3);
        else if (f === 3) indices[q] = 2 ** 31 - 1;
        else if (q > 0) indices[q] = indices[q - 1] - Math.floor(u() * 2);
      }
      const rows = Int32Array.from({ length: k }, () => Math.floor(u() * m));
      const vals = Float64Array.from({ length: k }, () => (u() < 0.5 ? -1 : 1));
      // indptr shifted by 5, as in a staged chunk that starts inside A
      const st = stageScatter({ ...X, indices, values }, rows, vals, new Int32Array(0), m, 5);
      const want = faulty(k, d, X.indptr, indices, values);
      expect(ex.csrScatter(k, d, m, z, st.ip, st.ix, st.vx, 0, st.rs, st.vs, st.out, trial % 2 === 0 ? d : 2, st.cur), `trial ${trial}`).toBe(want ? 1 : 0);
      expect(ex.csrFaults(k, d, st.ip, st.ix, st.vx), `trial ${trial}: csrFaults`).toBe(want ? 1 : 0);
      if (want) {
        reported++;
        expect(st.read().every((v) => Object.is(v, 0)), `trial ${trial}: nothing written`).toBe(true);
      }
    }
    expect(reported).toBeGreaterThan(150);
  });

  it('bucketRows and rowScatter give the sums of sparseLeafCsrInto, transposed, bit for bit: 0 to 12, 1, 2 or 3 entries per column of S, a leaf in one to four chunks', () => {
    const { wk, exports: ex } = wasmSparse()!;
    const m = 13, d = 9, k = 40;
    const u = testRandom(21);
    // Rows of 0 … 9 entries, and row 11 with all d columns.
    const X = csr(k, d, (i) => (i === 11 ? d : i % 10), 22);
    const shapes: { z: number; count: (t: number) => number }[] = [
      { z: 0, count: (t) => t % 13 },
      { z: 1, count: () => 1 },
      { z: 2, count: () => 2 },
      { z: 3, count: () => 3 },
    ];
    for (const { z, count } of shapes) {
      const colptr = new Int32Array(k + 1);
      const rowList: number[] = [], valList: number[] = [];
      for (let t = 0; t < k; t++) {
        const picked = new Set<number>();
        while (picked.size < count(t)) picked.add(Math.floor(u() * m));
        for (const r of picked) { rowList.push(r); valList.push((u() < 0.5 ? -1 : 1) * (0.25 + u())); }
        colptr[t + 1] = rowList.length;
      }
      const rows = Int32Array.from(rowList), vals = Float64Array.from(valList), nz = rows.length;
      const want = new Float64Array(m * d);
      sparseLeafCsrInto({ z, colptr, rows, vals }, m, X, want);
      for (const cuts of [[0, k], [0, 7, 23, k], [0, 11, 12, k], [0, 1, 2, 3, k]]) {
        // Layout (doubles): node m×d, S (rows, vals, colptr), buckets (cur, hend, bt, bv), a chunk of X.
        const [base] = wk.reserve([REGION_TREE], [m * d + 2 * nz + k + m + X.indptr[k] * 2 + k + 32]);
        const node = base, rs = node + m * d + 1, vs = rs + Math.ceil(nz / 2) + 1, cp = vs + nz + 1;
        const cur = cp + Math.ceil((k + 1) / 2) + 1, hend = cur + Math.ceil(m / 2) + 1, bt = hend + Math.ceil(m / 2) + 1, bv = bt + Math.ceil(nz / 2) + 1;
        const ip = bv + nz + 1, ix = ip + Math.ceil((k + 1) / 2) + 1, vx = ix + Math.ceil(X.indptr[k] / 2) + 1;
        const mem = wk.f64(), i32 = new Int32Array(mem.buffer);
        mem.fill(0, node, node + m * d);
        i32.set(rows, 2 * rs);
        mem.set(vals, vs);
        i32.set(colptr, 2 * cp);
        ex.bucketRows(k, z, m, 8 * cp, 8 * rs, 8 * vs, 8 * cur, 8 * hend, 8 * bt, 8 * bv);
        for (let c = 0; c + 1 < cuts.length; c++) {
          const t0 = cuts[c], t1 = cuts[c + 1], q0 = X.indptr[t0], q1 = X.indptr[t1];
          i32.set(X.indptr.subarray(t0, t1 + 1), 2 * ip);
          i32.set(X.indices.subarray(q0, q1), 2 * ix);
          mem.set(X.values.subarray(q0, q1), vx);
          ex.rowScatter(t1 - t0, t0, d, m, 8 * ip, 8 * ix, 8 * vx, 8 * cur, 8 * hend, 8 * bt, 8 * bv, 8 * node);
        }
        const got = new Float64Array(m * d);
        for (let h = 0; h < m; h++) for (let j = 0; j < d; j++) got[j * m + h] = mem[node + h * d + j];
        expectBits(got, want, `rowScatter z=${z}, chunks ${cuts.join(',')}`);
      }
    }
  });

  it('transposeRows copies a row-major block into column-major order (even and odd sizes)', () => {
    const { wk, exports: ex } = wasmSparse()!;
    const u = testRandom(23);
    for (const [m, d] of [[1, 1], [2, 2], [4, 6], [5, 6], [4, 7], [16, 600], [256, 10]]) {
      const [base] = wk.reserve([REGION_TREE], [2 * m * d + 2]);
      const mem = wk.f64();
      const src = Float64Array.from({ length: m * d }, () => (u() < 0.1 ? -0 : u() - 0.5));
      mem.set(src, base);
      ex.transposeRows(m, d, 8 * base, 8 * (base + m * d + 2));
      const want = new Float64Array(m * d);
      for (let h = 0; h < m; h++) for (let j = 0; j < d; j++) want[j * m + h] = src[h * d + j];
      expectBits(mem.slice(base + m * d + 2, base + 2 * m * d + 2), want, `transposeRows ${m}×${d}`);
    }
  });

  it('combineChain runs 1 to 4 steps of the tree in one pass: the sums of the separate steps, and the lower nodes cleared', () => {
    const { wk, exports: ex } = wasmSparse()!;
    const count = 10, gap = 16;
    const [base] = wk.reserve([REGION_TREE], [5 * gap]);
    const mem = wk.f64();
    const u = testRandom(9);
    // Values whose sums round differently in another order (1e16 + 1 + 1 ≠ 1e16 + 2), and zeros of both signs.
    const pick = [1e16, 1, -0, 0.1, 0.2, -3, 3, 1e-300, 2 ** 53];
    for (let levels = 1; levels <= 4; levels++) {
      const nodes = Array.from({ length: levels + 1 }, () => Float64Array.from({ length: count }, () => pick[Math.floor(u() * pick.length)]));
      nodes.forEach((x, j) => mem.set(x, base + j * gap));
      // The separate steps: a1 ← a1 + a0, a2 ← a2 + a1, …
      let t = nodes[0];
      for (let j = 1; j <= levels; j++) t = nodes[j].map((x, i) => x + t[i]);
      const at = (j: number): number => 8 * (base + Math.min(j, levels) * gap);
      ex.combineChain(at(0), at(1), at(2), at(3), at(4), levels, count);
      expectBits(mem.slice(base + levels * gap, base + levels * gap + count), t, `levels=${levels}: the top node`);
      for (let j = 0; j < levels; j++) expectBits(mem.slice(base + j * gap, base + j * gap + count), new Float64Array(count), `levels=${levels}: node ${j} cleared`);
    }
  });
});

describe('philoxLanes', () => {
  it('gives the words of philox4x32_10 for any counters, one per lane, ignoring the padding lanes', () => {
    const { wk, exports: ex } = wasmSparse()!;
    const u = testRandom(77);
    for (const count of [1, 3, 4, 9, 64]) {
      const stride = (count + 3) & ~3;
      const [base] = wk.reserve([REGION_TREE], [4 * stride]);
      const words = new Uint32Array(wk.f64().buffer, 8 * base, 8 * stride);
      for (let i = 0; i < 4 * stride; i++) words[i] = Math.floor(u() * 2 ** 32);
      const k0 = Math.floor(u() * 2 ** 32), k1 = Math.floor(u() * 2 ** 32);
      const want = new Uint32Array(4 * count);
      for (let j = 0; j < count; j++) philox4x32_10(k0, k1, words[j], words[stride + j], words[2 * stride + j], words[3 * stride + j], want, 4 * j);
      ex.philoxLanes(k0, k1, 8 * base, 8 * base + 16 * stride, stride, count);
      const got = new Uint32Array(wk.f64().buffer, 8 * base + 16 * stride, 4 * stride);
      for (let j = 0; j < count; j++) for (let q = 0; q < 4; q++) expect(got[q * stride + j]).toBe(want[4 * j + q]);
    }
  });
});

describe('the kernel memory', () => {
  it('keeps the contents of every region when a reservation moves them', () => {
    const wk = wasmKernels()!;
    const [n0, c0] = wk.reserve([REGION_NORMALS, REGION_TREE], [1000, 3000]);
    const mem = wk.f64();
    for (let i = 0; i < 1000; i++) mem[n0 + i] = i + 0.5;
    for (let i = 0; i < 3000; i++) mem[c0 + i] = -i - 0.25;
    // Growing the first region moves every later one (and grows the memory).
    const bytes = wk.f64().buffer.byteLength;
    const [, n1, c1] = wk.reserve([REGION_PACK_A, REGION_NORMALS, REGION_TREE], [bytes / 8, 1000, 3000]);
    expect(c1).toBeGreaterThan(c0);
    const after = wk.f64();
    for (let i = 0; i < 1000; i++) expect(after[n1 + i]).toBe(i + 0.5);
    for (let i = 0; i < 3000; i++) expect(after[c1 + i]).toBe(-i - 0.25);
  });
});

describeAttachedModule('assembly/sparse.ts', WASM_SPARSE_BASE64, WASM_SPARSE_SHA256);
describeAttachedModule('assembly/rows.ts', WASM_ROWS_BASE64, WASM_ROWS_SHA256);
describeAttachedModule('assembly/columns.ts', WASM_COLUMNS_BASE64, WASM_COLUMNS_SHA256);

