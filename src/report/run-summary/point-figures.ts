import type { PointSettings, RunPoint, RunResult, RunSample } from '../../model/run-result.js';
import { efficiency, median, speedup, summarize, type Summary } from '../../model/statistics.js';
import { groupTitle } from './point-labels.js';

/**
 * The figures every run report is made of (terminal, Markdown, HTML), computed once here so the
 * three say the same thing: per grid point the median time with spread, speedup and efficiency
 * against p=1 of the same engine and settings, throughput and the connector's share of the
 * raw-copy ceiling; and the per-chunk cost, harness overhead, long poles, observations, failures
 * and leftovers.
 */
export interface PointFigures {
  settings: PointSettings;
  samples: RunSample[];
  /** The successful samples: every time and throughput figure is over these only. */
  ok: RunSample[];
  failed: number;
  /** Wall seconds over the successful samples (n = 0 and NaN figures when none succeeded). */
  time: Summary;
  /** NaN without a successful p=1 point of the same engine and settings. */
  speedup: number;
  efficiency: number;
  rowsPerSecond: number;
  mbPerSecond: number;
  /** flink-cdc only: raw-copy median time / this median time at the same parallelism and chunk size. */
  ceilingShare?: number;
}

/** The points of one chunk size and option set, in the order they were measured. */
export interface PointGroup {
  title: string;
  chunkSize: number;
  sourceOptions: Record<string, string>;
  points: PointFigures[];
}

const okWall = (samples: readonly RunSample[]): number[] => samples.filter((s) => s.ok).map((s) => s.wallSeconds);

export function pointGroups(result: RunResult): PointGroup[] {
  const byTitle = new Map<string, RunPoint[]>();
  for (const p of result.points) byTitle.set(groupTitle(p.settings), [...(byTitle.get(groupTitle(p.settings)) ?? []), p]);
  return [...byTitle].map(([title, points]) => ({ title, chunkSize: points[0]!.settings.chunkSize, sourceOptions: points[0]!.settings.sourceOptions, points: points.map((p) => pointFigures(result, points, p)) }));
}

function pointFigures(result: RunResult, group: readonly RunPoint[], p: RunPoint): PointFigures {
  const ok = p.samples.filter((s) => s.ok);
  const time = summarize(ok.map((s) => s.wallSeconds));
  const base = group.find((b) => b.settings.engine === p.settings.engine && b.settings.connectorVersion === p.settings.connectorVersion && b.settings.parallelism === 1);
  const baseTime = base ? summarize(okWall(base.samples)).median : Number.NaN;
  const ceiling = result.points.find((c) => c.settings.engine === 'raw-copy' && c.settings.parallelism === p.settings.parallelism && c.settings.chunkSize === p.settings.chunkSize);
  const share = ceiling ? summarize(okWall(ceiling.samples)).median / time.median : Number.NaN;
  return {
    settings: p.settings,
    samples: p.samples,
    ok,
    failed: p.samples.length - ok.length,
    time,
    speedup: speedup(baseTime, time.median),
    efficiency: efficiency(baseTime, time.median, p.settings.parallelism),
    rowsPerSecond: ok.length ? (ok[0]?.rows ?? 0) / time.median : Number.NaN,
    mbPerSecond: ok.length ? (ok[0]?.bytes ?? 0) / 1e6 / time.median : Number.NaN,
    ...(p.settings.engine === 'flink-cdc' && Number.isFinite(share) ? { ceilingShare: share } : {}),
  };
}

export const allPoints = (groups: readonly PointGroup[]): PointFigures[] => groups.flatMap((g) => g.points);

/** The successful sample whose wall time is nearest the median: the one a per-sample figure is taken from. */
export function representativeSample(f: PointFigures): RunSample | undefined {
  let best: RunSample | undefined;
  for (const s of f.ok) if (!best || Math.abs(s.wallSeconds - f.time.median) < Math.abs(best.wallSeconds - f.time.median)) best = s;
  return best;
}

/** The connector's fastest point by median time (raw-copy when the run measured only the ceiling). */
export function fastestPoint(groups: readonly PointGroup[]): PointFigures | undefined {
  const measured = connectorFirst(allPoints(groups).filter((f) => f.ok.length > 0));
  return measured.reduce<PointFigures | undefined>((best, f) => (!best || f.time.median < best.time.median ? f : best), undefined);
}

export function connectorFirst(points: PointFigures[]): PointFigures[] {
  const connector = points.filter((f) => f.settings.engine === 'flink-cdc');
  return connector.length ? connector : points;
}

export const medianOf = (samples: readonly RunSample[], pick: (s: RunSample) => number | undefined): number | undefined => {
  const values = samples.map(pick).filter((v): v is number => v !== undefined);
  return values.length ? median(values) : undefined;
};
