/**
 * Helpers of the CLI tests: recording streams, a temp folder, seeded test files, and bit-exact
 * comparison of matrices.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/output.js';
import { fromColMajor, toColMajor, type DenseMatrix } from '../../src/core/matrix.js';
import { fillNormal, rngFromSeed } from '../../src/rng/index.js';

/** The streams of one in-process run, recorded. */
export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with recording streams (stderr not a terminal: no progress line). */
export async function cli(argv: readonly string[], options: { tty?: boolean; proofsCheckCli?: string } = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.tty === true, columns: 100 },
  };
  const code = await run(argv, { io, ...(options.proofsCheckCli !== undefined ? { proofsCheckCli: options.proofsCheckCli } : {}) });
  return { code, stdout, stderr };
}

/** A fresh temp folder. */
export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `randnla-cli-${tag}-`));
}

/** n×d Gaussian (column-major) from a string seed. */
export function gauss(n: number, d: number, seed: string): DenseMatrix {
  const a = new Float64Array(n * d);
  fillNormal(rngFromSeed(seed), 0, a);
  return fromColMajor(n, d, a);
}

/** A length-n Gaussian vector. */
export function gaussVec(n: number, seed: string): Float64Array {
  const v = new Float64Array(n);
  fillNormal(rngFromSeed(seed), 0, v);
  return v;
}

/** True when two arrays hold the same float64 bit patterns. */
export function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.every((v, k) => v === y[k]);
}

/** True when two matrices have the same shape and the same bits, whatever their layouts. */
export function sameMatrix(A: DenseMatrix, B: DenseMatrix): boolean {
  return A.rows === B.rows && A.cols === B.cols && sameBits(toColMajor(A).data, toColMajor(B).data);
}
