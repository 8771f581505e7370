import type pg from 'pg';

export const HARNESS_PREFIX = 'cdcsizer_';

export interface SlotSample {
  slot: string;
  active: boolean;
  /** Bytes of WAL the slot keeps from being removed: current WAL position minus its restart_lsn. */
  walRetainedBytes: number;
}

/** Every harness-named replication slot and the WAL it pins. */
export async function sampleSlots(client: pg.Client): Promise<SlotSample[]> {
  const { rows } = await client.query<{ slot: string; active: boolean; retained: string | null }>(
    `SELECT slot_name AS slot, active, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS retained
     FROM pg_replication_slots WHERE starts_with(slot_name, $1) ORDER BY slot_name`,
    [HARNESS_PREFIX],
  );
  return rows.map((r) => ({ slot: r.slot, active: r.active, walRetainedBytes: Number(r.retained ?? 0) }));
}
