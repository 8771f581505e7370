import { z } from 'zod';

/**
 * The whole sync from the snapshot's estimate, the source's write rate and the stream reader's
 * measured capacity. The one stream reader starts at the snapshot's beginning and must read every
 * change written since (it decodes the changes the snapshot already holds too, and skips them), so
 * the backlog at the snapshot's end is w·T, and it shrinks at C − w: catch-up = w·T / (C − w), and
 * the whole sync T·C / (C − w). At w ≥ C it never catches up. The range is the snapshot's range
 * carried through.
 */
export const syncEstimateSchema = z.object({
  parallelism: z.number().int().positive().describe('the recommended parallelism, whose snapshot the sync starts with'),
  writesPerSecond: z.number().nonnegative().describe('row changes per second to the captured tables'),
  writesFrom: z.enum(['catalog', 'option']).describe("catalog: profile's sampled write counters; option: --write-rate"),
  capacityPerSecond: z.number().positive().describe("row changes per second the connector's stream reader reads (stream-capacity)"),
  capacityFrom: z.string().describe('the stream-capacity result the capacity was taken from, and how it was measured'),
  catchesUp: z.boolean(),
  catchUpSeconds: z.number().nonnegative().optional(),
  totalSeconds: z.number().nonnegative().optional(),
  totalLow: z.number().nonnegative().optional(),
  totalHigh: z.number().nonnegative().optional(),
  walRetainedBytes: z.number().nonnegative().optional().describe("WAL rate × the pessimistic whole sync: what the slot holds at its peak (the WAL rate is the catalog's, or with --write-rate that rate × the WAL per change stream-capacity measured)"),
  note: z.string(),
});

export type SyncEstimate = z.infer<typeof syncEstimateSchema>;

export interface SyncInputs {
  parallelism: number;
  snapshot: { seconds: number; low: number; high: number };
  writesPerSecond: number;
  writesFrom: 'catalog' | 'option';
  capacityPerSecond: number;
  capacityFrom: string;
  /** The catalog's sampled WAL rate… */
  walBytesPerSecond?: number;
  /** …or, for a write rate given by the user, WAL per change as the stream-capacity run wrote it. */
  walBytesPerChange?: number;
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

export function estimateSync(i: SyncInputs, fmtDuration: (s: number) => string): SyncEstimate {
  const { writesPerSecond: w, capacityPerSecond: c } = i;
  const base = { parallelism: i.parallelism, writesPerSecond: w, writesFrom: i.writesFrom, capacityPerSecond: c, capacityFrom: i.capacityFrom };
  if (w >= c) {
    return { ...base, catchesUp: false, note: `at ${fmt(w)} changes/s written the sync never catches up: the connector's one stream reader reads ≈ ${fmt(c)} changes/s on the source measured, and the backlog grows from the snapshot's start for as long as the writes go on; lower the write rate during the sync, or split the tables over several jobs (each its own slot and reader)` };
  }
  const whole = (t: number) => (t * c) / (c - w);
  const total = whole(i.snapshot.seconds);
  const high = whole(i.snapshot.high);
  const walRate = i.writesFrom === 'option' && i.walBytesPerChange !== undefined ? w * i.walBytesPerChange : i.walBytesPerSecond;
  const wal = walRate !== undefined ? walRate * high : undefined;
  return {
    ...base,
    catchesUp: true,
    catchUpSeconds: total - i.snapshot.seconds,
    totalSeconds: total,
    totalLow: whole(i.snapshot.low),
    totalHigh: high,
    ...(wal !== undefined ? { walRetainedBytes: wal } : {}),
    note: `the target is live ≈ ${fmtDuration(total)} after the start at p=${i.parallelism} (plan for up to ${fmtDuration(high)}): the snapshot, then ${fmtDuration(total - i.snapshot.seconds)} for the one stream reader (≈ ${fmt(c)} changes/s) to catch up with ${fmt(w)} changes/s written meanwhile${w / c > 0.5 ? `; the writes take ${Math.round((w / c) * 100)} % of the reader's capacity, so a small rise in them stretches the catch-up a lot` : ''}`,
  };
}
