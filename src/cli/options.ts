/**
 * Parsers of option values for commander: each returns the parsed value or throws commander's
 * InvalidArgumentError, which commander reports as `option '--rows <m>' argument 'x' is
 * invalid. <why>` (a usage error, exit code 2).
 *
 * @module
 */
import { InvalidArgumentError as OptionValueError } from 'commander';
import type { Seed } from '../rng/index.js';

/** An integer parser with bounds. */
export function intValue(min: number, max = Number.MAX_SAFE_INTEGER): (v: string) => number {
  return (v) => {
    const x = /^[+-]?\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isSafeInteger(x) || x < min || x > max) {
      throw new OptionValueError(max === Number.MAX_SAFE_INTEGER ? `expected an integer ≥ ${min}` : `expected an integer in [${min}, ${max}]`);
    }
    return x;
  };
}

/** A finite real parser; bounds are checked by the library, which names the rule. */
export function realValue(v: string): number {
  const x = v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(x)) throw new OptionValueError('expected a finite number');
  return x;
}

/**
 * A seed: a string of decimal digits is the integer it spells (a number when it is a safe
 * integer, else a bigint), anything else is a string seed. So `--seed 5` is the seed 5 of the
 * library (the same stream as `5n`), not the string `'5'`.
 */
export function seedValue(v: string): Seed {
  if (v.length === 0) throw new OptionValueError('expected a non-empty seed');
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : BigInt(v);
  }
  return v;
}

/** `a,b` as two integers ≥ 1. */
export function intPairValue(v: string): [number, number] {
  const parts = v.split(/[,x×]/).map((s) => s.trim());
  const p = intValue(1);
  if (parts.length !== 2) throw new OptionValueError('expected two integers, e.g. 64,32');
  return [p(parts[0]), p(parts[1])];
}

/** A seed as JSON-safe data (bigints as strings). */
export function seedJson(s: Seed): number | string {
  return typeof s === 'bigint' ? s.toString() : s;
}
