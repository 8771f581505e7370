import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { TableWrites } from '../catalog.js';
import { lsnBytes, WAL_NOW_SQL, walBytesBetween } from '../lsn.js';
import { readOnly } from '../read-only.js';

// Still importable from here (test/catalog/profile-parts.test.ts reads readings' LSNs through this module).
export { lsnBytes };

interface Counters {
  inserts: number;
  updates: number;
  deletes: number;
}

/** One reading of the cumulative counters, stamped with the server's clock. */
export interface ActivityReading {
  /** Seconds since the epoch, by clock_timestamp() on the server. */
  at: number;
  /** WAL position in bytes; null on a standby that has replayed nothing. */
  wal: bigint | null;
  tables: Map<number, Counters>;
}

export interface WriteActivity {
  seconds: number;
  walBytesPerSecond: number;
  writes: Map<number, TableWrites>;
}

/**
 * Statistics views are frozen for the length of a transaction (stats_fetch_consistency), so each
 * reading runs in a transaction of its own and clears the snapshot first: otherwise every rate reads 0.
 */
export async function readActivity(client: pg.Client, oids: number[]): Promise<ActivityReading> {
  return readOnly(client, async (c) => {
    await c.query('SELECT pg_stat_clear_snapshot()');
    const { rows: clock } = await c.query<{ at: number; lsn: string | null }>(
      `SELECT extract(epoch FROM clock_timestamp())::float8 AS at,
              (${WAL_NOW_SQL})::text AS lsn`,
    );
    const { rows } = await c.query<{ rel: string; ins: string; upd: string; del: string }>(
      `SELECT relid::int8 AS rel, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del FROM pg_stat_user_tables WHERE relid = ANY ($1::oid[])`,
      [oids],
    );
    const tables = new Map(rows.map((r) => [Number(r.rel), { inserts: Number(r.ins), updates: Number(r.upd), deletes: Number(r.del) }]));
    return { at: Number(clock[0]!.at), wal: lsnBytes(clock[0]!.lsn), tables };
  });
}

/** Reads the counters, waits outside any transaction (holding no locks and no snapshot), reads them again. */
export async function sampleWriteActivity(client: pg.Client, oids: number[], seconds: number): Promise<WriteActivity> {
  const first = await readActivity(client, oids);
  await sleep(seconds * 1000);
  return activityBetween(first, await readActivity(client, oids));
}

export function activityBetween(first: ActivityReading, second: ActivityReading): WriteActivity {
  const seconds = Math.max(second.at - first.at, 1e-3);
  // A counter that went backwards was reset (pg_stat_reset): no rate can be told, say 0 rather than a negative.
  const rate = (a: number, b: number) => Math.max(0, b - a) / seconds;
  const writes = new Map<number, TableWrites>();
  for (const [rel, b] of second.tables) {
    const a = first.tables.get(rel) ?? { inserts: b.inserts, updates: b.updates, deletes: b.deletes };
    writes.set(rel, { insertsPerSecond: rate(a.inserts, b.inserts), updatesPerSecond: rate(a.updates, b.updates), deletesPerSecond: rate(a.deletes, b.deletes) });
  }
  // An unknown position (a standby that has replayed nothing) gives no rate: 0 rather than a guess.
  const wal = walBytesBetween(first.wal, second.wal);
  return { seconds, walBytesPerSecond: wal === null ? 0 : rate(0, wal), writes };
}
