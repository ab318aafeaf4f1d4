/**
 * randnla/parallel: applySketchParallel equals applySketch bit for bit, for every kind, dense
 * and CSR input, shared and copied transfer, and 1, 2 or 3 workers.
 *
 * How this file runs: the main-thread code (pool, splitting, tree insertion) is imported from
 * src/ (vitest transforms it), and the workers run the compiled worker, dist/parallel/worker.js,
 * passed as `workerUrl` (a worker thread loads plain JavaScript; it cannot go through vitest's
 * transform). `npm test` builds dist first (the `pretest` script); when this file is run alone,
 * the check below fails with a clear message if dist is older than the sources the worker runs.
 * The reference applySketch comes from src/, so the test also checks that dist and src agree.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrFromDense, type CsrMatrix } from '../../src/core/csr.js';
import { DimensionError, InvalidArgumentError, NonFiniteError, RandNLAError } from '../../src/core/errors.js';
import { fromColMajor, fromRowMajor, subMatrix, type DenseMatrix } from '../../src/core/matrix.js';
import { matmul } from '../../src/core/ops.js';
import { applySketchParallel, createWorkerPool, gemmParallel, toSharedMatrix, type WorkerPool } from '../../src/parallel/index.js';
import type { Task } from '../../src/parallel/tasks.js';
import { applySketch, type SketchSpec } from '../../src/sketch/index.js';
import { testNormals, testRandom } from '../helpers/reference.js';

const WORKER_URL = new URL('../../dist/parallel/worker.js', import.meta.url);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Newest modification time under the source folders the worker is compiled from. */
function newestSource(): { file: string; mtime: number } {
  let best = { file: '', mtime: 0 };
  for (const dir of ['core', 'rng', 'sketch', 'structured', 'parallel']) {
    for (const f of readdirSync(`${ROOT}src/${dir}`, { recursive: true }) as string[]) {
      if (!f.endsWith('.ts')) continue;
      const t = statSync(`${ROOT}src/${dir}/${f}`).mtimeMs;
      if (t > best.mtime) best = { file: `src/${dir}/${f}`, mtime: t };
    }
  }
  return best;
}

beforeAll(() => {
  const worker = fileURLToPath(WORKER_URL);
  if (!existsSync(worker)) throw new Error(`${worker} is missing: run \`npm run build\` (npm test does it first)`);
  const src = newestSource();
  // An incremental build rewrites only the outputs that change, but always its build-info file.
  const info = fileURLToPath(new URL('../../dist/.tsbuildinfo', import.meta.url));
  const tasks = statSync(fileURLToPath(new URL('../../dist/parallel/tasks.js', import.meta.url))).mtimeMs;
  const built = existsSync(info) ? Math.max(tasks, statSync(info).mtimeMs) : tasks;
  if (src.mtime > built) throw new Error(`dist/ is older than ${src.file}: run \`npm run build\` (npm test does it first)`);
});

/** Byte-for-byte equality of two Float64Arrays (distinguishes −0 from 0 and NaN payloads). */
function sameBytes(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

// n = 645 = 10·64 + 5: eleven canonical blocks of 64 rows, the last one ragged; 645 = 15·43 for
// the tensor sketch.
const n = 645;
const m = 16;
const blockRows = 64;

function specs(seed: number): SketchSpec[] {
  const base = { rows: m, cols: n, seed, blockRows };
  return [
    { kind: 'gaussian', ...base },
    { kind: 'rademacher', ...base },
    { kind: 'srht', ...base },
    { kind: 'countsketch', ...base },
    { kind: 'sparse-sign', ...base, zeta: 4 },
    { kind: 'sparse-stack', ...base, zeta: 4 },
    { kind: 'very-sparse', ...base, s: 3 },
    { kind: 'orthogonal', ...base },
    { kind: 'tensor', ...base, factors: [15, 43] },
    { kind: 'monarch', ...base },
    { kind: 'monarch', ...base, blocks: 'haar' },
  ] as SketchSpec[];
}

function denseColMajor(rows: number, cols: number, seed: number): DenseMatrix {
  const g = testNormals(seed);
  return fromColMajor(rows, cols, Float64Array.from({ length: rows * cols }, () => g()));
}

/** About 30% of entries nonzero (CSR built from a sparsified dense matrix). */
function sparse(rows: number, cols: number, seed: number): CsrMatrix {
  const g = testNormals(seed);
  const u = testRandom(seed + 1);
  const data = Float64Array.from({ length: rows * cols }, () => (u() < 0.3 ? g() : 0));
  return csrFromDense(fromColMajor(rows, cols, data));
}

const label = (s: SketchSpec) => `${s.kind}${(s as { blocks?: string }).blocks ? `/${(s as { blocks?: string }).blocks}` : ''}`;

describe('applySketchParallel: bit-identical to applySketch', () => {
  const pools: WorkerPool[] = [];
  beforeAll(() => {
    for (const w of [1, 2, 3]) pools.push(createWorkerPool({ workers: w, workerUrl: WORKER_URL }));
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  const Acol = denseColMajor(n, 7, 11);
  // Row-major input and a strided view (every other column of a wider row-major matrix).
  const Arow = fromRowMajor(n, 7, Float64Array.from({ length: n * 7 }, testNormals(12)));
  const wide = fromRowMajor(n, 14, Float64Array.from({ length: n * 14 }, testNormals(13)));
  const Aview: DenseMatrix = { ...wide, cols: 7, colStride: 2 };
  const C = sparse(n, 9, 14);
  const x = Float64Array.from({ length: n }, testNormals(15));

  it('dense (column-major, row-major, strided view) and CSR, copied, with 1, 2 and 3 workers', async () => {
    for (const spec of specs(21)) {
      const inputs: Array<[string, DenseMatrix | CsrMatrix]> = [
        ['col-major', Acol],
        ['row-major', Arow],
        ['strided view', Aview],
        ['csr', C],
      ];
      for (const [name, A] of inputs) {
        const ref = applySketch(spec, A);
        for (const pool of pools) {
          const got = await applySketchParallel(spec, A, { pool });
          expect(got.rows).toBe(m);
          expect(got.cols).toBe(A.cols);
          expect(sameBytes(got.data, ref.data), `${label(spec)} ${name} ${pool.size} workers`).toBe(true);
        }
      }
    }
  });

  it('vectors (Float64Array and number[]) and a one-column view of a row-major matrix', async () => {
    // rowStride 7: applySketch takes gemm's general path, not gemv. A column-major copy of this
    // column would take gemv and change the last bits (gaussian, rademacher, tensor), so the
    // copied transfer must keep the orientation; this case checks that it does.
    const col = subMatrix(Arow, 0, n, 3, 4);
    for (const spec of specs(22)) {
      const ref = applySketch(spec, x);
      const refCol = applySketch(spec, col);
      for (const pool of pools) {
        const got = await applySketchParallel(spec, x, { pool });
        expect(got).toBeInstanceOf(Float64Array);
        expect(sameBytes(got, ref), `${label(spec)} x ${pool.size}`).toBe(true);
        expect(sameBytes(await applySketchParallel(spec, Array.from(x), { pool }), ref)).toBe(true);
        expect(sameBytes((await applySketchParallel(spec, col, { pool })).data, refCol.data), `${label(spec)} column view ${pool.size}`).toBe(true);
      }
    }
  });

  it('shared input (toSharedMatrix): dense, row-major, CSR, vector and a column view are read in place', async () => {
    const sCol = toSharedMatrix(Acol);
    const sRow = toSharedMatrix(Arow);
    const sC = toSharedMatrix(C);
    const sx = toSharedMatrix(x);
    const colView = subMatrix(Arow, 0, n, 3, 4); // one column, rowStride 7
    const sView = toSharedMatrix(colView);
    expect(sView.rowStride).not.toBe(1);
    expect(sCol.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(sCol.rowStride).toBe(1);
    expect(sRow.colStride).toBe(1);
    expect(sC.values.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(sC.indices.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(sC.indptr.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(sx.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const spec of specs(23)) {
      const refs = [applySketch(spec, Acol).data, applySketch(spec, Arow).data, applySketch(spec, C).data, applySketch(spec, x), applySketch(spec, colView).data];
      for (const pool of pools.slice(1)) {
        const got = [
          (await applySketchParallel(spec, sCol, { pool })).data,
          (await applySketchParallel(spec, sRow, { pool })).data,
          (await applySketchParallel(spec, sC, { pool })).data,
          await applySketchParallel(spec, sx, { pool }),
          (await applySketchParallel(spec, sView, { pool })).data,
        ];
        got.forEach((g, i) => expect(sameBytes(g, refs[i]), `${label(spec)} shared input ${i} ${pool.size}`).toBe(true));
      }
    }
  });

  it('more tasks than workers (queued), one block per task, and a second pool', async () => {
    const spec: SketchSpec = { kind: 'sparse-sign', rows: m, cols: n, seed: 24, blockRows, zeta: 3 };
    const ref = applySketch(spec, Acol).data;
    for (const workers of [4, 7, 11, 50]) {
      expect(sameBytes((await applySketchParallel(spec, Acol, { pool: pools[1], workers })).data, ref), `tasks ${workers}`).toBe(true);
    }
    const gauss: SketchSpec = { kind: 'gaussian', rows: m, cols: n, seed: 25, blockRows };
    const own = createWorkerPool({ workers: 2, workerUrl: WORKER_URL });
    try {
      const got = await applySketchParallel(gauss, C, { pool: own, workers: 2 });
      expect(sameBytes(got.data, applySketch(gauss, C).data)).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('never mutates or detaches the caller’s arrays', async () => {
    const before = Float64Array.from(Acol.data);
    const valuesBefore = Float64Array.from(C.values);
    const spec: SketchSpec = { kind: 'srht', rows: m, cols: n, seed: 26, blockRows };
    await applySketchParallel(spec, Acol, { pool: pools[2] });
    await applySketchParallel(spec, C, { pool: pools[2] });
    expect(Acol.data.length).toBe(n * 7);
    expect(sameBytes(Acol.data, before)).toBe(true);
    expect(sameBytes(C.values, valuesBefore)).toBe(true);
  });

  it('one block (n ≤ blockRows) and zero columns', async () => {
    const spec: SketchSpec = { kind: 'countsketch', rows: 8, cols: 50, seed: 27 };
    const A = denseColMajor(50, 3, 28);
    expect(sameBytes((await applySketchParallel(spec, A, { pool: pools[2] })).data, applySketch(spec, A).data)).toBe(true);
    const Z = fromColMajor(50, 0, new Float64Array(0));
    const z = await applySketchParallel(spec, Z, { pool: pools[2] });
    expect([z.rows, z.cols, z.data.length]).toEqual([8, 0, 0]);
  });
});

describe('applySketchParallel: validation before any worker starts', () => {
  const A = denseColMajor(100, 3, 31);
  const ok: SketchSpec = { kind: 'gaussian', rows: 4, cols: 100, seed: 1 };

  it('rejects a bad spec, shape, NaN, CSR or option with the typed error, starting no worker', async () => {
    const pool = createWorkerPool({ workers: 2, workerUrl: WORKER_URL });
    try {
      const nan = fromColMajor(100, 3, Float64Array.from(A.data));
      nan.data[150] = NaN;
      const badCsr = { ...sparse(100, 3, 32), indptr: new Int32Array(101) };
      badCsr.indptr[100] = 5;
      const cases: Array<[() => Promise<unknown>, new (...a: never[]) => RandNLAError, RegExp]> = [
        [() => applySketchParallel({ ...ok, kind: 'fourier' } as unknown as SketchSpec, A, { pool }), InvalidArgumentError, /applySketchParallel: kind must be one of/],
        [() => applySketchParallel({ ...ok, seed: undefined } as unknown as SketchSpec, A, { pool }), InvalidArgumentError, /seed is required/],
        [() => applySketchParallel({ ...ok, blockRows: 100 }, A, { pool }), InvalidArgumentError, /blockRows must be a power of two/],
        [() => applySketchParallel({ ...ok, cols: 99 }, A, { pool }), DimensionError, /A has 100 rows but the sketch has 99 columns/],
        [() => applySketchParallel(ok, new Float64Array(99), { pool }), DimensionError, /x has length 99/],
        [() => applySketchParallel(ok, nan, { pool }), NonFiniteError, /non-finite entry NaN at \(50, 1\)/],
        [() => applySketchParallel(ok, [1, Infinity, ...new Array(98).fill(0)], { pool }), NonFiniteError, /x has a non-finite entry Infinity at index 1/],
        [() => applySketchParallel(ok, badCsr, { pool }), RandNLAError, /applySketchParallel: A/],
        [() => applySketchParallel(ok, A, { pool, workers: 0 }), InvalidArgumentError, /workers must be an integer in \[1, 1024\] \(got 0\)/],
        [() => applySketchParallel(ok, A, { pool, workers: 1.5 }), InvalidArgumentError, /workers .*got 1.5/],
        [() => applySketchParallel(ok, A, { pool: {} as WorkerPool }), InvalidArgumentError, /pool must be a WorkerPool/],
      ];
      for (const [call, Cls, msg] of cases) {
        const err = await call().then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(Cls);
        expect(String((err as Error).message)).toMatch(msg);
      }
      expect(pool.started).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('createWorkerPool validates its options', () => {
    for (const w of [0, -1, 2.5, 1025, Number.NaN, '2']) {
      expect(() => createWorkerPool({ workers: w as number })).toThrow(InvalidArgumentError);
    }
    expect(() => createWorkerPool({ workerUrl: 'not a url' })).toThrow(InvalidArgumentError);
    expect(() => createWorkerPool(null as unknown as object)).toThrow(InvalidArgumentError);
    expect(createWorkerPool({ workers: 1 }).size).toBe(1);
    expect(createWorkerPool().size).toBeGreaterThanOrEqual(1);
  });
});

describe('WorkerPool lifecycle and worker errors', () => {
  const A = denseColMajor(300, 2, 41);
  const spec: SketchSpec = { kind: 'countsketch', rows: 8, cols: 300, seed: 2, blockRows: 64 };

  it('closes cleanly; calls after close reject with a clear InvalidArgumentError; close is idempotent', async () => {
    const pool = createWorkerPool({ workers: 2, workerUrl: WORKER_URL });
    expect(sameBytes((await applySketchParallel(spec, A, { pool })).data, applySketch(spec, A).data)).toBe(true);
    expect(pool.started).toBe(2);
    await pool.close();
    expect(pool.closed).toBe(true);
    expect(pool.started).toBe(0);
    await expect(applySketchParallel(spec, A, { pool })).rejects.toThrow(InvalidArgumentError);
    await expect(applySketchParallel(spec, A, { pool })).rejects.toThrow(/applySketchParallel: the worker pool is closed/);
    await pool.close();
    const disposable = createWorkerPool({ workers: 1, workerUrl: WORKER_URL });
    await applySketchParallel(spec, A, { pool: disposable });
    await disposable[Symbol.asyncDispose]();
    expect(disposable.closed).toBe(true);
  });

  it('a task running when the pool closes is rejected, not left pending', async () => {
    const pool = createWorkerPool({ workers: 1, workerUrl: WORKER_URL });
    const big = denseColMajor(1 << 15, 8, 42);
    const pending = applySketchParallel({ kind: 'gaussian', rows: 64, cols: 1 << 15, seed: 3 }, big, { pool });
    const closing = pool.close();
    await expect(pending).rejects.toThrow(/the worker pool is closed/);
    await closing;
  });

  it('an error thrown in a worker comes back as the same typed error (class, code, fn, message)', async () => {
    const pool = createWorkerPool({ workers: 1, workerUrl: WORKER_URL });
    try {
      // Bypasses the main-thread checks on purpose: the worker's own validation throws.
      const bad = { type: 'sketch', op: { kind: 'gaussian', rows: 0, cols: 10, seed: 1, blockRows: 64 }, input: fromColMajor(10, 1, new Float64Array(10)), rowBase: 0, b0: 0, b1: 1 } as unknown as Task;
      const err = await pool.run(bad, [], 'test').then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).code).toBe('ERR_INVALID_ARGUMENT');
      expect((err as InvalidArgumentError).fn).toBe('applySketchParallel');
      expect((err as Error).message).toMatch(/^applySketchParallel: rows \(sketch size m\) must be an integer ≥ 1 \(got 0\)$/);
      // A plain error keeps its message; the worker stays usable afterwards.
      await expect(pool.run({ type: 'nope' } as unknown as Task, [], 'test')).rejects.toThrow(/unknown task type nope/);
      expect(sameBytes((await applySketchParallel(spec, A, { pool })).data, applySketch(spec, A).data)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('a worker that dies rejects its task with an Error', async () => {
    const pool = createWorkerPool({ workers: 1, workerUrl: 'data:text/javascript,throw new Error("worker start failed")' });
    try {
      await expect(applySketchParallel(spec, A, { pool })).rejects.toThrow(/worker start failed/);
    } finally {
      await pool.close();
    }
  });

  it('the installed package: default worker location, a pool per call, and an open idle pool does not keep the process alive', () => {
    // A child process imports randnla/parallel from dist (the default workerUrl, next to the
    // module), runs once without a pool (one is created and closed for the call), then uses a
    // pool it never closes: it must still exit on its own. Its results are checked against
    // the serial applySketch in the same process.
    const script = `
      const { createWorkerPool, applySketchParallel } = await import(${JSON.stringify(new URL('../../dist/parallel/index.js', import.meta.url).href)});
      const { applySketch } = await import(${JSON.stringify(new URL('../../dist/sketch/index.js', import.meta.url).href)});
      const spec = { kind: 'gaussian', rows: 8, cols: 300, seed: 2, blockRows: 64 };
      const A = { kind: 'dense', rows: 300, cols: 2, data: Float64Array.from({ length: 600 }, (_, i) => Math.sin(i)), offset: 0, rowStride: 1, colStride: 300 };
      const ref = Buffer.from(applySketch(spec, A).data.buffer);
      const R1 = await applySketchParallel(spec, A, { workers: 2 });
      const pool = createWorkerPool({ workers: 2 });
      const R2 = await applySketchParallel(spec, A, { pool });
      console.log(R2.rows, R2.cols, pool.started, ref.equals(Buffer.from(R1.data.buffer)), ref.equals(Buffer.from(R2.data.buffer)));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('8 2 2 true true');
  });
});

describe('gemmParallel: bit-identical to matmul', () => {
  const pools: WorkerPool[] = [];
  beforeAll(() => {
    for (const w of [1, 2, 3]) pools.push(createWorkerPool({ workers: w, workerUrl: WORKER_URL }));
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  // Ragged m and n (not multiples of the 4×4 tile), k above the 256-deep slice (so k is cut in
  // balanced slices), n above the 2048-column block, and every orientation of A and B.
  const shapes: Array<[number, number, number]> = [
    [37, 300, 53],
    [130, 17, 9],
    [6, 20, 2101],
    [5, 3, 40],
  ];
  const orient = (M: DenseMatrix, rowMajor: boolean): DenseMatrix =>
    rowMajor ? fromRowMajor(M.rows, M.cols, Float64Array.from({ length: M.rows * M.cols }, (_, t) => M.data[(t % M.cols) * M.rows + Math.floor(t / M.cols)])) : M;

  it('ragged shapes, row- and column-major operands, 1, 2 and 3 workers and more tasks than workers', async () => {
    let seed = 50;
    for (const [m, k, n] of shapes) {
      for (const [ra, rb] of [[false, false], [true, false], [false, true], [true, true]]) {
        const A = orient(denseColMajor(m, k, seed++), ra);
        const B = orient(denseColMajor(k, n, seed++), rb);
        const ref = matmul(A, B).data;
        for (const pool of pools) {
          expect(sameBytes((await gemmParallel(A, B, { pool })).data, ref), `${m}×${k}×${n} ${ra} ${rb} ${pool.size}`).toBe(true);
        }
        expect(sameBytes((await gemmParallel(A, B, { pool: pools[1], workers: 5 })).data, ref)).toBe(true);
        const shared = await gemmParallel(toSharedMatrix(A), toSharedMatrix(B), { pool: pools[2] });
        expect(sameBytes(shared.data, ref), `${m}×${k}×${n} shared`).toBe(true);
      }
    }
  });

  it('products the serial kernel runs as gemv or unblocked stay in the calling thread, with the same bits', async () => {
    const pool = createWorkerPool({ workers: 2, workerUrl: WORKER_URL });
    try {
      const cases: Array<[DenseMatrix, DenseMatrix]> = [
        [denseColMajor(40, 30, 70), denseColMajor(30, 1, 71)], // n = 1
        [denseColMajor(1, 30, 72), denseColMajor(30, 40, 73)], // m = 1
        [denseColMajor(3, 4, 74), denseColMajor(4, 5, 75)], // 60 multiply–adds
        [denseColMajor(0, 4, 76), denseColMajor(4, 5, 77)],
        [denseColMajor(3, 0, 78), denseColMajor(0, 5, 79)],
      ];
      for (const [A, B] of cases) {
        const got = await gemmParallel(A, B, { pool });
        expect([got.rows, got.cols]).toEqual([A.rows, B.cols]);
        expect(sameBytes(got.data, matmul(A, B).data)).toBe(true);
      }
      expect(pool.started).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('validates before any work', async () => {
    const pool = createWorkerPool({ workers: 2, workerUrl: WORKER_URL });
    try {
      await expect(gemmParallel(denseColMajor(4, 3, 80), denseColMajor(4, 3, 81), { pool })).rejects.toThrow(DimensionError);
      await expect(gemmParallel(denseColMajor(4, 3, 80), denseColMajor(4, 3, 81), { pool })).rejects.toThrow(/gemmParallel: A has 3 columns but B has 4 rows/);
      await expect(gemmParallel({ kind: 'dense' } as unknown as DenseMatrix, denseColMajor(4, 3, 81), { pool })).rejects.toThrow(InvalidArgumentError);
      await expect(gemmParallel(denseColMajor(40, 30, 82), denseColMajor(30, 40, 83), { pool, workers: 0 })).rejects.toThrow(InvalidArgumentError);
      expect(pool.started).toBe(0);
      await pool.close();
      await expect(gemmParallel(denseColMajor(40, 30, 82), denseColMajor(30, 40, 83), { pool })).rejects.toThrow(/gemmParallel: the worker pool is closed/);
    } finally {
      await pool.close();
    }
  });
});

describe('the worker compute module is browser-safe', () => {
  it('src/parallel/tasks.ts uses no Node API and imports only the browser-safe modules', () => {
    // test/portable.test.ts checks that core/, rng/, sketch/ and structured/ are Node-free; the
    // worker's compute module may import those and nothing else.
    const src = readFileSync(`${ROOT}src/parallel/tasks.ts`, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const imports = [...src.matchAll(/^\s*import\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const spec of imports) expect(spec).toMatch(/^\.\.\/(core|rng|sketch|structured)\//);
    for (const re of [/from\s+'node:/, /\brequire\(/, /\bBuffer\b/, /\bprocess\./]) expect(src).not.toMatch(re);
  });
});
