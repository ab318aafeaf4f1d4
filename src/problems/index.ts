/**
 * `randnla/problems`: the standard test matrices of the RandNLA literature (ALGORITHMS.md §0.3),
 * seeded and the same bits in every engine: Gaussian, coherent, heavy-row, ill-conditioned,
 * low-rank, identity-padded and circle matrices, and sparse Gaussian matrices in CSR form.
 * proofs-check and the experiments run on them; they are here so that a bound can be checked
 * on the same inputs outside them.
 *
 * @module
 */
export { gaussMatrix, coherentMatrix, heavyRowsMatrix, illCondMatrix, lowRankMatrix, idPadMatrix, circleMatrix, sparseGaussMatrix } from './generators.js';
