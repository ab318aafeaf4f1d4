// Normals per second: randnla's counter-based fillNormal (Philox4x32-10 + Box–Muller, any
// slice computable on its own) against seedrandom's sequential generators with the same
// Box–Muller transform (both outputs of each pair used, u1 mapped into (0, 1]).
// Also uniforms, Rademacher signs, integers and weighted sampling for reference, and randnla's own
// x^y, e^x and ln x against Math's.
// Run: npm run build && node bench/rng.bench.mjs   (or via bench/run.mjs)
import seedrandom from 'seedrandom';
import { runBench, sink } from './harness.mjs';
import { aliasTable, fillIntegers, fillNormal, fillRademacher, fillUniform, rngFromSeed, sampleAlias } from '../dist/rng/index.js';
import { expDet, lnDet, powPositive } from '../dist/rng/elementary.js';

const N = 1e6;
const out = new Float64Array(N);
const ints = new Int32Array(N);
const state = rngFromSeed(2024);
let start = 0;

/** Box–Muller over a seedrandom generator, writing both normals of each pair. */
function boxMuller(rng) {
  return () => {
    for (let i = 0; i < N; i += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - rng()));
      const t = 2 * Math.PI * rng();
      out[i] = r * Math.cos(t);
      out[i + 1] = r * Math.sin(t);
    }
    return sink(out[N - 1]);
  };
}

function uniformsOf(rng) {
  return () => {
    for (let i = 0; i < N; i++) out[i] = rng();
    return sink(out[N - 1]);
  };
}

// New positions every call, so nothing can be cached between iterations.
const ours = (fill) => () => {
  fill(state, start, out);
  start += N;
  return sink(out[N - 1]);
};

const weights = Float64Array.from({ length: 1000 }, (_, i) => 1 + (i % 7));

// randnla's own x^y, e^x and ln x (the same bits in every engine) against Math's: the ℓp
// residual weights |r|^(p−2), Lewis weights e^u, over 10⁶ arguments spread over 12 decades.
const args = Float64Array.from({ length: N }, (_, i) => 10 ** (-6 + (12 * i) / N));
const expArgs = Float64Array.from({ length: N }, (_, i) => -700 + (1400 * i) / N);
function elementwise(f, xs) {
  return () => {
    for (let i = 0; i < N; i++) out[i] = f(xs[i]);
    return sink(out[N - 1]);
  };
}
const table = aliasTable(weights);

await runBench('rng', [
  {
    name: 'x^(−0.5) 1e6 (ℓp weights, p = 1.5)',
    ours: { label: 'randnla powPositive', fn: elementwise((x) => powPositive(x, -0.5), args) },
    peers: [{ label: 'Math.pow (last bit per engine)', fn: elementwise((x) => Math.pow(x, -0.5), args) }],
    items: N,
  },
  {
    name: 'e^x 1e6',
    ours: { label: 'randnla expDet', fn: elementwise(expDet, expArgs) },
    peers: [{ label: 'Math.exp (last bit per engine)', fn: elementwise(Math.exp, expArgs) }],
    items: N,
  },
  {
    name: 'ln x 1e6',
    ours: { label: 'randnla lnDet', fn: elementwise(lnDet, args) },
    peers: [{ label: 'Math.log (last bit per engine)', fn: elementwise(Math.log, args) }],
    items: N,
  },
  {
    name: 'normals 1e6',
    ours: { label: 'randnla fillNormal', fn: ours(fillNormal) },
    peers: [
      { label: 'seedrandom alea + Box–Muller', fn: boxMuller(seedrandom.alea('2024')) },
      { label: 'seedrandom xor128 + Box–Muller', fn: boxMuller(seedrandom.xor128('2024')) },
      { label: 'seedrandom ARC4 + Box–Muller', fn: boxMuller(seedrandom('2024')) },
    ],
    items: N,
  },
  {
    name: 'uniforms 1e6',
    ours: { label: 'randnla fillUniform', fn: ours(fillUniform) },
    peers: [
      { label: 'seedrandom alea', fn: uniformsOf(seedrandom.alea('2024')) },
      { label: 'seedrandom xor128', fn: uniformsOf(seedrandom.xor128('2024')) },
    ],
    items: N,
  },
  {
    name: 'signs 1e6',
    ours: { label: 'randnla fillRademacher', fn: ours(fillRademacher) },
    peers: [
      {
        label: 'seedrandom xor128 int32 bits',
        fn: (() => {
          const rng = seedrandom.xor128('2024');
          return () => {
            for (let i = 0; i < N; i += 32) {
              const w = rng.int32();
              for (let b = 0; b < 32 && i + b < N; b++) out[i + b] = (w >>> b) & 1 ? -1 : 1;
            }
            return sink(out[N - 1]);
          };
        })(),
      },
    ],
    items: N,
  },
  {
    name: 'integers in [0, 1000) 1e6',
    ours: {
      label: 'randnla fillIntegers',
      fn: () => {
        fillIntegers(state, start, 1000, ints);
        start += N;
        return sink(ints[N - 1]);
      },
    },
    peers: [
      {
        label: 'seedrandom xor128, ⌊u·n⌋',
        fn: (() => {
          const rng = seedrandom.xor128('2024');
          return () => {
            for (let i = 0; i < N; i++) ints[i] = Math.floor(rng() * 1000);
            return sink(ints[N - 1]);
          };
        })(),
      },
    ],
    items: N,
  },
  {
    name: 'weighted draws 1e6 (n = 1000)',
    ours: {
      label: 'randnla sampleAlias',
      fn: () => {
        const d = sampleAlias(table, state, start, N);
        start += N;
        return sink(d);
      },
    },
    items: N,
  },
]);
