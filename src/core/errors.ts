/**
 * The randnla error hierarchy.
 *
 * Every error the library throws on purpose is a {@link RandNLAError}. Each subclass has a
 * stable `code` (safe to switch on; never changes between releases) and a message of the form
 * `` `${fn}: ${what} (got ${value}; expected ${rule})` `` that names the function, the offending
 * value and the rule it broke, e.g. `lstsqDense: b has 99 rows but A has 100`.
 *
 * Bad arguments throw before any work starts. Numerical trouble that the caller can act on
 * (rank deficiency, slow convergence) is reported in the result instead, except where a
 * function documents that it throws {@link NumericalError}.
 *
 * @module
 */

/** Stable machine-readable error codes. */
export type RandNLAErrorCode =
  | 'ERR_DIMENSION_MISMATCH'
  | 'ERR_NON_FINITE'
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_NUMERICAL'
  | 'ERR_PARSE';

/** Root of every error thrown by randnla. `instanceof RandNLAError` catches them all. */
export class RandNLAError extends Error {
  /** Stable code for programmatic handling. */
  readonly code: RandNLAErrorCode;
  /** Name of the public function that raised the error (e.g. `'lstsqDense'`). */
  readonly fn: string;
  constructor(code: RandNLAErrorCode, fn: string, message: string) {
    super(`${fn}: ${message}`);
    this.code = code;
    this.fn = fn;
    this.name = new.target.name;
  }
}

/** Shapes that must agree do not, e.g. `b has 99 rows but A has 100`. */
export class DimensionError extends RandNLAError {
  constructor(fn: string, message: string) {
    super('ERR_DIMENSION_MISMATCH', fn, message);
  }
}

/** An input holds NaN or ±Infinity. The message gives the first offending position. */
export class NonFiniteError extends RandNLAError {
  constructor(fn: string, message: string) {
    super('ERR_NON_FINITE', fn, message);
  }
}

/** A value is of the wrong kind or out of its range (p < 1, rank > min(m, n), eps ∉ (0, 1), …). */
export class InvalidArgumentError extends RandNLAError {
  constructor(fn: string, message: string) {
    super('ERR_INVALID_ARGUMENT', fn, message);
  }
}

/**
 * A numerical method failed where the function promises an answer it cannot give
 * (Cholesky of a matrix that is not positive definite, an SVD that did not converge).
 */
export class NumericalError extends RandNLAError {
  constructor(fn: string, message: string) {
    super('ERR_NUMERICAL', fn, message);
  }
}

/** Malformed input text or bytes (matrix files); the message names the file and position. */
export class ParseError extends RandNLAError {
  constructor(fn: string, message: string) {
    super('ERR_PARSE', fn, message);
  }
}
