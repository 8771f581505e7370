import type { RunResult } from '../../model/run-result.js';
import { fmtBytes, fmtInt } from '../terminal/format.js';
import { optionsText } from './point-labels.js';
import { verificationNote } from '../verification-note.js';
import { table, type TextTable } from './text-table.js';

/** What was run, on what and with what: the opening lines and the environment table of a run report. */

export const coresNote = (cores: number): string => `This machine has ${cores} core${cores === 1 ? '' : 's'}; scaling above ${cores} is expected to flatten.`;

export function scenarioLine(result: RunResult): string {
  const s = result.scenario;
  const src = result.source;
  if (src?.kind !== 'existing') return `${s.name} (hash ${s.hash}) at scale ${s.scale}: ${fmtInt(s.tables)} tables, ${fmtInt(s.rows)} rows, ${fmtBytes(s.diskBytes)} on disk.`;
  // An existing database's tables as they were: what was selected, left out, and what changed under the run.
  const selection = [src.include.length ? `tables ${src.include.join(', ')}` : 'every table', ...(src.exclude.length ? [`excluding ${src.exclude.join(', ')}`] : [])].join(', ');
  const notes = [
    src.skippedTables.length ? ` Skipped without a primary key: ${src.skippedTables.map((t) => t.table).join(', ')}.` : '',
    src.changedTables.length ? ` Changed during the run (counts not verified): ${src.changedTables.join(', ')}.` : '',
    verificationNote(src),
  ].join('');
  return `Existing database ${src.database} at ${src.server} (${selection}): ${fmtInt(s.tables)} tables, ${fmtInt(s.rows)} rows counted before the first point, ${fmtBytes(s.diskBytes)} on disk.${notes}`;
}

export function gridLine(result: RunResult): string {
  const settings = result.points.map((p) => p.settings);
  const distinct = <T>(xs: T[]): T[] => [...new Set(xs)];
  const sets = distinct(settings.filter((s) => s.engine === 'flink-cdc').map((s) => optionsText(s.sourceOptions) || 'connector defaults'));
  const repeats = distinct(result.points.map((p) => p.samples.length));
  return [
    `Engines ${distinct(settings.map((s) => s.engine)).join(', ')}`,
    `parallelism ${distinct(settings.map((s) => s.parallelism)).sort((a, b) => a - b).join(', ')}`,
    `chunk sizes ${distinct(settings.map((s) => s.chunkSize)).join(', ')}`,
    ...(sets.length ? [`option sets: ${sets.join('; ')}`] : []),
    `${repeats.join(' or ')} run${repeats.length === 1 && repeats[0] === 1 ? '' : 's'} per point.`,
  ].join('; ');
}

export function resourcesLine(result: RunResult): string {
  const r = result.resources;
  if (!r) return 'Peak memory was not recorded for this run.';
  return `Peak RSS: cdc-sizer ${fmtBytes(r.harnessPeakRssBytes)}; Flink JVM ${r.flinkPeakRssBytes !== undefined ? fmtBytes(r.flinkPeakRssBytes) : 'not recorded (remote cluster)'}.`;
}

export function environmentTable(result: RunResult): TextTable {
  const e = result.environment;
  const rows: [string, string | undefined][] = [
    ['cdc-sizer', e.cdcSizer],
    ['PostgreSQL', e.postgres],
    ['Flink', e.flink],
    ['Flink CDC', e.flinkCdc],
    ['Node.js', e.node],
    ['provider', e.provider],
    ['container images', e.containerImages ? `${e.containerImages.set}: ${Object.entries(e.containerImages.byRole).map(([role, image]) => `${role} ${image}`).join(', ')}` : undefined],
    ['sink', e.sink],
    ['cores', String(e.cores)],
    ['memory', fmtBytes(e.memoryBytes)],
  ];
  return table([['', false], ['', false]], rows.filter((r): r is [string, string] => r[1] !== undefined));
}
