/**
 * A minimal SVG line-plot writer for the experiment runner: panels stacked vertically, each with
 * linear or log axes, line/dashed/marker series and a legend.
 *
 * proofs-check has its own writer (`proofs-check/svg.ts`), but it lives outside `src/` and is not
 * part of the package build, so the runner cannot import it; this one is written for the
 * runner's needs only. Output is a pure function of the spec: coordinates are printed with
 * `toFixed(2)` and labels with `toPrecision`, both exactly specified by ECMAScript, and elements
 * come in input order, so a replayed experiment gives the same bytes.
 *
 * @module
 */

/** One series of a panel. */
export interface PlotSeries {
  readonly label: string;
  /** (x, y) points; non-finite points, and non-positive ones on a log axis, are skipped. */
  readonly points: ReadonlyArray<readonly [number, number]>;
  /** `line` (with markers; default), `dashed` (a reference or bound, no markers) or `markers`. */
  readonly style?: 'line' | 'dashed' | 'markers';
  /** CSS colour (default: the palette colour of the series' index). */
  readonly color?: string;
}

/** One pair of axes. */
export interface PlotPanel {
  readonly title?: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xLog?: boolean;
  readonly yLog?: boolean;
  /** Tick values of the x axis (default: automatic), e.g. the swept values. */
  readonly xTicks?: readonly number[];
  readonly series: readonly PlotSeries[];
}

/** A figure: a title and one or more panels. */
export interface PlotSpec {
  readonly title: string;
  readonly panels: readonly PlotPanel[];
}

/** The default colours (Okabe–Ito, colour-blind safe, then greys). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#999999', '#F0E442'];
const W = 640;
const PH = 260;
const M = { left: 64, right: 16, top: 26, bottom: 40 };
const LEGEND_ROW = 16;

function n2(x: number): string {
  const s = x.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A tick label with at most 3 significant digits. */
export function tickText(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) {
    const [mant, exp] = v.toExponential(1).split('e');
    return `${Number(mant)}e${Number(exp)}`;
  }
  return String(Number(v.toPrecision(3)));
}

interface Scale {
  readonly log: boolean;
  readonly lo: number;
  readonly hi: number;
  readonly ticks: number[];
}

function niceStep(span: number): number {
  const raw = span / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

function scale(values: number[], log: boolean): Scale {
  const vs = values.filter((v) => Number.isFinite(v) && (!log || v > 0)).map((v) => (log ? Math.log10(v) : v));
  let lo = vs.length ? Math.min(...vs) : 0;
  let hi = vs.length ? Math.max(...vs) : 1;
  if (hi - lo < 1e-12) {
    const pad = log ? 0.5 : Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  const ticks: number[] = [];
  if (log) {
    const pad = 0.04 * (hi - lo);
    lo -= pad;
    hi += pad;
    // Decades alone when the axis spans more than three of them, else 1, 2 and 5 times each.
    const mults = hi - lo > 3 ? [1] : [1, 2, 5];
    const step = Math.max(1, Math.ceil((hi - lo) / 8));
    for (let e = Math.floor(lo); e <= Math.ceil(hi); e += step) {
      for (const k of mults) {
        const t = Number((k * 10 ** e).toPrecision(12));
        const lt = Math.log10(t);
        if (lt >= lo && lt <= hi) ticks.push(t);
      }
    }
  } else {
    const step = niceStep(hi - lo);
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
    for (let k = 0, t = lo; t <= hi + step * 1e-9; k++, t = lo + k * step) ticks.push(Number(t.toPrecision(12)));
  }
  return { log, lo, hi, ticks };
}

function pos(s: Scale, v: number, a: number, b: number): number {
  const t = s.log ? Math.log10(v) : v;
  return a + ((t - s.lo) / (s.hi - s.lo)) * (b - a);
}

function usable(s: { log: boolean }, v: number): boolean {
  return Number.isFinite(v) && (!s.log || v > 0);
}

function panelSvg(p: PlotPanel, y0: number, out: string[]): number {
  const legendRows = Math.ceil(p.series.length / 3);
  const auto = scale(p.series.flatMap((s) => s.points.map((q) => q[0])), p.xLog === true);
  const sx = p.xTicks ? { ...auto, ticks: p.xTicks.filter((t) => usable(auto, t) && (auto.log ? Math.log10(t) : t) >= auto.lo && (auto.log ? Math.log10(t) : t) <= auto.hi) } : auto;
  const sy = scale(p.series.flatMap((s) => s.points.map((q) => q[1])), p.yLog === true);
  const x0 = M.left, x1 = W - M.right;
  const top = y0 + M.top, bottom = y0 + PH - M.bottom;
  if (p.title) out.push(`<text x="${n2(W / 2)}" y="${n2(y0 + 16)}" text-anchor="middle" font-weight="bold">${esc(p.title)}</text>`);
  out.push(`<rect x="${n2(x0)}" y="${n2(top)}" width="${n2(x1 - x0)}" height="${n2(bottom - top)}" fill="none" stroke="#444"/>`);
  for (const t of sx.ticks) {
    const x = pos(sx, t, x0, x1);
    out.push(`<line x1="${n2(x)}" y1="${n2(top)}" x2="${n2(x)}" y2="${n2(bottom)}" stroke="#ddd"/>`);
    out.push(`<text x="${n2(x)}" y="${n2(bottom + 14)}" text-anchor="middle">${tickText(t)}</text>`);
  }
  for (const t of sy.ticks) {
    const y = pos(sy, t, bottom, top);
    out.push(`<line x1="${n2(x0)}" y1="${n2(y)}" x2="${n2(x1)}" y2="${n2(y)}" stroke="#ddd"/>`);
    out.push(`<text x="${n2(x0 - 4)}" y="${n2(y + 4)}" text-anchor="end">${tickText(t)}</text>`);
  }
  out.push(`<text x="${n2((x0 + x1) / 2)}" y="${n2(bottom + 30)}" text-anchor="middle">${esc(p.xLabel)}${p.xLog ? ' (log)' : ''}</text>`);
  out.push(`<text transform="translate(${n2(14)},${n2((top + bottom) / 2)}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}${p.yLog ? ' (log)' : ''}</text>`);
  p.series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    const pts = s.points.filter(([x, y]) => usable(sx, x) && usable(sy, y)).map(([x, y]) => [pos(sx, x, x0, x1), pos(sy, y, bottom, top)] as const);
    const style = s.style ?? 'line';
    if (style !== 'markers' && pts.length > 1) {
      const d = pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${n2(x)} ${n2(y)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"${style === 'dashed' ? ' stroke-dasharray="6 4"' : ''}/>`);
    }
    if (style !== 'dashed') for (const [x, y] of pts) out.push(`<circle cx="${n2(x)}" cy="${n2(y)}" r="2.5" fill="${color}"/>`);
    const lx = x0 + (k % 3) * ((x1 - x0) / 3);
    const ly = y0 + PH + 10 + Math.floor(k / 3) * LEGEND_ROW;
    out.push(`<line x1="${n2(lx)}" y1="${n2(ly - 4)}" x2="${n2(lx + 18)}" y2="${n2(ly - 4)}" stroke="${color}" stroke-width="2"${style === 'dashed' ? ' stroke-dasharray="4 3"' : ''}/>`);
    out.push(`<text x="${n2(lx + 22)}" y="${n2(ly)}">${esc(s.label)}</text>`);
  });
  return PH + 10 + legendRows * LEGEND_ROW + 8;
}

/** Renders a figure as a standalone SVG document. */
export function renderSvg(spec: PlotSpec): string {
  const body: string[] = [];
  let y = 30;
  for (const p of spec.panels) y += panelSvg(p, y, body);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${n2(y)}" viewBox="0 0 ${W} ${n2(y)}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${n2(W / 2)}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${esc(spec.title)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
