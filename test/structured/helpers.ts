/**
 * Test-only helpers for the structured module: dense oracles built from definitions, written
 * without any randnla code beyond the DenseMatrix type.
 */
import type { DenseMatrix } from '../../src/core/matrix.js';
import { testNormals } from '../helpers/reference.js';

/** Sylvester Hadamard matrix from the popcount formula H[i][j] = (−1)^{popcount(i & j)}. */
export function sylvester(n: number): number[][] {
  const pc = (x: number) => {
    let c = 0;
    while (x) { c += x & 1; x >>>= 1; }
    return c;
  };
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (pc(i & j) % 2 === 0 ? 1 : -1)));
}

/** Dense matrix of an operator with apply(x) (column j = apply(e_j)). */
export function denseOf(op: { rows: number; cols: number; apply(x: Float64Array): Float64Array }): number[][] {
  const out = Array.from({ length: op.rows }, () => new Array<number>(op.cols).fill(0));
  for (let j = 0; j < op.cols; j++) {
    const e = new Float64Array(op.cols);
    e[j] = 1;
    const c = op.apply(e);
    for (let i = 0; i < op.rows; i++) out[i][j] = c[i];
  }
  return out;
}

/** Dense matrix of the transpose via applyT (row i = applyT(e_i)ᵀ). */
export function denseOfT(op: { rows: number; cols: number; applyT(y: Float64Array): Float64Array }): number[][] {
  const out = Array.from({ length: op.rows }, () => new Array<number>(op.cols).fill(0));
  for (let i = 0; i < op.rows; i++) {
    const e = new Float64Array(op.rows);
    e[i] = 1;
    const r = op.applyT(e);
    for (let j = 0; j < op.cols; j++) out[i][j] = r[j];
  }
  return out;
}

/** Kronecker product of plain arrays. */
export function kron(A: number[][], B: number[][]): number[][] {
  const m = A.length, n = A[0].length, p = B.length, q = B[0].length;
  const out = Array.from({ length: m * p }, () => new Array<number>(n * q).fill(0));
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let k = 0; k < p; k++) for (let l = 0; l < q; l++) out[i * p + k][j * q + l] = A[i][j] * B[k][l];
  return out;
}

/** Block-diagonal matrix from plain-array blocks (rectangular allowed). */
export function blockDiag(blocks: number[][][]): number[][] {
  const rows = blocks.reduce((s, b) => s + b.length, 0);
  const cols = blocks.reduce((s, b) => s + (b[0]?.length ?? 0), 0);
  const out = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  let r0 = 0, c0 = 0;
  for (const b of blocks) {
    for (let i = 0; i < b.length; i++) for (let j = 0; j < b[i].length; j++) out[r0 + i][c0 + j] = b[i][j];
    r0 += b.length;
    c0 += b[0]?.length ?? 0;
  }
  return out;
}

/** Permutation matrix with (P x)[i] = x[perm[i]]. */
export function permMatrix(perm: ArrayLike<number>): number[][] {
  const n = perm.length;
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (perm[i] === j ? 1 : 0)));
}

/** Grid-transpose gather: y[j·a + i] = x[i·b + j] (x read as a×b row-major). */
export function gridTranspose(a: number, b: number): number[] {
  const out: number[] = new Array(a * b);
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) out[j * a + i] = i * b + j;
  return out;
}

export function randn(m: number, n: number, seed: number): number[][] {
  const g = testNormals(seed);
  return Array.from({ length: m }, () => Array.from({ length: n }, () => g()));
}

export function randvec(n: number, seed: number): Float64Array {
  const g = testNormals(seed);
  return Float64Array.from({ length: n }, () => g());
}

export function dotp(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

export function rowsFromDense(A: DenseMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < A.rows; i++) {
    const r: number[] = [];
    for (let j = 0; j < A.cols; j++) r.push(A.data[A.offset + i * A.rowStride + j * A.colStride]);
    out.push(r);
  }
  return out;
}

export function maxAbs(A: number[][]): number {
  let m = 0;
  for (const r of A) for (const v of r) m = Math.max(m, Math.abs(v));
  return m;
}

export function sub(A: number[][], B: number[][]): number[][] {
  return A.map((r, i) => r.map((v, j) => v - B[i][j]));
}
