/**
 * `randnla experiment run <config.json>`, `randnla experiment replay <manifest.json>` and
 * `randnla experiment list`.
 *
 * @module
 */
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { setAction, withCommonOptions, type CommandContext, type CommonOptions } from '../command.js';
import { displayPath, readConfig, replayExperiment, runExperiment, type ExperimentRun } from '../experiment.js';
import { EXPERIMENTS } from '../experiments/index.js';
import type { Output } from '../output.js';

interface RunCliOptions extends CommonOptions {
  out?: string;
}

function runSummary(run: ExperimentRun): Record<string, unknown> {
  const m = run.manifest;
  return {
    experiment: m.experiment.id,
    title: m.experiment.title,
    records: m.results.records,
    outDir: run.outDir,
    results: run.resultsPath,
    manifest: run.manifestPath,
    plot: run.plotPath,
    fingerprint: m.results.fingerprint,
    wallMs: m.wallMs,
  };
}

function printRun(out: Output, run: ExperimentRun): void {
  out.text(...run.summary);
  out.table([
    ['records', run.manifest.results.records],
    ['results', displayPath(run.resultsPath)],
    ['manifest', displayPath(run.manifestPath)],
    ['plot', displayPath(run.plotPath)],
    ['time', `${(run.manifest.wallMs / 1000).toFixed(1)} s`],
  ]);
}

/** Registers `experiment` and its subcommands. */
export function registerExperiment(program: Command, ctx: CommandContext): void {
  const exp = program
    .command('experiment')
    .summary('run and replay reproducible experiments (experiments/<id>/)')
    .description(
      'Experiments are typed, seeded configurations (experiments/<id>/config.json) run by a pure function. ' +
        'A run writes results.jsonl (one record per line), manifest.json (configuration, seeds, package ' +
        'version, git commit, Node version, platform, SHA-256 of the inputs and results) and plot.svg. ' +
        'A replay reruns a manifest and checks that the records, timing fields aside, are bit-identical.',
    );

  const run = exp
    .command('run')
    .summary('run an experiment from its configuration file')
    .description(
      'Runs the experiment a configuration names: { "experiment": "E001", "seed": 1, "params": { … }, ' +
        '"inputs": { "A": "data.mtx" } }. params override the experiment\'s defaults key by key; inputs are ' +
        'matrix files relative to the configuration file. Output goes to --out (default: out/ next to the ' +
        'configuration file).',
    )
    .argument('<config>', 'configuration file (JSON)')
    .option('--out <dir>', 'output folder (default: <config folder>/out)');
  withCommonOptions(run);
  setAction<RunCliOptions>(run, ctx, ([configPath], o, out) => {
    const config = readConfig(configPath);
    const outDir = o.out ?? join(dirname(resolve(configPath)), 'out');
    const r = runExperiment(config, { configPath, outDir, registry: EXPERIMENTS, onProgress: (d, t, l) => out.progress.update(d, t, l) });
    out.progress.done();
    if (out.json) out.result({ command: 'experiment run', ...runSummary(r), summary: r.summary });
    else printRun(out, r);
  });

  const replay = exp
    .command('replay')
    .summary('rerun a manifest and check the results are bit-identical (timings aside)')
    .description(
      'Checks that the manifest\'s input files are unchanged (SHA-256), reruns its configuration into --out ' +
        '(default: replay/ next to the manifest) and compares the records, without their timing fields, with ' +
        'the original results.jsonl byte for byte (or with the manifest\'s fingerprint when that file is ' +
        'gone). Exit code 0 when identical, 1 otherwise.',
    )
    .argument('<manifest>', 'manifest.json of a run')
    .option('--out <dir>', 'output folder of the replay (default: <manifest folder>/replay)');
  withCommonOptions(replay);
  setAction<RunCliOptions>(replay, ctx, ([manifestPath], o, out) => {
    const r = replayExperiment(manifestPath, { ...(o.out !== undefined ? { outDir: o.out } : {}), registry: EXPERIMENTS, onProgress: (d, t, l) => out.progress.update(d, t, l) });
    out.progress.done();
    for (const n of r.notes) out.note(`replaying on ${n}`);
    if (out.json) {
      out.result({ command: 'experiment replay', identical: r.identical, comparedWith: r.comparedWith, firstDifference: r.firstDifference, notes: r.notes, ...runSummary(r.run) });
    } else {
      printRun(out, r.run);
      if (r.identical) out.text(`identical: ${r.run.manifest.results.records} records reproduced bit for bit (timing fields aside; compared with the original ${r.comparedWith === 'results' ? 'results.jsonl' : 'fingerprint'})`);
      else if (r.firstDifference !== null) {
        out.text(`DIFFERENT: first at record ${r.firstDifference.line}`, `  original: ${r.firstDifference.expected ?? '(none)'}`, `  replay:   ${r.firstDifference.actual ?? '(none)'}`);
      } else out.text('DIFFERENT: the fingerprint of the replayed records differs from the manifest');
    }
    return r.identical ? 0 : 1;
  });

  const list = exp.command('list').summary('list the experiments').description('Lists the experiments the runner knows, with their questions.');
  withCommonOptions(list);
  setAction<CommonOptions>(list, ctx, (_args, _o, out) => {
    const all = [...EXPERIMENTS.values()];
    if (out.json) out.result({ command: 'experiment list', experiments: all.map((e) => ({ id: e.id, title: e.title, question: e.question, defaults: e.defaults })) });
    else for (const e of all) out.text(`${e.id}  ${e.title}`);
  });
}
