import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quickstart } from '../examples/quickstart.js';
import { boundCheck } from '../examples/bound-check.js';

describe('README usage examples', () => {
  it('are examples/quickstart.ts and examples/bound-check.ts, word for word', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const file of ['quickstart.ts', 'bound-check.ts']) {
      const example = readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8').replace("from '../src/index.js'", "from 'randnla'");
      expect(readme, file).toContain('```ts\n' + example + '```');
    }
  });

  it('prints what its comments say', () => {
    const { x, rank, residualNorm, SA, same, eps } = quickstart;
    expect(Math.abs(x[0] - 5)).toBeLessThan(1e-14);
    expect(Math.abs(x[1] + 3)).toBeLessThan(1e-14);
    expect(rank).toBe(2);
    expect(Math.abs(residualNorm - Math.sqrt(6))).toBeLessThan(1e-14);
    expect([SA.rows, SA.cols]).toEqual([2, 2]);
    expect(same).toBe(true);
    expect(eps).toBeGreaterThan(0);
    expect(eps).toBeLessThan(0.5);
  });

  it('bound-check prints what its comments say', () => {
    const { sparse, gaussian, bound } = boundCheck;
    expect(Math.abs(sparse - 0.46)).toBeLessThan(0.005);
    expect(Math.abs(gaussian - 0.45)).toBeLessThan(0.005);
    expect(Math.abs(bound - 0.89)).toBeLessThan(0.005);
    expect(Math.max(sparse, gaussian)).toBeLessThan(bound);
  });
});
