// Dense factorizations: randnla `qr` + `qrQ` (blocked Householder QR above 64 reflectors,
// compact WY updates through the packed gemm) and `svd` (pivoted QR, one-sided Jacobi; above 64
// columns with m ≥ 2n a blocked QR first; U formed by blocks from 16 columns) against ml-matrix
// `QrDecomposition` + `orthogonalMatrix` and `SingularValueDecomposition`, same process, same
// data. Run after `npm run build`: `node bench/factor.bench.mjs`, or through bench/run.mjs.
//
// GFLOP/s counts 2mn² − 2n³/3 flops for the QR and as much again for Q (4mn² − 4n³/3 in all).
// Before timing, the results are compared (note of each case): the largest relative difference
// of |R_ii| (QR) or of the singular values (SVD) between the two libraries.
import { Matrix, QrDecomposition, SingularValueDecomposition } from 'ml-matrix';
import { qr, qrQ } from '../dist/core/qr.js';
import { svd } from '../dist/core/svd.js';
import { runBench, sink } from './harness.mjs';
import { gaussian } from './problems.mjs';

function problem(m, n, seed) {
  const g = gaussian(seed);
  const data = new Float64Array(m * n);
  for (let k = 0; k < data.length; k++) data[k] = g();
  const D = { kind: 'dense', rows: m, cols: n, data, offset: 0, rowStride: 1, colStride: m };
  const M = new Matrix(m, n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) M.set(i, j, data[j * m + i]);
  return { D, M };
}

const maxRel = (a, b) => a.reduce((w, v, i) => Math.max(w, Math.abs(Math.abs(v) - Math.abs(b[i])) / Math.abs(b[i])), 0);

const cases = [];
for (const [m, n] of [[16384, 128], [16384, 48]]) {
  const P = problem(m, n, 2000 + n);
  const F = qr(P.D);
  const R = new QrDecomposition(P.M).upperTriangularMatrix;
  const ours = Array.from({ length: n }, (_, i) => F.qr[i * m + i]);
  const theirs = Array.from({ length: n }, (_, i) => R.get(i, i));
  cases.push({
    name: `qr + qrQ ${m}×${n}`,
    ours: { label: 'randnla qr, qrQ', fn: () => sink(qrQ(qr(P.D)).data) },
    peers: [{ label: 'ml-matrix QrDecomposition, orthogonalMatrix', fn: () => sink(new QrDecomposition(P.M).orthogonalMatrix.rows) }],
    flops: 4 * m * n * n - (4 * n * n * n) / 3,
    note: `max relative difference of |R_ii|: ${maxRel(ours, theirs).toExponential(2)}`,
  });
}
for (const [m, n] of [[4096, 96], [4096, 48]]) {
  const P = problem(m, n, 3000 + n);
  const ours = svd(P.D).s;
  const theirs = new SingularValueDecomposition(P.M).diagonal;
  cases.push({
    name: `svd ${m}×${n}, with vectors`,
    ours: { label: 'randnla svd', fn: () => sink(svd(P.D).s) },
    peers: [{ label: 'ml-matrix SingularValueDecomposition', fn: () => sink(new SingularValueDecomposition(P.M).diagonal) }],
    note: `max relative difference of the singular values: ${maxRel(Array.from(ours), theirs).toExponential(2)}`,
  });
}

await runBench('factor', cases);
