/**
 * The {@link LinearOperator} type shared by the structured operators: re-exported from
 * `src/core/operator.ts`, which owns the definition (docs/design.md §2.4).
 *
 * @module
 */
export type { LinearOperator } from '../core/operator.js';
