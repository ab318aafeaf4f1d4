/**
 * The experiment runner: reproducible numerical experiments from plain-data configurations.
 *
 * An experiment ({@link Experiment}) is a typed parameter record with defaults, a pure run
 * function that yields JSON records, and a plot. A run ({@link runExperiment}) takes a
 * configuration file (`{ experiment, seed, params?, inputs? }`) and writes to its output folder:
 *
 * - `results.jsonl`: one record per line, in the order the run function yields them;
 * - `manifest.json`: the resolved configuration, the seeds, the package version, the git commit,
 *   the Node version and platform, the SHA-256 of every input file (the configuration file
 *   included) and of the results, so that the run can be checked and replayed;
 * - `plot.svg`: the experiment's figure.
 *
 * **Determinism contract.** Every random choice of a run function comes from a seed derived by
 * {@link ExperimentContext.seed} from the base seed, and every wall-clock measurement goes under
 * the record's top-level `timing` key. Everything else in a record is a pure function of the
 * configuration and the inputs, so {@link replayExperiment} reproduces `results.jsonl` bit for
 * bit once the `timing` fields are removed (on the same package version; across machines as far
 * as the library's own bit-identity guarantee goes).
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, realpathSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { CsrMatrix } from '../core/csr.js';
import type { DenseMatrix } from '../core/matrix.js';
import { packageRoot, packageVersion } from './command.js';
import { CliError } from './errors.js';
import { readMatrixFile, sha256File, sha256Text } from './files.js';
import { toJson } from './output.js';
import { renderSvg, type PlotSpec } from '../plot/svg.js';

/** A record of an experiment: plain JSON data. `timing` holds the wall-clock measurements. */
export type ExperimentRecord = { readonly timing?: Readonly<Record<string, number>> } & Readonly<Record<string, unknown>>;

/** What a run function gets besides its parameters. */
export interface ExperimentContext {
  /**
   * A seed derived from the base seed and `parts`: the string `"<base>/<id>/<part>/<part>…"`.
   * Each independent random choice should use its own parts (e.g. `seed('sketch', kind, m,
   * trial)`), so adding a choice never shifts another's values.
   */
  seed(...parts: ReadonlyArray<string | number>): string;
  /** The input matrices named in the configuration, read from their files. */
  readonly inputs: Readonly<Record<string, DenseMatrix | CsrMatrix>>;
  /** Reports progress (drawn on a terminal by the CLI). */
  progress(done: number, total: number, label?: string): void;
  /** Runs `f` and measures its wall time in milliseconds (for the `timing` field only). */
  time<T>(f: () => T): { value: T; ms: number };
}

/** An experiment definition. `P` is its parameter record (plain data). */
export interface Experiment<P = unknown> {
  /** Identifier, e.g. `E001`; also the folder `experiments/<id>/`. */
  readonly id: string;
  /** One-line title (used in the plot). */
  readonly title: string;
  /** The question the experiment answers. */
  readonly question: string;
  /** Default parameters; a configuration's `params` override them key by key. */
  readonly defaults: P;
  /** Names of the input matrices it accepts (none when absent). */
  readonly inputs?: readonly string[];
  /**
   * Checks parameters merged over the defaults (type-checked against them already) and returns
   * them. @throws CliError naming the bad parameter.
   */
  validate(params: P): P;
  /** The experiment: yields records; random choices only through `ctx.seed`. */
  run(params: P, ctx: ExperimentContext): Iterable<ExperimentRecord>;
  /** The figure of the records. Must not use `timing`. */
  plot(records: readonly ExperimentRecord[], params: P): PlotSpec;
  /** A short text summary of the records (a few table lines), for the terminal. */
  summarize?(records: readonly ExperimentRecord[], params: P): string[];
}

/** A configuration file: plain data. */
export interface ExperimentConfig {
  /** The experiment id, e.g. `"E001"`. */
  readonly experiment: string;
  /** The base seed (a non-negative integer or a string). */
  readonly seed: number | string;
  /** Overrides of the experiment's default parameters. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Named input matrix files (.npy, .mtx, .csv), relative to the configuration file. */
  readonly inputs?: Readonly<Record<string, string>>;
  /** Free text, ignored by the runner. */
  readonly description?: string;
}

/** The manifest written next to the results. */
export interface ExperimentManifest {
  readonly format: 'randnla-experiment-manifest';
  readonly version: 1;
  readonly experiment: { readonly id: string; readonly title: string };
  /** The configuration with every parameter resolved (defaults filled in). */
  readonly config: { readonly experiment: string; readonly seed: number | string; readonly params: Record<string, unknown>; readonly inputs: Record<string, string> };
  /** The configuration file, when the run came from one. */
  readonly configFile: { readonly path: string; readonly sha256: string } | null;
  readonly seeds: { readonly base: number | string; readonly derivation: string; readonly derived: readonly string[] };
  /** Input files: absolute path, size and SHA-256 of the bytes. */
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly path: string; readonly bytes: number; readonly sha256: string }>;
  readonly results: {
    readonly file: string;
    readonly records: number;
    /** SHA-256 of results.jsonl as written (timings included). */
    readonly sha256: string;
    /** SHA-256 of the records without their `timing` fields, one JSON line each: what a replay must reproduce. */
    readonly fingerprint: string;
    readonly timingFields: readonly string[];
  };
  readonly plot: string;
  readonly environment: {
    readonly package: string;
    readonly version: string | null;
    readonly gitCommit: string | null;
    /** True when tracked files differed from the commit (null outside a git checkout). */
    readonly gitDirty: boolean | null;
    readonly node: string;
    readonly platform: string;
    readonly arch: string;
    readonly cpu: string | null;
  };
  readonly createdAt: string;
  readonly wallMs: number;
}

/** What {@link runExperiment} returns. */
export interface ExperimentRun {
  readonly outDir: string;
  readonly manifestPath: string;
  readonly resultsPath: string;
  readonly plotPath: string;
  readonly manifest: ExperimentManifest;
  readonly records: readonly ExperimentRecord[];
  readonly summary: string[];
}

/** Options of {@link runExperiment}. */
export interface RunExperimentOptions {
  /** Output folder (created). */
  readonly outDir: string;
  /** The configuration file the configuration came from (fingerprinted; inputs resolve against its folder). */
  readonly configPath?: string;
  /** The experiments to look the id up in. */
  readonly registry: ReadonlyMap<string, Experiment<unknown>>;
  /** Progress callback. */
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

/** The key of a record that holds its wall-clock measurements. */
export const TIMING_FIELD = 'timing';

/** A record line without its `timing` field: what must replay bit for bit. */
export function stripTiming(line: string): string {
  const r = JSON.parse(line) as Record<string, unknown>;
  delete r[TIMING_FIELD];
  return JSON.stringify(r);
}

/** SHA-256 of the timing-free lines of a results.jsonl text. */
export function resultsFingerprint(text: string): string {
  const lines = text.split('\n').filter((l) => l !== '');
  return sha256Text(lines.map(stripTiming).join('\n'));
}

function typeOf(x: unknown): string {
  if (Array.isArray(x)) return `array of ${x.length > 0 ? typeOf(x[0]) : 'anything'}`;
  if (x === null) return 'null';
  return typeof x;
}

/**
 * Merges `raw` over `defaults`, checking that every key is known and has the default's type
 * (arrays: every element of the default's first element's type).
 * @throws CliError naming the parameter.
 */
export function mergeParams<P>(id: string, defaults: P, raw: Readonly<Record<string, unknown>> | undefined): P {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  if (raw === undefined) return out as P;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new CliError(`${id}: params must be an object`);
  for (const [k, v] of Object.entries(raw)) {
    if (!(k in out)) throw new CliError(`${id}: unknown parameter '${k}' (known: ${Object.keys(out).join(', ')})`);
    const d = out[k];
    const ok = Array.isArray(d) ? Array.isArray(v) && (d.length === 0 || v.every((e) => typeof e === typeof d[0])) : typeof v === typeof d;
    if (!ok) throw new CliError(`${id}: parameter '${k}' must be ${typeOf(d)} (got ${typeOf(v)})`);
    out[k] = v;
  }
  return out as P;
}

/** Reads and checks a configuration file. @throws CliError for malformed JSON or fields. */
export function readConfig(path: string): ExperimentConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if (e instanceof SyntaxError) throw new CliError(`${path}: not valid JSON (${e.message})`);
    throw e;
  }
  return checkConfig(raw, path);
}

function checkConfig(raw: unknown, where: string): ExperimentConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new CliError(`${where}: a configuration must be a JSON object`);
  const c = raw as Record<string, unknown>;
  if (typeof c.experiment !== 'string') throw new CliError(`${where}: 'experiment' must be an experiment id such as "E001"`);
  const seedOk = (typeof c.seed === 'number' && Number.isSafeInteger(c.seed) && c.seed >= 0) || (typeof c.seed === 'string' && c.seed.length > 0);
  if (!seedOk) throw new CliError(`${where}: 'seed' must be a non-negative integer or a non-empty string`);
  for (const k of Object.keys(c)) {
    if (!['experiment', 'seed', 'params', 'inputs', 'description'].includes(k)) throw new CliError(`${where}: unknown field '${k}' (expected experiment, seed, params, inputs, description)`);
  }
  if (c.inputs !== undefined) {
    if (c.inputs === null || typeof c.inputs !== 'object' || Array.isArray(c.inputs) || Object.values(c.inputs).some((v) => typeof v !== 'string')) {
      throw new CliError(`${where}: 'inputs' must map names to file paths`);
    }
  }
  return c as unknown as ExperimentConfig;
}

function git(root: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

/** The package's git commit and dirtiness, when the package folder is the top of a git checkout. */
export function gitState(root = packageRoot()): { commit: string | null; dirty: boolean | null } {
  const top = git(root, ['rev-parse', '--show-toplevel']);
  if (top === null) return { commit: null, dirty: null };
  try {
    if (realpathSync(top) !== realpathSync(root)) return { commit: null, dirty: null }; // a parent project's repository
  } catch {
    return { commit: null, dirty: null };
  }
  const commit = git(root, ['rev-parse', 'HEAD']);
  const status = git(root, ['status', '--porcelain', '--untracked-files=no']);
  return { commit, dirty: status === null ? null : status !== '' };
}

function lookup(registry: ReadonlyMap<string, Experiment<unknown>>, id: string): Experiment<unknown> {
  const e = registry.get(id);
  if (e === undefined) throw new CliError(`unknown experiment '${id}' (known: ${[...registry.keys()].join(', ')})`);
  return e;
}

/**
 * Runs an experiment from a configuration and writes results.jsonl, manifest.json and plot.svg
 * to `options.outDir`. Records are written as they come.
 *
 * @throws CliError for an unknown experiment, a bad parameter or input name; the library's
 *   errors from the run; file-system errors.
 */
export function runExperiment(config: ExperimentConfig, options: RunExperimentOptions): ExperimentRun {
  const t0 = performance.now();
  const cfg = checkConfig(config, options.configPath ?? 'configuration');
  const exp = lookup(options.registry, cfg.experiment);
  const params = exp.validate(mergeParams(exp.id, exp.defaults, cfg.params));
  const baseDir = options.configPath !== undefined ? dirname(resolve(options.configPath)) : process.cwd();
  const inputs: Record<string, DenseMatrix | CsrMatrix> = {};
  const inputInfo: Array<{ name: string; path: string; bytes: number; sha256: string }> = [];
  for (const [name, p] of Object.entries(cfg.inputs ?? {})) {
    if (!(exp.inputs ?? []).includes(name)) {
      throw new CliError(`${exp.id}: unknown input '${name}' (${exp.inputs?.length ? `accepted: ${exp.inputs.join(', ')}` : 'it takes no inputs'})`);
    }
    const path = isAbsolute(p) ? p : resolve(baseDir, p);
    inputInfo.push({ name, path, bytes: statSync(path).size, sha256: sha256File(path) });
    inputs[name] = readMatrixFile(path);
  }
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const resultsPath = join(outDir, 'results.jsonl');
  const derived: string[] = [];
  const seen = new Set<string>();
  const ctx: ExperimentContext = {
    seed: (...parts) => {
      const s = [String(cfg.seed), exp.id, ...parts.map(String)].join('/');
      if (!seen.has(s)) {
        seen.add(s);
        derived.push(s);
      }
      return s;
    },
    inputs,
    progress: (done, total, label = '') => options.onProgress?.(done, total, label),
    time: (f) => {
      const a = performance.now();
      const value = f();
      return { value, ms: Number((performance.now() - a).toFixed(3)) };
    },
  };
  const records: ExperimentRecord[] = [];
  const lines: string[] = [];
  const fd = openSync(resultsPath, 'w');
  try {
    for (const r of exp.run(params, ctx)) {
      const line = toJson(r);
      writeSync(fd, `${line}\n`);
      records.push(JSON.parse(line) as ExperimentRecord);
      lines.push(line);
    }
  } finally {
    closeSync(fd);
  }
  const text = lines.map((l) => `${l}\n`).join('');
  const plotPath = join(outDir, 'plot.svg');
  writeFileSync(plotPath, renderSvg(exp.plot(records, params)));
  const root = packageRoot();
  const g = gitState(root);
  const cpu = cpus()[0]?.model ?? null;
  const manifest: ExperimentManifest = {
    format: 'randnla-experiment-manifest',
    version: 1,
    experiment: { id: exp.id, title: exp.title },
    config: { experiment: exp.id, seed: cfg.seed, params: params as Record<string, unknown>, inputs: Object.fromEntries(inputInfo.map((i) => [i.name, i.path])) },
    configFile: options.configPath !== undefined ? { path: resolve(options.configPath), sha256: sha256File(options.configPath) } : null,
    seeds: { base: cfg.seed, derivation: 'string seed "<base>/<experiment id>/<parts…>" per independent random choice (see each record\'s seed fields)', derived },
    inputs: inputInfo,
    results: { file: 'results.jsonl', records: records.length, sha256: sha256Text(text), fingerprint: sha256Text(lines.map(stripTiming).join('\n')), timingFields: [TIMING_FIELD] },
    plot: 'plot.svg',
    environment: {
      package: 'randnla',
      version: packageVersion(root),
      gitCommit: g.commit,
      gitDirty: g.dirty,
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpu,
    },
    createdAt: new Date().toISOString(),
    wallMs: Number((performance.now() - t0).toFixed(1)),
  };
  const manifestPath = join(outDir, 'manifest.json');
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir, manifestPath, resultsPath, plotPath, manifest, records, summary: exp.summarize?.(records, params) ?? [] };
}

/** Reads and checks a manifest. @throws CliError when the file is not a manifest. */
export function readManifest(path: string): ExperimentManifest {
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if (e instanceof SyntaxError) throw new CliError(`${path}: not valid JSON (${e.message})`);
    throw e;
  }
  const mm = m as Partial<ExperimentManifest> | null;
  if (mm === null || typeof mm !== 'object' || mm.format !== 'randnla-experiment-manifest' || mm.version !== 1 || typeof mm.config !== 'object' || typeof mm.results !== 'object') {
    throw new CliError(`${path}: not a randnla experiment manifest (format 'randnla-experiment-manifest', version 1)`);
  }
  return mm as ExperimentManifest;
}

/** What {@link replayExperiment} returns. */
export interface ExperimentReplay {
  /** The new run. */
  readonly run: ExperimentRun;
  /** True when the timing-free records equal the original ones byte for byte. */
  readonly identical: boolean;
  /** What the new run was compared with: the original results.jsonl, or (when it is gone) the manifest's fingerprint. */
  readonly comparedWith: 'results' | 'fingerprint';
  /** The first differing record (1-based line), when not identical and the original results exist. */
  readonly firstDifference: { readonly line: number; readonly expected: string | null; readonly actual: string | null } | null;
  /** Differences of environment that may explain a mismatch (package version, commit, Node). */
  readonly notes: string[];
}

/**
 * Replays a run from its manifest: checks the input fingerprints, runs the same configuration
 * into `outDir` (default `<manifest folder>/replay`), and compares the records without their
 * `timing` fields with the original results.jsonl (or, if that file is gone, with the manifest's
 * fingerprint).
 *
 * @throws CliError when an input file is missing or changed, or the manifest is malformed.
 */
export function replayExperiment(
  manifestPath: string,
  options: { readonly outDir?: string; readonly registry: ReadonlyMap<string, Experiment<unknown>>; readonly onProgress?: (done: number, total: number, label: string) => void },
): ExperimentReplay {
  const m = readManifest(manifestPath);
  const dir = dirname(resolve(manifestPath));
  for (const i of m.inputs) {
    if (!existsSync(i.path)) throw new CliError(`input '${i.name}' of the manifest is missing: ${i.path}`);
    const h = sha256File(i.path);
    if (h !== i.sha256) throw new CliError(`input '${i.name}' changed since the run: ${i.path} has sha256 ${h}, the manifest says ${i.sha256}`);
  }
  const notes: string[] = [];
  const root = packageRoot();
  const version = packageVersion(root);
  const g = gitState(root);
  if (m.environment.version !== version) notes.push(`package version ${version} (the run had ${m.environment.version})`);
  if (m.environment.gitCommit !== null && g.commit !== null && m.environment.gitCommit !== g.commit) notes.push(`git commit ${g.commit} (the run had ${m.environment.gitCommit})`);
  if (m.environment.node !== process.version) notes.push(`Node ${process.version} (the run had ${m.environment.node})`);
  const outDir = resolve(options.outDir ?? join(dir, 'replay'));
  if (outDir === dir) throw new CliError(`the replay must not write over the original run in ${dir}: choose another --out`);
  const run = runExperiment(
    { experiment: m.config.experiment, seed: m.config.seed, params: m.config.params, inputs: m.config.inputs },
    { outDir, registry: options.registry, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  );
  const originalPath = join(dir, m.results.file);
  if (!existsSync(originalPath)) {
    return { run, identical: run.manifest.results.fingerprint === m.results.fingerprint, comparedWith: 'fingerprint', firstDifference: null, notes };
  }
  const a = readFileSync(originalPath, 'utf8').split('\n').filter((l) => l !== '').map(stripTiming);
  const b = readFileSync(run.resultsPath, 'utf8').split('\n').filter((l) => l !== '').map(stripTiming);
  let firstDifference: ExperimentReplay['firstDifference'] = null;
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    if (a[k] !== b[k]) {
      firstDifference = { line: k + 1, expected: a[k] ?? null, actual: b[k] ?? null };
      break;
    }
  }
  return { run, identical: firstDifference === null, comparedWith: 'results', firstDifference, notes };
}

/** `path` relative to the working directory when that is shorter (for messages). */
export function displayPath(path: string): string {
  const r = relative(process.cwd(), path);
  return r === '' ? '.' : r.startsWith('..') ? path : r;
}
