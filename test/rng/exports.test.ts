import { describe, expect, it } from 'vitest';
import * as rng from '../../src/rng/index.js';

describe('randnla/rng public surface', () => {
  it('exports exactly the documented functions (the Philox core stays internal)', () => {
    expect(Object.keys(rng).sort()).toEqual(
      [
        'aliasTable',
        'fillIntegers',
        'fillNormal',
        'fillRademacher',
        'fillUniform',
        'integerAt',
        'normalAt',
        'permutation',
        'rngFromSeed',
        'sampleAlias',
        'sampleWeighted',
        'sampleWithoutReplacement',
        'signAt',
        'substream',
        'toRngState',
        'uint32At',
        'uniformAt',
      ].sort(),
    );
    expect('philox4x32_10' in rng).toBe(false);
  });
});
