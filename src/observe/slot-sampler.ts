import type pg from 'pg';

export const HARNESS_PREFIX = 'cdcsizer_';

export interface SlotSample {
  slot: string;
  active: boolean;
  /** Bytes of WAL the slot keeps from being removed: current WAL position minus its restart_lsn. */
  walRetainedBytes: number;
}

/**
 * Harness-named replication slots and the WAL they pin. With `stem`, only one job's (the stem and
 * `<stem>_…`): on a shared server another run's slots must not count as this job's WAL.
 */
export async function sampleSlots(client: pg.Client, stem?: string): Promise<SlotSample[]> {
  const { rows } = await client.query<{ slot: string; active: boolean; retained: string | null }>(
    `SELECT slot_name AS slot, active, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS retained
     FROM pg_replication_slots WHERE starts_with(slot_name, $1) AND ($2::text IS NULL OR slot_name = $2 OR starts_with(slot_name, $2 || '_')) ORDER BY slot_name`,
    [HARNESS_PREFIX, stem ?? null],
  );
  return rows.map((r) => ({ slot: r.slot, active: r.active, walRetainedBytes: walRetained(r.retained) }));
}

/**
 * `pg_current_wal_lsn() − restart_lsn` as bytes, never below 0. The current position is where WAL
 * has been written to; a slot created a moment ago can have its restart_lsn at a record still
 * being inserted, a few bytes past it (−192 B seen in CI), and a slot holds no negative WAL.
 */
export function walRetained(raw: string | null): number {
  return Math.max(0, Number(raw ?? 0));
}
