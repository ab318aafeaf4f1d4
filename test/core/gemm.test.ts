import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  GEMM_KC,
  GEMM_MC,
  GEMM_MR,
  GEMM_NC,
  GEMM_NR,
  GEMM_SMALL,
  gemmInto,
  gemmPackedInto,
  gemmSmallInto,
  gramInto,
} from '../../src/core/kernels/gemm.js';
import { type DenseMatrix, transpose } from '../../src/core/matrix.js';
import { naiveMatmul, naiveTranspose, randnArray, rowsOf } from '../helpers/reference.js';

const EPS = 2 ** -52;

/**
 * Error bound for one entry of C ← α·A·B + β·C. Whatever the summation order, a computed
 * fl(α·Σ_p a_ip b_pj + β·c_ij) carries at most k + 2 rounding factors per term, so it is within
 * γ_{k+2}·(|α|·(|A||B|)_ij + |β|·|c_ij|) of the exact value, γ_n = nε/(1 − nε) (Higham,
 * Accuracy and Stability of Numerical Algorithms, §3.1 and §3.5). Both our kernel and the naive
 * reference obey that bound, so their difference is within c = 2 times it.
 */
const C_BOUND = 2;
function gamma(n: number): number {
  return (n * EPS) / (1 - n * EPS);
}

type Layout = {
  /** column-oriented (|rowStride| < |colStride|) or row-oriented */
  orient: 'col' | 'row';
  /** inner stride magnitude */
  step: 1 | 2;
  /** extra leading-dimension padding */
  pad: 0 | 3;
  /** negative row stride / negative column stride */
  flipRows: boolean;
  flipCols: boolean;
  /** leading offset into the buffer */
  lead: 0 | 5;
};

const COL: Layout = { orient: 'col', step: 1, pad: 0, flipRows: false, flipCols: false, lead: 0 };
const ROW: Layout = { orient: 'row', step: 1, pad: 0, flipRows: false, flipCols: false, lead: 0 };
const COL_VIEW: Layout = { orient: 'col', step: 1, pad: 3, flipRows: false, flipCols: false, lead: 5 };
const ROW_VIEW: Layout = { orient: 'row', step: 1, pad: 3, flipRows: false, flipCols: false, lead: 5 };
const STRANGE: Layout = { orient: 'col', step: 2, pad: 3, flipRows: true, flipCols: false, lead: 5 };
const NAMED_LAYOUTS = [COL, ROW, COL_VIEW, ROW_VIEW, STRANGE];

const layoutArb: fc.Arbitrary<Layout> = fc.record({
  orient: fc.constantFrom('col' as const, 'row' as const),
  step: fc.constantFrom(1 as const, 2 as const),
  pad: fc.constantFrom(0 as const, 3 as const),
  flipRows: fc.boolean(),
  flipCols: fc.boolean(),
  lead: fc.constantFrom(0 as const, 5 as const),
});

/**
 * Stores `rows` (m×n) in a buffer of the given layout; every buffer slot that is not an element
 * holds NaN, so a kernel that reads outside the view produces NaN and one that writes outside
 * it is caught by {@link outsideUntouched}.
 */
function store(rows: number[][], m: number, n: number, L: Layout): DenseMatrix {
  const inner = L.orient === 'col' ? m : n;
  const rsAbs = L.orient === 'col' ? L.step : L.step * Math.max(inner, 1) + L.pad;
  const csAbs = L.orient === 'col' ? L.step * Math.max(inner, 1) + L.pad : L.step;
  const size = L.lead + Math.max(0, m - 1) * rsAbs + Math.max(0, n - 1) * csAbs + 1 + L.pad;
  const data = new Float64Array(size).fill(NaN);
  let offset = L.lead;
  let rs = rsAbs, cs = csAbs;
  if (L.flipRows) {
    offset += Math.max(0, m - 1) * rsAbs;
    rs = -rsAbs;
  }
  if (L.flipCols) {
    offset += Math.max(0, n - 1) * csAbs;
    cs = -csAbs;
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[offset + i * rs + j * cs] = rows[i][j];
  return { kind: 'dense', rows: m, cols: n, data, offset, rowStride: rs, colStride: cs };
}

/** True when every buffer slot outside the view still holds NaN. */
function outsideUntouched(M: DenseMatrix): boolean {
  const inside = new Set<number>();
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) inside.add(M.offset + i * M.rowStride + j * M.colStride);
  for (let q = 0; q < M.data.length; q++) if (!inside.has(q) && !Number.isNaN(M.data[q])) return false;
  return true;
}

function bytesEqual(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

const absRows = (X: number[][]) => X.map((r) => r.map(Math.abs));

type GemmFn = (C: DenseMatrix, A: DenseMatrix, B: DenseMatrix, alpha?: number, beta?: number) => void;

interface Case {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  la: Layout;
  lb: Layout;
  lc: Layout;
  alpha: number;
  beta: number;
  /** fill C with NaN before the call (only meaningful with beta = 0) */
  nanC: boolean;
  seed: number;
}

/**
 * Runs one product through `gemm` and checks it against the naive reference entry by entry,
 * checks that A and B were not modified and that C was not written outside its view.
 */
function checkCase(gemm: GemmFn, c: Case): void {
  const { m, n, k, transA, transB, alpha, beta, seed } = c;
  const Arows = randnArray(m, k, seed);
  const Brows = randnArray(k, n, seed + 1);
  const C0rows = c.nanC ? Array.from({ length: m }, () => new Array<number>(n).fill(NaN)) : randnArray(m, n, seed + 2);
  // op(X) = transpose(stored) when trans: store Xᵀ and pass its transpose view.
  const Astored = transA ? store(naiveTranspose(Arows), k, m, c.la) : store(Arows, m, k, c.la);
  const Bstored = transB ? store(naiveTranspose(Brows), n, k, c.lb) : store(Brows, k, n, c.lb);
  const A = transA ? transpose(Astored) : Astored;
  const B = transB ? transpose(Bstored) : Bstored;
  const C = store(C0rows, m, n, c.lc);
  const aCopy = A.data.slice(), bCopy = B.data.slice();

  gemm(C, A, B, alpha, beta);

  expect(bytesEqual(A.data, aCopy)).toBe(true);
  expect(bytesEqual(B.data, bCopy)).toBe(true);
  expect(outsideUntouched(C)).toBe(true);
  const AB = naiveMatmul(Arows, Brows);
  const absAB = naiveMatmul(absRows(Arows), absRows(Brows));
  const g = gamma(k + 2);
  const got = rowsOf(C);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const ab = k === 0 ? 0 : AB[i][j];
      const c0 = C0rows[i][j];
      const ref = beta === 0 ? alpha * ab : alpha * ab + beta * c0;
      const bound = C_BOUND * g * (Math.abs(alpha) * (k === 0 ? 0 : absAB[i][j]) + (beta === 0 ? 0 : Math.abs(beta) * Math.abs(c0)));
      const err = Math.abs(got[i][j] - ref);
      if (!(err <= bound)) {
        throw new Error(`C[${i}][${j}] = ${got[i][j]}, reference ${ref}, |diff| ${err} > bound ${bound} (case ${JSON.stringify(c)})`);
      }
    }
  }
}

const caseArb = (maxDim: number): fc.Arbitrary<Case> =>
  fc.record({
    m: fc.integer({ min: 0, max: maxDim }),
    n: fc.integer({ min: 0, max: maxDim }),
    k: fc.integer({ min: 0, max: maxDim }),
    transA: fc.boolean(),
    transB: fc.boolean(),
    la: layoutArb,
    lb: layoutArb,
    lc: layoutArb,
    alpha: fc.constantFrom(1, -1, 0.5, 2.5, 0),
    beta: fc.constantFrom(0, 1, -0.5, 2),
    nanC: fc.boolean(),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  }).map((c) => ({ ...c, nanC: c.nanC && c.beta === 0 }));

const base = (m: number, n: number, k: number, seed: number): Case => ({
  m, n, k, transA: false, transB: false, la: COL, lb: COL, lc: COL, alpha: 1, beta: 0, nanC: false, seed,
});

describe('gemmInto', () => {
  it('matches the naive product for random shapes, layouts, transposes, α and β (property)', () => {
    fc.assert(fc.property(caseArb(13), (c) => checkCase(gemmInto, c)));
  });

  it('packed path: ragged shapes 0..13 in every layout (property)', () => {
    fc.assert(fc.property(caseArb(13), (c) => checkCase(gemmPackedInto, c)));
  });

  it('small path: random shapes in every layout (property)', () => {
    fc.assert(fc.property(caseArb(13), (c) => checkCase(gemmSmallInto, c)));
  });

  it('all four transpose combinations on shapes that cross the block sizes', () => {
    const shapes: Array<[number, number, number]> = [
      [GEMM_MC + 1, 7, 3], // one row past an MC block
      [2 * GEMM_MC + 1, GEMM_NR + 1, 11],
      [5, 9, GEMM_KC + 1], // one step past a KC slice
      [37, 29, 2 * GEMM_KC + 3],
      [3, GEMM_NC + 1, 5], // one column past an NC slice
      [97, 89, 83], // primes
      [1, 1, 1],
      [1, 300, 200],
      [300, 1, 200],
    ];
    let seed = 100;
    for (const [m, n, k] of shapes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          checkCase(gemmPackedInto, { ...base(m, n, k, seed++), transA, transB });
          if (m * n * k >= GEMM_SMALL) checkCase(gemmInto, { ...base(m, n, k, seed++), transA, transB, la: ROW_VIEW, lc: COL_VIEW });
        }
      }
    }
  });

  it('every layout of A, B and C on block-crossing shapes, with α and β', () => {
    let seed = 500;
    for (const la of NAMED_LAYOUTS) {
      for (const lb of NAMED_LAYOUTS) {
        for (const lc of NAMED_LAYOUTS) {
          // m crosses an MC block (packed path forced); k crosses a KC slice (gemmInto picks packed).
          checkCase(gemmPackedInto, { ...base(GEMM_MC + 5, 2 * GEMM_NR + 3, 13, seed++), la, lb, lc, alpha: -1.5, beta: 0.5 });
          checkCase(gemmInto, { ...base(13, 11, GEMM_KC + 7, seed++), la, lb, lc, alpha: 2, beta: 1 });
        }
      }
    }
  });

  it('beta = 0 overwrites a NaN-filled C (packed, small and tall-skinny Gram shapes)', () => {
    for (const [m, n, k] of [[70, 40, 50], [5, 3, 4], [16, 16, 4000]] as const) {
      for (const transA of [false, true]) {
        checkCase(gemmInto, { ...base(m, n, k, m + n), transA, nanC: true, lc: COL_VIEW });
      }
    }
  });

  it('alpha = 0 or k = 0 gives β·C without reading A or B (reference BLAS convention)', () => {
    const m = 40, n = 40, k = 40;
    const A = store(randnArray(m, k, 1).map((r) => r.map(() => NaN)), m, k, COL);
    const B = store(randnArray(k, n, 2), k, n, COL);
    const C0 = randnArray(m, n, 3);
    const C = store(C0, m, n, COL);
    gemmInto(C, A, B, 0, 2);
    expect(rowsOf(C)).toEqual(C0.map((r) => r.map((v) => 2 * v)));
    gemmInto(C, A, B, 0, 0);
    expect(rowsOf(C).flat().every((v) => v === 0)).toBe(true);
    const E = store([], 0, n, COL); // 0×n
    const Cn = store(C0.map((r) => r.map(() => NaN)), m, n, COL);
    gemmInto(Cn, transpose(store([], 0, m, COL)), E, 1, 0); // m×0 times 0×n
    expect(rowsOf(Cn).flat().every((v) => v === 0)).toBe(true);
  });

  it('empty C (m = 0 or n = 0) is a no-op', () => {
    const A = store(randnArray(3, 4, 1), 3, 4, COL);
    const B = store([], 4, 0, COL);
    const C = store([[], [], []], 3, 0, COL);
    expect(() => gemmInto(C, A, B)).not.toThrow();
  });

  it('propagates NaN and Infinity from A and B by IEEE rules', () => {
    const m = 40, n = 36, k = 33; // packed path
    const Ar = randnArray(m, k, 7), Br = randnArray(k, n, 8);
    Ar[3][5] = NaN;
    Br[6][10] = Infinity;
    const C = store(randnArray(m, n, 9), m, n, COL);
    gemmInto(C, store(Ar, m, k, COL), store(Br, k, n, ROW));
    const got = rowsOf(C);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        if (i === 3) expect(Number.isNaN(got[i][j])).toBe(true);
        else if (j === 10) expect(Math.abs(got[i][j])).toBe(Infinity);
        else expect(Number.isFinite(got[i][j])).toBe(true);
      }
    }
  });

  it('is deterministic: the same inputs give bit-identical output', () => {
    const m = 130, n = 70, k = 300;
    const A = store(randnArray(m, k, 1), m, k, COL), B = store(randnArray(k, n, 2), k, n, ROW);
    const C1 = store(randnArray(m, n, 3), m, n, COL), C2 = store(randnArray(m, n, 3), m, n, COL);
    gemmInto(C1, A, B, 1, 0);
    gemmInto(C2, A, B, 1, 0);
    expect(bytesEqual(C1.data, C2.data)).toBe(true);
  });

  it('uses 4×4 micro-tiles and blocks that are multiples of them', () => {
    expect([GEMM_MR, GEMM_NR]).toEqual([4, 4]);
    expect(GEMM_MC % GEMM_MR).toBe(0);
    expect(GEMM_NC % GEMM_NR).toBe(0);
  });
});

describe('gramInto', () => {
  function checkGram(m: number, n: number, L: Layout, seed: number): void {
    const Ar = randnArray(m, n, seed);
    const A = store(Ar, m, n, L);
    const aCopy = A.data.slice();
    const C = store(Array.from({ length: n }, () => new Array<number>(n).fill(NaN)), n, n, COL_VIEW);
    gramInto(C, A);
    expect(bytesEqual(A.data, aCopy)).toBe(true);
    expect(outsideUntouched(C)).toBe(true);
    const got = rowsOf(C);
    const At = naiveTranspose(Ar);
    const ref = m === 0 ? got.map((r) => r.map(() => 0)) : naiveMatmul(At, Ar);
    const absRef = m === 0 ? ref : naiveMatmul(absRows(At), absRows(Ar));
    const g = gamma(m);
    const bad: string[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (!Object.is(got[i][j], got[j][i])) bad.push(`not symmetric at (${i}, ${j})`); // exactly symmetric
        const err = Math.abs(got[i][j] - ref[i][j]);
        if (!(err <= C_BOUND * g * absRef[i][j])) bad.push(`(${i}, ${j}): |diff| ${err} > ${C_BOUND * g * absRef[i][j]}`);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  }

  it('equals AᵀA, exactly symmetric, small and packed paths, any layout (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 12 }), layoutArb, fc.integer({ min: 1, max: 1e6 }), (m, n, L, seed) =>
        checkGram(m, n, L, seed),
      ),
      { numRuns: 60 },
    );
  });

  it('tall-skinny and block-crossing shapes', () => {
    checkGram(4000, 9, COL, 1); // k crosses many KC slices
    checkGram(600, 37, ROW, 2);
    checkGram(300, GEMM_MC + 3, COL_VIEW, 3); // n crosses an MC block
    checkGram(50, 2 * GEMM_NR + 1, STRANGE, 4);
  });
});
