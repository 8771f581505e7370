import type { PointSettings } from '../../model/run-result.js';
import { fmtBytes, fmtInt } from '../terminal/format.js';
import { allPoints, type PointGroup } from './point-figures.js';

/** Bytes each engine delivered in one successful run: Debezium JSON (flink-cdc) or COPY text (raw-copy). */
export function deliveredBytes(groups: readonly PointGroup[]): { engine: PointSettings['engine']; bytes: number; rows: number }[] {
  const out = new Map<PointSettings['engine'], { engine: PointSettings['engine']; bytes: number; rows: number }>();
  for (const f of allPoints(groups)) {
    const s = f.ok[0];
    if (s && !out.has(f.settings.engine)) out.set(f.settings.engine, { engine: f.settings.engine, bytes: s.bytes, rows: s.rows });
  }
  return [...out.values()];
}

export function deliveredLine(groups: readonly PointGroup[]): string {
  const what = { 'flink-cdc': 'Debezium JSON', 'raw-copy': 'COPY text' } as const;
  const parts = deliveredBytes(groups).map((d) => `${d.engine} ${fmtInt(d.rows)} rows as ${fmtBytes(d.bytes)} of ${what[d.engine]}`);
  return parts.length ? `Delivered per run: ${parts.join('; ')}.` : 'No run succeeded, so nothing was delivered.';
}
