/**
 * File variant of the rating reader (uses `node:fs`; the rest of the completion module does
 * not, so browser bundles that import `randnla/completion/portable` stay free of it).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../core/errors.js';
import { fmt } from '../core/validate.js';
import { parseRatingsText, type ParseRatingsOptions, type RatingsResult } from './ratings.js';

/**
 * Reads a rating file (UTF-8) and parses it as {@link parseRatings} does; error messages name
 * the path and line. Synchronous; the whole file is read into memory (O(file size + |Ω|)).
 *
 * @param path - path of the file.
 * @param options - as {@link parseRatings}.
 * @throws as {@link parseRatings}; InvalidArgumentError for a non-string path; the `node:fs`
 *   error (ENOENT, …) when the file cannot be read.
 * @example
 * ```ts
 * const { observations, rowIds } = readRatings('ml-latest-small/ratings.csv');
 * ```
 */
export function readRatings(path: string, options?: ParseRatingsOptions): RatingsResult {
  const fn = 'readRatings';
  if (typeof path !== 'string' || path.length === 0) throw new InvalidArgumentError(fn, `path must be a non-empty string (got ${fmt(path)})`);
  const text = readFileSync(path, 'utf8');
  return parseRatingsText(fn, text, path, options);
}
