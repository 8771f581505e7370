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
  /** The successful samples: verified, their rows all there. */
  ok: RunSample[];
  /**
   * The samples every time and throughput figure is over: the successful ones; when there are none,
   * those whose job finished but whose rows did not verify. Such a time is real (the connector read
   * to the end); the rows it delivered are not all there, so it is shown marked, never dropped.
   */
  timed: RunSample[];
  /** Set when `timed` are unverified samples: the tables whose rows did not verify. */
  unverified?: RowLoss[];
  failed: number;
  /** Wall seconds over the timed samples (n = 0 and NaN figures when none finished). */
  time: Summary;
  /** NaN without a successful p=1 point of the same engine and settings. */
  speedup: number;
  efficiency: number;
  rowsPerSecond: number;
  mbPerSecond: number;
  /** flink-cdc only: raw-copy median time / this median time at the same parallelism and chunk size. */
  ceilingShare?: number;
}

/** A table whose delivered rows differ from the source's: fewer or more of them, or the same number but other keys. */
export interface RowLoss {
  table: string;
  expected: number;
  read: number;
  /** Equal counts, different key fingerprints: rows lost and others duplicated. */
  keysDiffer?: boolean;
}

/** The points of one chunk size and option set, in the order they were measured. */
export interface PointGroup {
  title: string;
  chunkSize: number;
  sourceOptions: Record<string, string>;
  points: PointFigures[];
}

/** The successful samples, else those that finished and failed only verification (results from before `finished` have none). */
function timedSamples(samples: readonly RunSample[]): RunSample[] {
  const ok = samples.filter((s) => s.ok);
  return ok.length ? ok : samples.filter((s) => s.finished === true);
}

const timedWall = (samples: readonly RunSample[]): number[] => timedSamples(samples).map((s) => s.wallSeconds);

/** What the unverified samples lost, table by table, each loss once however many samples had it. */
function rowLosses(samples: readonly RunSample[]): RowLoss[] {
  const out = new Map<string, RowLoss>();
  for (const s of samples) {
    for (const m of s.countMismatches) out.set(`${m.table} ${m.expected} ${m.actual}`, { table: m.table, expected: m.expected, read: m.actual });
    // A fingerprint mismatch has equal counts; the expected count is the table's rows as read.
    for (const m of s.fingerprintMismatches ?? []) {
      const rows = s.tables.find((t) => t.table === m.table)?.rows ?? 0;
      out.set(`${m.table} keys`, { table: m.table, expected: rows, read: rows, keysDiffer: true });
    }
  }
  return [...out.values()];
}

export function pointGroups(result: RunResult): PointGroup[] {
  const byTitle = new Map<string, RunPoint[]>();
  for (const p of result.points) byTitle.set(groupTitle(p.settings), [...(byTitle.get(groupTitle(p.settings)) ?? []), p]);
  return [...byTitle].map(([title, points]) => ({ title, chunkSize: points[0]!.settings.chunkSize, sourceOptions: points[0]!.settings.sourceOptions, points: points.map((p) => pointFigures(result, points, p)) }));
}

function pointFigures(result: RunResult, group: readonly RunPoint[], p: RunPoint): PointFigures {
  const ok = p.samples.filter((s) => s.ok);
  const timed = timedSamples(p.samples);
  const time = summarize(timed.map((s) => s.wallSeconds));
  const base = group.find((b) => b.settings.engine === p.settings.engine && b.settings.connectorVersion === p.settings.connectorVersion && b.settings.parallelism === 1);
  const baseTime = base ? summarize(timedWall(base.samples)).median : Number.NaN;
  const ceiling = result.points.find((c) => c.settings.engine === 'raw-copy' && c.settings.parallelism === p.settings.parallelism && c.settings.chunkSize === p.settings.chunkSize);
  const share = ceiling ? summarize(timedWall(ceiling.samples)).median / time.median : Number.NaN;
  return {
    settings: p.settings,
    samples: p.samples,
    ok,
    timed,
    ...(ok.length === 0 && timed.length > 0 ? { unverified: rowLosses(timed) } : {}),
    failed: p.samples.length - ok.length,
    time,
    speedup: speedup(baseTime, time.median),
    efficiency: efficiency(baseTime, time.median, p.settings.parallelism),
    rowsPerSecond: timed.length ? (timed[0]?.rows ?? 0) / time.median : Number.NaN,
    mbPerSecond: timed.length ? (timed[0]?.bytes ?? 0) / 1e6 / time.median : Number.NaN,
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

/**
 * The connector's fastest point by median time (raw-copy when the run measured only the ceiling);
 * verified points first, unverified ones only when no point verified.
 */
export function fastestPoint(groups: readonly PointGroup[]): PointFigures | undefined {
  const verified = allPoints(groups).filter((f) => f.ok.length > 0);
  const measured = connectorFirst(verified.length ? verified : allPoints(groups).filter((f) => f.timed.length > 0));
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
