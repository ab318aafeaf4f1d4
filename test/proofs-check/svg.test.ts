/**
 * The SVG writer: deterministic bytes, log axes that skip non-positive points, escaping, and
 * the report helpers' number formatting.
 */
import { describe, expect, it } from 'vitest';
import { fmtMargin, fmtNum, stableJson } from '../../proofs-check/report.js';
import { renderSvg, tickLabel, type PlotSpec } from '../../proofs-check/svg.js';

const spec: PlotSpec = {
  title: 'a <test> & "plot"',
  panels: [
    {
      xLabel: 'm',
      yLabel: 'ε',
      xLog: true,
      yLog: true,
      xTicks: [10, 100, 1000],
      series: [
        { label: 'measured', style: 'line', points: [[10, 0.5], [100, 0.16], [1000, 0.05], [2000, 0]] },
        { label: 'bound', style: 'dashed', points: [[10, 1], [1000, 0.1]] },
        { label: 'trials', style: 'dots', points: [[10, 0.4], [10, 0.6]] },
      ],
    },
    { xLabel: 'x', yLabel: 'y', series: [{ label: 'lin', style: 'markers', points: [[0, -1], [1, 2]] }] },
  ],
};

describe('renderSvg', () => {
  it('is deterministic and self-contained', () => {
    const a = renderSvg(spec);
    expect(renderSvg(spec)).toBe(a);
    expect(a.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(a.endsWith('</svg>\n')).toBe(true);
    expect(a).toContain('a &lt;test&gt; &amp; &quot;plot&quot;');
    expect(a).not.toMatch(/NaN|Infinity|undefined/);
    // open and close tags balance for the containers used
    expect((a.match(/<g /g) ?? []).length).toBe((a.match(/<\/g>/g) ?? []).length);
  });

  it('skips non-positive points on log axes and labels the given ticks', () => {
    const svg = renderSvg(spec);
    // the measured line has 3 usable points (y = 0 dropped) → 3 markers of radius 3.5 in the first panel,
    // plus 2 markers of the linear panel and its legend marker
    expect((svg.match(/r="3.5"/g) ?? []).length).toBe(3 + 2 + 1);
    for (const t of ['>10<', '>100<', '>1000<']) expect(svg).toContain(t);
  });

  it('tick labels', () => {
    expect(tickLabel(0.5)).toBe('0.5');
    expect(tickLabel(2000)).toBe('2000');
    expect(tickLabel(1e-5)).toBe('1e-5');
    expect(tickLabel(123456)).toBe('1.23e5');
  });
});

describe('report formatting', () => {
  it('numbers and margins', () => {
    expect(fmtNum(0.123456)).toBe('0.1235');
    expect(fmtNum(40)).toBe('40');
    expect(fmtNum(1.856e-5)).toBe('1.856e-5');
    expect(fmtNum(Infinity)).toBe('∞');
    expect(fmtMargin(0.4237)).toBe('+42.4%');
    expect(fmtMargin(-0.014)).toBe('-1.4%');
  });

  it('stableJson keeps number arrays on one line and writes non-finite numbers as strings', () => {
    const s = stableJson({ a: [1, 2.5, NaN], b: { c: Infinity, d: null }, e: [[1], [2]] });
    expect(s).toBe('{\n  "a": [1, 2.5, "NaN"],\n  "b": {\n    "c": "Infinity",\n    "d": null\n  },\n  "e": [\n    [1],\n    [2]\n  ]\n}\n');
    expect(JSON.parse(s).b.c).toBe('Infinity');
  });
});
