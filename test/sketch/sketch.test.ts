import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csrFromDense, csrToDense } from '../../src/core/csr.js';
import { DimensionError, InvalidArgumentError, NonFiniteError } from '../../src/core/errors.js';
import { fromColMajor, subMatrix, transpose, type DenseMatrix } from '../../src/core/matrix.js';
import {
  applySketch,
  applySketchRight,
  applyTensorSketch,
  jlMinDim,
  materialize,
  materializeBlock,
  oceDeviation,
  sketchOperator,
  sketchStream,
  SketchAccumulator,
  type SketchSpec,
} from '../../src/sketch/index.js';
import { denseFromRows, maxAbsDiff, naiveMatmul, naiveTranspose, randnArray, rowsOf, testRandom } from '../helpers/reference.js';
import { meanAndSe } from '../helpers/stats.js';

/** One spec of every kind at (m, n); tensor needs n = n1·n2. */
function allKinds(m: number, n: number, seed: number, extra: Partial<SketchSpec> = {}): SketchSpec[] {
  const f1 = n % 4 === 0 ? 4 : 1;
  return [
    { kind: 'gaussian', rows: m, cols: n, seed, ...extra },
    { kind: 'rademacher', rows: m, cols: n, seed, ...extra },
    { kind: 'srht', rows: m, cols: n, seed, ...extra },
    { kind: 'countsketch', rows: m, cols: n, seed, ...extra },
    { kind: 'sparse-sign', rows: m, cols: n, seed, zeta: Math.min(3, m), ...extra },
    { kind: 'sparse-stack', rows: m, cols: n, seed, zeta: Math.min(3, m), ...extra },
    { kind: 'very-sparse', rows: m, cols: n, seed, s: 3, ...extra },
    { kind: 'orthogonal', rows: m, cols: n, seed, ...extra },
    { kind: 'tensor', rows: m, cols: n, seed, factors: [f1, n / f1], ...extra },
    { kind: 'monarch', rows: m, cols: n, seed, ...extra },
    { kind: 'monarch', rows: m, cols: n, seed, blocks: 'haar', ...extra },
  ] as SketchSpec[];
}

function bitEqual(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe('sketchOperator: validation', () => {
  const ok = { kind: 'gaussian', rows: 4, cols: 10, seed: 0 } as const;
  it('accepts seed 0 and fills defaults', () => {
    expect(sketchOperator(ok).blockRows).toBe(4096);
    expect((sketchOperator({ kind: 'sparse-sign', rows: 5, cols: 10, seed: 1 }) as { zeta: number }).zeta).toBe(5);
    expect((sketchOperator({ kind: 'sparse-sign', rows: 50, cols: 10, seed: 1 }) as { zeta: number }).zeta).toBe(8);
    expect((sketchOperator({ kind: 'very-sparse', rows: 5, cols: 100, seed: 1 }) as { s: number }).s).toBe(10);
  });
  const bad: Array<[string, unknown, RegExp]> = [
    ['unknown kind', { ...ok, kind: 'fourier' }, /kind must be one of .*got 'fourier'/],
    ['m = 0', { ...ok, rows: 0 }, /rows .*got 0/],
    ['n = 0', { ...ok, cols: 0 }, /cols .*got 0/],
    ['m not integer', { ...ok, rows: 2.5 }, /got 2.5/],
    ['missing seed', { kind: 'gaussian', rows: 4, cols: 10 }, /seed is required/],
    ['negative seed', { ...ok, seed: -1 }, /-1/],
    ['zeta > m', { kind: 'sparse-sign', rows: 4, cols: 10, seed: 0, zeta: 5 }, /zeta .*got 5/],
    ['zeta = 0', { kind: 'sparse-sign', rows: 4, cols: 10, seed: 0, zeta: 0 }, /zeta .*got 0/],
    ['s <= 0', { kind: 'very-sparse', rows: 4, cols: 10, seed: 0, s: 0 }, /s \(sparsity.*got 0/],
    ['s = Infinity', { kind: 'very-sparse', rows: 4, cols: 10, seed: 0, s: Infinity }, /got Infinity/],
    ['srht m > N', { kind: 'srht', rows: 17, cols: 10, seed: 0 }, /N = 16.*got rows = 17/],
    ['orthogonal m > n', { kind: 'orthogonal', rows: 11, cols: 10, seed: 0 }, /rows ≤ cols/],
    ['tensor factors mismatch', { kind: 'tensor', rows: 4, cols: 10, seed: 0, factors: [3, 3] }, /must equal cols/],
    ['tensor factors missing', { kind: 'tensor', rows: 4, cols: 10, seed: 0 }, /factors/],
    ['blockRows not a power of two', { ...ok, blockRows: 100 }, /power of two.*got 100/],
    ['not an object', null, /spec must be an object/],
  ];
  for (const [name, spec, msg] of bad) {
    it(`rejects ${name}`, () => {
      expect(() => sketchOperator(spec as SketchSpec)).toThrow(InvalidArgumentError);
      expect(() => sketchOperator(spec as SketchSpec)).toThrow(msg);
    });
  }
  it('applySketch checks shapes and finiteness', () => {
    expect(() => applySketch(ok, denseFromRows(randnArray(9, 2, 1)))).toThrow(DimensionError);
    expect(() => applySketch(ok, denseFromRows(randnArray(9, 2, 1)))).toThrow(/A has 9 rows but the sketch has 10 columns/);
    const bad = randnArray(10, 2, 1);
    bad[3][1] = NaN;
    expect(() => applySketch(ok, bad)).toThrow(NonFiniteError);
    expect(() => applySketch(ok, new Float64Array(9))).toThrow(/x has length 9/);
    expect(() => applySketchRight(randnArray(3, 9, 1), ok)).toThrow(/A has 9 columns/);
    expect(() => materializeBlock(ok, 0, 5, 0, 2)).toThrow(InvalidArgumentError);
    expect(() => materializeBlock(ok, 2, 1, 0, 2)).toThrow(InvalidArgumentError);
  });
});

describe('E[SᵀS] = I for every kind', () => {
  // ALGORITHMS.md §0.3 universal check: n = 16, m = 8, T = 2000 independent draws (seeds 0..T−1).
  // Each of the 256 entries of the mean of SᵀS must lie within 5 standard errors of I. Under the
  // CLT a single entry leaves that band with probability 5.7e-7; over 256 entries × 8 kinds the
  // false-alarm probability is ≤ 1.2e-3. Entries whose sample variance is 0 (the diagonal of
  // constant-modulus sketches) must equal the identity to rounding.
  const T = 2000;
  const n = 16;
  const m = 8;
  for (const kindSpec of allKinds(m, n, 0)) {
    it(kindSpec.kind, () => {
      const samples: Float64Array[] = Array.from({ length: n * n }, () => new Float64Array(T));
      for (let t = 0; t < T; t++) {
        const S = materialize({ ...kindSpec, seed: t });
        for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
          let s = 0;
          for (let i = 0; i < m; i++) s += S.data[a * m + i] * S.data[b * m + i];
          samples[a * n + b][t] = s;
        }
      }
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
        const { mean, se } = meanAndSe(samples[a * n + b]);
        const target = a === b ? 1 : 0;
        if (se < 1e-12) expect(Math.abs(mean - target)).toBeLessThan(1e-12);
        else expect(Math.abs(mean - target)).toBeLessThanOrEqual(5 * se);
      }
    });
  }
});

describe('materialize and materializeBlock', () => {
  it('every block equals the same block of materialize, bit for bit', () => {
    for (const spec of allKinds(7, 24, 11)) {
      const S = materialize(spec);
      for (const [r0, r1, c0, c1] of [[0, 7, 0, 24], [2, 5, 3, 17], [6, 7, 23, 24], [0, 0, 0, 3], [1, 4, 5, 5]]) {
        const B = materializeBlock(spec, r0, r1, c0, c1);
        const ref = subMatrix(S, r0, r1, c0, c1);
        const want: number[] = [];
        for (let j = 0; j < ref.cols; j++) for (let i = 0; i < ref.rows; i++) want.push(ref.data[ref.offset + i + j * ref.colStride]);
        expect(bitEqual(B.data, want), `${spec.kind} block ${[r0, r1, c0, c1]}`).toBe(true);
      }
    }
  });

  it('the same seed gives the same operator; another seed another', () => {
    for (const spec of allKinds(5, 16, 3)) {
      expect(bitEqual(materialize(spec).data, materialize({ ...spec }).data)).toBe(true);
      expect(bitEqual(materialize(spec).data, materialize({ ...spec, seed: 4 }).data)).toBe(false);
    }
  });

  it('SRHT equals its dense definition √(N/m)·R·H_N·D for n = 12 (N = 16)', () => {
    const n = 12, N = 16, m = 5;
    const spec: SketchSpec = { kind: 'srht', rows: m, cols: n, seed: 9 };
    const S = materialize(spec);
    // Recover D from the first row, R from matching rows of the Sylvester Hadamard matrix.
    const H = (r: number, c: number) => { let x = r & c, p = 0; while (x) { p ^= x & 1; x >>= 1; } return p ? -1 : 1; };
    const scale = Math.sqrt(N / m) / Math.sqrt(N);
    for (let k = 0; k < m; k++) {
      const rowK = Array.from({ length: n }, (_, j) => S.data[j * m + k]);
      // Every entry is ±1/√m.
      for (const v of rowK) expect(Math.abs(Math.abs(v) - 1 / Math.sqrt(m))).toBeLessThan(1e-15);
    }
    // Brute force: find D (from row 0 with each candidate R_0) such that every row is a Hadamard row times D.
    let found = false;
    for (let r0 = 0; r0 < N && !found; r0++) {
      const D = Array.from({ length: n }, (_, j) => Math.sign(S.data[j * m]) * H(r0, j));
      const rows: number[] = [];
      for (let k = 0; k < m; k++) {
        for (let r = 0; r < N; r++) {
          let ok = true;
          for (let j = 0; j < n && ok; j++) ok = Math.abs(S.data[j * m + k] - scale * H(r, j) * D[j]) < 1e-15;
          if (ok) { rows.push(r); break; }
        }
      }
      if (rows.length === m && new Set(rows).size === m) found = true;
    }
    expect(found).toBe(true);
  });
});

describe('applySketch equals materialize(S)·A', () => {
  it('dense input, every kind, several block sizes', () => {
    const A = randnArray(40, 3, 5);
    for (const spec of [...allKinds(6, 40, 2), ...allKinds(6, 40, 2, { blockRows: 8 })]) {
      const S = rowsOf(materialize(spec));
      const ref = naiveMatmul(S, A);
      const got = rowsOf(applySketch(spec, A));
      // |error| ≤ c·n·ε·Σ|S_ij||A_jk|, bounded crudely by n·ε·max|S|·Σ|A| with c = 4.
      expect(maxAbsDiff(got, ref), spec.kind).toBeLessThan(4 * 40 * 2.2e-16 * 10 * 40 * 4);
    }
  });

  it('a vector gives a vector', () => {
    const x = Float64Array.from(randnArray(32, 1, 3).flat());
    for (const spec of allKinds(5, 32, 1)) {
      const y = applySketch(spec, x);
      expect(y).toBeInstanceOf(Float64Array);
      const ref = naiveMatmul(rowsOf(materialize(spec)), Array.from(x, (v) => [v])).map((r) => r[0]);
      expect(maxAbsDiff(y, ref)).toBeLessThan(1e-12);
    }
  });

  it('CSR input equals its dense copy (to rounding) and never mutates it', () => {
    const rnd = testRandom(8);
    const A = randnArray(50, 4, 8).map((r) => r.map((v) => (rnd() < 0.7 ? 0 : v)));
    const Acsr = csrFromDense(A);
    const before = Acsr.values.slice();
    for (const spec of [...allKinds(6, 50, 4), ...allKinds(6, 50, 4, { blockRows: 16 })]) {
      const a = applySketch(spec, Acsr);
      const b = applySketch(spec, A);
      expect(maxAbsDiff(a.data, b.data), spec.kind).toBeLessThan(1e-12);
    }
    expect(bitEqual(Acsr.values, before)).toBe(true);
    expect(maxAbsDiff(rowsOf(csrToDense(Acsr)), A)).toBe(0);
  });

  it('applySketchRight(A, S) = A·Sᵀ', () => {
    const A = randnArray(3, 24, 6);
    for (const spec of allKinds(5, 24, 7)) {
      const ref = naiveMatmul(A, naiveTranspose(rowsOf(materialize(spec))));
      expect(maxAbsDiff(rowsOf(applySketchRight(A, spec)), ref), spec.kind).toBeLessThan(1e-12);
      expect(maxAbsDiff(rowsOf(applySketchRight(csrFromDense(A), spec)), ref), spec.kind).toBeLessThan(1e-12);
    }
  });

  it('linearity: S(αX + βY) = αSX + βSY within rounding (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), fc.integer({ min: 0, max: 1000 }), (k, alpha, beta, seed) => {
        const spec = allKinds(4, 16, seed)[k];
        const X = randnArray(16, 2, seed), Y = randnArray(16, 2, seed + 1);
        const Z = X.map((r, i) => r.map((v, j) => alpha * v + beta * Y[i][j]));
        const SX = rowsOf(applySketch(spec, X)), SY = rowsOf(applySketch(spec, Y));
        const lhs = rowsOf(applySketch(spec, Z));
        const rhs = SX.map((r, i) => r.map((v, j) => alpha * v + beta * SY[i][j]));
        return maxAbsDiff(lhs, rhs) < 1e-12 * 16 * 20;
      }),
    );
  });

  it('inputs are never mutated', () => {
    const A = denseFromRows(randnArray(20, 3, 1));
    const copy = A.data.slice();
    for (const spec of allKinds(4, 20, 1)) applySketch(spec, A);
    expect(bitEqual(A.data, copy)).toBe(true);
  });
});

describe('sketchStream: any chunking and order gives the one-shot result bit for bit', () => {
  function chunks(n: number, seed: number): Array<[number, number]> {
    const rnd = testRandom(seed);
    const cuts = [0];
    while (cuts[cuts.length - 1] < n) cuts.push(Math.min(n, cuts[cuts.length - 1] + 1 + Math.floor(rnd() * 13)));
    const parts: Array<[number, number]> = [];
    for (let i = 0; i + 1 < cuts.length; i++) parts.push([cuts[i], cuts[i + 1]]);
    for (let i = parts.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [parts[i], parts[j]] = [parts[j], parts[i]]; }
    return parts;
  }

  it('dense rows, every kind, random chunkings and orders (fast-check)', () => {
    const n = 70;
    const A = denseFromRows(randnArray(n, 3, 2));
    const specs: SketchSpec[] = allKinds(5, n, 3, { blockRows: 8 }).filter((s) => s.kind !== 'tensor');
    specs.push({ kind: 'tensor', rows: 5, cols: n, seed: 3, factors: [7, 10], blockRows: 8 } as SketchSpec);
    const oneShot = specs.map((s) => applySketch(s, A).data);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const parts = chunks(n, seed);
        return specs.every((spec, k) => {
          const acc = sketchStream(spec);
          for (const [a, b] of parts) acc.push(subMatrix(A, a, b, 0, 3), a);
          return bitEqual(acc.result().data, oneShot[k]);
        });
      }),
      { numRuns: 25 },
    );
  });

  it('CSR rows: streamed equals applySketch on the CSR matrix, bit for bit', () => {
    const n = 60;
    const rnd = testRandom(4);
    const rows = randnArray(n, 4, 4).map((r) => r.map((v) => (rnd() < 0.6 ? 0 : v)));
    const Acsr = csrFromDense(rows);
    for (const spec of allKinds(6, n, 5, { blockRows: 16 })) {
      const want = applySketch(spec, Acsr).data;
      for (const seed of [1, 2, 3]) {
        const acc = sketchStream(spec);
        for (const [a, b] of chunks(n, seed)) acc.push(csrFromDense(rows.slice(a, b)), a);
        expect(bitEqual(acc.result().data, want), spec.kind).toBe(true);
      }
    }
  });

  it('pushes of many whole blocks (reduced as aligned subtrees of the tree), dense and CSR, every kind', () => {
    // blockRows 8, n = 203 (26 blocks, the last of 3 rows): chunks cut at 1 … 96 rows, so a push
    // holds runs of up to 12 whole blocks, aligned or not, with partial blocks at either end.
    const n = 203, d = 3;
    const A = denseFromRows(randnArray(n, d, 31));
    const rnd = testRandom(32);
    const rows = randnArray(n, d, 33).map((r) => r.map((v) => (rnd() < 0.5 ? 0 : v)));
    const C = csrFromDense(rows);
    const specs: SketchSpec[] = allKinds(5, n, 7, { blockRows: 8 }).filter((s) => s.kind !== 'tensor');
    specs.push({ kind: 'tensor', rows: 5, cols: n, seed: 7, factors: [7, 29], blockRows: 8 } as SketchSpec);
    for (const cutSeed of [1, 2, 3]) {
      const u = testRandom(40 + cutSeed);
      const cuts = [0];
      while (cuts[cuts.length - 1] < n) cuts.push(Math.min(n, cuts[cuts.length - 1] + 1 + Math.floor(u() * 96)));
      const parts = cuts.slice(1).map((c, i) => [cuts[i], c] as const).reverse();
      for (const spec of specs) {
        const dense = sketchStream(spec);
        const csr = sketchStream(spec);
        for (const [a, b] of parts) {
          dense.push(subMatrix(A, a, b, 0, d), a);
          csr.push(csrFromDense(rows.slice(a, b)), a);
        }
        expect(bitEqual(dense.result().data, applySketch(spec, A).data), `${spec.kind} dense, cuts ${cutSeed}`).toBe(true);
        expect(bitEqual(csr.result().data, applySketch(spec, C).data), `${spec.kind} CSR, cuts ${cutSeed}`).toBe(true);
      }
    }
  });

  it('accumulators over disjoint rows merge to the same bits, in any merge order; state survives JSON', () => {
    const n = 100;
    const A = randnArray(n, 2, 9);
    for (const spec of allKinds(4, n, 6, { blockRows: 8 })) {
      const want = applySketch(spec, A).data;
      const parts = chunks(n, 17);
      const accs = [sketchStream(spec), sketchStream(spec), sketchStream(spec)];
      parts.forEach(([a, b], i) => accs[i % 3].push(A.slice(a, b), a));
      // Round-trip one accumulator through JSON mid-stream.
      const revived = SketchAccumulator.fromState(JSON.parse(JSON.stringify(accs[1].state())));
      const merged = accs[2].merge(revived).merge(accs[0]);
      expect(bitEqual(merged.result().data, want), spec.kind).toBe(true);
    }
  });

  it('rejects rows pushed twice, rows past n, a changed width, and result() before the end', () => {
    const spec: SketchSpec = { kind: 'countsketch', rows: 4, cols: 20, seed: 1, blockRows: 8 };
    const acc = sketchStream(spec);
    acc.push(randnArray(5, 2, 1), 0);
    expect(() => acc.push(randnArray(2, 2, 1), 4)).toThrow(/row 4 was pushed twice/);
    expect(() => acc.push(randnArray(2, 2, 1), 19)).toThrow(DimensionError);
    expect(() => acc.push(randnArray(2, 3, 1), 6)).toThrow(/3 columns but earlier blocks had 2/);
    expect(() => acc.result()).toThrow(/only 5 of 20 rows/);
    expect(acc.rowsReceived).toBe(5);
  });
});

describe('tensor sketch', () => {
  it('applyTensorSketch(S, X, Y) equals S applied to the column-wise Kronecker products', () => {
    const n1 = 6, n2 = 5, d = 3, m = 9;
    const spec: SketchSpec = { kind: 'tensor', rows: m, cols: n1 * n2, seed: 2, factors: [n1, n2] };
    const X = randnArray(n1, d, 1), Y = randnArray(n2, d, 2);
    const K = Array.from({ length: n1 * n2 }, (_, j) => Array.from({ length: d }, (_, c) => X[Math.floor(j / n2)][c] * Y[j % n2][c]));
    const ref = rowsOf(applySketch(spec, K));
    expect(maxAbsDiff(rowsOf(applyTensorSketch(spec, X, Y)), ref)).toBeLessThan(1e-12);
    expect(() => applyTensorSketch({ kind: 'gaussian', rows: 2, cols: 30, seed: 1 }, X, Y)).toThrow(InvalidArgumentError);
    expect(() => applyTensorSketch(spec, Y, X)).toThrow(DimensionError);
  });
});

describe('jlMinDim and oceDeviation', () => {
  it('matches scikit-learn johnson_lindenstrauss_min_dim', () => {
    // Values from sklearn's docstring: (1e6, 0.5) → 663; (1e6, 0.1) → 11841.
    expect(jlMinDim(1e6, 0.5)).toBe(663);
    expect(jlMinDim(1e6, 0.1)).toBe(11841);
    expect(jlMinDim(1, 0.5)).toBe(0);
    expect(() => jlMinDim(0, 0.5)).toThrow(InvalidArgumentError);
    expect(() => jlMinDim(10, 1)).toThrow(InvalidArgumentError);
    expect(() => jlMinDim(10, 0)).toThrow(InvalidArgumentError);
  });

  it('CountSketch on coordinate vectors deviates by exactly 0 or 1 (a collision); the max is 1 when m < n', () => {
    const n = 64;
    const I = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
    const r = oceDeviation({ kind: 'countsketch', rows: 16, cols: n, seed: 1 }, I, I);
    for (const v of r.values) expect(v === 0 || Math.abs(v - 1) < 1e-15).toBe(true);
    expect(r.max).toBe(1);
    const g = oceDeviation({ kind: 'gaussian', rows: 16, cols: n, seed: 1 }, I, I);
    expect(g.max).toBeLessThan(2.5);
    expect(g.median).toBeGreaterThan(0);
  });
});

describe('transpose views and strides', () => {
  it('a row-major or transposed input gives the same bits as its column-major copy', () => {
    const rows = randnArray(30, 4, 12);
    const colMajor = denseFromRows(rows);
    const rowMajorData = Float64Array.from(rows.flat());
    const rowMajor: DenseMatrix = { kind: 'dense', rows: 30, cols: 4, data: rowMajorData, offset: 0, rowStride: 4, colStride: 1 };
    const viaT = transpose(fromColMajor(4, 30, Float64Array.from(naiveTranspose(naiveTranspose(rows)).flat())));
    for (const spec of allKinds(5, 30, 1).filter((s) => s.kind !== 'tensor')) {
      const a = applySketch(spec, colMajor).data;
      expect(maxAbsDiff(applySketch(spec, rowMajor).data, a)).toBeLessThan(1e-13);
      expect(maxAbsDiff(applySketch(spec, viaT).data, a)).toBeLessThan(1e-13);
    }
  });
});
