/**
 * The experiment runner: a small run of every experiment, the manifest, and a replay that
 * reproduces results.jsonl bit for bit once the timing fields are removed.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeParams, readManifest, resultsFingerprint, stripTiming, type ExperimentManifest } from '../../src/cli/experiment.js';
import { EXPERIMENTS } from '../../src/cli/experiments/index.js';
import { renderSvg } from '../../src/plot/svg.js';
import { writeNpy } from '../../src/io/index.js';
import { cli, gauss, tempDir } from './helpers.js';

const dir = tempDir('exp');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Tiny parameters for each experiment (each run well under a second). */
const SMALL: Record<string, Record<string, unknown>> = {
  E001: { n: 256, d: 4, kinds: ['gaussian', 'srht', 'countsketch', 'tensor', 'monarch'], rows: [8, 32], trials: 2, data: ['gaussian', 'coherent'] },
  E002: { n: 400, d: 8, kappas: [1, 1e8], trials: 1, methods: ['sketch-and-precondition', 'sketch-and-solve', 'qr'] },
  E003: { n: 300, d: 4, sampleSizes: [40, 120], trials: 2, rareRows: 3 },
  E004: { m: 40, n: 30, rank: 2, oversampling: [2, 4], trials: 1, maxIter: 10, testEntries: 100 },
  E005: { n: 128, d: 4, rows: [16, 64], trials: 4, instances: ['hard', 'gaussian'] },
};

function writeConfig(name: string, config: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(config, null, 2));
  return p;
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
}

describe('experiment run and replay', () => {
  it('lists the experiments', async () => {
    const r = await cli(['experiment', 'list', '--json']);
    expect(r.code).toBe(0);
    const ids = (JSON.parse(r.stdout) as { experiments: Array<{ id: string }> }).experiments.map((e) => e.id);
    expect(ids).toEqual(['E001', 'E002', 'E003', 'E004', 'E005']);
  });

  it.each(Object.keys(SMALL))('%s: run, then replay bit for bit (timings aside)', async (id) => {
    const config = writeConfig(`${id}.json`, { experiment: id, seed: 11, params: SMALL[id] });
    const out = join(dir, `${id}-run`);
    const r = await cli(['experiment', 'run', config, '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { records: number; manifest: string; results: string; plot: string };
    expect(doc.records).toBeGreaterThan(0);
    const original = lines(doc.results);
    expect(original).toHaveLength(doc.records);
    for (const l of original) expect(JSON.parse(l)).toHaveProperty('timing');
    expect(readFileSync(doc.plot, 'utf8')).toMatch(/^<svg [^]*<\/svg>\n$/);

    const m = readManifest(doc.manifest);
    expect(m.experiment.id).toBe(id);
    expect(m.config.seed).toBe(11);
    expect(m.config.params).toMatchObject(SMALL[id]);
    expect(m.configFile?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.environment.node).toBe(process.version);
    expect(m.environment.version).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
    expect(m.environment.gitCommit === null || /^[0-9a-f]{40}$/.test(m.environment.gitCommit)).toBe(true);
    expect(m.seeds.derived.length).toBeGreaterThan(0);
    expect(m.results.fingerprint).toBe(resultsFingerprint(readFileSync(doc.results, 'utf8')));

    const replayOut = join(dir, `${id}-replay`);
    const p = await cli(['experiment', 'replay', doc.manifest, '--out', replayOut, '--json']);
    expect(p.code).toBe(0);
    const rep = JSON.parse(p.stdout) as { identical: boolean; comparedWith: string; results: string; plot: string };
    expect(rep).toMatchObject({ identical: true, comparedWith: 'results' });
    // The test itself: results.jsonl without its timing fields, byte for byte.
    expect(lines(rep.results).map(stripTiming).join('\n')).toBe(original.map(stripTiming).join('\n'));
    expect(readFileSync(rep.plot, 'utf8')).toBe(readFileSync(doc.plot, 'utf8'));
  });

  it('a replay that differs exits 1 and names the first differing record', async () => {
    const config = writeConfig('tamper.json', { experiment: 'E005', seed: 'tamper', params: SMALL.E005 });
    const out = join(dir, 'tamper-run');
    expect((await cli(['experiment', 'run', config, '--out', out])).code).toBe(0);
    const results = join(out, 'results.jsonl');
    const ls = lines(results);
    const rec = JSON.parse(ls[2]) as Record<string, unknown>;
    rec.achieved = (rec.achieved as number) + 1e-12;
    ls[2] = JSON.stringify(rec);
    writeFileSync(results, `${ls.join('\n')}\n`);
    const r = await cli(['experiment', 'replay', join(out, 'manifest.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('DIFFERENT: first at record 3');
    // Without the original results the replay compares with the manifest's fingerprint.
    rmSync(results);
    const g = await cli(['experiment', 'replay', join(out, 'manifest.json'), '--json']);
    expect(g.code).toBe(0);
    expect(JSON.parse(g.stdout)).toMatchObject({ identical: true, comparedWith: 'fingerprint' });
  });

  it('fingerprints input files and refuses to replay when one changed', async () => {
    const A = gauss(200, 3, 'exp-input');
    writeNpy(join(dir, 'input.npy'), A);
    const config = writeConfig('input.json', { experiment: 'E001', seed: 5, params: { kinds: ['gaussian'], rows: [8, 16], trials: 1 }, inputs: { A: 'input.npy' } });
    const out = join(dir, 'input-run');
    const r = await cli(['experiment', 'run', config, '--out', out, '--json']);
    expect(r.code).toBe(0);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ExperimentManifest;
    expect(m.inputs).toHaveLength(1);
    expect(m.inputs[0]).toMatchObject({ name: 'A', path: join(dir, 'input.npy') });
    expect(lines(join(out, 'results.jsonl')).every((l) => (JSON.parse(l) as { data: string; n: number }).data === 'input')).toBe(true);
    A.data[0] += 1;
    writeNpy(join(dir, 'input.npy'), A);
    const p = await cli(['experiment', 'replay', join(out, 'manifest.json')]);
    expect(p.code).toBe(1);
    expect(p.stderr).toMatch(/^randnla: input 'A' changed since the run: /);
  });

  it('rejects bad configurations with exit 1 and a one-line message', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ experiment: 'E999', seed: 1 }, /unknown experiment 'E999'/],
      [{ experiment: 'E001', seed: -1 }, /'seed' must be/],
      [{ experiment: 'E001', seed: 1, params: { nope: 1 } }, /unknown parameter 'nope'/],
      [{ experiment: 'E001', seed: 1, params: { rows: 'many' } }, /parameter 'rows' must be array of number/],
      [{ experiment: 'E001', seed: 1, params: { kinds: ['fast'] } }, /parameter 'kinds' has 'fast'/],
      [{ experiment: 'E002', seed: 1, inputs: { A: 'x.npy' } }, /unknown input 'A'/],
      [{ experiment: 'E001', seed: 1, extra: true }, /unknown field 'extra'/],
    ];
    for (const [config, message] of cases) {
      const r = await cli(['experiment', 'run', writeConfig('bad.json', config), '--out', join(dir, 'bad-run')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    writeFileSync(join(dir, 'broken.json'), '{ "experiment": ');
    expect((await cli(['experiment', 'run', join(dir, 'broken.json')])).stderr).toMatch(/not valid JSON/);
    expect((await cli(['experiment', 'replay', join(dir, 'broken.json')])).code).toBe(1);
  });

  it('the shipped configurations name known experiments with valid parameters', () => {
    for (const id of EXPERIMENTS.keys()) {
      const path = new URL(`../../experiments/${id}/config.json`, import.meta.url);
      expect(existsSync(path), id).toBe(true);
      expect(existsSync(new URL(`../../experiments/${id}/README.md`, import.meta.url)), id).toBe(true);
      const c = JSON.parse(readFileSync(path, 'utf8')) as { experiment: string; params: Record<string, unknown> };
      expect(c.experiment).toBe(id);
      const e = EXPERIMENTS.get(id);
      expect(() => e?.validate(mergeParams(id, e.defaults, c.params))).not.toThrow();
      expect(mergeParams(id, e?.defaults, c.params)).toEqual(e?.defaults); // the config spells out the defaults
    }
  });
});

describe('svg', () => {
  it('is a pure function of the spec', () => {
    const spec = {
      title: 't <&>',
      panels: [{ xLabel: 'x', yLabel: 'y', xLog: true, yLog: true, series: [{ label: 'a', points: [[1, 2], [10, 0.5], [100, NaN], [1000, 0]] as const }, { label: 'b', points: [[1, 1]] as const, style: 'dashed' as const }] }],
    };
    const s = renderSvg(spec);
    expect(renderSvg(spec)).toBe(s);
    expect(s).toContain('t &lt;&amp;&gt;');
    expect(s).not.toMatch(/NaN|Infinity/);
  });
});
