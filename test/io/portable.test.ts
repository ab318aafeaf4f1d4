import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as portable from '../../src/io/portable.js';
import * as io from '../../src/io/index.js';

const dir = fileURLToPath(new URL('../../src/io/', import.meta.url));

describe('module layout', () => {
  it('the portable entry re-exports the parse/format functions and nothing that needs node:fs', () => {
    for (const f of ['common.ts', 'matrixMarket.ts', 'npy.ts', 'csv.ts', 'portable.ts']) {
      expect(readFileSync(dir + f, 'utf8')).not.toMatch(/from 'node:|require\(|Buffer\b/);
    }
    for (const [k, v] of Object.entries(portable)) expect((io as Record<string, unknown>)[k]).toBe(v);
    expect(Object.keys(portable).sort()).toEqual(
      ['DEFAULT_MAX_ENTRIES', 'formatCsv', 'formatMatrixMarket', 'formatNpy', 'npyToMatrix', 'parseCsv', 'parseMatrixMarket', 'parseMatrixMarketHeader', 'parseNpy', 'parseNpyArray', 'parseNpyHeader'].sort(),
    );
    expect(io.DEFAULT_MAX_ENTRIES).toBe(2 ** 28);
  });
});
