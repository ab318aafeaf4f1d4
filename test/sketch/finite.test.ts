import { describe, expect, it } from 'vitest';
import { NonFiniteError } from '../../src/core/errors.js';
import type { DenseMatrix } from '../../src/core/matrix.js';
import { applySketch } from '../../src/sketch/index.js';

// The finiteness check runs before any work, as one branch-free pass in memory order, and
// only on failure a second, column-major pass that names the first bad entry. These checks pin
// the contract: the error class, and the position (i, j) of the first non-finite entry in
// column-major order, whatever the strides of the view.

function view(rows: number, cols: number, layout: 'col' | 'row' | 'offset'): { A: DenseMatrix; set: (i: number, j: number, v: number) => void } {
  if (layout === 'col') {
    const data = Float64Array.from({ length: rows * cols }, (_, t) => Math.sin(t + 1));
    return { A: { kind: 'dense', rows, cols, data, offset: 0, rowStride: 1, colStride: rows }, set: (i, j, v) => { data[j * rows + i] = v; } };
  }
  if (layout === 'row') {
    const data = Float64Array.from({ length: rows * cols }, (_, t) => Math.cos(t + 1));
    return { A: { kind: 'dense', rows, cols, data, offset: 0, rowStride: cols, colStride: 1 }, set: (i, j, v) => { data[i * cols + j] = v; } };
  }
  // A view inside a larger column-major buffer (leading dimension rows + 3, offset 5): entries
  // outside the view are NaN and must be ignored.
  const ld = rows + 3;
  const data = new Float64Array(5 + ld * cols + 3).fill(NaN);
  for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) data[5 + j * ld + i] = i - j;
  return { A: { kind: 'dense', rows, cols, data, offset: 5, rowStride: 1, colStride: ld }, set: (i, j, v) => { data[5 + j * ld + i] = v; } };
}

describe('applySketch rejects non-finite input before returning, naming the first entry', () => {
  const spec = { kind: 'countsketch' as const, rows: 8, cols: 37, seed: 1 };

  it.each(['col', 'row', 'offset'] as const)('%s-major view: clean input passes, every bad position is named', (layout) => {
    const { A, set } = view(37, 5, layout);
    expect(() => applySketch(spec, A)).not.toThrow();
    for (const [i, j, v] of [[0, 0, NaN], [36, 4, Infinity], [17, 2, -Infinity], [3, 1, NaN]] as const) {
      const w = view(37, 5, layout);
      w.set(i, j, v);
      expect(() => applySketch(spec, w.A)).toThrow(NonFiniteError);
      expect(() => applySketch(spec, w.A)).toThrow(`A has a non-finite entry ${v} at (${i}, ${j})`);
    }
    void set;
  });

  it('two bad entries: the one first in column-major order is named, whatever the memory order', () => {
    for (const layout of ['col', 'row', 'offset'] as const) {
      const w = view(37, 5, layout);
      w.set(30, 1, Infinity); // column-major first
      w.set(2, 3, NaN); // memory-order first for the row-major view
      expect(() => applySketch(spec, w.A)).toThrow('A has a non-finite entry Infinity at (30, 1)');
    }
  });

  it('huge finite values are not mistaken for non-finite ones (no overflow in the check)', () => {
    const { A, set } = view(37, 5, 'col');
    for (let i = 0; i < 37; i++) set(i, 2, 1.7e308);
    expect(() => applySketch({ ...spec, kind: 'sparse-sign', zeta: 2 }, A)).not.toThrow();
  });

  it('vectors: Float64Array and number[] name the index', () => {
    for (const k of [0, 13, 36]) {
      const x = Float64Array.from({ length: 37 }, (_, t) => t);
      x[k] = k % 2 ? -Infinity : NaN;
      expect(() => applySketch(spec, x)).toThrow(`x has a non-finite entry ${x[k]} at index ${k}`);
      expect(() => applySketch(spec, Array.from(x))).toThrow(NonFiniteError);
    }
  });
});
