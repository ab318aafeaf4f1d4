// Dense level-2/3 kernels (packed gemm, gram, gemv) against ml-matrix's `mmul`.
// Run after `npm run build`: `node bench/gemm.bench.mjs`, or through bench/run.mjs, which runs
// it in several processes and reports the median (JIT quality varies between processes).
//
// The level-3 cases time both kernel backends: "ours" is the WebAssembly SIMD backend, and the
// TypeScript backend is listed as a peer, so the ratio column reads js time / wasm time (the
// two give bit-identical results; only the speed differs). gemv is TypeScript on both.
//
// GFLOP/s counts 2·m·n·k for a product and 2·m·n for gemv. For gram (AᵀA) it counts the
// 2·m·n² flops of a general product, although gram does about half of them (upper tiles
// only): the figure is the rate of a general gemm that would finish in the same time.
import { Matrix } from 'ml-matrix';
import { gram, matmul, matvec } from '../dist/core/ops.js';
import { getKernelBackend, setKernelBackend } from '../dist/core/index.js';
import { runBench, sink } from './harness.mjs';
import { uniform } from './problems.mjs';

/** A column-major DenseMatrix with entries uniform in [−1, 1), and the same matrix in ml-matrix. */
function pair(m, n, seed) {
  const u = uniform(seed);
  const data = new Float64Array(m * n);
  for (let k = 0; k < data.length; k++) data[k] = 2 * u() - 1;
  const D = { kind: 'dense', rows: m, cols: n, data, offset: 0, rowStride: 1, colStride: m };
  const M = new Matrix(m, n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) M.set(i, j, data[j * m + i]);
  return { D, M };
}

setKernelBackend('auto');
if (getKernelBackend() !== 'wasm') throw new Error('gemm.bench: WebAssembly SIMD is not available in this Node');

/** Runs fn on the given kernel backend (switching costs O(1), nothing next to a product). */
const on = (backend, fn) => () => {
  setKernelBackend(backend);
  fn();
};

const cases = [];

{
  const n = 1024;
  const A = pair(n, n, 1), B = pair(n, n, 2);
  cases.push({
    name: 'matmul 1024×1024 · 1024×1024',
    ours: { label: 'randnla matmul (wasm)', fn: on('wasm', () => sink(matmul(A.D, B.D).data)) },
    peers: [
      { label: 'randnla matmul (js)', fn: on('js', () => sink(matmul(A.D, B.D).data)) },
      { label: 'ml-matrix mmul', fn: () => sink(A.M.mmul(B.M).rows) },
    ],
    flops: 2 * n * n * n,
  });
}

{
  const m = 256, k = 65536, n = 64;
  const A = pair(m, k, 3), B = pair(k, n, 4);
  cases.push({
    name: 'matmul 256×65536 · 65536×64',
    ours: { label: 'randnla matmul (wasm)', fn: on('wasm', () => sink(matmul(A.D, B.D).data)) },
    peers: [
      { label: 'randnla matmul (js)', fn: on('js', () => sink(matmul(A.D, B.D).data)) },
      { label: 'ml-matrix mmul', fn: () => sink(A.M.mmul(B.M).rows) },
    ],
    flops: 2 * m * n * k,
  });
}

{
  const m = 65536, n = 64;
  const A = pair(m, n, 5), B = pair(m, n, 6);
  cases.push({
    name: 'gram AᵀA, A 65536×64 (column-major)',
    note: 'flops counted as a general product, 2mn²',
    ours: { label: 'randnla gram (wasm)', fn: on('wasm', () => sink(gram(A.D).data)) },
    peers: [
      { label: 'randnla gram (js)', fn: on('js', () => sink(gram(A.D).data)) },
      { label: 'ml-matrix A.transpose().mmul(A)', fn: () => sink(A.M.transpose().mmul(A.M).rows) },
    ],
    flops: 2 * m * n * n,
  });
  cases.push({
    name: 'matmul AᵀB, A, B 65536×64 (transA view)',
    ours: { label: 'randnla matmul transA (wasm)', fn: on('wasm', () => sink(matmul(A.D, B.D, { transA: true }).data)) },
    peers: [
      { label: 'randnla matmul transA (js)', fn: on('js', () => sink(matmul(A.D, B.D, { transA: true }).data)) },
      { label: 'ml-matrix A.transpose().mmul(B)', fn: () => sink(A.M.transpose().mmul(B.M).rows) },
    ],
    flops: 2 * m * n * n,
  });
}

{
  const n = 4096;
  const A = pair(n, n, 7), x = pair(n, 1, 8);
  cases.push({
    name: 'matvec 4096×4096 · x',
    ours: { label: 'randnla matvec', fn: () => sink(matvec(A.D, x.D.data)) },
    peers: [{ label: 'ml-matrix mmul (column vector)', fn: () => sink(A.M.mmul(x.M).rows) }],
    flops: 2 * n * n,
  });
  cases.push({
    name: 'matvec 4096×4096, transposed (Aᵀx)',
    ours: { label: 'randnla matvec trans', fn: () => sink(matvec(A.D, x.D.data, { trans: true })) },
    peers: [{ label: 'ml-matrix A.transpose().mmul(x)', fn: () => sink(A.M.transpose().mmul(x.M).rows) }],
    flops: 2 * n * n,
  });
}

await runBench('gemm', cases);
