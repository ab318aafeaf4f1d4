import { asMatrix, lstsqDense, applySketch, embeddingDistortion, sketchStream } from '../src/index.js';

// Exact least squares (Householder QR; minimum-norm solution when A is rank-deficient).
const A = asMatrix([[1, 0], [1, 1], [1, 2]]);
const { x, rank, residualNorm } = lstsqDense(A, [6, 0, 0]);
// x = [5, -3], rank = 2, residualNorm = √6 ≈ 2.449

// A sketch is plain data: the same spec gives the same bits on any machine.
const S = { kind: 'sparse-sign', rows: 2, cols: 3, seed: 42 } as const;
const SA = applySketch(S, A); // the 2×2 matrix S·A

// Streaming the rows in any chunks and order gives exactly the same bits.
const acc = sketchStream(S);
acc.push([[1, 2]], 2).push([[1, 0], [1, 1]], 0);
const same = acc.result().data.every((v, i) => Object.is(v, SA.data[i])); // true

// How far is a Gaussian sketch with 200 rows from an isometry on range(A)?
const { eps } = embeddingDistortion({ kind: 'gaussian', rows: 200, cols: 3, seed: 1 }, A);

export const quickstart = { x, rank, residualNorm, SA, same, eps };
