import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quickstart } from '../examples/quickstart.js';

describe('README usage example', () => {
  it('is examples/quickstart.ts, word for word', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('../examples/quickstart.ts', import.meta.url), 'utf8').replace("from '../src/index.js'", "from 'randnla'");
    expect(readme).toContain('```ts\n' + example + '```');
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
});
