/**
 * Preconditioned LSQR for a dense column-major A with one pass over A per iteration.
 *
 * LSQR's bidiagonalization needs A·v and then Aᵀ·u with u = (A·v − α·u)/β; since Aᵀ is linear,
 * Aᵀ·u = Aᵀ·ũ/β for ũ = A·v − α·u, so both products (and ‖ũ‖) can be accumulated in the same
 * sweep over a row block of A while it is in cache. For tall A this halves the memory traffic,
 * which is what bounds the speed of a matrix–vector product. The iteration is otherwise the
 * algorithm of Paige & Saunders (ACM TOMS 8(1), 1982) exactly as `core/lsqr.ts` runs it, with the
 * same stopping rules S1/S2 and estimates, on the (optionally ridge-stacked) preconditioned
 * operator [A; δI]·N.
 *
 * @internal
 * @module
 */
import type { DenseMatrix } from '../core/matrix.js';
import type { LinearOperator } from '../core/operator.js';
import { addTransposeRowBlock } from './internal.js';
import { hypot } from '../core/kernels/blas1.js';

/** A dense column-major contiguous A with the fused kernel. */
export interface FusedDense {
  readonly m: number;
  readonly n: number;
  /**
   * One sweep: u ← A·w − α·u (in place), t ← Aᵀ·u (the new u), returns ‖u‖². Cost 4mn flops,
   * one read of A.
   */
  step(w: Float64Array, u: Float64Array, alpha: number, t: Float64Array): number;
}

/** The fused kernel for a column-major contiguous matrix, or null for other layouts. */
export function fusedDense(A: DenseMatrix): FusedDense | null {
  const m = A.rows, n = A.cols;
  if (!(A.rowStride === 1 && (A.colStride === m || n <= 1))) return null;
  const a = A.data, off = A.offset, ld = A.colStride;
  // Row blocks of about 512 KiB of A (measured best on the development machine), so that the
  // second sweep of a block reads it from cache.
  const B = Math.max(256, Math.min(4096, Math.floor(65536 / Math.max(n, 1))));
  return {
    m,
    n,
    step(w: Float64Array, u: Float64Array, alpha: number, t: Float64Array): number {
      t.fill(0);
      let ss = 0;
      for (let i0 = 0; i0 < m; i0 += B) {
        const i1 = Math.min(m, i0 + B);
        if (alpha !== 0) for (let i = i0; i < i1; i++) u[i] = -alpha * u[i];
        else u.fill(0, i0, i1);
        let j = 0;
        for (; j + 7 < n; j += 8) {
          const w0 = w[j], w1 = w[j + 1], w2 = w[j + 2], w3 = w[j + 3], w4 = w[j + 4], w5 = w[j + 5], w6 = w[j + 6], w7 = w[j + 7];
          const b0 = off + j * ld, b1 = b0 + ld, b2 = b1 + ld, b3 = b2 + ld, b4 = b3 + ld, b5 = b4 + ld, b6 = b5 + ld, b7 = b6 + ld;
          for (let i = i0; i < i1; i++) {
            u[i] += w0 * a[b0 + i] + w1 * a[b1 + i] + (w2 * a[b2 + i] + w3 * a[b3 + i]) + (w4 * a[b4 + i] + w5 * a[b5 + i] + (w6 * a[b6 + i] + w7 * a[b7 + i]));
          }
        }
        for (; j + 3 < n; j += 4) {
          const w0 = w[j], w1 = w[j + 1], w2 = w[j + 2], w3 = w[j + 3];
          const b0 = off + j * ld, b1 = b0 + ld, b2 = b1 + ld, b3 = b2 + ld;
          for (let i = i0; i < i1; i++) u[i] += w0 * a[b0 + i] + w1 * a[b1 + i] + w2 * a[b2 + i] + w3 * a[b3 + i];
        }
        for (; j < n; j++) {
          const wj = w[j], b0 = off + j * ld;
          for (let i = i0; i < i1; i++) u[i] += wj * a[b0 + i];
        }
        for (let i = i0; i < i1; i++) ss += u[i] * u[i];
        addTransposeRowBlock(a, off, ld, n, i0, i1, u, t);
      }
      return ss;
    },
  };
}

/** Result of one fused LSQR solve. */
export interface FusedSolve {
  readonly x: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  readonly history: Float64Array;
  /** r = b − A·x for the returned x and g = Aᵀr − δ²x (computed in the final sweep). */
  readonly r: Float64Array;
  readonly g: Float64Array;
  readonly residualNorm: number;
  readonly normalResidualNorm: number;
}

function nrm(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/**
 * r = b − A·x and g = Aᵀ·r − δ²·x in one sweep (r is returned in a fresh array). @internal
 */
export function residualAndGradient(F: FusedDense, b: Float64Array, x: Float64Array, damp: number): { r: Float64Array; g: Float64Array; rn: number } {
  const r = Float64Array.from(b);
  const t = new Float64Array(F.n);
  // ũ = A·x − 1·b = −r.
  const ss = F.step(x, r, 1, t);
  for (let i = 0; i < r.length; i++) r[i] = -r[i];
  const g = new Float64Array(F.n);
  for (let j = 0; j < F.n; j++) g[j] = -t[j] - damp * damp * x[j];
  return { r, g, rn: Math.sqrt(ss) };
}

/**
 * LSQR on [A; δI]·N for the correction from x0: minimises ‖[A; δI]·N·y − [r0; −δ·x0]‖ with
 * r0 = b − A·x0 (given with g0 = Aᵀr0 − δ²x0 from the previous sweep), returns x = x0 + N·y and the
 * final residual and gradient. Stopping rules as `core/lsqr.ts` (S1, S2 on the iterated operator;
 * ‖b‖ is the norm of the original right-hand side). @internal
 */
export function fusedLsqr(
  F: FusedDense,
  N: LinearOperator,
  b: Float64Array,
  bnorm: number,
  x0: Float64Array,
  r0: Float64Array,
  g0: Float64Array,
  damp: number,
  atol: number,
  btol: number,
  maxIter: number,
): FusedSolve {
  const m = F.m, n = F.n, p = N.cols;
  // u = [r0; −δ·x0]/β, v = Nᵀ·(Aᵀr0 − δ²x0)/β (= Nᵀ·[A; δI]ᵀ·u).
  const u = Float64Array.from(r0);
  const ue = new Float64Array(damp > 0 ? n : 0);
  for (let j = 0; j < ue.length; j++) ue[j] = -damp * x0[j];
  let beta = hypot(nrm(u), nrm(ue));
  const y = new Float64Array(p);
  const hist: number[] = [];
  const done = (iterations: number, converged: boolean): FusedSolve => {
    const x = x0.slice();
    if (iterations > 0) {
      const z = N.apply(y);
      for (let j = 0; j < n; j++) x[j] += z[j];
    }
    const { r, g, rn } = iterations > 0 ? residualAndGradient(F, b, x, damp) : { r: r0, g: g0, rn: nrm(r0) };
    return { x, iterations, converged, history: Float64Array.from(hist), r, g, residualNorm: rn, normalResidualNorm: nrm(g) };
  };
  if (beta === 0) return done(0, true);
  for (let i = 0; i < m; i++) u[i] /= beta;
  for (let j = 0; j < ue.length; j++) ue[j] /= beta;
  const v = N.applyT(Float64Array.from(g0, (gj) => gj / beta)).slice();
  let alpha = nrm(v);
  if (alpha === 0) return done(0, true);
  for (let k = 0; k < p; k++) v[k] /= alpha;
  const w = v.slice();
  const t = new Float64Array(n);
  let phibar = beta, rhobar = alpha, anorm = 0;
  let it = 0;
  let converged = false;
  while (it < maxIter) {
    it++;
    // β·u ← [A; δI]·N·v − α·u, with Aᵀ·ũ accumulated in the same sweep.
    const z = N.apply(v);
    let ss = F.step(z, u, alpha, t);
    for (let j = 0; j < ue.length; j++) {
      ue[j] = damp * z[j] - alpha * ue[j];
      ss += ue[j] * ue[j];
    }
    beta = Math.sqrt(ss);
    anorm = hypot(anorm, alpha, beta);
    if (beta > 0) {
      const ib = 1 / beta;
      for (let i = 0; i < m; i++) u[i] *= ib;
      for (let j = 0; j < ue.length; j++) ue[j] *= ib;
      for (let j = 0; j < n; j++) t[j] *= ib;
      for (let j = 0; j < ue.length; j++) t[j] += damp * ue[j];
    } else {
      t.fill(0);
    }
    // α·v ← Nᵀ·[A; δI]ᵀ·u − β·v.
    const q = N.applyT(t);
    for (let k = 0; k < p; k++) v[k] = q[k] - beta * v[k];
    alpha = nrm(v);
    if (alpha > 0) for (let k = 0; k < p; k++) v[k] /= alpha;
    // Plane rotation eliminating β.
    const rho = hypot(rhobar, beta);
    if (rho === 0) {
      it--;
      converged = true;
      break;
    }
    const cs = rhobar / rho, sn = beta / rho;
    const theta = sn * alpha;
    rhobar = -cs * alpha;
    const phi = cs * phibar;
    phibar = sn * phibar;
    const t1 = phi / rho, t2 = -theta / rho;
    for (let k = 0; k < p; k++) {
      const wk = w[k];
      y[k] += t1 * wk;
      w[k] = v[k] + t2 * wk;
    }
    const rnorm = phibar;
    const arnorm = alpha * Math.abs(sn * phi);
    hist.push(arnorm);
    const xnorm = nrm(y);
    if (rnorm <= btol * bnorm + atol * anorm * xnorm || arnorm <= atol * anorm * rnorm) {
      converged = true;
      break;
    }
  }
  return done(it, converged);
}
