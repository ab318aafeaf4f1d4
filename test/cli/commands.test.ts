/**
 * The `randnla` subcommands, run in-process through `run(argv)` on small temp files: outputs
 * equal the library's results bit for bit, `--json` parses, `--help` works, and expected errors
 * are one line with exit code 1 (bad data) or 2 (usage).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { completeMatrix, readRatings } from '../../src/completion/index.js';
import { csrFromDense } from '../../src/core/csr.js';
import { fromColMajor, fromRowMajor } from '../../src/core/matrix.js';
import { readNpy, writeCsv, writeMatrixMarket, writeNpy } from '../../src/io/index.js';
import { lpRegression, lstsq } from '../../src/regression/index.js';
import { leverageScores, lpSensitivities } from '../../src/sampling/index.js';
import { applySketch } from '../../src/sketch/index.js';
import { monarchProject } from '../../src/structured/index.js';
import { cli, gauss, gaussVec, sameBits, sameMatrix, tempDir } from './helpers.js';

const dir = tempDir('cmd');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const f = (name: string): string => join(dir, name);

const n = 300, d = 5;
const A = gauss(n, d, 'cli-A');
const b = gaussVec(n, 'cli-b');
writeNpy(f('A.npy'), A);
writeMatrixMarket(f('A.mtx'), A);
writeMatrixMarket(f('As.mtx'), csrFromDense(A));
writeCsv(f('A.csv'), A);
writeNpy(f('b.npy'), b);
writeMatrixMarket(f('b.mtx'), fromColMajor(n, 1, b));

const SUBCOMMANDS = [
  ['lstsq'],
  ['sketch'],
  ['leverage'],
  ['sensitivities'],
  ['lpregress'],
  ['linf-regress'],
  ['complete'],
  ['monarch-project'],
  ['proofs-check'],
  ['experiment'],
  ['experiment', 'run'],
  ['experiment', 'replay'],
  ['experiment', 'list'],
];

describe('randnla sketch', () => {
  it.each([
    ['srht', 'A.npy'],
    ['sparse-sign', 'As.mtx'],
    ['gaussian', 'A.csv'],
    ['countsketch', 'A.mtx'],
  ])('%s of %s equals applySketch bit for bit, one-shot and streamed', async (kind, file) => {
    const spec = { kind, rows: 16, cols: n, seed: 7 } as const;
    const expected = applySketch(spec as never, A);
    for (const extra of [[], ['--stream', '--read-rows', '37']]) {
      const out = f(`SA-${kind}-${extra.length}.npy`);
      const r = await cli(['sketch', f(file), '--kind', kind, '--rows', '16', '--seed', '7', '--out', out, ...extra]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(sameMatrix(readNpy(out, { as: 'matrix' }), expected)).toBe(true);
    }
  });

  it('prints S·A as CSV without --out and as JSON with --json', async () => {
    const expected = applySketch({ kind: 'rademacher', rows: 3, cols: n, seed: 0 }, A);
    const text = await cli(['sketch', f('A.npy'), '--kind', 'rademacher', '--rows', '3']);
    expect(text.code).toBe(0);
    const rows = text.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(rows.map((l) => l.split(',').map(Number))).toEqual(Array.from({ length: 3 }, (_, i) => Array.from({ length: d }, (_, j) => expected.data[i + 3 * j])));
    const json = await cli(['sketch', f('A.npy'), '--kind', 'rademacher', '--rows', '3', '--json']);
    const doc = JSON.parse(json.stdout) as { SA: number[][]; sketch: { kind: string; seed: number }; output: { rows: number } };
    expect(doc.sketch).toMatchObject({ kind: 'rademacher', seed: 0 });
    expect(sameMatrix(fromRowMajor(3, d, Float64Array.from(doc.SA.flat())), expected)).toBe(true);
  });

  it('takes the kind parameters (zeta, factors, block rows)', async () => {
    const spec = { kind: 'sparse-sign', rows: 8, cols: n, seed: 'x', zeta: 3, blockRows: 64 } as const;
    const r = await cli(['sketch', f('A.npy'), '--kind', 'sparse-sign', '--rows', '8', '--seed', 'x', '--zeta', '3', '--block-rows', '64', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { SA: number[][] };
    expect(sameMatrix(fromRowMajor(8, d, Float64Array.from(doc.SA.flat())), applySketch(spec, A))).toBe(true);
    const t = await cli(['sketch', f('A.npy'), '--kind', 'tensor', '--rows', '8', '--factors', '15,20', '--json']);
    expect(t.code).toBe(0);
  });
});

describe('randnla leverage and sensitivities', () => {
  it('exact and approximate leverage scores equal the library', async () => {
    await cli(['leverage', f('A.npy'), '--out', f('lev.npy')]);
    expect(sameBits(readNpy(f('lev.npy')) as Float64Array, leverageScores(A).scores)).toBe(true);
    const r = await cli(['leverage', f('A.npy'), '--method', 'approx', '--eps', '0.5', '--seed', '1', '--sketch-rows', '60', '--out', f('lev2.npy'), '--json']);
    expect(r.code).toBe(0);
    const expected = leverageScores(A, { method: 'approx', eps: 0.5, seed: 1, sketchRows: 60 });
    expect(expected.method).toBe('approx');
    expect(sameBits(readNpy(f('lev2.npy')) as Float64Array, expected.scores)).toBe(true);
    expect(JSON.parse(r.stdout)).toMatchObject({ command: 'leverage', method: 'approx', sketchRows: 60, seed: 1, output: { path: f('lev2.npy'), length: n } });
  });

  it('sensitivities equal the library; a .json output has the bounds', async () => {
    const r = await cli(['sensitivities', f('A.npy'), '--p', '1', '--method', 'lewis', '--out', f('s.npy')]);
    expect(r.code).toBe(0);
    const expected = lpSensitivities(A, 1, { method: 'lewis' });
    expect(sameBits(readNpy(f('s.npy')) as Float64Array, expected.sensitivities)).toBe(true);
    await cli(['sensitivities', f('A.npy'), '--p', '1.5', '--method', 'lewis', '--out', f('s.json')]);
    const doc = JSON.parse(readFileSync(f('s.json'), 'utf8')) as { lower: number[]; upper: number[]; sensitivities: number[] };
    const e2 = lpSensitivities(A, 1.5, { method: 'lewis' });
    expect(doc.upper).toEqual(Array.from(e2.upper));
    expect(doc.lower).toEqual(Array.from(e2.lower));
  });
});

describe('randnla regression commands', () => {
  it('lstsq (sketch-and-precondition, Matrix Market inputs) equals the library', async () => {
    const r = await cli(['lstsq', f('A.mtx'), f('b.mtx'), '--method', 'sketch-and-precondition', '--seed', '1', '--out', f('x.npy'), '--json']);
    expect(r.code).toBe(0);
    const expected = lstsq(A, b, { method: 'sketch-and-precondition', seed: 1 });
    expect(sameBits(readNpy(f('x.npy')) as Float64Array, expected.x)).toBe(true);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'sketch-and-precondition', rank: d, converged: true, iterations: expected.iterations });
  });

  it('lpregress and linf-regress equal the library', async () => {
    const r = await cli(['lpregress', f('A.npy'), f('b.npy'), '--p', '1', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { x: number[]; objective: number; converged: boolean };
    const e = lpRegression(A, b, 1);
    expect(sameBits(Float64Array.from(doc.x), e.x)).toBe(true);
    expect(doc.objective).toBe(e.objective);
    const l = await cli(['linf-regress', f('A.npy'), f('b.npy'), '--eps', '0.5', '--delta', '0.1', '--exact', '--json']);
    expect(l.code).toBe(0);
    expect(JSON.parse(l.stdout)).toMatchObject({ command: 'linf-regress', sketch: 'gaussian', boundKind: 'exact' });
  });
});

describe('randnla complete and monarch-project', () => {
  it('completes a ratings file and writes the model', async () => {
    const lines = ['user,item,rating'];
    const m = 20, k = 15;
    const u = gaussVec(m, 'u'), v = gaussVec(k, 'v');
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) if ((i * 7 + j * 3) % 4 !== 0) lines.push(`u${i},i${j},${(u[i] * v[j]).toFixed(6)}`);
    writeFileSync(f('ratings.csv'), `${lines.join('\n')}\n`);
    const r = await cli(['complete', f('ratings.csv'), '--rank', '1', '--method', 'altmin', '--seed', '3', '--out', f('model.json'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { trainRmse: number; input: { rows: number; cols: number } };
    expect(summary.input).toMatchObject({ rows: m, cols: k });
    const model = JSON.parse(readFileSync(f('model.json'), 'utf8')) as { U: number[][]; V: number[][]; rowIds: string[] };
    expect(model.U).toHaveLength(m);
    expect(model.V).toHaveLength(k);
    const expected = completeMatrix(readRatings(f('ratings.csv')).observations, 1, { method: 'altmin', seed: 3, maxIter: 50 });
    expect(model.U.flat()).toEqual(Array.from(expected.U.data));
    expect(summary.trainRmse).toBeLessThan(1e-3);
  });

  it('monarch-project writes the projection as JSON', async () => {
    const M = gauss(16, 16, 'mon');
    writeNpy(f('M.npy'), M);
    const r = await cli(['monarch-project', f('M.npy'), '--blocks', '4', '--out', f('M.json'), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(f('M.json'), 'utf8')) as { kind: string; R: number[]; L: number[]; error: number };
    const e = monarchProject(M, { blocks: 4 });
    expect(doc.kind).toBe('monarch');
    expect(doc.R).toEqual(Array.from(e.monarch.R));
    expect(doc.error).toBe(e.error);
    expect(JSON.parse(r.stdout)).toMatchObject({ lBlocks: 4, rBlocks: 4, relativeError: e.relativeError });
  });
});

describe('--help, --json and errors', () => {
  it.each(SUBCOMMANDS)('%s --help', async (...words) => {
    const r = await cli([...words, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: randnla ${words.join(' ')}`);
  });

  it('prints the version and the top-level help', async () => {
    expect((await cli(['--version'])).stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
    const h = await cli(['--help']);
    expect(h.code).toBe(0);
    for (const [w] of SUBCOMMANDS) expect(h.stdout).toContain(w);
  });

  it('a malformed file: exit 1 and one line on stderr, no stack trace', async () => {
    writeFileSync(f('bad.npy'), 'not an npy file at all');
    writeFileSync(f('bad.mtx'), '%%MatrixMarket matrix array real general\n2 2\n1\n2\nx\n');
    for (const file of ['bad.npy', 'bad.mtx', 'missing.npy']) {
      const r = await cli(['leverage', f(file)]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.endsWith('\n')).toBe(true);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^randnla: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect((await cli(['leverage', f('missing.npy')])).stderr).toBe(`randnla: cannot open '${f('missing.npy')}': no such file or directory\n`);
  });

  it('a library error (bad parameter, mismatched shapes) exits 1 with its message', async () => {
    const r = await cli(['sketch', f('A.npy'), '--kind', 'srht', '--rows', '1000']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^randnla: sketchOperator: srht needs rows ≤ N = 512/);
    const v = await cli(['lstsq', f('A.npy'), f('A.npy')]);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('expected a vector');
    writeNpy(f('short.npy'), new Float64Array(7));
    const s = await cli(['lstsq', f('A.npy'), f('short.npy')]);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/^randnla: lstsq: /);
  });

  it('usage errors exit 2', async () => {
    for (const argv of [
      ['sketch', f('A.npy'), '--kind', 'nope', '--rows', '4'],
      ['sketch', f('A.npy'), '--kind', 'srht', '--rows', 'x'],
      ['sketch', f('A.npy'), '--kind', 'srht'],
      ['sketch', f('A.txt'), '--kind', 'srht', '--rows', '4'],
      ['sketch', f('A.npy'), '--kind', 'srht', '--rows', '4', '--out', f('SA.xyz')],
      ['frobnicate'],
      [],
    ]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(/randnla: |Usage: randnla/);
    }
  });

  it('draws a progress line only when stderr is a terminal, and erases it', async () => {
    const quiet = await cli(['sketch', f('A.npy'), '--kind', 'srht', '--rows', '4', '--stream', '--out', f('p.npy')]);
    expect(quiet.stderr).toBe('');
    const tty = await cli(['sketch', f('A.npy'), '--kind', 'srht', '--rows', '4', '--stream', '--read-rows', '50', '--out', f('p.npy')], { tty: true });
    expect(tty.stderr).toContain('\r');
    expect(tty.stderr.endsWith('\r\x1b[K')).toBe(true);
    const off = await cli(['sketch', f('A.npy'), '--kind', 'srht', '--rows', '4', '--no-progress', '--out', f('p.npy')], { tty: true });
    expect(off.stderr).toBe('');
  });
});

describe('randnla proofs-check', () => {
  it('forwards the options to the runner and returns its exit code', async () => {
    const fake = f('fake-proofs-check.mjs');
    writeFileSync(fake, "process.stdout.write(JSON.stringify(process.argv.slice(2)) + '\\n'); process.exitCode = 1;\n");
    const r = await cli(['proofs-check', '--quick', '--only', 'sketch', '--seed', '7', '--list'], { proofsCheckCli: fake });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual(['--quick', '--only', 'sketch', '--seed', '7', '--list']);
  });

  it('explains how to build the runner when it is missing', async () => {
    const r = await cli(['proofs-check', '--quick'], { proofsCheckCli: f('nowhere.js') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^randnla: proofs-check (is not built|ships with the source repository)/);
    expect(r.stderr).toContain('npm run proofs-check');
  });
});
