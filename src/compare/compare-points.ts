import type { RunPoint, RunSample } from '../model/run-result.js';
import { median } from '../model/statistics.js';
import { ratioOfMediansInterval } from './bootstrap.js';
import type { LeftBehindCount, PointComparison, PointKey, SideFigures, TimeVerdict } from './comparison.js';
import { optionSetKey } from '../model/option-set.js';

/** Points are the same grid point when parallelism, chunk size and source options agree. */
export const pointKey = (p: RunPoint): PointKey => ({ parallelism: p.settings.parallelism, chunkSize: p.settings.chunkSize, sourceOptions: p.settings.sourceOptions });

const keyText = (k: PointKey): string => JSON.stringify([k.parallelism, k.chunkSize, optionSetKey(k.sourceOptions)]);

export interface MatchedPoints {
  pairs: { base: RunPoint; next: RunPoint }[];
  onlyBase: RunPoint[];
  onlyNew: RunPoint[];
}

/** Pairs in BASE's order; a point a run measured twice is taken once (the first). */
export function matchPoints(base: readonly RunPoint[], next: readonly RunPoint[]): MatchedPoints {
  const b = firstByKey(base);
  const n = firstByKey(next);
  return {
    pairs: [...b].filter(([k]) => n.has(k)).map(([k, p]) => ({ base: p, next: n.get(k)! })),
    onlyBase: [...b].filter(([k]) => !n.has(k)).map(([, p]) => p),
    onlyNew: [...n].filter(([k]) => !b.has(k)).map(([, p]) => p),
  };
}

function firstByKey(points: readonly RunPoint[]): Map<string, RunPoint> {
  const byKey = new Map<string, RunPoint>();
  for (const p of points) if (!byKey.has(keyText(pointKey(p)))) byKey.set(keyText(pointKey(p)), p);
  return byKey;
}

export function comparePoint(base: RunPoint, next: RunPoint, maxSlowdown: number): PointComparison {
  const b = sideFigures(base);
  const n = sideFigures(next);
  const ratio = b.medianSeconds !== undefined && n.medianSeconds !== undefined ? n.medianSeconds / b.medianSeconds : undefined;
  const interval = ratioOfMediansInterval(b.wallSeconds, n.wallSeconds);
  const sameTables = sameSet(b.excludedTables, n.excludedTables);
  const judged = judgeTime({ ratio, interval, sameTables, maxSlowdown, b, n });
  return { point: pointKey(base), base: b, next: n, ...(ratio !== undefined ? { ratio } : {}), ...(interval ? { interval } : {}), ...(judged.note ? { timeNote: judged.note } : {}), sameTables, time: judged.time };
}

function sideFigures(p: RunPoint): SideFigures {
  const ok = p.samples.filter((s) => s.ok);
  const wallSeconds = ok.map((s) => s.wallSeconds);
  return {
    runs: p.samples.length,
    ok: ok.length,
    failed: p.samples.length - ok.length,
    wallSeconds,
    ...(ok.length ? { medianSeconds: median(wallSeconds) } : {}),
    excludedTables: [...(p.settings.excludedTables ?? [])].sort(),
    leftBehind: leftBehindCount(p.samples),
  };
}

function leftBehindCount(samples: readonly RunSample[]): LeftBehindCount {
  const recorded = samples.flatMap((s) => (s.leftBehind ? [s.leftBehind] : []));
  return {
    recorded: recorded.length,
    runs: recorded.filter((l) => l.slots.length + l.publications.length > 0).length,
    slots: recorded.reduce((a, l) => a + l.slots.length, 0),
    publications: recorded.reduce((a, l) => a + l.publications.length, 0),
  };
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

interface TimeInputs {
  ratio: number | undefined;
  interval: { low: number; high: number } | undefined;
  sameTables: boolean;
  maxSlowdown: number;
  b: SideFigures;
  n: SideFigures;
}

/**
 * Slower only when the slowdown is both larger than allowed and not noise (the interval lies above
 * 1); faster symmetrically, with the threshold mirrored on the ratio's log scale (1 / (1 + s)), so
 * a 10 % allowance reads as ×1.1 either way.
 */
function judgeTime(x: TimeInputs): { time: TimeVerdict; note?: string } {
  if (x.ratio === undefined) return { time: 'not-judged', note: noRunNote(x.b, x.n) };
  if (!x.sameTables) return { time: 'not-judged', note: 'not the same tables' };
  const note = x.interval ? undefined : `${Math.min(x.b.ok, x.n.ok)} repeat${Math.min(x.b.ok, x.n.ok) === 1 ? '' : 's'}: no interval, judged on medians`;
  const slower = x.ratio > 1 + x.maxSlowdown && (!x.interval || x.interval.low > 1);
  const faster = x.ratio < 1 / (1 + x.maxSlowdown) && (!x.interval || x.interval.high < 1);
  return { time: slower ? 'slower' : faster ? 'faster' : 'same', ...(note ? { note } : {}) };
}

function noRunNote(b: SideFigures, n: SideFigures): string {
  if (b.ok === 0 && n.ok === 0) return 'no successful run on either side';
  return `no successful run on ${b.ok === 0 ? 'BASE' : 'NEW'}`;
}
