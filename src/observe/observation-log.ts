import { strongestLock } from './lock-sampler.js';
import type { Observations, ObservationPoint } from './observer.js';

/**
 * Points kept per job. A sample a second over a two-day snapshot is 170,000 points of a few kB
 * each (every connection's query): hundreds of MB in memory and in result.json. Two hours' worth
 * at full rate, then coarser, keeps a short job's every second and a long one's shape.
 */
export const MAX_KEPT_POINTS = 7200;

/**
 * What an observer saw, bounded: the maxima over every sample, and the points thinned when they
 * outgrow MAX_KEPT_POINTS. Thinning halves the older points pair by pair, keeping of each pair the
 * one whose slots retained more WAL, so the WAL chart keeps its peak; the newest point always stays.
 */
export class ObservationLog {
  private readonly log: ThinnedLog<ObservationPoint>;
  private maxWal = 0;
  private maxConnections = 0;
  private strongest: string | undefined;

  constructor(maxKept = MAX_KEPT_POINTS) {
    this.log = new ThinnedLog(walOf, maxKept);
  }

  get points(): ObservationPoint[] {
    return this.log.points;
  }

  add(point: ObservationPoint): void {
    for (const s of point.slots) this.maxWal = Math.max(this.maxWal, s.walRetainedBytes);
    this.maxConnections = Math.max(this.maxConnections, point.connections.length);
    this.strongest = strongestLock([...point.locks, ...(this.strongest ? [{ table: '', mode: this.strongest, holders: 1 }] : [])]);
    this.log.add(point);
  }

  summary(): Observations {
    return { points: this.points, maxWalRetainedBytes: this.maxWal, maxConnections: this.maxConnections, ...(this.strongest ? { strongestLock: this.strongest } : {}) };
  }
}

/**
 * Points over time, at most `maxKept`: past that the older ones are halved pair by pair, keeping of
 * each pair the one that weighs more (a chart keeps its peaks); the newest always stays.
 */
export class ThinnedLog<T> {
  readonly points: T[] = [];

  constructor(
    private readonly weight: (p: T) => number,
    private readonly maxKept = MAX_KEPT_POINTS,
  ) {}

  add(point: T): void {
    this.points.push(point);
    if (this.points.length > this.maxKept) this.thin();
  }

  private thin(): void {
    const last = this.points.pop()!;
    const kept: T[] = [];
    for (let i = 0; i < this.points.length; i += 2) {
      const a = this.points[i]!;
      const b = this.points[i + 1];
      kept.push(b && this.weight(b) > this.weight(a) ? b : a);
    }
    this.points.splice(0, this.points.length, ...kept, last);
  }
}

const walOf = (p: ObservationPoint): number => p.slots.reduce((m, s) => Math.max(m, s.walRetainedBytes), 0);
