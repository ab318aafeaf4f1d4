// Benchmark harness: each case times randnla ("ours") and its peers in the same process with
// the `benchmark` package, and reports the median time per operation, the throughput and the
// ratio peer/ours (> 1 means randnla is faster).
//
// Usage in a bench file:
//   await runBench('gemm', [{ name, ours: { label, fn }, peers: [{ label, fn }], flops?, items?, note? }]);
// Run one file: `node bench/gemm.bench.mjs` (human table) or with `--json` (one JSON line per
// measurement, read by bench/run.mjs, which runs every file in several processes).
import Benchmark from 'benchmark';

const JSON_MODE = process.argv.includes('--json');
const MAX_TIME = Number(process.env.BENCH_MAX_TIME ?? 3);
const MIN_SAMPLES = Number(process.env.BENCH_MIN_SAMPLES ?? 5);
const ONLY = process.env.BENCH_ONLY ?? '';

/** Median of the per-operation times (seconds) in a Benchmark.js sample. */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function measure(fn) {
  // A slow operation (seconds) runs once per sample; Benchmark.js handles fast ones by cycling.
  const b = new Benchmark({ fn, maxTime: MAX_TIME, minSamples: MIN_SAMPLES, initCount: 1 });
  b.run({ async: false });
  if (b.error) throw b.error;
  return { medianSec: median(b.stats.sample), samples: b.stats.sample.length, rme: b.stats.rme };
}

function fmtTime(s) {
  if (s >= 1) return `${s.toFixed(3)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toFixed(3)} ms`;
  return `${(s * 1e6).toFixed(2)} µs`;
}

/**
 * Runs the cases and prints the results.
 * @param {string} file  name of the bench file (for the JSON records)
 * @param {Array<{name: string, ours: {label: string, fn: () => unknown}, peers?: Array<{label: string, fn: () => unknown}>, flops?: number, items?: number, note?: string}>} cases
 */
export async function runBench(file, cases) {
  const records = [];
  for (const c of cases) {
    if (ONLY && !c.name.includes(ONLY)) continue;
    const entries = [{ ...c.ours, role: 'ours' }, ...(c.peers ?? []).map((p) => ({ ...p, role: 'peer' }))];
    const results = [];
    for (const e of entries) {
      const r = measure(e.fn);
      results.push({ ...r, label: e.label, role: e.role });
    }
    const ours = results[0];
    if (!JSON_MODE) {
      console.log(`\n${file} · ${c.name}${c.note ? `  (${c.note})` : ''}`);
    }
    for (const r of results) {
      const rec = {
        file,
        case: c.name,
        label: r.label,
        role: r.role,
        medianSec: r.medianSec,
        samples: r.samples,
        gflops: c.flops ? c.flops / r.medianSec / 1e9 : undefined,
        itemsPerSec: c.items ? c.items / r.medianSec : undefined,
        ratioPeerOverOurs: r.role === 'peer' ? r.medianSec / ours.medianSec : undefined,
      };
      records.push(rec);
      if (JSON_MODE) {
        process.stdout.write(JSON.stringify(rec) + '\n');
      } else {
        const rate = rec.gflops !== undefined ? `${rec.gflops.toFixed(2)} GFLOP/s` : rec.itemsPerSec !== undefined ? `${(rec.itemsPerSec / 1e6).toFixed(1)} M/s` : '';
        const ratio = rec.ratioPeerOverOurs !== undefined ? `randnla ${rec.ratioPeerOverOurs.toFixed(2)}× faster` : '';
        console.log(`  ${r.label.padEnd(40)} ${fmtTime(r.medianSec).padStart(12)}  ${rate.padStart(16)}  ${ratio}  (n=${r.samples})`);
      }
    }
  }
  return records;
}

/** Prevents dead-code elimination: fold a result into a global sink. */
let sinkValue = 0;
export function sink(x) {
  if (x && typeof x === 'object' && 'length' in x) sinkValue += x.length;
  else if (typeof x === 'number') sinkValue += x;
  else sinkValue += 1;
  return sinkValue;
}
