import type { PointSettings, RunResult, RunSample } from '../../model/run-result.js';
import { fmtBytes } from '../terminal/format.js';
import { pointLabel } from './point-labels.js';
import { table, type TextTable } from './text-table.js';

export interface LeftBehind {
  settings: PointSettings;
  repeat: number;
  slots: NonNullable<RunSample['leftBehind']>['slots'];
  publications: string[];
}

/** Samples after which the connector's slot or publication was still there (cdc-sizer dropped them). */
export function leftBehind(result: RunResult): { recorded: number; items: LeftBehind[] } {
  const samples = result.points.flatMap((p) => p.samples.map((s) => ({ settings: p.settings, s })));
  const recorded = samples.filter(({ s }) => s.leftBehind !== undefined);
  const items = recorded
    .filter(({ s }) => s.leftBehind!.slots.length + s.leftBehind!.publications.length > 0)
    .map(({ settings, s }) => ({ settings, repeat: s.repeat, slots: s.leftBehind!.slots, publications: s.leftBehind!.publications }));
  return { recorded: recorded.length, items };
}

export function leftBehindTable(items: readonly LeftBehind[]): TextTable {
  return table(
    [['point', false], ['run', true], ['slots', false], ['publications', false]],
    items.map((l) => [pointLabel(l.settings), String(l.repeat), l.slots.map((s) => `${s.name} (${s.active ? 'active' : 'inactive'}, ${fmtBytes(s.walRetainedBytes)} WAL)`).join(', '), l.publications.join(', ')]),
  );
}

export function leftBehindLine(found: { recorded: number; items: LeftBehind[] }): string {
  if (found.recorded === 0) return 'No run recorded what it left behind (raw-copy creates no slot or publication).';
  if (found.items.length === 0) return `Nothing was left behind after any of the ${found.recorded} connector runs.`;
  const slots = found.items.reduce((n, l) => n + l.slots.length, 0);
  const pubs = found.items.reduce((n, l) => n + l.publications.length, 0);
  return `The connector left ${slots} replication slot${slots === 1 ? '' : 's'} and ${pubs} publication${pubs === 1 ? '' : 's'} behind after ${found.items.length} of ${found.recorded} runs; cdc-sizer dropped them. An inactive slot pins WAL until it is dropped.`;
}

/** What the run itself could not drop, cancel or stop: still there, each with what removes it. */
export function cleanupFailureTable(result: RunResult): TextTable | undefined {
  const list = result.cleanupFailures ?? [];
  if (list.length === 0) return undefined;
  return table(
    [['left', false], ['name', false], ['database', false], ['why', false], ['remove it with', false]],
    list.map((f) => [f.what, f.name, f.database ?? '', f.error.split('\n')[0]!, f.remedy]),
  );
}

export function cleanupFailureLine(result: RunResult): string | undefined {
  const n = result.cleanupFailures?.length ?? 0;
  if (n === 0) return undefined;
  return `${n} cleanup step${n === 1 ? '' : 's'} failed: what each left is still there until removed as shown (the run exited 3).`;
}
