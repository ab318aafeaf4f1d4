// CSR kernels against mathjs sparse matrices and ml-matrix dense products.
// Run after `npm run build`: `node bench/csr.bench.mjs` (or through bench/run.mjs).
import { Matrix } from 'ml-matrix';
import { multiply, sparse, matrix } from 'mathjs';
import { csrFromCoo, csrMatmulDense, csrMatvec, csrToDense, denseMatmulCsr } from '../dist/core/csr.js';
import { runBench, sink } from './harness.mjs';
import { uniform } from './problems.mjs';

function randomCoo(m, n, nnz, seed) {
  const u = uniform(seed);
  const I = new Int32Array(nnz), J = new Int32Array(nnz), V = new Float64Array(nnz);
  for (let k = 0; k < nnz; k++) { I[k] = Math.floor(u() * m); J[k] = Math.floor(u() * n); V[k] = 2 * u() - 1; }
  return { I, J, V };
}

function colMajor(m, n, seed) {
  const u = uniform(seed);
  const data = new Float64Array(m * n);
  for (let k = 0; k < data.length; k++) data[k] = 2 * u() - 1;
  return { kind: 'dense', rows: m, cols: n, data, offset: 0, rowStride: 1, colStride: m };
}

function rowsOf(D) {
  return Array.from({ length: D.rows }, (_, i) => Array.from({ length: D.cols }, (_, j) => D.data[D.offset + i * D.rowStride + j * D.colStride]));
}

const cases = [];

{
  const m = 2000, k = 2000, n = 64, nnz = 40_000;
  const { I, J, V } = randomCoo(m, k, nnz, 1);
  const S = csrFromCoo(m, k, I, J, V);
  const B = colMajor(k, n, 2);
  const Sm = sparse(rowsOf(csrToDense(S)));
  const Bm = matrix(rowsOf(B));
  const Sd = new Matrix(rowsOf(csrToDense(S)));
  const Bd = new Matrix(rowsOf(B));
  cases.push({
    name: `S·B, S ${m}×${k} nnz ${S.values.length}, B ${k}×${n} column-major`,
    flops: 2 * S.values.length * n,
    ours: { label: 'randnla csrMatmulDense', fn: () => sink(csrMatmulDense(S, B).data) },
    peers: [
      { label: 'mathjs multiply(sparse, dense)', fn: () => sink(multiply(Sm, Bm)) },
      { label: 'ml-matrix mmul (dense S)', fn: () => sink(Sd.mmul(Bd)) },
    ],
  });
  const A = colMajor(n, m, 3);
  const Am = matrix(rowsOf(A));
  cases.push({
    name: `A·S, A ${n}×${m} column-major, S ${m}×${k} nnz ${S.values.length}`,
    flops: 2 * S.values.length * n,
    ours: { label: 'randnla denseMatmulCsr', fn: () => sink(denseMatmulCsr(A, S).data) },
    peers: [{ label: 'mathjs multiply(dense, sparse)', fn: () => sink(multiply(Am, Sm)) }],
  });
}

{
  const m = 100_000, n = 100_000, nnz = 1_000_000;
  const { I, J, V } = randomCoo(m, n, nnz, 4);
  const S = csrFromCoo(m, n, I, J, V);
  const x = colMajor(n, 1, 5).data;
  cases.push({
    name: `S·x, ${m}×${n}, nnz ${S.values.length}`,
    flops: 2 * S.values.length,
    ours: { label: 'randnla csrMatvec', fn: () => sink(csrMatvec(S, x)) },
  });
  cases.push({
    name: `csrFromCoo, ${nnz} random triplets`,
    items: nnz,
    ours: { label: 'randnla csrFromCoo', fn: () => sink(csrFromCoo(m, n, I, J, V).values) },
  });
}

await runBench('csr', cases);
