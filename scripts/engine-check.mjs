// Cross-engine reproducibility check: runs the computations of scripts/engine-cases.mjs (the
// generators, every sketch kind, and the solvers, sampling, regression, completion and structured
// functions built on them, on both kernel backends) in Node and in every headless
// browser found on this machine (Firefox: SpiderMonkey; Chromium: V8), and compares the results
// bit for bit. It also reports whether each engine loaded the four WebAssembly modules
// (`sparse` stands for the sparse module and the row-major one, which load together; a
// module a browser refuses, such as one above 4 KB compiled on the main thread, would fall back
// to TypeScript silently, with the same bits).
//
//   npm run check:engines             # build, then the check
//   RANDNLA_BROWSERS=firefox-esr node scripts/engine-check.mjs   # only these executables
//
// The browsers are not npm packages, so this is not part of `npm test`; on Debian:
//   apt-get install firefox-esr chromium
// Exit status: 0 when every engine found gives every bit, 1 when one differs or fails, 2 when no
// browser was found.
import { createServer } from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCases } from './engine-cases.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist/sketch/index.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}

/** How each browser is started headless on a URL, with a throwaway profile. */
const BROWSERS = [
  { exe: 'firefox-esr', engine: 'SpiderMonkey', args: (url, profile) => ['--headless', '--no-remote', '--profile', profile, url] },
  { exe: 'firefox', engine: 'SpiderMonkey', args: (url, profile) => ['--headless', '--no-remote', '--profile', profile, url] },
  { exe: 'chromium', engine: 'V8', args: (url, profile) => ['--headless=new', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, url] },
  { exe: 'google-chrome', engine: 'V8', args: (url, profile) => ['--headless=new', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, url] },
];
const wanted = process.env.RANDNLA_BROWSERS?.split(',').map((s) => s.trim()).filter(Boolean);
const found = BROWSERS.filter((b) => (wanted === undefined || wanted.includes(b.exe)) && spawnSync('which', [b.exe]).status === 0);
// One executable per engine family is enough when both names exist.
const browsers = found.filter((b, i) => found.findIndex((c) => c.engine === b.engine && c.exe.startsWith(b.exe.slice(0, 4))) === i);

const backendPath = join(root, 'dist/core/kernels/backend.js');
const MODULES = { core: 'core/index.js', rng: 'rng/index.js', sketch: 'sketch/index.js', sampling: 'sampling/index.js', regression: 'regression/index.js', completion: 'completion/portable.js', structured: 'structured/index.js', problems: 'problems/index.js' };
const lib = {};
for (const [k, f] of Object.entries(MODULES)) lib[k] = await import(join(root, 'dist', f));
const backend = await import(backendPath);
const modulesLoaded = (b) => ({ kernels: b.activeWasmKernels() !== null, random: b.activeWasmRandom() !== null, sparse: b.activeWasmSparse() !== null });
const tNode = performance.now();
const reference = runCases(lib);
const nodeMs = performance.now() - tNode;
lib.core.setKernelBackend('auto');
const nodeModules = modulesLoaded(backend);
console.log(`Node ${process.version} (V8): ${reference.length} cases in ${Math.round(nodeMs)} ms; WebAssembly modules loaded: ${JSON.stringify(nodeModules)}`);
const slowest = (cases) => [...cases].sort((a, b) => b.ms - a.ms).slice(0, 3).map((c) => `${c.name} ${Math.round(c.ms)} ms`).join('; ');
console.log(`  slowest: ${slowest(reference)}`);

if (browsers.length === 0) {
  console.log('no browser found (firefox-esr, firefox, chromium, google-chrome): nothing to compare');
  process.exit(2);
}

// CommonJS dependencies served as ES modules, through an import map.
const cjsShim = (file, names) =>
  'const module = { exports: {} };\nconst exports = module.exports;\nconst require = () => { throw new Error("no require in a browser"); };\n' +
  readFileSync(join(root, 'node_modules', file), 'utf8') +
  `\n;export default module.exports;\n${names.map((n) => `export const ${n} = module.exports.${n};`).join('\n')}\n`;
const shims = {
  '/shim/seedrandom.js': cjsShim('seedrandom/seedrandom.js', []),
  '/shim/ml-matrix.js': cjsShim('ml-matrix/matrix.umd.js', ['Matrix']),
};
// The check compares bits, not speed. Timings from headless Firefox are not representative
// here: in Firefox ESR 140 on this machine, once a page has imported any module (static or
// dynamic, even an empty one) the same plain Float64Array loop runs about 50× slower (52 ms
// before the import, 2.8 s after), so randnla's cases take minutes there against 2.5 s in V8.
const page = `<!doctype html><meta charset="utf-8"><title>randnla engine check</title>
<script type="importmap">{"imports":{"seedrandom":"/shim/seedrandom.js","ml-matrix":"/shim/ml-matrix.js"}}</script>
<script>
// A module that fails to load or throws reports here.
addEventListener('error', (e) => fetch('/result', { method: 'POST', body: JSON.stringify({ agent: navigator.userAgent, error: String(e.message) + ' | ' + (e.error && e.error.stack) }) }));
</script>
<script type="module">
${Object.entries(MODULES).map(([k, f]) => `import * as ${k} from '/dist/${f}';`).join('\n')}
import * as backend from '/dist/core/kernels/backend.js';
import { runCases } from '/scripts/engine-cases.mjs';
const post = (body) => fetch('/result', { method: 'POST', body: JSON.stringify(body) });
try {
  const lib = { ${Object.keys(MODULES).join(', ')} };
  const t0 = performance.now();
  const cases = runCases(lib);
  const ms = performance.now() - t0;
  lib.core.setKernelBackend('auto');
  const modules = { kernels: backend.activeWasmKernels() !== null, random: backend.activeWasmRandom() !== null, sparse: backend.activeWasmSparse() !== null };
  const b64 = (v) => { const u = new Uint8Array(v.buffer, v.byteOffset, v.byteLength); let s = ''; for (let i = 0; i < u.length; i += 8192) s += String.fromCharCode(...u.subarray(i, i + 8192)); return btoa(s); };
  await post({ agent: navigator.userAgent, ms, modules, cases: cases.map((c) => ({ name: c.name, ms: c.ms, data: b64(c.values) })) });
} catch (e) {
  await post({ agent: navigator.userAgent, error: String(e) + ' | ' + (e && e.stack) });
}
</script>`;

let pending = null; // resolves with the posted result of the browser under test
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'POST' && url.pathname === '/result') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      res.end('ok');
      pending?.(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    });
    return;
  }
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(page);
  }
  if (shims[url.pathname] !== undefined) {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
    return res.end(shims[url.pathname]);
  }
  const rel = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
  const allowed = (rel.startsWith('dist/') && rel.endsWith('.js')) || rel === 'scripts/engine-cases.mjs';
  if (!allowed || !existsSync(join(root, rel))) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
  res.end(readFileSync(join(root, rel)));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

/** Bit-level comparison of two Float64Arrays: null when equal, else where and by how much. */
function compare(want, got) {
  if (want.length !== got.length) return `length ${got.length}, expected ${want.length}`;
  const wb = new BigInt64Array(want.buffer, want.byteOffset, want.length);
  const gb = new BigInt64Array(got.buffer, got.byteOffset, got.length);
  let first = -1, count = 0, ulps = 0n;
  for (let i = 0; i < want.length; i++) {
    if (wb[i] !== gb[i]) {
      if (first < 0) first = i;
      count++;
      const dlt = wb[i] > gb[i] ? wb[i] - gb[i] : gb[i] - wb[i];
      if (dlt > ulps) ulps = dlt;
    }
  }
  return first < 0 ? null : `${count} of ${want.length} differ, first at ${first} (${got[first]} against ${want[first]}), up to ${ulps} ulp`;
}

let failed = false;
for (const b of browsers) {
  const profile = mkdtempSync(join(tmpdir(), 'randnla-engine-'));
  const result = new Promise((resolve) => { pending = resolve; });
  const child = spawn(b.exe, b.args(base, profile), { stdio: 'ignore' });
  const timeout = new Promise((resolve) => setTimeout(() => resolve({ error: 'no result within 900 s' }), 900_000));
  const r = await Promise.race([result, timeout]);
  child.kill('SIGKILL');
  await new Promise((res) => setTimeout(res, 300));
  rmSync(profile, { recursive: true, force: true });
  const version = spawnSync(b.exe, ['--version'], { encoding: 'utf8' }).stdout.trim().split('\n').pop();
  console.log(`\n${version} (${b.engine}), headless`);
  if (r.error !== undefined) {
    console.log(`  FAILED: ${r.error}`);
    failed = true;
    continue;
  }
  const modulesOk = r.modules.kernels && r.modules.random && r.modules.sparse;
  console.log(`  WebAssembly modules loaded: ${JSON.stringify(r.modules)}${modulesOk ? '' : '  (a module fell back to TypeScript)'}; cases ran in ${Math.round(r.ms)} ms`);
  if (!modulesOk) failed = true;
  let same = 0;
  for (const want of reference) {
    const c = r.cases.find((x) => x.name === want.name);
    if (c === undefined) {
      console.log(`  missing: ${want.name}`);
      failed = true;
      continue;
    }
    const bytes = Buffer.from(c.data, 'base64');
    const got = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const diff = compare(want.values, got);
    if (diff === null) same++;
    else {
      console.log(`  DIFFERS: ${want.name}: ${diff}`);
      failed = true;
    }
  }
  console.log(`  slowest: ${slowest(r.cases)}`);
  if (process.env.RANDNLA_TIMES) for (const c of r.cases) console.log(`  time ${c.name}: ${c.ms.toFixed(1)} ms (Node ${reference.find((x) => x.name === c.name)?.ms.toFixed(1)} ms)`);
  const values = reference.reduce((s, c) => s + c.values.length, 0);
  console.log(`  ${same} of ${reference.length} cases bit-identical to Node (${values} values in all)`);
}
server.close();
process.exit(failed ? 1 : 0);
