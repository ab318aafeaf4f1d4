// Runs every bench/*.bench.mjs file (or those named on the command line) in several separate
// Node processes and reports the median over processes of each case's median time: JIT
// quality varies from one process to the next, so one process is not a measurement.
//
//   npm run bench                      # all files, BENCH_PROCS=3 processes each
//   npm run bench -- gemm lstsq        # only files whose name contains one of the words (factor: QR, SVD)
//   BENCH_PROCS=5 npm run bench
import { spawnSync } from 'node:child_process';
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const procs = Number(process.env.BENCH_PROCS ?? 3);
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}`;
console.log(`machine: ${machine}\nprocesses per file: ${procs}\n`);

const all = [];
for (const f of files) {
  const runs = [];
  for (let p = 0; p < procs; p++) {
    process.stderr.write(`${f}: process ${p + 1}/${procs}\r`);
    const r = spawnSync(process.execPath, [join(here, f), '--json'], { encoding: 'utf8', maxBuffer: 64 << 20, env: process.env });
    if (r.status !== 0) {
      console.error(`${f} failed:\n${r.stderr}`);
      process.exitCode = 1;
      break;
    }
    runs.push(r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)));
  }
  process.stderr.write(' '.repeat(40) + '\r');
  if (runs.length === 0) continue;
  const byKey = new Map();
  for (const run of runs) for (const rec of run) {
    const k = `${rec.case}\u0000${rec.label}`;
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k).push(rec);
  }
  console.log(`## ${f}\n`);
  console.log('| case | implementation | median time | throughput | peer / randnla |');
  console.log('|---|---|---|---|---|');
  const oursMed = new Map();
  for (const [k, recs] of byKey) {
    const t = median(recs.map((r) => r.medianSec));
    const r0 = recs[0];
    if (r0.role === 'ours') oursMed.set(r0.case, t);
    const scale = t / r0.medianSec;
    const thr = r0.gflops !== undefined ? `${(r0.gflops / scale).toFixed(2)} GFLOP/s` : r0.itemsPerSec !== undefined ? `${(r0.itemsPerSec / scale / 1e6).toFixed(1)} M/s` : '';
    const ratio = r0.role === 'peer' && oursMed.has(r0.case) ? `${(t / oursMed.get(r0.case)).toFixed(2)}×` : '';
    const time = t >= 1 ? `${t.toFixed(3)} s` : `${(t * 1e3).toFixed(2)} ms`;
    console.log(`| ${r0.case} | ${r0.label} | ${time} | ${thr} | ${ratio} |`);
    all.push({ file: f, case: r0.case, label: r0.label, role: r0.role, medianOfMediansSec: t, perProcessSec: recs.map((r) => r.medianSec) });
    void k;
  }
  console.log('');
}
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'latest.json'), JSON.stringify({ machine, procs, date: new Date().toISOString(), results: all }, null, 2));
