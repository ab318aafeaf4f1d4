/**
 * Level-1 kernels on strided `Float64Array` vectors. Internal: no validation, no allocation.
 * Every function takes (n, x, xOff, incx, …); contiguous callers pass inc = 1.
 *
 * @internal
 * @module
 */

/** Σ x[i]·y[i] over n strided entries. Four accumulators (fixed order, so results are reproducible). */
export function dot(n: number, x: Float64Array, xOff: number, incx: number, y: Float64Array, yOff: number, incy: number): number {
  if (incx === 1 && incy === 1) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += x[xOff + i] * y[yOff + i];
      s1 += x[xOff + i + 1] * y[yOff + i + 1];
      s2 += x[xOff + i + 2] * y[yOff + i + 2];
      s3 += x[xOff + i + 3] * y[yOff + i + 3];
    }
    for (; i < n; i++) s0 += x[xOff + i] * y[yOff + i];
    return (s0 + s1) + (s2 + s3);
  }
  let s = 0;
  for (let i = 0, ix = xOff, iy = yOff; i < n; i++, ix += incx, iy += incy) s += x[ix] * y[iy];
  return s;
}

/** y ← α·x + y over n strided entries. */
export function axpy(n: number, alpha: number, x: Float64Array, xOff: number, incx: number, y: Float64Array, yOff: number, incy: number): void {
  if (alpha === 0) return;
  if (incx === 1 && incy === 1) {
    for (let i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    return;
  }
  for (let i = 0, ix = xOff, iy = yOff; i < n; i++, ix += incx, iy += incy) y[iy] += alpha * x[ix];
}

/** x ← α·x over n strided entries. */
export function scal(n: number, alpha: number, x: Float64Array, xOff: number, incx: number): void {
  for (let i = 0, ix = xOff; i < n; i++, ix += incx) x[ix] *= alpha;
}

/**
 * Euclidean norm ‖x‖₂ without overflow or harmful underflow.
 *
 * One plain pass computes Σx²; only when that sum overflows or underflows (entries beyond
 * about 1e±150) does a second, scaled pass run (the LAPACK `dnrm2` idea: keep a running scale
 * and a sum of squares of x/scale). Cost: n multiply-adds, 2n in the rare scaled case.
 */
export function nrm2(n: number, x: Float64Array, xOff: number, incx: number): number {
  let s = 0;
  for (let i = 0, ix = xOff; i < n; i++, ix += incx) s += x[ix] * x[ix];
  if (s < 1e300 && s > 1e-290) return Math.sqrt(s);
  if (s === 0) {
    // All zero, or every square underflowed: fall through to the scaled pass to tell which.
  } else if (!Number.isFinite(s) && s !== Infinity) {
    return NaN;
  }
  let scale = 0;
  let ssq = 1;
  for (let i = 0, ix = xOff; i < n; i++, ix += incx) {
    const v = x[ix];
    if (v !== 0) {
      const a = Math.abs(v);
      if (a === Infinity) return Infinity;
      if (a !== a) return NaN;
      if (scale < a) {
        const r = scale / a;
        ssq = 1 + ssq * r * r;
        scale = a;
      } else {
        const r = a / scale;
        ssq += r * r;
      }
    }
  }
  return scale * Math.sqrt(ssq);
}

/**
 * √(a² + b² + c² + d²) (c and d optional) without needless overflow or underflow, from IEEE
 * basic operations and the correctly rounded square root only, in a fixed order, so that every
 * JavaScript engine gives the same bits. `Math.hypot` is implementation-approximated: V8 and
 * SpiderMonkey round it differently, which made QR-based results (the orthogonal sketch) differ
 * between Chromium and Firefox. Within about 1.5 ulp: the squares are summed unscaled when the
 * largest magnitude lies in [2⁻⁵⁰⁰, 2⁵⁰⁰], else after an exact scaling by 2^∓600. Infinity if
 * any argument is ±Infinity (even with a NaN), else NaN if any is NaN, as `Math.hypot`.
 * Cost: O(1).
 */
export function hypot(a: number, b: number, c = 0, d = 0): number {
  a = Math.abs(a);
  b = Math.abs(b);
  c = Math.abs(c);
  d = Math.abs(d);
  if (a === Infinity || b === Infinity || c === Infinity || d === Infinity) return Infinity;
  const mx = Math.max(a, b, c, d);
  if (mx !== mx) return NaN;
  if (mx > 2 ** 500) return Math.sqrt(sumSquares(a * 2 ** -600, b * 2 ** -600, c * 2 ** -600, d * 2 ** -600)) * 2 ** 600;
  if (mx < 2 ** -500) {
    if (mx === 0) return 0;
    return Math.sqrt(sumSquares(a * 2 ** 600, b * 2 ** 600, c * 2 ** 600, d * 2 ** 600)) * 2 ** -600;
  }
  return Math.sqrt(sumSquares(a, b, c, d));
}

function sumSquares(a: number, b: number, c: number, d: number): number {
  return a * a + b * b + (c * c + d * d);
}

/** Copies n strided entries of x into y. */
export function copy(n: number, x: Float64Array, xOff: number, incx: number, y: Float64Array, yOff: number, incy: number): void {
  for (let i = 0, ix = xOff, iy = yOff; i < n; i++, ix += incx, iy += incy) y[iy] = x[ix];
}
