import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gemvInto } from '../../src/core/kernels/gemv.js';
import { type DenseMatrix, transpose } from '../../src/core/matrix.js';
import { naiveTranspose, randnArray } from '../helpers/reference.js';

const EPS = 2 ** -52;

/**
 * Per-entry bound for y ← α·A·x + β·y: any summation order gives an error at most
 * γ_{n+2}·(|α|·(|A||x|)_i + |β|·|y_i|), γ_n = nε/(1 − nε) (Higham, §3.1), for our kernel and for
 * the naive reference alike, so they differ by at most c = 2 times that.
 */
const C_BOUND = 2;
const gamma = (n: number) => (n * EPS) / (1 - n * EPS);

type Layout = { orient: 'col' | 'row'; step: 1 | 2; pad: 0 | 3; flipRows: boolean; flipCols: boolean; lead: 0 | 5 };

const layoutArb: fc.Arbitrary<Layout> = fc.record({
  orient: fc.constantFrom('col' as const, 'row' as const),
  step: fc.constantFrom(1 as const, 2 as const),
  pad: fc.constantFrom(0 as const, 3 as const),
  flipRows: fc.boolean(),
  flipCols: fc.boolean(),
  lead: fc.constantFrom(0 as const, 5 as const),
});
const COL: Layout = { orient: 'col', step: 1, pad: 0, flipRows: false, flipCols: false, lead: 0 };
const ROW: Layout = { orient: 'row', step: 1, pad: 0, flipRows: false, flipCols: false, lead: 0 };

/** Stores rows (m×n) in the layout; slots outside the view hold NaN (reads outside show up). */
function store(rows: number[][], m: number, n: number, L: Layout): DenseMatrix {
  const inner = L.orient === 'col' ? m : n;
  const rsAbs = L.orient === 'col' ? L.step : L.step * Math.max(inner, 1) + L.pad;
  const csAbs = L.orient === 'col' ? L.step * Math.max(inner, 1) + L.pad : L.step;
  const data = new Float64Array(L.lead + Math.max(0, m - 1) * rsAbs + Math.max(0, n - 1) * csAbs + 1 + L.pad).fill(NaN);
  let offset = L.lead, rs = rsAbs, cs = csAbs;
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

const bytesEqual = (a: Float64Array, b: Float64Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

interface Case {
  m: number;
  n: number;
  trans: boolean;
  layout: Layout;
  alpha: number;
  beta: number;
  nanY: boolean;
  xOff: number;
  yOff: number;
  seed: number;
}

/** op(A)·x through gemvInto against a naive loop; checks x, A untouched and y outside its range. */
function checkCase(c: Case): void {
  const { m, n, trans, alpha, beta, xOff, yOff, seed } = c;
  const Ar = randnArray(m, n, seed); // op(A), m×n
  const stored = trans ? store(naiveTranspose(Ar), n, m, c.layout) : store(Ar, m, n, c.layout);
  const A = trans ? transpose(stored) : stored;
  const xv = randnArray(n, 1, seed + 1).map((r) => r[0]);
  const y0 = c.nanY ? new Array<number>(m).fill(NaN) : randnArray(m, 1, seed + 2).map((r) => r[0]);
  const x = new Float64Array(xOff + n + 2).fill(NaN);
  x.set(xv, xOff);
  const y = new Float64Array(yOff + m + 2).fill(NaN);
  y.set(y0, yOff);
  const aCopy = A.data.slice(), xCopy = x.slice();

  gemvInto(y, A, x, alpha, beta, yOff, xOff);

  expect(bytesEqual(A.data, aCopy)).toBe(true);
  expect(bytesEqual(x, xCopy)).toBe(true);
  for (let i = 0; i < yOff; i++) expect(Number.isNaN(y[i])).toBe(true);
  for (let i = yOff + m; i < y.length; i++) expect(Number.isNaN(y[i])).toBe(true);
  const g = gamma(n + 2);
  for (let i = 0; i < m; i++) {
    let s = 0, sa = 0;
    for (let j = 0; j < n; j++) {
      s += Ar[i][j] * xv[j];
      sa += Math.abs(Ar[i][j] * xv[j]);
    }
    const ref = beta === 0 ? alpha * s : alpha * s + beta * y0[i];
    const bound = C_BOUND * g * (Math.abs(alpha) * sa + (beta === 0 ? 0 : Math.abs(beta * y0[i])));
    const err = Math.abs(y[yOff + i] - ref);
    if (!(err <= bound)) throw new Error(`y[${i}] = ${y[yOff + i]}, reference ${ref}, |diff| ${err} > ${bound} (${JSON.stringify(c)})`);
  }
}

const caseArb = (maxDim: number): fc.Arbitrary<Case> =>
  fc
    .record({
      m: fc.integer({ min: 0, max: maxDim }),
      n: fc.integer({ min: 0, max: maxDim }),
      trans: fc.boolean(),
      layout: layoutArb,
      alpha: fc.constantFrom(1, -1, 0.5, 3, 0),
      beta: fc.constantFrom(0, 1, -0.5, 2),
      nanY: fc.boolean(),
      xOff: fc.constantFrom(0, 3),
      yOff: fc.constantFrom(0, 2),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    })
    .map((c) => ({ ...c, nanY: c.nanY && c.beta === 0 }));

const base = (m: number, n: number, seed: number): Case => ({
  m, n, trans: false, layout: COL, alpha: 1, beta: 0, nanY: false, xOff: 0, yOff: 0, seed,
});

describe('gemvInto', () => {
  it('matches a naive loop for random shapes, layouts, transposes, α, β and offsets (property)', () => {
    fc.assert(fc.property(caseArb(19), checkCase));
  });

  it('both orders on column-major and row-major A, sizes not multiples of 4', () => {
    let seed = 1;
    for (const [m, n] of [[1, 1], [4, 4], [5, 7], [37, 3], [3, 41], [257, 130], [1, 300], [300, 1]] as const) {
      for (const layout of [COL, ROW]) {
        for (const trans of [false, true]) {
          checkCase({ ...base(m, n, seed++), layout, trans, alpha: -2, beta: 0.25, xOff: 1, yOff: 3 });
        }
      }
    }
  });

  it('beta = 0 overwrites a NaN-filled y', () => {
    for (const layout of [COL, ROW]) for (const trans of [false, true]) checkCase({ ...base(23, 17, 9), layout, trans, nanY: true });
  });

  it('alpha = 0 or n = 0 gives β·y without reading A or x (reference BLAS convention)', () => {
    const A = store(randnArray(6, 5, 1).map((r) => r.map(() => NaN)), 6, 5, COL);
    const x = new Float64Array(5).fill(NaN);
    const y = Float64Array.from([1, 2, 3, 4, 5, 6]);
    gemvInto(y, A, x, 0, 2);
    expect(Array.from(y)).toEqual([2, 4, 6, 8, 10, 12]);
    const E = store([[], [], []], 3, 0, COL);
    const y2 = new Float64Array(3).fill(NaN);
    gemvInto(y2, E, new Float64Array(0), 1, 0);
    expect(Array.from(y2)).toEqual([0, 0, 0]);
    expect(() => gemvInto(new Float64Array(0), store([], 0, 4, COL), new Float64Array(4))).not.toThrow();
  });

  it('propagates NaN from A and x by IEEE rules', () => {
    const Ar = randnArray(9, 6, 3);
    Ar[2][4] = NaN;
    for (const layout of [COL, ROW]) {
      const y = new Float64Array(9);
      gemvInto(y, store(Ar, 9, 6, layout), Float64Array.from([1, 2, 3, 4, 5, 6]));
      expect(Array.from(y, (v) => Number.isNaN(v))).toEqual([false, false, true, false, false, false, false, false, false]);
    }
  });
});
