// The computations that scripts/engine-check.mjs runs in Node and in each browser it finds, to
// show that a seed gives the same bits in every JavaScript engine (V8, SpiderMonkey, …) and on
// both kernel backends: the generators, every sketch kind on dense and CSR input, the dense
// solvers, leverage scores, Lewis weights, ℓp sensitivities, sampling, distortion measures,
// least squares, ℓ∞ and ℓp regression, randomized SVD, matrix completion and structured
// matrices. This module runs unchanged in Node and in a browser: it takes the
// library's modules as an argument and imports nothing itself.
//
// Each case returns a Float64Array; the check compares them bit for bit (NaN payloads and the
// sign of zero included).

/**
 * @param {{ core: any, rng: any, sketch: any, sampling: any, regression: any, completion: any, structured: any }} lib
 *   the modules `randnla/core`, `randnla/rng`, `randnla/sketch`, `randnla/sampling`,
 *   `randnla/regression`, `randnla/completion/portable` and `randnla/structured`
 * @returns {{ name: string, values: Float64Array, ms: number }[]} (ms: the time of a case given as a function)
 */
export function runCases(lib) {
  const { core, rng, sketch } = lib;
  const out = [];
  // A case that throws gives one NaN, so that engines which disagree about throwing differ.
  const add = (name, values) => {
    let v;
    const t0 = performance.now();
    try {
      v = Float64Array.from(typeof values === 'function' ? values() : values);
    } catch {
      v = Float64Array.of(NaN);
    }
    out.push({ name, values: v, ms: performance.now() - t0 });
  };

  for (const backend of ['auto', 'js']) {
    core.setKernelBackend(backend);
    const tag = `[${backend}]`;

    // The generators: normals take randnla's own logarithm, sine and cosine.
    const normals = new Float64Array(4099);
    rng.fillNormal(rng.rngFromSeed(1), 17, normals);
    add(`${tag} fillNormal`, normals);
    const uniforms = new Float64Array(4099);
    rng.fillUniform(rng.rngFromSeed(2), 5, uniforms);
    add(`${tag} fillUniform`, uniforms);
    const signs = new Float64Array(1000);
    rng.fillRademacher(rng.rngFromSeed(3), 0, signs);
    add(`${tag} fillRademacher`, signs);

    // Inputs: a dense 300×7 matrix (column-major) and a CSR 300×40 matrix, from the generators.
    const n = 300, d = 7, dc = 40;
    const data = new Float64Array(n * d);
    rng.fillNormal(rng.rngFromSeed(4), 0, data);
    const A = { kind: 'dense', rows: n, cols: d, data, offset: 0, rowStride: 1, colStride: n };
    const u = new Float64Array(3 * 2000);
    rng.fillUniform(rng.rngFromSeed(5), 0, u);
    const I = [], J = [], V = [];
    for (let t = 0; t < 2000; t++) {
      I.push(Math.floor(u[3 * t] * n));
      J.push(Math.floor(u[3 * t + 1] * dc));
      V.push(u[3 * t + 2] - 0.5);
    }
    const C = core.csrFromCoo(n, dc, I, J, V);

    // Every kind, with leaves of 64 rows so that the reduction tree has depth.
    const m = 16;
    const kinds = [
      { kind: 'gaussian' },
      { kind: 'rademacher' },
      { kind: 'srht' },
      { kind: 'countsketch' },
      { kind: 'sparse-sign', zeta: 4 },
      { kind: 'sparse-stack', zeta: 4 },
      { kind: 'very-sparse' },
      { kind: 'very-sparse', s: 3 },
      { kind: 'orthogonal' },
      { kind: 'monarch' },
    ];
    for (const k of kinds) {
      const spec = { ...k, rows: m, cols: n, seed: 7, blockRows: 64 };
      const label = `${k.kind}${k.zeta ? ` ζ=${k.zeta}` : ''}${k.s ? ` s=${k.s}` : ''}`;
      add(`${tag} applySketch ${label}, dense`, sketch.applySketch(spec, A).data);
      add(`${tag} applySketch ${label}, CSR`, sketch.applySketch(spec, C).data);
    }
    // Very sparse columns of about 300 entries: draws past the first block of uniforms and past
    // the first block of signs (q ≥ 128), which the column module computes one at a time.
    add(`${tag} materializeBlock very-sparse s=1.01, m=300`, sketch.materializeBlock({ kind: 'very-sparse', rows: 300, cols: 40, seed: 5, s: 1.01 }, 0, 300, 0, 40).data);
    const tensor = { kind: 'tensor', rows: m, cols: 20 * 15, factors: [20, 15], seed: 8 };
    add(`${tag} materialize tensor`, sketch.materialize(tensor).data);
    add(`${tag} embeddingDistortion srht`, () => Object.values(sketch.embeddingDistortion({ kind: 'srht', rows: 64, cols: n, seed: 9 }, A)));

    // Dense linear algebra (Householder QR, SVD, symmetric eigenvalues, least squares).
    const Ad = A;
    add(`${tag} qr R`, core.qrR(core.qr(Ad)).data);
    // Above 128 reflectors QR and qrQ run blocked (compact WY through gemm).
    add(`${tag} qr blocked, 300×150: R, Q, and Qᵀ·B, Q·B for 5 columns`, () => {
      const Gb = new Float64Array(300 * 150);
      rng.fillNormal(rng.rngFromSeed(31), 0, Gb);
      const F = core.qr(core.fromColMajor(300, 150, Gb));
      const B5 = core.fromColMajor(300, 5, Gb.slice(0, 1500));
      return [...core.qrR(F).data, ...core.qrQ(F).data, ...core.applyQt(F, B5).data, ...core.applyQ(F, B5).data];
    });
    add(`${tag} svd`, () => { const r = core.svd(Ad); return [...r.s, ...r.U.data, ...r.V.data]; });
    // Above 64 columns with m ≥ 2n the tall SVD starts with a blocked QR.
    add(`${tag} svd blocked, 300×90`, () => {
      const Gs = new Float64Array(300 * 90);
      rng.fillNormal(rng.rngFromSeed(32), 0, Gs);
      const r = core.svd(core.fromColMajor(300, 90, Gs));
      return [...r.s, ...r.U.data, ...r.V.data];
    });
    add(`${tag} eigSym of AᵀA`, () => { const r = core.eigSym(core.gram(Ad)); return [...r.values, ...r.vectors.data]; });
    const b = new Float64Array(n);
    rng.fillNormal(rng.rngFromSeed(10), 0, b);
    add(`${tag} lstsqDense`, core.lstsqDense(Ad, b).x);
    // Above 64 columns with m ≥ 2n, the pivoted QR runs on the factor of a blocked QR.
    add(`${tag} lstsqDense blocked, 300×70`, () => {
      const Gl = new Float64Array(300 * 70);
      rng.fillNormal(rng.rngFromSeed(33), 0, Gl);
      const bl = new Float64Array(300);
      rng.fillNormal(rng.rngFromSeed(34), 0, bl);
      const r = core.lstsqDense(core.fromColMajor(300, 70, Gl), bl);
      return [...r.x, r.residualNorm];
    });
    add(`${tag} lsqr`, core.lsqr(Ad, b).x);

    // Sampling: leverage scores, Lewis weights, sensitivities, sampling.
    const S = lib.sampling;
    add(`${tag} leverageScores exact`, S.leverageScores(Ad).scores);
    add(`${tag} leverageScores approx`, S.leverageScores(Ad, { method: 'approx', seed: 11 }).scores);
    add(`${tag} leverageScores CSR`, S.leverageScores(C).scores);
    add(`${tag} lewisWeights p=1`, S.lewisWeights(Ad, 1).weights);
    add(`${tag} lewisWeights p=3`, S.lewisWeights(Ad, 3).weights);
    add(`${tag} lpSensitivities p=1`, () => S.lpSensitivities(Ad, 1, { seed: 12 }).sensitivities);
    add(`${tag} sensitivitySample p=1`, () => { const r = S.sensitivitySample(Ad, 1, 60, { seed: 13 }); return [...r.indices, ...r.weights]; });

    // Distortion measures: ℓp distortion of a row sample (grid in rank 2 and 3, random search
    // in rank 7), the OCE deviation, the JL dimension.
    const rows = S.sensitivitySample(Ad, 1, 80, { seed: 24 });
    const SA = { kind: 'dense', rows: rows.indices.length, cols: d, data: new Float64Array(rows.indices.length * d), offset: 0, rowStride: 1, colStride: rows.indices.length };
    for (let j = 0; j < d; j++) for (let k = 0; k < rows.indices.length; k++) SA.data[j * rows.indices.length + k] = rows.weights[k] * data[j * n + rows.indices[k]];
    const first = (M, r) => ({ ...M, cols: r });
    add(`${tag} lpDistortion grid rank 2`, () => { const r = S.lpDistortion(first(Ad, 2), first(SA, 2), 1.5, { method: 'grid' }); return [r.distortion, ...r.worstDirection]; });
    add(`${tag} lpDistortion grid rank 3`, () => { const r = S.lpDistortion(first(Ad, 3), first(SA, 3), 3, { method: 'grid' }); return [r.distortion, ...r.worstDirection]; });
    add(`${tag} lpDistortion random rank 7`, () => { const r = S.lpDistortion(Ad, SA, 1, { method: 'random', seed: 25 }); return [r.distortion, ...r.worstDirection]; });
    add(`${tag} oceDeviation`, () => { const r = sketch.oceDeviation({ kind: 'sparse-sign', rows: 32, cols: n, seed: 26 }, Ad, Ad); return [r.max, r.mean, r.median, ...r.values]; });
    add(`${tag} jlMinDim`, [sketch.jlMinDim(1e6, 0.1), sketch.jlMinDim(12345, 0.37), sketch.jlMinDim(7, 0.9)]);

    // Regression.
    const R = lib.regression;
    add(`${tag} lstsq sketch-and-precondition`, R.lstsq(Ad, b, { method: 'sketch-and-precondition', seed: 14 }).x);
    add(`${tag} lstsq CSR`, () => R.lstsq(C, b, { seed: 15 }).x);
    add(`${tag} linfRegression`, () => R.linfRegression(Ad, b, { eps: 0.5, delta: 0.1, seed: 16 }).x);
    add(`${tag} lpRegression p=1.5`, () => R.lpRegression(Ad, b, 1.5, { seed: 17 }).x);
    add(`${tag} lpRegression p=1`, () => R.lpRegression(Ad, b, 1, { seed: 18 }).x);

    // Completion and structured matrices.
    const Cm = lib.completion;
    add(`${tag} rsvd`, () => { const r = Cm.rsvd(Ad, 3, { seed: 19 }); return [...r.s, ...r.U.data, ...r.V.data]; });
    const lowRank = new Float64Array(40 * 30);
    const f = new Float64Array(40 * 2 + 30 * 2);
    rng.fillNormal(rng.rngFromSeed(20), 0, f);
    for (let j = 0; j < 30; j++) for (let i = 0; i < 40; i++) if ((i * 7 + j * 3) % 5 !== 0) lowRank[j * 40 + i] = f[i] * f[80 + j] + f[40 + i] * f[110 + j];
    const iO = [], jO = [], vO = [];
    for (let j = 0; j < 30; j++) for (let i = 0; i < 40; i++) if ((i * 7 + j * 3) % 5 !== 0) { iO.push(i); jO.push(j); vO.push(lowRank[j * 40 + i]); }
    add(`${tag} completeMatrix`, () => { const r = Cm.completeMatrix(Cm.observations(40, 30, iO, jO, vO), 2, { seed: 21 }); return [...r.singularValues, ...r.U.data, ...r.V.data]; });
    const T = lib.structured;
    add(`${tag} monarchProject`, () => { const M = new Float64Array(64 * 64); rng.fillNormal(rng.rngFromSeed(22), 0, M); const r = T.monarchProject(core.fromColMajor ? core.fromColMajor(64, 64, M) : { kind: 'dense', rows: 64, cols: 64, data: M, offset: 0, rowStride: 1, colStride: 64 }); return [r.error, r.relativeError]; });
    add(`${tag} randomOrthogonalOperator`, () => { const Q = T.randomOrthogonalOperator(50, 23); const x = new Float64Array(50); x[3] = 1; const y = new Float64Array(50); Q.apply(x, y); return y; });

    // The test matrices (randnla/problems): exp, pow, sine and cosine are randnla's own.
    const P = lib.problems;
    add(`${tag} heavyRowsMatrix`, () => P.heavyRowsMatrix(200, 3, 1.5, 24).data);
    add(`${tag} illCondMatrix`, () => P.illCondMatrix(60, 7, 1e8, 25).data);
    add(`${tag} lowRankMatrix`, () => P.lowRankMatrix(30, 20, 4, 7, 26).data);
    add(`${tag} circleMatrix`, () => P.circleMatrix(997).data);
    add(`${tag} sparseGaussMatrix`, () => { const S = P.sparseGaussMatrix(40, 30, 0.1, 27); return [...S.indptr, ...S.indices, ...S.values]; });
  }
  core.setKernelBackend('auto');
  return out;
}
