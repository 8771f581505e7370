import { exampleText } from '../compare/compare-fidelity.js';
import { FIDELITY_VERDICTS } from '../model/run-result.js';
import type { Comparison, Finding, LeftBehindCount, PointComparison, SideFigures, SideInfo, TypeRow, VerdictCounts } from '../compare/comparison.js';
import { percentText, pointKeyText, ratioText } from '../compare/point-findings.js';
import { optionsText } from './run-summary/point-labels.js';
import type { TextTable } from './run-summary/text-table.js';
import { fmtSeconds } from './terminal/format.js';

/**
 * The tables and sentences of a comparison as plain text, so the terminal and the Markdown
 * summary say the same thing; the renderers only lay them out and escape.
 */
const dash = '—';
const pct = (x: number): string => `${+(x * 100).toFixed(1)}%`;
export const sideText = (label: 'BASE' | 'NEW', s: SideInfo): string => `${label} ${s.connectorVersion} (${s.file})`;

export function headingLine(c: Comparison): string {
  const s = c.scenario;
  const sides = c.base.file === c.next.file ? `BASE ${c.base.connectorVersion} → NEW ${c.next.connectorVersion} (both in ${c.base.file})` : `${sideText('BASE', c.base)} → ${sideText('NEW', c.next)}`;
  return `compare ${s.name} (hash ${s.hash}) at scale ${s.scale}: ${sides}; max slowdown ${pct(c.maxSlowdown)}`;
}

export function pointTable(c: Comparison): TextTable {
  return {
    columns: ['p', 'chunk', 'options', `base ${c.base.connectorVersion} median s`, `new ${c.next.connectorVersion} median s`, 'ratio', '95% interval', 'failed base/new', 'verdict'],
    numeric: [true, true, false, true, true, true, false, true, false],
    rows: c.points.map((pc) => [
      String(pc.point.parallelism),
      String(pc.point.chunkSize),
      optionsText(pc.point.sourceOptions) || 'defaults',
      medianText(pc.base),
      medianText(pc.next),
      pc.ratio !== undefined ? ratioText(pc.ratio) : dash,
      pc.interval ? `${ratioText(pc.interval.low)}–${ratioText(pc.interval.high)}` : (pc.timeNote ?? dash),
      `${pc.base.failed}/${pc.next.failed}`,
      timeVerdictText(pc, c.maxSlowdown),
    ]),
  };
}

const medianText = (s: SideFigures): string => (s.medianSeconds !== undefined ? `${fmtSeconds(s.medianSeconds)} (n=${s.ok})` : `${dash} (n=0)`);

export function timeVerdictText(pc: PointComparison, maxSlowdown: number): string {
  if (pc.time === 'not-judged') return `not judged: ${pc.timeNote ?? 'no figure'}`;
  const r = pc.ratio!;
  if (pc.time === 'slower') return `REGRESSION: ${percentText(r)} slower`;
  if (pc.time === 'faster') return `improvement: ${percentText(r)} faster`;
  const beyond = r > 1 + maxSlowdown || r < 1 / (1 + maxSlowdown);
  return beyond ? `same: ${percentText(r)} ${r > 1 ? 'slower' : 'faster'} but within noise` : `same (within ${pct(maxSlowdown)})`;
}

export const pointNote = 'Median wall time of the successful runs (n of them); ratio = NEW / BASE; the interval is a 95% bootstrap interval of the ratio of medians (10,000 resamples, needs 3 successful runs a side). A point is slower when the ratio exceeds 1 + max slowdown and the interval lies above 1.';

/** The types whose counts or examples differ, or every type with `all`. */
export function typeTable(c: Comparison, opts: { all: boolean }): TextTable | undefined {
  if (!c.fidelity.compared) return undefined;
  const rows = c.fidelity.types.filter((t) => opts.all || t.differs);
  if (rows.length === 0) return undefined;
  return {
    columns: ['PostgreSQL type', `base ${c.base.connectorVersion}`, `new ${c.next.connectorVersion}`, 'example of a changed value (source → emitted)'],
    numeric: [false, false, false, false],
    rows: rows.map((t) => [t.pgType, countsText(t.base), countsText(t.next), typeExample(t)]),
  };
}

export const countsText = (c: VerdictCounts): string =>
  FIDELITY_VERDICTS.filter((v) => c[v] > 0)
    .map((v) => `${v} ${c[v]}`)
    .join(', ') || dash;

function typeExample(t: TypeRow): string {
  const b = t.baseExample && exampleText(t.baseExample);
  const n = t.nextExample && exampleText(t.nextExample);
  if (b === n) return b ?? '';
  return [b ? `base: ${b}` : '', n ? `new: ${n}` : ''].filter(Boolean).join('; ');
}

export function fidelityLines(c: Comparison): string[] {
  const f = c.fidelity;
  if (!f.compared) return [`Fidelity was not compared: ${f.reason}.`];
  const differing = f.types.filter((t) => t.differs).length;
  const lines = [differing ? `${differing} of ${f.types.length} PostgreSQL types fared differently; the other ${f.types.length - differing} the same on both versions.` : `All ${f.types.length} PostgreSQL types fared the same on both versions.`];
  const failed = (label: string, list: readonly { table: string; failure: string }[]) => (list.length ? [`Tables whose job failed on ${label}: ${list.map((t) => `${t.table} (${t.failure})`).join('; ')}.`] : []);
  return [...lines, ...failed(`BASE ${c.base.connectorVersion}`, f.failedTables.base), ...failed(`NEW ${c.next.connectorVersion}`, f.failedTables.next)];
}

export function hygieneLines(c: Comparison): string[] {
  return [hygieneLine('BASE', c.base, total(c.points.map((p) => p.base.leftBehind))), hygieneLine('NEW', c.next, total(c.points.map((p) => p.next.leftBehind)))];
}

function total(counts: readonly LeftBehindCount[]): LeftBehindCount {
  return counts.reduce((a, l) => ({ recorded: a.recorded + l.recorded, runs: a.runs + l.runs, slots: a.slots + l.slots, publications: a.publications + l.publications }), { recorded: 0, runs: 0, slots: 0, publications: 0 });
}

function hygieneLine(label: 'BASE' | 'NEW', s: SideInfo, l: LeftBehindCount): string {
  const who = `${label} ${s.connectorVersion}`;
  if (l.recorded === 0) return `${who}: no run recorded what it left behind.`;
  if (l.runs === 0) return `${who}: nothing left behind after ${l.recorded} runs.`;
  return `${who}: ${l.slots} replication slot${l.slots === 1 ? '' : 's'} and ${l.publications} publication${l.publications === 1 ? '' : 's'} left behind after ${l.runs} of ${l.recorded} runs (cdc-sizer dropped them; an inactive slot pins WAL until dropped).`;
}

export const unmatchedText = (c: Comparison): string[] => c.unmatched.map((u) => `${u.side === 'base' ? 'BASE' : 'NEW'} only: ${pointKeyText(u.point)}`);

export const findingText = (f: Finding): string => `${f.area}: ${f.text}`;

export function verdictLine(c: Comparison): string {
  if (c.verdict === 'no-regression') {
    const better = c.improvements.length ? `; ${c.improvements.length} improvement${c.improvements.length === 1 ? '' : 's'}` : '';
    return `verdict: no regression (${c.points.length} point${c.points.length === 1 ? '' : 's'} compared${c.fidelity.compared ? ', fidelity compared' : ', fidelity not compared'}${better})`;
  }
  const areas = [...new Set(c.regressions.map((r) => r.area))].map((a) => `${c.regressions.filter((r) => r.area === a).length} ${a}`);
  return `verdict: REGRESSION (${c.regressions.length}: ${areas.join(', ')})`;
}
