import type { PointSettings } from '../../model/run-result.js';
import { strongestLock } from '../../observe/lock-sampler.js';
import { fmtBytes } from '../terminal/format.js';
import { allPoints, representativeSample, type PointGroup } from './point-figures.js';
import { pointLabel } from './point-labels.js';
import { table, type TextTable } from './text-table.js';

export interface ObservedPoint {
  settings: PointSettings;
  maxWalRetainedBytes: number;
  maxConnections: number;
  strongestLock?: string;
}

/** Maxima over every sample of a point (failed ones too: a failed run still pinned WAL and took locks). */
export function observedPoints(groups: readonly PointGroup[]): ObservedPoint[] {
  return allPoints(groups).flatMap((f) => {
    const obs = f.samples.flatMap((s) => (s.observations ? [s.observations] : []));
    if (obs.length === 0) return [];
    const lock = strongest(obs.map((o) => o.strongestLock));
    return [{ settings: f.settings, maxWalRetainedBytes: Math.max(...obs.map((o) => o.maxWalRetainedBytes)), maxConnections: Math.max(...obs.map((o) => o.maxConnections)), ...(lock ? { strongestLock: lock } : {}) }];
  });
}

export function strongest(modes: readonly (string | undefined)[]): string | undefined {
  return strongestLock(modes.filter((m): m is string => m !== undefined).map((mode) => ({ table: '', mode, holders: 1 })));
}

export interface WalSeries {
  settings: PointSettings;
  repeat: number;
  /** Seconds since the run started and WAL retained: the largest of the run's slots, since the oldest slot is what pins WAL. */
  points: { t: number; bytes: number }[];
}

/** WAL retained over time for each point's representative sample that saw a slot. */
export function walSeries(groups: readonly PointGroup[]): WalSeries[] {
  return allPoints(groups).flatMap((f) => {
    const sample = representativeSample(f) ?? f.samples[0];
    const points = (sample?.observations?.points ?? []).filter((o) => o.slots.length > 0).map((o) => ({ t: o.t, bytes: Math.max(...o.slots.map((s) => s.walRetainedBytes)) }));
    return points.length && sample ? [{ settings: f.settings, repeat: sample.repeat, points }] : [];
  });
}

export function observationTable(points: readonly ObservedPoint[]): TextTable {
  return table(
    [['point', false], ['max WAL retained', true], ['max connections', true], ['strongest lock', false]],
    points.map((o) => [pointLabel(o.settings), fmtBytes(o.maxWalRetainedBytes), String(o.maxConnections), o.strongestLock ?? 'none seen']),
  );
}

export function observationLine(points: readonly ObservedPoint[]): string {
  if (points.length === 0) return 'Nothing was observed on the source during the runs (raw-copy runs are not observed).';
  const walMax = points.reduce((a, b) => (b.maxWalRetainedBytes > a.maxWalRetainedBytes ? b : a));
  const lock = strongest(points.map((o) => o.strongestLock));
  const lockAt = points.find((o) => o.strongestLock === lock);
  return `Max WAL retained by a run's slot: ${fmtBytes(walMax.maxWalRetainedBytes)} (${pointLabel(walMax.settings)}). Strongest lock seen on source tables: ${lock && lockAt ? `${lock} (${pointLabel(lockAt.settings)})` : 'none'}. Sampled about once a second, which misses a chunk query's short locks.`;
}
