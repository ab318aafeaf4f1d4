// Test problems shared by the benchmark files, generated with a small mulberry32 generator (not
// randnla's), so inputs do not depend on the code under test.
import { qr, qrQ } from '../dist/core/qr.js';

/** mulberry32 + Box–Muller: a deterministic stream of standard normals. */
export function gaussian(seed) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
