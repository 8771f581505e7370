import path from 'node:path';
import { fmtDuration } from '../../model/estimate.js';
import type { EstimateResult } from '../../model/estimate-result.js';
import type { TextTable } from '../run-summary/text-table.js';
import { fmtBytes, fmtInt } from '../terminal/format.js';
import { mdEscape, mdTable } from './markdown-text.js';
import { optionSetText } from '../../model/option-set.js';

/**
 * report.md of `estimate`: the verdict first, then the predictions a reader checks it against, and
 * what the model was fitted on. The tables and sentences below are exported as plain text so that
 * report.html lays out the same words and figures; the two cannot disagree.
 */
export function estimateReportMarkdown(e: EstimateResult): string {
  return [header(e), workload(e), predictions(e), poles(e), keyless(e), wal(e), extrapolated(e), model(e)].join('\n\n').concat('\n');
}

const p = (text: string): string => mdEscape(text);
const bullets = (items: readonly string[]): string => items.map((i) => `- ${mdEscape(i)}`).join('\n');
const section = (title: string, ...blocks: string[]): string => [`## ${p(title)}`, ...blocks.filter((b) => b !== '')].join('\n\n');

function header(e: EstimateResult): string {
  return [`# ${p(estimateTitle(e))}`, p(estimateMetaLine(e)), `**${p(`Verdict: ${e.verdict}`)}**`].join('\n\n');
}

function workload(e: EstimateResult): string {
  return section('Workload', mdTable(workloadTable(e)));
}

function predictions(e: EstimateResult): string {
  return section('Predictions per parallelism', p(recommendedLine(e)), mdTable(predictionTable(e)), p(predictionNote));
}

function poles(e: EstimateResult): string {
  if (e.longPoles.length === 0) return section(longPoleHeading(e), 'No table to rank.');
  return section(longPoleHeading(e), p(longPoleNote), mdTable(longPoleTable(e)));
}

function keyless(e: EstimateResult): string {
  const shown = keylessShown(e);
  return section('Tables without a primary key', p(keylessLine(e)), bullets(shown.names), shown.more ? p(shown.more) : '');
}

function wal(e: EstimateResult): string {
  return section('WAL risk', `**${p(e.wal.level)}**: ${p(e.wal.note)}`, mdTable(walTable(e)));
}

function extrapolated(e: EstimateResult): string {
  return section('What is extrapolated', e.extrapolations.length ? bullets(e.extrapolations) : p(nothingExtrapolated));
}

function model(e: EstimateResult): string {
  return section('The model', bullets(e.calibration.explanation), mdTable(modelTable(e)));
}

// The plain-text figures both documents print.

const DASH = '—';
const pct = (share: number): string => `${(share * 100).toFixed(0)} %`;
const plural = (n: number, word: string): string => `${fmtInt(n)} ${word}${n === 1 ? '' : 's'}`;

function table(columns: [string, boolean][], rows: string[][]): TextTable {
  return { columns: columns.map(([c]) => c), numeric: columns.map(([, n]) => n), rows };
}

const kv = (rows: [string, string][]): TextTable => table([['', false], ['', false]], rows);

/** The catalog file's name without its folder: a title, not a path. */
export const estimateTitle = (e: EstimateResult): string => `cdc-sizer estimate: ${path.basename(e.workload.name)}`;

export const estimateMetaLine = (e: EstimateResult): string => `Estimated ${e.createdAt} for ${e.workload.name} · result.json schema v${e.schemaVersion}`;

export function workloadTable(e: EstimateResult): TextTable {
  const w = e.workload;
  return kv([
    ['tables', fmtInt(w.tables)],
    ['rows', fmtInt(w.rows)],
    ['on disk (heap + TOAST)', fmtBytes(w.diskBytes)],
    ['chunks', fmtInt(w.chunks)],
    ['chunk size', `${fmtInt(e.chunkSize)} rows`],
    ['tables without a primary key', fmtInt(w.tablesWithoutKey.length)],
  ]);
}

/** The prediction the speedups are taken against: p=1 when it was predicted, else the smallest parallelism. */
export const speedupBase = (e: EstimateResult): EstimateResult['predictions'][number] | undefined => e.predictions.find((x) => x.parallelism === 1) ?? e.predictions[0];

export const speedupOf = (e: EstimateResult, x: EstimateResult['predictions'][number]): number => speedupBase(e)!.seconds / x.seconds;

export const fmtRange = (x: { low: number; high: number }): string => `${fmtDuration(x.low)} – ${fmtDuration(x.high)}`;

export function predictionMarks(e: EstimateResult, x: EstimateResult['predictions'][number]): string[] {
  return [...(x.parallelism === e.recommended ? ['recommended'] : []), ...(x.extrapolated ? ['extrapolated'] : [])];
}

export function predictionTable(e: EstimateResult): TextTable {
  const base = speedupBase(e);
  return table(
    [['p', true], ['estimate', true], ['range (low – high)', true], [`speedup vs p=${base?.parallelism ?? 1}`, true], ['limited by', false], ['notes', false]],
    e.predictions.map((x) => [String(x.parallelism), fmtDuration(x.seconds), fmtRange(x), `${speedupOf(e, x).toFixed(2)}×`, x.limitedBy ?? '', predictionMarks(e, x).join(', ')]),
  );
}

export const recommendedLine = (e: EstimateResult): string =>
  `Recommended parallelism: ${e.recommended}, among those the evidence supports the smallest after which the next one listed saves less than 10 % of the time.${e.nextMeasurement ? ` Beyond the evidence: ${e.nextMeasurement}.` : ''}`;

export const predictionNote =
  'Estimate: start-up plus the reading time at p=1 divided by the fitted speedup, never less than the slowest table\'s own time. Range: the calibration\'s largest fit error (at least 10 %) either side, and 10 % more upwards for each doubling beyond the measured parallelism (downwards the bounds hold). Extrapolated: beyond the parallelisms or the cores the calibration measured. Limited by: measured (the connector was measured at this p), or the bound that sets an extrapolated point: source-scaling (no better than the source\'s own speedup, measured by raw-copy, and not beyond its highest p), cluster-slots (the cluster\'s task slots), long-pole (a table\'s own chunks), serial-splitting (the enumerator\'s splitting, one table after another, is most of the time), chunks-per-reader (more readers than chunks), model (the fitted scaling law alone).';

export const longPoleHeading = (e: EstimateResult): string => `Long poles at p=${e.recommended}`;

export const longPoleNote =
  'A table\'s own time: its chunks spread over at most as many readers as it has chunks, so it cannot finish sooner whatever the other tables do. "Bounds the total": the snapshot\'s reading cannot end before this table\'s does.';

export function longPoleTable(e: EstimateResult): TextTable {
  return table(
    [['table', false], ['own time', true], ['chunks', true], ['bounds the total', false]],
    e.longPoles.map((lp) => [lp.table, fmtDuration(lp.seconds), fmtInt(lp.chunks), lp.boundsTotal ? 'yes' : '']),
  );
}

/** Names listed in a report; result.json keeps them all. */
const MAX_KEYLESS_SHOWN = 50;

export function keylessLine(e: EstimateResult): string {
  const n = e.workload.tablesWithoutKey.length;
  return n === 0
    ? 'Every table has a primary key: each can be read as an incremental snapshot.'
    : `${plural(n, 'table')} without a primary key: the connector needs scan.incremental.snapshot.chunk.key-column (a NOT NULL column) for each, or cannot read ${n === 1 ? 'it' : 'them'} incrementally.`;
}

export function keylessShown(e: EstimateResult): { names: string[]; more?: string } {
  const all = e.workload.tablesWithoutKey;
  const more = all.length - MAX_KEYLESS_SHOWN;
  return { names: all.slice(0, MAX_KEYLESS_SHOWN), ...(more > 0 ? { more: `and ${fmtInt(more)} more (all of them in result.json)` } : {}) };
}

export function walTable(e: EstimateResult): TextTable {
  const w = e.wal;
  return kv([
    ['level', w.level],
    ['WAL written (sampled)', w.walBytesPerSecond !== undefined ? `${fmtBytes(w.walBytesPerSecond)}/s` : 'not sampled (profile --sample-seconds)'],
    [`retained by the slot at p=${e.recommended} (upper estimate)`, w.retainedBytes !== undefined ? fmtBytes(w.retainedBytes) : 'unknown'],
    ['max_slot_wal_keep_size', w.maxSlotWalKeepSizeBytes !== undefined ? fmtBytes(w.maxSlotWalKeepSizeBytes) : 'unlimited (or a server without the setting)'],
    ['free disk', w.freeDiskBytes !== undefined ? fmtBytes(w.freeDiskBytes) : 'unknown (--free-disk)'],
  ]);
}

export const nothingExtrapolated = 'Nothing: every figure stays within what the calibration measured.';

export function modelTable(e: EstimateResult): TextTable {
  const c = e.calibration;
  return kv([
    ['σ (contention)', c.law.sigma.toFixed(3)],
    ['κ (coherency)', c.law.kappa.toFixed(4)],
    ['per chunk', `${c.costs.perChunkSeconds.toFixed(3)} s`],
    ['per chunk per captured table', `${(c.costs.perChunkPerTableSeconds * 1000).toFixed(2)} ms`],
    ['per GB on disk', `${c.costs.perGbSeconds.toFixed(1)} s`],
    ['per table', `${c.costs.perTableSeconds.toFixed(3)} s`],
    ['start-up', `${c.fixedSeconds.toFixed(1)} s`],
    ['fit error', `max ${pct(c.fit.maxRelativeError)}, RMS ${pct(c.fit.rmsRelativeError)}`],
    ['measured parallelisms', c.measuredParallelisms.join(', ') || DASH],
    ['measured chunk sizes', c.measuredChunkSizes.join(', ') || DASH],
    ['calibration machine', plural(c.cores, 'core')],
    ['source options', optionSetText(c.sourceOptions) || 'the connector\'s defaults'],
    ['calibration files', c.files.join(', ') || DASH],
    ['calibration scenarios', c.scenarios.join(', ') || DASH],
  ]);
}
