import { fmtDuration } from '../../model/estimate.js';
import { median } from '../../model/statistics.js';
import { candidateKey, candidateText, isDefaults } from '../../tune/search-space.js';
import type { TuneResult } from '../../tune/tune-result.js';
import { fmtFixed, table, type TextTable } from './text-table.js';

export const settingsText = (c: TuneResult['trials'][number]['candidate']): string => `${candidateText(c)}${isDefaults(c) ? ' (defaults)' : ''}`;

/** Every candidate tried, rung by rung, in the order measured: the terminal and the HTML report print the same rows. */
export function trialsTable(r: TuneResult): TextTable {
  return table(
    [['rung', true], ['settings', false], ['seconds', true], ['verified', false], ['JVM peak', true], ['outcome', false]],
    r.trials.map((t) => [String(t.rung + 1), settingsText(t.candidate), fmtFixed(t.seconds, 1), t.verified ? 'yes' : `NO: ${t.failure ?? ''}`, t.peakRssBytes !== undefined ? `${(t.peakRssBytes / 2 ** 30).toFixed(2)} GiB` : '—', t.rejected ?? (r.recommendation && candidateKey(r.recommendation.candidate) === candidateKey(t.candidate) && t.rung === r.rungs.length - 1 ? 'winner' : 'kept')]),
  );
}

/** One sentence: the saving, its interval, and what it was measured on. */
export function proofLine(r: TuneResult): string {
  const p = r.proof;
  if (!r.recommendation) return 'No candidate was verified within the budget and memory limit: nothing to recommend.';
  const partOnly = r.recommendation.measuredOn !== r.rungs.at(-1)!.workload ? ` Verified only on ${r.recommendation.measuredOn}: the budget ended before any candidate finished the whole workload; give a larger --budget (about three of the defaults' full snapshots).` : '';
  if (!p) return `The connector's defaults (${settingsText(r.recommendation.candidate)}) were the fastest verified setting found: keep them. Search: ${r.searchSeconds.toFixed(0)} s of a ${r.budgetSeconds.toFixed(0)} s budget.${partOnly}`;
  const speedup = 1 / p.ratio;
  const interval = p.interval ? `, 95 % interval ${(1 / p.interval.high).toFixed(2)}–${(1 / p.interval.low).toFixed(2)}×` : ' (no interval below three runs a side)';
  return `${settingsText(r.recommendation.candidate)} against the connector's defaults, alternating on ${p.workload}: ${speedup.toFixed(2)}× faster (median ${median(p.winnerSeconds).toFixed(1)} s against ${median(p.defaultsSeconds).toFixed(1)} s${interval})${p.allVerified ? '' : '; NOT every proof run verified'}. Search: ${r.searchSeconds.toFixed(0)} s of a ${r.budgetSeconds.toFixed(0)} s budget${r.stoppedByBudget ? `, ${r.unmeasured.length} candidates left unmeasured` : ''}.${partOnly}`;
}

/** With --sample: the whole selection's predicted snapshot at the recommended settings, or why there is none. */
export function wholeSelectionLine(r: TuneResult): string | undefined {
  const w = r.wholeSelection;
  if (!w) return undefined;
  if (w.seconds === undefined) return `The whole selection (${w.tables} tables) at the recommended settings: no prediction; ${w.note}.`;
  return `The whole selection (${w.tables} tables) at the recommended settings, p = ${w.parallelism}: ≈ ${fmtDuration(w.seconds)} (range ${fmtDuration(w.low!)}–${fmtDuration(w.high!)}); ${w.note}.`;
}
