import { coherentMatrix, embeddingDistortion, type SketchSpec } from '../src/index.js';

// A test matrix of the RandNLA literature (randnla/problems): 4096×10 Gaussian with its
// first 10 rows scaled by 50, so that they hold most of the leverage.
const A = coherentMatrix(4096, 10, 1);

// The median distortion ε of 21 sketches with m = 40 rows, sparse sign (ζ = 8) and Gaussian.
const medianEps = (kind: 'sparse-sign' | 'gaussian'): number => {
  const eps = Array.from({ length: 21 }, (_, seed) => embeddingDistortion({ kind, rows: 40, cols: 4096, seed } as SketchSpec, A).eps);
  return eps.sort((a, b) => a - b)[10];
};
const sparse = medianEps('sparse-sign'); // ≈ 0.46
const gaussian = medianEps('gaussian'); // ≈ 0.45

// The Gaussian bound (Vershynin 2012, Cor. 5.35): with probability ≥ 0.9, ε ≤ (√d + √(2 ln 20))/√m.
const bound = (Math.sqrt(10) + Math.sqrt(2 * Math.log(20))) / Math.sqrt(40); // ≈ 0.89

export const boundCheck = { sparse, gaussian, bound };
