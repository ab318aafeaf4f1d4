/**
 * The command-line tool's output: the only module of randnla that writes to stdout or stderr.
 *
 * - Results go to stdout: a JSON document with `--json` (one line, machine-readable), plain
 *   text otherwise.
 * - Progress goes to stderr, and only when stderr is a terminal: a single status line redrawn in
 *   place (at most every 100 ms) and erased when the work ends, so pipes and log files never see
 *   it.
 * - Errors go to stderr as one line, `randnla: <message>`.
 *
 * The streams are injectable ({@link CliIo}) so that tests run the CLI in-process.
 *
 * @module
 */

/** Output sinks of the CLI: process.stdout/stderr, or recorders in tests. */
export interface CliIo {
  /** Where results go. */
  readonly stdout: { write(s: string): unknown };
  /** Where errors, notes and the progress line go; `isTTY` turns the progress line on. */
  readonly stderr: { write(s: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
}

/** The process's own streams. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr };
}

/**
 * JSON.stringify replacer for CLI results: typed arrays become arrays, bigints strings, and
 * non-finite numbers the strings `"NaN"`, `"Infinity"` and `"-Infinity"` (JSON has no literal for
 * them, and `null` would hide what happened).
 */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : String(x)));
  }
  return value;
}

/** `value` as one line of JSON with {@link jsonReplacer}. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, jsonReplacer);
}

/** A status line on a terminal; every method is a no-op when the line is disabled. */
export interface Progress {
  /** Shows a stage, e.g. `reading A.npy`. */
  status(text: string): void;
  /** Shows `label done/total (pct%)`; redrawn at most every 100 ms, and always at the end. */
  update(done: number, total: number, label?: string): void;
  /** Erases the line. */
  done(): void;
}

const NO_PROGRESS: Progress = { status() {}, update() {}, done() {} };

function terminalProgress(stream: CliIo['stderr']): Progress {
  let last = 0;
  let drawn = false;
  const draw = (text: string): void => {
    const cols = stream.columns && stream.columns > 10 ? stream.columns : 100;
    stream.write(`\r${text.slice(0, cols - 1)}\x1b[K`);
    drawn = true;
  };
  return {
    status(text) {
      last = Date.now();
      draw(`${text}…`);
    },
    update(done, total, label = '') {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const frac = total > 0 ? Math.min(1, done / total) : 1;
      const width = 24;
      const fill = Math.round(frac * width);
      draw(`[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${String(Math.round(frac * 100)).padStart(3)}%  ${label} ${done}/${total}`);
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/** Result, note and progress writer of one CLI invocation. */
export class Output {
  /** The progress line (inert unless stderr is a terminal and progress is wanted). */
  readonly progress: Progress;

  /**
   * @param io - the streams.
   * @param json - `--json`: results are one JSON document on stdout.
   * @param showProgress - false for `--no-progress`.
   */
  constructor(
    readonly io: CliIo,
    readonly json: boolean,
    showProgress: boolean,
  ) {
    this.progress = showProgress && io.stderr.isTTY === true ? terminalProgress(io.stderr) : NO_PROGRESS;
  }

  /** Writes the result document (JSON mode). */
  result(value: unknown): void {
    this.io.stdout.write(`${toJson(value)}\n`);
  }

  /** Writes lines of text to stdout (text mode; ignored in JSON mode). */
  text(...lines: string[]): void {
    if (this.json) return;
    for (const l of lines) this.io.stdout.write(`${l}\n`);
  }

  /** Writes `key  value` rows aligned on the keys (text mode). */
  table(rows: ReadonlyArray<readonly [string, unknown]>): void {
    if (this.json) return;
    const w = Math.max(0, ...rows.map(([k]) => k.length));
    for (const [k, v] of rows) this.io.stdout.write(`${k.padEnd(w)}  ${formatValue(v)}\n`);
  }

  /** A note on stderr (both modes): warnings and hints that are not the result. */
  note(text: string): void {
    this.progress.done();
    this.io.stderr.write(`randnla: ${text}\n`);
  }
}

/** Writes the one-line error message of an expected failure. */
export function writeError(io: CliIo, message: string): void {
  io.stderr.write(`randnla: ${message}\n`);
}

/** Writes an unexpected error (a bug) with its stack. */
export function writeInternalError(io: CliIo, e: unknown): void {
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  io.stderr.write(`randnla: internal error (please report it): ${detail}\n`);
}

/** A number or value as text: numbers with up to 12 significant digits. */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Number.isFinite(v) ? String(Number(v.toPrecision(12))) : String(v);
  if (v === null || v === undefined) return '-';
  if (typeof v === 'object') return toJson(v);
  return String(v);
}
