/**
 * The compute path is browser-safe: every module reachable by static imports from the
 * browser-facing entry points (the package root and the portable subpaths) is free of Node-only
 * APIs. Node-only modules (file helpers, the command line, the worker pool, the demo) must not be
 * reachable from them.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../src/', import.meta.url));
/** Entry points that must run in a browser (package.json subpaths minus the Node-only ones). */
const ENTRIES = [
  'index.ts',
  'core/index.ts',
  'rng/index.ts',
  'sketch/index.ts',
  'sampling/index.ts',
  'regression/index.ts',
  'structured/index.ts',
  'problems/index.ts',
  'completion/portable.ts',
  'io/portable.ts',
];
const BARE_OK = new Set(['seedrandom', 'ml-matrix']);
/** Node-only API uses; `globalThis.process?.…` (guarded feature detection) is allowed. */
const NODE_ONLY = [/from\s+'node:/, /\brequire\(/, /\bBuffer\b/, /(?<!globalThis\.)\bprocess\.(?!\?)/, /\b__dirname\b/, /\bimport\.meta\.dirname\b/];

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) out.push(m[1]);
  for (const m of src.matchAll(/^\s*import\s+'([^']+)'/gm)) out.push(m[1]);
  return out;
}

function reachable(): Map<string, string> {
  const seen = new Map<string, string>();
  const stack: Array<readonly [string, string]> = ENTRIES.map((e) => [join(root, e), '(entry)'] as const);
  while (stack.length > 0) {
    const [f, from] = stack.pop()!;
    if (seen.has(f)) continue;
    seen.set(f, from);
    for (const spec of importsOf(f)) {
      if (spec.startsWith('.')) stack.push([resolve(dirname(f), spec.replace(/\.js$/, '.ts')), f]);
      else expect(BARE_OK.has(spec) ? spec : `${relative(root, f)} imports '${spec}'`).toBe(spec);
    }
  }
  return seen;
}

describe('browser-safe compute path', () => {
  it('no module reachable from the browser-facing entries uses a Node-only API', () => {
    const files = reachable();
    expect(files.size).toBeGreaterThan(40);
    const offenders: string[] = [];
    for (const f of files.keys()) {
      const src = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      for (const re of NODE_ONLY) if (re.test(src)) offenders.push(`${relative(root, f)}: ${re}`);
    }
    expect(offenders).toEqual([]);
  });

  it('Node-only modules are not reachable from them', () => {
    const files = [...reachable().keys()].map((f) => relative(root, f));
    for (const f of files) expect(f).not.toMatch(/^(cli|demo|parallel)\/|^io\/(files|stream|index)\.ts$|^completion\/(files|index)\.ts$/);
  });
});
