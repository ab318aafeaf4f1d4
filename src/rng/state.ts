/**
 * Seeds and generator states (`docs/design.md` §3.1).
 *
 * A {@link Seed} is a non-negative safe integer, a non-negative bigint below 2⁶⁴, or a string.
 * It is turned into a 64-bit Philox key once, by seedrandom's ARC4 generator. An
 * {@link RngState} is plain data (a key and a stream, four uint32 words), is never mutated and
 * serialises to JSON as it is. Independent streams for the consumers inside an algorithm come
 * from {@link substream}.
 *
 * @module
 */
import seedrandom from 'seedrandom';
import { InvalidArgumentError } from '../core/errors.js';
import { assertInt, fmt } from '../core/validate.js';
import { philox4x32_10 } from './philox.js';

/**
 * What a randomized function accepts as its seed: a non-negative safe integer, a non-negative
 * bigint below 2⁶⁴, or any string. `0` is a valid seed; `5` and `5n` give the same stream, and
 * the string `'5'` a different one.
 */
export type Seed = number | bigint | string;

/**
 * The complete state of a randnla random stream: a 64-bit Philox key and a 64-bit stream id,
 * as uint32 words. Plain data: never mutated, safe to serialise with `JSON.stringify`, and the
 * same state gives bit-identical values on every run.
 *
 * Block `c` of the stream is `philox4x32_10(key, [c_lo, c_hi, stream[0], stream[1]])`.
 */
export interface RngState {
  /** Philox key words `[k0, k1]` (uint32). */
  readonly key: readonly [number, number];
  /** Stream words `[s0, s1]` (uint32): the upper half of every Philox counter of this stream. */
  readonly stream: readonly [number, number];
}

/**
 * Constant XORed into the key when deriving substream ids, so that derivation blocks never
 * coincide with value blocks: the first 64 fractional bits of e in hex (`b7e15162 8aed2a6a`,
 * the RC5 "P" constant), a nothing-up-my-sleeve number.
 */
export const SUBSTREAM_KEY_XOR: readonly [number, number] = [0xb7e15162, 0x8aed2a6a];

const TWO_64 = 1n << 64n;
const TWO_32 = 4294967296;
const SEED_RULE = 'a non-negative safe integer, a non-negative bigint below 2^64, or a string';

/** Scratch for substream derivation (one Philox block). */
const scratch = new Uint32Array(4);

/**
 * The canonical text that seedrandom hashes: `'u64:<decimal>'` for integer seeds (number or
 * bigint alike) and `'str:<text>'` for strings, so `5` and `5n` agree and `'5'` differs.
 * Throws for anything that is not a valid {@link Seed}.
 */
function canonicalSeed(seed: unknown, fn: string): string {
  if (typeof seed === 'number') {
    if (Number.isSafeInteger(seed) && seed >= 0) return `u64:${seed === 0 ? 0 : seed}`;
  } else if (typeof seed === 'bigint') {
    if (seed >= 0n && seed < TWO_64) return `u64:${seed.toString(10)}`;
  } else if (typeof seed === 'string') {
    return `str:${seed}`;
  }
  throw new InvalidArgumentError(fn, `seed must be ${SEED_RULE} (got ${fmt(seed)})`);
}

function fromCanonical(text: string): RngState {
  const prng = seedrandom(text);
  const k0 = prng.int32() >>> 0;
  const k1 = prng.int32() >>> 0;
  return { key: [k0, k1], stream: [0, 0] };
}

/**
 * The generator state for a seed: key from seedrandom's ARC4 generator run on the canonical
 * text of the seed (`'u64:<decimal>'` for integers, `'str:<text>'` for strings; the first two
 * `int32()` outputs, as uint32, are `key[0]` and `key[1]`), and stream `[0, 0]`.
 *
 * Cost: one ARC4 key schedule (a few microseconds); call it once per public call, not per value.
 *
 * Reference: D. Bau, seedrandom 3 (ARC4, RC4-drop[256]); the stream itself is Philox4x32-10
 * (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11).
 *
 * @param seed a non-negative safe integer, a non-negative bigint below 2⁶⁴, or a string.
 *   `0` is valid; `5` and `5n` give the same state.
 * @returns a fresh plain-data {@link RngState}
 * @throws {InvalidArgumentError} when `seed` is negative, not an integer, NaN, ±Infinity, a
 *   number above `Number.MAX_SAFE_INTEGER`, a bigint ≥ 2⁶⁴, or of any other type
 *   (`undefined`, objects, …). The message quotes the value.
 * @example
 * ```ts
 * const s = rngFromSeed(42);
 * const x = uniformAt(s, 0); // the same number on every machine
 * ```
 */
export function rngFromSeed(seed: Seed): RngState {
  return fromCanonical(canonicalSeed(seed, 'rngFromSeed'));
}

function isUint32(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < TWO_32;
}

function checkWords(fn: string, name: string, w: unknown): [number, number] {
  const arr = w as ArrayLike<unknown> | null | undefined;
  if (
    arr === null ||
    typeof arr !== 'object' ||
    arr.length !== 2 ||
    !isUint32(arr[0]) ||
    !isUint32(arr[1])
  ) {
    const got = arr !== null && typeof arr === 'object' && arr.length === 2 ? `[${fmt(arr[0])}, ${fmt(arr[1])}]` : fmt(w);
    throw new InvalidArgumentError(fn, `${name} must be two uint32 integer words (got ${got})`);
  }
  return [arr[0] as number, arr[1] as number];
}

/**
 * Normalises what a randomized public function receives as its randomness: a {@link Seed} is
 * turned into its state with {@link rngFromSeed}; an {@link RngState} is validated (key and
 * stream are each two integers in [0, 2³²)) and copied. Every public randomized function calls
 * this once, at its edge, with its own name as `fn`.
 *
 * Cost: O(1) for a state; one seedrandom key schedule for a seed.
 *
 * @param seedOrState a seed or a state
 * @param fn name of the calling public function, used in error messages
 * @returns a fresh plain-data state
 * @throws {InvalidArgumentError} for an invalid seed (see {@link rngFromSeed}) or a malformed
 *   state (missing key/stream, wrong length, words that are not uint32 integers).
 */
export function toRngState(seedOrState: Seed | RngState, fn: string): RngState {
  const v: unknown = seedOrState;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') {
    return fromCanonical(canonicalSeed(v, fn));
  }
  if (isStateLike(v)) return checkRngState(v, fn);
  throw new InvalidArgumentError(fn, `seed must be ${SEED_RULE}, or an RngState { key, stream } (got ${fmt(v)})`);
}

function isStateLike(v: unknown): v is object {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && ('key' in v || 'stream' in v);
}

/**
 * Validates an {@link RngState} (not a seed) and returns a fresh copy. Internal helper for the
 * public edge of functions that take a state; not re-exported from the package.
 *
 * @throws {InvalidArgumentError} unless `s` has `key` and `stream`, each two uint32 integers.
 */
export function checkRngState(s: unknown, fn: string, name = 'state'): RngState {
  if (!isStateLike(s)) {
    throw new InvalidArgumentError(fn, `${name} must be an RngState { key, stream } (got ${fmt(s)})`);
  }
  const o = s as { key?: unknown; stream?: unknown };
  const key = checkWords(fn, `${name}.key`, o.key);
  const stream = checkWords(fn, `${name}.stream`, o.stream);
  return { key, stream };
}

/**
 * An independent stream derived from `state`, numbered `id`: same key, new stream words
 * `[w0, w1]` = the first two words of
 * `philox4x32_10(key XOR SUBSTREAM_KEY_XOR, [id_lo, id_hi, s0, s1])`,
 * where `id_lo`, `id_hi` are the low and high 32 bits of `id` and `[s0, s1]` the parent stream.
 * Different ids (and the parent) give unrelated streams: two of them share stream words with
 * probability about 2⁻⁶⁴. Each consumer of randomness inside an algorithm takes its own
 * numbered substream, so adding a consumer never shifts another's values. Substreams nest.
 *
 * Cost: one Philox block.
 *
 * Reference: Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11
 * (keyed counter-based streams); `docs/design.md` §3.1.
 *
 * @param state the parent state (validated)
 * @param id a non-negative safe integer
 * @returns a fresh state; `state` is not modified
 * @throws {InvalidArgumentError} for a malformed state or an `id` that is not a non-negative
 *   safe integer.
 * @example
 * ```ts
 * const s = rngFromSeed(7);
 * const signs = substream(s, 0);  // e.g. the signs of an SRHT
 * const rows = substream(s, 1);   // and its row sample, independent of the signs
 * ```
 */
export function substream(state: RngState, id: number): RngState {
  const s = checkRngState(state, 'substream');
  assertInt('substream', 'id', id, 0);
  const lo = id >>> 0;
  const hi = Math.floor(id / TWO_32);
  philox4x32_10(
    (s.key[0] ^ SUBSTREAM_KEY_XOR[0]) >>> 0,
    (s.key[1] ^ SUBSTREAM_KEY_XOR[1]) >>> 0,
    lo,
    hi,
    s.stream[0],
    s.stream[1],
    scratch,
    0,
  );
  return { key: s.key, stream: [scratch[0], scratch[1]] };
}
