/**
 * Writing a command's result: the array output to `--out` (or stdout when absent) and the
 * summary as JSON (`--json`) or as an aligned table.
 *
 * @module
 */
import { formatCsv } from '../../io/index.js';
import { fromColMajor, toArray, type DenseMatrix } from '../../core/matrix.js';
import { writeJsonFile, writeMatrixFile, writeVectorFile } from '../files.js';
import { formatValue, toJson, type Output } from '../output.js';

function summaryRows(summary: Record<string, unknown>): Array<[string, unknown]> {
  const rows: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(summary)) {
    if (k === 'command') continue;
    if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v) && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) rows.push([`${k}.${k2}`, v2]);
    } else rows.push([k, v]);
  }
  return rows;
}

/**
 * Emits a matrix result. With `--out`, the matrix goes to the file and the summary (plus
 * `output`) to stdout; without, JSON mode puts the matrix in the document under `name` (rows as
 * arrays) and text mode prints it as CSV after a `# key: value` summary.
 */
export function emitMatrix(out: Output, file: string | undefined, M: DenseMatrix, name: string, summary: Record<string, unknown>): void {
  const shape = { rows: M.rows, cols: M.cols };
  if (file !== undefined) {
    writeMatrixFile(file, M);
    const doc = { ...summary, output: { path: file, ...shape } };
    if (out.json) out.result(doc);
    else out.table(summaryRows(doc));
    return;
  }
  if (out.json) {
    out.result({ ...summary, output: { path: null, ...shape }, [name]: toArray(M) });
    return;
  }
  for (const [k, v] of summaryRows({ ...summary, output: shape })) out.text(`# ${k}: ${formatValue(v)}`);
  out.text(formatCsv(M).replace(/\n$/, ''));
}

/**
 * Emits a vector result, as {@link emitMatrix}: to `--out`, else in the JSON document, else one
 * value per line after the `# key: value` summary.
 */
export function emitVector(out: Output, file: string | undefined, v: Float64Array, name: string, summary: Record<string, unknown>): void {
  if (file !== undefined) {
    writeVectorFile(file, v);
    const doc = { ...summary, output: { path: file, length: v.length } };
    if (out.json) out.result(doc);
    else out.table(summaryRows(doc));
    return;
  }
  if (out.json) {
    out.result({ ...summary, output: { path: null, length: v.length }, [name]: v });
    return;
  }
  for (const [k, v2] of summaryRows({ ...summary, output: { length: v.length } })) out.text(`# ${k}: ${formatValue(v2)}`);
  out.text(formatCsv(fromColMajor(v.length, 1, v)).replace(/\n$/, ''));
}

/**
 * Writes a JSON document to `file` (when given) and emits `summary` plus `output`; without a
 * file the document itself is the result (JSON mode) or is printed as JSON (text mode).
 */
export function emitDocument(out: Output, file: string | undefined, doc: Record<string, unknown>, summary: Record<string, unknown>): void {
  if (file !== undefined) {
    writeJsonFile(file, doc);
    const s = { ...summary, output: { path: file } };
    if (out.json) out.result(s);
    else out.table(summaryRows(s));
    return;
  }
  if (out.json) out.result(doc);
  else {
    for (const [k, v] of summaryRows(summary)) out.text(`# ${k}: ${formatValue(v)}`);
    out.text(toJson(doc));
  }
}

/** Emits only a summary: the JSON document, or the aligned table. */
export function emitSummary(out: Output, summary: Record<string, unknown>): void {
  if (out.json) out.result(summary);
  else out.table(summaryRows(summary));
}
