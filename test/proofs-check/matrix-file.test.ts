import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMatrixFile, main } from '../../proofs-check/cli.js';
import { UsageError } from '../../proofs-check/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'randnla-pc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('proofs-check --matrix', () => {
  const mtx = join(dir, 'A.mtx');
  writeFileSync(mtx, '%%MatrixMarket matrix coordinate real general\n5 2 6\n1 1 1\n2 1 2\n3 2 1\n4 1 -1\n5 2 3\n5 1 0.5\n');
  const csv = join(dir, 'A.csv');
  writeFileSync(csv, 'a,b\n1,0\n2,0\n0,1\n-1,0\n0.5,3\n');

  it('reads .mtx (sparse, densified) and .csv into the same matrix', () => {
    const A = loadMatrixFile(mtx);
    const B = loadMatrixFile(csv);
    expect([A.rows, A.cols]).toEqual([5, 2]);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 2; j++) {
      expect(A.data[A.offset + i * A.rowStride + j * A.colStride]).toBe(B.data[B.offset + i * B.rowStride + j * B.colStride]);
    }
  });

  it('runs a check on the file and records that a user matrix was used', () => {
    const out = join(dir, 'report');
    const lines: string[] = [];
    const io = { stdout: { write: (s: string) => lines.push(s) }, stderr: { write: (s: string) => lines.push(s) } };
    const code = main(['--quick', '--only', 'sketch-embedding-gaussian', '--matrix', mtx, '--out', out], { io: io as never });
    expect(code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(JSON.stringify(results)).toContain('"userMatrix":true');
  });

  it('rejects an unknown extension and a malformed file as usage errors naming the file', () => {
    expect(() => loadMatrixFile(join(dir, 'A.txt'))).toThrow(UsageError);
    const bad = join(dir, 'bad.mtx');
    writeFileSync(bad, '%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n');
    expect(() => loadMatrixFile(bad)).toThrow(/bad\.mtx/);
  });
});
