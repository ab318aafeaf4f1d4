import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// ECMAScript leaves the last bit of Math.log, exp, pow (and **), hypot, log2, sin, cos … to each
// engine, so none may feed a result: randnla has its own (src/rng/elementary.ts: lnDet, expDet,
// powPositive, sinCos2Pi; src/core/kernels/blas1.ts: hypot; src/core/qr.ts: roundLog2). This
// scan keeps new uses out; `npm run check:engines` is the test in real engines (Firefox,
// Chromium). The uses below draw reference curves, axes or printed estimates only.
const ALLOWED: readonly (readonly [string, string])[] = [
  ['src/cli/experiments/e005.ts', '1 - (1 - 1 / m) ** p.d'], // a reference curve
  ['src/demo/leastSquares.ts', 'gamma0 ** (-k / 2)'], // a reference curve
  ['src/demo/leastSquares.ts', 'Math.log(2 / sweepRtol) / Math.log(1 / rate)'], // a printed estimate
  ['src/demo/structured.ts', 'Math.log(2 / delta)'], // a reference curve
  ['src/demo/common.ts', '-Math.log10(rel)'], // printed digits of agreement
  ['src/demo/longley.ts', '-Math.log10(kappa * EPS)'], // a reference line and its printed value
];
const ALLOWED_DIRS = ['src/plot/']; // SVG axes and ticks

const APPROX = /Math\.(log|log2|log10|log1p|exp|expm1|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|hypot|cbrt)\(|\*\*\s*(?!2\b)[^\s*]/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The code of a line: without // comments, and nothing for lines inside or opening a block comment. */
function codeOf(line: string): string {
  const t = line.trim();
  if (t.startsWith('*') || t.startsWith('/*') || t.startsWith('//')) return '';
  return line.replace(/\/\/.*$/, '');
}

describe('no implementation-approximated Math function feeds a result', () => {
  it('src/ uses randnla\'s own elementary functions, except for plots, reference curves and printed estimates', () => {
    const root = join(__dirname, '..', '..');
    const found: string[] = [];
    for (const file of tsFiles(join(root, 'src'))) {
      const rel = relative(root, file).split('\\').join('/');
      if (ALLOWED_DIRS.some((d) => rel.startsWith(d))) continue;
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        const code = codeOf(line);
        // 2 ** k is an exact power of two in every engine
        if (!APPROX.test(code.replace(/\b2 \*\* /g, ''))) return;
        if (ALLOWED.some(([f, s]) => f === rel && code.includes(s))) return;
        found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found, 'use lnDet / expDet / powPositive / hypot / roundLog2 / sinCos2Pi instead').toEqual([]);
  });
});
