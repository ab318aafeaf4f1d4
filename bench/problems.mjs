// Test problems shared by the benchmark files, generated with a small mulberry32 generator (not
// randnla's), so inputs do not depend on the code under test.
import { Matrix } from 'ml-matrix';
import { qr, qrQ } from '../dist/core/qr.js';

/** mulberry32: a deterministic stream of uniforms in [0, 1). */
export function uniform(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** mulberry32 + Box–Muller: a deterministic stream of standard normals. */
export function gaussian(seed) {
  const u = uniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** A column-major DenseMatrix record over `data`. */
export function dense(m, n, data) {
  return { kind: 'dense', rows: m, cols: n, data, offset: 0, rowStride: 1, colStride: m };
}

/**
 * The κ ≈ 1e6 least-squares problem of the regression benchmarks: A = G·diag(logspace(0, −6, d))·Vᵀ
 * with G n×d Gaussian (κ(G) ≈ 1.1 for n ≫ d) and V a random orthogonal d×d matrix;
 * b = A·x + 1e-6·noise. Returns column-major A and b.
 */
export function illConditioned(n, d, seed) {
  const g = gaussian(seed);
  const G = new Float64Array(n * d);
  for (let k = 0; k < G.length; k++) G[k] = g();
  const W = new Float64Array(d * d);
  for (let k = 0; k < W.length; k++) W[k] = g();
  const V = qrQ(qr(dense(d, d, W))).data;
  const s = Array.from({ length: d }, (_, i) => 10 ** ((-6 * i) / (d - 1)));
  const a = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < d; k++) {
      const c = s[k] * V[k * d + j];
      const o = k * n, p = j * n;
      for (let i = 0; i < n; i++) a[p + i] += G[o + i] * c;
    }
  }
  const x = Array.from({ length: d }, () => g());
  const b = new Float64Array(n);
  for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) b[i] += a[j * n + i] * x[j];
  for (let i = 0; i < n; i++) b[i] += 1e-6 * g();
  return { A: dense(n, d, a), b };
}

/** ‖x − y‖/‖y‖. */
export function relDiff(x, y) {
  let s = 0, t = 0;
  for (let i = 0; i < x.length; i++) {
    s += (x[i] - y[i]) ** 2;
    t += y[i] ** 2;
  }
  return Math.sqrt(s / t);
}

/** Deterministic uniform(−½, ½) fill of `out` (xorshift32): inputs are fixed, never Math.random. */
export function fill(out, seed) {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s / 4294967296 - 0.5;
  }
  return out;
}

/** A column-major DenseMatrix record over `data` (same as {@link dense}, argument names of the callers). */
export const colMajor = dense;

/** An ml-matrix copy of a column-major DenseMatrix record. */
export function mlFromColMajor(A) {
  const M = new Matrix(A.rows, A.cols);
  for (let i = 0; i < A.rows; i++) {
    const row = M.data[i];
    for (let j = 0; j < A.cols; j++) row[j] = A.data[j * A.rows + i];
  }
  return M;
}
