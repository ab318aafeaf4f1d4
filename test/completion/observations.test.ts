/**
 * Observations: construction (validation, canonical order, duplicate policies), the structural
 * assertion, NaN-masked dense input, and the seeded train/test split.
 */
import { describe, expect, it } from 'vitest';
import {
  assertObservations,
  observations,
  observationsFromDense,
  splitObservations,
  type Observations,
} from '../../src/completion/index.js';
import { DimensionError, InvalidArgumentError, NonFiniteError, RandNLAError } from '../../src/core/errors.js';
import { fromRowMajor } from '../../src/core/matrix.js';

const arr = (x: ArrayLike<number>) => Array.from(x);

describe('observations', () => {
  it('sorts by (row, column) and keeps the arrays typed', () => {
    const o = observations(3, 4, [2, 0, 1, 0], [1, 3, 0, 0], [5, 6, 7, 8]);
    expect(o.rows).toBe(3);
    expect(o.cols).toBe(4);
    expect(o.i).toBeInstanceOf(Int32Array);
    expect(o.j).toBeInstanceOf(Int32Array);
    expect(o.v).toBeInstanceOf(Float64Array);
    expect(arr(o.i)).toEqual([0, 0, 1, 2]);
    expect(arr(o.j)).toEqual([0, 3, 0, 1]);
    expect(arr(o.v)).toEqual([8, 6, 7, 5]);
  });

  it('gives the same arrays whatever the input order', () => {
    const a = observations(5, 5, [4, 1, 3, 1], [0, 2, 3, 1], [1, 2, 3, 4]);
    const b = observations(5, 5, [1, 1, 4, 3], [1, 2, 0, 3], [4, 2, 1, 3]);
    expect(arr(a.i)).toEqual(arr(b.i));
    expect(arr(a.j)).toEqual(arr(b.j));
    expect(arr(a.v)).toEqual(arr(b.v));
  });

  it('merges repeated positions by the chosen policy', () => {
    const i = [0, 1, 0, 0], j = [0, 1, 0, 0], v = [1, 9, 2, 6];
    expect(arr(observations(2, 2, i, j, v).v)).toEqual([3, 9]); // average (default)
    expect(arr(observations(2, 2, i, j, v, { duplicates: 'sum' }).v)).toEqual([9, 9]);
    expect(arr(observations(2, 2, i, j, v, { duplicates: 'first' }).v)).toEqual([1, 9]);
    expect(arr(observations(2, 2, i, j, v, { duplicates: 'last' }).v)).toEqual([6, 9]);
    expect(() => observations(2, 2, i, j, v, { duplicates: 'error' })).toThrow(InvalidArgumentError);
    expect(() => observations(2, 2, i, j, v, { duplicates: 'error' })).toThrow(/\(0, 0\) is observed more than once/);
    expect(arr(observations(2, 2, i, j, v).i)).toEqual([0, 1]);
  });

  it('copies its inputs and does not modify them', () => {
    const i = new Int32Array([1, 0]), j = new Int32Array([0, 0]), v = new Float64Array([2, 3]);
    const o = observations(2, 1, i, j, v);
    expect(arr(i)).toEqual([1, 0]);
    expect(o.i).not.toBe(i);
  });

  it('rejects bad shapes, indices and values with the right error class', () => {
    expect(() => observations(0, 3, [], [], [])).toThrow(InvalidArgumentError);
    expect(() => observations(2.5, 3, [], [], [])).toThrow(InvalidArgumentError);
    expect(() => observations(2, 2, [0, 2], [0, 0], [1, 1])).toThrow(InvalidArgumentError);
    expect(() => observations(2, 2, [0, 2], [0, 0], [1, 1])).toThrow(/i\[1\] must be an integer in \[0, 1\] \(got 2\)/);
    expect(() => observations(2, 2, [0, -1], [0, 0], [1, 1])).toThrow(InvalidArgumentError);
    expect(() => observations(2, 2, [0, 0.5], [0, 0], [1, 1])).toThrow(InvalidArgumentError);
    expect(() => observations(2, 2, [0, 1], [0, 5], [1, 1])).toThrow(InvalidArgumentError);
    expect(() => observations(2, 2, [0, 1], [0, 1], [1, NaN])).toThrow(NonFiniteError);
    expect(() => observations(2, 2, [0, 1], [0, 1], [Infinity, 1])).toThrow(NonFiniteError);
    expect(() => observations(2, 2, [0, 1], [0], [1, 1])).toThrow(DimensionError);
    expect(() => observations(2, 2, [0, 1], [0, 1], [1])).toThrow(DimensionError);
    expect(() => observations(2, 2, 'x' as unknown as number[], [0], [1])).toThrow(InvalidArgumentError);
    expect(() => observations(2, 2, [0], [0], [1], { duplicates: 'max' as 'sum' })).toThrow(InvalidArgumentError);
    try {
      observations(2, 2, [0], [0], [NaN]);
    } catch (e) {
      expect(e).toBeInstanceOf(RandNLAError);
      expect((e as RandNLAError).fn).toBe('observations');
    }
  });

  it('allows an empty set of observations', () => {
    const o = observations(3, 3, [], [], []);
    expect(o.v.length).toBe(0);
  });
});

describe('assertObservations', () => {
  const good: Observations = { rows: 3, cols: 2, i: Int32Array.of(2, 0, 2), j: Int32Array.of(1, 0, 1), v: Float64Array.of(1, 2, 3) };

  it('accepts hand-built data in any order, with repeats', () => {
    expect(() => assertObservations(good)).not.toThrow();
  });

  it('names the broken rule', () => {
    expect(() => assertObservations(null)).toThrow(InvalidArgumentError);
    expect(() => assertObservations({ ...good, rows: 0 })).toThrow(InvalidArgumentError);
    expect(() => assertObservations({ ...good, i: [2, 0, 2] })).toThrow(/obs\.i must be an Int32Array/);
    expect(() => assertObservations({ ...good, v: [1, 2, 3] })).toThrow(/obs\.v must be a Float64Array/);
    expect(() => assertObservations({ ...good, j: Int32Array.of(1, 0) })).toThrow(DimensionError);
    expect(() => assertObservations({ ...good, i: Int32Array.of(2, 3, 2) })).toThrow(/obs\.i\[1\] must be in \[0, 2\] \(got 3\)/);
    expect(() => assertObservations({ ...good, j: Int32Array.of(1, -1, 1) })).toThrow(InvalidArgumentError);
    expect(() => assertObservations({ ...good, v: Float64Array.of(1, NaN, 3) })).toThrow(NonFiniteError);
    expect(() => assertObservations({ ...good, v: Float64Array.of(1, NaN, 3) }, 'myFn', 'data')).toThrow(/^myFn: data\.v\[1\] is NaN/);
  });
});

describe('observationsFromDense', () => {
  it('takes the finite entries, NaN marking missing ones (any strides)', () => {
    const A = fromRowMajor(2, 3, Float64Array.of(1, NaN, 3, NaN, 5, NaN));
    const o = observationsFromDense(A);
    expect(arr(o.i)).toEqual([0, 0, 1]);
    expect(arr(o.j)).toEqual([0, 2, 1]);
    expect(arr(o.v)).toEqual([1, 3, 5]);
    expect(() => observationsFromDense(fromRowMajor(1, 2, Float64Array.of(1, Infinity)))).toThrow(NonFiniteError);
  });
});

describe('splitObservations', () => {
  const N = 1000;
  const i = Array.from({ length: N }, (_, t) => t % 40);
  const j = Array.from({ length: N }, (_, t) => Math.floor(t / 40));
  const base = observations(40, 25, i, j, new Float64Array(N));
  // value = position in the (canonical) input, so each part's values say where its entries came from
  const obs: Observations = { ...base, v: Float64Array.from({ length: N }, (_, t) => t) };

  it('holds out exactly round(f·|Ω|) entries, disjoint, covering Ω, in input order', () => {
    const { train, test } = splitObservations(obs, 0.2, { seed: 5 });
    expect(test.v.length).toBe(200);
    expect(train.v.length).toBe(800);
    const seen = new Set<number>();
    for (const part of [train, test]) {
      for (let t = 0; t < part.v.length; t++) {
        expect(seen.has(part.v[t])).toBe(false);
        seen.add(part.v[t]);
        if (t > 0) expect(part.v[t]).toBeGreaterThan(part.v[t - 1]);
        // the values are the canonical positions, so (i, j) travelled with v
        const k = part.v[t];
        expect(part.i[t]).toBe(obs.i[k]);
        expect(part.j[t]).toBe(obs.j[k]);
      }
    }
    expect(seen.size).toBe(N);
    expect(train.rows).toBe(40);
    expect(test.cols).toBe(25);
  });

  it('is a pure function of the seed', () => {
    const a = splitObservations(obs, 0.3, { seed: 'split' });
    const b = splitObservations(obs, 0.3, { seed: 'split' });
    const c = splitObservations(obs, 0.3, { seed: 'other' });
    expect(arr(a.test.v)).toEqual(arr(b.test.v));
    expect(arr(a.test.v)).not.toEqual(arr(c.test.v));
  });

  it('handles the fractions 0 and 1, and rejects bad arguments', () => {
    expect(splitObservations(obs, 0, { seed: 1 }).test.v.length).toBe(0);
    expect(splitObservations(obs, 1, { seed: 1 }).train.v.length).toBe(0);
    expect(() => splitObservations(obs, 1.5, { seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => splitObservations(obs, NaN, { seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => splitObservations(obs, 0.5, {} as { seed: number })).toThrow(/seed is required/);
    expect(() => splitObservations({ ...obs, v: Float64Array.of(1) }, 0.5, { seed: 1 })).toThrow(DimensionError);
  });
});
