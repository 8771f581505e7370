import Table from 'cli-table3';
import { fmtDuration } from '../../model/estimate.js';
import type { EstimateResult } from '../../model/estimate-result.js';
import { fmtBytes, fmtInt, tableStyle } from './format.js';

/** The estimate for people: predictions per parallelism, long poles, WAL risk, what was extrapolated, the model, the verdict. */
export function estimateTables(e: EstimateResult): string {
  const w = e.workload;
  const lines = [`${w.name}: ${fmtInt(w.tables)} tables, ${fmtInt(w.rows)} rows, ${fmtBytes(w.diskBytes)} on disk, ${fmtInt(w.chunks)} chunks of ${fmtInt(e.chunkSize)} rows`];
  const p1 = e.predictions[0]!.seconds;
  const predictions = new Table({ head: ['p', 'estimate', 'range', 'speedup', 'limited by', ''], style: tableStyle() });
  for (const p of e.predictions) {
    const marks = [p.parallelism === e.recommended ? 'recommended' : '', p.extrapolated ? 'extrapolated' : ''].filter(Boolean).join(', ');
    predictions.push([p.parallelism, fmtDuration(p.seconds), `${fmtDuration(p.low)} – ${fmtDuration(p.high)}`, (p1 / p.seconds).toFixed(2), p.limitedBy ?? '', marks]);
  }
  lines.push(predictions.toString());
  const poles = new Table({ head: [`long poles at p=${e.recommended}`, 'own time', 'chunks', 'bounds the total'], style: tableStyle() });
  for (const lp of e.longPoles) poles.push([lp.table, fmtDuration(lp.seconds), fmtInt(lp.chunks), lp.boundsTotal ? 'yes' : '']);
  lines.push(poles.toString());
  if (w.tablesWithoutKey.length) lines.push(`tables without a primary key (the connector needs scan.incremental.snapshot.chunk.key-column for each): ${w.tablesWithoutKey.slice(0, 10).join(', ')}${w.tablesWithoutKey.length > 10 ? ` and ${w.tablesWithoutKey.length - 10} more` : ''}`);
  lines.push(`WAL (${e.wal.level}): ${e.wal.note}`);
  if (e.nextMeasurement) lines.push(`beyond the evidence: ${e.nextMeasurement}`);
  lines.push('extrapolated:', ...e.extrapolations.map((x) => `  - ${x}`));
  lines.push('model:', ...e.calibration.explanation.map((x) => `  ${x}`));
  if (e.sync) lines.push(`whole sync at p=${e.sync.parallelism}: ${e.sync.writesPerSecond.toFixed(0)} changes/s written (${e.sync.writesFrom === 'option' ? '--write-rate' : 'the catalog\'s sample'}), the stream reader ≈ ${e.sync.capacityPerSecond.toFixed(0)} changes/s (${e.sync.capacityFrom})${e.sync.walRetainedBytes !== undefined ? `; the slot holds up to ≈ ${(e.sync.walRetainedBytes / 1e9).toFixed(1)} GB of WAL by the end` : ''}`);
  lines.push(`verdict: ${e.verdict}`);
  return lines.join('\n');
}
