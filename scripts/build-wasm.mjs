// Compiles the WebAssembly SIMD modules (AssemblyScript) and writes each, base64-encoded with its
// SHA-256, into a TypeScript file that is committed, so that neither the library nor its users
// need AssemblyScript at run time:
//   assembly/kernels.ts → src/core/kernels/wasm-binary.ts         (gemm, FWHT, sparse scatter)
//   assembly/random.ts  → src/core/kernels/wasm-random-binary.ts  (normals, uniforms; imports the memory
//                                                                  of the kernel module)
//   assembly/sparse.ts  → src/core/kernels/wasm-sparse-binary.ts  (sparse sketches of CSR input; imports
//                                                                  the memory of the kernel module)
//   assembly/rows.ts    → src/core/kernels/wasm-rows-binary.ts    (the same, row-major layout; imports
//                                                                  the memory of the kernel module)
//   assembly/columns.ts → src/core/kernels/wasm-columns-binary.ts (the very sparse sketch's columns;
//                                                                  imports the memory of the kernel module)
//
//   node scripts/build-wasm.mjs          # (re)generate the files
//   node scripts/build-wasm.mjs --check  # exit 1 if a committed file differs from a fresh build
//
// The output is deterministic (same source and compiler version → same bytes), and a file is
// rewritten only when its content changes. `compileKernels`, `compileModule`, `renderBinaryModule`
// and `MODULES` are also imported by the tests that check the committed binaries against their
// sources.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Compiler flags: full optimisation, 128-bit SIMD, the allocation-free stub runtime, no
 * assertion code, and the (growable, no maximum) memory exported as `memory`. Relaxed SIMD
 * stays off: its fused multiply–add would change the rounding of the products.
 */
export const ASC_FLAGS = ['-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd', '--initialMemory', '1'];

/**
 * The modules: source, generated file, the name of its constants, extra flags. The random and
 * sparse modules import the kernel module's memory (`env.memory`), so they work where the kernels
 * read; the random module is optimised with shrink level 1, which keeps it below 4 KB (4073 bytes) at
 * the same speed.
 */
export const MODULES = [
  { source: 'assembly/kernels.ts', target: 'src/core/kernels/wasm-binary.ts', name: 'WASM_KERNELS', what: 'WebAssembly SIMD kernels', flags: [] },
  { source: 'assembly/random.ts', target: 'src/core/kernels/wasm-random-binary.ts', name: 'WASM_RANDOM', what: 'WebAssembly SIMD normal and uniform generator', flags: ['--importMemory', '--shrinkLevel', '1'] },
  { source: 'assembly/sparse.ts', target: 'src/core/kernels/wasm-sparse-binary.ts', name: 'WASM_SPARSE', what: 'WebAssembly kernels of the sparse sketches on CSR input', flags: ['--importMemory'] },
  { source: 'assembly/rows.ts', target: 'src/core/kernels/wasm-rows-binary.ts', name: 'WASM_ROWS', what: 'WebAssembly kernels of the sparse sketches on CSR input, row-major layout', flags: ['--importMemory'] },
  { source: 'assembly/columns.ts', target: 'src/core/kernels/wasm-columns-binary.ts', name: 'WASM_COLUMNS', what: 'WebAssembly generator of the very sparse sketch\'s columns', flags: ['--importMemory'] },
];
export const SOURCE = MODULES[0].source;
export const TARGET = MODULES[0].target;

/** Compiles one module's source in memory and returns its bytes. */
export async function compileModule(mod) {
  const outputs = new Map();
  const stderr = asc.createMemoryStream();
  const result = await asc.main([mod.source, ...ASC_FLAGS, ...mod.flags, '--outFile', 'out.wasm'], {
    stdout: asc.createMemoryStream(),
    stderr,
    // Only the sources under assembly/ are served (the module and what it imports, such as
    // assembly/philox8.ts): no asconfig.json or other file of the working directory can change
    // the output (the standard library is bundled with asc).
    readFile: (name) => (/^assembly\/[a-z0-9]+\.ts$/.test(name) && existsSync(join(root, name)) ? readFileSync(join(root, name), 'utf8') : null),
    writeFile: (name, contents) => {
      outputs.set(name, contents);
    },
    listFiles: () => [],
  });
  if (result.error) throw new Error(`asc failed on ${mod.source}: ${result.error.message}\n${stderr.toString()}`);
  const bytes = outputs.get('out.wasm');
  if (!(bytes instanceof Uint8Array)) throw new Error(`asc produced no binary for ${mod.source}\n${stderr.toString()}`);
  return bytes;
}

/** Compiles assembly/kernels.ts in memory and returns the module bytes. */
export function compileKernels() {
  return compileModule(MODULES[0]);
}

/** SHA-256 of the bytes, lowercase hex. */
export function sha256Hex(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The text of src/core/kernels/wasm-binary.ts for the given module bytes. */
export function renderBinaryModule(bytes, mod = MODULES[0]) {
  const b64 = Buffer.from(bytes).toString('base64');
  const lines = [];
  for (let i = 0; i < b64.length; i += 96) lines.push(`  '${b64.slice(i, i + 96)}',`);
  return `// generated by scripts/build-wasm.mjs from ${mod.source}; do not edit
/**
 * The compiled ${mod.what} (see ${mod.source}), embedded so that the library
 * loads them synchronously in Node and in browsers without fetching a file.
 *
 * @internal
 * @module
 */

/** The module bytes (${bytes.length} bytes), base64-encoded. @internal */
export const ${mod.name}_BASE64 = [
${lines.join('\n')}
].join('');

/** SHA-256 of the module bytes, lowercase hex. @internal */
export const ${mod.name}_SHA256 = '${sha256Hex(bytes)}';
`;
}

async function main() {
  let stale = false;
  for (const mod of MODULES) {
    const bytes = await compileModule(mod);
    const text = renderBinaryModule(bytes, mod);
    const target = join(root, mod.target);
    const old = existsSync(target) ? readFileSync(target, 'utf8') : null;
    if (process.argv.includes('--check')) {
      if (old !== text) {
        console.error(`${mod.target} is out of date: run node scripts/build-wasm.mjs`);
        stale = true;
      } else {
        console.log(`${mod.target} is up to date (sha256 ${sha256Hex(bytes)})`);
      }
      continue;
    }
    if (old === text) continue; // quiet, so that `npm run build --silent` stays silent
    writeFileSync(target, text);
    console.log(`wrote ${mod.target} (${bytes.length} bytes, sha256 ${sha256Hex(bytes)})`);
  }
  if (stale) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
