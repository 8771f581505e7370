import type { WorkloadGroup, WorkloadSpec } from './workload-spec.js';
import { groupRate } from './workload-spec.js';

/**
 * When each transaction is due. A group's k-th transaction is due when the rate integrated from
 * the start reaches k transactions: with a ramp from f·R to R over T seconds, the count by t ≤ T
 * is (R/s)·(f·t + (1 − f)·t²/2T). Due times, not sleeps between transactions, so that time lost
 * on a slow transaction is made up by the next ones and the rate holds over the run, and a source
 * that cannot keep up shows as a schedule falling behind.
 */
export class GroupSchedule {
  private next = 0;

  constructor(
    readonly group: WorkloadGroup,
    private readonly ramp?: WorkloadSpec['ramp'],
  ) {}

  /** Transactions per second at full rate. */
  get txPerSecond(): number {
    return groupRate(this.group) / this.group.transactionSize;
  }

  /** Seconds from the start at which the k-th transaction (0-based) is due. */
  dueSeconds(k: number): number {
    const r = this.txPerSecond;
    if (!this.ramp || this.ramp.from >= 1) return k / r;
    const { seconds: T, from: f } = this.ramp;
    const atRampEnd = (r * (f + 1) * T) / 2;
    if (k >= atRampEnd) return T + (k - atRampEnd) / r;
    // (1−f)·r/(2T)·t² + f·r·t − k = 0
    const a = ((1 - f) * r) / (2 * T);
    const b = f * r;
    return (-b + Math.sqrt(b * b + 4 * a * k)) / (2 * a);
  }

  /** Transactions due by `t` seconds from the start. */
  dueBy(t: number): number {
    const r = this.txPerSecond;
    if (!this.ramp || this.ramp.from >= 1 || t >= this.ramp.seconds) {
      const rampDeficit = this.ramp && this.ramp.from < 1 ? (r * (1 - this.ramp.from) * this.ramp.seconds) / 2 : 0;
      return Math.floor(r * t - rampDeficit + 1e-9);
    }
    const { seconds: T, from: f } = this.ramp;
    return Math.floor(r * (f * t + ((1 - f) * t * t) / (2 * T)) + 1e-9);
  }

  /** Takes the next transaction: its index and due time. */
  take(): { k: number; due: number } {
    const k = this.next++;
    return { k, due: this.dueSeconds(k) };
  }

  peekDue(): number {
    return this.dueSeconds(this.next);
  }

  get taken(): number {
    return this.next;
  }
}

/** The groups' schedules merged: the transaction due first, whichever group it belongs to. */
export class MergedSchedule {
  readonly groups: GroupSchedule[];

  constructor(spec: WorkloadSpec) {
    this.groups = spec.groups.map((g) => new GroupSchedule(g, spec.ramp));
  }

  take(): { group: number; k: number; due: number } {
    let best = 0;
    for (let i = 1; i < this.groups.length; i++) if (this.groups[i]!.peekDue() < this.groups[best]!.peekDue()) best = i;
    return { group: best, ...this.groups[best]!.take() };
  }

  /** Row changes due by `t` seconds, over all groups. */
  changesDueBy(t: number): number {
    return this.groups.reduce((a, g) => a + g.dueBy(t) * g.group.transactionSize, 0);
  }
}
