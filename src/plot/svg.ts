/**
 * A small deterministic SVG plot writer, shared by proofs-check and the experiment runner: line and marker series on linear or log axes, one or
 * more panels stacked vertically, a legend under each panel.
 *
 * Why hand-written (the issue suggests vega-lite): the report must be byte-identical for the same
 * seed, and a vega-lite render needs a heavy dependency tree (and, for SVG output, a headless
 * renderer) whose output may change with its version or with font metrics. This writer depends on
 * nothing, formats every coordinate with `toFixed(2)` and every label with `toPrecision`, both
 * exactly specified by ECMAScript, and emits elements in input order — so the same data always
 * gives the same bytes.
 *
 * @module
 */

/** One series of a panel. */
export interface PlotSeries {
  readonly label: string;
  /** (x, y) points; on log axes, points with a non-positive coordinate are skipped. */
  readonly points: ReadonlyArray<readonly [number, number]>;
  /**
   * `line`: solid line with markers (measurements); `dashed`: dashed line without markers
   * (bounds); `markers`: markers only; `dots`: small translucent dots (per-trial values).
   * Default `line`.
   */
  readonly style?: 'line' | 'dashed' | 'markers' | 'dots';
  /** CSS colour; defaults to the palette by series index. */
  readonly color?: string;
}

/** One panel (a pair of axes). */
export interface PlotPanel {
  readonly title?: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xLog?: boolean;
  readonly yLog?: boolean;
  /** Tick values for the x axis (default: automatic); usually the swept values. */
  readonly xTicks?: readonly number[];
  readonly series: readonly PlotSeries[];
}

/** A figure: a title and panels stacked vertically. */
export interface PlotSpec {
  readonly title: string;
  readonly panels: readonly PlotPanel[];
}

/** Colour-blind-safe palette (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

const WIDTH = 680;
const PANEL_H = 300;
const MARGIN = { left: 72, right: 20, top: 30, bottom: 46 };
const LEGEND_ROW = 18;
const TITLE_H = 30;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function f2(x: number): string {
  const s = x.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

/** Tick label: up to 3 significant digits, no trailing zeros, exponent form outside [1e-3, 1e5). */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) {
    const [m, e] = v.toExponential(2).split('e');
    return `${String(Number(m))}e${Number(e)}`;
  }
  return String(Number(v.toPrecision(3)));
}

interface Axis {
  readonly log: boolean;
  readonly lo: number; // in transformed units (log10 for log axes)
  readonly hi: number;
  readonly ticks: readonly number[]; // data values
}

function niceStep(span: number, target: number): number {
  const raw = span / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  const r = raw / p;
  const m = r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10;
  return m * p;
}

function makeAxis(values: readonly number[], log: boolean): Axis {
  if (log) {
    const pos = values.filter((v) => v > 0);
    let lo = pos.length ? Math.log10(Math.min(...pos)) : 0;
    let hi = pos.length ? Math.log10(Math.max(...pos)) : 1;
    if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
    const pad = 0.04 * (hi - lo);
    lo -= pad;
    hi += pad;
    const ticks: number[] = [];
    const decades = hi - lo;
    const mult = decades <= 1.2 ? [1, 2, 3, 5, 7] : decades <= 3 ? [1, 2, 5] : [1];
    const step = decades > 8 ? Math.ceil(decades / 6) : 1;
    for (let e = Math.floor(lo); e <= Math.ceil(hi); e += step) {
      for (const mm of mult) {
        const v = mm * 10 ** e;
        const t = Math.log10(v);
        if (t >= lo && t <= hi) ticks.push(Number(v.toPrecision(12)));
      }
    }
    return { log, lo, hi, ticks };
  }
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  if (lo > 0 && lo < 0.3 * hi) lo = 0;
  if (hi - lo < 1e-12) { lo -= 0.5; hi += 0.5; }
  const pad = 0.04 * (hi - lo);
  lo -= lo === 0 ? 0 : pad;
  hi += pad;
  const step = niceStep(hi - lo, 5);
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12 * step; v += step) ticks.push(Number(v.toPrecision(12)));
  return { log, lo, hi, ticks };
}

function tx(axis: Axis, v: number): number {
  return axis.log ? Math.log10(v) : v;
}

function usable(axis: { log: boolean }, v: number): boolean {
  return Number.isFinite(v) && (!axis.log || v > 0);
}

function renderPanel(p: PlotPanel, y0: number, out: string[]): number {
  const xs: number[] = [];
  const ys: number[] = [];
  const xLog = !!p.xLog;
  const yLog = !!p.yLog;
  for (const s of p.series) {
    for (const [x, y] of s.points) {
      if (usable({ log: xLog }, x) && usable({ log: yLog }, y)) { xs.push(x); ys.push(y); }
    }
  }
  const ax0 = makeAxis(xs, xLog);
  const ax: Axis = p.xTicks && p.xTicks.length ? { ...ax0, ticks: p.xTicks.filter((t) => usable({ log: xLog }, t) && tx(ax0, t) >= ax0.lo && tx(ax0, t) <= ax0.hi) } : ax0;
  const ay = makeAxis(ys, yLog);
  const left = MARGIN.left;
  const top = y0 + MARGIN.top;
  const w = WIDTH - MARGIN.left - MARGIN.right;
  const h = PANEL_H - MARGIN.top - MARGIN.bottom;
  const X = (v: number) => left + ((tx(ax, v) - ax.lo) / (ax.hi - ax.lo)) * w;
  const Y = (v: number) => top + h - ((tx(ay, v) - ay.lo) / (ay.hi - ay.lo)) * h;

  if (p.title) out.push(`<text x="${f2(left)}" y="${f2(y0 + 18)}" class="pt">${esc(p.title)}</text>`);
  out.push(`<rect x="${f2(left)}" y="${f2(top)}" width="${f2(w)}" height="${f2(h)}" class="frame"/>`);
  for (const t of ax.ticks) {
    const x = X(t);
    out.push(`<line x1="${f2(x)}" y1="${f2(top)}" x2="${f2(x)}" y2="${f2(top + h)}" class="grid"/>`);
    out.push(`<text x="${f2(x)}" y="${f2(top + h + 15)}" class="tx">${esc(tickLabel(t))}</text>`);
  }
  for (const t of ay.ticks) {
    const y = Y(t);
    out.push(`<line x1="${f2(left)}" y1="${f2(y)}" x2="${f2(left + w)}" y2="${f2(y)}" class="grid"/>`);
    out.push(`<text x="${f2(left - 6)}" y="${f2(y + 4)}" class="ty">${esc(tickLabel(t))}</text>`);
  }
  out.push(`<text x="${f2(left + w / 2)}" y="${f2(top + h + 34)}" class="xl">${esc(p.xLabel)}${xLog ? ' (log)' : ''}</text>`);
  out.push(
    `<text x="${f2(16)}" y="${f2(top + h / 2)}" class="yl" transform="rotate(-90 ${f2(16)} ${f2(top + h / 2)})">${esc(p.yLabel)}${yLog ? ' (log)' : ''}</text>`,
  );
  out.push(`<clipPath id="c${Math.round(y0)}"><rect x="${f2(left)}" y="${f2(top)}" width="${f2(w)}" height="${f2(h)}"/></clipPath>`);
  out.push(`<g clip-path="url(#c${Math.round(y0)})">`);
  p.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const pts = s.points.filter(([x, y]) => usable({ log: xLog }, x) && usable({ log: yLog }, y)).map(([x, y]) => [X(x), Y(y)] as const);
    if (pts.length === 0) return;
    if ((s.style ?? 'line') === 'line' || (s.style ?? 'line') === 'dashed') {
      const d = pts.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${f2(x)} ${f2(y)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${(s.style ?? 'line') === 'dashed' ? '1.8' : '2'}"${(s.style ?? 'line') === 'dashed' ? ' stroke-dasharray="6 4"' : ''}/>`);
    }
    if ((s.style ?? 'line') === 'line' || (s.style ?? 'line') === 'markers') {
      for (const [x, y] of pts) out.push(`<circle cx="${f2(x)}" cy="${f2(y)}" r="3.5" fill="${color}"/>`);
    }
    if ((s.style ?? 'line') === 'dots') {
      // Per-trial values: snapped to a 0.5 px grid and deduplicated (invisible at this size, and
      // it keeps a plot of thousands of trials small).
      const seen = new Set<string>();
      out.push(`<g fill="${color}" fill-opacity="0.25">`);
      for (const [x, y] of pts) {
        const key = `cx="${f2(Math.round(2 * x) / 2)}" cy="${f2(Math.round(2 * y) / 2)}"`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(`<circle ${key} r="1.6"/>`);
      }
      out.push('</g>');
    }
  });
  out.push('</g>');
  // legend: one row per two series, under the axes
  const ly = top + h + MARGIN.bottom - 4;
  p.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const col = i % 2;
    const row = Math.floor(i / 2);
    const x = left + col * (w / 2);
    const y = ly + row * LEGEND_ROW;
    if ((s.style ?? 'line') === 'dots' || (s.style ?? 'line') === 'markers') {
      out.push(`<circle cx="${f2(x + 12)}" cy="${f2(y)}" r="${(s.style ?? 'line') === 'dots' ? '2.5' : '3.5'}" fill="${color}"${(s.style ?? 'line') === 'dots' ? ' fill-opacity="0.5"' : ''}/>`);
    } else {
      out.push(`<line x1="${f2(x)}" y1="${f2(y)}" x2="${f2(x + 24)}" y2="${f2(y)}" stroke="${color}" stroke-width="2"${(s.style ?? 'line') === 'dashed' ? ' stroke-dasharray="6 4"' : ''}/>`);
    }
    out.push(`<text x="${f2(x + 30)}" y="${f2(y + 4)}" class="lg">${esc(s.label)}</text>`);
  });
  return PANEL_H + Math.ceil(p.series.length / 2) * LEGEND_ROW;
}

/** Renders a figure to an SVG document (a string ending in a newline). Deterministic. */
export function renderSvg(spec: PlotSpec): string {
  const body: string[] = [];
  let y = TITLE_H;
  for (const p of spec.panels) y += renderPanel(p, y, body);
  const height = y + 8;
  const head = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    '<style>.frame{fill:none;stroke:#444;stroke-width:1}.grid{stroke:#ddd;stroke-width:1}.tx{font-size:11px;text-anchor:middle;fill:#333}' +
      '.ty{font-size:11px;text-anchor:end;fill:#333}.xl,.yl{font-size:12px;text-anchor:middle;fill:#111}.lg{font-size:11px;fill:#111}' +
      '.pt{font-size:12px;font-weight:bold;fill:#111}.tt{font-size:14px;font-weight:bold;fill:#111}</style>',
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${f2(MARGIN.left)}" y="20" class="tt">${esc(spec.title)}</text>`,
  ];
  return [...head, ...body, '</svg>', ''].join('\n');
}
