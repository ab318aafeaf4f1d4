/**
 * Independent reference computations for tests. Deliberately naive (triple loops, Gauss–Jordan,
 * a test-only PRNG), written without any randnla code, so that they can serve as oracles.
 */
import type { DenseMatrix } from '../../src/core/matrix.js';

/** mulberry32: a tiny test-only uniform generator in [0, 1). Independent of src/rng. */
export function testRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normals from the test-only generator (Box–Muller). */
export function testNormals(seed: number): () => number {
  const u = testRandom(seed);
  return () => {
    const u1 = 1 - u();
    const u2 = u();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
}

/** m×n array of i.i.d. N(0,1) entries from the test-only generator. */
export function randnArray(m: number, n: number, seed: number): number[][] {
  const g = testNormals(seed);
  return Array.from({ length: m }, () => Array.from({ length: n }, () => g()));
}

/**
 * ALGORITHMS.md §0.3 `coherent(n, d)` on the test-only generator: Gaussian rows, the first d
 * scaled by 50 (they hold most of the leverage).
 */
export function coherent(n: number, d: number, seed: number): number[][] {
  const A = randnArray(n, d, seed);
  for (let i = 0; i < d; i++) A[i] = A[i].map((v) => 50 * v);
  return A;
}

/**
 * ALGORITHMS.md §0.3 `heavyRows(n, d, s)` on the test-only generator: Gaussian rows, row i
 * scaled by exp(s·z_i) with z_i ~ N(0, 1) from the stream of `seed + 7919`.
 */
export function heavyRows(n: number, d: number, s: number, seed: number): number[][] {
  const g = testNormals(seed + 7919);
  return randnArray(n, d, seed).map((r) => {
    const f = Math.exp(s * g());
    return r.map((v) => f * v);
  });
}

/** ALGORITHMS.md §0.3 `circle(n)`: rows (cos 2πj/n, sin 2πj/n), j = 0 … n−1. */
export function circle(n: number): number[][] {
  return Array.from({ length: n }, (_, j) => [Math.cos((2 * Math.PI * j) / n), Math.sin((2 * Math.PI * j) / n)]);
}

/** A column-major DenseMatrix built from rows (independent of src/core converters). */
export function denseFromRows(rows: number[][]): DenseMatrix {
  const m = rows.length;
  const n = m === 0 ? 0 : rows[0].length;
  const data = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[j * m + i] = rows[i][j];
  return { kind: 'dense', rows: m, cols: n, data, offset: 0, rowStride: 1, colStride: m };
}

/** Rows of a DenseMatrix of any strides (independent of src/core converters). */
export function rowsOf(A: DenseMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < A.rows; i++) {
    const r: number[] = [];
    for (let j = 0; j < A.cols; j++) r.push(A.data[A.offset + i * A.rowStride + j * A.colStride]);
    out.push(r);
  }
  return out;
}

/** Naive triple-loop product. */
export function naiveMatmul(A: number[][], B: number[][]): number[][] {
  const m = A.length, k = B.length, n = k === 0 ? 0 : B[0].length;
  const C = Array.from({ length: m }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) {
    const a = A[i][p];
    for (let j = 0; j < n; j++) C[i][j] += a * B[p][j];
  }
  return C;
}

export function naiveTranspose(A: number[][]): number[][] {
  const m = A.length, n = m === 0 ? 0 : A[0].length;
  return Array.from({ length: n }, (_, j) => Array.from({ length: m }, (_, i) => A[i][j]));
}

/** Solves the square system M·X = B by Gauss–Jordan elimination with partial pivoting. */
export function gaussSolve(M: number[][], B: number[][]): number[][] {
  const n = M.length, r = B[0].length;
  const a = M.map((row, i) => [...row, ...B[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(a[i][c]) > Math.abs(a[p][c])) p = i;
    [a[c], a[p]] = [a[p], a[c]];
    const piv = a[c][c];
    if (piv === 0) throw new Error('gaussSolve: singular');
    for (let j = c; j < n + r; j++) a[c][j] /= piv;
    for (let i = 0; i < n; i++) {
      if (i === c) continue;
      const f = a[i][c];
      if (f !== 0) for (let j = c; j < n + r; j++) a[i][j] -= f * a[c][j];
    }
  }
  return a.map((row) => row.slice(n));
}

/** Least squares by the normal equations AᵀA x = Aᵀb (fine as an oracle on well-conditioned A). */
export function normalEquationsSolve(A: number[][], b: number[]): number[] {
  const At = naiveTranspose(A);
  const x = gaussSolve(naiveMatmul(At, A), naiveMatmul(At, b.map((v) => [v])));
  return x.map((r) => r[0]);
}

export function maxAbsDiff(A: ArrayLike<number> | number[][], B: ArrayLike<number> | number[][]): number {
  const a = (Array.isArray(A) && Array.isArray(A[0]) ? (A as number[][]).flat() : Array.from(A as ArrayLike<number>));
  const b = (Array.isArray(B) && Array.isArray(B[0]) ? (B as number[][]).flat() : Array.from(B as ArrayLike<number>));
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} vs ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

export function frobenius(A: number[][]): number {
  let s = 0;
  for (const r of A) for (const v of r) s += v * v;
  return Math.sqrt(s);
}

export function norm2(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/**
 * Singular values by the one-sided Jacobi method on a copy of A (m ≥ n), in plain arrays:
 * an oracle for σmin/σmax in bound tests (RandBLAS keeps a hand-rolled one for the same reason).
 */
export function jacobiSingularValues(Ain: number[][]): number[] {
  let A = Ain.map((r) => r.slice());
  if (A.length < (A[0]?.length ?? 0)) A = naiveTranspose(A);
  const m = A.length, n = A[0].length;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) {
      let alpha = 0, beta = 0, gamma = 0;
      for (let i = 0; i < m; i++) { alpha += A[i][p] ** 2; beta += A[i][q] ** 2; gamma += A[i][p] * A[i][q]; }
      if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
      off = Math.max(off, Math.abs(gamma) / Math.sqrt(alpha * beta));
      const zeta = (beta - alpha) / (2 * gamma);
      const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
      const c = 1 / Math.sqrt(1 + t * t), s = c * t;
      for (let i = 0; i < m; i++) { const x = A[i][p], y = A[i][q]; A[i][p] = c * x - s * y; A[i][q] = s * x + c * y; }
    }
    if (off < 1e-15) break;
  }
  const sv: number[] = [];
  for (let j = 0; j < n; j++) { let s = 0; for (let i = 0; i < m; i++) s += A[i][j] ** 2; sv.push(Math.sqrt(s)); }
  return sv.sort((a, b) => b - a);
}

/** Distance in units in the last place between two doubles of the same sign (0 when equal). */
export function ulps(a: number, b: number): number {
  const f = new Float64Array([a, b]);
  const i = new BigInt64Array(f.buffer);
  const d = i[0] - i[1];
  return Number(d < 0n ? -d : d);
}
