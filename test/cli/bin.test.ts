/**
 * The executable itself: `node dist/cli/main.js` (the package's `bin`). The build
 * (`tsc -p tsconfig.build.json`, ~10 s) runs first when dist/ is missing or older than src/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/io/index.js';
import { applySketch } from '../../src/sketch/index.js';
import { readNpy } from '../../src/io/index.js';
import { gauss, sameMatrix, tempDir } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'dist', 'cli', 'main.js');
const dir = tempDir('bin');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function newestTs(d: string): number {
  let t = 0;
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) t = Math.max(t, newestTs(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

beforeAll(() => {
  if (!existsSync(bin) || statSync(bin).mtimeMs < newestTs(join(root, 'src'))) {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'pipe' });
  }
}, 120_000);

function randnla(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
}

describe('the randnla executable', () => {
  it('starts with a shebang and is the bin of package.json', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin.randnla).toBe('./dist/cli/main.js');
  });

  it('runs a subcommand and sets the exit code', () => {
    const A = gauss(100, 3, 'bin');
    writeNpy(join(dir, 'A.npy'), A);
    const ok = randnla('sketch', 'A.npy', '--kind', 'countsketch', '--rows', '8', '--seed', '2', '--out', 'SA.npy', '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ command: 'sketch', output: { path: 'SA.npy', rows: 8, cols: 3 } });
    expect(sameMatrix(readNpy(join(dir, 'SA.npy'), { as: 'matrix' }), applySketch({ kind: 'countsketch', rows: 8, cols: 100, seed: 2 }, A))).toBe(true);
    const bad = randnla('leverage', 'nothing.npy');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe("randnla: cannot open 'nothing.npy': no such file or directory\n");
    expect(randnla('sketch', 'A.npy').status).toBe(2);
    expect(randnla('--help').stdout).toContain('Usage: randnla');
  });
});
