/**
 * Writes a run: `report.md` (one table row per claim: check, claim, measured, bound, margin,
 * verdict, then a section per check), `results.json` (`{ meta, checks, timings }`, every number)
 * and one SVG per check. Everything but `timings` is a pure function of the run's seed and code.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSvg } from './svg.js';
import type { CheckResult, ClaimResult, Json, RunResult } from './types.js';

/** Number formatting for the report: 4 significant digits, exponent form for tiny or huge values. */
export function fmtNum(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return String(x);
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e7) {
    const [m, e] = x.toExponential(3).split('e');
    return `${Number(m)}e${Number(e)}`;
  }
  return String(Number(x.toPrecision(4)));
}

/** A margin as a signed percentage. */
export function fmtMargin(x: number): string {
  if (x === Infinity) return '+∞';
  if (x === -Infinity) return '−∞';
  if (Number.isNaN(x)) return 'n/a';
  const p = (100 * x).toFixed(1);
  return x >= 0 ? `+${p}%` : `${p}%`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function verdictText(v: string): string {
  return v === 'pass' ? 'pass' : v === 'info' ? 'info' : v === 'error' ? '**ERROR**' : '**FAIL**';
}

function claimRow(c: CheckResult, k: ClaimResult, withCheck: boolean): string {
  const cols = [
    ...(withCheck ? [`[${c.name}](#${c.name})`] : []),
    cell(k.claim),
    k.status,
    `${fmtNum(k.measured)} (${cell(k.measuredLabel)})`,
    fmtNum(k.bound),
    fmtMargin(k.margin),
    verdictText(k.verdict),
  ];
  return `| ${cols.join(' | ')} |`;
}

/** The Markdown report. Deterministic (no timings, no dates). */
export function renderMarkdown(run: RunResult): string {
  const { meta } = run;
  const L: string[] = [];
  L.push('# randnla proofs-check report', '');
  L.push(
    `Mode: **${meta.quick ? 'quick' : 'full'}** · seed \`${meta.seed}\` · ${meta.package.name} ${meta.package.version} · commit ${meta.commit ? `\`${meta.commit}\`` : 'unknown'} · Node ${meta.node}` +
      (meta.only ? ` · only: ${meta.only.join(', ')}` : ''),
    '',
  );
  const s = meta.summary;
  L.push(
    `**${s.passed}/${s.checks} checks pass**${s.failed ? ` — **${s.failed} failed**` : ''}. ${s.claims} claims, of which ${s.probabilisticClaims} probabilistic, each at false-alarm level α (stated per claim), so the chance of any false alarm in this run is at most ${s.probabilisticClaims}·α.`,
    '',
  );
  L.push(
    'Margin = relative room: (bound − measured)/bound for "≤" claims (for probabilistic claims, measured is the (1 − δ) quantile of the trial values, so the margin is how much the bound could shrink before more than a δ fraction of trials would fail); for slopes, the unused fraction of the tolerance; for exact laws, how deep the predicted rate sits inside the Clopper–Pearson interval. Constants are marked proven, derived (short derivation in the check source) or empirical.',
    '',
  );
  L.push('| check | claim | constant | measured | bound | margin | verdict |', '|---|---|---|---|---|---|---|');
  for (const c of run.checks) {
    if (c.verdict === 'error') {
      L.push(`| [${c.name}](#${c.name}) | ${cell(c.error ?? 'error')} | | | | | **ERROR** |`);
      continue;
    }
    for (const k of c.claims) L.push(claimRow(c, k, true));
  }
  L.push('');
  for (const c of run.checks) {
    L.push(`<a id="${c.name}"></a>`, '', `## ${c.title}`, '');
    L.push(`\`${c.name}\` · verdict: ${verdictText(c.verdict)}`, '');
    L.push(`**Statement.** ${c.statement}`, '');
    L.push(`**Formula.** ${c.formula}`, '');
    L.push(`**Source.** ${c.source}`, '');
    L.push('**Constants.**', '');
    for (const k of c.constants) L.push(`- ${k.name} = ${k.value}: **${k.status}** (${k.source})`);
    L.push('');
    L.push(`**Measured.** ${c.measured}`, '');
    L.push(`**Data.** ${c.data}`, '');
    L.push(`**Pass rule.** ${c.passRule}`, '');
    if (c.error) {
      L.push(`**Error.** \`${c.error}\``, '');
      continue;
    }
    const params = Object.entries(c.parameters).map(([k, v]) => `${k} = ${typeof v === 'number' ? fmtNum(v) : String(v)}`);
    L.push(`**Parameters.** ${params.join(', ')}; sweep ${c.sweep.name} ∈ {${c.sweep.values.map(fmtNum).join(', ')}}; seeds \`${c.seeds.pattern}\`.`, '');
    L.push(`![${c.name}](${c.name}.svg)`, '');
    L.push('| claim | constant | measured | bound | margin | verdict | rule details |', '|---|---|---|---|---|---|---|');
    for (const k of c.claims) L.push(`${claimRow(c, k, false).slice(0, -1)}| ${cell(detailText(k))} |`);
    L.push('');
    for (const n of c.notes) L.push(`- ${n}`);
    if (c.notes.length) L.push('');
  }
  return L.join('\n');
}

function detailText(k: ClaimResult): string {
  const d = k.details as Record<string, Json>;
  const n = (key: string) => (typeof d[key] === 'number' ? fmtNum(d[key] as number) : String(d[key]));
  switch (k.rule) {
    case 'binomial-upper':
      return `F = ${n('failures')}/${n('trials')} (allowed ≤ ${n('maxAllowedFailures')}), CP lower ${n('cpLower')} vs δ = ${n('delta')}, α = ${n('alpha')}`;
    case 'binomial-exceeds':
      return `F = ${n('failures')}/${n('trials')}, CP lower ${n('cpLower')} must exceed δ = ${n('delta')}, α = ${n('alpha')}`;
    case 'binomial-equal':
      return `k = ${n('events')}/${n('trials')}, CP interval [${n('cpLower')}, ${n('cpUpper')}] at α = ${n('alpha')}`;
    case 'slope':
      return `slope ${n('slope')} ± ${n('stderr')} (s.e.), r² = ${n('r2')}, tolerance ${n('tolerance')}`;
    case 'inequality':
      return `${d.direction}, atol ${n('atol')}, rtol ${n('rtol')}`;
    default:
      return 'no verdict';
  }
}

/**
 * JSON, indented, with arrays of numbers, strings or booleans kept on one line, and non-finite
 * numbers written as strings ("Infinity", "-Infinity", "NaN") instead of null. Key order is
 * insertion order, so the same data always gives the same text.
 */
export function stableJson(value: unknown): string {
  const prim = (v: unknown): string => {
    if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : JSON.stringify(String(v));
    return JSON.stringify(v) ?? 'null';
  };
  const isPrim = (v: unknown) => v === null || typeof v !== 'object';
  const walk = (v: unknown, ind: string): string => {
    if (v instanceof Float64Array || v instanceof Int32Array) v = Array.from(v);
    if (isPrim(v)) return prim(v);
    const inner = `${ind}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      if (v.every(isPrim)) return `[${v.map(prim).join(', ')}]`;
      return `[\n${v.map((x) => inner + walk(x, inner)).join(',\n')}\n${ind}]`;
    }
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && typeof x !== 'function');
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${walk(x, inner)}`).join(',\n')}\n${ind}}`;
  };
  return `${walk(value, '')}\n`;
}

/** results.json content: `{ meta, checks, timings }`, plot specs left out (they are the SVGs). */
export function resultsJson(run: RunResult): string {
  return stableJson({
    meta: run.meta,
    checks: run.checks.map(({ plot: _plot, ...rest }) => rest),
    timings: run.timings,
  });
}

/** Writes report.md, results.json and one SVG per check into `dir` (created if needed). Returns the files written. */
export function writeReport(run: RunResult, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const put = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    files.push(p);
  };
  put('report.md', renderMarkdown(run));
  put('results.json', resultsJson(run));
  for (const c of run.checks) if (c.plot) put(`${c.name}.svg`, renderSvg(c.plot));
  return files;
}
