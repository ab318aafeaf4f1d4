/**
 * `randnla/core`: dense and sparse matrices, converters at the API edge, products,
 * factorizations (QR, Cholesky, symmetric eigen, SVD), LSQR, exact least squares, the tolerance
 * rule and the error hierarchy. Kernels (`core/kernels`) are internal; only the backend switch (`setKernelBackend`) is exported.
 *
 * @module
 */
export {
  RandNLAError,
  DimensionError,
  NonFiniteError,
  InvalidArgumentError,
  NumericalError,
  ParseError,
} from './errors.js';
export type { RandNLAErrorCode } from './errors.js';

export {
  zeros,
  eye,
  fromColMajor,
  fromRowMajor,
  at,
  transpose,
  subMatrix,
  toColMajor,
  toRowMajor,
  getColumn,
  getRow,
  toArray,
  isColMajorContiguous,
  isRowMajorContiguous,
} from './matrix.js';
export type { DenseMatrix } from './matrix.js';

export { asMatrix, asVector, fromMlMatrix, fromMathjs } from './interop.js';
export type { MatrixLike, VectorLike, ShapedArray, MlMatrixLike, MathjsMatrixLike, AsMatrixOptions, AsVectorOptions } from './interop.js';
export { toMlMatrix } from './ml-matrix.js';

export {
  csrFromCoo,
  csrFromDense,
  csrToDense,
  csrNnz,
  csrTranspose,
  csrRowSlice,
  csrMatvec,
  csrMatvecT,
  csrMatmulDense,
  denseMatmulCsr,
} from './csr.js';
export type { CsrMatrix, CsrFromCooOptions, CsrFromDenseOptions } from './csr.js';

export { asOperator, linearOperator, composeOperators, transposeOperator, operatorToDense } from './operator.js';
export type { LinearOperator, OperatorLike, LinearOperatorSpec } from './operator.js';

export { matmul, matvec, gram, add, sub, scale, frobeniusNorm, copyMatrix } from './ops.js';
export type { MatmulOptions, MatvecOptions } from './ops.js';

export { qr, applyQ, applyQt, qrR, qrQ } from './qr.js';
export type { QRFactorization, QROptions } from './qr.js';
export { cholesky } from './cholesky.js';
export { eigSym } from './eig.js';
export type { SymmetricEigen } from './eig.js';
export { svd } from './svd.js';
export type { SVDOptions, SVDResult, SingularValues } from './svd.js';
export { lsqr } from './lsqr.js';
export type { LsqrOptions, LsqrResult, LsqrStopReason, LsqrIterationInfo } from './lsqr.js';
export { lstsqDense } from './lstsq.js';
export type { LstsqOptions, LstsqResult, LstsqMatrixResult, LstsqMethod } from './lstsq.js';
export { EPS, defaultRtol, rankTolerance, numericalRank } from './tolerance.js';
export type { ToleranceOptions } from './tolerance.js';

// Kernel backend: WebAssembly SIMD or TypeScript, with bit-identical results (see setKernelBackend).
export { setKernelBackend, getKernelBackend } from './kernels/backend.js';
export type { KernelBackend } from './kernels/backend.js';
