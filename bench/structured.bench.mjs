// Structured matrices: Monarch matvec against dense gemv, the batched FWHT of a column-major
// block against a textbook radix-2 FWHT, and the closed-form Monarch projection against one
// dense SVD of the same matrix (ml-matrix).
//
// Run: npx tsc -p tsconfig.build.json && node bench/structured.bench.mjs   (or via bench/run.mjs)
// Env: BENCH_SKIP_SLOW=1 skips the ml-matrix SVD of 1024² (tens of seconds per sample) and
// the 16384² dense peers (2 GiB each).
import { Matrix, SVD } from 'ml-matrix';
import { runBench, sink } from './harness.mjs';
import { colMajor, fill, mlFromColMajor } from './problems.mjs';
import { setKernelBackend } from '../dist/core/index.js';
import { fwhtColumnsInPlace, monarchMultiply, monarchProject, randomMonarch } from '../dist/structured/index.js';

const SKIP_SLOW = process.env.BENCH_SKIP_SLOW === '1';

// Our dense matvec / matmul, if the core ops module (and its kernels) is built.
let denseMatvec = null;
let denseMatmul = null;
try {
  ({ matvec: denseMatvec, matmul: denseMatmul } = await import('../dist/core/ops.js'));
} catch {
  denseMatvec = null;
  denseMatmul = null;
}

const cases = [];

// ---------------------------------------------------------------------------------------------
// 1. Monarch matvec (square, √n blocks) against the dense matvec of a same-size matrix.
for (const n of [4096, 16384]) {
  const M = randomMonarch({ n, seed: 1 });
  const x = fill(new Float64Array(n), 7);
  const peers = [];
  if (!(SKIP_SLOW && n > 4096)) {
    const A = colMajor(n, n, fill(new Float64Array(n * n), 11));
    if (denseMatvec) peers.push({ label: `randnla dense matvec ${n}²`, fn: () => sink(denseMatvec(A, x)) });
    const Aml = mlFromColMajor(A);
    const xml = Matrix.columnVector(Array.from(x));
    peers.push({ label: `ml-matrix mmul ${n}² × column`, fn: () => sink(Aml.mmul(xml).get(0, 0)) });
  }
  cases.push({
    name: `monarch matvec n=${n}`,
    note: `${Math.sqrt(n)} blocks of ${Math.sqrt(n)}×${Math.sqrt(n)} per factor: ${2 * n * Math.sqrt(n)} vs ${n * n} multiply-adds`,
    ours: { label: 'randnla monarchMultiply', fn: () => sink(monarchMultiply(M, x)) },
    peers,
  });
}

// 1b. Monarch times a 4096×64 block (batched GEMM path) against the dense product.
{
  const n = 4096, k = 64;
  const M = randomMonarch({ n, seed: 2 });
  const X = colMajor(n, k, fill(new Float64Array(n * k), 8));
  const peers = [];
  if (denseMatmul) {
    const A = colMajor(n, n, fill(new Float64Array(n * n), 12));
    peers.push({ label: 'randnla dense matmul 4096² × 4096×64', fn: () => sink(denseMatmul(A, X).data[0]) });
  }
  cases.push({
    name: 'monarch × block 4096×64',
    note: '64 blocks of 64×64 per factor',
    ours: { label: 'randnla monarchMultiply (block)', fn: () => sink(monarchMultiply(M, X).data[0]) },
    peers,
  });
}

// ---------------------------------------------------------------------------------------------
// 2. FWHT of a 4096×64 column-major block (the SRHT workload). Every variant first restores the
//    block from a pristine copy (2 MiB memcpy, included in all timings), so values never grow.
{
  const m = 4096, k = 64;
  const pristine = fill(new Float64Array(m * k), 3);
  const buf = new Float64Array(m * k);
  const X = colMajor(m, k, buf);
  /** Textbook iterative radix-2 FWHT of each column (one pass over the column per stage). */
  const naive = () => {
    buf.set(pristine);
    for (let j = 0; j < k; j++) {
      const o = j * m;
      for (let h = 1; h < m; h *= 2) {
        for (let i = 0; i < m; i += 2 * h) {
          for (let t = o + i; t < o + i + h; t++) {
            const a = buf[t], b = buf[t + h];
            buf[t] = a + b;
            buf[t + h] = a - b;
          }
        }
      }
    }
    return sink(buf[5]);
  };
  const rowMajorBuf = new Float64Array(m * k);
  const Xr = { kind: 'dense', rows: m, cols: k, data: rowMajorBuf, offset: 0, rowStride: k, colStride: 1 };
  cases.push({
    name: 'fwht 4096×64 column-major',
    note: 'includes a 2 MiB restore copy per call in every variant; randnla uses the WebAssembly kernels where available',
    flops: m * Math.log2(m) * k,
    ours: { label: 'randnla fwhtColumnsInPlace', fn: () => { buf.set(pristine); fwhtColumnsInPlace(X); return sink(buf[5]); } },
    peers: [
      { label: 'textbook radix-2 per column', fn: naive },
      { label: 'randnla fwhtColumnsInPlace (row-major block)', fn: () => { rowMajorBuf.set(pristine); fwhtColumnsInPlace(Xr); return sink(rowMajorBuf[5]); } },
      {
        label: 'randnla fwhtColumnsInPlace, TypeScript kernels',
        fn: () => {
          setKernelBackend('js');
          try {
            buf.set(pristine);
            fwhtColumnsInPlace(X);
          } finally {
            setKernelBackend('auto');
          }
          return sink(buf[5]);
        },
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// 3. Closed-form Monarch projection against one ml-matrix SVD of the same matrix.
{
  const n = 1024;
  const A = colMajor(n, n, fill(new Float64Array(n * n), 5));
  const peers = [{ label: 'randnla monarchProject (library SVD per slice)', fn: () => sink(monarchProject(A, { method: 'svd' }).error) }];
  if (!SKIP_SLOW) {
    const Aml = mlFromColMajor(A);
    peers.push({ label: 'ml-matrix SVD 1024² (one)', fn: () => sink(new SVD(Aml, { autoTranspose: true }).diagonal[0]) });
  }
  cases.push({
    name: 'monarch projection 1024²',
    note: '32×32 blocks: 1024 slices of 32×32',
    ours: { label: 'randnla monarchProject', fn: () => sink(monarchProject(A).error) },
    peers,
  });
}
{
  const n = 4096;
  const A = colMajor(n, n, fill(new Float64Array(n * n), 6));
  cases.push({
    name: 'monarch projection 4096²',
    note: '64×64 blocks: 4096 slices of 64×64; ml-matrix SVD of 4096² not run (extrapolate its 1024² time by 64 = n³ ratio)',
    ours: { label: 'randnla monarchProject', fn: () => sink(monarchProject(A).error) },
    peers: [],
  });
}

await runBench('structured', cases);
