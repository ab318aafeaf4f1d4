/**
 * Shared assertion of the io tests: `f` throws a {@link ParseError} whose message contains every
 * string part and matches every pattern. Returns the error for further checks.
 */
import { expect } from 'vitest';
import { ParseError } from '../../src/core/errors.js';

export function expectParseError(f: () => unknown, ...parts: Array<string | RegExp>): ParseError {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ParseError);
  const msg = (err as Error).message;
  for (const p of parts) {
    if (typeof p === 'string') expect(msg).toContain(p);
    else expect(msg).toMatch(p);
  }
  return err as ParseError;
}
