import { afterEach, describe, expect, it } from 'vitest';
import { getKernelBackend, setKernelBackend } from '../../src/core/index.js';
import { csrFromCoo } from '../../src/core/csr.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { fromColMajor } from '../../src/core/matrix.js';
import { signAt, substream, toRngState, uniformAt } from '../../src/rng/index.js';
import { applySketch, materialize, materializeBlock, sketchOperator, type SketchSpec } from '../../src/sketch/index.js';
import { testNormals, testRandom } from '../helpers/reference.js';

// SparseStack (ALGORITHMS.md §1.5): ζ CountSketches of heights ⌊(q+1)m/ζ⌋ − ⌊qm/ζ⌋ stacked and
// scaled by 1/√ζ. Entry q of column j: row ⌊qm/ζ⌋ + ⌊u·size_q⌋ with u the uniform at position
// j·ζ + q of substream 0 of the seed's 'sketch' stream, value ±1/√ζ with the sign at the same
// position of substream 2. The reference below is written from that definition with the
// position-wise accessors (uniformAt, signAt), independent of the batched generators and the
// kernels. Whether the CSR and dense paths, streaming and both backends reproduce
// materializeBlock bit for bit is tested with the other sparse kinds (sparse-paths.test.ts,
// sketch.test.ts).

afterEach(() => setKernelBackend('auto'));

/** S (m×n, column-major) from the definition. */
function definition(m: number, n: number, zeta: number, seed: number): Float64Array {
  const st = toRngState(seed, 'sketch');
  const rowsStream = substream(st, 0);
  const signs = substream(st, 2);
  const S = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    for (let q = 0; q < zeta; q++) {
      const lo = Math.floor((q * m) / zeta);
      const size = Math.floor(((q + 1) * m) / zeta) - lo;
      const k = j * zeta + q;
      S[j * m + lo + Math.floor(uniformAt(rowsStream, k) * size)] = signAt(signs, k) / Math.sqrt(zeta);
    }
  }
  return S;
}

function bitEqual(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe('sparse-stack: the definition', () => {
  it.each([
    [40, 300, 6, 5], // blocks of 6 and 7 rows
    [64, 129, 8, 1], // blocks of 8
    [7, 50, 7, 2], // ζ = m: every row once per column
    [1, 20, 1, 3],
    [300, 70, 3, 4],
  ])('m=%i n=%i ζ=%i seed=%i: materialize and materializeBlock equal S from the definition', (m, n, zeta, seed) => {
    const spec: SketchSpec = { kind: 'sparse-stack', rows: m, cols: n, seed, zeta };
    const S = definition(m, n, zeta, seed);
    expect(bitEqual(materialize(spec).data, S)).toBe(true);
    const r0 = Math.floor(m / 3), r1 = m, c0 = Math.floor(n / 2), c1 = n;
    const B = materializeBlock(spec, r0, r1, c0, c1).data;
    const want = new Float64Array((r1 - r0) * (c1 - c0));
    for (let j = c0; j < c1; j++) for (let i = r0; i < r1; i++) want[(j - c0) * (r1 - r0) + i - r0] = S[j * m + i];
    expect(bitEqual(B, want)).toBe(true);
  });

  it('one ±1/√ζ in every block of every column', () => {
    const m = 50, n = 400, zeta = 8;
    const S = materialize({ kind: 'sparse-stack', rows: m, cols: n, seed: 9, zeta }).data;
    for (let j = 0; j < n; j++) {
      for (let q = 0; q < zeta; q++) {
        let count = 0;
        for (let i = Math.floor((q * m) / zeta); i < Math.floor(((q + 1) * m) / zeta); i++) {
          const v = S[j * m + i];
          if (v !== 0) {
            count++;
            expect(Math.abs(v)).toBe(1 / Math.sqrt(zeta));
          }
        }
        expect(count).toBe(1);
      }
    }
  });

  it('rows uniform within each block (chi-square at the 1e-4 level per block)', () => {
    // Over n columns each block's row is uniform on its `size` rows, independently across
    // columns: Pearson's statistic is ≈ χ²(size − 1). Each of the ζ blocks is tested at the
    // upper 1e-4 quantile (Wilson–Hilferty), so with fixed seeds a false alarm had probability
    // ≤ ζ·1e-4 when the seed was chosen.
    const m = 45, n = 20000, zeta = 4;
    const S = materialize({ kind: 'sparse-stack', rows: m, cols: n, seed: 13, zeta }).data;
    const z4 = 3.719; // upper 1e-4 point of N(0, 1)
    for (let q = 0; q < zeta; q++) {
      const lo = Math.floor((q * m) / zeta), hi = Math.floor(((q + 1) * m) / zeta);
      const size = hi - lo;
      const counts = new Array<number>(size).fill(0);
      for (let j = 0; j < n; j++) for (let i = lo; i < hi; i++) if (S[j * m + i] !== 0) counts[i - lo]++;
      const e = n / size;
      const chi2 = counts.reduce((s, c) => s + ((c - e) * (c - e)) / e, 0);
      const k = size - 1;
      const crit = k * (1 - 2 / (9 * k) + z4 * Math.sqrt(2 / (9 * k))) ** 3;
      expect(chi2).toBeLessThan(crit);
    }
  });

  it('ζ = 1 is CountSketch, bit for bit, dense and CSR, on both backends', () => {
    const n = 5000, d = 9, m = 37;
    const z = testNormals(3);
    const data = Float64Array.from({ length: n * d }, () => z());
    const A = fromColMajor(n, d, data);
    const u = testRandom(4);
    const I: number[] = [], J: number[] = [], V: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) if (u() < 0.3) { I.push(i); J.push(j); V.push(z()); }
    const C = csrFromCoo(n, d, I, J, V);
    const before = getKernelBackend();
    for (const backend of ['js', 'auto'] as const) {
      setKernelBackend(backend);
      for (const X of [A, C]) {
        const cs = applySketch({ kind: 'countsketch', rows: m, cols: n, seed: 8 }, X).data;
        const st = applySketch({ kind: 'sparse-stack', rows: m, cols: n, seed: 8, zeta: 1 }, X).data;
        expect(bitEqual(st, cs), `${backend} ${X.kind}`).toBe(true);
      }
    }
    setKernelBackend(before);
  });
});

describe('sparse-stack: validation', () => {
  it('defaults ζ to min(8, m)', () => {
    expect((sketchOperator({ kind: 'sparse-stack', rows: 5, cols: 10, seed: 1 }) as { zeta: number }).zeta).toBe(5);
    expect((sketchOperator({ kind: 'sparse-stack', rows: 50, cols: 10, seed: 1 }) as { zeta: number }).zeta).toBe(8);
  });
  it.each([
    ['ζ > m', 5, /zeta .*got 5/],
    ['ζ = 0', 0, /zeta .*got 0/],
    ['ζ = 2.5', 2.5, /zeta .*got 2\.5/],
  ])('rejects %s', (_, zeta, msg) => {
    expect(() => sketchOperator({ kind: 'sparse-stack', rows: 4, cols: 10, seed: 0, zeta })).toThrow(InvalidArgumentError);
    expect(() => sketchOperator({ kind: 'sparse-stack', rows: 4, cols: 10, seed: 0, zeta })).toThrow(msg);
  });
});
