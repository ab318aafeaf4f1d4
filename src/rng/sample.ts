/**
 * Random permutations, sampling without replacement, and weighted sampling by Walker's alias
 * method, all driven by the uniforms of a stream at fixed positions (`docs/design.md` §3.2),
 * so every result is a pure function of the state and the arguments.
 *
 * @module
 */
import { InvalidArgumentError, NonFiniteError } from '../core/errors.js';
import { assertInt, fmt } from '../core/validate.js';
import { fillUniform } from './draw.js';
import { checkRngState, type RngState } from './state.js';

/** Largest length of an Int32Array-indexed population. */
const MAX_N = 2147483647;
/** Uniforms are drawn in chunks of this many (module-level buffer, no allocation per value). */
const CHUNK = 2048;
const ubuf = new Float64Array(CHUNK);

/**
 * The shared core of {@link permutation} and {@link sampleWithoutReplacement}: the first m
 * steps of a forward Fisher–Yates shuffle of [0, n). Step i (0 ≤ i < m) swaps a[i] with a[j],
 * `j = i + ⌊u_i·(n − i)⌋`, `u_i` the uniform at position i, and emits a[i]. The virtual array
 * `a` is an Int32Array of n when m is a sizeable fraction of n (n ≤ 8m + 1024), and otherwise
 * an open-addressing hash table of the displaced entries (at most m keys, load ≤ 1/2, 8 bytes
 * per slot); both give identical output.
 */
function partialShuffle(s: RngState, n: number, m: number): Int32Array {
  const out = new Int32Array(m);
  if (m === 0) return out;
  if (n <= 8 * m + 1024) {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    for (let base = 0; base < m; base += CHUNK) {
      const len = Math.min(CHUNK, m - base);
      fillUniform(s, base, ubuf, 0, len);
      for (let t = 0; t < len; t++) {
        const i = base + t;
        const j = i + Math.floor(ubuf[t] * (n - i));
        out[i] = a[j];
        a[j] = a[i];
      }
    }
    return out;
  }
  // Hashed virtual array: key x present means a[x] = vals[slot], absent means a[x] = x.
  let cap = 16;
  while (cap < 2 * m) cap *= 2;
  const shift = Math.clz32(cap) + 1; // 32 − log₂ cap, exactly
  const mask = cap - 1;
  const keys = new Int32Array(cap).fill(-1);
  const vals = new Int32Array(cap);
  const slotOf = (x: number): number => {
    let h = Math.imul(x, 0x9e3779b1) >>> shift;
    while (keys[h] !== -1 && keys[h] !== x) h = (h + 1) & mask;
    return h;
  };
  for (let base = 0; base < m; base += CHUNK) {
    const len = Math.min(CHUNK, m - base);
    fillUniform(s, base, ubuf, 0, len);
    for (let t = 0; t < len; t++) {
      const i = base + t;
      const j = i + Math.floor(ubuf[t] * (n - i));
      const si = slotOf(i);
      const ai = keys[si] === i ? vals[si] : i;
      const sj = slotOf(j);
      out[i] = keys[sj] === j ? vals[sj] : j;
      // a[j] ← a[i]; a[i] is never read again, so its slot can stay.
      keys[sj] = j;
      vals[sj] = ai;
    }
  }
  return out;
}

/**
 * A uniformly random permutation of [0, n), by the (forward) Fisher–Yates shuffle: step i
 * swaps entries i and `i + ⌊u_i·(n − i)⌋`, with `u_i` the uniform at position i of `s`
 * (positions 0 … n−1; the last step is always a no-op). The first m entries equal
 * `sampleWithoutReplacement(s, n, m)`.
 *
 * Every one of the n! permutations has probability 1/n! up to the rounding bias of
 * `⌊u·(n − i)⌋` (at most n·2⁻⁵³ per step).
 *
 * Cost: O(n) time, one Int32Array of n (plus n/2 Philox blocks).
 *
 * Reference: R. Durstenfeld, "Algorithm 235: Random permutation", CACM 7(7), 1964 (Knuth,
 * TAOCP vol. 2, Algorithm 3.4.2P); uniforms from Philox4x32-10 (Salmon et al., SC'11).
 *
 * @param s stream state (validated)
 * @param n size, an integer in [0, 2³¹ − 1]
 * @returns a new Int32Array holding each of 0 … n−1 once
 * @throws {InvalidArgumentError} for a malformed state or a bad `n`.
 */
export function permutation(s: RngState, n: number): Int32Array {
  const st = checkRngState(s, 'permutation', 's');
  assertInt('permutation', 'n', n, 0, MAX_N);
  return partialShuffle(st, n, n);
}

/**
 * m distinct indices drawn uniformly from [0, n) without replacement, by a partial
 * Fisher–Yates shuffle: draw i (0 ≤ i < m) swaps entries i and `j = i + ⌊u_i·(n − i)⌋` of the
 * virtual array [0, 1, …, n−1] and emits entry i, with `u_i` the uniform at position i of `s`.
 *
 * **Order.** The output is in draw order, i.e. a uniformly random ordered m-subset: every
 * m-subset is equally likely, and so is every ordering of it. Each prefix of length m' is
 * itself the sample for m', and `permutation(s, n)` starts with this sample. Sort the result
 * if you need sorted indices.
 *
 * **Efficiency.** When m is small relative to n (n > 8m + 1024) the displaced entries live in
 * an open-addressing hash table of at most 4m slots (O(m) expected time and memory, like
 * Floyd's algorithm); otherwise in an Int32Array of n (O(n)). Both give bit-identical output.
 *
 * Cost: O(m) expected time and memory for m ≪ n, O(n) otherwise; m/2 Philox blocks.
 *
 * Reference: Durstenfeld (1964) / Knuth Algorithm 3.4.2P, stopped after m steps; compare
 * J. Bentley, R. Floyd, "Programming pearls: a sample of brilliance", CACM 30(9), 1987.
 *
 * @param s stream state (validated)
 * @param n population size, an integer in [0, 2³¹ − 1]
 * @param m sample size, an integer in [0, n]
 * @returns a new Int32Array of m distinct indices in [0, n)
 * @throws {InvalidArgumentError} for a malformed state, a bad `n`, or `m` outside [0, n].
 * @example
 * ```ts
 * const rows = sampleWithoutReplacement(substream(rngFromSeed(1), 0), 1_000_000, 500);
 * // 500 distinct row indices; sampleWithoutReplacement(…, 1_000_000, 100) is its first 100
 * ```
 */
export function sampleWithoutReplacement(s: RngState, n: number, m: number): Int32Array {
  const st = checkRngState(s, 'sampleWithoutReplacement', 's');
  assertInt('sampleWithoutReplacement', 'n', n, 0, MAX_N);
  assertInt('sampleWithoutReplacement', 'm', m, 0, n);
  return partialShuffle(st, n, m);
}

/**
 * Walker's alias table for sampling index i with probability `weights[i] / Σ weights`.
 * Plain data: `n` columns; column i keeps i with probability `prob[i]` and otherwise yields
 * `alias[i]`.
 */
export interface AliasTable {
  /** Number of outcomes. */
  readonly n: number;
  /** Probability, in [0, 1], that column i yields i itself. */
  readonly prob: Float64Array;
  /** The other outcome of column i. */
  readonly alias: Int32Array;
}

/**
 * Builds the alias table of a discrete distribution with Vose's O(n) method: weights are
 * scaled to mean 1; repeatedly a column below 1 (small) is topped up by a column at or above
 * 1 (large), which becomes its alias and loses the difference (`p_g ← (p_g + p_l) − 1`).
 * Columns left over by rounding get probability 1 (or, for a zero weight, 0 with a
 * positive-weight alias), so zero-weight indices are never sampled. Weights are divided by
 * their maximum first, so huge finite weights do not overflow.
 *
 * Cost: O(n) time, 2 Int32Arrays and 2 Float64Arrays of n. Deterministic: the same weights
 * always give the same table.
 *
 * Reference: A. J. Walker, "An efficient method for generating discrete random variables with
 * general distributions", ACM TOMS 3(3), 1977; M. D. Vose, "A linear algorithm for generating
 * random numbers with a given distribution", IEEE TSE 17(9), 1991.
 *
 * @param weights non-negative finite numbers with a positive sum (array or typed array),
 *   length in [1, 2³¹ − 1]
 * @returns a new plain-data {@link AliasTable}
 * @throws {InvalidArgumentError} when `weights` is not an array-like of numbers, is empty,
 *   has a negative entry, or sums to 0.
 * @throws {NonFiniteError} for a NaN or ±Infinity entry (the message gives its index).
 * @example
 * ```ts
 * const t = aliasTable([0.5, 0.25, 0.25]);
 * const draws = sampleAlias(t, rngFromSeed(3), 0, 1000); // ≈ 500 zeros, 250 ones, 250 twos
 * ```
 */
export function aliasTable(weights: ArrayLike<number>): AliasTable {
  return buildAliasTable(weights, 'aliasTable');
}

function buildAliasTable(weights: ArrayLike<number>, fn: string): AliasTable {
  const wv = weights as unknown;
  if (
    wv === null ||
    typeof wv !== 'object' ||
    typeof (wv as { length?: unknown }).length !== 'number' ||
    !(Array.isArray(wv) || ArrayBuffer.isView(wv))
  ) {
    throw new InvalidArgumentError(fn, `weights must be an array or typed array of numbers (got ${fmt(wv)})`);
  }
  const n = weights.length;
  if (n < 1 || n > MAX_N) {
    throw new InvalidArgumentError(fn, `weights must have between 1 and ${MAX_N} entries (got ${fmt(wv)})`);
  }
  let max = 0;
  let argmax = 0;
  for (let i = 0; i < n; i++) {
    const x = weights[i] as unknown;
    if (typeof x !== 'number') {
      throw new InvalidArgumentError(fn, `weights[${i}] must be a number (got ${fmt(x)})`);
    }
    if (x - x !== 0) throw new NonFiniteError(fn, `weights has a non-finite entry ${x} at index ${i}`);
    if (x < 0) throw new InvalidArgumentError(fn, `weights[${i}] must be ≥ 0 (got ${x})`);
    if (x > max) {
      max = x;
      argmax = i;
    }
  }
  if (max === 0) {
    throw new InvalidArgumentError(fn, `weights must have a positive sum (got all ${n} entries equal to 0)`);
  }
  const p = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    p[i] = weights[i] / max;
    sum += p[i];
  }
  const f = n / sum;
  for (let i = 0; i < n; i++) p[i] *= f;
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    if (p[i] < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const l = small[--ns];
    const g = large[--nl];
    prob[l] = p[l];
    alias[l] = g;
    p[g] = p[g] + p[l] - 1;
    if (p[g] < 1) small[ns++] = g;
    else large[nl++] = g;
  }
  while (nl > 0) {
    const g = large[--nl];
    prob[g] = 1;
    alias[g] = g;
  }
  while (ns > 0) {
    // Left over only through rounding: their p is 1 up to O(n·ε).
    const l = small[--ns];
    if (weights[l] > 0) {
      prob[l] = 1;
      alias[l] = l;
    } else {
      prob[l] = 0;
      alias[l] = argmax;
    }
  }
  return { n, prob, alias };
}

/**
 * `count` i.i.d. draws from an alias table. Draw k uses only the uniform `u` at position
 * `start + k` of `s`: with `x = u·n`, column `i = ⌊x⌋` and coin `x − i`, the draw is i when
 * the coin is below `prob[i]` and `alias[i]` otherwise. So any range of draws can be generated
 * on its own, and draws at disjoint positions are independent.
 *
 * Cost: O(count) time, count/2 Philox blocks; no validation (hot path; build the table with
 * {@link aliasTable}, which validates).
 *
 * Reference: Walker (1977); Vose (1991).
 *
 * @param t alias table
 * @param s stream state
 * @param start position of the first draw
 * @param count number of draws
 * @returns a new Int32Array of indices in [0, t.n)
 */
export function sampleAlias(t: AliasTable, s: RngState, start: number, count: number): Int32Array {
  const out = new Int32Array(count);
  const n = t.n;
  const prob = t.prob;
  const alias = t.alias;
  for (let base = 0; base < count; base += CHUNK) {
    const len = Math.min(CHUNK, count - base);
    fillUniform(s, start + base, ubuf, 0, len);
    for (let q = 0; q < len; q++) {
      const x = ubuf[q] * n;
      const i = Math.floor(x);
      out[base + q] = x - i < prob[i] ? i : alias[i];
    }
  }
  return out;
}

/**
 * `count` i.i.d. indices drawn with replacement with probabilities proportional to `weights`:
 * `sampleAlias(aliasTable(weights), s, 0, count)`, so draw k uses the uniform at position k.
 *
 * Cost: O(n + count).
 *
 * Reference: Walker (1977); Vose (1991).
 *
 * @param weights non-negative finite numbers with a positive sum
 * @param s stream state (validated)
 * @param count number of draws, a non-negative integer ≤ 2³¹ − 1
 * @returns a new Int32Array of indices in [0, weights.length)
 * @throws {InvalidArgumentError} for a malformed state, a bad `count` or bad weights.
 * @throws {NonFiniteError} for a NaN or ±Infinity weight.
 */
export function sampleWeighted(weights: ArrayLike<number>, s: RngState, count: number): Int32Array {
  const st = checkRngState(s, 'sampleWeighted', 's');
  assertInt('sampleWeighted', 'count', count, 0, MAX_N);
  return sampleAlias(buildAliasTable(weights, 'sampleWeighted'), st, 0, count);
}
