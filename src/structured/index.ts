/**
 * `randnla/structured`: structured matrices and operators: Monarch matrices (product,
 * transpose, dense form, random construction, closed-form Frobenius projection), the fast
 * Walsh–Hadamard transform, and block-diagonal, permutation, Kronecker and Householder
 * operators. Everything implements or returns the shared {@link LinearOperator} interface.
 *
 * @module
 */
export type { LinearOperator } from './types.js';
export { fwhtInPlace, fwhtColumnsInPlace, fwht, hadamardOperator } from './fwht.js';
export type { FwhtOptions } from './fwht.js';
export { blockDiagOperator } from './blockdiag.js';
export { permutationOperator, reshapeTransposePermutation } from './permutation.js';
export { kroneckerOperator } from './kronecker.js';
export { householderProduct, randomOrthogonalOperator } from './householder.js';
export {
  monarch,
  monarchMultiply,
  monarchMultiplyT,
  monarchToDense,
  monarchOperator,
  randomMonarch,
} from './monarch.js';
export type {
  MonarchMatrix,
  MonarchBlocksSpec,
  MonarchFlatSpec,
  MonarchFamily,
  RandomMonarchOptions,
} from './monarch.js';
export { monarchProject } from './monarchProject.js';
export type { MonarchProjectOptions, MonarchProjection } from './monarchProject.js';
