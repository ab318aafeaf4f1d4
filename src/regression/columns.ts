/**
 * Small dense helpers shared by the ℓp solvers (lp.ts, lad.ts) on column-major n×d arrays.
 *
 * @internal
 * @module
 */

/**
 * y ← A·x for a column-major n×d array a (y cleared first, a fresh array by default): the
 * columns added in order, each scaled by x_j, skipping x_j = 0 (the order the Newton steps have
 * always used). O(n·d).
 */
export function columnCombination(n: number, d: number, a: Float64Array, x: Float64Array, y: Float64Array = new Float64Array(n)): Float64Array {
  y.fill(0);
  for (let j = 0; j < d; j++) {
    const xj = x[j];
    if (xj === 0) continue;
    const o = j * n;
    for (let i = 0; i < n; i++) y[i] += xj * a[o + i];
  }
  return y;
}
