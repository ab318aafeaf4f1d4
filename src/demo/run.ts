/**
 * The demo tour as a function: runs every step from one seed, and writes the report folder
 * (report.md, results.json and SVG plots). `main.ts` is its command line; the tests call
 * {@link runDemo} in-process.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { renderSvg } from '../plot/svg.js';
import { rngFromSeed, substream, type Seed } from '../rng/index.js';
import type { StepContext, StepOutcome, TableRow } from './common.js';
import { completionStep } from './completion.js';
import { leastSquaresStep } from './leastSquares.js';
import { linfStep } from './linf.js';
import { longleyStep } from './longley.js';
import { penguinsStep } from './penguins.js';
import { samplingStep } from './sampling.js';
import { boundCheckStep, monarchStep } from './structured.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Output folder (created when missing; files of the same names are overwritten). */
  readonly out: string;
  /** Seed of the whole tour. @defaultValue 2026 */
  readonly seed?: Seed;
  /**
   * Smaller generated problems (least squares 20000×50 instead of 100000×50, fewer sweep points
   * in the other generated steps); the real-data steps run unchanged. @defaultValue false
   */
  readonly quick?: boolean;
  /** Called with each step's key as it starts (progress display). */
  readonly onStep?: (key: string) => void;
}

/** What {@link runDemo} returns. */
export interface DemoResult {
  /** Absolute path of the output folder. */
  readonly outDir: string;
  /** The table, as printed. */
  readonly rows: readonly TableRow[];
  /** The content of results.json. */
  readonly results: DemoResults;
  /** Names of the files written into `outDir`. */
  readonly files: readonly string[];
  /** The step outcomes, in order. */
  readonly steps: readonly StepOutcome[];
}

/** The content of results.json: every measured number, with the wall times kept under `timing`. */
export interface DemoResults {
  readonly seed: Seed;
  readonly quick: boolean;
  readonly steps: Record<string, Record<string, unknown>>;
  readonly timing: Record<string, Record<string, unknown>>;
}

/** The steps in order; each gets its own substream (its index) of the tour's seed. */
const STEPS: ReadonlyArray<readonly [key: string, run: (ctx: StepContext) => StepOutcome]> = [
  ['longley', longleyStep],
  ['penguins', penguinsStep],
  ['leastSquares', leastSquaresStep],
  ['linf', linfStep],
  ['sampling', samplingStep],
  ['completion', completionStep],
  ['monarch', monarchStep],
  ['boundCheck', boundCheckStep],
];

/** The default seed of the tour. */
export const DEFAULT_SEED = 2026;

/** The table as fixed-width text: two spaces of indent, columns padded to their widest cell. */
export function formatTable(rows: readonly TableRow[]): string {
  const w = [0, 1, 2].map((c) => Math.max(...rows.map((r) => [...r[c]].length)));
  return rows
    .map((r) => `  ${r.slice(0, 3).map((cell, c) => cell + ' '.repeat(w[c] - [...cell].length)).join('  ')}  ${r[3]}`.trimEnd())
    .join('\n');
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** The table in Markdown. */
export function markdownTable(rows: readonly TableRow[]): string {
  const lines = ['| step | quantity | value | time |', '|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.map(mdCell).join(' | ')} |`);
  return lines.join('\n');
}

function reportMarkdown(seed: Seed, quick: boolean, steps: readonly StepOutcome[], rows: readonly TableRow[]): string {
  const out: string[] = [
    '# randnla demo report',
    '',
    `Seed ${JSON.stringify(seed)}${quick ? ', quick mode (smaller generated problems)' : ''}. Every number in this report and in ` +
      '`results.json` is reproduced exactly by the same seed on any machine; the wall times (last column) are of this ' +
      'run on this machine. The real data sets (NIST StRD Longley, public domain; Palmer penguins, CC0) ship in the ' +
      "package's `data/` folder, whose README gives their sources and citations.",
    '',
    markdownTable(rows),
    '',
  ];
  for (const s of steps) {
    out.push(`## ${s.title}`, '', s.paragraph, '');
    for (const f of s.figures) out.push(`![${f.caption}](${f.file})`, '', `*${f.caption}* (\`${f.file}\`)`, '');
  }
  return out.join('\n');
}

/**
 * Runs the tour: least squares on two real data sets (NIST StRD Longley, the Palmer penguins)
 * and on a large generated one, an ℓ∞-guarantee regression, ℓ1 sensitivity sampling with its
 * measured distortion, matrix completion, a Monarch projection and a bound check. Every random
 * choice comes from `seed`, so two runs give identical numbers (timings aside). Writes
 * `report.md`, `results.json` and one SVG per figure into `out`.
 *
 * Cost: about 30 s of one core at full size (dominated by the distortion searches, the
 * 100000×50 least squares and the completions), a few seconds in quick mode.
 *
 * @throws {@link InvalidArgumentError} when `out` is not a non-empty string; the `node:fs` error
 *   when the folder cannot be written; the seed's error for an invalid seed.
 */
export function runDemo(options: DemoOptions): DemoResult {
  const fn = 'runDemo';
  if (typeof options?.out !== 'string' || options.out.length === 0) {
    throw new InvalidArgumentError(fn, `options.out must be a non-empty path (got ${JSON.stringify(options?.out)})`);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const quick = options.quick ?? false;
  const rng = rngFromSeed(seed);
  const steps: StepOutcome[] = [];
  STEPS.forEach(([key, run], k) => {
    options.onStep?.(key);
    steps.push(run({ rng: substream(rng, k), quick }));
  });
  const rows = steps.flatMap((s) => s.rows);
  const results: DemoResults = {
    seed,
    quick,
    steps: Object.fromEntries(steps.map((s) => [s.key, s.results])),
    timing: Object.fromEntries(steps.map((s) => [s.key, s.timing])),
  };
  const outDir = resolve(options.out);
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(outDir, name), text);
    files.push(name);
  };
  write('report.md', reportMarkdown(seed, quick, steps, rows));
  write('results.json', JSON.stringify(results, null, 2) + '\n');
  for (const s of steps) for (const f of s.figures) write(f.file, renderSvg(f.spec));
  return { outDir, rows, results, files, steps };
}
