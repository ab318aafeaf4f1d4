import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsrMatrix } from '../../src/core/csr.js';
import { InvalidArgumentError, NonFiniteError, ParseError } from '../../src/core/errors.js';
import { type DenseMatrix, fromRowMajor } from '../../src/core/matrix.js';
import {
  type RowBlockOptions,
  csvRowBlocks,
  formatMatrixMarket,
  matrixMarketRowBlocks,
  npyRowBlocks,
  readCsv,
  readMatrixMarket,
  readNpy,
  readRowBlocks,
  writeCsv,
  writeMatrixMarket,
  writeNpy,
} from '../../src/io/index.js';
import { type SketchSpec, applySketch, sketchStream } from '../../src/sketch/index.js';
import { denseFromRows, rowsOf, testNormals, testRandom } from '../helpers/reference.js';

const dir = mkdtempSync(join(tmpdir(), 'randnla-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const P = (name: string): string => join(dir, name);

function bitsEqual(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  return true;
}

/** Streams a file through sketchStream; returns the result and the reader's stats. */
async function streamSketch(path: string, spec: (n: number) => SketchSpec, options: RowBlockOptions) {
  const reader = readRowBlocks(path, options);
  const info = await reader.info();
  const acc = sketchStream(spec(info.rows));
  let expectOffset = 0;
  for await (const { rows, offset } of reader) {
    expect(offset).toBe(expectOffset);
    expect(rows.rows).toBeLessThanOrEqual(options.blockRows as number);
    expect(rows.cols).toBe(info.cols);
    expectOffset += rows.rows;
    acc.push(rows, offset);
  }
  expect(expectOffset).toBe(info.rows);
  return { SA: acc.result(), stats: { ...reader.stats }, info };
}

/** Concatenates the row blocks of a file into number[][] (for small files). */
async function collect(path: string, options: RowBlockOptions): Promise<number[][]> {
  const out: number[][] = [];
  for await (const { rows, offset } of readRowBlocks(path, options)) {
    expect(offset).toBe(out.length);
    out.push(...(rows.kind === 'csr' ? csrRowsOf(rows) : rowsOf(rows)));
  }
  return out;
}

function csrRowsOf(S: CsrMatrix): number[][] {
  const out = Array.from({ length: S.rows }, () => new Array<number>(S.cols).fill(0));
  for (let i = 0; i < S.rows; i++) for (let t = S.indptr[i]; t < S.indptr[i + 1]; t++) out[i][S.indices[t]] = S.values[t];
  return out;
}

function sameBits(a: number[][], b: number[][]): boolean {
  return a.length === b.length && a.every((r, i) => r.length === b[i].length && r.every((x, j) => Object.is(x, b[i][j])));
}

/** A random dense m×n matrix, row-major. */
function randomDense(m: number, n: number, seed: number): DenseMatrix {
  const g = testNormals(seed);
  return fromRowMajor(m, n, Float64Array.from({ length: m * n }, () => g()));
}

/** A random sparse m×n CSR matrix with k entries per row. */
function randomCsr(m: number, n: number, k: number, seed: number): CsrMatrix {
  const u = testRandom(seed);
  const indptr = new Int32Array(m + 1);
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < m; i++) {
    const cols = new Set<number>();
    while (cols.size < k) cols.add(Math.floor(u() * n));
    for (const c of [...cols].sort((a, b) => a - b)) {
      idx.push(c);
      val.push((u() - 0.5) * 10 ** Math.floor(u() * 6 - 3));
    }
    indptr[i + 1] = idx.length;
  }
  return { kind: 'csr', rows: m, cols: n, indptr, indices: Int32Array.from(idx), values: Float64Array.from(val) };
}

const gaussian = (n: number): SketchSpec => ({ kind: 'gaussian', rows: 12, cols: n, seed: 2024 });
const sparse = (n: number): SketchSpec => ({ kind: 'sparse-sign', rows: 64, cols: n, seed: 7 });

describe('streaming = one-shot, bit for bit, on generated 5–10 MB files', () => {
  beforeAll(() => {
    const A = randomDense(20000, 40, 1); // 6.4 MB of float64
    writeNpy(P('big-c.npy'), A);
    writeNpy(P('big-f.npy'), A, { order: 'F' });
    const T = randomDense(12000, 25, 2); // about 6 MB as text
    writeMatrixMarket(P('big-array.mtx'), T);
    writeCsv(P('big.csv'), T, { header: Array.from({ length: 25 }, (_, j) => `c${j}`) });
    const S = randomCsr(45000, 300, 4, 3); // 180 000 entries, about 5.4 MB as text
    writeMatrixMarket(P('big-rows.mtx'), S);
    writeMatrixMarket(P('big-cols.mtx'), S, { entryOrder: 'col' });
    for (const f of ['big-c.npy', 'big-f.npy', 'big-array.mtx', 'big.csv', 'big-rows.mtx', 'big-cols.mtx']) {
      const size = statSync(P(f)).size;
      expect(size).toBeGreaterThan(5e6);
      expect(size).toBeLessThan(1e7);
    }
  });

  it('.npy, C order: one read stream, blocks of rows', async () => {
    const B = 1500;
    const { SA, stats, info } = await streamSketch(P('big-c.npy'), gaussian, { blockRows: B });
    expect([info.format, info.rows, info.cols]).toEqual(['npy', 20000, 40]);
    expect(bitsEqual(SA.data, applySketch(gaussian(20000), readNpy(P('big-c.npy')) as DenseMatrix).data)).toBe(true);
    expect(stats.peakRowsHeld).toBeLessThanOrEqual(B);
    expect(stats.peakRowsHeld).toBe(B);
    expect(stats.rowsHeld).toBe(0);
    expect(stats).toMatchObject({ blocks: Math.ceil(20000 / B), rowsRead: 20000, passes: 1, positionedReads: 0 });
  });

  it('.npy, Fortran order: one positioned read per column per block', async () => {
    const B = 3000;
    const { SA, stats } = await streamSketch(P('big-f.npy'), gaussian, { blockRows: B });
    expect(bitsEqual(SA.data, applySketch(gaussian(20000), readNpy(P('big-f.npy')) as DenseMatrix).data)).toBe(true);
    expect(stats.peakRowsHeld).toBeLessThanOrEqual(B);
    expect(stats.passes).toBe(0);
    expect(stats.positionedReads).toBe(40 * Math.ceil(20000 / B));
    expect(stats.bytesRead).toBe(20000 * 40 * 8);
  });

  it('Matrix Market array: a column-offset pass, then per-column cursors', async () => {
    const B = 1000;
    const { SA, stats } = await streamSketch(P('big-array.mtx'), gaussian, { blockRows: B });
    expect(bitsEqual(SA.data, applySketch(gaussian(12000), readMatrixMarket(P('big-array.mtx'))).data)).toBe(true);
    expect(stats.peakRowsHeld).toBeLessThanOrEqual(B);
    expect(stats.positionedReads).toBeGreaterThanOrEqual(25 * 12);
  });

  it('Matrix Market coordinate, row-sorted: a counting pass, then one pass', async () => {
    const B = 4096;
    const { SA, stats, info } = await streamSketch(P('big-rows.mtx'), sparse, { blockRows: B });
    expect(info.matrixMarket?.format).toBe('coordinate');
    const one = readMatrixMarket(P('big-rows.mtx')) as CsrMatrix;
    expect(bitsEqual(SA.data, applySketch(sparse(45000), one).data)).toBe(true);
    expect(stats.peakRowsHeld).toBeLessThanOrEqual(B);
    expect(stats.passes).toBe(2);
    expect(stats.peakEntriesBuffered).toBeLessThanOrEqual(4 * B);
  });

  it('Matrix Market coordinate, column-sorted: grouped passes, bounded buffers', async () => {
    const B = 4096;
    const one = readMatrixMarket(P('big-cols.mtx')) as CsrMatrix;
    const expected = applySketch(sparse(45000), one).data;
    const a = await streamSketch(P('big-cols.mtx'), sparse, { blockRows: B });
    expect(bitsEqual(a.SA.data, expected)).toBe(true);
    expect(a.stats.passes).toBe(2); // everything fits the default buffer (2^22 entries)
    const budget = 100000;
    const b = await streamSketch(P('big-cols.mtx'), sparse, { blockRows: B, maxBufferedEntries: budget });
    expect(bitsEqual(b.SA.data, expected)).toBe(true);
    expect(b.stats.peakRowsHeld).toBeLessThanOrEqual(B);
    expect(b.stats.peakEntriesBuffered).toBeLessThanOrEqual(budget);
    expect(b.stats.passes).toBeGreaterThanOrEqual(1 + Math.ceil(180000 / budget));
  });

  it('CSV: one pass; the header is skipped and reported by info()', async () => {
    const B = 700;
    const { SA, stats, info } = await streamSketch(P('big.csv'), gaussian, { blockRows: B });
    expect(info.columnNames?.slice(0, 3)).toEqual(['c0', 'c1', 'c2']);
    expect(bitsEqual(SA.data, applySketch(gaussian(12000), readCsv(P('big.csv')).matrix).data)).toBe(true);
    expect(stats.peakRowsHeld).toBeLessThanOrEqual(B);
    expect(stats.passes).toBe(1);
  });
});

describe('small files: every symmetry and block size', () => {
  const n = 23;
  const u = testRandom(5);
  const L = Array.from({ length: n }, () => Array.from({ length: n }, () => Math.round((u() - 0.5) * 2000) / 16));
  const sym = L.map((r, i) => r.map((x, j) => (i >= j ? x : L[j][i])));
  const skew = L.map((r, i) => r.map((x, j) => (i > j ? x : i === j ? 0 : -L[j][i])));
  const gen = L.map((r) => r.slice(0, 17));

  it('Matrix Market array, general/symmetric/skew, dense and CSR blocks', async () => {
    for (const [name, rows, symmetry] of [
      ['g', gen, 'general'],
      ['s', sym, 'symmetric'],
      ['k', skew, 'skew-symmetric'],
    ] as const) {
      const p = P(`small-${name}.mtx`);
      writeFileSync(p, formatMatrixMarket(denseFromRows(rows.map((r) => [...r])), { symmetry }));
      const one = rowsOf(readMatrixMarket(p) as DenseMatrix);
      for (const blockRows of [1, 3, 7, 23, 100]) {
        expect(sameBits(await collect(p, { blockRows }), one)).toBe(true);
        expect(sameBits(await collect(p, { blockRows, as: 'csr' }), one.map((r) => r.map((x) => (x === 0 ? 0 : x))))).toBe(true);
      }
    }
  });

  it('Matrix Market coordinate, symmetric and skew: grouped passes, dense and CSR blocks', async () => {
    for (const [name, rows, symmetry] of [
      ['s', sym, 'symmetric'],
      ['k', skew, 'skew-symmetric'],
    ] as const) {
      const p = P(`small-coo-${name}.mtx`);
      writeMatrixMarket(p, denseFromRows(rows.map((r) => [...r])), { format: 'coordinate', symmetry, entryOrder: 'col' });
      const one = csrRowsOf(readMatrixMarket(p) as CsrMatrix);
      for (const blockRows of [1, 4, 23]) {
        for (const maxBufferedEntries of [1, 40, 10000]) {
          expect(sameBits(await collect(p, { blockRows, maxBufferedEntries }), one)).toBe(true);
        }
        expect(sameBits(await collect(p, { blockRows, as: 'dense' }), rowsOf(readMatrixMarket(p, { as: 'dense' })))).toBe(true);
      }
    }
  });

  it('.npy 1-D, zero columns, empty; CSV without header; format detection by content', async () => {
    const v = Float64Array.from({ length: 10 }, (_, k) => k / 3);
    writeNpy(P('vec.bin'), v);
    expect(await collect(P('vec.bin'), { blockRows: 4 })).toEqual(Array.from(v, (x) => [x]));
    expect((await readRowBlocks(P('vec.bin')).info()).cols).toBe(1);
    writeNpy(P('empty-cols.npy'), fromRowMajor(5, 0, new Float64Array(0)), { order: 'F' });
    expect(await collect(P('empty-cols.npy'), { blockRows: 2 })).toEqual([[], [], [], [], []]);
    writeNpy(P('empty.npy'), fromRowMajor(0, 3, new Float64Array(0)));
    expect(await collect(P('empty.npy'), { blockRows: 2 })).toEqual([]);
    writeFileSync(P('plain.txt'), '1,2\n3,4\n5,6');
    expect(await collect(P('plain.txt'), { blockRows: 2 })).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(await readRowBlocks(P('plain.txt')).info()).toEqual({ format: 'csv', rows: 3, cols: 2, columnNames: null });
    writeFileSync(P('semi.txt'), 'a;b\n1;2\n');
    expect(await collect(P('semi.txt'), { blockRows: 2, delimiter: ';' })).toEqual([[1, 2]]);
  });

  it('chunk boundaries anywhere: 16-byte reads give the same rows as the one-shot readers', async () => {
    const csv = '# c\r\n"x, 1","y ""2"""\r\n 1.5 , "2"\r\n\r\n"3",4 # note\r\n5,"6"\r\n"7" ,  8\r\n';
    writeFileSync(P('tricky.csv'), csv);
    const one = readCsv(P('tricky.csv'));
    expect(one.header).toEqual(['x, 1', 'y "2"']);
    for (let chunkBytes = 16; chunkBytes <= 48; chunkBytes++) {
      expect(await collect(P('tricky.csv'), { blockRows: 2, chunkBytes })).toEqual(rowsOf(one.matrix));
      expect((await readRowBlocks(P('tricky.csv'), { chunkBytes }).info()).columnNames).toEqual(one.header);
    }
    writeMatrixMarket(P('chunks-a.mtx'), denseFromRows(gen), { comment: 'é accent' });
    writeMatrixMarket(P('chunks-c.mtx'), denseFromRows(sym.map((r) => [...r])), { format: 'coordinate', symmetry: 'symmetric' });
    writeNpy(P('chunks.npy'), denseFromRows(gen));
    for (const f of ['chunks-a.mtx', 'chunks-c.mtx', 'chunks.npy']) {
      const whole = f.endsWith('.npy') ? rowsOf(readNpy(P(f)) as DenseMatrix) : rowsOf(readMatrixMarket(P(f), { as: 'dense' }));
      for (const blockRows of [1, 5]) expect(sameBits(await collect(P(f), { blockRows, chunkBytes: 16, as: 'dense' }), whole)).toBe(true);
    }
  });

  it('stops early without leaking, restarts afresh; per-format entry points', async () => {
    writeNpy(P('r.npy'), denseFromRows(gen));
    const reader = npyRowBlocks(P('r.npy'), { blockRows: 5 });
    for await (const b of reader) {
      expect(b.offset).toBe(0);
      break;
    }
    expect(reader.stats.blocks).toBe(1);
    let rows = 0;
    for await (const b of reader) rows += b.rows.rows;
    expect(rows).toBe(n);
    expect(reader.stats.blocks).toBe(5);
    writeFileSync(P('r.csv'), '1,2\n');
    expect((await csvRowBlocks(P('r.csv')).info()).rows).toBe(1);
    writeMatrixMarket(P('r.mtx'), denseFromRows(gen));
    expect((await matrixMarketRowBlocks(P('r.mtx')).info()).matrixMarket?.rows).toBe(n);
  });
});

describe('errors while streaming', () => {
  async function drain(path: string, options: RowBlockOptions = {}): Promise<unknown> {
    try {
      for await (const _ of readRowBlocks(path, options)) void _;
    } catch (e) {
      return e;
    }
    return undefined;
  }

  it('truncated and malformed Matrix Market files: ParseError with the path and the line', async () => {
    const p = P('trunc.mtx');
    writeFileSync(p, '%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1.0000\n2 2 2.0000\n');
    let e = await drain(p);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as Error).message).toBe(`readRowBlocks: ${p}, line 5: unexpected end of input after 2 entries (expected 3, as declared on line 2)`);
    writeFileSync(p, '%%MatrixMarket matrix array real general\n2 2\n1\n2\n% comment\n\nabc\n4\n');
    e = await drain(p, { blockRows: 1 });
    expect((e as Error).message).toBe(`readRowBlocks: ${p}, line 7: not a number (got 'abc'; expected a decimal real such as -1.5e-3)`);
    writeFileSync(p, '%%MatrixMarket matrix array real general\n2 2\n10\n20\n30\n');
    e = await drain(p);
    expect((e as Error).message).toContain('after 3 entries (expected 4');
    writeFileSync(p, '%%MatrixMarket matrix array real general\n1000000 1000000\n1\n');
    e = await drain(p);
    expect((e as Error).message).toContain('input is truncated');
    writeFileSync(p, '%%MatrixMarket matrix array real general\n2 2\n1\n2\nNaN\n4\n');
    e = await drain(p);
    expect(e).toBeInstanceOf(NonFiniteError);
    expect((e as Error).message).toContain(`${p}, line 5: non-finite value NaN at (0, 1)`);
    expect(await drain(p, { checkFinite: false })).toBeUndefined();
  });

  it('more entries than declared, in the counting and column-offset passes', async () => {
    const p = P('extra.mtx');
    writeFileSync(p, '%%MatrixMarket matrix coordinate real general\n3 3 1\n1 1 1\n2 2 2\n');
    expect(((await drain(p)) as Error).message).toBe(`readRowBlocks: ${p}, line 4: more entries than declared (expected 1 after the size line on line 2)`);
    writeFileSync(p, '%%MatrixMarket matrix array real general\n1 1\n1\n2\n');
    expect(((await drain(p)) as Error).message).toBe(`readRowBlocks: ${p}, line 4: more entries than declared (expected 1 after the size line on line 2)`);
  });

  it('a file that changes between passes or while being read gives a ParseError, not a hang', async () => {
    const S = randomCsr(40, 6, 2, 9);
    const p = P('changing.mtx');
    writeMatrixMarket(p, S, { entryOrder: 'col' });
    let e: unknown;
    try {
      for await (const { offset } of readRowBlocks(p, { blockRows: 10, maxBufferedEntries: 20 })) {
        if (offset === 0) writeFileSync(p, formatMatrixMarket(S, { entryOrder: 'col' }).split('\n').slice(0, -20).join('\n'));
      }
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(ParseError);
    expect((e as Error).message).toContain('the file changed between passes');
    const q = P('changing.npy');
    writeNpy(q, randomDense(1000, 10, 4));
    e = undefined;
    try {
      for await (const { offset } of readRowBlocks(q, { blockRows: 100, chunkBytes: 1024 })) {
        if (offset === 0) writeFileSync(q, new Uint8Array(200));
      }
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(ParseError);
    expect((e as Error).message).toContain('data ended early');
  });

  it('.npy: non-finite values name the byte offset; header limits; blocks beyond maxEntries', async () => {
    const p = P('nan.npy');
    writeNpy(p, fromRowMajor(3, 2, new Float64Array([1, 2, 3, NaN, 5, 6])), { checkFinite: false });
    const e = await drain(p, { blockRows: 2 });
    expect(e).toBeInstanceOf(NonFiniteError);
    expect((e as Error).message).toBe(`readRowBlocks: ${p}, byte 152: non-finite value NaN at element (1, 1) (expected a finite number; pass { checkFinite: false } to read it as is)`);
    const f = await drain(p.replace('nan', 'nope'));
    expect((f as Error).message).toMatch(/ENOENT/);
    writeNpy(P('wide.npy'), fromRowMajor(2, 1000, new Float64Array(2000)));
    const g = await drain(P('wide.npy'), { blockRows: 2, maxEntries: 1999 });
    expect(g).toBeInstanceOf(ParseError);
    expect((g as Error).message).toContain('a block of 2 rows of the 2×1000 array declares 2000 entries');
  });

  it('CSV: unterminated quote at the end of the file, ragged rows', async () => {
    const p = P('bad.csv');
    writeFileSync(p, 'a,b\n1,2\n"3,4\n');
    expect(((await drain(p)) as Error).message).toBe(`readRowBlocks: ${p}, line 3: unterminated quoted field (expected a closing '"' before the end of the input)`);
    writeFileSync(p, '1,2\n3,4,5\n');
    expect(((await drain(p)) as Error).message).toContain(`${p}, line 2: row 1 has 3 fields (expected 2`);
  });

  it('bad options throw InvalidArgumentError at once', () => {
    expect(() => readRowBlocks(P('x'), { blockRows: 0 })).toThrow(InvalidArgumentError);
    expect(() => readRowBlocks(P('x'), { format: 'hdf5' as never })).toThrow(InvalidArgumentError);
    expect(() => readRowBlocks(P('x'), { as: 'coo' as never })).toThrow(InvalidArgumentError);
    expect(() => readRowBlocks('', {})).toThrow(InvalidArgumentError);
    expect(() => readRowBlocks(P('x'), { delimiter: '' })).toThrow(InvalidArgumentError);
  });
});
